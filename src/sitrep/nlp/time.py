"""``sitrep_time_v1``: time expressions, normalised against the article's publication date.

The rules live in :mod:`sitrep.nlp.timex`; this component decides where not to look (page noise,
equipment designations and names with digits such as "ARMY-2020") and stores the result in
``doc._.time_expressions``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.nlp import timex
from sitrep.nlp.extensions import mentions, text_of
from sitrep.records import TimeExpression


@Language.component("sitrep_time_v1")
def find_times(doc: Doc) -> Doc:
    art = doc._.article
    text = art.text if art is not None else text_of(doc)
    published = art.published if art is not None else None
    exclude = [(m.start, m.end) for m in mentions(doc) if any(c.isdigit() for c in m.text)]
    if art is not None:
        exclude += [(s.start, s.end) for s in art.segments if s.kind == "noise"]
    doc._.time_expressions = merge_repeats(timex.find_time_expressions(text, published, exclude=exclude))
    return doc


def merge_repeats(found: list[TimeExpression]) -> list[TimeExpression]:
    """One expression per distinct (text, value), carrying the offsets of every occurrence."""
    out: dict[tuple[str, str | None], TimeExpression] = {}
    for t in found:
        key = (" ".join(t.text.lower().split()), t.value)
        first = out.get(key)
        if first is None:
            t.mentions = [(t.start, t.end)]
            out[key] = t
        else:
            first.mentions.append((t.start, t.end))
    return list(out.values())

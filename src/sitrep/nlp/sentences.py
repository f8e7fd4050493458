"""``sitrep_sentences_v1``: sentence starts at line breaks and around masked page furniture.

Also after a one-letter word with its full stop ("said in a post on X. Manila lodged …"): the
tokenizer keeps "X." whole as if it were an initial, so the parser would run the sentences together;
an initial follows a capitalised name, this follows a lower-case word.

Runs before the parser, which keeps the boundaries it is given: a heading line or a dateline
never fuses with the prose that follows it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("sitrep_sentences_v1")
def set_line_sentence_starts(doc: Doc) -> Doc:
    """Mark the first token after a newline (or a long masked gap) as a sentence start."""
    after_break = True
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text or len(tok.text) > 2:
                after_break = True
            continue
        if after_break and tok.i > 0:
            tok.is_sent_start = True
        elif tok.i >= 2 and _letter_stop(doc[tok.i - 1]) and doc[tok.i - 2].is_lower and tok.text[:1].isupper():
            tok.is_sent_start = True
        after_break = "\n" in tok.whitespace_ or False
    return doc


def _letter_stop(tok) -> bool:
    """ "X." as one token: a single capital letter with its full stop."""
    return len(tok.text) == 2 and tok.text[0].isupper() and tok.text[1] == "."

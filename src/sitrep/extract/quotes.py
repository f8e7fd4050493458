"""Direct quotations and their speakers."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.records import Quote


def find_quotes(doc: Doc) -> list[Quote]:
    return []

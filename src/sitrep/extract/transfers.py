"""Arms-transfer records."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.records import ArmsTransfer, Record


def find_transfers(doc: Doc, record: Record) -> list[ArmsTransfer]:
    return []

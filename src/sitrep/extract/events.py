"""PLOVER events."""

from __future__ import annotations

from spacy.tokens import Doc

from sitrep.records import Event, Record


def find_events(doc: Doc, record: Record) -> list[Event]:
    return []

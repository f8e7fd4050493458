"""Shared fixtures: one spaCy pipeline per test session, and a helper to extract a text."""

from __future__ import annotations

import pytest

from sitrep.pipeline import extract_text
from sitrep.records import Record


@pytest.fixture(scope="session")
def extract():
    """``extract(text, published=None) -> Record`` through the whole pipeline."""

    def run(text: str, published: str | None = None, title: str | None = None) -> Record:
        return extract_text(text, published=published, title=title)

    return run


def entity(rec: Record, name: str):
    """The entity called ``name`` (or having it as an alias)."""
    for e in rec.entities:
        if e.name == name or name in e.aliases:
            return e
    raise AssertionError(f"no entity {name!r} in {[e.name for e in rec.entities]}")

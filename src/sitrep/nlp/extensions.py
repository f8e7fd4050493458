"""Doc and Span extensions sitrep's components read and write, and the Mention type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc


@dataclass
class Mention:
    """One typed mention found in the text (character offsets into the article text)."""

    start: int
    end: int
    type: str  # PERSON | ORG | COUNTRY | LOCATION | EQUIPMENT
    text: str
    name: str  # canonical name when known, else the surface
    kb_id: str | None = None
    source: str = "ner"  # gazetteer | equipment | org_pattern | dateline | credit | acronym | ner | search
    how: str | None = None  # for COUNTRY: name | alias | demonym | capital | seat
    info: dict[str, Any] = field(default_factory=dict)
    entity_id: str | None = None  # set by sitrep_coref_v1


for _name, _default in (
    ("article", None),  # sitrep.records.Article this Doc was made from
    ("sitrep_mentions", None),  # list[Mention]
    ("sitrep_entities", None),  # list[sitrep.records.Entity]
    ("time_expressions", None),  # list[sitrep.records.TimeExpression]
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def text_of(doc: Doc) -> str:
    """The Doc's text, built once. (``Doc.text`` joins every token's text anew on each read: read in
    a loop over entities or sentences, it cost more than all of sitrep's components together.)"""
    text = doc.user_data.get("sitrep_text")
    if text is None:  # (a Doc's text never changes: retokenizing keeps every character)
        text = doc.user_data["sitrep_text"] = doc.text
    return text


def mentions(doc: Doc) -> list[Mention]:
    """The Doc's mentions (an empty list if the entity component has not run)."""
    return doc._.sitrep_mentions or []

"""The record types every stage reads and returns (extraction record contract v1).

An :class:`Article` comes out of ``ingest``; the NLP and extract stages turn it into a
:class:`Record` whose :meth:`Record.to_dict` is the JSON of ``shared/CONTRACT.md``.
All offsets are Python string indices into ``Article.text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

Span = tuple[int, int]

ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "LOCATION", "EQUIPMENT")
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
EVENT_STATUSES = ("occurred", "planned", "reported_intent", "rumored", "speculated")
TRANSFER_STATUSES = ("interest", "negotiation", "offered", "ordered", "delivered", "cancelled", "rumored")


@dataclass
class Segment:
    """A stretch of the article text and what it is.

    kind: ``prose`` (parsed as sentences), ``title`` / ``heading`` (a line without end
    punctuation: scanned for names, not parsed as prose), ``noise`` (page furniture: stray
    numbers, navigation words, related-headline lists), ``meta`` (date line, dateline, credit line).
    """

    start: int
    end: int
    kind: str


@dataclass
class Article:
    """One input document, as ingest found it."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date, YYYY-MM or YYYY
    language: str | None = None
    source: str | None = None  # where it came from: a path, "path#item-3", "<stdin>"
    format: str | None = None  # text | html | feed | jsonl | json | csv
    meta: dict[str, Any] = field(default_factory=dict)
    # Filled by ingest.layout: what the text itself says about the page.
    segments: list[Segment] = field(default_factory=list)
    dateline: dict[str, Any] | None = None  # {"place", "country", "start", "end"}
    credits: list[dict[str, Any]] = field(default_factory=list)  # [{"name", "start", "end"}]

    @property
    def content_hash(self) -> str:
        """Stable identity of the article's content (what makes re-ingest idempotent)."""
        h = hashlib.sha256()
        for part in (self.text, self.title or "", self.url or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


@dataclass
class DocError:
    """A per-document failure: the batch goes on without this document."""

    source: str
    code: str  # e.g. "E101" — see sitrep.errors
    message: str  # what went wrong and what to do about it
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}, "source": self.source, "id": self.id}


@dataclass
class Entity:
    """One entity per article, with every mention's offsets."""

    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)
    code: str | None = None  # COUNTRY: ISO 3166-1 alpha-3
    country: str | None = None  # PERSON/ORG/LOCATION: ISO3 of the state served / located in
    role: str | None = None  # PERSON: the title used
    category: str | None = None  # EQUIPMENT
    origin: str | None = None  # EQUIPMENT: maker's country
    maker: str | None = None  # EQUIPMENT
    kb_id: str | None = None  # id in a sitrep data file (gazetteer or catalogue), if any

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "type": self.type, "name": self.name, "aliases": self.aliases}
        if self.type == "COUNTRY":
            d["code"] = self.code
        if self.type in ("PERSON", "ORG", "LOCATION"):
            d["country"] = self.country
        if self.type == "PERSON":
            d["role"] = self.role
        if self.type == "EQUIPMENT":
            d.update(category=self.category, origin=self.origin, maker=self.maker)
        if self.kb_id:
            d["kb_id"] = self.kb_id
        d["mentions"] = [list(m) for m in self.mentions]
        return d


@dataclass
class TimeExpression:
    text: str
    value: str | None
    start: int
    end: int
    granularity: str | None = None  # day | week | month | year | interval
    mentions: list[Span] = field(default_factory=list)  # every occurrence of the same text and value

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "value": self.value, "start": self.start, "end": self.end,
                "granularity": self.granularity,
                "mentions": [list(m) for m in (self.mentions or [(self.start, self.end)])]}


@dataclass
class Event:
    type: str
    source: str | None
    target: str | None
    status: str
    evidence: Span
    mode: str | None = None
    context: str | None = None
    source_actor: str | None = None
    target_actor: str | None = None
    date: str | None = None
    location: str | None = None
    attributed_to: str | None = None
    confidence: float = 0.5
    trigger: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = list(self.evidence)
        return d


@dataclass
class ArmsTransfer:
    supplier: str | None
    recipient: str | None
    equipment: str
    status: str
    evidence: Span
    equipment_entity: str | None = None
    quantity: int | None = None
    value: str | None = None
    date: str | None = None
    mode: str | None = None  # purchase | licensed_production | upgrade | donation | lease
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = list(self.evidence)
        return d


@dataclass
class Quote:
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_entity: str | None = None
    via: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Record:
    """The extraction record of one article (the contract)."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    dateline: dict[str, Any] | None = None
    language: str | None = "en"
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    arms_transfers: list[ArmsTransfer] = field(default_factory=list)
    time_expressions: list[TimeExpression] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sources_cited: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str | None = None
    content_hash: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "text": self.text, "title": self.title, "url": self.url, "outlet": self.outlet,
            "published": self.published,
            "dateline": ({k: self.dateline.get(k) for k in ("place", "country")} if self.dateline else None),
            "language": self.language,
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
            "arms_transfers": [t.to_dict() for t in self.arms_transfers],
            "time_expressions": [t.to_dict() for t in self.time_expressions],
            "quotes": [q.to_dict() for q in self.quotes],
            "sources_cited": list(self.sources_cited),
            "warnings": list(self.warnings),
            "source": self.source,
            "content_hash": self.content_hash,
        }

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None) if entity_id else None


def record_from_dict(d: dict[str, Any]) -> Record:
    """A :class:`Record` back from its ``to_dict()`` JSON (``articles.record_json``, Parquet records): lossless."""

    def span(v: Any) -> tuple[int, int]:
        return (int(v[0]), int(v[1])) if v and len(v) == 2 else ()  # type: ignore[return-value]

    ents = [Entity(id=e["id"], type=e["type"], name=e["name"], aliases=list(e.get("aliases") or []),
                   mentions=[span(m) for m in e.get("mentions") or []], code=e.get("code"), country=e.get("country"),
                   role=e.get("role"), category=e.get("category"), origin=e.get("origin"), maker=e.get("maker"),
                   kb_id=e.get("kb_id")) for e in d.get("entities") or []]
    evs = [Event(**{**ev, "evidence": span(ev.get("evidence"))}) for ev in d.get("events") or []]
    trs = [ArmsTransfer(**{**t, "evidence": span(t.get("evidence"))}) for t in d.get("arms_transfers") or []]
    tes = [TimeExpression(text=t["text"], value=t.get("value"), start=t["start"], end=t["end"],
                          granularity=t.get("granularity"), mentions=[span(m) for m in t.get("mentions") or []])
           for t in d.get("time_expressions") or []]
    qs = [Quote(**q) for q in d.get("quotes") or []]
    return Record(id=d["id"], text=d["text"], title=d.get("title"), url=d.get("url"), outlet=d.get("outlet"),
                  published=d.get("published"), dateline=d.get("dateline"), language=d.get("language"),
                  entities=ents, events=evs, arms_transfers=trs, time_expressions=tes, quotes=qs,
                  sources_cited=list(d.get("sources_cited") or []), warnings=list(d.get("warnings") or []),
                  source=d.get("source"), content_hash=d.get("content_hash"))


@dataclass
class IngestSummary:
    """What an ingest did: records new to the store, already present, failed (with the first errors)."""

    new: int = 0
    present: int = 0
    failed: int = 0
    errors: list[DocError] = field(default_factory=list)  # the first 1,000 failures (all are in the store)

    @property
    def total(self) -> int:
        return self.new + self.present + self.failed

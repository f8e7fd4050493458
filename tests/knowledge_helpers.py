"""Build small stores from hand-written records (no spaCy) for the knowledge tests."""

from __future__ import annotations

from sitrep.records import ArmsTransfer, Entity, Event, Quote, Record
from sitrep.store.store import Store
from sitrep.store.write import write_batch


def ent(eid: str, type_: str, name: str, text: str, **kw) -> Entity:
    """An entity whose mentions are every occurrence of ``name`` (and its aliases) in ``text``."""
    spans = []
    for surface in [name, *kw.get("aliases", [])]:
        start = text.find(surface)
        while start >= 0:
            spans.append((start, start + len(surface)))
            start = text.find(surface, start + 1)
    return Entity(id=eid, type=type_, name=name, mentions=sorted(set(spans)) or [(0, 1)], **kw)


def record(rid: str, text: str, outlet: str, published: str, entities=(), events=(), transfers=(),
           quotes=(), title: str | None = None) -> Record:
    return Record(id=rid, text=text, title=title, outlet=outlet, published=published, url=f"https://example.org/{rid}",
                  entities=list(entities), events=list(events), arms_transfers=list(transfers), quotes=list(quotes))


def span(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


def store_with(path, records) -> Store:
    s = Store.open(path)
    write_batch(s.conn, records)
    return s


__all__ = ["ArmsTransfer", "Event", "Quote", "ent", "record", "span", "store_with"]

"""The Python API the CLI (and anyone else) calls.

    import sitrep.api as sitrep
    for rec in sitrep.extract(["articles/"]):
        ...
    summary = sitrep.ingest(["articles/"], "sitrep.db")
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from sitrep.ingest.readers import iter_articles
from sitrep.records import Article, DocError, IngestSummary, Record
from sitrep.scale.local import process
from sitrep.settings import Settings


def extract(paths: Sequence[str], settings: Settings | None = None) -> Iterator[Record | DocError]:
    """Read every article under ``paths`` and yield its record (or its per-document error)."""
    settings = settings or Settings()
    yield from process(iter_articles(paths, max_bytes=settings.max_bytes), settings)


def ingest(paths: Sequence[str], db: str | Path, settings: Settings | None = None,
           on_item: Callable[[Record | DocError], None] | None = None) -> IngestSummary:
    """Extract and store every article under ``paths`` (SQLite file or ``postgresql://`` URL); idempotent
    by content hash: articles already stored are counted as present and not parsed again."""
    from sitrep.scale.load import store_items  # noqa: PLC0415
    from sitrep.store import open_store  # noqa: PLC0415

    settings = settings or Settings()
    skipped = IngestSummary()
    with open_store(db) as store:
        articles = _skip_present(iter_articles(paths, max_bytes=settings.max_bytes), store, skipped, on_item)
        summary = store_items(process(articles, settings), db, on_item)
    summary.present += skipped.present
    return summary


def _skip_present(items: Iterable[Article | DocError], store, summary: IngestSummary,
                  on_item: Callable | None) -> Iterator[Article | DocError]:
    """Articles already in the store are counted, not parsed again."""
    for item in items:
        if isinstance(item, Article) and store.has(item.content_hash):
            summary.present += 1
            if on_item:
                on_item(item)
            continue
        yield item


def open(db: str | Path, readonly: bool = True):  # noqa: A001 — sitrep.open("sitrep.db") reads well
    """Open a store (a SQLite file or a ``postgresql://`` URL) for queries, as
    :class:`sitrep.store.queries.Knowledge`: a ``Store`` plus timeline, profile, search, new, entities,
    clusters, stories, lifecycles, and merge/split when ``readonly=False``; every query returns plain
    dicts and lists."""
    from sitrep.store import open_store  # noqa: PLC0415

    return open_store(db, readonly=readonly)

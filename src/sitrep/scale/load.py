"""Bring computed records into a store: ``sitrep load PARQUET_DIR`` and ``ingest --engine ray``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from sitrep.records import DocError, IngestSummary, Record

MAX_LISTED_ERRORS = 1000


def store_items(items: Iterable[Record | DocError], db: str | Path,
                on_item: Callable[[Record | DocError], None] | None = None):
    """Write records and per-document errors to the store at ``db``; an :class:`~sitrep.records.IngestSummary`."""
    from sitrep.store import open_writer  # noqa: PLC0415

    summary = IngestSummary()
    writer = open_writer(db)
    try:
        for item in items:
            if isinstance(item, DocError):
                summary.failed += 1
                if len(summary.errors) < MAX_LISTED_ERRORS:  # constant memory: the first ones are listed
                    summary.errors.append(item)
                writer.submit_error(item)
            else:
                writer.submit(item)
            if on_item:
                on_item(item)
    finally:
        tally = writer.close()
    summary.new += tally.get("new", 0)
    summary.present += tally.get("present", 0)
    return summary


def load_parquet(path: str | Path, db: str | Path, on_item: Callable[[Record | DocError], None] | None = None):
    """Load the Parquet records under ``path`` (written by ``extract --engine ray``) into the store at ``db``."""
    from sitrep.scale.parquet import read_parquet  # noqa: PLC0415

    return store_items(read_parquet(path), db, on_item)

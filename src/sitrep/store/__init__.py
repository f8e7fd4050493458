"""Store: the record of articles and everything extracted from them (SQLite file, or PostgreSQL).

:func:`open_store` and :func:`open_writer` choose the backend from ``db``: a ``postgresql://``
(or ``postgres://``) URL is a PostgreSQL database, anything else a SQLite file path. Both backends
have the same tables, the same writes and the same queries (:mod:`sitrep.store.db`).
"""

from __future__ import annotations

from pathlib import Path

from sitrep.store.db import is_postgres_url as is_postgres


def open_store(db: str | Path, readonly: bool = False):  # noqa: ANN201 — a Knowledge
    """The store at ``db`` with every query: :class:`~sitrep.store.queries.Knowledge`."""
    from sitrep.store.queries import Knowledge  # noqa: PLC0415

    return Knowledge.open(db, readonly=readonly)


def open_writer(db: str | Path, batch_size: int = 50):  # noqa: ANN201 — a StoreWriter
    """A writer (``submit``/``submit_error``/``close`` → tally) for the store at ``db``: one thread owns
    the only write connection."""
    from sitrep.store.writer import StoreWriter  # noqa: PLC0415

    return StoreWriter(db, batch_size=batch_size)


__all__ = ["is_postgres", "open_store", "open_writer"]

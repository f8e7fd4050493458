"""Store: the record of articles and everything extracted from them (SQLite file, or PostgreSQL).

:func:`open_store` and :func:`open_writer` choose the backend from ``db``: a ``postgresql://``
(or ``postgres://``) URL is a PostgreSQL database, anything else a SQLite file path.
"""

from __future__ import annotations

from pathlib import Path


def is_postgres(db: str | Path) -> bool:
    """Whether ``db`` names a PostgreSQL database."""
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def open_store(db: str | Path, readonly: bool = False):
    """The store at ``db``: :class:`~sitrep.store.sqlite.Store` or :class:`~sitrep.store.postgres.PgStore`."""
    if is_postgres(db):
        from sitrep.store.postgres import PgStore  # noqa: PLC0415

        return PgStore.open(str(db), readonly=readonly)
    from sitrep.store.sqlite import Store  # noqa: PLC0415

    return Store.open(db, readonly=readonly)


def open_writer(db: str | Path, batch_size: int = 50):
    """A writer (``submit``/``submit_error``/``close`` → tally) for the store at ``db``."""
    if is_postgres(db):
        from sitrep.store.postgres import PgWriter  # noqa: PLC0415

        return PgWriter(str(db), batch_size=batch_size)
    from sitrep.store.writer import StoreWriter  # noqa: PLC0415

    return StoreWriter(db, batch_size=batch_size)

"""The PostgreSQL backend: connect to a shared store, create and migrate its schema.

    sitrep ingest articles/ --db postgresql://user@host/sitrep
    sitrep profile S-400 --db postgresql://user@host/sitrep
    sitrep serve --db postgresql://user@host/sitrep

The tables are the SQLite store's (``schema_pg.sql`` and ``knowledge_pg.sql``: the same DDL
translated, byte-wise ``"C"`` collation, ``tsvector`` columns with GIN indexes in place of the
FTS5 tables). Writes and queries are the SQLite store's own (:mod:`sitrep.store.db` translates
them), so both give the same results. Needs psycopg 3: ``pip install 'sitrep[postgres]'``.
"""

from __future__ import annotations

from importlib import resources

from sitrep.errors import SitrepError
from sitrep.store.db import PgConnection, safe_url
from sitrep.store.sqlite import (
    _ADD_COLUMNS,
    _DROP_INDEXES,
    FILL_EFFECTIVE_DATES,
    FILL_PRIMARY_COUNTS,
    SCHEMA_VERSION,
)
from sitrep.store.write import now

DDL_LOCK = 7247321  # advisory lock: two first ingests do not race on the DDL


def schema_sql() -> str:
    """The PostgreSQL DDL of the current schema."""
    pkg = resources.files("sitrep.store")
    return "\n".join(pkg.joinpath(name).read_text(encoding="utf-8") for name in ("schema_pg.sql", "knowledge_pg.sql"))


def open_connection(url: str, readonly: bool = False) -> PgConnection:
    """A connection (autocommit; transactions are explicit) with the schema created or migrated."""
    conn = PgConnection(url)
    try:
        _ensure_schema(conn, url, readonly)
    except BaseException:
        conn.close()
        raise
    if readonly:
        conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    return conn


def _version(conn: PgConnection) -> int | None:
    if conn.execute("SELECT to_regclass('meta')").fetchone()[0] is None:
        return None
    got = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(got[0]) if got and str(got[0]).isdigit() else 0


def _ensure_schema(conn: PgConnection, url: str, readonly: bool) -> None:
    version = _version(conn)
    if version is not None and version > SCHEMA_VERSION:
        raise SitrepError("E303", f"the store {safe_url(url)} has schema version {version}, newer than this "
                                  f"sitrep understands ({SCHEMA_VERSION}); upgrade sitrep to read it.")
    if version == SCHEMA_VERSION:
        return
    if readonly and version is None:
        raise SitrepError("E301", f"{safe_url(url)} holds no sitrep store; build one with "
                                  f"`sitrep ingest PATH --db {safe_url(url)}`.")
    # an older store is migrated even by a reader (as SQLite's is): the server owns the one copy
    conn.execute("BEGIN")
    try:
        conn.execute(f"SELECT pg_advisory_xact_lock({DDL_LOCK})")
        version = _version(conn)  # another process may have done it while we waited
        if version != SCHEMA_VERSION:
            had_knowledge = conn.execute("SELECT to_regclass('canon_entities')").fetchone()[0] is not None
            if version is not None:
                for v in sorted(_ADD_COLUMNS):
                    if v > version:
                        for table, column, decl in _ADD_COLUMNS[v]:
                            if conn.execute("SELECT to_regclass(?)", (table,)).fetchone()[0] is not None:
                                decl = 'TEXT COLLATE "C"' if decl == "TEXT" else decl.replace("INTEGER", "BIGINT")
                                conn.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {decl}")
                        for index in _DROP_INDEXES.get(v, []):
                            conn.execute(f"DROP INDEX IF EXISTS {index}")
            conn.executescript(schema_sql())
            if version is not None:
                for stmt in FILL_EFFECTIVE_DATES:
                    conn.execute(stmt)
                from sitrep.resolve import recount_all, reindex_all  # noqa: PLC0415

                if not had_knowledge:  # stores from before the knowledge layer ran on PostgreSQL
                    reindex_all(conn)
                else:
                    recount_all(conn)
                    conn.execute(FILL_PRIMARY_COUNTS)
            conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (str(SCHEMA_VERSION),))
            conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', ?) ON CONFLICT DO NOTHING", (now(),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise

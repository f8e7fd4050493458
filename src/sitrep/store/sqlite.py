"""The SQLite backend: open (or create) a store file with its pragmas, create and migrate its schema.

The file is plain SQLite (``docs/schema.md``), readable by ``sqlite3`` and datasette. Reading and
writing are backend-neutral: :class:`sitrep.store.store.Store` and :mod:`sitrep.store.write`.
"""

from __future__ import annotations

import os
import sqlite3
from importlib import resources
from pathlib import Path

from sitrep.errors import SitrepError
from sitrep.store.db import map_error
from sitrep.store.write import now

SCHEMA_VERSION = 5  # 2: knowledge tables (knowledge.sql); 3: events/transfers effective_date and its indexes;
#                    4: events.cluster_id (each event's happening) in the timeline indexes;
#                    5: FTS5 tables declared with content="table" (how Datasette and sqlite-utils find them)
BUSY_TIMEOUT_MS = 10_000

# Schema changes that CREATE … IF NOT EXISTS cannot make, by the version that introduced them.
_ADD_COLUMNS = {3: [("events", "effective_date", "TEXT"), ("arms_transfers", "effective_date", "TEXT"),
                    ("transfer_lifecycles", "furthest", "TEXT"), ("transfer_lifecycles", "latest_status", "TEXT"),
                    ("canon_aliases", "primary_count", "INTEGER NOT NULL DEFAULT 0")],
                4: [("events", "cluster_id", "INTEGER")]}
_DROP_INDEXES = {3: ["events_dyad", "events_type", "events_date", "events_target"],
                 4: ["events_source_type", "events_target_type", "events_type_date"]}
FTS_TABLES = ("articles_fts", "quotes_fts")  # v4 → v5: dropped, declared again, rebuilt from their content
FILL_CLUSTER_IDS = (  # v3 → v4: each event's happening, from the cluster members
    "UPDATE events SET cluster_id = (SELECT m.cluster_id FROM event_cluster_members m WHERE m.event_id = events.id)")
FILL_PRIMARY_COUNTS = (  # v2 → v3: how often each alias was an entity's main name
    "UPDATE canon_aliases SET primary_count = (SELECT count(*) FROM entity_links l JOIN entities e "
    "ON e.article_id = l.article_id AND e.entity_id = l.entity_id WHERE l.canon_id = canon_aliases.canon_id "
    "AND e.name = canon_aliases.alias)")
FILL_EFFECTIVE_DATES = [
    "UPDATE events SET effective_date = COALESCE(date, (SELECT published FROM articles a "
    "WHERE a.id = events.article_id))",
    "UPDATE arms_transfers SET effective_date = COALESCE(date, (SELECT published FROM articles a "
    "WHERE a.id = arms_transfers.article_id))",
]


def schema_sql() -> str:
    """The DDL of the current schema (``store/schema.sql`` then ``store/knowledge.sql`` in the package)."""
    pkg = resources.files("sitrep.store")
    return "\n".join(pkg.joinpath(name).read_text(encoding="utf-8") for name in ("schema.sql", "knowledge.sql"))


def _connect(path: str | Path, readonly: bool) -> sqlite3.Connection:
    """A connection with the store's pragmas, mapping open failures to E300/E302."""
    p = Path(path)
    if readonly:
        if not p.exists():
            raise SitrepError("E300", f"no store at {p}; create one with `sitrep ingest PATH --db {p}`.")
        uri = f"{p.resolve().as_uri()}?mode=ro"
        target, kwargs = uri, {"uri": True}
    else:
        parent = p.resolve().parent
        if not parent.is_dir():
            raise SitrepError("E300", f"cannot create the store {p}: folder {parent} does not exist; "
                                      "create it or choose another --db path.")
        if not p.exists() and not os.access(parent, os.W_OK):
            raise SitrepError("E302", f"cannot create the store {p}: folder {parent} is read-only; "
                                      "choose a writable --db path.")
        target, kwargs = str(p), {}
    try:
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False, **kwargs)
    except sqlite3.Error as exc:
        raise SitrepError("E300", f"cannot open the store {p}: {exc}; check the path and its permissions.") from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        conn.close()
        raise map_error(exc, str(p)) from exc
    return conn


def _ensure_schema(conn: sqlite3.Connection, path: str | Path, readonly: bool) -> None:
    """Create the schema when missing, migrate an older one; refuse a schema newer than this code."""
    has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    version = 0
    if has_meta:
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row and str(row[0]).isdigit() else 0
        if version > SCHEMA_VERSION:
            raise SitrepError("E303", f"the store {path} has schema version {version}, newer than this sitrep "
                                      f"understands ({SCHEMA_VERSION}); upgrade sitrep to read it.")
        if version == SCHEMA_VERSION:
            return
    if readonly:
        if version >= 1:
            raise _NeedsMigration(version)
        raise SitrepError("E301", f"{path} is not a sitrep store (no sitrep schema); "
                                  f"build one with `sitrep ingest PATH --db {path}`.")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if version >= 1:
            _migrate_columns(conn, version)
        if 1 <= version < 5:
            for table in FTS_TABLES:
                conn.execute(f"DROP TABLE IF EXISTS {table}")
        for stmt in _statements(schema_sql()):
            conn.execute(stmt)
        if 1 <= version < 5:
            for table in FTS_TABLES:
                conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
        if 1 <= version < 3:
            for stmt in FILL_EFFECTIVE_DATES:
                conn.execute(stmt)
        if version == 1:  # v1 → v2: build the knowledge tables from the stored records, once
            from sitrep.resolve import reindex_all  # noqa: PLC0415

            reindex_all(conn)
        elif version == 2:  # v2 → v3: cluster tallies, lifecycle states, alias counts, from their members
            from sitrep.resolve import recount_all  # noqa: PLC0415

            recount_all(conn)
            conn.execute(FILL_PRIMARY_COUNTS)
        if 2 <= version < 4:
            conn.execute(FILL_CLUSTER_IDS)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('created_at', ?)", (now(),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _migrate_columns(conn: sqlite3.Connection, version: int) -> None:
    """Add the columns and drop the indexes of the versions after ``version``."""
    for v in sorted(_ADD_COLUMNS):
        if v <= version:
            continue
        for table, column, decl in _ADD_COLUMNS[v]:
            have = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if have and column not in have:  # (a table that does not exist yet is created whole)
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")
        for index in _DROP_INDEXES.get(v, []):
            conn.execute(f"DROP INDEX IF EXISTS {index}")


class _NeedsMigration(Exception):
    """A read-only open found an older schema: migrate through a writable connection first."""

    def __init__(self, version: int):
        self.version = version


def _statements(sql: str) -> list[str]:
    """Split the DDL into complete statements (trigger bodies kept whole)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def open_connection(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """A ready connection to the store at ``path`` (schema created when missing and not readonly)."""
    conn = _connect(path, readonly)
    try:
        _ensure_schema(conn, path, readonly)
    except _NeedsMigration:
        conn.close()
        open_connection(path, readonly=False).close()  # migrates (E302 if the file is read-only)
        return open_connection(path, readonly)
    except sqlite3.Error as exc:
        conn.close()
        raise map_error(exc, str(path)) from exc
    except BaseException:
        conn.close()
        raise
    return conn

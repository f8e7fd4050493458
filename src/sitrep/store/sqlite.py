"""The SQLite store: one file holding each article, its record and the normalised tables.

:class:`Store` is the reading side (and opens/creates the file); :func:`write_record` and
:func:`write_batch` are the writing side, used by :class:`sitrep.store.writer.StoreWriter`.
Writes are idempotent by content hash; the same article id with different content replaces
the old record (the newer content wins). ``docs/schema.md`` documents the tables.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.records import Article, DocError, Record

SCHEMA_VERSION = 2  # 2: knowledge tables (knowledge.sql); a v1 store is migrated on open
BUSY_TIMEOUT_MS = 10_000
SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS = "[", "]", "…"
SNIPPET_TOKENS = 16


def schema_sql() -> str:
    """The DDL of the current schema (``store/schema.sql`` then ``store/knowledge.sql`` in the package)."""
    pkg = resources.files("sitrep.store")
    return "\n".join(pkg.joinpath(name).read_text(encoding="utf-8") for name in ("schema.sql", "knowledge.sql"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


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
        raise _map_error(exc, p) from exc
    return conn


def _map_error(exc: sqlite3.Error, path: str | Path) -> SitrepError:
    """The SitrepError a low-level SQLite error stands for."""
    msg = str(exc).lower()
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return SitrepError("E301", f"{path} is not a sitrep store or is corrupted ({exc}); move it aside "
                                   "and re-run `sitrep ingest` to build a new one.")
    if "readonly" in msg or "read-only" in msg or "disk is full" in msg or "disk i/o" in msg:
        return SitrepError("E302", f"cannot write to the store {path} ({exc}); check that the file and its "
                                   "folder are writable and the disk has space.")
    return SitrepError("E300", f"cannot use the store {path} ({exc}); check the path and its permissions.")


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
        for stmt in _statements(schema_sql()):
            conn.execute(stmt)
        if version == 1:  # v1 → v2: build the knowledge tables from the stored records, once
            from sitrep.resolve import reindex_all  # noqa: PLC0415

            reindex_all(conn)
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('created_at', ?)", (_now(),))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


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
        raise _map_error(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    return conn


# ---------------------------------------------------------------------------------------- writing

def record_hash(record: Record) -> str:
    """The record's content hash (the one ingest set, else computed as :attr:`Article.content_hash`)."""
    return record.content_hash or Article(id=record.id, text=record.text, title=record.title,
                                          url=record.url).content_hash


def write_record(conn: sqlite3.Connection, record: Record) -> str:
    """Store ``record``: ``"present"`` if its content is already stored, else ``"new"``.

    Runs in one SAVEPOINT: on its own it is one transaction; inside :func:`write_batch` it is part
    of the batch's. The same id with different content replaces the old record's rows (newer wins).
    A successful write removes the failure rows of the same source or id.
    """
    content_hash = record_hash(record)
    conn.execute("SAVEPOINT write_record")
    try:
        _clear_failure(conn, record.source, record.id)
        if conn.execute("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)).fetchone():
            status = "present"
        else:
            from sitrep.resolve import before_delete, index_record  # noqa: PLC0415

            touched = before_delete(conn, record.id)
            conn.execute("DELETE FROM articles WHERE id = ?", (record.id,))
            _insert(conn, record, content_hash)
            index_record(conn, record, touched)  # cross-article knowledge, incrementally
            status = "new"
    except BaseException:
        conn.execute("ROLLBACK TO write_record")
        conn.execute("RELEASE write_record")
        raise
    conn.execute("RELEASE write_record")
    return status


def write_error(conn: sqlite3.Connection, err: DocError) -> None:
    """Record a failed document (one row per source/id: a newer failure replaces the older)."""
    conn.execute("DELETE FROM failed_documents WHERE source = ? AND doc_id IS ?", (err.source, err.id))
    conn.execute("INSERT INTO failed_documents(source, doc_id, code, message, failed_at) VALUES (?, ?, ?, ?, ?)",
                 (err.source, err.id, err.code, err.message, _now()))


def write_batch(conn: sqlite3.Connection, items: Iterable[Record | DocError]) -> dict[str, int]:
    """Write records and errors in ONE transaction: all of them, or (on any exception) none."""
    tally = {"new": 0, "present": 0, "errors": 0}
    conn.execute("BEGIN IMMEDIATE")
    try:
        for item in items:
            if isinstance(item, DocError):
                write_error(conn, item)
                tally["errors"] += 1
            else:
                tally[write_record(conn, item)] += 1
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return tally


def _clear_failure(conn: sqlite3.Connection, source: str | None, doc_id: str | None) -> None:
    if source:
        conn.execute("DELETE FROM failed_documents WHERE source = ?", (source,))
    if doc_id:
        conn.execute("DELETE FROM failed_documents WHERE doc_id = ?", (doc_id,))


def _span_text(text: str, start: int | None, end: int | None) -> str | None:
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return None
    return text[start:end]


def _insert(conn: sqlite3.Connection, rec: Record, content_hash: str) -> None:
    aid, text = rec.id, rec.text
    dl = rec.dateline or {}
    conn.execute(
        "INSERT INTO articles(id, content_hash, title, url, outlet, published, language, dateline_place, "
        "dateline_country, source, text, record_json, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (aid, content_hash, rec.title, rec.url, rec.outlet, rec.published, rec.language, dl.get("place"),
         dl.get("country"), rec.source, text, json.dumps(rec.to_dict(), ensure_ascii=False), _now()))
    for e in rec.entities:
        conn.execute(
            "INSERT OR IGNORE INTO entities(article_id, entity_id, type, name, aliases, code, country, role, "
            "category, origin, maker, kb_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (aid, e.id, e.type, e.name, json.dumps(list(e.aliases), ensure_ascii=False), e.code, e.country,
             e.role, e.category, e.origin, e.maker, e.kb_id))
        conn.executemany(
            'INSERT INTO mentions(article_id, entity_id, start, "end", text) VALUES (?,?,?,?,?)',
            [(aid, e.id, s, t, _span_text(text, s, t)) for s, t in e.mentions])
    conn.executemany(
        'INSERT INTO time_expressions(article_id, text, value, granularity, start, "end") VALUES (?,?,?,?,?,?)',
        [(aid, t.text, t.value, t.granularity, t.start, t.end) for t in rec.time_expressions])
    conn.executemany("INSERT INTO sources_cited(article_id, name) VALUES (?, ?)",
                     [(aid, name) for name in rec.sources_cited])
    conn.executemany(
        "INSERT INTO events(article_id, type, mode, context, source, target, source_actor, target_actor, "
        "status, date, location, attributed_to, evidence_start, evidence_end, evidence_text, confidence, "
        "trigger, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(aid, ev.type, ev.mode, ev.context, ev.source, ev.target, ev.source_actor, ev.target_actor,
          ev.status, ev.date, ev.location, ev.attributed_to, *_evidence(text, ev.evidence), ev.confidence,
          ev.trigger, ev.note) for ev in rec.events])
    conn.executemany(
        "INSERT INTO arms_transfers(article_id, supplier, recipient, equipment, equipment_entity, quantity, "
        "value, status, date, mode, note, evidence_start, evidence_end, evidence_text) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(aid, t.supplier, t.recipient, t.equipment, t.equipment_entity, t.quantity, t.value, t.status,
          t.date, t.mode, t.note, *_evidence(text, t.evidence)) for t in rec.arms_transfers])
    conn.executemany(
        'INSERT INTO quotes(article_id, speaker, speaker_entity, via, text, start, "end") VALUES (?,?,?,?,?,?,?)',
        [(aid, q.speaker, q.speaker_entity, q.via, q.text, q.start, q.end) for q in rec.quotes])


def record_from_dict(d: dict[str, Any]) -> Record:
    """A :class:`Record` back from its ``to_dict()`` JSON (the ``articles.record_json`` column)."""
    from sitrep.records import ArmsTransfer, Entity, Event, Quote, TimeExpression  # noqa: PLC0415

    def span(v: Any) -> tuple[int, int]:
        return (int(v[0]), int(v[1])) if v and len(v) == 2 else (0, 0)

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


def _evidence(text: str, span: Any) -> tuple[int | None, int | None, str | None]:
    if not span or len(span) != 2:
        return None, None, None
    start, end = span
    return start, end, _span_text(text, start, end)


# ---------------------------------------------------------------------------------------- reading

_DATE = "COALESCE(x.date, a.published)"


def _date_filters(since: str | None, until: str | None, where: list[str], args: list[Any]) -> None:
    """Overlap test on ISO prefixes: "2024" overlaps since="2024-03"; "2024-03-31" is within until="2024-03"."""
    if since:
        where.append(f"{_DATE} IS NOT NULL AND {_DATE} >= substr(?, 1, length({_DATE}))")
        args.append(since)
    if until:
        where.append(f"{_DATE} IS NOT NULL AND substr({_DATE}, 1, length(?)) <= ?")
        args.extend([until, until])


def _dyad(dyad: str) -> tuple[str, str]:
    parts = [p.strip() for p in dyad.split("-", 1)]
    if len(parts) != 2 or not all(parts):
        raise SitrepError("E400", f"bad dyad {dyad!r}: give two codes joined by '-', e.g. IRN-RUS.")
    return parts[0], parts[1]


def _pair_filters(src: str, dst: str, country: str | None, dyad: str | None, where: list[str],
                  args: list[Any]) -> None:
    if country:
        where.append(f"(x.{src} = ? OR x.{dst} = ?)")
        args += [country, country]
    if dyad:
        a, b = _dyad(dyad)
        where.append(f"((x.{src} = ? AND x.{dst} = ?) OR (x.{src} = ? AND x.{dst} = ?))")
        args += [a, b, b, a]


def event_filters(country: str | None = None, dyad: str | None = None, type: str | None = None,
                  status: str | None = None, since: str | None = None, until: str | None = None,
                  ) -> tuple[list[str], list[Any]]:
    """WHERE clauses (over ``events x`` joined to ``articles a``) and their arguments: the CLI's filters."""
    where: list[str] = []
    args: list[Any] = []
    _pair_filters("source", "target", country, dyad, where, args)
    for col, val in (("type", type), ("status", status)):
        if val:
            where.append(f"x.{col} = ?")
            args.append(val)
    _date_filters(since, until, where, args)
    return where, args


def transfer_filters(country: str | None = None, dyad: str | None = None, status: str | None = None,
                     equipment: str | None = None, since: str | None = None, until: str | None = None,
                     like: str = "LIKE") -> tuple[list[str], list[Any]]:
    """WHERE clauses over ``arms_transfers x``; ``equipment`` is a case-insensitive substring (``like``: the
    operator that ignores case in the backend)."""
    where: list[str] = []
    args: list[Any] = []
    _pair_filters("supplier", "recipient", country, dyad, where, args)
    if status:
        where.append("x.status = ?")
        args.append(status)
    if equipment:
        esc = equipment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append(f"x.equipment {like} ? ESCAPE '\\'")
        args.append(f"%{esc}%")
    _date_filters(since, until, where, args)
    return where, args


class Store:
    """A sitrep store file. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, conn: sqlite3.Connection, path: str | Path, readonly: bool):
        self.conn = conn
        self.path = Path(path)
        self.readonly = readonly

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False) -> Store:
        """Open (and when missing and not ``readonly``, create) the store at ``path``."""
        return cls(open_connection(path, readonly), path, readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, tuple(args)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise _map_error(exc, self.path) from exc

    # -- single records

    def has(self, content_hash: str) -> bool:
        """Whether an article with this content hash is stored."""
        return bool(self._query("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,)))

    def record(self, article_id: str) -> dict[str, Any]:
        """The contract record of ``article_id``, as ``Record.to_dict()`` gave it at ingest."""
        rows = self._query("SELECT record_json FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise SitrepError("E304", f"no article {article_id!r} in {self.path}; "
                                      f"list the stored ids with `sitrep search` or `sitrep stats`.")
        return json.loads(rows[0][0])

    def write(self, record: Record) -> str:
        """Write one record in its own transaction (``"new"`` or ``"present"``)."""
        try:
            return write_record(self.conn, record)
        except sqlite3.DatabaseError as exc:
            raise _map_error(exc, self.path) from exc

    # -- summaries and lists

    def stats(self) -> dict[str, Any]:
        """Counts per table, entity/event types, outlets and the published date range."""
        out: dict[str, Any] = {}
        for table in ("articles", "failed_documents", "entities", "mentions", "time_expressions", "events",
                      "arms_transfers", "quotes", "sources_cited"):
            out[table] = self._query(f"SELECT count(*) FROM {table}")[0][0]

        def counts(sql: str) -> dict[str, int]:
            return {r[0]: r[1] for r in self._query(sql)}

        out["entity_types"] = counts("SELECT type, count(*) n FROM entities GROUP BY type ORDER BY n DESC, type")
        out["event_types"] = counts("SELECT type, count(*) n FROM events GROUP BY type ORDER BY n DESC, type")
        out["outlets"] = counts("SELECT outlet, count(*) n FROM articles WHERE outlet IS NOT NULL "
                                "GROUP BY outlet ORDER BY n DESC, outlet")
        first, last = self._query("SELECT min(published), max(published) FROM articles")[0]
        out["published"] = {"first": first, "last": last}
        return out

    def articles(self, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles, newest published first (undated last)."""
        rows = self._query(
            "SELECT id, title, url, outlet, published, language, dateline_place, dateline_country, source, "
            "content_hash, ingested_at FROM articles ORDER BY published IS NULL, published DESC, id "
            "LIMIT ? OFFSET ?", (-1 if limit is None else limit, offset))
        return [dict(r) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts; each hit has a ``snippet`` with the match in [brackets].

        A query FTS5 cannot parse (``"S-400 AND (``) is retried as one quoted phrase; never raises for it.
        """
        query = (query or "").strip()
        if not query:
            return []
        sql = ("SELECT a.id, a.title, a.outlet, a.published, a.url, "
               "snippet(articles_fts, -1, ?, ?, ?, ?) AS snippet, bm25(articles_fts) AS score "
               "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
               "WHERE articles_fts MATCH ? ORDER BY score, a.id LIMIT ?")
        for q in (query, '"' + query.replace('"', '""') + '"'):
            args = (SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS, SNIPPET_TOKENS, q, limit)
            try:
                return [dict(r) for r in self.conn.execute(sql, args).fetchall()]
            except sqlite3.OperationalError:
                continue
        return []

    def events(self, country: str | None = None, dyad: str | None = None, type: str | None = None,
               status: str | None = None, since: str | None = None, until: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Stored events with their ``article_id`` and ``published``; dyad "IRN-RUS" matches either direction."""
        where, args = event_filters(country, dyad, type, status, since, until)
        return self._rows("events", where, args, limit)

    def transfers(self, country: str | None = None, dyad: str | None = None, status: str | None = None,
                  equipment: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
        """Stored arms transfers; dyad matches supplier/recipient either way; equipment is a substring match."""
        where, args = transfer_filters(country, dyad, status, equipment, since, until)
        return self._rows("arms_transfers", where, args, limit)

    def _rows(self, table: str, where: list[str], args: list[Any], limit: int | None) -> list[dict[str, Any]]:
        sql = (f"SELECT x.*, a.published AS published FROM {table} x JOIN articles a ON a.id = x.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY {_DATE} IS NULL, {_DATE}, x.id LIMIT ?")
        return [dict(r) for r in self._query(sql, [*args, -1 if limit is None else limit])]

    def quotes(self, article_id: str | None = None, query: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Stored quotes (of one article, or all); ``query`` full-text searches the quote texts."""
        where: list[str] = []
        args: list[Any] = []
        if article_id:
            where.append("q.article_id = ?")
            args.append(article_id)
        base = "SELECT q.* FROM quotes q"
        lim = -1 if limit is None else limit
        if not query:
            sql = base + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY q.article_id, q.start LIMIT ?"
            return [dict(r) for r in self._query(sql, [*args, lim])]
        sql = (base + " JOIN quotes_fts ON quotes_fts.rowid = q.id WHERE quotes_fts MATCH ?"
               + "".join(" AND " + w for w in where) + " ORDER BY bm25(quotes_fts), q.id LIMIT ?")
        for q in (query, '"' + query.replace('"', '""') + '"'):
            try:
                return [dict(r) for r in self.conn.execute(sql, [q, *args, lim]).fetchall()]
            except sqlite3.OperationalError:
                continue
        return []

"""The PostgreSQL store: the SQLite store's schema and queries on a shared server.

    sitrep ingest articles/ --db postgresql://user@host/sitrep
    sitrep events --db postgresql://user@host/sitrep --dyad IRN-RUS

Same tables (``schema_pg.sql``, translated DDL), same writes (idempotent by content hash, newer
content replaces an id) and the same query methods with the same results as
:class:`sitrep.store.sqlite.Store`; full-text search uses PostgreSQL's ``tsvector``/``tsquery``
(``websearch_to_tsquery``: words, "quoted phrases", OR, -word) with ``ts_headline`` snippets.
Needs psycopg 3, an optional extra: ``pip install 'sitrep[postgres]'``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from importlib import resources
from typing import Any

from sitrep.errors import SitrepError
from sitrep.records import DocError, Record
from sitrep.store.sqlite import (
    SCHEMA_VERSION,
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    SNIPPET_TOKENS,
    _evidence,
    _now,
    _span_text,
    event_filters,
    record_hash,
    transfer_filters,
)

QUOTE_COLUMNS = 'q.id, q.article_id, q.speaker, q.speaker_entity, q.via, q.text, q.start, q."end"'
TS_CONFIG = "simple"


def is_postgres_url(db: object) -> bool:
    """Whether ``db`` names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def _psycopg():
    try:
        import psycopg  # noqa: PLC0415
    except ImportError as exc:
        raise SitrepError("E300", "a postgresql:// store needs psycopg 3, an optional extra: "
                                  "pip install 'sitrep[postgres]'.") from exc
    return psycopg


def _pg(sql: str) -> str:
    """SQLite placeholders (``?``) as psycopg's (``%s``)."""
    return sql.replace("%", "%%").replace("?", "%s")


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}@{host}"
    return url


def connect(url: str, readonly: bool = False):
    """A connection (autocommit; transactions are explicit) with the schema created when missing."""
    psycopg = _psycopg()
    from psycopg.rows import dict_row  # noqa: PLC0415

    try:
        conn = psycopg.connect(url, autocommit=True, row_factory=dict_row)
    except psycopg.Error as exc:
        raise SitrepError("E300", f"cannot connect to the store {_safe_url(url)} ({str(exc).strip()}); check the "
                                  "URL, that the server runs and that the user may log in.") from exc
    try:
        _ensure_schema(conn, url, readonly)
    except BaseException:
        conn.close()
        raise
    return conn


def _ensure_schema(conn, url: str, readonly: bool) -> None:
    row = conn.execute("SELECT to_regclass('meta') AS t").fetchone()
    if row["t"] is not None:
        got = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        version = int(got["value"]) if got and str(got["value"]).isdigit() else 0
        if version > SCHEMA_VERSION:
            raise SitrepError("E303", f"the store {_safe_url(url)} has schema version {version}, newer than this "
                                      f"sitrep understands ({SCHEMA_VERSION}); upgrade sitrep to read it.")
        if version == SCHEMA_VERSION:
            return
    if readonly:
        raise SitrepError("E301", f"{_safe_url(url)} holds no sitrep store; build one with "
                                  f"`sitrep ingest PATH --db {_safe_url(url)}`.")
    ddl = resources.files("sitrep.store").joinpath("schema_pg.sql").read_text(encoding="utf-8")
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(7247321)")  # two first ingests do not race on the DDL
        conn.execute(ddl)
        conn.execute("INSERT INTO meta(key, value) VALUES ('schema_version', %s) "
                     "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (str(SCHEMA_VERSION),))
        conn.execute("INSERT INTO meta(key, value) VALUES ('created_at', %s) ON CONFLICT DO NOTHING", (_now(),))


# ---------------------------------------------------------------------------------------- writing

def write_record(conn, record: Record) -> str:
    """Store ``record`` (``"new"``, or ``"present"`` when its content is stored), in one savepoint."""
    content_hash = record_hash(record)
    with conn.transaction():
        _clear_failure(conn, record.source, record.id)
        if conn.execute("SELECT 1 FROM articles WHERE content_hash = %s", (content_hash,)).fetchone():
            return "present"
        conn.execute("DELETE FROM articles WHERE id = %s", (record.id,))
        _insert(conn, record, content_hash)
        return "new"


def write_error(conn, err: DocError) -> None:
    """Record a failed document (a newer failure of the same source/id replaces the older)."""
    conn.execute("DELETE FROM failed_documents WHERE source = %s AND doc_id IS NOT DISTINCT FROM %s",
                 (err.source, err.id))
    conn.execute("INSERT INTO failed_documents(source, doc_id, code, message, failed_at) VALUES (%s,%s,%s,%s,%s)",
                 (err.source, err.id, err.code, err.message, _now()))


def write_batch(conn, items: Iterable[Record | DocError]) -> dict[str, int]:
    """Write records and errors in one transaction: all of them or none."""
    tally = {"new": 0, "present": 0, "errors": 0}
    with conn.transaction():
        for item in items:
            if isinstance(item, DocError):
                write_error(conn, item)
                tally["errors"] += 1
            else:
                tally[write_record(conn, item)] += 1
    return tally


def _clear_failure(conn, source: str | None, doc_id: str | None) -> None:
    if source:
        conn.execute("DELETE FROM failed_documents WHERE source = %s", (source,))
    if doc_id:
        conn.execute("DELETE FROM failed_documents WHERE doc_id = %s", (doc_id,))


def _insert(conn, rec: Record, content_hash: str) -> None:
    aid, text = rec.id, rec.text
    dl = rec.dateline or {}
    conn.execute(
        "INSERT INTO articles(id, content_hash, title, url, outlet, published, language, dateline_place, "
        "dateline_country, source, text, record_json, ingested_at) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
        (aid, content_hash, rec.title, rec.url, rec.outlet, rec.published, rec.language, dl.get("place"),
         dl.get("country"), rec.source, text, json.dumps(rec.to_dict(), ensure_ascii=False), _now()))
    with conn.cursor() as cur:
        ents = [e for e in rec.entities]
        cur.executemany(
            "INSERT INTO entities(article_id, entity_id, type, name, aliases, code, country, role, category, origin, "
            "maker, kb_id) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT DO NOTHING",
            [(aid, e.id, e.type, e.name, json.dumps(list(e.aliases), ensure_ascii=False), e.code, e.country, e.role,
              e.category, e.origin, e.maker, e.kb_id) for e in ents])
        cur.executemany('INSERT INTO mentions(article_id, entity_id, start, "end", text) VALUES (%s,%s,%s,%s,%s)',
                        [(aid, e.id, s, t, _span_text(text, s, t)) for e in ents for s, t in e.mentions])
        cur.executemany(
            'INSERT INTO time_expressions(article_id, text, value, granularity, start, "end") '
            "VALUES (%s,%s,%s,%s,%s,%s)",
            [(aid, t.text, t.value, t.granularity, t.start, t.end) for t in rec.time_expressions])
        cur.executemany("INSERT INTO sources_cited(article_id, name) VALUES (%s, %s)",
                        [(aid, name) for name in rec.sources_cited])
        cur.executemany(
            "INSERT INTO events(article_id, type, mode, context, source, target, source_actor, target_actor, "
            "status, date, location, attributed_to, evidence_start, evidence_end, evidence_text, confidence, "
            "trigger, note) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            [(aid, ev.type, ev.mode, ev.context, ev.source, ev.target, ev.source_actor, ev.target_actor,
              ev.status, ev.date, ev.location, ev.attributed_to, *_evidence(text, ev.evidence), ev.confidence,
              ev.trigger, ev.note) for ev in rec.events])
        cur.executemany(
            "INSERT INTO arms_transfers(article_id, supplier, recipient, equipment, equipment_entity, quantity, "
            "value, status, date, mode, note, evidence_start, evidence_end, evidence_text) "
            "VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s)",
            [(aid, t.supplier, t.recipient, t.equipment, t.equipment_entity, t.quantity, t.value, t.status,
              t.date, t.mode, t.note, *_evidence(text, t.evidence)) for t in rec.arms_transfers])
        cur.executemany(
            'INSERT INTO quotes(article_id, speaker, speaker_entity, via, text, start, "end") '
            "VALUES (%s,%s,%s,%s,%s,%s,%s)",
            [(aid, q.speaker, q.speaker_entity, q.via, q.text, q.start, q.end) for q in rec.quotes])


class PgWriter:
    """The :class:`sitrep.store.writer.StoreWriter` interface for PostgreSQL (writes in batches, in this thread)."""

    def __init__(self, url: str, batch_size: int = 50):
        self.url = url
        self.batch_size = max(1, batch_size)
        self.tally = {"new": 0, "present": 0, "errors": 0}
        self._conn = connect(url)
        self._buf: list[Record | DocError] = []

    def submit(self, record: Record) -> None:
        self._add(record)

    def submit_error(self, err: DocError) -> None:
        self._add(err)

    def _add(self, item: Record | DocError) -> None:
        self._buf.append(item)
        if len(self._buf) >= self.batch_size:
            self._flush()

    def _flush(self) -> None:
        if self._buf:
            for k, v in write_batch(self._conn, self._buf).items():
                self.tally[k] += v
            self._buf = []

    def close(self) -> dict[str, int]:
        if self._conn is not None:
            try:
                self._flush()
            finally:
                self._conn.close()
                self._conn = None
        return dict(self.tally)

    def __enter__(self) -> PgWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------------------- reading

class PgStore:
    """A sitrep store in PostgreSQL, with the query methods of the SQLite :class:`Store`."""

    def __init__(self, conn, url: str, readonly: bool):
        self.conn = conn
        self.url = url
        self.path = _safe_url(url)
        self.readonly = readonly

    @classmethod
    def open(cls, url: str, readonly: bool = False) -> PgStore:
        return cls(connect(url, readonly), url, readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PgStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return self.conn.execute(sql, tuple(args)).fetchall()

    def has(self, content_hash: str) -> bool:
        return bool(self._query("SELECT 1 FROM articles WHERE content_hash = %s", (content_hash,)))

    def record(self, article_id: str) -> dict[str, Any]:
        rows = self._query("SELECT record_json FROM articles WHERE id = %s", (article_id,))
        if not rows:
            raise SitrepError("E304", f"no article {article_id!r} in {self.path}; "
                                      f"list the stored ids with `sitrep search` or `sitrep stats`.")
        return json.loads(rows[0]["record_json"])

    def write(self, record: Record) -> str:
        return write_record(self.conn, record)

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for table in ("articles", "failed_documents", "entities", "mentions", "time_expressions", "events",
                      "arms_transfers", "quotes", "sources_cited"):
            out[table] = self._query(f"SELECT count(*) AS n FROM {table}")[0]["n"]

        def counts(sql: str) -> dict[str, int]:
            return {r["k"]: r["n"] for r in self._query(sql)}

        out["entity_types"] = counts("SELECT type k, count(*) n FROM entities GROUP BY type ORDER BY n DESC, type")
        out["event_types"] = counts("SELECT type k, count(*) n FROM events GROUP BY type ORDER BY n DESC, type")
        out["outlets"] = counts("SELECT outlet k, count(*) n FROM articles WHERE outlet IS NOT NULL "
                                "GROUP BY outlet ORDER BY n DESC, outlet")
        row = self._query("SELECT min(published) AS first, max(published) AS last FROM articles")[0]
        out["published"] = {"first": row["first"], "last": row["last"]}
        return out

    def articles(self, limit: int | None = 50, offset: int = 0) -> list[dict[str, Any]]:
        return self._query(
            "SELECT id, title, url, outlet, published, language, dateline_place, dateline_country, source, "
            "content_hash, ingested_at FROM articles ORDER BY published IS NULL, published DESC, id "
            "LIMIT %s OFFSET %s", (limit, offset))

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts (``websearch_to_tsquery``); snippets mark matches in [brackets]."""
        query = (query or "").strip()
        if not query:
            return []
        opts = (f"StartSel={SNIPPET_OPEN}, StopSel={SNIPPET_CLOSE}, MaxWords={SNIPPET_TOKENS}, "
                f"MinWords={max(3, SNIPPET_TOKENS // 3)}")
        sql = ("WITH hits AS (SELECT a.pk, ts_rank(a.tsv, q) AS rank, q FROM articles a, "
               f"websearch_to_tsquery('{TS_CONFIG}', %s) q WHERE a.tsv @@ q ORDER BY rank DESC, a.id LIMIT %s) "
               "SELECT a.id, a.title, a.outlet, a.published, a.url, "
               f"ts_headline('{TS_CONFIG}', coalesce(a.title, '') || ' ' || a.text, h.q, %s) AS snippet, "
               "-h.rank AS score FROM hits h JOIN articles a ON a.pk = h.pk ORDER BY h.rank DESC, a.id")
        return self._query(sql, (query, limit, opts))

    def events(self, country: str | None = None, dyad: str | None = None, type: str | None = None,
               status: str | None = None, since: str | None = None, until: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        where, args = event_filters(country, dyad, type, status, since, until)
        return self._rows("events", where, args, limit)

    def transfers(self, country: str | None = None, dyad: str | None = None, status: str | None = None,
                  equipment: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
        where, args = transfer_filters(country, dyad, status, equipment, since, until, like="ILIKE")
        return self._rows("arms_transfers", where, args, limit)

    def _rows(self, table: str, where: list[str], args: list[Any], limit: int | None) -> list[dict[str, Any]]:
        date = "COALESCE(x.date, a.published)"
        sql = (f"SELECT x.*, a.published AS published FROM {table} x JOIN articles a ON a.id = x.article_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + f" ORDER BY {date} IS NULL, {date}, x.id LIMIT ?")
        sql = _pg(sql).replace("substr(%s,", "substr(%s::text,").replace("length(%s)", "length(%s::text)")
        return self._query(sql, [*args, limit])

    def quotes(self, article_id: str | None = None, query: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        where: list[str] = []
        args: list[Any] = []
        if article_id:
            where.append("q.article_id = %s")
            args.append(article_id)
        if not query:
            sql = (f"SELECT {QUOTE_COLUMNS} FROM quotes q" + (" WHERE " + " AND ".join(where) if where else "")
                   + " ORDER BY q.article_id, q.start LIMIT %s")
            return self._query(sql, [*args, limit])
        sql = (f"SELECT {QUOTE_COLUMNS} FROM quotes q, websearch_to_tsquery('{TS_CONFIG}', %s) tq "
               "WHERE q.tsv @@ tq" + "".join(" AND " + w for w in where)
               + " ORDER BY ts_rank(q.tsv, tq) DESC, q.id LIMIT %s")
        return self._query(sql, [query, *args, limit])

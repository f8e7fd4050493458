"""The store, read side: one class for both backends (a SQLite file, or a PostgreSQL database).

    with Store.open("sitrep.db") as st:                           # or "postgresql://user@host/db"
        st.stats(); st.record("s01"); st.search("S-400"); st.events(dyad="IRN-RUS")

Queries are written once (:mod:`sitrep.store.db` runs them on either backend); only full-text
search differs: FTS5 with ``bm25``/``snippet`` in SQLite, ``tsvector`` with
``websearch_to_tsquery``/``ts_rank``/``ts_headline`` in PostgreSQL (the ``simple`` configuration:
no stemming, like FTS5's unicode61), so the hits agree while ranking and snippets may differ.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.records import Record
from sitrep.store.db import POSTGRES, database_errors, dialect, is_postgres_url, map_error, safe_url
from sitrep.store.filters import Split, event_filters, listing, transfer_filters
from sitrep.store.fts import QUOTE_COLUMNS as FTS_QUOTE_COLUMNS
from sitrep.store.fts import TS_CONFIG, pg_tsquery
from sitrep.store.write import write_record

SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS = "[", "]", "…"
SNIPPET_TOKENS = 16
QUOTE_COLUMNS = 'q.id, q.article_id, q.speaker, q.speaker_entity, q.via, q.text, q.start, q."end"'
TABLES = ("articles", "failed_documents", "entities", "mentions", "time_expressions", "events",
          "arms_transfers", "quotes", "sources_cited")


def connect(db: str | Path, readonly: bool = False) -> Any:
    """A ready connection to the store ``db``: a PostgreSQL URL or a SQLite file path."""
    if is_postgres_url(db):
        from sitrep.store.postgres import open_connection  # noqa: PLC0415

        return open_connection(str(db), readonly=readonly)
    from sitrep.store.sqlite import open_connection  # noqa: PLC0415

    return open_connection(db, readonly=readonly)


def ts_headline_options(tokens: int = SNIPPET_TOKENS, start: str = SNIPPET_OPEN, stop: str = SNIPPET_CLOSE) -> str:
    """PostgreSQL ``ts_headline`` options giving snippets like FTS5's ``snippet()``."""
    return f"StartSel={start}, StopSel={stop}, MaxWords={tokens}, MinWords={max(3, tokens // 3)}"


class Store:
    """A sitrep store. Use :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, conn: Any, db: str | Path, readonly: bool):
        self.conn = conn
        self.db = db
        self.path = safe_url(db) if is_postgres_url(db) else Path(db)
        self.readonly = readonly
        self.dialect = dialect(conn)

    @classmethod
    def open(cls, db: str | Path, readonly: bool = False) -> Store:
        """Open (and when missing and not ``readonly``, create) the store ``db``."""
        return cls(connect(db, readonly), db, readonly)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def postgres(self) -> bool:
        return self.dialect == POSTGRES

    def _query(self, sql: str, args: Iterable[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, tuple(args)).fetchall()
        except database_errors() as exc:
            raise map_error(exc, str(self.path)) from exc

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
        except database_errors() as exc:
            raise map_error(exc, str(self.path)) from exc

    # -- summaries and lists

    def stats(self) -> dict[str, Any]:
        """Counts per table, entity/event types, outlets and the published date range."""
        out: dict[str, Any] = {}
        for table in TABLES:
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

    # -- full-text search

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search over titles and texts; each hit has a ``snippet`` with the match in [brackets].

        A query FTS5 cannot parse (``"S-400 AND (``) is retried as one quoted phrase; never raises for it.
        PostgreSQL runs the same FTS5 query translated to a tsquery (:mod:`sitrep.store.fts`).
        """
        query = (query or "").strip()
        if not query:
            return []
        if self.postgres:
            tsq, targs = pg_tsquery(query, widen=False)
            return [dict(r) for r in self._query(self.pg_article_search_sql(tsq), (*targs, limit, ts_headline_options()))]
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

    @staticmethod
    def pg_article_search_sql(tsquery: str, columns: str = "a.id, a.title, a.outlet, a.published, a.url") -> str:
        """PostgreSQL article search for the ``tsquery`` SQL (:func:`~sitrep.store.fts.pg_tsquery`): arguments
        (the tsquery's, limit, ts_headline options); best first, ``-rank`` as score."""
        return ("WITH hits AS (SELECT a.pk, ts_rank(a.tsv, q) AS rank, q FROM articles a, "
                f"(SELECT {tsquery} AS q) t WHERE a.tsv @@ q ORDER BY rank DESC, a.id LIMIT ?) "
                f"SELECT {columns}, ts_headline('{TS_CONFIG}', coalesce(a.title, '') || ' ' || a.text, h.q, ?) "
                "AS snippet, -h.rank AS score FROM hits h JOIN articles a ON a.pk = h.pk ORDER BY h.rank DESC, a.id")

    # -- events, transfers, quotes

    def events(self, country: str | None = None, dyad: str | None = None, type: str | None = None,
               status: str | None = None, since: str | None = None, until: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Stored events with their ``article_id`` and ``published``; dyad "IRN-RUS" matches either direction."""
        where, args, split = event_filters(country, dyad, type, status, since, until, split=True)
        return self._rows("events", where, args, limit, split)

    def transfers(self, country: str | None = None, dyad: str | None = None, status: str | None = None,
                  equipment: str | None = None, since: str | None = None, until: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
        """Stored arms transfers; dyad matches supplier/recipient either way; equipment is a substring match."""
        where, args = transfer_filters(country, dyad, status, equipment, since, until)
        return self._rows("arms_transfers", where, args, limit)

    def _rows(self, table: str, where: list[str], args: list[Any], limit: int | None,
              split: Split | None = None) -> list[dict[str, Any]]:
        sql, sql_args = listing("x.*, a.published AS published", table, where, args, split, limit,
                                join=" JOIN articles a ON a.id = x.article_id")
        return [dict(r) for r in self._query(sql, sql_args)]

    def quotes(self, article_id: str | None = None, query: str | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Stored quotes (of one article, or all); ``query`` full-text searches the quote texts."""
        where: list[str] = []
        args: list[Any] = []
        if article_id:
            where.append("q.article_id = ?")
            args.append(article_id)
        base = f"SELECT {QUOTE_COLUMNS} FROM quotes q"
        lim = -1 if limit is None else limit
        if not query:
            sql = base + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY q.article_id, q.start LIMIT ?"
            return [dict(r) for r in self._query(sql, [*args, lim])]
        if self.postgres:
            tsq, targs = pg_tsquery(query, widen=False, columns=FTS_QUOTE_COLUMNS)
            sql = (f"{base}, (SELECT {tsq} AS tq) t WHERE q.tsv @@ t.tq"
                   + "".join(" AND " + w for w in where) + " ORDER BY ts_rank(q.tsv, t.tq) DESC, q.id LIMIT ?")
            return [dict(r) for r in self._query(sql, [*targs, *args, lim])]
        sql = (base + " JOIN quotes_fts ON quotes_fts.rowid = q.id WHERE quotes_fts MATCH ?"
               + "".join(" AND " + w for w in where) + " ORDER BY bm25(quotes_fts), q.id LIMIT ?")
        for q in (query, '"' + query.replace('"', '""') + '"'):
            try:
                return [dict(r) for r in self.conn.execute(sql, [q, *args, lim]).fetchall()]
            except sqlite3.OperationalError:
                continue
        return []

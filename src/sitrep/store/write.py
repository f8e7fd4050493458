"""The write path of the store, the same on SQLite and PostgreSQL (a connection from
:mod:`sitrep.store.sqlite` or :mod:`sitrep.store.postgres`).

Writes are idempotent by content hash; the same article id with different content replaces the
old record (the newer content wins). Each new record is also filed in the knowledge tables
(:func:`sitrep.resolve.index_record`), inside the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sitrep.records import Article, DocError, Record


def now() -> str:
    """The current UTC time, ISO, to the second (``ingested_at``, ``created_at`` …)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_hash(record: Record) -> str:
    """The record's content hash (the one ingest set, else computed as :attr:`Article.content_hash`)."""
    return record.content_hash or Article(id=record.id, text=record.text, title=record.title,
                                          url=record.url).content_hash


def write_record(conn: Any, record: Record) -> str:
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
            insert_record(conn, record, content_hash)
            index_record(conn, record, touched)  # cross-article knowledge, incrementally
            status = "new"
    except BaseException:
        conn.execute("ROLLBACK TO write_record")
        conn.execute("RELEASE write_record")
        raise
    conn.execute("RELEASE write_record")
    return status


def write_error(conn: Any, err: DocError) -> None:
    """Record a failed document (one row per source/id: a newer failure replaces the older)."""
    conn.execute("DELETE FROM failed_documents WHERE source = ? AND doc_id IS ?", (err.source, err.id))
    conn.execute("INSERT INTO failed_documents(source, doc_id, code, message, failed_at) VALUES (?, ?, ?, ?, ?)",
                 (err.source, err.id, err.code, err.message, now()))


def write_batch(conn: Any, items: Iterable[Record | DocError]) -> dict[str, int]:
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


def _clear_failure(conn: Any, source: str | None, doc_id: str | None) -> None:
    if source:
        conn.execute("DELETE FROM failed_documents WHERE source = ?", (source,))
    if doc_id:
        conn.execute("DELETE FROM failed_documents WHERE doc_id = ?", (doc_id,))


def span_text(text: str, start: int | None, end: int | None) -> str | None:
    """``text[start:end]`` when the offsets are valid, else None."""
    if start is None or end is None or not 0 <= start <= end <= len(text):
        return None
    return text[start:end]


def _evidence(text: str, span: Any) -> tuple[int | None, int | None, str | None]:
    if not span or len(span) != 2:
        return None, None, None
    start, end = span
    return start, end, span_text(text, start, end)


def insert_record(conn: Any, rec: Record, content_hash: str) -> None:
    """Insert the article row and every row extracted from it (no checks: see :func:`write_record`)."""
    aid, text = rec.id, rec.text
    dl = rec.dateline or {}
    conn.execute(
        "INSERT INTO articles(id, content_hash, title, url, outlet, published, language, dateline_place, "
        "dateline_country, source, text, record_json, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (aid, content_hash, rec.title, rec.url, rec.outlet, rec.published, rec.language, dl.get("place"),
         dl.get("country"), rec.source, text, json.dumps(rec.to_dict(), ensure_ascii=False), now()))
    conn.executemany(
        "INSERT OR IGNORE INTO entities(article_id, entity_id, type, name, aliases, code, country, role, "
        "category, origin, maker, kb_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(aid, e.id, e.type, e.name, json.dumps(list(e.aliases), ensure_ascii=False), e.code, e.country,
          e.role, e.category, e.origin, e.maker, e.kb_id) for e in rec.entities])
    conn.executemany(
        'INSERT INTO mentions(article_id, entity_id, start, "end", text) VALUES (?,?,?,?,?)',
        [(aid, e.id, s, t, span_text(text, s, t)) for e in rec.entities for s, t in e.mentions])
    conn.executemany(
        'INSERT INTO time_expressions(article_id, text, value, granularity, start, "end") VALUES (?,?,?,?,?,?)',
        [(aid, t.text, t.value, t.granularity, t.start, t.end) for t in rec.time_expressions])
    conn.executemany("INSERT INTO sources_cited(article_id, name) VALUES (?, ?)",
                     [(aid, name) for name in rec.sources_cited])
    conn.executemany(
        "INSERT INTO events(article_id, type, mode, context, source, target, source_actor, target_actor, "
        "status, date, effective_date, location, attributed_to, evidence_start, evidence_end, evidence_text, "
        "confidence, trigger, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(aid, ev.type, ev.mode, ev.context, ev.source, ev.target, ev.source_actor, ev.target_actor,
          ev.status, ev.date, ev.date or rec.published, ev.location, ev.attributed_to, *_evidence(text, ev.evidence),
          ev.confidence, ev.trigger, ev.note) for ev in rec.events])
    conn.executemany(
        "INSERT INTO arms_transfers(article_id, supplier, recipient, equipment, equipment_entity, quantity, "
        "value, status, date, effective_date, mode, note, evidence_start, evidence_end, evidence_text) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(aid, t.supplier, t.recipient, t.equipment, t.equipment_entity, t.quantity, t.value, t.status,
          t.date, t.date or rec.published, t.mode, t.note, *_evidence(text, t.evidence)) for t in rec.arms_transfers])
    conn.executemany(
        'INSERT INTO quotes(article_id, speaker, speaker_entity, via, text, start, "end") VALUES (?,?,?,?,?,?,?)',
        [(aid, q.speaker, q.speaker_entity, q.via, q.text, q.start, q.end) for q in rec.quotes])

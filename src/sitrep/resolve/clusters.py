"""Story and event clustering, incrementally, one new article at a time.

- **Near-duplicates**: a MinHash (datasketch, 128 permutations over word 4-shingles) per article,
  banded for LSH into ``lsh_bands``; a new article whose estimated Jaccard similarity with a stored
  one is ≥ :data:`DUP_THRESHOLD` joins that article's *story* (the same wire copy republished).
- **Event clusters**: an event joins the cluster with the same PLOVER type and dyad (unordered for
  CONSULT / COOPERATE / AGREE), an overlapping date window (±3 days, a week at most for day dates;
  the same month or year for coarser ones) and no conflicting location. Independent sources are
  the distinct stories among the cluster's articles.
- **Transfer lifecycles**: transfers of one (supplier, recipient, system) across articles; the
  system is the canonical equipment entity, so "Su30" and "Sukhoi Su-30" follow one deal.
"""

from __future__ import annotations

import hashlib
import sqlite3
from calendar import monthrange
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import numpy as np
from datasketch import MinHash

from sitrep.records import Record
from sitrep.resolve.names import designation, norm

NUM_PERM = 128
BANDS, ROWS = 14, 9  # datasketch's optimal (b, r) for a 0.7 threshold at 128 permutations
DUP_THRESHOLD = 0.7
SHINGLE = 4
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
STATUS_RANK = {"occurred": 0, "planned": 1, "reported_intent": 2, "rumored": 3, "speculated": 4}
STAGES = ("interest", "negotiation", "offered", "ordered", "delivered")
STAGE_RANK = {"rumored": -1, "interest": 0, "negotiation": 1, "offered": 1, "ordered": 2, "delivered": 3}
DAY_SLACK = timedelta(days=3)
MAX_DAY_SPAN = timedelta(days=7)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ------------------------------------------------------------------------------ near-duplicates

def minhash(text: str) -> MinHash:
    """MinHash of the word 4-shingles of ``text`` (normalised: case, accents, punctuation)."""
    words = norm(text).split()
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=7)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def _bands(values: np.ndarray) -> list[tuple[int, int]]:
    out = []
    for b in range(BANDS):
        digest = hashlib.blake2b(values[b * ROWS:(b + 1) * ROWS].astype("<u8").tobytes(), digest_size=8).digest()
        out.append((b, int.from_bytes(digest, "little", signed=True)))
    return out


def index_story(conn: sqlite3.Connection, record: Record) -> tuple[str, float]:
    """Store the article's MinHash and LSH bands; ``(story_id, similarity)`` of its near-duplicate group."""
    m = minhash(f"{record.title or ''}\n{record.text}")
    values = m.hashvalues.astype(np.uint64)
    bands = _bands(values)
    union = " UNION ".join("SELECT article_id FROM lsh_bands WHERE band = ? AND hash = ?" for _ in bands)
    flat = [x for pair in bands for x in pair]
    cands = [r[0] for r in conn.execute(union, flat) if r[0] != record.id]
    story, best = record.id, 1.0
    top = 0.0
    for aid in cands:
        row = conn.execute("SELECT signature, story_id FROM article_minhash WHERE article_id = ?", (aid,)).fetchone()
        if not row:
            continue
        other = np.frombuffer(row[0], dtype="<u8")
        sim = float(np.mean(other == values))
        if sim >= DUP_THRESHOLD and (sim > top or (sim == top and row[1] < story)):
            story, top = row[1], sim
    if top:
        best = round(top, 3)
    conn.execute("INSERT OR REPLACE INTO article_minhash(article_id, signature, story_id, similarity) VALUES (?,?,?,?)",
                 (record.id, values.astype("<u8").tobytes(), story, best))
    conn.executemany("INSERT INTO lsh_bands(band, hash, article_id) VALUES (?,?,?)",
                     [(b, h, record.id) for b, h in bands])
    return story, best


# ------------------------------------------------------------------------------ dates

def period(value: str | None) -> tuple[date, date, str] | None:
    """``(first day, last day, granularity)`` of an ISO date, month, year or week, else None."""
    if not value:
        return None
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return d, d, "day"
        if len(value) == 7 and value[4] == "-":
            y, mo = int(value[:4]), int(value[5:7])
            return date(y, mo, 1), date(y, mo, monthrange(y, mo)[1]), "month"
        if len(value) == 8 and value[5] == "W":
            d = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return d, d + timedelta(days=6), "week"
        if len(value) == 4:
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31), "year"
    except ValueError:
        return None
    return None


# ------------------------------------------------------------------------------ event clusters

def dyad_key(type_: str, source: str | None, target: str | None) -> str:
    a, b = source or "", target or ""
    if type_ in SYMMETRIC and a and b and b < a:
        a, b = b, a
    return f"{a}-{b}"


def cluster_events(conn: sqlite3.Connection, record: Record) -> set[int]:
    """Put each stored event of the just-written article in its cluster; returns the touched cluster ids."""
    touched: set[int] = set()
    rows = conn.execute("SELECT id, type, source, target, date, location, status FROM events WHERE article_id = ?",
                        (record.id,)).fetchall()
    for ev_id, type_, source, target, when, location, _status in rows:
        p = period(when) or period(record.published)
        dyad = dyad_key(type_, source, target)
        cid = _find_cluster(conn, type_, dyad, p, location)
        if cid is None:
            now = _now()
            a, b = dyad.split("-", 1)
            cur = conn.execute(
                "INSERT INTO event_clusters(type, source, target, dyad, date_start, date_end, location, created_at, "
                "updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (type_, a or None, b or None, dyad, p[0].isoformat() if p else None, p[1].isoformat() if p else None,
                 location, now, now))
            cid = cur.lastrowid
        else:
            if p:
                conn.execute("UPDATE event_clusters SET date_start = min(COALESCE(date_start, ?), ?), "
                             "date_end = max(COALESCE(date_end, ?), ?), location = COALESCE(location, ?) WHERE id = ?",
                             (p[0].isoformat(), p[0].isoformat(), p[1].isoformat(), p[1].isoformat(), location, cid))
            elif location:
                conn.execute("UPDATE event_clusters SET location = COALESCE(location, ?) WHERE id = ?", (location, cid))
        conn.execute("INSERT OR REPLACE INTO event_cluster_members(event_id, cluster_id, article_id) VALUES (?,?,?)",
                     (ev_id, cid, record.id))
        touched.add(cid)
    return touched


def _find_cluster(conn: sqlite3.Connection, type_: str, dyad: str, p: tuple[date, date, str] | None,
                  location: str | None) -> int | None:
    if p is None:
        row = conn.execute("SELECT id FROM event_clusters WHERE type = ? AND dyad = ? AND date_start IS NULL "
                           "AND (location IS ? OR location IS NULL OR ? IS NULL) LIMIT 1",
                           (type_, dyad, location, location)).fetchone()
        return row[0] if row else None
    start, end, gran = p
    lo, hi = (start - DAY_SLACK, end + DAY_SLACK) if gran in ("day", "week") else (start, end)
    rows = conn.execute("SELECT id, date_start, date_end, location FROM event_clusters WHERE type = ? AND dyad = ? "
                        "AND date_start <= ? AND date_end >= ?", (type_, dyad, hi.isoformat(), lo.isoformat())).fetchall()
    best: tuple[float, int] | None = None
    for cid, ds, de, loc in rows:
        if location and loc and norm(location) != norm(loc):
            continue
        cs, ce = date.fromisoformat(ds), date.fromisoformat(de)
        if gran == "year" and (cs, ce) != (start, end):
            continue  # "in 2017" is no evidence of the same happening as a dated 2017 one
        span = max(ce, end) - min(cs, start)
        if span > max(MAX_DAY_SPAN, end - start, ce - cs):
            continue
        gap = abs((cs + (ce - cs) / 2) - (start + (end - start) / 2)).days
        if best is None or gap < best[0]:
            best = (gap, cid)
    return best[1] if best else None


def refresh_clusters(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Recompute counts and status of event clusters; drop the empty ones."""
    for cid in ids:
        rows = conn.execute(
            "SELECT e.status, m.article_id, a.outlet, COALESCE(h.story_id, m.article_id) FROM event_cluster_members m "
            "JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN article_minhash h ON h.article_id = m.article_id WHERE m.cluster_id = ?", (cid,)).fetchall()
        if not rows:
            conn.execute("DELETE FROM event_clusters WHERE id = ?", (cid,))
            continue
        statuses = Counter(r[0] for r in rows)
        status = max(statuses, key=lambda s: (statuses[s], -STATUS_RANK.get(s, 9)))
        outlets = {r[2] or r[1] for r in rows}
        conn.execute("UPDATE event_clusters SET status = ?, n_events = ?, n_articles = ?, n_outlets = ?, "
                     "n_independent = ?, updated_at = ? WHERE id = ?",
                     (status, len(rows), len({r[1] for r in rows}), len(outlets), len({r[3] for r in rows}),
                      _now(), cid))


# ------------------------------------------------------------------------------ transfer lifecycles

def equipment_key(conn: sqlite3.Connection, article_id: str, entity_id: str | None, name: str) -> str:
    """The canonical entity of the system when linked, else its designation or normalised name."""
    if entity_id:
        row = conn.execute("SELECT canon_id FROM entity_links WHERE article_id = ? AND entity_id = ?",
                           (article_id, entity_id)).fetchone()
        if row:
            return row[0]
    return f"name:{designation(name) or norm(name)}"


def track_transfers(conn: sqlite3.Connection, record: Record) -> set[int]:
    """Put each stored transfer of the just-written article in its lifecycle; the touched lifecycle ids."""
    touched: set[int] = set()
    rows = conn.execute("SELECT id, supplier, recipient, equipment, equipment_entity FROM arms_transfers "
                        "WHERE article_id = ?", (record.id,)).fetchall()
    for tid, supplier, recipient, equipment, entity in rows:
        key = equipment_key(conn, record.id, entity, equipment)
        lid = _find_lifecycle(conn, supplier, recipient, key)
        if lid is None:
            now = _now()
            name = conn.execute("SELECT name FROM canon_entities WHERE id = ?", (key,)).fetchone()
            lid = conn.execute(
                "INSERT INTO transfer_lifecycles(supplier, recipient, equipment_key, equipment, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?)", (supplier, recipient, key, name[0] if name else equipment, now, now)).lastrowid
        elif supplier:
            conn.execute("UPDATE transfer_lifecycles SET supplier = ? WHERE id = ? AND supplier IS NULL", (supplier, lid))
        conn.execute("INSERT OR REPLACE INTO transfer_lifecycle_members(transfer_id, lifecycle_id, article_id) "
                     "VALUES (?,?,?)", (tid, lid, record.id))
        touched.add(lid)
    return touched


def _find_lifecycle(conn: sqlite3.Connection, supplier: str | None, recipient: str | None, key: str) -> int | None:
    rows = conn.execute("SELECT id, supplier FROM transfer_lifecycles WHERE recipient IS ? AND equipment_key = ?",
                        (recipient, key)).fetchall()
    same = [r[0] for r in rows if r[1] == supplier]
    if same:
        return same[0]
    if supplier is None and len(rows) == 1:
        return rows[0][0]  # the supplier is unstated here but known from the other reports
    open_ = [r[0] for r in rows if r[1] is None]
    return open_[0] if supplier and len(open_) == 1 else None


def refresh_lifecycles(conn: sqlite3.Connection, ids: set[int]) -> None:
    """Recompute stage, dates and counts of transfer lifecycles; drop the empty ones."""
    for lid in ids:
        rows = conn.execute(
            "SELECT t.status, COALESCE(t.date, a.published), t.article_id FROM transfer_lifecycle_members m "
            "JOIN arms_transfers t ON t.id = m.transfer_id JOIN articles a ON a.id = t.article_id "
            "WHERE m.lifecycle_id = ?", (lid,)).fetchall()
        if not rows:
            conn.execute("DELETE FROM transfer_lifecycles WHERE id = ?", (lid,))
            continue
        stage = lifecycle_stage([(r[0], r[1]) for r in rows])
        dates = sorted(r[1] for r in rows if r[1])
        now = _now()
        conn.execute("UPDATE transfer_lifecycles SET stage = ?, first_date = ?, last_date = ?, n_reports = ?, "
                     "n_articles = ?, updated_at = ?, stage_changed_at = CASE WHEN stage IS ? THEN stage_changed_at "
                     "ELSE ? END WHERE id = ?",
                     (stage, dates[0] if dates else None, dates[-1] if dates else None, len(rows),
                      len({r[2] for r in rows}), now, stage, now, lid))


def lifecycle_stage(reports: list[tuple[str, str | None]]) -> str:
    """The furthest stage reached; ``cancelled`` when the latest dated report says so."""
    dated = sorted((d or "", s) for s, d in reports)
    if dated and dated[-1][1] == "cancelled":
        return "cancelled"
    ranked = [s for s, _ in reports if s in STAGE_RANK]
    if not ranked:
        return reports[0][0]
    return max(ranked, key=lambda s: (STAGE_RANK[s], s == "offered"))

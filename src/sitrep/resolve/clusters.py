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
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from datasketch import MinHash

from sitrep.records import Record
from sitrep.resolve.names import designation, norm
from sitrep.vocab import STAGE_RANK, SYMMETRIC, period

NUM_PERM = 128
BANDS, ROWS = 14, 9  # datasketch's optimal (b, r) for a 0.7 threshold at 128 permutations
DUP_THRESHOLD = 0.7
SHINGLE = 4
STATUS_RANK = {"occurred": 0, "planned": 1, "reported_intent": 2, "rumored": 3, "speculated": 4}
DAY_SLACK = timedelta(days=3)
MAX_DAY_SPAN = timedelta(days=7)
MAX_CLUSTER_SPAN = timedelta(days=367)  # the widest a cluster gets: a year (clusters only join overlapping spans)


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


def index_story(conn: Any, record: Record) -> tuple[str, float]:
    """File the article in its near-duplicate story; ``(story_id, similarity)``.

    Leader clustering: only the first article of each story (its *head*) is banded into
    ``lsh_bands``, so a new article is compared with the heads whose bands it shares, never with
    every republished copy (the cost per article does not grow with a story's size). An article
    that matches no head at :data:`DUP_THRESHOLD` starts a story of its own.
    """
    m = minhash(f"{record.title or ''}\n{record.text}")
    values = m.hashvalues.astype(np.uint64)
    bands = _bands(values)
    union = " UNION ".join("SELECT article_id FROM lsh_bands WHERE band = ? AND hash = ?" for _ in bands)
    flat = [x for pair in bands for x in pair]
    cands = sorted({r[0] for r in conn.execute(union, flat) if r[0] != record.id})
    story, top = record.id, 0.0
    if cands:
        marks = ",".join("?" * len(cands))
        for _aid, sig, story_id in conn.execute(
                f"SELECT article_id, signature, story_id FROM article_minhash WHERE article_id IN ({marks})", cands):
            sim = float(np.mean(np.frombuffer(bytes(sig), dtype="<u8") == values))
            if sim >= DUP_THRESHOLD and (sim > top or (sim == top and story_id < story)):
                story, top = story_id, sim
    best = round(top, 3) if top else 1.0
    conn.execute("INSERT INTO article_minhash(article_id, signature, story_id, similarity) VALUES (?,?,?,?) "
                 "ON CONFLICT(article_id) DO UPDATE SET signature = excluded.signature, story_id = excluded.story_id, "
                 "similarity = excluded.similarity", (record.id, values.astype("<u8").tobytes(), story, best))
    if story == record.id:  # a new story: its head is what later copies are compared with
        conn.executemany("INSERT INTO lsh_bands(band, hash, article_id) VALUES (?,?,?)",
                         [(b, h, record.id) for b, h in bands])
    return story, best


# ------------------------------------------------------------------------------ event clusters

def dyad_key(type_: str, source: str | None, target: str | None) -> str:
    a, b = source or "", target or ""
    if type_ in SYMMETRIC and a and b and b < a:
        a, b = b, a
    return f"{a}-{b}"


def cluster_events(conn: Any, record: Record) -> set[int]:
    """Put each stored event of the just-written article in its cluster and count it there (the
    cluster's tallies grow by this article only); returns the touched cluster ids."""
    touched: set[int] = set()
    rows = conn.execute("SELECT id, type, source, target, date, location, status FROM events WHERE article_id = ? "
                        "ORDER BY id", (record.id,)).fetchall()
    if not rows:
        return touched
    art = conn.execute("SELECT a.outlet, h.story_id FROM articles a LEFT JOIN article_minhash h "
                       "ON h.article_id = a.id WHERE a.id = ?", (record.id,)).fetchone()
    outlet, story = (art[0] or record.id, art[1] or record.id) if art else (record.id, record.id)
    for ev_id, type_, source, target, when, location, status in rows:
        p = period(when) or period(record.published)
        dyad = dyad_key(type_, source, target)
        found = _find_cluster(conn, type_, dyad, p, location)
        now = _now()
        if found is None:
            a, b = dyad.split("-", 1)
            cid = conn.execute(
                "INSERT INTO event_clusters(type, source, target, dyad, date_start, date_end, location, created_at, "
                "updated_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
                (type_, a or None, b or None, dyad, p[0].isoformat() if p else None, p[1].isoformat() if p else None,
                 location, now, now)).fetchone()[0]
        else:
            cid, ds, de, loc = found
            if p:
                start = min(ds, p[0].isoformat()) if ds else p[0].isoformat()
                end = max(de, p[1].isoformat()) if de else p[1].isoformat()
                conn.execute("UPDATE event_clusters SET date_start = ?, date_end = ?, location = COALESCE(location, ?) "
                             "WHERE id = ?", (start, end, location, cid))
            elif location and not loc:
                conn.execute("UPDATE event_clusters SET location = ? WHERE id = ?", (location, cid))
        conn.execute("INSERT INTO event_cluster_members(event_id, cluster_id, article_id) VALUES (?,?,?) "
                     "ON CONFLICT(event_id) DO UPDATE SET cluster_id = excluded.cluster_id, "
                     "article_id = excluded.article_id", (ev_id, cid, record.id))
        conn.execute("UPDATE events SET cluster_id = ? WHERE id = ?", (cid, ev_id))
        _count_member(conn, cid, record.id, outlet, story, status, now)
        touched.add(cid)
    return touched


def _tally(conn: Any, cid: int, kind: str, value: str) -> bool:
    """Count one more ``kind=value`` member of cluster ``cid``; True when the value is new there."""
    if conn.execute("UPDATE event_cluster_tallies SET n = n + 1 WHERE cluster_id = ? AND kind = ? AND value = ?",
                    (cid, kind, value)).rowcount:
        return False
    conn.execute("INSERT INTO event_cluster_tallies(cluster_id, kind, value, n) VALUES (?,?,?,1)", (cid, kind, value))
    return True


def _count_member(conn: Any, cid: int, article_id: str, outlet: str, story: str, status: str, now: str) -> None:
    """Add one event (of a newly stored article) to the counts and status of cluster ``cid``."""
    new_article = _tally(conn, cid, "article", article_id)
    new_outlet = _tally(conn, cid, "outlet", outlet) if new_article else False
    new_story = _tally(conn, cid, "story", story) if new_article else False
    _tally(conn, cid, "status", status)
    statuses = {r[0]: r[1] for r in conn.execute(
        "SELECT value, n FROM event_cluster_tallies WHERE cluster_id = ? AND kind = 'status'", (cid,))}
    best = max(statuses, key=lambda s: (statuses[s], -STATUS_RANK.get(s, 9)))
    conn.execute("UPDATE event_clusters SET status = ?, n_events = n_events + 1, n_articles = n_articles + ?, "
                 "n_outlets = n_outlets + ?, n_independent = n_independent + ?, updated_at = ? WHERE id = ?",
                 (best, int(new_article), int(new_outlet), int(new_story), now, cid))


def _find_cluster(conn: Any, type_: str, dyad: str, p: tuple[date, date, str] | None,
                  location: str | None) -> tuple[int, str | None, str | None, str | None] | None:
    """``(id, date_start, date_end, location)`` of the cluster an event joins, or None."""
    if p is None:
        row = conn.execute("SELECT id, date_start, date_end, location FROM event_clusters WHERE type = ? AND dyad = ? "
                           "AND date_start IS NULL AND (location = ? OR location IS NULL OR ? IS NULL) "
                           "ORDER BY id LIMIT 1", (type_, dyad, location, location)).fetchone()
        return tuple(row) if row else None  # type: ignore[return-value]
    start, end, gran = p
    lo, hi = (start - DAY_SLACK, end + DAY_SLACK) if gran in ("day", "week") else (start, end)
    # a cluster never spans more than a year, so one that overlaps [lo, hi] starts after lo - MAX_SPAN:
    # the index range stays as narrow as the date window, however many clusters the dyad has
    rows = conn.execute("SELECT id, date_start, date_end, location FROM event_clusters WHERE type = ? AND dyad = ? "
                        "AND date_start <= ? AND date_start >= ? AND date_end >= ? ORDER BY id",
                        (type_, dyad, hi.isoformat(), (lo - MAX_CLUSTER_SPAN).isoformat(), lo.isoformat())).fetchall()
    best: tuple[float, tuple[int, str, str, str | None]] | None = None
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
            best = (gap, (cid, ds, de, loc))
    return best[1] if best else None


def refresh_clusters(conn: Any, ids: set[int]) -> None:
    """Recompute the tallies, counts and status of event clusters from their members (after a
    deletion); drop the empty ones."""
    for cid in ids:
        rows = conn.execute(
            "SELECT e.status, m.article_id, a.outlet, COALESCE(h.story_id, m.article_id) FROM event_cluster_members m "
            "JOIN events e ON e.id = m.event_id JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN article_minhash h ON h.article_id = m.article_id WHERE m.cluster_id = ?", (cid,)).fetchall()
        conn.execute("DELETE FROM event_cluster_tallies WHERE cluster_id = ?", (cid,))
        if not rows:
            conn.execute("DELETE FROM event_clusters WHERE id = ?", (cid,))
            continue
        statuses = Counter(r[0] for r in rows)
        articles = Counter(r[1] for r in rows)
        members = {(r[1], r[2] or r[1], r[3]) for r in rows}  # (article, outlet, story) once per article
        outlets = Counter(outlet for _a, outlet, _s in members)
        stories = Counter(story for _a, _o, story in members)
        conn.executemany("INSERT INTO event_cluster_tallies(cluster_id, kind, value, n) VALUES (?,?,?,?)",
                         [(cid, kind, value, n) for kind, c in (("status", statuses), ("article", articles),
                                                               ("outlet", outlets), ("story", stories))
                          for value, n in sorted(c.items())])
        status = max(statuses, key=lambda s: (statuses[s], -STATUS_RANK.get(s, 9)))
        conn.execute("UPDATE event_clusters SET status = ?, n_events = ?, n_articles = ?, n_outlets = ?, "
                     "n_independent = ?, updated_at = ? WHERE id = ?",
                     (status, len(rows), len(articles), len(outlets), len(stories), _now(), cid))


# ------------------------------------------------------------------------------ transfer lifecycles

def equipment_key(conn: Any, article_id: str, entity_id: str | None, name: str) -> str:
    """The canonical entity of the system when linked, else its designation or normalised name."""
    if entity_id:
        row = conn.execute("SELECT canon_id FROM entity_links WHERE article_id = ? AND entity_id = ?",
                           (article_id, entity_id)).fetchone()
        if row:
            return row[0]
    return f"name:{designation(name) or norm(name)}"


def track_transfers(conn: Any, record: Record) -> set[int]:
    """Put each stored transfer of the just-written article in its lifecycle and advance the
    lifecycle by it (its state grows by this article only); the touched lifecycle ids."""
    touched: set[int] = set()
    rows = conn.execute("SELECT id, supplier, recipient, equipment, equipment_entity, status, effective_date "
                        "FROM arms_transfers WHERE article_id = ? ORDER BY id", (record.id,)).fetchall()
    counted: set[int] = set()
    for tid, supplier, recipient, equipment, entity, status, when in rows:
        key = equipment_key(conn, record.id, entity, equipment)
        lid = _find_lifecycle(conn, supplier, recipient, key)
        now = _now()
        if lid is None:
            name = conn.execute("SELECT name FROM canon_entities WHERE id = ?", (key,)).fetchone()
            lid = conn.execute(
                "INSERT INTO transfer_lifecycles(supplier, recipient, equipment_key, equipment, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?) RETURNING id",
                (supplier, recipient, key, name[0] if name else equipment, now, now)).fetchone()[0]
        elif supplier:
            conn.execute("UPDATE transfer_lifecycles SET supplier = ? WHERE id = ? AND supplier IS NULL", (supplier, lid))
        conn.execute("INSERT INTO transfer_lifecycle_members(transfer_id, lifecycle_id, article_id) VALUES (?,?,?) "
                     "ON CONFLICT(transfer_id) DO UPDATE SET lifecycle_id = excluded.lifecycle_id, "
                     "article_id = excluded.article_id", (tid, lid, record.id))
        _advance(conn, lid, status, when, lid not in counted, now)
        counted.add(lid)
        touched.add(lid)
    return touched


def _advance(conn: Any, lid: int, status: str, when: str | None, new_article: bool, now: str) -> None:
    """Add one report to lifecycle ``lid``: dates, counts, furthest stage, latest report, stage."""
    row = conn.execute("SELECT stage, first_date, last_date, furthest, latest_status, n_reports "
                       "FROM transfer_lifecycles WHERE id = ?", (lid,)).fetchone()
    stage, first, last, furthest, latest, n = row
    if n == 0:
        first = last = when
        furthest = status if status in STAGE_RANK else None
        latest = status
    else:
        if when and (first is None or when < first):
            first = when
        if (when or "", status) > (last or "", latest or ""):
            latest = status
        if when and (last is None or when > last):
            last = when
        if status in STAGE_RANK and (furthest is None or _stage_key(status) > _stage_key(furthest)):
            furthest = status
    new_stage = "cancelled" if latest == "cancelled" else (furthest or latest)
    conn.execute("UPDATE transfer_lifecycles SET stage = ?, first_date = ?, last_date = ?, furthest = ?, "
                 "latest_status = ?, n_reports = n_reports + 1, n_articles = n_articles + ?, updated_at = ?, "
                 "stage_changed_at = CASE WHEN stage IS ? THEN stage_changed_at ELSE ? END WHERE id = ?",
                 (new_stage, first, last, furthest, latest, int(new_article), now, new_stage, now, lid))


def _stage_key(status: str) -> tuple[int, bool]:
    return STAGE_RANK[status], status == "offered"


def _find_lifecycle(conn: Any, supplier: str | None, recipient: str | None, key: str) -> int | None:
    rows = conn.execute("SELECT id, supplier FROM transfer_lifecycles WHERE equipment_key = ? AND "
                        "(recipient = ? OR (recipient IS NULL AND ? IS NULL)) ORDER BY id",
                        (key, recipient, recipient)).fetchall()
    same = [r[0] for r in rows if r[1] == supplier]
    if same:
        return same[0]
    if supplier is None and len(rows) == 1:
        return rows[0][0]  # the supplier is unstated here but known from the other reports
    open_ = [r[0] for r in rows if r[1] is None]
    return open_[0] if supplier and len(open_) == 1 else None


def refresh_lifecycles(conn: Any, ids: set[int]) -> None:
    """Recompute stage, dates and counts of transfer lifecycles from their reports (after a
    deletion); drop the empty ones."""
    for lid in ids:
        rows = conn.execute(
            "SELECT t.status, t.effective_date, t.article_id FROM transfer_lifecycle_members m "
            "JOIN arms_transfers t ON t.id = m.transfer_id WHERE m.lifecycle_id = ?", (lid,)).fetchall()
        if not rows:
            conn.execute("DELETE FROM transfer_lifecycles WHERE id = ?", (lid,))
            continue
        stage = lifecycle_stage([(r[0], r[1]) for r in rows])
        dates = sorted(r[1] for r in rows if r[1])
        ranked = [r[0] for r in rows if r[0] in STAGE_RANK]
        furthest = max(ranked, key=_stage_key) if ranked else None
        latest = max((r[1] or "", r[0]) for r in rows)[1]
        now = _now()
        conn.execute("UPDATE transfer_lifecycles SET stage = ?, first_date = ?, last_date = ?, furthest = ?, "
                     "latest_status = ?, n_reports = ?, n_articles = ?, updated_at = ?, "
                     "stage_changed_at = CASE WHEN stage IS ? THEN stage_changed_at ELSE ? END WHERE id = ?",
                     (stage, dates[0] if dates else None, dates[-1] if dates else None, furthest, latest, len(rows),
                      len({r[2] for r in rows}), now, stage, now, lid))


def lifecycle_stage(reports: list[tuple[str, str | None]]) -> str:
    """The furthest stage reached; ``cancelled`` when the latest dated report says so."""
    dated = sorted((d or "", s) for s, d in reports)
    if dated and dated[-1][1] == "cancelled":
        return "cancelled"
    ranked = [s for s, _ in reports if s in STAGE_RANK]
    if not ranked:
        return reports[0][0]
    return max(ranked, key=_stage_key)

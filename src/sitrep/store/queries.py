"""Knowledge queries over a store: timeline, profile, search, what's new, canonical entities,
stories, event clusters and transfer lifecycles. Every method returns plain dicts and lists
(``pandas.DataFrame(rows)`` / ``polars.DataFrame(rows)`` take them as they are).

    kb = sitrep.api.open("sitrep.db")
    kb.timeline("IRN-RUS", by="month")
    kb.profile("Amir Hatami"); kb.profile("IRN"); kb.profile("S-400")
    kb.search("S-400 delivery"); kb.new(since="2024-05-01")
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any

from sitrep.errors import SitrepError
from sitrep.store.db import database_errors, map_error
from sitrep.store.filters import Split, date_filters, parse_dyad
from sitrep.store.fts import QUOTE_COLUMNS, fts_query, pg_tsquery
from sitrep.store.store import (
    SNIPPET_CLOSE,
    SNIPPET_ELLIPSIS,
    SNIPPET_OPEN,
    SNIPPET_TOKENS,
    TS_CONFIG,
    Store,
    ts_headline_options,
)
from sitrep.vocab import STAGE_RANK, STAGES, SYMMETRIC, norm, period

PERIODS = {"day": 10, "month": 7, "year": 4}
MEETING_TYPES = ("CONSULT",)
AGREEMENT_TYPES = ("AGREE", "COOPERATE")


def _period(value: str | None, by: str) -> str | None:
    if not value:
        return None
    if by == "week":
        p = period(value)
        if p is None or p[2] not in ("day", "week"):
            return None
        y, w, _ = p[0].isocalendar()
        return f"{y}-W{w:02d}"
    n = PERIODS[by]
    return value[:n] if len(value) >= n else None


class Knowledge(Store):
    """A store opened for knowledge queries (everything :class:`Store` does, and more)."""

    # -- canonical entities

    def entities(self, type: str | None = None, query: str | None = None, limit: int | None = 50) -> list[dict]:
        """Canonical entities, most mentioned first; ``query`` filters on name (substring, accents ignored)."""
        where, args = [], []
        if type:
            where.append("c.type = ?")
            args.append(type.upper())
        if query:
            where.append("c.id IN (SELECT canon_id FROM canon_keys WHERE key LIKE ?)")
            args.append(f"name:%{norm(query)}%")
        sql = ("SELECT c.id, c.type, c.name, c.code, c.country, c.role, c.mention_count, c.article_count, "
               "c.first_seen, c.last_seen FROM canon_entities c" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY c.mention_count DESC, c.id LIMIT ?")
        return [dict(r) for r in self._query(sql, [*args, -1 if limit is None else limit])]

    def entity(self, ref: str) -> dict[str, Any]:
        """The canonical entity ``ref`` names: an id, an ISO3 code, a name or alias, or a close spelling."""
        cid = self.find_entity(ref)
        if cid is None:
            raise SitrepError("E304", f"no entity matches {ref!r}; list entities with `sitrep entities --query NAME`.")
        row = dict(self._query("SELECT * FROM canon_entities WHERE id = ?", (cid,))[0])
        row["aliases"] = [r[0] for r in self._query(
            "SELECT alias FROM canon_aliases WHERE canon_id = ? ORDER BY count DESC, alias", (cid,))]
        return row

    def find_entity(self, ref: str) -> str | None:
        """Canonical id for ``ref`` (see :meth:`entity`), or None."""
        ref = (ref or "").strip()
        if not ref:
            return None
        if self._query("SELECT 1 FROM canon_entities WHERE id = ?", (ref,)):
            return ref
        if len(ref) == 3 and ref.isalpha() and ref.isupper() or ref.startswith("IGO:"):
            rows = self._query("SELECT canon_id FROM canon_keys WHERE key IN (?, ?) ORDER BY key, canon_id",
                               (f"code:{ref}", f"kb:{ref}"))
            if rows:
                return rows[0][0]
        n = norm(ref)
        rows = self._query("SELECT c.id FROM canon_keys k JOIN canon_entities c ON c.id = k.canon_id "
                           "WHERE k.key IN (?,?,?,?,?) ORDER BY c.mention_count DESC, c.id LIMIT 1",
                           [f"name:{t}:{n}" for t in ("PERSON", "ORG", "COUNTRY", "LOCATION", "EQUIPMENT")])
        if rows:
            return rows[0][0]
        rows = self._query("SELECT canon_id FROM canon_keys WHERE key IN (?, ?) ORDER BY key, canon_id LIMIT 1",
                           (f"sur:{n}", f"des:{n.replace(' ', '')}"))
        if rows:
            return rows[0][0]
        from rapidfuzz import fuzz, process  # noqa: PLC0415

        names = {r[0]: r[1] for r in self._query(
            "SELECT key, canon_id FROM canon_keys WHERE key >= 'name:' AND key < 'name;' AND key LIKE ? "
            "ORDER BY key, canon_id",
            (f"name:%:{n[:1]}%",))}
        best = process.extractOne(n, {k: k.split(":", 2)[2] for k in names}, scorer=fuzz.ratio, score_cutoff=85)
        return names[best[2]] if best else None

    # -- profile

    def profile(self, ref: str, limit: int = 20) -> dict[str, Any]:
        """Who/what ``ref`` is, with roles, meetings, agreements, deals, quotes, first/last seen and sources."""
        ent = self.entity(ref)
        cid = ent["id"]
        links = "SELECT article_id, entity_id FROM entity_links WHERE canon_id = ?"
        out: dict[str, Any] = {"entity": ent}
        if ent["type"] == "PERSON":
            out["roles"] = self._counts(f"SELECT e.role FROM ({links}) l JOIN entities e ON e.article_id = l.article_id "
                                        "AND e.entity_id = l.entity_id WHERE e.role IS NOT NULL", (cid,))
        if ent["type"] == "COUNTRY" and ent.get("code"):
            ev_where, ev_args = "(x.source = ? OR x.target = ?)", [ent["code"], ent["code"]]
        else:
            ev_where = ("EXISTS (SELECT 1 FROM entity_links l WHERE l.canon_id = ? AND l.article_id = x.article_id "
                        "AND l.entity_id IN (x.source_actor, x.target_actor))")
            ev_args = [cid]
        out["meetings"] = self._events(ev_where, ev_args, MEETING_TYPES, limit)
        out["agreements"] = self._events(ev_where, ev_args, AGREEMENT_TYPES, limit)
        out["event_counts"] = self._counts(f"SELECT x.type FROM events x WHERE {ev_where}", ev_args)
        out["deals"] = self._deals(ent, limit)
        out["quotes"] = [dict(r) for r in self._query(
            "SELECT q.article_id, a.published, a.outlet, q.speaker, q.text FROM entity_links l "
            "JOIN quotes q ON q.article_id = l.article_id AND q.speaker_entity = l.entity_id "
            "JOIN articles a ON a.id = q.article_id WHERE l.canon_id = ? "
            "ORDER BY a.published IS NULL, a.published DESC, q.id LIMIT ?", (cid, limit))]
        out["first_seen"], out["last_seen"] = ent["first_seen"], ent["last_seen"]
        out["sources"] = {
            "outlets": self._counts("SELECT a.outlet FROM entity_links l JOIN articles a ON a.id = l.article_id "
                                    "WHERE l.canon_id = ? AND a.outlet IS NOT NULL", (cid,)),
            "cited": self._counts("SELECT s.name FROM entity_links l JOIN sources_cited s ON s.article_id = l.article_id "
                                  "WHERE l.canon_id = ?", (cid,)),
        }
        out["related"] = [dict(r) for r in self._query(
            "SELECT c.id, c.type, c.name, count(DISTINCT o.article_id) AS articles FROM entity_links l "
            "JOIN entity_links o ON o.article_id = l.article_id AND o.canon_id != l.canon_id "
            "JOIN canon_entities c ON c.id = o.canon_id WHERE l.canon_id = ? "
            "GROUP BY c.id ORDER BY articles DESC, c.mention_count DESC, c.id LIMIT ?", (cid, limit))]
        out["articles"] = [dict(r) for r in self._query(
            "SELECT a.id, a.published, a.outlet, a.title FROM articles a WHERE a.id IN "
            "(SELECT article_id FROM entity_links WHERE canon_id = ?) "
            "ORDER BY a.published IS NULL, a.published DESC, a.id LIMIT ?", (cid, limit))]
        return out

    def _counts(self, sql: str, args: Any) -> dict[str, int]:
        c = Counter(r[0] for r in self._query(sql, args))
        return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))

    def _events(self, where: str, args: list, types: tuple[str, ...], limit: int) -> list[dict]:
        marks = ",".join("?" * len(types))
        return [dict(r) for r in self._query(
            f"SELECT x.id, x.article_id, x.type, x.source, x.target, x.status, x.effective_date AS date, "
            f"x.location, x.evidence_text, x.cluster_id FROM events x WHERE {where} AND x.type IN ({marks}) "
            f"ORDER BY x.effective_date IS NULL, x.effective_date DESC, x.id LIMIT ?", [*args, *types, limit])]

    def _deals(self, ent: dict, limit: int) -> list[dict]:
        if ent["type"] == "COUNTRY":
            where, args = "supplier = ? OR recipient = ?", [ent["code"], ent["code"]]
        elif ent["type"] == "EQUIPMENT":
            where, args = "equipment_key = ?", [ent["id"]]
        elif ent.get("country"):
            where, args = "supplier = ? OR recipient = ?", [ent["country"], ent["country"]]
        else:
            return []
        ids = [r[0] for r in self._query(f"SELECT id FROM transfer_lifecycles WHERE {where} "
                                         "ORDER BY last_date IS NULL, last_date DESC, id LIMIT ?", [*args, limit])]
        return [self.lifecycle(i) for i in ids]

    # -- lifecycles, clusters, stories

    def lifecycles(self, country: str | None = None, equipment: str | None = None, stage: str | None = None,
                   limit: int | None = 100) -> list[dict]:
        """Transfer lifecycles (one per supplier, recipient, system), latest first."""
        where, args = [], []
        if country:
            where.append("(supplier = ? OR recipient = ?)")
            args += [country, country]
        if equipment:
            cid = self.find_entity(equipment)
            where.append("(equipment_key = ? OR equipment LIKE ?)")
            args += [cid or "", f"%{equipment}%"]
        if stage:
            where.append("stage = ?")
            args.append(stage)
        sql = ("SELECT * FROM transfer_lifecycles" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY last_date IS NULL, last_date DESC, id LIMIT ?")
        return [dict(r) for r in self._query(sql, [*args, -1 if limit is None else limit])]

    def lifecycle(self, lifecycle_id: int) -> dict:
        """One lifecycle with its steps (interest → … → delivered), each with its evidence."""
        rows = self._query("SELECT * FROM transfer_lifecycles WHERE id = ?", (lifecycle_id,))
        if not rows:
            raise SitrepError("E304", f"no transfer lifecycle {lifecycle_id}.")
        lc = dict(rows[0])
        reports = [dict(r) for r in self._query(
            "SELECT t.id, t.article_id, a.outlet, a.published, t.status, t.effective_date AS date, "
            "t.quantity, t.value, t.evidence_text FROM transfer_lifecycle_members m JOIN arms_transfers t "
            "ON t.id = m.transfer_id JOIN articles a ON a.id = t.article_id WHERE m.lifecycle_id = ? "
            "ORDER BY t.effective_date IS NULL, t.effective_date, t.id", (lifecycle_id,))]
        steps = []
        order = [*STAGES, "cancelled", "rumored"]
        for status in sorted({r["status"] for r in reports}, key=lambda s: order.index(s) if s in order else 99):
            ev = [r for r in reports if r["status"] == status]
            steps.append({"status": status, "first_date": ev[0]["date"], "reports": len(ev), "evidence": ev})
        lc["steps"] = steps
        lc["reached"] = [s["status"] for s in steps if STAGE_RANK.get(s["status"], -1) >= 0]
        return lc

    def clusters(self, dyad: str | None = None, type: str | None = None, min_articles: int = 1,
                 limit: int | None = 100) -> list[dict]:
        """Event clusters (one per happening), latest first, with their articles and outlets."""
        where, args = ["n_articles >= ?"], [min_articles]
        if dyad:
            a, b = parse_dyad(dyad)
            where.append("dyad IN (?, ?)")
            args += [f"{a}-{b}", f"{b}-{a}"]
        if type:
            where.append("type = ?")
            args.append(type.upper())
        rows = [dict(r) for r in self._query(
            "SELECT * FROM event_clusters WHERE " + " AND ".join(where)
            + " ORDER BY date_start IS NULL, date_start DESC, id LIMIT ?", [*args, -1 if limit is None else limit])]
        articles = self.cluster_articles([r["id"] for r in rows])
        for r in rows:
            r["articles"] = articles.get(r["id"], [])
        return rows

    def cluster_articles(self, cluster_ids: list[int]) -> dict[int, list[dict]]:
        """The articles of each cluster (oldest first, undated first), with the story each belongs to."""
        out: dict[int, list[dict]] = {}
        for chunk in _chunks(cluster_ids):
            marks = ",".join("?" * len(chunk))
            for r in self._query(
                    "SELECT m.cluster_id, a.id AS article_id, a.outlet, a.published, a.title, "
                    "COALESCE(h.story_id, a.id) AS story_id FROM (SELECT DISTINCT cluster_id, article_id "
                    f"FROM event_cluster_members WHERE cluster_id IN ({marks})) m JOIN articles a ON a.id = m.article_id "
                    "LEFT JOIN article_minhash h ON h.article_id = a.id "
                    "ORDER BY a.published IS NOT NULL, a.published, a.id", chunk):
                r = dict(r)
                out.setdefault(r.pop("cluster_id"), []).append(r)
        return out

    def stories(self, min_articles: int = 2, limit: int | None = 100) -> list[dict]:
        """Near-duplicate groups (the same story republished): ``{story_id, articles: [...]}``."""
        ids = [r[0] for r in self._query(
            "SELECT story_id FROM article_minhash GROUP BY story_id HAVING count(*) >= ? "
            "ORDER BY count(*) DESC, story_id LIMIT ?", (min_articles, -1 if limit is None else limit))]
        members: dict[str, list[dict]] = {s: [] for s in ids}
        for chunk in _chunks(ids):
            for r in self._query(
                    "SELECT h.story_id, h.article_id, a.outlet, a.published, a.title, h.similarity FROM article_minhash h "
                    f"JOIN articles a ON a.id = h.article_id WHERE h.story_id IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY a.pk", chunk):
                r = dict(r)
                members[r.pop("story_id")].append(r)
        return [{"story_id": s, "articles": members[s]} for s in ids]

    # -- timeline

    def timeline(self, dyad: str | None = None, by: str = "month", type: str | None = None,
                 country: str | None = None, since: str | None = None, until: str | None = None,
                 limit: int = 200) -> dict[str, Any]:
        """Events over time: per period the distinct happenings (event clusters), the reports (event
        rows) and the types; plus the happenings themselves (latest ``limit``)."""
        if by not in (*PERIODS, "week"):
            raise SitrepError("E400", f"--by {by!r}: use day, week, month or year.")
        where, args = [], []
        on_clusters, cluster_args = [], []  # the same filters over event_clusters x (no dates)
        if dyad:
            a, b = parse_dyad(dyad)
            where.append("((x.source = ? AND x.target = ?) OR (x.source = ? AND x.target = ?))")
            args += [a, b, b, a]
            on_clusters.append("x.dyad IN (?, ?)")  # a cluster's dyad is "source-target", or sorted
            cluster_args += [f"{a}-{b}", f"{b}-{a}"]
        split = Split("source", "target", country) if country else None
        if type:
            types = [t.strip().upper() for t in type.split(",") if t.strip()]
            where.append(f"x.type IN ({','.join('?' * len(types))})")
            args += types
            on_clusters.append(where[-1])
            cluster_args += types
        date_filters(since, until, where, args)
        # per (period, type): reports, and distinct happenings (an event outside any cluster is one)
        if by == "week":  # ISO weeks are computed here, from each event's day
            every, every_args = where + ([split.either()] if split else []), args + ([country] * 2 if split else [])
            grouped: Counter[tuple[str | None, str]] = Counter()
            keys: dict[tuple[str | None, str], set] = {}
            for r in self._query("SELECT x.id, x.type, x.effective_date, x.cluster_id FROM events x"
                                 + (" WHERE " + " AND ".join(every) if every else ""), every_args):
                k = (_period(r[2], by), r[1])
                grouped[k] += 1
                keys.setdefault(k, set()).add(r[3] if r[3] is not None else f"e{r[0]}")
            cells = [(p, t, n, len(keys[(p, t)])) for (p, t), n in grouped.items()]
        else:  # day, month, year: counted in SQL from covering index reads (no event row is looked up)
            width = PERIODS[by]
            cells = [(r[1] if r[1] and len(r[1]) >= width else None, r[0], r[2], r[3])
                     for r in self._query(*_happening_cells(width, where, args, split))]
        buckets: dict[str, dict[str, Any]] = {}
        undated = reports = 0
        for p, etype, n_reports, n_happenings in cells:
            reports += n_reports
            if p is None:
                undated += n_reports
                continue
            b = buckets.setdefault(p, {"period": p, "events": 0, "reports": 0, "types": Counter()})
            b["reports"] += n_reports
            b["events"] += n_happenings  # a cluster has one type: per-type counts add up
            b["types"][etype] += n_happenings
        series = []
        for p in sorted(buckets):
            b = buckets[p]
            b["types"] = dict(sorted(b["types"].items(), key=lambda kv: (-kv[1], kv[0])))
            series.append(b)
        happenings = []
        if reports:
            if since or until:
                sql, sql_args = _happening_list(where, args, split, limit, through_reports=True)
            else:
                sql, sql_args = _happening_list(on_clusters, cluster_args, split, limit)
            happenings = [dict(r) for r in self._query(sql, sql_args)]
        return {"dyad": dyad, "by": by, "type": type, "total_events": sum(b["events"] for b in series),
                "total_reports": reports, "undated": undated, "series": series, "events": happenings}

    # -- search and news

    def search(self, query: str, limit: int = 20, kinds: tuple[str, ...] = ("article", "quote")) -> list[dict]:
        """Full-text search (FTS5) over article titles/texts and quotes; each hit has a ``kind``
        (article or quote), a ``snippet`` with the match in [brackets] and a bm25 ``score`` (lower is better)."""
        query = (query or "").strip()
        if not query:
            return []
        if self.postgres:
            return self._pg_search(query, limit, kinds)
        hits: list[dict] = []
        match = fts_query(query)
        if "article" in kinds:
            sql = ("SELECT a.id, a.id AS article_id, a.title, a.outlet, a.published, a.url, "
                   "snippet(articles_fts, -1, ?, ?, ?, ?) AS snippet, bm25(articles_fts) AS score "
                   "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                   "WHERE articles_fts MATCH ? ORDER BY score, a.id LIMIT ?")
            for q in (match, '"' + query.replace('"', '""') + '"'):
                try:
                    rows = self.conn.execute(sql, (SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS, SNIPPET_TOKENS,
                                                   q, limit)).fetchall()
                    hits += [{"kind": "article", **dict(r)} for r in rows]
                    break
                except sqlite3.OperationalError:
                    continue
        if "quote" in kinds:
            sql = ("SELECT q.id AS quote_id, q.article_id, a.title, a.outlet, a.published, a.url, q.speaker, "
                   "snippet(quotes_fts, 0, ?, ?, ?, ?) AS snippet, bm25(quotes_fts) AS score FROM quotes_fts "
                   "JOIN quotes q ON q.id = quotes_fts.rowid JOIN articles a ON a.id = q.article_id "
                   "WHERE quotes_fts MATCH ? ORDER BY score, q.id LIMIT ?")
            for q in (match, '"' + query.replace('"', '""') + '"'):
                try:
                    rows = self.conn.execute(sql, (SNIPPET_OPEN, SNIPPET_CLOSE, SNIPPET_ELLIPSIS, SNIPPET_TOKENS,
                                                   q, limit)).fetchall()
                    hits += [{"kind": "quote", "id": r["article_id"], **dict(r)} for r in rows]
                    break
                except sqlite3.OperationalError:
                    continue
        hits.sort(key=lambda h: (h["score"], h["kind"], h["article_id"]))
        return hits[:limit]

    def _pg_search(self, query: str, limit: int, kinds: tuple[str, ...]) -> list[dict]:
        """:meth:`search` on PostgreSQL: the tsquery with the FTS5 query's meaning (:func:`pg_tsquery`:
        the same inflections widened, the same phrase fallback), ``ts_rank`` as ``-score``,
        ``ts_headline`` snippets. The hits are SQLite's; ranking and snippets differ."""
        opts = ts_headline_options()
        hits: list[dict] = []
        if "article" in kinds:
            tsq, targs = pg_tsquery(query)
            sql = ("WITH hits AS (SELECT a.pk, ts_rank(a.tsv, t.q) AS rank, t.q FROM articles a, "
                   f"(SELECT {tsq} AS q) t WHERE a.tsv @@ t.q ORDER BY rank DESC, a.id LIMIT ?) "
                   "SELECT a.id, a.id AS article_id, a.title, a.outlet, a.published, a.url, "
                   f"ts_headline('{TS_CONFIG}', coalesce(a.title, '') || ' ' || a.text, h.q, ?) AS snippet, "
                   "-h.rank AS score FROM hits h JOIN articles a ON a.pk = h.pk ORDER BY h.rank DESC, a.id")
            hits += [{"kind": "article", **dict(r)} for r in self._query(sql, [*targs, limit, opts])]
        if "quote" in kinds:
            tsq, targs = pg_tsquery(query, columns=QUOTE_COLUMNS)
            sql = ("WITH hits AS (SELECT q.id, ts_rank(q.tsv, t.tq) AS rank, t.tq FROM quotes q, "
                   f"(SELECT {tsq} AS tq) t WHERE q.tsv @@ t.tq ORDER BY rank DESC, q.id LIMIT ?) "
                   "SELECT q.id AS quote_id, q.article_id, a.title, a.outlet, a.published, a.url, q.speaker, "
                   f"ts_headline('{TS_CONFIG}', q.text, h.tq, ?) AS snippet, -h.rank AS score "
                   "FROM hits h JOIN quotes q ON q.id = h.id JOIN articles a ON a.id = q.article_id "
                   "ORDER BY h.rank DESC, q.id")
            hits += [{"kind": "quote", "id": r["article_id"], **dict(r)} for r in self._query(sql, [*targs, limit, opts])]
        hits.sort(key=lambda h: (h["score"], h["kind"], h["article_id"]))
        return hits[:limit]

    def new(self, since: str, limit: int = 50) -> dict[str, Any]:
        """What changed since ``since`` (ISO date or timestamp, compared with ingest times): new
        articles, new canonical entities, new or grown event clusters, lifecycles that advanced."""
        if not since or not since[:4].isdigit():
            raise SitrepError("E400", f"--since {since!r}: give a date such as 2024-05-01.")
        lim = -1 if limit is None else limit
        out: dict[str, Any] = {"since": since}
        out["articles"] = [dict(r) for r in self._query(
            "SELECT id, title, outlet, published, ingested_at FROM articles WHERE ingested_at >= ? "
            "ORDER BY ingested_at DESC, published IS NULL, published DESC, id LIMIT ?", (since, lim))]
        out["entities"] = [dict(r) for r in self._query(
            "SELECT id, type, name, country, mention_count, created_at FROM canon_entities WHERE created_at >= ? "
            "ORDER BY mention_count DESC, id LIMIT ?", (since, lim))]
        out["events"] = [dict(r) for r in self._query(
            "SELECT id, type, dyad, date_start, date_end, status, n_articles, n_independent, created_at, updated_at "
            "FROM event_clusters WHERE updated_at >= ? ORDER BY n_articles DESC, date_start IS NULL, date_start DESC, id "
            "LIMIT ?",
            (since, lim))]
        out["deals"] = [dict(r) for r in self._query(
            "SELECT id, supplier, recipient, equipment, stage, first_date, last_date, n_reports, stage_changed_at "
            "FROM transfer_lifecycles WHERE stage_changed_at >= ? ORDER BY stage_changed_at DESC, id LIMIT ?",
            (since, lim))]
        out["counts"] = {k: len(v) for k, v in out.items() if isinstance(v, list)}
        return out

    # -- user overrides (need a writable store)

    def merge(self, source: str, target: str) -> dict:
        """Merge canonical entity ``source`` into ``target``; kept across re-ingest."""
        from sitrep.resolve.entities import merge  # noqa: PLC0415

        return self._write(lambda: merge(self.conn, self._need(source), self._need(target)))

    def split(self, canon: str, alias: str) -> dict:
        """Give the entities named ``alias`` in ``canon`` their own canonical entity; kept across re-ingest."""
        from sitrep.resolve.entities import split  # noqa: PLC0415

        return self._write(lambda: split(self.conn, self._need(canon), alias))

    def _need(self, ref: str) -> str:
        cid = self.find_entity(ref)
        if cid is None:
            raise SitrepError("E304", f"no entity matches {ref!r}; list entities with `sitrep entities --query NAME`.")
        return cid

    def _write(self, fn):  # noqa: ANN001, ANN202
        if self.readonly:
            raise SitrepError("E302", f"{self.path} is open read-only; open it with readonly=False to change it.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                out = fn()
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
        except database_errors() as exc:
            raise map_error(exc, str(self.path)) from exc
        return out


HAPPENING_COLUMNS = ("x.id, x.type, x.source, x.target, x.dyad, x.date_start, x.date_end, x.location, x.status, "
                     "x.n_articles, x.n_outlets, x.n_independent")


def _happening_cells(width: int, where: list[str], args: list[Any], split: Split | None) -> tuple[str, list[Any]]:
    """SQL counting, per (type, period of ``width`` characters), the events (reports) and their distinct
    happenings (clusters; an event outside any cluster is one), each row ``type, period, reports, happenings``.

    A ``split`` country is read side by side, each side a covering index read (``events_*_happening``):
    the sides' counts add up, but for the happenings a cluster of a symmetric type (its reports name the
    two states either way round) can have reports on both sides, so those met on both are taken off once.
    """
    period, key = f"substr(x.effective_date, 1, {width})", "COALESCE(x.cluster_id, -x.id)"
    if not split:
        return (f"SELECT x.type, {period}, count(*), count(DISTINCT {key}) FROM events x"
                + (" WHERE " + " AND ".join(where) if where else "") + f" GROUP BY x.type, {period}"), list(args)
    halves = split.halves()
    parts, part_args = [], []
    for half, half_args in halves:
        parts.append(f"SELECT x.type AS t, {period} AS p, count(*) AS r, count(DISTINCT {key}) AS h FROM events x "
                     "WHERE " + " AND ".join([*where, half]) + f" GROUP BY x.type, {period}")
        part_args += [*args, *half_args]
    sym = sorted(SYMMETRIC)
    sides = []
    for half, half_args in halves:
        sides.append(f"SELECT x.type AS t, {period} AS p, x.cluster_id AS k FROM events x WHERE "
                     + " AND ".join([*where, half, f"x.type IN ({','.join('?' * len(sym))})",
                                     "x.cluster_id IS NOT NULL"]))
        part_args += [*args, *half_args, *sym]
    parts.append(f"SELECT i.t, i.p, 0 AS r, -count(*) AS h FROM ({sides[0]} INTERSECT {sides[1]}) i GROUP BY i.t, i.p")
    return ("SELECT u.t, u.p, CAST(sum(u.r) AS BIGINT), CAST(sum(u.h) AS BIGINT) FROM ("
            + " UNION ALL ".join(parts) + ") u GROUP BY u.t, u.p"), part_args


def _happening_list(where: list[str], args: list[Any], split: Split | None, limit: int,
                    through_reports: bool = False) -> tuple[str, list[Any]]:
    """SQL listing the latest ``limit`` happenings that have a report matching the filters.

    A cluster's reports share its type and its two states (``resolve/clusters``), so without a date
    filter ``where`` is over the clusters themselves, read in date order per side and merged (a page
    costs a page). A date filter is on the reports' own dates: ``through_reports``, ``where`` is over
    the reports (``events x``).
    """
    order = "date_start IS NULL, date_start DESC, id"
    if through_reports:
        every = [*where, split.either()] if split else where
        every_args = [*args, split.country, split.country] if split else list(args)
        sql = (f"SELECT {HAPPENING_COLUMNS} FROM event_clusters x WHERE x.id IN (SELECT x.cluster_id FROM events x"
               + (" WHERE " + " AND ".join(every) if every else "") + f") ORDER BY {order} LIMIT ?")
        return sql, [*every_args, limit]
    parts, part_args = [], []
    for half, half_args in (split.halves() if split else [("", [])]):
        for when in ("x.date_start IS NOT NULL", "x.date_start IS NULL"):
            cond = " AND ".join([*where, *([half] if half else []), when])
            parts.append(f"SELECT * FROM (SELECT {HAPPENING_COLUMNS} FROM event_clusters x WHERE {cond} "
                         f"ORDER BY x.date_start DESC, x.id LIMIT ?) p{len(parts)}")
            part_args += [*args, *half_args, limit]
    return "SELECT * FROM (" + " UNION ALL ".join(parts) + f") u ORDER BY {order} LIMIT ?", [*part_args, limit]


def _chunks(values: list[Any], size: int = 500) -> list[list[Any]]:
    """``values`` in lists of at most ``size`` (bound parameters per statement stay well under the limits)."""
    return [values[i:i + size] for i in range(0, len(values), size)]


def to_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=1, default=str)

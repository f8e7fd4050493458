"""The read queries behind the API and the pages: paginated lists, facets, profiles, timeline, network.

Every query is parameterised; the filters mean what the CLI's mean (the date and dyad helpers are
:mod:`sitrep.store.filters`' own). One connection per thread.
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
import string
import threading
from collections import Counter, OrderedDict, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from sitrep.data import load_jsonl
from sitrep.errors import SitrepError
from sitrep.records import EVENT_STATUSES, EVENT_TYPES, TRANSFER_STATUSES
from sitrep.store.db import is_postgres_url
from sitrep.store.filters import (
    DATE,
    Split,
    counting,
    date_filters,
    event_filters,
    grouped_count,
    listing,
    parse_dyad,
    transfer_filters,
)
from sitrep.store.fts import TS_CONFIG, fts5_accepts, phrase, tsquery_sql
from sitrep.store.queries import Knowledge
from sitrep.store.store import SNIPPET_ELLIPSIS, SNIPPET_TOKENS, ts_headline_options
from sitrep.vocab import STAGE_RANK, STAGES, norm

ENTITY_KINDS = {"country": "COUNTRY", "person": "PERSON", "org": "ORG", "location": "LOCATION",
                "equipment": "EQUIPMENT"}
KIND_OF = {v: k for k, v in ENTITY_KINDS.items()}
_CODE = re.compile(r"(?:[A-Z]{3}|IGO:[A-Z][A-Za-z0-9]*)")
_DATE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
MAX_LIMIT = 500
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # match markers in snippets (never in article text)
QUOTE_COLUMNS = 'x.id, x.article_id, x.speaker, x.speaker_entity, x.via, x.text, x.start, x."end"'


@cache
def country_names() -> dict[str, str]:
    """ISO3 / IGO code → display name, from the gazetteers."""
    out = {r["code"]: r["name"] for r in load_jsonl("countries.jsonl")}
    out.update({r["code"]: r["name"] for r in load_jsonl("igos.jsonl")})
    return out


def _lower(text: str | None) -> str:
    """``text`` lower-cased as SQL's ``lower()`` does it in both backends' stores (ASCII letters only)."""
    return (text or "").translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def country_name(code: str | None) -> str:
    return country_names().get(code or "", code or "?")


def check_code(code: str | None, what: str = "country") -> str | None:
    if code and not _CODE.fullmatch(code):
        raise SitrepError("E400", f"bad {what} {code!r}: give an ISO3 code such as IRN (or IGO:NATO).")
    return code or None


def check_dyad(dyad: str | None) -> str | None:
    if not dyad:
        return None
    a, b = parse_dyad(dyad) if dyad.count("-") == 1 or dyad.startswith("IGO:") else (None, None)
    if not (a and b and _CODE.fullmatch(a) and _CODE.fullmatch(b)):
        raise SitrepError("E400", f"bad dyad {dyad!r}: give two codes joined by '-', e.g. IRN-RUS.")
    return dyad


def check_date(value: str | None, what: str) -> str | None:
    if value and not _DATE_RE.fullmatch(value):
        raise SitrepError("E400", f"bad {what} {value!r}: give YYYY, YYYY-MM or YYYY-MM-DD.")
    return value or None


def check_choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value and value not in allowed:
        raise SitrepError("E400", f"bad {what} {value!r}: use one of {', '.join(allowed)}.")
    return value or None


class LRU:
    """A small thread-safe least-recently-used cache (results keyed by store generation and arguments)."""

    def __init__(self, size: int = 256):
        self.size, self._d, self._lock = size, OrderedDict(), threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            if key in self._d:
                self._d.move_to_end(key)
                return self._d[key]
        return None

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            self._d[key] = value
            self._d.move_to_end(key)
            while len(self._d) > self.size:
                self._d.popitem(last=False)


class Reader:
    """Read-only queries over one store (a SQLite file or a ``postgresql://`` URL): one read connection
    per thread, reused across requests; search results (with their facet counts) and stats cached per
    store generation. Full-text search is FTS5 in SQLite and the same query as a tsquery in PostgreSQL
    (:mod:`sitrep.store.fts`): the same hits, other ranks and snippets."""

    def __init__(self, db: str | Path):
        self.db: str | Path = db if is_postgres_url(db) else Path(db)
        self._local = threading.local()
        self._cache = LRU(512)
        Knowledge.open(self.db, readonly=True).close()  # fail early (E300/E301/E303) on a bad file

    @property
    def store(self) -> Knowledge:
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = Knowledge.open(self.db, readonly=True)
        return st

    def generation(self) -> tuple[Any, ...]:
        """Changes whenever an article is stored, replaced or deleted (a replacement gets a new pk)."""
        return tuple(self.store._query("SELECT max(pk), count(*) FROM articles")[0])

    def cached(self, key: tuple[Any, ...], compute: Any) -> Any:
        """``compute()`` once per store generation and ``key``; callers get a deep copy to change freely."""
        full = (self.generation(), *key)
        hit = self._cache.get(full)
        if hit is None:
            hit = compute()
            self._cache.put(full, hit)
        return copy.deepcopy(hit)

    def q(self, sql: str, args: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.store._query(sql, args)]

    def one(self, sql: str, args: list[Any] | tuple[Any, ...] = ()) -> Any:
        rows = self.store._query(sql, args)
        return rows[0][0] if rows else None

    # ------------------------------------------------------------------ articles and search

    def stats(self) -> dict[str, Any]:
        return self.cached(("stats",), self.store.stats)

    def record(self, article_id: str) -> dict[str, Any]:
        return self.store.record(article_id)

    def record_json(self, article_id: str) -> str:
        """The stored contract record of ``article_id`` as JSON text (no parse and re-encode)."""
        rows = self.store._query("SELECT record_json FROM articles WHERE id = ?", (article_id,))
        if not rows:
            self.store.record(article_id)  # raises E304 with the store's message
        return rows[0][0]

    def _article_filter(self, q: str | None, country: str | None, type: str | None, status: str | None,
                        outlet: str | None, since: str | None, until: str | None) -> tuple[str, list[Any], bool]:
        """SQL selecting matching article pks (and whether it is a full-text match)."""
        where: list[str] = []
        args: list[Any] = []
        fts = bool(q and q.strip())
        if fts and self.store.postgres:
            tsq, targs = tsquery_sql(q.strip())
            where.append(f"a.tsv @@ {tsq}")
            args += targs
        elif fts:
            where.append("a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            args.append(q.strip())
        if country:
            where.append("a.id IN (SELECT article_id FROM entities WHERE type = 'COUNTRY' AND code = ?)")
            args.append(country)
        if type or status:
            sub = ["1=1"]
            if type:
                sub.append("type = ?")
                args.append(type)
            if status:
                sub.append("status = ?")
                args.append(status)
            where.append(f"a.id IN (SELECT article_id FROM events WHERE {' AND '.join(sub)})")
        if outlet:
            where.append("a.outlet = ?")
            args.append(outlet)
        if since:
            where.append("a.published IS NOT NULL AND a.published >= substr(?, 1, length(a.published))")
            args.append(since)
        if until:
            where.append("a.published IS NOT NULL AND substr(a.published, 1, length(?)) <= ?")
            args += [until, until]
        return " AND ".join(where) or "1=1", args, fts

    def search(self, q: str | None = None, country: str | None = None, type: str | None = None,
               status: str | None = None, outlet: str | None = None, since: str | None = None,
               until: str | None = None, limit: int = 20, offset: int = 0, facets: bool = True) -> dict[str, Any]:
        """Articles matching the full-text query and filters, a page of them and the facet counts
        (cached per store generation: a repeated query costs one cheap lookup)."""
        key = ("search", q, country, type, status, outlet, since, until, limit, offset, facets)
        return self.cached(key, lambda: self._search(self._fts_query(q), country, type, status, outlet, since,
                                                     until, limit, offset, facets) | {"q": q or None})

    def _fts_query(self, q: str | None) -> str | None:
        """``q`` as FTS5 syntax if FTS5 accepts it, else as one quoted phrase (``S-400``, ``"AND (``)."""
        q = (q or "").strip()
        if not q:
            return None
        if self.store.postgres:  # FTS5 itself decides, so that PostgreSQL reads the query as SQLite does
            return q if fts5_accepts(q) else phrase(q)
        try:
            self.store.conn.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (q,)).fetchall()
            return q
        except sqlite3.OperationalError:
            return '"' + q.replace('"', '""') + '"'

    def _search(self, q: str | None, country: str | None, type: str | None, status: str | None,
                outlet: str | None, since: str | None, until: str | None, limit: int, offset: int,
                facets: bool) -> dict[str, Any]:
        where, args, fts = self._article_filter(q, country, type, status, outlet, since, until)
        total = self.one(f"SELECT count(*) FROM articles a WHERE {where}", args)
        if fts and self.store.postgres:
            tsq, targs = tsquery_sql(q.strip())
            opts = ts_headline_options(SNIPPET_TOKENS, MARK_OPEN, MARK_CLOSE)
            sql = (f"WITH hits AS (SELECT a.pk, ts_rank(a.tsv, {tsq}) AS rank FROM articles a WHERE {where} "
                   "ORDER BY rank DESC, a.id LIMIT ? OFFSET ?) "
                   "SELECT a.id, a.title, a.outlet, a.published, a.url, "
                   f"ts_headline('{TS_CONFIG}', coalesce(a.title, '') || ' ' || a.text, {tsq}, ?) AS snippet, "
                   "-h.rank AS score FROM hits h JOIN articles a ON a.pk = h.pk ORDER BY h.rank DESC, a.id")
            hits = self.q(sql, [*targs, *args, limit, offset, *targs, opts])
            for h in hits:
                h["score"] = round(h["score"], 4)
        elif fts:
            sql = ("SELECT a.id, a.title, a.outlet, a.published, a.url, "
                   "snippet(articles_fts, -1, ?, ?, ?, 16) AS snippet, bm25(articles_fts) AS score "
                   "FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid "
                   f"WHERE articles_fts MATCH ? AND {where} ORDER BY score, a.id LIMIT ? OFFSET ?")
            hits = self.q(sql, [MARK_OPEN, MARK_CLOSE, SNIPPET_ELLIPSIS, q.strip(), *args, limit, offset])
            for h in hits:
                h["score"] = round(h["score"], 4)
        else:
            sql = ("SELECT a.id, a.title, a.outlet, a.published, a.url, substr(a.text, 1, 200) AS snippet "
                   f"FROM articles a WHERE {where} ORDER BY a.published IS NULL, a.published DESC, a.id "
                   "LIMIT ? OFFSET ?")
            hits = self.q(sql, [*args, limit, offset])
        out: dict[str, Any] = {"q": q or None, "total": total, "limit": limit, "offset": offset, "items": hits}
        if facets:
            out["facets"] = self._facets(where, args)
        return out

    def _facets(self, where: str, args: list[Any]) -> dict[str, list[dict[str, Any]]]:
        hit = f"SELECT a.id FROM articles a WHERE {where}"
        countries = self.q("SELECT code AS value, count(DISTINCT article_id) AS count FROM entities "
                           f"WHERE type = 'COUNTRY' AND code IS NOT NULL AND article_id IN ({hit}) "
                           "GROUP BY code ORDER BY count DESC, code LIMIT 25", args)
        for c in countries:
            c["label"] = country_name(c["value"])
        types = self.q("SELECT type AS value, count(DISTINCT article_id) AS count FROM events "
                       f"WHERE article_id IN ({hit}) GROUP BY type ORDER BY count DESC, type", args)
        statuses = self.q("SELECT status AS value, count(DISTINCT article_id) AS count FROM events "
                          f"WHERE article_id IN ({hit}) GROUP BY status ORDER BY count DESC, status", args)
        outlets = self.q("SELECT outlet AS value, count(*) AS count FROM articles a "
                         f"WHERE outlet IS NOT NULL AND {where} GROUP BY outlet ORDER BY count DESC, outlet LIMIT 25",
                         args)
        years = self.q("SELECT substr(published, 1, 4) AS value, count(*) AS count FROM articles a "
                       f"WHERE published IS NOT NULL AND {where} GROUP BY value ORDER BY value DESC", args)
        return {"country": countries, "type": types, "status": statuses, "outlet": outlets, "year": years}

    # ------------------------------------------------------------------ events, transfers, quotes

    def events(self, country: str | None = None, dyad: str | None = None, type: str | None = None,
               status: str | None = None, since: str | None = None, until: str | None = None,
               actor: str | None = None, article_id: str | None = None, entity: str | None = None,
               limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """A page of events (CLI filters, plus ``actor``: a person/org name on either side, or
        ``entity``: a canonical person/org id on either side)."""
        where, args, split = event_filters(country, dyad, type, status, since, until, split=True)
        if actor:
            where.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = x.article_id AND "
                         "e.entity_id IN (x.source_actor, x.target_actor) AND lower(e.name) = lower(?))")
            args.append(actor)
        if entity:
            where.append("EXISTS (SELECT 1 FROM entity_links l WHERE l.canon_id = ? AND l.article_id = x.article_id "
                         "AND l.entity_id IN (x.source_actor, x.target_actor))")
            args.append(entity)
        if article_id:
            where.append("x.article_id = ?")
            args.append(article_id)
        return self._page("events", where, args, limit, offset, split)

    def transfers(self, country: str | None = None, dyad: str | None = None, status: str | None = None,
                  equipment: str | None = None, since: str | None = None, until: str | None = None,
                  article_id: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        where, args = transfer_filters(country, dyad, status, equipment, since, until)
        if article_id:
            where.append("x.article_id = ?")
            args.append(article_id)
        return self._page("arms_transfers", where, args, limit, offset)

    def _page(self, table: str, where: list[str], args: list[Any], limit: int, offset: int,
              split: Split | None = None) -> dict[str, Any]:
        """A page of ``table`` rows in date order (:func:`~sitrep.store.filters.listing`) and their total."""
        total = self.one(*counting(table, where, args, split))
        sql, sql_args = listing("x.*, a.published AS published, a.title AS article_title", table, where, args,
                                split, limit, offset, join=" JOIN articles a ON a.id = x.article_id")
        return {"total": total, "limit": limit, "offset": offset, "items": self.q(sql, sql_args)}

    def quotes(self, article_id: str | None = None, q: str | None = None, speaker: str | None = None,
               limit: int = 50, offset: int = 0) -> dict[str, Any]:
        where: list[str] = []
        args: list[Any] = []
        join = ""
        if q and q.strip() and self.store.postgres:
            tsq, targs = tsquery_sql(phrase(q.strip()))
            where.append(f"x.tsv @@ {tsq}")
            args += targs
        elif q and q.strip():
            join = " JOIN quotes_fts ON quotes_fts.rowid = x.id"
            where.append("quotes_fts MATCH ?")
            args.append(phrase(q.strip()))
        if article_id:
            where.append("x.article_id = ?")
            args.append(article_id)
        if speaker:
            where.append("lower(x.speaker) = lower(?)")
            args.append(speaker)
        cond = " WHERE " + " AND ".join(where) if where else ""
        total = self.one(f"SELECT count(*) FROM quotes x{join}{cond}", args)
        rows = self.q(f"SELECT {QUOTE_COLUMNS}, a.title AS article_title, a.published AS published FROM quotes x{join} "
                      f"JOIN articles a ON a.id = x.article_id{cond} ORDER BY x.article_id, x.start, x.id LIMIT ? OFFSET ?",
                      [*args, limit, offset])
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    # ------------------------------------------------------------------ entities and profiles

    def _entity_rows(self, etype: str, key: str) -> list[dict[str, Any]]:
        if etype == "COUNTRY":
            return self.q("SELECT * FROM entities WHERE type = 'COUNTRY' AND code = ?", [key])
        return self.q("SELECT * FROM entities WHERE type = ? AND lower(name) = lower(?)", [etype, key])

    def profile(self, kind: str, key: str) -> dict[str, Any]:
        """What the store knows about one entity: names, articles, events, transfers, quotes, neighbours."""
        etype = ENTITY_KINDS.get(kind)
        if not etype:
            raise SitrepError("E400", f"bad entity kind {kind!r}: use one of {', '.join(ENTITY_KINDS)}.")
        rows = self._entity_rows(etype, key)
        if not rows:
            raise SitrepError("E304", f"no {kind} {key!r} in the store; browse /entities to find one.")
        names = Counter(r["name"] for r in rows)
        aliases: Counter[str] = Counter()
        for r in rows:
            aliases.update(json.loads(r["aliases"] or "[]"))
        attrs: dict[str, Any] = {}
        for col in ("code", "country", "role", "category", "origin", "maker", "kb_id"):
            vals = Counter(r[col] for r in rows if r[col])
            if vals:
                attrs[col] = vals.most_common(1)[0][0]
        name = country_name(key) if etype == "COUNTRY" else names.most_common(1)[0][0]
        pairs = [(r["article_id"], r["entity_id"]) for r in rows]
        art_ids = sorted({a for a, _ in pairs})
        marks = ",".join("?" * len(art_ids))
        articles = self.q(f"SELECT id, title, outlet, published FROM articles WHERE id IN ({marks}) "
                          "ORDER BY published IS NULL, published DESC, id", art_ids)
        prof: dict[str, Any] = {"kind": kind, "type": etype, "key": key, "name": name,
                                "aliases": sorted((set(names) | set(aliases)) - {name}), "attributes": attrs,
                                "mentions": self.one(
                                    "SELECT count(*) FROM mentions m JOIN entities e ON e.article_id = m.article_id "
                                    "AND e.entity_id = m.entity_id WHERE " + self._match_sql(etype), [key]),
                                "articles": articles}
        if etype == "COUNTRY":
            prof["events"] = self.events(country=key, limit=200)["items"]
            prof["transfers"] = self.transfers(country=key, limit=200)["items"]
        elif etype == "EQUIPMENT":
            prof["events"] = []
            prof["transfers"] = self._pair_rows("arms_transfers", "equipment_entity", pairs, name)
        else:
            prof["events"] = self.events(actor=key, limit=200)["items"]
            prof["transfers"] = []
        prof["quotes"] = self._pair_rows("quotes", "speaker_entity", pairs) if etype in ("PERSON", "ORG") else []
        prof["related"] = self._related(pairs, etype, key)
        return prof

    def _match_sql(self, etype: str) -> str:
        return ("e.type = 'COUNTRY' AND e.code = ?" if etype == "COUNTRY"
                else f"e.type = '{etype}' AND lower(e.name) = lower(?)")

    def _pair_rows(self, table: str, col: str, pairs: list[tuple[str, str]], name: str | None = None) -> list[dict]:
        """Rows of ``table`` whose ``col`` points at one of the (article, entity) pairs (or names ``name``)."""
        cols = QUOTE_COLUMNS if table == "quotes" else "x.*"  # PostgreSQL's quotes has a tsv column too
        by_article: dict[str, set[str]] = defaultdict(set)
        for aid, eid in pairs:
            by_article[aid].add(eid)
        out: list[dict[str, Any]] = []
        aids = sorted(by_article)
        for i in range(0, len(aids), 500):
            chunk = aids[i:i + 500]
            rows = self.q(f"SELECT {cols}, a.published AS published, a.title AS article_title FROM {table} x "
                          f"JOIN articles a ON a.id = x.article_id WHERE x.article_id IN ({','.join('?' * len(chunk))})",
                          chunk)
            out += [r for r in rows if r[col] in by_article[r["article_id"]]
                    or (name and _lower(r.get("equipment")) == _lower(name))]
        out.sort(key=lambda r: (r.get("date") or r.get("published") or "", r["id"]))
        return out

    def _related(self, pairs: list[tuple[str, str]], etype: str, key: str, top: int = 12) -> list[dict[str, Any]]:
        """The entities most often in the same articles."""
        seen: Counter[tuple[str, str]] = Counter()
        label: dict[tuple[str, str], str] = {}
        aids = sorted({a for a, _ in pairs})
        rows: list[dict[str, Any]] = []
        for i in range(0, len(aids), 500):
            chunk = aids[i:i + 500]
            rows += self.q("SELECT article_id, type, name, code FROM entities "
                           f"WHERE article_id IN ({','.join('?' * len(chunk))}) ORDER BY article_id, entity_id", chunk)
        for r in rows:
            k = r["code"] if r["type"] == "COUNTRY" and r["code"] else r["name"]
            if r["type"] == etype and (k == key or k.lower() == key.lower()):
                continue
            ident = (r["type"], k if r["type"] == "COUNTRY" else k.lower())
            seen[ident] += 1
            label.setdefault(ident, country_name(k) if r["type"] == "COUNTRY" else k)
        return [{"type": t, "kind": KIND_OF[t], "key": k if t == "COUNTRY" else label[(t, k)],
                 "name": label[(t, k)], "articles": n}
                for (t, k), n in sorted(seen.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]

    # ------------------------------------------------------------------ timeline and network

    def timeline(self, dyad: str | None = None, country: str | None = None, actor: str | None = None,
                 type: str | None = None, status: str | None = None, since: str | None = None,
                 until: str | None = None, bucket: str = "month", entity: str | None = None) -> dict[str, Any]:
        """Events counted per period (month or year) and type; undated events are left out and counted."""
        where, args, split = event_filters(country, dyad, type, status, since, until, split=True)
        if actor:
            where.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = x.article_id AND "
                         "e.entity_id IN (x.source_actor, x.target_actor) AND lower(e.name) = lower(?))")
            args.append(actor)
        if entity:
            where.append("EXISTS (SELECT 1 FROM entity_links l WHERE l.canon_id = ? AND l.article_id = x.article_id "
                         "AND l.entity_id IN (x.source_actor, x.target_actor))")
            args.append(entity)
        width = 7 if bucket == "month" else 4
        # type first: the index order, so the grouping sorts little (a country is two covering reads)
        rows = self.q(*grouped_count(["x.type", f"substr({DATE}, 1, {width})"], "events", where, args, split))
        buckets: dict[str | None, dict[str, int]] = defaultdict(dict)
        for r in sorted(rows, key=lambda r: (r["k1"] is None, r["k1"] or "", r["k0"])):
            buckets[r["k1"]][r["k0"]] = r["n"]
        undated = sum(buckets.pop(None, {}).values())
        types = sorted({t for c in buckets.values() for t in c}, key=EVENT_TYPES.index)
        items = [{"period": p, "total": sum(c.values()), "counts": c} for p, c in buckets.items()]
        out = {"bucket": bucket, "dyad": dyad, "country": country, "actor": actor, "type": type,
                "types": types, "buckets": items, "undated": undated,
                "total": sum(i["total"] for i in items) + undated}
        if entity:
            out["entity"] = entity
        return out

    def network(self, top: int = 25, type: str | None = None, since: str | None = None,
                until: str | None = None) -> dict[str, Any]:
        """Actors (states, and people where an event names one) as nodes, events between them as weighted edges."""
        where: list[str] = ["x.source IS NOT NULL", "x.target IS NOT NULL"]
        args: list[Any] = []
        if type:
            where.append("x.type = ?")
            args.append(type)
        date_filters(since, until, where, args)
        rows = self.q("SELECT x.source, x.target, x.type, ps.name AS sname, pt.name AS tname "
                      "FROM events x JOIN articles a ON a.id = x.article_id "
                      "LEFT JOIN entities ps ON ps.article_id = x.article_id AND ps.entity_id = x.source_actor "
                      "AND ps.type = 'PERSON' "
                      "LEFT JOIN entities pt ON pt.article_id = x.article_id AND pt.entity_id = x.target_actor "
                      "AND pt.type = 'PERSON' WHERE " + " AND ".join(where) + " ORDER BY x.id", args)
        edges: Counter[tuple[str, str]] = Counter()
        etypes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        nodes: dict[str, dict[str, Any]] = {}
        for r in rows:
            ends = []
            for code, person in ((r["source"], r["sname"]), (r["target"], r["tname"])):
                nid = f"person:{person}" if person else f"state:{code}"
                nodes.setdefault(nid, {"id": nid, "kind": "person" if person else "state",
                                       "label": person or country_name(code), "key": person or code,
                                       "country": code, "weight": 0})
                ends.append(nid)
            if ends[0] == ends[1]:
                continue
            pair = tuple(sorted(ends))
            edges[pair] += 1
            etypes[pair][r["type"]] += 1
            for nid in ends:
                nodes[nid]["weight"] += 1
        keep = {n["id"] for n in sorted(nodes.values(), key=lambda n: (-n["weight"], n["id"]))[:top]}
        out_nodes = sorted((n for n in nodes.values() if n["id"] in keep), key=lambda n: (-n["weight"], n["id"]))
        out_edges = [{"source": a, "target": b, "weight": w, "types": dict(etypes[(a, b)].most_common())}
                     for (a, b), w in sorted(edges.items(), key=lambda kv: (-kv[1], kv[0]))
                     if a in keep and b in keep]
        return {"top": top, "nodes": out_nodes, "edges": out_edges, "total_nodes": len(nodes)}

    # ------------------------------------------------------------------ knowledge layer (canonical, cross-article)

    def canon_entities(self, type: str | None = None, q: str | None = None, limit: int = 50,
                       offset: int = 0) -> dict[str, Any]:
        """Canonical entities (:meth:`Knowledge.entities`), most mentioned first, a page of them."""
        where, args = [], []
        if type:
            where.append("c.type = ?")
            args.append(type)
        if q:
            n = norm(q)
            if not n:  # nothing left to match on (only punctuation)
                return {"total": 0, "limit": limit, "offset": offset, "items": []}
            esc = n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append("c.id IN (SELECT canon_id FROM canon_keys WHERE key LIKE ? ESCAPE '\\')")
            args.append(f"name:%{esc}%")
        cond = " WHERE " + " AND ".join(where) if where else ""
        total = self.one(f"SELECT count(*) FROM canon_entities c{cond}", args)
        rows = self.q("SELECT c.id, c.type, c.name, c.code, c.country, c.role, c.mention_count, c.article_count, "
                      f"c.first_seen, c.last_seen FROM canon_entities c{cond} ORDER BY c.mention_count DESC, c.id "
                      "LIMIT ? OFFSET ?", [*args, limit, offset])
        for r in rows:
            if r["type"] == "COUNTRY" and r["code"]:
                r["name"] = country_names().get(r["code"], r["name"])
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    def canon_profile(self, ref: str, limit: int = 50) -> dict[str, Any]:
        """:meth:`Knowledge.profile` of ``ref`` (an id such as ``person:valery-gerasimov``, a code, a name)."""
        prof = self.store.profile(ref, limit=limit)
        ent = prof["entity"]
        if ent["type"] == "COUNTRY" and ent.get("code"):
            ent["name"] = country_names().get(ent["code"], ent["name"])
        rows = prof.get("meetings", []) + prof.get("agreements", [])
        ids = sorted({r["article_id"] for r in rows})
        if ids:  # the pages name the article each event comes from
            titles = {r["id"]: r["title"] for r in self.q(
                f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(ids))})", ids)}
            for r in rows:
                r["article_title"] = titles.get(r["article_id"])
        return prof

    def find_entity(self, ref: str) -> str | None:
        return self.store.find_entity(ref)

    def article_links(self, article_id: str) -> dict[str, str]:
        """The canonical entity of each entity id of one article."""
        return {r["entity_id"]: r["canon_id"] for r in self.q(
            "SELECT entity_id, canon_id FROM entity_links WHERE article_id = ?", [article_id])}

    def lifecycles(self, country: str | None = None, status: str | None = None, equipment: str | None = None,
                   limit: int = 100) -> list[dict[str, Any]]:
        """Arms-deal lifecycles (:meth:`Knowledge.lifecycles`), each with its steps as
        :meth:`Knowledge.lifecycle` gives them, read in two queries (not one per deal)."""
        rows = self.store.lifecycles(country=country, equipment=equipment, stage=status, limit=limit)
        if not rows:
            return rows
        ids = [r["id"] for r in rows]
        marks = ",".join("?" * len(ids))
        reports: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in self.q(
                "SELECT m.lifecycle_id, t.id, t.article_id, a.outlet, a.published, t.status, "
                "t.effective_date AS date, t.quantity, t.value, t.evidence_text "
                "FROM transfer_lifecycle_members m JOIN arms_transfers t ON t.id = m.transfer_id "
                f"JOIN articles a ON a.id = t.article_id WHERE m.lifecycle_id IN ({marks}) "
                "ORDER BY t.effective_date IS NULL, t.effective_date, t.id", ids):
            reports[r.pop("lifecycle_id")].append(r)
        order = [*STAGES, "cancelled", "rumored"]
        for lc in rows:
            evs = reports[lc["id"]]
            steps = []
            for st in sorted({e["status"] for e in evs}, key=lambda x: order.index(x) if x in order else 99):
                ev = [e for e in evs if e["status"] == st]
                steps.append({"status": st, "first_date": ev[0]["date"], "reports": len(ev), "evidence": ev})
            lc["steps"] = steps
            lc["reached"] = [x["status"] for x in steps if STAGE_RANK.get(x["status"], -1) >= 0]
            lc["quantity"] = next((e["quantity"] for e in evs if e["quantity"]), None)
            lc["value"] = next((e["value"] for e in evs if e["value"]), None)
        return rows

    def clusters(self, dyad: str | None = None, country: str | None = None, type: str | None = None,
                 min_articles: int = 1, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Event clusters (one happening, however many reports), latest first, each with its articles:
        ``n_outlets`` outlets reported it, ``n_independent`` of the reports are independent (distinct stories)."""
        where, args = ["n_articles >= ?"], [min_articles]
        if dyad:
            a, b = parse_dyad(dyad)
            where.append("dyad IN (?, ?)")
            args += [f"{a}-{b}", f"{b}-{a}"]
        if country:
            where.append("(source = ? OR target = ?)")
            args += [country, country]
        if type:
            where.append("type = ?")
            args.append(type)
        cond = " AND ".join(where)
        total = self.one(f"SELECT count(*) FROM event_clusters WHERE {cond}", args)
        rows = self.q("SELECT id, type, source, target, dyad, date_start, date_end, location, status, n_events, "
                      f"n_articles, n_outlets, n_independent FROM event_clusters WHERE {cond} "
                      "ORDER BY date_start IS NULL, date_start DESC, id LIMIT ? OFFSET ?", [*args, limit, offset])
        if rows:
            ids = [r["id"] for r in rows]
            marks = ",".join("?" * len(ids))
            arts = self.store.cluster_articles(ids)
            ev: dict[int, str | None] = {}
            for r in self.q("SELECT m.cluster_id, x.evidence_text FROM event_cluster_members m JOIN events x "
                            f"ON x.id = m.event_id WHERE m.cluster_id IN ({marks}) ORDER BY x.id", ids):
                ev.setdefault(r["cluster_id"], r["evidence_text"])
            for r in rows:
                r["articles"] = arts.get(r["id"], [])
                r["evidence_text"] = ev.get(r["id"])
        return {"total": total, "limit": limit, "offset": offset, "items": rows}

    def facet_values(self) -> dict[str, list[str]]:
        """Choices for the filter menus."""
        return {"types": list(EVENT_TYPES), "event_statuses": list(EVENT_STATUSES),
                "transfer_statuses": list(TRANSFER_STATUSES)}

"""Cross-article entity resolution: link each article's entities to canonical entities.

Incremental: :func:`resolve_record` looks up candidates for one new article's entities through
indexed keys (``canon_keys``) and never reads other articles. Rules:

- COUNTRY by ISO code; anything with a catalogue/gazetteer ``kb_id`` by that id;
- ORG / LOCATION by normalised name or alias (and country, which must not conflict);
- EQUIPMENT by kb id, else model designation ("Su30" = "Sukhoi Su-30" = "Su-30"), else name;
- PERSON by surname (exact, or a close misspelling/transliteration: Shoygu / Shoigu), with first
  names that must agree when both are known, a country that must not conflict, and masculine /
  feminine forms kept apart (Gerasimov ≠ Gerasimova). A *fuzzy* surname match needs supporting
  evidence (first name, same country or the same role); a surname-only mention links to the one
  candidate with that surname (or the one whose country/role agrees), else stays on its own.

User overrides (``entity_overrides``: merge, split) are applied to every resolution, so they
survive re-ingest.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sitrep.records import Entity, Record
from sitrep.resolve.names import designation, given_compatible, norm, person_parts, role_similar, slug
from sitrep.resolve.names import surname_similarity as _sur_sim

PREFIX = {"PERSON": "person", "ORG": "org", "COUNTRY": "country", "LOCATION": "loc", "EQUIPMENT": "equipment"}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Candidate:
    """A canonical entity as the resolver compares it."""

    id: str
    type: str
    name: str
    kb_id: str | None
    keys: set[str] = field(default_factory=set)
    mention_count: int = 0

    def values(self, prefix: str) -> set[str]:
        n = len(prefix) + 1
        return {k[n:] for k in self.keys if k.startswith(prefix + ":")}


@dataclass
class Mention:
    """What one article entity offers for matching."""

    entity: Entity
    names: list[str]
    given: set[str]
    surname: str

    @classmethod
    def of(cls, e: Entity) -> Mention:
        names = [e.name, *[a for a in e.aliases if a]]
        given: set[str] = set()
        surname = ""
        if e.type == "PERSON":
            g, surname = person_parts(e.name)
            for n in names:
                g2, s2 = person_parts(n)
                if g2 and (s2 == surname or _sur_sim(s2, surname)):
                    given.add(g2)
            if g:
                given.add(g)
        return cls(e, names, given, surname)


def entity_keys(e: Entity) -> set[str]:
    """The lookup keys a linked entity adds to its canonical entity."""
    keys: set[str] = set()
    if e.kb_id:
        keys.add(f"kb:{e.kb_id}")
    if e.type == "COUNTRY" and e.code:
        keys.add(f"code:{e.code}")
    m = Mention.of(e)
    for n in m.names:
        if norm(n):
            keys.add(f"name:{e.type}:{norm(n)}")
    if e.type == "PERSON" and m.surname:
        keys.add(f"sur:{m.surname}")
        keys.add(f"blk:{m.surname[:2]}:{m.surname}")
        keys.update(f"giv:{g}" for g in m.given)
        if e.role:
            keys.add(f"role:{norm(e.role)}")
    if e.type == "EQUIPMENT":
        for n in m.names:
            d = designation(n)
            if d:
                keys.add(f"des:{d}")
    if e.country:
        keys.add(f"cty:{e.country}")
    return keys


class Resolver:
    """Links article entities to canonical entities on one connection (inside the caller's transaction)."""

    def __init__(self, conn: Any):
        self.conn = conn
        self._redirect: dict[str, str] | None = None
        self._counted: set[tuple[str, str]] = set()  # (article, canonical entity) already counted
        self._splits: dict[str, str] | None = None

    # -- overrides

    def _load_overrides(self) -> None:
        self._redirect, self._splits = {}, {}
        for action, source, target, alias in self.conn.execute(
                "SELECT action, source, target, alias FROM entity_overrides ORDER BY id"):
            if action == "merge" and not alias:
                self._redirect[source] = target
            elif action in ("merge", "split") and alias:
                self._splits[alias] = target

    def _follow(self, canon_id: str) -> str:
        seen = set()
        while canon_id in (self._redirect or {}) and canon_id not in seen:
            seen.add(canon_id)
            canon_id = self._redirect[canon_id]  # type: ignore[index]
        return canon_id

    # -- candidates

    def _candidates(self, keys: list[str], type_: str) -> list[Candidate]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        ids = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT canon_id FROM canon_keys WHERE key IN ({marks})", keys)]
        return self._candidates_by_id(ids, type_)

    def _candidates_by_id(self, ids: list[str], type_: str) -> list[Candidate]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        out = {r[0]: Candidate(r[0], r[1], r[2], r[3], mention_count=r[4]) for r in self.conn.execute(
            f"SELECT id, type, name, kb_id, mention_count FROM canon_entities WHERE id IN ({marks}) AND type = ?",
            [*ids, type_])}
        for cid, key in self.conn.execute(f"SELECT canon_id, key FROM canon_keys WHERE canon_id IN ({marks})", ids):
            if cid in out:
                out[cid].keys.add(key)
        return sorted(out.values(), key=lambda c: (-c.mention_count, c.id))

    # -- matching

    def match(self, e: Entity) -> tuple[str | None, str, float]:
        """``(canon_id or None, method, score)`` for an article entity, overrides not yet applied."""
        m = Mention.of(e)
        if e.type == "COUNTRY" and e.code:
            cands = self._candidates([f"code:{e.code}"], e.type)
            return (cands[0].id, "code", 1.0) if cands else (None, "new", 0.0)
        if e.kb_id:
            cands = self._candidates([f"kb:{e.kb_id}"], e.type)
            if cands:
                return cands[0].id, "kb", 1.0
        if e.type == "PERSON":
            return self._match_person(m)
        name_keys = [f"name:{e.type}:{norm(n)}" for n in m.names if norm(n)]
        cands = [c for c in self._candidates(name_keys, e.type) if self._compatible(c, m)]
        if cands:
            best = max(cands, key=lambda c: (bool(e.country and e.country in c.values("cty")), c.mention_count))
            return best.id, "exact", 1.0
        if e.type == "EQUIPMENT":
            des = {designation(n) for n in m.names} - {None}
            cands = [c for c in self._candidates([f"des:{d}" for d in des], e.type) if self._compatible(c, m)]
            if cands:
                return max(cands, key=lambda c: c.mention_count).id, "designation", 0.9
        return None, "new", 0.0

    @staticmethod
    def _compatible(c: Candidate, m: Mention) -> bool:
        e = m.entity
        if e.kb_id and c.kb_id and e.kb_id != c.kb_id:
            return False
        countries = c.values("cty")
        return not (e.country and countries and e.country not in countries)

    def _match_person(self, m: Mention) -> tuple[str | None, str, float]:
        e = m.entity
        if not m.surname:
            return None, "new", 0.0
        block = f"blk:{m.surname[:2]}:"
        near = {r[0] for r in self.conn.execute(
            "SELECT canon_id, key FROM canon_keys WHERE key >= ? AND key < ?", (block, block[:-1] + ";"))
            if _sur_sim(m.surname, r[1][len(block):])}  # close surnames only, before loading anything else
        cands = self._candidates_by_id(sorted(near), "PERSON")
        scored: list[tuple[float, int, Candidate, str]] = []
        for c in cands:
            if e.kb_id and c.kb_id and e.kb_id != c.kb_id:
                continue
            countries = c.values("cty")
            if e.country and countries and e.country not in countries:
                continue  # a different state's official
            best_sur = max((_sur_sim(m.surname, s) for s in c.values("sur")), default=0.0)
            if not best_sur:
                continue
            givens = c.values("giv")
            compat = [given_compatible(g, cg) for g in m.given for cg in givens]
            given_ok = any(compat) if compat else None
            if given_ok is False:
                continue  # Sergei Ivanov is not Igor Ivanov
            same_country = bool(e.country and e.country in countries)
            same_role = any(role_similar(e.role, r) for r in c.values("role")) if e.role else False
            evidence = int(bool(given_ok)) * 2 + int(same_country) + int(same_role)
            if best_sur < 1.0 and not evidence:
                continue  # a similar surname alone is not enough
            exact_full = any(f"name:PERSON:{norm(n)}" in c.keys for n in m.names)
            method = "exact" if exact_full else ("fuzzy" if best_sur < 1.0 else "surname")
            scored.append((best_sur + evidence, c.mention_count, c, method))
        if not scored:
            return None, "new", 0.0
        scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
        top = scored[0]
        if len(scored) > 1 and scored[1][0] == top[0] and not m.given:
            return None, "ambiguous", 0.0  # "Ivanov" with two Ivanovs and nothing to choose
        return top[2].id, top[3], round(min(1.0, top[0] / 4 + 0.25), 3)

    # -- writing

    def resolve_entity(self, article_id: str, e: Entity, published: str | None) -> str:
        """Link one article entity; returns its canonical id (created when nothing matches)."""
        if self._redirect is None:
            self._load_overrides()
        canon_id, method, score = self.match(e)
        forced = next((self._splits[norm(n)] for n in [e.name, *e.aliases]  # type: ignore[index]
                       if norm(n) in (self._splits or {})), None)
        if forced:
            canon_id, method, score = forced, "override", 1.0
        if canon_id:
            followed = self._follow(canon_id)
            if followed != canon_id:
                canon_id, method = followed, "override"
        if canon_id is None or not self.conn.execute("SELECT 1 FROM canon_entities WHERE id = ?",
                                                     (canon_id,)).fetchone():
            canon_id = self._create(e, canon_id)
            method = "override" if method == "override" else "new"
            score = 1.0
        n = len(e.mentions) or 1
        self.conn.execute(
            "INSERT INTO entity_links(article_id, entity_id, canon_id, method, score, mentions, published) "
            "VALUES (?,?,?,?,?,?,?) ON CONFLICT(article_id, entity_id) DO UPDATE SET canon_id = excluded.canon_id, "
            "method = excluded.method, score = excluded.score, mentions = excluded.mentions, "
            "published = excluded.published", (article_id, e.id, canon_id, method, score, n, published))
        self._absorb(canon_id, article_id, e, n, published)
        return canon_id

    def _create(self, e: Entity, wanted: str | None = None) -> str:
        if wanted:
            cid = wanted
        else:
            base = f"country:{e.code}" if e.type == "COUNTRY" and e.code else f"{PREFIX.get(e.type, 'x')}:{slug(e.name)}"
            cid, k = base, 2
            while self.conn.execute("SELECT 1 FROM canon_entities WHERE id = ?", (cid,)).fetchone():
                cid, k = f"{base}-{k}", k + 1
        now = _now()
        self.conn.execute(
            "INSERT INTO canon_entities(id, type, name, code, country, role, category, origin, maker, kb_id, "
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (cid, e.type, e.name, e.code, e.country, e.role, e.category, e.origin, e.maker, e.kb_id, now, now))
        return cid

    def _absorb(self, cid: str, article_id: str, e: Entity, n: int, published: str | None) -> None:
        """Add what the new entity tells about the canonical one (keys, alias counts, counts, dates)."""
        self.conn.executemany("INSERT OR IGNORE INTO canon_keys(key, canon_id) VALUES (?, ?)",
                              [(k, cid) for k in sorted(entity_keys(e))])
        main = norm(e.name)
        for a in dict.fromkeys([e.name, *e.aliases]):
            self.conn.execute("INSERT INTO canon_aliases(canon_id, alias, count, primary_count) VALUES (?, ?, 1, ?) "
                              "ON CONFLICT(canon_id, alias) DO UPDATE SET count = canon_aliases.count + 1, "
                              "primary_count = canon_aliases.primary_count + excluded.primary_count",
                              (cid, a, int(norm(a) == main)))
        new_article = (article_id, cid) not in self._counted  # the article's first entity linked to cid
        self._counted.add((article_id, cid))
        self.conn.execute(
            "UPDATE canon_entities SET mention_count = mention_count + ?, article_count = article_count + ?, "
            "first_seen = CASE WHEN ? IS NOT NULL AND (first_seen IS NULL OR ? < first_seen) THEN ? ELSE first_seen END, "
            "last_seen = CASE WHEN ? IS NOT NULL AND (last_seen IS NULL OR ? > last_seen) THEN ? ELSE last_seen END, "
            "kb_id = COALESCE(kb_id, ?), code = COALESCE(code, ?), country = COALESCE(country, ?), "
            "role = COALESCE(role, ?), category = COALESCE(category, ?), origin = COALESCE(origin, ?), "
            "maker = COALESCE(maker, ?), updated_at = ? WHERE id = ?",
            (n, int(new_article), *[published] * 6, e.kb_id, e.code, e.country, e.role, e.category, e.origin, e.maker,
             _now(), cid))
        self._rename(cid, e)

    def _rename(self, cid: str, e: Entity) -> None:
        """Display name: the fullest, most used of the names entities went by (as their main name,
        when any did); read from the alias counts alone, so it costs the same however often it is used."""
        row = self.conn.execute("SELECT name, kb_id, type FROM canon_entities WHERE id = ?", (cid,)).fetchone()
        aliases = self.conn.execute("SELECT alias, count, primary_count FROM canon_aliases WHERE canon_id = ?",
                                    (cid,)).fetchall()
        used = [r for r in aliases if r[2]] or aliases
        best = max(used, key=lambda r: (len(r[0].split()) if row[2] == "PERSON" else 0, r[1], -len(r[0]), r[0]))[0]
        if best != row[0]:
            self.conn.execute("UPDATE canon_entities SET name = ? WHERE id = ?", (best, cid))
        if row[2] == "PERSON":
            g, s = person_parts(best)
            self.conn.execute("UPDATE canon_entities SET given = ?, surname = ? WHERE id = ?", (g or None, s, cid))


def resolve_record(conn: Any, record: Record, resolver: Resolver | None = None) -> dict[str, str]:
    """Resolve the entities of one just-written record: ``{entity_id: canon_id}``."""
    resolver = resolver or Resolver(conn)
    # Countries and catalogue entities first: they are certain and give people their context.
    order = sorted(record.entities, key=lambda e: (e.type != "COUNTRY", not e.kb_id, e.type == "PERSON"))
    return {e.id: resolver.resolve_entity(record.id, e, record.published) for e in order}


def refresh(conn: Any, canon_ids: set[str] | list[str]) -> None:
    """Recompute counts, dates and aliases of canonical entities from their links (after a delete,
    merge or split); a canonical entity left with no link is removed."""
    for cid in canon_ids:
        row = conn.execute("SELECT sum(mentions), count(DISTINCT article_id), min(published), max(published) "
                           "FROM entity_links WHERE canon_id = ?", (cid,)).fetchone()
        if not row[1]:
            conn.execute("DELETE FROM canon_entities WHERE id = ?", (cid,))
            continue
        conn.execute("UPDATE canon_entities SET mention_count = ?, article_count = ?, first_seen = ?, last_seen = ?, "
                     "updated_at = ? WHERE id = ?", (row[0], row[1], row[2], row[3], _now(), cid))


def rebuild_keys(conn: Any, cid: str) -> None:
    """Recompute keys and alias counts of one canonical entity from the entities linked to it."""
    conn.execute("DELETE FROM canon_keys WHERE canon_id = ?", (cid,))
    conn.execute("DELETE FROM canon_aliases WHERE canon_id = ?", (cid,))
    counts: Counter[str] = Counter()
    primary: Counter[str] = Counter()
    keys: set[str] = set()
    last = None
    for row in conn.execute("SELECT e.* FROM entity_links l JOIN entities e ON e.article_id = l.article_id "
                            "AND e.entity_id = l.entity_id WHERE l.canon_id = ?", (cid,)).fetchall():
        e = entity_from_row(row)
        keys |= entity_keys(e)
        counts.update(dict.fromkeys([e.name, *e.aliases], 1))
        primary.update(a for a in dict.fromkeys([e.name, *e.aliases]) if norm(a) == norm(e.name))
        last = e
    conn.executemany("INSERT OR IGNORE INTO canon_keys(key, canon_id) VALUES (?, ?)", [(k, cid) for k in keys])
    conn.executemany("INSERT INTO canon_aliases(canon_id, alias, count, primary_count) VALUES (?, ?, ?, ?)",
                     [(cid, a, n, primary[a]) for a, n in counts.items()])
    if last is not None:
        Resolver(conn)._rename(cid, last)


def entity_from_row(row: Any) -> Entity:
    """An :class:`Entity` from an ``entities`` table row (mentions left empty)."""
    import json  # noqa: PLC0415

    r = dict(row)
    return Entity(id=r["entity_id"], type=r["type"], name=r["name"], aliases=json.loads(r["aliases"] or "[]"),
                  code=r["code"], country=r["country"], role=r["role"], category=r["category"],
                  origin=r["origin"], maker=r["maker"], kb_id=r["kb_id"])


def canon_of_article(conn: Any, article_id: str) -> set[str]:
    return {r[0] for r in conn.execute("SELECT canon_id FROM entity_links WHERE article_id = ?", (article_id,))}


def _norm_alias(name: str) -> str:
    return norm(name)


def merge(conn: Any, source: str, target: str) -> dict:
    """Merge canonical entity ``source`` into ``target`` (kept as an override for later ingests)."""
    from sitrep.errors import SitrepError  # noqa: PLC0415

    if source == target:
        raise SitrepError("E400", f"cannot merge {source!r} into itself.")
    rows = {r[0]: r for r in conn.execute("SELECT id, type FROM canon_entities WHERE id IN (?, ?)", (source, target))}
    for cid in (source, target):
        if cid not in rows:
            raise SitrepError("E304", f"no canonical entity {cid!r}; list them with `sitrep entities`.")
    if rows[source][1] != rows[target][1]:
        raise SitrepError("E400", f"cannot merge a {rows[source][1]} into a {rows[target][1]}.")
    names = {norm(r[0]) for r in conn.execute(
        "SELECT e.name FROM entity_links l JOIN entities e ON e.article_id = l.article_id AND e.entity_id = l.entity_id "
        "WHERE l.canon_id = ?", (source,))}
    conn.execute("UPDATE entity_links SET canon_id = ?, method = 'override' WHERE canon_id = ?", (target, source))
    conn.execute("UPDATE entity_overrides SET target = ? WHERE target = ?", (target, source))
    now = _now()
    # the names the merged entity went by now mean the target, even where they would be ambiguous
    conn.executemany("INSERT INTO entity_overrides(action, source, target, alias, created_at) VALUES ('merge', ?, ?, ?, ?)",
                     [(source, target, n, now) for n in sorted(names) if n])
    conn.execute("DELETE FROM entity_overrides WHERE action = 'split' AND source = ? AND target = ?", (target, target))
    conn.execute("INSERT INTO entity_overrides(action, source, target, alias, created_at) VALUES ('merge', ?, ?, NULL, ?)",
                 (source, target, _now()))
    conn.execute("DELETE FROM canon_entities WHERE id = ?", (source,))
    rebuild_keys(conn, target)
    refresh(conn, {target})
    return {"merged": source, "into": target}


def split(conn: Any, canon_id: str, alias: str) -> dict:
    """Move the entities called ``alias`` out of ``canon_id`` into a canonical entity of their own;
    later ingests put that name there too."""
    from sitrep.errors import SitrepError  # noqa: PLC0415

    row = conn.execute("SELECT type FROM canon_entities WHERE id = ?", (canon_id,)).fetchone()
    if not row:
        raise SitrepError("E304", f"no canonical entity {canon_id!r}; list them with `sitrep entities`.")
    key = _norm_alias(alias)
    links = [r for r in conn.execute(
        "SELECT l.article_id, l.entity_id, e.name, e.aliases FROM entity_links l JOIN entities e "
        "ON e.article_id = l.article_id AND e.entity_id = l.entity_id WHERE l.canon_id = ?", (canon_id,))
        if norm(r[2]) == key]
    if not links:
        raise SitrepError("E400", f"{canon_id} has no entity named {alias!r}; see its aliases with "
                                  f"`sitrep profile {canon_id}`.")
    remaining = conn.execute("SELECT count(*) FROM entity_links WHERE canon_id = ?", (canon_id,)).fetchone()[0]
    if remaining == len(links):
        raise SitrepError("E400", f"every entity of {canon_id} is called {alias!r}: nothing to split off.")
    base, k = f"{PREFIX.get(row[0], 'x')}:{slug(alias)}", 2
    new_id = base
    while conn.execute("SELECT 1 FROM canon_entities WHERE id = ?", (new_id,)).fetchone():
        new_id, k = f"{base}-{k}", k + 1
    now = _now()
    conn.execute("INSERT INTO canon_entities(id, type, name, created_at, updated_at) VALUES (?,?,?,?,?)",
                 (new_id, row[0], links[0][2], now, now))
    conn.executemany("UPDATE entity_links SET canon_id = ?, method = 'override' WHERE article_id = ? AND entity_id = ?",
                     [(new_id, r[0], r[1]) for r in links])
    conn.execute("INSERT INTO entity_overrides(action, source, target, alias, created_at) VALUES ('split', ?, ?, ?, ?)",
                 (canon_id, new_id, key, now))
    for cid in (canon_id, new_id):
        rebuild_keys(conn, cid)
    refresh(conn, {canon_id, new_id})
    return {"split": canon_id, "alias": alias, "into": new_id, "entities": len(links)}

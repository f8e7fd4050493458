"""Exports of a store for other tools.

- ``csv`` / ``jsonl`` / ``parquet``: every table (one file each, in a folder);
- ``gexf`` (GEXF 1.3) / ``graphml``: the actor network, scalar attributes only (Gephi, networkx);
- ``ftm``: FollowTheMoney entities as JSON lines (Person, Organization, PublicBody for states,
  Article, Event with ``involved``) for OCCRP Aleph / ``ftm`` tools;
- ``plover``: one PLOVER-style event JSON object per line;
- ``gdelt``: GDELT-like tab-separated events, one row per event cluster, with a header row.

Every export reads a SQLite or a PostgreSQL store alike (the same tables, rows and order; the
PostgreSQL ``tsvector`` columns are derived, so left out).
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.store.db import POSTGRES, dialect

FORMATS = ("csv", "jsonl", "parquet", "gexf", "graphml", "ftm", "plover", "gdelt")
ACTOR_TYPES = ("PERSON", "ORG", "COUNTRY")


def export(conn: Any, fmt: str, out: str | Path) -> dict[str, Any]:
    """Write the ``fmt`` export of the store to ``out`` (a folder for table formats, else a file)."""
    out = Path(out)
    if fmt not in FORMATS:
        raise SitrepError("E400", f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    if fmt in ("csv", "jsonl", "parquet"):
        if out.exists() and not out.is_dir():
            raise SitrepError("E400", f"{fmt} export writes one file per table into a folder, and {out} is not a "
                                      f"folder: give a folder path, e.g. `-o export/`.")
        return export_tables(conn, out, fmt)
    if out.is_dir():
        raise SitrepError("E400", f"{fmt} export writes one file, and {out} is a folder: give a file path.")
    if fmt == "ftm":
        try:
            import followthemoney  # noqa: F401, PLC0415
        except ImportError:
            raise SitrepError("E401", "the ftm export needs FollowTheMoney: pip install 'sitrep[ftm]' "
                                      "(its pyicu builds against ICU: apt-get install libicu-dev pkg-config).") from None
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("gexf", "graphml"):
        return export_network(conn, out, fmt)
    return {"ftm": export_ftm, "plover": export_plover, "gdelt": export_gdelt}[fmt](conn, out)


_PG_DECL = {"bigint": "INTEGER", "integer": "INTEGER", "smallint": "INTEGER", "double precision": "REAL",
            "real": "REAL", "numeric": "REAL", "bytea": "BLOB"}


def tables(conn: Any) -> list[str]:
    """The store's data tables (FTS index tables left out: they are rebuilt from the others)."""
    if dialect(conn) == POSTGRES:
        return sorted(r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE'"))
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE '%_fts' AND name NOT LIKE '%_fts_%' ORDER BY name")]


def columns(conn: Any, table: str) -> list[tuple[str, str]]:
    """(name, SQLite-style declared type) of ``table``'s columns in order; PostgreSQL's ``tsvector``
    columns (derived, for full-text search) left out."""
    if dialect(conn) == POSTGRES:
        return [(r[0], _PG_DECL.get(r[1], "TEXT")) for r in conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = ? AND data_type != 'tsvector' ORDER BY ordinal_position", (table,))]
    return [(r[1], r[2]) for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,))]


def primary_key(conn: Any, table: str) -> list[str]:
    """The primary-key columns of ``table`` in key order (empty when it has none)."""
    if dialect(conn) == POSTGRES:
        return [r[0] for r in conn.execute(
            "SELECT k.column_name FROM information_schema.table_constraints c JOIN information_schema.key_column_usage k "
            "ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name "
            "WHERE c.table_schema = current_schema() AND c.table_name = ? AND c.constraint_type = 'PRIMARY KEY' "
            "ORDER BY k.ordinal_position", (table,))]
    return [r[1] for r in sorted((r for r in conn.execute("SELECT * FROM pragma_table_info(?)", (table,)) if r[5]),
                                 key=lambda r: r[5])]


def _cell(v: Any) -> Any:
    return v.hex() if isinstance(v, bytes) else v


def export_tables(conn: Any, folder: Path, fmt: str) -> dict[str, Any]:
    """One ``<table>.<fmt>`` per table in ``folder``; returns ``{"files": {table: rows}}``."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table in tables(conn):
        decls = columns(conn, table)
        cols = [c for c, _ in decls]
        order = primary_key(conn, table) or cols  # the same row order from both backends
        cur = conn.execute(f'SELECT {", ".join(_quote(c) for c in cols)} FROM "{table}" '
                           f'ORDER BY {", ".join(_quote(c) for c in order)}')
        path = folder / f"{table}.{fmt}"
        n = 0
        if fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as f:
                w = csv.writer(f)
                w.writerow(cols)
                for row in cur:
                    w.writerow([_cell(v) for v in row])
                    n += 1
        elif fmt == "jsonl":
            with path.open("w", encoding="utf-8") as f:
                for row in cur:
                    f.write(json.dumps({c: _cell(v) for c, v in zip(cols, row, strict=True)}, ensure_ascii=False) + "\n")
                    n += 1
        else:
            import pyarrow as pa  # noqa: PLC0415
            import pyarrow.parquet as pq  # noqa: PLC0415

            rows = cur.fetchall()
            n = len(rows)
            types = dict(decls)
            fields = [pa.field(c, _arrow_type(types.get(c, ""), [r[i] for r in rows])) for i, c in enumerate(cols)]
            schema = pa.schema(fields)
            data = {c: [r[i] for r in rows] for i, c in enumerate(cols)}
            pq.write_table(pa.table(data, schema=schema), path)
        written[table] = n
    return {"format": fmt, "folder": str(folder), "files": written}


def _quote(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _arrow_type(decl: str, values: list[Any]):  # noqa: ANN202 — a pyarrow DataType
    import pyarrow as pa  # noqa: PLC0415

    decl = decl.upper()
    if "INT" in decl:
        return pa.int64()
    if "REAL" in decl or "FLOA" in decl:
        return pa.float64()
    if "BLOB" in decl:
        return pa.binary()
    if decl == "" and any(isinstance(v, int) for v in values):
        return pa.int64()
    return pa.string()


# ------------------------------------------------------------------------------ the actor network

def actor_graph(conn: Any):  # noqa: ANN201 — a networkx.DiGraph
    """Directed graph of canonical actors (people, organisations, states): an edge per (source,
    target) with the event count, the count per type, transfers, first/last date and articles."""
    import networkx as nx  # noqa: PLC0415

    code_to_canon = {r[0]: r[1] for r in conn.execute(
        "SELECT code, id FROM canon_entities WHERE code IS NOT NULL ORDER BY id")}
    link = {(r[0], r[1]): r[2] for r in conn.execute(
        "SELECT l.article_id, l.entity_id, l.canon_id FROM entity_links l JOIN canon_entities c ON c.id = l.canon_id "
        "WHERE c.type IN ('PERSON', 'ORG', 'COUNTRY')")}
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def edge(a: str, b: str) -> dict[str, Any]:
        return edges.setdefault((a, b), {"events": 0, "transfers": 0, "types": Counter(), "articles": set(),
                                         "first": None, "last": None})

    def stamp(e: dict, when: str | None, article: str) -> None:
        e["articles"].add(article)
        if when:
            e["first"] = min(e["first"] or when, when)
            e["last"] = max(e["last"] or when, when)

    for r in conn.execute("SELECT x.article_id, x.type, x.source, x.target, x.source_actor, x.target_actor, "
                          "COALESCE(x.date, a.published) FROM events x JOIN articles a ON a.id = x.article_id ORDER BY x.id"):
        a = link.get((r[0], r[4])) or code_to_canon.get(r[2])
        b = link.get((r[0], r[5])) or code_to_canon.get(r[3])
        if a and b and a != b:
            e = edge(a, b)
            e["events"] += 1
            e["types"][r[1]] += 1
            stamp(e, r[6], r[0])
    for r in conn.execute("SELECT t.article_id, t.supplier, t.recipient, COALESCE(t.date, a.published) "
                          "FROM arms_transfers t JOIN articles a ON a.id = t.article_id ORDER BY t.id"):
        a, b = code_to_canon.get(r[1]), code_to_canon.get(r[2])
        if a and b and a != b:
            e = edge(a, b)
            e["transfers"] += 1
            stamp(e, r[3], r[0])
    g = nx.DiGraph()
    nodes = {n for pair in edges for n in pair}
    rows = {r[0]: r[1:] for r in conn.execute(
        "SELECT c.id, c.type, c.name, c.country, c.code, c.role, c.mention_count, c.article_count, c.first_seen, "
        "c.last_seen FROM canon_entities c WHERE c.type IN ('PERSON', 'ORG', 'COUNTRY') ORDER BY c.id")}
    for cid in sorted(nodes):
        row = rows[cid]
        attrs = {"label": row[1], "type": row[0], "country": row[2] or row[3] or "", "role": row[4] or "",
                 "mentions": int(row[5]), "articles": int(row[6]), "first_seen": row[7] or "", "last_seen": row[8] or ""}
        g.add_node(cid, **attrs)
    for (a, b), e in sorted(edges.items()):
        g.add_edge(a, b, weight=float(e["events"] + e["transfers"]), events=e["events"], transfers=e["transfers"],
                   types=";".join(f"{t}:{n}" for t, n in sorted(e["types"].items())),
                   articles=len(e["articles"]), first=e["first"] or "", last=e["last"] or "")
    return g


XSI = "http://www.w3.org/2001/XMLSchema-instance"


def write_gexf13(g: Any, path: Path) -> None:
    """GEXF 1.3 as its XSD wants it: networkx's writer with the XML Schema instance namespace it misspells
    (``http://w3.org/...``, which hides ``xsi:schemaLocation`` from validators) and a named graph."""
    from networkx.readwrite.gexf import GEXFWriter  # noqa: PLC0415

    g.graph.setdefault("name", "sitrep actor network")
    writer = GEXFWriter(version="1.3")
    writer.xml.set("xmlns:xsi", XSI)
    writer.add_graph(g)
    with path.open("wb") as fh:
        writer.write(fh)


def export_network(conn: Any, path: Path, fmt: str) -> dict[str, Any]:
    import networkx as nx  # noqa: PLC0415

    g = actor_graph(conn)
    if fmt == "gexf":
        write_gexf13(g, path)
    else:
        nx.write_graphml(g, path)
    return {"format": fmt, "file": str(path), "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}


# ------------------------------------------------------------------------------ FollowTheMoney

FTM_SCHEMA = {"PERSON": "Person", "ORG": "Organization", "COUNTRY": "PublicBody"}


def ftm_entities(conn: Any):  # noqa: ANN201 — yields followthemoney EntityProxy
    """FollowTheMoney proxies: actors, articles (with who they mention) and events (with ``involved``)."""
    from followthemoney import model  # noqa: PLC0415

    ids: dict[str, str] = {}
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute("SELECT a.canon_id, a.alias FROM canon_aliases a JOIN canon_entities c ON c.id = a.canon_id "
                          "WHERE c.type IN ('PERSON', 'ORG', 'COUNTRY') AND a.alias != c.name ORDER BY a.canon_id, a.alias"):
        aliases[r[0]].append(r[1])
    for r in conn.execute("SELECT id, type, name, country, code, role FROM canon_entities "
                          "WHERE type IN ('PERSON', 'ORG', 'COUNTRY') ORDER BY id").fetchall():
        p = model.make_entity(FTM_SCHEMA[r[1]])
        p.make_id("sitrep", r[0])
        p.add("name", r[2])
        country = r[4] if r[1] == "COUNTRY" else r[3]
        if country:
            p.add("country", country, quiet=True)
        if r[1] == "PERSON" and r[5]:
            p.add("position", r[5], quiet=True)
        p.add("alias", aliases.get(r[0], []), quiet=True)
        ids[r[0]] = p.id
        yield p
    art_ids: dict[str, str] = {}
    people: dict[str, list[str]] = defaultdict(list)
    for r in conn.execute("SELECT DISTINCT l.article_id, c.name FROM entity_links l JOIN canon_entities c "
                          "ON c.id = l.canon_id WHERE c.type = 'PERSON' ORDER BY l.article_id, c.name"):
        people[r[0]].append(r[1])
    for r in conn.execute("SELECT id, title, url, outlet, published, language FROM articles ORDER BY pk").fetchall():
        p = model.make_entity("Article")
        p.make_id("sitrep-article", r[0])
        p.add("title", r[1] or r[0])
        p.add("sourceUrl", r[2], quiet=True)
        p.add("publisher", r[3], quiet=True)
        p.add("publishedAt", r[4], quiet=True)
        p.add("peopleMentioned", people.get(r[0], []), quiet=True)
        art_ids[r[0]] = p.id
        yield p
    code_to_canon = {r[0]: r[1] for r in conn.execute(
        "SELECT code, id FROM canon_entities WHERE code IS NOT NULL ORDER BY id")}
    members: dict[int, list[tuple]] = defaultdict(list)
    for r in conn.execute("SELECT m.cluster_id, m.article_id, x.source_actor, x.target_actor, x.evidence_text, "
                          "ls.canon_id, lt.canon_id FROM event_cluster_members m JOIN events x ON x.id = m.event_id "
                          "LEFT JOIN entity_links ls ON ls.article_id = m.article_id AND ls.entity_id = x.source_actor "
                          "LEFT JOIN entity_links lt ON lt.article_id = m.article_id AND lt.entity_id = x.target_actor "
                          "ORDER BY m.event_id"):
        members[r[0]].append(r[1:])
    for c in conn.execute("SELECT id, type, source, target, date_start, date_end, location, status FROM event_clusters "
                          "ORDER BY id").fetchall():
        p = model.make_entity("Event")
        p.make_id("sitrep-event", str(c[0]))
        p.add("name", f"{c[1]} {c[2] or '?'}-{c[3] or '?'} {c[4] or ''}".strip())
        if c[4]:
            p.add("startDate", c[4])
            p.add("endDate", c[5])
        p.add("location", c[6], quiet=True)
        involved: list[str] = []
        for code in (c[2], c[3]):
            if code and code in code_to_canon and code_to_canon[code] in ids:
                involved.append(ids[code_to_canon[code]])
        for article_id, sa, ta, evidence, sa_canon, ta_canon in members.get(c[0], []):
            for ent, canon in ((sa, sa_canon), (ta, ta_canon)):
                if ent and canon in ids:
                    involved.append(ids[canon])
            if article_id in art_ids:
                p.add("proof", art_ids[article_id])
            p.add("summary", evidence, quiet=True)
        p.add("involved", list(dict.fromkeys(involved)))
        p.add("country", [x for x in (c[2], c[3]) if x and len(x) == 3], quiet=True)
        yield p


def export_ftm(conn: Any, path: Path) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    with path.open("w", encoding="utf-8") as f:
        for p in ftm_entities(conn):
            f.write(json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
            counts[p.schema.name] += 1
    return {"format": "ftm", "file": str(path), "entities": dict(counts)}


# ------------------------------------------------------------------------------ PLOVER and GDELT

def plover_events(conn: Any):  # noqa: ANN201 — yields dicts
    """PLOVER-style event objects: one per stored event, with actors, the article and its cluster."""
    canon = {(r[0], r[1]): (r[2], r[3]) for r in conn.execute(
        "SELECT l.article_id, l.entity_id, c.id, c.name FROM entity_links l JOIN canon_entities c ON c.id = l.canon_id "
        "JOIN events x ON x.article_id = l.article_id AND l.entity_id IN (x.source_actor, x.target_actor)")}
    for r in conn.execute(
            "SELECT x.*, a.published, a.outlet, a.url, a.title FROM events x JOIN articles a "
            "ON a.id = x.article_id ORDER BY x.id"):
        r = dict(r)
        src = canon.get((r["article_id"], r["source_actor"]), (None, None))
        tgt = canon.get((r["article_id"], r["target_actor"]), (None, None))
        yield {
            "event_id": f"{r['article_id']}-{r['id']}",
            "event_date": r["date"] or r["published"],
            "event_type": r["type"], "event_mode": r["mode"],
            "context": [r["context"]] if r["context"] else [],
            "source_actor": src[1], "source_entity": src[0], "source_country": r["source"],
            "target_actor": tgt[1], "target_entity": tgt[0], "target_country": r["target"],
            "status": r["status"], "location": r["location"], "attributed_to": r["attributed_to"],
            "confidence": r["confidence"], "trigger": r["trigger"], "event_text": r["evidence_text"],
            "cluster_id": r["cluster_id"],
            "story": {"id": r["article_id"], "title": r["title"], "publisher": r["outlet"], "url": r["url"],
                      "date": r["published"]},
        }


def export_plover(conn: Any, path: Path) -> dict[str, Any]:
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for ev in plover_events(conn):
            f.write(json.dumps(ev, ensure_ascii=False) + "\n")
            n += 1
    return {"format": "plover", "file": str(path), "events": n}


GDELT_COLUMNS = ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "Actor1Code", "Actor1Name", "Actor1CountryCode",
                 "Actor2Code", "Actor2Name", "Actor2CountryCode", "EventCode", "EventRootCode", "EventStatus",
                 "NumMentions", "NumSources", "NumArticles", "ActionGeo_FullName", "DATEADDED", "SOURCEURL")


def export_gdelt(conn: Any, path: Path) -> dict[str, Any]:
    """One row per event cluster; NumSources counts independent stories (near-duplicates once)."""
    names = {r[0]: r[1] for r in conn.execute("SELECT code, name FROM canon_entities WHERE code IS NOT NULL ORDER BY id")}
    first: dict[int, str] = {}  # each cluster's earliest article (undated first, as SQLite orders NULL), its URL or id
    for r in conn.execute("SELECT m.cluster_id, COALESCE(a.url, a.id) FROM event_cluster_members m JOIN articles a "
                          "ON a.id = m.article_id ORDER BY a.published IS NOT NULL, a.published, a.pk"):
        first.setdefault(r[0], r[1])
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(GDELT_COLUMNS)
        for c in conn.execute("SELECT * FROM event_clusters ORDER BY date_start IS NOT NULL, date_start, id").fetchall():
            c = dict(c)
            d = (c["date_start"] or "").replace("-", "")
            w.writerow([c["id"], d, d[:6], d[:4], c["source"] or "", names.get(c["source"], c["source"] or ""),
                        c["source"] or "", c["target"] or "", names.get(c["target"], c["target"] or ""),
                        c["target"] or "", c["type"], c["type"], c["status"] or "", c["n_events"], c["n_independent"],
                        c["n_articles"], c["location"] or "", (c["created_at"] or "")[:10].replace("-", ""),
                        first.get(c["id"], "")])
            n += 1
    return {"format": "gdelt", "file": str(path), "rows": n}

"""Every export read back by the library that consumes it: pyarrow (Parquet, CSV, TSV), networkx
(GEXF 1.3, GraphML), followthemoney (entity JSON lines); JSONL and PLOVER by json."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from knowledge_helpers import store_with
from sitrep.store.export import GDELT_COLUMNS, export, tables
from test_clusters import _records


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("exp") / "k.db"
    s = store_with(path, _records())
    yield s
    s.close()


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_every_table_round_trips(store, tmp_path, fmt):
    out = export(store.conn, fmt, tmp_path / fmt)
    names = tables(store.conn)
    assert {"articles", "entities", "events", "canon_entities", "event_clusters", "transfer_lifecycles"} <= set(names)
    assert set(out["files"]) == set(names)
    for table in names:
        n = store.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        path = tmp_path / fmt / f"{table}.{fmt}"
        if fmt == "parquet":
            t = pq.read_table(path)
        elif fmt == "csv":
            t = pacsv.read_csv(path)
        else:
            t = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert len(t) == n == out["files"][table], table
    arts = pq.read_table(tmp_path / "parquet" / "articles.parquet").to_pylist() if fmt == "parquet" else None
    if arts:
        assert sorted(a["id"] for a in arts) == ["d1", "d2", "d3", "d4", "l1", "o1", "w1", "w2"]
        lc = pq.read_table(tmp_path / "parquet" / "transfer_lifecycles.parquet").to_pylist()
        assert [(r["stage"], r["n_reports"]) for r in lc] == [("delivered", 4)]


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_actor_network_reads_back_in_networkx(store, tmp_path, fmt):
    path = tmp_path / f"net.{fmt}"
    out = export(store.conn, fmt, path)
    g = nx.read_gexf(path, version="1.3") if fmt == "gexf" else nx.read_graphml(path)
    if fmt == "gexf":
        assert 'version="1.3"' in path.read_text(encoding="utf-8")
    assert (g.number_of_nodes(), g.number_of_edges()) == (out["nodes"], out["edges"]) == (3, 2)
    edge = g.edges["person:amir-hatami", "country:RUS"]
    assert (edge["events"], edge["types"], edge["articles"]) == (3, "CONSULT:3", 3)
    assert (g.edges["country:RUS", "country:IRN"]["transfers"], g.edges["country:RUS", "country:IRN"]["events"]) == (4, 1)
    node = g.nodes["person:amir-hatami"]
    assert (node["label"], node["type"], node["country"], node["mentions"]) == ("Amir Hatami", "PERSON", "IRN", 8)


def test_followthemoney_entities_load(store, tmp_path):
    from followthemoney import model

    path = tmp_path / "ftm.jsonl"
    export(store.conn, "ftm", path)
    proxies = [model.get_proxy(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
    by_id = {p.id: p for p in proxies}
    schemas = sorted(p.schema.name for p in proxies)
    assert schemas.count("Person") == 1 and schemas.count("PublicBody") == 2 and schemas.count("Article") == 8
    (person,) = [p for p in proxies if p.schema.name == "Person"]
    assert person.get("name") == ["Amir Hatami"] and person.get("country") == ["ir"]
    meeting = next(p for p in proxies if p.schema.name == "Event" and p.get("location") == ["Tehran"])
    involved = sorted(by_id[i].first("name") for i in meeting.get("involved"))
    assert involved == ["Amir Hatami", "Iran", "Russia"]
    assert len(meeting.get("proof")) == 3 and all(by_id[a].schema.name == "Article" for a in meeting.get("proof"))


def test_plover_and_gdelt(store, tmp_path):
    export(store.conn, "plover", tmp_path / "ev.jsonl")
    evs = [json.loads(x) for x in (tmp_path / "ev.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(evs) == 4
    first = evs[0]
    assert (first["event_type"], first["source_country"], first["target_country"], first["source_actor"],
            first["event_date"], first["story"]["publisher"]) == \
        ("CONSULT", "IRN", "RUS", "Amir Hatami", "2024-05-14", "Gulf Wire")
    export(store.conn, "gdelt", tmp_path / "ev.tsv")
    t = pacsv.read_csv(tmp_path / "ev.tsv", parse_options=pacsv.ParseOptions(delimiter="\t"),
                       convert_options=pacsv.ConvertOptions(column_types={"SQLDATE": "string"}))
    assert t.column_names == list(GDELT_COLUMNS)
    rows = t.to_pylist()
    assert [(r["SQLDATE"], r["EventCode"], r["Actor1Code"], r["Actor2Code"], r["NumArticles"], r["NumSources"])
            for r in rows] == [("20240514", "CONSULT", "IRN", "RUS", 3, 2), ("20240601", "CONSULT", "IRN", "RUS", 1, 1)]
    assert rows[0]["Actor1Name"] == "Iran" and rows[0]["SOURCEURL"] == "https://example.org/w1"


def _sitrep(*args: str, pre: str = "pass") -> subprocess.CompletedProcess:
    code = f"import sys; {pre}; from sitrep.cli import main; sys.argv = ['sitrep', *sys.argv[1:]]; main()"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_ftm_export_without_followthemoney_says_which_extra(store, tmp_path):
    db = store.conn.execute("PRAGMA database_list").fetchone()[2]
    # a process in which `import followthemoney` fails, as it does where the extra is not installed
    out = _sitrep("export", "ftm", "-o", str(tmp_path / "e.ftm.json"), "--db", db,
                  pre="sys.modules['followthemoney'] = None")
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert "[E401]" in out.stderr and "pip install 'sitrep[ftm]'" in out.stderr
    assert not (tmp_path / "e.ftm.json").exists()


def test_table_export_to_a_file_is_a_usage_error(store, tmp_path):
    db = store.conn.execute("PRAGMA database_list").fetchone()[2]
    out = _sitrep("export", "jsonl", "-o", "/dev/stdout", "--db", db)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "[E400]" in out.stderr and "folder" in out.stderr
    (tmp_path / "folder").mkdir()
    out = _sitrep("export", "gexf", "-o", str(tmp_path / "folder"), "--db", db)
    assert out.returncode == 2 and "[E400]" in out.stderr and "file path" in out.stderr


def test_unwritable_output_is_a_clear_error(store, tmp_path):
    db = store.conn.execute("PRAGMA database_list").fetchone()[2]
    out = _sitrep("export", "plover", "-o", "/proc/no-such/plover.jsonl", "--db", db)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stderr.startswith("error: [E402]")


def test_gexf_meets_the_13_schema_on_namespace_and_graph_name(store, tmp_path):
    """The two points the GEXF 1.3 XSD rejected: the XML Schema instance namespace (so that
    ``xsi:schemaLocation`` is seen as such) and a non-empty ``graph@name``. Set SITREP_GEXF_XSD to the
    official ``gexf.xsd`` (http://gexf.net/1.3/gexf.xsd) to validate the whole file as well."""
    from lxml import etree

    path = tmp_path / "net.gexf"
    export(store.conn, "gexf", path)
    root = etree.parse(str(path)).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    assert root.nsmap["xsi"] == "http://www.w3.org/2001/XMLSchema-instance"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == \
        "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    graph = root.find("{http://gexf.net/1.3}graph")
    assert graph.get("name") == "sitrep actor network" and graph.get("defaultedgetype") == "directed"
    xsd = os.environ.get("SITREP_GEXF_XSD")
    if xsd:
        schema = etree.XMLSchema(etree.parse(xsd))
        assert schema.validate(etree.parse(str(path))), schema.error_log

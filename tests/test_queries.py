"""The knowledge commands end to end (CLI over a hand-built store), the timeline chart, and the
migration of a v1 store."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from knowledge_helpers import store_with
from sitrep.cli import cli
from test_clusters import _records


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("q") / "k.db"
    store_with(path, _records()).close()
    return str(path)


def run(*args: str):
    res = CliRunner().invoke(cli, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_timeline_json_and_plot(db, tmp_path):
    png = tmp_path / "irn-rus.png"
    out = json.loads(run("timeline", "--db", db, "--dyad", "IRN-RUS", "--by", "month", "--json", "--plot", str(png)))
    assert [(b["period"], b["events"]) for b in out["series"]] == [("2024-05", 1), ("2024-06", 1)]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5000


def test_profile_search_new_lifecycles(db):
    p = json.loads(run("profile", "Hatami", "--db", db, "--json"))
    assert p["entity"]["id"] == "person:amir-hatami"
    text = run("profile", "Su-30", "--db", db)
    assert "interest → negotiation → ordered → delivered" in text
    hits = json.loads(run("search", "air defence", "--db", db, "--json"))
    assert {h["article_id"] for h in hits} == {"w1", "w2", "o1"}
    assert json.loads(run("new", "--since", "2000-01-01", "--db", db, "--json"))["counts"]["deals"] == 1
    assert "stage delivered (4 reports)" in run("lifecycles", "--db", db, "--country", "IRN")
    assert "3 articles, 3 outlets, 2 independent" in run("clusters", "--db", db)


def test_unknown_entity_is_a_clean_error(db):
    from sitrep.errors import SitrepError

    res = CliRunner().invoke(cli, ["profile", "Nobody Atall", "--db", db])  # main() maps it to exit code 2
    assert isinstance(res.exception, SitrepError) and res.exception.code == "E304"


def test_merge_split_commands(tmp_path):
    path = str(tmp_path / "m.db")
    store_with(path, _records()).close()
    out = json.loads(run("merge", "country:IRN", "country:RUS", "--db", path))
    assert out == {"merged": "country:IRN", "into": "country:RUS"}
    ids = [e["id"] for e in json.loads(run("entities", "--db", path, "--type", "COUNTRY", "--json"))]
    assert ids == ["country:RUS"]
    out = json.loads(run("split", "country:RUS", "Iran", "--db", path))
    assert out["into"] == "country:iran" and out["entities"] == 8


KNOWLEDGE_TABLES = ("transfer_lifecycle_members", "transfer_lifecycles", "event_cluster_tallies",
                    "event_cluster_members", "event_clusters", "lsh_bands", "article_minhash", "entity_overrides",
                    "entity_links", "canon_aliases", "canon_keys", "canon_entities")


def _as_v2(conn: sqlite3.Connection) -> None:
    """Undo what schemas v3 and v4 added: effective dates and their indexes, cluster tallies, lifecycle
    states, each event's cluster id."""
    for name in [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND "
                                            "sql LIKE '%effective_date%'")]:
        conn.execute(f"DROP INDEX {name}")
    conn.execute("CREATE INDEX events_dyad ON events(source, target)")
    conn.execute("CREATE INDEX events_target ON events(target)")
    for table, column in (("events", "effective_date"), ("events", "cluster_id"), ("arms_transfers", "effective_date"),
                          ("transfer_lifecycles", "furthest"), ("transfer_lifecycles", "latest_status"),
                          ("canon_aliases", "primary_count")):
        if conn.execute(f"SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?", (column,)).fetchone():
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    conn.execute("DROP TABLE IF EXISTS event_cluster_tallies")
    conn.execute("UPDATE event_clusters SET n_outlets = 0, n_independent = 0")  # recounted on migration
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")


def _knowledge(path) -> dict:
    conn = sqlite3.connect(path)
    out = {
        "clusters": conn.execute("SELECT type, dyad, date_start, date_end, status, n_events, n_articles, n_outlets, "
                                 "n_independent FROM event_clusters ORDER BY id").fetchall(),
        "tallies": conn.execute("SELECT c.dyad, t.kind, t.value, t.n FROM event_cluster_tallies t JOIN event_clusters c "
                                "ON c.id = t.cluster_id ORDER BY c.id, t.kind, t.value").fetchall(),
        "lifecycles": conn.execute("SELECT supplier, recipient, equipment_key, stage, furthest, latest_status, "
                                   "first_date, last_date, n_reports FROM transfer_lifecycles ORDER BY id").fetchall(),
        "dates": conn.execute("SELECT id, effective_date FROM events ORDER BY id").fetchall(),
        "happenings": conn.execute("SELECT e.id, c.type, c.dyad, c.date_start FROM events e "
                                   "JOIN event_clusters c ON c.id = e.cluster_id ORDER BY e.id").fetchall(),
        "aliases": conn.execute("SELECT canon_id, alias, count, primary_count FROM canon_aliases "
                                "ORDER BY canon_id, alias").fetchall(),
        "names": conn.execute("SELECT id, name FROM canon_entities ORDER BY id").fetchall(),
        "version": conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0],
    }
    conn.close()
    return out


def test_v2_store_is_migrated_on_open(tmp_path):
    fresh = tmp_path / "v3.db"
    store_with(fresh, _records()).close()
    path = tmp_path / "v2.db"
    store_with(path, _records()).close()
    conn = sqlite3.connect(path)
    _as_v2(conn)
    conn.commit()
    conn.close()
    out = json.loads(run("timeline", "--db", str(path), "--dyad", "IRN-RUS", "--json"))  # a read-only open
    assert out["total_events"] == 2
    got, want = _knowledge(path), _knowledge(fresh)
    assert got["version"] == "5" and len(got["happenings"]) == len(got["dates"])
    assert got == want
    assert ("CONSULT", "IRN-RUS", "2024-05-14", "2024-05-14", "occurred", 3, 3, 3, 2) in got["clusters"]


def test_v1_store_is_migrated_on_open(tmp_path):
    path = tmp_path / "v1.db"
    store_with(path, _records()).close()
    conn = sqlite3.connect(path)
    _as_v2(conn)
    for t in KNOWLEDGE_TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {t}")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    out = json.loads(run("timeline", "--db", str(path), "--dyad", "IRN-RUS", "--json"))
    assert out["total_events"] == 2
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("5",)
    assert conn.execute("SELECT count(*) FROM canon_entities").fetchone() == (4,)
    assert conn.execute("SELECT count(*) FROM events WHERE effective_date IS NULL").fetchone() == (0,)

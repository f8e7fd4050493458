"""The PostgreSQL store against a real server: same schema, same results as the SQLite store.

The server is the session's throwaway cluster (``pg_url`` / ``new_pg_db`` in conftest.py).
Skipped, with the reason, when the PostgreSQL binaries or psycopg are absent.
"""

from __future__ import annotations

from importlib import resources

import pytest

from sitrep import api
from sitrep.errors import SitrepError
from sitrep.store import is_postgres, open_store

psycopg = pytest.importorskip("psycopg", reason="psycopg 3 not installed (pip install 'sitrep[postgres]')")

SAMPLES = str(resources.files("sitrep.data").joinpath("samples/articles.jsonl"))


@pytest.fixture(scope="module")
def stores(new_pg_db, tmp_path_factory):
    """The samples ingested into SQLite and into a fresh PostgreSQL database."""
    url = new_pg_db("parity")
    sqlite_db = str(tmp_path_factory.mktemp("pg") / "s.db")
    s1 = api.ingest([SAMPLES], sqlite_db)
    s2 = api.ingest([SAMPLES], url)
    assert (s1.new, s1.failed, s2.new, s2.failed) == (13, 0, 13, 0)
    lite, pg = open_store(sqlite_db, readonly=True), open_store(url, readonly=True)
    yield lite, pg, url
    lite.close()
    pg.close()


def test_url_dispatch():
    assert is_postgres("postgresql://u@h/db") and is_postgres("postgres://h/db")
    assert not is_postgres("sitrep.db")


def test_same_stats_records_and_articles(stores):
    lite, pg, _ = stores
    assert pg.stats() == lite.stats()
    assert pg.stats()["articles"] == 13
    a1, a2 = lite.articles(limit=None), pg.articles(limit=None)
    drop = ("ingested_at",)
    assert [{k: v for k, v in r.items() if k not in drop} for r in a2] == \
           [{k: v for k, v in r.items() if k not in drop} for r in a1]
    for r in a1:
        assert pg.record(r["id"]) == lite.record(r["id"])
    with pytest.raises(SitrepError) as exc:
        pg.record("nope")
    assert exc.value.code == "E304"


@pytest.mark.parametrize("kw", [{}, {"country": "IND"}, {"dyad": "RUS-IND"}, {"type": "AGREE"},
                                {"status": "occurred"}, {"since": "2021", "until": "2022-06"}, {"limit": 3}])
def test_same_events(stores, kw):
    lite, pg, _ = stores
    got, want = pg.events(**kw), lite.events(**kw)
    assert got == want
    if not kw:
        assert len(want) > 5


@pytest.mark.parametrize("kw", [{}, {"country": "IND"}, {"equipment": "s-400"}, {"status": "delivered"},
                                {"since": "2022"}])
def test_same_transfers(stores, kw):
    lite, pg, _ = stores
    assert pg.transfers(**kw) == lite.transfers(**kw)


def test_same_quotes(stores):
    lite, pg, _ = stores
    assert pg.quotes() == lite.quotes()
    assert len(pg.quotes()) > 0
    aid = lite.quotes()[0]["article_id"]
    assert pg.quotes(article_id=aid) == lite.quotes(article_id=aid)
    word = lite.quotes()[0]["text"].split()[-1].strip('.,"')
    assert {q["id"] for q in pg.quotes(query=word)} == {q["id"] for q in lite.quotes(query=word)}


@pytest.mark.parametrize("query", ["S-400", "India", "Patriot", "submarines", "zzzzunknown"])
def test_same_search_hits_with_snippets(stores, query):
    lite, pg, _ = stores
    want, got = lite.search(query, limit=50), pg.search(query, limit=50)
    assert {r["id"] for r in got} == {r["id"] for r in want}
    for r in got:
        assert "[" in r["snippet"] and "]" in r["snippet"]


def test_reingest_is_idempotent_and_cli_reads_postgres(stores):
    from click.testing import CliRunner

    from sitrep.cli import cli

    _, pg, url = stores
    again = api.ingest([SAMPLES], url)
    assert (again.new, again.present) == (0, 13)
    res = CliRunner().invoke(cli, ["events", "--db", url, "--format", "jsonl", "--dyad", "RUS-IND"])
    assert res.exit_code == 0, res.output
    assert len([ln for ln in res.output.splitlines() if ln.startswith("{")]) == len(pg.events(dyad="RUS-IND"))


KNOWLEDGE = ("transfer_lifecycle_members", "transfer_lifecycles", "event_cluster_tallies", "event_cluster_members",
             "event_clusters", "lsh_bands", "article_minhash", "entity_overrides", "entity_links", "canon_aliases",
             "canon_keys", "canon_entities")


def _knowledge(url: str) -> dict:
    with psycopg.connect(url) as c:
        return {
            "version": c.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0],
            "dates": c.execute("SELECT id, effective_date FROM events ORDER BY id").fetchall(),
            "happenings": c.execute("SELECT e.id, c.type, c.dyad, c.date_start FROM events e "
                                    "JOIN event_clusters c ON c.id = e.cluster_id ORDER BY e.id").fetchall(),
            "canon": c.execute("SELECT id, name, mention_count, article_count FROM canon_entities ORDER BY id").fetchall(),
            "links": c.execute("SELECT article_id, entity_id, canon_id FROM entity_links ORDER BY 1, 2").fetchall(),
            "clusters": c.execute("SELECT type, dyad, date_start, status, n_events, n_articles, n_outlets, "
                                  "n_independent FROM event_clusters ORDER BY id").fetchall(),
            "deals": c.execute("SELECT supplier, recipient, equipment_key, stage, furthest, latest_status, n_reports "
                               "FROM transfer_lifecycles ORDER BY id").fetchall(),
            "aliases": c.execute("SELECT canon_id, alias, count, primary_count FROM canon_aliases ORDER BY 1, 2").fetchall(),
        }


def test_store_of_an_older_sitrep_is_migrated(new_pg_db):
    """A store written before the knowledge layer ran on PostgreSQL (schema v2: no knowledge tables,
    no effective dates) is migrated on first open, and then holds what a fresh store holds."""
    fresh, old = new_pg_db("fresh"), new_pg_db("old")
    for url in (fresh, old):
        api.ingest([SAMPLES], url)
    with psycopg.connect(old, autocommit=True) as c:
        for t in KNOWLEDGE:
            c.execute(f"DROP TABLE {t} CASCADE")
        for idx in ("events_dyad_date", "events_source_date", "events_target_date", "events_source_happening",
                    "events_target_happening", "events_type_happening", "events_effective_date",
                    "arms_transfers_supplier_date", "arms_transfers_recipient_date"):
            c.execute(f"DROP INDEX {idx}")
        c.execute("ALTER TABLE events DROP COLUMN effective_date")
        c.execute("ALTER TABLE events DROP COLUMN cluster_id")
        c.execute("ALTER TABLE arms_transfers DROP COLUMN effective_date")
        c.execute("CREATE INDEX events_dyad ON events(source, target)")
        c.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with api.open(old) as kb:  # a reader's open migrates it
        assert kb.find_entity("India") == "country:IND"
        assert kb.timeline(country="IND")["total_reports"] > 0
    got, want = _knowledge(old), _knowledge(fresh)
    assert got["version"] == "5" and got["happenings"] and got == want
    with psycopg.connect(old) as c:
        assert c.execute("SELECT to_regclass('events_dyad')").fetchone()[0] is None


def test_search_folds_diacritics_like_sqlite(new_pg_db, tmp_path):
    """"Erdogan" finds "Erdoğan" (and the reverse) on both backends; quotes are searched by their words."""
    from knowledge_helpers import Quote, record  # noqa: PLC0415
    from sitrep.store.store import Store  # noqa: PLC0415
    from sitrep.store.write import write_batch  # noqa: PLC0415

    text = ("ANKARA — President Erdoğan told reporters in Ankara that Türkiye would not give up its "
            "S-400 systems. \"Our decision on air defence is final,\" Erdoğan said.")
    q = text.index("Our decision")
    recs = [record("t1", text, "Wire", "2024-02-02", quotes=[
        Quote(text="Our decision on air defence is final,", start=q, end=q + 37, speaker="Erdoğan")]),
        record("t2", "Officials in Athens said Greece would buy more Rafale jets next year.", "Wire", "2024-02-03")]
    hits = {}
    for db in (str(tmp_path / "s.db"), new_pg_db("accents")):
        with Store.open(db) as st:
            write_batch(st.conn, recs)
        with api.open(db) as kb:
            hits[kb.dialect] = [sorted((h["kind"], h["article_id"]) for h in kb.search(word))
                                for word in ("Erdogan", "erdoğan", "Turkiye", "TÜRKIYE", "decision")]
    assert hits["postgres"] == hits["sqlite"]
    assert hits["sqlite"] == [[("article", "t1")], [("article", "t1")], [("article", "t1")], [("article", "t1")],
                              [("article", "t1"), ("quote", "t1")]]

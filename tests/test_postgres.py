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

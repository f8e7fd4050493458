"""The SQLite store: round trips, idempotence, replacement, queries, the writer thread, failures."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from sitrep.errors import SitrepError
from sitrep.records import ArmsTransfer, DocError, Entity, Event, Quote, Record, TimeExpression
from sitrep.store import sqlite as store_sqlite
from sitrep.store import write as store_write
from sitrep.store.sqlite import SCHEMA_VERSION
from sitrep.store.store import Store
from sitrep.store.write import write_batch, write_record
from sitrep.store.writer import StoreWriter

TEXT = ("MOSCOW — Iran's defence minister met Russian officials in Moscow in August to discuss the "
        "purchase of S-400 air defence systems, Interfax reported. \"We are ready to cooperate,\" "
        "the minister said.")


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def make_record(rid: str = "a1", text: str = TEXT, published: str | None = "2020-08-25",
                outlet: str | None = "Example Wire") -> Record:
    """A hand-built record in the shape the pipeline gives."""
    return Record(
        id=rid, text=text, title=f"Iran and Russia talk air defence ({rid})", url=f"https://example.org/{rid}",
        outlet=outlet, published=published, dateline={"place": "Moscow", "country": "RUS", "start": 0, "end": 6},
        entities=[
            Entity("e1", "COUNTRY", "Iran", aliases=["Iranian"], mentions=[span(text, "Iran")], code="IRN"),
            Entity("e2", "COUNTRY", "Russia", aliases=["Russian"], mentions=[span(text, "Russian")], code="RUS"),
            Entity("e3", "LOCATION", "Moscow", mentions=[(0, 6)],
                   country="RUS", kb_id="gaz:moscow"),
            Entity("e4", "EQUIPMENT", "S-400", mentions=[span(text, "S-400")], category="air defence system",
                   origin="RUS", maker="Almaz-Antey"),
        ],
        events=[Event("CONSULT", "IRN", "RUS", "occurred", span(text, "met Russian officials"), mode="visit",
                      date="2020-08", location="Moscow", attributed_to="Interfax", confidence=0.8,
                      trigger="met")],
        arms_transfers=[ArmsTransfer("RUS", "IRN", "S-400", "negotiation", span(text, "purchase of S-400"),
                                     equipment_entity="e4")],
        time_expressions=[TimeExpression("August", "2020-08", *span(text, "August"), granularity="month")],
        quotes=[Quote("We are ready to cooperate,", *span(text, "We are ready to cooperate,"),
                      speaker="the minister")],
        sources_cited=["Interfax"],
        warnings=["test warning"],
        source=f"tests/{rid}.txt",
        content_hash=None,
    )


def counts(path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        for fts in ("articles_fts", "quotes_fts"):  # raises if an index is out of step with its table
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('integrity-check')")
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "entities", "mentions", "time_expressions", "sources_cited", "events",
                          "arms_transfers", "quotes", "failed_documents", "articles_fts", "quotes_fts")}
    finally:
        conn.close()


ONE = {"articles": 1, "entities": 4, "mentions": 4, "time_expressions": 1, "sources_cited": 1, "events": 1,
       "arms_transfers": 1, "quotes": 1, "failed_documents": 0, "articles_fts": 1, "quotes_fts": 1}


@pytest.fixture
def db(tmp_path):
    return tmp_path / "sitrep.db"


def test_round_trip_and_idempotence(db):
    rec = make_record()
    with Store.open(db) as store:
        assert store.write(rec) == "new"
        assert store.record("a1") == rec.to_dict()
        assert store.write(make_record()) == "present"
        assert store.has(store_write.record_hash(rec)) is True
        assert store.has("0" * 64) is False
    assert counts(db) == ONE
    with Store.open(db, readonly=True) as ro:
        assert ro.record("a1")["entities"][3] == {
            "id": "e4", "type": "EQUIPMENT", "name": "S-400", "aliases": [], "category": "air defence system",
            "origin": "RUS", "maker": "Almaz-Antey", "mentions": [list(span(TEXT, "S-400"))]}
        with pytest.raises(SitrepError) as exc:
            ro.record("nope")
        assert exc.value.code == "E304"


def test_normalised_rows(db):
    with Store.open(db) as store:
        store.write(make_record())
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT dateline_place, dateline_country, outlet FROM articles").fetchone() == (
        "Moscow", "RUS", "Example Wire")
    assert conn.execute("SELECT text FROM mentions WHERE entity_id='e4'").fetchone() == ("S-400",)
    assert conn.execute("SELECT aliases, kb_id FROM entities WHERE entity_id='e3'").fetchone() == ("[]", "gaz:moscow")
    assert conn.execute("SELECT source, target, evidence_text, confidence FROM events").fetchone() == (
        "IRN", "RUS", "met Russian officials", 0.8)
    assert conn.execute("SELECT evidence_text, equipment_entity FROM arms_transfers").fetchone() == (
        "purchase of S-400", "e4")
    conn.close()


def test_same_id_new_content_replaces(db):
    new_text = TEXT.replace("Interfax", "TASS") + " Talks resume in September."
    with Store.open(db) as store:
        assert store.write(make_record()) == "new"
        changed = make_record(text=new_text)
        changed.time_expressions = [TimeExpression("September", "2020-09", *span(new_text, "September"))]
        changed.quotes = []
        assert store.write(changed) == "new"
        assert store.record("a1") == changed.to_dict()
        assert [h["id"] for h in store.search("TASS")] == ["a1"]
        assert store.search("Interfax") == []
        assert store.quotes(query="cooperate") == []
    assert counts(db) == {**ONE, "quotes": 0, "quotes_fts": 0}


def test_stats_exact(db):
    with Store.open(db) as store:
        store.write(make_record("a1", published="2020-08-25"))
        store.write(make_record("a2", text=TEXT + " More talks follow.", published="2021-01", outlet=None))
        write_batch(store.conn, [DocError("bad.html", "E105", "no main text", id="bad")])
        assert store.stats() == {
            "articles": 2, "failed_documents": 1, "entities": 8, "mentions": 8, "time_expressions": 2,
            "events": 2, "arms_transfers": 2, "quotes": 2, "sources_cited": 2,
            "entity_types": {"COUNTRY": 4, "EQUIPMENT": 2, "LOCATION": 2},
            "event_types": {"CONSULT": 2},
            "outlets": {"Example Wire": 1},
            "published": {"first": "2020-08-25", "last": "2021-01"},
        }
        assert [a["id"] for a in store.articles(limit=10, offset=0)] == ["a2", "a1"]
        assert [a["id"] for a in store.articles(limit=1, offset=1)] == ["a1"]


def test_search_snippet_and_bad_query(db):
    with Store.open(db) as store:
        store.write(make_record("a1"))
        store.write(Record(id="a2", text="Turkey took delivery of more Bayraktar drones, officials said today."))
        hits = store.search("Interfax")
        assert [h["id"] for h in hits] == ["a1"]
        assert "[Interfax]" in hits[0]["snippet"]
        assert [h["id"] for h in store.search('"S-400 AND (')] == []
        assert [h["id"] for h in store.search("S-400 AND (")] == []
        assert [h["id"] for h in store.search("S-400")] == ["a1"]
        assert [h["id"] for h in store.search("drones OR Interfax", limit=5)] in (["a1", "a2"], ["a2", "a1"])
        assert store.search("") == []
        assert [q["text"] for q in store.quotes("a1")] == ["We are ready to cooperate,"]
        assert [q["article_id"] for q in store.quotes(query="cooperate")] == ["a1"]
        assert store.quotes(query="((") == []


def _events_store(db) -> Store:
    store = Store.open(db)
    r1 = make_record("a1", published="2020-08-25")
    r2 = make_record("a2", text=TEXT + " Later.", published="2021-03-02")
    r2.events = [
        Event("THREATEN", "RUS", "IRN", "planned", span(TEXT, "met Russian officials"), date=None),
        Event("CONSULT", "IRN", "CHN", "occurred", span(TEXT, "Moscow"), date="2021"),
    ]
    r2.arms_transfers[0].status = "delivered"
    r2.arms_transfers[0].date = "2021-02"
    store.write(r1)
    store.write(r2)
    return store


def test_event_filters(db):
    with _events_store(db) as store:
        def ev(**kw):
            return [(e["article_id"], e["type"], e["source"], e["target"]) for e in store.events(**kw)]

        assert ev(dyad="IRN-RUS") == [("a1", "CONSULT", "IRN", "RUS"), ("a2", "THREATEN", "RUS", "IRN")]
        assert ev(dyad="RUS-IRN") == ev(dyad="IRN-RUS")
        assert ev(country="CHN") == [("a2", "CONSULT", "IRN", "CHN")]
        assert ev(type="THREATEN") == [("a2", "THREATEN", "RUS", "IRN")]
        assert ev(status="occurred") == [("a1", "CONSULT", "IRN", "RUS"), ("a2", "CONSULT", "IRN", "CHN")]
        # a2's THREATEN has no date: the article's 2021-03-02 counts; "2021" overlaps since=2021-03
        assert ev(since="2021-03") == [("a2", "CONSULT", "IRN", "CHN"), ("a2", "THREATEN", "RUS", "IRN")]
        assert ev(until="2020-12-31") == [("a1", "CONSULT", "IRN", "RUS")]
        assert ev(since="2020-08", until="2020-08") == [("a1", "CONSULT", "IRN", "RUS")]
        assert ev(until="2021-02") == [("a1", "CONSULT", "IRN", "RUS"), ("a2", "CONSULT", "IRN", "CHN")]
        assert ev(limit=1) == [("a1", "CONSULT", "IRN", "RUS")]
        with pytest.raises(SitrepError) as exc:
            store.events(dyad="IRN")
        assert exc.value.code == "E400"


def test_transfer_filters(db):
    with _events_store(db) as store:
        def tr(**kw):
            return [(t["article_id"], t["status"]) for t in store.transfers(**kw)]

        assert tr(dyad="IRN-RUS") == [("a1", "negotiation"), ("a2", "delivered")]
        assert tr(status="delivered") == [("a2", "delivered")]
        assert tr(equipment="s-400") == [("a1", "negotiation"), ("a2", "delivered")]
        assert tr(equipment="Bayraktar") == []
        assert tr(since="2021") == [("a2", "delivered")]
        assert tr(until="2021-01") == [("a1", "negotiation")]
        assert store.transfers(country="IRN")[0]["evidence_text"] == "purchase of S-400"


def test_writer_end_to_end(db):
    writer = StoreWriter(db, batch_size=50)
    for i in range(120):
        writer.submit(make_record(f"r{i:03d}", text=f"{TEXT} Item {i}."))
    writer.submit(make_record("r000", text=f"{TEXT} Item 0."))  # same content again
    writer.submit_error(DocError("broken.html", "E105", "no main text found; check the page", id="broken"))
    writer.submit_error(DocError("tests/r005.txt", "E201", "extraction failed", id="r005"))
    assert writer.close() == {"new": 120, "present": 1, "errors": 2}
    with Store.open(db, readonly=True) as store:
        s = store.stats()
        assert (s["articles"], s["failed_documents"], s["events"]) == (120, 2, 120)
        assert store.record("r119")["text"].endswith("Item 119.")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT source, doc_id, code FROM failed_documents ORDER BY source").fetchall() == [
        ("broken.html", "broken", "E105"), ("tests/r005.txt", "r005", "E201")]
    conn.close()
    # a later success of the same source/id removes the failure row
    writer = StoreWriter(db)
    writer.submit(make_record("r005", text=f"{TEXT} Item 5."))
    assert writer.close() == {"new": 0, "present": 1, "errors": 0}
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT doc_id FROM failed_documents").fetchall() == [("broken",)]
    conn.close()


def test_writer_failure_is_reraised(db, monkeypatch):
    def boom(conn, record):
        raise ValueError("disk on fire")

    writer = StoreWriter(db, batch_size=2)
    monkeypatch.setattr("sitrep.store.write.write_record", boom)
    writer.submit(make_record("x1"))
    writer._thread.join(timeout=0.5)  # let the thread take it
    with pytest.raises(ValueError, match="disk on fire"):
        for i in range(600):  # more than the queue holds: must not block forever
            writer.submit(make_record(f"y{i}"))
    with pytest.raises(ValueError, match="disk on fire"):
        writer.close()
    assert counts(db)["articles"] == 0


def test_crash_mid_batch_leaves_previous_batch_intact(db, monkeypatch):
    conn = store_sqlite.open_connection(db)
    assert write_batch(conn, [make_record("a1"), make_record("a2", text=TEXT + " Two.")]) == {
        "new": 2, "present": 0, "errors": 0}
    real = store_write.insert_record
    calls = []

    def crash_on_second(c, rec, h):
        calls.append(rec.id)
        if len(calls) == 2:
            real(c, rec, h)  # half of this record's rows are written ...
            raise KeyboardInterrupt("killed")  # ... then the process dies
        real(c, rec, h)

    monkeypatch.setattr(store_write, "insert_record", crash_on_second)
    with pytest.raises(KeyboardInterrupt):
        write_batch(conn, [make_record("b1", text=TEXT + " B1."), make_record("b2", text=TEXT + " B2."),
                           make_record("b3", text=TEXT + " B3.")])
    assert calls == ["b1", "b2"]
    assert conn.in_transaction is False
    conn.close()
    c = counts(db)
    assert c == {k: v * 2 for k, v in ONE.items()}
    # a crash without any rollback (connection dropped mid-transaction) also leaves nothing behind
    conn = store_sqlite.open_connection(db)
    conn.execute("BEGIN IMMEDIATE")
    write_record(conn, make_record("c1", text=TEXT + " C1."))
    conn.close()
    assert counts(db) == c


def test_write_record_is_its_own_transaction(db):
    conn = store_sqlite.open_connection(db)
    assert write_record(conn, make_record()) == "new"
    assert conn.in_transaction is False
    conn.close()
    assert counts(db)["articles"] == 1


def test_corrupted_file_is_e301(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(4096))
    for readonly in (False, True):
        with pytest.raises(SitrepError) as exc:
            Store.open(bad, readonly=readonly)
        assert exc.value.code == "E301"
        assert "sitrep ingest" in exc.value.message


def test_open_errors(tmp_path):
    with pytest.raises(SitrepError) as exc:
        Store.open(tmp_path / "missing.db", readonly=True)
    assert exc.value.code == "E300"
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(SitrepError) as exc:
        Store.open(tmp_path / "no" / "such" / "dir.db")
    assert exc.value.code == "E300"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_readonly_dir_is_e302(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        with pytest.raises(SitrepError) as exc:
            Store.open(ro / "x.db")
        assert exc.value.code == "E302"
    finally:
        ro.chmod(0o700)


def test_newer_schema_is_e303(db):
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    for readonly in (False, True):
        with pytest.raises(SitrepError) as exc:
            Store.open(db, readonly=readonly)
        assert exc.value.code == "E303"


def test_plain_sqlite3_sees_documented_tables(db):
    with Store.open(db) as store:
        store.write(make_record())
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table')")}
    assert {"meta", "articles", "articles_fts", "entities", "mentions", "time_expressions", "sources_cited",
            "events", "arms_transfers", "quotes", "quotes_fts", "failed_documents"} <= names
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(events)")]
    assert cols[:4] == ["id", "article_id", "type", "mode"]
    conn.close()
    doc = (Path(__file__).parents[1] / "docs" / "schema.md").read_text(encoding="utf-8")
    for table in names - {"sqlite_sequence"}:
        if not table.startswith(("articles_fts_", "quotes_fts_")):
            assert f"`{table}`" in doc, table


def test_cascade_delete(db):
    with Store.open(db) as store:
        store.write(make_record())
    conn = store_sqlite.open_connection(db)
    conn.execute("DELETE FROM articles WHERE id = 'a1'")
    conn.close()
    assert set(counts(db).values()) == {0}


OLD_FTS = {  # the v4 declarations, single-quoted: Datasette did not see them as full-text indexes
    "articles_fts": "title, text, content='articles', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'",
    "quotes_fts": "text, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'",
}


def test_datasette_detects_the_full_text_tables(db):
    from datasette.utils import detect_fts

    with Store.open(db) as store:
        store.write(make_record())
        store.write(make_record("a2", text=TEXT + " Su-35 fighters were discussed too."))
    conn = sqlite3.connect(db)
    assert (detect_fts(conn, "articles"), detect_fts(conn, "quotes")) == ("articles_fts", "quotes_fts")
    conn.close()


def test_datasette_search_box_filters_articles(db):
    import asyncio

    from datasette.app import Datasette

    with Store.open(db) as store:
        store.write(make_record())
        store.write(make_record("a2", text=TEXT + " Su-35 fighters were discussed too."))

    async def search() -> tuple[list[str], list[str]]:
        ds = Datasette([str(db)])
        name = db.stem
        hits = (await ds.client.get(f"/{name}/articles.json?_search=Su-35&_shape=array&_col=id")).json()
        quotes = (await ds.client.get(f"/{name}/quotes.json?_search=cooperate&_shape=array")).json()
        return [h["id"] for h in hits], [q["article_id"] for q in quotes]

    assert asyncio.run(search()) == (["a2"], ["a1", "a2"])


def test_v4_full_text_declarations_are_migrated(db):
    from datasette.utils import detect_fts

    with Store.open(db) as store:
        store.write(make_record())
    conn = sqlite3.connect(db)
    for table, decl in OLD_FTS.items():  # make it a v4 store: old declarations, index filled
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({decl})")
        conn.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
    conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    conn.commit()
    assert detect_fts(conn, "articles") is None
    conn.close()
    with Store.open(db) as store:
        store.write(make_record("a2", text=TEXT + " Su-35 fighters were discussed too."))
    conn = sqlite3.connect(db)
    assert detect_fts(conn, "articles") == "articles_fts"
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'cooperate'").fetchone() == (2,)
    conn.close()
    assert counts(db)["articles_fts"] == 2

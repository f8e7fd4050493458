"""The knowledge layer stays incremental and the listings stay at index speed as the store grows:
a new report costs the same whatever the size of the story, cluster and deal it joins; the counts
kept as reports arrive equal a recount from scratch; merged country listings equal a plain filter."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter

import pytest

from knowledge_helpers import ArmsTransfer, Event, ent, record, span, store_with
from sitrep.resolve import recount_all
from sitrep.store.filters import event_filters, grouped_count
from sitrep.store.queries import Knowledge
from sitrep.store.store import Store
from sitrep.store.write import write_batch

WIRE = ("MOSCOW — Russia's defence minister received his Indian counterpart in Moscow on Monday for talks on "
        "the delivery schedule of the remaining S-400 regiments, the two ministries said afterwards in a joint "
        "statement that also mentioned joint naval exercises planned for the autumn in the Bay of Bengal.")
OUTLETS = ["Wire A", "Wire B", "Wire C", "Daily D", "Post E", "Herald F", "Times G"]


def _copy(i: int, status: str = "delivered", day: str = "2024-03-04") -> object:
    """The i-th republished copy of the wire story: one meeting, one S-400 transfer report."""
    text = WIRE + f" (copy {i})"
    return record(f"c{i:04d}", text, OUTLETS[i % len(OUTLETS)], "2024-03-05", [
        ent("e1", "COUNTRY", "Russia", text, code="RUS", kb_id="RUS"),
        ent("e2", "COUNTRY", "India", text, code="IND", kb_id="IND", aliases=["Indian"]),
        ent("e3", "EQUIPMENT", "S-400", text, kb_id="s-400", category="air defence system", origin="RUS")],
        events=[Event(type="CONSULT", source="RUS", target="IND", status="occurred", evidence=span(text, "talks"),
                      date=day, location="Moscow")],
        transfers=[ArmsTransfer(supplier="RUS", recipient="IND", equipment="S-400", status=status,
                                evidence=span(text, "delivery schedule"), equipment_entity="e3")])


def _vm_steps(conn: sqlite3.Connection, items: list) -> int:
    """SQLite virtual-machine instructions (in hundreds) run to write ``items``."""
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0

    conn.set_progress_handler(tick, 100)
    try:
        write_batch(conn, items)
    finally:
        conn.set_progress_handler(None, 100)
    return steps[0]


def test_cost_of_a_new_report_does_not_grow_with_what_it_joins(tmp_path):
    st = store_with(tmp_path / "s.db", [_copy(i) for i in range(10)])
    small = _vm_steps(st.conn, [_copy(10)])
    write_batch(st.conn, [_copy(i) for i in range(11, 400)])
    large = _vm_steps(st.conn, [_copy(400)])
    one = st.conn.execute("SELECT n_events, n_articles, n_outlets, n_independent FROM event_clusters").fetchall()
    deal = st.conn.execute("SELECT n_reports, n_articles, stage FROM transfer_lifecycles").fetchall()
    stories = st.conn.execute("SELECT count(DISTINCT story_id) FROM article_minhash").fetchone()[0]
    st.close()
    assert [tuple(r) for r in one] == [(401, 401, len(OUTLETS), stories)]  # one happening, every copy in it
    assert [tuple(r) for r in deal] == [(401, 401, "delivered")]
    assert stories == 1  # all copies are one story …
    assert large < small * 1.5, (small, large)  # … and the 401st copy costs what the 11th did


def test_cost_of_a_new_happening_does_not_grow_with_the_dyads_history(tmp_path):
    """400 earlier meetings of the same two states on other days: the next one is found (or not) as
    fast as the 11th was."""
    from datetime import date, timedelta  # noqa: PLC0415

    def day(i: int) -> str:
        return (date(2015, 1, 1) + timedelta(days=9 * i)).isoformat()

    def meeting(i: int):
        rec = _copy(i, day=day(i))
        rec.text = rec.text.replace("Monday", f"day {i} of the talks")  # distinct stories too
        rec.events[0].evidence = span(rec.text, "talks")
        return rec

    st = store_with(tmp_path / "s.db", [meeting(i) for i in range(10)])
    small = _vm_steps(st.conn, [meeting(10)])
    write_batch(st.conn, [meeting(i) for i in range(11, 400)])
    large = _vm_steps(st.conn, [meeting(400)])
    n = st.conn.execute("SELECT count(*) FROM event_clusters").fetchone()[0]
    st.close()
    assert n == 401
    assert large < small * 1.5, (small, large)


def test_only_story_heads_are_banded(tmp_path):
    other = record("x1", "A different article about naval drills off the Korean coast, with no S-400 in it at all.",
                   "Daily D", "2024-03-06")
    with store_with(tmp_path / "s.db", [_copy(0), _copy(1), other, _copy(2)]) as st:
        banded = {r[0] for r in st.conn.execute("SELECT DISTINCT article_id FROM lsh_bands")}
        story = dict(st.conn.execute("SELECT article_id, story_id FROM article_minhash").fetchall())
    assert banded == {"c0000", "x1"}
    assert story == {"c0000": "c0000", "c0001": "c0000", "c0002": "c0000", "x1": "x1"}


def _knowledge_rows(conn: sqlite3.Connection) -> dict:
    return {
        "clusters": conn.execute("SELECT id, status, n_events, n_articles, n_outlets, n_independent "
                                 "FROM event_clusters ORDER BY id").fetchall(),
        "tallies": conn.execute("SELECT cluster_id, kind, value, n FROM event_cluster_tallies "
                                "ORDER BY cluster_id, kind, value").fetchall(),
        "lifecycles": conn.execute("SELECT id, stage, furthest, latest_status, first_date, last_date, n_reports, "
                                   "n_articles FROM transfer_lifecycles ORDER BY id").fetchall(),
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counts_kept_as_reports_arrive_equal_a_recount(tmp_path, seed):
    rng = random.Random(seed)
    statuses = ["interest", "negotiation", "offered", "ordered", "delivered", "cancelled", "rumored"]
    days = ["2024-03-04", "2024-03-05", "2024-03-20", "2024-03", "2024", None]
    st = store_with(tmp_path / "s.db", [])
    for batch in range(6):
        items = []
        for _ in range(8):
            i = rng.randrange(30)  # ids repeat: a later version replaces the earlier one
            rec = _copy(i, status=rng.choice(statuses), day=rng.choice(days))
            rec.text += f" (version {batch})"
            rec.outlet = rng.choice(OUTLETS + [None])
            rec.events[0].status = rng.choice(["occurred", "planned", "rumored"])
            if rng.random() < 0.3:
                rec.events.append(Event(type="CONSULT", source="IND", target="RUS", status="occurred",
                                        evidence=span(rec.text, "Monday"), date=rng.choice(days)))
            items.append(rec)
        write_batch(st.conn, items)
    kept = _knowledge_rows(st.conn)
    st.conn.execute("BEGIN")
    recount_all(st.conn)
    st.conn.execute("COMMIT")
    assert _knowledge_rows(st.conn) == kept
    st.close()


def test_country_listing_equals_a_plain_filter(tmp_path):
    """The merged per-side reads give exactly the rows and order of a plain OR filter, page by page."""
    rng = random.Random(5)
    codes = ["IRN", "RUS", "CHN", "IND"]
    recs = []
    for i in range(60):
        text = f"Report number {i} on military contacts between several states in the region this year."
        evs = []
        for _ in range(rng.randrange(4)):
            a, b = rng.choice(codes), rng.choice([*codes, None])
            evs.append(Event(type=rng.choice(["CONSULT", "THREATEN", "AGREE"]), source=a, target=b,
                             status="occurred", evidence=(0, 6), date=rng.choice(["2023-05-01", "2024-02", "2024", None])))
        recs.append(record(f"r{i:03d}", text, "Wire", rng.choice(["2024-01-02", "2023-11-30", None]), events=evs))
    with store_with(tmp_path / "s.db", recs) as st:
        every = st.events()

        def plain(country=None, type=None, since=None, until=None):
            rows = [r for r in every if (country is None or country in (r["source"], r["target"]))
                    and (type is None or r["type"] == type)]
            if since:
                rows = [r for r in rows if r["effective_date"] and r["effective_date"] >= since[:len(r["effective_date"])]]
            if until:
                rows = [r for r in rows if r["effective_date"] and r["effective_date"][:len(until)] <= until]
            return rows

        assert [r["id"] for r in every] == [r["id"] for r in sorted(
            every, key=lambda r: (r["effective_date"] is None, r["effective_date"] or "", r["id"]))]
        assert any(r["effective_date"] is None for r in every) and any(r["source"] == r["target"] for r in every)
        for kw in ({"country": "IRN"}, {"country": "RUS", "type": "AGREE"}, {"country": "CHN", "since": "2024"},
                   {"country": "IND", "until": "2023-12"}, {"type": "THREATEN"}):
            want = plain(**kw)
            assert want and st.events(**kw) == want, kw
            for limit in (1, 3, 7):
                assert st.events(**kw, limit=limit) == want[:limit], (kw, limit)
            # per (type, month) counts from the per-side reads equal those of the plain filter
            where, args, split = event_filters(split=True, **kw)
            sql, sql_args = grouped_count(["x.type", "substr(x.effective_date, 1, 7)"], "events", where, args, split)
            got = {(r[0], r[1]): r[2] for r in st.conn.execute(sql, sql_args).fetchall()}
            assert got == Counter((r["type"], r["effective_date"] and r["effective_date"][:7]) for r in want), kw


def test_store_class_reads_a_migrated_sqlite_file(tmp_path):
    with store_with(tmp_path / "s.db", [_copy(0)]) as st:
        assert isinstance(st, Store) and st.dialect == "sqlite"
        assert st.events(country="IND")[0]["effective_date"] == "2024-03-04"


def test_timeline_counts_equal_a_count_over_the_reports(tmp_path):
    """kb.timeline's per-period reports and happenings (read per side from covering indexes, with
    symmetric clusters met on both sides taken off once) equal a plain count over the stored reports."""
    rng = random.Random(7)
    codes = ["IRN", "RUS", "CHN"]
    recs = []
    for i in range(80):
        text = f"Dispatch {i} on talks, threats and agreements between governments in the region this month."
        evs = []
        for _ in range(rng.randrange(1, 4)):
            a, b = rng.choice(codes), rng.choice([*codes, None])
            evs.append(Event(type=rng.choice(["CONSULT", "AGREE", "THREATEN"]), source=a, target=b,
                             status="occurred", evidence=(0, 8),
                             date=rng.choice(["2024-05-14", "2024-05-20", "2024-06-02", "2024-06", None])))
        recs.append(record(f"t{i:03d}", text, f"Outlet {i % 5}", rng.choice(["2024-05-15", "2024-07-01", None]),
                           events=evs))
    st = store_with(tmp_path / "t.db", recs)
    st.close()
    kb = Knowledge.open(tmp_path / "t.db")
    rows = [dict(r) for r in kb.conn.execute("SELECT e.id, e.type, e.source, e.target, e.effective_date, "
                                             "m.cluster_id FROM events e LEFT JOIN event_cluster_members m "
                                             "ON m.event_id = e.id").fetchall()]
    assert all(r["cluster_id"] is not None for r in rows)
    both_ways = {r["cluster_id"] for r in rows if r["source"] == "IRN" and r["target"] != "IRN"} & {
        r["cluster_id"] for r in rows if r["target"] == "IRN" and r["source"] != "IRN"}
    assert both_ways, "the corpus must hold a symmetric happening reported both ways round"
    clusters = {r["id"]: r["date_start"] for r in kb.conn.execute("SELECT id, date_start FROM event_clusters")}
    width = {"day": 10, "month": 7, "year": 4}

    def expected(by, country=None, dyad=None, type=None, since=None, until=None):
        sel = [r for r in rows if (country is None or country in (r["source"], r["target"]))
               and (dyad is None or {r["source"], r["target"]} == set(dyad.split("-")))
               and (type is None or r["type"] == type)
               and (since is None or (r["effective_date"] or "") >= since)
               and (until is None or (r["effective_date"] or "")[:len(until)] <= until and r["effective_date"])]
        reports, happen = Counter(), {}
        for r in sel:
            d = r["effective_date"]
            if d and len(d) >= width[by]:
                k = d[:width[by]]
                reports[k] += 1
                happen.setdefault(k, set()).add(r["cluster_id"])
        series = [(p, len(happen[p]), reports[p]) for p in sorted(reports)]
        listed = sorted({r["cluster_id"] for r in sel},
                        key=lambda c: (clusters[c] is None, "" if clusters[c] is None else
                                       "".join(chr(0x10FFFF - ord(ch)) for ch in clusters[c]), c))
        return series, listed

    for kw in ({"country": "IRN"}, {"country": "RUS", "type": "CONSULT"}, {"country": "CHN", "since": "2024-06"},
               {"dyad": "IRN-RUS"}, {"type": "AGREE"}, {}, {"country": "IRN", "until": "2024-05"}):
        for by in ("day", "month", "year"):
            got = kb.timeline(by=by, limit=1000, **kw)
            series, listed = expected(by, **kw)
            assert [(b["period"], b["events"], b["reports"]) for b in got["series"]] == series, (kw, by)
            assert sum(b["types"].get("CONSULT", 0) for b in got["series"]) <= got["total_events"]
            assert [h["id"] for h in got["events"]] == listed, kw
        assert kb.timeline(limit=3, **kw)["events"] == kb.timeline(limit=1000, **kw)["events"][:3], kw
    kb.close()

"""The HTTP API and pages of `sitrep serve`, in-process (FastAPI TestClient) on the sample store.

Facts that depend only on the sample texts (ids, titles, outlets, search hits) are hard-coded;
what the extractors produce is checked against the store's own queries (the CLI's) exactly.
"""

from __future__ import annotations

import io
import json
import sqlite3
import time
import warnings
from pathlib import Path

import pytest

from sitrep import api as sitrep_api
from sitrep.store.store import Store

warnings.filterwarnings("ignore", message=".*httpx.*")
from fastapi.testclient import TestClient  # noqa: E402

from sitrep.serve.app import create_app  # noqa: E402
from sitrep.serve.data import country_names  # noqa: E402
from sitrep.serve.ingest import safe_name  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "samples"
XSS_ARTICLE = {
    "id": "xss-test",
    "title": "Navy patrol report <img src=x onerror=alert(1)>",
    "url": "javascript:alert(1)",
    "outlet": "Test <b>Wire</b>",
    "published": "2023-03-14",
    "text": ("Navy patrol report <img src=x onerror=alert(1)>\n\n"
             "The Polish Navy said on Monday that its frigate completed a patrol in the Baltic Sea "
             "<script>window.pwned = 1</script> together with German and Danish ships. "
             "Officials in Warsaw described the week-long mission as routine and said it ended on Friday."),
}
SAMPLE_IDS = ["page", "philippines-brahmos-deal", "s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09",
              "s10", "s11", "s12", "s13", "us-approves-f16-block70-jordan", "us-lifts-cyprus-arms-embargo", "xss-test"]


def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample store plus one XSS-shaped article, built once per test session."""
    root = tmp_path_factory.getbasetemp()
    db = root / "serve-sample.db"
    if not db.exists():
        extra = root / "xss.jsonl"
        extra.write_text(json.dumps(XSS_ARTICLE) + "\n", encoding="utf-8")
        sitrep_api.ingest([str(SAMPLES / "articles.jsonl"), str(SAMPLES / "feed.xml"), str(SAMPLES / "page.html"),
                           str(extra)], db)
    return db


@pytest.fixture(scope="session")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_store(tmp_path_factory)


@pytest.fixture(scope="session")
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


@pytest.fixture(scope="session")
def store(db: Path) -> Store:
    return Store.open(db, readonly=True)


@pytest.fixture(scope="session")
def kb(db: Path):
    return sitrep_api.open(db)


def get(client: TestClient, url: str, status: int = 200) -> dict:
    r = client.get(url)
    assert r.status_code == status, (url, r.text)
    return r.json()


def strip(rows: list[dict], *keys: str) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in keys} for r in rows]


# ------------------------------------------------------------------ articles, search

def test_stats_equal_store(client, store):
    assert get(client, "/api/stats") == store.stats()
    assert store.stats()["articles"] == 18


def test_articles_list_and_pagination(client):
    page1 = get(client, "/api/articles?limit=5")
    assert page1["total"] == 18 and page1["limit"] == 5 and page1["offset"] == 0
    assert [a["id"] for a in page1["items"]] == ["xss-test", "page", "s04", "s11", "s06"]
    everything = get(client, "/api/articles?limit=100")["items"]
    assert sorted(a["id"] for a in everything) == SAMPLE_IDS
    page2 = get(client, "/api/articles?limit=5&offset=5")
    assert [a["id"] for a in page2["items"]] == [a["id"] for a in everything[5:10]]
    assert set(page1["items"][0]) == {"id", "title", "outlet", "published", "url"}


def test_articles_filters(client):
    assert [a["id"] for a in get(client, "/api/articles?outlet=Levant%20Defence%20Report")["items"]] == ["s11", "s10"]
    assert [a["id"] for a in get(client, "/api/articles?since=2022-11&until=2022-12")["items"]] == ["page", "s04", "s11"]
    assert get(client, "/api/articles?since=2030")["total"] == 0


def test_article_full_record(client, store):
    rec = get(client, "/api/articles/s02")
    assert rec == store.record("s02")
    assert rec["title"] == "US removes Turkey from F-35 programme after S-400 arrives"
    assert {"entities", "events", "arms_transfers", "time_expressions", "quotes", "sources_cited"} <= set(rec)


def test_article_missing_is_404_error_body(client):
    body = get(client, "/api/articles/no-such-id", 404)
    assert body["error"]["code"] == "E304" and "no-such-id" in body["error"]["message"]


def test_search_hits_snippets_and_facets(client, store):
    res = get(client, "/api/search?q=S-400")
    assert res["q"] == "S-400" and res["total"] == 3
    assert [h["id"] for h in res["items"]] == ["s02", "s01", "s03"]
    assert res["items"][1]["snippet"] == "…Russia has started delivering the [S-400] Triumf air defence system to India, the head of…"
    f = res["facets"]
    assert set(f) == {"country", "type", "status", "outlet", "year"}
    assert f["outlet"] == [{"value": "Army Recognition", "count": 1}, {"value": "Sample Defence Wire", "count": 1},
                           {"value": "World Desk Online", "count": 1}]
    assert f["year"] == [{"value": "2021", "count": 1}, {"value": "2019", "count": 1}]
    # country facet: articles naming the state, exactly as the entities table says
    con = store.conn
    for c in f["country"]:
        n = con.execute("SELECT count(DISTINCT article_id) FROM entities WHERE type='COUNTRY' AND code=? AND "
                        "article_id IN ('s01','s02','s03')", (c["value"],)).fetchone()[0]
        assert c["count"] == n
    assert {"value": "TUR", "count": 3, "label": "Turkey"} in f["country"]


def test_search_facet_filters_narrow(client, store):
    res = get(client, "/api/search?q=S-400&country=IND")
    assert [h["id"] for h in res["items"]] == ["s01"]
    res = get(client, "/api/search?q=S-400&outlet=Army%20Recognition")
    assert [h["id"] for h in res["items"]] == ["s02"]
    res = get(client, "/api/search?q=S-400&since=2021&until=2021")
    assert [h["id"] for h in res["items"]] == ["s01"]
    typ = store.conn.execute("SELECT type FROM events WHERE article_id='s02' ORDER BY type LIMIT 1").fetchone()[0]
    ids = {h["id"] for h in get(client, f"/api/search?q=S-400&type={typ}")["items"]}
    want = {r[0] for r in store.conn.execute("SELECT DISTINCT article_id FROM events WHERE type=? AND article_id "
                                             "IN ('s01','s02','s03')", (typ,))}
    assert ids == want and "s02" in ids


def test_search_unparseable_and_injection_queries_are_harmless(client):
    for q in ['"S-400 AND (', "x' OR 1=1 --", "NEAR(zz", "*", "; DROP TABLE articles;"]:
        res = get(client, "/api/search?q=" + q.replace(" ", "%20").replace(";", "%3B"))
        assert res["total"] == 0, q
    assert get(client, "/api/stats")["articles"] == 18


def test_search_without_query_lists_newest(client):
    res = get(client, "/api/search?limit=3")
    assert res["q"] is None and res["total"] == 18
    assert [h["id"] for h in res["items"]] == ["xss-test", "page", "s04"]


# ------------------------------------------------------------------ events, transfers, quotes, entities

@pytest.mark.parametrize("query,kwargs", [
    ("", {}),
    ("country=TUR", {"country": "TUR"}),
    ("dyad=TUR-USA", {"dyad": "TUR-USA"}),
    ("type=agree", {"type": "AGREE"}),
    ("status=planned", {"status": "planned"}),
    ("since=2022-02&until=2022-09", {"since": "2022-02", "until": "2022-09"}),
    ("country=USA&type=SANCTION&status=occurred", {"country": "USA", "type": "SANCTION", "status": "occurred"}),
])
def test_events_match_cli_filters(client, store, query, kwargs):
    res = get(client, f"/api/events?limit=500&{query}")
    want = store.events(**kwargs)
    assert res["total"] == len(want)
    assert strip(res["items"], "article_title") == want


def test_events_pagination_and_article(client, store):
    everything = store.events()
    assert len(everything) > 10
    page = get(client, "/api/events?limit=4&offset=3")
    assert strip(page["items"], "article_title") == everything[3:7]
    mine = get(client, "/api/events?article_id=s02")["items"]
    assert [e["id"] for e in mine] == [e["id"] for e in everything if e["article_id"] == "s02"]


@pytest.mark.parametrize("query,kwargs", [
    ("", {}),
    ("country=IND", {"country": "IND"}),
    ("dyad=RUS-IND", {"dyad": "RUS-IND"}),
    ("status=ordered", {"status": "ordered"}),
    ("equipment=s-400", {"equipment": "s-400"}),
    ("equipment=%25", {"equipment": "%"}),
    ("since=2022&until=2022-06", {"since": "2022", "until": "2022-06"}),
])
def test_transfers_match_cli_filters(client, store, query, kwargs):
    res = get(client, f"/api/transfers?limit=500&{query}")
    assert strip(res["items"], "article_title") == store.transfers(**kwargs)
    assert res["total"] == len(store.transfers(**kwargs))


def test_transfer_equipment_wildcards_are_literal(client):
    assert get(client, "/api/transfers?equipment=%25")["total"] == 0
    assert get(client, "/api/transfers?equipment=_")["total"] == 0


def test_deals_are_the_knowledge_layers_lifecycles(client, kb):
    deals = get(client, "/api/deals")
    want = []
    for lc in kb.lifecycles(limit=100):
        full = kb.lifecycle(lc["id"])
        reports = [r for st in full["steps"] for r in st["evidence"]]
        reports.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))
        full["quantity"] = next((r["quantity"] for r in reports if r["quantity"]), None)
        full["value"] = next((r["value"] for r in reports if r["value"]), None)
        want.append(full)
    assert deals == {"total": len(want), "items": want}
    s400 = [d for d in deals["items"] if d["equipment_key"] == "equipment:s-400" and d["recipient"] == "IND"]
    assert len(s400) == 1 and s400[0]["supplier"] == "RUS"
    assert [s["status"] for s in s400[0]["steps"]] == [s["status"] for s in kb.lifecycle(s400[0]["id"])["steps"]]
    ind = get(client, "/api/deals?country=IND")["items"]
    assert [d["id"] for d in ind] == [d["id"] for d in kb.lifecycles(country="IND")]
    stage = deals["items"][0]["stage"]
    assert [d["id"] for d in get(client, f"/api/deals?status={stage}")["items"]] == \
        [d["id"] for d in kb.lifecycles(stage=stage)]
    assert get(client, "/api/deals?status=bogus", 400)["error"]["code"] == "E400"


def test_clusters_count_outlets_and_independent_sources(client, kb):
    res = get(client, "/api/clusters?limit=500")
    want = kb.clusters(limit=None)
    assert res["total"] == len(want) == len(res["items"])
    keep = ("id", "type", "source", "target", "dyad", "date_start", "date_end", "location", "status", "n_events",
            "n_articles", "n_outlets", "n_independent", "articles")
    assert [{k: c[k] for k in keep} for c in res["items"]] == [{k: c[k] for k in keep} for c in want]
    for c in res["items"]:
        assert c["n_outlets"] == len({a["outlet"] for a in c["articles"]})
        assert c["n_independent"] == len({a["story_id"] for a in c["articles"]})
    multi = get(client, "/api/clusters?min_articles=2&limit=500")
    assert [c["id"] for c in multi["items"]] == [c["id"] for c in want if c["n_articles"] >= 2]
    assert multi["total"] >= 1
    dy = get(client, "/api/clusters?dyad=TUR-USA&limit=500")
    assert [c["id"] for c in dy["items"]] == [c["id"] for c in kb.clusters(dyad="TUR-USA", limit=None)]
    page = get(client, "/api/clusters?limit=3&offset=2")
    assert [c["id"] for c in page["items"]] == [c["id"] for c in want[2:5]]


def test_quotes(client, store):
    res = get(client, "/api/quotes?limit=500")
    assert strip(res["items"], "article_title", "published") == store.quotes()
    one = get(client, "/api/quotes?article_id=s02")["items"]
    assert [q["text"] for q in one] == [q["text"] for q in store.quotes(article_id="s02")]
    hit = get(client, "/api/quotes?q=intelligence%20collection")["items"]
    assert [q["article_id"] for q in hit] == ["s02"]
    speaker = one[0]["speaker"]
    assert {q["article_id"] for q in get(client, f"/api/quotes?speaker={speaker}")["items"]} >= {"s02"}


def test_entities_are_canonical(client, kb):
    res = get(client, "/api/entities?type=COUNTRY&limit=3")
    want = kb.entities(type="COUNTRY", limit=3)
    for w in want:
        w["name"] = country_names().get(w["code"], w["name"])
    assert res == {"total": len(kb.entities(type="COUNTRY", limit=None)), "limit": 3, "offset": 0, "items": want}
    assert [e["id"] for e in get(client, "/api/entities?limit=5&offset=5")["items"]] == \
        [e["id"] for e in kb.entities(limit=10)[5:]]
    assert get(client, "/api/entities?q=S-400")["items"][0]["id"] == "equipment:s-400"
    assert get(client, "/api/entities?q=%25%25")["total"] == 0  # LIKE wildcards are literal
    assert get(client, "/api/entities?type=planet", 400)["error"]["code"] == "E400"


def profile_with_titles(kb, ref: str, limit: int = 20) -> dict:
    """``kb.profile(ref)`` with each meeting's and agreement's article title, as the API gives it."""
    prof = kb.profile(ref, limit=limit)
    for r in prof["meetings"] + prof["agreements"]:
        r["article_title"] = kb.conn.execute("SELECT title FROM articles WHERE id = ?", (r["article_id"],)).fetchone()[0]
    return prof


def test_canonical_profile(client, kb):
    prof = get(client, "/api/entity/IND")
    assert prof == profile_with_titles(kb, "IND")
    assert prof["agreements"] and all(a["article_title"] for a in prof["agreements"])
    assert prof["entity"]["id"] == "country:IND" and prof["entity"]["name"] == "India"
    assert get(client, "/api/entity/country:IND?limit=2") == profile_with_titles(kb, "country:IND", limit=2)
    eq = get(client, "/api/entity/S-400")
    assert eq["entity"]["id"] == "equipment:s-400" and eq == profile_with_titles(kb, "equipment:s-400")
    assert {d["recipient"] for d in eq["deals"]} >= {"IND", "TUR"}
    assert get(client, "/api/entity/zzzz-nobody", 404)["error"]["code"] == "E304"


def test_old_style_profiles_still_answer(client, store):
    tur = get(client, "/api/entities/country/TUR")
    assert tur["name"] == "Turkey" and tur["key"] == "TUR"
    assert [a["id"] for a in tur["articles"]] == [r[0] for r in store.conn.execute(
        "SELECT DISTINCT a.id FROM articles a JOIN entities e ON e.article_id = a.id WHERE e.type='COUNTRY' AND "
        "e.code='TUR' ORDER BY a.published IS NULL, a.published DESC, a.id")]
    assert strip(tur["events"], "article_title") == store.events(country="TUR")
    assert strip(tur["transfers"], "article_title") == store.transfers(country="TUR")
    eq = get(client, "/api/entities/equipment/S-400")
    assert eq["attributes"]["origin"] == "RUS" and {t["recipient"] for t in eq["transfers"]} >= {"IND", "TUR"}
    assert get(client, "/api/entities/country/XXX", 404)["error"]["code"] == "E304"
    assert get(client, "/api/entities/planet/Mars", 400)["error"]["code"] == "E400"


def test_events_and_timeline_of_a_canonical_entity(client, store):
    rows = store.conn.execute(
        "SELECT l.canon_id, count(DISTINCT x.id) FROM events x JOIN entity_links l ON l.article_id = x.article_id "
        "AND l.entity_id IN (x.source_actor, x.target_actor) WHERE l.canon_id NOT LIKE 'country:%' "
        "GROUP BY l.canon_id ORDER BY 2 DESC, 1 LIMIT 1").fetchall()
    assert rows, "the samples name a person or organisation as an event's actor"
    cid, n = rows[0]
    ids = [r[0] for r in store.conn.execute(
        "SELECT DISTINCT x.id FROM events x JOIN entity_links l ON l.article_id = x.article_id AND l.entity_id IN "
        "(x.source_actor, x.target_actor) WHERE l.canon_id = ?", (cid,))]
    res = get(client, f"/api/events?entity={cid}&limit=500")
    assert res["total"] == n and sorted(e["id"] for e in res["items"]) == sorted(ids)
    tl = get(client, f"/api/timeline?entity={cid}")
    assert tl["total"] == n and tl["entity"] == cid


def test_timeline_counts_events_by_month_and_type(client, store):
    tl = get(client, "/api/timeline?country=TUR")
    rows = store.events(country="TUR")
    dated = [r for r in rows if (r["date"] or r["published"])]
    assert tl["total"] == len(rows) and tl["undated"] == len(rows) - len(dated)
    counts: dict = {}
    for r in dated:
        period = (r["date"] or r["published"])[:7]
        counts.setdefault(period, {}).setdefault(r["type"], 0)
        counts[period][r["type"]] += 1
    assert {b["period"]: b["counts"] for b in tl["buckets"]} == counts
    assert [b["period"] for b in tl["buckets"]] == sorted(counts)
    years = get(client, "/api/timeline?country=TUR&bucket=year")
    assert sum(b["total"] for b in years["buckets"]) == len(dated)
    assert all(len(b["period"]) == 4 for b in years["buckets"])
    dy = get(client, "/api/timeline?dyad=USA-TUR&type=SANCTION")
    assert sum(b["total"] for b in dy["buckets"]) + dy["undated"] == len(store.events(dyad="USA-TUR", type="SANCTION"))
    assert get(client, "/api/timeline?bucket=week", 400)["error"]["code"] == "E400"


def test_network_top_n(client, store):
    net = get(client, "/api/network?top=4")
    assert len(net["nodes"]) == 4
    ids = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    weights = [n["weight"] for n in net["nodes"]]
    assert weights == sorted(weights, reverse=True)
    usa = store.conn.execute("SELECT count(*) FROM events WHERE source IS NOT NULL AND target IS NOT NULL AND "
                             "source != target AND (source='USA' OR target='USA')").fetchone()[0]
    top = net["nodes"][0]
    assert top["id"] == "state:USA" and top["weight"] <= usa
    assert get(client, "/api/network?top=1", 400)["error"]["code"] == "E400"


# ------------------------------------------------------------------ errors and injection

@pytest.mark.parametrize("url", [
    "/api/events?country=TUR'%20OR%20'1'='1",
    "/api/events?dyad=IRN-RUS;DROP%20TABLE%20events",
    "/api/events?type=AGREE'--",
    "/api/events?status=occurred%20OR%201=1",
    "/api/events?since=2020'%20OR%201=1",
    "/api/transfers?status=x'%3BDELETE%20FROM%20arms_transfers",
    "/api/events?limit=0", "/api/events?limit=-1", "/api/events?offset=-5", "/api/events?limit=abc",
])
def test_bad_and_injection_shaped_filters_are_rejected(client, url):
    body = get(client, url, 400)
    assert set(body) == {"error"} and body["error"]["code"] == "E400" and body["error"]["message"]


def test_injection_in_free_text_filters_finds_nothing_and_changes_nothing(client, store):
    before = store.stats()
    assert get(client, "/api/transfers?equipment=x'%20OR%20'1'='1")["total"] == 0
    assert get(client, "/api/events?actor=x'%20OR%201=1--")["total"] == 0
    assert get(client, "/api/quotes?speaker=a'%20OR%20'1'='1")["total"] == 0
    assert get(client, "/api/entities/person/x'%20OR%20'1'='1", 404)["error"]["code"] == "E304"
    assert get(client, "/api/articles/'%20OR%201=1--", 404)["error"]["code"] == "E304"
    assert store.stats() == before


def test_unknown_route_and_method_errors(client):
    assert get(client, "/api/nothing", 404)["error"]["code"] == "E404"
    r = client.delete("/api/articles/s02")
    assert r.status_code == 405 and r.json()["error"]["code"] == "E405"


def test_openapi_lists_every_endpoint(client):
    paths = set(get(client, "/openapi.json")["paths"])
    assert {"/api/stats", "/api/articles", "/api/articles/{article_id}", "/api/search", "/api/entities",
            "/api/entities/{kind}/{key}", "/api/events", "/api/transfers", "/api/deals", "/api/quotes",
            "/api/timeline", "/api/network", "/api/ingest", "/api/ingest/{job_id}"} <= paths


# ------------------------------------------------------------------ pages and escaping

def test_pages_render(client):
    for url in ["/", "/?q=S-400&country=IND", "/articles/s02", "/entities", "/entities?type=PERSON",
                "/entity/country:TUR", "/entity/equipment:s-400", "/timeline?dyad=USA-TUR", "/timeline?actor=x",
                "/timeline?entity=org:nato", "/network?top=5", "/transfers?country=IND", "/transfers?status=ordered",
                "/events", "/events?dyad=TUR-USA&min_articles=2"]:
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), url
        assert "default-src 'self'" in r.headers["content-security-policy"]
    r = client.get("/entity/country/XXX", headers={"accept": "text/html"})
    assert r.status_code == 404 and "Not found" in r.text
    assert client.get("/entity/zzzz-nobody", headers={"accept": "text/html"}).status_code == 404


@pytest.mark.parametrize("url,to", [("/entity/country/TUR", "/entity/country:TUR"),
                                    ("/entity/equipment/S-400", "/entity/equipment:s-400"),
                                    ("/entity/IND", "/entity/country:IND"), ("/country/IND", "/entity/country:IND")])
def test_old_and_loose_entity_addresses_redirect_to_the_canonical_page(client, url, to):
    r = client.get(url, follow_redirects=False)
    assert r.status_code == 307 and r.headers["location"] == to


def test_entity_page_shows_the_canonical_profile(client, kb):
    prof = kb.profile("country:IND", limit=50)
    html = client.get("/entity/country:IND").text
    assert "<h1>India</h1>" in html
    assert f"{prof['entity']['mention_count']} mentions in {prof['entity']['article_count']} articles" in html
    assert "Also written: Indian, New Delhi" in html
    for d in prof["deals"]:
        assert f"/entity/{d['equipment_key']}" in html or d["equipment"] in html


def test_clusters_page_says_how_many_outlets_and_sources(client, kb):
    multi = [c for c in kb.clusters(limit=None) if c["n_articles"] >= 2]
    html = client.get("/events?min_articles=2").text
    assert f"{len(multi)} events" in html
    n_out, n_ind = multi[0]["n_outlets"], multi[0]["n_independent"]
    assert (f"Reported by {n_out} outlet{'s' if n_out != 1 else ''}, {n_ind} independent "
            f"source{'s' if n_ind != 1 else ''}") in html


def test_article_page_highlights_every_kind_of_extraction(client, store):
    html = client.get("/articles/s02").text
    assert 'class="ent ent-country"' in html and 'href="/entity/country:TUR"' in html
    links = dict(store.conn.execute("SELECT entity_id, canon_id FROM entity_links WHERE article_id = 's02'").fetchall())
    for e in store.record("s02")["entities"]:  # every chip goes to the canonical profile
        assert f'href="/entity/{links[e["id"]]}">{e["name"]}</a>' in html
    assert 'class="timex"' in html or "timex" in html
    assert 'id="q-1"' in html and 'id="ev-1"' in html
    assert "“The F-35 cannot coexist" in html  # side panel quote


def test_xss_article_is_shown_as_text(client):
    html = client.get("/articles/xss-test").text
    assert "<script>window.pwned" not in html and "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in html
    assert "<img src=x onerror" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>Wire</b>" not in html and "Test &lt;b&gt;Wire&lt;/b&gt;" in html
    assert 'href="javascript:' not in html
    search = client.get("/?q=pwned").text
    assert "<script>window" not in search and "pwned" in search
    hit = get(client, "/api/search?q=pwned")["items"][0]
    assert hit["id"] == "xss-test" and "<script>window.[pwned]" in hit["snippet"]  # JSON keeps the text as it is


# ------------------------------------------------------------------ ingest: off, token, uploads

def test_ingest_off_by_default(client):
    assert client.post("/api/ingest", data={"text": "x"}).status_code == 404
    assert client.get("/ingest").status_code == 404
    assert client.get("/api/ingest/abc").status_code == 404
    assert "Add articles" not in client.get("/").text


def test_safe_name_keeps_uploads_inside():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..\\..\\win.ini") == "win.ini"
    assert safe_name("/abs/path/a b;c.txt") == "a_b_c.txt"
    assert safe_name("..") == "upload.txt"
    assert safe_name(None) == "upload.txt"


def test_ingest_with_token(tmp_path, db):
    copy = tmp_path / "ingest.db"
    src = sqlite3.connect(db)
    dst = sqlite3.connect(copy)
    src.backup(dst)
    src.close()
    dst.close()
    app = create_app(copy, allow_ingest=True, token="s3cret", max_body=200_000)
    c = TestClient(app)
    assert get(c, "/api/search?q=Yokosuka")["total"] == 0  # cached now; the ingest below must invalidate it
    before = get(c, "/api/stats")["articles"]
    text = ("Japan and Australia signed a defence cooperation agreement in Tokyo on Tuesday, officials said. "
            "The pact allows their forces to train together and share logistics during joint exercises near Yokosuka.")
    assert c.post("/api/ingest", data={"text": text}).status_code == 403
    assert c.post("/api/ingest", data={"text": text, "token": "wrong"}).status_code == 403
    assert c.post("/api/ingest", data={"token": "s3cret"}).json()["error"]["code"] == "E400"
    big = c.post("/api/ingest", data={"token": "s3cret"}, files={"files": ("big.txt", b"a" * 300_000)})
    assert big.status_code == 413 and big.json()["error"]["code"] == "E413"
    r = c.post("/api/ingest", headers={"Authorization": "Bearer s3cret"}, data={"text": text, "title": "Pact signed"},
               files=[("files", ("../../evil.txt", io.BytesIO(b"   "), "text/plain")),
                      ("files", ("notes.html", io.BytesIO(b"<html><body><p>Too short.</p></body></html>"), "text/html"))])
    assert r.status_code == 202, r.text
    job = r.json()["id"]
    for _ in range(300):
        state = c.get(f"/api/ingest/{job}", headers={"X-Sitrep-Token": "s3cret"}).json()
        if state["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert state["state"] == "done", state
    assert state["documents"] == 3 and state["new"] == 1 and state["failed"] == 2
    sources = [x["source"] for x in state["results"]]
    assert sources[0].startswith("upload:1:pasted-") and sources[1:] == ["upload:2:evil.txt", "upload:3:notes.html"]
    assert state["results"][1]["error"]["code"] == "E101"
    assert not (tmp_path / "evil.txt").exists() and not list(tmp_path.parent.glob("**/evil.txt"))
    new_id = state["results"][0]["id"]
    rec = c.get(f"/api/articles/{new_id}").json()
    assert rec["title"] == "Pact signed"
    assert [h["id"] for h in get(c, "/api/search?q=Yokosuka")["items"]] == [new_id]
    assert get(c, "/api/stats")["articles"] == before + 1
    assert c.get(f"/api/ingest/{job}").status_code == 403
    page = c.get(f"/ingest/jobs/{job}").text
    assert "E101" in page and "2 failed" in page
    assert c.post("/ingest", data={"text": text}, headers={"accept": "text/html"}).status_code == 403

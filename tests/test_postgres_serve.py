"""`sitrep serve --db postgresql://…` against real HTTP servers: the same articles stored in SQLite
and in PostgreSQL, one `python -m sitrep serve` process on each, every JSON endpoint asked the same
questions and the answers compared (search: the same hits, totals and facets; ranks and snippets
may differ). Pages render from PostgreSQL, and the ingest API (`--allow-ingest`) stores into it.

The PostgreSQL server is the session's throwaway cluster (``pg_url`` / ``new_pg_db`` in conftest.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from conftest import free_port, serving
from sitrep import api
from sitrep.store.store import Store
from test_serve_api import SAMPLES, XSS_ARTICLE

pytest.importorskip("psycopg", reason="psycopg 3 not installed (pip install 'sitrep[postgres]')")
httpx = pytest.importorskip("httpx")

STAMPS = {"created_at", "updated_at", "ingested_at", "stage_changed_at", "failed_at"}
TOKEN = "pg-token-1"


@pytest.fixture(scope="module")
def servers(tmp_path_factory, new_pg_db) -> Iterator[tuple[str, str, str]]:
    """(SQLite server URL, PostgreSQL server URL, PostgreSQL store URL) over the same articles."""
    # test_serve_api's sample store, built here afresh (other tests write into the shared one)
    root = tmp_path_factory.mktemp("pg_serve")
    (root / "xss.jsonl").write_text(json.dumps(XSS_ARTICLE) + "\n", encoding="utf-8")
    inputs = [str(SAMPLES / "articles.jsonl"), str(SAMPLES / "feed.xml"), str(SAMPLES / "page.html"),
              str(root / "xss.jsonl")]
    lite_db, pg_db = str(root / "serve.db"), new_pg_db("serve")
    for db in (lite_db, pg_db):
        got = api.ingest(inputs, db)
        assert (got.new, got.failed) == (18, 0)
    with serving(lite_db) as lite, serving(pg_db) as pg:
        yield lite, pg, pg_db


_CLIENT: list[Any] = []


def fetch(base: str, path: str) -> tuple[int, Any]:
    """Status and JSON of ``base + path`` (one keep-alive client for the module)."""
    if not _CLIENT:
        _CLIENT.append(httpx.Client(timeout=30))
    r = _CLIENT[0].get(base + path)
    return r.status_code, r.json()


def drop(obj: Any) -> Any:
    """``obj`` without timestamps (each backend stamps its own writes)."""
    if isinstance(obj, dict):
        return {k: drop(v) for k, v in obj.items() if k not in STAMPS}
    if isinstance(obj, list):
        return [drop(v) for v in obj]
    return obj


def both(servers, path: str, status: int = 200) -> tuple[Any, Any]:
    """The JSON of ``path`` from the SQLite and the PostgreSQL server (both with ``status``)."""
    lite, pg, _ = servers
    (s1, j1), (s2, j2) = fetch(lite, path), fetch(pg, path)
    assert (s1, s2) == (status, status), (path, j1, j2)
    return drop(j1), drop(j2)


ENDPOINTS = [
    "/api/stats", "/api/articles?limit=100", "/api/articles?limit=5&offset=5", "/api/articles?country=IND",
    "/api/articles?outlet=Levant%20Defence%20Report", "/api/articles?since=2022-11&until=2022-12",
    "/api/articles?type=AGREE&status=occurred", "/api/articles/s02", "/api/articles/xss-test", "/api/articles/nope",
    "/api/events?limit=500", "/api/events?country=TUR", "/api/events?dyad=TUR-USA", "/api/events?type=agree",
    "/api/events?status=planned&limit=3&offset=1", "/api/events?since=2021&until=2022-06", "/api/events?article_id=s02",
    "/api/events?actor=Recep%20Tayyip%20Erdogan", "/api/events?entity=org:nato", "/api/events?country=XX'",
    "/api/transfers?limit=500", "/api/transfers?country=IND", "/api/transfers?equipment=s-400",
    "/api/transfers?status=ordered", "/api/transfers?equipment=%25", "/api/transfers?since=2022",
    "/api/quotes?limit=500", "/api/quotes?article_id=s02", "/api/quotes?q=intelligence%20collection",
    "/api/quotes?q=the&limit=3", "/api/quotes?speaker=nobody",
    "/api/entities?limit=500", "/api/entities?type=COUNTRY&limit=3", "/api/entities?q=S-400", "/api/entities?q=%25%25",
    "/api/entities?limit=5&offset=5", "/api/entities?type=planet",
    "/api/entity/IND", "/api/entity/country:IND?limit=2", "/api/entity/S-400", "/api/entity/zzzz-nobody",
    "/api/entities/country/TUR", "/api/entities/equipment/S-400", "/api/entities/country/XXX",
    "/api/timeline", "/api/timeline?country=TUR", "/api/timeline?country=TUR&bucket=year",
    "/api/timeline?dyad=USA-TUR&type=SANCTION", "/api/timeline?entity=org:nato", "/api/timeline?bucket=week",
    "/api/network", "/api/network?top=4", "/api/network?type=SANCTION&since=2019",
    "/api/clusters?limit=500", "/api/clusters?min_articles=2", "/api/clusters?dyad=TUR-USA", "/api/clusters?limit=3&offset=2",
    "/api/deals", "/api/deals?country=IND", "/api/deals?status=delivered", "/api/deals?equipment=S-400",
    "/api/deals?status=bogus", "/api/nothing",
]


@pytest.mark.parametrize("path", ENDPOINTS)
def test_json_endpoints_equal(servers, path):
    lite, pg, _ = servers
    status = fetch(lite, path)[0]
    want, got = both(servers, path, status)
    if status >= 400:  # messages name the store (a path or a URL): compare the codes
        want, got = want["error"]["code"], got["error"]["code"]
    assert got == want
    if "nothing" in path or "'" in path or "bogus" in path or "planet" in path or "week" in path:
        assert status in (400, 404) and got in ("E400", "E404")


def test_every_article_and_canonical_profile_equal(servers):
    articles = both(servers, "/api/articles?limit=500")[0]["items"]
    assert len(articles) == 18
    for a in articles:
        want, got = both(servers, f"/api/articles/{quote(a['id'])}")
        assert got == want
    entities = both(servers, "/api/entities?limit=500")[0]["items"]
    assert len(entities) > 50
    for e in entities:
        want, got = both(servers, f"/api/entity/{quote(e['id'], safe=':')}")
        assert got == want, e["id"]


# Not "pwned": the XSS article has "<script>window.pwned = 1</script>"; PostgreSQL's parser skips
# script elements and keeps "window.pwned" whole (as it keeps "U.S.", "reuters.com"), FTS5's unicode61
# indexes "window" and "pwned", so only SQLite finds it.
SEARCHES = ["S-400", "S-400 AND (", "deliver*", "India OR Turkey", "Patriot -India", '"air defence"',
            "Russia NOT India", "zzzzunknown", "the", "submarines", "'; DROP TABLE articles; --", "U.S."]


@pytest.mark.parametrize("q", SEARCHES)
def test_search_same_hits_totals_and_facets(servers, q):
    for extra in ("", "&country=IND", "&since=2021&until=2022", "&outlet=Army%20Recognition", "&type=AGREE"):
        want, got = both(servers, f"/api/search?q={quote(q)}&limit=100{extra}")
        assert (got["total"], got["facets"], got["q"]) == (want["total"], want["facets"], want["q"])
        assert sorted(h["id"] for h in got["items"]) == sorted(h["id"] for h in want["items"])
        strip = lambda h: {k: v for k, v in h.items() if k not in ("snippet", "score")}  # noqa: E731
        assert sorted(map(strip, got["items"]), key=lambda h: h["id"]) == \
               sorted(map(strip, want["items"]), key=lambda h: h["id"])
        assert all(isinstance(h["score"], float) and isinstance(h["snippet"], str) for h in got["items"])
    page = both(servers, f"/api/search?q={quote(q)}&limit=2&offset=1")[1]
    assert page["limit"] == 2 and page["offset"] == 1


def test_search_without_query_is_the_same_listing(servers):
    want, got = both(servers, "/api/search?limit=100")
    assert got == want and want["total"] == 18


def test_search_marks_matches_on_postgres(servers):
    _, pg, _ = servers
    _, res = fetch(pg, "/api/search?q=S-400")
    assert res["total"] > 2 and any("[S]" in h["snippet"] or "[S-400]" in h["snippet"] for h in res["items"])


@pytest.mark.parametrize("path,texts", [
    ("/", ["S-400"]),
    ("/?q=S-400&country=IND", ["Russia starts S-400 deliveries to India"]),
    ("/articles/s02", ["US removes Turkey from F-35 programme after S-400 arrives"]),
    ("/entity/country:IND", ["India"]),
    ("/entity/equipment:s-400", ["S-400", "Almaz-Antey"]),
    ("/timeline?dyad=USA-TUR", ["Turkey"]),
    ("/network?top=5", ["United States"]),
    ("/events?dyad=TUR-USA", ["Turkey"]),
    ("/transfers?country=IND", ["S-400"]),
    ("/entities?type=PERSON", ["Erdogan"]),
])
def test_pages_render_from_postgres(servers, path, texts):
    lite, pg, _ = servers
    r = httpx.get(pg + path, headers={"accept": "text/html"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path
    for t in texts:
        assert t in r.text, (path, t)
    if path.startswith(("/articles/", "/entity/", "/network", "/transfers")):  # no snippets or times in these
        assert r.text == httpx.get(lite + path, headers={"accept": "text/html"}, timeout=30).text
    assert httpx.get(pg + "/entity/zzzz-nobody", headers={"accept": "text/html"}, timeout=30).status_code == 404


def test_ingest_api_stores_into_postgres(new_pg_db, tmp_path):
    """`--allow-ingest` on a PostgreSQL store (and, for the comparison, on a SQLite one): the pasted
    article is stored, resolved into the knowledge tables and searchable."""
    text = ("Norway has ordered four new submarines from Germany, the Norwegian defence ministry said on "
            "Tuesday. The boats will be built in Kiel and the first one is due to be delivered in 2029. "
            "Defence Minister Bjorn Arild Gram said the order strengthened cooperation between the two NATO "
            "allies, which will also buy spare parts and training together.")
    url = new_pg_db("serve_ingest")
    Store.open(url).close()  # an empty store (the server opens its store read-only)
    results = []
    for db in (str(tmp_path / "ingest.db"), url):
        Store.open(db).close()
        with serving(db, "--allow-ingest", "--token", TOKEN) as base:
            assert httpx.post(base + "/api/ingest", data={"text": text}, timeout=30).status_code == 403
            r = httpx.post(base + "/api/ingest", data={"text": text, "title": "Norway orders submarines",
                                                       "token": TOKEN}, timeout=30)
            assert r.status_code == 202, r.text
            job = r.json()
            for _ in range(600):
                job = httpx.get(f"{base}/api/ingest/{job['id']}", headers={"authorization": f"Bearer {TOKEN}"},
                                timeout=30).json()
                if job["state"] in ("done", "failed"):
                    break
                time.sleep(0.1)
            assert (job["state"], job["new"], job["failed"]) == ("done", 1, 0), job
            aid = job["results"][0]["id"]
            results.append({
                "job": {k: v for k, v in job.items() if k != "id"},
                "record": fetch(base, f"/api/articles/{quote(aid)}")[1],
                "articles": drop(fetch(base, "/api/articles")[1]),
                "search": [h["id"] for h in fetch(base, "/api/search?q=submarines")[1]["items"]],
                "entities": fetch(base, "/api/entities?limit=100")[1],
                "profile": drop(fetch(base, "/api/entity/NOR")[1]),
            })
            again = httpx.post(base + "/api/ingest", data={"text": text, "title": "Norway orders submarines",
                                                           "token": TOKEN}, timeout=30).json()
            for _ in range(600):
                again = httpx.get(f"{base}/api/ingest/{again['id']}", headers={"x-sitrep-token": TOKEN},
                                  timeout=30).json()
                if again["state"] in ("done", "failed"):
                    break
                time.sleep(0.1)
            assert (again["state"], again["new"], again["present"]) == ("done", 0, 1)
    lite, pg = results
    for key in lite:
        assert pg[key] == lite[key], key
    assert pg["articles"]["total"] == 1 and pg["search"] == [pg["job"]["results"][0]["id"]]
    assert pg["record"]["title"] == "Norway orders submarines"
    assert {"country:NOR", "country:DEU"} <= {e["id"] for e in pg["entities"]["items"]}
    assert pg["profile"]["entity"]["id"] == "country:NOR" and pg["profile"]["deals"]
    with api.open(url) as kb:  # stored in PostgreSQL, knowledge layer included
        assert kb.stats()["articles"] == 1 and kb.postgres
        assert kb.find_entity("Norway") == "country:NOR"


def test_workers_flag_accepts_a_postgres_url(servers):
    """`sitrep serve --workers 2 --db postgresql://…` (read-only worker processes) serves it too."""
    _, pg, pg_db = servers
    with serving(pg_db, "--workers", "2") as url:
        assert httpx.get(url + "/api/stats").json() == fetch(pg, "/api/stats")[1]


def test_serve_refuses_a_postgres_database_without_a_store(new_pg_db):
    url = new_pg_db("serve_empty")
    res = subprocess.run([sys.executable, "-m", "sitrep", "serve", "--db", url, "--port", str(free_port())],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "E301" in res.stderr and "sitrep ingest" in res.stderr

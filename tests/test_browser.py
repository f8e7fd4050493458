"""Click through the web UI in a real headless Chromium (Debian's /usr/bin/chromium via Playwright).

The server runs as a subprocess (`python -m sitrep serve`) on a free port over the sample store.
Screenshots go to tests/screenshots/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import serving
from test_serve_api import sample_store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).parent / "screenshots"

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                                reason="Debian chromium is not installed (apt-get install -y chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = sample_store(tmp_path_factory)
    with serving(str(db), "--allow-ingest", "--token", "tok-123") as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    SHOTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.set_default_timeout(8000)
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.errors = errors
        yield pg
        browser.close()


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_article_entity_timeline(page, server):
    pg = page
    pg.goto(server + "/")
    assert pg.locator("#result-count").inner_text() == "18 articles"
    assert "articles from" in pg.locator(".lede").inner_text()
    shot(pg, "01-home")

    pg.fill(".searchbar input[name=q]", "S-400")
    pg.click(".searchbar button")
    pg.wait_for_url("**/?q=S-400")
    assert pg.locator("#result-count").inner_text() == "3 articles matching “S-400”"
    titles = pg.locator(".hit-title").all_inner_texts()
    assert titles[:2] == ["US removes Turkey from F-35 programme after S-400 arrives",
                          "Russia starts S-400 deliveries to India"]
    assert pg.locator(".hit mark").first.inner_text() == "S-400"
    shot(pg, "02-search")

    # a facet narrows the results, and its chip removes it again
    pg.click(".facet[data-facet=country] a:text-is('India')")
    pg.wait_for_url("**country=IND**")
    assert pg.locator(".hit-title").all_inner_texts() == ["Russia starts S-400 deliveries to India"]
    assert "Country: India" in pg.locator(".active-filters").inner_text()
    shot(pg, "03-search-facet")

    pg.click("a.hit-title")
    pg.wait_for_url("**/articles/s01")
    assert pg.locator("h1").inner_text() == "Russia starts S-400 deliveries to India"
    assert pg.locator("#text a.ent-country", has_text="India").count() >= 1
    assert pg.locator("#text .timex").count() >= 1
    assert pg.locator("#text .evid").count() >= 1
    assert pg.locator(".side .card").count() >= 1
    shot(pg, "04-article")

    # the highlight toggles are wired (one small script)
    pg.uncheck("input[data-layer=ent]")
    assert "hide-ent" in pg.locator("#text").get_attribute("class")
    pg.check("input[data-layer=ent]")

    pg.locator("#text a.ent-country", has_text="India").first.click()
    pg.wait_for_url("**/entity/country:IND")
    assert pg.locator("h1").inner_text() == "India"
    assert pg.locator(".kicker").inner_text() == "COUNTRY"
    assert "mentions in" in pg.locator("#entity-facts").inner_text()
    assert pg.locator("text=Russia starts S-400 deliveries to India").count() >= 1
    shot(pg, "05-entity")

    pg.click("a.button:has-text('Timeline of India')")
    pg.wait_for_url("**/timeline?country=IND")
    assert pg.locator("h1").inner_text() == "Timeline: India"
    assert pg.locator("#timeline-total").inner_text().split()[0].isdigit()
    assert pg.locator("table.events tbody tr").count() >= 1
    shot(pg, "06-timeline")
    assert pg.errors == []


def test_xss_article_shows_as_text(page, server):
    pg = page
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.goto(server + "/articles/xss-test")
    assert "<script>window.pwned = 1</script>" in pg.locator("#text").inner_text()
    assert "onerror=alert(1)" in pg.locator("h1").inner_text()
    assert pg.evaluate("window.pwned === undefined")
    assert pg.locator("#text img, h1 img").count() == 0
    assert dialogs == []
    shot(pg, "07-xss")


def test_dyad_timeline_network_transfers(page, server):
    pg = page
    pg.goto(server + "/timeline?dyad=TUR-USA")
    assert pg.locator("h1").inner_text() == "Timeline: Turkey – United States"
    assert pg.locator(".chart svg rect").count() >= 1
    shot(pg, "08-timeline-dyad")

    pg.goto(server + "/network?top=10")
    assert pg.locator(".network a.node").count() == 10
    assert pg.locator(".network line.edge").count() >= 1
    shot(pg, "09-network")
    pg.locator(".network a.node[href='/entity/country/USA'] circle").click()
    pg.wait_for_url("**/entity/country:USA")  # the old address redirects to the canonical profile
    assert pg.locator("h1").inner_text() == "United States"

    pg.goto(server + "/transfers")
    assert "deals" in pg.locator("#deal-count").inner_text()
    row = pg.locator("table.deals tr", has_text="BrahMos")
    assert row.count() >= 1 and "Philippines" in row.first.inner_text()
    pg.fill("input[name=equipment]", "S-400")
    pg.click("form.filters button")
    pg.wait_for_url("**equipment=S-400**")
    assert all("S-400" in t for t in pg.locator("table.deals tbody td:first-child").all_inner_texts())
    shot(pg, "10-transfers")

    pg.goto(server + "/events?min_articles=2")
    assert pg.locator("#cluster-count").inner_text().split()[0].isdigit()
    first = pg.locator("li.cluster").first
    assert "Reported by 2 outlets" in first.locator(".reported").inner_text()
    assert first.locator(".cluster-articles li").count() == 2
    shot(pg, "12-events")
    first.locator(".cluster-articles a").first.click()
    pg.wait_for_url("**/articles/**")
    chip = pg.locator(".side .chips a").first
    href = chip.get_attribute("href")
    assert href.startswith("/entity/") and ":" in href
    chip.click()
    pg.wait_for_url("**" + href)
    assert pg.locator(".profile-head h1").count() == 1
    shot(pg, "13-entity-canonical")


def test_ingest_page_with_token(page, server):
    pg = page
    pg.goto(server + "/ingest")
    pg.fill("input[name=title]", "Pact signed in Tokyo")
    pg.fill("textarea[name=text]", "Japan and Australia signed a defence cooperation agreement in Tokyo on "
                                   "Tuesday, officials said. The pact lets their forces train together and share "
                                   "logistics during joint exercises in the region.")
    pg.fill("input[name=token]", "wrong")
    pg.click("form.ingest button")
    assert "token" in pg.locator(".panel.error").inner_text()
    pg.goto(server + "/ingest")
    pg.fill("textarea[name=text]", "Too short.")
    pg.fill("input[name=token]", "tok-123")
    pg.click("form.ingest button")
    pg.wait_for_url("**/ingest/jobs/**")
    pg.wait_for_selector("#job[data-state=done]", timeout=30_000)
    assert "1 failed" in pg.locator("#job").inner_text()
    assert "[E111]" in pg.locator("#job table").inner_text()
    shot(pg, "11-ingest")

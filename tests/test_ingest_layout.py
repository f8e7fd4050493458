"""ingest.layout: segments, date line, dateline and credits, with exact offsets."""

from __future__ import annotations

import importlib.util

import pytest

from sitrep.ingest import layout
from sitrep.ingest.layout import analyse
from sitrep.records import Article

BODY = "The defence ministry said the first two frigates would be handed over to the navy next spring."
MORE = "Both ships were built at the state shipyard under a contract signed four years ago."


@pytest.fixture
def no_kb(monkeypatch):
    """Layout without the gazetteer (sitrep.kb.geo), so these tests hold either way."""
    monkeypatch.setattr(layout, "_geo", lambda: None)


def run(text: str, **kw) -> Article:
    return analyse(Article(id="t", text=text, **kw))


def span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(part, i + 1)
    return i, i + len(part)


def kinds(art: Article) -> list[tuple[str, str]]:
    return [(s.kind, art.text[s.start:s.end]) for s in art.segments]


def assert_tiles(art: Article) -> None:
    pos = 0
    for s in art.segments:
        assert s.start >= pos and s.end > s.start
        assert art.text[pos:s.start].strip() == ""
        pos = s.end
    assert art.text[pos:].strip() == ""


# ------------------------------------------------------------------ date line and dateline
def test_date_line_with_dateline_on_the_same_line(no_kb):
    text = f" date 2020-08-25 BEIRUT, LEBANON (12:00 P.M.) -{BODY}\n\n{MORE}"
    a = run(text)
    assert a.published == "2020-08-25"
    assert [(s.start, s.end, s.kind) for s in a.segments] == [
        (0, 17, "meta"), (17, 47, "meta"), (47, 47 + len(BODY), "prose"),
        (49 + len(BODY), 49 + len(BODY) + len(MORE), "prose")]
    assert a.dateline == {"place": "Beirut", "country": None, "start": 17, "end": 47, "place_span": [17, 23],
                          "country_span": [25, 32], "agency": None, "agency_span": None}
    assert a.text == text


def test_date_line_keeps_a_known_published_date(no_kb):
    a = run(f" date 2021-01-02 {BODY}", published="2021-01-01")
    assert a.published == "2021-01-01"
    assert kinds(a) == [("meta", " date 2021-01-02 "), ("prose", BODY)]


@pytest.mark.parametrize(("lead", "place", "place_part", "agency", "country_part"), [
    ("MOSCOW (Reuters) - ", "Moscow", "MOSCOW", "Reuters", None),
    ("ZURICH, June 30 (Reuters) - ", "Zurich", "ZURICH", "Reuters", None),
    ("NEW YORK — ", "New York", "NEW YORK", None, None),
    ("New Delhi: ", "New Delhi", "New Delhi", None, None),
    ("Cairo: ", "Cairo", "Cairo", None, None),
    ("WASHINGTON, Jan 5 (AP) – ", "Washington", "WASHINGTON", "AP", None),
    ("KYIV, Ukraine — ", "Kyiv", "KYIV", None, "Ukraine"),
    ("SAN DIEGO, Calif. (AP) — ", "San Diego", "SAN DIEGO", "AP", None),
])
def test_datelines(no_kb, lead, place, place_part, agency, country_part):
    text = f"Frigates handed over\n\n{lead}{BODY}"
    a = run(text)
    dl = a.dateline
    start = text.index(lead)
    end = start + len(lead.rstrip())
    assert (dl["place"], dl["start"], dl["end"], dl["agency"]) == (place, start, end, agency)
    assert dl["place_span"] == list(span(text, place_part))
    assert dl["agency_span"] == (list(span(text, agency)) if agency else None)
    assert dl["country_span"] == (list(span(text, country_part)) if country_part else None)
    assert dl["country"] == ("USA" if "Calif." in lead else None)
    assert kinds(a) == [("title", "Frigates handed over"), ("meta", lead.rstrip()), ("prose", BODY)]


@pytest.mark.parametrize("lead", ["UPDATE — ", "Analysis: ", "EXCLUSIVE - ", "The navy: ", "U.S. officials said "])
def test_not_datelines(no_kb, lead):
    a = run(f"{lead}{BODY}")
    assert a.dateline is None
    assert [k for k, _ in kinds(a)] == ["prose"]


def test_dateline_needs_a_story_after_it(no_kb):
    assert run(f"{BODY}\n\nMOSCOW — end").dateline is None


@pytest.mark.skipif(importlib.util.find_spec("sitrep.kb") is None, reason="sitrep.kb not available")
def test_dateline_resolved_with_the_gazetteer():
    try:
        from sitrep.kb import geo  # noqa: F401
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"sitrep.kb.geo cannot be imported: {exc}")
    a = run(f" date 2020-08-25 BEIRUT, LEBANON (12:00 P.M.) -{BODY}")
    assert (a.dateline["place"], a.dateline["country"], a.dateline["country_span"]) == ("Beirut", "LBN", [25, 32])
    b = run(f"MOSCOW (Reuters) - {BODY}")
    assert (b.dateline["place"], b.dateline["country"]) == ("Moscow", "RUS")
    assert run(f"Greetings: {BODY}").dateline is None  # a title-case word must be a known place



@pytest.mark.skipif(importlib.util.find_spec("sitrep.kb") is None, reason="sitrep.kb not available")
def test_dateline_on_a_line_of_its_own_above_the_story():
    text = f"World | Politics\n\nTwo states agree to build drones\n\nBy A. Writer | 19.06.2025\n\nANKARA\n\n{BODY}"
    a = run(text, title="Two states agree to build drones")
    i = text.index("ANKARA")
    assert (a.dateline["place"], a.dateline["country"], a.dateline["place_span"]) == ("Ankara", "TUR", [i, i + 6])
    assert run(f"UPDATE\n\n{BODY}").dateline is None  # capitals that are no known place
    assert run("ANKARA\n\nSee more").dateline is None  # no story under it

@pytest.mark.skipif(importlib.util.find_spec("sitrep.kb") is None, reason="sitrep.kb not available")
@pytest.mark.parametrize(("lead", "place", "country"), [
    ("BANGKOK/PHNOM PENH, July 29 (Reuters) - ", "Bangkok", "THA"),  # two datelines: the first
    ("New Delhi/Washington: ", "New Delhi", "IND"),
    ("Pyongyang, May 17 (KCNA) -- ", "Pyongyang", "PRK"),  # a title-case place with a date
])
def test_datelines_with_two_places_or_a_title_case_place_and_date(lead, place, country):
    a = run(lead + BODY)
    assert (a.dateline["place"], a.dateline["country"]) == (place, country)


@pytest.mark.skipif(importlib.util.find_spec("sitrep.kb") is None, reason="sitrep.kb not available")
def test_dateline_opening_the_first_paragraph_below_a_byline_the_head_did_not_reach():
    text = (f"DEFENCE REVIEW\nAir | Land | Sea\nTwo states agree to build drones\n14 May 2025\nWritten by A. Writer\n"
            f"CAIRO: {BODY}")
    a = run(text, title="Two states agree to build drones")
    assert (a.dateline["place"], a.dateline["country"]) == ("Cairo", "EGY")


# ------------------------------------------------------------------ credits
@pytest.mark.parametrize(("line", "names"), [
    ("Sources: RT, Fars, Sputnik", ["RT", "Fars", "Sputnik"]),
    ("Source: Reuters", ["Reuters"]),
    ("Source » thedefensepost", ["thedefensepost"]),
    ("Sources: PNA and Press Trust of India.", ["PNA", "Press Trust of India"]),
    ("With AFP", ["AFP"]),
    ("(With inputs from PTI)", ["PTI"]),
    ("— With inputs from Petra", ["Petra"]),
    ("With agency inputs", []),
    ("(With inputs from agencies)", []),
    ("– Agencies", []),
    ("— AFP", ["AFP"]),
    ("(Reporting by Jane Doe; Editing by John Roe)", []),
    ("This article was originally published by Harbour Times.", ["Harbour Times"]),
])
def test_credit_lines(no_kb, line, names):
    text = f"{BODY}\n\n{MORE}\n\n{line}"
    a = run(text)
    assert kinds(a)[-1] == ("meta", line)
    assert [c["name"] for c in a.credits] == names
    for c in a.credits:
        assert text[c["start"]:c["end"]] == c["name"]


def test_a_byline_below_a_long_menu_still_credits(no_kb):
    menu = "\n".join(["Skip to main content", "News", "Business", "Sport", "Culture", "World", "Africa", "Mali"])
    text = f"{menu}\nNew frigates for the navy\n\nBy Harbour Times with AFP\n\n{BODY}\n\n{MORE}"
    a = run(text)
    assert [c["name"] for c in a.credits] == ["AFP"]


def test_credit_at_the_end_of_the_last_paragraph(no_kb):
    text = f"{BODY}\n{MORE} – Agencies"
    a = run(text)
    assert kinds(a) == [("prose", BODY), ("prose", MORE), ("meta", "– Agencies")]
    assert a.credits == []
    text = f"{BODY} (Reporting by Jane Doe, Editing by John Roe)"
    assert kinds(run(text)) == [("prose", BODY), ("meta", "(Reporting by Jane Doe, Editing by John Roe)")]
    text = f"{BODY} (With inputs from IANS)"
    b = run(text)
    assert kinds(b) == [("prose", BODY), ("meta", "(With inputs from IANS)")]
    assert b.credits == [{"name": "IANS", "start": text.index("IANS"), "end": text.index("IANS") + 4}]


def test_with_at_the_start_of_a_sentence_is_not_a_credit(no_kb):
    line = "With the deal signed, the navy expects more orders."
    a = run(f"{BODY}\n\n{line}")
    assert kinds(a)[-1] == ("prose", line) and a.credits == []


# ------------------------------------------------------------------ noise, title, headings, bylines
def test_page_noise(no_kb):
    text = (f"Home>>\n\nSkip to content\n\n14\n\nShare this article\n\nFrigates handed over to the navy\n\n"
            f"Advertisement\n\n{BODY}\n\nFacebook Twitter Email\n\nHome > World > Europe\n\n{MORE}\n\n"
            "Related:\n\nSubmarine deal signed\n\nTanks arrive in port\n\n- Not a related item.")
    a = run(text)
    assert kinds(a) == [
        ("noise", "Home>>"), ("noise", "Skip to content"), ("noise", "14"), ("noise", "Share this article"),
        ("title", "Frigates handed over to the navy"), ("noise", "Advertisement"), ("prose", BODY),
        ("noise", "Facebook Twitter Email"), ("noise", "Home > World > Europe"), ("prose", MORE),
        ("noise", "Related:"), ("noise", "Submarine deal signed"), ("noise", "Tanks arrive in port"),
        ("prose", "- Not a related item.")]
    assert_tiles(a)


def test_trailing_bullet_headlines_are_noise(no_kb):
    text = f"{BODY}\n- Navy tests new drone\n- Army opens training centre\n"
    a = run(text)
    assert [(s.start, s.end, s.kind) for s in a.segments] == [
        (0, len(BODY), "prose"), span(text, "- Navy tests new drone") + ("noise",),
        span(text, "- Army opens training centre") + ("noise",)]
    # a bullet list inside the story is prose
    text = f"{BODY}\n- first item of the list\n- second item of the list\n{MORE}"
    assert [k for k, _ in kinds(run(text))] == ["prose"] * 4


def test_photo_captions_are_noise(no_kb):
    caption = "Sailors stand on the deck of the frigate during a ceremony. (Navy/Photo by Jane Doe)"
    a = run(f"{BODY}\n\n{caption}\n\n{MORE}")
    assert kinds(a) == [("prose", BODY), ("noise", caption), ("prose", MORE)]


def test_title_equal_to_article_title_and_byline(no_kb):
    text = (f"FRIGATES  handed over!\n\nBy Jane Doe (Harbour Times) 09:12, April 14, 2022\n\n"
            f"{BODY}\n\nSEA TRIALS AHEAD\n\n{MORE}\n\nNext Steps for the Navy\n\n{BODY}")
    a = run(text, title="Frigates handed over")
    assert kinds(a) == [
        ("title", "FRIGATES  handed over!"), ("meta", "By Jane Doe (Harbour Times) 09:12, April 14, 2022"),
        ("prose", BODY), ("heading", "SEA TRIALS AHEAD"), ("prose", MORE), ("heading", "Next Steps for the Navy"),
        ("prose", BODY)]
    assert a.published == "2022-04-14"


def test_related_coverage_lists_are_noise(no_kb):
    a = run(f"{BODY}\n\nRelated coverage\nUAE receives first Rafale F4 fighters\nQatar in talks for more NASAMS")
    assert [k for k, _ in kinds(a)] == ["prose", "noise", "noise", "noise"]


def test_a_cookie_notice_is_noise_not_the_headline(no_kb):
    text = (f"Harbour Times\nWe use cookies to improve your experience. By continuing to browse you agree. \n"
            f"Navy takes delivery of two new frigates\n\nVALLETTA - {BODY}")
    a = run(text)
    assert kinds(a)[1:4] == [("noise", "We use cookies to improve your experience. By continuing to browse you agree."),
                             ("title", "Navy takes delivery of two new frigates"), ("meta", "VALLETTA -")]


def test_site_name_above_the_headline_leaves_the_dateline_found(no_kb):
    text = f"Harbour Times\nHome | Navy | Ports | About\n\nNavy takes delivery of two new frigates at the state yard\n\nVALLETTA - {BODY}"
    a = run(text)
    assert kinds(a)[:4] == [("title", "Harbour Times"), ("noise", "Home | Navy | Ports | About"),
                            ("title", "Navy takes delivery of two new frigates at the state yard"), ("meta", "VALLETTA -")]
    assert a.dateline["place"] == "Valletta"


def test_date_only_line_gives_published(no_kb):
    a = run(f"Published: 3 March 2023 10:45 GMT\n\n{BODY}")
    assert kinds(a) == [("meta", "Published: 3 March 2023 10:45 GMT"), ("prose", BODY)]
    assert a.published == "2023-03-03"


def test_one_line_story_is_prose_not_title(no_kb):
    assert kinds(run("Frigates handed over to the navy")) == [("prose", "Frigates handed over to the navy")]


def test_huge_and_odd_texts_do_not_crash(no_kb):
    text = "x" * 5000 + "\n" + "(" * 3000 + "\n" + "1-" * 3000 + "a\n" + ("The talks went on. " * 50 + "\n") * 500
    a = run(text)
    assert_tiles(a)
    assert run("").segments == [] and run("  \n\n ").segments == []


def test_short_headings_but_not_clipped_quotes(no_kb):
    text = f"{BODY}\n\nSpeed over price\n\n{MORE}\n\n\"We will respond,\" he said\n\n{BODY}"
    assert [k for k, _ in kinds(run(text))] == ["prose", "heading", "prose", "prose", "prose"]


class _Place:
    def __init__(self, name: str, country: str):
        self.name, self.country = name, country


class _Country:
    def __init__(self, code: str, name: str):
        self.code, self.name = code, name


class _FakeGeo:
    """Stands in for sitrep.kb.geo with the interface layout relies on."""

    places = {"Beirut": _Place("Beirut", "LBN"), "Moscow": _Place("Moscow", "RUS"), "Cairo": _Place("Cairo", "EGY")}
    countries = {"Lebanon": _Country("LBN", "Lebanon"), "Ukraine": _Country("UKR", "Ukraine")}

    def lookup_place(self, surface):
        if surface == "Boom":
            raise RuntimeError("broken gazetteer")
        return self.places.get(surface)

    def lookup_country(self, surface):
        c = self.countries.get(surface)
        return (c, "name") if c else None


def test_dateline_resolution_through_the_geo_interface(monkeypatch):
    monkeypatch.setattr(layout, "_geo", lambda: _FakeGeo())
    a = run(f"BEIRUT, LEBANON (12:00 P.M.) -{BODY}")
    assert (a.dateline["place"], a.dateline["country"], a.dateline["country_span"]) == ("Beirut", "LBN", [8, 15])
    assert run(f"Cairo: {BODY}").dateline["country"] == "EGY"
    b = run(f"LYSYCHANSK, Ukraine — {BODY}")  # unknown town, known country
    assert (b.dateline["place"], b.dateline["country"]) == ("Lysychansk", "UKR")
    c = run(f"LEBANON — {BODY}")  # the place is a country
    assert (c.dateline["place"], c.dateline["country"]) == ("Lebanon", "LBN")
    for lead in ("Greetings: ", "SPLENDID — ", "Boom: "):  # unknown title-case / lone caps word; a failing lookup
        assert run(f"{lead}{BODY}").dateline is None

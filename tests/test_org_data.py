"""The organisation, outlet, people, role and national-body gazetteers: shape, uniqueness and lookups."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from sitrep.data import load_jsonl
from sitrep.nlp.gazetteer import names, outlet_domains
from sitrep.nlp.lexicon import lexicon

OUTLET_KINDS = {"news_agency", "newspaper", "broadcaster", "tv_channel", "online", "magazine", "defence_media",
                "state_media"}
ORG_KINDS = {"ministry", "military", "agency", "company", "think_tank", "party", "armed_group", "legislature",
             "intelligence"}
MINIMUM_ROWS = {"outlets.jsonl": 200, "orgs.jsonl": 250, "people.jsonl": 250, "roles.jsonl": 120,
                "org_patterns.jsonl": 60}
NAMED_FILES = ("outlets.jsonl", "orgs.jsonl", "people.jsonl")


@pytest.mark.parametrize("fname,minimum", sorted(MINIMUM_ROWS.items()))
def test_row_count_minimums(fname: str, minimum: int) -> None:
    assert len(load_jsonl(fname)) >= minimum


@pytest.mark.parametrize("fname", NAMED_FILES)
def test_names_unique_and_countries_are_alpha3_or_null(fname: str) -> None:
    rows = load_jsonl(fname)
    dupes = [n for n, c in Counter(r["name"] for r in rows).items() if c > 1]
    assert dupes == []
    bad = [r["name"] for r in rows if r["country"] is not None and not re.fullmatch(r"[A-Z]{3}", r["country"])]
    assert bad == []


@pytest.mark.parametrize("fname", NAMED_FILES)
def test_no_surface_names_two_rows_of_one_file(fname: str) -> None:
    surfaces = Counter(s for r in load_jsonl(fname) for s in {r["name"], *r["aliases"]})
    assert [s for s, c in surfaces.items() if c > 1] == []


def test_kinds_are_from_the_closed_lists() -> None:
    assert {r["kind"] for r in load_jsonl("outlets.jsonl")} <= OUTLET_KINDS
    assert {r["kind"] for r in load_jsonl("orgs.jsonl")} <= ORG_KINDS
    assert {r["kind"] for r in load_jsonl("org_patterns.jsonl")} <= ORG_KINDS


def test_person_aliases_are_full_names_and_roles_present() -> None:
    for p in load_jsonl("people.jsonl"):
        assert p["role"], p["name"]
        assert all(" " in a for a in p["aliases"]), p["name"]


def test_titles_and_heads_unique() -> None:
    titles = [r["title"] for r in load_jsonl("roles.jsonl")]
    assert len(titles) == len(set(titles))
    heads = [r["head"].lower() for r in load_jsonl("org_patterns.jsonl")]
    assert len(heads) == len(set(heads))


def test_outlet_domains() -> None:
    d = outlet_domains()
    assert d["thedefensepost"] == "The Defense Post"
    assert d["thedefensepost.com"] == "The Defense Post"
    assert d["reuters.com"] == "Reuters"
    assert d["tass.ru"] == "TASS"
    assert d["interfax"] == "Interfax"  # not Interfax-Ukraine, whose domain shares the first label
    assert d["ntv"] == "NTV"


def test_domains_unique_and_first_labels_not_generic() -> None:
    domains = [d for r in load_jsonl("outlets.jsonl") for d in r["domains"]]
    assert len(domains) == len(set(domains))
    generic = {"www", "m", "en", "eng", "english", "news", "asia", "mobile"}
    assert [d for d in domains if d.split(".")[0] in generic] == []


def test_lexicon_roles() -> None:
    roles = dict(lexicon().roles)
    assert roles["defence minister"] == "Defense Minister"
    assert roles["minister of defence"] == "Defense Minister"
    assert roles["lt. gen."] == "Lieutenant General"
    assert roles["chief of general staff"] == "Chief of the General Staff"
    assert roles["secretary of war"] == "Defense Secretary"


def test_short_role_forms_add_no_body_words_to_title_words() -> None:
    # these words start organisation names; as title words they would strip or drop ORG spans
    assert not {"ministry", "department", "office", "council", "committee", "agency", "and", "un", "us", "nato",
                "amir"} & lexicon().title_words


def test_undotted_abbreviations_are_not_word_fragments() -> None:
    for r in load_jsonl("roles.jsonl"):
        for a in r["abbrev"]:
            assert "." in a or len(a) >= 4, a


def test_org_heads_pattern() -> None:
    heads = lexicon().org_heads
    m = heads["regex"].search("The Russian Defense Ministry said")
    assert m is not None and m.group(0) == "Defense Ministry"
    assert heads["kind"][m.group(0).lower()] == "ministry"
    m = heads["regex"].search("Japan's Coast Guard reported")
    assert m is not None and heads["kind"][m.group(0).lower()] == "military"
    m = heads["regex"].search("the Indian Air Force Command")
    assert m is not None and m.group(0) == "Air Force Command"


def test_name_index_lookups() -> None:
    idx = names()
    hit = next(h for h in idx.lookup("Rosoboronexport") if h.type == "ORG")
    assert (hit.name, hit.get("country"), hit.get("kind")) == ("Rosoboronexport", "RUS", "company")
    irgc = next(h for h in idx.lookup("Islamic Revolutionary Guard Corps") if h.type == "ORG")
    assert (irgc.name, irgc.how, irgc.get("country")) == ("IRGC", "alias", "IRN")
    fars = next(h for h in idx.lookup("Fars news agency") if h.type == "ORG")
    assert (fars.name, fars.get("outlet"), fars.get("kind")) == ("Fars", True, "news_agency")
    shoigu = next(h for h in idx.lookup("Sergey Shoygu") if h.type == "PERSON")
    assert (shoigu.name, shoigu.get("country"), shoigu.get("role")) == ("Sergei Shoigu", "RUS", "Defense Minister")
    assert [h for h in idx.lookup("Shoigu") if h.type == "PERSON"] == []  # bare surnames are not indexed

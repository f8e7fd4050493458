"""Geographic gazetteers (countries, IGOs, locations) and the typed lookups in sitrep.kb.geo."""

from __future__ import annotations

import json
import re

import pytest

from sitrep.data import DATA_DIR, load_jsonl
from sitrep.kb import geo
from sitrep.kb.geo import Country, Place

FILES = ("countries.jsonl", "igos.jsonl", "locations.jsonl")
KINDS = {"city", "region", "base", "sea", "strait", "island", "waterbody", "range", "province", "state"}


def _countries() -> list[dict]:
    return load_jsonl("countries.jsonl")


def _locations() -> list[dict]:
    return load_jsonl("locations.jsonl")


@pytest.mark.parametrize("name", FILES)
def test_every_line_is_a_json_object(name: str) -> None:
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            assert isinstance(json.loads(line), dict)


def test_dateline_place_in_capitals() -> None:
    assert geo.lookup_place("BEIRUT") == Place("Beirut", "LBN", "city")
    assert geo.lookup_place("Beirut") == Place("Beirut", "LBN", "city")


def test_country_by_name_alias_code_and_caps() -> None:
    assert geo.lookup_country("LEBANON").code == "LBN"
    assert geo.lookup_country("Türkiye").code == "TUR"
    assert geo.lookup_country("Turkiye").code == "TUR"
    assert geo.lookup_country("U.S.") == Country("USA", "United States", "Washington")
    assert geo.lookup_country("IRN").name == "Iran"
    assert geo.lookup_country("Burma").code == "MMR"


def test_country_lookup_ignores_demonyms_and_capitals() -> None:
    assert geo.lookup_country("Iranian") is None
    assert geo.lookup_country("Tehran") is None
    assert geo.lookup_country("Lebanon's") is None


def test_caps_fallback_only_for_all_caps() -> None:
    assert geo.lookup_country("lebanon") is None
    assert geo.lookup_place("beirut") is None


def test_spelling_variants_resolve_to_canonical_place() -> None:
    assert geo.lookup_place("Kiev") == Place("Kyiv", "UKR", "city")
    assert geo.lookup_place("Odessa") == Place("Odesa", "UKR", "city")
    assert geo.lookup_place("Khmeimim") == Place("Hmeimim", "SYR", "base")
    assert geo.lookup_place("Bombay") == Place("Mumbai", "IND", "city")
    assert geo.lookup_place("Washington, D.C.") == Place("Washington", "USA", "city")
    assert geo.lookup_place("Strait of Hormuz") == Place("Strait of Hormuz", None, "strait")
    assert geo.lookup_place("Tripoli").country == "LBY"


def test_place_lookup_does_not_return_countries() -> None:
    assert geo.lookup_place("Lebanon") is None
    assert geo.lookup_place("Georgia") is None


def test_capital_named_like_its_country_is_a_place() -> None:
    assert geo.lookup_place("SINGAPORE") == Place("Singapore", "SGP", "city")
    assert geo.lookup_country("Singapore").code == "SGP"


def test_country_and_demonym_helpers() -> None:
    assert geo.country("GBR").name == "United Kingdom"
    assert geo.country("gbr").code == "GBR"
    assert geo.country("ZZZ") is None
    assert geo.demonym_country("Britons").code == "GBR"
    assert geo.demonym_country("Israelis").code == "ISR"
    assert geo.demonym_country("Lebanese").code == "LBN"
    assert geo.demonym_country("Beirut") is None


def test_country_codes_unique_and_well_formed() -> None:
    codes = [c["code"] for c in _countries()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes)
    assert len(codes) >= 193
    assert {"TWN", "XKX", "PSE", "VAT", "USA", "RUS", "CHN"} <= set(codes)


def test_each_country_surface_names_one_country() -> None:
    owner: dict[str, str] = {}
    for c in _countries():
        for s in [c["name"], *c["aliases"], *c["demonyms"]]:
            assert owner.setdefault(s, c["code"]) == c["code"], s


def test_every_capital_resolves_as_a_place_of_its_country() -> None:
    for c in _countries():
        if c["capital"]:
            place = geo.lookup_place(c["capital"])
            assert place is not None and place.country == c["code"], c["capital"]
            assert place.kind == "city"


def test_location_rows_are_well_formed() -> None:
    codes = {c["code"] for c in _countries()}
    rows = _locations()
    assert len(rows) >= 900
    for r in rows:
        assert r["kind"] in KINDS, r
        assert r["country"] is None or r["country"] in codes, r


def test_locations_do_not_collide_with_countries_or_each_other() -> None:
    country_surfaces = {s for c in _countries() for s in [c["name"], *c["aliases"], *c["demonyms"]]}
    seen: set[str] = set()
    for r in _locations():
        for s in [r["name"], *r.get("aliases", [])]:
            assert s not in country_surfaces, s
            assert s not in seen, s
            seen.add(s)


def test_igos_have_unique_codes_and_core_bodies() -> None:
    rows = load_jsonl("igos.jsonl")
    codes = [g["code"] for g in rows]
    assert len(codes) == len(set(codes))
    assert all(c.startswith("IGO:") for c in codes)
    names = {s for g in rows for s in [g["name"], *g["aliases"]]}
    assert {"NATO", "United Nations", "U.N.", "European Union", "IAEA", "Gulf Cooperation Council"} <= names

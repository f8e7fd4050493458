"""The air part of the weapon-system catalogue: aircraft, helicopters, drones and designation patterns."""

from __future__ import annotations

import json
import re

import pytest

from sitrep.data import DATA_DIR, load_dir, load_jsonl
from sitrep.nlp.gazetteer import designation_key, equipment

AIR_FILES = {"aircraft.jsonl": "aircraft", "helicopters.jsonl": "helicopter", "drones.jsonl": "drone"}
MINIMUM = {"aircraft.jsonl": 170, "helicopters.jsonl": 55, "drones.jsonl": 55}


def _air_rows(fname: str) -> list[dict]:
    return load_jsonl(f"equipment/{fname}")


def _all_air() -> list[dict]:
    return [r for f in AIR_FILES for r in _air_rows(f)]


@pytest.mark.parametrize("fname", sorted(AIR_FILES))
def test_file_sizes_and_kind(fname: str) -> None:
    rows = _air_rows(fname)
    assert len(rows) >= MINIMUM[fname]
    assert {r["kind"] for r in rows} == {AIR_FILES[fname]}


def test_air_total() -> None:
    assert len(_all_air()) >= 280


def test_ids_unique_across_equipment_dir() -> None:
    ids = [r["id"] for r in load_dir("equipment")]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert dupes == []


def test_row_schema() -> None:
    for r in _all_air():
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", r["id"]), r["id"]
        for k in ("name", "category", "maker", "kind"):
            assert isinstance(r[k], str) and r[k].strip(), (r["id"], k)
        assert re.fullmatch(r"[A-Z]{3}", r["origin"]), r["id"]
        for k in ("aliases", "variants", "weak_aliases"):
            assert isinstance(r[k], list) and all(isinstance(x, str) and x for x in r[k]), (r["id"], k)
        assert r["nato"] is None or isinstance(r["nato"], str)
        # weak aliases are single ordinary words: the recogniser only tries them as one token
        assert all(" " not in w and not any(c.isdigit() for c in w) for w in r["weak_aliases"]), r["id"]


def test_no_designation_key_claimed_by_two_air_entries() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for r in _all_air():
        surfaces = [r["name"], *r["aliases"], *r["variants"]] + ([r["nato"]] if r["nato"] else [])
        for s in surfaces:
            k = designation_key(s) if any(c.isdigit() for c in s) else " ".join(s.split())
            if owner.setdefault(k, r["id"]) != r["id"]:
                clashes.append((k, owner[k], r["id"]))
    assert clashes == []


def test_weak_names_never_strong() -> None:
    strong = {s for r in _all_air() for s in [r["name"], *r["aliases"], *r["variants"], r["nato"] or ""]}
    weak = {w for r in _all_air() for w in r["weak_aliases"]}
    assert weak & strong == set()


@pytest.mark.parametrize(("key", "name", "canon"), [
    ("su30mki", "Su-30", "Su-30MKI"),
    ("su30", "Su-30", "Su-30"),
    ("mig29k", "MiG-29", "MiG-29K"),
    ("ka226t", "Ka-226", "Ka-226T"),
    ("f35a", "F-35", "F-35A"),
    ("f/a18e", "F/A-18E/F", "F/A-18E"),
    ("f18", "F/A-18", "F/A-18"),
    ("mi17v5", "Mi-17", "Mi-17V-5"),
    ("mi35", "Mi-24", "Mi-35"),
    ("tb2", "Bayraktar TB2", "Bayraktar TB2"),
    ("shahed136", "Shahed-136", "Shahed-136"),
    ("mq9reaper", "MQ-9", "MQ-9"),
    ("tu22m3", "Tu-22M", "Tu-22M3"),
    ("mirage20005", "Mirage 2000", "Mirage 2000-5"),
    ("a400m", "A400M", "A400M"),
    ("kc390", "C-390", "KC-390"),
    ("s70", "S-70 Okhotnik", "S-70 Okhotnik"),
    ("s70i", "UH-60", "S-70i"),
])
def test_designation_keys(key: str, name: str, canon: str) -> None:
    entry, got = equipment().by_key[key]
    assert (entry.name, got) == (name, canon)


def test_word_names_and_nato() -> None:
    idx = equipment()
    assert idx.by_name["Rafale"][0].origin == "FRA"
    assert idx.by_name["Gripen"][0].name == "JAS 39 Gripen"
    assert idx.by_name["Flanker"][0].name == "Su-27"
    assert idx.by_name["Hind"][0].name == "Mi-24"
    assert idx.by_name["Eurofighter"][0].origin == "GBR"  # a consortium; its exports are mostly UK-led
    assert idx.weak["Apache"].name == "AH-64"
    assert idx.weak["Reaper"].name == "MQ-9"


@pytest.mark.parametrize("word", ["Bear", "Typhoon", "Tornado", "Lancet", "Kfir", "Tiger", "Halo", "Oryx", "Ruslan"])
def test_ambiguous_words_are_only_weak(word: str) -> None:
    assert word not in equipment().by_name
    assert word in equipment().weak


@pytest.mark.parametrize("key", ["e3", "c2", "t4", "mi6", "us2"])
def test_common_non_aircraft_tokens_not_keys(key: str) -> None:
    """E3 (European trio), C2 (command and control), T4 (Syrian airbase), MI6, "US 2nd ..."."""
    assert key not in equipment().by_key


def test_patterns_parse() -> None:
    path = DATA_DIR / "equipment_patterns.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip() and not x.startswith("#")]
    prefixes = [r["prefix"] for r in rows]
    assert len(prefixes) == len(set(prefixes))
    for r in rows:
        assert r["prefix"] == r["prefix"].lower() and not any(c.isdigit() for c in r["prefix"])
        assert r["kind"] in {"aircraft", "helicopter", "drone"}
        assert re.fullmatch(r"[A-Z]{3}", r["origin"])
        assert isinstance(r["min_number"], int) and r["min_number"] >= 1
        assert isinstance(r["ambiguous"], bool)
    pats = equipment().patterns
    assert pats["f"]["ambiguous"] is True and pats["su"]["ambiguous"] is False
    assert pats["f/a"]["maker"] == "Boeing"
    assert designation_key("F/A-18E") == "f/a18e"

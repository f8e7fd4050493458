"""Catalogue of surface weapon systems: air defence, missiles, ships, armour, artillery, radars."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from sitrep.data import DATA_DIR, load_dir, load_jsonl
from sitrep.nlp.gazetteer import designation_key, equipment

SURFACE_FILES = ("air_defence", "missiles", "naval", "land", "artillery", "radars_other")
KINDS = {"air_defence", "missile", "ship", "submarine", "armour", "artillery", "radar", "ew"}
MINIMUM = {"air_defence": 50, "missiles": 90, "naval": 60, "land": 70, "artillery": 40, "radars_other": 25}


def _surface_rows() -> dict[str, list[dict]]:
    return {f: load_jsonl(f"equipment/{f}.jsonl") for f in SURFACE_FILES}


def test_ids_unique_across_equipment_dir() -> None:
    counts = Counter(r["id"] for r in load_dir("equipment"))
    assert [i for i, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("fname", SURFACE_FILES)
def test_rows_complete(fname: str) -> None:
    rows = _surface_rows()[fname]
    assert len(rows) >= MINIMUM[fname]
    for r in rows:
        assert r["id"] == r["id"].lower() and " " not in r["id"], r["id"]
        assert r["name"] and r["category"] and r["maker"], r["id"]
        assert re.fullmatch(r"[A-Z]{3}", r["origin"]), r["id"]
        assert r["kind"] in KINDS, r["id"]
        for field in ("aliases", "variants", "weak_aliases"):
            assert isinstance(r.get(field, []), list), r["id"]


def test_total_rows() -> None:
    assert sum(len(v) for v in _surface_rows().values()) >= 330


def test_no_name_shared_between_surface_rows() -> None:
    """A surface form (folded designation or exact word name) belongs to one of our rows only."""
    owner: dict[str, str] = {}
    clashes = []
    for rows in _surface_rows().values():
        for r in rows:
            forms = [r["name"], *r.get("aliases", []), *r.get("variants", [])]
            forms += [r["nato"]] if r.get("nato") else []
            for s in {designation_key(f) if any(c.isdigit() for c in f) else " ".join(f.split()) for f in forms}:
                if owner.setdefault(s, r["id"]) != r["id"]:
                    clashes.append((s, owner[s], r["id"]))
    assert clashes == []


def test_designation_keys_resolve() -> None:
    idx = equipment()
    entry, canon = idx.by_key["s400"]
    assert (entry.kb_id, entry.name, entry.origin, entry.kind) == ("s-400", "S-400", "RUS", "air_defence")
    assert entry.nato == "SA-21 Growler"
    assert idx.by_key["sa21"][0].kb_id == "s-400"
    assert idx.by_key[designation_key("SA-21 Growler")][0].kb_id == "s-400"
    assert idx.by_key["t90ms"] == (idx.by_key["t90"][0], "T-90MS")
    assert idx.by_key["t90"][0].category == "main battle tank"
    assert idx.by_key["k9"][0].name == "K9 Thunder"
    assert idx.by_key["k9"][0].kind == "artillery"
    assert idx.by_key["3m22"][0].name == "3M22 Zircon"
    assert idx.by_key["df21d"] == (idx.by_key["df21"][0], "DF-21D")
    assert idx.by_key[designation_key("AN/TPY-2")][0].kind == "radar"
    assert idx.by_key["type055"][0].category == "destroyer"
    assert idx.by_key["m142"][0].name == "M142 HIMARS"
    # a derivative with its own name is its own entry
    assert idx.by_key["agm84"][0].name == "Harpoon" and idx.by_key["agm84h"][0].name == "SLAM-ER"


def test_word_names_and_weak_aliases() -> None:
    idx = equipment()
    assert idx.by_name["Iskander-M"][0].name == "Iskander"
    assert idx.by_name["Iskander-M"][1] == "Iskander-M"
    assert idx.by_name["Storm Shadow"][0].origin == "GBR"
    assert idx.by_name["Iron Dome"][0].origin == "ISR"
    assert idx.by_name["Arleigh Burke-class"][0].kind == "ship"
    assert idx.by_name["Virginia-class"][0].kind == "submarine"
    assert idx.by_name["HIMARS"][0].kb_id == "m142"
    assert idx.by_name["Patriot air defence"][0].kb_id == "mim-104"
    assert idx.weak["Javelin"].kb_id == "fgm-148"
    assert idx.by_name["Patriot"][0].kb_id == "mim-104"  # deliberately strong: defence news uses it bare
    # ordinary words and place names are weak only
    for word in ("Javelin", "Neptune", "Fatah", "Anadolu", "Liaoning", "Jericho", "Leopard", "Voronezh"):
        assert word not in idx.by_name, word
        assert word in idx.weak, word


def test_name_is_never_a_weak_alias() -> None:
    """The name is always indexed strongly, so it must not be an ordinary word listed as weak."""
    bad = [r["id"] for rows in _surface_rows().values() for r in rows if r["name"] in r.get("weak_aliases", [])]
    assert bad == []


def test_patterns_parse() -> None:
    rows = load_jsonl("equipment_patterns_land_sea.jsonl")
    prefixes = [p["prefix"] for p in rows]
    assert len(prefixes) == len(set(prefixes))
    for p in rows:
        assert p["prefix"] == p["prefix"].lower() and re.fullmatch(r"[a-z/]+", p["prefix"])
        assert p["category"] and isinstance(p["ambiguous"], bool) and int(p["min_number"]) >= 1
        assert p["origin"] is None or re.fullmatch(r"[A-Z]{3}", p["origin"])
    idx = equipment()
    assert idx.patterns["s"]["ambiguous"] is True
    assert idx.patterns["df"]["origin"] == "CHN"
    assert idx.patterns["an/tpy"]["kind"] == "radar"
    assert (DATA_DIR / "equipment_patterns_land_sea.jsonl").exists()

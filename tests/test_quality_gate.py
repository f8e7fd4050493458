"""The quality gate: extraction figures on gold corpora never drop below their pinned floors.

Floors live in tests/quality_floors.json and only go up. The bundled samples and the fresh sets are always scored;
the project's shared dev set (../shared/dev/*.jsonl) is scored when it is beside the repo.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.quality.evaluate import evaluate_file

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text(encoding="utf-8"))
CORPORA = {"samples": [ROOT / "src" / "sitrep" / "data" / "samples" / "gold.jsonl"],
           # twelve articles written and annotated by teammates who never saw the rules or their output
           "fresh": [ROOT / "src" / "sitrep" / "data" / "samples" / "fresh.gold.jsonl"],
           # twelve more, written the same way a stop later (sets C and D)
           "fresh2": [ROOT / "src" / "sitrep" / "data" / "samples" / "fresh2.gold.jsonl"],
           # twenty-four more a stop after that (sets E-H; G and H scored untouched before any rule saw them)
           "fresh3": [ROOT / "src" / "sitrep" / "data" / "samples" / "fresh3.gold.jsonl"],
           # twenty-four more a stop after that (sets I-L; K and L scored untouched before any rule saw them)
           "fresh4": [ROOT / "src" / "sitrep" / "data" / "samples" / "fresh4.gold.jsonl"],
           # eighteen more (sets M, O, P), scored once with the code frozen, before anyone read them
           "fresh5": [ROOT / "src" / "sitrep" / "data" / "samples" / "fresh5.gold.jsonl"],
           # twenty-four more (sets T-W): T and U read for rules, V and W scored once with the code frozen
           "fresh6": [ROOT / "src" / "sitrep" / "data" / "samples" / "fresh6.gold.jsonl"],
           # twenty-four more (sets Q, R, S, X), scored once with the code frozen before anyone read them
           "fresh7": [ROOT / "src" / "sitrep" / "data" / "samples" / "fresh7.gold.jsonl"],
           "dev": sorted((ROOT.parent / "shared" / "dev").glob("*.jsonl"))}


def _figures(result: dict) -> dict[str, float]:
    out = {f"{k}_f1": result[k]["f1"] for k in
           ("entities", "events", "arms_transfers", "time_expressions", "quotes", "sources_cited")}
    for k in ("event_status_acc", "transfer_status_acc", "time_value_acc"):
        out[k] = result[k] if result[k] is not None else 0.0
    return out


def _merged(paths: list[Path], tmp_path: Path) -> Path:
    merged = tmp_path / "gold.jsonl"
    merged.write_text("".join(p.read_text(encoding="utf-8") for p in paths), encoding="utf-8")
    return merged


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_figures_stay_above_floors(corpus, tmp_path):
    paths = CORPORA[corpus]
    if not paths:
        pytest.skip(f"no {corpus} gold here")
    figures = _figures(evaluate_file(str(_merged(paths, tmp_path))))
    low = {k: (round(figures[k], 3), floor) for k, floor in FLOORS[corpus].items() if figures[k] + 1e-9 < floor}
    assert not low, f"{corpus}: below floor (got, floor): {low}"

"""The scorer behind `sitrep eval` gives the reference scorer's figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.quality.evaluate import fold, score

SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "samples" / "gold.jsonl"


def _gold():
    return [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_fold():
    assert fold("The S-400 Triumf") == "s400triumf"
    assert fold("Türkiye") == "turkiye"
    assert fold(None) == ""


def test_reversed_actors_match_only_for_symmetric_gold_types():
    gold = [{"id": "x", "events": [{"type": "AID", "alt_types": ["COOPERATE"], "source": "FRA", "target": "EGY"},
                                   {"type": "CONSULT", "source": "IND", "target": "USA"}]}]
    pred = {"x": {"events": [{"type": "COOPERATE", "source": "EGY", "target": "FRA"},
                             {"type": "CONSULT", "source": "USA", "target": "IND"}]}}
    r = score(gold, pred)
    assert (r["events"]["p"], r["events"]["r"]) == (0.5, 0.5)


def test_gold_against_itself_is_perfect():
    gold = _gold()
    r = score(gold, {g["id"]: g for g in gold})
    assert r["overall_f1"] == 1.0
    assert r["docs_predicted"] == r["docs"] == len(gold)


def test_counts_optional_and_alt_types():
    gold = [{"id": "x", "events": [{"type": "AID", "alt_types": ["COOPERATE"], "source": "FRA", "target": "EGY"},
                                   {"type": "ACCUSE", "source": None, "target": "SRB", "optional": True}],
             "entities": [{"type": "COUNTRY", "name": "Egypt", "code": "EGY", "aliases": ["Egyptian"]}]}]
    pred = {"x": {"events": [{"type": "COOPERATE", "source": "FRA", "target": "EGY"}],
                  "entities": [{"type": "COUNTRY", "name": "Arab Republic of Egypt", "code": "EGY"},
                               {"type": "COUNTRY", "name": "Libya", "code": "LBY"}]}}
    r = score(gold, pred)
    assert r["events"]["f1"] == 1.0  # an alternative type matches; the optional gold costs nothing
    assert (r["entities"]["p"], r["entities"]["r"]) == (0.5, 1.0)


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="the project's shared/ folder is not beside the repo")
def test_same_figures_as_the_reference_scorer(tmp_path):
    gold = _gold()
    # a deliberately imperfect prediction: drop every other entity and event, shuffle quotes
    pred = []
    for g in gold:
        p = dict(g)
        p["entities"] = g["entities"][::2]
        p["events"] = g["events"][1::2]
        p["quotes"] = [{"speaker": q["speaker"], "text": q.get("text", q["start"])} for q in g.get("quotes", [])][::-1]
        pred.append(p)
    gp, pp = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gp.write_text("\n".join(json.dumps(g) for g in gold), encoding="utf-8")
    pp.write_text("\n".join(json.dumps(p) for p in pred), encoding="utf-8")
    ref = subprocess.run([sys.executable, str(SHARED_SCORER), str(gp), str(pp), "--json"], capture_output=True,
                         text=True, check=True)
    assert score(gold, {p["id"]: p for p in pred}) == json.loads(ref.stdout)

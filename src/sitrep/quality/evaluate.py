"""Score extraction records against document-level gold (the annotation guide's shape).

The matching rules are those of the project's reference scorer (``shared/eval/score.py``):
entities by type and any shared normalised name/alias (COUNTRY also by code); events by type (or
an alternative type) and source/target, a gold ``null`` matching anything, CONSULT/COOPERATE/AGREE
also reversed; transfers by supplier, recipient and equipment (catalogue aliases or generic class
words); time expressions by exact then loose text; quotes by speaker and opening words; sources
by name. Greedy one-to-one matching, required gold first; optional gold never counts.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

PARTS = ("entities", "events", "arms_transfers", "time_expressions", "quotes", "sources_cited")
ENTITY_TYPES = ("PERSON", "ORG", "COUNTRY", "LOCATION", "EQUIPMENT")
REVERSIBLE = frozenset({"CONSULT", "COOPERATE", "AGREE"})
_GENERIC = {"jets": "aircraft", "jet": "aircraft", "planes": "aircraft", "plane": "aircraft",
            "helicopters": "helicopter", "fighters": "fighter", "systems": "system", "missiles": "missile",
            "tanks": "tank", "drones": "drone", "weapons": "weapon", "arms": "weapon"}


def fold(value: Any) -> str:
    """ASCII, lower case, no leading "the", letters and digits only."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("text") or ""
    s = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode().lower().strip()
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[^a-z0-9]", "", s)


def fold_generic(value: Any) -> str:
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", str(value or "")).lower())
    return " ".join(_GENERIC.get(w, w) for w in words)


def name_set(item: dict[str, Any]) -> set[str]:
    out = {fold(item.get("name")), *(fold(a) for a in item.get("aliases") or [])}
    if item.get("code"):
        out.add(fold(item["code"]))
    out.discard("")
    return out


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def prf(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (0.0 if self.fn else 1.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


Pair = tuple[dict[str, Any], dict[str, Any]]


def align(gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool]) -> tuple[int, int, int, list[Pair]]:
    """Greedy one-to-one alignment; returns (tp, fp, fn, matched pairs)."""
    taken: set[int] = set()
    pairs: list[Pair] = []
    tp = fn = 0
    for g in sorted(gold, key=lambda g: bool(g.get("optional"))):
        k = next((i for i, p in enumerate(pred) if i not in taken and same(g, p)), None)
        optional = bool(g.get("optional"))
        if k is None:
            fn += not optional
            continue
        taken.add(k)
        pairs.append((g, pred[k]))
        tp += not optional
    return tp, len(pred) - len(taken), fn, pairs


def _entity_match(g: dict, p: dict) -> bool:
    if str(p.get("type") or "").upper() != g["type"]:
        return False
    cand = {fold(p.get("name")), *(fold(a) for a in p.get("aliases") or [])}
    if g["type"] == "COUNTRY" and p.get("code"):
        cand.add(fold(p["code"]))
    cand.discard("")
    return bool(name_set(g) & cand)


def _actor_ok(gold_code: Any, pred_code: Any) -> bool:
    return gold_code is None or fold(gold_code) == fold(pred_code)


def _event_match(g: dict, p: dict) -> bool:
    if str(p.get("type") or "").upper() not in {g["type"], *g.get("alt_types", [])}:
        return False
    if _actor_ok(g.get("source"), p.get("source")) and _actor_ok(g.get("target"), p.get("target")):
        return True
    return g["type"] in REVERSIBLE and _actor_ok(g.get("source"), p.get("target")) and _actor_ok(
        g.get("target"), p.get("source"))


def _transfer_match(doc: dict) -> Callable[[dict, dict], bool]:
    def equipment_forms(name: Any) -> set[str]:
        forms = {fold(name)}
        for e in doc.get("entities", []):
            if e["type"] == "EQUIPMENT" and fold(name) in name_set(e):
                forms |= name_set(e)
        return forms

    def same(g: dict, p: dict) -> bool:
        if fold(g.get("supplier")) != fold(p.get("supplier")) or fold(g.get("recipient")) != fold(p.get("recipient")):
            return False
        if fold(p.get("equipment")) in equipment_forms(g.get("equipment")):
            return True
        a, b = fold_generic(g.get("equipment")), fold_generic(p.get("equipment"))
        return bool(a and b) and (a == b or a in b or b in a)
    return same


def _quote_match(doc: dict) -> Callable[[dict, dict], bool]:
    def speakers(name: Any) -> set[str]:
        out = {fold(name)}
        for e in doc.get("entities", []):
            if e["type"] in ("PERSON", "ORG") and fold(name) in name_set(e):
                out |= name_set(e)
        return out

    def same(g: dict, p: dict) -> bool:
        return fold(p.get("text")).startswith(fold(g["start"])) and fold(p.get("speaker")) in speakers(g["speaker"])
    return same


def _items(xs: Iterable[Any] | None) -> list[dict]:
    return [x if isinstance(x, dict) else {"name": x} for x in (xs or [])]


def score(gold_docs: list[dict], pred_docs: dict[str, dict]) -> dict[str, Any]:
    """The figures: P/R/F1 per part and per entity type, status/date/value accuracies, overall F1."""
    parts = {k: Counts() for k in PARTS}
    types = {t: Counts() for t in ENTITY_TYPES}
    acc = {k: [0, 0] for k in ("event_status_acc", "event_date_acc", "transfer_status_acc", "time_value_acc")}
    seen_types: list[str] = []
    for gd in gold_docs:
        pd = pred_docs.get(gd["id"], {})
        ents = pd.get("entities") or []
        parts["entities"].add(*align(gd.get("entities", []), ents, _entity_match)[:3])
        for t in ENTITY_TYPES:
            g = [e for e in gd.get("entities", []) if e["type"] == t]
            p = [e for e in ents if str(e.get("type") or "").upper() == t]
            types[t].add(*align(g, p, _entity_match)[:3])
            if t not in seen_types:
                seen_types.append(t)
        tp, fp, fn, pairs = align(gd.get("events", []), pd.get("events") or [], _event_match)
        parts["events"].add(tp, fp, fn)
        for g, p in pairs:
            if g.get("optional"):
                continue
            acc["event_status_acc"][0] += g.get("status") == p.get("status")
            acc["event_status_acc"][1] += 1
            if g.get("date"):
                acc["event_date_acc"][0] += str(p.get("date") or "") == g["date"]
                acc["event_date_acc"][1] += 1
        tp, fp, fn, pairs = align(gd.get("arms_transfers", []), pd.get("arms_transfers") or [], _transfer_match(gd))
        parts["arms_transfers"].add(tp, fp, fn)
        for g, p in pairs:
            if not g.get("optional"):
                acc["transfer_status_acc"][0] += g.get("status") == p.get("status")
                acc["transfer_status_acc"][1] += 1
        gt, pt = gd.get("time_expressions", []), pd.get("time_expressions") or []
        tp1, _, _, exact = align(gt, pt, lambda g, p: fold(g["text"]) == fold(p.get("text")))
        rest_g = [g for g in gt if not any(g is a for a, _ in exact)]
        rest_p = [p for p in pt if not any(p is b for _, b in exact)]
        tp2, fp, fn, loose = align(rest_g, rest_p, lambda g, p: bool(fold(g["text"])) and bool(fold(p.get("text")))
                                   and (fold(g["text"]) in fold(p.get("text")) or fold(p.get("text")) in fold(g["text"])))
        parts["time_expressions"].add(tp1 + tp2, fp, fn)
        for g, p in exact + loose:
            if not g.get("optional"):
                acc["time_value_acc"][0] += (g.get("value") or None) == (p.get("value") or None)
                acc["time_value_acc"][1] += 1
        parts["quotes"].add(*align(gd.get("quotes", []), pd.get("quotes") or [], _quote_match(gd))[:3])
        parts["sources_cited"].add(*align(_items(gd.get("sources_cited")), _items(pd.get("sources_cited")),
                                          lambda g, p: fold(p.get("name")) in name_set(g))[:3])
    result: dict[str, Any] = {k: c.prf() for k, c in parts.items()}
    result["overall_f1"] = sum(result[k]["f1"] for k in PARTS) / len(PARTS)
    result["entity_types"] = {t: types[t].prf() for t in seen_types}
    for k, (hit, n) in acc.items():
        result[k] = hit / n if n else None
    result["docs"] = len(gold_docs)
    result["docs_predicted"] = sum(1 for g in gold_docs if g["id"] in pred_docs)
    return result


def format_result(result: dict[str, Any]) -> str:
    """The text report, line for line as the reference scorer prints it."""
    lines = []
    for k in PARTS:
        v = result[k]
        lines.append(f"{k:18s} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}")
    for k, v in result["entity_types"].items():
        lines.append(f"  {k:16s} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}")
    for k in ("event_status_acc", "event_date_acc", "transfer_status_acc", "time_value_acc"):
        v = result[k]
        lines.append(f"{k:18s} {'n/a' if v is None else f'{v:.3f}'}")
    lines.append(f"docs {result['docs_predicted']}/{result['docs']}")
    lines.append(f"overall_f1 {result['overall_f1']:.3f}")
    return "\n".join(lines)


def read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate_file(gold_path: str, pred_path: str | None = None, settings=None) -> dict[str, Any]:
    """Score ``pred_path`` (or a fresh extraction of the gold texts) against ``gold_path``."""
    gold = read_jsonl(gold_path)
    if pred_path:
        preds = {d.get("id"): d for d in read_jsonl(pred_path)}
    else:
        from sitrep.pipeline import process_batch  # noqa: PLC0415
        from sitrep.records import Article, Record  # noqa: PLC0415

        arts = [Article(id=g["id"], text=g["text"], title=g.get("title"), url=g.get("url"), outlet=g.get("outlet"),
                        published=g.get("published"), source=gold_path) for g in gold]
        preds = {r.id: r.to_dict() for r in process_batch(arts, settings) if isinstance(r, Record)}
    return score(gold, preds)

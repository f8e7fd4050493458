"""Surface-form indexes over the data files, for fast n-gram lookups on tokens.

Two kinds of keys:
- names (countries, demonyms, capitals, places, organisations, outlets, people): the exact
  surface, with an upper-case index so ALL-CAPS datelines and headings still resolve;
- equipment designations: :func:`designation_key` folds case, hyphens and spaces
  ("Su-30", "SU30", "Su 30" → ``su30``) so spelling variants resolve to one catalogue entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sitrep.data import DATA_DIR, load_dir, load_jsonl

_FOLD = re.compile(r"[\s\-‐‑–—_.]+")


def designation_key(surface: str) -> str:
    """Fold a designation: lower case, no spaces, hyphens or dots."""
    return _FOLD.sub("", surface.lower())


@dataclass(frozen=True)
class Hit:
    """What a surface form names."""

    type: str  # COUNTRY | LOCATION | ORG | PERSON | EQUIPMENT | IGO
    kb_id: str
    name: str  # canonical name
    how: str = "name"  # name | alias | demonym | capital | seat | variant | weak
    info: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.info:
            if k == key:
                return v
        return default


@dataclass
class NameIndex:
    exact: dict[str, list[Hit]] = field(default_factory=dict)
    upper: dict[str, list[Hit]] = field(default_factory=dict)
    max_tokens: int = 1
    ambiguous: set[str] = field(default_factory=set)

    def add(self, surface: str, hit: Hit) -> None:
        surface = " ".join(surface.split())
        if not surface:
            return
        self.exact.setdefault(surface, []).append(hit)
        self.upper.setdefault(surface.upper(), []).append(hit)
        self.max_tokens = max(self.max_tokens, len(re.findall(r"\w+|[^\w\s]", surface)))

    def lookup(self, surface: str) -> list[Hit]:
        surface = " ".join(surface.split())
        hits = self.exact.get(surface)
        if hits:
            return hits
        if surface.isupper() and len(surface) > 3:
            return self.upper.get(surface, [])
        return []


def _rows(name: str) -> list[dict[str, Any]]:
    return load_jsonl(name) if (DATA_DIR / name).exists() else []


def _info(**kw: Any) -> tuple[tuple[str, Any], ...]:
    return tuple((k, v) for k, v in kw.items() if v is not None)


@cache
def names() -> NameIndex:
    """Index of countries, IGOs, places, organisations, outlets and people."""
    idx = NameIndex()
    for c in _rows("countries.jsonl"):
        code, name = c["code"], c["name"]
        idx.add(name, Hit("COUNTRY", code, name, "name", _info(code=code)))
        for a in c.get("aliases", []):
            idx.add(a, Hit("COUNTRY", code, name, "alias", _info(code=code)))
        for a in c.get("demonyms", []):
            idx.add(a, Hit("COUNTRY", code, name, "demonym", _info(code=code)))
        cap = c.get("capital")
        for a in ([cap] if cap else []) + list(c.get("capital_aliases", [])):
            idx.add(a, Hit("COUNTRY", code, name, "capital", _info(code=code, capital=cap)))
        for a in c.get("seat_metonyms", []):
            idx.add(a, Hit("COUNTRY", code, name, "seat", _info(code=code)))
        idx.ambiguous.update(c.get("ambiguous", []))
    for g in _rows("igos.jsonl"):
        for a in [g["name"], *g.get("aliases", [])]:
            idx.add(a, Hit("ORG", g["code"], g["name"], "name" if a == g["name"] else "alias",
                           _info(code=g["code"], kind="igo")))
    for p in _rows("locations.jsonl"):
        kb = f"loc:{p['name']}|{p.get('country')}"
        for a in [p["name"], *p.get("aliases", [])]:
            idx.add(a, Hit("LOCATION", kb, p["name"], "name" if a == p["name"] else "alias",
                           _info(country=p.get("country"), kind=p.get("kind"))))
    for fname, kind_default in (("orgs.jsonl", None), ("outlets.jsonl", "outlet")):
        for o in _rows(fname):
            kb = f"org:{o['name']}"
            info = _info(country=o.get("country"), kind=o.get("kind") or kind_default,
                         outlet=fname == "outlets.jsonl")
            for a in [o["name"], *o.get("aliases", [])]:
                idx.add(a, Hit("ORG", kb, o["name"], "name" if a == o["name"] else "alias", info))
    for p in _rows("people.jsonl"):
        kb = f"person:{p['name']}"
        info = _info(country=p.get("country"), role=p.get("role"))
        for a in [p["name"], *p.get("aliases", [])]:
            if " " in a:  # bare surnames are matched through the article's own full mentions
                idx.add(a, Hit("PERSON", kb, p["name"], "name" if a == p["name"] else "alias", info))
    return idx


@cache
def country_forms(code: str) -> tuple[str, ...]:
    """The forms a state's bodies are named with: its name, then its first demonym ("Iran", "Iranian")."""
    for c in _rows("countries.jsonl"):
        if c["code"] == code:
            return tuple(f for f in (c["name"], *c.get("demonyms", [])[:1]) if f)
    return ()


@cache
def surname_states() -> dict[str, str]:
    """The state of each listed office-holder by surname, where no two listed people share it
    ("Biden" → USA), for "the Biden administration"."""
    seen: dict[str, set[str]] = {}
    for row in _rows("people.jsonl"):
        if row.get("country"):
            seen.setdefault(row["name"].split()[-1], set()).add(row["country"])
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@cache
def outlet_domains() -> dict[str, str]:
    """Domain or handle (``reuters.com``, ``thedefensepost``) → outlet name."""
    out: dict[str, str] = {}
    for o in _rows("outlets.jsonl"):
        for d in o.get("domains", []):
            d = d.lower().removeprefix("www.")
            out[d] = o["name"]
            out[d.split(".")[0]] = o["name"]
    return out


@dataclass(frozen=True)
class Equip:
    kb_id: str
    name: str
    category: str | None
    origin: str | None
    maker: str | None
    kind: str | None
    aliases: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    nato: str | None = None
    weak: bool = False


@dataclass
class EquipmentIndex:
    by_key: dict[str, tuple[Equip, str]] = field(default_factory=dict)  # designation key -> (entry, canonical form)
    by_name: dict[str, tuple[Equip, str]] = field(default_factory=dict)  # exact word name -> (entry, canonical)
    weak: dict[str, Equip] = field(default_factory=dict)  # exact ordinary-word name -> entry (needs context)
    patterns: dict[str, dict[str, Any]] = field(default_factory=dict)  # lower prefix -> pattern row
    makers: dict[str, str] = field(default_factory=dict)  # maker surface -> maker
    max_tokens: int = 1


def _has_digit(s: str) -> bool:
    return any(ch.isdigit() for ch in s)


@cache
def equipment() -> EquipmentIndex:
    """Index of the weapon-system catalogue (``data/equipment/*.jsonl``) and designation patterns."""
    idx = EquipmentIndex()
    rows = load_dir("equipment") if (DATA_DIR / "equipment").exists() else []
    for r in rows:
        e = Equip(kb_id=r["id"], name=r["name"], category=r.get("category"), origin=r.get("origin"),
                  maker=r.get("maker"), kind=r.get("kind"), aliases=tuple(r.get("aliases", [])),
                  variants=tuple(r.get("variants", [])), nato=r.get("nato"))
        surfaces = [(r["name"], r["name"])] + [(a, r["name"]) for a in r.get("aliases", [])]
        surfaces += [(v, v) for v in r.get("variants", [])]
        if r.get("nato"):
            surfaces.append((r["nato"], r["name"]))
        for s, canon in surfaces:
            if _has_digit(s):
                k = designation_key(s)
                if len(k) >= 2:
                    idx.by_key.setdefault(k, (e, canon))
            else:
                idx.by_name.setdefault(" ".join(s.split()), (e, canon))
            idx.max_tokens = max(idx.max_tokens, len(re.findall(r"\w+|[^\w\s]", s)))
        for w in r.get("weak_aliases", []):
            idx.weak.setdefault(w, e)
        if r.get("maker"):
            idx.makers.setdefault(r["maker"], r["maker"])
            idx.makers.setdefault(r["maker"].split()[0], r["maker"])
    for fname in sorted(p.name for p in DATA_DIR.glob("equipment_patterns*.jsonl")):
        for p in load_jsonl(fname):
            idx.patterns.setdefault(p["prefix"].lower(), p)
    return idx

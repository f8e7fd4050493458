"""The word lists behind the entity and role components, loaded once from ``data/``."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sitrep.data import DATA_DIR, load_jsonl


@dataclass(frozen=True)
class Lexicon:
    title_words: frozenset[str]
    role_surfaces: frozenset[str]  # lower-cased role titles and variants ("defense minister")
    roles: tuple[tuple[str, str], ...]  # (surface lower, canonical title), longest first
    org_heads: dict[str, Any] = field(default_factory=dict)  # {"regex": compiled, "kind": {head lower: kind}}
    category_words: frozenset[str] = frozenset()
    location_preps: frozenset[str] = frozenset()
    not_entities: frozenset[str] = frozenset()  # lower-cased surfaces that are never entities alone
    not_places: frozenset[str] = frozenset()  # continents and macro-regions: never a LOCATION entity
    institution_words: frozenset[str] = frozenset()  # "Committee", "Council": a body's name, never a person's
    designation_heads: dict[str, tuple[str, str]] = field(default_factory=dict)  # "radar" -> (category, kind)
    abbreviated_titles: tuple[str, ...] = ()  # "Cmdr.", "Lt.": tokenizer special cases
    ship_prefixes: dict[str, str] = field(default_factory=dict)  # "INS" -> "IND": a named warship's navy
    national_bodies: tuple[str, ...] = ()  # "ministry", "air force": words naming a state's own body
    home_titles: tuple[str, ...] = ()  # "minister": a title a datelined story's unplaced official serves home in
    given_names: frozenset[str] = frozenset()  # "Vasile", "Murat": a name before a surname makes a person


def _opt(name: str) -> list[dict[str, Any]]:
    return load_jsonl(name) if (DATA_DIR / name).exists() else []


@cache
def lexicon() -> Lexicon:
    raw = json.loads((DATA_DIR / "lexicon.json").read_text(encoding="utf-8"))
    roles: dict[str, str] = {}
    for r in _opt("roles.jsonl"):
        title = r.get("title") or r.get("name")
        if not title:
            continue
        for v in [title, *r.get("variants", []), *r.get("abbrev", [])]:
            roles.setdefault(v.lower(), title)
    title_words = set(raw["title_words"])
    for surface in roles:
        if len(surface.split()) <= 4:
            title_words.update(w.strip(".") for w in surface.split())
    heads: dict[str, str] = {}
    generic: set[str] = set()
    for p in _opt("org_patterns.jsonl"):
        head = p.get("head")
        if head:
            heads[head.lower()] = p.get("kind") or "body"
            if p.get("generic"):
                generic.add(head.lower())
    org_heads: dict[str, Any] = {}
    if heads:
        alts = sorted(heads, key=len, reverse=True)
        rx = r"\b(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in alts) + r")\b"
        org_heads = {"regex": re.compile(rx, re.IGNORECASE), "kind": heads, "generic": frozenset(generic)}
    return Lexicon(
        title_words=frozenset(title_words),
        role_surfaces=frozenset(roles),
        roles=tuple(sorted(roles.items(), key=lambda kv: -len(kv[0]))),
        org_heads=org_heads,
        not_entities=frozenset(x.lower() for x in raw.get("not_entities", [])),
        not_places=frozenset(x.lower() for x in raw.get("not_places", [])),
        category_words=frozenset(raw["category_words"]),
        location_preps=frozenset(raw["location_preps"]),
        institution_words=frozenset(raw.get("institution_words", [])),
        designation_heads={k: (v[0], v[1]) for k, v in raw.get("designation_heads", {}).items() if not k.startswith("_")},
        abbreviated_titles=tuple(raw.get("abbreviated_titles", [])),
        ship_prefixes=dict(raw.get("ship_prefixes", {})),
        national_bodies=tuple(raw.get("national_body_words", [])),
        home_titles=tuple(raw.get("home_titles", [])),
        given_names=_given_names(),
    )


def _given_names() -> frozenset[str]:
    path = DATA_DIR / "given_names.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    names = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    # with and without accents ("María" and "Maria" are both written)
    return frozenset(names | {unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode() for n in names})

"""Typed lookups over the geographic gazetteers (``countries.jsonl``, ``locations.jsonl``).

Surfaces match exactly first; an ALL-CAPS surface ("BEIRUT", "LEBANON") falls back to a
case-insensitive match so datelines and headings resolve.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sitrep.data import load_jsonl


@dataclass(frozen=True)
class Place:
    """A named place that is not a country (city, region, base, sea...)."""

    name: str
    country: str | None
    kind: str | None


@dataclass(frozen=True)
class Country:
    """A sovereign state (ISO 3166-1 alpha-3 code)."""

    code: str
    name: str
    capital: str | None


def _norm(surface: str) -> str:
    return " ".join(surface.split())


def _add(index: dict[str, object], folded: dict[str, object], surface: str, value: object) -> None:
    surface = _norm(surface)
    if surface:
        index.setdefault(surface, value)
        folded.setdefault(surface.casefold(), value)


def _find(exact: dict, folded: dict, surface: str):  # noqa: ANN202 — returns the index's value type
    surface = _norm(surface)
    hit = exact.get(surface)
    if hit is None and surface.isupper():
        hit = folded.get(surface.casefold())
    return hit


@cache
def _countries() -> tuple[dict[str, Country], dict[str, Country], dict[str, Country], dict[str, Country]]:
    """(by code, by name/alias/code, same case-folded, by demonym)."""
    by_code: dict[str, Country] = {}
    exact: dict[str, Country] = {}
    folded: dict[str, Country] = {}
    demonyms: dict[str, Country] = {}
    for row in load_jsonl("countries.jsonl"):
        c = Country(code=row["code"], name=row["name"], capital=row.get("capital"))
        by_code[c.code] = c
        for s in (c.name, c.code, *row.get("aliases", [])):
            _add(exact, folded, s, c)
        for d in row.get("demonyms", []):
            demonyms.setdefault(_norm(d), c)
    return by_code, exact, folded, demonyms


@cache
def _places() -> tuple[dict[str, Place], dict[str, Place]]:
    """(by name/alias, same case-folded); gazetteer rows first, then country capitals."""
    exact: dict[str, Place] = {}
    folded: dict[str, Place] = {}
    for row in load_jsonl("locations.jsonl"):
        p = Place(name=row["name"], country=row.get("country"), kind=row.get("kind"))
        for s in (p.name, *row.get("aliases", [])):
            _add(exact, folded, s, p)
    for row in load_jsonl("countries.jsonl"):
        cap = row.get("capital")
        if cap:
            p = Place(name=cap, country=row["code"], kind="city")
            for s in (cap, *row.get("capital_aliases", [])):
                _add(exact, folded, s, p)
    return exact, folded


def lookup_place(surface: str) -> Place | None:
    """The place a surface names ("Kiev" → Kyiv, UKR), capitals included; None for countries."""
    exact, folded = _places()
    return _find(exact, folded, surface)


def lookup_country(surface: str) -> Country | None:
    """The country a name, alias or ISO code names ("Türkiye", "LEBANON", "IRN"); not demonyms or capitals."""
    _, exact, folded, _ = _countries()
    return _find(exact, folded, surface)


def country(code: str) -> Country | None:
    """The country with this ISO 3166-1 alpha-3 code."""
    return _countries()[0].get(code.strip().upper())


def demonym_country(word: str) -> Country | None:
    """The country a demonym belongs to ("Iranian", "Britons" → GBR)."""
    return _countries()[3].get(_norm(word))

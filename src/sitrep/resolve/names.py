"""Name normalisation and comparison used by entity resolution (no store access here)."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import JaroWinkler, Levenshtein

from sitrep.vocab import norm  # (the knowledge tables' name key: one definition, sitrep.vocab)

_DESIGNATION = re.compile(r"^[a-z]{1,5}\d+[a-z0-9]*$")


@lru_cache(maxsize=1)
def _parts() -> dict:
    text = resources.files("sitrep.data").joinpath("name_parts.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {"titles": frozenset(data["titles"]), "suffixes": frozenset(data["suffixes"]),
            "gendered": [tuple(p) for p in data["gendered_endings"]]}


def slug(text: str) -> str:
    return norm(text).replace(" ", "-")[:60] or "x"


def person_parts(name: str) -> tuple[str, str]:
    """``(given, surname)`` of a person name, titles and suffixes dropped ("Gen. Valery Gerasimov")."""
    parts = _parts()
    toks = norm(name).split()
    while len(toks) > 1 and toks[0] in parts["titles"]:
        toks.pop(0)
    while len(toks) > 1 and toks[-1] in parts["suffixes"]:
        toks.pop()
    if not toks:
        return "", ""
    return " ".join(toks[:-1]), toks[-1]


def gendered_pair(a: str, b: str) -> bool:
    """True if the two surnames are the masculine and feminine forms of one name (Gerasimov / Gerasimova)."""
    if a == b:
        return False
    for masc, fem in _parts()["gendered"]:
        for x, y in ((a, b), (b, a)):
            if x.endswith(masc) and y.endswith(fem):
                stem_x = x[: len(x) - len(masc)] if masc else x
                stem_y = y[: len(y) - len(fem)]
                if stem_x == stem_y and len(stem_x) >= 3:
                    return True
    return False


def surname_similarity(a: str, b: str) -> float:
    """1.0 for the same surname, the Jaro-Winkler similarity for a plausible misspelling or
    transliteration (edit distance at most a quarter of the length), else 0; 0 for gendered pairs."""
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if gendered_pair(a, b) or min(len(a), len(b)) < 4:
        return 0.0
    if Levenshtein.distance(a, b) > max(1, min(len(a), len(b)) // 4):
        return 0.0
    sim = JaroWinkler.normalized_similarity(a, b)
    return sim if sim >= 0.88 else 0.0


def given_compatible(a: str, b: str) -> bool | None:
    """Whether two given-name strings can be the same person's: None if either is unknown."""
    if not a or not b:
        return None
    ta, tb = a.split(), b.split()
    for x in ta:
        for y in tb:
            if x == y:
                return True
            if (len(x) == 1 or len(y) == 1) and x[0] == y[0]:
                return True
            if min(len(x), len(y)) >= 4 and JaroWinkler.normalized_similarity(x, y) >= 0.88 \
                    and Levenshtein.distance(x, y) <= 2:
                return True  # Sergei / Sergey, Mohammad / Mohammed
    return False


def designation(name: str) -> str | None:
    """The compact model designation in an equipment name ("Sukhoi Su-30" → "su30"), or None."""
    toks = norm(name).split()
    for i, t in enumerate(toks):
        if _DESIGNATION.match(t):
            return t
        if t.isalpha() and len(t) <= 5 and i + 1 < len(toks) and toks[i + 1][:1].isdigit():
            return t + toks[i + 1]
    return None


def role_similar(a: str | None, b: str | None) -> bool:
    """Two titles that name the same office ("Chief of the General Staff" / "General Staff chief")."""
    from rapidfuzz import fuzz  # noqa: PLC0415

    na, nb = norm(a), norm(b)
    return bool(na and nb) and fuzz.token_set_ratio(na, nb) >= 80

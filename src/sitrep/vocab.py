"""The knowledge tables' vocabulary: what the stage that fills them (:mod:`sitrep.resolve`) and the
queries that read them (:mod:`sitrep.store.queries`, the web reader) must agree on.

- :func:`norm`: how a name is keyed (``canon_keys`` rows are ``name:<TYPE>:<norm(name)>`` …);
- :data:`SYMMETRIC`: the event types whose dyad is unordered (a cluster's ``dyad`` is sorted for them);
- :data:`STAGES` / :data:`STAGE_RANK`: the steps of an arms deal in order, and how far each one is;
- :func:`period`: the span of a date value (day, ISO week, month or year).

Plain functions and constants: nothing here imports another sitrep module.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from datetime import date, timedelta

SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
STAGES = ("interest", "negotiation", "offered", "ordered", "delivered")
STAGE_RANK = {"rumored": -1, "interest": 0, "negotiation": 1, "offered": 1, "ordered": 2, "delivered": 3}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def norm(text: str | None) -> str:
    """Lower-case ASCII words: accents stripped, punctuation to single spaces ("Su-30" → "su 30")."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower().replace("'", "").replace("’", "")
    return _NON_ALNUM.sub(" ", s).strip()


def period(value: str | None) -> tuple[date, date, str] | None:
    """``(first day, last day, granularity)`` of an ISO date, month, year or week, else None."""
    if not value:
        return None
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return d, d, "day"
        if len(value) == 7 and value[4] == "-":
            y, mo = int(value[:4]), int(value[5:7])
            return date(y, mo, 1), date(y, mo, monthrange(y, mo)[1]), "month"
        if len(value) == 8 and value[5] == "W":
            d = date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return d, d + timedelta(days=6), "week"
        if len(value) == 4:
            y = int(value)
            return date(y, 1, 1), date(y, 12, 31), "year"
    except ValueError:
        return None
    return None

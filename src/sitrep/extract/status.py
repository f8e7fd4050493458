"""The status of a reported happening, from tense, modals and hedges around its trigger.

occurred | planned ("will take place", "is to visit") | reported_intent ("is considering",
"seeks", "would pursue") | rumored ("rumored", "reportedly") | speculated ("speculated",
"analysts believe"). The cue words are data: ``data/events/cues.json``.
"""

from __future__ import annotations

import json
import re
from functools import cache

from spacy.tokens import Token

from sitrep.data import DATA_DIR

ORDER = ("speculated", "rumored", "reported_intent", "planned")


@cache
def cues() -> dict[str, tuple[frozenset[str], tuple[re.Pattern, ...]]]:
    raw = json.loads((DATA_DIR / "events" / "cues.json").read_text(encoding="utf-8"))
    out = {}
    for k, words in raw.items():
        if k.startswith("_"):
            continue
        single = frozenset(w for w in words if " " not in w)
        multi = tuple(re.compile(r"\b" + re.escape(w) + r"\b") for w in words if " " in w)
        out[k] = (single, multi)
    return out


def clause_tokens(trigger: Token) -> list[Token]:
    """The trigger, its governors up to the sentence root, and their auxiliaries and adverbs."""
    chain = [trigger]
    t = trigger
    while t.head.i != t.i and len(chain) < 8:
        t = t.head
        chain.append(t)
    out = []
    for t in chain:
        out.append(t)
        out.extend(c for c in t.children if c.dep_ in ("aux", "auxpass", "advmod", "neg", "mark", "prt", "acomp"))
    return out


def clause_text(trigger: Token) -> str:
    """The words around the trigger in its clause: enough for multi-word cues ("is to", "analysts believe")."""
    sent = trigger.sent
    left = max(sent.start, trigger.i - 10)
    right = min(sent.end, trigger.i + 6)
    return " ".join(t.lower_ for t in trigger.doc[left:right])


def is_negated(trigger: Token) -> bool:
    return any(c.dep_ == "neg" for t in (trigger, trigger.head) for c in t.children)


def status_of(trigger: Token, *, order: tuple[str, ...] = ORDER) -> str:
    """The first status whose cues occur around ``trigger``; else "occurred"."""
    toks = clause_tokens(trigger)
    words = {t.lower_ for t in toks} | {t.lemma_.lower() for t in toks}
    text = clause_text(trigger)
    table = cues()
    for status in order:
        single, multi = table[status]
        if words & single or any(p.search(text) for p in multi):
            return status
    if any(t.tag_ == "MD" and t.lower_ in ("will", "shall", "'ll") for t in toks):
        return "planned"
    return "occurred"

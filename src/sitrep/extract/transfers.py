"""Arms-transfer records (SIPRI-style) from news: supplier, recipient, system, quantity, value, status.

Items are the article's EQUIPMENT entities and, when no model is named, generic classes
("combat helicopters", "Russian fighter aircraft"). In a sentence with a transfer cue, the parse
gives the parties: the subject of buy/order/receive is the recipient, the object of "from" the
supplier; the subject of sell/deliver/supply is the supplier, the object of "to" the recipient.
A supplier not stated comes from the system's origin in the catalogue or a demonym on a generic
class; a recipient not stated from the article's last recipient (the deal it is talking about).
Cue words and classes are data: ``data/events/transfers.json``. Licensed production and upgrades
are marked in ``mode`` so they are not read as new orders.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitrep.data import DATA_DIR
from sitrep.extract.actors import Actor, ActorResolver
from sitrep.records import ArmsTransfer, Record

LIFECYCLE = ("rumored", "interest", "negotiation", "offered", "ordered", "delivered")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
                 "forty": 40, "fifty": 50, "hundred": 100}
_MONEY = re.compile(
    r"(?:(?:US)?\$|€|£|¥|₹)\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|bn|mn|m|b)\b)?"
    r"|\b\d[\d,.]*\s?(?:million|billion|trillion|bn)?\s?(?:euros?|dollars|pounds|rupees|yuan|rubles|roubles|"
    r"Swiss francs|francs|won|yen|lira|riyals|dirhams)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TransferLexicon:
    generic: tuple[str, ...]
    weak_generic: frozenset[str]
    cues: dict[str, frozenset[str]]
    rumor: frozenset[str]
    hedge: tuple[str, ...]
    speculation: tuple[str, ...]
    recipient_verbs: frozenset[str]
    supplier_verbs: frozenset[str]
    licensed: tuple[str, ...]
    upgrade: tuple[str, ...]
    generic_re: re.Pattern


@cache
def lexicon() -> TransferLexicon:
    raw: dict[str, Any] = json.loads((DATA_DIR / "events" / "transfers.json").read_text(encoding="utf-8"))
    generic = tuple(sorted(raw["generic"], key=len, reverse=True))
    rx = re.compile(r"\b(?:" + "|".join(re.escape(g) for g in generic) + r")\b", re.IGNORECASE)
    return TransferLexicon(
        generic=generic, weak_generic=frozenset(raw["weak_generic"]),
        cues={k: frozenset(v) for k, v in raw["cues"].items()}, rumor=frozenset(raw["rumor_words"]),
        hedge=tuple(raw["hedge_words"]), speculation=tuple(raw["speculation_words"]),
        recipient_verbs=frozenset(raw["recipient_verbs"]), supplier_verbs=frozenset(raw["supplier_verbs"]),
        licensed=tuple(raw["licensed_words"]), upgrade=tuple(raw["upgrade_words"]), generic_re=rx,
    )


@dataclass
class _Item:
    start: int
    end: int
    name: str
    entity_id: str | None
    origin: str | None
    category: str | None
    generic: bool


class TransferFinder:
    def __init__(self, doc: Doc, record: Record):
        self.doc = doc
        self.record = record
        self.res = ActorResolver(doc)
        self.lex = lexicon()
        art = doc._.article
        self.text = art.text if art is not None else doc.text
        self.skip = [(s.start, s.end) for s in (art.segments if art is not None else []) if s.kind in ("noise", "meta")]
        self.last_recipient: Actor | None = None

    def run(self) -> list[ArmsTransfer]:
        found: list[ArmsTransfer] = []
        for sent in self.doc.sents:
            if any(a <= sent.start_char < b for a, b in self.skip):
                continue
            found.extend(self._sentence(sent))
        return _merge(found)

    def _items(self, sent: Span) -> list[_Item]:
        items: list[_Item] = []
        for m in self.res.ms:
            if m.type == "EQUIPMENT" and sent.start_char <= m.start < sent.end_char:
                ent = self.res.ents.get(m.entity_id or "")
                items.append(_Item(m.start, m.end, ent.name if ent else m.name, m.entity_id,
                                   ent.origin if ent else m.info.get("origin"),
                                   ent.category if ent else m.info.get("category"), False))
        for g in self.lex.generic_re.finditer(self.doc.text, sent.start_char, sent.end_char):
            if any(g.start() < i.end and i.start < g.end() for i in items):
                continue
            items.append(_Item(g.start(), g.end(), g.group(0), None, None, g.group(0).lower(), True))
        return sorted(items, key=lambda i: i.start)

    def _sentence(self, sent: Span) -> list[ArmsTransfer]:
        low = sent.text.lower()
        words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
        if not any(words & c for c in self.lex.cues.values()):
            return []
        if any(w in low for w in self.lex.speculation) and not (words & self.lex.rumor):
            return []
        items = self._items(sent)
        if not items:
            return []
        named = [i for i in items if not i.generic]
        out: list[ArmsTransfer] = []
        prev_supplier: list[Actor] = []
        for item in items:
            tok = self._token(item)
            if tok is None:
                continue
            if self._is_carrier(tok, item, named):
                continue
            status = self._status(sent, words, low, tok)
            if status is None:
                continue
            suppliers, recipient = self._parties(tok, item, sent)
            if not suppliers and item.generic and tok.dep_ == "conj" and prev_supplier:
                suppliers = prev_supplier
            if not suppliers:
                continue
            prev_supplier = suppliers
            if recipient is None:
                recipient = self.last_recipient
            if recipient is None:
                continue
            self.last_recipient = recipient
            for sup in suppliers:
                if sup.code == recipient.code:
                    continue
                out.append(ArmsTransfer(
                    supplier=sup.code, recipient=recipient.code, equipment=item.name, status=status,
                    evidence=_trim(self.text, sent.start_char, sent.end_char), equipment_entity=item.entity_id,
                    quantity=_quantity(tok, self.doc, item), value=_value(sent.text),
                    date=self._date(sent, tok), mode=self._mode(low), note=None,
                ))
        return out

    def _token(self, item: _Item) -> Token | None:
        span = self.doc.char_span(item.start, item.end, alignment_mode="expand")
        return span.root if span is not None else None

    def _is_carrier(self, tok: Token, item: _Item, named: list[_Item]) -> bool:
        """A transport aircraft that carried the goods ("via Y-20 aircraft") is not what was transferred."""
        if tok.dep_ == "pobj" and tok.head.lower_ in ("via", "aboard", "by", "on"):
            return True
        cat = (item.category or "").lower()
        return "transport" in cat and any(n is not item for n in named)

    def _status(self, sent: Span, words: set[str], low: str, tok: Token) -> str | None:
        cues = self.lex.cues
        if words & self.lex.rumor:
            return "rumored"
        if words & cues["cancelled"]:
            return "cancelled"
        if words & cues["delivered"] - {"sent", "send", "took"} or (
                words & {"sent", "send"} and tok.dep_ in ("dobj", "conj", "pobj")):
            return "delivered"
        if words & cues["negotiation"]:
            return "negotiation"
        if words & cues["interest"] or re.search(r"\b(?:would|could)\b", low):
            return "interest"
        if words & cues["ordered"]:
            future = re.search(r"\b(?:will|shall|to be)\b", low)
            return "negotiation" if future else "ordered"
        if words & cues["offered"]:
            return "offered"
        return None

    def _parties(self, tok: Token, item: _Item, sent: Span) -> tuple[list[Actor], Actor | None]:
        """Suppliers and the recipient of an item from the verb or noun that governs it."""
        res = self.res
        lex = self.lex
        suppliers: list[Actor] = []
        recipient: Actor | None = None
        gov = tok
        for _ in range(6):
            if gov.head.i == gov.i:
                break
            gov = gov.head
            lemma = gov.lemma_.lower()
            if gov.pos_ in ("VERB", "NOUN", "ADJ") and (lemma in lex.recipient_verbs or lemma in lex.supplier_verbs
                                                         or lemma in ("interested", "purchase", "sale", "delivery",
                                                                      "contract", "deal", "order", "inquiry")):
                break
        lemma = gov.lemma_.lower()
        subj = _subject(gov)
        to_obj = _prep_obj(gov, ("to", "for"))
        from_obj = _prep_obj(gov, ("from",)) or _prep_obj(tok, ("from",))
        if lemma in lex.supplier_verbs or lemma in ("sale",):
            if subj is not None:
                suppliers = res.actors(subj)
            if to_obj is not None:
                rs = res.actors(to_obj)
                recipient = rs[0] if rs else None
        else:
            if subj is not None:
                rs = [a for a in res.actors(subj) if a.code != (item.origin or "")]
                recipient = rs[0] if rs else None
                if recipient is None:
                    recipient = _actor_in_subtree(res, subj)
            if from_obj is not None:
                suppliers = res.actors(from_obj)
            if recipient is None and to_obj is not None:
                rs = res.actors(to_obj)
                recipient = rs[0] if rs else None
        if not suppliers:
            # a demonym on the item ("Russian fighter aircraft", "the Chinese FK-3")
            for c in tok.children:
                if c.dep_ in ("amod", "compound", "nmod", "poss"):
                    a = res.actors(c, with_conj=False)
                    if a and (recipient is None or a[0].code != recipient.code):
                        suppliers = [a[0]]
                        break
        if not suppliers and item.origin:
            suppliers = [Actor(item.origin, None, item.start)]
        if not suppliers:
            # "a contract with Moscow which includes the purchase of …"
            for anc in tok.ancestors:
                w = _prep_obj(anc, ("with", "from"))
                if w is not None and res.actors(w):
                    suppliers = res.actors(w)[:1]
                    break
        if recipient is None:
            between = [a for a in _between(res, sent) if not suppliers or a.code != suppliers[0].code]
            recipient = between[0] if between else None
        if recipient is None:
            for anc in tok.ancestors:
                s = _subject(anc)
                if s is not None:
                    rs = [a for a in res.actors(s) if not suppliers or a.code != suppliers[0].code]
                    if rs:
                        recipient = rs[0]
                        break
        return suppliers, recipient

    def _date(self, sent: Span, tok: Token) -> str | None:
        inside = [t for t in self.record.time_expressions if sent.start_char <= t.start < sent.end_char and t.value]
        return min(inside, key=lambda t: abs(t.start - tok.idx)).value if inside else None

    def _mode(self, low: str) -> str | None:
        if any(w in low for w in self.lex.licensed):
            return "licensed_production"
        if any(w in low for w in self.lex.upgrade):
            return "upgrade"
        return None


def _subject(tok: Token) -> Token | None:
    t = tok
    for _ in range(4):
        subs = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subs:
            return subs[0]
        poss = [c for c in t.children if c.dep_ == "poss"]
        if poss and t.pos_ == "NOUN":
            return poss[0]
        if t.head.i == t.i or t.dep_ not in ("xcomp", "conj", "acl", "relcl", "advcl", "pcomp", "pobj", "prep", "dobj"):
            break
        t = t.head
    return None


def _prep_obj(tok: Token, preps: tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            objs = [p for p in c.children if p.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _actor_in_subtree(res: ActorResolver, tok: Token) -> Actor | None:
    for t in tok.subtree:
        a = res.actors(t, with_conj=False)
        if a:
            return a[0]
    return None


def _between(res: ActorResolver, sent: Span) -> list[Actor]:
    for t in sent:
        if t.lower_ == "between" and t.dep_ == "prep":
            objs = [p for p in t.children if p.dep_ == "pobj"]
            if objs:
                return res.actors(objs[0])
    return []


def _quantity(tok: Token, doc: Doc, item: _Item) -> int | None:
    for c in tok.children:
        if c.dep_ == "nummod":
            return _to_int(c.text)
    for t in doc[max(0, tok.i - 4):tok.i]:
        if t.like_num and t.idx < item.start and not re.match(r"^(19|20)\d\d$", t.text):
            return _to_int(t.text)
    return None


def _to_int(s: str) -> int | None:
    s = s.lower().replace(",", "")
    if s.isdigit():
        return int(s)
    return _NUMBER_WORDS.get(s)


def _value(sentence: str) -> str | None:
    m = _MONEY.search(sentence)
    return m.group(0).strip() if m else None


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _merge(found: list[ArmsTransfer]) -> list[ArmsTransfer]:
    """One record per (supplier, recipient, system): the furthest lifecycle step, named systems over classes."""
    out: dict[tuple, ArmsTransfer] = {}
    for t in found:
        key = (t.supplier, t.recipient, t.equipment.lower())
        cur = out.get(key)
        if cur is None:
            out[key] = t
            continue
        if t.status == "cancelled" or (cur.status != "cancelled" and _rank(t.status) > _rank(cur.status)):
            cur.status = t.status
        cur.quantity = cur.quantity or t.quantity
        cur.value = cur.value or t.value
        cur.date = cur.date or t.date
        cur.mode = cur.mode or t.mode
    # a class restating a named system of the same deal ("the missiles" after "BrahMos") is not another record
    named_pairs = {(t.supplier, t.recipient) for t in out.values() if t.equipment_entity}
    return [t for t in out.values() if t.equipment_entity or (t.supplier, t.recipient) not in named_pairs]


def _rank(status: str) -> int:
    return LIFECYCLE.index(status) if status in LIFECYCLE else -1


def find_transfers(doc: Doc, record: Record) -> list[ArmsTransfer]:
    """The article's arms-transfer records."""
    return TransferFinder(doc, record).run()

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
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitrep.data import DATA_DIR
from sitrep.extract.actors import MAKER_VERBS, Actor, ActorResolver, is_non_state
from sitrep.extract.status import is_negated
from sitrep.nlp.extensions import text_of
from sitrep.records import ArmsTransfer, Record

LIFECYCLE = ("rumored", "interest", "offered", "negotiation", "ordered", "delivered")
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
    weak_rumor: frozenset[str]
    future: frozenset[str]
    hedge: tuple[str, ...]
    speculation: tuple[str, ...]
    recipient_verbs: frozenset[str]
    supplier_verbs: frozenset[str]
    supply_nouns: frozenset[str]
    acquire_nouns: frozenset[str]
    licensed: tuple[str, ...]
    upgrade: tuple[str, ...]
    generic_re: re.Pattern
    rejected: tuple[str, ...] = ()  # "chose A in favour of B": B is not bought
    handover: tuple[str, ...] = ()  # "gifted", "handed over": what moves a named warship to another navy
    accuser_verbs: frozenset[str] = frozenset()  # "X blamed Y for supplying …": X is no recipient
    refusal: frozenset[str] = frozenset()  # "declined to supply X": a request turned down
    denial: frozenset[str] = frozenset()  # "denied supplying weapons": the supply is alleged
    approval: frozenset[str] = frozenset()  # "approved the purchase": with buy_nouns, a buyer's approval
    buy_nouns: frozenset[str] = frozenset()
    use_verbs: frozenset[str] = frozenset()  # "Qatar operates the Rafale": delivered to the user
    service_nouns: frozenset[str] = frozenset()  # "in service with the army"
    gift: frozenset[str] = frozenset()  # "Berlin pledged": a receipt in its sentence is an offer
    firm_future: frozenset[str] = frozenset()  # "expects to receive": a scheduled receipt, ordered
    open_future: frozenset[str] = frozenset()  # "could receive": still open
    donation_verbs: frozenset[str] = frozenset()  # "said it would send tanks": to the story's aid recipient
    aid_anchors: frozenset[str] = frozenset()  # "weapons for Ukraine": the words naming that recipient
    permit_verbs: frozenset[str] = frozenset()  # "cleared Greece to buy": the seller's approval, offered
    firm_cues: dict[str, frozenset[str]] = field(default_factory=dict)  # words that move a merged deal on
    deployment_nouns: frozenset[str] = frozenset()  # "sent troops and armoured carriers": forces deployed

    @property
    def all_cues(self) -> frozenset[str]:
        return frozenset().union(*self.cues.values())


@cache
def lexicon() -> TransferLexicon:
    raw: dict[str, Any] = json.loads((DATA_DIR / "events" / "transfers.json").read_text(encoding="utf-8"))
    generic = tuple(sorted(raw["generic"], key=len, reverse=True))
    rx = re.compile(r"\b(?:" + "|".join(re.escape(g) for g in generic) + r")\b", re.IGNORECASE)
    fs = frozenset
    return TransferLexicon(
        generic=generic, weak_generic=fs(raw["weak_generic"]),
        cues={k: fs(v) for k, v in raw["cues"].items()}, rumor=fs(raw["rumor_words"]),
        weak_rumor=fs(raw["weak_rumor_words"]), future=fs(raw["future_words"]),
        hedge=tuple(raw["hedge_words"]), speculation=tuple(raw["speculation_words"]),
        recipient_verbs=fs(raw["recipient_verbs"]), supplier_verbs=fs(raw["supplier_verbs"]),
        supply_nouns=fs(raw["supply_nouns"]), acquire_nouns=fs(raw["acquire_nouns"]),
        licensed=tuple(raw["licensed_words"]), upgrade=tuple(raw["upgrade_words"]), generic_re=rx,
        rejected=tuple(raw.get("rejected_alternative", [])), handover=tuple(raw.get("handover_words", [])), accuser_verbs=fs(raw.get("accuser_verbs", [])),
        refusal=fs(raw.get("refusal_words", [])), denial=fs(raw.get("denial_words", [])),
        approval=fs(raw.get("approval_words", [])), buy_nouns=fs(raw.get("buy_nouns", [])), use_verbs=fs(raw.get("use_verbs", [])),
        service_nouns=fs(raw.get("service_nouns", [])), gift=fs(raw.get("gift_words", [])),
        firm_future=fs(raw.get("firm_future_words", [])), open_future=fs(raw.get("open_future_words", [])),
        donation_verbs=fs(raw.get("donation_verbs", [])), aid_anchors=fs(raw.get("aid_anchors", [])),
        permit_verbs=fs(raw.get("permit_verbs", [])),
        firm_cues={k: fs(v) for k, v in raw.get("firm_cues", {}).items() if not k.startswith("_")},
        deployment_nouns=fs(raw.get("deployment_nouns", [])),
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


_AGREE_VERBS = frozenset({"agree", "contract", "sign"})
_COMMIT_VERBS = _AGREE_VERBS | {"commit", "promise", "pledge", "vow", "undertake", "decide", "offer"}
_SALE_VERBS = frozenset({"supply", "sell", "deliver", "export", "build", "manufacture"})
_CLAUSE_DEPS = frozenset({"aux", "auxpass", "neg", "advmod", "acomp", "prt", "xcomp", "amod", "relcl", "acl", "attr"})
_PRODUCE = frozenset({"build", "produce", "manufacture", "assemble", "make"})
_NOMINAL_DEPS = frozenset({"compound", "nmod", "amod", "appos", "nummod"})


class TransferFinder:
    def __init__(self, doc: Doc, record: Record):
        self.doc = doc
        self.record = record
        self.res = ActorResolver(doc)
        self.lex = lexicon()
        art = doc._.article
        self.text = art.text if art is not None else text_of(doc)
        self.skip = [(s.start, s.end) for s in (art.segments if art is not None else []) if s.kind in ("noise", "meta")]
        self.last_recipient: Actor | None = None
        self._items_at: dict[int, list[_Item]] = {}

    def run(self) -> list[ArmsTransfer]:
        found: list[ArmsTransfer] = []
        in_use: list[ArmsTransfer] = []
        for sent in self.doc.sents:
            if any(a <= sent.start_char < b for a, b in self.skip):
                continue
            here = self._sentence(sent)
            found.extend(here)
            in_use.extend(t for t in self._in_use(sent)
                          if all((h.equipment, h.recipient) != (t.equipment, t.recipient) for h in here))
        told = _merge(found, self.text)
        # a system in use is background: it adds a delivery only where the article states no transfer of it
        keys = {(t.supplier, t.recipient, t.equipment.lower()) for t in told}
        pairs = {(t.supplier, t.recipient) for t in told}
        classes = {g.lower() for g in self.lex.generic}
        extra = [t for t in _merge(in_use, self.text) if (t.supplier, t.recipient, t.equipment.lower()) not in keys
                 and (t.equipment.lower() not in classes or (t.supplier, t.recipient) not in pairs)]
        return told + extra

    def _in_use(self, sent: Span) -> list[ArmsTransfer]:
        """Equipment a state flies, operates or has in service came from its maker's state
        ("Qatar already operates the Rafale", "in service with Russian units"): a delivery."""
        low = {t.lemma_.lower() for t in sent}
        if not low & (self.lex.use_verbs | self.lex.service_nouns):
            return []
        out: list[ArmsTransfer] = []
        for item in self._items(sent):
            tok = self._token(item)
            if tok is None:
                continue
            head = self._head(tok)
            found = self._user(head)
            if found is None:
                continue
            users, verb = found
            suppliers = self._local_supplier(tok, head, users) or (
                [Actor(item.origin, None, item.start)] if item.origin else [])
            accused = any(a.lemma_.lower() in self.lex.accuser_verbs for a in verb.ancestors)
            users = [u for u in (self._host_state(u) for u in users) if u is not None]
            for sup, user in ((s, u) for s in suppliers[:1] for u in users):
                if sup.code == user.code or any(c.startswith("IGO:") or is_non_state(c) for c in (sup.code, user.code)):
                    continue
                out.append(ArmsTransfer(
                    supplier=sup.code, recipient=user.code, equipment=item.name,
                    status="rumored" if accused else "delivered",
                    evidence=_trim(self.text, sent.start_char, sent.end_char), equipment_entity=item.entity_id,
                    quantity=None, value=None, date=None, mode=None, note="in use"))
        return out

    def _user(self, head: Token) -> tuple[list[Actor], Token] | None:
        """The state that uses the item and the verb saying so, if the item's clause says it is in use."""
        lex = self.lex
        verb: Token | None = None
        who: Token | None = None
        while head.dep_ == "conj" and head.head.i != head.i:
            head = head.head  # "flies F-15s and Typhoons": the conjunct shares the verb
        acl = next((c for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in lex.use_verbs), None)
        if acl is not None:  # "F-16s operated by the Thai air force"
            verb, who = acl, _prep_obj(acl, ("by",))
        elif head.dep_ == "dobj" and head.head.lemma_.lower() in lex.use_verbs and head.head.pos_ == "VERB":
            verb = head.head  # "Qatar operates the Rafale", "Russian strikes using Iranian-made drones"
            if verb.dep_ == "acl":  # the noun's own owner, not whoever reports the strikes
                who = next((c for c in verb.head.children if c.dep_ in ("amod", "poss", "compound")), None)
            else:
                who = _subject(verb)
        elif (own := self._service_holder(head)) is not None:
            verb, who = head, own  # "the IRIS-T SLM, already in service with Ukraine and Estonia, …"
        elif head.dep_ in ("nsubj", "nsubjpass"):
            verb = head.head  # "the Fath-360 is in service with Russian units", "F-16s are flown by Thailand"
            who = self._service_holder(verb)
            if who is None and verb.lemma_.lower() in lex.use_verbs and head.dep_ == "nsubjpass":
                who = _prep_obj(verb, ("by",))
        if verb is None or who is None or is_negated(verb) or self._unreal(verb):
            return None
        users = [a for a in self._actors(who) if len(a.code) == 3]
        return (users, verb) if users else None

    def _service_holder(self, verb: Token) -> Token | None:
        """The "with"/"of"/"by" object of an "in service"/"in the inventory" phrase on the verb."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.lower_ != "in":
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in self.lex.service_nouns:
                    holder = _prep_obj(noun, ("with", "of", "by")) or _prep_obj(verb, ("with", "by"))
                    if holder is not None:
                        return holder
        return None

    def _unreal(self, verb: Token) -> bool:
        """A use that is planned, wished or conditional ("will operate", "plans to fly"): no delivery yet."""
        if any(c.dep_ == "aux" and (c.lower_ in self.lex.future or c.lower_ == "to") for c in verb.children):
            return True
        return any(a.lemma_.lower() in self.lex.future for a in list(verb.ancestors)[:2])

    def _items(self, sent: Span) -> list[_Item]:
        """The systems and equipment classes named in a sentence (computed once per sentence)."""
        if sent.start in self._items_at:
            return self._items_at[sent.start]
        self._items_at[sent.start] = items = self._find_items(sent)
        return items

    def _find_items(self, sent: Span) -> list[_Item]:
        items: list[_Item] = []
        for m in self.res.ms:
            if m.type == "EQUIPMENT" and sent.start_char <= m.start < sent.end_char:
                ent = self.res.ents.get(m.entity_id or "")
                name = ent.name if ent else m.name
                if not name or not any(ch.isupper() or ch.isdigit() for ch in name) or name[:2].lower() in ("a ",):
                    continue  # not a model name ("a 10-year")
                if re.match(r"\s+(?:consortium|company|group|joint venture)\b", self.text[m.end:m.end + 20]):
                    continue  # "a partner in the Eurofighter consortium": the maker, not the system
                if (m.kb_id or "").startswith("ship:") and not _handover_re(self.lex.handover).search(sent.text):
                    continue  # a named warship sails in its own navy: a transfer only when handed to another
                items.append(_Item(m.start, m.end, name, m.entity_id,
                                   ent.origin if ent else m.info.get("origin"),
                                   ent.category if ent else m.info.get("category"), False))
        heads = {self._head(t).i for t in (self._token(i) for i in items) if t is not None}
        for g in self.lex.generic_re.finditer(text_of(self.doc), sent.start_char, sent.end_char):
            if any(g.start() < i.end and i.start < g.end() for i in items):
                continue
            gi = _Item(g.start(), g.end(), g.group(0), None, None, g.group(0).lower(), True)
            tok = self._token(gi)
            if tok is not None and self._head(tok).i in heads:
                continue  # "Pantsir S1 systems": the class word restates the model
            items.append(self._antecedent(gi, tok) or gi)
        return sorted(items, key=lambda i: i.start)

    def _antecedent(self, item: _Item, tok: Token | None) -> _Item | None:
        """ "the missiles" after "Fath-360 ballistic missiles": the system named last before whose
        category has the class word, for a definite class word only."""
        if tok is None or not any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in tok.children):
            return None
        word = tok.lemma_.lower()
        kinds = _CLASS_KINDS.get(word, re.escape(word))  # "the jets" after "the Rafale": an aircraft
        for m in sorted((m for m in self.res.ms if m.type == "EQUIPMENT" and m.start < tok.idx),
                        key=lambda m: m.start, reverse=True):
            ent = self.res.ents.get(m.entity_id or "")
            category = ((ent.category if ent else None) or m.info.get("category") or "").lower()
            name = ent.name if ent else m.name
            if name and re.search(rf"\b(?:{kinds})", category):
                return _Item(item.start, item.end, name, m.entity_id, ent.origin if ent else m.info.get("origin"),
                             category, False)
        return None

    def _sentence(self, sent: Span) -> list[ArmsTransfer]:
        low = sent.text.lower()
        words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
        if not words & self.lex.all_cues and not (words & _PRODUCE and self._mode(low) == "licensed_production"):
            return []
        if any(w in low for w in self.lex.speculation) and not (words & self.lex.rumor):
            return []
        items = self._items(sent)
        if not items:
            return []
        named = [i for i in items if not i.generic]
        out: list[ArmsTransfer] = []
        prev_supplier: list[Actor] = []
        prev_gov = -1
        for item in items:
            tok = self._token(item)
            if tok is None:
                continue
            head = self._head(tok)
            gov = self._governor(head, sent)
            owned = any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our", "my")
                        for c in (*tok.children, *head.children))
            if owned and self._receipt(head, gov):
                owned = False  # "took delivery of its 24 Rafale fighters", "expects its first F-35s": received
            if self._is_carrier(head, item, named) or owned:
                continue  # the carrier of the goods, or a state's own equipment ("sent its C-17s")
            if self._rejected_alternative(tok):
                continue  # "chose the K9 in favour of the Caesar": the Caesar is not bought
            if self._deployment(head, gov):
                continue  # "has sent additional troops and Guarani carriers to the border": its own forces move
            if gov.pos_ in ("VERB", "AUX") and is_negated(gov) and not any(c.lower_ == "yet" for c in gov.children):
                continue  # "China has never provided lethal weapons to Russia" ("has not yet delivered" still counts)
            if any(a.tag_ not in ("VBD", "VBN") and any(c.dep_ == "mark" and c.lower_ in ("until", "till", "before", "once")
                                                         for c in a.children) for a in [head, *list(head.ancestors)[:2]]):
                continue  # "a stopgap until the Rafales arrive": a later time, not a transfer told here
            status = self._status(sent, words, head, gov)
            if status in ("delivered", "ordered", "negotiation") and self._hedged(sent, head, gov):
                status = "rumored"  # "is said to have received", "according to unconfirmed reports"
            if status in ("ordered", "negotiation") and gov.pos_ in ("NOUN", "PROPN") and self._intent_above(gov):
                status = "interest"  # "would pursue a contract which includes the purchase of …"
            if status is None:
                continue
            suppliers, recipient = self._parties(tok, head, gov, item, sent)
            if not suppliers and item.generic and prev_supplier and (head.dep_ == "conj" or gov.i == prev_gov):
                suppliers = prev_supplier  # "Russian fighter aircraft and combat helicopters"
            if not suppliers:
                continue
            prev_supplier, prev_gov = suppliers, gov.i
            if recipient is None:
                recipient = self._sole_other_state(sent, suppliers, head)  # "he would buy Russian jets", the Iranian chief

            if recipient is not None and self._accuser(head, recipient):
                recipient = None  # "Riyadh blames Iran for supplying weapons": the accuser got none
            if recipient is None and gov.lemma_.lower() in self.lex.donation_verbs and self._donor_acts(gov, suppliers):
                story = self.res.story_recipient(self.lex.aid_anchors)  # "Britain said it would send 14 tanks"
                recipient = story if story is not None and story.code not in {s.code for s in suppliers} else None
            if recipient is None and item.name.lower() not in self.lex.weak_generic:
                recipient = self.last_recipient
            recipient = self._host_state(recipient)
            if recipient is None or recipient.code.startswith("IGO:"):
                continue  # (a bloc that welcomes a deal is no buyer)
            self.last_recipient = recipient
            for sup in suppliers:
                if sup.code == recipient.code or is_non_state(sup.code):
                    continue
                out.append(ArmsTransfer(
                    supplier=sup.code, recipient=recipient.code, equipment=item.name, status=status,
                    evidence=_trim(self.text, sent.start_char, sent.end_char), equipment_entity=item.entity_id,
                    quantity=_quantity(head, self.doc, item), value=_value(sent.text),
                    date=self._date(sent, tok), mode=self._mode(low), note=ANOTHER_BATCH if _another_batch(head) else None,
                ))
        return out

    def _deployment(self, head: Token, gov: Token) -> bool:
        """The item goes along with troops the verb sends, to no other state: a deployment ("sent troops
        and Guarani carriers to its northern border"), not a transfer."""
        objs = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
        objs += [c for o in list(objs) for c in o.conjuncts]
        objs += list(head.conjuncts)
        if not any(o.lemma_.lower() in self.lex.deployment_nouns for o in objs if o.i != head.i):
            return False
        # "… to Niger": troops and a system sent to another state still hand the system over
        to = [p for c in gov.subtree if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into") for p in c.children
              if p.dep_ == "pobj"]
        return not any(m is not None and m.type == "COUNTRY" for p in to for m in [self.res.mention_at(p)])

    def _hedged(self, sent: Span, head: Token, gov: Token) -> bool:
        """The deal is told second-hand: a hedge on the item's own path or the verbs above it ("reportedly",
        "is said to", "is reported to"), or the sentence rests on "unconfirmed reports"."""
        toks = [head]
        for a in head.ancestors:  # up to the item's own clause ("Romania, which ordered K9s, is said to …")
            toks.append(a)
            if a.dep_ in ("relcl", "acl", "advcl", "ccomp", "parataxis") or len(toks) >= 8:
                break
        near = {t.lower_ for a in toks for t in (a, *a.children) if t.dep_ in ("advmod", "amod") or t is a}
        if near & set(self.lex.hedge):
            return True
        for a in toks:
            if a.lemma_.lower() in ("say", "report", "believe", "rumor", "rumour") and any(
                    c.dep_ == "auxpass" for c in a.children) and any(c.dep_ == "xcomp" for c in a.children):
                return True  # "X is said to have received …"
        return bool(_UNCONFIRMED.search(sent.text))

    def _host_state(self, actor: Actor | None) -> Actor | None:
        """Arms for an armed group are recorded as arms to the state it fights in ("weapons to the
        Houthis": Yemen); a group with no such state gets none."""
        if actor is None or not is_non_state(actor.code):
            return actor
        ent = self.res.ents.get(actor.entity_id or "")
        return Actor(ent.country, None, actor.start) if ent is not None and ent.country else None

    @staticmethod
    def _receipt(head: Token, gov: Token) -> bool:
        """The owner receives the item: "took delivery of its jets", "expects its first F-35s"."""
        words = {gov.lemma_.lower(), *(a.lemma_.lower() for a in list(head.ancestors)[:4]),
                 *(c.lemma_.lower() for c in gov.children if c.dep_ == "dobj")}  # "took delivery … of"
        return bool(words & _RECEIPT_WORDS)

    def _rejected_alternative(self, tok: Token) -> bool:
        """The item is the alternative passed over: "in favour of the French Caesar", "instead of F-16s"."""
        tail = re.sub(r"\s+", " ", self.text[max(tok.sent.start_char, tok.idx - 60):tok.idx].lower())
        return any(re.search(rf"\b{re.escape(w)} (?:the |a |an )?(?:[\w-]+ ){{0,2}}$", tail) for w in self.lex.rejected)

    def _intent_above(self, gov: Token) -> bool:
        """An intent verb or a conditional modal governs the deal noun (a wish, not an order)."""
        t = gov
        for _ in range(6):
            if t.head.i == t.i:
                return False
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                if t.lemma_.lower() in self.lex.cues.get("interest", ()) or any(
                        c.dep_ == "aux" and c.lower_ in ("would", "could", "might") for c in t.children):
                    return True
                if t.lemma_.lower() in self.lex.all_cues:
                    return False
        return False

    def _accuser(self, head: Token, actor: Actor) -> bool:
        """``actor`` is the subject of an accusing verb above the item ("X accused Y of supplying …")."""
        for anc in head.ancestors:
            if anc.lemma_.lower() in self.lex.accuser_verbs:
                subs = [c for c in anc.children if c.dep_ == "nsubj"]
                if any(a.code == actor.code for sb in subs for a in self.res.actors(sb)):
                    return True
        return False

    def _sole_other_state(self, sent: Span, suppliers: list[Actor], head: Token | None = None) -> Actor | None:
        """The one state in the sentence that is not a supplier, when there is exactly one (not one in
        another clause: "talks on 48 Typhoons stalled after Germany held up approvals")."""
        sup = {a.code for a in suppliers}
        aside: set[int] = set()
        if head is not None:
            for t in sent:
                if t.dep_ == "advcl" and head.i not in {x.i for x in t.subtree} and any(
                        c.dep_ == "mark" for c in t.children):
                    aside.update(x.idx for x in t.subtree)
        others = [a for a in self.res.states_in(sent.start_char, sent.end_char)
                  if a.code not in sup and not a.code.startswith("IGO:") and not self._in_prep_phrase(a.start)
                  and a.start not in aside]
        return others[0] if len(others) == 1 else None

    def _in_prep_phrase(self, start: int) -> bool:
        """A state named after a preposition ("beyond the United States", "from France") is no buyer."""
        tok = next((t for t in self.doc if t.idx <= start < t.idx + len(t)), None)
        if tok is None:
            return True
        for _ in range(4):
            if tok.dep_ in ("compound", "amod", "flat", "poss", "det") and tok.head.i != tok.i:
                tok = tok.head
            else:
                break
        return tok.dep_ == "pobj" and tok.head.lower_ != "of"

    def _token(self, item: _Item) -> Token | None:
        span = self.doc.char_span(item.start, item.end, alignment_mode="expand")
        return span.root if span is not None else None

    @staticmethod
    def _head(tok: Token) -> Token:
        """The noun a name modifies: "Pantsir" in "Russian Pantsir S1 systems" -> "systems"."""
        h = tok
        for _ in range(4):
            if ((h.dep_ in _NOMINAL_DEPS or (h.dep_ == "punct" and any(ch.isalnum() for ch in h.text)))
                    and h.head.i != h.i and h.head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM")
                    and h.head.lemma_.lower() not in lexicon().all_cues):
                h = h.head
            else:
                break
        return h

    def _is_carrier(self, tok: Token, item: _Item, named: list[_Item]) -> bool:
        """A transport aircraft that carried the goods ("via Y-20 aircraft") is not what was transferred."""
        if tok.dep_ == "pobj" and tok.head.lower_ in ("via", "aboard", "by", "on"):
            return True
        cat = (item.category or "").lower()
        return "transport" in cat and any(n is not item for n in named)

    def _is_gov(self, t: Token) -> bool:
        lemma, lex = t.lemma_.lower(), self.lex
        if t.pos_ in ("VERB", "AUX", "ADJ"):
            return lemma in lex.recipient_verbs or lemma in lex.supplier_verbs or lemma in ("interested", "keen")
        if t.pos_ in ("NOUN", "PROPN"):
            return t.lower_ in lex.supply_nouns or t.lower_ in lex.acquire_nouns or lemma in lex.acquire_nouns
        return False

    def _governor(self, head: Token, sent: Span) -> Token:
        """The verb or noun of transfer that governs the item, not crossing into another verb's clause."""
        for c in head.children:
            if c.dep_ in ("relcl", "acl") and self._is_gov(c) and c.pos_ in ("VERB", "AUX"):
                if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in MAKER_VERBS | _ORIGIN_VERBS and any(
                        self._is_gov(a) or a.lemma_.lower() in _ARRIVAL_VERBS for a in head.ancestors):
                    continue  # "transfer radars built by Mitsubishi", "a package of tanks bought from stocks",
                    # "trainers built by Irkut arrived in …"
                return c
        t = head
        for _ in range(7):
            if t.head.i == t.i:
                break
            t = t.head
            if t.pos_ == "VERB" and t.lemma_.lower() in _INCLUDE_VERBS and t.dep_ in ("relcl", "acl") \
                    and self._is_gov(t.head):
                return t.head  # "approved the package, which includes three NASAMS": the package's deal
            if self._is_gov(t):
                return t
            if t.pos_ == "ADP" and t.lower_ in ("for", "of") and t.i > 0 and t.doc[t.i - 1].pos_ == "NOUN" \
                    and self._is_gov(t.doc[t.i - 1]):
                return t.doc[t.i - 1]  # "closer to a deal for 40 jets", the "for" misattached to the verb
            if t.pos_ == "VERB" and t.lower_ not in _TRANSPARENT_VERBS:
                # "preparing to send X" parsed with X under "preparing"
                x = next((c for c in t.children if c.dep_ == "xcomp" and self._is_gov(c)), None)
                if x is not None:
                    return x
                if t.dep_ not in ("xcomp", "ccomp") or self._lexical_cue(t):
                    return t
        verbs = [w for w in sent if w.i != head.i and self._is_gov(w) and w.pos_ in ("VERB", "AUX")]
        if verbs and not any(a.pos_ == "VERB" for a in head.ancestors):
            return min(verbs, key=lambda w: (w.i > head.i, abs(w.i - head.i)))
        return head.head if head.head.i != head.i else head

    def _lexical_cue(self, t: Token) -> bool:
        return t.lower_ in self.lex.all_cues or t.lemma_.lower() in self.lex.all_cues

    def _path_words(self, head: Token, gov: Token) -> set[str]:
        """Words of the item's own clause: its ancestors up to the clause verb, their auxiliaries and
        modifiers, its relative clauses."""
        toks: list[Token] = [head, *[c for c in head.children if c.dep_ in _CLAUSE_DEPS]]
        for c in head.children:
            if c.dep_ in ("relcl", "acl"):
                toks.extend(c.subtree)
        for a in _clause_chain(head, gov):
            toks.append(a)
            toks.extend(c for c in a.children if c.dep_ in _CLAUSE_DEPS)
        for c in gov.children:
            if c.dep_ in ("dobj", "attr") and c.i != head.i:
                toks.append(c)
        if gov.pos_ in ("NOUN", "PROPN") and gov.dep_ in ("dobj", "nsubjpass") and gov.head.pos_ == "VERB" and any(
                t.lemma_.lower() in _INCLUDE_VERBS for t in _clause_chain(head, gov)):
            toks.append(gov.head)  # "approved the package, which includes …": the package's verb
        toks = [t for t in toks if not (t.pos_ == "NOUN" and t.lemma_.lower() in _VERB_ONLY_CUES)
                and not _designation_word(t)]
        return {t.lower_ for t in toks} | {t.lemma_.lower() for t in toks}

    def _status(self, sent: Span, words: set[str], head: Token, gov: Token) -> str | None:
        cues, lex = self.lex.cues, self.lex
        path = self._path_words(head, gov)
        if gov.tag_ == "VBG" and gov.dep_ == "pcomp" and gov.head.lower_ in ("on", "about", "over", "for") and (
                gov.head.head.lower_ in cues["negotiation"] or gov.head.head.lemma_.lower() in cues["negotiation"]):
            path |= {gov.head.head.lower_}  # "in talks on acquiring the Arrow 3": what is negotiated
        inf = gov.head if gov.dep_ == "conj" and gov.head.pos_ == "VERB" else gov  # "to lease or buy"
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in inf.children):
            if inf.dep_ == "xcomp" and inf.head.lemma_.lower() in lex.permit_verbs and inf.lemma_.lower() in \
                    lex.recipient_verbs and any(c.dep_ == "dobj" for c in inf.head.children):
                return "offered"  # "Washington cleared Greece to buy F-35s": the seller's approval
            # "in talks to buy", "plans to order": the infinitive's governor says how far the deal is
            for a in list(inf.ancestors)[:3]:
                path |= {a.lower_, a.lemma_.lower()}
                path |= {c.lower_ for c in a.children if c.dep_ == "advmod"}
        licensed = bool(path & _PRODUCE) and self._mode(sent.text.lower()) == "licensed_production"
        if not path & lex.all_cues and not path & lex.rumor and not licensed:
            if head.dep_ in ("nsubj", "nsubjpass") and not self._is_gov(head.head):
                return None  # the item does something else in this sentence ("the F-35 beat bids from ...")
            if any(t.pos_ == "VERB" for t in _clause_chain(head, gov)):
                return None  # its own verb is no transfer ("will replace the ageing F-5 fleet")
            path = words
        if path & lex.rumor or words & lex.rumor:
            return "rumored"
        if gov.pos_ in ("VERB", "AUX") and any(a.lemma_.lower() in lex.denial and a.pos_ == "VERB"
                                               for a in [gov, *list(gov.ancestors)[:2]]) and gov.tag_ == "VBG":
            return "rumored"  # "denied supplying weapons to X": alleged, not admitted
        if path & cues["cancelled"]:
            return "cancelled"
        if path & lex.refusal:
            return "interest"  # "refused to send X": the recipient wants it, the supplier said no
        if gov.tag_ == "VBG" and gov.head.lemma_.lower() == "rule" and any(
                c.dep_ == "prt" and c.lower_ == "out" for c in gov.head.children):
            return None  # "ruled out sending the jets": no transfer
        if gov.lemma_.lower() in _RECEIVING_VERBS:
            for c in gov.children:  # "received a proposal from China for the JF-17": the offer is what came
                if c.dep_ == "dobj" and c.pos_ == "NOUN":
                    for st in ("offered", "interest"):
                        if c.lemma_.lower() in cues[st]:
                            return st
        if gov.pos_ in ("NOUN", "PROPN") and not path & (_TALK_WORDS | cues["interest"]) and _talks_above(gov):
            return "negotiation"  # "discussions are ongoing with China on the acquisition of …"
        if gov.pos_ in ("NOUN", "PROPN") and path & _TALK_WORDS:
            return "negotiation"  # "are discussing a possible transfer of …", "talks on the sale of …"
        top = gov if gov.pos_ in ("VERB", "AUX") else next((a for a in gov.ancestors if a.pos_ in ("VERB", "AUX")), gov)
        clause = " ".join(t.lower_ for t in top.subtree)  # its own clause, not a later one after ";"
        future = bool(path & lex.future) or bool(re.search(r"\b(?:to be|set to|is to|are to|going to)\b", clause))
        supply_verb = gov.lemma_.lower() in lex.supplier_verbs and gov.pos_ in ("VERB", "AUX") and not licensed
        hedged = bool(path & lex.weak_rumor) or any(a.lemma_.lower() in lex.weak_rumor for a in gov.ancestors)
        above = {w for a in list(gov.ancestors)[:4] for w in (a.lower_, a.lemma_.lower())}
        if (path | above) & _PERMIT:
            return "offered"  # "allowed Poland to send tanks": a transfer permitted, not made
        if (path | above) & _ASK_PERMISSION:
            return "interest"  # "asked Germany for permission to send tanks"
        if (supply_verb and any(c.dep_ == "aux" and c.lower_ == "to" for c in inf.children)
                and inf.head.lemma_.lower() in _COMMIT_VERBS and not hedged):
            # "agreed in 2022 to supply rocket launchers": a deal struck; "pledged to send tanks": an offer
            return "ordered" if gov.lemma_.lower() in _SALE_VERBS and inf.head.lemma_.lower() in _AGREE_VERBS else "offered"
        delivered = bool(path & (cues["delivered"] - {"sent", "send", "took", "acquired", "procured"})) or (
            bool(path & {"sent", "send"}) and head.dep_ in ("dobj", "conj", "pobj", "nsubjpass"))
        if not delivered and not future and _entered_service(head):
            delivered = True  # "the drones, bought from China, entered service with the air force in 2023"
        if delivered and not future:
            return "delivered"
        if path & {"took", "take"} and path & {"delivery", "deliveries", "possession", "receipt"}:
            return "delivered" if not future else "negotiation"
        scheduled = (delivered and future and not hedged and path & lex.firm_future and not path & lex.open_future
                     and not words & lex.gift and (path & _RECEIVING_VERBS or gov.tag_ == "VBN"))
        if supply_verb and future and not scheduled:
            return "rumored" if hedged else "offered"
        if scheduled:
            return "ordered"  # "expects to receive a new batch", "is due to be handed over": bought, not yet here
        if hedged:
            return "rumored"
        if path & {"approve", "approved", "clear", "cleared", "authorize", "authorized", "authorise", "authorised",
                   "possible", "proposed", "notify", "notified"} and path & {"sale", "sales", "export", "exports", "transfer",
                                                                             "package"}:
            # "intends to approve the sale" is no approval yet
            return "negotiation" if path & (cues["interest"] | lex.future) - {"possible"} else "offered"
        if path & lex.approval and path & lex.buy_nouns:
            return "negotiation"  # a buyer's parliament or cabinet approved buying: no contract yet
        if path & {"decide", "decided"} and self._role(gov) == "seller":
            return "offered"  # the seller decided to sell: an offer; a buyer's decision is negotiation (below)
        if path & {"sign", "signed", "ink", "inked"} and path & {"contract", "contracts", "deal", "agreement", "order"}:
            return "ordered"
        if path & cues["negotiation"]:
            return "negotiation"
        if path & {"acquired", "procured"} and not future and gov.tag_ in ("VBD", "VBN"):
            return "delivered"
        if path & cues["interest"]:
            return "interest"
        if path & cues["ordered"] or licensed:
            bought = gov.tag_ in ("VBD", "VBN") and gov.lemma_.lower() in _ORIGIN_VERBS and not any(
                c.dep_ in ("aux", "auxpass") for c in gov.children)  # "batteries bought in 2017 (to arrive next year)"
            return "negotiation" if future and not bought else "ordered"
        if path & cues["offered"]:
            return "offered"
        if delivered:
            return "offered" if supply_verb or words & lex.gift else "negotiation"
        return None

    def _role(self, gov: Token) -> str:
        """Whose act the governing word is: the seller's ("sell", "the sale of") or the buyer's."""
        lex, lemma = self.lex, gov.lemma_.lower()
        if lemma in _PRODUCE and self._mode(gov.sent.text.lower()) == "licensed_production":
            return "buyer"  # the licensee builds the system
        if gov.pos_ in ("NOUN", "PROPN"):
            if gov.lower_ in lex.supply_nouns or lemma in lex.supply_nouns:
                verb = next((a for a in gov.ancestors if a.pos_ in ("VERB", "AUX")), None)
                if verb is not None and verb.lemma_.lower() in lex.recipient_verbs:
                    return "buyer"
                return "seller"
            return "buyer"
        return "seller" if lemma in lex.supplier_verbs else "buyer"

    def _parties(self, tok: Token, head: Token, gov: Token, item: _Item, sent: Span) -> tuple[list[Actor], Actor | None]:
        """Suppliers and the recipient of an item from the verb or noun that governs it."""
        res = self.res
        role = self._role(gov)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in gov.children) or (
            gov.dep_ == "acl" and gov.tag_ == "VBN")
        suppliers: list[Actor] = []
        recipients: list[Actor] = []
        subj = None
        if gov.pos_ in ("NOUN", "PROPN"):
            poss = [c for c in gov.children if c.dep_ == "poss"]
            subj = poss[0] if poss else None
            if subj is None:
                verb = next((a for a in gov.ancestors if a.pos_ in ("VERB", "AUX")), None)
                if verb is not None:
                    subj = _subject(verb)
        elif not passive:
            subj = _subject(gov)
        agent = _prep_obj(gov, ("by",))
        to_obj = _prep_obj(gov, ("to", "for")) or _prep_obj(head, ("to",))
        if to_obj is None and gov.pos_ in ("NOUN", "PROPN") and gov.head.pos_ in ("VERB", "AUX"):
            to_obj = _prep_obj(gov.head, ("to",))  # "approved the sale of F-16s to Vietnam"
        if to_obj is None:  # "transfer radars built by Mitsubishi to the air force": the "to" misattached
            to_obj = next((o for c in head.children if c.dep_ == "acl" and c.lemma_.lower() in MAKER_VERBS
                           for o in [_prep_obj(c, ("to",))] if o is not None), None)
        from_obj = _prep_obj(head, ("from",)) or _prep_obj(tok, ("from",)) or _prep_obj(gov, ("from",))
        with_obj = _prep_obj(gov, ("with",))
        dobj = next((c for c in gov.children if c.dep_ in ("dobj", "dative") and c.i != head.i), None)
        if role == "seller":
            if subj is not None:
                suppliers = self._actors(subj, {a.code for a in res.actors(to_obj)} if to_obj is not None else None)
            if passive and agent is not None and (gov.head.i == head.i or head.is_ancestor(gov) or gov.is_ancestor(head)):
                suppliers = res.actors(agent)  # "the jets built by X": only for the item the passive is about
            if to_obj is not None:
                recipients = res.actors(to_obj)
            if not recipients and dobj is not None and with_obj is not None:
                recipients = res.actors(dobj)  # "supply Ukraine with tanks"
            if not recipients and dobj is not None and dobj.dep_ == "dative":
                recipients = res.actors(dobj)
        else:
            who = agent if passive and agent is not None else subj
            if who is not None and (who.i == gov.i or head.i in {t.i for t in who.subtree}):
                who = None  # "weapons purchases from Beijing could complicate ...": the item's own phrase
            if who is not None:
                recipients = [a for a in self._actors(who, {item.origin or ""}) if a.code != (item.origin or "")]
                if not recipients and who.pos_ not in ("PRON",):
                    a = res.actor_in_subtree(who)
                    recipients = [a] if a and a.code != (item.origin or "") else []
            if from_obj is not None:
                suppliers = res.actors(from_obj)
            elif with_obj is not None and gov.pos_ in ("NOUN", "PROPN"):
                suppliers = res.actors(with_obj)[:1]
            if not recipients and to_obj is not None:
                recipients = res.actors(to_obj)
        local = self._local_supplier(tok, head, recipients, item.origin)
        if local:
            suppliers = local
        if not suppliers and item.origin:
            suppliers = [Actor(item.origin, None, item.start)]
        if not suppliers:
            for anc in head.ancestors:
                w = _prep_obj(anc, ("with", "from"))
                if w is not None and res.actors(w):
                    suppliers = res.actors(w)[:1]
                    break
        sup_codes = {s.code for s in suppliers}
        recipient = None
        if gov.lemma_.lower() in _ARRIVAL_VERBS:
            # "arrived in Ukraine", "arrived at the port of Gdynia": the state of the place reached
            # (or its object: "reached Kazakhstan"; or a state the place is in: "at an air base in Belarus")
            place = _prep_obj(gov, ("in", "at", "to"))
            if place is None and gov.lemma_.lower() == "reach":
                place = next((c for c in gov.children if c.dep_ == "dobj"), None)
            # (the wider place first: "at Air Base 101 in Bamako" is in Bamako's state)
            cands = [_prep_obj(place, ("in",)), _prep_obj(gov, ("in",)), place] if place is not None else []
            reached = [a for o in cands if o is not None for a in res.actors(o) if a.code not in sup_codes]
            recipient = reached[0] if reached else None
        if recipient is None:
            recipient = next((r for r in recipients if r.code not in sup_codes), None)
        if recipient is None:
            between = [a for a in _between(res, sent) if a.code not in sup_codes]
            recipient = between[0] if between else None
        if recipient is None:  # "entered service with the Congolese air force", "in service with X"
            recipient = next((a for anc in list(head.ancestors)[:4] for svc in (anc, *anc.children)
                              if svc.lemma_.lower() == "service" for w in [_prep_obj(svc.head if svc.dep_ == "dobj"
                                                                                 else svc, ("with",))]
                              if w is not None for a in res.actors(w) if a.code not in sup_codes), None)
        if recipient is None:
            for anc in head.ancestors:
                s = _subject(anc)
                if s is None or s.lower_ in ("which", "that", "who"):
                    continue
                rs = [a for a in self._actors(s, sup_codes) if a.code not in sup_codes]
                if rs and role == "buyer":
                    recipient = rs[0]
                break
        return suppliers, recipient

    def _donor_acts(self, gov: Token, suppliers: list[Actor]) -> bool:
        """The giving verb's own subject is the supplying state ("Britain said it would send …"), not a firm
        ("firms that supply components")."""
        subj = _subject(gov)
        return subj is not None and subj.lower_ not in ("which", "that", "who") and any(
            a.code in {s.code for s in suppliers} for a in self._actors(subj))

    def _actors(self, tok: Token, exclude: set[str] | None = None) -> list[Actor]:
        return self.res.it_or_last_state(tok, exclude)

    def _local_supplier(self, tok: Token, head: Token, recipients: list[Actor], origin: str | None = None) -> list[Actor]:
        """A maker named on the item itself: "Russian fighter aircraft", "Boeing's F/A-18", "the Rafale from France"."""
        res = self.res
        rec = {r.code for r in recipients}
        for t in dict.fromkeys([tok, head]):
            w = _prep_obj(t, ("from",))
            if w is not None:
                a = [x for x in res.actors(w) if x.code not in rec]
                if a:
                    return a
            for c in t.children:
                if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i != tok.i:
                    a = res.actors(c, with_conj=False)
                    cm = res.mention_at(c)
                    if c.dep_ in ("poss", "nmod") and cm is not None and cm.type == "COUNTRY" and cm.how != "demonym" \
                            and a and a[0].code != origin and (origin or c.dep_ == "poss"):
                        continue  # "Iraq's first Cheongung-II battery", "offered Pakistan 40 J-35A": not the maker
                    if a and a[0].code not in rec:
                        return [a[0]]
        return []

    def _date(self, sent: Span, tok: Token) -> str | None:
        inside = [t for t in self.record.time_expressions if sent.start_char <= t.start < sent.end_char and t.value]
        return min(inside, key=lambda t: abs(t.start - tok.idx)).value if inside else None

    def _mode(self, low: str) -> str | None:
        if any(w in low for w in self.lex.licensed):
            return "licensed_production"
        if any(w in low for w in self.lex.upgrade):
            return "upgrade"
        return None


_TRANSPARENT_VERBS = frozenset({"regarding", "concerning", "including", "involving", "covering", "featuring",
                                "comprising", "such"})


def _clause_chain(head: Token, gov: Token) -> list[Token]:
    """Ancestors of the item up to its clause verb, then up through "decided to", "plans to"; and the governor."""
    if gov.i in {t.i for c in head.children if c.dep_ in ("relcl", "acl") for t in c.subtree}:
        return [gov]  # "missiles, which the US delivered to Georgia": the relative clause is the transfer
    out: list[Token] = []
    t = head
    while t.head.i != t.i and len(out) < 10:
        t = t.head
        out.append(t)
        if t.pos_ in ("VERB", "AUX") and t.dep_ != "xcomp":
            break
    if all(t.i != gov.i for t in out):
        out.append(gov)
    return out


def _subject(tok: Token) -> Token | None:
    t = tok
    for _ in range(4):
        if t.dep_ == "pcomp" and t.tag_ == "VBG" and t.head.lower_ in ("for", "of", "over") \
                and t.head.head.pos_ in ("VERB", "AUX"):
            verb = t.head.head
            obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if obj is not None:  # "sanctioned Turkey for buying …": Turkey buys
                return obj
            if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
                return verb.head  # "officials it accused of supplying …": the officials supply
        subs = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subs:
            return subs[0]
        poss = [c for c in t.children if c.dep_ == "poss"]
        if poss and t.pos_ == "NOUN":
            return poss[0]
        if t.head.i == t.i or t.dep_ not in ("xcomp", "acomp", "conj", "acl", "relcl", "advcl", "pcomp", "pobj", "prep", "dobj"):
            break
        t = t.head
    return None


_ARRIVAL_VERBS = frozenset({"arrive", "land", "dock", "reach"})
_RECEIVING_VERBS = _ARRIVAL_VERBS | {"receive", "get"}
_CLASS_KINDS = {"jet": "aircraft|fighter", "plane": "aircraft", "warplane": "aircraft|fighter", "aircraft": "aircraft",
                "boat": "submarine|boat|vessel", "ship": "frigate|corvette|destroyer|ship|vessel|submarine",
                "vessel": "vessel|ship|frigate|corvette|boat", "gun": "howitzer|artillery|gun",
                "fighter": "fighter", "helicopter": "helicopter", "drone": "drone|uav|unmanned"}
_UNCONFIRMED = re.compile(r"\b(?:unconfirmed|unverified)\s+(?:reports?|footage|claims?|accounts?)\b", re.IGNORECASE)
_VERB_ONLY_CUES = frozenset({"hand", "ship"})  # cues as verbs only ("in Turkish hands", "the ship")
_RECEIPT_WORDS = frozenset({"delivery", "receive", "expect", "await", "accept", "receipt", "handover", "induct"})
_TALK_WORDS = frozenset({"discuss", "discussing", "discussed", "discussion", "discussions", "negotiate", "negotiating",
                         "negotiation", "negotiations", "talks"})
_ORIGIN_VERBS = frozenset({"buy", "purchase", "order", "acquire", "procure", "refurbish", "source"})  # the item's past
_INCLUDE_VERBS = frozenset({"include", "comprise", "contain", "cover", "consist"})


def _prep_obj(tok: Token, preps: tuple[str, ...]) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ in preps:  # spaCy parses a passive's "by" as agent
            objs = [p for p in c.children if p.dep_ == "pobj"]
            if objs:
                return objs[0]
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


_PERMIT = frozenset({"allow", "allowed", "permit", "permitted", "let"})
_ASK_PERMISSION = frozenset({"permission", "authorization", "authorisation", "approval", "consent", "green-light"})


def _merge(found: list[ArmsTransfer], text: str) -> list[ArmsTransfer]:
    """One record per (supplier, recipient, system): the stage first stated, moved on only by a firm later
    step (a contract signed, a dated delivery, a cancellation); named systems over classes."""
    out: dict[tuple, ArmsTransfer] = {}
    for t in found:
        # "180 more K2 tanks", "a further batch of 48 Typhoons": a new deal beside the earlier one
        key = (t.supplier, t.recipient, t.equipment.lower(), t.note == ANOTHER_BATCH)
        batch = out.get((*key[:3], True))
        if t.note != ANOTHER_BATCH and key not in out and batch is not None and batch.status == t.status:
            key = (*key[:3], True)  # "took delivery of 2 more T129s. The helicopters arrived …": that batch
        cur = out.get(key)
        if cur is None:
            out[key] = t
            continue
        if t.status == "cancelled" or (cur.status != "cancelled" and _rank(t.status) > _rank(cur.status)
                                       and _firm(t, text)):
            cur.status = t.status  # the first stated stage holds unless a later sentence firmly moves it on
        cur.quantity = cur.quantity or t.quantity
        cur.value = cur.value or t.value
        cur.date = cur.date or t.date
        cur.mode = cur.mode or t.mode
    # a class restating a named system of the same deal ("the missiles" after "BrahMos") is not another record
    named_pairs = {(t.supplier, t.recipient) for t in out.values() if t.equipment_entity}
    return [t for t in out.values() if t.equipment_entity or (t.supplier, t.recipient) not in named_pairs]


def _firm(t: ArmsTransfer, text: str) -> bool:
    """A step told as done: a choice by a choosing verb, an order by a signing verb, a delivery by a
    receiving verb (``firm_cues`` in transfers.json)."""
    said = text[t.evidence[0]:t.evidence[1]].lower()
    words = lexicon().firm_cues.get(t.status, frozenset())
    return any(re.search(rf"\b{re.escape(w)}\b", said) for w in words)


ANOTHER_BATCH = "another batch"
_MORE_WORDS = frozenset({"more", "further", "additional", "another", "extra", "follow-on"})
_ORDINALS = frozenset({"second", "third", "fourth", "next"})  # "a second batch of" (not "second-hand jets")
_BATCH_NOUNS = frozenset({"batch", "tranche", "lot", "order", "squadron", "package", "round"})


def _another_batch(head: Token) -> bool:
    """The item's phrase (or the batch noun it is "of") says more of it: "180 more K2 tanks"."""
    doc = head.doc
    if any(t.lower_ in _MORE_WORDS for t in doc[head.left_edge.i:head.i]):
        return True
    batch = head.head.head if head.head.lower_ == "of" else None
    return batch is not None and batch.lemma_.lower() in _BATCH_NOUNS and any(
        t.lower_ in _MORE_WORDS | _ORDINALS for t in doc[batch.left_edge.i:batch.i])


def _rank(status: str) -> int:
    return LIFECYCLE.index(status) if status in LIFECYCLE else -1


def find_transfers(doc: Doc, record: Record) -> list[ArmsTransfer]:
    """The article's arms-transfer records."""
    return TransferFinder(doc, record).run()


def _entered_service(head: Token) -> bool:
    """The item's clause says it entered (or was put into) service: it has been delivered."""
    for anc in list(head.ancestors)[:3]:
        if anc.pos_ in ("VERB", "AUX") and anc.lemma_.lower() in ("enter", "join", "put", "place", "bring") and any(
                t.lemma_.lower() == "service" for c in anc.children for t in c.subtree):
            return True
    return False


def _talks_above(gov: Token) -> bool:
    """A deal noun hangs (through prepositions) from talks: "discussions are ongoing with X on the
    acquisition of …", "talks with Y over the purchase of …"."""
    for a in list(gov.ancestors)[:6]:
        if a.lower_ in _TALK_WORDS or a.lemma_.lower() in _TALK_WORDS:
            return True
        if a.pos_ in ("VERB", "AUX"):
            return any(c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in _TALK_WORDS or c.lemma_.lower() in _TALK_WORDS)
                       for c in a.children)
    return False


@cache
def _handover_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-phrase match of any hand-over word ("gifted", "handed over")."""
    return re.compile(r"\b(?:" + ("|".join(re.escape(w) for w in words) or "(?!)") + r")\b", re.I)


_MARK = re.compile(r"(?:[IVX]{1,4}|\d{1,3}[A-Za-z]?)")


def _designation_word(t: Token) -> bool:
    """A capitalised word a numeral follows inside a name ("Stinger Block I", "Tranche 3") is part of the
    designation, not the verb it spells ("block")."""
    return t.text.istitle() and not t.is_sent_start and t.i + 1 < len(t.doc) and bool(_MARK.fullmatch(t.nbor(1).text))

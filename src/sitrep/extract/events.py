"""PLOVER events: who did what to whom, when, where, according to whom.

Triggers and their PLOVER type/mode/context are data (``data/events/triggers.jsonl``). For each
trigger the dependency parse gives the actors: the subject (or the agent of a passive) is the
source; the object, or the object of "with/to/against/on/from", the target; a noun trigger takes
the subject of the verb it belongs to ("Hatami held talks with …") and, failing that, its own
modifiers ("joint US and Israeli drills", "his visit to Moscow"). Reversed triggers (host,
receive) swap them. Joint drills by two or more states are COOPERATE, one side's drills MOBILIZE.
Where the clause names no supplier, the maker's country of the equipment is one ("received the
first BrahMos missiles" → IND); "the embargo" with no actors of its own is the one named before.

Only prose is read: headlines, section headings, page furniture are not. Status comes from
:mod:`sitrep.extract.status`; the date from a time expression in the trigger's own clause (a
future one makes the happening planned), else the publication month for a past happening.
Mentions of one happening merge into one event: same type, same actors (a mention missing one
side joins the event that has it), and the same side of "now" (held talks vs. a meeting planned).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitrep.data import DATA_DIR, load_jsonl
from sitrep.extract.actors import MAKER_VERBS, Actor, ActorResolver, is_non_state, is_outlet
from sitrep.extract.status import Status, cues, is_negated, status_of
from sitrep.extract.transfers import lexicon as transfer_lexicon
from sitrep.nlp.extensions import mentions, text_of
from sitrep.nlp.lexicon import lexicon
from sitrep.records import ArmsTransfer, Event, Record
from sitrep.vocab import period

NEGOTIATE_VERBS = frozenset({"negotiate", "discuss", "seek", "pursue", "propose", "explore", "draft", "debate"})
CHARGE_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "convict", "fault"})  # "accused X of V-ing"
PROJECTILE_WORDS = frozenset({"drone", "uav", "rocket", "shell", "mortar", "munition", "bomb", "projectile"})
REASON_PREPS = frozenset({"over", "despite", "because", "amid", "following"})
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
NEEDS_TARGET = SYMMETRIC | {"AID", "SUPPORT"}  # dropped when no mention of the happening names both sides
REACTIONS = frozenset({"ACCUSE", "PROTEST", "REJECT", "SUPPORT", "REQUEST", "THREATEN"})  # to others' acts
FRAMING = frozenset({"AGREE", "REQUEST", "THREATEN", "REJECT"})  # their infinitive is their content
SUBJECT_CONTROL = frozenset({"promise", "pledge", "vow", "threaten", "offer", "agree"})  # "promised X to …": the subject acts
_DECADE = re.compile(r"\b((?:19|20)\d0)['’]?s\b")
PURCHASE_LEMMAS = frozenset({"buy", "purchase", "acquire", "procure", "order"})
CLAIM_SENTENCES = 3  # how far back a rejected claim's maker is looked for
STORY_SENTENCES = 2  # how many sentences on an undated past happening still takes the story's day
COUNTERPART_TYPES = frozenset({"THREATEN", "PROTEST", "ACCUSE", "REJECT", "REQUEST", "COERCE", "ASSAULT", "SANCTION"})
SOURCE_OPTIONAL = frozenset({"SANCTION", "ACCUSE", "REJECT", "PROTEST"})  # "the embargo on Iran expires"
ARMS_WORDS = frozenset({"weapon", "arms", "missile", "aircraft", "jet", "fighter", "helicopter", "tank", "drone",
                        "system", "equipment", "warship", "submarine", "ammunition", "munition", "rocket",
                        "howitzer", "battery", "frigate", "vessel", "artillery", "plane", "warplane", "shell",
                        "interceptor", "launcher", "corvette", "destroyer", "uav", "radar", "gun", "rifle",
                        "vehicle", "weaponry", "hardware", "armament", "bomb", "torpedo", "mine", "ship"})
MISSILE_WORDS = frozenset({"missile", "missiles", "rocket", "rockets", "icbm", "icbms", "projectile", "projectiles",
                           "slbm", "slbms", "warhead", "irbm", "irbms", "satellite"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
COPULAS = frozenset({"be", "constitute", "represent", "remain"})  # "the sale is a provocation"
DEMONSTRATIVES = frozenset({"this", "that"})  # "This is an outrageous act": the act reported before
JOINT_WORDS = frozenset({"joint", "combined", "multilateral", "bilateral", "trilateral", "multinational",
                         "allied", "multi-national", "international"})
LIFT_WORDS = frozenset({"lift", "lifting", "expire", "expiration", "expiry", "end", "remove", "removal", "ease",
                        "easing", "scrap", "relief", "waive", "waiver", "drop", "rescind", "revoke", "unfreeze"})
SKIP_KINDS = ("noise", "meta", "title", "heading")
BACKGROUND_YEARS = 2
_CLAUSE_DEPS = ("ccomp", "xcomp", "advcl", "relcl", "conj", "parataxis", "acl", "pcomp", "csubj")
FRAME_PREPS = {"AGREE": ("under",), "CONSULT": ("for",)}  # a noun there frames another act, no event itself
_OBJ_DEPS = ("dobj", "dative", "attr", "oprd")
_TARGET_PREPS = ("with", "to", "against", "on", "from", "for", "toward", "towards", "at", "into", "upon", "over",
                 "on", "onto")


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    context: str | None
    pos: tuple[str, ...]
    lemma: str
    dependent: str | None = None
    options: tuple[tuple[str, Any], ...] = ()

    def opt(self, key: str, default: Any = None) -> Any:
        return dict(self.options).get(key, default)


@cache
def negative_words() -> frozenset[str]:
    """Evaluations that make "called X …" / "described X as …" an accusation."""
    raw = json.loads((DATA_DIR / "events" / "evaluation.json").read_text(encoding="utf-8"))
    return frozenset(raw["negative"])


@cache
def triggers() -> dict[str, list[Trigger]]:
    """Lexicon by head lemma."""
    out: dict[str, list[Trigger]] = {}
    for row in load_jsonl("events/triggers.jsonl"):
        if "phrase" in row:
            head, *rest = row["phrase"].split()
            dep = rest[0] if rest else None
        else:
            head, dep = row["lemma"], None
        known = {"lemma", "phrase", "pos", "type", "mode", "context"}
        t = Trigger(type=row["type"], mode=row.get("mode"), context=row.get("context"),
                    pos=tuple(row.get("pos", ["VERB", "NOUN"])), lemma=head, dependent=dep,
                    options=tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in row.items() if k not in known))
        out.setdefault(head, []).append(t)
    return out


@dataclass
class _Found:
    event: Event
    explicit: bool  # its status was stated (a tense, a modal, a cue), not assumed
    dated: bool  # its date came from a time expression in its clause
    anaphor: bool = False  # "the drills": actors inherited from the mention before — the same happening


class EventFinder:
    def __init__(self, doc: Doc, record: Record):
        self.doc = doc
        self.record = record
        self.actors = ActorResolver(doc)
        self.lex = triggers()
        self.times = record.time_expressions
        art = doc._.article
        self.text = art.text if art is not None else text_of(doc)
        self.skip = [(s.start, s.end) for s in (art.segments if art is not None else []) if s.kind in SKIP_KINDS]
        self.last: dict[str, tuple[list[Actor], list[Actor], list[Actor]]] = {}  # trigger lemma → actors last named
        self.first_sources: dict[str, list[Actor]] = {}  # trigger lemma → who did it where it was first named
        self._trigger_toks: set[int] = set()
        self._sources: list[Actor] = []  # every source of the event found last
        self._hosts: list[Actor] = []  # the further hosts of the visit found last
        self.acts: list[Actor] = []  # the source of every event found so far, in text order
        self.accusers: list[tuple[Actor, str | None]] = []  # (source, target) of every accusation so far
        self.story_day: tuple[int, str] | None = None  # (sentence start, day) of the last day-dated happening
        self.pair = self._main_pair()  # the two states the article is about, if two stand out

    def run(self) -> list[Event]:
        found: list[_Found] = []
        for sent in self.doc.sents:
            if not sent.text.strip():
                continue
            hits = [(tok, trig) for tok in sent if not self._skipped(tok.idx) for trig in self._matching(tok)]
            # (a verb whose object is of the wrong kind carries no roles: "hosted a meeting between X and Y")
            verbs = {(tok.i, trig.type) for tok, trig in hits if tok.pos_ in ("VERB", "AUX") and not (
                trig.opt("object_kinds") and any(c.dep_ == "dobj" for c in tok.children)
                and not self._kind_of(tok, ("dobj",), trig.opt("object_kinds")))}
            self._trigger_toks = {tok.i for tok, trig in hits if trig.type in REACTIONS}
            heads = {tok.i for tok, trig in hits if trig.type in FRAMING}
            # "scrapped a deal to buy …": the deal inside a cancellation is no agreement of its own
            cancelled = {t.i for tok, trig in hits if trig.mode in ("cancel", "suspend") for c in tok.children
                         if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "advcl" and any(
                             a.dep_ == "aux" and a.lower_ == "to" for a in c.children)) for t in c.subtree}
            # "a final refusal by Washington to sell Egypt the F-35": what is refused is no agreement
            cancelled |= {t.i for tok, trig in hits if trig.type == "REJECT" for c in tok.children
                          if c.dep_ in ("acl", "xcomp") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                          for t in c.subtree}
            # "urged both sides to hold talks", "Beijing hoped the two countries would settle …": the
            # act asked or wished for is the content of the request, no happening of its own
            wished = {t.i for tok, trig in hits if trig.type == "REQUEST" and tok.pos_ == "VERB"
                      for c in tok.children if c.dep_ in ("xcomp", "ccomp") for t in c.subtree}
            wished |= {t.i for tok in sent if (tok.lemma_.lower() in cues().wish or tok.lower_ in cues().wish)
                       and tok.pos_ == "VERB"
                       for c in tok.children if c.dep_ == "ccomp" and any(
                           k.dep_ in ("nsubj", "nsubjpass") for k in c.children) for t in c.subtree}
            trigger_toks = {tok.i for tok, _ in hits}
            for tok, trig in hits:
                if tok.i in wished and (trig.type not in REACTIONS or trig.mode == "cancel"):
                    continue  # (what a demand asks to cancel is not cancelled: "demanded that X cancel the sale")
                if trig.type == "AID" and tok.pos_ == "NOUN" and tok.dep_ == "dobj" and (tok.head.i, "AGREE") in verbs:
                    continue  # "approved the export of submarines": the approval is the happening
                if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.lower_ in FRAME_PREPS.get(trig.type, ()) \
                        and (trig.type != "CONSULT" or tok.head.head.i in trigger_toks):
                    continue  # "delivered … under a 2024 contract", "recalled its envoy for consultations"
                    # (but "are expected in Ankara for talks": the talks are the happening)
                if trig.type == "AGREE" and (tok.pos_ == "NOUN" and tok.dep_ == "pobj" or tok.dep_ == "pcomp") and \
                        tok.head.lower_ in ("on", "about", "over", "for") and tok.head.head.lemma_.lower() in cues().talk_nouns:
                    continue  # "in talks on a BrahMos order", "in talks on buying tanks": what is negotiated
                if tok.i in cancelled and trig.type in ("AGREE", "AID", "COOPERATE"):
                    continue  # (nor the aid or cooperation inside a suspension: "suspended security assistance")
                if tok.dep_ == "xcomp" and tok.head.i in heads:
                    continue  # "agreed to strengthen ties", "threatened to strike": one happening
                if tok.pos_ not in ("VERB", "AUX") and _governing_verb(tok) is not None and (
                        _governing_verb(tok).i, trig.type) in verbs:
                    continue  # "restored the sanctions": the verb carries the roles
                found.extend(self._events(tok, trig, sent))
        events = [_no_state_codes(e) for e in self._fill_counterparts(_merge(found, self.record.published))]
        return sorted(events + self._deliveries(events), key=lambda e: e.evidence[0])  # in the order told

    def _deliveries(self, events: list[Event]) -> list[Event]:
        """A delivery among the record's transfers is AID from supplier to recipient ("Kazakhstan received
        four more Su-30SM fighters in September"), dated by its delivering verb, unless an event already
        tells of it: AID between the two, or any event of the two in its sentence ("accused X of supplying
        …"). A system merely in use, or a delivery the sentence gives no date for, is no AID event."""
        out: list[Event] = []
        have = {(e.source, e.target) for e in events if e.type == "AID"}
        words = transfer_lexicon().cues.get("delivered", frozenset())
        planned = {(e.source, e.target) for e in events if e.type in ("AID", "AGREE") and e.status == "planned"}
        for t in self.record.arms_transfers:
            rivals = {u.supplier for u in self.record.arms_transfers
                      if u.recipient == t.recipient and u.equipment.lower() == t.equipment.lower()}
            if t.status == "ordered" and t.supplier and t.recipient and (t.supplier, t.recipient) not in planned \
                    and len(rivals) == 1:  # (second-hand jets: the maker's state and the seller both supply)
                ev = self._planned_delivery(t, words)  # "the first jets are due to be handed over in May"
                if ev is not None:
                    planned.add((t.supplier, t.recipient))
                    out.append(ev)
                continue
            if t.status != "delivered" or t.note == "in use" or not t.date or not t.supplier or not t.recipient \
                    or (t.supplier, t.recipient) in have:
                continue
            a, b = t.evidence
            if any({e.source, e.target} == {t.supplier, t.recipient} and e.evidence[0] < b and a < e.evidence[1]
                   for e in events + out):
                continue
            span = self.doc.char_span(a, b, alignment_mode="expand")
            verb = next((w for w in span if w.pos_ == "VERB" and (w.lower_ in words or w.lemma_.lower() in words)), None) \
                if span is not None else None
            date = t.date
            if verb is not None:
                date = _week_to_month(self._date(verb, status_of(verb), verb.sent, "occurred")[0]) or date
            have.add((t.supplier, t.recipient))
            out.append(Event(type="AID", source=t.supplier, target=t.recipient, status="occurred",
                             evidence=t.evidence, mode="military", context="military", date=date, confidence=0.6,
                             trigger=verb.text if verb is not None else t.equipment, note="from the delivery"))
        return out

    def _planned_delivery(self, t: ArmsTransfer, words: frozenset[str]) -> Event | None:
        """An ordered item whose sentence plans its handing over for a stated time ("two more Su-30SM
        fighters are due to be handed over before the end of the year"): AID, planned, of that date."""
        a, b = t.evidence
        span = self.doc.char_span(a, b, alignment_mode="expand")
        if span is None:
            return None
        for verb in span:
            if verb.pos_ != "VERB" or not (verb.lower_ in words or verb.lemma_.lower() in words):
                continue
            st = status_of(verb)
            if st.value != "planned":
                continue
            date, dated = self._date(verb, st, verb.sent, "planned")
            if not dated or not date:
                continue
            return Event(type="AID", source=t.supplier, target=t.recipient, status="planned", evidence=t.evidence,
                         mode="military", context="military", date=_week_to_month(date), confidence=0.5,
                         trigger=verb.text, note="from the planned delivery")
        return None

    def _main_pair(self) -> tuple[str, str] | None:
        """The article's two main states: the two named most often, both at least twice, clearly above
        the third. Mentions in page noise do not count."""
        counts: Counter[str] = Counter()
        for m in self.actors.ms:
            if m.type in ("COUNTRY", "ORG", "PERSON") and not self._skipped(m.start) and not is_outlet(m):
                code = self.actors.state_of(m)
                if code and not code.startswith("IGO:") and not is_non_state(code):
                    counts[code] += 1
        top = counts.most_common(3)
        if len(top) < 2 or top[1][1] < 2 or (len(top) == 3 and top[2][1] * 2 > top[1][1]):
            return None
        return top[0][0], top[1][0]

    def _counterpart(self, source: str) -> str | None:
        """The other state of the article's main pair, for an act of one of them."""
        if self.pair is None or source not in self.pair:
            return None
        return self.pair[1] if source == self.pair[0] else self.pair[0]

    def _fill_counterparts(self, events: list[Event]) -> list[Event]:
        """An act aimed at someone with no target named ("Thailand warned it would close the border") is
        aimed at the one state its source acts on elsewhere in the article, else its main counterpart."""
        partners: dict[str, Counter[str]] = {}
        for ev in events:
            if ev.source and ev.target:
                partners.setdefault(ev.source, Counter())[ev.target] += 1
                partners.setdefault(ev.target, Counter())[ev.source] += 1
        for ev in events:
            if ev.target or not ev.source or ev.type not in COUNTERPART_TYPES or is_non_state(ev.source):
                continue  # (an armed group's target is not its critics')
            known = partners.get(ev.source)
            other = known.most_common(1)[0][0] if known and len(known) == 1 else self._counterpart(ev.source)
            if other and other != ev.source:
                ev.target = other
                ev.confidence = round(ev.confidence * 0.8, 2)
                ev.note = ev.note or "target inferred: the source's counterpart in this article"
        return events

    def _skipped(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.skip)

    # ------------------------------------------------------------ triggers
    def _matching(self, tok: Token) -> list[Trigger]:
        if tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ", "AUX"):
            return []
        m = self.actors.mention_at(tok)
        if m is not None and m.type in ("ORG", "LOCATION") and m.start < tok.idx and " " in m.text:
            return []  # a word inside a body's name ("Government of National Accord") is no happening
        cands = self.lex.get(tok.lemma_.lower(), []) + (self.lex.get(tok.lower_, []) if tok.lower_ != tok.lemma_.lower() else [])
        out = []
        pos = "NOUN" if tok.pos_ == "PROPN" else ("VERB" if tok.pos_ == "AUX" else tok.pos_)
        for t in cands:
            if pos not in t.pos:
                continue
            if t.dependent and not any(c.lemma_.lower() == t.dependent or c.lower_ == t.dependent
                                       for c in list(tok.children) + list(tok.subtree)[:12]):
                continue
            if t.opt("needs_negative") and not self._negative(tok):
                continue  # "is in talks": a copula or "call" that judges nothing is no trigger at all
            if t.opt("subject_target") and t.mode == "evaluate" and any(
                    c.dep_ in ("attr", "acomp") and c.lemma_.lower() in self.lex for c in tok.children):
                continue  # "the move is void": the predicate is the trigger
            if t not in out:
                out.append(t)
        # a phrase ("fire … cannon") is more specific than its bare head word ("fire")
        if any(t.dependent for t in out):
            out = [next(t for t in out if t.dependent)]
        return out

    # ------------------------------------------------------------ one trigger → one event
    def _events(self, tok: Token, trig: Trigger, sent: Span) -> list[_Found]:
        """The event a trigger states, if any."""
        self._sources, self._hosts = [], []
        first = self._event(tok, trig, sent)
        if first is None:
            return []
        out = [first]
        ev = first.event
        if ev.type not in SYMMETRIC and ev.target and self._each_other(tok):
            # "the two sides reaffirmed their support for each other's sovereignty": both ways
            out.append(_Found(dataclasses.replace(ev, source=ev.target, target=ev.source, source_actor=ev.target_actor,
                                                  target_actor=ev.source_actor), first.explicit, first.dated))
        for h in self._hosts:  # "toured Caracas, Managua and Havana": one visit per host
            out.append(_Found(dataclasses.replace(ev, target=h.code, target_actor=h.entity_id),
                              first.explicit, first.dated, first.anaphor))
        if ev.type not in SYMMETRIC or trig.mode == "aid":  # "condemnation from Tokyo and Seoul": one per side
            for a in self._sources[1:]:
                if a.code not in (ev.source, ev.target):
                    out.append(_Found(dataclasses.replace(ev, source=a.code, source_actor=a.entity_id),
                                      first.explicit, first.dated, first.anaphor))
        return out

    def _event(self, tok: Token, trig: Trigger, sent: Span) -> _Found | None:
        if is_negated(tok) or _no_happening(tok):
            return None
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj" and tok.head.lower_ in REASON_PREPS \
                and trig.type not in ("SANCTION",) and not (trig.type == "CONSULT" and tok.head.lower_ == "following"):
            return None  # the reason for something else ("sanctions over Ankara's purchase of …"): background
        clause = list(tok.subtree) if tok.pos_ == "VERB" else list(tok.head.subtree)
        if trig.opt("needs_obj") and not any(t.lemma_.lower() in trig.opt("needs_obj") and t.pos_ not in ("VERB", "AUX")
                                             for t in clause):  # "declined to comment on what it called …"
            return None
        if trig.opt("needs_xcomp") and not any(c.dep_ == "xcomp" and c.lemma_.lower() in trig.opt("needs_xcomp")
                                               for c in tok.children):  # "declined to supply"
            return None
        if trig.opt("needs_equipment") and not self._has_arms(clause):
            return None
        if trig.opt("needs_negative") and not self._negative(tok):
            return None
        if trig.opt("needs_missile") and not any(t.lower_ in MISSILE_WORDS or self._is_missile(t) for t in clause) and not (
                trig.opt("attack_preps") and any(t.lemma_.lower() in PROJECTILE_WORDS for t in clause)
                and any(t.dep_ == "prep" and t.lower_ in trig.opt("attack_preps") for t in clause)):
            return None  # (drones or rockets fired "at" something are an attack too)
        if trig.opt("needs_verb"):
            gov = tok.head if tok.head.pos_ != "ADP" else tok.head.head
            if gov.lemma_.lower() not in trig.opt("needs_verb") and not any(
                    c.lemma_.lower() in trig.opt("needs_verb") for c in tok.children):
                return None
        if trig.opt("subject_kinds") and not self._kind_of(tok, ("nsubj", "nsubjpass"), trig.opt("subject_kinds")):
            return None
        if trig.opt("object_kinds") and not self._kind_of(tok, ("dobj",), trig.opt("object_kinds")) and not (
                not any(c.dep_ == "dobj" for c in tok.children) and self._joint_subject(tok)):
            return None  # "met the minister"; or with no object, "the presidents of X and Y met"
        if trig.opt("needs_modal") and not any(c.dep_ == "aux" and c.lower_ in trig.opt("needs_modal")
                                               for c in tok.children):
            return None
        if trig.opt("not_after") and tok.i > 0 and tok.doc[tok.i - 1].lower_ in trig.opt("not_after"):
            return None
        if trig.mode == "purchase" and tok.dep_ == "relcl" and self.actors.actors(tok.head, with_conj=False):
            return None  # "Indonesia, which has ordered 42 Rafales, …": a state's background (its transfer stays)
        if trig.type == "AGREE" and tok.pos_ == "NOUN" and tok.dep_ == "dobj" and \
                tok.head.lemma_.lower() in NEGOTIATE_VERBS:
            return None  # "have been negotiating a peace treaty": talks, not an agreement
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and trig.type in REACTIONS and not any(
                c.dep_ == "agent" for c in tok.children):
            return None  # "firms accused of supplying …": a description of the firms, no one's act here
        sources, targets, participants = self._roles(tok, trig)
        lemma = tok.lemma_.lower()
        definite = tok.pos_ != "VERB" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in tok.children)
        joint_word = any(c.lower_ in JOINT_WORDS for c in tok.children if c.dep_ in ("amod", "compound"))
        anaphor = False
        if not sources and not targets and definite and lemma in self.last:
            sources, targets, participants = self.last[lemma]  # "the embargo": the one named before
            anaphor = True
        elif joint_word and len(participants) < 2 and lemma in self.last:
            # "the multilateral exercise": the sides named before, with this one
            participants = _union(participants, *self.last[lemma][2:])
        typ = trig.type
        if trig.opt("joint_type"):
            joint = participants or []
            if len(joint) >= 2:
                typ = trig.opt("joint_type")
                sources, targets = [joint[0]], joint[1:]
            elif trig.opt("needs_joint") or joint_word:
                return None
            else:
                sources = sources or joint
                targets = []
        if trig.mode == "evaluate" and tok.pos_ in ("VERB", "AUX"):
            # "called the launch 'a violation of UN resolutions'": what is judged is the object (or, for a
            # copula, the subject), never a state named inside the judgement
            judged = [c for c in tok.children if c.dep_ in (("nsubj",) if trig.opt("subject_target") else ("dobj",))]
            targets = [a for c in judged for a in self.actors.actors(c)]
            if trig.opt("subject_target"):
                sources = []
        if trig.opt("subject_target"):  # "X's move is void": the subject is what is rejected
            sources, targets = [], sources + targets
        if trig.opt("reverse"):
            sources, targets = targets, sources
        if not sources and trig.opt("speaker_source"):
            sources = self._speaker(tok)
        themes = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")] if trig.opt("theme_object") else []
        if not sources and themes:
            sources = [a for a in self.actors.actors(themes[0], with_conj=False) if all(a.code != t.code for t in targets)]
        origin = trig.opt("origin")
        if not origin and any(c.dep_ == "xcomp" and c.lemma_.lower() in PURCHASE_LEMMAS for c in tok.children):
            origin = "target"  # "agreed to purchase KAAN jets": bought from the maker's state
        if origin:
            made = self._origin(tok, clause)
            if made is not None:
                if origin == "source" and not sources and all(t.code != made.code for t in targets):
                    sources = [made]
                elif origin == "target" and not targets and all(s.code != made.code for s in sources):
                    targets = [made]
        if trig.opt("complement_target") and not targets:  # "warned that the Houthis would pay a price"
            targets = [a for c in tok.children if c.dep_ == "ccomp" for s in c.children if s.dep_ in ("nsubj", "nsubjpass")
                       for a in self.actors.actors(s) if all(a.code != x.code for x in sources)][:1]
        if trig.opt("cause_target") and not targets:
            targets = [a for a in self._cause(tok) if all(a.code != s.code for s in sources)]
        if trig.opt("object_target"):  # "allowed Poland to send tanks": the one allowed
            objs = [c for c in tok.children if c.dep_ == "dobj"] or [
                s for c in tok.children if c.dep_ in ("ccomp", "xcomp") for s in c.children if s.dep_ == "nsubj"]
            targets = [a for a in self.actors.actors(objs[0]) if not sources or a.code != sources[0].code] if objs else []
        if trig.mode == "cancel" and sources and not targets:
            # "scrapped a deal to buy helicopters from Russia": the other party of the deal
            targets = [a for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "advcl") for t in c.subtree
                       if t.dep_ == "pobj" and t.head.lower_ in ("from", "with", "to")
                       for a in self.actors.actors(t) if a.code != sources[0].code][:1]
        if typ in REACTIONS and sources and not targets:
            # "requesting the German-made tanks", "condemned the sanctions imposed by X": the maker, the doer
            judged_deps = ("dobj", "nsubjpass", "nsubj") if trig.opt("subject_target") else ("dobj", "nsubjpass")
            for obj in (c for c in tok.children if c.dep_ in judged_deps):
                made = self.actors.maker_of(obj)
                doers = [a for ag in obj.subtree if (ag.dep_ == "agent" and ag.head.head.i == obj.i) or (
                             ag.dep_ == "prep" and ag.lower_ == "by" and ag.head.i == obj.i)  # "this conduct by X"
                         for p in ag.children if p.dep_ == "pobj" for a in self.actors.actors(p)]
                earlier = self.first_sources.get(obj.lemma_.lower(), [])  # "condemned the sanctions": who imposed them
                before = [a for a in earlier if a.code != sources[0].code]
                if not before and (any(c.dep_ == "det" and c.lower_ in DEFINITE for c in obj.children) or (
                        obj.lower_ in DEMONSTRATIVES and trig.opt("subject_target"))):
                    # "called the launch unacceptable": the actor of the last act reported before
                    before = [a for a in self._first_doer(obj) if a.code != sources[0].code][:1] or [
                        a for a in reversed(self.acts) if a.code != sources[0].code and a.start < tok.idx][:1]
                if obj.lemma_.lower() in cues().charge_nouns:  # "rejected the accusation": whoever made it
                    # whoever accused the one rejecting it, else the last accuser
                    earlier = [(a, t) for a, t in reversed(self.accusers) if a.code != sources[0].code and a.start < tok.idx]
                    before = [a for a, t in earlier if t == sources[0].code][:1] or [a for a, _ in earlier][:1] \
                        or self._claimant(tok, sources[0])
                cand = made or (doers[0] if doers else None) or (before[0] if before else None)
                if cand is not None and cand.code != sources[0].code:
                    targets = [cand]
                    break
            if not targets and tok.pos_ in ("NOUN", "PROPN"):
                # "North Korea fired a missile, drawing condemnation from Tokyo": the main clause's actor
                gov = _governing_verb(tok)
                if gov is not None and gov.dep_ == "advcl" and gov.tag_ == "VBG" and not any(
                        c.dep_ in ("nsubj", "nsubjpass") for c in gov.children):
                    subj = next((c for c in gov.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    doers = self.actors.actors(subj) if subj is not None else []
                    targets = [a for a in doers if a.code != sources[0].code][:1]
        if trig.opt("attack_preps"):
            # "launched drones at targets in Saudi Arabia": fire aimed at a state is an attack on it
            heads = {tok.i} | {c.i for c in tok.children if c.dep_ == "dobj"} | {
                cc.i for c in tok.children if c.dep_ == "dobj" for cc in c.children if cc.dep_ == "conj"}
            hit = [a for c in tok.subtree if c.dep_ == "prep" and c.head.i in heads and c.lower_ in trig.opt("attack_preps")
                   for p in c.subtree if p.dep_ == "pobj" for a in self.actors.actors(p)
                   if not sources or a.code != sources[0].code]
            if hit:
                typ, targets = "ASSAULT", hit[:1]
        if typ not in SYMMETRIC and sources and any(t.code == sources[0].code for t in targets):
            ents = self.actors.ents
            if all((ents.get(t.entity_id or "") is not None and t.code == sources[0].code
                    and any(m.info.get("kind") == "company" for m in mentions(self.doc) if m.entity_id == t.entity_id))
                   for t in targets if t.code == sources[0].code):
                targets = [t for t in targets if t.code != sources[0].code]  # "London refused to license
                # Martin-Baker seats": the state's own company is no target of it
            else:
                sources = sources[1:]  # the target named in the clause wins over a subject found further up
        if sources or targets:
            for name in [lemma] + [t.lemma_.lower() for t in themes]:  # "imposed an embargo" → "the embargo"
                self.last[name] = (sources, targets, _union(participants, sources, targets))
                if typ not in REACTIONS and sources:
                    self.first_sources.setdefault(name, sources)
        if tok.pos_ == "VERB" and tok.tag_ == "VBN" and any(
                c.dep_ == "auxpass" and c.lower_ in ("is", "are") for c in tok.children) and not any(
                sent.start_char <= te.start < sent.end_char for te in self.times):
            return None  # "activities are banned by …": a standing state, not a happening
        if tok.tag_ == "VBN" and tok.dep_ == "acl" and any(
                c.dep_ == "prep" and c.lower_ == "since" for c in tok.children):
            return None  # "the missile system deployed in Luzon since 2024": a standing state
        if not targets and len(sources) >= 2 and typ not in SYMMETRIC and self._each_other(tok):
            targets = sources[1:2]  # "reaffirmed their support for each other": the other side
            sources = sources[:1]
        sources = sorted(sources, key=lambda a: is_non_state(a.code))  # a state before an armed group beside it
        src = sources[0] if sources else None
        self._sources = sources
        others = [t for t in targets if (src is None or t.code != src.code) and not self._outlet(t)]
        tgt = others[0] if others else None
        self._hosts = list({t.code: t for t in others[1:] if t.code != tgt.code}.values()) \
            if tgt is not None and (trig.mode == "visit" or (typ not in SYMMETRIC and _listed(others)) or (
                typ == "CONSULT" and src is not None and _with_list(tok, others))) else []
        if tgt is None and (typ in SYMMETRIC or trig.opt("mutual")) and len(sources) >= 2:
            # "the two sides held talks in Tokyo": the other side, not the host city
            tgt = next((a for a in sources[1:] if src is None or a.code != src.code), None)
        if tgt is None and src is not None and trig.mode == "meet" and tok.pos_ == "VERB" and any(
                c.dep_ in ("dobj", "prep") and c.lower_ != "in" for c in tok.children):
            host = self._host_state(tok)  # "was in Mexico City, where he met President X": X's state hosts
            if host is not None and host.code != src.code:
                tgt = host
        if tgt is None and src is not None and typ in ("AID", "AGREE") and lemma in transfer_lexicon().donation_verbs \
                and tok.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in tok.children):
            story = self.actors.story_recipient(transfer_lexicon().aid_anchors)  # "Sweden said it would send …"
            if story is not None and story.code != src.code and not is_non_state(src.code):
                tgt = story
        if trig.mode == "aid" and src is not None and (tgt is None or tgt.code in {a.code for a in sources}):
            # "the United Kingdom and Norway announced a joint package": each gives to the story's recipient
            story = self.actors.story_recipient(transfer_lexicon().aid_anchors)
            tgt = story if story is not None and story.code not in {a.code for a in sources} else None
        if src is None and tgt is not None and typ == "PROTEST" and tok.pos_ == "VERB" and any(
                c.dep_ == "auxpass" for c in tok.children):
            # "the envoy was summoned to the ministry": the state of the body it was summoned to
            to = next((p for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"
                       for p in c.children if p.dep_ == "pobj"), None)
            src = next((a for a in (self.actors.actors(to) if to is not None else []) if a.code != tgt.code), None)
        if src is None and tgt is not None and typ == "MOBILIZE":
            src, tgt = tgt, None  # "a snap inspection of the Baltic Fleet": the side that musters, not one aimed at
        if src is not None and tgt is not None and src.code == tgt.code:
            tgt = None  # a state does nothing to itself here ("the Heads of State signed the declaration")
        if src is None and tgt is None:
            return None
        if trig.opt("needs_target") and tgt is None and not self._open_target(tok) and not (
                src is not None and is_non_state(src.code)) and not (  # an armed group's attack on a camp: no state hit
                src is not None and self._field_target(tok)):  # "U.S. forces struck a speedboat"
            return None
        if trig.opt("needs_two") and (tgt is None or src is None):
            return None
        if trig.opt("needs_source") and src is None:
            return None
        if self._background(tok):
            return None
        st = status_of(tok)
        status = st.value
        if trig.opt("speech_act") and status not in ("speculated", "rumored"):
            status = "occurred"  # "will neutralize …" is a threat made now
        date, dated = self._date(tok, st, sent, status)
        if not dated and self._old_decade(tok, sent):
            return None  # "jets bought from the United States in the 1980s": background
        if dated and status == "occurred" and date and len(date) == 10:
            self.story_day = (sent.start, date)  # "on Sunday": the day the story's happenings are told for
        date = _week_to_month(date)
        pub = self.record.published
        if dated and date and pub and status == "occurred" and "W" not in date and "/" not in date \
                and date[:len(pub)] > pub[:len(date)]:
            status = "planned"
        if trig.opt("only_status") and status not in trig.opt("only_status"):
            return None
        if date and pub and date[:4].isdigit() and pub[:4].isdigit() and int(date[:4]) < int(pub[:4]) - BACKGROUND_YEARS:
            return None  # background history, not news
        lifted = trig.type == "SANCTION" and (trig.opt("lifted") or self._lifted(tok))
        mode = "lifted" if lifted else trig.mode
        evidence = (sent.start_char, sent.end_char)
        while evidence[1] > evidence[0] and self.text[evidence[1] - 1].isspace():
            evidence = (evidence[0], evidence[1] - 1)
        conf = 0.4 + (0.2 if src is not None else 0) + (0.2 if tgt is not None else 0) + (0.1 if st.explicit else 0)
        ev = Event(type=typ, source=src.code if src else None, target=tgt.code if tgt else None, status=status,
                   evidence=evidence, mode=mode, context=trig.context,
                   source_actor=src.entity_id if src else None, target_actor=tgt.entity_id if tgt else None,
                   date=date, location=self._location(tok), attributed_to=self._attribution(sent),
                   confidence=round(min(conf, 0.95), 2), trigger=tok.text,
                   note="embargo or sanctions lifted" if lifted else None)
        if src is not None and typ not in REACTIONS:
            self.acts.append(src)
        if src is not None and typ == "ACCUSE":
            self.accusers.append((src, tgt.code if tgt else None))
        return _Found(ev, st.explicit or dated, dated, anaphor)

    def _claimant(self, tok: Token, accused: Actor) -> list[Actor]:
        """Who made the claim that is rejected: the state that, in the last few sentences, said something
        about the one rejecting it ("Seoul said the North had sent shells. Pyongyang dismissed the claims")."""
        sent = tok.sent
        for _ in range(CLAIM_SENTENCES):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
            for verb in sent:
                if verb.pos_ != "VERB" or verb.lemma_.lower() not in cues().reporting:
                    continue
                said = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
                if not any(self.actors.actors(t) and any(a.code == accused.code for a in self.actors.actors(t))
                           for c in said for t in c.subtree):
                    continue
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                found = [a for a in (self.actors.actors(subj) if subj is not None else []) if a.code != accused.code]
                if found:
                    return found[:1]
        return []

    def _first_doer(self, noun: Token) -> list[Actor]:
        """ "the purchase" → whoever the text first said made a purchase ("Lithuania's purchase of …",
        "parliament approved the purchase": the subject's state)."""
        if noun.pos_ != "NOUN":
            return []
        lemma = noun.lemma_.lower()
        first = next((t for t in self.doc[:noun.i] if t.pos_ == "NOUN" and t.lemma_.lower() == lemma), None)
        if first is None:
            return []
        own = [a for c in first.children if c.dep_ in ("poss", "amod", "compound") for a in self.actors.actors(c)]
        if own:
            return own
        gov = _governing_verb(first)
        if gov is None or first.dep_ not in ("dobj", "nsubjpass", "pobj"):
            return []
        return [a for c in gov.children if c.dep_ in ("nsubj", "agent") for a in self.actors.actors(c)]

    def _joint_subject(self, tok: Token) -> bool:
        """The subject stands for two or more states ("the foreign ministers of X and Y", "the two sides")."""
        return any(len(self.actors.actors(c)) >= 2 for c in tok.children if c.dep_ == "nsubj")

    @staticmethod
    def _each_other(tok: Token) -> bool:
        """ "each other('s)", "one another" in the trigger's phrase."""
        low = [t.lower_ for t in tok.subtree]
        return any(a in ("each", "one") and b in ("other", "another") for a, b in zip(low, low[1:], strict=False))

    def _background(self, tok: Token) -> bool:
        """ "Serbia has received Russian systems in recent years", "has in the past condemned …": a
        habit or background of the story, said by a cue in the trigger's own clause."""
        verb = tok if tok.pos_ in ("VERB", "AUX") else (_governing_verb(tok) or tok)
        words, todo = [], [verb]
        while todo:  # the clause, without the clauses inside it
            t = todo.pop()
            words.append(t)
            todo.extend(c for c in t.children if not (c.pos_ in ("VERB", "AUX") and c.dep_ in _CLAUSE_DEPS))
        low = " ".join(t.lower_ for t in sorted(words, key=lambda t: t.i))
        return any(re.search(rf"\b{re.escape(cue)}\b(?! (?:week|month|day|hour|year|\d))", low)
                   for cue in cues().background)

    def _kind_of(self, tok: Token, deps: tuple[str, ...], kinds: tuple[str, ...]) -> bool:
        """Whether the subject (object) is a person or one of the given nouns ("the delegation arrived")."""
        cands = [c for c in tok.children if c.dep_ in deps]
        if not cands and "nsubj" in deps and tok.dep_ == "xcomp":  # "the minister is scheduled to travel"
            up = tok.head.head if tok.head.dep_ == "acomp" else tok.head  # "is due to travel"
            cands = [c for c in tok.head.children if c.dep_ in deps] or [c for c in up.children if c.dep_ in deps]
        if "dobj" in deps:
            cands += [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children
                      if p.dep_ == "pobj"]
        for c in cands:
            named_on = [k for k in c.children if k.dep_ == "compound"] if "nsubj" in deps else []
            ms = [m for m in (self.actors.mention_at(k) for k in [c, *named_on])
                  if m is None or not (m.kb_id or "").startswith("ship:")]  # a named warship is no delivered item
            if "IGO" in kinds and any(m is not None and (self.actors.state_of(m) or "").startswith("IGO:") for m in ms):
                return True  # "joined NATO": an international body
            if any(m is not None and m.type in kinds for m in ms) or c.lemma_.lower() in kinds or c.lower_ in (
                    "he", "she", "him", "her"):  # "an IRIS-T SLM fire unit arrived": the system named on it
                return True
        return False

    def _negative(self, tok: Token) -> bool:
        """ "called the launch 'unacceptable'", "described the sanctions as a sign of arrogance": a
        negative evaluation in what the verb says of its object (not in its subject)."""
        subject = {t.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
        neg = negative_words()
        said = (t for t in tok.subtree) if tok.lemma_.lower() not in COPULAS else (
            t for c in tok.children if c.dep_ in ("attr", "acomp", "dobj") for t in c.subtree)  # the predicate only
        return any(t.i not in subject and t.i != tok.i and (t.lemma_.lower() in neg or t.lower_ in neg)
                   for t in said)

    def _has_arms(self, clause: list[Token]) -> bool:
        for t in clause:
            m = self.actors.mention_at(t)
            if m is not None and m.type == "EQUIPMENT":
                return True
            if t.lemma_.lower() in ARMS_WORDS:
                return True
        return False

    def _is_missile(self, tok: Token) -> bool:
        m = self.actors.mention_at(tok)
        if m is None or m.type != "EQUIPMENT":
            return False
        ent = self.actors.ents.get(m.entity_id or "")
        return "missile" in ((ent.category if ent else None) or m.info.get("category") or "").lower()

    def _cause(self, tok: Token) -> list[Actor]:
        """The states of what prompted a reaction: the subject of an "after"/"when"/"as" clause on it."""
        for c in tok.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in ("after", "when", "as", "because")
                                         for m in c.children):
                subj = next((s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:  # "a Russian Il-20 reconnaissance plane": the maker's or owner's state
                    inner = self.actors.actor_in_subtree(subj)
                    return self.actors.actors(subj) or ([inner] if inner is not None else [])
        return []

    def _outlet(self, actor: Actor) -> bool:
        """A news outlet is told things, not met: "told Reuters by telephone" has no other side."""
        return any(m.start == actor.start and (is_outlet(m) or m.source == "credit") for m in self.actors.ms)

    @staticmethod
    def _field_target(tok: Token) -> bool:
        """The act hits a thing of no named state: "struck a speedboat", "strikes on militant hideouts"."""
        words = cues().field_targets
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        objs += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "at")
                 for g in c.children if g.dep_ == "pobj"]
        return any(o.lower_ in words or o.lemma_.lower() in words for o in objs)

    @staticmethod
    def _open_target(tok: Token) -> bool:
        """The addressee is everyone involved ("called on all parties", "urged every side"): no state named."""
        words = cues().open_targets
        objs = [c for c in tok.children if c.dep_ in ("dobj", "pobj")]
        objs += [g for c in tok.children if c.dep_ == "prep" or c.dep_ == "prt" for g in c.children if g.dep_ == "pobj"]
        return any(o.lemma_.lower() in words and any(d.lower_ in ("all", "every", "each", "both") for d in o.children)
                   for o in objs)

    def _origin(self, tok: Token, clause: list[Token]) -> Actor | None:
        """The maker's country of the equipment a supply trigger is about."""
        toks = list(tok.subtree) if tok.pos_ != "VERB" else clause
        if tok.dep_ == "relcl":  # "the KAAN jets that Indonesia agreed to purchase": the jets it is about
            toks = toks + [t for t in tok.head.subtree if t.i < tok.i]
        for t in toks:
            code = self.actors.origin_of(t)
            if code:
                return Actor(code, None, t.idx)
        return None

    def _speaker(self, tok: Token) -> list[Actor]:
        """The state of whoever announces it: "the administration said sanctions were restored"."""
        reporting = cues().reporting
        for c in tok.children:  # "The move is a provocation, the ministry said."
            if c.dep_ == "parataxis" and c.lemma_.lower() in reporting:
                found = [a for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for a in self.actors.actors(s)]
                if found:
                    return found
        t = tok
        for _ in range(8):
            if t.head.i == t.i:
                break
            t = t.head
            if t.lemma_.lower() in reporting:
                for c in t.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        found = self.actors.actors(c)
                        if found:
                            return found
        return []

    def _subject_above(self, tok: Token) -> list[Actor]:
        """The subject of the nearest verb above that has one ("set a programme to strengthen ties")."""
        res = self.actors
        if tok.dep_ == "pcomp" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in CHARGE_VERBS:
            # "accused Russia of using drones", "firms it accused of shipping engines": the one accused
            verb = tok.head.head
            accused = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
            if accused:
                return res.actors(accused[0])
            if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
                return res.actors(verb.head)
        t = tok
        adjunct = False
        for _ in range(5):
            purpose = t.dep_ == "advcl" and (any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) or (
                t.tag_ in ("VBG", "VBN") and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in t.children)))
            if t.head.i == t.i or (t.dep_ in ("ccomp", "parataxis", "advcl") and not purpose):
                break
            child, t = t, t.head
            if child.dep_ == "relcl" or (child.dep_ == "acl" and t.pos_ in ("NOUN", "PROPN")):
                own = res.actors(t)
                if own:
                    return own
            adjunct = adjunct or child.dep_ == "advcl"
            controller = _object_controller(child, t, infinitive=not adjunct)
            if controller is not None:  # (a participle hanging from the infinitive is the main subject's)
                return res.actors(controller)
            subs = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass") and c.i != child.i]
            if subs:
                return res.actors(subs[0])
        return []

    def _roles(self, tok: Token, trig: Trigger) -> tuple[list[Actor], list[Actor], list[Actor]]:
        """(sources, targets, all participants) of a trigger from its syntactic neighbourhood."""
        res = self.actors
        sources: list[Actor] = []
        targets: list[Actor] = []
        participants: list[Actor] = []
        preps = tuple(p for p in _TARGET_PREPS + tuple(trig.opt("target_preps") or ())
                      if p not in (trig.opt("source_preps") or ()))

        def add(lst: list[Actor], actors: list[Actor]) -> None:
            for a in actors:
                if all(a.code != b.code for b in lst):
                    lst.append(a)

        def pobjs(prep: Token) -> list[Token]:
            return [p for p in prep.children if p.dep_ in ("pobj", "pcomp")]

        theme = trig.opt("theme_object")  # "imposed sanctions on Iran": the object is the measure

        def objects_of(head: Token) -> None:
            for c in head.children:
                if c.dep_ == "dative" and c.pos_ == "ADP" and c.lower_ in preps:  # "deliver systems to India"
                    for p in pobjs(c):
                        add(targets, res.actors(p))
                elif c.dep_ in _OBJ_DEPS:
                    if not theme:
                        add(targets, res.actors(c))
                    # "purchase of … from Russia", "the sale of jets and equipment to Jordan"
                    for cc in c.subtree:
                        if cc.dep_ == "prep" and cc.lower_ in preps and _under_without_verb(cc, c, MAKER_VERBS):
                            for p in pobjs(cc):
                                add(targets, res.actors(p))
                elif c.dep_ == "prep" and c.lower_ in preps:
                    for p in pobjs(c):
                        add(targets, res.actors(p))
                elif c.dep_ == "prep" and c.lower_ in ("between", "among", "amongst"):
                    for p in pobjs(c):
                        add(participants, res.actors(p))
                elif c.dep_ == "agent":
                    for p in pobjs(c):
                        add(sources, res.actors(p))
                elif c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB" and c.lemma_.lower() not in cues().reporting \
                        and not trig.opt("no_xcomp"):
                    objects_of(c)

        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            for c in tok.children:
                if c.dep_ in ("nsubj", "csubj"):
                    add(sources, res.actors(c))
                elif c.dep_ == "nsubjpass":
                    if theme:
                        for cc in c.children:
                            if cc.dep_ == "prep" and cc.lower_ in preps:
                                for p in pobjs(cc):
                                    add(targets, res.actors(p))
                    else:
                        add(targets if trig.type not in SYMMETRIC else sources, res.actors(c))
            if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "attr", "oprd") and not sources:
                for c in tok.head.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        add(sources, res.actors(c))
            objects_of(tok)
            if not targets and theme:
                # "imposed sanctions on 30 tankers carrying Iranian oil", "on firms in China": the state
                # named inside what the measure is on
                ons = [cc for c in (tok, *[c for c in tok.children if c.dep_ in _OBJ_DEPS]) for cc in c.children
                       if cc.dep_ == "prep" and cc.lower_ in ("on", "against")]
                for p in (p for on in ons for p in pobjs(on)):
                    inner = [a for t in p.subtree for a in res.actors(t, with_conj=False)
                             if res.mention_at(t) is not None and res.mention_at(t).type == "COUNTRY"]
                    add(targets, inner[:1])
            if not targets and trig.opt("fallback_preps"):
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in trig.opt("fallback_preps"):
                        for p in pobjs(c):
                            add(targets, res.actors(p))
            if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN") and not targets and trig.type not in SYMMETRIC \
                    and any(c.dep_ == "nsubj" for c in tok.children) and not any(c.dep_ == "dobj" for c in tok.children):
                # "officials it accused of arranging the transfers": the noun is what the clause acts on
                add(targets, [a for a in res.actors(tok.head) if all(a.code != x.code for x in sources)])
            if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN") \
                    and trig.type not in SYMMETRIC:
                # "firms accused of supplying …", "the tanks delivered to Kyiv": the noun undergoes it
                if not targets:
                    add(targets, res.actors(tok.head))
            elif not sources:
                add(sources, self._subject_above(tok))
        else:
            # a noun: the verb it belongs to, then its own modifiers
            own: list[Actor] = []
            for c in tok.children:
                if c.dep_ in ("amod", "compound", "nmod", "poss"):
                    add(own, res.actors(c))
                    for cc in c.children:
                        if cc.dep_ in ("amod", "compound", "conj", "poss", "nmod"):
                            add(own, res.actors(cc))
            own.sort(key=lambda a: a.start)
            for c in tok.children:
                if c.dep_ == "prep" and (c.lower_ == "by" or c.lower_ in (trig.opt("source_preps") or ())):
                    for p in pobjs(c):
                        add(sources, res.actors(p))
            if not sources and tok.dep_ == "dobj" and trig.opt("source_preps"):
                for c in tok.head.children:  # "drawing condemnation from Tokyo": the phrase hangs on the verb
                    if c.dep_ == "prep" and c.lower_ in trig.opt("source_preps") and c.i > tok.i:
                        for p in pobjs(c):
                            add(sources, res.actors(p))
            objects_of(tok)
            anchor = tok.head if tok.dep_ == "appos" else tok  # "began Zapad, a joint exercise"
            if anchor.dep_ == "pobj" and anchor.head.lower_ == "of" and anchor.head.head.pos_ == "NOUN" \
                    and anchor.head.head.lemma_.lower() in cues().measure_nouns:
                anchor = anchor.head.head  # "carried out a wave of air strikes across Lebanon"
                objects_of(anchor)
            gov = anchor.head
            if gov.pos_ == "ADP" and anchor.dep_ == "pobj":
                gov = gov.head
            # "condemned NATO exercises", "criticized the visit": the critic is no party to it
            other_trigger = gov.i in self._trigger_toks
            if anchor.dep_ in ("dobj", "attr", "nsubj", "nsubjpass", "pobj", "conj", "oprd") and gov.i != anchor.i \
                    and gov.pos_ in ("VERB", "AUX") and not other_trigger:
                for c in gov.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and c.i != anchor.i and not any(
                            a.i == anchor.i for a in c.subtree):
                        add(sources, res.actors(c))
                if not sources and anchor.dep_ in ("dobj", "pobj"):
                    add(sources, self._subject_above(gov) if not own else [])
                if anchor.dep_ not in ("nsubj", "nsubjpass"):  # "the drills pose no threat to X": X is no party
                    objects_of(gov)
            elif not sources and not own and anchor.dep_ == "pobj" and anchor.head.lower_ in ("in", "during", "for") \
                    and gov.pos_ == "NOUN" and gov.dep_ == "dobj" \
                    and gov.head.pos_ == "VERB" and gov.head.i not in self._trigger_toks:
                # "accused Russia of using drones in strikes on …": the strikes are the user's
                verb = gov.head
                subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
                add(sources, res.actors(subs[0]) if subs else self._subject_above(verb))
            if not targets and trig.opt("fallback_preps"):  # "strikes across southern Lebanon"
                for head in dict.fromkeys((tok, anchor)):
                    for c in head.children:
                        if c.dep_ == "prep" and c.lower_ in trig.opt("fallback_preps"):
                            for p in pobjs(c):
                                add(targets, [a for a in res.actors(p) if all(a.code != s.code for s in sources)])
            if own and not targets and trig.type in ("ASSAULT", "COERCE"):
                # "Moscow's invasion of Ukraine", "China's blockade of Taiwan": the one it is done to
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ == "of":
                        for p in pobjs(c):
                            add(targets, [a for a in res.actors(p) if all(a.code != o.code for o in own)])
            if sources and own and len(own) >= 2 and trig.opt("joint_type"):
                participants = own  # "Russia held joint drills with China" keeps its own list below
            if not sources and own:
                sources = [own[0]]
                add(targets, [a for a in own[1:]])
            else:
                add(participants, own)
        if tok.pos_ in ("NOUN", "PROPN") and trig.type in SYMMETRIC:
            # "hosted a meeting between X and Y": the two it is between, not its host
            between = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("between", "among", "amongst")
                       for p in pobjs(c) for a in res.actors(p)]
            if len({a.code for a in between}) >= 2:
                sources, targets = between[:1], [a for a in between if a.code != between[0].code][:1]
        if trig.type in SYMMETRIC and (not sources or not targets):
            pool = _union(sources, participants, targets if sources else [])
            if len(pool) >= 2:
                sources = sources or [pool[0]]
                targets = targets or [p for p in pool if p.code != sources[0].code][:1]
        participants = _union(sources, participants, targets)
        return sources, targets, participants

    def _lifted(self, tok: Token) -> bool:
        """A sanction that ends: "lifting the embargo", "the embargo expires", "sanctions relief"."""
        words = {c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound", "acl")}
        gov = _governing_verb(tok)
        if gov is not None:
            words.add(gov.lemma_.lower())
            words.update(c.lemma_.lower() for c in gov.children if c.dep_ == "xcomp")
        if tok.head.pos_ in ("NOUN", "VERB") or tok.head.dep_ == "prep":
            words.add(tok.head.lemma_.lower())
            words.add(tok.head.head.lemma_.lower() if tok.head.pos_ == "ADP" else tok.head.lemma_.lower())
        return bool(words & LIFT_WORDS)

    def _date(self, tok: Token, st: Status, sent: Span, status: str) -> tuple[str | None, bool]:
        """The date of the trigger's own clause; else, for a past happening, the date of the clause it
        hangs from ("fired a missile on Sunday, as Pyongyang condemned …") or of its report, else the
        publication month."""
        own = {t.i for t in st.scope} | {st.head.i, tok.i}
        for v in list(st.scope):
            for c in v.children:
                if c.dep_ in ("acomp", "xcomp"):
                    own.add(c.i)
                    own.update(cc.i for cc in c.children if cc.dep_ in ("xcomp", "acomp"))
        if tok.pos_ in ("NOUN", "PROPN"):  # "a promise it made in 2018", "the deal signed on Monday"
            own.update(c.i for c in tok.children if c.dep_ in ("relcl", "acl") and c.pos_ in ("VERB", "AUX"))
        found = self._time_in(tok, own, sent, future=status == "planned")
        if found is not None:
            return found, True
        pub = self.record.published
        if status == "occurred":
            # "X held talks …, the ministry announced on Monday": the report's date
            top = st.scope[-1] if st.scope else st.head
            earlier = any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for v in (tok, st.head, top)
                          for c in v.children)  # "said on Monday that X had delivered …": before the report
            reports = [] if earlier else [c for c in top.children if c.dep_ in ("parataxis", "advcl")
                                          and c.lemma_.lower() in cues().reporting]
            if not earlier and top.dep_ in ("ccomp", "parataxis") and top.head.lemma_.lower() in cues().reporting:
                reports.insert(0, top.head)
            gov = _governing_verb(tok) if tok.pos_ in ("NOUN", "PROPN") else (
                tok.head.head if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" else None)  # "said … after meeting X"
            if gov is not None and gov.dep_ == "prep":  # "following talks": a verb used as a preposition
                gov = gov.head
            if gov is not None and gov.lemma_.lower() in cues().reporting and not earlier:
                reports.insert(0, gov)  # "X said on Thursday, following talks …": the talks are of that day
            for r in reports:
                said = self._time_in(r, {r.i}, sent)
                if said is not None:
                    return said, False
            # a clause hanging from another ("…, as X condemned", "and then X left"): the main clause's date
            up: set[int] = set()
            t = top
            while t.dep_ in ("advcl", "conj", "xcomp") and t.head.i != t.i and t.head.pos_ in ("VERB", "AUX"):
                t = t.head
                up.add(t.i)
            main = self._time_in(tok, up, sent) if up and not earlier else None
            if main is not None and (not pub or main[:len(pub)] <= pub[:len(main)]):
                return main, False
            story = self._story_day(sent) if any(v.tag_ in ("VBD", "VBN") for v in (tok, st.head, top)) else None
            if story is not None:  # a past tense: "say … is void" is a standing position, not that day's
                return story, False
            if pub and len(pub) >= 7:
                return pub[:7], False
        return None, False

    def _old_decade(self, tok: Token, sent: Span) -> bool:
        """A decade long past in the trigger's own clause ("bought Su-27s in the 2000s")."""
        pub = self.record.published
        if not pub or not pub[:4].isdigit():
            return False
        for te in self.times:
            m = _DECADE.search(te.text or "")
            if te.value or m is None or not sent.start_char <= te.start < sent.end_char:
                continue
            if int(m.group(1)) + 9 >= int(pub[:4]) - BACKGROUND_YEARS:
                continue
            t = self.doc.char_span(te.start, te.start + 1, alignment_mode="expand")
            if t is not None and (_clause_verb(t[0]) == tok.i or t[0].head.i == tok.i):
                return True
        return False

    def _story_day(self, sent: Span) -> str | None:
        """The day of the last happening dated to a day in the sentences just before ("fired a missile on
        Sunday. Seoul condemned the launch."): an undated past happening told after it is of that day."""
        if self.story_day is None:
            return None
        start, day = self.story_day
        if start == sent.start:
            return day
        between = [s for s in self.doc[start:sent.start].sents if s.start >= start]
        return day if len(between) <= STORY_SENTENCES else None

    def _time_in(self, tok: Token, own: set[int], sent: Span, future: bool = False) -> str | None:
        """The nearest time expression of the clause; for a planned happening, the nearest one not
        before publication if there is one ("said on Monday it would deliver them next year")."""
        pub = self.record.published
        best: tuple[int, str] | None = None
        for te in self.times:
            if not te.value:
                continue
            for a, _b in (te.mentions or [(te.start, te.end)]):
                if not sent.start_char <= a < sent.end_char:
                    continue
                t = self.doc.char_span(a, a + 1, alignment_mode="expand")
                if t is None:
                    continue
                t0 = t[0]
                inside_noun = tok.pos_ != "VERB" and _under_without_verb(t0, tok)
                if inside_noun or _clause_verb(t0) in own:
                    d = abs(t0.i - tok.i)
                    arg = _in_argument(t0, tok) if tok.pos_ == "VERB" else None
                    if arg is not None and not self._on_actor(t0, arg):
                        d += 500  # "On Monday, X condemned Saturday's attack": the attack's day, not the act's
                    if future and pub and te.value[:len(pub)] < pub[:len(te.value)]:
                        d += 1000  # a past date in a planned happening's clause is the report's
                    if best is None or d < best[0]:
                        best = (d, te.value)
        return best[1] if best is not None else None

    def _on_actor(self, t: Token, arg: Token) -> bool:
        """ "summoned the ambassador on Thursday": a day hung on a person or state the verb takes is the
        verb's day (the parser's attachment), unlike "condemned Saturday's attack"."""
        if t.dep_ != "pobj" or t.head.lower_ != "on" or t.head.head.i != arg.i:
            return False
        m = self.actors.mention_at(arg)
        return arg.lower_ in lexicon().title_words or (m is not None and m.type in ("PERSON", "COUNTRY"))

    def _host_state(self, tok: Token) -> Actor | None:
        """The state of the place a meeting is held in: "met X in Mexico City", "…, where he met X"."""
        where = tok.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in tok.children)
        def places(t: Token) -> list[Token]:
            return [p for c in t.children if c.dep_ == "prep" and c.lower_ in ("in", "at")
                    for p in c.children if p.dep_ == "pobj"]
        cands = places(tok)
        if where:  # the place the "where" clause hangs from, or its clause's ("was in X on Monday, where …")
            verb = next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)
            cands += [tok.head] + (places(verb) if verb is not None else [])
        for t in cands:
            m = self.actors.mention_at(t)
            if m is not None and m.type == "LOCATION":
                code = self.actors.state_of(m)
                if code:
                    return Actor(code, m.entity_id, m.start)
        return None

    def _location(self, tok: Token) -> str | None:
        for t in list(tok.subtree) + list(tok.head.subtree):
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "at"):
                m = self.actors.mention_at(t)
                if m is not None and m.type == "LOCATION":
                    ent = self.actors.ents.get(m.entity_id or "")
                    return ent.name if ent else m.name
        return None

    def _attribution(self, sent: Span) -> str | None:
        for m in self.actors.ms:
            if sent.start_char <= m.start < sent.end_char and m.type == "ORG" and (is_outlet(m) or m.source == "credit"):
                ent = self.actors.ents.get(m.entity_id or "")
                return ent.name if ent else m.name
        return None


def _in_argument(t: Token, verb: Token) -> Token | None:
    """The noun phrase the verb takes that a time word is inside ("condemned Saturday's attack"), if it is
    not on the verb (``EventFinder._on_actor`` says when such a time is still the verb's)."""
    cur = t
    for _ in range(6):
        if cur.head.i == cur.i or cur.head.i == verb.i:
            return None
        cur = cur.head
        if cur.pos_ in ("NOUN", "PROPN") and cur.dep_ in ("dobj", "nsubj", "nsubjpass", "attr"):
            return cur
        if cur.pos_ in ("VERB", "AUX"):
            return None
    return None


def _object_controller(child: Token, verb: Token, infinitive: bool = True) -> Token | None:
    """ "sanctioned Turkey for buying …", "accused Iran of supplying …": the verb's object does the
    -ing of its "for"/"of" phrase, not its subject; "prompting Tokyo to condemn …": the object does the
    infinitive (but "promised Kyiv to deliver …" keeps its subject)."""
    if infinitive and child.dep_ == "xcomp" and verb.pos_ == "VERB" and verb.lemma_.lower() not in SUBJECT_CONTROL \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
        return next((c for c in verb.children if c.dep_ == "dobj" and c.i < child.i), None)
    if child.dep_ != "prep" or child.lower_ not in ("for", "of", "over") or verb.pos_ not in ("VERB", "AUX"):
        return None
    if not any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in child.children):
        return None
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _governing_verb(tok: Token) -> Token | None:
    gov = tok.head
    if gov.pos_ == "ADP" and tok.dep_ == "pobj":
        gov = gov.head
    return gov if gov.i != tok.i and gov.pos_ in ("VERB", "AUX") else None


def _under_without_verb(t: Token, top: Token, through: frozenset[str] = frozenset()) -> bool:
    """``t`` hangs below ``top`` with no verb between them ("the 2015 purchase", not "which follows 2015");
    participles in ``through`` do not count ("radars built by X to the air force": a misattached "to")."""
    for _ in range(8):
        if t.i == top.i:
            return True
        if t.head.i == t.i or (t.pos_ in ("VERB", "AUX") and t.i != top.i and not (
                t.dep_ == "acl" and t.tag_ == "VBN" and t.lemma_.lower() in through)):
            return False
        t = t.head
    return False


LISTED_TARGETS = 3  # a list this long of states an act is aimed at makes one event per state
LIST_ITEM_CHARS = 40  # at most this many characters per item between the list's first and last state


def _listed(targets: list[Actor]) -> bool:
    """The targets are one list of named states, in text order and close together ("withdrew its diplomats
    from Argentina, Chile, Peru and Uruguay"), long enough for each to be a target of its own."""
    if len(targets) < LISTED_TARGETS or any(a.entity_id is None for a in targets):
        return False
    starts = [a.start for a in targets]
    return starts == sorted(starts) and starts[-1] - starts[0] < LIST_ITEM_CHARS * len(starts)


def _with_list(tok: Token, targets: list[Actor]) -> bool:
    """ "talks on BrahMos with Indonesia and Vietnam": the talks are held with each state of the list."""
    if len(targets) < 2:
        return False
    withs = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "with" for p in c.children
             if p.dep_ == "pobj"]
    return any(len(list(p.conjuncts)) >= 1 for p in withs)


_TIME_PREPS = frozenset({"before", "since", "until", "till", "prior"})


def _no_happening(tok: Token) -> bool:
    """A trigger word that reports no act of its own: a time reference ("eight days before the invasion"),
    the reporter's question ("Asked about the launch, X said"), an admission ("officials concede that …"),
    a manner ("told Reuters by telephone")."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "pobj":
        prep = tok.head.lower_
        if (prep in _TIME_PREPS or (prep == "to" and tok.head.head.lower_ == "prior")) and not any(
                c.dep_ == "poss" for c in tok.children):  # ("months before Moscow's invasion" names its doer)
            return True
        if prep in ("by", "over", "via") and tok.lemma_.lower() in ("telephone", "phone", "videoconference", "video"):
            return True
    for t in (tok, *tok.ancestors):  # "Asked whether he sought regime change, …": nor what the question asks
        if t.lemma_.lower() == "ask" and t.tag_ == "VBN" and t.dep_ in ("advcl", "acl", "ccomp") and not any(
                c.dep_ in ("nsubj", "nsubjpass", "auxpass", "agent") for c in t.children):
            return True
    if tok.lemma_.lower() in ("concede", "admit") and any(c.dep_ == "ccomp" for c in tok.children):
        return True
    return False


def _clause_verb(tok: Token) -> int:
    """The first verb above a token (the clause a time expression belongs to)."""
    t = tok
    for _ in range(10):
        if t.head.i == t.i:
            return t.i
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t.i
    return t.i


def _union(*lists: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for lst in lists:
        for a in lst:
            if all(a.code != b.code for b in out):
                out.append(a)
    return out


def _phase(status: str) -> str:
    return "ahead" if status in ("planned", "reported_intent") else "done"


def _fits(cur: Event, ev: Event) -> int:
    """How well a mention fits an event: 2 same actors, 1 compatible (one side unknown), 0 no."""
    if cur.type != ev.type:
        return 0
    pairs = [(cur.source, cur.target)]
    if ev.type in SYMMETRIC:
        pairs.append((cur.target, cur.source))
    best = 0
    for s, t in pairs:
        if (s, t) == (ev.source, ev.target):
            return 2
        slots = ((s, ev.source), (t, ev.target))
        if all(a is None or b is None or a == b for a, b in slots):
            # one side shared, or one mention's known sides within the other's; never a cross-fill of
            # (None, B) with (A, None), which joins two different actors' calls
            shared = any(a is not None and a == b for a, b in slots)
            within = all(a is None for a, _ in slots) or all(b is None for _, b in slots) or all(
                (a is None) == (b is None) for a, b in slots)
            if shared or within:
                best = 1
    return best


def _week_to_month(date: str | None) -> str | None:
    """An event is dated by day, month or year: "last week" (2025-W20) is the month of its Thursday."""
    span = period(date)
    if span is None or span[2] != "week":
        return date
    return (span[0] + dt.timedelta(days=3)).strftime("%Y-%m")


def _current(date: str | None, pub: str | None) -> bool:
    """A happening dated within the week of publication (still going on: "kicked off on Monday")."""
    if not date or not pub or len(date) < 10 or len(pub) < 10:
        return False
    try:
        return (dt.date.fromisoformat(pub) - dt.date.fromisoformat(date[:10])).days <= 7
    except ValueError:
        return False


def _same_happening(m: _Found, f: _Found, pub: str | None) -> bool:
    a, b = m.event, f.event
    if f.anaphor:
        return True
    if m.dated and f.dated and (a.date or "")[:4] != (b.date or "")[:4]:
        return False  # different years: different happenings
    if not f.explicit or not m.explicit or _phase(a.status) == _phase(b.status):
        return True
    # "will also hold drills" within an exercise that began this week
    return (m.dated and not f.dated and _current(a.date, pub)) or (f.dated and not m.dated and _current(b.date, pub))


def _merge(found: list[_Found], pub: str | None = None) -> list[Event]:
    """One event per happening. Meetings, agreements and aid need both sides; most types a source."""
    merged: list[_Found] = []
    for f in found:
        ev = f.event
        cands = [(fit, m) for m in merged if (fit := _fits(m.event, ev)) and _same_happening(m, f, pub)]
        if not cands:
            merged.append(f)
            continue
        fit, m = max(cands, key=lambda x: x[0])
        cur = m.event
        if f.anaphor:
            continue  # "the drills will run until Friday": already told
        if not m.explicit and f.explicit:
            cur.status, m.explicit = ev.status, True
        elif m.dated and not f.dated and _phase(cur.status) != _phase(ev.status):
            pass  # the dated happening keeps its status
        elif f.dated and not m.dated and _phase(cur.status) != _phase(ev.status):
            cur.status = ev.status
        if f.dated and not m.dated:
            cur.date, m.dated = ev.date, True
        if ev.type in SYMMETRIC and cur.source == ev.target and cur.target != ev.target:
            ev_s, ev_t = ev.target, ev.source
        else:
            ev_s, ev_t = ev.source, ev.target
        if cur.source is None and ev_s is not None:
            cur.source, cur.source_actor = ev_s, ev.source_actor
        if cur.target is None and ev_t is not None and ev_t != cur.source:
            cur.target, cur.target_actor = ev_t, ev.target_actor
        cur.date = cur.date or ev.date
        cur.location = cur.location or ev.location
        cur.attributed_to = cur.attributed_to or ev.attributed_to
        cur.confidence = max(cur.confidence, ev.confidence)
    for m in merged:
        if m.event.source is not None and m.event.source == m.event.target:
            m.event.target, m.event.target_actor = None, None  # one state on both sides: no other side known
    return [m.event for m in merged if (m.event.source or m.event.type in SOURCE_OPTIONAL) and (
        m.event.target or m.event.type not in NEEDS_TARGET or is_non_state(m.event.source))]


def _no_state_codes(ev: Event) -> Event:
    """An armed group acts under no state code: the record keeps its entity, the code is null."""
    if is_non_state(ev.source):
        ev.source = None
    if is_non_state(ev.target):
        ev.target = None
    return ev


def find_events(doc: Doc, record: Record) -> list[Event]:
    """The article's PLOVER events, one per distinct happening."""
    return EventFinder(doc, record).run()

"""The status of a reported happening, from tense, modals and hedges in the trigger's own clause.

occurred | planned ("will take place", "is to visit") | reported_intent ("is considering",
"seeks", "would pursue") | rumored ("rumored", "reportedly") | speculated ("speculated",
"analysts believe"). The cue words are data: ``data/events/cues.json``.

Scope: a verb trigger's clause is the verb, the verbs it is the complement of ("plans to visit",
"is considering buying"), a subject-less conjunct's first verb, and a governing verb of
speculation or rumour ("analysts believe that …"). A hedge on a plain reporting verb ("X
reportedly confirmed that Y happened") or on a predicate said of a noun trigger ("recent drills
may have been aimed at …") does not reach the happening. A noun trigger takes its status from its
own modifiers ("planned talks") and from the verb it is the object of ("will hold talks"), or, as
a subject, from a verb of happening ("the meeting will take place").
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Token

from sitrep.data import DATA_DIR

ORDER = ("speculated", "rumored", "reported_intent", "planned")


@dataclass(frozen=True)
class Cues:
    words: dict[str, frozenset[str]]  # status → adverbs/modals/adjectives (lower-cased forms)
    verbs: dict[str, frozenset[str]]  # status → governing verb lemmas
    subjects: dict[str, frozenset[str]]  # status → subject lemmas of a reporting verb ("analysts")
    happen: frozenset[str]  # predicates that report a noun's happening ("take place", "begin")
    reporting: frozenset[str]  # plain reporting verbs: hedges on them do not reach the content
    temporal_marks: frozenset[str]  # "when", "once": present tense under them is future
    negation: frozenset[str]
    background: tuple[str, ...] = ()  # "in recent years", "has long": habitual or background, no news
    wish: frozenset[str] = frozenset()  # "hoped the two would settle …": what is wished is no event
    charge_nouns: frozenset[str] = frozenset()  # "rejected the accusation": answers whoever made it
    talk_nouns: frozenset[str] = frozenset()  # "talks on an order": the order is negotiated, not agreed
    open_targets: frozenset[str] = frozenset()  # "urged all parties": a target that is everyone, left null
    done_nouns: frozenset[str] = frozenset()  # "the decision to arm": an infinitive under them is no plan
    measure_nouns: frozenset[str] = frozenset()  # "a wave of strikes": the act's roles are the measure's
    field_targets: frozenset[str] = frozenset()  # "struck a speedboat": hit, but no state is the target
    hearsay_passives: frozenset[str] = frozenset()  # "is said to have received": second-hand, so rumored


@cache
def cues() -> Cues:
    raw = json.loads((DATA_DIR / "events" / "cues.json").read_text(encoding="utf-8"))

    def table(key: str) -> dict[str, frozenset[str]]:
        return {k: frozenset(v) for k, v in raw.get(key, {}).items()}

    return Cues(words=table("words"), verbs=table("verbs"), subjects=table("subjects"),
                happen=frozenset(raw["happen"]), reporting=frozenset(raw["reporting"]),
                temporal_marks=frozenset(raw["temporal_marks"]), negation=frozenset(raw["negation"]),
                background=tuple(raw.get("background", ())), wish=frozenset(raw.get("wish", ())),
                charge_nouns=frozenset(raw.get("charge_nouns", ())), talk_nouns=frozenset(raw.get("talk_nouns", ())),
                open_targets=frozenset(raw.get("open_targets", ())), done_nouns=frozenset(raw.get("done_nouns", ())),
                measure_nouns=frozenset(raw.get("measure_nouns", ())),
                field_targets=frozenset(raw.get("field_targets", ())),
                hearsay_passives=frozenset(raw.get("hearsay_passives", ())))


@dataclass
class Status:
    value: str
    explicit: bool  # a cue or a finite verb said it (not just a bare noun)
    head: Token  # the verb (or noun) whose clause carries the happening
    scope: list[Token] = field(default_factory=list)


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _modifier_words(t: Token) -> list[Token]:
    return [c for c in t.children if c.dep_ in ("aux", "auxpass", "advmod", "neg", "mark", "prt", "acomp", "amod",
                                                 "npadvmod")]


def event_head(trigger: Token) -> tuple[Token, bool]:
    """The clause head that carries a trigger's tense, and whether a noun trigger reaches it."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger, True
    c = cues()
    t = trigger
    # through "of"/"for"/prepositions and nouns up to a verb: "the purchase of jets" → its verb
    while t.head.i != t.i and t.dep_ in ("pobj", "prep", "compound", "conj", "appos", "pcomp") \
            and t.head.pos_ not in ("VERB", "AUX"):  # "is reportedly in talks": the copula carries the hedge
        t = t.head
    gov = t.head
    if gov.i == t.i:
        return trigger, False
    if t.dep_ in ("nsubj", "nsubjpass"):
        if _lemma(gov) in c.happen or gov.lemma_ == "be" or _lemma(gov) in c.verbs.get("planned", ()):
            return gov, True  # (… or is planned: "a meeting … is scheduled for March 20")
        return trigger, False  # "recent drills aimed at …": the predicate is not the happening
    if gov.pos_ in ("VERB", "AUX"):
        return gov, True
    if t.dep_ == "pobj" and gov.pos_ == "ADP" and gov.head.pos_ in ("VERB", "AUX"):
        return gov.head, True
    return trigger, False


def scope(trigger: Token) -> tuple[Token, list[Token]]:
    """The clause head and the chain of verbs whose modals and hedges bear on the happening."""
    c = cues()
    head, reached = event_head(trigger)
    chain = [head]
    if not reached:
        return head, chain
    t = head
    while t.head.i != t.i and len(chain) < 6:
        dep, gov = t.dep_, t.head
        if dep in ("xcomp", "aux", "auxpass") or (dep == "conj" and not any(
                ch.dep_ in ("nsubj", "nsubjpass") or (ch.dep_ in ("aux", "auxpass") and ch.lower_ != "to")
                for ch in t.children)):
            # (a conjunct with an auxiliary of its own has its own tense: "wanted to buy jets and has held talks")
            chain.append(gov)
            t = gov
            continue
        if dep in ("acomp", "attr") and _lemma(gov) == "be":
            chain.append(gov)
            t = gov
            continue
        if dep in ("ccomp", "parataxis") or (dep == "advcl" and gov.lemma_ in c.reporting):
            # a governing verb of speculation or rumour, or analysts/sources reporting
            lem = _lemma(gov)
            subj = {_lemma(s) for s in gov.children if s.dep_ in ("nsubj", "nsubjpass")}
            if any(lem in v for v in c.verbs.values()) or any(subj & v for v in c.subjects.values()):
                chain.append(gov)
        break
    return head, chain


def status_of(trigger: Token, *, own_verb_cues: bool = False) -> Status:
    """The status of the happening a trigger names; "occurred" when nothing says otherwise.

    ``own_verb_cues``: let the trigger's own lemma count as a cue (off: "seek" as a REQUEST
    trigger is the request itself, not an intention).
    """
    c = cues()
    head, chain = scope(trigger)
    found: set[str] = set()
    toks: list[Token] = []
    if trigger.pos_ not in ("VERB", "AUX"):
        toks.extend(_modifier_words(trigger))
    for i, v in enumerate(chain):
        toks.extend(_modifier_words(v))
        if v.i == trigger.i and not own_verb_cues:
            continue
        lem = _lemma(v)
        for st, verbs in c.verbs.items():
            if lem in verbs and (i > 0 or v.i != trigger.i):
                found.add(st)
        if i > 0 and lem in c.hearsay_passives and chain[i - 1].dep_ == "xcomp" \
                and any(ch.dep_ == "auxpass" for ch in v.children):
            found.add("rumored")  # "is said to have received", "is believed to have sent"
        subj = {_lemma(s) for s in v.children if s.dep_ in ("nsubj", "nsubjpass")}
        subj |= {_lemma(cc) for s in v.children if s.dep_ in ("nsubj", "nsubjpass") for cc in s.children
                 if cc.dep_ == "amod"}
        if i > 0:
            for st, subs in c.subjects.items():
                if subj & subs:
                    found.add(st)
    for t in toks:
        for st, words in c.words.items():
            if t.lower_ in words:
                found.add(st)
        # "is to visit": be + to-infinitive
        if t.dep_ == "aux" and t.lower_ == "to" and t.head.dep_ == "xcomp" and _lemma(t.head.head) == "be":
            found.add("planned")
        # "an invitation to visit", "a plan to buy": an infinitive that modifies a noun is not yet done
        if t.dep_ == "aux" and t.lower_ == "to" and t.head.dep_ == "acl" and t.head.i == trigger.i \
                and t.head.head.pos_ in ("NOUN", "PROPN") and _lemma(t.head.head) not in c.done_nouns:
            found.add("planned")  # but "the decision to arm X", "a move to expel": taken, so done
    # present tense under "when"/"once" in a sentence about the future: "when the delegation arrives"
    if head.pos_ == "VERB" and head.tag_ in ("VBZ", "VBP") and head.dep_ in ("advcl", "relcl") and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in c.temporal_marks for m in head.children):
        found.add("planned")
    # "according to sources" anywhere in the sentence
    sent = [t.lower_ for t in trigger.sent]
    rumor = c.subjects.get("rumored", frozenset())
    for i in range(len(sent) - 3):
        if sent[i] == "according" and (sent[i + 2] in rumor or sent[i + 2] in ("unconfirmed", "unverified") and (
                sent[i + 3] in rumor or sent[i + 3].rstrip("s") in rumor)):  # "according to unconfirmed reports"
            found.add("rumored")
    for st in ORDER:
        if st in found:
            return Status(st, True, head, chain)
    explicit = head.pos_ in ("VERB", "AUX") or bool(found)
    return Status("occurred", explicit, head, chain)


def is_negated(trigger: Token) -> bool:
    """A negation on the trigger or on the verb that carries it ("did not visit", "no longer expire")."""
    neg = cues().negation
    head, chain = scope(trigger)
    for t in {trigger, head, *chain[:2]}:
        for ch in t.children:
            if ch.dep_ == "neg" or (ch.dep_ in ("advmod", "det") and ch.lower_ in neg):
                return True
            if ch.dep_ == "advmod" and ch.lower_ == "longer" and any(g.lower_ == "no" for g in ch.children):
                return True
    return False

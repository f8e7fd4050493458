"""PLOVER events: who did what to whom, when, where, according to whom.

Triggers and their PLOVER type/mode/context are data (``data/events/triggers.jsonl``). For each
trigger the dependency parse gives the actors: the subject (or the agent of a passive) is the
source; the object, or the object of "with/to/against/on/from", the target; a noun trigger takes
its own modifiers ("joint US and Israeli drills", "his visit to Moscow") and, failing those, the
subject of the verb it depends on ("Hatami held talks with …"). Reversed triggers (host,
receive) swap them. Joint drills by two or more states are COOPERATE, one side's drills MOBILIZE.
Status comes from :mod:`sitrep.extract.status`; the date from a time expression in the sentence,
else the publication month for a past happening; mentions of one happening merge into one event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitrep.data import load_jsonl
from sitrep.extract.actors import Actor, ActorResolver
from sitrep.extract.status import is_negated, status_of
from sitrep.records import Event, Record

SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
ARMS_WORDS = frozenset({"weapon", "arms", "missile", "aircraft", "jet", "fighter", "helicopter", "tank", "drone",
                        "system", "equipment", "warship", "submarine", "ammunition", "munition", "rocket",
                        "howitzer", "battery", "frigate", "vessel", "artillery", "plane", "warplane", "rafale"})
MISSILE_WORDS = frozenset({"missile", "missiles", "rocket", "rockets", "icbm", "icbms", "projectile", "slbm", "warhead"})
_OBJ_DEPS = ("dobj", "dative", "attr", "oprd")
_TARGET_PREPS = ("with", "to", "against", "on", "from", "for", "toward", "towards", "at", "into", "upon", "over")


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
    key: tuple
    order: int
    extra: dict[str, Any] = field(default_factory=dict)


class EventFinder:
    def __init__(self, doc: Doc, record: Record):
        self.doc = doc
        self.record = record
        self.actors = ActorResolver(doc)
        self.lex = triggers()
        self.times = record.time_expressions
        art = doc._.article
        self.text = art.text if art is not None else doc.text
        self.skip = [(s.start, s.end) for s in (art.segments if art is not None else []) if s.kind in ("noise", "meta")]
        self.quotes = [(q.start, q.end) for q in record.quotes]

    def run(self) -> list[Event]:
        found: list[_Found] = []
        for sent in self.doc.sents:
            if any(a <= sent.start_char < b for a, b in self.skip) or not sent.text.strip():
                continue
            for tok in sent:
                for trig in self._matching(tok):
                    ev = self._event(tok, trig, sent)
                    if ev is not None:
                        found.append(_Found(ev, _key(ev), len(found)))
        return _merge(found)

    # ------------------------------------------------------------ triggers
    def _matching(self, tok: Token) -> list[Trigger]:
        if tok.pos_ not in ("VERB", "NOUN", "PROPN", "ADJ", "AUX"):
            return []
        cands = self.lex.get(tok.lemma_.lower(), []) + (self.lex.get(tok.lower_, []) if tok.lower_ != tok.lemma_.lower() else [])
        out = []
        pos = "NOUN" if tok.pos_ == "PROPN" else ("VERB" if tok.pos_ == "AUX" else tok.pos_)
        for t in cands:
            if pos not in t.pos:
                continue
            if t.dependent and not any(c.lemma_.lower() == t.dependent or c.lower_ == t.dependent
                                       for c in list(tok.children) + list(tok.subtree)[:12]):
                continue
            if t not in out:
                out.append(t)
        return out

    # ------------------------------------------------------------ one trigger → one event
    def _event(self, tok: Token, trig: Trigger, sent: Span) -> Event | None:
        if is_negated(tok):
            return None
        in_quote = any(a <= tok.idx < b for a, b in self.quotes)
        if in_quote and not trig.opt("in_quote"):
            return None
        clause = list(tok.subtree) if tok.pos_ == "VERB" else list(tok.head.subtree)
        if trig.opt("needs_obj") and not any(t.lemma_.lower() in trig.opt("needs_obj") for t in clause):
            return None
        if trig.opt("needs_equipment") and not self._has_arms(clause, sent):
            return None
        if trig.opt("needs_missile") and not any(t.lower_ in MISSILE_WORDS for t in sent):
            return None
        if trig.opt("needs_verb"):
            gov = tok.head
            if gov.lemma_.lower() not in trig.opt("needs_verb") and not any(
                    c.lemma_.lower() in trig.opt("needs_verb") for c in tok.children):
                return None
        sources, targets, participants = self._roles(tok, trig)
        typ = trig.type
        if trig.opt("joint_type"):
            joint = participants or []
            if len(joint) >= 2:
                typ = trig.opt("joint_type")
                sources, targets = [joint[0]], [joint[1]]
            elif trig.opt("needs_joint"):
                return None
            else:
                sources = sources or joint
                targets = []
        if trig.opt("reverse"):
            sources, targets = targets, sources
        src = sources[0] if sources else None
        tgt = next((t for t in targets if src is None or t.code != src.code), None)
        if src is None and tgt is None:
            return None
        if typ in ("CONSULT",) and (src is None or tgt is None):
            return None
        if (trig.opt("needs_target") or trig.opt("needs_two")) and (tgt is None or src is None):
            if not (trig.opt("needs_target") and tgt is not None):
                return None
        if src is not None and tgt is not None and src.code == tgt.code:
            return None
        status = status_of(tok)
        if trig.opt("only_status") and status not in trig.opt("only_status"):
            return None
        lifted = trig.type == "SANCTION" and self._lifted(tok)
        mode = "lifted" if lifted else trig.mode
        date = self._date(tok, sent, status)
        evidence = (sent.start_char, sent.end_char)
        while evidence[1] > evidence[0] and self.text[evidence[1] - 1].isspace():
            evidence = (evidence[0], evidence[1] - 1)
        conf = 0.5 + (0.2 if src is not None else 0) + (0.2 if tgt is not None else 0)
        return Event(type=typ, source=src.code if src else None, target=tgt.code if tgt else None, status=status,
                     evidence=evidence, mode=mode, context=trig.context,
                     source_actor=src.entity_id if src else None, target_actor=tgt.entity_id if tgt else None,
                     date=date, location=self._location(tok, sent), attributed_to=self._attribution(sent),
                     confidence=round(min(conf, 0.95), 2), trigger=tok.text,
                     note="embargo or sanctions lifted" if lifted else None)

    def _has_arms(self, clause: list[Token], sent: Span) -> bool:
        for t in clause:
            m = self.actors.mention_at(t)
            if m is not None and m.type == "EQUIPMENT":
                return True
            if t.lemma_.lower() in ARMS_WORDS:
                return True
        return False

    def _roles(self, tok: Token, trig: Trigger) -> tuple[list[Actor], list[Actor], list[Actor]]:
        """(sources, targets, all participants) of a trigger from its syntactic neighbourhood."""
        res = self.actors
        sources: list[Actor] = []
        targets: list[Actor] = []
        participants: list[Actor] = []

        def add(lst: list[Actor], actors: list[Actor]) -> None:
            for a in actors:
                if all(a.code != b.code for b in lst):
                    lst.append(a)

        def objects_of(head: Token) -> None:
            for c in head.children:
                if c.dep_ in _OBJ_DEPS:
                    add(targets, res.actors(c))
                    for cc in c.children:  # "purchase of … from Russia", "contract with Moscow"
                        if cc.dep_ == "prep" and cc.lower_ in _TARGET_PREPS:
                            for p in cc.children:
                                if p.dep_ == "pobj":
                                    add(targets, res.actors(p))
                elif c.dep_ == "prep" and c.lower_ in _TARGET_PREPS:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add(targets, res.actors(p))
                elif c.dep_ == "prep" and c.lower_ == "between":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add(participants, res.actors(p))
                elif c.dep_ == "agent":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add(sources, res.actors(p))
                elif c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB":
                    objects_of(c)

        if tok.pos_ in ("VERB", "AUX", "ADJ"):
            head = tok
            for c in tok.children:
                if c.dep_ in ("nsubj", "csubj"):
                    add(sources, res.actors(c))
                elif c.dep_ == "nsubjpass":
                    add(targets if trig.type not in SYMMETRIC else sources, res.actors(c))
            objects_of(head)
            if not sources:
                gov = tok
                for _ in range(3):  # "set a program to strengthen ties", "agreed to sell"
                    if gov.head.i == gov.i:
                        break
                    gov = gov.head
                    subs = [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")]
                    if subs:
                        add(sources, res.actors(subs[0]))
                        break
        else:
            # a noun: its own modifiers, then the verb it belongs to
            for c in tok.children:
                if c.dep_ in ("amod", "compound", "nmod", "poss"):
                    add(participants, res.actors(c))
                    for cc in c.children:
                        if cc.dep_ in ("amod", "compound", "conj", "poss"):
                            add(participants, res.actors(cc))
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "by":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            add(sources, res.actors(p))
            objects_of(tok)
            gov = tok.head
            if tok.dep_ in ("dobj", "attr", "nsubj", "nsubjpass", "pobj", "conj") and gov.i != tok.i:
                if gov.pos_ == "ADP":
                    gov = gov.head
                for c in gov.children:
                    if c.dep_ in ("nsubj",) and c.i != tok.i:
                        add(sources, res.actors(c))
                    elif c.dep_ == "nsubjpass" and c.i != tok.i:
                        add(sources, res.actors(c))
                if gov.pos_ == "VERB":
                    objects_of(gov)
            poss = [a for a in participants]
            if not sources and poss:
                sources = [poss[0]]
                targets = targets + [a for a in poss[1:] if all(a.code != t.code for t in targets)]
            participants = _union(participants, sources, targets)
        participants = _union(participants, sources, targets)
        if trig.type in SYMMETRIC and len(participants) >= 2 and (not sources or not targets):
            sources = sources or [participants[0]]
            targets = targets or [p for p in participants if p.code != sources[0].code][:1]
        return sources, targets, participants

    def _lifted(self, tok: Token) -> bool:
        words = {t.lemma_.lower() for t in list(tok.ancestors)[:3]} | {t.lemma_.lower() for t in tok.children}
        words |= {t.lemma_.lower() for t in tok.head.children}
        return bool(words & {"lift", "lifting", "expire", "expiration", "expiry", "end", "remove", "ease", "scrap"})

    def _date(self, tok: Token, sent: Span, status: str) -> str | None:
        inside = [t for t in self.times if sent.start_char <= t.start < sent.end_char and t.value]
        if inside:
            best = min(inside, key=lambda t: abs(t.start - tok.idx))
            return best.value
        pub = self.record.published
        if status == "occurred" and pub and len(pub) >= 7:
            return pub[:7]
        return None

    def _location(self, tok: Token, sent: Span) -> str | None:
        for t in list(tok.subtree) + list(tok.head.subtree):
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "at"):
                m = self.actors.mention_at(t)
                if m is not None and m.type == "LOCATION":
                    ent = self.actors.ents.get(m.entity_id or "")
                    return ent.name if ent else m.name
        return None

    def _attribution(self, sent: Span) -> str | None:
        for m in self.actors.ms:
            if sent.start_char <= m.start < sent.end_char and m.type == "ORG" and (
                    m.info.get("outlet") or m.source == "credit"):
                ent = self.actors.ents.get(m.entity_id or "")
                return ent.name if ent else m.name
        return None


def _union(*lists: list[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for lst in lists:
        for a in lst:
            if all(a.code != b.code for b in out):
                out.append(a)
    return out


def _key(ev: Event) -> tuple:
    pair = (ev.source, ev.target)
    if ev.type in SYMMETRIC:
        pair = tuple(sorted(x or "" for x in pair))
    status = ev.status if ev.type == "CONSULT" and ev.status == "planned" else ""
    return (ev.type, pair, status)


def _merge(found: list[_Found]) -> list[Event]:
    """One event per happening: same type and actors (and, for meetings, planned vs held)."""
    merged: dict[tuple, Event] = {}
    for f in found:
        ev = f.event
        cur = merged.get(f.key)
        if cur is None:
            merged[f.key] = ev
            continue
        cur.date = cur.date or ev.date
        cur.location = cur.location or ev.location
        cur.attributed_to = cur.attributed_to or ev.attributed_to
        cur.source_actor = cur.source_actor or ev.source_actor
        cur.target_actor = cur.target_actor or ev.target_actor
        cur.confidence = max(cur.confidence, ev.confidence)
    return list(merged.values())


def find_events(doc: Doc, record: Record) -> list[Event]:
    """The article's PLOVER events, one per distinct happening."""
    return EventFinder(doc, record).run()

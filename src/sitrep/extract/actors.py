"""From tokens to the states (or international bodies) they stand for.

A COUNTRY mention is its ISO code; a person the state they serve; a national body its country;
an international body its ``IGO:`` code; a capital or city its country; "he"/"his" the last person
named; "his country" that person's state; "the minister" the last person with that role.
Coordinations ("Tehran and Moscow", "joint US and Israeli drills") give every conjunct. A phrase
that names no state itself takes the one it is "of"/"from"/"in" ("the armed forces of the DPRK",
"an air base in Manila"). Organs of the UN (Security Council, General Assembly) are ``IGO:UN``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from sitrep.nlp.extensions import Mention, mentions, text_of
from sitrep.records import Entity

ROLE_NOUNS = frozenset({"minister", "general", "chief", "president", "official", "spokesman", "spokeswoman",
                        "commander", "ambassador", "envoy", "secretary", "leader", "premier", "delegation",
                        "counterpart", "admiral", "diplomat", "head"})
FOR_BODY_NOUNS = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative", "adviser", "advisor", "aide"})
PERSONAL = frozenset({"he", "she", "his", "her", "him"})
OTHER_SIDE = frozenset({"counterpart", "host", "partner", "guest", "opponent", "rival", "adversary", "enemy"})
UN_ORGANS = frozenset({"IGO:UNSC", "IGO:UNGA"})
THING_PRONOUNS = frozenset({"it", "its"})
PAIR_NOUNS = frozenset({"country", "nation", "side", "party", "state", "government", "capital", "neighbour", "neighbor",
                        "ally", "partner", "power"})
BODY_NOUNS = frozenset({"government", "ministry", "military", "army", "navy", "administration", "cabinet",
                        "parliament", "kremlin", "pentagon", "regime", "force", "forces", "authorities"})
MAKER_WORDS = frozenset({"make", "made", "build", "built", "produce", "produced", "manufacture", "manufactured",
                         "design", "designed", "supply", "supplied", "origin"})
MAKER_VERBS = frozenset({"build", "make", "produce", "manufacture", "design", "develop"})  # lemmas: "radars built by X"
_OF_PREPS = ("of", "from", "in")
NSA_PREFIX = "NSA:"  # non-state armed groups (orgs.jsonl kind "armed_group"): actors without a state code
REPORTING_VERBS = frozenset({"say", "tell", "state", "add", "declare", "write", "insist", "warn", "stress", "note",
                             "announce", "vow", "pledge", "assert", "tweet", "post"})


@dataclass(frozen=True)
class Actor:
    code: str  # ISO3, IGO:XXX, or NSA:<name> for an armed group (written out as a null code)
    entity_id: str | None
    start: int  # where in the text it was named


class ActorResolver:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.ms = sorted(mentions(doc), key=lambda m: m.start)
        self.ents: dict[str, Entity] = {e.id: e for e in (doc._.sitrep_entities or [])}
        self._at = {}
        self._igo_of: dict[str, str | None] = {}
        self._story: dict[frozenset[str], Actor | None] = {}
        for m in self.ms:
            for i in range(m.start, m.end):
                self._at.setdefault(i, m)

    def mention_at(self, tok: Token) -> Mention | None:
        return self._at.get(tok.idx)

    def story_recipient(self, gives: frozenset[str]) -> Actor | None:
        """The state a story's donors give to ("weapons for Ukraine", "sent tanks to Kyiv"): the state most
        often named after "to"/"for" on one of ``gives`` (lemmas) or on their phrase, more than any
        other, and named in the headline or before the end of the lede (the first sentence of 12 tokens)
        too; else None."""
        if gives in self._story:
            return self._story[gives]
        counts: Counter[str] = Counter()
        first: dict[str, Actor] = {}
        for tok in self.doc:
            if tok.dep_ == "pobj" and tok.head.lower_ in ("to", "for") and (
                    tok.head.head.lemma_.lower() in gives or tok.head.head.head.lemma_.lower() in gives):
                for a in self.actors(tok):
                    if not a.code.startswith("IGO:") and not is_non_state(a.code):
                        counts[a.code] += 1
                        first.setdefault(a.code, a)
        top = counts.most_common(2)
        got = None
        if top and (len(top) == 1 or top[0][1] > top[1][1]):
            art = self.doc._.article
            sents = [sn for sn in self.doc.sents if sn.text.strip()]
            lede = next((sn for sn in sents if len(sn) >= 12), sents[1] if len(sents) > 1 else None)
            lead_end = min(lede.end_char if lede is not None else len(self.doc.text), 600)
            title = (art.title or "") if art is not None else ""
            lead = {self.state_of(m) for m in self.ms if m.start < lead_end and m.type == "COUNTRY"}
            ent = self.ents.get(first[top[0][0]].entity_id or "")
            named = ent is not None and any(n and n in title for n in [ent.name, *ent.aliases])
            if top[0][0] in lead or named:
                got = first[top[0][0]]
        self._story[gives] = got
        return got

    def state_of(self, m: Mention) -> str | None:
        code = self._state_of(m)
        return "IGO:UN" if code in UN_ORGANS else code

    def origin_of(self, tok: Token) -> str | None:
        """The maker's country of the equipment named at ``tok``, if it is one."""
        m = self.mention_at(tok)
        if m is None or m.type != "EQUIPMENT":
            return None
        ent = self.ents.get(m.entity_id or "")
        return (ent.origin if ent else None) or m.info.get("origin")

    def _state_of(self, m: Mention) -> str | None:
        if m.type == "COUNTRY":
            return m.info.get("code")
        ent = self.ents.get(m.entity_id or "")
        if m.type == "PERSON":
            return (ent.country if ent else None) or m.info.get("country") or self._igo_title(m)
        if m.type == "ORG":
            code = m.info.get("code")
            if code and code.startswith("IGO:"):
                return code
            if m.info.get("kind") == "armed_group":  # no state acts through it: a non-state actor
                return NSA_PREFIX + (ent.name if ent else m.name)
            return (ent.country if ent else None) or m.info.get("country")
        if m.type == "LOCATION":
            return m.info.get("country") or m.info.get("code")
        return None

    def _igo_title(self, m: Mention) -> str | None:
        """ "UN Secretary-General António Guterres", "NATO chief Mark Rutte": a person with no state whose
        title names an international body serves that body (any mention of the person counts)."""
        key = m.entity_id or m.name
        if key not in self._igo_of:
            self._igo_of[key] = None
            text = text_of(self.doc)
            for pm in self.ms:
                if pm.type != "PERSON" or (pm.entity_id or pm.name) != key:
                    continue
                for om in self.ms:
                    code = om.info.get("code") or ""
                    if om.type == "ORG" and code.startswith("IGO:") and 0 <= pm.start - om.end <= 30 \
                            and not any(ch in text[om.end:pm.start] for ch in ",.;:()\n"):
                        self._igo_of[key] = code
                        break
                if self._igo_of[key]:
                    break
        return self._igo_of[key]

    def actors(self, tok: Token, *, with_conj: bool = True) -> list[Actor]:
        """The states a token (and the phrase it heads) stands for."""
        pair = self._pair(tok) or next((p for c in tok.children if c.dep_ == "poss" for p in [self._pair(c)] if p), [])
        if pair:
            return pair
        if with_conj and tok.lower_ == "they" and tok.dep_ == "nsubj":
            # "Russia and Sudan said they had reached an agreement": every sayer
            first = self._it(tok)
            span = tok.doc.char_span(first.start, first.start + 1, alignment_mode="expand") if first else None
            if span is not None and len(span):
                head = span[0]
                while head.dep_ in ("compound", "amod") and head.head.i != head.i:
                    head = head.head
                sayers = self.actors(head)
                if len(sayers) >= 2:
                    return sayers
        out: list[Actor] = []
        if with_conj and self._own_actor(tok) is None and tok.pos_ == "NOUN":
            # "the defence ministers of India and Japan": every state of the "of" phrase
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj" and any(x.dep_ == "conj" for x in p.children):
                            found = self.actors(p)
                            if len(found) >= 2:
                                return found
        toks = [tok] + (list(_conjuncts(tok)) if with_conj else [])
        for t in toks:
            a = self._actor_of(t)
            if a is not None and all(a.code != b.code for b in out):
                out.append(a)
            if with_conj and a is not None:  # "Georgian and American troops"
                for c in t.children:
                    if c.dep_ in ("amod", "compound", "nmod"):
                        for cc in _conjuncts(c):
                            b = self._own_actor(cc)
                            if b is not None and all(b.code != x.code for x in out):
                                out.append(b)
        return out

    def _actor_of(self, tok: Token, depth: int = 0) -> Actor | None:
        a = self._own_actor(tok)
        if a is not None and is_non_state(a.code) and self.mention_at(tok) is None and depth <= 1:
            # "the Houthi-controlled port of Hodeidah": the place's state, not the group holding it
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ in _OF_PREPS:
                    for p in c.children:
                        b = self._actor_of(p, depth + 1) if p.dep_ == "pobj" else None
                        if b is not None and not is_non_state(b.code):
                            return b
        if a is not None or depth > 1 or (tok.pos_ not in ("NOUN", "NUM", "PRON") and not (
                tok.pos_ == "PROPN" and tok.lemma_.lower() in ROLE_NOUNS)):  # "Deputy Minister of Defence of …"
            return a
        # "the armed forces of the DPRK", "13 of the 15 Council members", "an air base in Manila"
        preps = _OF_PREPS + (("for",) if tok.lemma_.lower() in ROLE_NOUNS or tok.lemma_.lower() in FOR_BODY_NOUNS else ())
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        a = self._actor_of(p, depth + 1)
                        if a is not None:
                            return a
        return None

    def _own_actor(self, tok: Token) -> Actor | None:
        m = self.mention_at(tok)
        if m is not None and m.type != "EQUIPMENT":
            code = self.state_of(m)
            if code:
                return Actor(code, m.entity_id, m.start)
        low = tok.lower_
        if low in PERSONAL:
            p = self.last_person_before(tok.idx)
            if p is not None and self.state_of(p):
                return Actor(self.state_of(p), p.entity_id, tok.idx)
            return None
        if low in THING_PRONOUNS or low == "they" and tok.dep_ == "nsubj":
            return self._it(tok)  # ("Czech officials said they were in talks …": the sayers' state)
        if low == "we" and tok.dep_ in ("nsubj", "nsubjpass"):
            return self._we(tok)
        # "the ministry", "the government": the body of that kind named last, as its state
        if tok.lemma_.lower() in BODY_NOUNS and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) \
                and not any(c.dep_ in ("amod", "compound", "poss", "nmod") for c in tok.children):
            body = self._last_body(tok)
            if body is not None:
                return body
        bare = self._bare_body(tok)
        if bare is not None:
            return bare
        # the phrase this token heads: "the Iranian defense chief", "his country", "an Egyptian delegation"
        kids = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss", "nmod", "det", "nummod", "npadvmod")]
        # "two Russian Tu-142 aircraft", "Air Self-Defense Force F-15J fighters": a modifier of a modifier
        kids += [k for c in kids if c.dep_ in ("compound", "amod") for k in c.children if k.dep_ in ("amod", "compound")]
        for c in kids:
            if c.dep_ == "poss" and self._pair(c):
                return None  # "the two countries' ministers": both, see ``actors``
            cm = self.mention_at(c)
            if cm is not None and cm.type in ("COUNTRY", "ORG", "PERSON", "LOCATION"):
                code = self.state_of(cm)
                if code:
                    return Actor(code, cm.entity_id, cm.start)
        # "his country" is his state; "his counterpart" is not
        if tok.lemma_.lower() not in OTHER_SIDE:
            for c in kids:
                if c.dep_ == "poss" and c.lower_ in ("his", "her"):
                    p = self.last_person_before(c.idx)
                    if p is not None and self.state_of(p):
                        return Actor(self.state_of(p), p.entity_id, c.idx)
        if tok.lemma_.lower() in ROLE_NOUNS | BODY_NOUNS or tok.lower_ in ("minister", "ministry"):
            # "the Minister of Defence of Ukraine", "the Ministry of Foreign Affairs of Kazakhstan"
            t = tok
            for _ in range(3):
                of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                t = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
                if t is None or any(c.dep_ == "conj" for c in t.children):
                    break  # ("the foreign ministers of Armenia and Azerbaijan": both, see ``actors``)
                m = self.mention_at(t)
                if m is not None and m.type == "COUNTRY":
                    code = self.state_of(m)
                    if code:
                        return Actor(code, m.entity_id, m.start)
        if tok.lemma_.lower() in ROLE_NOUNS and (tok.pos_ == "NOUN" or (
                tok.pos_ == "PROPN" and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children))):
            # "the minister", "The Secretary-General": the last person with that role
            p = self.last_person_before(tok.idx, role_word=tok.lemma_.lower())
            if p is not None and self.state_of(p):
                return Actor(self.state_of(p), p.entity_id, tok.idx)
        # "the two nations", "both sides": no single actor
        return None

    def maker_of(self, tok: Token) -> Actor | None:
        """ "the German-made tanks", "Iranian-built drones": the maker's state named on the phrase."""
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and (c.lemma_.lower() in MAKER_WORDS or c.lower_ in MAKER_WORDS):
                for cc in c.children:
                    cm = self.mention_at(cc)
                    if cm is not None and cm.type == "COUNTRY" and self.state_of(cm):
                        return Actor(self.state_of(cm), cm.entity_id, cm.start)
        return None

    def _it(self, tok: Token) -> Actor | None:
        """ "Russia said it would …", "Iran and its allies": the state that is the subject of the verb
        the pronoun's clause reports to (or of the same clause, for "its"); nothing else is guessed."""
        if tok.lower_ == "its":
            head = tok.head
            verb = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), None) if head.pos_ != "VERB" else head
            subs = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")] if verb is not None else []
            cands = [x for x in subs if x.i != head.i and tok.i not in {t.i for t in x.subtree}]
            if verb is not None:
                # "imposed sanctions on Iran over its supply": the state the measure is on, named just before
                objs = [t for t in verb.subtree if t.dep_ == "pobj" and t.i < tok.i and t.head.lower_ in ("on", "against")
                        and t.head.head.lemma_.lower() in ("sanction", "embargo", "measure", "restriction", "penalty")]
                cands = objs[-1:] + cands
        else:
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                return None
            if tok.head.dep_ == "relcl" and tok.head.head.pos_ in ("NOUN", "PROPN"):
                # "the Treasury designated officials it accused of …": the subject of the noun's verb
                verb = next((a for a in tok.head.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
                subs = [c for c in verb.children if c.dep_ == "nsubj"] if verb is not None else []
                for c in subs:
                    m = self.mention_at(c) or next((self.mention_at(k) for k in c.children
                                                   if k.dep_ in ("compound", "amod", "poss") and self.mention_at(k)), None)
                    code = self.state_of(m) if m is not None and m.type in ("COUNTRY", "ORG") else None
                    if code:
                        return Actor(code, m.entity_id, m.start)
                return None
            clause = tok.head
            while clause.dep_ in ("xcomp", "conj", "aux") and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ == "ROOT" and tok.i - tok.sent.start <= 2 and tok.text == "It":
                return self._previous_subject(tok, clause)
            if clause.dep_ not in ("ccomp", "parataxis") or clause.head.i == clause.i:
                return None
            rep = clause.head
            while rep.dep_ in ("conj", "xcomp") and not any(c.dep_ == "nsubj" for c in rep.children) \
                    and rep.head.i != rep.i:
                rep = rep.head  # "the ministry dismissed … and said it would …", "wishes to inform … that it"
            cands = [c for c in rep.children if c.dep_ == "nsubj"]
        return next((a for c in cands if (a := self._subject_state(c)) is not None), None)

    def _subject_state(self, subj: Token) -> Actor | None:
        """The state a subject names, itself or by a modifier ("Russia", "the Russian side"), or the
        home state of a bare body ("the foreign ministry")."""
        m = self.mention_at(subj) or next((self.mention_at(k) for k in subj.children
                                          if k.dep_ in ("compound", "amod", "poss") and self.mention_at(k)), None)
        code = self.state_of(m) if m is not None and m.type in ("COUNTRY", "ORG") else None
        if code and m is not None:
            return Actor(code, m.entity_id, m.start)
        return self._bare_body(subj) if m is None else None

    def _bare_body(self, tok: Token) -> Actor | None:
        """ "The foreign ministry said …", no state named with it: in a datelined story the home state's,
        else the body of that kind named last."""
        if tok.lemma_.lower() not in BODY_NOUNS or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) \
                or not all(c.dep_ == "det" or (c.dep_ in ("amod", "compound") and c.text.islower())
                           for c in tok.children if c.dep_ not in ("prep", "punct", "relcl", "acl", "appos")):
            return None
        art = self.doc._.article
        home = (art.dateline or {}).get("country") if art is not None else None
        if home:
            return Actor(home, None, tok.idx)
        return self._last_body(tok)

    def _previous_subject(self, tok: Token, verb: Token, depth: int = 0) -> Actor | None:
        """A sentence opening with "It has also pledged …": the state the sentence before has as its
        subject ("Oslo adopted …"); not an expletive "it" ("It is unclear", "It was reported")."""
        if verb.lemma_.lower() in _EXPLETIVE_VERBS or any(c.dep_ in ("auxpass", "acomp", "attr") for c in verb.children):
            return None
        if tok.sent.start == 0 or depth > 2:
            return None
        prev = tok.doc[tok.sent.start - 1].sent
        root = prev.root
        for c in root.children:
            if c.dep_ != "nsubj":
                continue
            if c.text == "It" and c.i - prev.start <= 2:
                return self._previous_subject(c, root, depth + 1)
            got = self._subject_state(c)
            if got is not None:
                return got
        return None

    def _we(self, tok: Token) -> Actor | None:
        """ '"We reserve the right to respond," the minister said': the state of whoever says it."""
        clause = tok.head
        while clause.dep_ in ("xcomp", "conj", "aux") and clause.head.i != clause.i:
            clause = clause.head
        reporting = REPORTING_VERBS
        if clause.dep_ in ("ccomp", "parataxis") and clause.head.lemma_.lower() in reporting:
            rep = clause.head
        else:
            rep = next((c for c in clause.children if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in reporting),
                       None)
        if rep is None:
            return None
        for c in rep.children:
            if c.dep_ == "nsubj" and c.lower_ != "we":
                a = self._own_actor(c)
                if a is not None:
                    return Actor(a.code, a.entity_id, tok.idx)
        return None

    def _last_body(self, tok: Token) -> Actor | None:
        """The last national body before ``tok`` whose name has the noun ("the ministry" → its ministry)."""
        def national(m: Mention) -> bool:
            code = self.state_of(m)
            return bool(code) and not code.startswith("IGO:")
        m = last_org_named(self.ms, self.ents, tok.idx, tok.lemma_.lower(), accept=national)
        return Actor(self.state_of(m), m.entity_id, tok.idx) if m is not None else None

    def actor_in_subtree(self, tok: Token) -> Actor | None:
        """The first state named anywhere in the phrase a token heads ("a Russian Il-20 plane" → Russia)."""
        for t in tok.subtree:
            a = self.actors(t, with_conj=False)
            if a:
                return a[0]
        return None

    def it_or_last_state(self, tok: Token, exclude: set[str] | None = None) -> list[Actor]:
        """States a token stands for; an "it"/"its"/"they"/"their" that names no state by syntax
        (see ``_it``) is the last state named before it in its sentence."""
        acts = self.actors(tok)
        if acts or tok.lower_ not in ("it", "its", "they", "their"):
            return acts
        for m in reversed(self.ms):
            if tok.sent.start_char <= m.start < tok.idx and m.type in ("COUNTRY", "ORG"):
                code = self.state_of(m)
                if code and code not in (exclude or set()):
                    return [Actor(code, m.entity_id, m.start)]
        return []

    def _pair(self, tok: Token) -> list[Actor]:
        """ "the two countries", "both sides": the last two states named before the phrase."""
        if tok.tag_ not in ("NNS", "NNPS"):
            return []
        mods = {c.lower_ for c in tok.children if c.dep_ in ("nummod", "det", "predet", "amod")}
        lemma = tok.lemma_.lower()
        if lemma in PAIR_NOUNS or lemma in ROLE_NOUNS:
            if not mods & {"two", "both"} and not (  # "the presidents agreed": the two named before
                    lemma in ROLE_NOUNS and mods == {"the"} and not any(c.dep_ == "prep" for c in tok.children)):
                return []
        else:
            return []
        if any(c.dep_ in ("compound", "amod", "nmod") and self.mention_at(c) for c in tok.children):
            return []  # "both Gulf states" is not a back-reference
        # "Malaysia urged both neighbours", "Beijing hoped the two countries …": not the speaker itself
        # (up to a relative clause: "X held talks with his Russian counterpart, where the two sides signed …")
        ups: list[Token] = []
        for a in tok.ancestors:
            ups.append(a)
            if a.dep_ == "relcl":
                break
        own = {t.idx for a in ups for c in a.children if c.dep_ in ("nsubj", "nsubjpass")
               and c.i != tok.i and tok.i not in {x.i for x in c.subtree} for t in c.subtree}
        out: list[Actor] = []
        for m in reversed(self.ms):
            if m.start >= tok.idx or m.type not in ("COUNTRY", "PERSON", "ORG") or m.info.get("outlet") \
                    or m.start in own:
                continue
            code = self.state_of(m)
            if code and not code.startswith("IGO:") and all(code != a.code for a in out):
                out.append(Actor(code, m.entity_id, tok.idx))
            if len(out) == 2:
                return list(reversed(out))
        return []

    def last_person_before(self, pos: int, role_word: str | None = None) -> Mention | None:
        people = [m for m in self.ms if m.type == "PERSON" and m.start < pos]
        if role_word and role_word not in ("official", "delegation", "counterpart"):
            fit = [m for m in people if role_word in ((self.ents[m.entity_id].role or "").lower()
                                                      if m.entity_id in self.ents else "")]
            if fit:
                return fit[-1]
        return people[-1] if people else None

    def states_in(self, start: int, end: int) -> list[Actor]:
        """Every state named between two offsets, in order, without repeats (a news outlet is none)."""
        out: list[Actor] = []
        for m in self.ms:
            if start <= m.start < end and m.type in ("COUNTRY", "PERSON", "ORG") and not is_outlet(m):
                code = self.state_of(m)
                if code and not is_non_state(code) and all(code != a.code for a in out):
                    out.append(Actor(code, m.entity_id, m.start))
        return out


_EXPLETIVE_VERBS = frozenset({"be", "seem", "appear", "remain", "take", "become", "mean", "matter", "follow",
                              "emerge", "happen", "say", "report", "understand", "believe", "expect", "rain"})


def is_non_state(code: str | None) -> bool:
    """An armed group's actor code (``NSA:<name>``): it acts, but records give it no state code."""
    return bool(code) and code.startswith(NSA_PREFIX)


def is_outlet(m: Mention) -> bool:
    """A news outlet (agency, broadcaster, channel) rather than a body that acts."""
    return bool(m.info.get("outlet") or m.info.get("kind") in ("news_agency", "broadcaster", "tv_channel"))


COMPANY_NOUNS = frozenset({"company", "firm", "manufacturer", "contractor", "corporation", "maker"})


def last_org_named(ms: list[Mention], ents: dict[str, Entity], pos: int, noun: str,
                   accept: Callable[[Mention], bool] | None = None) -> Mention | None:
    """ "the ministry", "the government": the last organisation (not an outlet, nor a company: "the army"
    is no "Excalibur Army") before ``pos`` with a word starting with ``noun`` in its name, its text or
    an alias, and that ``accept`` takes."""
    pat = re.compile(rf"\b{re.escape(noun)}", re.IGNORECASE)
    company_noun = noun in COMPANY_NOUNS  # "the company", "a company spokesperson": the last company named
    for m in sorted((m for m in ms if m.type == "ORG" and m.start < pos), key=lambda m: m.start, reverse=True):
        if company_noun and m.info.get("kind") == "company" and (accept is None or accept(m)):
            return m
        if is_outlet(m) or m.info.get("kind") == "company":
            continue
        ent = ents.get(m.entity_id or "")
        names = [m.name, m.text, *((ent.aliases or []) if ent is not None else []), ent.name if ent is not None else ""]
        if any(pat.search(n) for n in names) and (accept is None or accept(m)):
            return m
    return None


def _conjuncts(tok: Token):
    for c in tok.children:
        if c.dep_ == "conj":
            yield c
            yield from _conjuncts(c)

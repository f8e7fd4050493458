"""Direct quotations and who said them.

Finds quoted stretches (curly or straight double quotes; single curly quotes when they hold a
clause), joins a quote that runs on into the next paragraph ("… ourselves," he said. / "But …"),
and keeps those that are a clause or longer: three words with a verb, or a verbless stretch of four
words or more that is itself said content (its own sentence, or inside a clause reported by a speech
verb) — labels and scare quotes ("called it a 'new doctrine'") are dropped. Each quote is attributed
through the dependency parse: the subject of the speech verb in the same sentence ("…," Bagheri
said / said Bagheri / Bagheri was quoted by Interfax as saying / the minister added), the agent of
a passive ("was accused by X of …"), "according to X", else the subject of the clause a partial
quote sits in, else — for a paragraph that is only a quote — the previous quote's speaker.
"he/she" go to the last person named outside quotes, "the minister" to the last person whose role
has that word, "the ministry" to the last organisation so named, "it" to the body that spoke
just before, "the statement" / "the spokesman" to the body that issued it; an indefinite or plural
subject ("a senior official", "lawmakers") is kept as its own words. ``via`` is the outlet that
carried it ("quoted by Interfax", "told TASS", "according to IRNA"). Word lists are in
``data/quote_verbs.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from sitrep.data import DATA_DIR
from sitrep.extract.actors import is_outlet, last_org_named
from sitrep.nlp.extensions import Mention, mentions, text_of
from sitrep.nlp.lexicon import lexicon
from sitrep.records import Quote


@cache
def _lists() -> dict[str, frozenset[str]]:
    """The word lists of ``data/quote_verbs.json`` as frozensets."""
    raw = json.loads((DATA_DIR / "quote_verbs.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if not k.startswith("_")}


_L = _lists()
SPEECH_VERBS = _L["speech_verbs"]
ORG_NOUNS = _L["org_nouns"]
PRONOUNS = _L["person_pronouns"]
THING_PRONOUNS = _L["thing_pronouns"]
ROLE_NOUNS = _L["role_nouns"]
TEXT_NOUNS = _L["text_nouns"]
ISSUE_VERBS = _L["issue_verbs"]
OUTLET_AGENT_VERBS = _L["outlet_agent_verbs"]
LABEL_VERBS = _L["label_verbs"]
PLURAL_PRONOUNS = frozenset({"they", "we"})
LABEL_QUOTE_WORDS = 5  # a quoted label this long is what its speaker said ("called it 'a dangerous bet in …'")
SPOKES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
REPORTED_DEPS = frozenset({"ccomp", "parataxis", "dobj", "dep"})
_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"))


@dataclass
class _Raw:
    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark)
    open_mark: int
    close_mark: int
    continued: bool = False  # the paragraph ended inside the quote and the next one reopens it


_CLOSING: dict[str, str] = {}
for _o, _c in _QUOTE_PAIRS:
    _CLOSING.setdefault(_o, _c)  # the first pair listed for an opening mark wins, as before
_OPENING = re.compile("[" + re.escape("".join(_CLOSING)) + "]")


def find_quoted(text: str) -> list[_Raw]:
    """Quoted stretches: balanced pairs within a paragraph, runs across paragraph breaks joined."""
    out: list[_Raw] = []
    for para in re.finditer(r"[^\n]+", text):
        ps, pe = para.span()
        seg = text[ps:pe]
        i = 0
        while i < len(seg):
            m = _OPENING.search(seg, i)  # the next opening mark (a regex scan, not a loop over characters)
            if m is None:
                break
            i = m.start()
            close = _CLOSING[seg[i]]
            j = seg.find(close, i + 1)
            if j < 0:  # unclosed: runs to the end of the paragraph (continued in the next one)
                out.append(_Raw(ps + i + 1, pe, ps + i, pe, continued=True))
                break
            out.append(_Raw(ps + i + 1, ps + j, ps + i, ps + j))
            i = j + 1
        # single curly quotes holding a clause (not apostrophes): ‘…’
        for m in re.finditer(r"(?<![\w])‘([^’\n]{12,}?)’(?![\w])", seg):
            if len(m.group(1).split()) >= 4:
                out.append(_Raw(ps + m.start(1), ps + m.end(1), ps + m.start(), ps + m.end()))
    out.sort(key=lambda r: r.start)
    return out


def _content_span(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;"):
        e -= 1
    return s, e


class QuoteFinder:
    """Finds the quotes of one processed Doc and attributes each to a speaker."""

    def __init__(self, doc: Doc):
        self.doc = doc
        art = doc._.article
        self.text = art.text if art is not None else text_of(doc)
        self.raws = find_quoted(text_of(doc))
        inside = [(r.open_mark, r.close_mark) for r in self.raws]
        self.ms = mentions(doc)
        # antecedents for "he" / "the minister": mentions outside quoted text
        self.outside_ms = [m for m in self.ms if not any(a <= m.start < b for a, b in inside)]

    def run(self) -> list[Quote]:
        quotes: list[Quote] = []
        prev: Quote | None = None
        skip: set[int] = set()
        for k, raw in enumerate(self.raws):
            if k in skip:
                continue
            s, e = _content_span(self.text, raw.start, raw.end)
            content = self.text[s:e]
            rest = self._continuation(raw, self.raws[k + 1]) if k + 1 < len(self.raws) else None
            if rest is not None:  # '"This contract," Singh said, "gives the Navy …"': one quote, split
                skip.add(k + 1)
                rs, re_ = _content_span(self.text, rest.start, rest.end)
                speaker, entity, via = self._attribute(raw, s, e)
                if speaker is None:
                    speaker, entity, via = self._attribute(rest, rs, re_)
                content, e = content + " " + self.text[rs:re_], re_
            elif not self._is_quote(s, e, content):
                continue
            else:
                speaker, entity, via = self._attribute(raw, s, e)
            standalone = self._standalone(raw)
            same_paragraph = prev is not None and "\n" not in self.text[prev.end:raw.open_mark]
            if speaker is None and prev is not None and (standalone or same_paragraph):
                speaker, entity, via = prev.speaker, prev.speaker_entity, prev.via
            if speaker is None:  # no speech verb: the last person named before it in its paragraph
                para = self.text.rfind("\n", 0, raw.open_mark) + 1
                near = [m for m in self.outside_ms if m.type == "PERSON" and para <= m.start < raw.open_mark]
                if not near and re.search(r"\b(?:he|she|his|her)\b", self.text[para:raw.open_mark], re.I):
                    near = [m for m in self.outside_ms if m.type == "PERSON" and m.start < para]  # "He added:"
                if near:
                    speaker, entity = self._entity_name(near[-1]), near[-1].entity_id
            q = Quote(text=content, start=s, end=e, speaker=speaker, speaker_entity=entity, via=via)
            quotes.append(q)
            prev = q
        return quotes

    def _continuation(self, raw: _Raw, nxt: _Raw) -> _Raw | None:
        """The second half of a quote split by its attribution: the first half ends on a comma, a short
        speech-verb clause with no sentence end sits between, and the second half goes on in lower case."""
        if raw.continued or not self.text[raw.start:raw.end].rstrip().endswith(","):
            return None
        between = self.text[raw.close_mark + 1:nxt.open_mark]
        rest = self.text[nxt.start:nxt.end].lstrip()
        if not rest or not rest[0].islower() or "\n" in between or len(between.split()) > 12 \
                or re.search(r"[.!?;:]", between) or not between.rstrip().endswith(","):
            return None
        span = self.doc.char_span(raw.close_mark + 1, nxt.open_mark, alignment_mode="contract")
        if span is None or not any(t.lemma_.lower() in SPEECH_VERBS for t in span):
            return None
        return nxt

    def _is_quote(self, s: int, e: int, content: str) -> bool:
        """A clause or longer: at least three words with a verb, or a longer verbless stretch that is
        itself what was said (its own sentence, or the content of a speech verb: said it was "…")."""
        words = content.split()
        if len(words) < 3:
            return False
        span = self.doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            return len(words) >= 6
        if any(t.pos_ in ("VERB", "AUX") for t in span):
            return True
        return len(words) >= 4 and self._reported(span) or len(words) >= LABEL_QUOTE_WORDS and self._labelled(span)

    @staticmethod
    def _labelled(span: Span) -> bool:
        """A long quoted phrase a speaker calls something by ("called the decision 'an economic aggression
        against the Venezuelan people'"): what the speaker said, though no clause."""
        roots = [t for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end)]
        tok = roots[0] if roots else None
        for _ in range(3):
            if tok is None or tok.head.i == tok.i:
                return False
            tok = tok.head
            if tok.lemma_.lower() in LABEL_VERBS and tok.pos_ == "VERB":
                return True
        return False

    def _reported(self, span: Span) -> bool:
        """The quoted stretch is said content, not a label: it stands as a sentence (or the object of
        a speech verb), or sits in a clause reported by a speech verb (told them that "…" will be)."""
        roots = [t for t in span if t.head.i == t.i or not (span.start <= t.head.i < span.end)]
        if not roots:
            return False
        tok = roots[0]
        if tok.head.i == tok.i:
            return True
        first = True
        while tok.head.i != tok.i:
            lemma = tok.head.lemma_.lower()
            speech = lemma in SPEECH_VERBS and lemma not in LABEL_VERBS
            if speech and (tok.dep_ in ("ccomp", "parataxis") or (first and tok.dep_ in REPORTED_DEPS)):
                return True
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "conj":
                return False  # left the clause the quote sits in without meeting a speech verb
            first = False
            tok = tok.head
        return False

    def _standalone(self, raw: _Raw) -> bool:
        """The quote opens its paragraph (nothing but the quote before it)."""
        line_start = self.text.rfind("\n", 0, raw.open_mark) + 1
        return not self.text[line_start:raw.open_mark].strip()

    # ------------------------------------------------------------ attribution
    def _attribute(self, raw: _Raw, s: int, e: int) -> tuple[str | None, str | None, str | None]:
        doc = self.doc
        first = doc.char_span(raw.open_mark, raw.open_mark + 1, alignment_mode="expand")
        last = doc.char_span(max(raw.close_mark - 1, raw.open_mark), raw.close_mark, alignment_mode="expand")
        if first is None or not len(first):
            return None, None, None
        if last is not None and not len(last):
            last = None
        candidates: list[Span] = []
        seen: set[int] = set()
        for tok in (first[0], last[-1] if last is not None else first[0]):
            if tok.sent.start not in seen:
                candidates.append(tok.sent)
                seen.add(tok.sent.start)
        # the sentence right after a quote that ends one ("…." he said.)
        if last is not None and last[-1].sent.end < len(doc):
            nxt = doc[last[-1].sent.end].sent
            gap = self.text[raw.close_mark:nxt.start_char]
            bare = not any(c.dep_ in ("ccomp", "xcomp", "dobj") and not self._in_quote(c)
                           for c in nxt.root.children)  # "X added." says it, "X said the sides would …" does not
            if nxt.start not in seen and bare and (gap.strip() in ("", ".", ",") or (
                    "\n" not in gap and not gap.strip(" \t\"'”’.,"))):  # ('…themselves." So said X')
                candidates.append(nxt)
        if last is not None and last[-1].sent.end < len(doc):
            nxt = doc[last[-1].sent.end].sent
            lead = _WORDS_CAME_FROM.match(nxt.text)
            if lead and not self.text[raw.close_mark:nxt.start_char].strip(" \t\"'”’.,"):
                # '"…." Those words came from Kremlin spokesman Yuri Markov': the person the next sentence names
                m = next((x for x in self.outside_ms if x.type == "PERSON"
                          and nxt.start_char + lead.end() <= x.start < nxt.end_char), None)
                if m is not None:
                    return self._entity_name(m), m.entity_id, None
        for sent in candidates:
            verb = self._speech_verb(sent, s, e)
            if verb is None:
                continue
            subj = self._subject(verb)
            if subj is not None and s <= subj.idx < e:
                # '"Requirements … led to it," the UAE Embassy said': the parser took a word of the quote
                # for the subject; the body or person named between the quote and the verb says it
                m = next((x for x in self.outside_ms if x.type in ("PERSON", "ORG") and e <= x.start
                          and x.end <= verb.idx and len(self.text[x.end:verb.idx].split()) <= 1), None)
                if m is not None:
                    return self._entity_name(m), m.entity_id, self._via(verb, sent)
                subj = None
            if subj is None:
                # '"…," Under Secretary of the Treasury Daniel Whitcomb said': a misparsed title run; the
                # person named right before the verb says it
                m = next((x for x in self.outside_ms if x.type == "PERSON" and sent.start_char <= x.start
                          and x.end <= verb.idx and not self.text[x.end:verb.idx].strip()), None)
                after = verb.idx + len(verb.text)  # '"…," said Timur Rakhimov, …': the person right after it
                m = m or next((x for x in self.outside_ms if x.type == "PERSON" and x.start >= after
                               and not self.text[after:x.start].strip()), None)
                if m is not None:
                    return self._entity_name(m), m.entity_id, self._via(verb, sent)
                continue
            outlet = self._outlet_says(verb)
            if outlet or self._body_or_state(subj):
                # '… Pompeo warned that they "will not stand idly by", the State Department said': a body
                # reporting a person's words gives them to the person
                inner_speaker = self._reported_speaker(verb, s, e, people_only=not outlet)
                if inner_speaker is not None:
                    return inner_speaker[0], inner_speaker[1], self._via(verb, sent)
            speaker, entity = self._resolve(subj, sent)
            if speaker and self._is_state(entity):
                # 'China urged both sides to "remain calm", spokesperson Lin Hao told a briefing': the person
                # whose own speech verb reports the state's words says them
                person = self._person_reporting(sent, s, e, verb)
                if person is not None:
                    return person[0], person[1], self._via(verb, sent)
            if speaker:
                return speaker, entity, self._via(verb, sent)
        return None, None, None

    def _speech_verb(self, sent: Span, qs: int, qe: int) -> Token | None:
        """The speech verb outside the quote; else the verb of the clause the partial quote sits in."""
        cut = sent.start_char
        if re.search(r"[.!?][\"”’']?\s+[\"“‘']?$", self.text[sent.start_char:qs]):
            cut = qs  # a quote that opens a new sentence the parser ran into the last one: only what follows
        outside = [t for t in sent if not (qs <= t.idx < qe) and t.idx >= cut]
        verbs = [t for t in outside if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_VERBS]
        if verbs:
            # a verb the quote hangs from wins over a nearer one after it ("… and 'take measures' if the
            # attacks continued": "warned", not "continued")
            inner = next((t for t in sent if qs <= t.idx < qe and not t.is_punct), None)
            governing = [v for v in verbs if inner is not None and inner.i in {x.i for x in v.subtree}]
            # of several, not one whose quote is a manner phrase ('responded "in self-defence"') nor an
            # outlet's "reported" around a speaker's own verb
            narrowed = [v for v in governing if not self._adjunct_quote(v, inner) and not self._outlet_says(v)]
            return min(narrowed or governing or verbs, key=lambda t: min(abs(t.idx - qs), abs(t.idx - qe)))
        acc = [t for t in sent if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lemma_ == "accord"]
        if acc:
            return acc[0].head.head
        inside = [t for t in sent if qs <= t.idx < qe]
        if inside and len(inside) < len(sent) * 0.9:
            head = inside[0]
            while head.head.i != head.i and qs <= head.head.idx < qe:
                head = head.head
            gov = head.head
            while gov.head.i != gov.i and gov.pos_ not in ("VERB", "AUX"):
                gov = gov.head
            while gov.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl", "acl") and gov.head.i != gov.i:
                gov = gov.head
            if gov.pos_ in ("VERB", "AUX") and not (qs <= gov.idx < qe):
                return gov
        return None

    @staticmethod
    def _adjunct_quote(verb: Token, inner: Token | None) -> bool:
        """The quote hangs from the verb as a prepositional phrase, not as what was said."""
        t = inner
        while t is not None and t.head.i != t.i and t.head.i != verb.i:
            t = t.head
        return t is not None and t.head.i == verb.i and t.dep_ == "prep" and t.lower_ != "as"  # "condemned X as '…'"

    def _outlet_says(self, verb: Token) -> bool:
        """ "…, TASS reported", "the state-run IRNA news agency reported": the verb's subject is a news
        outlet, which carries the quote."""
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None:
            return False
        return any(m is not None and _is_outlet(m)
                   for t in subj.subtree if t.i <= subj.i for m in [self._mention_at(t)])

    def _body_or_state(self, subj: Token) -> bool:
        m = self._mention_at(subj)
        return m is not None and m.type in ("ORG", "COUNTRY")

    def _reported_speaker(self, verb: Token, s: int, e: int,
                          people_only: bool = False) -> tuple[str, str | None] | None:
        """ "CCTV said the Eastern Theater Command had carried out a '…'": where an outlet reports, the
        named subject of the reported clause the quote sits in says it."""
        inner = next((t for t in verb.sent if s <= t.idx < e and not t.is_punct), None)
        t = inner
        while t is not None and t.head.i != t.i and t.head.i != verb.i:
            t = t.head
        if t is None or t.head.i != verb.i or t.dep_ not in ("ccomp", "parataxis") or s <= t.idx < e:
            return None
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or s <= subj.idx < e:
            return None
        m = self._mention_at(subj)
        if m is None:
            m = next((x for c in subj.subtree if c.i <= subj.i for x in [self._mention_at(c)]
                      if x is not None and x.type in ("PERSON", "ORG")), None)
        if m is None or m.type not in (("PERSON",) if people_only else ("PERSON", "ORG")) or _is_outlet(m):
            return None
        return self._entity_name(m), m.entity_id

    def _subject(self, verb: Token) -> Token | None:
        """Who did the saying: the subject, or the agent of a passive ("was accused by X of …"),
        except where the agent is the outlet ("was quoted by Interfax as saying")."""
        if verb.lemma_ == "accord":
            objs = [t for t in verb.subtree if t.dep_ == "pobj"]
            return objs[-1] if objs else None
        v = verb
        for _ in range(4):
            if v.lemma_.lower() not in OUTLET_AGENT_VERBS:
                agent = next((c for c in v.children if c.dep_ == "agent"), None)
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if obj is not None:
                    return obj
            if v.lemma_.lower() in OUTLET_AGENT_VERBS and v is not verb:
                # "Interfax quoted the general as saying": the one quoted, not the outlet, speaks
                obj = next((c for c in v.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return obj
            subs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subs and v is not verb and v.dep_ == "ccomp" and subs[0].dep_ == "nsubjpass" and v.head.i != v.i:
                v = v.head  # "denied that any contract had been signed, saying …": the denier says it
                continue
            if subs and v.tag_ == "VBG" and self._is_item(subs[0]):
                # "denied reports of the purchase of … fighters, describing them as …": the parser made the
                # items the subject of the participle; the one who denied describes
                prev = next((t for t in reversed(list(v.doc[max(0, v.i - 60):v.i])) if t.dep_ == "ROOT"
                             and t.pos_ in ("VERB", "AUX") and t.i != v.i), None)
                subs = [c for c in prev.children if c.dep_ in ("nsubj", "nsubjpass")] if prev is not None else []
                return subs[0] if subs else None
            if subs:
                return subs[0]
            if v.dep_ in ("conj", "xcomp", "advcl", "pcomp") and v.head.i != v.i:
                v = v.head if v.dep_ != "pcomp" else v.head.head
                continue
            break
        return None

    def _is_item(self, tok: Token) -> bool:
        """A weapon system or arms class word: never the one who speaks."""
        m = self._mention_at(tok)
        return (m is not None and m.type == "EQUIPMENT") or tok.lemma_.lower() in lexicon().category_words

    def _resolve(self, subj: Token, sent: Span) -> tuple[str | None, str | None]:
        """The entity a subject token refers to: its own mention; a pronoun's or role noun's
        antecedent ("he", "the minister", "the ministry"); the issuer of "the statement"; else
        the words of the subject phrase ("a senior official")."""
        words = self._phrase_tokens(subj)
        named = next((x for c in subj.children if c.dep_ == "appos"
                      for x in [self._mention_at(c)] if x is not None and x.type == "PERSON"), None)
        if named is not None:  # "Russia's ambassador to Germany, Pavel Ostrovsky, warned …"
            return self._entity_name(named), named.entity_id
        calling = next((c for c in subj.children if c.dep_ == "acl" and c.lemma_.lower() in ("call", "name")
                        and any(d.lower_ in ("itself", "themselves") for d in c.children)), None)
        if calling is not None:  # "a little-known group calling itself Saraya Ahl al-Thar said …"
            itself = next(d for d in calling.children if d.lower_ in ("itself", "themselves"))
            name: list[Token] = []
            for t in self.doc[itself.i + 1:itself.i + 8]:  # the name written after it, however it parses
                if not (t.pos_ == "PROPN" or (name and t.text in ("-", "al", "el", "ad", "bin", "of"))):
                    break
                name.append(t)
            inner = next((x for t in name for x in [self._mention_at(t)] if x is not None
                          and x.type in ("ORG", "PERSON")), None)
            if inner is not None:
                return self._entity_name(inner), inner.entity_id
            if name:
                return _join(name), None
        m = self._mention_at(subj)
        if m is None or m.type not in ("PERSON", "ORG"):
            inner = next((x for c in words if (x := self._mention_at(c)) is not None
                          and x.type in ("PERSON", "ORG")), None)
            m = inner or m
        if m is not None and m.type in ("PERSON", "ORG", "COUNTRY"):
            return self._entity_name(m), m.entity_id
        low, lemma = subj.lower_, subj.lemma_.lower()
        dets = {c.lower_ for c in subj.children if c.dep_ in ("det", "nummod", "amod")}
        # "the minister" points back; "a senior official", "officials", "lawmakers" name someone new
        definite = bool(dets & {"the", "this", "that"}) and subj.tag_ in ("NN", "NNP")
        indefinite = not definite
        found: Mention | None = None
        if low in PRONOUNS:
            found = self._salient_person(subj)
        elif low in THING_PRONOUNS:
            said_by = self._main_clause_body(subj) or self._earlier_sayer(subj)
            if said_by is not None:
                return said_by
            found = (self._last_before(subj.idx, ("ORG",), outlets=False)
                     or self._last_before(subj.idx, ("COUNTRY",)))
        elif lemma in TEXT_NOUNS or low in SPOKES:
            # "the statement" / "a ministry spokesman": the body that issued it
            role = self._last_person_before(subj.idx, low) if low in SPOKES and definite else None
            if role is not None:
                return self._entity_name(role), role.entity_id
            body = next((c.lemma_.lower() for c in subj.children if c.dep_ == "compound"
                         and c.lemma_.lower() in ORG_NOUNS), None)
            org = self._last_org_named(subj.idx, body) if body else None
            if org is not None:
                return self._entity_name(org), org.entity_id
            issuer = self._issuer_before(subj.idx) if definite or lemma in TEXT_NOUNS else None
            if issuer:
                return issuer
            if definite:
                found = self._last_before(subj.idx, ("ORG",), outlets=False)
        elif lemma in ROLE_NOUNS and not indefinite:
            anon = self._unnamed_before(subj, lemma)
            if anon is not None:  # "A senior defence official said … 'We expect …,' the official said."
                return anon, None
            found = self._last_person_before(subj.idx, lemma, self._demonym_state(subj))
        elif lemma in ORG_NOUNS and not indefinite:
            found = self._last_org_named(subj.idx, lemma)
        if found is not None:
            return self._entity_name(found), found.entity_id
        if low in PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS | {"this", "that", "who", "which"}:
            return None, None
        words = [t for t in words if not (t.dep_ in ("det", "nummod") and t.lower_ in ("a", "an", "one")
                                          and t.i < subj.i)]
        while words and words[0].dep_ in ("advmod", "cc", "preconj") and words[0].i < subj.i:
            words = words[1:]  # "Even the puppet military clique has claimed …"
        phrase = _join([t for t in words if not t.is_punct or t.tag_ == "POS" or _inner_hyphen(t)])
        return (phrase, None) if phrase else (None, None)

    def _is_state(self, entity_id: str | None) -> bool:
        ent = next((x for x in (self.doc._.sitrep_entities or []) if x.id == entity_id), None) if entity_id else None
        return ent is not None and ent.type == "COUNTRY"

    def _person_reporting(self, sent: Span, qs: int, qe: int, verb: Token) -> tuple[str, str | None] | None:
        """A named person who is the subject of another speech verb of the sentence, outside the quote."""
        for v in sent:
            if v.i == verb.i or qs <= v.idx < qe or v.pos_ not in ("VERB", "AUX") or v.lemma_.lower() not in REPORTING_SAY:
                continue
            subj = self._subject(v)
            if subj is None:
                continue
            name, ent = self._resolve(subj, sent)
            m = self._mention_at(subj)
            if name and m is not None and m.type == "PERSON":
                return name, ent
        return None

    def _unnamed_before(self, subj: Token, lemma: str) -> str | None:
        """The words of an unnamed "a senior Polish defence official" told after the last person named
        with that role (or after the last person at all): whom "the official" now points back to."""
        people = [m for m in self.outside_ms if m.type == "PERSON" and m.start < subj.idx]
        fitting = [m for m in people if lemma in ((getattr(self._entity(m), "role", None) or "").lower())]
        after = (fitting or people)[-1].end if (fitting or people) else 0
        for tok in reversed(self.doc[: subj.i]):
            if tok.idx < after or tok.idx < subj.idx - 2000:
                return None
            if tok.lemma_.lower() == lemma and tok.pos_ == "NOUN" and not self._in_quote(tok) and any(
                    c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
                words = [t for t in self._phrase_tokens(tok) if not (t.dep_ == "det" and t.i < tok.i)]
                return _join([t for t in words if not t.is_punct]) or None
        return None

    def _main_clause_body(self, pron: Token) -> tuple[str, str | None] | None:
        """ "The military said … the raid, which it described as '…'": "it" in a clause hanging from another
        is the body or state that is the subject of a clause above it."""
        for verb in pron.head.ancestors:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ == "PRON" or self._in_quote(subj):
                continue
            m = self._mention_at(subj)
            if m is None and subj.lemma_.lower() in ORG_NOUNS:  # "the Israeli military"
                return self._resolve(subj, pron.sent)
            m = m or next((x for c in subj.subtree if c.i <= subj.i for x in [self._mention_at(c)]
                           if x is not None), None)
            if m is not None and m.type in ("ORG", "COUNTRY") and not _is_outlet(m):
                return self._entity_name(m), m.entity_id
            if m is not None and m.type == "PERSON":
                return None
        return None

    def _earlier_sayer(self, pron: Token) -> tuple[str, str | None] | None:
        """ "it said": the body that was the subject of a speech verb in the last few sentences."""
        sent = pron.sent
        for _ in range(3):
            if sent.start == 0:
                return None
            sent = self.doc[sent.start - 1].sent
            for verb in sorted((t for t in sent if t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB"),
                               key=lambda t: len(list(t.ancestors))):  # the main clause's verb first
                subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if subj is None or subj.pos_ == "PRON" or self._in_quote(subj):
                    continue
                m = self._mention_at(subj)
                if m is not None and m.type == "PERSON":
                    continue
                name, ent = self._resolve(subj, sent)
                if name:
                    return name, ent
        return None

    def _in_quote(self, tok: Token) -> bool:
        return any(r.open_mark <= tok.idx < r.close_mark + 1 for r in self.raws)

    def _phrase_tokens(self, head: Token) -> list[Token]:
        """The subject phrase: its left modifiers and head, plus "of/for/at/from …" after it — never
        relative clauses, appositions or quoted text."""
        keep = [t for t in head.subtree if t.i <= head.i]
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "from", "in") and not any(
                    self._in_quote(t) for t in c.subtree):
                keep += list(c.subtree)
        out = [t for t in keep if not self._in_quote(t)]
        return sorted(out, key=lambda t: t.i)

    def _mention_at(self, tok: Token) -> Mention | None:
        return next((m for m in self.ms if m.start <= tok.idx < m.end), None)

    def _entity_name(self, m: Mention) -> str:
        ents = self.doc._.sitrep_entities or []
        ent = next((x for x in ents if x.id == m.entity_id), None)
        return ent.name if ent is not None else m.name

    def _entity(self, m: Mention):  # noqa: ANN202 — sitrep.records.Entity | None
        return next((x for x in (self.doc._.sitrep_entities or []) if x.id == m.entity_id), None)

    def _last_before(self, pos: int, types: tuple[str, ...], outlets: bool = True) -> Mention | None:
        """The last mention of one of ``types`` before ``pos`` (outside quotes)."""
        found = [m for m in self.outside_ms if m.type in types and m.start < pos
                 and (outlets or not _is_outlet(m))]
        return found[-1] if found else None

    def _salient_person(self, pron: Token) -> Mention | None:
        """Whom "he" points back to: the last person who is a clause's subject in this sentence or the one
        before ("Khan said he had tried to call Modi. '…,' he said": Khan), else the last person named."""
        last = self._last_before(pron.idx, ("PERSON",))
        if last is None:
            return None
        sent = pron.sent
        lo = self.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
        for m in reversed([x for x in self.outside_ms if x.type == "PERSON" and lo <= x.start < pron.idx]):
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            while root.dep_ in ("appos", "compound") and root.head.i != root.i:
                root = root.head
            if root.dep_ in ("nsubj", "nsubjpass"):
                return m
        return last

    def _demonym_state(self, tok: Token) -> str | None:
        """ "the Russian leader": the state a modifier of the role noun names."""
        for c in tok.children:
            m = self._mention_at(c) if c.dep_ in ("amod", "compound") else None
            if m is not None and m.type == "COUNTRY":
                return m.info.get("code")
        return None

    def _last_person_before(self, pos: int, role_word: str | None, state: str | None = None) -> Mention | None:
        """The last person before ``pos``; for a role noun, the last whose role has that word (and who
        serves ``state``, when the noun names one: "the Russian leader")."""
        people = [m for m in self.outside_ms if m.type == "PERSON" and m.start < pos]
        if state:
            people = [m for m in people if getattr(self._entity(m), "country", None) == state] or people
        if role_word:
            fitting = [m for k, m in enumerate(people)
                       if role_word in ((getattr(self._entity(m), "role", None) or "").lower())
                       or self._titled_before(m, people[k - 1].end if k else 0, role_word)]
            if fitting:
                return fitting[-1]
            if role_word in SPOKES:
                return None
        return people[-1] if people else None

    def _titled_before(self, m: Mention, after: int, role_word: str) -> bool:
        """ "the Ambassador of Turkiye to Nigeria, Mr. Selim Kaya": the role written just before the name,
        in its sentence and after the person named before it."""
        lo = max(after, m.start - 80, self.text.rfind(".", 0, m.start - 5) + 1)
        return re.search(rf"\b{re.escape(role_word)}\b", self.text[lo:m.start], re.IGNORECASE) is not None

    def _last_org_named(self, pos: int, noun: str) -> Mention | None:
        """ "the ministry": the last organisation before ``pos`` (outside quotes) whose name has that noun."""
        return last_org_named(self.outside_ms, {e.id: e for e in (self.doc._.sitrep_entities or [])}, pos, noun)

    def _issuer_before(self, pos: int) -> tuple[str, str | None] | None:
        """Who issued "the statement": the last earlier statement's issuer — "a statement from the
        defence ministry", "the ministry's statement", "X issued a statement", "X said in a statement"."""
        for tok in reversed(self.doc[: self._tok_at(pos)]):
            if tok.lemma_.lower() not in TEXT_NOUNS or tok.idx < pos - 3000:
                continue
            for cand in self._issuers_of(tok):
                got = self._name_of(cand)
                if got is not None:
                    return got
        return None

    def _tok_at(self, pos: int) -> int:
        return next((t.i for t in self.doc if t.idx >= pos), len(self.doc))

    def _issuers_of(self, tok: Token) -> list[Token]:
        out = [c for c in tok.children if c.dep_ == "poss"]
        heads = [tok]
        if tok.dep_ in ("dobj", "nsubjpass"):
            heads.append(tok.head)
            if tok.head.lemma_.lower() in ISSUE_VERBS:
                out += [c for c in tok.head.children if c.dep_ == "nsubj"]
        for h in heads:
            for prep in h.children:
                if prep.dep_ in ("prep", "agent") and prep.lower_ in ("from", "by", "of"):
                    out += [c for c in prep.children if c.dep_ == "pobj"]
        if tok.dep_ == "pobj" and tok.head.lower_ == "in":
            # "X said in a statement", also where the parse hangs "in a statement" on the reported clause
            verb = next((a for a in tok.head.ancestors if a.lemma_.lower() in SPEECH_VERBS and a.pos_ == "VERB"), None)
            if verb is not None:
                out += [c for c in verb.children if c.dep_ == "nsubj"]
        return out

    def _name_of(self, tok: Token) -> tuple[str, str | None] | None:
        """A named issuer (a mention, or an organisation noun phrase such as "the defence ministry")."""
        m = self._mention_at(tok)
        if m is not None and m.type in ("ORG", "PERSON", "COUNTRY"):
            return self._entity_name(m), m.entity_id
        if tok.lemma_.lower() in ORG_NOUNS:
            found = self._last_org_named(tok.idx + 1, tok.lemma_.lower())
            if found is not None and found.start >= tok.idx - len(tok.text):
                return self._entity_name(found), found.entity_id
            words = [t for t in tok.subtree if t.i <= tok.i and not t.is_punct and t.dep_ != "det"]
            return _join(words), None
        return None

    def _via(self, verb: Token, sent: Span) -> str | None:
        """The outlet that carried the quote: quoted by X, told X, X reported, according to X, interview with X."""
        for t in sent:
            if t.dep_ == "pobj" and t.head.lower_ in ("by", "to", "with") and t.head.head.lemma_ in (
                    "quote", "tell", "interview", "accord", "cite", "report"):
                m = self._mention_at(t)
                if m is not None and m.type == "ORG":
                    return self._entity_name(m)
            if t.dep_ in ("dobj", "dative") and t.head.lemma_ == "tell":
                m = self._mention_at(t)
                if m is not None and m.type == "ORG":
                    return self._entity_name(m)
        for m in self.ms:
            if m.type == "ORG" and sent.start_char <= m.start < sent.end_char and _is_outlet(m):
                return self._entity_name(m)
        return None


def _inner_hyphen(tok: Token) -> bool:
    """The hyphen of "Jakarta-based", written without spaces around it."""
    return tok.text == "-" and not tok.whitespace_ and tok.i > 0 and not tok.doc[tok.i - 1].whitespace_


def _join(tokens: list[Token]) -> str:
    """Tokens as written ("the country's leader"), spaces between words only where the text has them."""
    out = "".join(t.text + (t.whitespace_ if k + 1 < len(tokens) and tokens[k + 1].i == t.i + 1 else " ")
                  for k, t in enumerate(tokens))
    return " ".join(out.split())


_is_outlet = is_outlet


_WORDS_CAME_FROM = re.compile(
    r"\s*(?:The|Those|These|That|This|Such)\s+(?:words?|remarks?|comments?|warning|response|message|statement|"
    r"assessment|reply|reaction|appeal|view|was|were)\b[^.;]{0,60}?\b(?:from|of|by)\b")
REPORTING_SAY = frozenset({"say", "tell", "add", "state", "write"})  # verbs that report someone's words


def find_quotes(doc: Doc) -> list[Quote]:
    """All direct quotes of the article, in text order."""
    return QuoteFinder(doc).run()

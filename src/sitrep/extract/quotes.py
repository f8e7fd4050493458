"""Direct quotations and who said them.

Finds quoted stretches (curly or straight double quotes; single curly quotes when they hold a
clause), joins a quote that runs on into the next paragraph ("… ourselves," he said. / "But …"),
and attributes each one through the dependency parse: the subject of the speech verb in the same
sentence ("…," Bagheri said / said Bagheri / Bagheri was quoted by Interfax as saying / the
minister added), else the subject of the clause a partial quote sits in, else — for a paragraph
that is only a quote — the previous quote's speaker. Pronouns and role nouns ("he", "the
minister") go to the last person named before them; "the statement" to whoever issued it.
``via`` is the outlet that carried it ("quoted by Interfax", "told TASS", "according to IRNA").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from sitrep.nlp.extensions import Mention, mentions
from sitrep.records import Quote

SPEECH_VERBS = frozenset({
    "say", "tell", "add", "state", "note", "stress", "warn", "declare", "announce", "confirm", "write", "insist",
    "explain", "ask", "quote", "claim", "argue", "emphasize", "emphasise", "underline", "remark", "reply",
    "respond", "comment", "assert", "point", "continue", "conclude", "urge", "vow", "pledge", "promise",
    "acknowledge", "admit", "reiterate", "describe", "call", "accuse", "criticize", "criticise", "condemn",
    "suggest", "believe", "report", "cite", "tweet", "post", "threaten", "predict", "recall", "mention",
})
ORG_NOUNS = frozenset({"ministry", "government", "office", "military", "army", "agency", "council", "command",
                       "department", "embassy", "navy", "administration", "cabinet", "presidency", "kremlin", "staff"})
PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "we"})
_QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"), ("„", "“"))


@dataclass
class _Raw:
    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark)
    open_mark: int
    close_mark: int
    continued: bool = False  # the paragraph ended inside the quote and the next one reopens it


def find_quoted(text: str) -> list[_Raw]:
    """Quoted stretches: balanced pairs within a paragraph, runs across paragraph breaks joined."""
    out: list[_Raw] = []
    for para in re.finditer(r"[^\n]+", text):
        ps, pe = para.span()
        seg = text[ps:pe]
        i = 0
        while i < len(seg):
            ch = seg[i]
            close = next((c for o, c in _QUOTE_PAIRS if o == ch), None)
            if close is None:
                i += 1
                continue
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
    def __init__(self, doc: Doc):
        self.doc = doc
        art = doc._.article
        self.text = art.text if art is not None else doc.text
        self.ms = mentions(doc)

    def run(self) -> list[Quote]:
        quotes: list[Quote] = []
        prev: Quote | None = None
        for raw in find_quoted(self.doc.text):
            s, e = _content_span(self.text, raw.start, raw.end)
            content = self.text[s:e]
            if not self._is_quote(s, e, content):
                continue
            speaker, entity, via = self._attribute(raw, s, e)
            standalone = self._standalone(raw)
            same_paragraph = prev is not None and "\n" not in self.text[prev.end:raw.open_mark]
            if speaker is None and prev is not None and (standalone or same_paragraph):
                speaker, entity, via = prev.speaker, prev.speaker_entity, prev.via
            q = Quote(text=content, start=s, end=e, speaker=speaker, speaker_entity=entity, via=via)
            quotes.append(q)
            prev = q
        return quotes

    def _is_quote(self, s: int, e: int, content: str) -> bool:
        words = content.split()
        if len(words) < 3:
            return False
        if len(words) >= 6:
            return True
        span = self.doc.char_span(s, e, alignment_mode="expand")
        return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)

    def _standalone(self, raw: _Raw) -> bool:
        """The quote opens its paragraph (nothing but the quote before it)."""
        line_start = self.text.rfind("\n", 0, raw.open_mark) + 1
        return not self.text[line_start:raw.open_mark].strip()

    # ------------------------------------------------------------ attribution
    def _attribute(self, raw: _Raw, s: int, e: int) -> tuple[str | None, str | None, str | None]:
        doc = self.doc
        first = doc.char_span(raw.open_mark, raw.open_mark + 1, alignment_mode="expand")
        last = doc.char_span(max(raw.close_mark - 1, raw.open_mark), raw.close_mark, alignment_mode="expand")
        if first is None:
            return None, None, None
        candidates: list[Span] = []
        seen: set[int] = set()
        for tok in (first[0], last[-1] if last is not None else first[0]):
            if tok.sent.start not in seen:
                candidates.append(tok.sent)
                seen.add(tok.sent.start)
        # the sentence right after a quote that ends one ("…." he said.)
        if last is not None and last[-1].sent.end < len(doc):
            nxt = doc[last[-1].sent.end].sent
            if nxt.start not in seen and self.text[raw.close_mark:nxt.start_char].strip() in ("", ".", ","):
                candidates.append(nxt)
        for sent in candidates:
            verb = self._speech_verb(sent, s, e)
            if verb is None:
                continue
            subj = self._subject(verb)
            if subj is None:
                continue
            speaker, entity = self._resolve(subj, sent)
            if speaker:
                return speaker, entity, self._via(verb, sent)
        return None, None, None

    def _speech_verb(self, sent: Span, qs: int, qe: int) -> Token | None:
        """The speech verb outside the quote; else the verb of the clause the partial quote sits in."""
        outside = [t for t in sent if not (qs <= t.idx < qe)]
        verbs = [t for t in outside if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_VERBS]
        if verbs:
            return min(verbs, key=lambda t: min(abs(t.idx - qs), abs(t.idx - qe)))
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

    def _subject(self, verb: Token) -> Token | None:
        if verb.lemma_ == "accord":
            objs = [t for t in verb.subtree if t.dep_ == "pobj"]
            return objs[-1] if objs else None
        v = verb
        for _ in range(4):
            subs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subs:
                return subs[0]
            if v.dep_ in ("conj", "xcomp", "advcl") and v.head.i != v.i:
                v = v.head
                continue
            break
        return None

    def _resolve(self, subj: Token, sent: Span) -> tuple[str | None, str | None]:
        """The entity a subject token refers to (its mention, else a pronoun's antecedent)."""
        m = self._mention_at(subj)
        if m is None:
            for child in subj.subtree:
                m = self._mention_at(child)
                if m is not None and m.type in ("PERSON", "ORG"):
                    break
                m = None
        if m is not None and m.type in ("PERSON", "ORG"):
            return self._entity_name(m), m.entity_id
        if m is not None and m.type == "COUNTRY":
            return self._entity_name(m), m.entity_id
        low = subj.lower_
        if low in PRONOUNS or (subj.pos_ == "NOUN" and low not in ("statement", "report")):
            person = self._last_person_before(subj.idx, role_word=None if low in PRONOUNS else low)
            if person is not None:
                return self._entity_name(person), person.entity_id
        if low in ("statement", "report", "communique", "release", "spokesman", "spokesperson", "spokeswoman"):
            issuer = self._issuer_before(subj.idx)
            if issuer:
                return issuer
        phrase = " ".join(t.text for t in subj.subtree if not t.is_punct).strip()
        if phrase and phrase.lower() not in PRONOUNS | PLURAL_PRONOUNS | {"it", "this", "that"}:
            return phrase, None
        return None, None

    def _mention_at(self, tok: Token) -> Mention | None:
        return next((m for m in self.ms if m.start <= tok.idx < m.end), None)

    def _entity_name(self, m: Mention) -> str:
        ents = self.doc._.sitrep_entities or []
        ent = next((x for x in ents if x.id == m.entity_id), None)
        return ent.name if ent is not None else m.name

    def _last_person_before(self, pos: int, role_word: str | None) -> Mention | None:
        people = [m for m in self.ms if m.type == "PERSON" and m.start < pos]
        if role_word:
            ents = {e.id: e for e in (self.doc._.sitrep_entities or [])}
            fitting = [m for m in people if role_word in ((ents.get(m.entity_id).role or "").lower()
                                                          if ents.get(m.entity_id) else "")]
            if fitting:
                return fitting[-1]
            if role_word not in ("minister", "general", "chief", "president", "official", "spokesman",
                                 "commander", "ambassador", "envoy", "secretary", "leader", "premier"):
                return None
        return people[-1] if people else None

    def _issuer_before(self, pos: int) -> tuple[str, str | None] | None:
        """Who issued "the statement": "a statement from the defense ministry" earlier in the text."""
        found: list[tuple[str, str | None, bool]] = []
        for tok in self.doc:
            if tok.idx >= pos:
                break
            if tok.lemma_.lower() not in ("statement", "communique", "release") or tok.idx < pos - 1500:
                continue
            for prep in tok.children:
                if prep.dep_ != "prep" or prep.lower_ not in ("from", "by", "of"):
                    continue
                for obj in prep.children:
                    if obj.dep_ != "pobj":
                        continue
                    m = self._mention_at(obj)
                    if m is not None and m.type in ("ORG", "PERSON"):
                        found.append((self._entity_name(m), m.entity_id, True))
                        continue
                    words = [t for t in obj.subtree if t.i <= obj.i and t.dep_ not in ("punct",)]
                    phrase = " ".join(t.text for t in words if t.dep_ != "det")
                    found.append((phrase, None, obj.lemma_.lower() in ORG_NOUNS))
        best = [f for f in found if f[2]] or found
        return (best[-1][0], best[-1][1]) if best else None

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
            if m.type == "ORG" and sent.start_char <= m.start < sent.end_char and (
                    m.info.get("outlet") or m.info.get("kind") in ("news_agency", "broadcaster", "tv_channel")):
                return self._entity_name(m)
        return None


def find_quotes(doc: Doc) -> list[Quote]:
    """All direct quotes of the article, in text order."""
    return QuoteFinder(doc).run()

"""``sitrep_roles_v1``: the title and the state a person serves.

"Iranian Defense Minister Amir Hatami" → role "Defense Minister", country IRN (title run before
the name); "Kasem Jalali, Iran's ambassador to Russia," → role "ambassador to Russia", country IRN
(apposition after the name); "Mohammad Bagheri of the Iranian General Staff" → country of the body;
"his Russian counterpart Valery Gerasimov" → RUS. Writes ``role``, ``country`` and ``rank`` into
each PERSON mention's ``info``.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.nlp.extensions import Mention, mentions, text_of
from sitrep.nlp.lexicon import lexicon

_RANKS = {"gen", "gen.", "general", "lt", "lt.", "maj", "maj.", "brig", "brig.", "col", "col.", "adm", "adm.",
          "admiral", "colonel", "major", "lieutenant", "brigadier", "captain", "capt", "capt.", "sgt", "sgt.",
          "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "marshal", "commander", "cmdr", "cmdr.", "rear",
          "vice", "air", "chief", "field"}
_NAMED_WITH_STATE = ("embassy", "office", "military", "forces", "kremlin", "pentagon")
_INTERNATIONAL = ("un ", "united nations", "nato", "secretary-general", "secretary general", "european", "eu ",
                  "african union", "au ", "asean", "international", "world", "red cross", "imf")
_APPOS = re.compile(r"^\s*,\s+(?:the\s+|a\s+|an\s+)?([^,;:.()\"“”]{3,80}?)\s*(?:,|\.|;|\s(?:said|told|says|confirmed|added)\b)")


class RoleFinder:
    def __init__(self, nlp: Language, name: str):
        self.lex = lexicon()

    def __call__(self, doc: Doc) -> Doc:
        ms = mentions(doc)
        if not ms:
            return doc
        text = text_of(doc)
        by_start = {m.start: m for m in ms}
        for m in ms:
            if m.type != "PERSON":
                continue
            self._before(doc, text, m, ms, by_start)
            if not m.info.get("role"):
                self._after(text, m, ms)
            if m.info.get("role") and not m.info.get("country"):
                self._body_named_before(text, m, ms)
            if m.info.get("role") and not m.info.get("country"):
                self._state_in_context(doc, text, m, ms)
        return doc

    @staticmethod
    def _state_in_context(doc: Doc, text: str, m: Mention, ms: list[Mention]) -> None:
        """ "Pakistan reacted sharply. Foreign Office spokesperson X said …", "In Kinshasa, Government
        spokesman X …": an official of no named state serves the state the sentence opens with ("In
        Beijing, …") or, failing that, the first state of the sentence before it in the same paragraph.
        Kept as ``context_country``: a state named with any mention of the person wins over it."""
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or any(w in m.info["role"].lower() for w in _INTERNATIONAL):
            return
        sent = span.sent

        def states(a: int, b: int) -> list[Mention]:
            return [x for x in ms if a <= x.start and x.end <= b and not x.info.get("outlet") and (
                (x.type == "COUNTRY" and x.info.get("code")) or (x.type == "ORG" and x.info.get("country")
                                                                 and x.info.get("kind") != "armed_group")
                or (x.type == "LOCATION" and x.info.get("kind") == "capital" and x.info.get("country")))]

        of = re.match(r"\s+of\s+(?:the\s+)?", text[m.end:m.end + 12])  # "Foreign Minister Ana Rojas of Peru"
        after = states(m.end, m.end + 80) if of else []
        if after and after[0].start == m.end + of.end():
            m.info["country"] = after[0].info.get("code") or after[0].info.get("country")
            return

        opening = states(sent.start_char, m.start)
        if opening and re.match(r"^\s*(?:in|from)\s+(?:the\s+)?$", text[sent.start_char:opening[0].start], re.I):
            m.info["context_country"] = opening[0].info.get("code") or opening[0].info.get("country")
            return
        lead = text[sent.start_char:m.start]
        if sent.start == 0 or opening or len(lead) > 60 or "," in lead or "\n" in text[sent.start_char - 2:sent.start_char]:
            return  # the official's title does not open the sentence, or it opens a paragraph
        prev = doc[sent.start - 1].sent
        found = states(prev.start_char, prev.end_char)
        if found and not any(x.type == "PERSON" and x.start < found[0].start for x in ms
                             if prev.start_char <= x.start < prev.end_char):
            m.info["context_country"] = found[0].info.get("code") or found[0].info.get("country")

    @staticmethod
    def _body_named_before(text: str, m: Mention, ms: list[Mention]) -> None:
        """ "Ministry spokesperson Leyla Aliyeva" after "Azerbaijan's Foreign Ministry": the state of the
        last national body named before whose name has the body word of the title or role ("head of the
        army's Northern Command": the army named last)."""
        line_start = max(text.rfind("\n", 0, m.start), text.rfind(". ", 0, m.start)) + 1
        title = " ".join(text[line_start:m.start].split()[-4:])
        words = _bodies_in(f"{title} {m.info['role']}")
        if not words:
            return
        for x in sorted((x for x in ms if x.type == "ORG" and x.end <= m.start), key=lambda x: -x.start):
            country = x.info.get("country")
            if country and not x.info.get("outlet") and words & _bodies_in(x.name):
                m.info["country"] = country
                return

    def _before(self, doc: Doc, text: str, m: Mention, ms: list[Mention], by_start: dict[int, Mention]) -> None:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return
        i = span.start - 1
        words: list[tuple[int, int]] = []  # char spans of title words, right to left
        country = None
        while i >= 0:
            tok = doc[i]
            if tok.is_space or tok.text in (",", ";", ":", "(", ")", "\"", "“", "”"):
                break
            host = next((x for x in ms if x.start <= tok.idx < x.end and x is not m), None)
            if host is not None and host.type in ("COUNTRY", "ORG"):
                if host.type == "COUNTRY":
                    country = country or host.info.get("code")
                else:
                    country = country or host.info.get("country")
                    words.append((host.start, host.end))
                # jump over the whole host mention
                while i >= 0 and doc[i].idx >= host.start:
                    i -= 1
                continue
            low = tok.lower_
            if tok.text == "." and i > 0 and doc[i - 1].lower_ + "." in _RANKS:
                words.append((tok.idx, tok.idx + 1))  # "Lt. Gen.": the tokenizer split the abbreviation's dot
                i -= 1
                continue
            if low in self.lex.title_words or low.rstrip(".") in self.lex.title_words or low in _RANKS or (
                    tok.text[:1].isupper() and low in ("of", "the")) or low in ("of", "to", "for", "'s", "’s"):
                words.append((tok.idx, tok.idx + len(tok)))
                i -= 1
                continue
            break
        if not words:
            return
        start = min(s for s, _ in words)
        run = text[start:m.start].strip()
        # drop leading determiners, "his", demonyms already consumed; drop trailing ranks
        tokens = run.split()
        while tokens and tokens[0].lower() in ("of", "the", "to", "for", "his", "her", "their", "'s", "’s"):
            tokens = tokens[1:]
        rank = None
        while tokens and tokens[-1].lower() in _RANKS and len(tokens) > 1:
            rank = tokens[-1] if rank is None else rank
            tokens = tokens[:-1]
        if len(tokens) == 1 and tokens[0].lower() in _RANKS:
            rank, tokens = tokens[0], []
        role = " ".join(tokens).strip(" ,")
        role = re.sub(r"^(?:[A-Z][\w.]*['’]s\s+)", "", role)  # "Iran's ambassador" → "ambassador"
        if role and role.lower() not in ("counterpart", "the", "of") and self._is_role(role):
            m.info["role"] = role
        if rank:
            m.info["rank"] = rank
        if country:
            m.info["country"] = country

    def _after(self, text: str, m: Mention, ms: list[Mention]) -> None:
        g = _APPOS.match(text[m.end:m.end + 120])
        if not g:
            # "X of the Iranian General Staff"
            g2 = re.match(r"\s+of\s+(?:the\s+)?", text[m.end:m.end + 12])
            if g2:
                host = next((x for x in ms if x.start == m.end + g2.end() and x.type in ("ORG", "COUNTRY")), None)
                if host:
                    m.info.setdefault("country", host.info.get("country") or host.info.get("code"))
            return
        s = m.end + g.start(1)
        e = m.end + g.end(1)
        phrase = text[s:e]
        inside = [x for x in ms if s <= x.start and x.end <= e]
        if any(x.type == "PERSON" for x in inside):
            return
        if not self._is_role(phrase):
            return
        first_country = next((x for x in inside if x.type == "COUNTRY" and x.start == s), None)
        role = phrase
        if first_country:
            m.info.setdefault("country", first_country.info.get("code"))
            role = re.sub(r"^[\w .-]+?['’]s\s+", "", phrase) if re.match(r"^[\w .-]+?['’]s\s", phrase) else \
                phrase[first_country.end - s:].strip()
        elif inside and inside[0].start == s and inside[0].type == "ORG":
            m.info.setdefault("country", inside[0].info.get("country"))
        m.info["role"] = role.strip()

    def _is_role(self, phrase: str) -> bool:
        low = phrase.lower()
        return bool(_role_regex(self.lex.roles).search(low)) or any(
            w.strip(".,") in ("minister", "president", "ambassador", "general", "chief", "commander", "spokesman",
                              "spokeswoman", "spokesperson", "secretary", "envoy", "admiral", "director", "head")
            for w in low.split())


def _bodies_in(phrase: str) -> set[str]:
    """The body words a title or a body's name holds ("Ministry spokesperson" → {"ministry"}): a state's own
    bodies, and here also the words that name one only with the state beside it ("embassy", "office",
    "military", "forces") or stand for one ("Kremlin", "Pentagon")."""
    low = phrase.lower()
    return {b for b in (*lexicon().national_bodies, *_NAMED_WITH_STATE) if re.search(rf"\b{re.escape(b)}\b", low)}


@cache
def _role_regex(roles: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    """Whole-word match of any role surface ("king" must not match "speaking")."""
    alts = "|".join(re.escape(r) for r, _ in roles) or r"(?!)"
    return re.compile(rf"(?<![\w]){'(?:' + alts + ')'}(?![\w])")


@Language.factory("sitrep_roles_v1")
def make_role_finder(nlp: Language, name: str) -> RoleFinder:
    return RoleFinder(nlp, name)

"""``sitrep_coref_v1``: one entity per article, with every mention.

Merges mentions by catalogue/gazetteer id (countries by ISO code, systems by catalogue entry),
people by name ("Hatami" → "Amir Hatami", "Dong" → "Dong Jun"), organisations by name or acronym
("China Central Television" / "CCTV"); then finds the mentions the recognisers missed by
searching each entity's names in the text, and retypes model mistakes that collide with a known
person's name. Writes ``doc._.sitrep_entities`` (list of :class:`sitrep.records.Entity`) and sets
``Mention.entity_id``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from rapidfuzz import fuzz
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.nlp import gazetteer as gz
from sitrep.nlp.extensions import Mention, mentions, text_of
from sitrep.nlp.lexicon import lexicon
from sitrep.records import Entity

_POSS = re.compile(r"(?:['’]s|['’])$")


def _clean(s: str) -> str:
    return _POSS.sub("", " ".join(s.split()))


class Coref:
    def __init__(self, nlp: Language, name: str):
        self.names = gz.names()

    def __call__(self, doc: Doc) -> Doc:
        ms = mentions(doc)
        art = doc._.article
        text = art.text if art is not None else text_of(doc)
        people = self._people(ms)
        self._retype_person_tokens(ms, people)
        self._search_missed(doc, ms, people)
        groups: dict[str, list[Mention]] = {}
        for m in sorted(ms, key=lambda m: m.start):
            groups.setdefault(self._key(m, people), []).append(m)
        _bare_bodies(groups, text)
        _split_variants(groups)
        entities: list[Entity] = []
        for _key, group in sorted(groups.items(), key=lambda kv: kv[1][0].start):
            ent = self._entity(f"e{len(entities) + 1}", group, text)
            if ent is None:
                continue
            for m in group:
                m.entity_id = ent.id
            entities.append(ent)
        home = ((art.dateline or {}).get("country") if art is not None else None) or None
        if home:
            _home_bodies(entities, ms, home, doc)
        doc._.sitrep_mentions = sorted(ms, key=lambda m: m.start)
        doc._.sitrep_entities = entities
        return doc

    # ------------------------------------------------------------ people
    def _people(self, ms: list[Mention]) -> dict[int, str]:
        """Map id(mention) → the full name of the person it refers to."""
        full: list[str] = []
        for m in sorted((m for m in ms if m.type == "PERSON"), key=lambda m: -len(m.text.split())):
            name = _clean(m.text)
            if len(name.split()) >= 2:
                if not any(name == f or fuzz.ratio(name, f) >= 92 for f in full):
                    full.append(name)
        out: dict[int, str] = {}
        for m in ms:
            if m.type != "PERSON":
                continue
            name = _clean(m.text)
            target = next((f for f in full if name == f), None)
            if target is None and len(name.split()) >= 2:
                target = next((f for f in full if fuzz.ratio(name, f) >= 92), name)
            if target is None:
                target = self._full_for_token(name, full) or name
            out[id(m)] = target
        return out

    @staticmethod
    def _full_for_token(token: str, full: list[str]) -> str | None:
        tok = _fold(token)
        for f in full:  # surname first, then the family name of an East-Asian name order
            if _fold(f.split()[-1]) == tok:
                return f
        for f in full:
            if _fold(f.split()[0]) == tok:
                return f
        for f in full:
            score = fuzz.ratio(tok, _fold(f.split()[-1]))  # a misspelt surname ("Chengriha" for Chanegriha)
            if (len(token) >= 5 and score >= 85) or (len(token) >= 7 and score >= 80):
                return f
        return None

    def _retype_person_tokens(self, ms: list[Mention], people: dict[int, str]) -> None:
        """A model ORG/LOCATION that is a known person's surname is that person ("Hatami said")."""
        full = {people[id(m)] for m in ms if m.type == "PERSON" and len(people[id(m)].split()) >= 2}
        for m in ms:
            if m.type in ("ORG", "LOCATION") and m.source == "ner":
                f = self._full_for_token(_clean(m.text), sorted(full))
                if f and len(_clean(m.text).split()) == 1:
                    m.type = "PERSON"
                    m.info = {}
                    people[id(m)] = f

    def _search_missed(self, doc: Doc, ms: list[Mention], people: dict[int, str]) -> None:
        text = text_of(doc)
        taken = [(m.start, m.end) for m in ms]
        forms: dict[str, tuple[str, Mention]] = {}
        for m in ms:
            if m.source in ("credit",):
                continue
            surface = _clean(m.text)
            if m.type == "PERSON":
                f = people[id(m)]
                forms.setdefault(f, ("PERSON", m))
                if len(f.split()) >= 2 and len(f.split()[-1]) >= 3:
                    forms.setdefault(f.split()[-1], ("PERSON", m))
            elif m.type in ("ORG", "EQUIPMENT") and len(surface) >= 3 and surface[:1].isupper():
                forms.setdefault(surface, (m.type, m))
        for form, (typ, src) in forms.items():
            for hit in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text):
                s, e = hit.span()
                if any(s < b and a < e for a, b in taken):
                    continue
                new = Mention(s, e, typ, text[s:e], src.name, kb_id=src.kb_id, source="search", how=src.how,
                              info=dict(src.info) if typ != "PERSON" else {})
                ms.append(new)
                taken.append((s, e))
                if typ == "PERSON":
                    people[id(new)] = people[id(src)]

    # ------------------------------------------------------------ grouping
    def _key(self, m: Mention, people: dict[int, str]) -> str:
        if m.type == "COUNTRY":
            return "C:" + (m.info.get("code") or m.name)
        if m.type == "PERSON":
            return "P:" + people.get(id(m), _clean(m.text))
        if m.type == "EQUIPMENT":
            return "Q:" + (m.kb_id or gz.designation_key(m.name))
        if m.type == "LOCATION":  # by name: a dateline's "TEHRAN" and the text's "Tehran" are one place
            return "L:" + _clean(m.name).lower()
        if m.kb_id:
            return f"{m.type[0]}:{m.kb_id}"
        if m.type == "ORG" and m.info.get("head") and m.info.get("country"):
            # "Japan's Coast Guard" and "the Japanese coast guard" are one body
            return f"O:{m.info['country']}:{m.info['head']}"
        return f"{m.type[0]}:{_clean(m.name).lower()}"

    def _entity(self, eid: str, group: list[Mention], text: str) -> Entity | None:
        m0 = group[0]
        typ = m0.type
        surfaces = [_clean(text[m.start:m.end]) for m in group]
        counts = Counter(surfaces)
        mentions_ = sorted({(m.start, m.end) for m in group})
        if typ == "COUNTRY":
            name = m0.name
            code = m0.info.get("code")
            return Entity(eid, typ, name, _aliases(name, counts), mentions_, code=code, kb_id=m0.kb_id)
        if typ == "PERSON":
            name = max(counts, key=lambda s: (len(s.split()), len(s)))
            info: dict = {}
            for m in group:
                for k in ("role", "country", "rank"):
                    if m.info.get(k) and k not in info:
                        info[k] = m.info[k]
            kb = next((h for h in self.names.lookup(name) if h.type == "PERSON"), None)
            if kb is None:
                kb = self._fuzzy_person(name)
            aliases = _aliases(name, counts)
            if kb is not None:
                info.setdefault("country", kb.get("country"))
                info.setdefault("role", kb.get("role"))
                if kb.name != name and kb.name not in aliases:
                    aliases.append(kb.name)
            if not info.get("country"):  # the state the context gives an official of no named state
                info["country"] = next((m.info["context_country"] for m in group if m.info.get("context_country")), None)
            for m in group:
                m.info.update({k: v for k, v in info.items() if v})
            return Entity(eid, typ, name, aliases, mentions_, country=info.get("country"), role=info.get("role"),
                          kb_id=kb.kb_id if kb else None)
        if typ == "EQUIPMENT":
            info = m0.info
            # the form the article uses (a designation before a popular name, the most frequent, the fullest):
            # "M1A2 Abrams" stays "M1A2 Abrams", with the catalogue's "M1 Abrams" as an alias
            forms = Counter()
            for v, n in counts.items():
                forms[_CATEGORY_TAIL.sub("", v) or v] += n  # "Patriot air defence" names the Patriot
            name = max(forms, key=lambda v: (any(c.isdigit() for c in v), forms[v], v == m0.name, len(v)))
            aliases = _aliases(name, counts)
            variants = [m.info.get("variant") for m in group if m.info.get("variant")]
            for extra in [*variants, m0.name, info.get("nato"), *(info.get("aliases") or [])]:
                if extra and extra != name and extra not in aliases:
                    aliases.append(extra)
            return Entity(eid, typ, name, aliases, mentions_, category=info.get("category"),
                          origin=info.get("origin"), maker=info.get("maker"),
                          kb_id=m0.kb_id if m0.kb_id and not m0.kb_id.startswith("pattern:") else None)
        # ORG and LOCATION
        kbm = next((m for m in group if m.kb_id), None)
        if kbm is not None:
            name = kbm.name
        else:
            name = max(counts, key=lambda s: (len(s.split()) if not s.isupper() else 0,
                                              sum(w[:1].isupper() for w in s.split()), counts[s], len(s)))
        country = next((m.info.get("country") or m.info.get("code") for m in group
                        if m.info.get("country") or m.info.get("code")), None)
        if typ == "ORG" and country and country.startswith("IGO:"):
            country = None
        aliases = _aliases(name, counts)
        if typ == "ORG" and kbm is None:
            aliases += [a for a in _body_forms(group, text, country) if a != name and a not in aliases]
        return Entity(eid, typ, name, aliases, mentions_, country=country, kb_id=kbm.kb_id if kbm else None)

    def _fuzzy_person(self, name: str) -> gz.Hit | None:
        """Misspelt or transliterated well-known names ("Gerasimovis" → Valery Gerasimov)."""
        parts = name.split()
        if len(parts) < 2:
            return None
        best, score = None, 0.0
        for surface, h in _people_by_initial(self.names).get(parts[0][:1], ()):
            sc = fuzz.ratio(name, surface)
            if sc > score:
                best, score = h, sc
        return best if score >= 85 else None


_PEOPLE_BY_INITIAL: dict[int, dict[str, list[tuple[str, gz.Hit]]]] = {}


def _people_by_initial(idx: gz.NameIndex) -> dict[str, list[tuple[str, gz.Hit]]]:
    """The index's PERSON surfaces grouped by first letter, in index order (built once per index)."""
    got = _PEOPLE_BY_INITIAL.get(id(idx))
    if got is None:
        got = {}
        for surface, hits in idx.exact.items():
            if hits[0].type == "PERSON":
                got.setdefault(surface.split()[0][:1], []).append((surface, hits[0]))
        _PEOPLE_BY_INITIAL[id(idx)] = got
    return got


def _aliases(name: str, counts: Counter) -> list[str]:
    out = []
    for s in counts:
        if s != name and s not in out:
            out.append(s)
    return out


@Language.factory("sitrep_coref_v1")
def make_coref(nlp: Language, name: str) -> Coref:
    return Coref(nlp, name)


_CATEGORY_TAIL = re.compile(
    r"(?:\s+(?:air[- ]defen[cs]e|anti-(?:tank|ship|aircraft|armou?r|radiation|submarine)|surface-to-air|"
    r"air-to-air|air-to-surface|ground-attack|infantry\s+fighting\s+vehicles?|armou?red\s+personnel\s+carriers?|"
    r"fighting\s+vehicles?|missile|missiles|system|systems|howitzers?|tanks?|jets?|fighters?|aircraft|"
    r"helicopters?|drones?|frigates?|submarines?|launchers?|batter(?:y|ies)|radars?))+$", re.IGNORECASE)


def _split_variants(groups: dict[str, list[Mention]]) -> None:
    """Variants of one system that are not one another's refinement ("Leopard 2A4", "Leopard 2A6"; not
    "Mi-35" and "Mi-35M") are distinct entities; a bare mention ("the Leopards") goes with the variant
    the article names first."""
    for key in [k for k in groups if k.startswith("Q:")]:
        group = groups[key]
        family: list[str] = []
        for m in group:
            v = _variant(m, family)
            if v and v not in family:
                family.append(v)
        if len(family) < 2:
            continue
        del groups[key]
        for m in group:
            groups.setdefault(f"{key}|{_variant(m, family) or family[0]}", []).append(m)


def _variant(m: Mention, family: list[str]) -> str | None:
    """The variant a mention names beyond its system's base name, as the family member it refines or is
    refined by; None for a bare mention ("Leopard", "the Leopard 2")."""
    v = m.info.get("variant")
    if not v or gz.designation_key(v) == gz.designation_key(m.name):
        return None
    return next((f for f in family if _refines(v, f) or _refines(f, v)), v)


def _refines(a: str, b: str) -> bool:
    """``a`` is ``b`` or a refinement of it ("Mi-35M" of "Mi-35", "F-16 Block 70" of "F-16")."""
    return gz.designation_key(a).startswith(gz.designation_key(b))


def _bare_bodies(groups: dict[str, list[Mention]], text: str) -> None:
    """A body named with no state ("the Foreign Ministry") is the one body of that head the article names
    with a state ("the Russian Foreign Ministry"), when there is exactly one; not one placed
    elsewhere ("the Defense Ministry in Tashkent")."""
    for key in [k for k in groups if k.startswith("O:") and k.count(":") == 1]:
        if any(re.match(r"\s+in\s+[A-Z]", text[m.end:m.end + 6]) for m in groups[key]):
            continue
        owners = [k for k in groups if k.startswith("O:") and k.count(":") == 2 and k.split(":", 2)[2] == key[2:]]
        if len(owners) == 1:
            groups[owners[0]] = sorted(groups[owners[0]] + groups.pop(key), key=lambda m: m.start)


def _body_forms(group: list[Mention], text: str, country: str | None) -> list[str]:
    """Other names of a state's body named "<state> <head>": the head alone and the state's other form
    ("Iran's Foreign Ministry" → "Foreign Ministry", "Iranian Foreign Ministry"; "China's embassy in
    Berlin" → also "Chinese embassy")."""
    out: list[str] = []
    for m in group:
        head = m.info.get("head")
        if not head or m.source != "org_pattern":
            continue
        surface = " ".join(text[m.start:m.end].split())
        at = surface.lower().rfind(head)
        if at < 0:
            continue
        tails = list(dict.fromkeys([surface[at:], surface[at:at + len(head)]]))
        out += tails
        forms = gz.country_forms(m.info.get("country") or country or "")
        for tail in tails if forms else ():
            out.append(f"{forms[0]}'s {tail}")
            out += [f"{d} {tail}" for d in forms[1:]]
    return list(dict.fromkeys(out))


def _fold(s: str) -> str:
    """Accents off, for comparing spellings ("Vučić" = "Vucic")."""
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode() or s




def _foreign_in_sentence(m: Mention, ms: list[Mention], home: str, doc: Doc) -> bool:
    """Another state (or its outlet) is named in the sentence of ``m`` ("carried by KCNA, Vice Foreign
    Minister Ri said"), other than as someone's "counterpart"."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return True
    sent = span[0].sent
    text = doc.text
    for x in ms:
        if not sent.start_char <= x.start < sent.end_char or x is m:
            continue
        state = x.info.get("code") if x.type == "COUNTRY" else x.info.get("country") if x.type == "ORG" else None
        if state and state != home and not state.startswith("IGO:") \
                and not re.match(r"\s+counterparts?\b", text[x.end:x.end + 15]):
            return True
    return False


def _home_bodies(entities: list[Entity], ms: list[Mention], home: str, doc: Doc) -> None:
    """A datelined story's national bodies named with no state ("ALGIERS - … the People's National Army",
    "the Ministry of National Defence") are the dateline state's, and so are officials whose only title
    is such a body's or a minister's ("ANKARA - National Defence Minister X")."""
    for ent in entities:
        if ent.country or ent.type not in ("ORG", "PERSON"):
            continue
        group = [m for m in ms if m.entity_id == ent.id]
        if any(m.info.get("outlet") or (m.info.get("code") or "").startswith("IGO:") or m.info.get("kind") in (
                "armed_group", "company", "outlet", "news_agency") for m in group):
            continue
        label = ent.name if ent.type == "ORG" else (ent.role or "")
        body = any(re.search(rf"\b{re.escape(b)}\b", label.lower()) for b in lexicon().national_bodies)
        titled = ent.type == "PERSON" and not body and group and not _foreign_in_sentence(group[0], ms, home, doc) \
            and any(re.search(rf"\b{re.escape(b)}\b", label.lower()) for b in lexicon().home_titles)
        if body or titled:
            ent.country = home
            for m in group:
                m.info["country"] = home

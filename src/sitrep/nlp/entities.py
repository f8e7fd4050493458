"""``sitrep_entities_v1``: typed mentions of PERSON, ORG, COUNTRY, LOCATION and EQUIPMENT.

Sources, most trusted first: the dateline and credit lines found by ingest; the weapon-system
catalogue and designation patterns; the gazetteers (countries, demonyms, capitals, places,
organisations, outlets, people); national-body patterns ("Iranian Border Police"); acronyms
introduced in parentheses; and last the model's own NER, retyped and corrected (titles tagged ORG,
makers or outlets tagged PERSON, equipment tagged ORG, headings tagged ORG).

Writes ``doc._.sitrep_mentions`` (list of :class:`~sitrep.nlp.extensions.Mention`) and
``doc.spans["sitrep_entities"]``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sitrep.nlp import gazetteer as gz
from sitrep.nlp.extensions import Mention, text_of
from sitrep.nlp.lexicon import lexicon

# ---------------------------------------------------------------- helpers

_DESIGNATION = re.compile(
    r"(?<![\w/.-])"
    r"((?:[A-Za-z]{1,12}(?:/[A-Za-z]{1,4})?[-‐‑–]?\s?)?\d{1,4}(?:[A-Za-z0-9]{0,6})(?:[-‐‑][A-Za-z0-9]{1,6}){0,2})"
    r"(?![\w-])"
)
_EXERCISE_WORDS = frozenset({"exercise", "exercises", "drill", "drills", "training", "operation", "wargames",
                             "manoeuvres", "maneuvers", "games", "war"})
# an outlet by its own name: "Radio Okapi", "Baltic News Service", "Ghana News Agency", "JoyNews", "Kun.uz"
_OUTLET_NAME = re.compile(
    r"(?:\b(?:News\s+Agency|News\s+Service|Press\s+Agency|Radio|Television|Broadcasting|TV|FM)\b|News$|"
    r"^[\w-]+\.(?:com|net|org|info|news|uz|kz|kg|ru|ua|az|am|ge|by|md|tj|tm|mn|lt|lv|ee|pl|in|pk|ng|gh|ke|za|ph|id|my|vn)$)")
_NOT_OUTLET = re.compile(r"\b(?:Ministry|Council|Command|Forces?|Army|Navy|Agency\s+for|Authority)\b")
# "radio station DZBB", "the news website Kun.uz", "the daily Kommersant", "TV channel Russia-24"
_MEDIA_INTRO = re.compile(
    r"\b(?:radio\s+station|radio|news\s+website|news\s+site|news\s+portal|website|newspaper|daily|weekly|"
    r"broadcaster|(?:tv|television)\s+(?:channel|station)|channel|news\s+agency|outlet|portal|magazine|tabloid)\s+"
    r"(?P<name>(?:[A-Z][\w&'’-]*(?:\.[a-z]{2,4})?|[a-z0-9-]+\.[a-z]{2,4})(?:\s+[A-Z][\w&'’-]*){0,3})(?!\w|\.\w)")
_SHIP_PREFIX = re.compile(r"\b(?:USS|HMS|INS|HMAS|HMCS|ROKS|JS|TCG|FS|RFS|PNS|KRI|BRP|HNLMS|ITS|SPS)\s+$")
_LAW = re.compile(r"\b(?:[A-Z][\w'’-]*\s+(?:(?:of|for|on|and|the|to|in)\s+)*){1,12}"
                  r"(?:Act|Treaty|Convention|Doctrine|Accords?)\b")
_UNIT_TAIL = re.compile(
    r"[-‐‑](?:years?|months?|days?|weeks?|hours?|minutes?|km|kms|kilometers?|kilometres?|miles?|strong|members?|"
    r"points?|nations?|tons?|tonnes?|meters?|metres?|foot|feet|kg|old|page|seat|storey|story|man|person|"
    r"nation|party|round|mm|percent)$", re.IGNORECASE)
_SPACED_WORDS = frozenset({"a", "an", "i", "in", "on", "at", "by", "of", "to", "the", "and", "or", "for", "is", "as",
                           "no", "nos", "art", "page", "vol", "chapter", "section", "article", "resolution", "day",
                           "top", "over", "under", "about", "around", "some", "all", "just", "only", "from"})


def _not_designation(surface: str) -> bool:
    """A number after an ordinary word or with a unit ("a 10-year", "in 2020", "300-strong") is no designation."""
    if _UNIT_TAIL.search(surface):
        return True
    m = re.match(r"([A-Za-z]+)(\s)", surface)
    if m and (m.group(1).lower() in _SPACED_WORDS or m.group(1).islower()):
        return True
    return bool(surface[:1].islower() and not re.match(r"[a-z]+[A-Z]", surface))


_PLACE_HEADS = frozenset({"airport", "airbase", "base", "region", "province", "district", "city", "port", "valley",
                          "bay", "island", "islands", "strait", "sea", "river", "mountains", "county", "state", "camp",
                          "road", "street", "square", "bridge", "dam", "pass", "lake", "desert", "coast", "border",
                          "governorate", "oblast", "prefecture", "municipality", "area", "zone", "corridor",
                          "territory", "territories", "plant", "factory", "shipyard", "airfield", "garrison"})
_INITIALS = re.compile(r"(?:[A-Z]\.){2,4}")  # "R.G.K. Kapoor": initials, not an acronym
_PLACE_MODIFIERS = frozenset({"air", "naval", "power", "railway", "rail", "border", "military", "army", "navy",
                              "missile", "nuclear", "marine", "submarine"})  # "Tanagra air base", "Dhahban power plant"
_POSTED_BODIES = frozenset({"embassy", "consulate", "consulate general", "permanent mission", "mission"})
_POSTED_IN = re.compile(r"\s+in\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}")
_FUNCTION_WORDS = frozenset({"and", "or", "for", "with", "to", "of", "in", "on", "at", "by", "from", "the", "a", "an",
                             "is", "was", "are", "were", "will", "would", "that", "which", "as"})
_TRAILING = re.compile(r"(?:['’]s|['’]|[.,;:])$")
_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim determiners, possessives and punctuation from a character span."""
    s = text[start:end]
    m = re.match(r"(?:the|The|THE|a|an)\s+", s)
    if m:
        start += m.end()
    while end > start:
        s = text[start:end]
        m = _TRAILING.search(s)
        if not m or m.start() == 0:
            break
        end = start + m.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


class EntityRecognizer:
    """The component. Data indexes are built once per process and shared."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.names = gz.names()
        self.equip = gz.equipment()
        lex = lexicon()
        self.title_words = lex.title_words
        self.role_surfaces = lex.role_surfaces
        self.org_heads = lex.org_heads
        self.category_words = lex.category_words
        self.designation_heads = lex.designation_heads
        self.prep_location = lex.location_preps
        self.not_entities = lex.not_entities
        self.not_places = lex.not_places
        self.given_names = lex.given_names
        self.institution_words = lex.institution_words

    # ------------------------------------------------------------ main
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        art = doc._.article
        strong: list[Mention] = []
        if art is not None:
            strong += self._from_layout(art)
        strong += self._equipment(doc)
        strong += self._named_ships(text)
        strong += self._gazetteer(doc)
        strong += self._org_patterns(doc)
        acronyms = self._acronyms(doc, strong)
        defined = {m.text: m for m in acronyms if m.text.isupper()}
        # an acronym the article defines names that body throughout ("the ANP" after "People's National Army (ANP)")
        strong = [dataclasses.replace(m, name=defined[m.text].name, kb_id=defined[m.text].kb_id, source="acronym",
                                      info=dict(defined[m.text].info))
                  if m.text in defined and m.source == "gazetteer" and m.name != defined[m.text].name else m for m in strong]
        strong += acronyms
        strong += self._named_by_media_noun(doc, strong)
        chosen = _select(strong)
        weak = [m for m in self._from_ner(doc) if m]
        chosen = self._people_over_places(chosen, weak, text)
        chosen = _add_non_overlapping(chosen, _select(weak))
        chosen = _add_non_overlapping(chosen, self._titled_people(doc))
        chosen = self._nest_countries(strong, chosen, text)
        # a ship's name ("USS Missouri", "INS Vikrant") is not the place or person it is named after
        chosen = [m for m in chosen if m.type == "EQUIPMENT" or not _SHIP_PREFIX.search(text[max(0, m.start - 7):m.start])]
        chosen += self._seats_of_missions(strong, chosen)
        self._decide_capitals(doc, chosen)
        chosen = _compass_regions(chosen, text)
        chosen = self._drop_fragments(chosen, text)
        chosen += self._makers_in_designations(chosen, text)
        for m in chosen:  # "Radio Okapi", "Ghana News Agency", "JoyNews", "Kun.uz": an outlet by its own name
            if m.type == "ORG" and _OUTLET_NAME.search(text[m.start:m.end]) and not _NOT_OUTLET.search(text[m.start:m.end]):
                m.info = {**m.info, "outlet": True}
        chosen.sort(key=lambda m: (m.start, m.end))
        for m in chosen:
            m.text = (art.text if art is not None else text)[m.start:m.end]
        doc._.sitrep_mentions = chosen
        spans = []
        for m in chosen:
            sp = doc.char_span(m.start, m.end, label=m.type, alignment_mode="expand")
            if sp is not None:
                spans.append(sp)
        doc.spans["sitrep_entities"] = spans
        return doc

    def _people_over_places(self, chosen: list[Mention], weak: list[Mention], text: str) -> list[Mention]:
        """ "spokesperson Gao Wenbin": a person the model saw whose given name is a town's ("Gao") is the
        person, not the town and a stray surname."""
        for p in weak:
            if p.type != "PERSON":
                continue
            over = [c for c in chosen if c.start < p.end and p.start < c.end]
            if len(over) != 1 or over[0].type != "LOCATION" or over[0].start != p.start or over[0].end >= p.end:
                continue
            rest = text[over[0].end:p.end].split()
            if not 1 <= len(rest) <= 2 or not all(w[:1].isupper() and not self.names.lookup(w)
                                                  and w.lower().strip(".,") not in _PLACE_HEADS for w in rest) or \
                    re.search(r"\b(?:in|at|near|from|to)\s+$", text[max(0, p.start - 6):p.start]):
                continue
            chosen = [c for c in chosen if c is not over[0]]
        return chosen

    def _state_named_before(self, text: str, pos: int) -> str | None:
        """The last state a country name or demonym names in the sentence before ``pos``."""
        start = max(text.rfind(". ", 0, pos), text.rfind("\n", 0, pos)) + 1
        for w in reversed(re.findall(r"[A-Z][\w'’-]+", text[start:pos])):
            hit = next((h for h in self.names.lookup(w) if h.type == "COUNTRY" and h.how in ("name", "demonym")), None)
            if hit is not None:
                return hit.get("code")
        return None

    def _given_name_first(self, words: list[str]) -> bool:
        """Two or three capitalised words opening with a given name and naming nothing we know as a body or
        a place ("Murat Kalkan", not "Victor Harbour Authority")."""
        if not 2 <= len(words) <= 3 or words[0] not in self.given_names:
            return False
        if not all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words):
            return False
        return not any(w.lower() in self.institution_words or w.lower() in _PLACE_HEADS for w in words[1:])

    def _seats_of_missions(self, strong: list[Mention], chosen: list[Mention]) -> list[Mention]:
        """The city a mission is named by ("the Chinese embassy in Berlin") is named too: the place mention
        inside the body's."""
        posts = [m for m in chosen if m.type == "ORG" and m.info.get("head") in _POSTED_BODIES]
        have = {(m.start, m.end) for m in chosen}
        return [dataclasses.replace(m) for m in strong if m.type in ("LOCATION", "COUNTRY") and (m.start, m.end) not in have
                and any(p.start < m.start and m.end <= p.end for p in posts)]

    def _makers_in_designations(self, chosen: list[Mention], text: str) -> list[Mention]:
        """The maker a designation is written with ("the Lockheed Martin F-35", "Dassault Rafale jets") is
        named too: an ORG mention inside the EQUIPMENT one; not where the designation abbreviates the maker
        ("Sukhoi Su-30", "Antonov An-124")."""
        out: list[Mention] = []
        for m in chosen:
            if m.type != "EQUIPMENT":
                continue
            words = list(re.finditer(r"\S+", text[m.start:m.end]))
            for k in range(min(3, len(words) - 1), 0, -1):
                e = m.start + words[k - 1].end()
                hit = next((h for h in self.names.lookup(text[m.start:e]) if h.type == "ORG"
                            and h.get("kind") == "company"), None)
                rest = text[m.start + words[k].start():m.end]
                if hit is not None and rest[:2].lower() != text[m.start:m.start + 2].lower():
                    out.append(self._mk(m.start, e, hit, "gazetteer", text))  # not "Sukhoi Su-30": one name
                    break
        return out

    def _drop_fragments(self, chosen: list[Mention], text: str) -> list[Mention]:
        """No direction words or bare fragments ("the West", "Gulf", "MoD", "House") and no body or
        place inside a law's name ("The National" in "The National Defense Authorization Act")."""
        laws = [m.span() for m in _LAW.finditer(text)]
        out = []
        for m in chosen:
            surface = re.sub(r"^the\s+", "", text[m.start:m.end].lower()).strip()
            if m.source not in ("credit", "dateline") and (surface in self.not_entities or
                                                          f"the {surface}" in self.not_entities):
                continue
            if m.type == "LOCATION" and surface in self.not_places:
                continue  # "Asia", "the Middle East": a continent or macro-region, not a place the story is at
            if m.type in ("ORG", "LOCATION") and any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end)
                                                     for a, b in laws):
                continue
            out.append(m)
        return out

    # ------------------------------------------------------------ layout: dateline, credits
    def _from_layout(self, art) -> list[Mention]:
        out: list[Mention] = []
        dl = art.dateline or {}
        if dl.get("place_span"):
            s, e = dl["place_span"]
            hits = self.names.lookup(art.text[s:e])
            country = next((h for h in hits if h.type == "COUNTRY" and h.how != "capital"), None)
            if country:
                out.append(self._mk(s, e, country, "dateline", art.text))
            else:
                out.append(Mention(s, e, "LOCATION", art.text[s:e], dl.get("place") or art.text[s:e],
                                   kb_id=None, source="dateline", info={"country": dl.get("country")}))
        if dl.get("country_span"):
            s, e = dl["country_span"]
            hits = [h for h in self.names.lookup(art.text[s:e]) if h.type == "COUNTRY"]
            if hits:
                out.append(self._mk(s, e, hits[0], "dateline", art.text))
        if dl.get("agency_span"):
            s, e = dl["agency_span"]
            out.append(self._org_mention(s, e, art.text, "credit"))
        for c in art.credits or []:
            out.append(self._org_mention(c["start"], c["end"], art.text, "credit"))
        return out

    def _org_mention(self, s: int, e: int, text: str, source: str) -> Mention:
        surface = text[s:e]
        hit = next((h for h in self.names.lookup(surface) if h.type == "ORG"), None)
        if hit is None:
            dom = gz.outlet_domains().get(surface.lower().removeprefix("www."))
            if dom:
                hit = next((h for h in self.names.lookup(dom) if h.type == "ORG"), None)
        if hit:
            return self._mk(s, e, hit, source, text)
        return Mention(s, e, "ORG", surface, surface, source=source, info={"kind": "outlet", "outlet": True})

    def _mk(self, s: int, e: int, hit: gz.Hit, source: str, text: str) -> Mention:
        info = dict(hit.info)
        return Mention(s, e, "COUNTRY" if hit.type == "COUNTRY" else hit.type, text[s:e], hit.name,
                       kb_id=hit.kb_id, source=source, how=hit.how, info=info)

    # ------------------------------------------------------------ catalogue and designations
    def _equipment(self, doc: Doc) -> list[Mention]:
        text = text_of(doc)
        out: list[Mention] = []
        idx = self.equip
        for m in _DESIGNATION.finditer(text):
            s, e = m.span()
            surface = m.group(1)
            if not any(c.isalpha() for c in surface) or _not_designation(surface):
                continue
            found = self._resolve_designation(surface)
            if found is not None and found[2] == "variant" and re.search(r"[A-Z0-9]s$", surface):
                single = self._resolve_designation(surface[:-1])  # "Su-30SMs": the Su-30SM, plural
                if single is not None and single[2] == "catalogue":
                    found, e = single, e - 1
            if found is None and surface.endswith("s"):
                found = self._resolve_designation(surface[:-1])
                if found:
                    e -= 1
            if found is None:  # "Stan Patrol 4207": the number after a capitalised name's last word
                before = re.search(r"((?:[A-Z][\w-]*\s){1,2})$", text[max(0, s - 30):s])
                if before:
                    words = before.group(1).split()
                    for k in (len(words), 1):
                        cand = " ".join(words[-k:]) + " " + surface
                        got = idx.by_key.get(gz.designation_key(cand))
                        if got:
                            found, s = (got[0], got[1], "catalogue"), s - len(cand) + len(surface)
                            break
            if found is None:
                found = self._unknown_designation(text, surface, e)
            if found is None:
                continue
            entry, canon, how = found
            if how == "pattern" and not self._military_context(text, s, e, entry):
                continue
            s, e = self._extend_equipment(text, s, e, entry)
            wider = idx.by_key.get(gz.designation_key(text[s:e]))
            if wider is not None:  # "Rafale F4" is a Rafale variant, not the F-4 it contains
                entry, canon, how = wider[0], wider[1], "catalogue"
            out.append(self._equip_mention(text, s, e, entry, canon, how))
        # word names: Rafale, Patriot, Eurofighter Typhoon, HIMARS (exact case), weak ones in context
        starts, ends, _space = _token_table(doc)
        heads = _heads(idx)
        for i in range(len(doc)):
            if not text[starts[i]:starts[i] + 1].isupper() or not _may_start(text, starts[i], ends[i], heads):
                continue
            tok = doc[i]
            for n in range(min(idx.max_tokens, len(doc) - tok.i), 0, -1):
                if _space[tok.i + n - 1]:
                    continue
                last = doc[tok.i + n - 1]
                surface = " ".join(text[tok.idx:last.idx + len(last)].split())
                got = idx.by_name.get(surface)
                plural = False
                if got is None and surface.endswith("s"):
                    got = idx.by_name.get(surface[:-1])
                    plural = got is not None
                weak = surface if surface in idx.weak else (surface[:-1] if surface[:-1] in idx.weak else None)
                if got is None and n == 1 and weak is not None:
                    named = any(m.kb_id == idx.weak[weak].kb_id and m.start < tok.idx for m in out)
                    if self._class_word_follows(doc, tok.i + 1) or named:
                        # "Typhoon jets", or "Typhoons" once the Eurofighter Typhoon has been named
                        got = (idx.weak[weak], idx.weak[weak].name)
                        plural = weak != surface
                if got:
                    end = last.idx + len(last) - (1 if plural else 0)
                    s, e = self._extend_equipment(text, tok.idx, end, got[0])
                    out.append(self._equip_mention(text, s, e, got[0], got[1], "name"))
                    break
        return out

    def _resolve_designation(self, surface: str):
        idx = self.equip
        key = gz.designation_key(surface)
        got = idx.by_key.get(key)
        if got:
            return got[0], got[1], "catalogue"
        m = re.match(r"([a-z/]*?)(\d+)([a-z0-9]*)$", key)
        if not m:
            return None
        prefix, num, suffix = m.groups()
        base = idx.by_key.get(prefix + num)
        if base and suffix:
            return base[0], surface, "variant"
        pat = idx.patterns.get(prefix)
        if pat and prefix and len(num) >= int(pat.get("min_number", 1)):
            if pat.get("ambiguous") and not re.search(r"[-‐‑–]", surface):
                return None
            entry = gz.Equip(kb_id=f"pattern:{prefix}{num}", name=surface, category=pat.get("category"),
                             origin=pat.get("origin"), maker=pat.get("maker"), kind=pat.get("kind"))
            return entry, surface, "pattern"
        return None

    def _unknown_designation(self, text: str, surface: str, e: int):
        """A designation the catalogue lacks, named as a weapon by the noun after it ("three J/FPS-3ME air
        surveillance radars", "KTX-2 trainers"): a system of that category, maker unknown."""
        if not re.match(r"[A-Z][A-Za-z]*(?:/[A-Z]+)?[-‐‑–][A-Z0-9]", surface) or not any(c.isdigit() for c in surface):
            return None
        m = re.match(r"(?:[\s-]+[a-z]+){1,3}", text[e:e + 60])
        words = []
        for w in re.findall(r"[a-z]+", m.group(0)) if m else []:
            if w in _FUNCTION_WORDS:
                break  # "the AB-12 contract for drones": the drones are another thing
            words.append(w)
        head = next((h for w in words for h in (w, w[:-1], w[:-2]) if h in self.designation_heads), None)
        if head is None:
            return None
        category, kind = self.designation_heads[head]
        entry = gz.Equip(kb_id=f"unknown:{gz.designation_key(surface)}", name=surface, category=category,
                         origin=None, maker=None, kind=kind)
        return entry, surface, "designation"

    def _named_ships(self, text: str) -> list[Mention]:
        """ "INS Kirpan", "USS Carl Vinson": a named warship (its navy's state as origin)."""
        prefixes = lexicon().ship_prefixes
        if not prefixes:
            return []
        rx = re.compile(r"\b(" + "|".join(map(re.escape, prefixes)) + r")\s+((?:[A-Z][a-z'’-]+)(?:\s+[A-Z][a-z'’-]+){0,2})")
        out = []
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            out.append(Mention(s, e, "EQUIPMENT", text[s:e], text[s:e], kb_id=f"ship:{text[s:e].lower()}",
                               source="equipment", how="name",
                               info={"category": "warship", "origin": prefixes[m.group(1)], "maker": None,
                                     "kind": "naval", "variant": text[s:e], "nato": None, "aliases": []}))
        return out

    def _class_word_follows(self, doc: Doc, i: int) -> bool:
        """A class word right after, or after up to two modifiers: "Heron drones", "Heron surveillance drones",
        "Meteor long-range air-to-air missiles" (a hyphenated modifier is one word)."""
        words = 0
        for k in range(i, min(i + 12, len(doc))):
            low = doc[k].lower_
            if low.rstrip("s") in self.category_words or low in self.category_words:
                return True
            if doc[k].text == "-" or (k > i and doc[k - 1].text == "-" and not doc[k - 1].whitespace_):
                continue  # inside a hyphenated word
            if doc[k].pos_ not in ("NOUN", "ADJ", "PROPN", "ADP") or (doc[k].pos_ == "ADP" and "-" not in doc[k + 1:k + 2].text):
                return False
            words += 1
            if words >= 3:
                return False
        return False

    def _military_context(self, text: str, s: int, e: int, entry: gz.Equip) -> bool:
        window = text[max(0, s - 80):e + 80].lower()
        return any(w in window for w in self.category_words)

    def _extend_equipment(self, text: str, s: int, e: int, entry: gz.Equip) -> tuple[int, int]:
        """Grow a designation over the maker before it and a popular name after it."""
        idx = self.equip
        before = re.search(r"([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)\s+$", text[max(0, s - 40):s])
        if before:
            words = before.group(1)
            for cand in (words, words.split()[-1]):
                maker_ok = entry.maker and (cand == entry.maker or entry.maker.startswith(cand)
                                            or cand in (entry.maker or "").split())
                key_ok = gz.designation_key(cand + " " + text[s:e]) in idx.by_key
                if maker_ok or key_ok or (cand + " " + text[s:e]) in idx.by_name:
                    s = s - len(text[max(0, s - 40):s]) + before.start() + (len(words) - len(cand))
                    break
        suffix = re.match(r"[\s-]((?:Mk\.?\s?\d{1,2}[A-Za-z]?|Block\s\d{1,2}[A-Za-z]?|[A-Z]{1,3}-?\d{1,3}[A-Za-z]{0,2}))\b",
                          text[e:e + 16])
        if suffix and (not any(ch.isdigit() for ch in text[s:e])
                       or gz.designation_key(text[s:e] + suffix.group(1)) in idx.by_key):
            e += suffix.end(1)  # "Pantsir S1", "Tejas Mk1A", "Leopard 2 A4" (a known variant) style marks
        after = re.match(r"\s+([A-Z][a-z]+(?:\s(?:[A-Z][a-z]+|I{1,3}|IV|V))?)", text[e:e + 40])
        if after:
            words = after.group(1)
            cands = [words] + ([words.split()[0]] if " " in words else [])
            for cand in cands:
                full = text[s:e] + " " + cand
                names = {entry.name, *entry.aliases, *(entry.variants or ())}
                if gz.designation_key(full) in idx.by_key or full in idx.by_name or any(
                        cand in n.split() for n in names):
                    e = e + after.start(1) + len(cand)
                    num = re.match(r"\s(\d{1,3}[A-Za-z]?|I{1,3}|IV|V)\b", text[e:e + 6])
                    if cand in ("Block", "Batch", "Tranche", "Flight", "Mk", "Mark") and num:
                        e += num.end()  # "F-16 Block 70", "Typhoon Tranche 3"
                    break
        return s, e

    def _equip_mention(self, text: str, s: int, e: int, entry: gz.Equip, canon: str, how: str) -> Mention:
        return Mention(s, e, "EQUIPMENT", text[s:e], entry.name, kb_id=entry.kb_id, source="equipment",
                       how=how, info={"category": entry.category, "origin": entry.origin, "maker": entry.maker,
                                      "kind": entry.kind, "variant": canon, "nato": entry.nato,
                                      "aliases": list(entry.aliases[:4])})

    # ------------------------------------------------------------ gazetteer n-grams
    def _gazetteer(self, doc: Doc) -> list[Mention]:
        text = text_of(doc)
        idx = self.names
        out: list[Mention] = []
        ents = {t.i: t.ent_type_ for t in doc if t.ent_type_}
        starts, ends, space = _token_table(doc)
        heads = _heads(idx)
        i = 0
        n_tok = len(doc)
        while i < n_tok:
            first = text[starts[i]:starts[i] + 1]
            if not (first.isupper() or first.isdigit() or (first.islower() and _may_start(
                    text, starts[i], ends[i], _lower_heads(idx)))) or not _may_start(text, starts[i], ends[i], heads):
                i += 1
                continue
            best = None
            for n in range(min(idx.max_tokens, n_tok - i), 0, -1):
                if any(space[i:i + n]):
                    continue
                hits = idx.lookup(text[starts[i]:ends[i + n - 1]])
                if hits:
                    best = (n, hits)
                    break
            if best is None:
                i += 1
                continue
            n, hits = best
            s, e = starts[i], ends[i + n - 1]
            hit = self._choose_hit(doc, i, n, hits, ents)
            if hit is not None:
                out.append(self._mk(s, e, hit, "gazetteer", text))
            i += n
        return out

    def _choose_hit(self, doc: Doc, i: int, n: int, hits: list[gz.Hit], ents: dict[int, str]):
        surface = doc[i:i + n].text
        if surface in self.names.ambiguous and surface.isupper():
            line = _line_at(text_of(doc), doc[i].idx)  # only here: counting a whole line's letters is costly
            if sum(c.isupper() for c in line) > 0.6 * max(1, sum(c.isalpha() for c in line)):
                return None  # "TELL US MORE": in an all-caps line an abbreviation may be a word
        elif surface in self.names.ambiguous:
            label = ents.get(i, "")
            if label in ("PERSON", "ORG", "PRODUCT") or (i > 0 and doc[i - 1].ent_type_ == "PERSON"):
                return None
            if doc[i].is_lower:
                return None
        if n == 1 and doc[i].text.isupper() and len(doc[i]) <= 3 and doc[i].ent_type_ == "" and surface not in (
                "US", "UK", "UN", "EU", "UAE", "PLA", "IDF", "KCNA", "TASS", "AFP", "AP", "RT", "BBC", "CNN"):
            # short all-caps tokens are mostly acronyms of something else unless the model agrees
            pass
        # prefer ORG (outlets, bodies) over PERSON, COUNTRY over LOCATION for the same surface
        order = {"ORG": 0, "EQUIPMENT": 1, "COUNTRY": 2, "PERSON": 3, "LOCATION": 4}
        hits = sorted(hits, key=lambda h: order.get(h.type, 9))
        countries = [h for h in hits if h.type == "COUNTRY"]
        if countries and any(h.type == "LOCATION" for h in hits):
            cap = next((h for h in countries if h.how == "capital"), None)
            if cap:
                return cap  # decided later from the syntax: the state or the city
        if countries and any(h.type == "ORG" for h in hits):
            return hits[0]
        return hits[0]

    # ------------------------------------------------------------ national bodies
    def _org_patterns(self, doc: Doc) -> list[Mention]:
        """"<Country|Demonym>['s] <Body>" → ORG of that country ("Iranian Border Police")."""
        text = text_of(doc)
        out: list[Mention] = []
        heads = self.org_heads
        if not heads:
            return out
        head_re = heads["regex"]
        for m in head_re.finditer(text):
            hs, he = m.span()
            if m.group(0)[:1].islower() and " ".join(m.group(0).lower().split()) in heads.get("generic", ()):
                continue  # "the Iranian military" is a description; "the Iranian Military" or "defense ministry" a body
            nxt = re.match(r"\s+([a-z]+)", text[he:he + 20], re.IGNORECASE)
            if nxt and nxt.group(1).lower() in self.institution_words:
                continue  # "France's armed forces ministry" is a ministry, not the armed forces
            before = text[max(0, hs - 60):hs]
            cm = re.search(r"((?:[A-Z][\w.-]*\s){0,2}[A-Z][\w.-]*?)(['’]s|(?<=s)['’])?\s+$", before)
            if not cm:
                continue
            words = cm.group(1)
            for k in range(len(words.split())):
                cand = " ".join(words.split()[k:])
                hit = next((h for h in self.names.lookup(cand) if h.type == "COUNTRY"), None)
                if hit:
                    s = hs - len(before) + cm.start(1) + (len(words) - len(cand))
                    head = " ".join(m.group(0).lower().split())
                    post = _POSTED_IN.match(text, he) if head in _POSTED_BODIES else None
                    he = post.end() if post else he  # "the Chinese embassy in Manila": the mission named by its seat
                    name = text[s:he]
                    out.append(Mention(s, he, "ORG", name, name, source="org_pattern",
                                       info={"country": hit.get("code"), "kind": heads["kind"].get(head),
                                             "head": head}))
                    break
        return out

    # ------------------------------------------------------------ "Full Name (ACR)"
    def _acronyms(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        text = text_of(doc)
        out = []
        for m in re.finditer(r"\(([A-Z][A-Za-z&]{1,9})\)", text):
            acr = m.group(1)
            before = text[max(0, m.start() - 120):m.start()].rstrip()
            words = re.findall(r"[A-Z][\w'’&.-]*|of|and|for|the|de|on", before)
            # take the trailing capitalised run whose initials spell the acronym
            tail = re.search(r"((?:[A-Z][\w'’&.-]*|of|and|for|the|on|de)(?:\s+(?:[A-Z][\w'’&.-]*|of|and|for|the|on|de))*)$", before)
            if not tail or not words:
                continue
            run = tail.group(1).split()
            while run and run[0][:1].islower():
                run = run[1:]
            best = None
            for k in range(len(run)):
                cand = run[k:]
                initials = "".join(w[0] for w in cand if w[:1].isupper())
                if initials.upper() == acr.upper().replace("&", "") or (
                        len(cand) >= 2 and initials.upper().startswith(acr.upper()[:2]) and len(acr) <= len(cand) + 1
                        and acr.upper() in "".join(w[:2].upper() for w in cand if w[:1].isupper())) or (
                        len(cand) >= 3 and sorted(initials.upper()) == sorted(acr.upper())):
                    best = cand  # (or the initials in another order: "People's National Army (ANP)")
                    break
            while best and best[0][:1].islower():
                best = best[1:]
            if not best:
                continue
            full = " ".join(best)
            if re.search(r"\b(?:Act|Treaty|Convention|Resolution|Doctrine|Accords?|Agreement)$", full) and not (
                    best[0].lower() in ("government", "movement", "front") or best[0].lower() in self.institution_words):
                continue  # a law or treaty with its acronym ("... Sanctions Act (CAATSA)") is no organisation
                # (but "Government of National Accord (GNA)" is a body)
            fs = text.rfind(full, 0, m.start())
            if fs < 0:
                continue
            # the acronym alone may name something else ("ANP", a Dutch agency): only the body it spells
            hits = self.names.lookup(full) or [h for h in self.names.lookup(acr) if not h.get("outlet")
                                               and h.get("kind") not in ("news_agency", "outlet", "broadcaster")]
            typ = "ORG"
            hit = hits[0] if hits else None
            if hit and hit.type in ("COUNTRY",):
                continue
            if hit and hit.type == "LOCATION":
                typ = "LOCATION"
            name = hit.name if hit else full
            info = dict(hit.info) if hit else {}
            info["acronym"] = acr
            if not hit and best[0] == "Government":  # "the Libyan army, loyal to the Government of National
                state = self._state_named_before(text, fs)  # Accord (GNA)": the state named before it
                if state:
                    info["country"] = state
            out.append(Mention(fs, fs + len(full), typ, full, name, kb_id=hit.kb_id if hit else None,
                               source="acronym", info=info))
            out.append(Mention(m.start(1), m.end(1), typ, acr, name, kb_id=hit.kb_id if hit else None,
                               source="acronym", info=info))
        return out

    # ------------------------------------------------------------ the model's NER, corrected
    def _from_ner(self, doc: Doc) -> Iterable[Mention | None]:
        text = text_of(doc)
        art = doc._.article
        headings = _heading_ranges(art)
        laws = [m.span() for m in _LAW.finditer(text)]
        for ent in doc.ents:
            if any(a < ent.end_char and ent.start_char < b for a, b in laws):
                continue  # a piece of a law's or treaty's name ("Countering America's … Act")
            if ent.label_ not in ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"):
                continue
            s, e = _strip_span(text, ent.start_char, ent.end_char)
            if e - s < 2 or not text[s:s + 1].isupper():
                continue
            if any(hs <= s and e <= he for hs, he in headings) or _line_at(text, s).count("|") >= 2:
                continue  # headings and menus: only gazetteer/catalogue names, never the model's guesses
            yield self._retype(doc, ent, s, e)

    def _named_by_media_noun(self, doc: Doc, found: list[Mention]) -> list[Mention]:
        """A name the text introduces as an outlet ("radio station DZBB", "the news website Kun.uz",
        "the daily Kommersant") is an outlet, also where no gazetteer or model knows it."""
        text = text_of(doc)
        out: list[Mention] = []
        for m in _MEDIA_INTRO.finditer(text):
            s, e = m.span("name")
            if any(f.start < e and s < f.end for f in found):
                continue  # already known (and typed) by the gazetteer or catalogue
            out.append(Mention(s, e, "ORG", text[s:e], text[s:e], source="media", info={"outlet": True}))
        return out

    def _titled_people(self, doc: Doc) -> list[Mention]:
        """A capitalised name right after a rank or title ("Air Marshal Ibrahim Danladi") is a person,
        also where the model saw none. Two or three name words, none a title, a known name or a body's head."""
        text = text_of(doc)
        headings = _heading_ranges(doc._.article)
        out: list[Mention] = []
        run: list[Token] = []
        for tok in [*doc, None]:
            if tok is not None and tok.is_alpha and tok.text[:1].isupper() and not tok.is_sent_start:
                run.append(tok)
                continue
            # the name follows the last title word of the run ("Uzbek Defense Minister Lieutenant General X Y")
            k = 0
            for j, t in enumerate(run):
                if t.lower_.strip(".") in self.title_words and t.lower_ not in _SPACED_WORDS:
                    k = j + 1
            name = run[k:]
            # "Ministry spokesperson Leyla Aliyeva": a lower-case title word just before the run
            titled = bool(k) or bool(name and name[0].i > 0 and doc[name[0].i - 1].lower_ in self.title_words
                                     and doc[name[0].i - 1].lower_ not in _SPACED_WORDS
                                     and doc[name[0].i - 1].pos_ == "NOUN")
            run = [tok] if tok is not None and tok.is_alpha and tok.text[:1].isupper() else []
            if not 2 <= len(name) <= 3 or not (titled or self._after_titled_comma(doc, name)):
                continue
            s, e = name[0].idx, name[-1].idx + len(name[-1])
            surface = text[s:e]
            if any(t.is_upper or t.lower_ in self.title_words or t.lower_ in self.institution_words
                   or self.names.lookup(t.text) for t in name):
                continue
            if any(hs <= s < he for hs, he in headings) or (
                    self.org_heads and self.org_heads["regex"].search(surface)):
                continue
            out.append(Mention(s, e, "PERSON", surface, surface, source="title"))
        return out

    def _after_titled_comma(self, doc: Doc, name: list[Token]) -> bool:
        """ "The UN envoy for Yemen, Anders Holmqvist, said": a name set off by commas after a title."""
        first, last = name[0], name[-1]
        if first.i < 2 or doc[first.i - 1].text != "," or last.i + 1 >= len(doc) or doc[last.i + 1].text != ",":
            return False
        before = doc[max(first.sent.start, first.i - 7):first.i - 1]
        return any(t.lower_ in self.title_words and t.lower_ not in _SPACED_WORDS and t.pos_ in ("NOUN", "PROPN")
                   for t in before)

    def _retype(self, doc: Doc, ent: Span, s: int, e: int) -> Mention | None:
        text = text_of(doc)
        surface = text[s:e]
        label = ent.label_
        if "\n" in surface or any(ch.isdigit() for ch in surface) and label != "ORG":
            return None
        hits = self.names.lookup(surface)
        if hits:
            return self._mk(s, e, hits[0], "gazetteer", text)
        first, _, rest = surface.partition(" ")
        if rest and label in ("ORG", "GPE", "LOC") and not self.names.lookup(first):
            inner = [h for h in self.names.lookup(rest) if h.type == "COUNTRY"]
            if inner:  # "Neighbouring Burkina Faso", "Landlocked Mali": the country, not an organisation
                return self._mk(s + len(first) + 1, e, inner[0], "gazetteer", text)
        low = surface.lower()
        words = surface.split()
        if label == "NORP":
            return None  # demonyms we know came from the gazetteer; others are not states
        nxt = re.match(r"[\"'’”]?\s*(\w+)", text[e:e + 30])
        nxt2 = re.match(r"[\"'’”]?\s*[\w-]+\s+(\w+)", text[e:e + 40])
        if any(x and x.group(1).lower() in _EXERCISE_WORDS for x in (nxt, nxt2)):
            return None  # an exercise or operation's name ("Noble Partner exercise"), not a body or place
        if re.fullmatch(r"[A-Z][\w ]*[- ](?:19|20)\d\d", surface):
            return None  # "Zapad-2021", "Army-2020": an exercise, forum or show named with its year
        if label == "ORG" and re.search(r"\b(?:Act|Treaty|Convention|Resolution|Doctrine|Accords?|Law|Agreement|"
                                        r"Statement|Declaration|Protocol|Memorandum|Pact|Charter)$", surface):
            return None  # a law or treaty, not an organisation
        if nxt and nxt.group(1).lower() in ("airport", "airbase", "airfield"):
            e = e + nxt.end(1)
            return Mention(s, e, "LOCATION", text[s:e], text[s:e], source="ner")
        # titles tagged as ORG/PERSON ("Defense Minister", "Secretary of State")
        if low in self.role_surfaces:
            return None
        heads = self.org_heads.get("regex") if self.org_heads else None
        body = label == "ORG" and heads is not None and heads.fullmatch(surface)  # "Defense Ministry": no title
        if label in ("PERSON", "ORG") and not body:
            # strip leading title words ("Defense Minister Sergei Shoigu", "Gen. Romeo Brawner")
            k = 0
            while k < len(words) - 1 and (words[k].lower().strip(".") in self.title_words or label == "PERSON" and any(
                    h.type != "LOCATION" for h in self.names.lookup(words[k]))):  # "Russian X", not "Gao Wenbin"
                k += 1
            if k:
                s = s + len(" ".join(words[:k])) + 1
                surface = text[s:e]
                words = surface.split()
                if surface.lower() in self.role_surfaces:
                    return None
        if all(w.lower().strip(".") in self.title_words for w in words):
            return None
        if label == "PERSON":
            if len(words) > 4 or any(w.isupper() and len(w) > 3 and not _INITIALS.fullmatch(w) for w in words):
                return None
            j = ent.start - 1  # "counterpart Mehmet Sezer" tagged "Sezer": a given name the parse joins to it
            while j >= 0 and s == ent.start_char and len(words) < 3 and doc[j].pos_ == "PROPN" \
                    and doc[j].dep_ == "compound" and ent.start <= doc[j].head.i < ent.end \
                    and doc[j].text.isalpha() and doc[j].text[:1].isupper() and doc[j].text[1:].islower() \
                    and not doc[j].is_sent_start and doc[j + 1].text != "." \
                    and doc[j].lower_ not in self.title_words and not self.names.lookup(doc[j].text):
                s = doc[j].idx
                surface = text[s:e]
                words = surface.split()
                j -= 1
            tail = re.match(r"-[a-z]{2,}\b", text[e:e + 12])
            if tail:  # "Choi Yoon-seok", "Kim Yo-jong": the model stops at the hyphen
                e += tail.end()
                surface = text[s:e]
            k = ent.end
            if len(words) == 2 and words[0] in self.given_names and k + 1 < len(doc) and doc[k].pos_ == "PROPN" \
                    and doc[k].text.isalpha() and doc[k].text[:1].isupper() and doc[k].text[1:].islower() \
                    and doc[k].ent_type_ in ("", "PERSON") and doc[k + 1].pos_ in ("VERB", "AUX", "PUNCT") \
                    and doc[k].lower_ not in self.title_words and not self.names.lookup(doc[k].text):
                e = doc[k].idx + len(doc[k])  # "Maria Corina" + "Machado told reporters": the model cut the surname
                surface, words = text[s:e], text[s:e].split()
            if s == ent.start_char and _named_as_place(ent, text[e:e + 20]):
                return Mention(s, e, "LOCATION", surface, surface, source="ner")
            gov = re.match(r"[ ](administration|government|cabinet)\b", text[e:e + 16])
            if gov:  # "the Biden administration": a government, named after its leader
                state = gz.surname_states().get(words[-1])
                info = {"country": state} if state else {}
                e2 = e + gov.end()
                return Mention(s, e2, "ORG", text[s:e2], text[s:e2], source="ner", info=info)
            if re.match(r"[ ]era\b", text[e:e + 6]):
                return None  # "the Trump era": a time, not the person
            return Mention(s, e, "PERSON", surface, surface, source="ner")
        if label in ("ORG", "GPE", "LOC", "PERSON") and len(words) == 1 and words[0] in self.given_names:
            nxt_name = re.match(r" ([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?)\b", text[e:e + 30])
            if nxt_name and not self.names.lookup(nxt_name.group(1)) and nxt_name.group(1).lower() not in self.title_words:
                e += nxt_name.end()  # "Murat" + "Kalkan": the model cut the surname off
                surface, words, label = text[s:e], text[s:e].split(), "PERSON"
        if label in ("ORG", "GPE", "LOC") and self._given_name_first(words):
            return Mention(s, e, "PERSON", surface, surface, source="ner")  # "Vasile Grosu" the model called a body
        if label == "ORG":
            if words[0].lower() in self.title_words and len(words) <= 3 and not body:
                return None
            if not body and not surface.isupper() and s == ent.start_char and len(words) <= 3 and \
                    not any(w.lower() in self.institution_words for w in words) and \
                    _named_as_place(ent, text[e:e + 20], ("in", "near", "outside", "around", "inside", "at")):
                return Mention(s, e, "LOCATION", surface, surface, source="ner")  # "talks at Chushul"
            return Mention(s, e, "ORG", surface, surface, source="ner")
        if label in ("GPE", "LOC", "FAC"):
            if re.search(r"(?:USS|HMS|INS|HMAS|HMCS|ROKS|JS|TCG|FS|RFS|PNS|KRI|BRP|HNLMS|ITS|SPS)\s+$", text[max(0, s - 6):s]):
                return None  # a ship's name ("USS Missouri"), not a place
            if re.fullmatch(r"[A-Z]{2,}s", surface):
                return None  # a plural acronym ("ICBMs", "UAVs") is not a place
            after = re.match(r"[\"'’”]?\s*(\w+)", text[e:e + 30])
            if after and after.group(1).lower() in _EXERCISE_WORDS:
                return None  # the name of an exercise or operation ("Balikatan drills"), not a place
            if text[s - 1:s] in "\"“‘'" and text[e:e + 1] in "\"”’'" and s > 0:
                return None  # a quoted name ("the 'Zapad' drills") is a code name, not a place
            if label == "FAC" and not re.search(r"\b(Base|Airport|Port|Harbou?r|Airfield|Naval|Island)\b", surface):
                return None
            return Mention(s, e, "LOCATION", surface, surface, source="ner")
        return None

    # ------------------------------------------------------------ post-selection
    def _nest_countries(self, strong: list[Mention], chosen: list[Mention], text: str) -> list[Mention]:
        """Keep a demonym or possessive country at the start of a chosen ORG ("Iranian Border Police")."""
        taken = {(m.start, m.end) for m in chosen}
        extra = []
        for c in strong:
            if c.type != "COUNTRY" or (c.start, c.end) in taken:
                continue
            host = next((m for m in chosen if m.start <= c.start and c.end <= m.end and m is not c), None)
            if host is None or host.type not in ("ORG",) or host.start != c.start:
                continue
            if c.how == "demonym" or host.text[c.end - host.start:c.end - host.start + 2] in ("'s", "’s"):
                extra.append(c)
        # a whole-name ORG from the gazetteer ("Indian Army") hides its demonym from the n-gram scan
        covered = {(m.start, m.end) for m in extra} | taken
        for host in [m for m in chosen if m.type == "ORG"]:
            words = list(re.finditer(r"[A-Z][\w.-]*", host.text))
            for k in range(min(3, len(words) - 1), 0, -1):
                end = words[k - 1].end()
                surface = host.text[:end]
                if words[0].start() != 0:
                    break
                hit = next((h for h in self.names.lookup(surface) if h.type == "COUNTRY" and h.how != "capital"), None)
                if hit and (host.start, host.start + end) not in covered:
                    extra.append(self._mk(host.start, host.start + end, hit, "gazetteer", text))
                    break
        return chosen + extra

    def _decide_capitals(self, doc: Doc, chosen: list[Mention]) -> None:
        """A capital is the state when it acts ("Tehran said"), the city when it is a place ("in Tehran")."""
        for m in chosen:
            if m.type != "COUNTRY" or m.how != "capital":
                continue
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            if _is_place_use(span.root, self.prep_location):
                place = self.names.lookup(m.text)
                loc = next((h for h in place if h.type == "LOCATION"), None)
                m.type = "LOCATION"
                m.info = {"country": m.info.get("code"), "kind": "capital"}
                m.name = loc.name if loc else m.info.get("capital") or m.name
                m.kb_id = loc.kb_id if loc else None


_VISIT_VERBS = frozenset({"visit", "tour", "reach"})  # whose object is a place
_MOTION = {"invite", "visit", "trip", "travel", "arrive", "fly", "come", "go", "journey", "return", "head", "move",
           "deliver", "send", "ship", "deploy", "transfer", "land", "sail", "tour", "flight", "delegation",
           "mission", "route", "way", "road", "drive", "relocate", "evacuate", "airlift", "depart", "leave"}
_PLACE_NOUNS = {"airport", "port", "harbour", "harbor", "base", "outskirt", "suburb", "district", "street",
                "square", "centre", "center", "neighbourhood", "neighborhood", "skyline", "residents", "airspace"}
_GOVERNMENT_NOUNS = {"official", "diplomat", "government", "leader", "leadership", "authority", "regime",
                     "policymaker", "ministry", "counterpart"}


_SETTLEMENT_NOUNS = frozenset({"village", "villages", "town", "towns", "city", "cities", "district", "districts",
                               "province", "provinces", "region", "area", "outskirts", "municipality", "county"})


_COMPASS = re.compile(r"(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Upper|Lower)[ ]$")


def _compass_regions(chosen: list[Mention], text: str) -> list[Mention]:
    """ "West Java", "North Darfur", "South Lebanon": a capitalised compass word before a place or state
    names a region of it, a place (a name the gazetteer knows whole, "North Korea", was matched whole)."""
    taken = [(m.start, m.end) for m in chosen]
    out = []
    for m in chosen:
        lead = _COMPASS.search(text[max(0, m.start - 10):m.start])
        if m.type in ("LOCATION", "COUNTRY") and lead and not any(a < m.start - len(lead.group()) + 1 < b
                                                                  for a, b in taken):
            s = m.start - len(lead.group())
            state = m.info.get("code") if m.type == "COUNTRY" else m.info.get("country")
            m = dataclasses.replace(m, start=s, type="LOCATION", name=text[s:m.end], text=text[s:m.end], kb_id=None,
                                    info={"country": state} if state else {})
        out.append(m)
    return out


def _named_as_place(ent: Span, after: str, preps: tuple[str, ...] = ("in", "near", "outside", "around", "inside")) -> bool:
    """A name the model took for a person that the sentence uses as a place: "clashes in Rutshuru", "near
    Kumamoto", "the villages of Kfar Kila and Yohmor", "Kupwara district"."""
    nxt = re.match(r"\s*([a-z]+)(?:\s+([a-z]+))?", after)
    if nxt and (nxt.group(1) in _PLACE_HEADS or (nxt.group(1) in _PLACE_MODIFIERS and nxt.group(2) in _PLACE_HEADS)):
        return True
    tok = ent.root
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj":
        return False
    prep = tok.head.lower_
    if prep in preps:
        return tok.head.head.lemma_.lower() not in _GOVERNMENT_NOUNS and tok.head.head.pos_ != "PROPN"
    return prep == "of" and tok.head.head.lower_ in _SETTLEMENT_NOUNS


def _is_place_use(tok: Token, location_preps: set[str]) -> bool:
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in ("base", "airport", "summit", "meeting", "talk"):
        return True
    if tok.dep_ == "nmod" or tok.dep_ == "appos":
        return True
    if tok.dep_ == "poss" and tok.head.lemma_.lower() in _PLACE_NOUNS:
        return True  # "Belgrade's airport", "Kyiv's outskirts"
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _VISIT_VERBS:
        return True  # "Shoigu visited Pyongyang in July"
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    governor = prep.head
    p = prep.lower_
    if governor.lemma_.lower() in _GOVERNMENT_NOUNS:
        return False
    if p in ("to", "from", "toward", "towards", "into"):
        return governor.lemma_.lower() in _MOTION
    return p in location_preps


_NONSPACE = re.compile(r"\S+")
_HEADS: dict[object, frozenset[str]] = {}


def _token_table(doc: Doc) -> tuple[list[int], list[int], list[bool]]:
    """Start and end offsets and is-space flags of every token, read once (Token objects are costly)."""
    starts: list[int] = []
    ends: list[int] = []
    space: list[bool] = []
    for t in doc:
        starts.append(t.idx)
        ends.append(t.idx + len(t.text))
        space.append(t.is_space)
    return starts, ends, space


def _heads(idx) -> frozenset[str]:
    """First words of every surface an index can match (a pre-filter that never changes a result)."""
    got = _HEADS.get(id(idx))
    if got is None:
        keys: set[str] = set()
        if isinstance(idx, gz.NameIndex):
            keys.update(idx.exact, idx.upper)
        else:
            keys.update(idx.by_name, idx.weak)
            keys.update(k + "s" for k in [*idx.by_name, *idx.weak] if " " not in k)  # plural of a one-word name
        got = frozenset(k.split()[0] for k in keys if k.split())
        _HEADS[id(idx)] = got
    return got


_ARTICLE_WORDS = frozenset({"the", "mainland", "occupied", "south", "north", "east", "west"})


def _lower_heads(idx) -> frozenset[str]:
    """First words of the index's names written in lower case ("al-Shabaab", "dpa", "teleSUR"), except
    English words before a name ("the Kremlin"), which would pull the article into the mention."""
    got = _HEADS.get(("lower", id(idx)))
    if got is None:
        got = frozenset(w for w in _heads(idx) if w[:1].islower() and w not in _ARTICLE_WORDS)
        _HEADS[("lower", id(idx))] = got
    return got


def _may_start(text: str, start: int, tok_end: int, heads: frozenset[str]) -> bool:
    """Whether some surface starting at ``start`` can have a first word in ``heads``."""
    m = _NONSPACE.match(text, start)
    if m is None:
        return False
    word = m.group(0)
    return any(word[:k] in heads for k in range(max(1, tok_end - start), len(word) + 1))


def _line_at(text: str, pos: int) -> str:
    """The line of ``text`` holding ``pos``."""
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return text[a:b if b >= 0 else len(text)]


def _heading_ranges(art) -> list[tuple[int, int]]:
    if art is None:
        return []
    return [(sg.start, sg.end) for sg in art.segments if sg.kind in ("title", "heading")]


# ---------------------------------------------------------------- span selection

_PRIORITY = {"dateline": 0, "credit": 0, "media": 4, "equipment": 1, "org_pattern": 2, "acronym": 2, "gazetteer": 3,
             "ner": 5, "search": 6}


def _select(cands: list[Mention]) -> list[Mention]:
    """Greedy non-overlapping selection: longer spans first, then more trusted sources."""
    order = sorted(cands, key=lambda m: (-(m.end - m.start), _PRIORITY.get(m.source, 9), m.start))
    chosen: list[Mention] = []
    occupied: list[tuple[int, int]] = []
    for m in order:
        if m.end <= m.start:
            continue
        if any(m.start < e and s < m.end for s, e in occupied):
            continue
        chosen.append(m)
        occupied.append((m.start, m.end))
    return chosen


def _add_non_overlapping(chosen: list[Mention], more: list[Mention]) -> list[Mention]:
    out = list(chosen)
    for m in more:
        clash = [c for c in out if m.start < c.end and c.start < m.end]
        if not clash:
            out.append(m)
            continue
        # the model's longer ORG over a place at its start ("Moscow State University")
        if m.type == "ORG" and all(c.type in ("LOCATION", "COUNTRY") and c.source == "gazetteer"
                                   and m.start <= c.start and c.end <= m.end for c in clash) \
                and len(m.text.split()) >= 3 and all(w[:1].isupper() for w in m.text.split() if len(w) > 3):
            out = [c for c in out if c not in clash] + [m] + [c for c in clash if c.start == m.start and
                                                               c.type == "COUNTRY" and c.how == "demonym"]
    return out


@Language.factory("sitrep_entities_v1")
def make_entity_recognizer(nlp: Language, name: str) -> EntityRecognizer:
    return EntityRecognizer(nlp, name)

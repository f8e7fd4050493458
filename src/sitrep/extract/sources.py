"""Sources an article credits: credit lines, dateline agencies and in-text credits.

"Sources: RT, Fars", "MOSCOW (Reuters) -", "Interfax reported", "according to TASS",
"told TV channel Russia-24", "IRNA cited …", "was quoted by Interfax as saying". Only news
outlets, agencies and channels count (a ministry that "said" something is a speaker, not a source).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from sitrep.nlp import gazetteer as gz
from sitrep.nlp.extensions import Mention, mentions, text_of

_MEDIA_NOUN = re.compile(
    r"\b(?:news\s+agency|agency|broadcaster|channel|tv|television|radio|newspaper|daily|weekly|magazine|outlet|"
    r"site|website|portal|tabloid|state\s+media|media|wire|network|journal|news\s+site|publication)\s*$",
    re.IGNORECASE,
)
_REPORTING = re.compile(
    r"\b(?:report(?:s|ed|ing)?|sa(?:id|ys)|cit(?:ed|es|ing)|quot(?:ed|es|ing)|according\s+to|told|interview|"
    r"speculat(?:ed|es)|wr(?:ote|ites)|claim(?:ed|s)|publish(?:ed|es)|broadcast|aired|learned|revealed|"
    r"disclosed|confirmed|carried|stated|added|citing|via)\b",
    re.IGNORECASE,
)


def _is_outlet(m: Mention, text: str) -> bool:
    if m.info.get("outlet") or m.info.get("kind") in ("outlet", "news_agency", "newspaper", "broadcaster",
                                                       "tv_channel", "online", "magazine", "defence_media",
                                                       "state_media"):
        return True
    return bool(_MEDIA_NOUN.search(text[max(0, m.start - 30):m.start].rstrip(" ,")))


def _credit_name(m: Mention, text: str, acronyms: dict[str, str]) -> str:
    surface = re.sub(r"['’]s$", "", text[m.start:m.end])
    if surface.islower() and " " not in surface:  # a handle or domain: "thedefensepost"
        return gz.outlet_domains().get(surface.lower().removeprefix("www."), surface)
    return acronyms.get(m.entity_id or "", surface)


def sources_cited(doc: Doc) -> list[str]:
    """Names of the outlets the article credits, in order of first credit, without repeats."""
    art = doc._.article
    text = art.text if art is not None else text_of(doc)
    ms = mentions(doc)
    # an entity known by an acronym in this article is credited by it ("CCTV", not the full name)
    acronyms: dict[str, str] = {}
    for m in ms:
        if m.entity_id and m.info.get("acronym"):
            acronyms[m.entity_id] = m.info["acronym"]
    out: list[str] = []
    sentences = [(s.start_char, s.end_char) for s in doc.sents] if doc.has_annotation("SENT_START") else []
    for m in ms:
        if m.type != "ORG":
            continue
        credited = m.source == "credit"
        if not credited and _is_outlet(m, text):
            sent = next(((a, b) for a, b in sentences if a <= m.start < b), (max(0, m.start - 150), m.end + 150))
            credited = bool(_REPORTING.search(text[sent[0]:sent[1]]))
        if credited:
            name = _credit_name(m, text, acronyms)
            if name and name.lower() not in (x.lower() for x in out):
                out.append(name)
    return out

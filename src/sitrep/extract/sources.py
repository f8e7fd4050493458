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
    r"site|website|portal|tabloid|state\s+media|media|wire|network|journal|news\s+site|publication|station|"
    r"radio\s+station|news\s+service|broadcaster)\s*$",
    re.IGNORECASE,
)
_MEDIA_WORD = (r"(?:news[ ]agency|tv[ ]channel|news[ ]site|broadcaster|channel|television|radio|newspaper|daily|"
               r"weekly|agency|website)")
_MEDIA_AFTER = re.compile(r"[ ]+" + _MEDIA_WORD + r"\b")  # lower case only: "the Journal du Dimanche newspaper"
_REPORTING = re.compile(
    r"\b(?:report(?:s|ed|ing)?|sa(?:id|ys)|cit(?:ed|es|ing)|quot(?:ed|es|ing)|according\s+to|told|tell(?:s|ing)|interview|"
    r"relayed|shared\s+with|spoke\s+to|speaking\s+to|"
    r"speculat(?:ed|es)|wr(?:ote|ites)|claim(?:ed|s)|publish(?:ed|es)|broadcast|aired|learned|revealed|"
    r"disclosed|confirmed|carried|stated|added|citing|via|broke|posted|ran|obtained|seen\s+by|noted|wrote|"
    r"published|according)\b",
    re.IGNORECASE,
)


_INSIDE_BODY_BEFORE = re.compile(r"\b(?:Department|Ministry|Secretary|Office|Committee|Council|Bureau|Minister|"
                                 r"Commission|Institute|Centre|Center)\s+(?:of|for|on)\s+(?:the\s+)?$")
_INSIDE_BODY_AFTER = re.compile(r"\s+(?:Center|Centre|Institute|Foundation|University|Group of|Prize|Award)\b")


def _is_outlet(m: Mention, text: str) -> bool:
    if _INSIDE_BODY_BEFORE.search(text[max(0, m.start - 40):m.start]) or _INSIDE_BODY_AFTER.match(text[m.end:m.end + 20]):
        return False  # "the Department of Foreign Affairs", "the Al-Ahram Center for …": a body's name
    if m.info.get("outlet") or m.info.get("kind") in ("outlet", "news_agency", "newspaper", "broadcaster",
                                                       "tv_channel", "online", "magazine", "defence_media",
                                                       "state_media"):
        return True
    if _MEDIA_AFTER.match(text[m.end:m.end + 20]):
        return True  # "the Journal du Dimanche newspaper", "the RTVi channel"
    before = text[max(0, m.start - 30):m.start].rstrip(" ,“\"'")
    if before.endswith(("(", "[")):  # "local media (El Watan)", but not "Cooperation Agency (DSCA)"
        if m.source == "acronym":
            return False
        before = before[:-1].rstrip()
    return bool(_MEDIA_NOUN.search(before))


# descriptors a credit carries that are not part of the outlet's name: "the Xinhua news agency"
# (capitalised ones may be part of it: "China Central Television")
_DESCRIPTOR = re.compile(
    r"(?:^(?:the\s+)?(?:(?:semi-)?official|state(?:-run|-owned)?|independent|local|private|pro-\w+)\s+)|"
    r"(?:\s+(?:news\s+agency|agency|newspaper|daily|news\s+site|website|tv(?:\s+channel)?|channel|"
    r"television|broadcaster|radio)$)")  # lower case: "Fars News Agency" is cut by the gazetteer's name


def _credit_name(m: Mention, text: str, acronyms: dict[str, str]) -> str:
    """One name per outlet: the article's acronym for it, else the article's form without descriptors,
    or the gazetteer's name where that form contains it ("Fars News Agency" → "Fars", "NHK" stays "NHK")."""
    raw = text[m.start:m.end]
    if m.kb_id and m.name and re.sub(r"['’]", "", raw).lower() == re.sub(r"['’]", "", m.name).lower():
        return m.name  # "Jane's" is the name "Janes", not the possessive of "Jane"
    surface = re.sub(r"['’]s$", "", raw)
    if surface.islower() and " " not in surface:  # a handle or domain: "thedefensepost"
        return gz.outlet_domains().get(surface.lower().removeprefix("www."), surface)
    if m.entity_id in acronyms:
        return acronyms[m.entity_id or ""]
    bare = surface
    while (stripped := _DESCRIPTOR.sub("", bare).strip()) != bare and stripped:
        bare = stripped
    if m.kb_id and m.name and re.search(rf"\b{re.escape(m.name)}\b", bare, re.IGNORECASE):
        return m.name  # "Fars News Agency" → "Fars" (but "Associated Press" is not cut to "AP")
    return bare


_WORD = r"[\w'’\-]*(?:\.[\w'’\-]+)*"  # a dot only inside a name ("LRT.lt"), never a sentence's end
_NAME = r"[A-Z]" + _WORD + r"(?:[ ](?:(?:du|de|la|le|el|al)[ ])?[A-Z0-9]" + _WORD + r"){0,3}"
_CREDIT_VERB = (r"\b(?:told|speaking[ ](?:on|to|with)|spoke[ ](?:to|with)|according[ ]to|interview[ ]with|"
                r"quoted[ ]by|cited[ ]by|aired[ ]by|broadcast[ ]by)[ ]+(?:the[ ]+)?")
# "told broadcaster C5N", "speaking on state television Télé Sahel", "told the RTVi channel": an outlet named
# with the word for what it is, which the model may not have found as a name
_NAMED_MEDIA = re.compile(
    _CREDIT_VERB + r"(?:(?:state|state-run|state-owned|private|public|local|pro-government)[ ]+)?"
    + _MEDIA_WORD + r"[ ]+(?P<a>" + _NAME + r")|" + _CREDIT_VERB + r"(?P<b>" + _NAME + r")[ ]+" + _MEDIA_WORD + r"\b")


def _named_media(text: str, ms: list[Mention]) -> list[tuple[int, str]]:
    """Outlets credited by a reporting verb and a media word, that are no person, state or place."""
    out: list[tuple[int, str]] = []
    for m in _NAMED_MEDIA.finditer(text):
        group = "a" if m.group("a") else "b"
        name, at = m.group(group).rstrip(".’'"), m.start(group)
        name = re.sub(r"(?i)[ ](?:tv|television|radio)$", "", name)  # "the Rossiya-1 TV channel"
        hit = next((x for x in ms if x.start <= at < x.end), None)
        if hit is not None and (hit.type in ("PERSON", "COUNTRY", "LOCATION") or (
                hit.type == "ORG" and hit.end >= at + len(name))):
            continue  # (a body or outlet named whole is credited, or not, by its mention)
        if name.split()[0].lower() in ("the", "a", "an", "state", "its", "his", "her") or re.fullmatch(
                _MEDIA_WORD + r"|tv", name, re.IGNORECASE):
            continue  # ("told TV channel Russia-24": the channel is named after it)
        out.append((at, name))
    return out


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
    # an outlet the article also names by the gazetteer's own name is credited by that name
    # ("China Central Television … CCTV said" → "CCTV")
    for m in ms:
        if m.type == "ORG" and m.kb_id and m.name and m.name.lower() == text[m.start:m.end].lower():
            for other in ms:
                if other.kb_id == m.kb_id and other.entity_id:
                    acronyms.setdefault(other.entity_id, m.name)
    out: list[str] = []
    seen: set[str] = set()  # outlets already credited (by entity), so one outlet is listed once
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
            key = m.kb_id or m.entity_id
            if name and name.lower() not in (x.lower() for x in out) and (key is None or key not in seen):
                out.append(name)
            if key:
                seen.add(key)
    for _at, name in _named_media(text, ms):
        if not any(name.lower() == x.lower() or name.lower().startswith(x.lower() + " ") for x in out):
            out.append(name)
    return out

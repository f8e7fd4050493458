"""What the page text itself says about the page: date line, dateline, credits, furniture.

:func:`analyse` fills ``article.segments`` (prose / title / heading / noise / meta, tiling the
text: only whitespace is left between segments), ``article.dateline``, ``article.credits`` and
``article.published`` (only when unknown). Offsets are into ``article.text``, which is never changed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sitrep.data import DATA_DIR, load_jsonl
from sitrep.records import Article, Segment

_TAIL_LINES = 6  # credit lines are looked for among the last few lines
_SITE_NAME_WORDS = 4  # a "title" this short above a longer title-like line is the site's name
_HEAD_LINES = 8  # title, bylines and the dateline are looked for among the first few lines


@cache
def _noise() -> dict[str, Any]:
    raw = json.loads((DATA_DIR / "page_noise.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}
    out["nav_prefixes"] = tuple(raw["nav_prefixes"])
    out["us_state_abbreviations"] = raw["us_state_abbreviations"]
    return out


@dataclass
class _Line:
    start: int
    end: int
    text: str
    kind: str | None = None
    # extra segments carved out of the line: (start, end, kind); the rest of the line gets ``kind``
    parts: list[tuple[int, int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------- patterns
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE_PREFIX = re.compile(r"\s*date[ \t]+(\d{4}(?:-\d{2}){0,2})\b[ \t]*")
_CAPS_WORD = r"(?:[A-Z][A-Z'’.\-]*[A-Z.]|[A-Z]\.)"
_DATELINE_CAPS = re.compile(
    rf"(?P<place>{_CAPS_WORD}(?:[ ](?:{_CAPS_WORD}|de|da|do|al|el|es|la|le)){{0,3}})"
    rf"(?:/{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,2}})?"  # "BANGKOK/PHNOM PENH": the first place is the dateline's
    rf"(?:,[ ](?!{_MONTH}\b)(?P<region>[A-Z][A-Za-z'’.\-]*(?:[ ][A-Z][A-Za-z'’.\-]*){{0,2}}))?"
    rf"(?:,?[ ](?P<date>{_MONTH}\.?[ ]\d{{1,2}}))?"
    r"(?:[ ]?\((?P<paren>[^()\n]{1,40})\))?"
    r"(?P<sep>[ ]*(?:—|–|--)|[ ]+-|(?<=\))[ ]*-|:)"
)
_DATELINE_TITLE = re.compile(
    r"(?P<place>[A-Z][a-z’'\-]+(?:[ ][A-Z][a-z’'\-]+){0,2})"
    r"(?:/[A-Z][a-z’'\-]+(?:[ ][A-Z][a-z’'\-]+){0,2})?"  # "New Delhi/Washington:"
    rf"(?:,[ ](?!{_MONTH}\b)(?P<region>[A-Z][A-Za-z'’.\-]*(?:[ ][A-Z][A-Za-z'’.\-]*){{0,2}}))?"
    rf"(?:,?[ ](?P<date>{_MONTH}\.?[ ]\d{{1,2}}))?"  # "Pyongyang, May 17 (KCNA) --"
    r"(?:[ ]?\((?P<paren>[^()\n]{1,40})\))?"
    r"(?P<sep>:|[ ]*(?:—|–|--)|[ ]+-)"
)
_END_PUNCT = re.compile(r"[.!?…:;,][\"'”’)\]»]*$")
_NUMBER_LINE = re.compile(r"[\W_]*\d[\d\s,.:/%+\-]*[\W_]*")
_BULLET = re.compile(r"(?:[-–—•*·▪►]|\d{1,2}[.)])[ \t]+\S")
_BREADCRUMB_SEP = re.compile(r"\s*(?:>>|»|›|>|/|\|)\s*")
_BYLINE = re.compile(r"By[ \t]+[A-Z][\w.'’\-]*(?:[ \t]+(?:[A-Z][\w.'’\-]*|and|de|van|von|al|bin))*\b")
_CAPTION = re.compile(r"\((?:[^()]*\b(?:Photo|Photograph|Image|Picture|Pic|File)\b[^()]*)\)\s*$|"
                      r"^(?:File\s+)?(?:Photo|Image|Picture|Photograph)(?:\s+credit)?\s*:", re.I)
_DATE_TOKEN = re.compile(
    rf"(?:{_MONTH}\.?|(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?|\d{{1,4}}(?:st|nd|rd|th)?|"
    r"\d{1,2}:\d{2}(?::\d{2})?|[ap]\.?m\.?|AM|PM|GMT|UTC|IST|EST|EDT|CET|CEST|BST|PST|PDT|MSK|[+-]\d{2}:?\d{2}|"
    r"hrs?|ago|hours?|minutes?|mins?|days?|on|at|\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?|[,|/\-–—.:]|"
    r"published|updated|posted|last|first|modified|date)", re.I)
_FULL_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})|"
    rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>\d{{4}})|"
    r"(?P<iso>\d{4}-\d{2}-\d{2}))\b")
# credit lines (whole line, after an optional dash or bullet)
_CREDIT_SOURCES = re.compile(r"(?:Sources?|Courtesy|Via|Credits?)[ \t]*(?::|»|>>?|\||[-–—])[ \t]*(?P<names>\S.*)",
                             re.I)
_CREDIT_INPUTS = re.compile(
    r"\(?[ \t]*(?:with[ \t]+)?(?:(?:additional|agency)[ \t]+)?(?:(?:inputs?|contributions?)[ \t]+(?:from|by)|"
    r"(?:reports?|information|material|files)[ \t]+from)[ \t]+"
    r"(?P<names>[^()]+?)[ \t]*\)?\.?", re.I)
_CREDIT_WITH = re.compile(r"\(?[ \t]*with[ \t]+(?P<names>[^()]+?)[ \t]*\)?\.?", re.I)
_CREDIT_PEOPLE = re.compile(
    r"\(?[ \t]*(?:(?:additional|further)[ \t]+)?(?:reporting|writing|editing|edited|written|compiled|"
    r"translated|produced)[ \t]+by\b[^\n]*", re.I)
_CREDIT_ORIGIN = re.compile(
    r"(?:This[ \t]+(?:article|story|report|piece)[ \t]+(?:was[ \t]+)?)?(?:originally|first)[ \t]+"
    r"(?:published|appeared)[ \t]+(?:on|in|by|at)[ \t]+(?P<names>[^.\n]+?)[ \t]*\.?", re.I)
_CREDIT_DASH = re.compile(r"(?P<names>[A-Z][\w.&'’\-]*(?:[ \t]+[A-Z][\w.&'’\-]*){0,3})[ \t]*")
_BARE_OUTLETS = re.compile(r"[(\[]?[ \t]*(?P<names>[A-Z][\w.&'’\- ,/]{1,60}?)[ \t]*[)\]]?[ \t]*\.?")
_DASH_LEAD = re.compile(r"[ \t]*(?:[-–—]{1,2}|•)[ \t]*")
# trailing credits inside the last paragraph: "... this year. – Agencies", "... (Reporting by X)"
_TAIL_DASH = re.compile(r"(?<=[.!?\"”’)])[ \t]+(?P<all>[-–—]{1,2}[ \t]*(?P<names>[A-Za-z][\w.&'’\-]*"
                        r"(?:[ \t]+[A-Z][\w.&'’\-]*){0,3}))[ \t]*$")
_TAIL_PAREN = re.compile(r"(?<=[.!?\"”’])[ \t]*(?P<all>\([ \t]*(?:(?:additional[ \t]+)?reporting|writing|editing|"
                         r"with|inputs?|compiled)\b[^()\n]*\))[ \t]*$", re.I)
_NAME_SPLIT = re.compile(r"[ \t]*(?:,|;|/|\band\b|\bwith\b|&)[ \t]*", re.I)
# a byline's parts: "By Jane Doe | Reuters", "By Jane Doe, AP", "By Staff Writer - Kyodo News"
_BYLINE_SPLIT = re.compile(r"[ \t]*(?:[|•·/,;]|[ \t][-–—][ \t]|\b(?:for|of|via|with|and)\b)[ \t]*", re.I)
# an inline source note: "(Source: Defense News)", "(Sources: TASS, RIA)", "[Via Xinhua]"
_SOURCE_NOTE = re.compile(r"[(\[][ \t]*(?:Sources?|Via|Courtesy(?:[ \t]+of)?)[ \t]*:?[ \t]+(?P<names>[^()\[\]\n]{2,80}?)"
                          r"[ \t]*[)\]]", re.I)


# --------------------------------------------------------------------------- entry point
def analyse(article: Article) -> Article:
    """Fill ``segments``, ``dateline``, ``credits`` (and ``published`` if unknown) from the text."""
    text = article.text or ""
    segments: list[Segment] = []
    article.dateline = None
    article.credits = []
    body_from = 0
    m = _DATE_PREFIX.match(text)
    if m:
        segments.append(Segment(0, m.end(), "meta"))
        if article.published is None:
            article.published = m.group(1)
        body_from = m.end()
    lines = _lines(text, body_from)
    for ln in lines:
        ln.kind = _furniture(ln.text)
    _mark_head(article, lines)
    if article.dateline is None:
        _find_lone_dateline(article, lines)
    _mark_tail(article, lines)
    _source_notes(article, lines)
    article.credits.sort(key=lambda c: c["start"])
    for ln in lines:
        if ln.kind is None:
            ln.kind = "heading" if _is_heading(ln, lines) else "prose"
    for ln in lines:
        segments.extend(_line_segments(ln))
    segments.sort(key=lambda s: s.start)
    article.segments = segments
    return article


def _lines(text: str, start: int) -> list[_Line]:
    out: list[_Line] = []
    for mm in re.finditer(r"[^\n]+", text[start:]):
        s, e = mm.start() + start, mm.end() + start
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append(_Line(s, e, text[s:e]))
    return out


def _line_segments(ln: _Line) -> list[Segment]:
    """The line's carved-out parts plus what is left of it, each trimmed of surrounding spaces."""
    out = [Segment(s, e, k) for s, e, k in ln.parts]
    pos = ln.start
    for s, e, _k in sorted(ln.parts):
        if s > pos:
            out.append(_trim(ln, pos, s, ln.kind or "prose"))
        pos = max(pos, e)
    if pos < ln.end:
        out.append(_trim(ln, pos, ln.end, ln.kind or "prose"))
    return [s for s in out if s.end > s.start]


def _trim(ln: _Line, s: int, e: int, kind: str) -> Segment:
    t = ln.text
    while s < e and t[s - ln.start].isspace():
        s += 1
    while e > s and t[e - 1 - ln.start].isspace():
        e -= 1
    return Segment(s, e, kind)


# --------------------------------------------------------------------------- furniture
def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line.lower().strip(" \t>»›|:-–—•*·.!")).strip()


def _furniture(line: str) -> str | None:
    """"noise" or "meta" for a line that is page furniture wherever it is, else None."""
    nz = _noise()
    low = _norm(line)
    if not low or (len(line) <= 40 and _NUMBER_LINE.fullmatch(line)):
        return "noise"
    if low in nz["nav_lines"] or low.rstrip(" >»") in nz["nav_lines"]:
        return "noise"
    words = line.split()
    if len(words) <= 25 and line.lower().lstrip(" \t-–—•*").startswith(nz["nav_prefixes"]):
        return "noise"
    toks = re.findall(r"[\w'+-]+", low)
    if toks and len(toks) <= 10 and all(t in nz["social_words"] for t in toks):
        return "noise"
    if len(toks) == 2 and toks[0].isdigit() and toks[1] in nz["count_words"]:
        return "noise"
    if re.fullmatch(r"\d+\s*(?:-\s*)?min(?:ute)?s?\s+read", low):
        return "noise"
    if _is_breadcrumb(line):
        return "noise"
    if len(words) <= 80 and _CAPTION.search(line):
        return "noise"
    if _is_date_line(line) or _is_byline(line):
        return "meta"
    return None


def _is_breadcrumb(line: str) -> bool:
    if not _BREADCRUMB_SEP.search(line) or _END_PUNCT.search(line) or len(line) > 120:
        return False
    parts = [p for p in _BREADCRUMB_SEP.split(line) if p]
    seps = len(_BREADCRUMB_SEP.findall(line))
    if not parts or len(parts) > 7 or any(len(p.split()) > 4 or not p[0].isupper() for p in parts):
        return False
    return parts[0].lower() in ("home", "homepage", "news", "start") or seps >= 2


def _is_date_line(line: str) -> bool:
    if len(line) > 80 or not re.search(r"\d", line):
        return False
    rest = _DATE_TOKEN.sub(" ", line)
    return not rest.strip() and bool(re.search(rf"{_MONTH}|\d{{4}}|\d:\d\d", line))


def _is_byline(line: str) -> bool:
    if len(line.split()) > 20 or not _BYLINE.match(line):
        return False
    return not _END_PUNCT.search(line) or bool(_FULL_DATE.search(line))


def _full_date(line: str) -> str | None:
    m = _FULL_DATE.search(line)
    if not m:
        return None
    if m.group("iso"):
        return m.group("iso")
    month = m.group("m1") or m.group("m2")
    day = int(m.group("d1") or m.group("d2"))
    year = m.group("y1") or m.group("y2")
    months = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    mo = months.index(month[:3].lower()) + 1
    return f"{year}-{mo:02d}-{day:02d}" if 1 <= day <= 31 else None


# --------------------------------------------------------------------------- head: title, byline, dateline
def _squash(s: str | None) -> str:
    return re.sub(r"\W+", " ", (s or "").casefold()).strip()


def _mark_head(article: Article, lines: list[_Line]) -> None:
    title = _squash(article.title)
    free_title: str | None = None
    seen = 0  # lines of the head looked at; menu lines (noise, or a few words) do not count
    for i, ln in enumerate(lines):
        if seen >= _HEAD_LINES:
            break
        if ln.kind != "noise" and not (ln.kind is None and len(ln.text.split()) <= 3 and not _END_PUNCT.search(ln.text)):
            seen += 1
        if ln.kind == "meta":
            if article.published is None:
                article.published = _full_date(ln.text)
            if _BYLINE.match(ln.text):
                article.credits.extend(_byline_credits(ln))
            continue
        if ln.kind is not None:
            continue
        sq = _squash(ln.text)
        if sq and (sq == title or sq == free_title):
            ln.kind = "title"
            continue
        if _dateline(article, ln):
            return
        if ln.text.count("|") >= 2 or len(ln.text.split()) == 1:
            continue  # a menu or the site's name above the headline: look on for the byline
        rest = [x for x in lines[i + 1:] if x.kind is None]
        if free_title is None and rest and _title_like(ln.text):
            ln.kind = "title"
            free_title = sq
            continue
        if free_title is not None and len(free_title.split()) <= _SITE_NAME_WORDS and rest and _title_like(ln.text) \
                and len(sq.split()) > _SITE_NAME_WORDS:
            ln.kind = "title"  # the short line taken for the title was the site's name: this is the headline
            free_title = sq
            continue
        return


def _title_like(line: str) -> bool:
    return len(line.split()) <= 30 and not _END_PUNCT.search(line.rstrip().rstrip("\"'”’"))


def _dateline(article: Article, ln: _Line) -> bool:
    """Find a dateline at the start of the line; record it and carve it out as "meta"."""
    head = ln.text[:160]
    m = _DATELINE_CAPS.match(head)
    caps = m is not None
    if m is None:
        m = _DATELINE_TITLE.match(head)
    if m is None:
        return False
    after = head[m.end():]
    if len(re.findall(r"[^\W\d_]+", after)) < 3:  # a dateline is followed by the story
        return False
    place_s = m.group("place")
    nz = _noise()
    if _norm(place_s) in nz["not_places"] or (m.group("region") and _norm(m.group("region")) in nz["not_places"]):
        return False
    paren = m.group("paren")
    agency = paren.strip() if paren and not re.search(r"\d", paren) and len(paren.split()) <= 4 else None
    if paren and agency is None and not re.search(r"\d", paren):
        return False
    place = _lookup_place(place_s)
    region = m.group("region")
    country, country_name = None, None
    if region:
        country, country_name = _lookup_country(region)
        if country is None and region not in nz["us_state_abbreviations"] and _lookup_place(region) is None:
            if not caps or _geo() is not None:
                return False
        if country is None and (region in nz["us_state_abbreviations"] or _us_state(region)):
            country = "USA"
    as_country = _lookup_country(place_s)[0] if place is None else None
    known = place is not None or as_country is not None or country is not None
    sep = m.group("sep").strip()
    if not caps:
        # "Cairo:" / "Kyiv, Ukraine —": a title-case place needs the gazetteer's word (or an agency)
        if _geo() is not None and not known:
            return False
        if _geo() is None and sep != ":" and agency is None:
            return False
    elif _geo() is not None and not known and not (region or m.group("date") or paren):
        return False  # a lone capitalised word and a dash ("UPDATE —"): only a known place counts
    if country is None:
        country = getattr(place, "country", None) or as_country
    name = getattr(place, "name", None) or (country_name if as_country else None) or _title_case(place_s)
    s0 = ln.start
    ps, pe = s0 + m.start("place"), s0 + m.end("place")
    dl = _dateline_record(name, country, s0, s0 + m.end(), (ps, pe))
    dl["agency"] = agency
    if region and (country or _geo() is None) and not _us_state(region) and region not in nz["us_state_abbreviations"]:
        dl["country_span"] = [s0 + m.start("region"), s0 + m.end("region")]
    if agency:
        a0 = s0 + m.start("paren") + (len(paren) - len(paren.lstrip()))
        dl["agency_span"] = [a0, a0 + len(agency)]
    article.dateline = dl
    ln.parts.append((s0, s0 + m.end(), "meta"))
    return True


_LONE_PLACE = re.compile(rf"[ \t]*(?P<place>{_CAPS_WORD}(?:[ ]{_CAPS_WORD}){{0,2}})[ \t]*$")


def _find_lone_dateline(article: Article, lines: list[_Line]) -> None:
    """Look for a dateline the head's scan did not reach: a line of its own, or the start of the first
    paragraph of prose (below a byline the head took for the story)."""
    free = [ln for ln in lines if ln.kind is None]
    for k, ln in enumerate(free[:_HEAD_LINES + 4]):
        if _lone_dateline(article, ln, free[k + 1:k + 2]):
            return
        if len(ln.text.split()) >= 8 and _END_PUNCT.search(ln.text.rstrip()):
            _dateline(article, ln)  # the story has begun: with its dateline ("CAIRO: Egypt has …"), if any
            return


def _dateline_record(place: str, country: str | None, start: int, end: int,
                     place_span: tuple[int, int]) -> dict[str, Any]:
    """The dateline as ``Article.dateline`` holds it; the country and agency spans are filled in by the caller."""
    return {"place": place, "country": country, "start": start, "end": end, "place_span": list(place_span),
            "country_span": None, "agency": None, "agency_span": None}


def _lone_dateline(article: Article, ln: _Line, following: list[_Line]) -> bool:
    """A dateline on a line of its own ("ANKARA", then the story): a known place in capitals, right
    above a paragraph of prose."""
    m = _LONE_PLACE.match(ln.text)
    if m is None or not following:
        return False
    body = following[0].text
    if len(body.split()) < 8 or not _END_PUNCT.search(body.rstrip()):
        return False
    place = _lookup_place(m.group("place"))
    country = getattr(place, "country", None)
    if place is None or not country:
        return False
    s0 = ln.start
    ps, pe = s0 + m.start("place"), s0 + m.end("place")
    article.dateline = _dateline_record(place.name, country, ps, pe, (ps, pe))
    ln.parts.append((ps, pe, "meta"))
    return True


def _title_case(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() if w.isupper() else w for w in s.split())


def _us_state(region: str) -> bool:
    return region in _noise()["us_state_abbreviations"].values()


def _geo():
    try:
        from sitrep.kb import geo  # noqa: PLC0415 (optional: the gazetteer may not be built)
    except Exception:  # noqa: BLE001
        return None
    return geo


def _lookup_place(surface: str) -> Any:
    geo = _geo()
    if geo is None:
        return None
    for s in dict.fromkeys((surface, _title_case(surface))):
        try:
            hit = geo.lookup_place(s)
        except Exception:  # noqa: BLE001 — a gazetteer problem must not stop layout
            return None
        if hit is not None:
            return hit
    return None


def _lookup_country(surface: str) -> tuple[str | None, str | None]:
    geo = _geo()
    if geo is None:
        return None, None
    for s in dict.fromkeys((surface, _title_case(surface))):
        try:
            hit = geo.lookup_country(s)
        except Exception:  # noqa: BLE001
            return None, None
        if hit:
            c = hit[0] if isinstance(hit, tuple) else hit
            return getattr(c, "code", None), getattr(c, "name", None)
    return None, None


# --------------------------------------------------------------------------- tail: credits, related lists
def _mark_tail(article: Article, lines: list[_Line]) -> None:
    nz = _noise()
    # related-headline lists: after a "Related" marker, and runs of bullet lines closing the page
    in_related = False
    for ln in lines:
        if ln.kind == "noise" and _norm(ln.text) in nz["related_markers"]:
            in_related = True
            continue
        if in_related:
            if ln.kind in (None, "noise") and _credit_line(article, ln):
                in_related = False  # "With reports from AFP" closing the page after the related list
                continue
            if ln.kind is None and len(ln.text.split()) <= 25 and not _END_PUNCT.search(ln.text):
                ln.kind = "noise"
                continue
            in_related = ln.kind == "noise"
    tail = [ln for ln in lines if ln.kind not in ("noise",)][-_TAIL_LINES:]
    credit_lines = [ln for ln in tail if ln.kind is None and _credit_line(article, ln)]
    run: list[_Line] = []
    for ln in reversed(lines):
        if ln.kind in ("noise", "meta") or ln in credit_lines:
            continue
        if ln.kind is None and _BULLET.match(ln.text) and not _END_PUNCT.search(ln.text):
            run.append(ln)
            continue
        break
    if len(run) >= 2:
        for ln in run:
            ln.kind = "noise"
    last = next((ln for ln in reversed(lines) if ln.kind is None), None)
    if last is not None and not any(ln.start > last.start for ln in credit_lines):
        _credit_tail(article, last)
    article.credits.sort(key=lambda c: c["start"])


def _byline_credits(ln: _Line) -> list[dict[str, Any]]:
    """The outlets a byline names: "By Jane Doe | Reuters" → Reuters; "By AFP" → AFP (known outlets only)."""
    out: list[dict[str, Any]] = []
    body = ln.text[2:]  # after "By"
    pos = 2
    for part in _BYLINE_SPLIT.split(body):
        i = ln.text.find(part, pos) if part.strip() else -1
        if i < 0:
            continue
        pos = i + len(part)
        name = part.strip(" \t.")
        if _known_outlet(name):
            s = ln.text.find(name, i)
            out.append({"name": name, "start": ln.start + s, "end": ln.start + s + len(name)})
    return out


def _source_notes(article: Article, lines: list[_Line]) -> None:
    """Inline source notes in prose, "(Source: Defense News)": credits, carved out of the line as meta."""
    for ln in lines:
        if ln.kind is not None:
            continue
        for m in _SOURCE_NOTE.finditer(ln.text):
            found = _credit_names(m.group("names"), ln.start + m.start("names"))
            if found:
                article.credits.extend(found)
                ln.parts.append((ln.start + m.start(), ln.start + m.end(), "meta"))


@cache
def _outlet_names() -> frozenset[str]:
    """Every outlet name, alias and domain handle of the outlet gazetteer, normalised."""
    out: set[str] = set()
    for row in load_jsonl("outlets.jsonl"):
        for n in [row["name"], *row.get("aliases", [])]:
            out.add(_norm(n))
        for d in row.get("domains", []):
            out.add(_norm(d))
    return frozenset(out)


def _known_outlet(name: str) -> bool:
    return bool(name) and len(name.split()) <= 6 and _norm(name) in _outlet_names()


def _credit_line(article: Article, ln: _Line) -> bool:
    """A whole credit line ("Sources: RT, Fars", "With AFP", "(Reporting by …)"): mark it meta."""
    lead = _DASH_LEAD.match(ln.text)
    off = lead.end() if lead else 0
    body = ln.text[off:]
    if len(body) > 200:
        return False
    names_at: int | None = None
    m = _CREDIT_SOURCES.fullmatch(body)
    if m:
        names_at = m.start("names")
    elif _CREDIT_PEOPLE.fullmatch(body):
        ln.kind = "meta"
        article.credits.extend(_outlets_among_people(body, ln.start + off))
        return True
    elif (m := _CREDIT_INPUTS.fullmatch(body)) or (m := _CREDIT_ORIGIN.fullmatch(body)):
        names_at = m.start("names")
    elif (m := _CREDIT_WITH.fullmatch(body)) and _all_names(m.group("names")):
        names_at = m.start("names")
    elif off and (m := _CREDIT_DASH.fullmatch(body)):
        names_at = m.start("names")
    elif (m := _BARE_OUTLETS.fullmatch(body)) and all(
            _known_outlet(p.strip()) for p in _NAME_SPLIT.split(m.group("names")) if p.strip()):
        names_at = m.start("names")  # the article closes on the agency's name alone: "AFP", "(Reuters/AP)"
    if m is None or names_at is None:
        return False
    names = m.group("names")
    found = _credit_names(names, ln.start + off + names_at)
    if not found and _norm(names) not in _noise()["not_credit_names"] and not _names_are_generic(names):
        return False
    ln.kind = "meta"
    article.credits.extend(found)
    return True


def _credit_tail(article: Article, ln: _Line) -> None:
    """A credit at the end of the last paragraph: "… this year. – Agencies", "… (With inputs from PTI)"."""
    m = _TAIL_PAREN.search(ln.text) or _TAIL_DASH.search(ln.text)
    if m is None:
        return
    s = m.start("all")
    if m.re is _TAIL_DASH:
        names = m.group("names")
        if not names[0].isupper() and _norm(names) not in _noise()["not_credit_names"]:
            return
        found = _credit_names(names, ln.start + m.start("names"))
        if not found and _norm(names) not in _noise()["not_credit_names"]:
            return
    else:
        inner = m.group("all")
        found = []
        if _CREDIT_PEOPLE.fullmatch(inner):
            found = _outlets_among_people(inner, ln.start + s)
        else:
            w = _CREDIT_INPUTS.fullmatch(inner) or _CREDIT_WITH.fullmatch(inner)
            if w is None or (w.re is _CREDIT_WITH and not _all_names(w.group("names"))):
                return
            found = _credit_names(w.group("names"), ln.start + s + w.start("names"))
    ln.parts.append((ln.start + s, ln.end, "meta"))
    article.credits.extend(found)


_BY_NAMES = re.compile(r"\bby[ \t]+(?P<names>[^;()\n]+)", re.I)


def _outlets_among_people(body: str, base: int) -> list[dict[str, Any]]:
    """ "(Additional reporting by Reuters; editing by Jane Doe)": the outlets among the names credited."""
    out: list[dict[str, Any]] = []
    for m in _BY_NAMES.finditer(body):
        names = re.sub(r"\s+in\s+[A-Z][\w .'’-]*$", "", m.group("names"))
        out += [c for c in _credit_names(names, base + m.start("names")) if _known_outlet(c["name"])]
    return out


def _all_names(names: str) -> bool:
    """Every part a capitalised name or a generic word ("With AFP", "with agency inputs")."""
    nz = _noise()["not_credit_names"]
    parts = [p.strip() for p in _NAME_SPLIT.split(names) if p.strip()]
    return bool(parts) and len(names.split()) <= 8 and all(
        _norm(p) in nz or (p[:1].isupper() and len(p.split()) <= 4) for p in parts)


def _names_are_generic(names: str) -> bool:
    nz = _noise()["not_credit_names"]
    parts = [p for p in _NAME_SPLIT.split(names) if p.strip()]
    return bool(parts) and all(_norm(p) in nz for p in parts)


def _credit_names(names: str, base: int) -> list[dict[str, Any]]:
    """Split "RT, Fars and Sputnik" into names with offsets; generic words ("agencies") are dropped."""
    nz = _noise()["not_credit_names"]
    out: list[dict[str, Any]] = []
    pos = 0
    for part in _NAME_SPLIT.split(names):
        i = names.find(part, pos) if part else -1
        if i < 0:
            continue
        pos = i + len(part)
        s, e = i, i + len(part)
        while s < e and names[s] in " \t\"'“”‘’(":
            s += 1
        while e > s and names[e - 1] in " \t.\"'“”‘’)":
            e -= 1
        name = names[s:e]
        if not name or not re.search(r"[^\W\d_]", name) or _norm(name) in nz or len(name.split()) > 6:
            continue
        if re.match(r"(?:agency|agencies|wire|staff)\b", name, re.I):
            continue
        out.append({"name": name, "start": base + s, "end": base + e})
    return out


# --------------------------------------------------------------------------- body: headings
def _is_heading(ln: _Line, lines: list[_Line]) -> bool:
    t = ln.text
    words = t.split()
    if not words or len(words) > 14 or len(t) > 110 or ln is lines[-1]:
        return False
    letters = [c for c in t if c.isalpha()]
    if len(words) >= 2 and letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        return True  # "WHY IS THE ARMS EMBARGO ON IRAN EXPIRING?"
    if _END_PUNCT.search(t.rstrip("\"'”’")) or _BULLET.match(t):
        return False
    small = {"of", "for", "the", "and", "in", "on", "to", "a", "an", "at", "by", "with", "from", "vs", "or", "as"}
    content = [w for w in words if w.lower() not in small and re.match(r"[^\W\d_]", w.strip("‘'\"“("))]
    if not content:
        return False
    caps = sum(1 for w in content if w.strip("‘'\"“(")[:1].isupper()) / len(content)
    if caps >= 0.6:
        return True
    # a short sentence-case heading ("Speed over price"), but not a clipped quote ('"We will," he said')
    return len(words) <= 4 and words[0][:1].isupper() and not re.search(r"[,;:\"“”]", t)

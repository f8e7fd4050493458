"""Time-expression finder and normaliser (rule-based, no external date parser).

:func:`find_time_expressions` scans English news text for dates and periods ("25 August 2020",
"next October", "last week", "in three months", "Friday (June 27)", "8-10 April 2023") and
normalises each against the article's publication date to an ISO value at its own granularity:
``YYYY-MM-DD`` (day), ``YYYY-Www`` (week), ``YYYY-MM`` (month), ``YYYY`` (year) or
``start/end`` (interval). Durations ("for 40 years", "a 20-year deal") and ages are not matched.
A relative expression in an undated article keeps its span with value ``None``.

Each rule is a regex with a handler. Most rules also name an *anchor*, a quick pattern for the
part every match must contain (a month name, a year, a unit word), and how far before it a match
may start; the scan then searches only near anchors and finds exactly what a full ``finditer``
finds (``tests/test_timex_scan.py``), about four times faster on news text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.records import TimeExpression

# --------------------------------------------------------------------------------------------
# vocabulary
# --------------------------------------------------------------------------------------------

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_MONTH_NUM = {m: i + 1 for i, m in enumerate(_MONTHS)}
_MONTH_NUM.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                   "sept": 9, "oct": 10, "nov": 11, "dec": 12})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
            "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
            "thirty": 30, "forty": 40, "fifty": 50}
# Bare "May"/"March" are ordinary words too: alone they count only after one of these.
_MONTH_LEADS = frozenset({"in", "since", "by", "until", "till", "through", "from", "to", "during", "of",
                          "before", "after", "between", "and", "or", "early", "late", "mid",
                          "last", "next", "this", "end", "start", "beginning", "middle"})
# Words that show the verb of the clause refers to the future / the past.
_FUTURE = frozenset({"will", "'ll", "’ll", "shall", "would", "could", "might", "may", "going", "plans", "plan",
                     "planned", "planning", "scheduled", "expected", "due", "upcoming", "intends",
                     "intend", "aims", "hopes", "next", "set", "slated", "to-be", "forthcoming",
                     # present-tense schedule verbs ("the embargo expires in October")
                     "expires", "expire", "ends", "begins", "starts", "runs", "opens", "arrives",
                     "resumes", "lapses", "concludes", "kicks", "convenes"})
_PAST_IRREGULAR = frozenset({
    "was", "were", "had", "did", "said", "told", "met", "held", "took", "made", "gave", "came", "went",
    "began", "saw", "sent", "won", "lost", "struck", "shot", "fought", "led", "left", "flew", "spoke",
    "sold", "bought", "became", "got", "hit", "fell", "rose", "kept", "brought", "paid", "wrote",
    "chose", "drew", "ran", "found", "been", "ago", "last", "earlier", "yesterday", "thought", "knew", "meant",
    "broke", "stood", "sought", "taught", "caught", "felt", "heard", "let", "put", "read", "spent",
    "withdrew", "undertook", "overtook", "shut", "split", "swore", "threw", "woke", "wore"})
_NOT_PAST = frozenset({"need", "needed", "indeed", "speed", "proceed", "exceed", "succeed", "feed", "seed",
                       "bed", "red", "shed", "bleed", "breed", "embed", "hundred", "sacred", "naked",
                       "wicked", "kindred", "united", "armed", "based", "related", "advanced", "limited",
                       "unprecedented", "unidentified", "unnamed", "expected", "planned", "scheduled",
                       "intended", "proposed", "anticipated", "slated", "guided", "so-called",
                       "nuclear-armed", "unmanned", "crewed", "detailed", "alleged", "allied",
                       "sophisticated", "dedicated", "concerned", "interested", "experienced"})
_CLAUSE_WORDS = frozenset({"that", "which", "who", "whom", "when", "once", "after", "before", "because",
                           "while", "as", "if", "until", "but", "and", "or", "where", "although",
                           "though", "since", "whereas", "unless"})
# A four-digit number followed by one of these is a quantity or a clock time, not a year.
_UNIT_WORDS = frozenset({"km", "kg", "m", "mm", "cm", "t", "ft", "tonnes", "tons", "tonne", "ton", "metres",
                         "meters", "miles", "hours", "hrs", "hr", "gmt", "utc", "local", "men", "people",
                         "personnel", "staff", "feet", "troops", "soldiers", "units", "euros", "dollars",
                         "rounds", "pieces", "kilometres", "kilometers", "times", "pounds", "barrels",
                         "km/h", "mph", "knots", "z", "cet", "est", "edt", "msk", "ist", "kph"})
_PLURAL_OK = frozenset({"is", "was", "has", "as", "its", "his", "this", "thus", "us", "plus", "versus",
                        "status", "always", "whereas", "across", "us-led", "does", "goes",
                        # plural nouns a year often qualifies ("the 2022 elections")
                        "elections", "sanctions", "talks", "exports", "imports", "sales", "protests",
                        "figures", "negotiations", "games", "levels", "prices", "estimates", "budgets",
                        "accords", "agreements", "deliveries", "exercises", "drills", "attacks", "strikes",
                        "hostilities", "events", "clashes", "polls", "results", "revenues", "earnings",
                        "statistics", "midterms", "championships", "hearings", "reforms", "amendments",
                        "guidelines", "rules", "regulations", "plans", "targets", "orders", "purchases",
                        "contracts", "tests", "trials", "operations", "sessions", "meetings", "summits"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "whose"})
# Capitalised words a year may follow ("In 2019", "Since 2015", title-case headlines).
_YEAR_LEADS = frozenset({"in", "since", "by", "until", "till", "from", "to", "of", "for", "during", "before",
                         "after", "through", "and", "or", "on", "at", "between", "around", "circa", "about",
                         "early", "late", "mid", "end", "spring", "summer", "autumn", "fall", "winter",
                         "the", "a", "year", "fy", "q1", "q2", "q3", "q4", "h1", "h2", "as", "within", "than",
                         "over", "into", "beyond", "throughout"})
# A four-digit number after one of these is a designation, not a year.
_DESIGNATION_LEADS = frozenset({"no", "no.", "number", "resolution", "flight", "route", "page", "model",
                                "version", "type", "serial", "hull", "pennant", "code", "unit", "item",
                                "article", "section", "rule", "at", "highway", "room", "tail", "batch"})

# --------------------------------------------------------------------------------------------
# regular-expression fragments
# --------------------------------------------------------------------------------------------


def _alts(words: Iterable[str]) -> str:
    """Alternation of Title-case and UPPER-case forms (month and weekday names are capitalised)."""
    forms: list[str] = []
    for w in sorted(words, key=len, reverse=True):
        forms += [w.capitalize(), w.upper()]
    return "|".join(forms)


_FULL = _alts(_MONTHS)
_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"


def _mon(name: str, abbr: bool = True) -> str:
    """A month name; with ``abbr`` also "Aug." / "Sept" (an abbreviation never stands alone)."""
    body = f"(?:{_FULL}|(?:{_ABBR})\\b\\.?)" if abbr else f"(?:{_FULL})"
    return f"(?P<{name}>{body})" + ("(?!\\w)" if abbr else "(?![\\w-])")


def _day(name: str) -> str:
    return f"(?<![\\w.,/$-])(?P<{name}>[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\\d%]|,\\d|\\.\\d)"


def _mday(name: str) -> str:
    """A day number after a month name ("Aug. 25", "May 10th")."""
    return f"(?P<{name}>[12]\\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\\w%]|,\\d|\\.\\d)"


def _year(name: str) -> str:
    return f"(?P<{name}>(?:19|20)\\d\\d)(?![\\w%]|,\\d|\\.\\d)"


_NUM = "(?P<n>(?i:" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")|[1-9]\\d?)"
_UNIT = "(?P<unit>(?i:day|week|month|year))(?i:s)?"
_WD = f"(?P<wd>{_alts(_WEEKDAYS)})(?!\\w)"
_PART = r"(?P<part>(?i:early|mid|late)(?:-|\s+)|(?i:end)-|(?i:the\s+(?:very\s+)?(?:end|beginning|start|middle|first\s+half|second\s+half|first\s+week|last\s+week|first\s+days|last\s+days)\s+of)\s+)?"
_YPART = (r"(?:(?P<part>(?i:early|mid|late)(?:-|\s+)|(?i:end)-|(?i:the\s+(?:very\s+)?(?:end|beginning|start|middle|"
          r"(?:first|second|third|fourth|last)\s+(?:half|quarter)|rest|summer|spring|autumn|fall|winter)"
          r"\s+of)\s+|(?i:(?:the\s+)?(?:summer|spring|autumn|fall|winter)(?:\s+of)?)\s+|(?i:fiscal(?:\s+year)?)\s+"
          r"|FY\s?|Q[1-4]\s+|[1-4](?:st|nd|rd|th)\s+quarter(?:\s+of)?\s+|(?i:the\s+year)\s+)|(?<![\w-]))")
_DASH = r"\s*(?:-|–|—)\s*"
_TO = r"(?:\s*(?:-|–|—)\s*|(?<=\d)/(?=\d)|\s+(?i:to|until|till|through|thru|and)\s+)"


# --------------------------------------------------------------------------------------------
# reference date and arithmetic
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    """The publication date as far as it is known."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.month and self.day else None


def _parse_published(published: str | None) -> _Ref | None:
    if not published:
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(published))
    if not m:
        return None
    y = int(m.group(1))
    if not 1000 <= y <= 2999:
        return None  # no real publication date: relative expressions stay unresolved, no date overflow
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    if mo is not None and not 1 <= mo <= 12:
        return _Ref(y)
    if mo and d and not _valid(y, mo, d):
        return _Ref(y, mo)
    return _Ref(y, mo, d)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _fmt_day(y: int, m: int, d: int) -> str | None:
    return f"{y:04d}-{m:02d}-{d:02d}" if _valid(y, m, d) and 1 <= y <= 9999 else None


# --------------------------------------------------------------------------------------------
# context: does the clause around an expression speak of the past or the future?
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,;:()\u2014\u2013\"“”]")


def _tense(text: str, start: int, end: int) -> str | None:
    """``"future"``, ``"past"`` or ``None`` from the nearest verb cue in the same clause."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n")
    right_cands = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    right = min(right_cands) if right_cands else len(text)
    before = _WORD.findall(text[left + 1:start])[-12:]
    for i in range(len(before) - 1, -1, -1):
        cue = _cue(before[i], before[i - 1] if i else "")
        if cue == "stop":
            break
        if cue:
            return cue
    after = _WORD.findall(text[end:right])[:12]
    for i, tok in enumerate(after):
        cue = _cue(tok, after[i - 1] if i else "")
        if cue == "stop":
            if i == 0 and tok == ",":
                continue
            break
        if cue:
            return cue
    return None


_DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "my", "your", "this", "that",
                          "these", "those", "every", "each", "any", "some", "no"})
_PASSIVE_AUX = frozenset({"be", "been", "being", "is", "are", "am", "get", "gets"})


def _cue(tok: str, prev: str) -> str | None:
    """The tense a word signals; ``"stop"`` at a clause boundary. ``prev`` is the word before it."""
    if not tok[0].isalpha():
        return "stop"
    low = tok.lower()
    if low.endswith(("'ll", "’ll")) or low in _FUTURE:
        return "future"
    if low in _PAST_IRREGULAR:
        return "past"
    if tok[0].islower() and low.endswith("ed") and len(low) >= 5 and low not in _NOT_PAST:
        # a passive participle ("will be delivered") leaves the tense to its auxiliary, and a participle after
        # a determiner is an adjective ("will stage their combined exercise from Nov. 10")
        return None if prev.lower() in _PASSIVE_AUX or prev.lower() in _DETERMINERS else "past"
    if low in _CLAUSE_WORDS:
        return "stop"
    return None


def _pick_year(ref: _Ref, month: int, day: int | None, tense: str | None) -> int:
    """Year of a month (and day) named without one.

    The publication year, moved a year on for a past month in a future clause (or back for a
    coming month in a past clause); with no tense cue, the nearest such month (within 6 months).
    """
    if ref.month is None:
        return ref.year
    here = (month, day or 0) if day and ref.day else (month, 0)
    now = (ref.month, ref.day or 0) if day and ref.day else (ref.month, 0)
    if tense == "future" and here < now:
        return ref.year + 1
    if tense == "past" and here > now:
        return ref.year - 1
    if tense is None and month - ref.month > 6:
        return ref.year - 1
    if tense is None and ref.month - month > 6:
        return ref.year + 1
    return ref.year


# --------------------------------------------------------------------------------------------
# candidates
# --------------------------------------------------------------------------------------------


@dataclass
class _Cand:
    start: int
    end: int
    value: str | None
    granularity: str | None


@dataclass
class _Ctx:
    text: str
    ref: _Ref | None


Handler = Callable[[re.Match[str], _Ctx], "_Cand | None"]


@dataclass(frozen=True)
class _Rule:
    """A pattern, its handler, and the anchor that lets the scan skip text where it cannot match.

    ``anchor`` matches (at least) at one place inside every match of ``pattern``, and at most
    ``reach`` non-whitespace characters of the match come before that place. So a match can only
    start where an anchor is at most ``reach`` non-blank characters ahead, and the scan
    (:func:`_finditer`) searches only from there: exactly the matches of ``pattern.finditer``.
    """

    pattern: re.Pattern[str]
    handler: Handler
    anchor: re.Pattern[str] | None = None
    reach: int = 0


_RULES: list[_Rule] = []
_ANCHORS: dict[str, re.Pattern[str]] = {}


def _rule(pattern: str, anchor: str | None = None, reach: int = 0) -> Callable[[Handler], Handler]:
    """Register a rule; ``anchor``/``reach`` as in :class:`_Rule` (no anchor: scan the whole text)."""
    def deco(fn: Handler) -> Handler:
        compiled = _ANCHORS.setdefault(anchor, re.compile(anchor)) if anchor else None
        _RULES.append(_Rule(re.compile(pattern), fn, compiled, reach))
        return fn

    return deco


def _ci_words(words: Iterable[str], after_space: bool = False) -> str:
    """Case-insensitive alternation of ``words`` that starts with a plain character class, so the
    regex engine can skip quickly to the places where one may start; with ``after_space`` only
    where whitespace comes before."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(words, key=len, reverse=True):
        by_first.setdefault(w[0].lower(), []).append(w[1:])
    first = "".join(c + c.upper() for c in by_first)
    lead = r"\s" if after_space else ""
    rest = "|".join(f"(?<={lead}{c})(?:{'|'.join(tails)})" for c, tails in by_first.items())
    return f"[{first}](?i:{rest})"


# Anchors (see _Rule): a month or weekday name as the rules spell them, with what must follow it;
# a day number before a month; a unit word (any case) after whitespace, as the rules have it.
_A_MONTH = f"(?:{_FULL}|{_ABBR})"
_A_MONTH_DAY = _A_MONTH + r"\.?\s+\d"
_A_DAY_MONTH = r"\d\d?(?:st|nd|rd|th)?\s+(?:of\s+)?" + _A_MONTH
_A_WEEKDAY = _alts(_WEEKDAYS)
_A_YEAR = r"(?:19|20)\d\d"
_A_ISO = r"(?:19|20)\d\d-[01]\d-[0-3]\d"
_A_UNIT = _ci_words(["day", "week", "month", "year"], after_space=True)


def _reach_start(text: str, at: int, reach: int) -> int:
    """The first index from which ``text[index:at]`` holds at most ``reach`` non-whitespace characters."""
    s = at
    while s > 0:
        seg = text[max(0, s - reach - 1):s]
        solid = len("".join(seg.split()))
        if solid > reach:  # every character of seg is solid: the start is inside it
            return s - reach
        reach -= solid
        s -= len(seg)
    return 0


def _anchor_starts(anchor: re.Pattern[str], text: str) -> list[int]:
    """Every index where ``anchor`` matches (overlapping ones included)."""
    out: list[int] = []
    search = anchor.search
    m = search(text)
    while m is not None:
        out.append(m.start())
        m = search(text, m.start() + 1)
    return out


def _finditer(rule: _Rule, text: str, cache: dict[re.Pattern[str], list[int]]) -> Iterator[re.Match[str]]:
    """``rule.pattern.finditer(text)``, searching only near the rule's anchors (rule patterns never
    match the empty string). ``cache`` keeps each anchor's positions for the other rules."""
    if rule.anchor is None:
        yield from rule.pattern.finditer(text)
        return
    starts = cache.get(rule.anchor)
    if starts is None:
        starts = cache[rule.anchor] = _anchor_starts(rule.anchor, text)
    search = rule.pattern.search
    pos = i = 0
    while i < len(starts):
        at = starts[i]
        m = search(text, max(pos, _reach_start(text, at, rule.reach) if rule.reach else at))
        if m is None:
            return
        yield m
        pos = m.end()
        i = bisect_left(starts, pos, i + 1)


def _mnum(tok: str) -> int:
    return _MONTH_NUM[tok.rstrip(".").lower()]


def _span(m: re.Match[str], value: str | None, gran: str | None, group: int | str = 0) -> _Cand:
    return _Cand(m.start(group), m.end(group), value, gran)


def _resolve_day(ctx: _Ctx, m: re.Match[str], mon: int, day: int, year: str | None) -> str | None:
    if year:
        return _fmt_day(int(year), mon, day)
    if ctx.ref is None or not _valid(2000, mon, day):
        return None
    y = _pick_year(ctx.ref, mon, day, _tense(ctx.text, m.start(), m.end()))
    return _fmt_day(y, mon, day)


def _interval(a: str | None, b: str | None) -> str | None:
    return f"{a}/{b}" if a and b and a <= b else None


# --- absolute dates ------------------------------------------------------------------------


@_rule(r"(?<![\w/.-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-]|\.\d)", _A_ISO)
def _iso(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    v = _fmt_day(int(m["y"]), int(m["m"]), int(m["d"]))
    return _span(m, v, "day") if v else None


@_rule(r"(?<![\w/.-])(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)" + _TO
       + r"(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)(?![\w/-])", _A_ISO + _TO + _A_ISO)
def _iso_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    a = _fmt_day(int(m["y1"]), int(m["m1"]), int(m["d1"]))
    b = _fmt_day(int(m["y2"]), int(m["m2"]), int(m["d2"]))
    v = _interval(a, b)
    return _span(m, v, "interval") if v else None


@_rule(r"(?<![\w/.,-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d)(?![\w/]|\.\d)",
       r"\d\d?[./]\d\d?[./](?:19|20)\d\d")
def _numeric(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """Numeric dates only when unambiguous: dotted = day first; slashed needs a part over 12."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if m["sep"] == ".":
        d, mo = a, b
    elif a > 12 >= b:
        d, mo = a, b
    elif b > 12 >= a:
        d, mo = b, a
    else:
        return None
    v = _fmt_day(y, mo, d)
    return _span(m, v, "day") if v else None


@_rule(_day("d") + r"\s+(?:of\s+)?" + _mon("mon") + r"(?:,?\s+" + _year("y") + ")?", _A_DAY_MONTH)
def _day_month(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    v = _resolve_day(ctx, m, _mnum(m["mon"]), int(m["d"]), m["y"])
    if v is None and (m["y"] or ctx.ref is not None):
        return None
    return _span(m, v, "day")


@_rule(_mon("mon") + r"\s+" + _mday("d") + r"(?:,?\s+" + _year("y") + ")?", _A_MONTH_DAY)
def _month_day(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    v = _resolve_day(ctx, m, _mnum(m["mon"]), int(m["d"]), m["y"])
    if v is None and (m["y"] or ctx.ref is not None):
        return None
    return _span(m, v, "day")


@_rule(_day("d1") + _TO + _mday("d2") + r"\s+(?:of\s+)?" + _mon("mon") + r"(?:,?\s+" + _year("y") + ")?",
       r"\d\d?(?:st|nd|rd|th)?" + _TO + _A_DAY_MONTH)
def _days_month(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    mon = _mnum(m["mon"])
    return _day_range(m, ctx, mon, int(m["d1"]), mon, int(m["d2"]))


@_rule(_mon("mon") + r"\s+" + _mday("d1") + _TO + _mday("d2") + r"(?:,?\s+" + _year("y") + ")?",
       _A_MONTH_DAY + r"\d?(?:st|nd|rd|th)?" + _TO + r"\d")
def _month_days(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    mon = _mnum(m["mon"])
    return _day_range(m, ctx, mon, int(m["d1"]), mon, int(m["d2"]))


@_rule(_day("d1") + r"\s+(?:of\s+)?" + _mon("mon1") + _TO + _mday("d2") + r"\s+(?:of\s+)?" + _mon("mon2")
       + r"(?:,?\s+" + _year("y") + ")?", _A_DAY_MONTH)
def _day_month_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    return _day_range(m, ctx, _mnum(m["mon1"]), int(m["d1"]), _mnum(m["mon2"]), int(m["d2"]))


@_rule(_mon("mon1") + r"\s+" + _mday("d1") + _TO + _mon("mon2") + r"\s+" + _mday("d2")
       + r"(?:,?\s+" + _year("y") + ")?", _A_MONTH_DAY + r"\d?(?:st|nd|rd|th)?" + _TO + _A_MONTH)
def _month_day_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    return _day_range(m, ctx, _mnum(m["mon1"]), int(m["d1"]), _mnum(m["mon2"]), int(m["d2"]))


def _day_range(m: re.Match[str], ctx: _Ctx, m1: int, d1: int, m2: int, d2: int) -> _Cand | None:
    if not (_valid(2000, m1, d1) and _valid(2000, m2, d2)) or (m1, d1) >= (m2, d2):
        return None
    if m["y"]:
        y = int(m["y"])
    elif ctx.ref is not None:
        y = _pick_year(ctx.ref, m1, d1, _tense(ctx.text, m.start(), m.end()))
    else:
        return _span(m, None, "interval")
    return _span(m, _interval(_fmt_day(y, m1, d1), _fmt_day(y, m2, d2)), "interval")


@_rule(_PART + _mon("mon") + r",?\s+(?:of\s+)?" + _year("y"),
       _A_MONTH + r"\.?,?\s+(?:of\s+)?" + _A_YEAR, 19)  # "the very second half of"
def _month_year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    return _span(m, f"{int(m['y']):04d}-{_mnum(m['mon']):02d}", "month")


@_rule(_mon("mon1", abbr=False) + _TO + _mon("mon2", abbr=False) + r",?\s+" + _year("y"))
def _months_year(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    y, a, b = int(m["y"]), _mnum(m["mon1"]), _mnum(m["mon2"])
    if a >= b:
        return None
    return _span(m, f"{y:04d}-{a:02d}/{y:04d}-{b:02d}", "interval")


@_rule(r"(?P<rel>(?i:next|last|this|coming|past)\s+)?" + _PART + _mon("mon", abbr=False),
       f"(?:{_FULL})(?![\\w-])", 25)  # "coming" + "the very second half of"
def _bare_month(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    tok = m["mon"]
    if tok.lower() in ("may", "march") and not m["rel"] and not m["part"]:
        prev = re.findall(r"[\w-]+", ctx.text[max(0, m.start() - 30):m.start()])
        if not prev or prev[-1].lower() not in _MONTH_LEADS:
            return None
        if prev[-1].lower() in ("and", "or", "to") and not (len(prev) > 1 and prev[-2].lower() in _MONTH_NUM):
            return None  # "April and May" yes, "and May God ..." no
    mon = _mnum(tok)
    if ctx.ref is None:
        return _span(m, None, "month")
    rel = (m["rel"] or "").strip().lower()
    y = ctx.ref.year
    if ctx.ref.month is not None:
        if rel in ("next", "coming"):
            y = ctx.ref.year if mon > ctx.ref.month else ctx.ref.year + 1
        elif rel in ("last", "past"):
            y = ctx.ref.year if mon < ctx.ref.month else ctx.ref.year - 1
        elif rel != "this":
            y = _pick_year(ctx.ref, mon, None, _tense(ctx.text, m.start(), m.end()))
    return _span(m, f"{y:04d}-{mon:02d}", "month")


def _year_ok(text: str, start: int, end: int) -> bool:
    """A bare four-digit number is a year unless it reads as a quantity, code, name or clock time."""
    if start > 0 and text[start - 1] in "-/.,$€£#:+*×x'’":
        return False
    if re.match(r"-[A-Za-z]", text[end:end + 2]):  # "2000-strong"
        return False
    prev = re.findall(r"[\w.'’]+", text[max(0, start - 30):start])
    last = prev[-1] if prev else ""
    nxt = re.match(r"\s*([A-Za-z][\w/-]*)", text[end:])
    if nxt:
        word = nxt.group(1)
        low = word.lower()
        if low in _UNIT_WORDS:
            return False
        if (word[0].islower() and low.endswith("s") and not low.endswith("ss") and low not in _PLURAL_OK
                and last.lower() not in _DETERMINERS and not last.endswith(("'s", "’s"))):
            return False
    if last.lower() in _DESIGNATION_LEADS:
        return False
    if last[:1].isupper() and last.lower() not in _YEAR_LEADS and not last.endswith(("'s", "’s")):
        # "Mirage 2000", "Vision 2030", "Vostok 2022": a name, unless that word opens the sentence.
        lead = text[max(0, start - 30):start]
        k = lead.rfind(last)
        if not re.search(r"(^|[.!?:\n\"“(]\s*)$", text[:start - len(lead) + k]):
            return False
    return True


@_rule(_YPART + _year("y"), _A_YEAR, 22)  # "the very fourth quarter of"
def _year_rule(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    if not m["part"] and not _year_ok(ctx.text, m.start("y"), m.end("y")):
        return None
    if m["part"] and m["part"].startswith("FY") and not _year_ok(ctx.text, m.start(), m.end("y")):
        return None
    return _span(m, m["y"], "year")


@_rule(r"(?<![\w-])(?P<y1>(?:19|20)\d\d)(?:" + _DASH + r"|/|\s+(?i:to|until|through|and)\s+)"
       + r"(?P<y2>(?:19|20)?\d\d)(?![\w%]|,\d|\.\d)")
def _year_range(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    a, b = m["y1"], m["y2"]
    if len(b) == 2:
        b = a[:2] + b
    if int(b) <= int(a) or int(b) - int(a) > 50:
        return None
    joined = m.group(0)[len(m["y1"]):-len(m["y2"])].strip().lower()
    if joined == "and":
        before = ctx.text[max(0, m.start() - 12):m.start()].lower()
        if not re.search(r"between\s+$", before):
            return None
    if not _year_ok(ctx.text, m.start(), m.end("y2")):
        return None
    return _span(m, f"{a}/{b}", "interval")


@_rule(r"(?P<the>(?i:the)\s+)?(?P<part>(?i:early|mid|late)(?:-|\s+))?(?<![\w-])(?P<dec>(?:19|20)\d0)['’]?s\b",
       r"(?:19|20)\d0['’]?s\b", 8)  # "the early" (never "early-": a hyphen fails the look-behind)
def _decade(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    if not m["the"] and not m["part"]:
        prev = re.findall(r"\w+", ctx.text[max(0, m.start() - 20):m.start()])
        if not prev or prev[-1].lower() not in ("in", "since", "of", "during", "from", "until", "by"):
            return None
    return _span(m, None, None)


# --- weekdays and relative expressions ---------------------------------------------------------


@_rule(r"(?P<rel>(?i:last|next|this|coming|past)\s+)?(?P<part>(?i:early|late)\s+)?" + _WD,
       _A_WEEKDAY, 11)  # "coming early"
def _weekday(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    if _weekday_is_name(ctx.text, m.start("wd"), m.end("wd")):
        return None
    if ctx.ref is None or ctx.ref.date is None:
        return _span(m, None, "day")
    ref = ctx.ref.date
    wd = _WEEKDAYS.index(m["wd"].lower())
    rel = (m["rel"] or "").strip().lower()
    cur = ref.weekday()
    if rel == "last" or rel == "past":
        delta = -((cur - wd) % 7 or 7)
    elif rel in ("next", "coming"):
        delta = (wd - cur) % 7 or 7
    elif rel == "this":
        delta = wd - cur
    elif _tense(ctx.text, m.start(), m.end()) == "future":
        delta = (wd - cur) % 7
    else:
        delta = -((cur - wd) % 7)
    return _span(m, (ref + timedelta(days=delta)).isoformat(), "day")


def _weekday_is_name(text: str, start: int, end: int) -> bool:
    """ "Sunday Times", "Good Friday", "Mail on Sunday": a name, not a date."""
    after = re.match(r"\s+([A-Z][a-z]+)", text[end:end + 20])
    if after and after.group(1) in _WEEKDAY_NAME_AFTER:
        return True
    before = re.findall(r"[\w']+", text[max(0, start - 15):start])
    return bool(before) and before[-1] in _WEEKDAY_NAME_BEFORE or bool(
        re.search(r"Mail\s+on\s+$", text[max(0, start - 10):start]))


_WEEKDAY_NAME_AFTER = frozenset({"Times", "Telegraph", "Express", "Mirror", "Post", "Mail", "Herald", "Star",
                                 "Tribune", "Independent", "Review", "Agreement", "Accord", "Prayers",
                                 "Sermon"})
_WEEKDAY_NAME_BEFORE = frozenset({"Good", "Black", "Cyber", "Holy", "Easter", "Palm", "Ash", "Super"})

_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this morning": 0,
              "this afternoon": 0, "this evening": 0, "last night": -1, "overnight": 0}


@_rule(r"(?<![\w-])(?P<w>(?i:today|tonight|yesterday|tomorrow|this\s+morning|this\s+afternoon|this\s+evening|last\s+night))(?![\w-])",
       _ci_words(["today", "tonight", "yesterday", "tomorrow", r"this\s+morning", r"this\s+afternoon",
                  r"this\s+evening", r"last\s+night"]) + r"(?![\w-])")
def _day_word(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    w = m["w"]
    if w[0].isupper() and not w.isupper():
        # "Russia Today", "USA Today": an outlet, unless the word opens the sentence.
        prev = re.search(r"(\S+)\s+$", ctx.text[max(0, m.start() - 30):m.start()])
        if prev and prev.group(1)[:1].isupper() and not re.search(r"[.!?:\"“”]$", prev.group(1)):
            return None
    if ctx.ref is None or ctx.ref.date is None:
        return _span(m, None, "day")
    k = _DAY_WORDS[re.sub(r"\s+", " ", m["w"].lower())]
    return _span(m, (ctx.ref.date + timedelta(days=k)).isoformat(), "day")


@_rule(r"(?<![\w-])(?P<part>(?i:earlier|later|early|late|mid)(?:-|\s+)|(?i:the\s+(?:very\s+)?(?:end|beginning|start|middle|rest|remainder|first\s+half|second\s+half)\s+of)\s+)?"
       r"(?P<rel>(?i:this|last|next|the\s+current|the\s+past|the)\s+)(?P<unit>(?i:week|weekend|month|year))(?![\w-])",
       _ci_words(["week", "weekend", "month", "year"], after_space=True) + r"(?![\w-])", 29)  # "the very second half of the current"
def _this_unit(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    rel = re.sub(r"\s+", " ", m["rel"].strip().lower())
    unit = m["unit"].lower()
    if rel == "the past":
        return None
    if rel in ("last", "next") and re.search(r"(?i:\bthe)\s+$", ctx.text[max(0, m.start() - 6):m.start()]):
        return None  # "over the last year", "in the next month": a stretch of time
    if rel == "the":
        # "the end of the year" is this year; a bare "the year" is not an expression.
        if not m["part"] or not m["part"].lower().startswith("the"):
            return None
        rel = "this"
    if rel == "the current":
        rel = "this"
    k = {"this": 0, "last": -1, "next": 1}[rel]
    gran = "week" if unit == "weekend" else unit
    return _span(m, _shifted(ctx.ref, gran, k), gran)


def _shifted(ref: _Ref | None, unit: str, k: int) -> str | None:
    """The publication date moved by ``k`` units, at that unit's granularity."""
    if ref is None:
        return None
    if unit == "year":
        return f"{ref.year + k:04d}"
    if unit == "month":
        if ref.month is None:
            return None
        y, mo = _shift_month(ref.year, ref.month, k)
        return f"{y:04d}-{mo:02d}"
    d = ref.date
    if d is None:
        return None
    if unit == "week":
        return _iso_week(d + timedelta(weeks=k))
    return (d + timedelta(days=k)).isoformat()


@_rule(r"(?<![\w-])" + _NUM + r"\s+" + _UNIT + r"\s+(?i:ago)(?![\w-])",
       _A_UNIT + r"(?i:s)?\s+(?i:ago)(?![\w-])", 9)  # "seventeen"
def _ago(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    n = _count(m["n"])
    unit = m["unit"].lower()
    return _span(m, _shifted(ctx.ref, unit, -n), unit)


@_rule(r"(?<![\w-])(?i:in)\s+(?:(?i:another)\s+)?" + _NUM + r"\s+" + _UNIT
       + r"(?:['’]s?\s+(?i:time))?(?![\w-])")  # an anchor does not pay: "a year", "the day" are everywhere
def _in_units(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    before = ctx.text[max(0, m.start() - 40):m.start()].lower()
    if re.search(r"(first|time|highest|lowest|largest|biggest|most|worst|best|strongest|record|fewest|least|"
                 r"only|once|twice|times|deadliest|longest|heaviest)\s*$", before):
        return None
    after = ctx.text[m.end():m.end() + 12].lower()
    if re.match(r"\s*(of|when|that|which|where|in|to|and)\b", after):
        return None
    n = _count(m["n"])
    unit = m["unit"].lower()
    return _span(m, _shifted(ctx.ref, unit, n), unit)


@_rule(r"(?<![\w-])(?:(?i:the)\s+(?i:following|previous|preceding|same)\s+(?P<unit>(?i:day|week|month|year))"
       r"|(?i:the\s+next\s+day|the\s+day\s+before|the\s+day\s+after|that\s+day))(?![\w-])",
       _A_UNIT + r"(?![\w-])", 12)  # "the following"
def _narrative(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"the following day", "the previous week": anchored on the story, so listed without a value."""
    return _span(m, None, (m["unit"] or "day").lower())


@_rule(r"(?<![\w-])" + _NUM + r"\s+" + _UNIT + r"\s+(?:(?i:earlier|later)|(?i:before|after)(?=\s*[,.;]))(?![\w-])",
       _A_UNIT + r"(?i:s)?\s+(?:(?i:earlier|later)|(?i:before|after)(?=\s*[,.;]))(?![\w-])", 9)  # "seventeen"
def _narrative_shift(m: re.Match[str], ctx: _Ctx) -> _Cand | None:
    """"a day earlier", "two weeks later": relative to another event, listed without a value."""
    return _span(m, None, m["unit"].lower())


def _count(tok: str) -> int:
    low = tok.lower()
    return _NUMBERS[low] if low in _NUMBERS else int(low)


# --------------------------------------------------------------------------------------------
# selection
# --------------------------------------------------------------------------------------------


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


_PAREN_DATE = re.compile(r"[ \t]*(?:,[ \t]*|\([ \t]*|(?<=[ \t]))")


def _merge_weekday_dates(cands: list[_Cand], text: str) -> list[_Cand]:
    """"Friday (June 27)" / "Friday, June 27, 2025": one expression, valued by the explicit date."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if (i + 1 < len(cands) and re.fullmatch(r"(?:\w+\s+)?(?:" + _alts(_WEEKDAYS) + ")", text[c.start:c.end])
                and cands[i + 1].granularity == "day"):
            nxt = cands[i + 1]
            gap = text[c.end:nxt.start]
            if gap and _PAREN_DATE.fullmatch(gap):
                end = nxt.end
                if "(" in gap:
                    close = re.match(r"\s*\)", text[end:])
                    if not close:
                        out.append(c)
                        i += 1
                        continue
                    end += close.end()
                out.append(_Cand(c.start, end, nxt.value, "day"))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def find_time_expressions(text: str, published: str | None,
                          exclude: Iterable[tuple[int, int]] = ()) -> list[TimeExpression]:
    """Every time expression in ``text``, normalised against ``published`` (``YYYY[-MM[-DD]]``).

    Spans overlapping an ``exclude`` span are dropped; the result is sorted by start and free of
    overlaps (the longest match wins).
    """
    if not text:
        return []
    ctx = _Ctx(text, _parse_published(published))
    excl = [(int(a), int(b)) for a, b in exclude]
    cands: list[_Cand] = []
    anchors: dict[re.Pattern[str], list[int]] = {}
    for rule in _RULES:
        for m in _finditer(rule, text, anchors):
            c = rule.handler(m, ctx)
            if c is not None and c.end > c.start and not any(_overlaps((c.start, c.end), x) for x in excl):
                cands.append(c)
    chosen: list[_Cand] = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if not any(_overlaps((c.start, c.end), (o.start, o.end)) for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)
    chosen = _merge_weekday_dates(chosen, text)
    chosen = [c for c in chosen if not any(_overlaps((c.start, c.end), x) for x in excl)]
    return [TimeExpression(text[c.start:c.end], c.value, c.start, c.end, c.granularity) for c in chosen]

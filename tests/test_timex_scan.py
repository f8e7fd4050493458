"""The anchored scan of the time-expression rules finds exactly what a plain ``finditer`` finds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.nlp import timex


def _plain(rule: timex._Rule, text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]


def _anchored(rule: timex._Rule, text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in timex._finditer(rule, text, {})]


# Each rule's longest prefix before its anchor (one per text, so no earlier anchor hides it), and
# other edge cases, in sentences of our own.
EDGES = [
    "Held on 31st of May.",
    "From 31st through 31st of\tOctober.",
    "From 12th of May to 1st of June 2021.",
    "Sept. 5 – Oct. 7, 2022.",
    "Aug 3-9 2023.",
    "It ends the very second half of  \n\n  March 2019.",
    "It comes coming the very second half of May.",
    "Deliveries start in the very fourth quarter of 2026.",
    "Orders in FY2028 or Q3 2029 or 3rd quarter of 2030.",
    "Made in the early 1990s.",
    "Due coming early Friday.",
    "Until the very second half of the current year.",
    "Seen seventeen days ago.",
    "In another seventeen years.",
    "On the following week.",
    "Seen seventeen days later, the day before.",
    "This morning, last night, TODAY, Yesterday; 2019-04-01 to 2019-05-02.",
    "Tuesday and 12.03.2021 and 3/25/2020; 1999–2004; between 2010 and 2015; 2021/22.",
    "Mayor Marchenko met the Sunday Times in Jan.; JANUARY 2020; MAY 5; Monday-Friday; x2020y.",
    "in\u00a0another\u00a0three\u00a0weeks; the\u2003end\u2003of\u2003next\u2003month; early-\nJune 2020.",
]


@pytest.mark.parametrize("text", EDGES)
def test_every_rule_scans_like_finditer_on_edge_cases(text):
    for rule in timex._RULES:
        assert _anchored(rule, text) == _plain(rule, text), rule.handler.__name__


_PIECES = st.sampled_from(
    list("0123456789 -–/.,()'’:;\n\t") + ["\u00a0", "  ", "\n\n"]
    + ["May", "MAY", "March", "Sept.", "Sep", "Jan", "October", "JUNE", "Friday", "MONDAY", "Sunday Times",
       "next ", "last ", "coming ", "this ", "the ", "very ", "second half of ", "fourth quarter of ",
       "early-", "mid ", "late ", "end-", "FY", "Q2 ", "3rd quarter of ", "fiscal year ", "summer of ",
       "in ", "another ", "seventeen ", "a ", "two ", "day", "days", "Week", "weekend", "months", "YEAR",
       " ago", " earlier", " later", " before", "'s time", "today", "Tonight", "this morning", "that day",
       "following ", "2020", "1999", "20", "1980s", "2019-04-01", " to ", " through ", " and ", "of ",
       "st", "th", "x", "é"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_every_rule_scans_like_finditer_on_random_text(text):
    for rule in timex._RULES:
        assert _anchored(rule, text) == _plain(rule, text), rule.handler.__name__


def test_reach_start_counts_only_non_whitespace():
    text = "ab  c\n\n d|X"
    at = text.index("X")
    assert timex._reach_start(text, at, 0) == at
    assert timex._reach_start(text, at, 2) == text.index("c") + 1  # "\n\n d|": blanks are free
    assert timex._reach_start(text, at, 3) == text.index("b") + 1  # "  c\n\n d|"
    assert timex._reach_start(text, at, 99) == 0

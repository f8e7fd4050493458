"""Time-expression finding and normalisation (sitrep.nlp.timex)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.nlp.timex import find_time_expressions

PUB = "2020-08-25"  # a Tuesday, ISO week 35


def found(text: str, published: str | None = PUB) -> list[tuple[str, str | None, str | None]]:
    out = find_time_expressions(text, published)
    for t in out:
        assert text[t.start:t.end] == t.text
    return [(t.text, t.value, t.granularity) for t in out]


def test_next_month_name_with_offsets():
    text = "The drills will be held next October."
    (t,) = find_time_expressions(text, PUB)
    assert (t.text, t.value, t.granularity, t.start, t.end) == ("next October", "2020-10", "month", 24, 36)


@pytest.mark.parametrize(("text", "expected"), [
    # absolute dates
    ("The contract was signed on 25 August 2020 in Cairo.", [("25 August 2020", "2020-08-25", "day")]),
    ("Talks opened on August 25, 2020, officials said.", [("August 25, 2020", "2020-08-25", "day")]),
    ("The report is dated 2019-03-14.", [("2019-03-14", "2019-03-14", "day")]),
    ("The decree of 14.03.2019 was annulled.", [("14.03.2019", "2019-03-14", "day")]),
    ("The ban ended in October 2019.", [("October 2019", "2019-10", "month")]),
    ("The treaty entered into force in 1992.", [("1992", "1992", "year")]),
    ("Production should peak in mid-2025.", [("mid-2025", "2025", "year")]),
    ("Funding for fiscal year 2024 was cut.", [("fiscal year 2024", "2024", "year")]),
    ("The first jets arrive by the end of 2026.", [("the end of 2026", "2026", "year")]),
    ("Output grew sharply in the 1990s.", [("the 1990s", None, None)]),
    # month or day without a year, resolved against publication
    ("The ship is due to sail on Oct. 18.", [("Oct. 18", "2020-10-18", "day")]),
    ("The deal was signed in December.", [("December", "2019-12", "month")]),
    ("The new radars will be delivered in March.", [("March", "2021-03", "month")]),
    ("The convoy crossed the border last March.", [("last March", "2020-03", "month")]),
    ("A second round is planned for the end of September.", [("the end of September", "2020-09", "month")]),
    ("The embargo will no longer lapse in mid-October.", [("mid-October", "2020-10", "month")]),
    # weekdays
    ("The minister arrived in Ankara on Friday.", [("Friday", "2020-08-21", "day")]),
    ("The minister will travel to Ankara on Friday.", [("Friday", "2020-08-28", "day")]),
    ("Officials met on Tuesday.", [("Tuesday", "2020-08-25", "day")]),
    ("The rocket was fired late Saturday.", [("late Saturday", "2020-08-22", "day")]),
    ("Envoys met last Tuesday.", [("last Tuesday", "2020-08-18", "day")]),
    ("The vote took place on Friday (August 14).", [("Friday (August 14)", "2020-08-14", "day")]),
    # relative expressions
    ("Yesterday the navy said it would reply tomorrow.",
     [("Yesterday", "2020-08-24", "day"), ("tomorrow", "2020-08-26", "day")]),
    ("The ministers met in Moscow this week.", [("this week", "2020-W35", "week")]),
    ("Inspectors visited the site last week.", [("last week", "2020-W34", "week")]),
    ("Earlier this month the army tested a drone.", [("Earlier this month", "2020-08", "month")]),
    ("Last month the navy bought two frigates.", [("Last month", "2020-07", "month")]),
    ("Exports fell earlier this year and may rise next year.",
     [("earlier this year", "2020", "year"), ("next year", "2021", "year")]),
    ("A joint meeting will take place in three months.", [("in three months", "2020-11", "month")]),
    ("The talks resume in two weeks.", [("in two weeks", "2020-W37", "week")]),
    ("The base was handed over three years ago.", [("three years ago", "2017", "year")]),
    ("The order should be complete by the end of the year.", [("the end of the year", "2020", "year")]),
    # ranges
    ("The exercise ran 8-10 April 2023 off the coast.", [("8-10 April 2023", "2023-04-08/2023-04-10", "interval")]),
    ("The summit ran 2023-07-11 to 2023-07-12.", [("2023-07-11 to 2023-07-12", "2023-07-11/2023-07-12", "interval")]),
    ("Deliveries are spread from 2021 to 2023.", [("2021 to 2023", "2021/2023", "interval")]),
    # a participle after a determiner is an adjective, not a past tense: the coming range is this year's
    ("The allies will stage their combined exercise from Aug. 10 to 21.",
     [("Aug. 10 to 21", "2021-08-10/2021-08-21", "interval")]),
    ("The allies staged their combined exercise from Aug. 27 to 29.",
     [("Aug. 27 to 29", "2019-08-27/2019-08-29", "interval")]),
])
def test_expressions(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "For more than 40 years the country has lived under sanctions.",
    "It signed a 20-year deal and a 10-year loan.",
    "The 45-year-old commander, aged 45, made a three-day visit.",
    "The missile may fail, and May God protect us, officials said.",
    "The navy sent 2020 troops and spent $2010 million on 1,995 rockets.",
    "The ARMY-2020 forum showed the Su-30 and the Mirage 2000 fighter.",
    "Over the past 10 years and over the last year exports doubled.",
    "It was the first time in 10 years that the fleet sailed.",
    "The Sunday Times quoted Russia Today on the Good Friday accord.",
    "The army is currently moving and will soon withdraw; it recently said so.",
])
def test_not_time_expressions(text):
    assert found(text) == []


def test_story_anchored_expressions_have_no_value():
    assert found("The rebels struck again the following day. Two weeks later the army left.") == [
        ("the following day", None, "day"), ("Two weeks later", None, "week")]
    assert found("Guns arrived less than five months after Warsaw signed the deal.") == []


def test_year_before_plural_noun():
    assert found("The 2022 elections were calm; the army counted 2020 rifles.") == [("2022", "2022", "year")]


def test_undated_article_keeps_relative_spans_without_value():
    assert found("A meeting will be held in three months; the chiefs met this week. It ended in October 2020.",
                 None) == [("in three months", None, "month"), ("this week", None, "week"),
                           ("October 2020", "2020-10", "month")]


def test_undated_weekday_and_month_day():
    assert found("ZURICH, June 30 - The cabinet decided on Wednesday.", None) == [
        ("June 30", None, "day"), ("Wednesday", None, "day")]


def test_month_precision_publication_date():
    assert found("Last month and this week the fleet sailed.", "2020-08") == [
        ("Last month", "2020-07", "month"), ("this week", None, "week")]


def test_next_month_name_rolls_over_year():
    assert found("The embargo ends next October.", "2020-11-02") == [("next October", "2021-10", "month")]


def test_month_arithmetic_across_year_end():
    assert found("The frigate sailed last month and returns in three months.", "2021-01-15") == [
        ("last month", "2020-12", "month"), ("in three months", "2021-04", "month")]


def test_iso_week_across_year_end():
    assert found("The drills ended last week.", "2021-01-05") == [("last week", "2020-W53", "week")]


def test_modal_may_versus_month():
    assert found("Troops may leave in May, and the treaty was signed on May 9.") == [
        ("May", "2021-05", "month"), ("May 9", "2020-05-09", "day")]
    assert found("Strikes went on through April and May.") == [("April", "2020-04", "month"),
                                                               ("May", "2020-05", "month")]


def test_exclude_drops_overlapping_spans():
    text = "The forum opened in 2020 and closes in October."
    start = text.index("2020")
    out = find_time_expressions(text, PUB, exclude=[(start, start + 4)])
    assert [(t.text, t.value) for t in out] == [("October", "2020-10")]


def test_longest_match_wins_and_sorted():
    out = find_time_expressions("On 3 May 2021 and in May 2021 and in 2021.", PUB)
    assert [t.text for t in out] == ["3 May 2021", "May 2021", "2021"]
    assert [t.start for t in out] == sorted(t.start for t in out)


def test_empty_text():
    assert find_time_expressions("", PUB) == []


_ALPHABET = st.sampled_from(list("0123456789 -/.,()'’:")
                            + ["May", "March", "Friday", "next ", "last ", "in ", "2020", "19", "Oct.",
                               "three ", "months", " ago", "this week", "the end of ", "early ", "to ",
                               "today", "a", "Z", "\n", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join),
       st.sampled_from([None, "2020-08-25", "2021-01", "1999", "garbage", "2020-02-30"]))
def test_random_text_never_crashes_and_offsets_are_valid(text, published):
    out = find_time_expressions(text, published)
    last_end = 0
    for t in out:
        assert text[t.start:t.end] == t.text
        assert t.start >= last_end
        assert t.granularity in ("day", "week", "month", "year", "interval", None)
        last_end = t.end

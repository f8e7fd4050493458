"""Sources cited: credit lines and in-text credits, in order of first credit, without repeats."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia will supply more helicopters to Mali, Interfax reported on Tuesday.", ["Interfax"]),
    ("According to TASS, the first batch of tanks was delivered to Algeria.", ["TASS"]),
    ("The commander told TV channel Russia-24 that the drills were a success.", ["Russia-24"]),
    ("IRNA cited the general as saying the contract had been signed.", ["IRNA"]),
    ("The navy tested a new missile, Yonhap said, citing military officials.", ["Yonhap"]),
])
def test_in_text_credits(extract, text, expected):
    assert extract(text, "2021-04-01").sources_cited == expected


def test_credit_line_at_the_end_of_the_page(extract):
    text = ("Iran and Russia discussed air defence cooperation at a forum near Moscow this week, officials "
            "said.\n\nSources: RT, Fars, Sputnik\n")
    assert extract(text, "2020-08-25").sources_cited == ["RT", "Fars", "Sputnik"]


def test_source_handle_line_is_resolved_to_the_outlet(extract):
    text = ("The army received new armoured vehicles from Turkey on Monday, the ministry said.\n\n"
            "Source » thedefensepost\n")
    assert extract(text, "2021-06-01").sources_cited == ["The Defense Post"]


def test_a_ministry_that_speaks_is_not_a_source(extract):
    text = ("The Russian Defence Ministry said the exercise had ended. Reuters reported that ships left port.")
    assert extract(text, "2021-06-01").sources_cited == ["Reuters"]

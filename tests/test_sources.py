"""Sources cited: credit lines and in-text credits, in order of first credit, without repeats."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "expected"), [
    ("Russia will supply more helicopters to Mali, Interfax reported on Tuesday.", ["Interfax"]),
    ("According to TASS, the first batch of tanks was delivered to Algeria.", ["TASS"]),
    ("The commander told TV channel Russia-24 that the drills were a success.", ["Russia-24"]),
    ("IRNA cited the general as saying the contract had been signed.", ["IRNA"]),
    ("The navy tested a new missile, Yonhap said, citing military officials.", ["Yonhap"]),
    # an outlet named with the word for what it is, even one no list knows
    ("Defence Minister Luis Rossi told broadcaster C7N last week that the jets had arrived.", ["C7N"]),
    ("A spokesman, speaking on state television Tele Sahara on Friday, said the base was retaken.", ["Tele Sahara"]),
    ("The deputy minister told the RTVx channel that he could neither confirm nor deny it. He left.", ["RTVx"]),
    ("The president told the Journal du Soir newspaper at the weekend that troops would leave.", ["Journal du Soir"]),
])
def test_in_text_credits(extract, text, expected):
    assert extract(text, "2021-04-01").sources_cited == expected


def test_an_outlet_among_the_reporters_credited_is_a_source(extract):
    text = ("The two sides' forces now face each other across the river, officials said on Tuesday.\n\n"
            "(Additional reporting by Reuters; Editing by Jane Doe)")
    assert extract(text, "2021-04-01").sources_cited == ["Reuters"]


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


@pytest.mark.parametrize(("text", "expected"), [
    # descriptors are not part of the name, and one outlet is listed once
    ("Ships left port on Monday, the Xinhua news agency reported.", ["Xinhua"]),
    ("The semi-official Tasnim News Agency said the missile was tested on Sunday.", ["Tasnim"]),
    ("The Islamic Republic News Agency (IRNA) reported the visit. IRNA said talks would go on.", ["IRNA"]),
    ("China Central Television showed the parade on Monday. CCTV said new missiles took part.", ["CCTV"]),
    ("Fars News Agency reported the launch. Later, the Fars agency said a second test was planned.", ["Fars"]),
    # credits in other frames
    ("Saudi Arabia has ordered the THAAD system. Jane's broke the story last week.", ["Janes"]),
    ("Algeria received its first fighters from Russia, local media (El Watan) confirmed on Sunday.", ["El Watan"]),
    ("Russia delivered four helicopters to Mali, the website of the daily Kommersant reported.", ["Kommersant"]),
])
def test_credits_name_each_outlet_once_without_descriptors(extract, text, expected):
    assert extract(text, "2021-04-01").sources_cited == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Poland signs howitzer deal\nBy Jane Smith | Reuters\nPoland signed a contract on Tuesday to buy 200 "
     "howitzers from South Korea, the ministry said.", ["Reuters"]),
    ("Drone deal signed\nBy Staff Writer, Anadolu Agency\nTurkey agreed to sell drones to Kenya on Monday, "
     "officials said.", ["Anadolu Agency"]),
    ("India plans to buy 26 more jets from France for its navy, officials said on Thursday.\n"
     "The deal is expected to be signed next month.\nAFP", ["AFP"]),
    ("Greece and France signed a frigate deal on Monday, officials said.\n(Reuters/AP)", ["Reuters", "AP"]),
    ("Egypt is in talks with China to buy fighter jets, two officials said. (Source: Defense News)",
     ["Defense News"]),
])
def test_credits_in_bylines_source_notes_and_closing_lines(extract, text, expected):
    assert extract(text, "2021-04-01").sources_cited == expected


def test_a_closing_line_that_is_not_an_outlet_is_no_credit(extract):
    text = "Greece and France signed a frigate deal on Monday, officials said.\nMore News"
    assert extract(text, "2021-04-01").sources_cited == []


@pytest.mark.parametrize(("text", "expected"), [
    # an outlet named as one ("radio station X", "the news website X") or by its own name ("X News Agency",
    # "Radio X") is credited even when no gazetteer knows it
    ("The ministry filed its fifth protest, spokesperson Ana Cruz told radio station DZXX.", ["DZXX"]),
    ("Deliveries begin next year, the news website Tashnews.uz reported.", ["Tashnews.uz"]),
    ("Nine people were killed, a local leader told Radio Kivu Libre.", ["Radio Kivu Libre"]),
    ("The first battery arrives this year, the Baltic Wire Service reported.", []),
    # a byline with "with", a closing "With reports from" line after a related-stories list, a menu
    # above the headline
    ("euronews.\nWorld | Business | Travel | Culture\nEU lists drone suppliers\nBy Ana Vogt with AP, Reuters\n"
     "The EU adopted sanctions on Tuesday, officials said.", ["AP", "Reuters"]),
    ("Manila protested on Monday, the ministry said.\n\nRELATED STORIES\nPH, Japan eye access deal\n"
     "WATCH: Navy ship shadows patrol\n\nWith reports from AFP and Kyodo", ["AFP", "Kyodo"]),
    # a ministry is no outlet, even with a media word in its name's neighbourhood
    ("The Defense Security Cooperation Agency said the sale was approved.", []),
])
def test_outlets_by_their_introduction_and_name_and_credit_lines(extract, text, expected):
    assert extract(text, "2021-04-01").sources_cited == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an outlet's name inside a body's name is no outlet
    ("Manila lodged a protest, the Department of Foreign Affairs said, according to the Philippine News Agency.",
     ["Philippine News Agency"]),
    ("Deliveries could start next year, said an analyst at the Al-Ahram Center for Political and Strategic "
     "Studies.", []),
    # "telling X", "relayed by X"; an outlet's full name ("Kyodo News") and a sister channel of its own
    ("An RSF adviser denied the attack, telling Sky News Arabia the camp was a barracks.", ["Sky News Arabia"]),
    ("The group claimed the assault in a statement relayed by the SITE Intelligence Group.",
     ["SITE Intelligence Group"]),
    ("Tokyo will monitor Russian activity, he told reporters, according to Kyodo News.", ["Kyodo News"]),
])
def test_outlets_inside_names_relays_and_full_names(extract, text, expected):
    assert extract(text, "2021-04-01").sources_cited == expected

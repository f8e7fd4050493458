"""Quotes: each shape of quotation and each way a speaker is named."""

from __future__ import annotations

from sitrep.extract.quotes import find_quoted


def speakers(rec):
    return [(q.speaker, q.text[:25], q.via) for q in rec.quotes]


def test_curly_quote_with_said_after(extract):
    rec = extract("Defence Minister Rajnath Singh visited Paris on Monday.\n\n"
                  "“We will deepen our partnership with France in every domain,” Singh said.")
    assert speakers(rec) == [("Rajnath Singh", "We will deepen our partne", None)]


def test_straight_quote_with_inverted_said_and_via_outlet(extract):
    rec = extract('"The new frigates will be delivered on schedule," said Admiral Karl Berger, '
                  "the navy commander, in an interview with Reuters.")
    assert [(q.speaker, q.text) for q in rec.quotes] == [
        ("Karl Berger", "The new frigates will be delivered on schedule")]


def test_quoted_by_agency_as_saying(extract):
    rec = extract("Russian Deputy Defence Minister Alexander Fomin met the delegation in Moscow.\n\n"
                  "“Our cooperation with Algeria has a long history,” Fomin was quoted by Interfax as saying.")
    q = rec.quotes[0]
    assert (q.speaker, q.via) == ("Alexander Fomin", "Interfax")


def test_quote_running_into_next_paragraph_keeps_the_speaker(extract):
    rec = extract("General Mark Milley spoke to reporters in Washington.\n\n"
                  "“The situation on the ground remains very difficult,” Milley said.\n\n"
                  "“But the forces there have everything they need to hold their positions.”")
    assert [q.speaker for q in rec.quotes] == ["Mark Milley", "Mark Milley"]
    assert rec.quotes[1].text.startswith("But the forces there")


def test_pronoun_speaker_resolves_to_last_person(extract):
    rec = extract("Foreign Minister Penny Wong arrived in Jakarta for talks on Tuesday. "
                  "“Our region is facing a period of profound change,” she said.")
    assert rec.quotes[0].speaker == "Penny Wong"


def test_partial_quote_inside_sentence_goes_to_the_clause_subject(extract):
    rec = extract("Ambassador Jan Kowalski said that the talks had been “frank and very productive for both sides”.")
    assert [(q.speaker, q.text) for q in rec.quotes] == [
        ("Jan Kowalski", "frank and very productive for both sides")]


def test_scare_quotes_and_names_are_not_quotes(extract):
    rec = extract("The drills, dubbed “Northern Shield”, tested what officials called “resilience”.")
    assert rec.quotes == []


def test_offsets_point_at_the_quote_text(extract):
    text = "Officials said the “procurement will start next year without further delay,” adding little else."
    rec = extract(text)
    q = rec.quotes[0]
    assert text[q.start:q.end] == q.text == "procurement will start next year without further delay"


def test_find_quoted_marks_unclosed_quotes_as_continued():
    raws = find_quoted("“First part of a long quote\n“Second part.”")
    assert [(r.continued) for r in raws] == [True, False]

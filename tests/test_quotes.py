"""Quotes: each shape of quotation and each way a speaker is named."""

from __future__ import annotations

import pytest

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


def test_quote_of_two_sentences_and_quote_reopened_in_next_paragraph(extract):
    rec = extract("Polish President Andrzej Duda visited the base.\n\n"
                  "“This is a historic day for the Polish army. We have waited for these tanks for years\n\n"
                  "“Now they are finally here,” Duda said.")
    assert [(q.speaker, q.text) for q in rec.quotes] == [
        ("Andrzej Duda", "This is a historic day for the Polish army. We have waited for these tanks for years"),
        ("Andrzej Duda", "Now they are finally here")]


def test_quote_interrupted_by_said_is_one_quote_with_its_speaker(extract):
    rec = extract("“We will not retreat,” Ukrainian President Volodymyr Zelensky said, "
                  "“until every city is free again.”")
    assert [(q.speaker, q.text) for q in rec.quotes] == [
        ("Volodymyr Zelensky", "We will not retreat until every city is free again.")]


def test_labels_in_quotes_are_not_quotes_but_reported_content_is(extract):
    rec = extract("North Korea tested what it called a “new-type hypersonic missile” on Tuesday. "
                  "Iran condemned the sanctions, which its foreign ministry called a \"policy of maximum pressure\".")
    assert rec.quotes == []
    rec = extract("Prime Minister Narendra Modi welcomed the visit. "
                  "He told reporters that “closer defence ties with France” would top the agenda.")
    assert [(q.speaker, q.text) for q in rec.quotes] == [("Narendra Modi", "closer defence ties with France")]


def test_he_goes_to_the_last_subject_and_quoted_names_do_not_count(extract):
    rec = extract("Defence Minister Richard Marles met General Angus Campbell in Canberra on Tuesday. "
                  "“We discussed the readiness of President Joe Biden's forces,” he said.")
    assert [q.speaker for q in rec.quotes] == ["Richard Marles"]
    rec = extract("General Angus Campbell was in Canberra on Tuesday for talks with the minister. "
                  "“We discussed the readiness of President Joe Biden's forces,” he said.")
    assert [q.speaker for q in rec.quotes] == ["Angus Campbell"]


def test_role_noun_goes_to_the_last_person_with_that_role(extract):
    rec = extract("Defence Minister Richard Marles met General Angus Campbell in Canberra on Tuesday. "
                  "“Australia will acquire nuclear-powered submarines,” the minister said.")
    assert [q.speaker for q in rec.quotes] == ["Richard Marles"]


def test_told_agency_is_the_via(extract):
    rec = extract("“The delivery of the first batch of the S-400 systems is complete,” Dmitry Shugaev, "
                  "head of Russia's Federal Service for Military-Technical Cooperation, told TASS.")
    assert [(q.speaker, q.via) for q in rec.quotes] == [("Dmitry Shugaev", "TASS")]


def test_according_to_names_the_speaker(extract):
    rec = extract("“Hypersonic weapons change the balance of power,” according to Admiral John Aquilino.")
    assert [q.speaker for q in rec.quotes] == ["John Aquilino"]


def test_passive_speech_verb_gives_the_agent_as_speaker(extract):
    rec = extract("President Joe Biden was criticized by Republican lawmakers for "
                  "“leaving our allies without the weapons they need”.")
    assert [q.speaker for q in rec.quotes] == ["Republican lawmakers"]


def test_the_statement_goes_to_the_body_that_issued_it(extract):
    rec = extract("The Pentagon released a statement on Friday. "
                  "“These weapons will help Ukraine defend itself,” the statement said.")
    assert [q.speaker for q in rec.quotes] == ["Pentagon"]


def test_spokesman_and_it_go_to_the_body_named_before(extract):
    rec = extract("The Indian Ministry of Defence confirmed the order on Monday. "
                  "\"The first squadron will be based in Punjab,\" a ministry spokesman said.")
    assert [q.speaker for q in rec.quotes] == ["Indian Ministry of Defence"]
    rec = extract("The Turkish Defence Ministry said on Friday that talks with Washington were continuing. "
                  "\"We expect a positive result in the coming weeks,\" it said.")
    assert [q.speaker for q in rec.quotes] == ["Turkish Defence Ministry"]


def test_anonymous_speaker_keeps_its_own_words(extract):
    rec = extract("“Our pilots are ready for every mission,” the air force commander said. "
                  "North Korea tested what it called a new missile, and the country's leader promised "
                  "‘an overwhelming response to any hostile act by the enemy’.")
    assert [q.speaker for q in rec.quotes] == ["the air force commander", "the country's leader"]


@pytest.mark.parametrize(("text", "speaker", "via"), [
    ('Reuters cited General John Carter as saying that "the deliveries will begin in May next year."',
     "John Carter", "Reuters"),
    ('TASS quoted Deputy Prime Minister Yuri Borisov as saying that "contracts worth $1 billion were signed."',
     "Yuri Borisov", "TASS"),
    ('Interfax quoted a source in the defence industry as saying "the contract will be signed next year."',
     "source in the defence industry", "Interfax"),
])
def test_outlet_cited_person_as_saying_gives_the_person(extract, text, speaker, via):
    q = extract(text).quotes[0]
    assert (q.speaker, q.via) == (speaker, via)


def test_an_unnamed_speaker_loses_its_indefinite_article(extract):
    rec = extract('"The negotiations are at an advanced stage," an official said on Monday.')
    assert speakers(rec) == [("official", "The negotiations are at a", None)]


def test_quote_without_speech_verb_takes_the_person_named_before_it(extract):
    rec = extract("Colonel Ivan Petrov, a spokesman for the army, described the strike. "
                  '"The target was completely destroyed and the crews returned safely."')
    assert speakers(rec) == [("Ivan Petrov", "The target was completely", None)]


def test_pronoun_paragraph_carries_the_speaker_of_the_last_paragraph(extract):
    rec = extract("Defence Minister Rajnath Singh spoke at the ceremony in Delhi on Monday.\n"
                  'He hailed the new aircraft. In his words: "This is a proud day for the Indian Air Force."')
    assert speakers(rec) == [("Rajnath Singh", "This is a proud day for t", None)]


def test_quote_with_no_person_anywhere_before_it_has_no_speaker(extract):
    rec = extract('The parade ended at noon. "This is a proud day for the whole country and its army."')
    assert speakers(rec) == [(None, "This is a proud day for t", None)]


def test_the_speech_verb_the_quote_hangs_from_wins_over_a_nearer_one(extract):
    rec = extract('Navy chief Admiral Karl Berg warned that Sweden would close the strait and "use every means '
                  'available to defend our waters" if the incursions continued.')
    assert speakers(rec) == [("Karl Berg", "use every means available", None)]


@pytest.mark.parametrize(("text", "expected"), [
    # the name in apposition to a title is the speaker
    ('Japan\'s ambassador to Canada, Kenji Morita, warned that the move "would damage trust between our nations".',
     [("Kenji Morita", "would damage trust betwee", None)]),
    # an outlet's "reported" around the speaker's own verb carries the quote; it does not say it
    ('Chile\'s envoy, Rosa Mella, said the plan "makes the region less safe", Reuters reported.',
     [("Rosa Mella", "makes the region less saf", "Reuters")]),
    # a quoted manner phrase ('responded "in self-defence"') is not what that clause's subject said
    ('Peru\'s navy said one of its boats had come under fire and had responded "in self-defence and in '
     'proportion."', [("Peru's navy", "in self-defence and in pr", None)]),
])
def test_appositions_outlets_and_manner_phrases(extract, text, expected):
    assert speakers(extract(text)) == expected


def test_a_titled_name_the_model_misses_is_the_speaker(extract):
    rec = extract('"This is a partnership," Chief of the Air Staff Air Marshal Ibrahim Danladi said in Kaduna.')
    assert speakers(rec) == [("Ibrahim Danladi", "This is a partnership", None)]
    assert ("PERSON", "Ibrahim Danladi") in {(e.type, e.name) for e in rec.entities}


@pytest.mark.parametrize(("text", "speaker"), [
    # an abbreviated rank keeps its stop: the sentence and the attribution run on
    ('The destroyer arrived. "Iran is a threat to shipping," Fifth Fleet spokesman Cmdr. Ryan Calloway said.',
     "Ryan Calloway"),
    ('The border was quiet. "We are ready," Lt. Col. Omar Khan said.', "Omar Khan"),
    # a title run the parser misreads ("Under" as a preposition): the person right before the verb
    ('Washington imposed sanctions. "They are trading weapons for cash," Under Secretary of the Treasury '
     'Daniel Whitcomb said.', "Daniel Whitcomb"),
    # "the official" after an unnamed one is that one, not the last person named
    ('Polish Defence Minister Andrzej Borowik met his counterpart. A senior Polish defence official said on '
     'condition of anonymity that Warsaw had asked for speed. "We expect the jets in summer," the official said.',
     "senior Polish defence official"),
])
def test_ranks_title_runs_and_unnamed_officials(extract, text, speaker):
    assert [q.speaker for q in extract(text).quotes] == [speaker]


@pytest.mark.parametrize(("text", "speaker"), [
    # a state "urged" in the words a named person reports: that person says them
    ('China urged both countries to "remain calm and exercise restraint", Foreign Ministry spokesperson Lin Hao '
     'told a regular briefing in Beijing.', "Lin Hao"),
    ('Indian Defence Minister Rakesh Varma said India would "continue to support Armenia".', "Rakesh Varma"),
    # a given name that is also a town's is still the person's
    ('"We firmly reject the protest and its groundless claims," Chinese Foreign Ministry spokesperson Gao Wenbin '
     'told a briefing.', "Gao Wenbin"),
])
def test_a_person_reporting_a_states_words_says_them(extract, text, speaker):
    assert [q.speaker for q in extract(text).quotes] == [speaker]


@pytest.mark.parametrize(("text", "speaker"), [
    # a quote whose speaker the next sentence names
    ('Moscow reacted sharply. "Every Patriot sent to Kyiv brings NATO closer to a war." Those words came from '
     'Kremlin spokesman Yuri Markov.', "Yuri Markov"),
    ('"Security in the Gulf cannot be bought from Washington or Beijing." So said Iranian foreign ministry '
     'spokesman Hossein Karimi.', "Hossein Karimi"),
    # the one who denied a that-clause says what follows "saying", not the clause's passive subject
    ('Saudi defence ministry spokesman Fahd al-Harbi denied that any contract had been signed, saying the kingdom '
     '"diversifies its sources of weapons according to its national interests".', "Fahd al-Harbi"),
])
def test_speakers_named_after_the_quote_and_deniers(extract, text, speaker):
    assert [q.speaker for q in extract(text).quotes][-1] == speaker


def test_weapons_never_speak_when_the_parse_makes_them_a_participles_subject(extract):
    rec = extract("The ministry of defence of Algeria categorically denied reports concerning the purported acquisition "
                  "of Su-57E fifth-generation fighters and Su-34 bombers, describing them as \"baseless fabrications "
                  "that serve well-known agendas.\"")
    assert [q.speaker for q in rec.quotes] == ["The ministry of defence of Algeria"]


def test_a_body_after_a_long_quote_says_it_even_when_the_parse_takes_a_quoted_subject(extract):
    rec = extract("“Technical requirements, sovereign operational restrictions, and cost/benefit analysis led to "
                  "the re-assessment,” the UAE Embassy in Washington said in a statement on Tuesday.", "2021-12-14")
    assert [q.speaker for q in rec.quotes] == ["UAE Embassy in Washington"]


@pytest.mark.parametrize("text, expected", [
    ('"These patrol boats," President Mariam Osei said at the ceremony, "will guard every mile of our coast."',
     [("Mariam Osei", "These patrol boats will guard every mile of our coast.")]),
    ("“This order,” Defence Minister Tomas Varga told reporters, “gives the air force the reach it needs.”",
     [("Tomas Varga", "This order gives the air force the reach it needs.")]),
])
def test_a_quote_split_by_its_attribution_is_one_quote(extract, text, expected):
    rec = extract(text)
    assert [(q.speaker, q.text) for q in rec.quotes] == expected
    assert rec.quotes[0].start == text.index(expected[0][1].split()[0])


def test_two_quotes_in_one_sentence_stay_two_when_the_second_starts_a_sentence(extract):
    rec = extract('"We are ready," General Ana Ruiz said. "The brigade will deploy next week."')
    assert [q.text for q in rec.quotes] == ["We are ready", "The brigade will deploy next week."]


@pytest.mark.parametrize("text, speaker", [
    ('Rheinmetall said it welcomed the decision. "We have not received a formal request yet," '
     "a company spokesperson told reporters.", "Rheinmetall"),
    ('Saab confirmed the talks. A spokesperson said the company "does not discuss customer contracts".',
     "spokesperson"),  # an unnamed speaker's own words, not the company named in the clause
    ('A Saab spokesperson said the company "does not discuss customer contracts", adding only that '
     'demand for the Gripen "has never been stronger".', "Saab"),
    ('"Buying two fighter types at once would strain the budget," one Oslo-based defence analyst said.',
     "Oslo-based defence analyst"),
])
def test_company_spokespeople_and_unnamed_analysts(extract, text, speaker):
    quotes = extract(text).quotes
    assert quotes and {q.speaker for q in quotes} == {speaker}


@pytest.mark.parametrize("text, speaker, via", [
    ("Iran's foreign ministry spokesman, Reza Tabari, condemned the strikes as \"a flagrant violation of "
     "Syria's sovereignty\", the official IRNA news agency reported.", "Reza Tabari", "IRNA"),
    ("Senator Joan Pike warned on Tuesday that Congress would \"not approve a single jet until the "
     "blockade ends\", the state-run IRNA news agency reported.", "Joan Pike", "IRNA"),
    ("Chinese state broadcaster CCTV said the People's Liberation Army's Eastern Theater Command had carried "
     "out a \"joint combat readiness patrol\" near the island.", "PLA Eastern Theater Command", "CCTV"),
    ("Secretary of State Mike Pompeo spoke with his Russian counterpart and warned that Washington \"will not "
     "stand idly by as Moscow deploys troops\", the State Department said.", "Mike Pompeo", None),
])
def test_an_outlet_or_body_reporting_someones_words_gives_them_to_the_one_reported(extract, text, speaker, via):
    assert [(q.speaker, q.via) for q in extract(text).quotes] == [(speaker, via)]


def test_a_long_quoted_label_is_what_its_speaker_said_but_a_short_label_is_not(extract):
    rec = extract("Vice-President Delcy Rodríguez called the decision \"an economic aggression against the "
                  "Venezuelan people\". North Korea tested what it called a \"new-type hypersonic missile\".")
    assert [(q.speaker, q.text) for q in rec.quotes] == [
        ("Delcy Rodríguez", "an economic aggression against the Venezuelan people")]


@pytest.mark.parametrize(("text", "speakers"), [
    # "he" points back to the last subject not the last person named
    ("Prime Minister Omar Haddad said he had tried to call President Lena Novak on Tuesday, but "
     'the call did not go through. "Escalation is in nobody\'s interest," he said.',
     ["Omar Haddad"]),
    # it in a clause hanging from a body's statement is that body
    ("The Houthi-run health ministry said six people were killed. "
     "The Israeli military said in a statement that 20 aircraft took part in the raid, which it "
     "described as a response to \"repeated attacks by the Houthi regime against Israel and its "
     "citizens.\"",
     ["The Israeli military"]),
    # inverted said before the name in a run-on attribution
    ("“Tashkent wants options, and Ankara offers proven systems,” said Timur Rasulov, a security "
     "analyst at the Caravan Institute, told Daily Sabah.",
     ["Timur Rasulov"]),
    # a role noun finds the person whose title is written before the name
    ("The jets were inducted at a ceremony attended by the Ambassador of Turkiye to Nigeria, "
     "Mr. Selim Arslan. The Chief of the Air Staff, Air Marshal Hasan Bala, thanked the crews. "
     "In his remarks, the Ambassador stated that \"Turkiye will remain a reliable partner of "
     "Nigeria.\"",
     ["Selim Arslan"]),
    # a group calling itself by a name speaks under that name
    ('Early on Wednesday, a little-known group calling itself Saraya al-Fajr said in a Telegram post '
     'that it had sent "a swarm of drones towards the base".',
     ["Saraya al-Fajr"]),
    # the statement is its issuer's even when the parse hangs it on the reported clause
    ("The foreign ministry said in a statement it was withdrawing its diplomats from Lima. "
     '"Our country reserves all legal and political actions," the statement said.',
     ["foreign ministry"]),
    # a quote standing alone is not given to the next sentence's own reported words
    ('"I am very glad to see you," Putin told Kim Jong Un at the start of the talks. "This is our new '
     'cosmodrome." The Russian leader said the sides would discuss trade.',
     ["Putin", "Putin"]),
    # a role noun with a demonym is the last person of that state
    ("Russian President Vladimir Putin met North Korean leader Kim Jong Un on Wednesday. The Russian "
     'leader said the sides would discuss "the situation in the region and beyond".',
     ["Vladimir Putin"]),
    # an adverb opening the subject is no part of the unnamed speaker
    ('Even the puppet military clique has claimed that "the munitions made in the north are being '
     'used on the battlefield".',
     ["the puppet military clique"]),
])
def test_who_speaks(extract, text, speakers):
    assert [q.speaker for q in extract(text).quotes] == speakers

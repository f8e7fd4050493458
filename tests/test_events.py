"""PLOVER events: one sentence per rule family, exact type, actors, status and mode."""

from __future__ import annotations

import pytest


def events(rec):
    return sorted((e.type, e.source, e.target, e.status) for e in rec.events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # CONSULT: visit (visitor → host), meeting with a counterpart, talks, planned meeting
        ("Turkish Defence Minister Yasar Guler visited Baghdad on Tuesday for talks on border security.",
         [("CONSULT", "TUR", "IRQ", "occurred")]),
        ("Indian Army chief General Manoj Pande met his Egyptian counterpart in Cairo.",
         [("CONSULT", "IND", "EGY", "occurred")]),
        ("A joint Indian-French meeting on naval cooperation will take place in New Delhi next month.",
         [("CONSULT", "IND", "FRA", "planned")]),
        # AGREE: a purchase agreed, a signed agreement
        ("Poland signed an agreement with South Korea for 180 K2 tanks.",
         [("AGREE", "POL", "KOR", "occurred")]),
        # COOPERATE vs MOBILIZE: joint drills vs one side's drills
        ("Russia and Belarus began joint military exercises near the Polish border.",
         [("COOPERATE", "RUS", "BLR", "occurred")]),
        ("North Korea fired two ballistic missiles into the sea on Thursday.",
         [("MOBILIZE", "PRK", None, "occurred")]),
        # AID: arms delivered
        ("Germany delivered the first IRIS-T air defence system to Ukraine in October.",
         [("AID", "DEU", "UKR", "occurred")]),
        # ACCUSE, THREATEN, REJECT
        ("China accused the United States of militarising the South China Sea.",
         [("ACCUSE", "CHN", "USA", "occurred")]),
        ("Iran threatened Israel with a crushing response.",
         [("THREATEN", "IRN", "ISR", "occurred")]),
        ("Greece rejected Turkey's proposal for talks.",
         [("REJECT", "GRC", "TUR", "occurred")]),
        # SANCTION imposed
        ("The United States imposed new sanctions on Russia over the war.",
         [("SANCTION", "USA", "RUS", "occurred")]),
    ],
)
def test_event_types_and_actors(extract, text, expected):
    assert [e for e in events(extract(text, published="2023-05-10")) if e[0] == expected[0][0]] == expected


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Egypt is considering the purchase of Chinese J-10C fighters, and its officials met Chinese envoys in Beijing.", "occurred"),
        ("The Indian defence minister will visit Washington next week.", "planned"),
        ("Serbia reportedly held talks with China on new drones.", "rumored"),
        ("Analysts speculated that Algeria had held talks with Russia on the Su-57.", "speculated"),
    ],
)
def test_status_cues(extract, text, status):
    rec = extract(text, published="2023-05-10")
    assert [e.status for e in rec.events if e.type == "CONSULT"] == [status]


def test_visit_told_in_three_sentences_is_one_event(extract):
    rec = extract("Japanese Defense Minister Minoru Kihara visited Manila on Monday. During his visit, Kihara held "
                  "talks with Philippine officials. He also met Philippine Defense Secretary Gilberto Teodoro.",
                  published="2024-07-10")
    consult = [e for e in rec.events if e.type == "CONSULT"]
    assert [(e.source, e.target) for e in consult] == [("JPN", "PHL")]
    assert consult[0].date == "2024-07-08"


def test_sanction_lifted_is_marked(extract):
    rec = extract("The UN arms embargo on Iran was lifted in October 2020.", published="2020-11-02")
    sanc = [e for e in rec.events if e.type == "SANCTION"]
    assert [(e.source, e.target, e.mode, e.date) for e in sanc] == [("IGO:UN", "IRN", "lifted", "2020-10")]


def test_event_evidence_is_the_sentence(extract):
    text = "Officials gave no details. Russia and China held joint naval drills in the Sea of Japan."
    rec = extract(text, published="2023-05-10")
    ev = next(e for e in rec.events if e.type == "COOPERATE")
    assert text[ev.evidence[0]:ev.evidence[1]] == "Russia and China held joint naval drills in the Sea of Japan."
    assert ev.location == "Sea of Japan"


# ---------------------------------------------------------------- more types, roles and direction
def full(rec):
    return [(e.type, e.source, e.target, e.status, e.date) for e in rec.events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # AID: the receiver is the subject, the supplier the maker's country of the equipment
        ("Vietnam received its first batch of BrahMos missiles on Monday.",
         [("AID", "IND", "VNM", "occurred", "2024-03-04")]),
        # REQUEST: asking for / requiring help
        ("Pakistan has asked China for help in building new submarines.",
         [("REQUEST", "PAK", "CHN", "occurred", "2024-03")]),
        ("Kenya requires help from Turkey in producing armoured vehicles.",
         [("REQUEST", "KEN", "TUR", "occurred", "2024-03")]),
        # REJECT: "X's move is void" — the subject is what is rejected, the sayers reject it
        ("Most members of the European Union say Moscow's annexation is void.",
         [("REJECT", "IGO:EU", "RUS", "occurred", "2024-03")]),
        # ACCUSE: a statement criticizing a state's officials; the source is the outlet's state
        ("Chinese state media published a statement criticizing officials in Japan for the visit.",
         [("ACCUSE", "CHN", "JPN", "occurred", "2024-03")]),
        # MOBILIZE: a missile launch by one side
        ("Iran fired a ballistic missile into the Gulf of Oman on Tuesday.",
         [("MOBILIZE", "IRN", None, "occurred", "2024-03-05")]),
        # COERCE, PROTEST, SUPPORT, RETREAT, ASSAULT
        ("China's coast guard blocked Philippine supply boats near the shoal.",
         [("COERCE", "CHN", "PHL", "occurred", "2024-03")]),
        ("Poland summoned the Belarusian ambassador over the border incident.",
         [("PROTEST", "POL", "BLR", "occurred", "2024-03")]),
        ("Hungary praised Serbia for its stance on the conflict.",
         [("SUPPORT", "HUN", "SRB", "occurred", "2024-03")]),
        ("France withdrew its troops from Niger in December.",
         [("RETREAT", "FRA", "NER", "occurred", "2023-12")]),
        ("Azerbaijan shelled Armenian positions near the border on Sunday.",
         [("ASSAULT", "AZE", "ARM", "occurred", "2024-03-03")]),
        # SANCTION: imposed, and an embargo due to end (a future date makes it planned)
        ("The United States imposed sanctions on Iran on Monday.",
         [("SANCTION", "USA", "IRN", "occurred", "2024-03-04")]),
        ("The UN arms embargo on Libya is due to expire next year.",
         [("SANCTION", "IGO:UN", "LBY", "planned", "2025")]),
        # an agreement to cooperate is one happening, not two
        ("Tehran and Moscow have agreed to strengthen military ties.",
         [("AGREE", "IRN", "RUS", "occurred", "2024-03")]),
        # compound actors: "Georgian and American troops", a joint exercise is COOPERATE
        ("Georgian and American troops began the annual multinational exercise on Monday.",
         [("COOPERATE", "GEO", "USA", "occurred", "2024-03-04")]),
        # visit direction: the host is the target, the guest the source
        ("Indonesian President Joko Widodo hosted Chinese Premier Li Qiang in Jakarta.",
         [("CONSULT", "CHN", "IDN", "occurred", "2024-03")]),
    ],
)
def test_types_actors_and_dates(extract, text, expected):
    assert full(extract(text, published="2024-03-06")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egypt's defence minister is considering a visit to Beijing.", "reported_intent"),
        ("The Japanese prime minister is to visit Australia next week.", "planned"),
        ("Greek officials would meet their Turkish counterparts in Athens, the ministry said.", "planned"),
        ("Analysts believe that Russian officials held secret talks with Iran.", "speculated"),
        ("Serbian officials reportedly met Chinese envoys in Belgrade.", "rumored"),
        # a hedge on the reporting verb does not reach the happening it reports
        ("Serbian officials met Chinese envoys in Belgrade, the president reportedly confirmed.", "occurred"),
        # a threat is made now even when it speaks of the future
        ("The North Korean army will neutralize the United States, the statement said.", "occurred"),
        # a conjunct with its own auxiliary has its own tense, one without shares the first verb's
        ("Guler said Ankara wanted a new fighter and has held talks with London.", "occurred"),
        ("Guler said Ankara wanted to buy a new fighter and hold talks with London.", "reported_intent"),
    ],
)
def test_status_scope(extract, text, expected):
    rec = extract(text, published="2024-03-06")
    assert [e.status for e in rec.events] == [expected]


def test_speculation_about_purpose_does_not_touch_the_drills(extract):
    rec = extract("Observers speculated that the recent joint Chinese and Russian naval drills were aimed at Japan.",
                  published="2024-03-06")
    assert full(rec) == [("COOPERATE", "CHN", "RUS", "occurred", "2024-03")]


def test_sanctions_restored_are_the_announcers(extract):
    rec = extract("The US administration said on Friday that sanctions on Venezuela have been restored.",
                  published="2024-03-06")
    assert full(rec) == [("SANCTION", "USA", "VEN", "occurred", "2024-03-01")]


def test_held_talks_and_a_planned_meeting_are_two_events(extract):
    rec = extract("Indian Defence Minister Rajnath Singh visited Tokyo on Monday. During his visit, Singh held talks "
                  "with Japanese officials. The two sides will meet again in Delhi in six months.",
                  published="2024-03-06")
    assert full(rec) == [("CONSULT", "IND", "JPN", "occurred", "2024-03-04"), ("CONSULT", "IND", "JPN", "planned", "2024-09")]


def test_the_drills_mentioned_again_are_the_same_drills(extract):
    rec = extract("Russia and China began joint naval drills in the Sea of Japan on Monday. "
                  "The drills will run for five days.", published="2024-03-06")
    assert full(rec) == [("COOPERATE", "RUS", "CHN", "occurred", "2024-03-04")]


def test_partial_mention_joins_the_full_one(extract):
    rec = extract("Serbia has procured Chinese FK-3 air defence systems. Chinese transport aircraft were "
                  "delivering the missiles over the weekend.", published="2024-03-06")
    assert [(e.type, e.source, e.target) for e in rec.events] == [("AID", "CHN", "SRB")]


def test_background_history_is_left_out(extract):
    rec = extract("The Security Council imposed an arms embargo on Somalia in 1992. India signed a contract "
                  "for Rafale jets in 2016 and Germany delivered tanks to Ukraine in 2023.", published="2024-03-06")
    assert full(rec) == [("AID", "DEU", "UKR", "occurred", "2023")]


def test_headline_is_not_read_for_events(extract):
    rec = extract("France agrees to sell jets to Egypt\n\nThe Egyptian navy held drills in the Red Sea on Monday.",
                  published="2024-03-06", title="France agrees to sell jets to Egypt")
    assert [e.type for e in rec.events] == ["MOBILIZE"]


def test_a_hedge_on_the_copula_reaches_the_talks(extract):
    rec = extract("Saudi Arabia is reportedly in talks with China over a new security pact.", "2023-02-14")
    assert [(e.type, e.source, e.target, e.status) for e in rec.events] == [("CONSULT", "SAU", "CHN", "rumored")]


@pytest.mark.parametrize(("text", "expected"), [
    # "it" is the state that is the subject of the reporting verb
    ("Russia said on Monday it would deliver more S-400 systems to India.", [("AID", "RUS", "IND", "planned")]),
    ("Turkey announced that it would supply armed drones to Kenya.", [("AID", "TUR", "KEN", "planned")]),
    # "the two countries" / "both sides": the two states named before
    ("India and Russia have deep defence ties. The two countries signed a new agreement on Monday.",
     [("AGREE", "IND", "RUS", "occurred")]),
    ("Japan and Australia share concerns about the region. Both sides held talks in Tokyo on Friday.",
     [("CONSULT", "JPN", "AUS", "occurred")]),
    # object control: the object of "sanction X for" / "accuse X of" does the -ing
    ("The United States sanctioned Turkey for buying the S-400 system from Russia.",
     [("AGREE", "TUR", "RUS", "occurred"), ("SANCTION", "USA", "TUR", "occurred")]),
    ("Ukraine accused Iran of supplying Shahed drones to Russia.",
     [("ACCUSE", "UKR", "IRN", "occurred"), ("AID", "IRN", "RUS", "occurred")]),
    # an implicit counterpart: the maker of what is asked for, the doer of what is criticised
    ("Kyiv is requesting the German-made tanks, officials said.", [("REQUEST", "UKR", "DEU", "occurred")]),
    ("China criticised the sanctions imposed by the United States on Chinese firms.",
     [("ACCUSE", "CHN", "USA", "occurred")]),
])
def test_anaphoric_and_implicit_actors(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


def test_the_sanctioned_state_buys_in_the_transfer_too(extract):
    rec = extract("The United States sanctioned Turkey for buying the S-400 system from Russia.", "2023-03-10")
    assert [(t.supplier, t.recipient, t.equipment) for t in rec.arms_transfers] == [("RUS", "TUR", "S-400")]


def test_it_without_a_state_to_point_to_is_no_actor(extract):
    rec = extract("The minister said it would take years to deliver the tanks.", "2023-03-10")
    assert events(rec) == []


@pytest.mark.parametrize(("text", "expected"), [
    # a planned happening takes the future date of its clause, not the report's day
    ("Russia said on Monday it would deliver more S-400 systems to India next year.",
     [("AID", "RUS", "IND", "planned", "2024")]),
    # a clause hanging from a dated one shares its date
    ("North Korea fired a ballistic missile on Sunday, as Pyongyang condemned the drills of the United States "
     "and South Korea.", [("ACCUSE", "PRK", "USA", "occurred", "2023-03-05"),
                          ("MOBILIZE", "PRK", None, "occurred", "2023-03-05")]),
    # what "had" happened is older than its report: the report's day is not its date
    ("The ministry said on Thursday that Russia had delivered S-300 systems to Egypt.",
     [("AID", "RUS", "EGY", "occurred", "2023-03")]),
    ("Russia delivered S-300 systems to Egypt, the ministry said on Thursday.",
     [("AID", "RUS", "EGY", "occurred", "2023-03-09")]),
])
def test_event_dates_follow_the_clause(extract, text, expected):
    assert sorted(full(extract(text, "2023-03-10"))) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a negative evaluation of an act is an accusation of whoever did it
    ('North Korea fired a ballistic missile on Sunday. Japanese Prime Minister Fumio Kishida called the launch '
     '"absolutely unacceptable".', [("ACCUSE", "JPN", "PRK", "occurred"), ("MOBILIZE", "PRK", None, "occurred")]),
    ("The United States imposed new sanctions on Russia on Monday. Russian Foreign Minister Sergei Lavrov "
     "described the sanctions as a sign of American arrogance.",
     [("ACCUSE", "RUS", "USA", "occurred"), ("SANCTION", "USA", "RUS", "occurred")]),
    ("The president called the minister on Monday to discuss the budget.", []),
    # reactions "from" several sides: one event per side, aimed at the main clause's actor
    ("North Korea fired a ballistic missile into the sea on Sunday, drawing condemnation from Tokyo and Seoul.",
     [("ACCUSE", "JPN", "PRK", "occurred"), ("ACCUSE", "KOR", "PRK", "occurred"),
      ("MOBILIZE", "PRK", None, "occurred")]),
    ("The United States and the European Union imposed new sanctions on Russia on Monday.",
     [("SANCTION", "IGO:EU", "RUS", "occurred"), ("SANCTION", "USA", "RUS", "occurred")]),
    # equipment that arrives is delivered by its maker's state
    ("The first K2 tanks ordered by Poland from South Korea arrived at the port of Gdynia on Tuesday.",
     [("AID", "KOR", "POL", "occurred")]),
    ("The delegation arrived in Gdynia on Tuesday.", []),
])
def test_evaluations_reactions_and_arrivals(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # what is judged is the object, never a body named inside the judgement
    ("Iran tested a cruise missile on Friday. Saudi Arabia's foreign ministry called the test a grave provocation "
     "and a breach of U.N. Security Council resolutions.",
     [("ACCUSE", "SAU", "IRN", "occurred"), ("MOBILIZE", "IRN", None, "occurred")]),
    # a state's statement that an act "is" a provocation accuses whoever did it
    ("Finland agreed to buy NASAMS systems from Norway on Monday. Russia's embassy in Helsinki said the purchase "
     "was a reckless step towards the militarisation of the north.",
     [("ACCUSE", "RUS", "FIN", "occurred"), ("AGREE", "FIN", "NOR", "occurred")]),
    ('Iran tested a cruise missile on Friday. "This is an outrageous act," Saudi Foreign Minister Faisal bin '
     'Farhan said.', [("ACCUSE", "SAU", "IRN", "occurred"), ("MOBILIZE", "IRN", None, "occurred")]),
    ('"This behaviour by Iran is a flagrant violation of the truce," the Saudi foreign ministry said.',
     [("ACCUSE", "SAU", "IRN", "occurred")]),
    # a copula that judges nothing, or judges no one's act, is no event
    ("The minister said the talks with China were constructive.", []),
    ("Indonesia is in talks with India on a BrahMos order, officials said.", [("CONSULT", "IDN", "IND", "occurred")]),
    ("The weather was dangerous, the Indian navy said.", []),
])
def test_negative_evaluations_judge_the_act_named(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # threats said as measures, rights reserved, prices to pay; "we" is the speaker's state
    ("Azerbaijan shelled Armenian positions on Monday. Armenia's defence ministry said Yerevan would take all "
     "necessary measures to protect its border.",
     [("ASSAULT", "AZE", "ARM", "occurred"), ("THREATEN", "ARM", "AZE", "occurred")]),
    ('Azerbaijan shelled Armenian positions on Monday. "We reserve the right to respond," Armenian Defence '
     'Minister Suren Papikyan said.', [("ASSAULT", "AZE", "ARM", "occurred"), ("THREATEN", "ARM", "AZE", "occurred")]),
    ("Israeli Prime Minister Benjamin Netanyahu warned that Iran would pay a heavy price for the attack.",
     [("THREATEN", "ISR", "IRN", "occurred")]),
    ("Iran will face severe consequences, the Israeli defence minister said.", [("THREATEN", "ISR", "IRN", "occurred")]),
    # a government's measures for its farmers threaten no one
    ("The Indian government will take measures to support farmers.", []),
    # "the purchase": whoever the text first said made it, not the last state to act
    ("Lithuania's parliament approved the purchase of NASAMS systems on Thursday. Latvia signed for the same "
     "system in 2023. Russia's embassy said the purchase was a provocation.",
     [("ACCUSE", "RUS", "LTU", "occurred")]),
])
def test_threat_phrases_and_the_act_judged(extract, text, expected):
    assert [e for e in events(extract(text, "2023-03-10")) if e[0] in ("ACCUSE", "THREATEN", "ASSAULT")] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a meeting "between" two sides is theirs, not its host's
    ("Qatar hosted a meeting between Congolese President Felix Tshisekedi and Rwandan President Paul Kagame.",
     [("CONSULT", "COD", "RWA", "occurred", "2023-03")]),
    ("Qatar hosted Rwandan President Paul Kagame in Doha.", [("CONSULT", "RWA", "QAT", "occurred", "2023-03")]),
    # talks the report follows happened, on the report's day
    ("Japan and India agreed to build drones together, the Japanese ministry said on Thursday, following talks "
     "between the two countries' defence ministers.",
     [("AGREE", "JPN", "IND", "occurred", "2023-03-09"), ("CONSULT", "JPN", "IND", "occurred", "2023-03-09")]),
])
def test_meetings_hosted_and_followed(extract, text, expected):
    assert sorted(full(extract(text, "2023-03-10"))) == expected


def test_a_sentence_ends_after_a_one_letter_word(extract):
    # "on X." is no initial: the next sentence's subject is not swallowed by the one before
    text = ("The coast guard said in a post on X. Manila lodged a diplomatic protest with Beijing on Monday. "
            "President John F. Kennedy met Indian Prime Minister Jawaharlal Nehru.")
    rec = extract(text, "2023-03-10")
    assert ("PROTEST", "PHL", "CHN", "occurred") in events(rec)
    assert "John F. Kennedy" in {e.name for e in rec.entities if e.type == "PERSON"}  # an initial is no stop


@pytest.mark.parametrize(("text", "expected"), [
    # a scrapped deal is a rejection of the other party, not an agreement
    ("India scrapped a deal to buy 200 Ka-226T helicopters from Russia.", [("REJECT", "IND", "RUS", "occurred")]),
    # permission: the one allowed is the target; the transfer it allows is still to come
    ("Germany allowed Poland to send Leopard tanks to Ukraine.",
     [("AGREE", "DEU", "POL", "occurred"), ("AID", "POL", "UKR", "planned")]),
])
def test_cancelled_deals_and_permission(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # nominal events: "between X and Y", states of an "of X and Y" phrase, planned by their predicate
    ("A meeting between the defence ministers of India and Japan is scheduled for March 20 in Tokyo.",
     [("CONSULT", "IND", "JPN", "planned", "2023-03-20")]),
    ("An agreement between Egypt and France is expected next month.", [("AGREE", "EGY", "FRA", "planned", "2023-04")]),
])
def test_nominal_events_planned_by_their_predicate(extract, text, expected):
    assert full(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # the clause's own actor is not one of "both neighbours" / "the two countries"
    ("Laos and Vietnam are at odds over a dam. Japan urged both neighbours to show restraint.",
     [("REQUEST", "JPN", "LAO", "occurred")]),
    # an act asked or wished for is no happening of its own
    ("Chile and Peru disagree on fishing. Brazil hoped the two countries would resolve the dispute through talks.",
     []),
    ("Chile and Peru disagree on fishing. Brazil called on both sides to hold talks.",
     [("REQUEST", "BRA", "CHL", "occurred")]),
    # a possessive pair: "the two countries' ministers"
    ("Greece and Cyprus are allies. The accord followed talks between the two countries' foreign ministers.",
     [("CONSULT", "GRC", "CYP", "occurred")]),
    # "it" after a conjoined reporting verb: the first verb's subject
    ("The Greek foreign ministry rejected Turkey's claim and said it would file a protest with the Turkish "
     "government.", [("PROTEST", "GRC", "TUR", "planned"), ("REJECT", "GRC", "TUR", "occurred")]),
    # a title naming an international body: the person acts for it
    ("NATO Secretary General Mark Rutte urged Serbia to withdraw its troops from the border.",
     [("REQUEST", "IGO:NATO", "SRB", "occurred")]),
    # two mentions with opposite unknown sides are two calls, not one
    ("Egypt appealed for calm. A spokesperson for UN Secretary-General Antonio Guterres called on "
     "Israel to stop.", [("REQUEST", "EGY", None, "occurred"), ("REQUEST", "IGO:UN", "ISR", "occurred")]),
    # the one invaded or blockaded; strikes carried out with a weapon are its user's
    ("Analysts condemned Iraq's invasion of Kuwait.",
     [("ACCUSE", None, "IRQ", "occurred"), ("ASSAULT", "IRQ", "KWT", "occurred")]),
    ("Ukraine accused Russia of using cruise missiles in strikes on Ukrainian cities.",
     [("ACCUSE", "UKR", "RUS", "occurred"), ("ASSAULT", "RUS", "UKR", "occurred")]),
])
def test_pairs_wishes_and_merging(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Egypt passed over a French offer of Rafale jets.", [("REJECT", "EGY", "FRA", "occurred")]),
    ("The Indian government declined to comment on what it called internal matters.", []),
    ("Seoul conveyed its deep concern to Beijing on Monday.", [("PROTEST", "KOR", "CHN", "occurred")]),
    ("Vietnam expressed concern to China over the survey ship.", [("PROTEST", "VNM", "CHN", "occurred")]),
    ("Polish Defence Minister Jan Nowak is scheduled to travel to Vilnius next week.",
     [("CONSULT", "POL", "LTU", "planned")]),
    ("The ministry said Air Self-Defense Force F-15J fighters scrambled on Monday.", [("MOBILIZE", "JPN", None, "occurred")]),
    # background and habits: no news of the day
    ("Greece has in the past condemned Turkish drills in the Aegean.", []),
    ("Armenia has received Russian tanks in recent years.", []),
    ("Armenia received Russian tanks in the past week.", [("AID", "RUS", "ARM", "occurred")]),
    ("Indonesia bought Su-27 jets from Russia in the 2000s.", []),  # a decade long past
    ("Caracas flies F-16 jets bought from the United States in the 1980s.", []),
    ("Indonesia bought Su-30 jets from Russia on Monday.", [("AGREE", "IDN", "RUS", "occurred")]),
    # an ordered item's handing over planned for a stated time is planned aid of that date
    ("Kazakhstan ordered eight Su-30SM fighters from Russia in 2022. Two more Su-30SM fighters are due to be handed "
     "over to Kazakhstan in June.", [("AGREE", "KAZ", "RUS", "occurred"), ("AID", "RUS", "KAZ", "planned")]),
    # ... but not when two states supply the same item (second-hand jets the maker's state must clear)
    ("Argentina is buying 24 second-hand F-16 jets from Denmark. The United States approved the sale of the F-16 "
     "jets to Argentina. The first F-16 jets are due to arrive in Argentina in June.",
     [("AGREE", "ARG", "DNK", "occurred"), ("AGREE", "USA", "ARG", "occurred")]),
    # what a buyer agreed to purchase comes from its maker's state, named on the noun the clause is about
    ("Ankara will deliver the 48 KAAN fighter jets that Indonesia agreed to purchase last week.",
     [("AGREE", "IDN", "TUR", "occurred")]),
    # a long list of states an act is aimed at: one event per state; a bare body of a datelined story is home's
    ("CARACAS, July 29 (Reuters) - The vote count was disputed on Monday. The foreign ministry said "
     "in a statement it was withdrawing its own diplomats from Argentina, Chile, Peru and Uruguay.",
     [("RETREAT", "VEN", "ARG", "occurred"), ("RETREAT", "VEN", "CHL", "occurred"),
      ("RETREAT", "VEN", "PER", "occurred"), ("RETREAT", "VEN", "URY", "occurred")]),
    # talks with a list of states are talks with each
    ("India held talks on BrahMos missiles with Indonesia and Vietnam on Monday.",
     [("CONSULT", "IND", "IDN", "occurred"), ("CONSULT", "IND", "VNM", "occurred")]),
    # "they" after two sayers is both
    ("Russia and Sudan said in February they had reached a final agreement on a naval base.",
     [("AGREE", "RUS", "SDN", "occurred")]),
    # an announced package of arms is a promise to supply, one per giver
    ("The Dutch minister announced a package of 18 Leopard tanks for Ukraine.", [("AGREE", "NLD", "UKR", "occurred")]),
    ("The United Kingdom and Norway announced a joint package of Brimstone missiles for Ukraine on Friday.",
     [("AGREE", "GBR", "UKR", "occurred"), ("AGREE", "NOR", "UKR", "occurred")]),
    # trigger words that report no act of their own
    ("Iran said it sent drones to Russia months before the invasion of Ukraine.", [("AID", "IRN", "RUS", "occurred")]),
    ("Iran said it sent drones to Russia, but said the shipment took place months before Moscow's invasion of "
     "Ukraine.",
     [("AID", "IRN", "RUS", "occurred"), ("ASSAULT", "RUS", "UKR", "occurred")]),  # (its doer named: told)
    ("Asked whether Washington sought regime change in Venezuela, the president said no.", []),
    ("Turkish officials concede that the 2030 date for deliveries to Saudi Arabia is ambitious.", []),
    ("\"It was a correction,\" a junta spokesman told Reuters by telephone from Bamako.", []),
    # one state on both sides has no other side, and an agreement needs one
    ("Following the summit, the heads of state of Kazakhstan signed the Astana Declaration.", []),
    # a denial needs someone who denies
    ("Conditions include denying Iranian tankers access to the port.", []),
])
def test_rejections_concerns_and_background(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # fire aimed at a state is an attack on it; fired into the sea it is a launch
    ("Militants in Syria launched rockets and a ballistic missile at targets in northern Israel on Monday.",
     [("ASSAULT", "SYR", "ISR", "occurred")]),
    # rejecting an accusation answers whoever made it
    ("Greece accused Turkey of lying. Turkey's foreign ministry rejected the accusation.",
     [("ACCUSE", "GRC", "TUR", "occurred"), ("REJECT", "TUR", "GRC", "occurred")]),
    # ... and a claim reported without an accusation verb answers the one who said it
    ("Saudi Arabia said the rockets fired at Riyadh were Iranian. Iran's foreign ministry spokesman, Ali Karimi, "
     "rejected the claims as baseless.", [("REJECT", "IRN", "SAU", "occurred")]),
    # support for each other: both ways
    ("Serbia and Hungary signed a treaty. The two sides reaffirmed their support for each other's security.",
     [("AGREE", "SRB", "HUN", "occurred"), ("SUPPORT", "HUN", "SRB", "occurred"),
      ("SUPPORT", "SRB", "HUN", "occurred")]),
    # "the presidents" after both were named
    ("The presidents of Kenya and Uganda met in Nairobi. The presidents agreed to meet again in Kampala.",
     [("AGREE", "KEN", "UGA", "occurred"), ("CONSULT", "KEN", "UGA", "occurred")]),
    # a frame is no event of its own: "under a contract", "for consultations", "talks on an order"
    ("South Korea delivered K9 howitzers to Norway in May under a 2017 contract.", [("AID", "KOR", "NOR", "occurred")]),
    ("Lithuania recalled its ambassador from Minsk for consultations.", [("SANCTION", "LTU", "BLR", "occurred")]),
    ("Egypt is in talks with Germany on a frigate order.", [("CONSULT", "EGY", "DEU", "occurred")]),
    # equipment named on the subject arrives
    ("A second NASAMS fire unit arrived in Ukraine on Friday.", [("AID", "NOR", "UKR", "occurred")]),
])
def test_attacks_answers_and_frames(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an approval of an export is one happening, by the national council that gave it, dated by month
    ("Germany's Federal Security Council last week approved the export of Leopard 2 tanks to Qatar.",
     [("AGREE", "DEU", "QAT", "occurred", "2023-02")]),
])
def test_approvals_and_week_dates(extract, text, expected):
    assert full(extract(text, "2023-03-03")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a response announced is a threat made now; a response given is not
    ("Beijing said China would respond firmly to the Japanese decision.", [("THREATEN", "CHN", "JPN", "occurred")]),
    ("Russia responded to the sanctions on Monday.", []),
    ("A Kremlin spokesman said Russia would treat the convoys as legitimate targets.",
     [("THREATEN", "RUS", None, "occurred")]),
])
def test_announced_responses_are_threats(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # ordering diplomats to leave is an expulsion; a clause hanging from the infinitive shares its date
    ("Last Thursday, Estonia ordered two members of the Russian embassy to leave the country, accusing them "
     "of spying.", [("SANCTION", "EST", "RUS", "occurred", "2023-03-09"), ("ACCUSE", "EST", "RUS", "occurred", "2023-03-09")]),
])
def test_expulsions_and_dates_through_infinitives(extract, text, expected):
    assert full(extract(text, "2023-03-14")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # declining to supply is a rejection; declining to comment is not
    ("Germany declined to send Taurus missiles to Ukraine.", [("REJECT", "DEU", "UKR", "occurred")]),
    ("The minister declined to comment on the report.", []),
    # a request for equipment is addressed to its maker's state when no one else is named
    ("Poland asked for more German-made Leopard tanks.", [("REQUEST", "POL", "DEU", "occurred")]),
    ("Poland asked Spain for German-made Leopard tanks.", [("REQUEST", "POL", "ESP", "occurred")]),
    # an appeal to everyone involved keeps a null target; an appeal to no one is no event
    ("Egypt called on all parties to exercise maximum restraint.", [("REQUEST", "EGY", None, "occurred")]),
    ("The UN envoy urged every side to return to talks.", [("REQUEST", "IGO:UN", None, "occurred")]),
    ("Egypt called on the crowd to go home.", []),
])
def test_refusals_requests_and_open_appeals(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an act aimed at no one named is aimed at the source's counterpart in the article (marked as inferred)
    ("Thai and Cambodian troops clashed on the border on Monday. Cambodia said Thailand fired first. "
     "Thailand lodged a formal protest on Tuesday.",
     [("ASSAULT", "THA", "KHM", "occurred"), ("PROTEST", "THA", "KHM", "occurred")]),
    # with no pair of states standing out, nothing is inferred
    ("Peru and Chile met in Lima. Brazil and Bolivia met in Quito. Argentina lodged a formal protest.",
     [("CONSULT", "PER", "CHL", "occurred"), ("CONSULT", "BRA", "BOL", "occurred"), ("PROTEST", "ARG", None, "occurred")]),
    # a joint subject of a clash is both sides
    ("Indian and Chinese troops skirmished in the Galwan valley.", [("ASSAULT", "IND", "CHN", "occurred")]),
])
def test_implicit_counterparts_and_mutual_clashes(extract, text, expected):
    rec = extract(text, "2023-03-10")
    assert sorted(events(rec), key=str) == sorted(expected, key=str)
    inferred = [e for e in rec.events if e.note and e.note.startswith("target inferred")]
    assert all(e.type == "PROTEST" for e in inferred)


@pytest.mark.parametrize(("text", "expected"), [
    # an undated past happening told right after one dated to a day is of that day
    ("North Korea fired a ballistic missile on Sunday. Japan lodged a strong protest. Seoul condemned the launch.",
     [("MOBILIZE", "PRK", None, "occurred", "2023-03-12"), ("PROTEST", "JPN", None, "occurred", "2023-03-12"),
      ("ACCUSE", "KOR", "PRK", "occurred", "2023-03-12")]),
    # a standing position in the present tense is not; nor a happening told several sentences later
    ("North Korea fired a ballistic missile on Sunday. Japan says the launch is illegal.",
     [("MOBILIZE", "PRK", None, "occurred", "2023-03-12"), ("REJECT", "JPN", None, "occurred", "2023-03")]),
    ("North Korea fired a ballistic missile on Sunday. The launch came weeks after talks collapsed. Officials "
     "studied the debris. Japan lodged a strong protest.",
     [("MOBILIZE", "PRK", None, "occurred", "2023-03-12"), ("PROTEST", "JPN", None, "occurred", "2023-03")]),
])
def test_undated_happenings_take_the_story_day(extract, text, expected):
    assert full(extract(text, "2023-03-14")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an infinitive under a noun is a plan; under "decision"/"move" it is taken
    ("Brazil's foreign minister accepted an invitation to visit Jakarta next year.", [("CONSULT", "BRA", "IDN", "planned")]),
    ("Britain, France and Germany triggered the snapback process against Iran last Thursday.",
     [("SANCTION", "GBR", "IRN", "occurred"), ("SANCTION", "FRA", "IRN", "occurred"),
      ("SANCTION", "DEU", "IRN", "occurred")]),
    ("The switch triggered an alarm.", []),
    # a reaction takes its target from what prompted it
    ("Japan scrambled fighter jets on Sunday after a Russian Il-20 reconnaissance plane flew near Hokkaido.",
     [("MOBILIZE", "JPN", "RUS", "occurred")]),
])
def test_plans_under_nouns_snapback_and_prompted_reactions(extract, text, expected):
    assert sorted(events(extract(text, "2023-03-10"))) == sorted(expected)


@pytest.mark.parametrize(("text", "expected"), [
    # the object of "prompt"/"force" does the infinitive; "promise" keeps its subject
    ("North Korea fired a missile over Japan, prompting Tokyo and Seoul to condemn the launch.",
     [("MOBILIZE", "PRK", "JPN", "occurred"), ("ACCUSE", "JPN", "PRK", "occurred"), ("ACCUSE", "KOR", "PRK", "occurred")]),
])
def test_object_control_of_infinitives(extract, text, expected):
    assert sorted(events(extract(text, "2023-03-10"))) == sorted(expected)


@pytest.mark.parametrize(("text", "expected"), [
    # adopting, announcing or extending sanctions is a SANCTION; criticising "the package" answers its imposer
    ("European Union foreign ministers on Tuesday adopted a new package of sanctions against Russia. "
     "Moscow condemned the package.",
     [("SANCTION", "IGO:EU", "RUS", "occurred"), ("ACCUSE", "RUS", "IGO:EU", "occurred")]),
    ("The EU extended its arms embargo on Belarus.", [("SANCTION", "IGO:EU", "BLR", "occurred")]),
    ("The council approved a budget.", []),
    # "firms accused of supplying engines": a description, nobody's accusation here
    ("The list targets Chinese firms accused of supplying drone engines to Russia.", []),
])
def test_sanction_packages_and_reduced_passives(extract, text, expected):
    assert sorted(e for e in events(extract(text, "2023-03-10")) if e[0] != "AID") == sorted(expected)


@pytest.mark.parametrize(("text", "expected"), [
    # speaking or standing alongside a foreign counterpart is a meeting; alongside a thing is not
    ("Speaking alongside his Ukrainian counterpart in Berlin, German Defence Minister Boris Pistorius said the "
     "package was ready.", [("CONSULT", "DEU", "UKR", "occurred")]),
    ("Speaking alongside the ruins, the mayor said the city would rebuild.", []),
])
def test_appearing_alongside_a_counterpart(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


def test_the_two_sides_in_a_relative_clause_include_the_main_subject(extract):
    rec = extract("Peru's defence minister held talks in Lima last month with his Chilean counterpart, where the "
                  "two sides signed a cooperation plan.", "2023-03-10")
    assert ("AGREE", "PER", "CHL", "occurred") in events(rec)


@pytest.mark.parametrize(("text", "expected"), [
    # sending a delegation to a state is a visit to it
    ("Seoul would send a delegation to Manila in the coming weeks.", [("CONSULT", "KOR", "PHL", "planned")]),
    ("China sent a trade delegation to Hanoi on Monday.", [("CONSULT", "CHN", "VNM", "occurred")]),
])
def test_sending_a_delegation_is_a_visit(extract, text, expected):
    assert events(extract(text, "2023-03-10")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # an armed group acts under no state code: its attack on a camp is kept, with null codes
    ("RSF drones and artillery struck the Abu Shouk displacement camp on Saturday, killing 40 people.",
     [("ASSAULT", None, None, "occurred")]),
    ("Yemen's Houthi rebels fired drones at targets in southern Saudi Arabia on Sunday.",
     [("ASSAULT", None, "SAU", "occurred")]),
    # a place held by a group is still its state's
    ("Israeli warplanes struck the Houthi-controlled port of Hodeidah on Sunday.", [("ASSAULT", "ISR", "YEM", "occurred")]),
])
def test_armed_groups_have_no_state_code(extract, text, expected):
    rec = extract(text, "2023-03-10")
    assert events(rec) == expected


def test_an_armed_groups_event_keeps_its_entity(extract):
    rec = extract("RSF fighters attacked the camp on Saturday.", "2023-03-10")
    (ev,) = rec.events
    assert ev.source is None and {e.id: e.name for e in rec.entities}[ev.source_actor] == "Rapid Support Forces"


@pytest.mark.parametrize(("text", "expected"), [
    # "is due to travel on to Bucharest": the subject above the adjective
    ("Park Jae-hyun, South Korea's defence minister, visited Warsaw. Park is due to travel on to Bucharest on "
     "Thursday.", [("CONSULT", "KOR", "POL", "occurred", "2023-03"), ("CONSULT", "KOR", "ROU", "planned", "2023-03-16")]),
    # a designation is a sanction; "officials it accused of …": the noun is accused, "it" the designator,
    # the accused did the gerund's act
    ("The U.S. Treasury on Tuesday designated two North Korean officials it accused of supplying Russia with "
     "artillery shells.",
     [("ACCUSE", "USA", "PRK", "occurred", "2023-03-07"), ("AID", "PRK", "RUS", "occurred", "2023-03"),
      ("SANCTION", "USA", "PRK", "occurred", "2023-03-07")]),
])
def test_travel_plans_designations_and_the_accused(extract, text, expected):
    assert sorted(full(extract(text, "2023-03-10"))) == expected


def test_a_day_inside_the_object_is_not_the_acts_day(extract):
    rec = extract("Iranian drones struck a base in Iraq on Saturday. On Monday, the Iraqi government condemned "
                  "Saturday's attack.", "2023-03-10")
    assert ("ACCUSE", "IRQ", "IRN", "occurred", "2023-03-06") in full(rec)


@pytest.mark.parametrize(("text", "expected"), [
    ('Britain refused an export licence for ejection seats. Argentina called the British decision "discriminatory".',
     ("ACCUSE", "ARG", "GBR", "occurred")),
    ("Ukraine criticised the Kazakh purchase. Kazakh Foreign Ministry spokesperson Yerlan Zhaksybekov brushed off "
     "the criticism.", ("REJECT", "KAZ", "UKR", "occurred")),
    # "The Secretary-General": the person with that title named before, and the body it names
    ("UN Secretary-General Antonio Guterres is alarmed. The Secretary-General calls on India to exercise restraint.",
     ("REQUEST", "IGO:UN", "IND", "occurred")),
    ("Indian Prime Minister Narendra Modi spoke with Russian President Vladimir Putin on Monday.",
     ("CONSULT", "IND", "RUS", "occurred")),
])
def test_judgements_brush_offs_titles_and_talks(extract, text, expected):
    assert expected in events(extract(text, "2023-03-10"))


def test_a_meeting_the_report_follows_is_of_the_reports_day(extract):
    rec = extract("Argentine Defence Minister Luis Petri said on Wednesday after meeting his Danish counterpart "
                  "that the jets would arrive in December.", "2023-03-10")
    assert ("CONSULT", "ARG", "DNK", "occurred", "2023-03-08") in full(rec)


@pytest.mark.parametrize(("text", "expected"), [
    # a purchase told of a state in passing is its background: the transfer stays, no event
    ("Indonesia, which has ordered 42 Rafale fighters from France, is also eyeing submarines.", []),
    # negotiating a treaty is talks, not an agreement
    ("Armenia and Azerbaijan have been negotiating a peace treaty.", [("CONSULT", "ARM", "AZE", "occurred")]),
])
def test_background_purchases_and_treaties_under_negotiation(extract, text, expected):
    rec = extract(text, "2023-03-10")
    assert events(rec) == expected


def test_a_background_purchase_keeps_its_transfer(extract):
    rec = extract("Indonesia, which has ordered 42 Rafale fighters from France, is also eyeing submarines.", "2023-03-10")
    assert [(t.supplier, t.recipient, t.status) for t in rec.arms_transfers] == [("FRA", "IDN", "ordered")]


@pytest.mark.parametrize("text, expected", [
    # the measure noun ("a wave of") stands where the act would: the subject of its verb acts
    ("Israeli warplanes carried out a wave of air strikes across southern Lebanon on Saturday.",
     [("ASSAULT", "ISR", "LBN", "occurred")]),
    ("Turkish drones conducted a series of strikes in northern Iraq on Monday.",
     [("ASSAULT", "TUR", "IRQ", "occurred")]),
])
def test_strikes_counted_by_a_measure_noun_and_placed_in_a_state(extract, text, expected):
    assert events(extract(text, published="2025-07-20")) == expected


@pytest.mark.parametrize("text, expected", [
    ("Niger's junta revoked a military cooperation agreement with the United States in March.",
     [("REJECT", "NER", "USA", "occurred")]),
    ("The last US troops are due to leave Air Base 201 near Agadez in Niger by mid-August.",
     [("RETREAT", "USA", "NER", "planned")]),
    # talks the officials come for are the happening; consultations an envoy is recalled for are not
    ("Malian defence officials are expected in Ankara next month for talks with Turkey's Defence Industry Agency.",
     [("CONSULT", "MLI", "TUR", "planned")]),
    ("Serbia recalled its ambassador from Montenegro for consultations.", [("SANCTION", "SRB", "MNE", "occurred")]),
])
def test_revoked_deals_departing_troops_and_talks_travelled_for(extract, text, expected):
    assert events(extract(text, published="2024-07-08")) == expected


def test_signing_for_a_system_agrees_with_its_makers_state(extract):
    assert events(extract("Indonesia signed for 42 Rafales from Dassault Aviation in February.",
                          published="2022-11-04")) == [("AGREE", "IDN", "FRA", "occurred")]
    assert events(extract("Armenia and Azerbaijan signed a declaration in Washington.", published="2025-08-09")) == [
        ("AGREE", "ARM", "AZE", "occurred")]  # no system, no maker: the two signatories


def test_it_in_a_clause_under_an_infinitive_is_the_subject_above(extract):
    rec = extract("The Ghana Air Force wishes to inform the public that it has taken delivery of two Z-9 helicopters "
                  "bought from China.", published="2026-01-22")
    assert events(rec) == [("AID", "CHN", "GHA", "occurred")]


@pytest.mark.parametrize("text, expected", [
    # a title heading an "of" chain names its state: "Deputy Minister of Defence of the Russian Federation X"
    ("On Saturday, Belarusian defence minister Viktor Khrenin held talks with Deputy Minister of Defence of the "
     "Russian Federation Colonel General Alexander Fomin.", ("CONSULT", "BLR", "RUS")),
    # a leader of no known state met in a foreign capital: the host state is the other side
    ("US Secretary of State Marco Rubio met President Ana Velasco in Mexico City on Wednesday.",
     ("CONSULT", "USA", "MEX")),
    ("US Secretary of State Marco Rubio was in Mexico City on Wednesday, where he met President Ana Velasco.",
     ("CONSULT", "USA", "MEX")),
])
def test_meeting_sides_from_title_chains_and_the_host_city(extract, text, expected):
    rec = extract(text, published="2025-09-05")
    assert [(e.type, e.source, e.target) for e in rec.events] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Oslo on Thursday declared nine staff of the Russian Embassy persona non grata.", [("SANCTION", "NOR", "RUS")]),
    ("Chilean President Gabriel Boric sat down with Xi Jinping in Beijing on Monday.", [("CONSULT", "CHL", "CHN")]),
    ("Sweden joined NATO in March.", [("COOPERATE", "SWE", "IGO:NATO")]),
    ("Armenia has frozen its participation in the Collective Security Treaty Organization.",
     [("RETREAT", "ARM", "IGO:CSTO")]),
    ("Mali formally left the Economic Community of West African States in January.", [("RETREAT", "MLI", "IGO:ECOWAS")]),
    # "they" reports for the sayers; the purchase under talks is negotiated, not agreed
    ("Czech officials said they are in talks with Germany on buying new Leopard 2A8 tanks.", [("CONSULT", "CZE", "DEU")]),
    ("The Malian delegation left Bamako on Monday.", []),
    # an envoy summoned to a ministry with no agent named: the ministry's state summons
    ("Russia's Foreign Ministry expelled three diplomats. Moldova's envoy was summoned to the ministry on Monday.",
     [("SANCTION", "RUS", "MDA"), ("PROTEST", "RUS", "MDA")]),
    # a complaint about what a state did is aimed at it; an attack attributed to a state accuses it
    ("Armenian Prime Minister Nikol Pashinyan complained that Russia had failed to deliver the weapons.",
     [("PROTEST", "ARM", "RUS")]),
    ("Norway's communications authority attributed the signals to Russian military units.", [("ACCUSE", "NOR", "RUS")]),
    ("German Defence Minister Boris Pistorius held a bilateral conversation with the Minister of Defence of "
     "Ukraine on Monday.", [("CONSULT", "DEU", "UKR")]),
    # a state's own company named in what it refuses is no target of the refusal
    ("The deal collapsed after London refused to license Martin-Baker ejection seats for the jets.",
     [("REJECT", "GBR", None)]),
    # a measure on things of a state is on that state
    ("The U.S. Treasury imposed sanctions on Monday on more than 30 tankers carrying Iranian oil.",
     [("SANCTION", "USA", "IRN")]),
    # a demand is aimed at the one it asks to act; what it asks to cancel is not cancelled
    ("China demanded that Washington cancel the sale and stop all military contact with Taipei.",
     [("REQUEST", "CHN", "USA")]),
    ("The move follows a final refusal by Washington to sell Egypt the Lockheed Martin F-35.", []),
    ("Analysts attributed the rise in Polish orders to the war in Ukraine.", []),
    ("Russian Deputy Prime Minister Yury Borisov toured Caracas, Managua and Havana in February.",
     [("CONSULT", "RUS", "VEN"), ("CONSULT", "RUS", "NIC"), ("CONSULT", "RUS", "CUB")]),
    ("Britain will train Kenyan armoured crews next year.", [("AID", "GBR", "KEN")]),
    # a state's strike on a thing of no state keeps a null target; a muster has its side as source
    ("U.S. forces struck a speedboat in the Caribbean on Tuesday.", [("ASSAULT", "USA", None)]),
    ("Kenyan troops struck al-Shabaab hideouts near the border.", [("ASSAULT", "KEN", None)]),
    ("The Russian defence ministry ordered a snap inspection of the Northern Fleet.", [("MOBILIZE", "RUS", None)]),
    # a bid to join is no joining; a deployment standing since a date is no new one
    ("Officials warned the deal could complicate Serbia's bid to join the European Union.", []),
    ("Beijing again demanded the removal of the US Typhon system deployed in Luzon since 2024.",
     [("REQUEST", "CHN", "USA")]),
])
def test_expulsions_accession_freezes_training_and_field_strikes(extract, text, expected):
    rec = extract(text, published="2025-06-12")
    assert [(e.type, e.source, e.target) for e in rec.events] == expected


def test_an_outlet_told_by_phone_is_no_party(extract):
    rec = extract('"It was no coup," a junta spokesman, Colonel Amadou Keita of Mali, told Reuters by telephone.',
                  published="2021-06-02")
    assert not any(e.type == "CONSULT" for e in rec.events)


def test_gazetteer_office_holder_gives_the_other_side_of_a_meeting(extract):
    rec = extract("US Secretary of State Marco Rubio met Claudia Sheinbaum on Wednesday.", published="2025-09-05")
    assert [(e.type, e.source, e.target) for e in rec.events] == [("CONSULT", "USA", "MEX")]


def test_a_day_hung_on_the_person_summoned_is_the_summons_day(extract):
    # the parser hangs "on Thursday" on the ambassador; it is still the day of the summons, not "this week"
    rec = extract("Egypt's foreign ministry summoned the Israeli ambassador on Thursday for the second time this week.",
                  published="2024-05-09")
    assert full(rec) == [("PROTEST", "EGY", "ISR", "occurred", "2024-05-09")]
    # a day inside the object phrase stays the object's: the condemnation is not dated by the strike
    rec = extract("On Monday, Jordan condemned Saturday's strike on the convoy by Israel.", published="2024-05-09")
    assert [e.date for e in rec.events if e.type == "ACCUSE"] == ["2024-05-06"]


def test_the_two_parties_are_the_two_states_before(extract):
    rec = extract("Chile's defence minister received a Peruvian delegation on Tuesday. At the end of the meeting, "
                  "the two parties signed a memorandum on border security.", published="2023-03-09")
    assert ("AGREE", "CHL", "PER") in [(e.type, e.source, e.target) for e in rec.events]


def test_a_dated_delivery_is_aid_from_the_supplier(extract):
    # no trigger tells of the aid here: the delivery among the transfers does, dated by its verb
    rec = extract("Two Yak-130 trainers built by Irkut arrived at an air base in Belarus in September.",
                  published="2019-12-10")
    assert [(e.type, e.source, e.target, e.status, e.date, e.note) for e in rec.events] == [
        ("AID", "RUS", "BLR", "occurred", "2019-09", "from the delivery")]
    assert rec.events[0].evidence == rec.arms_transfers[0].evidence
    # a system merely in service is no aid event; nor is a delivery an accusation already tells of
    rec = extract("Qatar flies the French Rafale.", published="2019-12-10")
    assert [t.status for t in rec.arms_transfers] == ["delivered"] and rec.events == []


@pytest.mark.parametrize("text, expected", [
    # suspending a member, aid or a contract is a sanction on the other side
    ("The African Union suspended Guinea from all its activities on Friday.", [("SANCTION", "IGO:AU", "GIN")]),
    ("Washington said it had suspended security assistance to Niger.", [("SANCTION", "USA", "NER")]),
])
def test_suspensions_are_sanctions(extract, text, expected):
    rec = extract(text, published="2021-09-10")
    assert [(e.type, e.source, e.target) for e in rec.events] == expected


def test_a_happening_said_to_have_occurred_is_rumored(extract):
    rec = extract("The Sudanese army itself is said to have received Turkish Bayraktar TB2s.", "2025-09-09")
    assert [(e.type, e.source, e.target, e.status) for e in rec.events] == [("AID", "TUR", "SDN", "rumored")]
    rec = extract("The Sudanese army said it had received Turkish Bayraktar TB2s.", "2025-09-09")
    assert [(e.type, e.status) for e in rec.events] == [("AID", "occurred")]


def test_an_order_told_on_unconfirmed_reports_is_a_rumored_agreement(extract):
    rec = extract("Egypt has placed an order for Chinese-made J-10C multirole fighter jets, according to "
                  "unconfirmed reports.", "2025-06-01")
    assert [(e.type, e.source, e.target, e.status) for e in rec.events] == [("AGREE", "EGY", "CHN", "rumored")]


def test_a_government_defined_by_its_acronym_is_its_states_and_its_name_triggers_nothing(extract):
    rec = extract("The Libyan army, loyal to the Government of National Accord (GNA), recaptured the airbase. "
                  "Turkey and the GNA signed a security and military cooperation agreement in November 2019.",
                  "2020-05-27")
    gna = next(e for e in rec.entities if e.name == "Government of National Accord")
    assert gna.country == "LBY" and "GNA" in gna.aliases
    assert [(e.type, e.source, e.target, e.trigger) for e in rec.events if e.type == "AGREE"] == [
        ("AGREE", "TUR", "LBY", "signed")]

"""Entities: each rule family of sitrep_entities_v1 / roles / coref, on sentences written for the tests."""

from __future__ import annotations

import pytest
from tests.conftest import entity


def _typed(rec, type_: str) -> dict[str, object]:
    return {e.name: e for e in rec.entities if e.type == type_}


def test_person_role_and_state_served_and_surname_merged(extract):
    text = ("Iranian Defense Minister Amir Hatami arrived in Moscow on Monday. Hatami met his Russian "
            "counterpart Sergei Shoigu, and Tehran said the talks went well.")
    rec = extract(text, "2020-08-24")
    hatami = entity(rec, "Amir Hatami")
    assert (hatami.type, hatami.country, hatami.role) == ("PERSON", "IRN", "Defense Minister")
    assert hatami.aliases == ["Hatami"]
    assert [text[s:e] for s, e in hatami.mentions] == ["Amir Hatami", "Hatami"]
    shoigu = entity(rec, "Sergei Shoigu")
    assert (shoigu.country, shoigu.role) == ("RUS", "Defense Minister")


def test_capital_is_the_state_when_it_acts_and_a_place_when_visited(extract):
    rec = extract("Iranian Defense Minister Amir Hatami arrived in Moscow on Monday. Tehran said the talks "
                  "went well.", "2020-08-24")
    iran = entity(rec, "Iran")
    assert (iran.type, iran.code) == ("COUNTRY", "IRN")
    assert set(iran.aliases) == {"Iranian", "Tehran"}
    moscow = entity(rec, "Moscow")
    assert (moscow.type, moscow.country) == ("LOCATION", "RUS")


def test_ambiguous_country_names_need_a_country_reading(extract):
    rec = extract("Georgia and Turkey signed a defence pact in Tbilisi. Jordan's King Abdullah II also "
                  "visited Chad. Michael Jordan was not involved.", "2021-05-03")
    countries = {e.name: e.code for e in rec.entities if e.type == "COUNTRY"}
    assert countries == {"Georgia": "GEO", "Turkey": "TUR", "Jordan": "JOR", "Chad": "TCD"}
    assert entity(rec, "Michael Jordan").type == "PERSON"
    king = entity(rec, "King Abdullah II")
    assert (king.country, king.role) == ("JOR", "King")
    assert entity(rec, "Tbilisi").country == "GEO"


def test_official_and_alternative_country_names(extract):
    rec = extract("Türkiye has received the first batch of Bayraktar TB3 drones, Anadolu Agency reported. "
                  "The Islamic Republic condemned Washington.", "2023-02-01")
    assert entity(rec, "Türkiye").code == "TUR"
    assert entity(rec, "Islamic Republic").code == "IRN"
    assert entity(rec, "Washington").code == "USA"  # the capital as the acting state
    agency = entity(rec, "Anadolu Agency")
    assert (agency.type, agency.country) == ("ORG", "TUR")


def test_demonym_inside_a_national_body_is_also_the_country(extract):
    rec = extract("The Indian Air Force will induct more fighters.", "2023-07-14")
    assert entity(rec, "Indian Air Force").country == "IND"
    india = entity(rec, "India")
    assert india.aliases == ["Indian"]


@pytest.mark.parametrize(("surface", "name", "origin", "category"), [
    ("Su-30MKI2", "Su-30MKI2", "RUS", "multirole fighter aircraft"),  # unseen variant of a catalogue family
    ("J-10CE", "J-10CE", "CHN", "multirole fighter aircraft"),
    ("Rafale M", "Rafale M", "FRA", "multirole fighter aircraft"),
    ("F-35A", "F-35A", "USA", "stealth fighter aircraft"),
    ("Ka-226T", "Ka-226T", "RUS", None),
    ("T-90S", "T-90S", "RUS", "main battle tank"),
    ("K9 Vajra", "K9 Vajra", "KOR", "self-propelled howitzer"),
])
def test_equipment_catalogue_and_variants(extract, surface, name, origin, category):
    rec = extract(f"The ministry said it would order more {surface} systems for its armed forces.", "2023-07-14")
    eq = [e for e in rec.entities if e.type == "EQUIPMENT"]
    assert [e.name for e in eq] == [name]
    assert eq[0].origin == origin
    if category:
        assert eq[0].category == category


def test_nato_reporting_name_and_popular_name_merge_into_one_system(extract):
    text = ("According to TASS, the S-400 Triumf, known to NATO as the SA-21 Growler, was deployed near "
            "Kaliningrad. The S-400 battalion arrived last week.")
    rec = extract(text, "2022-03-01")
    s400 = [e for e in rec.entities if e.type == "EQUIPMENT"]
    assert len(s400) == 1
    assert s400[0].name == "S-400"
    assert {"S-400 Triumf", "SA-21 Growler"} <= set(s400[0].aliases)
    assert (s400[0].origin, s400[0].category) == ("RUS", "air defence system")
    assert len(s400[0].mentions) == 3
    assert entity(rec, "Kaliningrad").type == "LOCATION"


def test_numbers_with_units_are_not_designations(extract):
    rec = extract("Officials agreed a 10-day pause and a 50-year-old treaty was extended for a 10-year term.",
                  "2022-03-01")
    assert [e for e in rec.entities if e.type == "EQUIPMENT"] == []


def test_makers_are_organisations_with_their_country(extract):
    rec = extract("Lockheed Martin said the F-35A deliveries to Poland would start next year. Boeing was "
                  "also named.", "2024-01-10")
    orgs = {e.name: e.country for e in rec.entities if e.type == "ORG"}
    assert orgs == {"Lockheed Martin": "USA", "Boeing": "USA"}
    assert entity(rec, "Poland").code == "POL"


def test_every_mention_offset_points_at_its_text(extract):
    text = ("BEIRUT, LEBANON (12:00 P.M.) - Russian Deputy Prime Minister Yuri Borisov told RIA Novosti "
            "that Moscow would deliver Su-35 jets to Algeria. Borisov added that talks went well.")
    rec = extract(text, "2021-02-02")
    assert rec.dateline == {"place": "Beirut", "country": "LBN", **{k: rec.dateline[k] for k in rec.dateline
                                                                   if k not in ("place", "country")}}
    for e in rec.entities:
        for s, t in e.mentions:
            assert 0 <= s < t <= len(text)
            assert text[s:t] in [e.name, *e.aliases] or e.type == "COUNTRY"
    borisov = entity(rec, "Yuri Borisov")
    assert borisov.country == "RUS"
    assert borisov.aliases[0] == "Borisov"  # the article's own short form first, then known spellings


def test_national_bodies_merge_and_generic_descriptions_are_not_bodies(extract):
    text = ("Japan's Coast Guard tracked the vessel, and the Japanese coast guard later said it had left. "
            "The Iranian military denied it. The missiles went to the Philippines' Marine Corps.")
    rec = extract(text, "2023-12-17")
    orgs = {e.name: (e.country, len(e.mentions)) for e in rec.entities if e.type == "ORG"}
    assert orgs == {"Japan's Coast Guard": ("JPN", 2), "Philippines' Marine Corps": ("PHL", 1)}


def test_ship_names_and_exercise_names_are_not_places(extract):
    text = ("The submarine USS Missouri arrived in Busan. Troops began the Balikatan drills near Manila, "
            "and the \"Kavkaz\" exercise ended.")
    rec = extract(text, "2023-12-17")
    places = sorted(e.name for e in rec.entities if e.type == "LOCATION")
    assert places == ["Busan", "Manila"]


def test_laws_exercises_and_airports(extract):
    text = ("The Countering America's Adversaries Through Sanctions Act (CAATSA) was cited. Troops began the "
            "annual Steady Shield multinational exercise after Vostok-2022. Jets landed at Belgrade's Nikola "
            "Tesla airport on Saturday.")
    rec = extract(text, "2022-09-01")
    assert [e.name for e in rec.entities if e.type == "ORG"] == []
    assert entity(rec, "Nikola Tesla airport").type == "LOCATION"
    assert entity(rec, "Belgrade").type == "LOCATION"


def test_a_surname_without_accents_is_the_same_person(extract):
    rec = extract("Serbian President Aleksandar Vučić confirmed the purchase. Vucic said it was final.", "2022-04-11")
    people = [e for e in rec.entities if e.type == "PERSON"]
    assert [p.name for p in people] == ["Aleksandar Vučić"]
    assert len(people[0].mentions) == 2


def test_direction_words_and_bare_fragments_are_not_entities(extract):
    rec = extract("The West has imposed sanctions on Iran, while Gulf states stayed silent. "
                  "The MoD said the House would vote on the bill.", "2023-03-10")
    assert [(e.name, e.type) for e in rec.entities] == [("Iran", "COUNTRY")]


def test_a_body_inside_a_law_name_is_not_an_entity(extract):
    rec = extract("The National Defense Authorization Act was passed by Congress on Friday.", "2023-03-10")
    assert [(e.name, e.type) for e in rec.entities] == [("Congress", "ORG")]


def test_a_dateline_capital_and_the_same_city_in_the_text_are_one_location(extract):
    rec = extract("Tehran: Iran's defence minister met his Russian counterpart in Tehran on Monday.", "2023-03-10")
    assert [(e.name, e.type, len(e.mentions)) for e in rec.entities if e.type == "LOCATION"] == [
        ("Tehran", "LOCATION", 2)]


@pytest.mark.parametrize(("text", "person"), [
    ("Vice Admiral Kemal Ertan Bora said the ships would sail.", "Kemal Ertan Bora"),
    ("The UN Special Envoy for Yemen, Anders Holmqvist, condemned the attack.", "Anders Holmqvist"),
])
def test_names_after_titles_are_people(extract, text, person):
    assert ("PERSON", person) in {(e.type, e.name) for e in extract(text).entities}


@pytest.mark.parametrize("text", [
    "The contract went to General Dynamics Land Systems, officials said.",
    "Daniel Okafor is a senior fellow at The Strategy Desk.",
    "France, Germany and Italy, Britain said.",
])
def test_capitalised_runs_after_title_words_are_not_always_people(extract, text):
    people = {e.name for e in extract(text).entities if e.type == "PERSON"}
    assert not people & {"Dynamics Land Systems", "Strategy Desk", "Germany and Italy"}


def test_a_hyphenated_given_name_is_kept_whole(extract):
    rec = extract("Defense Ministry spokesperson Choi Yoon-seok told a briefing the request was refused.")
    assert ("PERSON", "Choi Yoon-seok") in {(e.type, e.name) for e in rec.entities}


@pytest.mark.parametrize(("text", "person", "country", "role"), [
    ("The visit to Ankara by Uzbek Defense Minister Lt. Gen. Rustam Ergashev ended.", "Rustam Ergashev", "UZB",
     "Defense Minister"),
    ("The visit by Uzbek Defense Minister Lieutenant General Rustam Ergashev ended.", "Rustam Ergashev", "UZB",
     "Defense Minister"),
])
def test_titles_with_ranks_give_the_person_state_and_role(extract, text, person, country, role):
    got = {(e.name, e.country, e.role) for e in extract(text).entities if e.type == "PERSON"}
    assert got == {(person, country, role)}


def test_a_body_after_a_title_word_is_no_person(extract):
    rec = extract("The talks were held by the High-Level Military Cooperation Committee in Ankara.")
    assert not [e for e in rec.entities if e.type == "PERSON"]


@pytest.mark.parametrize(("text", "name", "country"), [
    # a lower-case title right before a name; the body word of the title gives the body named before
    ("Azerbaijan's Foreign Ministry summoned the Indian envoy. Ministry spokesperson Leyla Aliyeva accused "
     "New Delhi of arming Armenia.", "Leyla Aliyeva", "AZE"),
    ("The Indian Army said troops returned fire. Lieutenant General Arjun Mehta, head of the army's Northern "
     "Command, said the posts were safe.", "Arjun Mehta", "IND"),
])
def test_a_title_with_a_body_word_serves_the_body_named_before(extract, text, name, country):
    person = {e.name: e for e in extract(text).entities if e.type == "PERSON"}[name]
    assert person.country == country


@pytest.mark.parametrize("text, name, code", [
    # the official's title names no state: the state the last sentence opened with
    ("Pakistan reacted sharply. Foreign Office spokesperson Amna Rashid said the deal was destabilising.",
     "Amna Rashid", "PAK"),
    # a sentence opening "In <capital>," sets whose official speaks
    ("In Hanoi, Defence Ministry spokesman Tran Quoc Bao said the patrols would continue.", "Tran Quoc Bao", "VNM"),
    # a state named with another mention of the person wins over the context
    ("Chile protested. Foreign Minister Ana Rojas of Peru said talks would go on. Rojas left on Friday.",
     "Ana Rojas", "PER"),
])
def test_official_of_no_named_state_serves_the_state_of_the_context(extract, text, name, code):
    rec = extract(text)
    person = next(e for e in rec.entities if e.name == name)
    assert person.country == code


def test_given_name_the_model_left_out_joins_the_person(extract):
    rec = extract("Karimov was received by his Turkish counterpart Mehmet Sezer before talks. Sezer said they went well. "
                  "Gen. Selim Aksoy attended.")
    people = {e.name: e.country for e in rec.entities if e.type == "PERSON"}
    assert people.get("Mehmet Sezer") == "TUR"
    assert "Gen. Selim Aksoy" not in people  # a rank abbreviation is no given name


def test_acronym_the_article_defines_wins_over_an_outlet_of_that_name(extract):
    rec = extract("ALGIERS - General Said Amrani, head of the People's National Army (ANP), met a Russian delegation. "
                  "He said the ANP \"will respond with the utmost firmness\".")
    army = next(e for e in rec.entities if e.name == "People's National Army")
    assert "ANP" in army.aliases and army.country == "DZA"  # the datelined story's own army
    assert not any(e.country == "NLD" for e in rec.entities) and rec.sources_cited == []


def test_a_datelined_storys_unplaced_minister_serves_home_unless_another_state_is_named_with_him(extract):
    rec = extract("ANKARA (AA) - National Defence Minister Hakan Yilmaz and his Indonesian counterpart Budi Santoso "
                  "signed the deal. In a statement carried by KCNA, Vice Foreign Minister Ri Song-chol said talks "
                  "were off.")
    people = {e.name: e.country for e in rec.entities if e.type == "PERSON"}
    assert people["Hakan Yilmaz"] == "TUR" and people["Budi Santoso"] == "IDN"
    assert people["Ri Song-chol"] != "TUR"  # KCNA, another state's outlet, is named in his sentence


def test_undated_story_gives_no_home_state_to_a_bare_body(extract):
    rec = extract("The Ministry of National Defence said the drills would go on.")
    assert all(e.country is None for e in rec.entities if e.type == "ORG")


def test_misspelt_surname_the_model_typed_as_org_is_the_person(extract):
    rec = extract("General Said Chanegriha received the delegation on Sunday. In his address, General of Army "
                  "Chengriha stressed that cooperation would grow.")
    people = [e for e in rec.entities if e.type == "PERSON"]
    assert [p.name for p in people] == ["Said Chanegriha"] and "Chengriha" in people[0].aliases


@pytest.mark.parametrize("text, name", [
    ("The patrol boats carry Spike-NLOS missiles.", "Spike-NLOS"),  # a hyphenated catalogue variant
    ("China demanded the removal of the US Typhon missile system from Luzon.", "Typhon"),
])
def test_catalogue_variants_and_new_systems_are_equipment(extract, text, name):
    assert ("EQUIPMENT", name) in [(e.type, e.name) for e in extract(text).entities]


def test_names_written_in_lower_case_are_found_but_not_a_leading_the(extract):
    rec = extract("Kenyan troops fought al-Shabaab near Mandera, dpa reported. The move angered the Kremlin.",
                  published="2024-02-02")
    names = {(e.type, e.name) for e in rec.entities}
    assert {("ORG", "al-Shabaab"), ("ORG", "dpa")} <= names
    assert not any(e.name.lower().startswith("the ") for e in rec.entities)


def test_a_states_armed_service_is_a_body_with_its_other_names(extract):
    rec = extract("The Sudanese army said it had retaken the bridge. Ukraine's air force reported the attack, "
                  "and France's armed forces ministry said it would send help.", "2024-05-03")
    orgs = _typed(rec, "ORG")
    assert orgs["Sudanese army"].country == "SDN"
    assert "Sudan's army" in orgs["Sudanese army"].aliases
    assert {"air force", "Ukrainian air force"} <= set(orgs["Ukraine's air force"].aliases)
    assert "France's armed forces" not in orgs  # the ministry is named, not the armed forces


def test_a_body_named_without_its_state_keeps_its_name_and_joins_the_one_named_with_it(extract):
    rec = extract("The Russian Foreign Ministry summoned the envoy. Foreign Ministry spokesman Pavel Bessonov "
                  "said Moscow would respond. The missile landed at sea, the Defense Ministry said.", "2024-05-03")
    orgs = _typed(rec, "ORG")
    assert "Ministry" not in orgs
    assert orgs["Russian Foreign Ministry"].country == "RUS"
    assert "Foreign Ministry" not in orgs  # one body, two names
    assert "Defense Ministry" in orgs


def test_names_the_sentence_uses_as_places_are_places_and_continents_are_no_entities(extract):
    rec = extract("Fighting flared near Rutshuru on Monday, and the army shelled the villages of Kfar Kila. "
                  "Talks in Europe and the Middle East went nowhere.", "2024-05-03")
    places = _typed(rec, "LOCATION")
    assert {"Rutshuru", "Kfar Kila"} <= set(places)
    assert not {"Europe", "Middle East"} & set(places)
    assert not _typed(rec, "PERSON")


def test_menu_words_and_title_fragments_are_no_bodies(extract):
    rec = extract("News | World | Business | Next | Travel | Jobs\nThe Secretary of Foreign Affairs met "
                  "the Japanese envoy in Manila on Monday.", "2024-05-03")
    orgs = _typed(rec, "ORG")
    assert not {"Next", "Jobs", "Foreign Affairs"} & set(orgs)


@pytest.mark.parametrize("text, name", [
    ("Air Vice Marshal R.G.K. Kapoor told reporters the jets were used in the raid.", "R.G.K. Kapoor"),
    ("Opposition leader Maria Corina Machado told reporters the count was false.", "Maria Corina Machado"),
    ("The delegation was led by H.E. Meg Whitman, the ambassador, who said the talks went well.", "Meg Whitman"),
])
def test_people_with_initials_honorifics_and_two_given_names(extract, text, name):
    assert name in _typed(extract(text, "2024-05-03"), "PERSON")


def test_compass_regions_and_disputed_territories_are_places(extract):
    rec = extract("The plant is in West Java. Fighting spread in North Darfur. Moroccan drones struck a convoy in "
                  "Western Sahara. North Korea fired a missile.", "2024-05-03")
    assert {"West Java", "North Darfur", "Western Sahara"} <= set(_typed(rec, "LOCATION"))
    assert {"Morocco", "North Korea"} <= set(_typed(rec, "COUNTRY")) and "Western Sahara" not in _typed(rec, "COUNTRY")


def test_a_capital_visited_or_invited_to_is_a_place_and_one_warned_is_the_state(extract):
    rec = extract("Shoigu visited Pyongyang in July. Orban invited Kristersson to Budapest for talks. "
                  "Washington warned Pyongyang against supplying shells.", "2024-05-03")
    assert {"Pyongyang", "Budapest"} <= set(_typed(rec, "LOCATION"))
    north_korea = next(e for e in rec.entities if e.type == "COUNTRY" and e.code == "PRK")
    assert "Pyongyang" in north_korea.aliases


def test_a_leaders_administration_is_a_government_of_the_leaders_state(extract):
    rec = extract("Days later the Biden administration said it would lift the ban on offensive arms sales to Riyadh. "
                  "In the Trump era the ban did not exist.", "2024-05-03")
    gov = next(e for e in rec.entities if e.name == "Biden administration")
    assert gov.type == "ORG" and gov.country == "USA"
    assert not _typed(rec, "PERSON")


def test_a_name_before_a_facility_word_is_a_place(extract):
    rec = extract("The first jets will land at Tandil air base in December. Missiles hit cranes at the port and the "
                  "Dhahban power plant. Crews will train at the Jinhae naval base.", "2024-05-03")
    assert {"Tandil", "Dhahban", "Jinhae"} <= set(_typed(rec, "LOCATION"))
    assert not {"Tandil", "Dhahban", "Jinhae"} & set(_typed(rec, "ORG"))


def test_an_unknown_name_the_talks_are_held_at_is_a_place(extract):
    rec = extract("The two armies held a third round of talks on Tuesday at Chushul.", "2024-05-03")
    assert entity(rec, "Chushul").type == "LOCATION"


def test_a_maker_written_with_its_system_is_a_company_unless_the_designation_abbreviates_it(extract):
    rec = extract("Riyadh has long sought the Lockheed Martin F-35. Egypt flies Dassault Rafale jets and "
                  "Sukhoi Su-35 fighters.", "2024-05-03")
    orgs = _typed(rec, "ORG")
    assert {"Lockheed Martin", "Dassault Aviation"} <= set(orgs)
    assert "Sukhoi" not in orgs
    assert {"Lockheed Martin F-35", "Dassault Rafale"} <= set(_typed(rec, "EQUIPMENT"))


def test_a_systems_role_words_are_not_part_of_its_name(extract):
    rec = extract("Washington cleared the sale of 612 FGM-148F Javelin anti-tank missiles to Morocco.", "2025-04-12")
    assert "Javelin" in _typed(rec, "EQUIPMENT")
    assert [t.equipment for t in rec.arms_transfers] == ["Javelin"]


def test_two_variants_of_a_system_are_two_entities_and_a_refinement_is_one(extract):
    rec = extract("Norway will buy 54 new Leopard 2A8 tanks. Germany said it would send 14 Leopard 2A6 tanks "
                  "to Ukraine. Serbia took delivery of four Mi-35s and wants more Mi-35M helicopters.", "2023-02-03")
    equipment = set(_typed(rec, "EQUIPMENT"))
    assert {"Leopard 2A8", "Leopard 2A6"} <= equipment
    assert len([e for e in equipment if e.startswith("Mi-35")]) == 1
    assert sorted((t.recipient, t.equipment) for t in rec.arms_transfers if t.equipment.startswith("Leopard")) == [
        ("NOR", "Leopard 2A8"), ("UKR", "Leopard 2A6")]


def test_a_mission_is_named_with_its_seat_and_the_seat_is_a_place(extract):
    rec = extract("China's embassy in Berlin said the arms sales would harm relations.", "2024-05-03")
    embassy = entity(rec, "China's embassy in Berlin")
    assert embassy.country == "CHN" and "Chinese embassy in Berlin" in embassy.aliases
    assert entity(rec, "Berlin").type == "LOCATION"


def test_a_given_name_before_a_surname_is_a_person_whatever_the_model_said(extract):
    rec = extract("Moldovan officials said Vasile Grosu would travel to Brussels. Lukas Meier of the ministry "
                  "agreed with the plan on Monday.", "2024-05-01")
    people = _typed(rec, "PERSON")
    assert {"Vasile Grosu", "Lukas Meier"} <= set(people)
    assert not {"Vasile Grosu", "Lukas Meier"} & set(_typed(rec, "ORG"))


def test_laws_agreements_and_treaty_acronyms_are_no_bodies(extract):
    rec = extract("Manila and Tokyo ratified the Japan-Philippines Reciprocal Access Agreement, and Beijing invoked "
                  "its Anti-Foreign Sanctions Law. Iran threatened to quit the NPT.", "2024-05-03")
    assert not {"Japan-Philippines Reciprocal Access Agreement", "Anti-Foreign Sanctions Law", "NPT"} & set(
        _typed(rec, "ORG"))


def test_a_hyphenated_modifier_before_the_class_word_still_makes_a_system(extract):
    rec = extract("Typhoons armed with MBDA Meteor long-range air-to-air missiles worry officials in Athens.",
                  "2024-05-03")
    assert entity(rec, "MBDA Meteor").type == "EQUIPMENT"


def test_given_names_are_known_with_and_without_accents():
    from sitrep.nlp.lexicon import lexicon

    names = lexicon().given_names
    assert {"María", "Maria", "José", "Jose", "Sofía", "Sofia"} <= names

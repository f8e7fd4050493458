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

"""Story and event clustering, transfer lifecycles, timeline, profile, search and new, over
hand-written articles: one meeting reported by three outlets (two of them the same wire copy), a
deal followed from interest to delivery under three spellings of the system."""

from __future__ import annotations

import pytest

from knowledge_helpers import ArmsTransfer, Event, Quote, ent, record, span, store_with
from sitrep.api import open as open_kb

WIRE = ("TEHRAN — Iran's defence minister Amir Hatami held talks with his Russian counterpart in Tehran on "
        "Tuesday about air defence cooperation, including the possible purchase of S-400 systems, the two "
        "ministries said in a joint statement released after the meeting ended late in the evening. "
        "\"Our cooperation is strategic,\" Hatami told reporters after the talks.")
WIRE_COPY = WIRE.replace("late in the evening", "late in the evening local time")
OWN = ("Amir Hatami and a visiting Russian delegation met in the Iranian capital on 14 May, our correspondent "
       "reports; officials gave few details beyond a shared interest in air defence.")
LATER = "Russia and Iran held a second round of defence consultations in Moscow in June."


def _meeting(text: str, date: str, location: str | None) -> Event:
    return Event(type="CONSULT", source="IRN", target="RUS", status="occurred", evidence=(0, 40), date=date,
                 location=location, source_actor="e3", target_actor="e2")


def _people(text: str) -> list:
    return [ent("e1", "COUNTRY", "Iran", text, code="IRN", kb_id="IRN", aliases=["Iranian"]),
            ent("e2", "COUNTRY", "Russia", text, code="RUS", kb_id="RUS", aliases=["Russian"]),
            ent("e3", "PERSON", "Amir Hatami", text, country="IRN", role="defence minister", aliases=["Hatami"])]


def _deal(rid: str, text: str, published: str, name: str, status: str, part: str, outlet: str):
    return record(rid, text, outlet, published, [
        ent("e1", "COUNTRY", "Iran", text, code="IRN", kb_id="IRN"),
        ent("e2", "COUNTRY", "Russia", text, code="RUS", kb_id="RUS"),
        ent("e4", "EQUIPMENT", name, text, category="fighter aircraft", origin="RUS")],
        transfers=[ArmsTransfer(supplier="RUS", recipient="IRN", equipment=name, status=status,
                                evidence=span(text, part), equipment_entity="e4")])


D1 = "Iran has shown interest in buying Su-30 fighters from Russia, a source said."
D2 = "Tehran and Moscow are negotiating the price of Su30 jets, Russian officials said."
D3 = "Iran has ordered 24 Sukhoi Su-30 aircraft from Russia under a contract signed this week."
D4 = "The first Su-30 fighters were delivered to Iran by Russia on Friday."


def _records():
    q = WIRE.index("Our cooperation")
    return [
        record("w1", WIRE, "Gulf Wire", "2024-05-14", _people(WIRE), [_meeting(WIRE, "2024-05-14", "Tehran")],
               quotes=[Quote(text="Our cooperation is strategic,", start=q, end=q + 29, speaker="Amir Hatami",
                             speaker_entity="e3")], title="Iran and Russia discuss air defence"),
        record("w2", WIRE_COPY, "Caspian Daily", "2024-05-15", _people(WIRE_COPY),
               [_meeting(WIRE_COPY, "2024-05-14", "Tehran")], title="Iran and Russia discuss air defence"),
        record("o1", OWN, "Levant Monitor", "2024-05-15", _people(OWN), [_meeting(OWN, "2024-05-14", None)]),
        record("l1", LATER, "Gulf Wire", "2024-06-20", _people(LATER)[:2],
               [Event(type="CONSULT", source="RUS", target="IRN", status="occurred", evidence=(0, 20),
                      date="2024-06", location="Moscow")]),
        _deal("d1", D1, "2023-01-10", "Su-30", "interest", "shown interest in buying Su-30", "Gulf Wire"),
        _deal("d2", D2, "2023-04-02", "Su30", "negotiation", "negotiating the price of Su30", "Caspian Daily"),
        _deal("d3", D3, "2023-09-15", "Sukhoi Su-30", "ordered", "ordered 24 Sukhoi Su-30", "Levant Monitor"),
        _deal("d4", D4, "2024-02-01", "Su-30", "delivered", "were delivered to Iran", "Gulf Wire"),
    ]


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    path = tmp_path_factory.mktemp("kb") / "k.db"
    store_with(path, _records()).close()
    with open_kb(path) as k:
        yield k


def test_wire_copies_are_one_story(kb):
    assert kb.stories() == [{"story_id": "w1", "articles": [
        {"article_id": "w1", "outlet": "Gulf Wire", "published": "2024-05-14",
         "title": "Iran and Russia discuss air defence", "similarity": 1.0},
        {"article_id": "w2", "outlet": "Caspian Daily", "published": "2024-05-15",
         "title": "Iran and Russia discuss air defence",
         "similarity": kb.stories()[0]["articles"][1]["similarity"]}]}]
    assert kb.stories()[0]["articles"][1]["similarity"] >= 0.7


def test_one_meeting_three_outlets_two_independent_sources(kb):
    (c,) = kb.clusters(dyad="IRN-RUS", min_articles=2)
    assert (c["type"], c["dyad"], c["date_start"], c["date_end"], c["location"]) == \
        ("CONSULT", "IRN-RUS", "2024-05-14", "2024-05-14", "Tehran")
    assert (c["n_events"], c["n_articles"], c["n_outlets"], c["n_independent"]) == (3, 3, 3, 2)
    assert [(a["article_id"], a["story_id"]) for a in c["articles"]] == [("w1", "w1"), ("o1", "o1"), ("w2", "w1")]
    assert len(kb.clusters(dyad="RUS-IRN")) == 2  # the June round in Moscow is another happening


def test_deal_lifecycle_from_interest_to_delivery(kb):
    (lc,) = kb.lifecycles(country="IRN")
    assert (lc["supplier"], lc["recipient"], lc["equipment_key"], lc["stage"], lc["n_reports"]) == \
        ("RUS", "IRN", "equipment:su-30", "delivered", 4)
    full = kb.lifecycle(lc["id"])
    assert full["reached"] == ["interest", "negotiation", "ordered", "delivered"]
    assert [(s["status"], s["first_date"], s["evidence"][0]["article_id"]) for s in full["steps"]] == [
        ("interest", "2023-01-10", "d1"), ("negotiation", "2023-04-02", "d2"),
        ("ordered", "2023-09-15", "d3"), ("delivered", "2024-02-01", "d4")]
    assert full["steps"][2]["evidence"][0]["evidence_text"] == "ordered 24 Sukhoi Su-30"
    assert kb.profile("Su30")["deals"][0]["id"] == lc["id"]


def test_timeline_counts_happenings_not_reports(kb):
    tl = kb.timeline("IRN-RUS", by="month")
    assert [(b["period"], b["events"], b["reports"], b["types"]) for b in tl["series"]] == [
        ("2024-05", 1, 3, {"CONSULT": 1}), ("2024-06", 1, 1, {"CONSULT": 1})]
    assert (tl["total_events"], tl["total_reports"]) == (2, 4)
    assert kb.timeline("IRN-RUS", type="AGREE")["series"] == []


def test_profile_of_person_and_country(kb):
    p = kb.profile("Amir Hatami")
    assert p["entity"]["id"] == "person:amir-hatami"
    assert (p["entity"]["mention_count"], p["entity"]["article_count"]) == (8, 3)
    assert p["roles"] == {"defence minister": 3}
    assert [m["article_id"] for m in p["meetings"]] == ["w1", "w2", "o1"]
    assert [q["text"] for q in p["quotes"]] == ["Our cooperation is strategic,"]
    assert (p["first_seen"], p["last_seen"]) == ("2024-05-14", "2024-05-15")
    assert p["sources"]["outlets"] == {"Caspian Daily": 1, "Gulf Wire": 1, "Levant Monitor": 1}
    irn = kb.profile("IRN")
    assert irn["event_counts"] == {"CONSULT": 4}
    assert [d["equipment"] for d in irn["deals"]] == ["Su-30"]


def test_search_articles_and_quotes_with_snippets(kb):
    hits = kb.search("S-400 purchase")
    assert {h["article_id"] for h in hits} == {"w1", "w2"}
    assert all("[S-400]" in h["snippet"] and "[purchase]" in h["snippet"] for h in hits)
    q = kb.search("strategic cooperation", kinds=("quote",))
    assert [(h["kind"], h["article_id"], h["speaker"]) for h in q] == [("quote", "w1", "Amir Hatami")]
    assert kb.search("deliveries")[0]["article_id"] == "d4"  # inflections match
    assert kb.search('S-400 AND (') == []  # unparseable FTS5: no error


def test_new_since(kb):
    n = kb.new("2000-01-01")
    assert n["counts"]["articles"] == 8
    assert {e["id"] for e in n["entities"]} == {"country:IRN", "country:RUS", "person:amir-hatami", "equipment:su-30"}
    assert [d["stage"] for d in n["deals"]] == ["delivered"]
    assert kb.new("2999-01-01")["counts"] == {"articles": 0, "entities": 0, "events": 0, "deals": 0}

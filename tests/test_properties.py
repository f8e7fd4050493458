"""Property tests: the ingest parsers and detectors, the time normaliser and the whole extract never
crash on arbitrary input, and every offset they report is valid and points at the reported text."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.errors import CODES, SitrepError
from sitrep.ingest.decode import decode_bytes
from sitrep.ingest.detect import FORMATS, detect_format
from sitrep.ingest.language import detect_language
from sitrep.ingest.readers import html_to_text, iso_date, read_bytes
from sitrep.nlp.timex import find_time_expressions
from sitrep.pipeline import extract_text
from sitrep.records import Article, DocError, Record

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# news-ish pieces, so that random texts hit the rules and the extractors, not only noise
WORDS = ["The", "minister", "said", "on", "Monday", "that", "Russia", "Iran", "delivered", "S-400", "systems",
         "to", "Turkey", "in", "March", "2021", "last", "week", "next", "month", "Friday", "(June", "27)",
         "\u201cWe", "will", "respond,\u201d", "he", "told", "Reuters.", "8-10", "April", "2023", "ago", "three",
         "years", "the", "1990s", "2019-2020", "mid-2024", "\"", "\u2014", "\n\n", "Defence", "Ministry", "Mr",
         "Putin", "Erdogan", "F-16", "jets", "signed", "a", "deal", "for", "24", "Rafale", "NATO", "Kyiv",
         "yesterday", "today", "10/11/2022", "2022-03-04", "Q3", "early", "May", "by", "end", "of", "year", ",",
         ".", "'s", "é", "\u00a0", "\t", "\u200b", "\U0001F600", "\ufeff", "\r\n", "A" * 50]
news_text = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), min_size=0, max_size=80).map(" ".join)
any_text = st.text(max_size=600) | news_text
# the publication dates ingest can hand on (readers.iso_date keeps years 1000-2999) ...
dates = st.none() | st.sampled_from(["2023-06-02", "2021", "2020-02", "1999-12-31", "2024-02-29", "bogus",
                                     "2023-13-40", "2023-02-30", "1000-01-01", "2999-12-31"])
# ... and what a Python API caller may pass (the pipeline drops what iso_date rejects)
any_dates = dates | st.sampled_from(["0001-01-01", "9999-12-31", "0000", "12345-01-01"])


def _assert_spans(text: str, spans, what: str) -> None:
    for s, e in spans:
        assert isinstance(s, int) and isinstance(e, int), (what, s, e)
        assert 0 <= s < e <= len(text), (what, s, e, len(text))


# ------------------------------------------------------------------------------------ ingest


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.html", "x.xml", "x.jsonl", "x.json", "x.csv", "x"]))
def test_detect_format_never_crashes(data, name):
    assert detect_format(data, name) in FORMATS
    try:
        text = decode_bytes(data)
    except SitrepError as exc:
        assert exc.code in ("E102", "E103")
        return
    assert "\r" not in text
    assert detect_format(text, name) in FORMATS


@FAST
@given(st.text(max_size=1000))
def test_utf8_text_decodes_to_itself(text):
    data = text.encode("utf-8", "surrogatepass")
    try:
        out = decode_bytes(data)
    except SitrepError as exc:  # control-heavy or NUL-bearing text is refused as binary, nothing else
        assert exc.code == "E102", exc
        return
    if not data.startswith(b"\xef\xbb\xbf") and "\x00" not in text:
        assert out == text.replace("\r\n", "\n").replace("\r", "\n")


def _structured(draw_text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([
        "<html><body><p>{t}</p><script>{t}</script></body></html>",
        "<?xml version='1.0'?><rss version='2.0'><channel><title>{t}</title><item><title>{t}</title>"
        "<description>{t}</description></item></channel></rss>",
        '{{"id": "a", "text": "{t}"}}\n{{"id": "b", "text": {t}}}\n{t}',
        "id,text\n1,{t}\n2,\"{t}\"\n3",
        "<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>{t}</title><content>{t}</content></entry></feed>",
        "[{{\"text\": \"{t}\"}}, {t}]",
        "{t}",
    ]).map(lambda tpl: tpl.format(t=draw_text))


@FAST
@given(st.data())
def test_read_bytes_yields_articles_or_coded_errors(data):
    body = data.draw(any_text)
    doc = data.draw(_structured(body))
    name = data.draw(st.sampled_from(["d.txt", "d.html", "d.xml", "d.jsonl", "d.json", "d.csv", "d"]))
    for item in read_bytes(doc.encode("utf-8", "surrogatepass"), name, name):
        assert isinstance(item, Article | DocError)
        if isinstance(item, DocError):
            assert item.code in CODES and item.code.startswith("E1") and item.message
        else:
            assert item.text.strip() and item.id and item.language in ("en", "und")


@FAST
@given(any_text)
def test_html_to_text_and_language_never_crash(text):
    out = html_to_text(text)
    assert isinstance(out, str) and "<script" not in html_to_text(f"<script>{text}</script>")
    assert re.fullmatch(r"[a-z]{2}|und", detect_language(text))


@FAST
@given(st.text(max_size=40) | st.sampled_from(["2023-06-02T10:00:00Z", "Tue, 10 Jun 2003 04:00:00 GMT",
                                              "2023-02-30", "2023-13", "1999", "Mon, 99 Foo 2020"]))
def test_iso_date_is_iso_or_none(value):
    out = iso_date(value)
    assert out is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", out)


# ------------------------------------------------------------------------------------ time expressions

VALUE = re.compile(r"(\d{4}(-(\d{2}(-\d{2})?|W\d{2}))?|\d{3}X|\d{2}XX)(/(\d{4}(-(\d{2}(-\d{2})?|W\d{2}))?|\d{3}X))?")


@FAST
@given(any_text, dates)
def test_time_expressions_offsets(text, published):
    found = find_time_expressions(text, published)
    prev_end = 0
    for t in found:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= prev_end  # sorted, no overlaps
        prev_end = t.end
        _assert_spans(text, t.mentions, "time mention")
        for s, e in t.mentions:
            assert text[s:e] == t.text
        assert t.value is None or isinstance(t.value, str) and t.value


@FAST
@given(any_text, dates, st.lists(st.tuples(st.integers(-5, 700), st.integers(-5, 700)), max_size=3))
def test_time_expressions_respect_exclusions(text, published, exclude):
    for t in find_time_expressions(text, published, exclude=exclude):
        for a, b in exclude:
            assert not (t.start < b and a < t.end and a < b), (t, a, b)


# ------------------------------------------------------------------------------------ whole extract


def check_record(rec: Record) -> None:
    """Every offset in the record is valid and points at the text the record reports."""
    text = rec.text
    for e in rec.entities:
        assert e.name and e.mentions, e
        _assert_spans(text, e.mentions, f"entity {e.name}")
    for t in rec.time_expressions:
        assert 0 <= t.start < t.end <= len(text) and text[t.start:t.end] == t.text
        for s, e in t.mentions:
            assert text[s:e] == t.text
    for q in rec.quotes:
        assert 0 <= q.start < q.end <= len(text) and text[q.start:q.end] == q.text, q
    for ev in rec.events:
        _assert_spans(text, [ev.evidence], f"event {ev.type}")
    for tr in rec.arms_transfers:
        _assert_spans(text, [tr.evidence], f"transfer {tr.equipment}")
    ids = {e.id for e in rec.entities}
    for ev in rec.events:
        for ref in (ev.source_actor, ev.target_actor):
            assert ref is None or ref in ids or isinstance(ref, str)
    rec.to_dict()  # serialisable shape


def _extract(text: str, published: str | None) -> Record:
    return extract_text(text, published=published)  # a per-document error would raise: none is expected


@SLOW
@given(news_text | st.text(max_size=300), any_dates)
def test_extract_never_crashes_and_offsets_are_valid(text, published):
    rec = _extract(text, published)
    check_record(rec)
    assert rec.text == text


@SLOW
@given(st.lists(st.sampled_from(WORDS), min_size=20, max_size=200).map(" ".join), dates)
def test_extract_long_news_like_texts(text, published):
    check_record(_extract(text, published))


def test_quote_mark_before_whitespace_only():
    check_record(extract_text("The The The The The The The The The The The The \u201cWe The said \n\n"))


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_out_of_range_publication_dates_are_dropped(published):
    rec = extract_text("The talks went on last Friday and will resume next month, the minister said.",
                       published=published)
    assert rec.published is None
    assert [(t.text, t.value) for t in rec.time_expressions] == [("last Friday", None), ("next month", None)]


# ------------------------------------------------------------------------------------ the atheris harness

@cache
def _fuzz_harness():
    import importlib.util  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    path = Path(__file__).resolve().parents[1] / "fuzz" / "fuzz_detect.py"
    spec = importlib.util.spec_from_file_location("fuzz_detect", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@FAST
@given(st.binary(max_size=1500))
def test_fuzz_harness_runs_without_atheris(data):
    _fuzz_harness().test_one_input(data)

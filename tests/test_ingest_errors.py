"""Bad input: each broken document becomes one clear DocError and the batch goes on."""

from __future__ import annotations

import json

import pytest

from sitrep.errors import CODES, SitrepError
from sitrep.ingest.decode import decode_bytes
from sitrep.ingest.readers import iter_articles, read_bytes
from sitrep.records import Article, DocError

P1 = ("The Defence Ministry said on Monday that the first batch of new armoured vehicles had arrived at the port "
      "after a two-week voyage from the factory.")
P2 = "Officials said the remaining vehicles would be delivered by the end of next year under the same contract."


def one(tmp_path, name: str, data: bytes, **kw) -> Article | DocError:
    p = tmp_path / name
    p.write_bytes(data)
    [item] = list(iter_articles([str(p)], **kw))
    return item


def error(item, code: str) -> DocError:
    assert isinstance(item, DocError), item
    assert item.code == code and code in CODES, item
    return item


def test_missing_path_and_the_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(P1)
    out = list(iter_articles([str(tmp_path / "nope.txt"), str(tmp_path / "good.txt")]))
    assert error(out[0], "E100").source == str(tmp_path / "nope.txt")
    assert isinstance(out[1], Article) and out[1].id == "good"


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t "])
def test_empty_file(tmp_path, data):
    e = error(one(tmp_path, "empty.txt", data), "E101")
    assert "empty" in e.message


def test_binary_file(tmp_path):
    e = error(one(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), "E102")
    assert "binary" in e.message
    error(one(tmp_path, "ctl.txt", bytes(range(1, 32)) * 20), "E102")


def test_invalid_utf8_is_a_clear_error(tmp_path):
    data = "The minister said the caf\u00e9 deal".encode() + b" was \xff\xfe final and the talks went on."
    e = error(one(tmp_path, "broken.txt", data), "E103")
    assert "offset 37" in e.message and "UTF-8" in e.message
    with pytest.raises(SitrepError) as exc:
        decode_bytes(bytes(range(0x80, 0x100)) * 4)
    assert exc.value.code == "E103" and "re-save it as UTF-8" in exc.value.message


def test_windows_1252_and_utf16_are_decoded(tmp_path):
    text = f"The minister called the caf\u00e9 deal \u201cfinal\u201d \u2014 {P1}"
    a = one(tmp_path, "w.txt", text.encode("cp1252"))
    assert isinstance(a, Article) and a.text == text
    b = one(tmp_path, "u.txt", text.encode("utf-16"))
    assert isinstance(b, Article) and b.text == text
    c = one(tmp_path, "u8.txt", b"\xef\xbb\xbf" + text.encode())
    assert isinstance(c, Article) and c.text == text


def test_too_large(tmp_path):
    e = error(one(tmp_path, "big.txt", (P1 + "\n").encode() * 10, max_bytes=100), "E104")
    assert "100 bytes" in e.message and "--max-bytes" in e.message


def test_html_with_only_scripts_and_iframes(tmp_path):
    page = (b"<html><head><script>var a = 'The quick brown fox jumps over the lazy dog again and again';</script>"
            b"</head><body><iframe src='https://ads.example.com'>The frame text should never be read as the "
            b"article</iframe><script>document.write('more script text that is long enough')</script></body></html>")
    e = error(one(tmp_path, "empty.html", page), "E105")
    assert "no main text" in e.message


def test_deeply_nested_html_does_not_crash(tmp_path):
    page = ("<html><body>" + "<div>" * 20000 + f"<p>{P1}</p>" + "</div>" * 20000 + "</body></html>").encode()
    item = one(tmp_path, "deep.html", page)
    assert isinstance(item, Article) and item.text == P1


def test_recursion_error_becomes_e105(monkeypatch):
    import trafilatura

    def boom(*a, **k):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    [e] = list(read_bytes(b"<!doctype html><html><body><p>x</p></body></html>", "deep.html", "deep.html"))
    assert error(e, "E105").message.startswith("the html document is too deeply nested")


def test_malformed_feed(tmp_path):
    e = error(one(tmp_path, "bad.xml", b"<?xml version='1.0'?><rss version='2.0'><channel><title>X</title>"
                                       b"<description>cut off"), "E106")
    assert "malformed feed" in e.message


def test_bozo_feed_with_entries_is_read(tmp_path):
    feed = (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>One</title>"
            f"<link>https://wire.example.org/one</link><description>{P1} &nbsp; &bogus;</description></item>"
            f"</channel></rss>").encode()
    item = one(tmp_path, "bozo.xml", feed)
    assert isinstance(item, Article) and item.id == "one" and item.text.startswith(P1)


def test_gigantic_feed(tmp_path):
    items = "".join(f"<item><title>Item {i}</title><link>https://wire.example.org/a/{i}</link>"
                    f"<description>{P1}</description></item>" for i in range(1500))
    p = tmp_path / "huge.xml"
    p.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>W</title>{items}</channel></rss>")
    out = list(iter_articles([str(p)]))
    assert len(out) == 1500 and all(isinstance(a, Article) for a in out)
    assert out[-1].id == "wire-example-org-a-1499" and out[-1].source == f"{p}#item-1500"
    error(next(iter_articles([str(p)], max_bytes=10_000)), "E104")


def test_jsonl_broken_lines_and_missing_text(tmp_path):
    lines = [json.dumps({"id": "a", "text": P1}), '{"id": "b", "text": "unterminated', json.dumps({"id": "c"}),
             json.dumps(["not", "an", "object"]), json.dumps({"id": "d", "text": 42}), json.dumps({"text": P2})]
    p = tmp_path / "mixed.jsonl"
    p.write_text("\n".join(lines))
    out = list(iter_articles([str(p)]))
    assert [(type(x).__name__, x.id, getattr(x, "code", None)) for x in out] == [
        ("Article", "a", None), ("DocError", "mixed-2", "E107"), ("DocError", "c", "E108"),
        ("DocError", "mixed-4", "E107"), ("DocError", "d", "E108"), ("Article", "mixed-6", None)]
    assert out[1].source == f"{p}:line 2" and "line 2 is not valid JSON" in out[1].message
    assert 'no "text" field' in out[2].message


def test_broken_json_file(tmp_path):
    e = error(one(tmp_path, "x.json", b'[{"id": "a", "text": "x"},'), "E107")
    assert "not valid JSON" in e.message


def test_csv_ragged_rows(tmp_path):
    p = tmp_path / "rows.csv"
    p.write_text(f'id,text\nr1,"{P1}"\nr2,"{P2}",extra\nr3\nr4,"{P2}"\n')
    out = list(iter_articles([str(p)]))
    assert [(type(x).__name__, x.id, getattr(x, "code", None)) for x in out] == [
        ("Article", "r1", None), ("DocError", "rows-3", "E109"), ("DocError", "rows-4", "E109"),
        ("Article", "r4", None)]
    assert out[1].message.startswith("CSV row 3 (line 3) has 3 fields but the header has 2")


def test_csv_without_text_column(tmp_path):
    e = error(one(tmp_path, "t.csv", b"id,body\n1,hello\n"), "E108")
    assert "columns: id, body" in e.message


def test_non_english_article(tmp_path):
    text = ("Die Bundesregierung hat am Mittwoch beschlossen, weitere Panzer an die Ukraine zu liefern. "
            "Der Verteidigungsminister sagte, die Lieferung solle noch in diesem Jahr erfolgen.")
    e = error(one(tmp_path, "de.txt", text.encode()), "E110")
    assert e.message.startswith("looks like German (de); sitrep extracts English only")


def test_too_short(tmp_path):
    e = error(one(tmp_path, "s.txt", b"Tanks arrive. 12 34"), "E111")
    assert "too short" in e.message


def test_a_5000_character_word(tmp_path):
    text = "The minister said " + "x" * 5000 + " and the talks on the arms deal went on through the night."
    a = one(tmp_path, "word.txt", text.encode())
    assert isinstance(a, Article) and a.text == text

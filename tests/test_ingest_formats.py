"""Ingest readers: each input format gives exactly the expected articles."""

from __future__ import annotations

import io
import json
import sys

import pytest

from sitrep.ingest.decode import decode_bytes
from sitrep.ingest.detect import detect_format
from sitrep.ingest.language import detect_language
from sitrep.ingest.readers import html_to_text, iso_date, iter_articles
from sitrep.records import Article, DocError

P1 = ("The Defence Ministry said on Monday that the first batch of new armoured vehicles had arrived at the port "
      "after a two-week voyage from the factory.")
P2 = "Officials said the remaining vehicles would be delivered by the end of next year under the same contract."


def articles(items) -> list[Article]:
    out = list(items)
    assert all(isinstance(a, Article) for a in out), [a for a in out if isinstance(a, DocError)]
    return out


# ------------------------------------------------------------------ detection
@pytest.mark.parametrize(("content", "name", "fmt"), [
    ("Plain words about a treaty.", "a.txt", "text"),
    ("<!DOCTYPE html><html><body><p>x</p></body></html>", None, "html"),
    ("<div><p>One</p><p>Two</p><p>Three</p><a href='x'>link</a></div>", None, "html"),
    ('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "feed", "feed"),
    ('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>', None, "feed"),
    ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', None, "feed"),
    ('{"id": "a", "text": "x"}\n{"id": "b", "text": "y"}\n', "x.txt", "jsonl"),
    ('{"id": "a", "text": "x"}\n', "x.jsonl", "jsonl"),
    ('[{"id": "a", "text": "x"}]', None, "json"),
    ('{\n  "id": "a",\n  "text": "x"\n}\n', None, "json"),
    ("id,text\n1,hello\n", None, "csv"),
    ("title;text;url\nA;b;c\n", None, "csv"),
    ("anything at all", "table.csv", "csv"),
    ("Price < 5 and > 3 is the rule.", None, "text"),
])
def test_detect_format(content, name, fmt):
    assert detect_format(content, name) == fmt
    assert detect_format(content.encode("utf-8"), name) == fmt


# ------------------------------------------------------------------ text
def test_text_file_is_one_article_named_by_its_stem(tmp_path):
    p = tmp_path / "navy-report.txt"
    p.write_bytes(f"{P1}\r\n\r\n{P2}\r\n".encode())
    [a] = articles(iter_articles([str(p)]))
    assert (a.id, a.format, a.source, a.language, a.title) == ("navy-report", "text", str(p), "en", None)
    assert a.text == f"{P1}\n\n{P2}\n"


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(P1.encode())))
    [a] = articles(iter_articles(["-"]))
    assert (a.id, a.source, a.text) == ("stdin", "<stdin>", P1)


def test_directory_is_read_recursively_in_order_without_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "two.txt").write_text(P2)
    (tmp_path / "a.txt").write_text(P1)
    (tmp_path / ".hidden.txt").write_text(P1)
    (tmp_path / ".git" / "x.txt").write_text(P1)
    assert [a.id for a in articles(iter_articles([str(tmp_path)]))] == ["a", "two"]


# ------------------------------------------------------------------ html
def test_html_main_text_and_metadata(tmp_path):
    page = f"""<!DOCTYPE html><html lang="en"><head>
<title>Vehicles arrive | Harbour Times</title>
<meta property="og:title" content="First armoured vehicles arrive">
<meta property="og:site_name" content="Harbour Times">
<meta property="og:url" content="https://harbour.example.com/2023/05/02/vehicles">
<meta property="article:published_time" content="2023-05-02T09:30:00Z">
<script>var tracking = "SCRIPTLEAK";</script><style>.x{{color:red}}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>First armoured vehicles arrive</h1>
<p>{P1}</p>
<iframe src="https://ads.example.com">IFRAMELEAK</iframe>
<script>document.write("SCRIPTLEAK2")</script>
<p>{P2}</p></article>
<footer>Copyright Harbour Times</footer></body></html>"""
    p = tmp_path / "vehicles.html"
    p.write_text(page)
    [a] = articles(iter_articles([str(p)]))
    assert (a.id, a.format, a.title, a.outlet, a.published, a.url) == (
        "vehicles", "html", "First armoured vehicles arrive", "Harbour Times", "2023-05-02",
        "https://harbour.example.com/2023/05/02/vehicles")
    assert a.text == f"First armoured vehicles arrive\n{P1}\n{P2}"
    assert "LEAK" not in a.text


# ------------------------------------------------------------------ feeds
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Times: Defence</title><link>https://harbour.example.com/</link>
<item><title>Vehicles arrive &amp; unload</title><link>https://harbour.example.com/2023/05/02/vehicles-arrive.html</link>
<guid isPermaLink="false">https://harbour.example.com/?p=4411</guid>
<pubDate>Tue, 02 May 2023 23:30:00 +0800</pubDate>
<description><![CDATA[<figure><img src="x.jpg"/><figcaption>A caption</figcaption></figure><p>{P1}</p><script>x()</script><p>{P2}</p>]]></description></item>
<item><title>Second item</title><link>https://harbour.example.com/news/second-item</link>
<pubDate>Wed, 03 May 2023 08:00:00 GMT</pubDate><description>{P2} {P1}</description></item>
<item><title>No link</title><description>{P1}</description></item>
</channel></rss>"""


def test_rss_entries(tmp_path):
    p = tmp_path / "defence.xml"
    p.write_text(RSS)
    a, b, c = articles(iter_articles([str(p)]))
    assert (a.id, a.title, a.url, a.published, a.outlet, a.source, a.format) == (
        "harbour-example-com-p-4411", "Vehicles arrive & unload",
        "https://harbour.example.com/2023/05/02/vehicles-arrive.html", "2023-05-02", "Harbour Times: Defence",
        f"{p}#item-1", "feed")
    assert a.text == f"{P1}\n\n{P2}"
    assert (b.id, b.published, b.text) == ("second-item", "2023-05-03", f"{P2} {P1}")
    assert (c.id, c.url, c.published, c.source) == ("defence-3", None, None, f"{p}#item-3")


def test_atom_entries(tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Defence Wire</title>
<entry><id>tag:wire.example.org,2024:brief-77</id><title>Brief</title>
<link href="https://wire.example.org/brief-77"/><updated>2024-02-10T18:00:00Z</updated>
<content type="html">&lt;p&gt;{P1}&lt;/p&gt;</content></entry></feed>"""
    p = tmp_path / "wire.atom"
    p.write_text(atom)
    [a] = articles(iter_articles([str(p)]))
    assert (a.id, a.title, a.url, a.published, a.outlet, a.text) == (
        "tag-wire-example-org-2024-brief-77", "Brief", "https://wire.example.org/brief-77", "2024-02-10",
        "Atom Defence Wire", P1)


# ------------------------------------------------------------------ jsonl, json, csv
def test_jsonl_records(tmp_path):
    rows = [
        {"id": "n1", "text": P1, "title": "Vehicles", "url": "https://x.example/n1", "outlet": "X Daily",
         "published": "2023-05-02T10:00:00Z", "section": "defence"},
        {"text": P2},
    ]
    p = tmp_path / "batch.jsonl"
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    a, b = articles(iter_articles([str(p)]))
    assert (a.id, a.title, a.url, a.outlet, a.published, a.meta, a.source, a.format) == (
        "n1", "Vehicles", "https://x.example/n1", "X Daily", "2023-05-02", {"section": "defence"},
        f"{p}:line 1", "jsonl")
    assert (b.id, b.text, b.title, b.source) == ("batch-2", P2, None, f"{p}:line 2")


@pytest.mark.parametrize("shape", ["list", "object", "articles"])
def test_json_shapes(tmp_path, shape):
    one = {"id": 7, "text": P1, "published": "2021-03"}
    doc = {"list": [one, {"text": P2}], "object": one, "articles": {"articles": [one, {"text": P2}]}}[shape]
    p = tmp_path / "corpus.json"
    p.write_text(json.dumps(doc))
    out = articles(iter_articles([str(p)]))
    assert (out[0].id, out[0].text, out[0].published, out[0].format) == ("7", P1, "2021-03", "json")
    if shape == "object":
        assert len(out) == 1 and out[0].source == str(p)
    else:
        assert [(a.id, a.source) for a in out] == [("7", f"{p}#item-1"), ("corpus-2", f"{p}#item-2")]


def test_csv_records(tmp_path):
    p = tmp_path / "rows.csv"
    p.write_text(f'id,title,text,region\nr1,First,"{P1}\n\n{P2}",Europe\n,Second,"{P2}",Asia\n')
    a, b = articles(iter_articles([str(p)]))
    assert (a.id, a.title, a.text, a.meta, a.source, a.format) == (
        "r1", "First", f"{P1}\n\n{P2}", {"region": "Europe"}, f"{p}:line 2", "csv")
    assert (b.id, b.title, b.source) == ("rows-3", "Second", f"{p}:line 5")


# ------------------------------------------------------------------ helpers
def test_decode_keeps_text_but_normalises_newlines():
    assert decode_bytes(b"a\r\nb\rc\n") == "a\nb\nc\n"
    assert decode_bytes("\ufeffcaf\u00e9".encode()) == "caf\u00e9"
    assert decode_bytes("r\u00e9sum\u00e9".encode("utf-32")) == "r\u00e9sum\u00e9"
    assert decode_bytes("caf\u00e9 \u201cok\u201d".encode("utf-16-be")) == "caf\u00e9 \u201cok\u201d"  # no BOM


def test_iso_date():
    assert [iso_date(x) for x in ("2020-08-25", "2020-08-25T23:00:00+03:00", "2020-08", "2020",
                                  "Tue, 02 May 2023 23:30:00 +0800", "yesterday", None, "2020-13-01")] == [
        "2020-08-25", "2020-08-25", "2020-08", "2020", "2023-05-02", None, None, None]


def test_html_to_text():
    assert html_to_text("<p>One &amp; two</p><script>bad()</script><p>Three<br>four</p>") == \
        "One & two\n\nThree\n\nfour"


@pytest.mark.parametrize(("text", "lang"), [
    (P1 + " " + P2, "en"),
    ("Vladimir Putin met Recep Tayyip Erdogan and Ebrahim Raisi in Tehran on Tuesday.", "en"),
    ("Olaf Scholz, Emmanuel Macron, Giorgia Meloni and Pedro Sanchez", "en"),
    ("Die Bundesregierung hat am Mittwoch beschlossen, weitere Panzer an die Ukraine zu liefern. Der Minister "
     "sagte, die Lieferung solle noch in diesem Jahr erfolgen.", "de"),
    ("Le gouvernement a annoncé mercredi la livraison de nouveaux avions de combat à la Grèce, selon le "
     "ministère des Armées.", "fr"),
    ("Министерство обороны сообщило о поставках новых танков.", "ru"),
    ("Міністерство оборони повідомило про нові поставки.", "uk"),
    ("国防部表示，新型战斗机已经交付空军。", "zh"),
    ("وقالت وزارة الدفاع إن الطائرات الجديدة وصلت إلى القاعدة.", "ar"),
    ("12345 67890 !!!", "und"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang

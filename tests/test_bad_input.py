"""The bad-input corpus through `sitrep extract` and `sitrep ingest`: one clear error per bad document
(exact code, a message saying what to do), every good document extracted and stored, exit code 1.

The corpus is generated here; the ingest readers are tested piece by piece in test_ingest_errors.py.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from sitrep.cli import cli

P1 = ("The Defence Ministry said on Monday that the first batch of new armoured vehicles had arrived at the port "
      "after a two-week voyage from the factory.")
P2 = "Officials said the remaining vehicles would be delivered by the end of next year under the same contract."
P3 = ("The navy said on Tuesday that two frigates would join the exercise in the Baltic Sea next month, "
      "according to a statement from the ministry.")
LONG_WORD = "x" * 5000


def _rss(items: str) -> str:
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>{items}</channel></rss>"


def build_corpus(d) -> None:
    """Write every kind of bad (and a few awkward but good) documents into directory ``d``."""
    w = lambda name, data: (d / name).write_bytes(data)  # noqa: E731
    w("a_good.txt", f"{P1}\n\n{P2}\n".encode())
    w("b_empty.txt", b"")
    w("c_blank.txt", b"  \n\t\r\n ")
    w("d_binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    w("e_big.txt", (P1 + "\n").encode() * (20_000_000 // (len(P1) + 1) + 1))  # a 20 MB article
    w("f_badutf8.txt", f"{P1} The caf\u00e9 deal".encode() + b" was \xff\xfe final, the minister said again.")
    w("g_cp1252.txt", f"The minister called the caf\u00e9 deal \u201cfinal\u201d \u2014 {P3}".encode("cp1252"))
    w("h_utf16.txt", f"{P2} The caf\u00e9 talks went on.".encode("utf-16"))
    w("i_scripts.html", b"<html><head><script>var a = 'The quick brown fox jumps over the lazy dog again';</script>"
                        b"</head><body><iframe src='https://ads.example.com'>Frame text must never be read as "
                        b"the article</iframe><script>document.write('<p>injected text</p>')</script></body></html>")
    w("j_nobody.html", b"<!doctype html><html><head><title>Only a title</title></head></html>")
    w("k_deep.html", ("<html><body>" + "<div>" * 20000 + f"<p>{P3}</p>" + "</div>" * 20000
                      + "</body></html>").encode())
    w("l_broken.xml", b"<?xml version='1.0'?><rss version='2.0'><channel><title>X</title><description>cut off")
    (d / "m_huge.xml").write_text(_rss(f"<item><title>Huge</title><description>{P1 * 90_000}</description></item>"))
    lines = [json.dumps({"id": "j-ok", "text": P2 + " " + P3}), '{"id": "j-bad", "text": "unterminated',
             json.dumps({"id": "j-notext", "title": "No text here"}), json.dumps({"id": "j-num", "text": 42})]
    w("n_records.jsonl", "\n".join(lines).encode())
    w("o_rows.csv", f'id,text\nr-ok,"{P1} {P3}"\nr-ragged,"{P2}",extra\nr-short\n'.encode())
    w("p_german.txt", b"Die Bundesregierung hat am Mittwoch beschlossen, weitere Panzer an die Ukraine zu liefern. "
                      b"Der Verteidigungsminister sagte, die Lieferung solle noch in diesem Jahr erfolgen.")
    w("q_french.txt", "Le gouvernement a annoncé mardi la livraison de nouveaux avions de combat à la Grèce. Le "
                      "ministre a déclaré que les appareils arriveraient avant la fin de l'année.".encode())
    w("r_russian.txt", "Министерство обороны заявило в понедельник, что первая партия новых бронемашин прибыла в "
                       "порт после двухнедельного перехода.".encode())
    w("s_word.txt", f"The minister said {LONG_WORD} and the talks on the arms deal went on through the night.".encode())


# source file (or file:line) → the exact error code it must get
EXPECTED_ERRORS = {
    "b_empty.txt": "E101", "c_blank.txt": "E101", "d_binary.txt": "E102", "e_big.txt": "E104",
    "f_badutf8.txt": "E103", "i_scripts.html": "E105", "j_nobody.html": "E105", "l_broken.xml": "E106",
    "m_huge.xml": "E104", "n_records.jsonl:line 2": "E107", "n_records.jsonl:line 3": "E108",
    "n_records.jsonl:line 4": "E108", "o_rows.csv:line 3": "E109", "o_rows.csv:line 4": "E109",
    "p_german.txt": "E110", "q_french.txt": "E110", "r_russian.txt": "E110",
}
# what each message must say (what is wrong and what to do)
EXPECTED_WORDS = {
    "E101": ["empty", "nothing to extract"], "E102": ["binary", "convert it"], "E103": ["UTF-8", "re-save"],
    "E104": ["too large", "--max-bytes"], "E105": ["no main text", "save the article page"],
    "E106": ["malformed feed", "complete RSS or Atom"], "E107": ["not valid JSON", "fix or remove that line"],
    "E108": ['"text"', "each record needs"], "E109": ["fields but the header has", "quote fields"],
    "E110": ["English only", "Translate"],
}
LANGS = {"p_german.txt": "German (de)", "q_french.txt": "French (fr)", "r_russian.txt": "Russian (ru)"}
GOOD_IDS = {"a_good", "g_cp1252", "h_utf16", "k_deep", "j-ok", "r-ok", "s_word"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad") / "in"
    d.mkdir()
    build_corpus(d)
    return d


def _rel(source: str, corpus) -> str:
    return source.removeprefix(str(corpus) + "/")


def _check_errors(errors: dict[str, tuple[str, str]]) -> None:
    assert {k: v[0] for k, v in errors.items()} == EXPECTED_ERRORS
    for src, (code, msg) in errors.items():
        for word in EXPECTED_WORDS[code]:
            assert word in msg, (src, msg)
    for src, lang in LANGS.items():
        assert f"looks like {lang}" in errors[src][1]


@pytest.fixture(scope="module")
def extracted(corpus):
    res = CliRunner().invoke(cli, ["extract", str(corpus), "--format", "jsonl"])
    return res


def test_extract_reports_each_bad_document_and_goes_on(extracted, corpus):
    assert extracted.exit_code == 1, extracted.output
    lines = [json.loads(x) for x in extracted.stdout.splitlines()]
    errors = {_rel(x["source"], corpus): (x["error"]["code"], x["error"]["message"]) for x in lines if "error" in x}
    _check_errors(errors)
    for src, (code, msg) in errors.items():  # and the same line on stderr
        assert f"error: {corpus}/{src}: [{code}] {msg}" in extracted.stderr
    records = {x["id"]: x for x in lines if "error" not in x}
    assert set(records) == GOOD_IDS


def test_extract_good_records_are_right(extracted):
    records = {x["id"]: x for x in map(json.loads, extracted.stdout.splitlines()) if "error" not in x}
    assert records["g_cp1252"]["text"].startswith("The minister called the caf\u00e9 deal \u201cfinal\u201d \u2014")
    assert records["h_utf16"]["text"] == f"{P2} The caf\u00e9 talks went on."
    assert records["k_deep"]["text"] == P3
    assert records["a_good"]["text"] == f"{P1}\n\n{P2}\n"
    word = records["s_word"]
    assert LONG_WORD in word["text"]
    for rec in records.values():
        assert "<script" not in rec["text"] and "injected" not in rec["text"]
        assert rec["language"] == "en"
        n = len(rec["text"])
        for e in rec["entities"]:
            for s, t in e["mentions"]:
                assert 0 <= s < t <= n
        for t in rec["time_expressions"]:
            assert rec["text"][t["start"]:t["end"]] == t["text"]


def test_ingest_stores_the_good_and_records_the_bad(corpus, tmp_path):
    db = tmp_path / "s.db"
    runner = CliRunner()
    res = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db)])
    assert res.exit_code == 1, res.output
    n_err = len(EXPECTED_ERRORS)
    assert f"articles: {len(GOOD_IDS)} new, 0 already present, {n_err} failed" in res.output
    for src, code in EXPECTED_ERRORS.items():
        assert f"  failed: {corpus}/{src}: [{code}] " in res.output
    conn = sqlite3.connect(db)
    ids = {r[0] for r in conn.execute("SELECT id FROM articles")}
    failed = {_rel(r[0], corpus): (r[1], r[2]) for r in conn.execute("SELECT source, code, message FROM failed_documents")}
    conn.close()
    assert ids == GOOD_IDS
    _check_errors(failed)

    again = runner.invoke(cli, ["ingest", str(corpus), "--db", str(db)])  # re-run: nothing added twice
    assert again.exit_code == 1
    assert f"articles: 0 new, {len(GOOD_IDS)} already present, {n_err} failed" in again.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == len(GOOD_IDS)
    assert conn.execute("SELECT count(*) FROM failed_documents").fetchone()[0] == n_err
    conn.close()


def test_all_good_exits_0(tmp_path):
    (tmp_path / "one.txt").write_text(f"{P1}\n\n{P2}\n")
    res = CliRunner().invoke(cli, ["ingest", str(tmp_path / "one.txt"), "--db", str(tmp_path / "s.db")])
    assert res.exit_code == 0, res.output
    assert "articles: 1 new, 0 already present, 0 failed" in res.output


def test_max_bytes_option_applies(tmp_path):
    (tmp_path / "one.txt").write_text(f"{P1}\n\n{P2}\n")
    res = CliRunner().invoke(cli, ["extract", str(tmp_path / "one.txt"), "--max-bytes", "50"])
    assert res.exit_code == 1
    [line] = res.stdout.splitlines()
    assert json.loads(line)["error"]["code"] == "E104"
    assert "the limit is 50 bytes" in json.loads(line)["error"]["message"]

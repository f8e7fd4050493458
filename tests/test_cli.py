"""The CLI: every command has help; extract/ingest/show/stats/eval do what the README says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sitrep.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
ARTICLE = (" date 2023-06-02 ANKARA, Turkey — Turkish Defence Minister Yasar Guler met his Azerbaijani "
           "counterpart Zakir Hasanov in Ankara on Thursday, the ministry said.\n\nThe two ministers "
           "discussed joint exercises planned for next month, Anadolu Agency reported.\n")


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "guler.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    return d


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_documented(runner, command):
    res = runner.invoke(cli, [command, "--help"])
    assert res.exit_code == 0
    assert "Usage:" in res.output and len(res.output.splitlines()) > 4
    assert re.search(rf"`sitrep {command}\b", README), f"README does not document `sitrep {command}`"


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The group itself and every command and subcommand under it, as argument paths."""
    out = [prefix]
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            out += _command_paths(cmd, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


@pytest.mark.parametrize("path", _command_paths(cli), ids=lambda p: " ".join(p) or "sitrep")
def test_every_command_and_subcommand_help_runs(runner, path):
    res = runner.invoke(cli, [*path, "--help"], prog_name="sitrep")
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"Usage: {' '.join(('sitrep', *path))} ")
    cmd = cli
    for name in path:
        cmd = cmd.commands[name]
    summary = cmd.get_short_help_str(limit=10_000).rstrip(".…")
    assert summary and summary[:40] in " ".join(res.output.split())


def test_extract_jsonl_reports_bad_documents_and_goes_on(runner, corpus):
    res = runner.invoke(cli, ["extract", str(corpus), "--format", "jsonl"])
    assert res.exit_code == 1  # one document failed
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    errors = [x for x in lines if "error" in x]
    records = [x for x in lines if "error" not in x]
    assert [e["error"]["code"] for e in errors] == ["E101"]
    (rec,) = records
    assert rec["id"] == "guler"
    assert rec["published"] == "2023-06-02"
    assert rec["dateline"] == {"place": "Ankara", "country": "TUR"}
    names = {(e["type"], e["name"]) for e in rec["entities"]}
    assert {("PERSON", "Yasar Guler"), ("PERSON", "Zakir Hasanov"), ("COUNTRY", "Turkey"),
            ("COUNTRY", "Azerbaijan")} <= names
    assert rec["sources_cited"] == ["Anadolu Agency"]
    for e in rec["entities"]:
        for s, t in e["mentions"]:
            assert 0 <= s < t <= len(rec["text"])


def test_extract_json_and_table_formats(runner, corpus, tmp_path):
    out = tmp_path / "out.json"
    res = runner.invoke(cli, ["extract", str(corpus / "guler.txt"), "--format", "json", "-o", str(out)])
    assert res.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == ["guler"]
    res = runner.invoke(cli, ["extract", str(corpus / "guler.txt"), "--format", "table"])
    assert "PERSON    Yasar Guler" in res.stdout


DELIVERY = (" date 2019-09-14 ANKARA — Russia delivered S-400 systems to Turkey in July, the ministry said.\n\n"
            "\"The second battery will arrive next year,\" Defence Minister Hulusi Akar told reporters on Friday.\n")


def test_extract_table_shows_events_transfers_and_quotes_with_evidence(runner, tmp_path):
    path = tmp_path / "delivery.txt"
    path.write_text(DELIVERY, encoding="utf-8")
    res = runner.invoke(cli, ["extract", str(path), "--format", "table"])
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()

    def row(prefix: str) -> tuple[str, str]:
        (i,) = [k for k, ln in enumerate(lines) if ln.startswith(prefix)]
        return lines[i], lines[i + 1]

    event, ev_evidence = row("  EVENT     AID RUS → TUR")
    assert event.split()[-3:] == ["occurred", "2019-07", "military"]
    transfer, tr_evidence = row("  TRANSFER  RUS → TUR S-400")
    assert transfer.split()[-2:] == ["delivered", "2019-07"]
    quote, q_evidence = row("  QUOTE     Hulusi Akar")
    for evidence in (ev_evidence, tr_evidence, q_evidence):
        assert evidence.startswith(" " * 12) and len(evidence.strip()) <= 102
    assert "Russia delivered S-400 systems to Turkey in July" in ev_evidence
    assert "Russia delivered S-400 systems to Turkey in July" in tr_evidence
    assert '"The second battery will arrive next year,"' in q_evidence
    assert q_evidence.strip().startswith("…") and q_evidence.endswith("…")
    assert "PERSON    Hulusi Akar" in res.stdout and lines[-1] == lines[-1].rstrip()


def test_snippet_centres_short_spans_and_cuts_long_ones():
    from sitrep.cli import snippet

    text = "One two three.\n\nFour five six seven eight nine ten eleven twelve.\nThirteen fourteen."
    s, e = text.index("Four"), text.index("twelve.") + 7
    assert snippet(text, s, e, width=200) == " ".join(text.split())  # everything fits: no ellipsis
    assert snippet(text, s, e, width=70) == "…three. Four five six seven eight nine ten eleven twelve. Thirteen…"
    assert snippet(text, s, e, width=60) == "Four five six seven eight nine ten eleven twelve."  # no half words
    assert snippet(text, s, e, width=20) == "Four five six seven…"  # long: from the span's start
    assert snippet(text, s, e, width=20, focus=text.index("nine")) == "…eight nine ten…"
    assert "\n" not in snippet(text, 0, len(text), width=30)


def test_extract_from_stdin(runner):
    res = runner.invoke(cli, ["extract", "-"], input=ARTICLE)
    assert res.exit_code == 0
    assert json.loads(res.stdout.splitlines()[0])["published"] == "2023-06-02"


def test_ingest_is_idempotent_and_show_stats_work(runner, corpus, tmp_path):
    db = str(tmp_path / "s.db")
    first = runner.invoke(cli, ["ingest", str(corpus), "--db", db])
    assert first.exit_code == 1
    assert "1 new, 0 already present, 1 failed" in first.output
    second = runner.invoke(cli, ["ingest", str(corpus / "guler.txt"), "--db", db])
    assert second.exit_code == 0
    assert "0 new, 1 already present, 0 failed" in second.output
    shown = runner.invoke(cli, ["show", "guler", "--db", db])
    assert shown.exit_code == 0 and "Yasar Guler" in shown.output
    stats = runner.invoke(cli, ["stats", "--db", db, "--json"])
    assert json.loads(stats.output)["articles"] == 1


def test_missing_store_is_a_clear_error():
    import sys
    from subprocess import run

    res = run([sys.executable, "-m", "sitrep", "stats", "--db", "/nonexistent/x.db"], capture_output=True, text=True)
    assert res.returncode == 2
    assert "E300" in res.stderr and "sitrep ingest" in res.stderr


def _stored(tmp_path) -> str:
    """A store with two hand-made records: the CLI filters are tested apart from extraction."""
    from sitrep.records import ArmsTransfer, Event, Record
    from sitrep.store.store import Store

    db = str(tmp_path / "f.db")
    a = Record(id="a1", text="Iran and Russia held talks. Russia delivered S-400 systems to India.", published="2021-03-04")
    a.events = [Event("CONSULT", "IRN", "RUS", "occurred", (0, 26), date="2021-03"),
                Event("AID", "RUS", "IND", "occurred", (28, 67), date="2021-03")]
    a.arms_transfers = [ArmsTransfer("RUS", "IND", "S-400", "delivered", (28, 67))]
    b = Record(id="b2", text="Russia will visit Iran. Turkey ordered Bayraktar TB2 drones.", published="2022-05-01")
    b.events = [Event("CONSULT", "RUS", "IRN", "planned", (0, 22), date="2022-06")]
    b.arms_transfers = [ArmsTransfer("TUR", "UKR", "Bayraktar TB2", "ordered", (24, 60))]
    with Store.open(db) as store:
        store.write(a)
        store.write(b)
    return db


def test_events_filters(runner, tmp_path):
    db = _stored(tmp_path)
    res = runner.invoke(cli, ["events", "--db", db, "--dyad", "IRN-RUS", "--format", "jsonl"])
    assert res.exit_code == 0
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert sorted((r["article_id"], r["source"], r["target"], r["status"]) for r in rows) == [
        ("a1", "IRN", "RUS", "occurred"), ("b2", "RUS", "IRN", "planned")]
    res = runner.invoke(cli, ["events", "--db", db, "--country", "IND", "--type", "aid", "--format", "csv"])
    lines = res.stdout.splitlines()
    assert lines[0].startswith("article_id,type,mode,source,target,status")
    assert len(lines) == 2 and lines[1].startswith("a1,AID,,RUS,IND,occurred")
    res = runner.invoke(cli, ["events", "--db", db, "--since", "2022", "--format", "jsonl"])
    assert [json.loads(x)["article_id"] for x in res.stdout.splitlines()] == ["b2"]
    res = runner.invoke(cli, ["events", "--db", db, "--dyad", "IRAN"])
    assert res.exit_code != 0


def test_transfers_filters(runner, tmp_path):
    db = _stored(tmp_path)
    res = runner.invoke(cli, ["transfers", "--db", db, "--equipment", "s-400", "--format", "jsonl"])
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    assert [(r["supplier"], r["recipient"], r["equipment"], r["status"]) for r in rows] == [
        ("RUS", "IND", "S-400", "delivered")]
    res = runner.invoke(cli, ["transfers", "--db", db, "--status", "ordered", "--format", "jsonl"])
    assert [json.loads(x)["equipment"] for x in res.stdout.splitlines()] == ["Bayraktar TB2"]
    res = runner.invoke(cli, ["transfers", "--db", db])
    assert "S-400" in res.stdout and "Bayraktar TB2" in res.stdout


def test_serve_workers_are_read_only(tmp_path):
    """`sitrep serve --workers 2 --allow-ingest` is refused before anything starts (exit 2, E400)."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from sitrep.store.store import Store  # noqa: PLC0415

    db = tmp_path / "s.db"
    Store.open(db).close()
    res = subprocess.run([sys.executable, "-m", "sitrep", "serve", "--db", str(db), "--workers", "2",
                          "--allow-ingest", "--port", "0"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 2
    assert "[E400]" in res.stderr and "--workers > 1 serves read-only" in res.stderr

"""Faults: kill -9 in the middle of an ingest, a read-only or full store, a reader during an ingest
(SQLite WAL), a corrupted store file. Real subprocesses where the fault needs one."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitrep import api, cli
from sitrep.errors import SitrepError
from sitrep.settings import Settings
from sitrep.store import writer as store_writer

N_ARTICLES = 60
COUNTRIES = ["Poland", "Turkey", "Greece", "India", "Brazil", "Egypt", "Japan", "Norway", "Chile", "Kenya"]
SYSTEMS = ["F-16 fighter jets", "Leopard 2 tanks", "Patriot batteries", "Bayraktar TB2 drones", "frigates"]


def article(n: int) -> str:
    c1, c2 = COUNTRIES[n % 10], COUNTRIES[(n * 3 + 1) % 10]
    if c1 == c2:
        c2 = COUNTRIES[(n + 5) % 10]
    return (f"The government of {c1} said on Monday that it had signed a contract for {n + 2} {SYSTEMS[n % 5]} "
            f"with {c2}, the defence ministry announced in its statement number {n}.\n\n"
            f"Officials said the first deliveries were expected next year and that training would begin in "
            f"March. The minister told reporters the deal, worth {n + 1} billion dollars, was the largest "
            f"in a decade.\n")


@pytest.fixture
def corpus(tmp_path) -> Path:
    p = tmp_path / "many.jsonl"
    p.write_text("\n".join(json.dumps({"id": f"art-{n:02d}", "text": article(n)}) for n in range(N_ARTICLES)))
    return p


def _sitrep(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sitrep", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def check_store(db: Path) -> list[str]:
    """Integrity ok, and every stored article complete: ids of the stored articles."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
        assert len(ids) == len(set(ids))
        for table, key in (("time_expressions", "time_expressions"), ("quotes", "quotes"), ("events", "events")):
            want = conn.execute(f"SELECT coalesce(sum(json_array_length(record_json, '$.{key}')), 0) "
                                "FROM articles").fetchone()[0]
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == want, table
        n_fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        assert n_fts == len(ids)
        return ids
    finally:
        conn.close()


# A reader in its own process, stdlib only: reads counts in one transaction, over and over, until told to stop.
READER = r"""
import json, sqlite3, sys, time, os
db, stop = sys.argv[1], sys.argv[2]
out = {"reads": 0, "errors": [], "counts": [], "inconsistent": 0}
deadline = time.monotonic() + 120
while time.monotonic() < deadline and not os.path.exists(stop):
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
        conn.execute("BEGIN")
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        te = conn.execute("SELECT count(*) FROM time_expressions").fetchone()[0]
        want = conn.execute("SELECT coalesce(sum(json_array_length(record_json, '$.time_expressions')), 0) "
                            "FROM articles").fetchone()[0]
        conn.execute("COMMIT")
        conn.close()
        out["reads"] += 1
        out["counts"].append(n)
        out["inconsistent"] += te != want
    except sqlite3.Error as exc:
        out["errors"].append(str(exc))
    time.sleep(0.01)
print(json.dumps(out))
"""


def test_kill_9_mid_ingest_then_rerun_loses_and_duplicates_nothing(corpus, tmp_path):
    db = tmp_path / "s.db"
    proc = _sitrep("ingest", str(corpus), "--db", str(db), "--batch-size", "2")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and proc.poll() is None and _count(db) < 4:
        time.sleep(0.02)
    assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    stored = check_store(db)
    assert 4 <= len(stored) < N_ARTICLES  # killed in the middle

    # re-run, with a reader in another process the whole time (WAL: readers never block nor see half a batch)
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop)], stdout=subprocess.PIPE, text=True)
    rerun = _sitrep("ingest", str(corpus), "--db", str(db), "--batch-size", "2")
    out, err = rerun.communicate(timeout=120)
    stop.touch()
    seen = json.loads(reader.communicate(timeout=30)[0])
    assert rerun.returncode == 0, err
    assert f"articles: {N_ARTICLES - len(stored)} new, {len(stored)} already present, 0 failed" in out
    assert check_store(db) == [f"art-{n:02d}" for n in range(N_ARTICLES)]
    assert seen["errors"] == [] and seen["inconsistent"] == 0 and seen["reads"] >= 5
    assert seen["counts"] == sorted(seen["counts"]) and seen["counts"][0] >= len(stored)


def _run_main(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """``sitrep ARGS`` through the real entry point (error mapping and exit codes) in this process."""
    monkeypatch.setattr(sys, "argv", ["sitrep", *args])
    with pytest.raises(SystemExit) as exc:
        cli.main()
        raise SystemExit(0)
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _chattr(flag: str, path: Path) -> None:
    if os.geteuid() != 0 or not shutil.which("chattr"):
        pytest.skip("needs root and chattr to make a file immutable (root ignores permission bits)")
    res = subprocess.run(["chattr", flag, str(path)], capture_output=True, text=True)
    if res.returncode:
        pytest.skip(f"chattr {flag} not supported here: {res.stderr.strip()}")


def test_read_only_store_file_is_e302_and_unchanged(corpus, tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.db"
    small = tmp_path / "two.jsonl"
    small.write_text("\n".join(corpus.read_text().splitlines()[:2]))
    assert _run_main(monkeypatch, capsys, "ingest", str(small), "--db", str(db))[0] == 0
    before = _digest(db)
    _chattr("+i", db)
    try:
        code, out, err = _run_main(monkeypatch, capsys, "ingest", str(corpus), "--db", str(db))
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)
    assert code == 2
    assert err.startswith(f"error: [E302] cannot write to the store {db} (attempt to write a readonly database); "
                          "check that the file and its folder are writable")
    assert _digest(db) == before
    assert check_store(db) == ["art-00", "art-01"]


def test_read_only_folder_is_e302_and_nothing_created(corpus, tmp_path, monkeypatch, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    _chattr("+i", ro)
    try:
        code, out, err = _run_main(monkeypatch, capsys, "ingest", str(corpus), "--db", str(ro / "s.db"))
        assert list(ro.iterdir()) == []
    finally:
        subprocess.run(["chattr", "-i", str(ro)], check=True)
    assert code == 2
    assert err == f"error: [E302] cannot create the store {ro / 's.db'}: folder {ro} is read-only; choose a writable --db path.\n"


def test_full_disk_is_e302_and_no_partial_article(corpus, tmp_path, monkeypatch):
    """A full disk, simulated with PRAGMA max_page_count on the writer's connection."""
    db = tmp_path / "s.db"
    real_open = store_writer.connect

    def tiny_disk(path, *a, **kw):
        conn = real_open(path, *a, **kw)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 12}")
        return conn

    monkeypatch.setattr(store_writer, "connect", tiny_disk)
    with pytest.raises(SitrepError) as exc:
        api.ingest([str(corpus)], db, Settings(batch_size=4))
    assert exc.value.code == "E302"
    assert "database or disk is full" in exc.value.message and "the disk has space" in exc.value.message
    stored = check_store(db)
    assert len(stored) < N_ARTICLES

    monkeypatch.setattr(store_writer, "connect", real_open)  # space again: the rest goes in
    summary = api.ingest([str(corpus)], db, Settings(batch_size=16))
    assert (summary.new, summary.present, summary.failed) == (N_ARTICLES - len(stored), len(stored), 0)
    assert len(check_store(db)) == N_ARTICLES


def test_corrupted_store_is_e301(corpus, tmp_path, monkeypatch, capsys):
    db = tmp_path / "s.db"
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(8192))
    before = _digest(db)
    for args in (["ingest", str(corpus), "--db", str(db)], ["stats", "--db", str(db)]):
        code, out, err = _run_main(monkeypatch, capsys, *args)
        assert code == 2
        assert err.startswith(f"error: [E301] {db} is not a sitrep store or is corrupted (")
        assert err.endswith("move it aside and re-run `sitrep ingest` to build a new one.\n")
    assert _digest(db) == before

"""Start-up: commands that never parse a text do not import spaCy (the speed is in bench/bench_startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from sitrep.records import ArmsTransfer, Record
from sitrep.store.store import Store

PROBE = """
import json, runpy, sys
sys.argv = ["sitrep", *json.loads(sys.argv[1])]
import sitrep.cli
after_import = "spacy" in sys.modules
code = 0  # main() returns normally when every document went through
try:
    runpy.run_module("sitrep", run_name="__main__")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"after_import": after_import, "after_run": "spacy" in sys.modules, "code": code}))
"""


def _probe(*args: str) -> dict:
    res = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True,
                         check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_help_does_not_import_spacy():
    assert _probe("--help") == {"after_import": False, "after_run": False, "code": 0}


def test_store_commands_do_not_import_spacy(tmp_path):
    db = str(tmp_path / "s.db")
    rec = Record(id="a1", text="Russia delivered S-400 systems to India.", published="2021-03-04")
    rec.arms_transfers = [ArmsTransfer("RUS", "IND", "S-400", "delivered", (0, 40))]
    with Store.open(db) as store:
        store.write(rec)
    for args in (["stats", "--db", db], ["show", "a1", "--db", db], ["transfers", "--db", db],
                 ["serve", "--help"], ["extract", "--help"]):
        assert _probe(*args) == {"after_import": False, "after_run": False, "code": 0}, args

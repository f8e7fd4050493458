"""Start-up time of the ``sitrep`` command: each command in a fresh interpreter, median of N runs.

    python -m bench.bench_startup [--runs 9]

Times ``sitrep --help`` and ``sitrep stats --db`` on a small store (three hand-made records, no
spaCy needed to build it), each as ``python -m sitrep …`` in a new subprocess, against a bare
``python -c pass`` for reference. Commands that never parse must not import spaCy, so ``--help``
should stay under 0.3 s. Prints a table and writes ``bench/results/startup.json``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_pipeline import _save

TARGET_HELP_S = 0.3


def small_store(db: str) -> str:
    """A three-article store written directly (no extraction)."""
    from sitrep.records import ArmsTransfer, Event, Record  # noqa: PLC0415
    from sitrep.store.store import Store  # noqa: PLC0415

    recs = []
    for i, (a, b, system) in enumerate([("RUS", "IND", "S-400"), ("USA", "POL", "HIMARS"), ("FRA", "GRC", "Rafale")]):
        text = f"Officials said {system} systems were delivered. The two sides also held talks."
        rec = Record(id=f"s{i}", text=text, published=f"2021-0{i + 1}-10")
        rec.events = [Event("CONSULT", a, b, "occurred", (48, len(text)), date=rec.published[:7])]
        rec.arms_transfers = [ArmsTransfer(a, b, system, "delivered", (0, 47))]
        recs.append(rec)
    with Store.open(db) as store:
        for rec in recs:
            store.write(rec)
    return db


def time_command(args: list[str], runs: int) -> dict:
    """Wall time of ``args`` in ``runs`` fresh processes (after one warm-up run for the file cache)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parents[1] / "src"),
                                                                     os.environ.get("PYTHONPATH")]))}
    subprocess.run(args, check=True, capture_output=True, env=env)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t)
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3),
            "max_s": round(max(times), 3), "runs": runs}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    a = ap.parse_args(argv)
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        db = small_store(os.path.join(tmp, "small.db"))
        res = {
            "python -c pass": time_command([py, "-c", "pass"], a.runs),
            "sitrep --help": time_command([py, "-m", "sitrep", "--help"], a.runs),
            "sitrep stats --db small.db": time_command([py, "-m", "sitrep", "stats", "--db", db], a.runs),
        }
    help_s = res["sitrep --help"]["median_s"]
    for name, r in res.items():
        print(f"{r['median_s']:7.3f} s  (min {r['min_s']:.3f}, max {r['max_s']:.3f})  {name}")
    print(f"sitrep --help: median {help_s} s (target < {TARGET_HELP_S} s: "
          f"{'met' if help_s < TARGET_HELP_S else 'MISSED'})")
    _save("startup", {"commands": res, "target_help_s": TARGET_HELP_S, "met": help_s < TARGET_HELP_S})


if __name__ == "__main__":
    main()

"""Bounded loopback load test: concurrent API readers while an ingest writes to the same store.

    python -m bench.bench_load                     # defaults: 8 readers, ≤ 3000 requests, ≤ 60 s
    python -m bench.bench_load --readers 16 --max-requests 10000 --max-seconds 120

It builds a fresh store in a temporary folder (seeded with a few articles so the API has data),
starts ``sitrep serve`` on a free loopback port, starts ``sitrep ingest`` of the corpus, and runs
reader threads against the JSON API from the moment the ingest writes until it ends, the request
budget is spent or the time limit is reached — whichever comes first; the ingest then gets the rest
of the time limit to finish, and everything started is stopped. Latencies per endpoint
(p50/p95/p99/max, ms) and every error go to ``bench/results/load.json``. Exit status 1 if any request
failed or the ingest failed.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE / "corpus" / "corpus-200.jsonl"
DEFAULT_PATHS = ("/api/articles?limit=20", "/api/events?limit=50", "/api/transfers?limit=50",
                 "/api/stats", "/api/search?q=minister")
SEED = 10


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sitrep(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "sitrep", *args], **kw)


def serve_command(db: Path, port: int) -> list[str]:
    """``sitrep serve``; while the CLI command is not wired, the same app under uvicorn."""
    from sitrep.cli import cli  # noqa: PLC0415

    if "serve" in cli.commands:
        return [sys.executable, "-m", "sitrep", "serve", "--db", str(db), "--port", str(port)]
    return [sys.executable, "-c", "import sys, uvicorn; from sitrep.serve.app import create_app; "
            f"uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port={port}, log_level='warning')", str(db)]


def count(db: Path) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"sitrep serve exited with {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(base + "/", timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"sitrep serve not ready after {timeout} s")


def percentile(xs: list[float], q: float) -> float:
    if not xs:
        return 0.0
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


class Load:
    """Reader threads sharing one request budget and one stop flag."""

    def __init__(self, base: str, paths: list[str], max_requests: int):
        self.base, self.paths, self.budget = base, paths, max_requests
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.latencies: dict[str, list[float]] = {p: [] for p in paths}
        self.errors: list[dict] = []
        self.sent = 0

    def _take(self) -> int | None:
        with self.lock:
            if self.stop.is_set() or self.sent >= self.budget:
                return None
            self.sent += 1
            return self.sent

    def reader(self) -> None:
        while (n := self._take()) is not None:
            path = self.paths[n % len(self.paths)]
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(self.base + path, timeout=30) as resp:
                    resp.read()
                    status = resp.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
                status = f"{type(exc).__name__}: {exc}"
            ms = (time.perf_counter() - t0) * 1000
            with self.lock:
                if status == 200:
                    self.latencies[path].append(ms)
                else:
                    self.errors.append({"path": path, "status": status, "ms": round(ms, 1)})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSONL articles to ingest during the load.")
    ap.add_argument("--readers", type=int, default=8, help="Concurrent reader threads.")
    ap.add_argument("--max-requests", type=int, default=3000, help="Stop after this many requests.")
    ap.add_argument("--max-seconds", type=float, default=60, help="Stop after this long.")
    ap.add_argument("--path", action="append", dest="paths", help="API path to read (repeatable).")
    ap.add_argument("-o", "--output", type=Path, default=HERE / "results" / "load.json")
    args = ap.parse_args(argv)
    paths = args.paths or list(DEFAULT_PATHS)

    with tempfile.TemporaryDirectory(prefix="sitrep-load-") as tmp:
        db = Path(tmp) / "load.db"
        lines = [ln for ln in args.corpus.read_text(encoding="utf-8").splitlines() if ln.strip()]
        seed, rest = Path(tmp) / "seed.jsonl", Path(tmp) / "rest.jsonl"
        seed.write_text("\n".join(lines[:SEED]) + "\n", encoding="utf-8")
        rest.write_text("\n".join(lines[SEED:]) + "\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "sitrep", "ingest", str(seed), "--db", str(db)], check=True,
                       capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        serve = subprocess.Popen(serve_command(db, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONUNBUFFERED": "1"})
        ingest = None
        try:
            wait_ready(base, serve)
            load = Load(base, paths, args.max_requests)
            t0 = time.monotonic()
            ingest = sitrep("ingest", str(rest), "--db", str(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
            while count(db) <= SEED and ingest.poll() is None and time.monotonic() - t0 < args.max_seconds:
                time.sleep(0.05)  # start reading once the ingest is writing
            read_from = time.monotonic()
            threads = [threading.Thread(target=load.reader, daemon=True) for _ in range(args.readers)]
            for t in threads:
                t.start()
            ingest_s = None
            while any(t.is_alive() for t in threads):
                if ingest_s is None and ingest.poll() is not None:
                    ingest_s = time.monotonic() - t0
                    load.stop.set()  # the ingest is over: the point of the test is reading during it
                if time.monotonic() - t0 > args.max_seconds:
                    load.stop.set()
                time.sleep(0.05)
            wall = time.monotonic() - read_from
            stopped = False
            try:  # the ingest may finish within the time limit; past it, stop what we started
                ingest_out, _ = ingest.communicate(timeout=max(1.0, args.max_seconds - (time.monotonic() - t0)))
            except subprocess.TimeoutExpired:
                ingest.terminate()
                stopped = True
                ingest_out, _ = ingest.communicate(timeout=60)
            if ingest_s is None and not stopped:
                ingest_s = time.monotonic() - t0
            articles_after = count(db)
        finally:
            if ingest is not None and ingest.poll() is None:
                ingest.kill()
            serve.terminate()
            try:
                serve.wait(timeout=10)
            except subprocess.TimeoutExpired:
                serve.kill()

    done = sum(len(v) for v in load.latencies.values())
    result = {
        "readers": args.readers, "max_requests": args.max_requests, "max_seconds": args.max_seconds,
        "corpus": str(args.corpus), "articles_ingested_during_load": len(lines) - SEED,
        "read_seconds": round(wall, 2), "ingest_seconds": round(ingest_s, 2) if ingest_s else None,
        "ingest_exit": ingest.returncode, "ingest_stopped_at_time_limit": stopped,
        "ingest_summary": ingest_out.strip().splitlines()[:1], "articles_in_store_after": articles_after,
        "reads_while_ingesting": ingest_s is None or ingest_s > (read_from - t0),
        "requests": load.sent, "ok": done, "errors": len(load.errors), "error_samples": load.errors[:20],
        "requests_per_second": round(done / wall, 1) if wall else None,
        "latency_ms": {p: {"n": len(v), "p50": round(percentile(v, .5), 1), "p95": round(percentile(v, .95), 1),
                           "p99": round(percentile(v, .99), 1), "max": round(max(v, default=0), 1),
                           "mean": round(statistics.fmean(v), 1) if v else 0.0}
                       for p, v in load.latencies.items()},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("requests", "ok", "errors", "read_seconds", "ingest_seconds",
                                             "articles_in_store_after", "requests_per_second")}))
    print(f"latencies → {args.output}")
    return 1 if load.errors or (ingest.returncode != 0 and not stopped) else 0


if __name__ == "__main__":
    sys.exit(main())

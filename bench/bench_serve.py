"""p95 latency of `sitrep serve` under 50 concurrent loopback clients on a 10,000-article store.

    python -m bench.bench_serve                        # 10,000 articles, 50 clients, ≤ 6000 requests, ≤ 60 s
    python -m bench.bench_serve --articles 2000 --clients 20 --max-requests 2000
    python -m bench.bench_serve --workers 1            # one server process (default: one per core, at most 4)

The store is built fast by cloning the sample store's rows (articles and every derived row) under
new ids, with shifted dates and a distinct word per clone so that searches and timelines have spread.
The server runs as a subprocess on a free port; clients hit the article, search and timeline
endpoints round-robin until the request budget or the time limit is spent. Results (p50/p95/p99/max
in ms per endpoint, errors) go to ``bench/results/serve.json``. The clients are threads of this
process on the same machine as the server, so they compete with it for the CPU.
The cloned rows skip the knowledge tables (canonical entities, clusters, lifecycles); the three
endpoints measured do not read them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "src" / "sitrep" / "data" / "samples"
CHILD = {"entities": "article_id, entity_id, type, name, aliases, code, country, role, category, origin, maker, kb_id",
         "mentions": 'article_id, entity_id, start, "end", text',
         "time_expressions": 'article_id, text, value, granularity, start, "end"',
         "sources_cited": "article_id, name",
         "events": "article_id, type, mode, context, source, target, source_actor, target_actor, status, date, location, "
                   "attributed_to, evidence_start, evidence_end, evidence_text, confidence, trigger, note",
         "arms_transfers": "article_id, supplier, recipient, equipment, equipment_entity, quantity, value, status, "
                           "date, mode, note, evidence_start, evidence_end, evidence_text",
         "quotes": 'article_id, speaker, speaker_entity, via, text, start, "end"'}
WORDS = ["harbour", "convoy", "radar", "brigade", "summit", "frigate", "airlift", "border", "treaty", "missile"]


def build_store(db: Path, n: int) -> None:
    """A store of ``n`` articles cloned from the samples (ingested once, then copied row by row)."""
    seed = db.with_name("seed.db")
    subprocess.run([sys.executable, "-m", "sitrep", "ingest", str(SAMPLES / "articles.jsonl"),
                    str(SAMPLES / "feed.xml"), str(SAMPLES / "page.html"), "--db", str(seed)],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, "-c", f"from sitrep.store.store import Store; Store.open({str(db)!r}).close()"],
                   check=True)
    con = sqlite3.connect(db)
    con.execute("ATTACH DATABASE ? AS seed", (str(seed),))
    ids = [r[0] for r in con.execute("SELECT id FROM seed.articles ORDER BY id")]
    con.execute("BEGIN")
    for i in range(n):
        src = ids[i % len(ids)]
        new = f"{src}-c{i}"
        shift = f"{-(i % 48)} months"
        word = WORDS[i % len(WORDS)] + str(i % 97)
        con.execute("INSERT INTO articles(id, content_hash, title, url, outlet, published, language, dateline_place, "
                    "dateline_country, source, text, record_json, ingested_at) SELECT ?, content_hash || ?, title, url, "
                    "outlet, CASE WHEN published IS NULL THEN NULL ELSE substr(date(substr(published || '-01-01', 1, "
                    "10), ?), 1, length(published)) END, language, dateline_place, dateline_country, source, "
                    "text || ' ' || ?, json_set(record_json, '$.id', ?), ingested_at FROM seed.articles WHERE id = ?",
                    (new, f"-{i}", shift, word, new, src))
        for table, cols in CHILD.items():
            rest = cols.split(", ", 1)[1]
            con.execute(f"INSERT INTO {table}({cols}) SELECT ?, {rest} FROM seed.{table} WHERE article_id = ?",
                        (new, src))
    con.execute("COMMIT")
    con.execute("DETACH DATABASE seed")
    con.execute("ANALYZE")
    con.close()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--max-requests", type=int, default=6000)
    ap.add_argument("--max-seconds", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1), help="server processes")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "serve.json"))
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="sitrep-bench-serve-"))
    db = tmp / "bench.db"
    t0 = time.perf_counter()
    build_store(db, args.articles)
    build_s = time.perf_counter() - t0
    ids = [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM articles")]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "sitrep.serve", "--db", str(db), "--port", str(port),
                               "--workers", str(args.workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/api/stats", timeout=2).read()
                break
            except OSError:
                time.sleep(0.05)
        time.sleep(1.0 if args.workers > 1 else 0)  # let every worker finish starting
        rnd = random.Random(7)
        queries = ["S-400", "missiles", "Turkey", "sanctions", "drones", "F-35 AND Switzerland", "tanks Poland"] + \
                  [w + str(k) for w in WORDS[:3] for k in (1, 5, 9)]
        dyads = ["TUR-USA", "RUS-UKR", "IND-RUS", "KOR-POL", "USA-JOR"]
        endpoints = {
            "article": lambda: f"/api/articles/{rnd.choice(ids)}",
            "search": lambda: f"/api/search?q={urllib.request.quote(rnd.choice(queries))}",
            "timeline": lambda: f"/api/timeline?dyad={rnd.choice(dyads)}",
        }
        names = list(endpoints)
        lat: dict[str, list[float]] = {k: [] for k in names}
        errors: list[str] = []
        lock = threading.Lock()
        counter = iter(range(args.max_requests))
        deadline = time.perf_counter() + args.max_seconds

        def client() -> None:
            while time.perf_counter() < deadline:
                with lock:
                    n = next(counter, None)
                    if n is None:
                        return
                    name = names[n % len(names)]
                    url = endpoints[name]()
                s = time.perf_counter()
                try:
                    with urllib.request.urlopen(base + url, timeout=30) as r:
                        r.read()
                except Exception as exc:  # noqa: BLE001 — counted, reported
                    with lock:
                        errors.append(f"{url}: {exc}")
                    continue
                with lock:
                    lat[name].append((time.perf_counter() - s) * 1000)

        t1 = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t1
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()

    def pct(xs: list[float], p: float) -> float:
        xs = sorted(xs)
        return round(xs[min(len(xs) - 1, int(p / 100 * len(xs)))], 1) if xs else 0.0

    done = sum(len(v) for v in lat.values())
    result = {"articles": args.articles, "clients": args.clients, "requests": done, "errors": len(errors),
              "error_examples": errors[:5], "seconds": round(wall, 2), "requests_per_s": round(done / wall, 1),
              "store_build_s": round(build_s, 1), "cpu_count": os.cpu_count(), "server_workers": args.workers,
              "machine": f"{platform.machine()}, {os.cpu_count()} cores, {_cpu_model()}, Python "
                         f"{platform.python_version()}, load average at start {_load()}",
              "client": f"{args.clients} threads (urllib) in the bench process, on the same machine as the server",
              "endpoints": {k: {"n": len(v), "p50_ms": pct(v, 50), "p95_ms": pct(v, 95), "p99_ms": pct(v, 99),
                                "max_ms": round(max(v), 1) if v else 0.0,
                                "mean_ms": round(statistics.fmean(v), 1) if v else 0.0} for k, v in lat.items()}}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

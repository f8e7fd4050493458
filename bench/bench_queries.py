"""Query latency on a synthetic 10,000-article store (records written directly, no spaCy).

    .venv/bin/python bench/bench_queries.py [--articles 10000] [--db /tmp/sitrep-bench.db]

Builds the store through the normal write path (so entity resolution, story, event-cluster and
lifecycle indexing run incrementally, batch by batch), then times each query (median of 5 runs)
and the resolution of one more 50-article batch. Prints a table and writes bench/results/queries.json.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from knowledge_helpers import ArmsTransfer, Event, Quote, ent, record  # noqa: E402
from sitrep.api import open as open_kb  # noqa: E402
from sitrep.store.store import Store  # noqa: E402
from sitrep.store.write import write_batch  # noqa: E402

COUNTRIES = [("IRN", "Iran"), ("RUS", "Russia"), ("USA", "United States"), ("CHN", "China"), ("IND", "India"),
             ("TUR", "Turkey"), ("UKR", "Ukraine"), ("ISR", "Israel"), ("SAU", "Saudi Arabia"), ("PAK", "Pakistan"),
             ("FRA", "France"), ("DEU", "Germany"), ("GBR", "United Kingdom"), ("JPN", "Japan"), ("KOR", "South Korea")]
GIVEN = ["Amir", "Sergei", "Ali", "Mohammad", "Lloyd", "Wei", "Rajnath", "Hulusi", "Oleksii", "Benny", "Khalid",
         "Anna", "Igor", "Jean", "Boris", "Yuki", "Min", "Hassan", "Pavel", "Olga"]
SUR = ["Hatami", "Shoigu", "Bagheri", "Austin", "Fenghe", "Singh", "Akar", "Reznikov", "Gantz", "Khan", "Ivanov",
       "Petrov", "Dubois", "Schmidt", "Tanaka", "Park", "Rouhani", "Karimi", "Novak", "Smirnov", "Kuznetsov",
       "Popov", "Sokolov", "Lebedev", "Kozlov", "Morozov", "Volkov", "Nikolaev", "Orlov", "Zaitsev"]
SYSTEMS = ["S-400", "Su-35", "Su-30", "F-35", "F-16", "Patriot", "Shahed-136", "Bayraktar TB2", "Rafale", "J-10C",
           "T-90", "K2", "Iron Dome", "HIMARS", "Kalibr", "Mi-28", "Yak-130", "Tor-M2", "Pantsir", "BrahMos"]
TYPES = ["CONSULT", "AGREE", "COOPERATE", "AID", "SANCTION", "THREATEN", "ACCUSE", "REQUEST", "MOBILIZE", "ASSAULT"]
STATUSES = ["interest", "negotiation", "offered", "ordered", "delivered"]
WORDS = ("defence ministry officials said talks continued on military cooperation air defence missile drones "
         "exercise border security sanctions delivery contract agreement navy army pilots training").split()


def synth(i: int, rng: random.Random) -> object:
    (ca, na), (cb, nb) = rng.sample(COUNTRIES, 2)
    g, s = rng.choice(GIVEN), rng.choice(SUR)
    system = rng.choice(SYSTEMS)
    day = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(120, 260)))
    text = (f"{na} and {nb} held talks on {system} deliveries. Defence Minister {g} {s} said the {system} "
            f"programme would continue. \"We are ready,\" {s} said. {filler}.")
    ents = [ent("e1", "COUNTRY", na, text, code=ca, kb_id=ca), ent("e2", "COUNTRY", nb, text, code=cb, kb_id=cb),
            ent("e3", "PERSON", f"{g} {s}", text, aliases=[s], country=ca if rng.random() < 0.8 else None,
                role="Defence Minister"),
            ent("e4", "EQUIPMENT", system, text, category="system", kb_id=system.lower())]
    q = text.index("We are ready")
    evs = [Event(type=rng.choice(TYPES), source=ca, target=cb, status="occurred", evidence=(0, 30), date=day,
                 source_actor="e3", target_actor="e2")]
    trs = [ArmsTransfer(supplier=cb, recipient=ca, equipment=system, status=rng.choice(STATUSES), evidence=(0, 30),
                        equipment_entity="e4", date=day)]
    return record(f"a{i:05d}", text, f"Outlet {i % 40}", day, ents, evs, trs,
                  [Quote(text="We are ready,", start=q, end=q + 13, speaker=f"{g} {s}", speaker_entity="e3")],
                  title=f"{na} and {nb} discuss {system}")


def timed(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--db", default="/tmp/sitrep-bench.db")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "queries.json"))
    args = ap.parse_args()
    rng = random.Random(42)
    db = Path(args.db)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    store = Store.open(db)
    t0 = time.perf_counter()
    batch = []
    for i in range(args.articles):
        batch.append(synth(i, rng))
        if len(batch) == 50:
            write_batch(store.conn, batch)
            batch = []
    if batch:
        write_batch(store.conn, batch)
    build_s = time.perf_counter() - t0
    t = time.perf_counter()
    write_batch(store.conn, [synth(args.articles + i, rng) for i in range(50)])
    batch_ms = (time.perf_counter() - t) * 1000
    store.close()

    kb = open_kb(db)
    queries = {
        "timeline --dyad IRN-RUS --by month": lambda: kb.timeline("IRN-RUS", by="month"),
        "timeline --dyad IRN-RUS --type CONSULT": lambda: kb.timeline("IRN-RUS", type="CONSULT"),
        'profile "Amir Hatami"': lambda: kb.profile("Amir Hatami"),
        "profile IRN": lambda: kb.profile("IRN"),
        "profile S-400": lambda: kb.profile("S-400"),
        'search "S-400 delivery"': lambda: kb.search("S-400 delivery"),
        "new --since <last hour>": lambda: kb.new("2000-01-01", limit=50),
        "clusters --dyad IRN-RUS": lambda: kb.clusters(dyad="IRN-RUS", min_articles=1, limit=50),
        "lifecycles --country IRN": lambda: kb.lifecycles(country="IRN"),
    }
    results = {name: timed(fn) for name, fn in queries.items()}
    counts = {t: kb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("articles", "canon_entities", "event_clusters", "transfer_lifecycles")}
    kb.close()
    report = {"articles": args.articles, "store": counts, "build_seconds": round(build_s, 1),
              "build_articles_per_second": round(args.articles / build_s, 1),
              "resolve_new_batch_of_50_ms": round(batch_ms, 1), "query_ms_median_of_5": results}
    for name, ms in results.items():
        print(f"{ms:9.2f} ms  {name}")
    print(f"build: {args.articles} articles in {build_s:.1f} s; a new batch of 50: {batch_ms:.0f} ms")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

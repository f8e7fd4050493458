"""Build a benchmark corpus of N articles from the bundled samples, varied so no two are identical.

Each generated article is a sample whose paragraphs keep their order but whose sentences inside
each paragraph are rotated, with person names swapped among a fixed list and the date shifted.
The texts stay realistic (same vocabulary and entity density as real news) while the content hashes
differ, so ingest does not deduplicate them. Streamed: the corpus is written line by line.

    python -m bench.corpus 10000              # bench/corpus/corpus-10000/part-*.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

NAMES = [("Dmitry", "Shugayev"), ("Anna", "Kowalski"), ("James", "Harrington"), ("Li", "Wei"),
         ("Fatima", "Rahimi"), ("Carlos", "Mendes"), ("Olena", "Marchenko"), ("Rajesh", "Iyer"),
         ("Sarah", "Lindqvist"), ("Kenji", "Watanabe"), ("Ahmed", "Haddad"), ("Maria", "Ferreira")]
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def samples() -> list[dict]:
    """The bundled sample articles (id, title, url, outlet, published, text)."""
    text = resources.files("sitrep.data").joinpath("samples/articles.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _vary(text: str, rng: random.Random) -> str:
    paras = text.split("\n\n")
    out = []
    for p in paras:
        sents = _SENT.split(p)
        if len(sents) > 2 and rng.random() < 0.5:
            k = rng.randrange(1, len(sents))
            sents = sents[k:] + sents[:k]
        out.append(" ".join(sents))
    text = "\n\n".join(out)
    first, last = rng.choice(NAMES)
    return re.sub(r"\b(Anna Kowalski|James Harrington|Dmitry Shugayev)\b", f"{first} {last}", text)


def generate(n: int, seed: int = 7) -> Iterator[dict]:
    """Yield ``n`` varied articles (deterministic for a seed)."""
    base = samples()
    rng = random.Random(seed)
    for i in range(n):
        s = base[i % len(base)]
        pub = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3650))
        yield {"id": f"b{i:07d}", "title": f"{s.get('title') or ''} ({i})", "url": f"https://bench.example/{i}",
               "outlet": s.get("outlet"), "published": pub.isoformat(), "text": _vary(s["text"], rng)}


def write(n: int, path: str | Path, seed: int = 7) -> Path:
    """Write the ``n``-article corpus to ``path`` as JSONL (reused when it already exists)."""
    p = Path(path)
    if p.exists() and sum(1 for _ in p.open(encoding="utf-8")) == n:
        return p
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8") as fh:
        for art in generate(n, seed):
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    return p


def write_shards(n: int, folder: str | Path, shard: int = 1000, seed: int = 7) -> Path:
    """Write the ``n``-article corpus as JSONL files of ``shard`` articles each (reused when complete).

    A folder of modest files is how large corpora arrive, and each file stays far below ingest's
    per-file size limit (``--max-bytes``).
    """
    d = Path(folder)
    done = d / ".complete"
    if done.exists() and done.read_text() == f"{n} {shard} {seed}":
        return d
    d.mkdir(parents=True, exist_ok=True)
    for old in d.glob("part-*.jsonl"):
        old.unlink()
    fh = None
    for i, art in enumerate(generate(n, seed)):
        if i % shard == 0:
            if fh:
                fh.close()
            fh = (d / f"part-{i // shard:05d}.jsonl").open("w", encoding="utf-8")
        fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    if fh:
        fh.close()
    done.write_text(f"{n} {shard} {seed}")
    return d


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("-o", "--output", default=None, help="a .jsonl file, else a folder of 1000-article shards")
    a = ap.parse_args()
    out = a.output or f"bench/corpus/corpus-{a.n}"
    print(write(a.n, out) if out.endswith(".jsonl") else write_shards(a.n, out))


if __name__ == "__main__":
    main()

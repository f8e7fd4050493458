"""The Ray engine: the same ``process_batch`` over a Ray Data actor pool (spaCy loaded once per actor).

    sitrep extract corpus.jsonl --engine ray -o records/       # Parquet records
    sitrep load records/ --db sitrep.db                          # into the store

Reads JSONL (``id``, ``text`` and optional ``title``, ``url``, ``outlet``, ``published``) or Parquet
with the same columns; rows without an ``id`` get ``row-<first 12 hex of the text's sha1>``.
Writes Parquet rows of :mod:`sitrep.scale.parquet`. Ray is an optional extra
(``pip install 'sitrep[ray]'``); on a cluster set ``RAY_ADDRESS`` (or pass ``address``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.records import DocError, Record
from sitrep.settings import Settings


def _ray():
    try:
        import ray  # noqa: PLC0415
        import ray.data  # noqa: F401, PLC0415
    except ImportError as exc:
        raise SitrepError("E200", "the Ray engine needs Ray, an optional extra: pip install 'sitrep[ray]' "
                                  "(or run with the default --engine local).") from exc
    return ray


class ExtractActor:
    """One Ray actor: loads the spaCy pipeline once, then runs ``process_batch`` on each batch."""

    def __init__(self, settings: dict[str, Any]):
        from sitrep.nlp.model import load_nlp  # noqa: PLC0415

        self.settings = Settings(**settings)
        load_nlp(self.settings.model)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list]:
        from sitrep.pipeline import process_batch  # noqa: PLC0415
        from sitrep.scale.parquet import COLUMNS, to_row  # noqa: PLC0415

        rows = _rows(batch)
        out: dict[str, list] = {c: [] for c in COLUMNS}
        for item in process_batch((row_article(r) for r in rows), self.settings):
            for k, v in to_row(item).items():
                out[k].append(v)
        return out


def _rows(batch: dict[str, Any]) -> list[dict[str, Any]]:
    cols = list(batch)
    n = len(batch[cols[0]]) if cols else 0
    return [{c: _plain(batch[c][i]) for c in cols} for i in range(n)]


def _plain(v: Any) -> Any:
    """A plain Python value (numpy scalars unwrapped; NaN, pandas' missing value, as None)."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, str | bytes):
        try:
            v = v.item()
        except (ValueError, AttributeError):
            return v
    if isinstance(v, float) and v != v:
        return None
    return v


def row_article(row: dict[str, Any]):
    """The Article (or DocError) of one input row, as the local JSONL reader would build it."""
    from sitrep.ingest.readers import _from_fields  # noqa: PLC0415

    text = row.get("text")
    default = "row-" + hashlib.sha1((text or "").encode("utf-8", "surrogatepass")).hexdigest()[:12]
    src = row.get("source") or (f"ray:{row.get('id')}" if row.get("id") else f"ray:{default}")
    item = _from_fields({k: v for k, v in row.items() if k != "source"}, default, src, "the row")
    if isinstance(item, DocError):
        return item
    item.meta = {}
    return item


def _read(ray, paths: Sequence[str]):
    """A Ray dataset of the input rows (JSONL or Parquet files/folders)."""
    jsonl, parquet = [], []
    for p in paths:
        path = Path(p)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.suffix.lower() in (".jsonl", ".ndjson", ".json"):
                jsonl.append(str(f))
            elif f.suffix.lower() == ".parquet":
                parquet.append(str(f))
            elif path.is_file():
                raise SitrepError("E100", f"the Ray engine reads JSONL or Parquet; {f} is neither. Use the "
                                          "local engine for other formats, or convert the corpus to JSONL.")
    if not jsonl and not parquet:
        raise SitrepError("E100", f"no JSONL or Parquet input under {', '.join(paths)}.")
    parts = []
    light = {"num_cpus": READ_CPUS}  # reading is I/O: it must not wait for a CPU the actors hold
    if jsonl:
        parts.append(ray.data.read_json(jsonl, lines=True, ray_remote_args=light))
    if parquet:
        parts.append(ray.data.read_parquet(parquet, ray_remote_args=light))
    ds = parts[0]
    for other in parts[1:]:
        ds = ds.union(other)
    return ds


READ_CPUS = 0.25
"""CPUs a read task asks Ray for: reading JSONL/Parquet is I/O-bound and shares a core with the actors."""

MIN_RAY_BATCH = 64
"""Smallest batch handed to one actor: each Ray batch costs a serialisation round trip, so batch larger than
the local engine does (``--batch-size`` above this is kept)."""


def _init(ray, address: str | None, num_cpus: int | None) -> None:
    if not ray.is_initialized():
        kw: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False, "ignore_reinit_error": True}
        if address:
            kw["address"] = address
        elif num_cpus:
            kw["num_cpus"] = num_cpus
        ray.init(**kw)


def local_plan(workers: int, cpus: int | None = None) -> tuple[int, int]:
    """(actors, CPUs to give Ray) for a local instance: never more CPUs than the machine has."""
    cpus = max(1, cpus or os.cpu_count() or 1)
    return max(1, min(workers, cpus)), cpus


def dataset(paths: Sequence[str], settings: Settings | None = None, *, actors: int | None = None,
            address: str | None = None):
    """The Ray dataset of records (Parquet-row columns) for the inputs at ``paths``, order preserved.

    On a cluster (``address`` or ``RAY_ADDRESS``) the pool has ``actors`` (default ``--workers``) actors of
    one CPU each. On one machine the pool is capped at the machine's CPUs and Ray is started with exactly
    that many, so ``--workers 8`` on 2 cores runs 2 actors instead of queueing for CPUs that do not exist.
    """
    ray = _ray()
    settings = settings or Settings()
    address = address or os.environ.get("RAY_ADDRESS") or None
    n = actors or max(1, settings.workers)
    actor_cpus = 1.0
    if address:
        _init(ray, address, None)
    else:
        n, cpus = local_plan(n)
        _init(ray, None, cpus)
        actor_cpus = min(1.0, (cpus - READ_CPUS) / n)  # leave room for the read tasks beside a full pool
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False
    batch = max(settings.batch_size, MIN_RAY_BATCH)
    return _read(ray, paths).map_batches(
        ExtractActor, fn_constructor_kwargs={"settings": asdict(settings)}, batch_size=batch, batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=n), num_cpus=actor_cpus)


def extract_to_parquet(paths: Sequence[str], out_dir: str | Path, settings: Settings | None = None, *,
                       actors: int | None = None, address: str | None = None) -> Path:
    """Run extraction on Ray and write Parquet record files into ``out_dir``."""
    out = Path(out_dir)
    dataset(paths, settings, actors=actors, address=address).write_parquet(str(out))
    return out


def iter_records(paths: Sequence[str], settings: Settings | None = None, *, actors: int | None = None,
                 address: str | None = None) -> Iterator[Record | DocError]:
    """Stream the records computed on Ray back to this process (for ``ingest --engine ray``)."""
    from sitrep.scale.parquet import from_row  # noqa: PLC0415

    ds = dataset(paths, settings, actors=actors, address=address)
    for batch in ds.iter_batches(batch_size=256, batch_format="pyarrow"):
        for row in batch.to_pylist():
            yield from_row(row)

"""Records as Parquet rows, and back.

One row per article: a few flat columns for filtering (``id``, ``source``, ``content_hash``,
``published``, ``outlet``, ``title``), the error columns of a failed document (``error_code``,
``error_message``; ``record`` is then null) and ``record``, the contract JSON of
:meth:`Record.to_dict` as a string (lossless: :func:`record_from_dict` rebuilds the Record).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.records import DocError, Record, record_from_dict

COLUMNS = ("id", "source", "content_hash", "published", "outlet", "title", "error_code", "error_message", "record")


def arrow_schema():
    """The pyarrow schema of a records file (all columns are strings)."""
    import pyarrow as pa  # noqa: PLC0415

    return pa.schema([(c, pa.string()) for c in COLUMNS])


def to_row(item: Record | DocError) -> dict[str, str | None]:
    """The Parquet row of a record or a per-document error."""
    if isinstance(item, DocError):
        return {"id": item.id, "source": item.source, "content_hash": None, "published": None, "outlet": None,
                "title": None, "error_code": item.code, "error_message": item.message, "record": None}
    return {"id": item.id, "source": item.source, "content_hash": item.content_hash, "published": item.published,
            "outlet": item.outlet, "title": item.title, "error_code": None, "error_message": None,
            "record": json.dumps(item.to_dict(), ensure_ascii=False)}


def from_row(row: dict[str, Any]) -> Record | DocError:
    """The record (or error) a Parquet row holds."""
    if row.get("error_code"):
        return DocError(row.get("source") or row.get("id") or "?", row["error_code"], row.get("error_message") or "",
                        id=row.get("id"))
    return record_from_dict(json.loads(row["record"]))


def write_parquet(items: Iterable[Record | DocError], path: str | Path, rows_per_group: int = 1000) -> int:
    """Write records to one Parquet file in row groups (streamed: constant memory); the row count."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    schema = arrow_schema()
    n = 0
    buf: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), schema) as w:
        for item in items:
            buf.append(to_row(item))
            if len(buf) >= rows_per_group:
                w.write_table(pa.Table.from_pylist(buf, schema=schema))
                n, buf = n + len(buf), []
        if buf:
            w.write_table(pa.Table.from_pylist(buf, schema=schema))
            n += len(buf)
    return n


def parquet_files(path: str | Path) -> list[Path]:
    """The ``*.parquet`` files of a directory (sorted), or the one file given."""
    p = Path(path)
    if p.is_file():
        return [p]
    if not p.is_dir():
        raise SitrepError("E100", f"no Parquet records at {p}; give the folder `sitrep extract --engine ray -o` wrote.")
    files = sorted(p.rglob("*.parquet"))
    if not files:
        raise SitrepError("E100", f"no *.parquet files under {p}; give the folder `sitrep extract --engine ray -o` wrote.")
    return files


def read_parquet(path: str | Path, batch_size: int = 256) -> Iterator[Record | DocError]:
    """Stream the records (and errors) stored in Parquet file(s) at ``path``, batch by batch."""
    try:
        import pyarrow.parquet as pq  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SitrepError("E200", "reading Parquet needs pyarrow: pip install 'sitrep[ray]' (or pyarrow).") from exc
    for f in parquet_files(path):
        pf = pq.ParquetFile(str(f))
        cols = [c for c in COLUMNS if c in pf.schema_arrow.names]
        if "record" not in cols:
            raise SitrepError("E107", f"{f} is not a sitrep records file (no 'record' column).")
        for batch in pf.iter_batches(batch_size=batch_size, columns=cols):
            for row in batch.to_pylist():
                yield from_row(row)

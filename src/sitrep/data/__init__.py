"""Data files (gazetteers, catalogues, lexicons) shipped with sitrep, and their loaders."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

DATA_DIR = Path(str(resources.files(__package__)))


def load_jsonl(name: str) -> list[dict[str, Any]]:
    """Read ``data/<name>`` (a JSON-lines file, ``#`` comment lines and blank lines allowed)."""
    return list(_load(name))


@cache
def _load(name: str) -> tuple[dict[str, Any], ...]:
    path = DATA_DIR / name
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:  # a broken data file is a bug: say where
                raise ValueError(f"{path}:{n}: {exc}") from exc
    return tuple(rows)


def load_dir(name: str) -> list[dict[str, Any]]:
    """Read every ``*.jsonl`` file in ``data/<name>/``, in name order."""
    rows: list[dict[str, Any]] = []
    for p in sorted((DATA_DIR / name).glob("*.jsonl")):
        rows.extend(_load(f"{name}/{p.name}"))
    return rows

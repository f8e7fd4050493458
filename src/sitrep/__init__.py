"""sitrep: a sourced, queryable record of defence and geopolitics news.

``sitrep.open("sitrep.db")`` opens a store for queries (see :func:`sitrep.api.open`).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def open(db: Any, readonly: bool = True) -> Any:  # noqa: A001 — sitrep.open("sitrep.db") reads well
    """Open a store for queries: timeline, profile, search, events, transfers, exports."""
    from sitrep.api import open as _open  # noqa: PLC0415 (keep `import sitrep` light)

    return _open(db, readonly=readonly)

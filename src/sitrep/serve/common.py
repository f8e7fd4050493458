"""Helpers the JSON API and the pages share: validated request filters and the documents of an ingest form."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import UploadFile

from sitrep.errors import SitrepError
from sitrep.records import EVENT_STATUSES, EVENT_TYPES
from sitrep.serve.data import check_choice, check_code, check_date, check_dyad
from sitrep.serve.ingest import safe_name


def event_filters(country: str | None, dyad: str | None, type: str | None, status: str | None,
                  since: str | None, until: str | None) -> dict[str, Any]:
    """Validated CLI-style event filters (type upper-cased as the CLI does)."""
    return {"country": check_code(country), "dyad": check_dyad(dyad),
            "type": check_choice(type.upper() if type else None, EVENT_TYPES, "type"),
            "status": check_choice(status, EVENT_STATUSES, "status"),
            "since": check_date(since, "since"), "until": check_date(until, "until")}


async def collect_docs(text: str | None, title: str | None,
                       files: list[UploadFile] | None) -> list[tuple[str, bytes, str | None]]:
    """(name, bytes) for the pasted text and each uploaded file; names are reduced to safe labels."""
    docs: list[tuple[str, bytes, str | None]] = []
    if text and text.strip():
        data = text.encode("utf-8")  # a name per content: two pastes never replace each other
        docs.append((f"pasted-{hashlib.sha256(data).hexdigest()[:10]}.txt", data, (title or "").strip() or None))
    for f in files or []:
        if not f.filename and not f.size:
            continue
        docs.append((safe_name(f.filename), await f.read(), None))
    if not docs:
        raise SitrepError("E400", "nothing to ingest: paste some text or choose files.")
    return docs

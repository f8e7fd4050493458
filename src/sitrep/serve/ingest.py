"""Ingest jobs for the server: pasted text and uploaded files, processed in a background thread.

Uploads are read from memory (:func:`sitrep.ingest.readers.read_bytes`) and never written to disk;
their names are used only as a format hint and a label. Only the store (file or PostgreSQL database) is written.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.ingest.readers import read_bytes
from sitrep.pipeline import process_batch
from sitrep.records import Article, DocError, Record
from sitrep.settings import Settings
from sitrep.store.db import is_postgres_url
from sitrep.store.store import Store
from sitrep.store.write import write_batch

MAX_JOBS = 50
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(name: str | None, default: str = "upload.txt") -> str:
    """A file name reduced to its last component and safe characters (a label and a format hint only)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = _SAFE.sub("_", base).strip("._")[:100]
    return base or default


@dataclass
class Job:
    id: str
    documents: int
    state: str = "queued"  # queued | running | done | failed
    done: int = 0
    results: list[dict[str, Any]] = field(default_factory=list)
    error: dict[str, str] | None = None
    started: float = field(default_factory=time.time)

    def to_dict(self) -> dict[str, Any]:
        new = sum(r["status"] == "new" for r in self.results)
        present = sum(r["status"] == "present" for r in self.results)
        failed = sum(r["status"] == "failed" for r in self.results)
        return {"id": self.id, "state": self.state, "documents": self.documents, "processed": self.done,
                "new": new, "present": present, "failed": failed, "results": self.results, "error": self.error}


class Ingester:
    """Runs ingest jobs one at a time against the store at ``db``."""

    def __init__(self, db: str | Path, settings: Settings | None = None):
        self.db: str | Path = db if is_postgres_url(db) else Path(db)
        self.settings = settings or Settings()
        self.jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def submit(self, docs: list[tuple[str, bytes, str | None]]) -> Job:
        """Start a job over ``docs`` ((name, bytes, title or None)); returns at once."""
        job = Job(id=secrets.token_hex(8), documents=len(docs))
        self.jobs[job.id] = job
        while len(self.jobs) > MAX_JOBS:
            self.jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job, docs), daemon=True).start()
        return job

    def _run(self, job: Job, docs: list[tuple[str, bytes, str | None]]) -> None:
        with self._lock:  # one writer at a time
            job.state = "running"
            try:
                items = []
                for n, (name, data, title) in enumerate(docs, 1):
                    for item in read_bytes(data, name, f"upload:{n}:{name}"):
                        if title and isinstance(item, Article):
                            item.title = title
                        items.append(item)
                job.documents = len(items)
                store = Store.open(self.db)
                try:
                    for item in process_batch(items, self.settings):
                        job.results.append(self._write(store, item))
                        job.done += 1
                finally:
                    store.close()
                job.state = "done"
            except SitrepError as exc:
                job.state, job.error = "failed", {"code": exc.code, "message": exc.message}
            except Exception as exc:  # noqa: BLE001 — report, never crash the server
                job.state, job.error = "failed", {"code": "E201", "message": f"{type(exc).__name__}: {exc}"}

    @staticmethod
    def _write(store: Store, item: Record | DocError) -> dict[str, Any]:
        if isinstance(item, DocError):
            write_batch(store.conn, [item])
            return {"source": item.source, "id": item.id, "status": "failed",
                    "error": {"code": item.code, "message": item.message}}
        tally = write_batch(store.conn, [item])
        status = "new" if tally["new"] else "present"
        return {"source": item.source, "id": item.id, "title": item.title, "status": status,
                "entities": len(item.entities), "events": len(item.events),
                "transfers": len(item.arms_transfers), "error": None}

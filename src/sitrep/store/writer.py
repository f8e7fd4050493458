"""The single writer: one thread owns the only write connection (the datasette / sqlite-utils way).

    writer = StoreWriter("sitrep.db")        # or StoreWriter("postgresql://user@host/sitrep")
    for item in items:
        writer.submit(item)            # or writer.submit_error(doc_error)
    tally = writer.close()             # {"new": n, "present": n, "errors": n}

Items are written in transactions of ``batch_size`` (a batch is also flushed whenever the queue
runs dry, so nothing waits long). The queue is bounded, so memory stays constant however many
documents go through. An exception in the thread is re-raised by :meth:`StoreWriter.close`, and
by :meth:`StoreWriter.submit` once it has happened; a failed batch is rolled back whole.
"""

from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any

from sitrep.records import DocError, Record
from sitrep.store.db import database_errors, is_postgres_url, map_error, safe_url
from sitrep.store.store import connect
from sitrep.store.write import write_batch

_STOP = object()


class StoreWriter:
    """Write records and per-document errors to the store at ``path`` from one background thread."""

    def __init__(self, path: str | Path, batch_size: int = 50, queue_size: int = 256):
        self.db = path
        self.path = safe_url(path) if is_postgres_url(path) else Path(path)
        self.batch_size = max(1, batch_size)
        self.tally = {"new": 0, "present": 0, "errors": 0}
        self._queue: queue.Queue[object] = queue.Queue(maxsize=queue_size)
        self._error: BaseException | None = None
        self._closed = False
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sitrep-store-writer", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:  # the store could not be opened: say so now
            self._thread.join()
            raise self._error

    def submit(self, record: Record) -> None:
        """Queue a record for writing (blocks while the queue is full)."""
        self._put(record)

    def submit_error(self, err: DocError) -> None:
        """Queue a per-document failure for the ``failed_documents`` table."""
        self._put(err)

    def close(self) -> dict[str, int]:
        """Flush what is queued, stop the thread; the tally of what was written, or the thread's exception."""
        if not self._closed:
            self._closed = True
            self._queue.put(_STOP)
            self._thread.join()
        if self._error is not None:
            raise self._error
        return dict(self.tally)

    def __enter__(self) -> StoreWriter:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # the caller's exception wins; still stop the thread
            try:
                self.close()
            except Exception:
                pass

    def _put(self, item: Record | DocError) -> None:
        if self._error is not None:
            raise self._error
        if self._closed:
            raise RuntimeError("StoreWriter is closed")
        self._queue.put(item)

    # -- the thread

    def _run(self) -> None:
        try:
            conn = connect(self.db)
        except BaseException as exc:  # handed to the caller
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            stop = False
            while not stop:
                batch: list[Record | DocError] = []
                item = self._queue.get()
                while item is not _STOP:
                    batch.append(item)  # type: ignore[arg-type]
                    if len(batch) >= self.batch_size:
                        break
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                stop = item is _STOP
                if batch and self._error is None:
                    self._write(conn, batch)
        finally:
            conn.close()

    def _write(self, conn: Any, batch: list[Record | DocError]) -> None:
        try:
            tally = write_batch(conn, batch)
        except database_errors() as exc:
            self._error = map_error(exc, str(self.path))
            self._error.__cause__ = exc
        except BaseException as exc:  # re-raised from close()/submit()
            self._error = exc
        else:
            for k, v in tally.items():
                self.tally[k] += v

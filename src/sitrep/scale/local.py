"""The local engine: ``process_batch`` in this process, or over a pool of ``workers`` processes.

Each worker process loads spaCy once (pool initializer) and processes whole chunks of
``batch_size`` articles. At most ``2 × workers`` chunks are in flight, and results are yielded
in input order as soon as the oldest chunk is done: memory stays constant at any corpus size.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from sitrep.pipeline import process_batch
from sitrep.records import Article, DocError, Record
from sitrep.settings import Settings

_SETTINGS: Settings | None = None


def _init(settings: Settings) -> None:
    global _SETTINGS
    _SETTINGS = settings
    from sitrep.nlp.model import load_nlp  # noqa: PLC0415

    load_nlp(settings.model)  # once per worker, before the first chunk


def _work(chunk: list[Article | DocError]) -> list[Record | DocError]:
    return list(process_batch(chunk, _SETTINGS))


def process(articles: Iterable[Article | DocError], settings: Settings | None = None) -> Iterator[Record | DocError]:
    """Records (or per-document errors) of ``articles``, in input order, using ``settings.workers`` processes."""
    settings = settings or Settings()
    if settings.workers <= 1:
        yield from process_batch(articles, settings)
        return
    it = iter(articles)
    ctx = mp.get_context("spawn")  # no fork of a process holding threads (the store writer) or a loaded model
    with ctx.Pool(settings.workers, initializer=_init, initargs=(settings,)) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < 2 * settings.workers:
                chunk = list(islice(it, settings.batch_size))
                if not chunk:
                    break
                pending.append(pool.apply_async(_work, (chunk,)))
            if not pending:
                return
            yield from pending.popleft().get()

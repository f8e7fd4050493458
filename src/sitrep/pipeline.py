"""The pure core every engine calls: ``process_batch(articles) -> records``.

ingest (layout) → NLP (spaCy with sitrep's components) → extract (sources, events, transfers,
quotes) → one :class:`~sitrep.records.Record` per article, or a
:class:`~sitrep.records.DocError` for an article that could not be processed. One bad article
never stops the batch.

spaCy (and every module that needs it) is imported only when a pipeline is built or a Doc is
turned into a record, so commands that never parse (``--help``, ``show``, ``stats``, ``serve``)
start without it (``tests/test_startup.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING

from sitrep.errors import SitrepError
from sitrep.ingest.layout import analyse
from sitrep.ingest.readers import iso_date
from sitrep.records import Article, DocError, Record
from sitrep.settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

MASKED_KINDS = ("noise", "meta")


def parse_text(article: Article) -> str:
    """The text the parser reads: page furniture blanked out, same length, so offsets agree."""
    text = article.text
    if not any(s.kind in MASKED_KINDS for s in article.segments):
        return text
    chars = list(text)
    for seg in article.segments:
        if seg.kind in MASKED_KINDS:
            for i in range(seg.start, seg.end):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)


def _make_doc(nlp, article: Article) -> Doc:
    doc = nlp.make_doc(parse_text(article))
    doc._.article = article
    return doc


def to_record(doc: Doc) -> Record:
    """Assemble the contract record from a processed Doc (the extract stage)."""
    from sitrep.extract import events, quotes, transfers  # noqa: PLC0415 (optional later stages)
    from sitrep.extract.sources import sources_cited  # noqa: PLC0415 (imports spaCy)

    art: Article = doc._.article
    rec = Record(
        id=art.id, text=art.text, title=art.title, url=art.url, outlet=art.outlet, published=art.published,
        dateline=art.dateline, language=art.language or "en", source=art.source, content_hash=art.content_hash,
    )
    rec.entities = list(doc._.sitrep_entities or [])
    rec.time_expressions = list(doc._.time_expressions or [])
    rec.sources_cited = sources_cited(doc)
    rec.quotes = quotes.find_quotes(doc)
    rec.arms_transfers = transfers.find_transfers(doc, rec)
    rec.events = events.find_events(doc, rec)  # (a delivery among the transfers is an AID event)
    return rec


def process_batch(articles: Iterable[Article | DocError], settings: Settings | None = None) -> Iterator[Record | DocError]:
    """Process articles in batches through the NLP and extract stages, streaming results in order."""
    from sitrep.nlp.model import load_nlp  # noqa: PLC0415 (imports spaCy)

    settings = settings or Settings()
    nlp = load_nlp(settings.model)
    it = iter(articles)
    while True:
        chunk = list(islice(it, settings.batch_size))
        if not chunk:
            return
        yield from _process_chunk(nlp, chunk, settings)


def _process_chunk(nlp, chunk: list[Article | DocError], settings: Settings) -> Iterator[Record | DocError]:
    ready: list[Article] = []
    results: dict[int, Record | DocError] = {}
    for n, item in enumerate(chunk):
        if isinstance(item, DocError):
            results[n] = item
            continue
        try:
            item.published = iso_date(item.published)  # out-of-range or malformed dates are dropped
            analyse(item)
            ready.append(item)
        except Exception as exc:  # noqa: BLE001 — one bad page never stops a batch
            results[n] = _failure(item, exc)
    order = [n for n, item in enumerate(chunk) if not isinstance(item, DocError) and n not in results]
    try:
        docs = list(nlp.pipe((_make_doc(nlp, a) for a in ready), batch_size=settings.batch_size))
        for n, doc in zip(order, docs, strict=True):
            try:
                results[n] = to_record(doc)
            except Exception as exc:  # noqa: BLE001
                results[n] = _failure(doc._.article, exc)
    except Exception:  # noqa: BLE001 — find the article that broke the batch, keep the others
        for n, art in zip(order, ready, strict=True):
            try:
                results[n] = to_record(nlp(_make_doc(nlp, art)))
            except Exception as exc:  # noqa: BLE001
                results[n] = _failure(art, exc)
    for n in range(len(chunk)):
        yield results[n]


def _failure(article: Article, exc: Exception) -> DocError:
    if isinstance(exc, SitrepError):
        return DocError(article.source or article.id, exc.code, exc.message, id=article.id)
    log.exception("extraction failed on %s", article.id)
    return DocError(article.source or article.id, "E201",
                    f"extraction failed ({type(exc).__name__}: {exc}); the rest of the batch was processed. "
                    "Please report this with the document attached.", id=article.id)


def extract_text(text: str, *, id: str = "doc", published: str | None = None, title: str | None = None,
                 settings: Settings | None = None) -> Record:
    """Extract the record of one text (convenience for the Python API and tests)."""
    out = next(process_batch([Article(id=id, text=text, published=published, title=title)], settings))
    if isinstance(out, DocError):
        raise SitrepError(out.code, out.message)
    return out

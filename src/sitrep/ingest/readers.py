"""Read files, directories, stdin, feeds and corpora into :class:`Article` records.

One bad document never stops a batch: every problem becomes a :class:`DocError` that says
what is wrong and what to do, and reading goes on with the next document.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urlsplit

from sitrep.errors import SitrepError
from sitrep.ingest.decode import decode_bytes
from sitrep.ingest.detect import detect_format
from sitrep.ingest.language import detect_language, language_name
from sitrep.records import Article, DocError

Item = Article | DocError
MIN_LETTERS = 40
MIN_YEAR, MAX_YEAR = 1000, 2999  # a publication date outside these is an error in the data: dropped
_FIELDS = ("id", "text", "title", "url", "outlet", "published")


# --------------------------------------------------------------------------- paths
def iter_articles(paths: Sequence[str], *, max_bytes: int = 10_000_000) -> Iterator[Item]:
    """Every article under ``paths`` (files, directories read recursively in name order, or "-"
    for stdin), or a :class:`DocError` for each document that cannot be read."""
    for path in paths:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
                yield _too_big("<stdin>", None, max_bytes)
                continue
            yield from read_bytes(data, "stdin", "<stdin>")
            continue
        p = Path(path)
        if p.is_dir():
            for f in _walk(p):
                yield from _read_file(f, max_bytes)
        elif p.exists():
            yield from _read_file(p, max_bytes)
        else:
            yield DocError(path, "E100", f"no such file or directory: {path}; check the path (use \"-\" to read "
                                         "from standard input).")


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _read_file(p: Path, max_bytes: int) -> Iterator[Item]:
    source = str(p)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            yield _too_big(source, size, max_bytes)
            return
        data = p.read_bytes()
    except OSError as exc:
        yield DocError(source, "E100", f"cannot read {source} ({exc.strerror or exc}); check that it exists and "
                                       "that you may read it.")
        return
    yield from read_bytes(data, p.name, source)


def _too_big(source: str, size: int | None, max_bytes: int) -> DocError:
    what = f"{size:,} bytes" if size is not None else "more than that"
    return DocError(source, "E104", f"document is too large ({what}; the limit is {max_bytes:,} bytes); split "
                                    "it, or raise the limit with --max-bytes.")


# --------------------------------------------------------------------------- one document
def read_bytes(data: bytes, name: str, source: str) -> Iterator[Item]:
    """The articles in one document's bytes (``name`` is its file name, a format hint)."""
    stem = _stem(name)
    if not data.strip():
        yield DocError(source, "E101", "the document is empty; there is nothing to extract.", id=stem)
        return
    try:
        text = decode_bytes(data)
    except SitrepError as exc:
        yield DocError(source, exc.code, exc.message, id=stem)
        return
    fmt = detect_format(text, name)
    reader: Callable[..., Iterator[Item]] = _READERS[fmt]
    try:
        for item in reader(text=text, data=data, stem=stem, source=source):
            if isinstance(item, Article):
                item.format = fmt
                yield _check(item)
            else:
                yield item
    except RecursionError:
        yield DocError(source, _FAIL_CODE[fmt], f"the {fmt} document is too deeply nested to read; simplify it "
                                                "or extract its text first.", id=stem)
    except Exception as exc:  # noqa: BLE001 — one bad document never stops a batch
        yield DocError(source, _FAIL_CODE[fmt], f"cannot read this {fmt} document ({type(exc).__name__}: {exc}); "
                                                "check that it is well-formed.", id=stem)


def _stem(name: str) -> str:
    stem = PurePath(name).stem or name
    return stem if stem not in ("", "-") else "stdin"


def _check(art: Article) -> Item:
    """Empty, too short and non-English articles become errors; the rest get their language."""
    src = art.source or art.id
    if not art.text or not art.text.strip():
        return DocError(src, "E101", "the article text is empty; there is nothing to extract.", id=art.id)
    letters = sum(1 for c in art.text if c.isalpha())
    if letters < MIN_LETTERS:
        return DocError(src, "E111", f"the text has only {letters} letters; that is too short to be an article "
                                     f"(at least {MIN_LETTERS} are needed).", id=art.id)
    lang = detect_language(art.text)
    if lang not in ("en", "und"):
        return DocError(src, "E110", f"looks like {language_name(lang)} ({lang}); sitrep extracts English only. "
                                     "Translate the article to English first.", id=art.id)
    art.language = lang
    return art


# --------------------------------------------------------------------------- text
def _read_text(*, text: str, stem: str, source: str, **_: Any) -> Iterator[Item]:
    yield Article(id=stem, text=text, source=source)


# --------------------------------------------------------------------------- html
def _read_html(*, text: str, stem: str, source: str, **_: Any) -> Iterator[Item]:
    import trafilatura  # noqa: PLC0415 (slow import, only for HTML)

    doc = trafilatura.bare_extraction(_SCRIPTS.sub(" ", text), with_metadata=True, include_comments=False,
                                      include_tables=False, include_images=False, deduplicate=False)
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    if not body.strip():  # lxml gives up on very deep nesting: keep the page's prose paragraphs, if any
        paras = [p for p in html_to_text(_SCRIPTS.sub(" ", text)).split("\n\n")
                 if len(p.split()) >= 25 and re.search(r"[.!?][\"'”’]?$", p)]
        body = "\n".join(paras)
    if not body.strip():
        yield DocError(source, "E105", "no main text found in this HTML page (only scripts, menus or an empty "
                                       "body?); save the article page itself, or pass its text.", id=stem)
        return
    meta = {k: v for k in ("author", "description", "hostname")
            if (v := getattr(doc, k, None))}
    yield Article(id=stem, text=body, title=getattr(doc, "title", None) or None, url=getattr(doc, "url", None) or None,
                  outlet=getattr(doc, "sitename", None) or None, published=iso_date(getattr(doc, "date", None)),
                  source=source, meta=meta)


_SCRIPTS = re.compile(r"<(script(?![^>]*ld\+json)|style|iframe|noscript|template|object|embed|svg)\b.*?</\1\s*>", re.I | re.S)


# --------------------------------------------------------------------------- feeds
def _read_feed(*, data: bytes, stem: str, source: str, **_: Any) -> Iterator[Item]:
    import feedparser  # noqa: PLC0415

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if not entries:
        why = f" ({parsed.get('bozo_exception')})" if parsed.get("bozo") else ""
        yield DocError(source, "E106", f"malformed feed: no entries could be read{why}; check that the file is a "
                                       "complete RSS or Atom document.", id=stem)
        return
    outlet = (parsed.get("feed") or {}).get("title") or None
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        src = f"{source}#item-{n}"
        ident = _slug(entry.get("id") or entry.get("link") or "") or f"{stem}-{n}"
        if ident in seen:
            ident = f"{ident}-{n}"
        seen.add(ident)
        body = html_to_text(_entry_html(entry))
        yield Article(id=ident, text=body, title=_clean_title(entry.get("title")), url=entry.get("link") or None,
                      outlet=outlet, published=_entry_date(entry), source=src,
                      meta={k: entry[k] for k in ("author",) if entry.get(k)})


def _entry_html(entry: Any) -> str:
    contents = [c.get("value") or "" for c in entry.get("content") or []]
    best = max(contents, key=len, default="")
    summary = entry.get("summary") or ""
    return best if len(best) >= len(summary) else summary


def _entry_date(entry: Any) -> str | None:
    """The entry's date as its own time zone has it; feedparser's parsed dates are UTC."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            d = iso_date(raw)
            if d:
                return d
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _clean_title(title: str | None) -> str | None:
    return re.sub(r"\s+", " ", html_to_text(title)).strip() or None if title else None


def _slug(ident: str) -> str:
    """A stable, readable id from an entry id or link ("https://x.org/a/b-c?p=1" → "b-c-p-1")."""
    ident = ident.strip()
    if re.match(r"https?://", ident):
        parts = urlsplit(ident)
        path = [seg for seg in parts.path.split("/") if seg]
        last = re.sub(r"\.(html?|php|aspx?)$", "", path[-1]) if path else ""
        tail = "-".join(x for x in (last, parts.query) if x)
        if len(re.sub(r"[^a-z]", "", tail.lower())) < 3:  # "?p=166054", "/12345": keep the site in the id
            tail = "-".join(x for x in (parts.hostname or "", *path[-2:], parts.query) if x)
        ident = tail
    slug = re.sub(r"[^a-z0-9]+", "-", ident.lower()).strip("-")
    return slug[:80].rstrip("-")


# --------------------------------------------------------------------------- JSON, JSONL
def _read_jsonl(*, text: str, stem: str, source: str, **_: Any) -> Iterator[Item]:
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        src = f"{source}:line {n}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield DocError(src, "E107", f"line {n} is not valid JSON ({exc}); fix or remove that line.",
                           id=f"{stem}-{n}")
            continue
        yield _from_object(obj, f"{stem}-{n}", src, f"line {n}")


def _read_json(*, text: str, stem: str, source: str, **_: Any) -> Iterator[Item]:
    try:
        obj = json.loads(text)
    except ValueError as exc:
        yield DocError(source, "E107", f"not valid JSON ({exc}); fix the file, or write one JSON object per "
                                       "line (JSONL) so one bad record does not spoil the rest.", id=stem)
        return
    if isinstance(obj, dict) and isinstance(obj.get("articles"), list):
        obj = obj["articles"]
    if isinstance(obj, dict):
        yield _from_object(obj, stem, source, "the object")
        return
    if not isinstance(obj, list):
        yield DocError(source, "E107", "the JSON holds neither an article object nor a list of them; expected "
                                       '{"id": ..., "text": ...} or a list of such objects.', id=stem)
        return
    for n, item in enumerate(obj, 1):
        yield _from_object(item, f"{stem}-{n}", f"{source}#item-{n}", f"item {n}")


def _from_object(obj: Any, default_id: str, source: str, where: str) -> Item:
    if not isinstance(obj, dict):
        return DocError(source, "E107", f"{where} is a JSON {type(obj).__name__}, not an object; expected "
                                        '{"id": ..., "text": ...}.', id=default_id)
    return _from_fields(obj, default_id, source, where)


def _from_fields(row: dict[str, Any], default_id: str, source: str, where: str) -> Item:
    ident = row.get("id")
    ident = str(ident).strip() if ident not in (None, "") else default_id
    text = row.get("text")
    if not isinstance(text, str):
        what = "has no \"text\" field" if text is None else f"has a \"text\" that is a {type(text).__name__}"
        return DocError(source, "E108", f"{where} {what}; each record needs its article text in \"text\".",
                        id=ident)
    def opt(key: str) -> str | None:
        v = row.get(key)
        return str(v).strip() or None if v not in (None, "") else None
    return Article(id=ident, text=text.replace("\r\n", "\n"), title=opt("title"), url=opt("url"),
                   outlet=opt("outlet"), published=iso_date(opt("published")), source=source,
                   meta={k: v for k, v in row.items() if k not in _FIELDS})


# --------------------------------------------------------------------------- CSV
def _read_csv(*, text: str, stem: str, source: str, **_: Any) -> Iterator[Item]:
    first = text.split("\n", 1)[0]
    delim = max((",", "\t", ";"), key=first.count)
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = [h.strip().lstrip("\ufeff").lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield DocError(source, "E109", f"the CSV header cannot be read ({exc}); the first line must name the "
                                       "columns, e.g. id,text,title.", id=stem)
        return
    if "text" not in header:
        yield DocError(source, "E108", f"the CSV has no \"text\" column (columns: {', '.join(header)}); name the "
                                       "column holding the article text \"text\".", id=stem)
        return
    row_no = 1
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_no += 1
            yield DocError(f"{source}:line {line}", "E109", f"CSV row {row_no} (line {line}) is malformed ({exc}); "
                                                            "fix its quoting.", id=f"{stem}-{row_no}")
            continue
        row_no += 1
        if not any(c.strip() for c in row):
            continue
        src = f"{source}:line {line}"
        if len(row) != len(header):
            yield DocError(src, "E109", f"CSV row {row_no} (line {line}) has {len(row)} fields but the header has "
                                        f"{len(header)}; quote fields that contain \"{delim}\" or newlines.",
                           id=f"{stem}-{row_no}")
            continue
        yield _from_fields(dict(zip(header, row, strict=True)), f"{stem}-{row_no}", src, f"CSV row {row_no}")


_READERS: dict[str, Callable[..., Iterator[Item]]] = {
    "text": _read_text, "html": _read_html, "feed": _read_feed, "jsonl": _read_jsonl, "json": _read_json,
    "csv": _read_csv,
}
_FAIL_CODE = {"text": "E112", "html": "E105", "feed": "E106", "jsonl": "E107", "json": "E107", "csv": "E109"}


# --------------------------------------------------------------------------- helpers
def iso_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD, YYYY-MM or YYYY) from an ISO timestamp or an RFC 822 date, else None."""
    if value in (None, ""):
        return None
    s = str(value).strip()
    m = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ])", s)
    if m:
        y, mo, d = m.groups()
        if MIN_YEAR <= int(y) <= MAX_YEAR and 1 <= int(mo or 1) <= 12 and 1 <= int(d or 1) <= 31:
            return "-".join(x for x in (y, mo, d) if x)
        return None
    try:
        dt: datetime = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        return None
    return dt.date().isoformat() if dt and MIN_YEAR <= dt.year <= MAX_YEAR else None


_BLOCK = frozenset("p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote article section tr table pre hr header footer "
                   "dd dt dl".split())
_SKIP = frozenset("script style iframe noscript svg figure figcaption template object embed button form nav "
                  "select head".split())
_VOID = frozenset("br hr img input meta link source wbr area base col embed param track".split())


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skip += 1
        elif tag in _BLOCK and not self.skip:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK and not self.skip:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK and not self.skip:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML fragment: one paragraph per line, scripts, frames and figures dropped."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    p = _TextParser()
    p.feed(fragment)
    p.close()
    lines = (re.sub(r"[ \t\u00a0\r\f\v]+", " ", ln).strip() for ln in "".join(p.parts).split("\n"))
    return "\n\n".join(ln for ln in lines if ln)

"""Which reader a document needs: text | html | feed | jsonl | json | csv.

The content decides first; the file extension only settles what the content leaves open.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import PurePath

FORMATS = ("text", "html", "feed", "jsonl", "json", "csv")

_HEAD = 65536
_FEED = re.compile(r"<rss[\s>]|<rdf:RDF[\s>]|<feed[^>]*xmlns\s*=\s*[\"']http://www\.w3\.org/2005/Atom", re.I)
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.I)
_HTML_TAG = re.compile(
    r"</?(p|div|br|a|span|h[1-6]|body|head|li|ul|ol|table|tr|td|article|section|script|style|meta|link|"
    r"img|iframe|nav|header|footer|main|strong|em|b|i|figure|title)\b[^>]*>", re.I)
_EXT = {".html": "html", ".htm": "html", ".xhtml": "html", ".rss": "feed", ".atom": "feed", ".xml": "feed",
        ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv", ".txt": "text"}


def detect_format(data: bytes | str, name: str | None = None) -> str:
    """Sniff the format of a document (bytes or decoded text); ``name`` (a file name) is a hint."""
    head = _head_text(data)
    body = head.lstrip("\ufeff \t\r\n")
    ext = PurePath(name).suffix.lower() if name else ""
    hint = _EXT.get(ext)
    lead = body[:4096]
    if _FEED.search(lead) and not _HTML_START.match(body):
        return "feed"
    if _HTML_START.match(body) or (body.startswith("<?xml") and re.search(r"<html[\s>]", lead, re.I)):
        return "html"
    if body[:1] in "[{" and body:
        if body[0] == "{" and _looks_jsonl(body, hint):
            return "jsonl"
        return "jsonl" if hint == "jsonl" and body[0] == "{" else "json"
    if body.startswith("<") and (hint == "feed" or body.startswith("<?xml")) and _FEED.search(head):
        return "feed"
    tags = _HTML_TAG.findall(head[:16384])
    if len(tags) >= 5 and len({t.lower() for t in tags}) >= 2:
        return "html"
    if hint == "html" and tags:
        return "html"
    if hint == "csv" or _looks_csv(body):
        return "csv"
    return "text"


def _head_text(data: bytes | str) -> str:
    if isinstance(data, str):
        return data[:_HEAD]
    raw = data[:_HEAD]
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return raw.decode("utf-32", "replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace")
    return raw.decode("utf-8", "replace")


def _looks_jsonl(body: str, hint: str | None) -> bool:
    """Several lines, each a JSON object (the first one must parse on its own)."""
    lines = [ln.strip() for ln in body.split("\n") if ln.strip()]
    if len(lines) < 2 and hint != "jsonl":
        return False
    first = lines[0]
    if not (first.startswith("{") and first.endswith("}")):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        # the head may cut a long line short: a "{...}" first line and a second "{" line still say JSONL
        return len(lines) >= 2 and lines[1].startswith("{")


def _looks_csv(body: str) -> bool:
    """A header line naming a ``text`` column (and at least one other column)."""
    first = body.split("\n", 1)[0].strip()
    if not first or len(first) > 1000:
        return False
    for delim in (",", "\t", ";"):
        if delim not in first:
            continue
        try:
            cols = [c.strip().lower() for c in next(csv.reader([first], delimiter=delim))]
        except (csv.Error, StopIteration):
            continue
        if len(cols) >= 2 and "text" in cols:
            return True
    return False

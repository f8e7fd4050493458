"""Error codes. Library errors are raised as :class:`SitrepError`; the CLI maps them to
messages and exit codes in one place (``sitrep.cli``). Per-document problems are not raised
but returned as :class:`sitrep.records.DocError` so that a batch goes on."""

from __future__ import annotations

# code -> short description. Messages built from them always say what to do.
CODES: dict[str, str] = {
    # ingest (E1xx): per-document
    "E100": "file not found or not readable",
    "E101": "empty document",
    "E102": "binary content, not text",
    "E103": "undecodable text encoding",
    "E104": "document too large",
    "E105": "malformed HTML: no main text found",
    "E106": "malformed feed",
    "E107": "malformed JSON/JSONL line",
    "E108": "record has no text field",
    "E109": "malformed CSV row",
    "E110": "not English",
    "E111": "text too short to be an article",
    "E112": "unsupported format",
    # pipeline (E2xx)
    "E200": "NLP model cannot be loaded",
    "E201": "extraction failed on this document",
    # store (E3xx)
    "E300": "store cannot be opened",
    "E301": "store file is corrupted",
    "E302": "store is read-only or the disk is full",
    "E303": "store schema is from a newer sitrep",
    "E304": "no such record in the store",
    # usage (E4xx)
    "E400": "bad argument",
    "E401": "an optional dependency is not installed",
    "E402": "a file cannot be read or written",
}


class SitrepError(Exception):
    """An error with a code from :data:`CODES` and a message that says what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message

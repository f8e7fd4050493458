"""Bytes → text: BOM-aware, strict UTF-8 first, then a careful guess; binary is refused.

The only change made to the text is newline normalisation (``\\r\\n`` and lone ``\\r`` → ``\\n``):
every offset sitrep reports is into the string :func:`decode_bytes` returns.
"""

from __future__ import annotations

import codecs

from sitrep.errors import SitrepError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_SNIFF = 8192
_CONTROL_RATIO = 0.10  # more control bytes than this in the first 8 KB: not text
_ASCII_HEAVY = 0.12  # less non-ASCII than this: a Western single-byte code page (cp1252)


def decode_bytes(data: bytes) -> str:
    """Decode a document's bytes to text, or raise :class:`SitrepError` E102 (binary) / E103."""
    text = _decode(data)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _decode(data: bytes) -> str:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as exc:
                raise SitrepError("E103", f"the file starts with a {enc.upper()} byte-order mark but is not valid "
                                          f"{enc.upper()} (bad bytes at offset {exc.start + len(bom)}); re-save it "
                                          "as UTF-8.") from exc
    head = data[:_SNIFF]
    utf16 = _bomless_utf16(head)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in head:
        raise SitrepError("E102", "the file contains NUL bytes: it is binary (an image, PDF, archive or "
                                  "office document?), not text; convert it to text, HTML or JSON first.")
    controls = sum(1 for b in head if b < 0x20 and b not in _TEXT_CONTROLS or b == 0x7F)
    if head and controls / len(head) > _CONTROL_RATIO:
        raise SitrepError("E102", f"{controls} of the first {len(head)} bytes are control characters: the file "
                                  "is binary, not text; convert it to text, HTML or JSON first.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return _guess(data, first_bad)


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark: NULs in every other byte of mostly-ASCII text."""
    n = len(head) - len(head) % 2
    if n < 8:
        return None
    even, odd = head[0:n:2], head[1:n:2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _has_utf8_sequences(data: bytes) -> bool:
    """True if the bytes contain at least one well-formed multi-byte UTF-8 sequence."""
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        size = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        if size and i + size <= n:
            try:
                data[i:i + size].decode("utf-8")
                return True
            except UnicodeDecodeError:
                pass
        i += 1
    return False


def _guess(data: bytes, first_bad: int) -> str:
    bad = data[first_bad:first_bad + 4].hex(" ")
    if _has_utf8_sequences(data):
        raise SitrepError("E103", f"the file is mostly UTF-8 but has invalid bytes ({bad}) at offset {first_bad}: "
                                  "it is corrupt or mixes encodings; fix those bytes or re-save the file as "
                                  "UTF-8 (e.g. `iconv -f <encoding> -t UTF-8`).")
    high = sum(1 for b in data[:65536] if b >= 0x80)
    if high / max(1, min(len(data), 65536)) < _ASCII_HEAVY:
        for enc in ("cp1252", "latin-1"):  # short Western text: the guessers pick odd code pages
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
    from charset_normalizer import from_bytes  # noqa: PLC0415 (only for non-UTF-8 input)

    best = from_bytes(data).best()
    if best is None:
        raise SitrepError("E103", f"the file is not UTF-8 (invalid bytes {bad} at offset {first_bad}) and its "
                                  "encoding cannot be recognised; re-save it as UTF-8 (e.g. "
                                  "`iconv -f <encoding> -t UTF-8 FILE`).")
    return str(best)

"""Atheris fuzz harness for the ingest format detectors, decoders and readers.

    pip install atheris
    python fuzz/fuzz_detect.py -max_total_time=300 fuzz/corpus

Any uncaught exception (other than the per-document SitrepError codes) is a bug. Without atheris
installed, ``python fuzz/fuzz_detect.py FILE...`` replays files (a crash reproducer) instead.
"""

from __future__ import annotations

import sys

try:  # atheris is optional: CI does not install it
    import atheris
except ImportError:  # pragma: no cover - depends on the environment
    atheris = None

if atheris is not None:
    with atheris.instrument_imports():
        from sitrep.errors import SitrepError
        from sitrep.ingest.decode import decode_bytes
        from sitrep.ingest.detect import FORMATS, detect_format
        from sitrep.ingest.language import detect_language
        from sitrep.ingest.readers import html_to_text, iso_date, read_bytes
        from sitrep.records import Article, DocError
else:
    from sitrep.errors import SitrepError
    from sitrep.ingest.decode import decode_bytes
    from sitrep.ingest.detect import FORMATS, detect_format
    from sitrep.ingest.language import detect_language
    from sitrep.ingest.readers import html_to_text, iso_date, read_bytes
    from sitrep.records import Article, DocError

NAMES = ("doc.txt", "doc.html", "doc.xml", "doc.jsonl", "doc.json", "doc.csv", "doc")


def test_one_input(data: bytes) -> None:
    """One fuzz input: the first byte picks the file name hint, the rest is the document."""
    if not data:
        return
    name = NAMES[data[0] % len(NAMES)]
    body = data[1:]
    assert detect_format(body, name) in FORMATS
    try:
        text = decode_bytes(body)
    except SitrepError as exc:
        assert exc.code in ("E102", "E103"), exc
        return
    assert "\r" not in text
    assert detect_format(text, name) in FORMATS
    detect_language(text)
    html_to_text(text[:20000])
    iso_date(text[:40])
    for item in read_bytes(body, name, name):
        assert isinstance(item, (Article, DocError)), item
        if isinstance(item, DocError):
            assert item.code.startswith("E1") and item.message, item


def main() -> None:
    if atheris is None:
        for path in sys.argv[1:]:
            with open(path, "rb") as f:
                test_one_input(f.read())
        print(f"atheris is not installed: replayed {len(sys.argv) - 1} file(s) without crashing.")
        return
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

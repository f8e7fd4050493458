"""The docs hold together: every relative link in README.md, CONTRIBUTING.md and docs/*.md points
at a file that exists, and every #anchor at a heading of that file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"(?<!\!)\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _prose(md: str) -> str:
    """The Markdown without code blocks and code spans (links there are not links)."""
    return _CODE.sub("", _FENCE.sub("", md))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(md: str) -> set[str]:
    """The anchors of a Markdown file's headings (repeats get -1, -2, … as on GitHub)."""
    out: set[str] = set()
    seen: dict[str, int] = {}
    for line in _FENCE.sub("", md).splitlines():
        m = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            s = slug(m.group(1))
            n = seen.get(s, 0)
            seen[s] = n + 1
            out.add(s if n == 0 else f"{s}-{n}")
    return out


def relative_links(path: Path) -> list[str]:
    return [t for t in _LINK.findall(_prose(path.read_text(encoding="utf-8")))
            if not re.match(r"[a-z][a-z0-9+.-]*:", t, re.I)]  # http:, https:, mailto: are not checked


def test_the_docs_exist():
    assert all(p.exists() for p in DOCS[:2])
    assert (ROOT / "docs" / "record.md") in DOCS and (ROOT / "docs" / "schema.md") in DOCS


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc):
    broken = []
    for target in relative_links(doc):
        file_part, _, anchor = target.partition("#")
        dest = (doc.parent / file_part).resolve() if file_part else doc
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest.read_text(encoding="utf-8")):
            broken.append(f"{target}: no heading #{anchor}")
    assert not broken, f"{doc.name}: {broken}"


def test_readme_links_the_record_format_and_contributing():
    links = relative_links(ROOT / "README.md")
    assert "docs/record.md" in links and "CONTRIBUTING.md" in links


def test_link_checker_sees_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\n## Two words\n", encoding="utf-8")
    doc = tmp_path / "b.md"
    doc.write_text("[ok](a.md#two-words) [bad](a.md#three) [gone](c.md) `[code](x.md)` [web](https://x.org)\n"
                   "```\n[fenced](y.md)\n```\n", encoding="utf-8")
    assert relative_links(doc) == ["a.md#two-words", "a.md#three", "c.md"]
    assert anchors((tmp_path / "a.md").read_text(encoding="utf-8")) == {"title", "two-words"}


def test_record_doc_describes_every_field():
    """docs/record.md has a row for every field of every record type."""
    from dataclasses import fields

    from sitrep.records import ArmsTransfer, DocError, Entity, Event, Quote, Record, TimeExpression

    text = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([^`]+)`(?:, `([^`]+)`)?", text, re.M))
    keys = {k for pair in documented for k in pair if k}
    for cls in (Record, Entity, Event, ArmsTransfer, Quote, TimeExpression):
        missing = {f.name for f in fields(cls)} - keys
        assert not missing, f"{cls.__name__}: {missing}"
    # DocError: its JSON line nests code and message under "error"
    assert {f"error.{f.name}" if f.name in ("code", "message") else f.name for f in fields(DocError)} <= keys

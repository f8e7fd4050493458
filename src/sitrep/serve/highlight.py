"""Cut an article's text into segments, each tagged with the extractions covering it.

The template renders each segment's text through Jinja's autoescape: the article text is never
inserted as markup, so a ``<script>`` in an article shows as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from sitrep.serve.data import KIND_OF


@dataclass
class Segment:
    text: str
    classes: list[str] = field(default_factory=list)
    href: str | None = None
    title: str | None = None
    anchors: list[str] = field(default_factory=list)  # element ids that start here (ev-1, q-2 …)


def entity_url(etype: str, name: str, code: str | None = None) -> str:
    kind = KIND_OF.get(etype, "org")
    key = code if etype == "COUNTRY" and code else name
    return f"/entity/{kind}/{quote(key, safe='')}"


def _valid(text: str, start: Any, end: Any) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)


def segments(record: dict[str, Any], links: dict[str, str] | None = None) -> list[Segment]:
    """The text of ``record`` as segments between every span boundary (entities, times, quotes, evidence);
    ``links`` maps an entity id to its page (the canonical profile), else the page is found by name."""
    text: str = record.get("text") or ""
    spans: list[tuple[int, int, str, dict[str, Any]]] = []
    for e in record.get("entities", []):
        href = (links or {}).get(e.get("id")) or entity_url(e["type"], e["name"], e.get("code"))
        info = {"href": href, "title": f"{e['type'].title()}: {e['name']}",
                "cls": f"ent ent-{e['type'].lower()}"}
        for m in e.get("mentions", []):
            if len(m) == 2 and _valid(text, *m):
                spans.append((m[0], m[1], "ent", info))
    for t in record.get("time_expressions", []):
        info = {"title": f"Time: {t.get('value') or 'unresolved'}", "cls": "timex"}
        for m in t.get("mentions") or [[t.get("start"), t.get("end")]]:
            if len(m) == 2 and _valid(text, *m):
                spans.append((m[0], m[1], "timex", info))
    for n, q in enumerate(record.get("quotes", []), 1):
        if _valid(text, q.get("start"), q.get("end")):
            spans.append((q["start"], q["end"], "quote",
                          {"title": f"Quote: {q.get('speaker') or 'unattributed'}", "cls": "quote", "anchor": f"q-{n}"}))
    for n, ev in enumerate(record.get("events", []), 1):
        s = ev.get("evidence") or []
        if len(s) == 2 and _valid(text, *s):
            spans.append((s[0], s[1], "evid", {"title": f"Event: {ev['type']} {ev.get('source')}→{ev.get('target')}",
                                               "cls": "evid", "anchor": f"ev-{n}"}))
    for n, tr in enumerate(record.get("arms_transfers", []), 1):
        s = tr.get("evidence") or []
        if len(s) == 2 and _valid(text, *s):
            spans.append((s[0], s[1], "evid", {"title": f"Transfer: {tr['equipment']} ({tr['status']})",
                                               "cls": "evid evid-transfer", "anchor": f"tr-{n}"}))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        seg = Segment(text[a:b])
        # the innermost (shortest) entity/time span wins the link and the tooltip
        covering = sorted((sp for sp in spans if sp[0] <= a and sp[1] >= b), key=lambda sp: sp[1] - sp[0])
        titles = []
        for s, _e, _kind, info in covering:
            for c in info["cls"].split():
                if c not in seg.classes:
                    seg.classes.append(c)
            if "href" in info and seg.href is None:
                seg.href = info["href"]
            if info["title"] not in titles:
                titles.append(info["title"])
            if s == a and "anchor" in info:
                seg.anchors.append(info["anchor"])
        seg.title = " · ".join(titles) or None
        out.append(seg)
    return out

"""Jinja filters and globals for the pages (every one returns escaped markup or plain text)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment
from markupsafe import Markup, escape

from sitrep.serve.charts import TYPE_COLOURS
from sitrep.serve.data import MARK_CLOSE, MARK_OPEN, country_name
from sitrep.serve.highlight import entity_url

STATUS_LABELS = {"reported_intent": "reported intent"}


def snippet_html(snippet: str | None) -> Markup:
    """A search snippet with its matches in <mark>; every piece of text escaped."""
    out = []
    for n, part in enumerate((snippet or "").split(MARK_OPEN)):
        if n == 0:
            out.append(escape(part))
            continue
        hit, _, rest = part.partition(MARK_CLOSE)
        out.append(Markup("<mark>%s</mark>%s") % (hit, rest))
    return Markup("").join(out)


def plain_snippet(snippet: str | None) -> str | None:
    """The API's form of a snippet: matches in [brackets]."""
    return None if snippet is None else snippet.replace(MARK_OPEN, "[").replace(MARK_CLOSE, "]")


def country_link(code: str | None) -> Markup:
    if not code:
        return Markup('<span class="muted">—</span>')
    return Markup('<a class="chip chip-country" href="%s" title="%s">%s</a>') % (
        f"/entity/country:{quote(code, safe=':')}", code, country_name(code))


def qs(base: dict[str, Any] | None = None, **changes: Any) -> str:
    """A query string from ``base`` with ``changes`` (None drops a key)."""
    d = {k: v for k, v in (base or {}).items() if v not in (None, "")}
    for k, v in changes.items():
        if v in (None, ""):
            d.pop(k, None)
        else:
            d[k] = v
    return "?" + urlencode(d) if d else "?"


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) link (never ``javascript:`` or ``data:``), else None."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def install(env: Environment) -> None:
    env.filters.update(snippet_html=snippet_html, country=lambda c: country_name(c) if c else "—", country_link=country_link,
                       safe_url=safe_url, status=lambda s: STATUS_LABELS.get(s or "", s or "—"),
                       urlq=lambda s: quote(str(s), safe=""), urlq_id=lambda s: quote(str(s), safe=":"))
    env.globals.update(qs=qs, entity_url=entity_url, type_colours=TYPE_COLOURS, country_name=country_name)

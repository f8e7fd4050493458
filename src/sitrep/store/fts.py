"""Full-text queries, the same on both backends: what a user types, as an FTS5 query (SQLite) and
as a PostgreSQL ``tsquery`` with the same meaning.

SQLite runs the FTS5 query and, when FTS5 cannot parse it (``S-400 AND (``), the whole query as one
quoted phrase. PostgreSQL does the same: :func:`fts5_accepts` asks FTS5 itself (an in-memory table
with the store's columns) whether it parses, and :func:`tsquery_sql` translates the FTS5 query —
phrases, barewords, ``prefix*``, ``AND`` / ``OR`` / ``NOT``, parentheses — into tsquery SQL
(``phraseto_tsquery`` / ``to_tsquery`` joined with ``&&``, ``||``, ``!!``) in the ``simple``
configuration with diacritics folded (as FTS5's ``remove_diacritics``). So the hits agree; ranking
and snippets differ. Approximations: ``NEAR`` of three or more phrases is their ``AND``, column
filters (``title: x``) and ``^`` are ignored, and the two tokenizers differ at the edges
(PostgreSQL reads ``S-400`` as ``s`` + ``-400``, so a bare ``400`` does not find it, and keeps
``U.S.`` or ``reuters.com`` as one word).
"""

from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from typing import Any

TS_CONFIG = "sitrep"  # PostgreSQL text search configuration: simple, with diacritics folded (postgres.FULL_TEXT)
ARTICLE_COLUMNS = ("title", "text")
QUOTE_COLUMNS = ("text",)

_FTS_SYNTAX = re.compile(r'["()*:^]|\b(?:AND|OR|NOT|NEAR)\b')
_SUFFIXES = ("ies", "ied", "ing", "ery", "ers", "ed", "es", "er", "y", "s")
_BARE = re.compile(r"[\w\x1a\u0080-\U0010ffff]+")


def phrase(query: str) -> str:
    """``query`` as one FTS5 phrase (what SQLite falls back to when FTS5 cannot parse a query)."""
    return '"' + query.replace('"', '""') + '"'


def fts_query(query: str) -> str:
    """An FTS5 query for what a user types: FTS5 syntax passes through; otherwise every word must
    occur, designations stay whole ("S-400" → "S-400"), and longer words match their inflections
    ("delivery" → deliver*, so "delivered", "deliveries" match)."""
    if _FTS_SYNTAX.search(query):
        return query
    terms = []
    for tok in query.split():
        word = tok.strip(".,;!?'")
        if not word:
            continue
        if word.isalpha() and len(word) >= 5:
            terms.append(f'"{stem(word)}"*')
        else:
            terms.append(phrase(word))
    return " ".join(terms) or '""'


def stem(word: str) -> str:
    """``word`` lower-cased without one common English suffix (kept when the rest is under 4 letters)."""
    low = word.lower()
    for suf in _SUFFIXES:
        if low.endswith(suf) and len(low) - len(suf) >= 4:
            return low[: -len(suf)]
    return low


@lru_cache(maxsize=4096)
def fts5_accepts(expr: str, columns: tuple[str, ...] = ARTICLE_COLUMNS) -> bool:
    """Whether SQLite's FTS5 parses ``expr`` as a query over a table with ``columns``."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute(f"CREATE VIRTUAL TABLE f USING fts5({', '.join(columns)}, "
                     "tokenize='unicode61 remove_diacritics 2')")
        conn.execute("SELECT 1 FROM f WHERE f MATCH ?", (expr,)).fetchall()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def pg_tsquery(query: str, widen: bool = True, columns: tuple[str, ...] = ARTICLE_COLUMNS) -> tuple[str, list[Any]]:
    """SQL for the tsquery matching what SQLite matches for ``query``, and its arguments: the FTS5
    query (:func:`fts_query` of it when ``widen``, else ``query`` as it is) when FTS5 parses it,
    else ``query`` as one phrase."""
    expr = fts_query(query) if widen else query
    if not fts5_accepts(expr, columns):
        expr = phrase(query)
    return tsquery_sql(expr)


def tsquery_sql(expr: str) -> tuple[str, list[Any]]:
    """An FTS5 query (one FTS5 parses) as PostgreSQL SQL giving a tsquery, and its arguments."""
    try:
        parser = _Parser(expr)
        node = parser.parse_or()
        if parser.peek() is not None:
            raise ValueError(f"unexpected {parser.peek()!r}")
    except (ValueError, IndexError):  # FTS5 syntax this translation does not know: read it as the web does
        return f"websearch_to_tsquery('{TS_CONFIG}', ?)", [expr]
    args: list[Any] = []
    return _emit(node, args), args


# ------------------------------------------------------------------------------ FTS5 → tsquery

def _tokens(expr: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    i = 0
    while i < len(expr):
        ch = expr[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            j, buf = i + 1, []
            while True:
                k = expr.index('"', j)  # IndexError/ValueError: unterminated (FTS5 would have refused it)
                buf.append(expr[j:k])
                if expr[k + 1:k + 2] == '"':
                    buf.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            out.append(("STR", "".join(buf)))
        elif ch in "()*+^:-{},":
            out.append((ch, ch))
            i += 1
        else:
            m = _BARE.match(expr, i)
            if not m:
                raise ValueError(f"unexpected {ch!r}")
            word = m.group()
            out.append((word, word) if word in ("AND", "OR", "NOT", "NEAR") else ("STR", word))
            i = m.end()
    return out


class _Parser:
    """Recursive descent over FTS5 query syntax; precedence NOT > AND (also implicit) > OR."""

    def __init__(self, expr: str):
        self.toks = _tokens(expr)
        self.i = 0

    def peek(self, ahead: int = 0) -> str | None:
        j = self.i + ahead
        return self.toks[j][0] if j < len(self.toks) else None

    def take(self, kind: str | None = None) -> tuple[str, Any]:
        tok = self.toks[self.i]
        if kind is not None and tok[0] != kind:
            raise ValueError(f"expected {kind}, got {tok[0]}")
        self.i += 1
        return tok

    def parse_or(self) -> Any:
        node = self.parse_and()
        while self.peek() == "OR":
            self.take()
            node = ("|", node, self.parse_and())
        return node

    def parse_and(self) -> Any:
        node = self.parse_not()
        while self.peek() == "AND" or self.peek() in ("STR", "(", "NEAR", "^", "-", "{"):
            if self.peek() == "AND":
                self.take()
            node = ("&", node, self.parse_not())
        return node

    def parse_not(self) -> Any:
        node = self.parse_primary()
        while self.peek() == "NOT":
            self.take()
            node = ("!", node, self.parse_primary())
        return node

    def parse_primary(self) -> Any:
        self._colspec()
        if self.peek() == "^":
            self.take()
        if self.peek() == "(":
            self.take()
            node = self.parse_or()
            self.take(")")
            return node
        if self.peek() == "NEAR" and self.peek(1) == "(":
            self.take()
            self.take("(")
            parts = []
            while self.peek() == "STR":
                parts.append(self._phrase())
            distance = 10
            if self.peek() == ",":
                self.take()
                distance = int(self.take("STR")[1])
            self.take(")")
            if len(parts) == 2:
                return ("near", parts[0], parts[1], distance)
            node = parts[0]  # three or more phrases: all of them, anywhere
            for p in parts[1:]:
                node = ("&", node, p)
            return node
        return self._phrase()

    def _colspec(self) -> None:
        """Skip a column filter (``col :``, ``- col :``, ``{a b} :``): PostgreSQL searches every column."""
        j = 1 if self.peek() == "-" else 0
        if self.peek(j) == "STR" and self.peek(j + 1) == ":":
            self.i += j + 2
        elif self.peek(j) == "{":
            k = j + 1
            while self.peek(k) == "STR":
                k += 1
            if self.peek(k) == "}" and self.peek(k + 1) == ":":
                self.i += k + 2

    def _phrase(self) -> Any:
        parts = []
        prefix = False
        while True:
            if self.peek() == "NEAR":  # NEAR not followed by "(" is a plain word to FTS5
                self.take()
                parts.append("NEAR")
            else:
                parts.append(self.take("STR")[1])
            prefix = self.peek() == "*"
            if prefix:
                self.take()
            if self.peek() != "+":
                break
            self.take()
        return ("phrase", " ".join(parts), prefix)


def _tokens_only(text: str) -> str:
    """``text`` without the non-ASCII characters that are neither letters nor digits (dashes, curly
    quotes…): separators to FTS5, which never indexes them, but words to PostgreSQL's parser."""
    return "".join(ch if ch.isascii() or ch.isalnum() else " " for ch in text)


def _emit(node: Any, args: list[Any]) -> str:
    if node[0] == "phrase":
        text, prefix = _tokens_only(node[1]), node[2]
        if prefix:
            m = re.search(r"(\w+)\W*$", text)
            if m:
                head = text[:m.start()]
                last = f"to_tsquery('{TS_CONFIG}', ?)"
                args_last = [m.group(1).lower() + ":*"]
                if head.strip() and re.search(r"\w", head):
                    args += [head, *args_last]
                    return f"tsquery_phrase(phraseto_tsquery('{TS_CONFIG}', ?), {last})"
                args += args_last
                return last
        args.append(text)
        return f"phraseto_tsquery('{TS_CONFIG}', ?)"
    if node[0] == "near":  # at most N tokens between the two phrases, either order
        alts = []
        for first, second in ((node[1], node[2]), (node[2], node[1])):
            for k in range(1, min(node[3], 50) + 2):
                a = _emit(first, args)
                b = _emit(second, args)
                alts.append(f"tsquery_phrase({a}, {b}, {k})")
        return "(" + " || ".join(alts) + ")"
    op, left, right = node
    a = _emit(left, args)
    b = _emit(right, args)
    if op == "!":
        return f"({a} && !!{b})"
    return f"({a} {'&&' if op == '&' else '||'} {b})"

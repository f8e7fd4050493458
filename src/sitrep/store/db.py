"""One connection interface over both backends: SQLite (the embedded default) and PostgreSQL.

The store, the knowledge layer (:mod:`sitrep.resolve`), the knowledge queries and the web reader
write their SQL once, in the SQLite dialect with ``?`` placeholders, and run it on either backend:

- a SQLite store is a plain :class:`sqlite3.Connection` (rows are :class:`sqlite3.Row`);
- a PostgreSQL store is a :class:`PgConnection`, which has the same ``execute`` / ``executemany`` /
  ``close`` methods and rows that index by position and by name, and translates each statement once
  (cached) with :func:`to_pg`: placeholders, ``INSERT OR IGNORE``, ``IS ?``, ``LIMIT -1``, ``LIKE``
  (case-insensitive in SQLite, so ``ILIKE``), ``BEGIN IMMEDIATE``.

What differs beyond that (full-text search: FTS5 against ``tsvector``) branches on :func:`dialect`.
Statements are bound client-side (psycopg's ``ClientCursor``), so untyped parameters such as
``? IS NULL`` or ``substr(?, 1, 4)`` mean in PostgreSQL what they mean in SQLite.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sitrep.errors import SitrepError

POSTGRES, SQLITE = "postgres", "sqlite"


def is_postgres_url(db: object) -> bool:
    """Whether ``db`` names a PostgreSQL database (``postgresql://`` or ``postgres://``)."""
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def dialect(conn: Any) -> str:
    """``"postgres"`` for a :class:`PgConnection`, else ``"sqlite"``."""
    return POSTGRES if isinstance(conn, PgConnection) else SQLITE


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        cred, host = rest.rsplit("@", 1)
        return f"{scheme}://{cred.split(':', 1)[0]}@{host}"
    return url


# ------------------------------------------------------------------------------ SQL translation

_INSERT_OR_IGNORE = re.compile(r"^\s*INSERT\s+OR\s+IGNORE\s+INTO\b", re.I)
_IS_PARAM = re.compile(r"\bIS\s+(NOT\s+)?%s", re.I)
_LIMIT_PARAM = re.compile(r"\bLIMIT\s+%s", re.I)
_LIKE = re.compile(r"(?<![I\w])LIKE\b", re.I)
_RETURNING = re.compile(r"\bRETURNING\b", re.I)


@lru_cache(maxsize=4096)
def to_pg(sql: str) -> str:
    """A SQLite-dialect statement as PostgreSQL (psycopg ``%s`` placeholders)."""
    if sql.strip().upper() == "BEGIN IMMEDIATE":
        return "BEGIN"
    out: list[str] = []
    quoted = False
    for ch in sql:  # placeholders outside string literals; every % escaped for psycopg
        if ch == "'":
            quoted = not quoted
            out.append(ch)
        elif ch == "?" and not quoted:
            out.append("%s")
        elif ch == "%":
            out.append("%%")
        else:
            out.append(ch)
    pg = "".join(out)
    if _INSERT_OR_IGNORE.match(pg):
        pg = _INSERT_OR_IGNORE.sub("INSERT INTO", pg, count=1)
        m = _RETURNING.search(pg)
        pg = (pg[:m.start()] + "ON CONFLICT DO NOTHING " + pg[m.start():]) if m else pg.rstrip() + " ON CONFLICT DO NOTHING"
    pg = _IS_PARAM.sub(lambda m: "IS DISTINCT FROM %s" if m.group(1) else "IS NOT DISTINCT FROM %s", pg)
    pg = _LIMIT_PARAM.sub("LIMIT NULLIF(%s, -1)", pg)  # SQLite's "no limit" is -1, PostgreSQL's NULL
    return _LIKE.sub("ILIKE", pg)


# ------------------------------------------------------------------------------ PostgreSQL connection

class Row:
    """A result row that indexes like a tuple and by column name, as :class:`sqlite3.Row` does
    (``row[0]``, ``row["name"]``, ``dict(row)``, unpacking)."""

    __slots__ = ("_index", "_values")

    def __init__(self, index: dict[str, int], values: Sequence[Any]):
        self._index = index
        self._values = tuple(values)

    def __getitem__(self, key: int | str | slice) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def keys(self) -> list[str]:
        return list(self._index)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Row | tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        return f"Row({dict(zip(self._index, self._values, strict=True))!r})"


def _row_factory(cursor: Any):  # noqa: ANN202 — psycopg's RowFactory protocol
    names = [c.name for c in cursor.description or ()]
    index = {n: i for i, n in enumerate(names)}
    return lambda values: Row(index, values)


def _psycopg():  # noqa: ANN202
    try:
        import psycopg  # noqa: PLC0415
    except ImportError as exc:
        raise SitrepError("E300", "a postgresql:// store needs psycopg 3, an optional extra: "
                                  "pip install 'sitrep[postgres]'.") from exc
    return psycopg


class PgConnection:
    """A psycopg 3 connection with the :class:`sqlite3.Connection` methods the store uses.

    Autocommit: a statement outside ``BEGIN … COMMIT`` commits on its own, as in SQLite with
    ``isolation_level=None``; ``SAVEPOINT`` / ``ROLLBACK TO`` / ``RELEASE`` pass through unchanged.
    """

    def __init__(self, url: str):
        psycopg = _psycopg()
        from psycopg.types.numeric import FloatLoader  # noqa: PLC0415

        self.url = url
        try:
            self.raw = psycopg.connect(url, autocommit=True, row_factory=_row_factory,
                                       cursor_factory=psycopg.ClientCursor)
        except psycopg.Error as exc:
            raise SitrepError("E300", f"cannot connect to the store {safe_url(url)} ({str(exc).strip()}); check "
                                      "the URL, that the server runs and that the user may log in.") from exc
        self.raw.adapters.register_loader("numeric", FloatLoader)  # avg()/sum() of reals as float, as SQLite

    def execute(self, sql: str, args: Iterable[Any] = ()) -> Any:
        """Run one statement; the cursor (iterate it, or ``fetchone`` / ``fetchall``)."""
        cur = self.raw.cursor()
        cur.execute(to_pg(sql), tuple(args))
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> Any:
        cur = self.raw.cursor()
        rows = [tuple(r) for r in rows]
        if rows:
            cur.executemany(to_pg(sql), rows)
        return cur

    def executescript(self, sql: str) -> None:
        """Run DDL as it is (no translation: it is written for PostgreSQL)."""
        self.raw.execute(sql.replace("%", "%%"), ())

    def close(self) -> None:
        self.raw.close()

    @property
    def closed(self) -> bool:
        return bool(self.raw.closed)


def database_errors() -> tuple[type[BaseException], ...]:
    """The driver exceptions a query can raise (sqlite3's, and psycopg's when it is installed)."""
    try:
        import psycopg  # noqa: PLC0415
    except ImportError:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, psycopg.Error)


def map_error(exc: BaseException, where: str) -> SitrepError:
    """The :class:`SitrepError` a driver error stands for (E301 corrupt, E302 cannot write, E300 other)."""
    msg = str(exc).lower()
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return SitrepError("E301", f"{where} is not a sitrep store or is corrupted ({exc}); move it aside "
                                   "and re-run `sitrep ingest` to build a new one.")
    if ("readonly" in msg or "read-only" in msg or "disk is full" in msg or "disk i/o" in msg
            or "no space left" in msg or "permission denied" in msg):
        return SitrepError("E302", f"cannot write to the store {where} ({exc}); check that the file and its "
                                   "folder are writable and the disk has space.")
    return SitrepError("E300", f"cannot use the store {where} ({str(exc).strip()}); check the path and its "
                               "permissions.")

"""The filters of the CLI, the API and the web UI as SQL: one builder, used by every backend and reader.

Each builder returns WHERE clauses over a table aliased ``x`` (``events`` or ``arms_transfers``,
whose ``effective_date`` is the fact's own date, else its article's published date) and their
``?`` arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sitrep.errors import SitrepError

DATE = "x.effective_date"


def parse_dyad(dyad: str) -> tuple[str, str]:
    """``"IRN-RUS"`` → ``("IRN", "RUS")``; E400 when it is not two codes joined by '-'."""
    parts = [p.strip() for p in dyad.split("-", 1)]
    if len(parts) != 2 or not all(parts):
        raise SitrepError("E400", f"bad dyad {dyad!r}: give two codes joined by '-', e.g. IRN-RUS.")
    return parts[0], parts[1]


def date_filters(since: str | None, until: str | None, where: list[str], args: list[Any],
                 column: str = DATE) -> None:
    """Overlap test on ISO prefixes: "2024" overlaps since="2024-03"; "2024-03-31" is within until="2024-03".

    Each test comes with a plain range on the column that every overlapping value satisfies (a
    value is never shorter than its year), so an index on the column narrows the scan first.
    """
    if since:
        where.append(f"{column} >= ? AND {column} >= substr(?, 1, length({column}))")
        args.extend([since[:4], since])
    if until:
        where.append(f"{column} <= ? AND substr({column}, 1, length(?)) <= ?")
        args.extend([until + "~", until, until])


def pair_filters(src: str, dst: str, country: str | None, dyad: str | None, where: list[str],
                 args: list[Any]) -> None:
    """A country on either side (``src`` or ``dst`` column of ``x``), a dyad in either direction."""
    if country:
        where.append(f"(x.{src} = ? OR x.{dst} = ?)")
        args += [country, country]
    if dyad:
        a, b = parse_dyad(dyad)
        where.append(f"((x.{src} = ? AND x.{dst} = ?) OR (x.{src} = ? AND x.{dst} = ?))")
        args += [a, b, b, a]


@dataclass
class Split:
    """A country on either side of ``x``, kept out of the WHERE list so that :func:`listing` can read
    each side through its own index (an OR of two columns cannot be read in date order)."""

    src: str
    dst: str
    country: str

    def either(self) -> str:
        """The plain filter (one ``?`` per side, both the country): what the halves add up to."""
        return f"(x.{self.src} = ? OR x.{self.dst} = ?)"

    def halves(self) -> list[tuple[str, list[Any]]]:
        """The two disjoint halves: the country as ``src``, and as ``dst`` but not ``src``."""
        return [(f"x.{self.src} = ?", [self.country]),
                (f"x.{self.dst} = ? AND x.{self.src} IS NOT ?", [self.country, self.country])]


def listing(select: str, table: str, where: list[str], args: list[Any], split: Split | None,
            limit: int | None, offset: int = 0, join: str = "") -> tuple[str, list[Any]]:
    """SQL (and arguments) listing ``table x`` rows in date order (undated last, then id), a page of them.

    Each part — dated and undated, and each side of a ``split`` country — is read in index order
    and cut at ``offset + limit`` before the parts are merged, so a page of a large country or type
    costs about the page, not the matching rows.
    """
    want = -1 if limit is None else limit + offset
    parts: list[str] = []
    part_args: list[Any] = []
    for half, half_args in (split.halves() if split else [("", [])]):
        for dated in (f"{DATE} IS NOT NULL", f"{DATE} IS NULL"):
            cond = " AND ".join([*where, *([half] if half else []), dated])
            parts.append(f"SELECT * FROM (SELECT {select} FROM {table} x{join} WHERE {cond} "
                         f"ORDER BY {DATE}, x.id LIMIT ?) p{len(parts)}")
            part_args += [*args, *half_args, want]
    sql = ("SELECT * FROM (" + " UNION ALL ".join(parts) + ") u "
           "ORDER BY u.effective_date IS NULL, u.effective_date, u.id LIMIT ? OFFSET ?")
    return sql, [*part_args, -1 if limit is None else limit, offset]


def counting(table: str, where: list[str], args: list[Any], split: Split | None) -> tuple[str, list[Any]]:
    """SQL (and arguments) counting the rows :func:`listing` lists: one indexed count per side."""
    if not split:
        return f"SELECT count(*) FROM {table} x" + (" WHERE " + " AND ".join(where) if where else ""), list(args)
    parts, part_args = [], []
    for half, half_args in split.halves():
        parts.append(f"(SELECT count(*) FROM {table} x WHERE " + " AND ".join([*where, half]) + ")")
        part_args += [*args, *half_args]
    return "SELECT " + " + ".join(parts), part_args


def grouped_count(keys: list[str], table: str, where: list[str], args: list[Any],
                  split: Split | None) -> tuple[str, list[Any]]:
    """SQL (and arguments) counting ``table x`` rows per group of ``keys`` (SQL expressions over ``x``);
    each output row is the keys, then the count ``n``. A ``split`` country is counted per half and
    summed: each half one covering index read (``events_*_happening``), where an OR of the two
    columns would look up every matching row in the table.
    """
    cols = ", ".join(keys)
    named = ", ".join(f"{k} AS k{i}" for i, k in enumerate(keys))
    if not split:
        return (f"SELECT {named}, count(*) AS n FROM {table} x"
                + (" WHERE " + " AND ".join(where) if where else "") + f" GROUP BY {cols}"), list(args)
    parts, part_args = [], []
    for half, half_args in split.halves():
        parts.append(f"SELECT {named}, count(*) AS n FROM {table} x WHERE " + " AND ".join([*where, half])
                     + f" GROUP BY {cols}")
        part_args += [*args, *half_args]
    outer = ", ".join(f"u.k{i}" for i in range(len(keys)))
    return (f"SELECT {outer}, CAST(sum(u.n) AS BIGINT) AS n FROM (" + " UNION ALL ".join(parts)
            + f") u GROUP BY {outer}"), part_args


def event_filters(country: str | None = None, dyad: str | None = None, type: str | None = None,
                  status: str | None = None, since: str | None = None, until: str | None = None,
                  split: bool = False) -> tuple[list[str], list[Any]] | tuple[list[str], list[Any], Split | None]:
    """WHERE clauses over ``events x`` and their arguments: the CLI's filters. With ``split``, the
    country is returned apart, as a :class:`Split` (third item), for :func:`listing` / :func:`counting`."""
    where: list[str] = []
    args: list[Any] = []
    pair_filters("source", "target", None if split else country, dyad, where, args)
    for col, val in (("type", type), ("status", status)):
        if val:
            where.append(f"x.{col} = ?")
            args.append(val)
    date_filters(since, until, where, args)
    if split:
        return where, args, Split("source", "target", country) if country else None
    return where, args


def transfer_filters(country: str | None = None, dyad: str | None = None, status: str | None = None,
                     equipment: str | None = None, since: str | None = None, until: str | None = None,
                     ) -> tuple[list[str], list[Any]]:
    """WHERE clauses over ``arms_transfers x``; ``equipment`` is a case-insensitive substring."""
    where: list[str] = []
    args: list[Any] = []
    pair_filters("supplier", "recipient", country, dyad, where, args)
    if status:
        where.append("x.status = ?")
        args.append(status)
    if equipment:
        esc = equipment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("x.equipment LIKE ? ESCAPE '\\'")
        args.append(f"%{esc}%")
    date_filters(since, until, where, args)
    return where, args

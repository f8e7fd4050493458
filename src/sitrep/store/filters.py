"""The filters of the CLI, the API and the web UI as SQL: one builder, used by every backend and reader.

Each builder returns WHERE clauses over a table aliased ``x`` (``events`` or ``arms_transfers``,
whose ``effective_date`` is the fact's own date, else its article's published date) and their
``?`` arguments.
"""

from __future__ import annotations

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


def event_filters(country: str | None = None, dyad: str | None = None, type: str | None = None,
                  status: str | None = None, since: str | None = None, until: str | None = None,
                  ) -> tuple[list[str], list[Any]]:
    """WHERE clauses over ``events x`` and their arguments: the CLI's filters."""
    where: list[str] = []
    args: list[Any] = []
    pair_filters("source", "target", country, dyad, where, args)
    for col, val in (("type", type), ("status", status)):
        if val:
            where.append(f"x.{col} = ?")
            args.append(val)
    date_filters(since, until, where, args)
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

"""``python -m sitrep.serve --db sitrep.db [--workers N]``: the server, with a process count
(``sitrep serve`` without ``--workers`` is the same with one process)."""

from __future__ import annotations

import argparse
import sys

from sitrep.errors import SitrepError
from sitrep.serve import run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sitrep.serve", description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="sitrep.db")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--workers", type=int, default=1, help="server processes (read-only when > 1)")
    ap.add_argument("--allow-ingest", action="store_true")
    ap.add_argument("--token")
    a = ap.parse_args(argv)
    try:
        run(a.db, host=a.host, port=a.port, allow_ingest=a.allow_ingest, token=a.token, workers=max(1, a.workers))
    except SitrepError as exc:
        print(f"error [{exc.code}]: {exc.message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

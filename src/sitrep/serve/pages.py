"""The HTML pages: search, article, entity profiles, timeline, network, transfers, ingest."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from sitrep.errors import SitrepError
from sitrep.records import EVENT_STATUSES, EVENT_TYPES, TRANSFER_STATUSES
from sitrep.serve.auth import check_token
from sitrep.serve.charts import network_layout, timeline_bars
from sitrep.serve.common import collect_docs, event_filters
from sitrep.serve.data import ENTITY_KINDS, Reader, check_choice, check_code, check_dyad, country_name
from sitrep.serve.highlight import segments

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE = 20
Str = Annotated[str | None, Query(max_length=200)]


def _render(request: Request, name: str, **ctx: Any) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, ctx)


def _reader(request: Request) -> Reader:
    return request.app.state.reader


@router.get("/")
def search_page(request: Request, q: Annotated[str | None, Query(max_length=500)] = None, country: Str = None,
                type: Str = None, status: Str = None, outlet: Str = None, since: Str = None, until: Str = None,
                page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    f = event_filters(country, None, type, status, since, until)
    del f["dyad"]
    res = _reader(request).search(q, outlet=outlet, limit=PAGE, offset=(page - 1) * PAGE, **f)
    params = {"q": q, "outlet": outlet, **f}
    pages = max(1, -(-res["total"] // PAGE))
    return _render(request, "search.html", res=res, params=params, page=page, pages=pages,
                   stats=_reader(request).stats() if not any(params.values()) else None)


@router.get("/articles/{article_id}")
def article_page(request: Request, article_id: str) -> Response:
    r = _reader(request)
    rec = r.record(article_id)
    links = {eid: canon_url(cid) for eid, cid in r.article_links(article_id).items()}
    ents: dict[str, list[dict[str, Any]]] = {}
    for e in rec.get("entities", []):
        ents.setdefault(e["type"], []).append({**e, "href": links.get(e.get("id")) or entity_url(e)})
    return _render(request, "article.html", rec=rec, segs=segments(rec, links), ents=ents)


def canon_url(cid: str) -> str:
    """The page of a canonical entity."""
    return f"/entity/{quote(cid, safe=':')}"


def entity_url(e: dict[str, Any]) -> str:
    """The page of an article entity that has no canonical link (an old store): by code or name."""
    from sitrep.serve.highlight import entity_url as by_name  # noqa: PLC0415

    return by_name(e["type"], e["name"], e.get("code"))


@router.get("/entities")
def entities_page(request: Request, type: Str = None, q: Str = None,
                  page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    etype = check_choice(type.upper() if type else None, tuple(ENTITY_KINDS.values()), "type")
    res = _reader(request).canon_entities(type=etype, q=q, limit=60, offset=(page - 1) * 60)
    return _render(request, "entities.html", res=res, params={"type": etype, "q": q}, page=page,
                   pages=max(1, -(-res["total"] // 60)), kinds=ENTITY_KINDS)


@router.get("/entity/{ref}")
def canon_entity_page(request: Request, ref: str) -> Response:
    r = _reader(request)
    cid = r.find_entity(ref)
    if cid is None:
        raise SitrepError("E304", f"no entity matches {ref!r}; browse /entities to find one.")
    if cid != ref:
        return RedirectResponse(canon_url(cid), status_code=307)
    prof = r.canon_profile(cid, limit=50)
    ent = prof["entity"]
    tl = None
    if ent["type"] == "COUNTRY" and ent.get("code"):
        tl = r.timeline(country=ent["code"])
    elif ent["type"] in ("PERSON", "ORG"):
        tl = r.timeline(entity=cid)
    clusters = r.clusters(country=ent["code"], limit=15) if ent["type"] == "COUNTRY" and ent.get("code") else None
    return _render(request, "entity.html", p=prof, e=ent, tl=tl, clusters=clusters,
                   chart=timeline_bars(tl) if tl and tl["buckets"] else None)


@router.get("/entity/{kind}/{key:path}")
def entity_page(request: Request, kind: str, key: str) -> Response:
    """Old-style address (kind and name or code): sent on to the canonical profile."""
    if kind.lower() not in ENTITY_KINDS:
        raise SitrepError("E400", f"bad entity kind {kind!r}: use one of {', '.join(ENTITY_KINDS)}.")
    cid = _reader(request).find_entity(f"{kind.lower()}:{key}") or _reader(request).find_entity(key)
    if cid is None:
        raise SitrepError("E304", f"no {kind} {key!r} in the store; browse /entities to find one.")
    return RedirectResponse(canon_url(cid), status_code=307)


@router.get("/country/{code}")
def country_page(code: str) -> Response:
    return RedirectResponse(f"/entity/country:{check_code(code.upper())}", status_code=307)


@router.get("/timeline")
def timeline_page(request: Request, dyad: Str = None, country: Str = None, actor: Str = None, entity: Str = None,
                  type: Str = None,
                  status: Str = None, since: Str = None, until: Str = None,
                  bucket: Annotated[str, Query(pattern="^(month|year)$")] = "month") -> Response:
    if dyad:
        dyad = dyad.upper().replace(" ", "")
    f = event_filters(country.upper() if country else None, dyad, type, status, since, until)
    r = _reader(request)
    tl = r.timeline(actor=actor, entity=entity, bucket=bucket, **f)
    ev = r.events(actor=actor, entity=entity, limit=200, **f)
    name = None
    if entity:
        found = r.find_entity(entity)
        name = r.canon_profile(found, limit=1)["entity"]["name"] if found == entity else entity
    title = _timeline_title(f, name or actor)
    clusters = r.clusters(dyad=f["dyad"], country=f["country"], type=f["type"], min_articles=1, limit=20) \
        if (f["dyad"] or f["country"]) else None
    return _render(request, "timeline.html", tl=tl, chart=timeline_bars(tl), events=ev, title=title,
                   clusters=clusters, params={"actor": actor, "entity": entity, "bucket": bucket, **f},
                   types=EVENT_TYPES, statuses=EVENT_STATUSES)


def _timeline_title(f: dict[str, Any], actor: str | None) -> str:
    if f["dyad"]:
        a, b = f["dyad"].split("-", 1) if not f["dyad"].startswith("IGO:") else (f["dyad"], "")
        return f"{country_name(a)} – {country_name(b)}"
    if f["country"]:
        return country_name(f["country"])
    return actor or "All events"


@router.get("/network")
def network_page(request: Request, top: Annotated[int, Query(ge=2, le=60)] = 20, type: Str = None,
                 since: Str = None, until: Str = None) -> Response:
    f = event_filters(None, None, type, None, since, until)
    net = _reader(request).network(top=top, type=f["type"], since=f["since"], until=f["until"])
    return _render(request, "network.html", net=net, g=network_layout(net), params={"top": top, **f},
                   types=EVENT_TYPES)


@router.get("/transfers")
def transfers_page(request: Request, country: Str = None, status: Str = None, equipment: Str = None) -> Response:
    country = check_code(country.upper() if country else None)
    status = check_choice(status, TRANSFER_STATUSES, "status")
    deals = _reader(request).lifecycles(country=country, status=status, equipment=equipment, limit=500)
    return _render(request, "transfers.html", deals=deals, statuses=TRANSFER_STATUSES,
                   params={"country": country, "status": status, "equipment": equipment})


@router.get("/events")
def clusters_page(request: Request, dyad: Str = None, country: Str = None, type: Str = None,
                  min_articles: Annotated[int, Query(ge=1, le=10_000)] = 1,
                  page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
    f = event_filters(country.upper() if country else None, check_dyad(dyad.upper().replace(" ", "")) if dyad
                      else None, type, None, None, None)
    res = _reader(request).clusters(dyad=f["dyad"], country=f["country"], type=f["type"], min_articles=min_articles,
                                    limit=PAGE, offset=(page - 1) * PAGE)
    params = {"dyad": f["dyad"], "country": f["country"], "type": f["type"],
              "min_articles": min_articles if min_articles > 1 else None}
    return _render(request, "clusters.html", res=res, params=params, page=page,
                   pages=max(1, -(-res["total"] // PAGE)), types=EVENT_TYPES)


@router.get("/ingest")
def ingest_page(request: Request) -> Response:
    if not request.app.state.allow_ingest:
        raise HTTPException(404, "no such page: /ingest (start the server with --allow-ingest --token T)")
    return _render(request, "ingest.html", job=None)


@router.post("/ingest")
async def ingest_post(request: Request, text: Annotated[str | None, Form()] = None,
                      title: Annotated[str | None, Form(max_length=500)] = None,
                      files: Annotated[list[UploadFile] | None, File()] = None,
                      token: Annotated[str | None, Form()] = None) -> Response:
    check_token(request, token)
    job = request.app.state.ingester.submit(await collect_docs(text, title, files))
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


@router.get("/ingest/jobs/{job_id}")
def ingest_job_page(request: Request, job_id: str) -> Response:
    if not request.app.state.allow_ingest:
        raise HTTPException(404, "no such page (ingest is off)")
    job = request.app.state.ingester.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r} (jobs are kept in memory while the server runs)")
    return _render(request, "ingest.html", job=job.to_dict())

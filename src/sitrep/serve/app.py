"""The FastAPI application: JSON API under /api, server-rendered pages, static files.

    from sitrep.serve.app import create_app
    app = create_app("sitrep.db")                       # read-only: no ingest routes
    app = create_app("sitrep.db", allow_ingest=True, token="s3cret")
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sitrep import __version__
from sitrep.errors import CODES, SitrepError
from sitrep.serve import api, pages
from sitrep.serve.data import Reader
from sitrep.serve.ingest import Ingester

HERE = Path(__file__).parent
ENV_DB = "SITREP_SERVE_DB"  # the store the worker processes of `sitrep serve --workers N` serve
MAX_BODY = 5_000_000  # bytes: the largest request body accepted (uploads included)
STATUS = {"E304": 404, "E400": 400, "E401": 401, "E403": 403, "E404": 404, "E413": 413, "E300": 503,
          "E301": 500, "E302": 503, "E303": 500}
HTTP_CODE = {400: "E400", 401: "E401", 403: "E403", 404: "E404", 405: "E405", 413: "E413", 422: "E400"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def error_body(code: str, message: str) -> dict[str, Any]:
    """The one error shape of the API: ``{"error": {"code", "message"}}``."""
    return {"error": {"code": code, "message": message}}


class BodyLimit:
    """Reject request bodies larger than ``limit`` bytes with 413 (declared or streamed)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._reject(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return msg

        async def tracking_send(msg: Message) -> None:
            nonlocal started
            if msg["type"] == "http.response.start":
                started = True
            await send(msg)

        try:
            await self.app(scope, limited, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = JSONResponse(error_body("E413", f"request body too large (limit {self.limit:,} bytes); "
                                               "send fewer or smaller files at a time."), status_code=413)
        await body(scope, receive, send)


class _TooLarge(Exception):
    pass


class SecurityHeaders:
    """Add the security headers (CSP, nosniff, no referrer, no framing) to every response.

    A plain ASGI middleware: Starlette's ``@app.middleware("http")`` wraps each request in extra
    tasks and streams, which costs more than the queries of a small request."""

    HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
               (b"x-frame-options", b"DENY")]

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add_headers(msg: Message) -> None:
            if msg["type"] == "http.response.start":
                drop = {b"x-content-type-options", b"referrer-policy", b"x-frame-options"}
                headers = [(k, v) for k, v in msg.get("headers", []) if k.lower() not in drop]
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", CSP.encode()))
                msg["headers"] = headers + self.HEADERS
            await send(msg)

        await self.app(scope, receive, add_headers)


def create_app(db: str | Path, allow_ingest: bool = False, token: str | None = None,
               max_body: int = MAX_BODY) -> FastAPI:
    """The sitrep web app over the store ``db`` (opened read-only; ingest, when allowed, writes to it)."""
    app = FastAPI(title="sitrep", version=__version__,
                  description="Query the sourced record sitrep extracted from defence and geopolitics news: "
                              "articles, entities, PLOVER events, arms transfers, quotes, timeline, network.",
                  docs_url="/api/docs", redoc_url=None, openapi_url="/openapi.json")
    app.state.reader = Reader(db)
    app.state.allow_ingest = allow_ingest
    app.state.token = token
    app.state.ingester = Ingester(db) if allow_ingest else None
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__, allow_ingest=allow_ingest)
    from sitrep.serve import filters  # noqa: PLC0415

    filters.install(templates.env)
    app.state.templates = templates

    @app.exception_handler(SitrepError)
    async def sitrep_error(request: Request, exc: SitrepError) -> Response:
        return _error(request, STATUS.get(exc.code, 500), exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
            parts.append(f"{where}: {e.get('msg')}" if where else str(e.get("msg")))
        return _error(request, 400, "E400", "bad request: " + "; ".join(parts))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODE.get(exc.status_code, f"E{exc.status_code}")
        message = exc.detail if isinstance(exc.detail, str) and exc.detail not in ("Not Found",) else (
            f"no such page: {request.url.path}" if exc.status_code == 404 else str(exc.detail))
        return _error(request, exc.status_code, code, message)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(BodyLimit, limit=max_body)
    app.add_middleware(SecurityHeaders)
    return app


def _error(request: Request, status: int, code: str, message: str) -> Response:
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(code, message), status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "code": code, "message": message,
                                                              "what": CODES.get(code, "")}, status_code=status)


def app_from_env() -> FastAPI:
    """The read-only app over the store named by ``$SITREP_SERVE_DB`` (the factory each worker
    process calls when ``sitrep serve`` runs several)."""
    import os  # noqa: PLC0415

    return create_app(os.environ[ENV_DB])

"""The ingest token check, shared by the JSON API and the pages (the app sets the state it reads)."""

from __future__ import annotations

import secrets

from fastapi import Request
from starlette.exceptions import HTTPException as StarletteHTTPException


def check_token(request: Request, given: str | None = None) -> None:
    """404 unless ingest is allowed; 403 unless the request carries the server's token."""
    if not request.app.state.allow_ingest:
        raise StarletteHTTPException(404, f"no such page: {request.url.path} (ingest is off; start the server "
                                          "with --allow-ingest --token T to turn it on)")
    expected = request.app.state.token
    auth = request.headers.get("authorization", "")
    candidates = [given, request.headers.get("x-sitrep-token"), auth[7:] if auth.lower().startswith("bearer ") else None]
    if not expected or not any(c and secrets.compare_digest(c.encode(), expected.encode()) for c in candidates):
        raise StarletteHTTPException(403, "ingest needs the server's token (the --token given to `sitrep serve`): "
                                          "send it as 'Authorization: Bearer T' or in the form's token field.")

"""``sitrep serve``: the HTTP API and web UI over a store (FastAPI app + uvicorn)."""

from __future__ import annotations

from pathlib import Path


def run(db: str | Path, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False,
        token: str | None = None, log_level: str = "warning") -> None:
    """Serve the store ``db`` until interrupted (blocking)."""
    import uvicorn  # noqa: PLC0415

    from sitrep.serve.app import create_app  # noqa: PLC0415

    app = create_app(db, allow_ingest=allow_ingest, token=token)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False,
                timeout_graceful_shutdown=2)

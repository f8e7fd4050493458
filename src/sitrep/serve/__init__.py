"""``sitrep serve``: the HTTP API and web UI over a store (FastAPI app + uvicorn)."""

from __future__ import annotations

import os
from pathlib import Path


def run(db: str | Path, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False,
        token: str | None = None, log_level: str = "warning", workers: int = 1) -> None:
    """Serve the store ``db`` until interrupted (blocking).

    ``workers`` > 1 starts that many server processes on the one port (uvicorn's process manager):
    requests are spread over CPU cores instead of sharing one interpreter. Read-only only: ingest
    jobs live in the memory of one process, so ``allow_ingest`` needs ``workers=1``."""
    import uvicorn  # noqa: PLC0415

    from sitrep.errors import SitrepError  # noqa: PLC0415

    if workers > 1:
        if allow_ingest:
            raise SitrepError("E400", "--workers > 1 serves read-only: start the server without --allow-ingest, "
                                      "or with --workers 1.")
        from sitrep.serve.app import ENV_DB  # noqa: PLC0415
        from sitrep.serve.data import Reader  # noqa: PLC0415
        from sitrep.store.db import is_postgres_url  # noqa: PLC0415

        Reader(db)  # fail here (E300/E301/E303) rather than in every worker
        os.environ[ENV_DB] = str(db) if is_postgres_url(db) else str(Path(db).resolve())
        uvicorn.run("sitrep.serve.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                    log_level=log_level, access_log=False, timeout_graceful_shutdown=2)
        return
    from sitrep.serve.app import create_app  # noqa: PLC0415

    app = create_app(db, allow_ingest=allow_ingest, token=token)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False,
                timeout_graceful_shutdown=2)

"""Shared fixtures: one spaCy pipeline per test session, a helper to extract a text, and one
throwaway PostgreSQL server per session for the PostgreSQL tests."""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitrep.pipeline import extract_text
from sitrep.records import Record


@pytest.fixture(scope="session")
def extract():
    """``extract(text, published=None) -> Record`` through the whole pipeline."""

    def run(text: str, published: str | None = None, title: str | None = None) -> Record:
        return extract_text(text, published=published, title=title)

    return run


def entity(rec: Record, name: str):
    """The entity called ``name`` (or having it as an alias)."""
    for e in rec.entities:
        if e.name == name or name in e.aliases:
            return e
    raise AssertionError(f"no entity {name!r} in {[e.name for e in rec.entities]}")


# ------------------------------------------------------------------ servers

@contextlib.contextmanager
def serving(db: str, *extra: str, port: int | None = None) -> Iterator[str]:
    """A real `sitrep serve` process over ``db`` (a file or a URL) on a free loopback port, up and
    answering `/api/stats`; its base URL. Stopped (terminate, then kill) on exit."""
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "serve", "--db", str(db), "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(400):
            try:
                urllib.request.urlopen(url + "/api/stats", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"server exited: {proc.stdout.read()}")
                time.sleep(0.05)
        else:
            pytest.fail("server did not start")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# ------------------------------------------------------------------ PostgreSQL

def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return found[-1] if found else shutil.which(name)


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """URL of the ``postgres`` database of a throwaway PostgreSQL cluster (Debian's ``postgresql``
    package: ``initdb`` and ``pg_ctl`` under /usr/lib/postgresql/*/bin), in a temp dir on a free
    loopback port, removed at the end of the session. Skips when psycopg or the binaries are absent."""
    psycopg = pytest.importorskip("psycopg", reason="psycopg 3 not installed (pip install 'sitrep[postgres]')")
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl or not Path(pg_ctl).exists():
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    tmp = tempfile.mkdtemp(prefix="sitrep-pg-")
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(tmp, "postgres")
    data, port = os.path.join(tmp, "data"), free_port()
    run = lambda *cmd: subprocess.run([*as_user, *cmd], check=True, capture_output=True, text=True)  # noqa: E731
    run(initdb, "-D", data, "-U", "sitrep", "--auth=trust", "--encoding=UTF8", "--locale=C")
    run(pg_ctl, "-D", data, "-l", os.path.join(tmp, "log"), "-w", "-o",
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={tmp} -c fsync=off "
        "-c max_connections=200", "start")
    try:
        url = f"postgresql://sitrep@127.0.0.1:{port}/postgres"
        for _ in range(50):
            try:
                psycopg.connect(url).close()
                break
            except psycopg.OperationalError:
                time.sleep(0.1)
        yield url
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", data, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def new_pg_db(pg_url: str) -> Callable[[str], str]:
    """``new_pg_db(name) -> URL``: a fresh, empty database on the session's server (dropped first
    when it exists; names are made unique per session, so two test files never share one)."""
    import psycopg

    counter = itertools.count(1)

    def make(name: str) -> str:
        db = f"{name}_{next(counter)}".lower()
        with psycopg.connect(pg_url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{db}"')
        return pg_url.rsplit("/", 1)[0] + "/" + db

    return make

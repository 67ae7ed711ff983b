"""Shared fixtures: the seed folder, a fresh store per test on each backend, a real PostGIS server."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture
def gpkg_db(tmp_path: Path) -> Path:
    """A GeoPackage store path that does not exist yet."""
    return tmp_path / "store.gpkg"


BACKENDS = ["gpkg", "postgis"]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A fresh, empty store on each backend: a GeoPackage path, then a PostgreSQL URL."""
    return fresh_store(request, tmp_path)


def fresh_store(request: pytest.FixtureRequest, folder: Path) -> Path | str:
    """A new empty store on the backend the fixture is parametrised with (``request.param``)."""
    if request.param == "gpkg":
        return folder / "store.gpkg"
    return new_database(request.getfixturevalue("postgres_server"))


_databases = itertools.count()


def new_database(server: str) -> str:
    """A new empty database (PostGIS already installed) on the test server; its URL."""
    import psycopg

    name = f"bw_test_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name} TEMPLATE bw_template")
    return f"{server}/{name}"


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True) or [shutil.which("initdb") or ""]
    if not found[0]:
        pytest.fail("PostgreSQL server programs not found: apt-get install postgresql-15-postgis-3 (README)")
    return Path(found[0]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL + PostGIS, started for this test run in a temporary directory on a free
    loopback port; its URL without a database name. Stopped and deleted at the end."""
    import psycopg

    bindir = _postgres_bin()
    # initdb refuses to run as root: as root, the cluster belongs to the postgres system user
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="bw-pg-"))
    data = root / "data"
    if as_user:
        shutil.chown(root, "postgres")
    port = _free_port()
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    subprocess.run([*as_user, bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8"], **quiet)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    subprocess.run([*as_user, bindir / "pg_ctl", "-D", data, "-l", root / "log", "-o", options, "-w", "start"], **quiet)
    server = f"postgresql://postgres@127.0.0.1:{port}"
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute("CREATE DATABASE bw_template")
        with psycopg.connect(f"{server}/bw_template", autocommit=True) as connection:
            connection.execute("CREATE EXTENSION postgis")
        yield server
    finally:
        subprocess.run([*as_user, bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], **quiet)
        shutil.rmtree(root, ignore_errors=True)


def write(path: Path, text: str | bytes) -> Path:
    """Write a test input file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path

"""Start a throwaway PostgreSQL + PostGIS server for the tests and the benchmarks."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server programs are missing or the server would not start."""


def _postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True) or [shutil.which("initdb") or ""]
    if not found[0]:
        msg = "PostgreSQL server programs not found: apt-get install postgresql-15-postgis-3 (see README)"
        raise PostgresUnavailable(msg)
    return Path(found[0]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def temporary_postgres(template: str = "bw_template") -> Iterator[str]:
    """A real PostgreSQL in a temporary directory on a free loopback port, with a ``template``
    database that has PostGIS installed; yields its URL without a database name. Stopped and
    deleted on exit. Durability is off (fsync): the data lives only as long as the run."""
    import psycopg

    bindir = _postgres_bin()
    # initdb refuses to run as root: as root, the cluster belongs to the postgres system user
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = Path(tempfile.mkdtemp(prefix="bw-pg-"))
    if as_user:
        shutil.chown(root, "postgres")
    data, port = root / "data", _free_port()
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"

    def run(*command: object) -> None:
        done = subprocess.run([*as_user, *command], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode:
            raise PostgresUnavailable(f"{Path(str(command[0])).name} failed: {done.stderr.strip()}")

    try:
        run(bindir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8")
        run(bindir / "pg_ctl", "-D", data, "-l", root / "log", "-o", options, "-w", "start")
        server = f"postgresql://postgres@127.0.0.1:{port}"
        try:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
                connection.execute(f"CREATE DATABASE {template}")
            with psycopg.connect(f"{server}/{template}", autocommit=True) as connection:
                connection.execute("CREATE EXTENSION postgis")
            yield server
        finally:
            run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


_databases = itertools.count()


def new_database(server: str, template: str = "bw_template") -> str:
    """A new empty database (PostGIS already installed) on a ``temporary_postgres`` server; its URL."""
    import psycopg

    name = f"bw_{os.getpid()}_{next(_databases)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    return f"{server}/{name}"

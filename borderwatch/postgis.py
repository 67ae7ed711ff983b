"""Create, check and migrate the PostgreSQL/PostGIS database behind the server store.

Everything lives in one PostgreSQL schema, ``borderwatch``, with the same tables and columns as
the GeoPackage. Point geometries are ``geography`` columns generated from each row's lat/lon,
so they can never disagree with them, and GiST-indexed for ``ST_DWithin`` in metres.
"""

from __future__ import annotations

import atexit
import os
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from borderwatch import settings
from borderwatch.errors import NoStoreError, StoreBusyError, StoreError
from borderwatch.schema import ADMIN_COLUMNS, ADMIN_TABLES, CASUALTY_COLUMNS, INDEXES, LAYERS, POINT_TABLES

SCHEMA = "borderwatch"
URL_SCHEMES = ("postgresql://", "postgres://")
FIRST_VERSION = 4  # the schema version the PostGIS backend was born with
# writers take this transaction-scoped lock first, so two of them queue like SQLite's BEGIN IMMEDIATE
_WRITE_LOCK = 0x626F_7264_7761_7463  # "bordwatc"

# one idle connection per (process, URL), reused by the next open_store
_idle: dict[tuple[int, str], Any] = {}
_MAX_IDLE = 4

# schema version -> statements that bring the previous version up to it
MIGRATIONS: dict[int, tuple[str, ...]] = {
    5: (
        *(f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {c} {kind}" for t in ADMIN_TABLES for c, kind in ADMIN_COLUMNS),
        "UPDATE articles SET extractor = 'migrated'",  # the next build fills the admin columns
    ),
    6: (
        *(
            f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {c} {kind}"
            for t, cs in CASUALTY_COLUMNS.items()
            for c, kind in cs
        ),
        "UPDATE articles SET extractor = 'migrated'",  # the next build splits the tolls
    ),
}

_POSTGIS_TYPES = {"POINT": "Point", "LINESTRING": "LineString"}
_POINT_GEOM = (
    "geom geography(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) STORED"
)


def is_postgres_url(db: object) -> bool:
    """True when ``db`` names a PostgreSQL database rather than a GeoPackage file."""
    return isinstance(db, str) and db.startswith(URL_SCHEMES)


def redacted(url: str) -> str:
    """The URL with its password hidden, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def connect(
    url: str,
    *,
    create: bool,
    readonly: bool = False,
    wait: float = 300.0,
    notify: Callable[[str], None] | None = None,
) -> Any:
    """Open the database at ``url`` in a transaction with the borderwatch schema current.

    Writers hold the store's advisory lock until commit: one that finds it taken says so once
    through ``notify`` and waits up to ``wait`` seconds, then fails with one line. Readers take no
    lock. A new database gets the schema (and the PostGIS extension when the role may create it);
    an older schema is migrated in place by a writer and refused by a reader.
    """
    label = redacted(url)
    try:
        import psycopg
    except ImportError as e:
        msg = f"{label}: the PostGIS backend needs psycopg; install it with: pip install 'borderwatch[postgis]'"
        raise StoreError(msg) from e
    connection = _idle.pop((os.getpid(), url), None)
    if connection is not None:
        try:
            connection.execute("SELECT 1")  # the server may have dropped it while it sat idle
        except psycopg.Error:
            connection.close()
    if connection is None or connection.closed:
        try:
            connection = psycopg.connect(url, connect_timeout=10)
        except psycopg.Error as e:
            raise StoreError(f"{label}: cannot connect ({first_line(e)})") from e
    try:
        # for this transaction only: a reused connection starts clean, migrations name tables plainly
        connection.execute(f"SET LOCAL search_path TO {SCHEMA}, public")
        if not readonly:
            _write_lock(connection, label, wait, notify)
        version = _schema_version(connection)
        if version is None:
            if not create:
                raise NoStoreError(label)
            _create_schema(connection, label)
        elif version > settings.SCHEMA_VERSION:
            msg = (
                f"{label}: written by a newer borderwatch (schema version {version}; this one reads "
                f"up to {settings.SCHEMA_VERSION}); upgrade borderwatch"
            )
            raise StoreError(msg)
        elif version < settings.SCHEMA_VERSION:
            if readonly:
                msg = (
                    f"{label}: written by an older borderwatch (schema version {version}; this one writes "
                    f"{settings.SCHEMA_VERSION}); this command only reads: run 'borderwatch resolve' to upgrade "
                    "the store and re-extract its articles"
                )
                raise StoreError(msg)
            _migrate(connection, version, label)
    except psycopg.Error as e:
        connection.rollback()
        connection.close()
        raise StoreError(f"{label}: {first_line(e)}") from e
    except BaseException:
        connection.rollback()
        connection.close()
        raise
    return connection


def _write_lock(connection: Any, label: str, wait: float, notify: Callable[[str], None] | None) -> None:
    """Take the writers' advisory lock; if another writer holds it, say so once and wait up to ``wait`` s."""
    import psycopg

    if connection.execute("SELECT pg_try_advisory_xact_lock(%s)", (_WRITE_LOCK,)).fetchone()[0]:
        return
    if notify is not None:
        notify(f"{label}: another borderwatch command is writing to the store; waiting up to {wait:g} s (--wait)")
    busy = (
        f"{label}: another borderwatch command is still writing to the store after {wait:g} s;"
        " try again when it is done, or give --wait more seconds"
    )
    if wait <= 0:
        raise StoreBusyError(busy)
    connection.execute(f"SET LOCAL lock_timeout = '{int(wait * 1000)}ms'")
    try:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
    except psycopg.errors.LockNotAvailable:
        raise StoreBusyError(busy) from None
    connection.execute("SET LOCAL lock_timeout = 0")


@atexit.register
def _close_idle() -> None:
    for (pid, _), connection in list(_idle.items()):
        if pid == os.getpid():  # a forked child must not close its parent's sockets
            connection.close()
    _idle.clear()


def release(url: str, connection: Any, *, commit: bool) -> None:
    """End the transaction (commit or roll back) and keep the connection for this process's next
    command on ``url``: a query then costs no new server process (most of its latency)."""
    try:
        connection.commit() if commit else connection.rollback()
    except BaseException:
        connection.close()
        raise
    key = (os.getpid(), url)  # never hand a connection across a fork
    if key in _idle or connection.closed:
        connection.close()
        return
    _idle[key] = connection
    while len(_idle) > _MAX_IDLE:  # the oldest go: a server allows only so many connections
        _idle.pop(next(iter(_idle))).close()


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _schema_version(connection: Any) -> int | None:
    found = connection.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.borderwatch_schema",)).fetchone()[0]
    if found is None:
        return None
    row = connection.execute(f"SELECT value FROM {SCHEMA}.borderwatch_schema WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _create_schema(connection: Any, label: str) -> None:
    has_postgis = connection.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone()
    if not has_postgis:
        available = connection.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone()
        if not available:
            msg = f"{label}: PostGIS is not installed on this server (Debian: apt-get install postgresql-15-postgis-3)"
            raise StoreError(msg)
        connection.execute("CREATE EXTENSION postgis")
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    for table, _, geometry_type, columns in LAYERS:
        connection.execute(table_ddl(table, geometry_type, columns))
        if geometry_type:
            connection.execute(f"CREATE INDEX {table}_geom ON {SCHEMA}.{table} USING GIST (geom)")
    for name, table, column in INDEXES:
        connection.execute(f"CREATE INDEX {name} ON {SCHEMA}.{table} ({column})")
    connection.execute(
        f"INSERT INTO {SCHEMA}.borderwatch_schema (key, value) VALUES ('schema_version', %s)",
        (str(settings.SCHEMA_VERSION),),
    )


def table_ddl(table: str, geometry_type: str | None, columns: str) -> str:
    """CREATE TABLE for one layer: SQLite's REAL becomes double precision, geometry becomes PostGIS.

    Text compares bytewise ("C"), as in SQLite, so both backends sort rows the same way."""
    columns = re.sub(r"\bREAL\b", "DOUBLE PRECISION", columns)
    columns = re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', columns)
    if table in POINT_TABLES:
        columns += ", " + _POINT_GEOM
    elif geometry_type:
        columns += f", geom geometry({_POSTGIS_TYPES[geometry_type]}, 4326)"
    return f"CREATE TABLE {SCHEMA}.{table} (fid bigserial PRIMARY KEY, {columns})"


def _migrate(connection: Any, version: int, label: str) -> None:
    if version < FIRST_VERSION:
        msg = f"{label}: schema version {version} predates the PostGIS backend; rebuild the store"
        raise StoreError(msg)
    for step in range(version + 1, settings.SCHEMA_VERSION + 1):
        for statement in MIGRATIONS.get(step, ()):
            connection.execute(statement)
    connection.execute(
        f"UPDATE {SCHEMA}.borderwatch_schema SET value = %s WHERE key = 'schema_version'",
        (str(settings.SCHEMA_VERSION),),
    )

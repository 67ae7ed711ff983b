"""Create, check and migrate the GeoPackage file behind the embedded store.

The store is a plain OGC GeoPackage (an SQLite file) written through ``sqlite3`` so that a
whole command is one transaction: GDAL opens it as is, QGIS shows its layers.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from borderwatch import settings
from borderwatch.errors import StoreBusyError, StoreError
from borderwatch.schema import ADMIN_COLUMNS, ADMIN_TABLES, ATTRIBUTION_COLUMNS, CASUALTY_COLUMNS, INDEXES, LAYERS

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300  # GeoPackage 1.3
_SQLITE_MAGIC = b"SQLite format 3\x00"
_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AUTHORITY["EPSG","4326"]]'
)

_GPKG_CORE_DDL = (
    """CREATE TABLE gpkg_spatial_ref_sys (
      srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)""",
    """CREATE TABLE gpkg_contents (
      table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
      description TEXT DEFAULT '',
      last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))""",
    """CREATE TABLE gpkg_geometry_columns (
      table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))""",
)


def rtree_ddl(table: str) -> tuple[str, ...]:
    """The GeoPackage R-tree of ``table``.geom with the standard triggers, so the index stays right
    whoever edits the file (QGIS too)."""
    t = table
    insert = (
        f"INSERT OR REPLACE INTO rtree_{t}_geom VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom),"
        " ST_MinY(NEW.geom), ST_MaxY(NEW.geom))"
    )
    return (
        """CREATE TABLE IF NOT EXISTS gpkg_extensions (
          table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
          scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))""",
        f"CREATE VIRTUAL TABLE rtree_{t}_geom USING rtree(id, minx, maxx, miny, maxy)",
        f"""INSERT INTO gpkg_extensions VALUES ('{t}', 'geom', 'gpkg_rtree_index',
          'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')""",
        f"""CREATE TRIGGER rtree_{t}_geom_insert AFTER INSERT ON {t}
          WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN {insert}; END""",
        f"""CREATE TRIGGER rtree_{t}_geom_update1 AFTER UPDATE OF geom ON {t}
          WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN {insert}; END""",
        f"""CREATE TRIGGER rtree_{t}_geom_update2 AFTER UPDATE OF geom ON {t}
          WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom)) BEGIN
          DELETE FROM rtree_{t}_geom WHERE id = OLD.fid; END""",
        f"""CREATE TRIGGER rtree_{t}_geom_update3 AFTER UPDATE ON {t}
          WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom)) BEGIN
          DELETE FROM rtree_{t}_geom WHERE id = OLD.fid; {insert}; END""",
        f"""CREATE TRIGGER rtree_{t}_geom_update4 AFTER UPDATE ON {t}
          WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom)) BEGIN
          DELETE FROM rtree_{t}_geom WHERE id IN (OLD.fid, NEW.fid); END""",
        f"""CREATE TRIGGER rtree_{t}_geom_delete AFTER DELETE ON {t} WHEN old.geom NOT NULL BEGIN
          DELETE FROM rtree_{t}_geom WHERE id = OLD.fid; END""",
    )


def connect(
    path: Path,
    *,
    existed: bool,
    readonly: bool = False,
    wait: float = 300.0,
    notify: Callable[[str], None] | None = None,
) -> sqlite3.Connection:
    """Open ``path`` in a transaction (a write lock unless ``readonly``) with its schema current.

    The file is in WAL mode, so readers never wait for a writer and a writer never waits for
    readers. A writer that finds another one at work says so once through ``notify`` and waits
    up to ``wait`` seconds for it, then fails with one line. A new file gets the whole schema; an
    older borderwatch's file is migrated in place by a writer and refused by a reader (which
    must not change it).
    """
    if existed:
        _check_is_geopackage(path)
    try:
        if readonly and existed and _read_only_at_rest(path):
            # WAL needs a -shm file beside the store; with no writer there is nothing it would hold
            uri = f"{Path(path).resolve().as_uri()}?immutable=1"
            connection = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=max(wait, 0.0))
        else:
            connection = sqlite3.connect(path, isolation_level=None, timeout=max(wait, 0.0))
    except sqlite3.Error as e:
        raise StoreError(f"{path}: cannot open store ({e})") from e
    register_gpkg_functions(connection)
    try:
        if readonly and existed:
            connection.execute("BEGIN")
            version = _check_schema(connection, path)
            if version < settings.SCHEMA_VERSION:
                msg = (
                    f"{path}: written by an older borderwatch (schema version {version}; this one writes "
                    f"{settings.SCHEMA_VERSION}); this command only reads: run 'borderwatch resolve' to upgrade "
                    "the store and re-extract its articles"
                )
                raise StoreError(msg)
        else:
            if not readonly or not existed:
                _use_wal(connection)
            _begin_immediate(connection, path, wait, notify)
            if existed:
                version = _check_schema(connection, path)
                if version < settings.SCHEMA_VERSION:
                    _migrate(connection, version)
            else:
                _create_schema(connection)
    except sqlite3.OperationalError as e:  # read-only file, disk full, I/O error
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
        raise StoreError(f"{path}: {e}") from e
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
        raise
    return connection


def _read_only_at_rest(path: Path) -> bool:
    """True when this user may not write the store or its folder and no writer is at work in it."""
    writable = os.access(path, os.W_OK) and os.access(Path(path).resolve().parent, os.W_OK)
    return not writable and not Path(f"{path}-wal").exists()


def _use_wal(connection: sqlite3.Connection) -> None:
    """Put the file in WAL mode (kept in the file; a no-op when it already is)."""
    mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    if mode.lower() != "wal":
        connection.execute("PRAGMA journal_mode = WAL")


def _begin_immediate(
    connection: sqlite3.Connection, path: Path, wait: float, notify: Callable[[str], None] | None
) -> None:
    """Take the write lock; if another writer holds it, say so once and wait up to ``wait`` s."""
    connection.execute("PRAGMA busy_timeout = 0")
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        if not _is_busy(e):
            raise
        if notify is not None:
            notify(f"{path}: another borderwatch command is writing to the store; waiting up to {wait:g} s (--wait)")
        connection.execute(f"PRAGMA busy_timeout = {int(max(wait, 0) * 1000)}")
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as again:
            if not _is_busy(again):
                raise
            msg = (
                f"{path}: another borderwatch command is still writing to the store after {wait:g} s;"
                " try again when it is done, or give --wait more seconds"
            )
            raise StoreBusyError(msg) from None
    connection.execute(f"PRAGMA busy_timeout = {int(max(wait, 0) * 1000)}")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error)


def _check_is_geopackage(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise StoreError(f"{path}: cannot read store ({e.strerror})") from e
    if head != _SQLITE_MAGIC:
        msg = f"{path}: not a GeoPackage (not an SQLite database)"
        raise StoreError(msg)


def register_gpkg_functions(connection: sqlite3.Connection) -> None:
    """The SQL functions the GeoPackage R-tree triggers call (GDAL provides the same ones)."""

    def envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
        if blob is None or blob[3] & 0b1_0000:
            return None
        if (blob[3] >> 1) & 0b111:
            minx, maxx, miny, maxy = struct.unpack("<4d" if blob[3] & 1 else ">4d", blob[8:40])
            return minx, maxx, miny, maxy
        minx, miny, maxx, maxy = geometry_from_gpkg(blob).bounds
        return minx, maxx, miny, maxy

    def part(i: int):
        return lambda blob: (lambda e: None if e is None else e[i])(envelope(blob))

    connection.create_function("ST_MinX", 1, part(0), deterministic=True)
    connection.create_function("ST_MaxX", 1, part(1), deterministic=True)
    connection.create_function("ST_MinY", 1, part(2), deterministic=True)
    connection.create_function("ST_MaxY", 1, part(3), deterministic=True)
    connection.create_function("ST_IsEmpty", 1, lambda blob: int(envelope(blob) is None), deterministic=True)


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    """Bring a store written by an older borderwatch up to this schema, in the open transaction."""
    if version < 2:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(incidents)")}
        for name, sql_type in ATTRIBUTION_COLUMNS:
            if name not in columns:
                connection.execute(f"ALTER TABLE incidents ADD COLUMN {name} {sql_type}")
        for ddl in rtree_ddl("incidents"):
            connection.execute(ddl)
        connection.execute(
            "INSERT INTO rtree_incidents_geom SELECT fid, lon, lon, lat, lat FROM incidents WHERE lat IS NOT NULL"
        )
        # re-extraction recomputes attribution; an old stamp makes the next build do it
        connection.execute("UPDATE articles SET extractor = 'migrated'")
    if version < 3:
        existing = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        _create_missing_layers(connection, ("events", "event_sources", "merge_overrides"))
        if "rtree_events_geom" not in existing:
            for ddl in rtree_ddl("events"):
                connection.execute(ddl)
            connection.execute("CREATE INDEX event_sources_event ON event_sources (event_id)")
        connection.execute("UPDATE articles SET extractor = 'migrated'")  # the next ingest merges
    if version < 4:
        _create_missing_layers(connection, ("user_places", "geocode_cache"))
    if version < 5:
        for table in ADMIN_TABLES:
            columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            for name, sql_type in ADMIN_COLUMNS:
                if name not in columns:
                    connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")
        connection.execute("UPDATE articles SET extractor = 'migrated'")  # the next build fills them
    if version < 6:
        for table, added in CASUALTY_COLUMNS.items():
            columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            for name, sql_type in added:
                if name not in columns:
                    connection.execute(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}")
        connection.execute("UPDATE articles SET extractor = 'migrated'")  # the next build splits the tolls
    connection.execute(
        "UPDATE borderwatch_schema SET value = ? WHERE key = 'schema_version'", (str(settings.SCHEMA_VERSION),)
    )


def _create_missing_layers(connection: sqlite3.Connection, names: tuple[str, ...]) -> None:
    existing = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for layer in LAYERS:
        if layer[0] in names and layer[0] not in existing:
            _create_layer(connection, *layer)


def _create_layer(
    connection: sqlite3.Connection, table: str, data_type: str, geometry_type: str | None, columns: str
) -> None:
    """One GeoPackage table, registered in gpkg_contents (and gpkg_geometry_columns for features)."""
    geom = ", geom " + geometry_type if geometry_type else ""
    connection.execute(f"CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT, {columns}{geom})")
    connection.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, ?, ?, ?)",
        (table, data_type, table, 4326 if geometry_type else None),
    )
    if geometry_type:
        connection.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)", (table, geometry_type)
        )


def _check_schema(connection: sqlite3.Connection, path: Path) -> int:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "gpkg_contents" not in tables:
        raise StoreError(f"{path}: not a GeoPackage (no gpkg_contents table)")
    if "borderwatch_schema" not in tables:
        raise StoreError(f"{path}: a GeoPackage, but not a borderwatch store")
    row = connection.execute("SELECT value FROM borderwatch_schema WHERE key='schema_version'").fetchone()
    version = int(row[0]) if row else 0
    if version > settings.SCHEMA_VERSION:
        msg = (
            f"{path}: written by a newer borderwatch (schema version {version}; this one reads "
            f"up to {settings.SCHEMA_VERSION}); upgrade borderwatch"
        )
        raise StoreError(msg)
    return version


def _create_schema(connection: sqlite3.Connection) -> None:
    connection.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
    # one statement at a time: executescript() would commit the open transaction
    for ddl in _GPKG_CORE_DDL:
        connection.execute(ddl)
    connection.executemany(
        "INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", None),
            ("Undefined geographic SRS", 0, "NONE", 0, "undefined", None),
            ("WGS 84 geodetic", 4326, "EPSG", 4326, _WGS84_WKT, "longitude/latitude, WGS 84"),
        ],
    )
    for layer in LAYERS:
        _create_layer(connection, *layer)
    for ddl in (*rtree_ddl("incidents"), *rtree_ddl("events")):
        connection.execute(ddl)
    for name, table, column in INDEXES:
        connection.execute(f"CREATE INDEX {name} ON {table} ({column})")
    connection.execute(
        "INSERT INTO borderwatch_schema (key, value) VALUES ('schema_version', ?)", (str(settings.SCHEMA_VERSION),)
    )


def gpkg_geometry(geometry: BaseGeometry | None, srs_id: int = 4326) -> bytes | None:
    """Encode a shapely geometry as a GeoPackage geometry blob (little-endian, with envelope)."""
    import shapely  # local: shapely/numpy cost ~0.2 s to import, and query commands never write geometries

    if geometry is None:
        return None
    if geometry.is_empty:
        flags = 0b0001_0001  # little-endian header, empty, no envelope
        return b"GP\x00" + bytes([flags]) + struct.pack("<i", srs_id) + shapely.to_wkb(geometry, byte_order=1)
    flags = 0b0000_0011  # little-endian header, envelope [minx, maxx, miny, maxy]
    minx, miny, maxx, maxy = geometry.bounds
    header = b"GP\x00" + bytes([flags]) + struct.pack("<i4d", srs_id, minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geometry, byte_order=1)


def geometry_from_gpkg(blob: bytes | None) -> BaseGeometry | None:
    """Decode a GeoPackage geometry blob to a shapely geometry."""
    import shapely  # local: keeps shapely/numpy out of the start-up of commands that never decode geometries

    if blob is None:
        return None
    flags = blob[3]
    envelope_bytes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0b111]
    return shapely.from_wkb(blob[8 + envelope_bytes :])


def gpkg_point(lat: float, lon: float, srs_id: int = 4326) -> bytes:
    """A GeoPackage point blob built directly (the hot path of every write): header, envelope, WKB."""
    return b"GP\x00\x03" + struct.pack("<i4d", srs_id, lon, lon, lat, lat) + struct.pack("<BIdd", 1, 1, lon, lat)

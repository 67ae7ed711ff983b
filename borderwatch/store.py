"""Read and write the GeoPackage store, one all-or-nothing transaction per command.

The store is a plain OGC GeoPackage (an SQLite file) written through ``sqlite3`` so that a
whole command is one transaction: GDAL opens it as is, QGIS shows its layers.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from borderwatch import settings
from borderwatch.errors import StoreError
from borderwatch.model import Article, GeoPrecision, Incident, Mention, Place, Segment
from borderwatch.shapes import line_from_latlon

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


ATTRIBUTION_COLUMNS = (
    ("event_type", "TEXT"),
    ("sub_event_type", "TEXT"),
    ("segment_id", "TEXT"),
    ("segment_name", "TEXT"),
    ("distance_km", "REAL"),
    ("side", "TEXT"),
    ("border_zone", "INTEGER"),
    ("nearest_crossing", "TEXT"),
    ("crossing_km", "REAL"),
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


# (table, data_type, geometry type or None, column definitions)
LAYERS: tuple[tuple[str, str, str | None, str], ...] = (
    (
        "articles",
        "attributes",
        None,
        """article_id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, source TEXT NOT NULL,
        url TEXT, outlet TEXT, published TEXT, content_hash TEXT NOT NULL, text TEXT NOT NULL,
        metadata TEXT NOT NULL, extractor TEXT""",
    ),
    (
        "mentions",
        "features",
        "POINT",
        """article_id TEXT NOT NULL, mention TEXT NOT NULL, start INTEGER NOT NULL,
        "end" INTEGER NOT NULL, name TEXT, gazetteer_id TEXT, kind TEXT, country TEXT,
        lat REAL, lon REAL, geo_precision INTEGER, locative INTEGER NOT NULL,
        resolved INTEGER NOT NULL, explanation TEXT""",
    ),
    (
        "incidents",
        "features",
        "POINT",
        """incident_id TEXT NOT NULL UNIQUE, article_id TEXT NOT NULL, type TEXT NOT NULL,
        date TEXT, date_precision TEXT NOT NULL, date_note TEXT, place TEXT, gazetteer_id TEXT,
        lat REAL, lon REAL, geo_precision INTEGER, fatalities INTEGER, injured INTEGER,
        actors TEXT NOT NULL, evidence TEXT NOT NULL, evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL, role TEXT NOT NULL, event_type TEXT, sub_event_type TEXT,
        segment_id TEXT, segment_name TEXT, distance_km REAL, side TEXT, border_zone INTEGER,
        nearest_crossing TEXT, crossing_km REAL""",
    ),
    (
        "incident_sources",
        "attributes",
        None,
        """incident_id TEXT NOT NULL, article_id TEXT NOT NULL, outlet TEXT, url TEXT,
        evidence TEXT NOT NULL, fatalities INTEGER""",
    ),
    (
        "events",
        "features",
        "POINT",
        """event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, event_type TEXT, sub_event_type TEXT,
        date TEXT, date_precision TEXT NOT NULL, date_note TEXT, place TEXT, gazetteer_id TEXT, lat REAL,
        lon REAL, geo_precision INTEGER, fatalities INTEGER, fatalities_low INTEGER, fatalities_high INTEGER,
        injured INTEGER, actors TEXT NOT NULL, evidence TEXT NOT NULL, role TEXT NOT NULL,
        segment_id TEXT, segment_name TEXT, distance_km REAL, side TEXT, border_zone INTEGER,
        nearest_crossing TEXT, crossing_km REAL, n_sources INTEGER NOT NULL, outlets TEXT,
        merge_reason TEXT NOT NULL""",
    ),
    (
        "event_sources",
        "attributes",
        None,
        "event_id TEXT NOT NULL, incident_id TEXT NOT NULL, article_id TEXT NOT NULL",
    ),
    (
        "merge_overrides",
        "attributes",
        None,
        "action TEXT NOT NULL, incident_ids TEXT NOT NULL",
    ),
    (
        "user_places",
        "features",
        "POINT",
        """place_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL, country TEXT NOT NULL,
        admin1 TEXT, admin2 TEXT, lat REAL NOT NULL, lon REAL NOT NULL, precision INTEGER NOT NULL,
        aliases TEXT NOT NULL, source TEXT NOT NULL""",
    ),
    (
        "geocode_cache",
        "attributes",
        None,
        """service TEXT NOT NULL, query TEXT NOT NULL, found INTEGER NOT NULL, lat REAL, lon REAL,
        address TEXT, raw TEXT, UNIQUE (service, query)""",
    ),
    (
        "border_segments",
        "features",
        "LINESTRING",
        """segment_id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, af_unit TEXT NOT NULL,
        pk_unit TEXT NOT NULL, length_km REAL NOT NULL""",
    ),
    ("borderwatch_schema", "attributes", None, "key TEXT NOT NULL UNIQUE, value TEXT NOT NULL"),
)


@dataclass
class Store:
    """An open store: a connection inside one transaction."""

    path: Path
    connection: sqlite3.Connection


def store_path(db: str | Path | None = None) -> Path:
    """Return the store path: ``db`` if given, else ``$BORDERWATCH_DB``, else the default."""
    import os

    return Path(db or os.environ.get(settings.STORE_ENV) or settings.STORE_PATH)


@contextmanager
def open_store(db: str | Path | None = None, *, create: bool = True) -> Iterator[Store]:
    """Open the store in one transaction: committed on success, rolled back on any exception.

    A store file that this call created is removed again when the transaction fails, so a
    failed command leaves the file system exactly as it found it.
    """
    path = store_path(db)
    existed = path.exists()
    if existed:
        _check_is_geopackage(path)
    elif not create:
        msg = f"{path}: no store here; run 'borderwatch ingest' or 'borderwatch build' first"
        raise StoreError(msg)
    elif not path.parent.exists():
        msg = f"{path}: directory {str(path.parent)!r} does not exist"
        raise StoreError(msg)
    try:
        connection = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as e:
        raise StoreError(f"{path}: cannot open store ({e})") from e
    register_gpkg_functions(connection)
    try:
        connection.execute("BEGIN IMMEDIATE")
        if existed:
            version = _check_schema(connection, path)
            if version < settings.SCHEMA_VERSION:
                _migrate(connection, version)
        else:
            _create_schema(connection)
        yield Store(path, connection)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
        if not existed:
            path.unlink(missing_ok=True)
        raise
    connection.close()


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
    connection.execute("CREATE INDEX event_sources_event ON event_sources (event_id)")
    connection.execute("CREATE INDEX mentions_article ON mentions (article_id)")
    connection.execute("CREATE INDEX incidents_article ON incidents (article_id)")
    connection.execute("CREATE INDEX incident_sources_incident ON incident_sources (incident_id)")
    connection.execute(
        "INSERT INTO borderwatch_schema (key, value) VALUES ('schema_version', ?)", (str(settings.SCHEMA_VERSION),)
    )


def gpkg_geometry(geometry: BaseGeometry | None, srs_id: int = 4326) -> bytes | None:
    """Encode a shapely geometry as a GeoPackage geometry blob (little-endian, with envelope)."""
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
    if blob is None:
        return None
    flags = blob[3]
    envelope_bytes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0b111]
    return shapely.from_wkb(blob[8 + envelope_bytes :])


def write_article(store: Store, article: Article, *, extractor: str) -> str:
    """Insert or replace one article; return ``"added"``, ``"unchanged"`` or ``"replaced"``.

    An article whose id and text are already stored is left as it is. The same id with another
    text replaces the stored row in place and drops the mentions and incidents derived from it.
    """
    db = store.connection
    row = db.execute("SELECT content_hash FROM articles WHERE article_id = ?", (article.id,)).fetchone()
    values = (
        article.title,
        article.source,
        article.url,
        article.outlet,
        article.published.isoformat() if article.published else None,
        article.content_hash,
        article.text,
        json.dumps({**article.metadata, "_body_start": article.body_start}, ensure_ascii=False, sort_keys=True),
        extractor,
    )
    if row is None:
        db.execute(
            "INSERT INTO articles (article_id, title, source, url, outlet, published, content_hash, text,"
            " metadata, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.id, *values),
        )
        return "added"
    if row[0] == article.content_hash:
        return "unchanged"
    db.execute(
        "UPDATE articles SET title=?, source=?, url=?, outlet=?, published=?, content_hash=?, text=?,"
        " metadata=?, extractor=? WHERE article_id=?",
        (*values, article.id),
    )
    delete_extraction(store, article.id)
    return "replaced"


def article_extractor(store: Store, article_id: str) -> str | None:
    """Return the extractor stamp the stored article was last extracted with."""
    row = store.connection.execute("SELECT extractor FROM articles WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def delete_extraction(store: Store, article_id: str) -> None:
    """Remove the mentions, incidents and sources derived from one article."""
    db = store.connection
    db.execute(
        "DELETE FROM incident_sources WHERE incident_id IN (SELECT incident_id FROM incidents WHERE article_id = ?)",
        (article_id,),
    )
    db.execute("DELETE FROM incidents WHERE article_id = ?", (article_id,))
    db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))


def write_extraction(
    store: Store, article: Article, mentions: list[Mention], incidents: list[Incident], *, extractor: str
) -> None:
    """Replace what is stored as derived from ``article`` by these mentions and incidents."""
    db = store.connection
    delete_extraction(store, article.id)
    db.executemany(
        'INSERT INTO mentions (article_id, mention, start, "end", name, gazetteer_id, kind, country, lat, lon,'
        " geo_precision, locative, resolved, explanation, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_mention_row(m) for m in mentions],
    )
    db.executemany(
        "INSERT INTO incidents (incident_id, article_id, type, date, date_precision, date_note, place,"
        " gazetteer_id, lat, lon, geo_precision, fatalities, injured, actors, evidence, evidence_start,"
        " evidence_end, role, event_type, sub_event_type, segment_id, segment_name, distance_km, side,"
        " border_zone, nearest_crossing, crossing_km, geom)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_incident_row(i) for i in incidents],
    )
    db.executemany(
        "INSERT INTO incident_sources (incident_id, article_id, outlet, url, evidence, fatalities)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(i.id, article.id, article.outlet, article.url, i.evidence, i.fatalities) for i in incidents],
    )
    db.execute("UPDATE articles SET extractor = ? WHERE article_id = ?", (extractor, article.id))


def gpkg_point(lat: float, lon: float, srs_id: int = 4326) -> bytes:
    """A GeoPackage point blob built directly (the hot path of every write): header, envelope, WKB."""
    return b"GP\x00\x03" + struct.pack("<i4d", srs_id, lon, lon, lat, lat) + struct.pack("<BIdd", 1, 1, lon, lat)


def _mention_row(m: Mention) -> tuple[Any, ...]:
    p = m.place
    geom = gpkg_point(p.lat, p.lon) if p is not None else None
    return (
        m.article_id,
        m.text,
        m.start,
        m.end,
        p.name if p else None,
        p.id if p else None,
        p.kind if p else None,
        p.country if p else None,
        p.lat if p else None,
        p.lon if p else None,
        int(p.precision) if p else None,
        int(m.locative),
        int(p is not None),
        m.explanation,
        geom,
    )


def _incident_row(i: Incident) -> tuple[Any, ...]:
    p = i.place
    geom = gpkg_point(p.lat, p.lon) if p is not None else None
    return (
        i.id,
        i.article_id,
        i.type,
        i.date,
        i.date_precision.value,
        i.date_note,
        p.name if p else None,
        p.id if p else None,
        p.lat if p else None,
        p.lon if p else None,
        int(p.precision) if p else None,
        i.fatalities,
        i.injured,
        json.dumps(list(i.actors), ensure_ascii=False),
        i.evidence,
        i.evidence_start,
        i.evidence_end,
        i.role,
        *_attribution_values(i),
        geom,
    )


def _attribution_values(incident: Incident) -> tuple[Any, ...]:
    from borderwatch.border import attach_to_border
    from borderwatch.extract import acled_type

    event_type, sub_event_type = acled_type(incident.type, incident.evidence)
    place = incident.place
    if place is None:
        return (event_type, sub_event_type, None, None, None, None, None, None, None)
    a = attach_to_border(place.lat, place.lon)
    return (
        event_type,
        sub_event_type,
        a.segment_id,
        a.segment_name,
        a.distance_km,
        a.side,
        int(a.border_zone),
        a.nearest_crossing,
        a.crossing_km,
    )


def write_segments(store: Store, segments: list[Segment]) -> None:
    """Replace the stored border segments by ``segments``, unless they are already the same."""
    db = store.connection
    stored = [tuple(r) for r in db.execute("SELECT segment_id, length_km FROM border_segments ORDER BY fid")]
    if stored == [(s.id, s.length_km) for s in segments]:
        return
    db.execute("DELETE FROM border_segments")
    db.executemany(
        "INSERT INTO border_segments (segment_id, name, af_unit, pk_unit, length_km, geom) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (s.id, s.name, s.af_unit, s.pk_unit, s.length_km, gpkg_geometry(line_from_latlon(s.coords)))
            for s in segments
        ],
    )


def stored_articles(store: Store) -> list[Article]:
    """Return every stored article, in id order."""
    rows = store.connection.execute(
        "SELECT article_id, text, title, source, url, outlet, published, metadata FROM articles ORDER BY article_id"
    )
    return [
        Article(
            id=r[0],
            text=r[1],
            title=r[2],
            source=r[3],
            url=r[4],
            outlet=r[5],
            published=date.fromisoformat(r[6]) if r[6] else None,
            metadata={k: v for k, v in json.loads(r[7]).items() if k != "_body_start"},
            body_start=json.loads(r[7]).get("_body_start", 0),
        )
        for r in rows
    ]


INCIDENT_FIELDS = (
    "i.incident_id AS id, i.article_id, i.type, i.event_type, i.sub_event_type, i.date, i.date_precision,"
    " i.date_note, i.place, i.gazetteer_id, i.lat, i.lon, i.geo_precision, i.fatalities, i.injured, i.actors,"
    " i.evidence, i.evidence_start, i.evidence_end, i.role, i.segment_id, i.segment_name, i.distance_km, i.side,"
    " i.border_zone, i.nearest_crossing, i.crossing_km, a.outlet, a.url, a.title"
)


def incident_rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """Turn a cursor over INCIDENT_FIELDS into incident dicts (actors decoded, border_zone a bool)."""
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    for row in rows:
        row["actors"] = json.loads(row["actors"])
        row["border_zone"] = None if row["border_zone"] is None else bool(row["border_zone"])
    return rows


def store_summary(store: Store) -> dict[str, int]:
    """Return the figures of the build summary: articles, places, incidents, unresolved mentions."""
    db = store.connection

    def one(sql: str) -> int:
        return db.execute(sql).fetchone()[0]

    return {
        "articles": one("SELECT COUNT(*) FROM articles"),
        "places": one("SELECT COUNT(*) FROM mentions WHERE resolved = 1"),
        "incidents": one("SELECT COUNT(*) FROM events"),
        "reports": one("SELECT COUNT(*) FROM incidents"),
        "unresolved": one("SELECT COUNT(*) FROM mentions WHERE resolved = 0"),
    }


EVENT_FIELDS = (
    "e.event_id AS id, e.type, e.event_type, e.sub_event_type, e.date, e.date_precision, e.date_note, e.place,"
    " e.gazetteer_id, e.lat, e.lon, e.geo_precision, e.fatalities, e.fatalities_low, e.fatalities_high, e.injured,"
    " e.actors, e.evidence, e.role, e.segment_id, e.segment_name, e.distance_km, e.side, e.border_zone,"
    " e.nearest_crossing, e.crossing_km, e.n_sources, e.outlets, e.merge_reason"
)


def reports_for_merging(store: Store) -> list[dict[str, Any]]:
    """Every per-article incident with what merging needs: publication date, place admin units."""
    from borderwatch.gazetteer import load_gazetteer

    by_id = load_gazetteer().by_id
    cursor = store.connection.execute(
        f"SELECT {INCIDENT_FIELDS}, a.published FROM incidents i LEFT JOIN articles a USING (article_id)"
        " ORDER BY i.incident_id"
    )
    rows = incident_rows(cursor)
    for row in rows:
        place = by_id.get(row["gazetteer_id"] or "")
        row["admin1"], row["admin2"] = (place.admin1, place.admin2) if place else (None, None)
    return rows


def merge_overrides(store: Store) -> list[tuple[str, list[str]]]:
    """The merges and splits people made: (action, report ids), oldest first."""
    rows = store.connection.execute("SELECT action, incident_ids FROM merge_overrides ORDER BY fid")
    return [(action, json.loads(ids)) for action, ids in rows]


def add_merge_override(store: Store, action: str, incident_ids: list[str]) -> None:
    """Record a person's merge or split of reports; it outlives re-ingest and rebuild."""
    store.connection.execute(
        "INSERT INTO merge_overrides (action, incident_ids) VALUES (?, ?)", (action, json.dumps(sorted(incident_ids)))
    )


def write_events(store: Store, events: list[Any]) -> None:
    """Replace the events layer by ``events`` (merge.MergedIncident objects)."""
    db = store.connection
    db.execute("DELETE FROM event_sources")
    db.execute("DELETE FROM events")
    rows, sources = [], []
    for event in events:
        f = event.fields
        geom = gpkg_point(f["lat"], f["lon"]) if f["lat"] is not None else None
        outlets = sorted({r.get("outlet") or r["article_id"] for r in event.reports})
        rows.append(
            (
                event.id, f["type"], f["event_type"], f["sub_event_type"], f["date"], f["date_precision"],
                f["date_note"], f["place"], f["gazetteer_id"], f["lat"], f["lon"], f["geo_precision"],
                f["fatalities"], f["fatalities_low"], f["fatalities_high"], f["injured"],
                json.dumps(f["actors"], ensure_ascii=False), f["evidence"], f["role"], f["segment_id"],
                f["segment_name"], f["distance_km"], f["side"],
                None if f["border_zone"] is None else int(f["border_zone"]), f["nearest_crossing"],
                f["crossing_km"], f["n_sources"], "; ".join(outlets), f["merge_reason"], geom,
            )
        )  # fmt: skip
        sources += [(event.id, r["id"], r["article_id"]) for r in event.reports]
    db.executemany(
        "INSERT INTO events (event_id, type, event_type, sub_event_type, date, date_precision, date_note, place,"
        " gazetteer_id, lat, lon, geo_precision, fatalities, fatalities_low, fatalities_high, injured, actors,"
        " evidence, role, segment_id, segment_name, distance_km, side, border_zone, nearest_crossing, crossing_km,"
        " n_sources, outlets, merge_reason, geom) VALUES (" + ", ".join(["?"] * 30) + ")",
        rows,
    )
    db.executemany("INSERT INTO event_sources (event_id, incident_id, article_id) VALUES (?, ?, ?)", sources)


def event_sources(store: Store, event_id: str) -> list[dict[str, Any]]:
    """The reports behind one event: article, outlet, url, quote and the figures each gave."""
    cursor = store.connection.execute(
        f"SELECT {INCIDENT_FIELDS}, a.published FROM event_sources s JOIN incidents i USING (incident_id)"
        " LEFT JOIN articles a ON a.article_id = i.article_id WHERE s.event_id = ? ORDER BY a.published, i.incident_id",
        (event_id,),
    )
    return incident_rows(cursor)


def stored_events(store: Store) -> list[dict[str, Any]]:
    """Every merged incident as a flat dict, in date order."""
    cursor = store.connection.execute(f"SELECT {EVENT_FIELDS} FROM events e ORDER BY e.date, e.event_id")
    return incident_rows(cursor)


def attach_sources(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each event row its ``sources``: article, outlet, url, quote and figures of every report."""
    by_event: dict[str, list[dict[str, Any]]] = {e["id"]: [] for e in events}
    ids = list(by_event)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        rows = store.connection.execute(
            "SELECT s.event_id, i.incident_id, i.article_id, a.outlet, a.url, a.published, i.evidence,"
            " i.evidence_start, i.evidence_end, i.fatalities, i.date FROM event_sources s"
            " JOIN incidents i USING (incident_id) LEFT JOIN articles a ON a.article_id = i.article_id"
            f" WHERE s.event_id IN ({', '.join('?' * len(chunk))}) ORDER BY a.published, i.incident_id",
            chunk,
        )
        for event_id, *rest in rows:
            keys = ("report_id", "article_id", "outlet", "url", "published", "evidence", "evidence_start",
                    "evidence_end", "fatalities", "date")  # fmt: skip
            by_event[event_id].append(dict(zip(keys, rest, strict=True)))
    for event in events:
        event["sources"] = by_event[event["id"]]
    return events


def user_places(store: Store) -> tuple[Place, ...]:
    """The places people added to this store (and geocoder finds), as gazetteer entries."""
    rows = store.connection.execute(
        "SELECT place_id, name, kind, country, admin1, admin2, lat, lon, precision, aliases, source"
        " FROM user_places ORDER BY place_id"
    )
    return tuple(
        Place(
            id=r[0],
            name=r[1],
            kind=r[2],
            country=r[3],
            admin1=r[4],
            admin2=r[5],
            lat=r[6],
            lon=r[7],
            precision=GeoPrecision(r[8]),
            aliases=tuple(json.loads(r[9])),
            source=r[10],
        )
        for r in rows
    )


def put_user_place(store: Store, place: Place) -> str:
    """Add a place to the store's own gazetteer, or replace the one with its id; 'added' or 'replaced'."""
    db = store.connection
    existed = db.execute("SELECT 1 FROM user_places WHERE place_id = ?", (place.id,)).fetchone() is not None
    db.execute("DELETE FROM user_places WHERE place_id = ?", (place.id,))
    db.execute(
        "INSERT INTO user_places (place_id, name, kind, country, admin1, admin2, lat, lon, precision, aliases,"
        " source, geom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            place.id,
            place.name,
            place.kind,
            place.country,
            place.admin1,
            place.admin2,
            place.lat,
            place.lon,
            int(place.precision),
            json.dumps(list(place.aliases), ensure_ascii=False),
            place.source,
            gpkg_point(place.lat, place.lon),
        ),
    )
    return "replaced" if existed else "added"


def delete_user_place(store: Store, place_id: str) -> bool:
    """Remove one of the store's own places; False when there was none with that id."""
    return store.connection.execute("DELETE FROM user_places WHERE place_id = ?", (place_id,)).rowcount > 0


def unresolved_mentions(store: Store) -> list[tuple[str, str, int, int]]:
    """(article id, mention, start, end) of every unresolved mention, in article order."""
    return [
        tuple(r)
        for r in store.connection.execute(
            'SELECT article_id, mention, start, "end" FROM mentions WHERE resolved = 0 ORDER BY article_id, start'
        )
    ]


def article_texts(store: Store) -> dict[str, str]:
    """Article id -> text, for context snippets."""
    return dict(store.connection.execute("SELECT article_id, text FROM articles"))


def cached_geocode(store: Store, service: str, query: str) -> tuple[bool, dict[str, Any]] | None:
    """A geocoder answer asked before (hit or miss), or None when never asked."""
    row = store.connection.execute(
        "SELECT found, lat, lon, address, raw FROM geocode_cache WHERE service = ? AND query = ?", (service, query)
    ).fetchone()
    if row is None:
        return None
    return bool(row[0]), {"lat": row[1], "lon": row[2], "address": row[3], "raw": json.loads(row[4] or "null")}


def cache_geocode(store: Store, service: str, query: str, answer: dict[str, Any] | None) -> None:
    """Remember a geocoder answer, a miss (None) included, so it is never asked twice."""
    store.connection.execute(
        "INSERT OR REPLACE INTO geocode_cache (service, query, found, lat, lon, address, raw)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            service,
            query,
            int(answer is not None),
            answer and answer["lat"],
            answer and answer["lon"],
            answer and answer["address"],
            json.dumps(answer and answer.get("raw"), ensure_ascii=False, default=str),
        ),
    )

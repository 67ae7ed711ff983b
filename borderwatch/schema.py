"""Define the store's tables once, for the GeoPackage and the PostGIS backend alike.

Column types are written in SQLite's words (TEXT, INTEGER, REAL); the PostGIS backend maps
them. Every table has an ``fid`` key; a feature table has one ``geom`` column in EPSG:4326.
"""

from __future__ import annotations

import re

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


# ACLED's admin units of a row's place (province, district, tehsil), last in mentions, incidents and events
ADMIN_COLUMNS = (("admin1", "TEXT"), ("admin2", "TEXT"), ("admin3", "TEXT"))
ADMIN_TABLES = ("mentions", "incidents", "events")

# The split of a toll (schema 6), last in incidents (a report's own range high too) and events
CASUALTY_COLUMNS = {
    "incidents": (("attackers_killed", "INTEGER"), ("fatalities_high", "INTEGER"), ("missing", "INTEGER"),
                  ("abducted", "INTEGER")),
    "events": (("attackers_killed", "INTEGER"), ("missing", "INTEGER"), ("abducted", "INTEGER")),
}  # fmt: skip


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
        resolved INTEGER NOT NULL, explanation TEXT, admin1 TEXT, admin2 TEXT, admin3 TEXT""",
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
        nearest_crossing TEXT, crossing_km REAL, admin1 TEXT, admin2 TEXT, admin3 TEXT,
        attackers_killed INTEGER, fatalities_high INTEGER, missing INTEGER, abducted INTEGER""",
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
        merge_reason TEXT NOT NULL, admin1 TEXT, admin2 TEXT, admin3 TEXT, attackers_killed INTEGER,
        missing INTEGER, abducted INTEGER""",
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


# plain indexes both backends create (the spatial ones are each backend's own)
INDEXES: tuple[tuple[str, str, str], ...] = (
    ("event_sources_event", "event_sources", "event_id"),
    ("mentions_article", "mentions", "article_id"),
    ("incidents_article", "incidents", "article_id"),
    ("incident_sources_incident", "incident_sources", "incident_id"),
)

# tables whose point geometry is the row's own lat/lon
POINT_TABLES = frozenset(name for name, _, geometry_type, _ in LAYERS if geometry_type == "POINT")


def column_names(table: str) -> tuple[str, ...]:
    """The columns of ``table`` as LAYERS defines them, in order (``fid`` and ``geom`` aside)."""
    definitions = next(columns for name, _, _, columns in LAYERS if name == table)
    names = (part.split()[0].strip('"') for part in re.split(r",(?![^()]*\))", definitions))  # not "UNIQUE (a, b)"
    return tuple(n for n in names if n.upper() not in ("UNIQUE", "PRIMARY", "CONSTRAINT", "CHECK", "FOREIGN"))

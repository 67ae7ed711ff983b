"""Read and write the incident store, one all-or-nothing transaction per command.

Two backends hold the same tables (``schema.LAYERS``): a GeoPackage file, the embedded
default (``gpkg``), and a PostgreSQL database with PostGIS for teams (``postgis``). Every
function here speaks SQL both understand; the few spatial statements branch on the backend.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from borderwatch import gpkg, postgis, settings
from borderwatch.errors import NoStoreError, StoreError
from borderwatch.gpkg import gpkg_geometry, gpkg_point
from borderwatch.model import Article, GeoPrecision, Incident, Mention, Place, Segment
from borderwatch.schema import POINT_TABLES, column_names

KM_PER_DEGREE_LAT = 110.574  # the shortest degree of latitude, at the equator


@dataclass
class Store:
    """An open store: a connection inside one transaction, and which backend it speaks to."""

    location: str
    connection: Any
    backend: str  # "gpkg" or "postgis"

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """Run one statement written with ``?`` placeholders; return its cursor."""
        if self.backend == "postgis":
            return self.connection.execute(sql.replace("?", "%s"), tuple(params))
        return self.connection.execute(sql, tuple(params))

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        """Run one statement (``?`` placeholders) for each row."""
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        if self.backend == "postgis":
            with self.connection.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), rows)
        else:
            self.connection.executemany(sql, rows)


def store_location(db: str | Path | None = None) -> str | Path:
    """The store ``db`` names, else ``$BORDERWATCH_DB``, else the default file: a URL or a path."""
    import os

    given = db or os.environ.get(settings.STORE_ENV) or settings.STORE_PATH
    return str(given) if postgis.is_postgres_url(str(given)) else Path(given)


def store_label(db: str | Path | None = None) -> str:
    """The store's name for messages (a URL's password hidden)."""
    location = store_location(db)
    return postgis.redacted(location) if isinstance(location, str) else str(location)


def store_exists(db: str | Path | None = None) -> bool:
    """True when ``db`` already holds a borderwatch store."""
    location = store_location(db)
    if isinstance(location, Path):
        return location.exists()
    try:
        with open_store(location, create=False, readonly=True):
            return True
    except NoStoreError:
        return False


@dataclass
class Waiting:
    """How a writer waits for another: at most ``seconds``, telling ``notify`` once (CLI: stderr)."""

    seconds: float = 300.0
    notify: Callable[[str], None] | None = None


WAITING = Waiting()


def set_waiting(seconds: float, notify: Callable[[str], None] | None = None) -> None:
    """How long this process's writers wait for another writer, and whom they tell that they wait."""
    WAITING.seconds, WAITING.notify = seconds, notify


@contextmanager
def open_store(db: str | Path | None = None, *, create: bool = True, readonly: bool = False) -> Iterator[Store]:
    """Open the store in one transaction: committed on success, rolled back on any exception.

    Writers queue behind each other (the GeoPackage's write lock, a PostgreSQL advisory lock) for
    at most ``WAITING.seconds``, then fail with ``StoreBusyError``; ``readonly`` opens without
    queueing and never waits for a writer. A database or file-system error inside the
    transaction (read-only file, disk full) rolls it back and becomes one ``StoreError`` line. A
    store file that this call created is removed again when the transaction fails, so a failed
    command leaves the file system as it found it.
    """
    location = store_location(db)
    if isinstance(location, str):
        connection = postgis.connect(
            location, create=create, readonly=readonly, wait=WAITING.seconds, notify=WAITING.notify
        )
        try:
            yield Store(postgis.redacted(location), connection, "postgis")
        except BaseException as e:
            postgis.release(location, connection, commit=False)
            if _is_database_error(e):
                raise StoreError(f"{postgis.redacted(location)}: {postgis.first_line(e)}") from e
            raise
        try:
            postgis.release(location, connection, commit=True)
        except Exception as e:
            if _is_database_error(e):
                raise StoreError(f"{postgis.redacted(location)}: {postgis.first_line(e)}") from e
            raise
        return
    existed = location.exists()
    if not existed and not create:
        raise NoStoreError(location)
    if not existed and not location.parent.exists():
        msg = f"{location}: directory {str(location.parent)!r} does not exist"
        raise StoreError(msg)
    try:
        connection = gpkg.connect(
            location, existed=existed, readonly=readonly, wait=WAITING.seconds, notify=WAITING.notify
        )
    except BaseException:
        if not existed:
            location.unlink(missing_ok=True)
        raise
    try:
        yield Store(str(location), connection, "gpkg")
        connection.execute("COMMIT")
    except BaseException as e:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        connection.close()
        if not existed:
            location.unlink(missing_ok=True)
        if isinstance(e, sqlite3.OperationalError):  # read-only file, disk full, I/O error
            raise StoreError(f"{location}: {e}") from e
        raise
    connection.close()


def _is_database_error(error: BaseException) -> bool:
    """psycopg's word for a problem of the machine or the role (no server, disk full, no right to
    write), as opposed to borderwatch's own errors and its bugs."""
    if not type(error).__module__.startswith("psycopg"):
        return False
    import psycopg

    kinds = (psycopg.OperationalError, psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction)
    return isinstance(error, kinds)


def _insert(store: Store, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """INSERT rows into a layer. A point's geometry is its row's lat/lon: encoded here for the
    GeoPackage, generated by the database in PostGIS."""
    if store.backend == "gpkg" and table in POINT_TABLES:
        ilat, ilon = columns.index("lat"), columns.index("lon")
        columns = (*columns, "geom")
        rows = [(*r, None if r[ilat] is None else gpkg_point(r[ilat], r[ilon])) for r in rows]
    names = ", ".join(f'"{c}"' for c in columns)
    if store.backend == "postgis":
        # COPY: the rows stream to the server in one statement instead of one round trip each
        with store.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    store.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows)


def _article_values(article: Article, extractor: str) -> tuple[Any, ...]:
    return (
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


_ARTICLE_COLUMNS = (
    "title", "source", "url", "outlet", "published", "content_hash", "text", "metadata", "extractor", "article_id"
)  # fmt: skip
_UPDATE_ARTICLE = (
    "UPDATE articles SET title=?, source=?, url=?, outlet=?, published=?, content_hash=?, text=?,"
    " metadata=?, extractor=? WHERE article_id=?"
)


def write_article(store: Store, article: Article, *, extractor: str) -> str:
    """Insert or replace one article; return ``"added"``, ``"unchanged"`` or ``"replaced"``.

    An article whose id and text are already stored is left as it is. The same id with another
    text replaces the stored row in place and drops the mentions and incidents derived from it.
    """
    return write_articles(store, [article], extractor=extractor)[0][0]


def write_articles(store: Store, articles: list[Article], *, extractor: str) -> list[tuple[str, str | None]]:
    """:func:`write_article` for many articles in a few statements: for each, its status and the
    extractor stamp it had before (None if it is new), so the caller knows what to extract again.

    An id given twice counts as given in that order (added, then replaced or unchanged).
    """
    stored = article_states(store, {a.id for a in articles})
    inserts: dict[str, Article] = {}
    updates: dict[str, Article] = {}
    out = []
    for article in articles:
        known = stored.get(article.id)
        if known is None:
            out.append(("added", None))
            inserts[article.id] = article
        elif known[0] == article.content_hash:
            out.append(("unchanged", known[1]))
            continue
        else:
            out.append(("replaced", known[1]))
            (inserts if article.id in inserts else updates)[article.id] = article
        stored[article.id] = (article.content_hash, extractor)
    _insert(store, "articles", _ARTICLE_COLUMNS, [(*_article_values(a, extractor), a.id) for a in inserts.values()])
    store.executemany(_UPDATE_ARTICLE, [(*_article_values(a, extractor), a.id) for a in updates.values()])
    delete_extractions(store, list(updates))
    return out


def article_states(store: Store, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """(content hash, extractor stamp) of each of these articles that is stored."""
    found = {}
    ids = sorted(ids)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        marks = ", ".join("?" * len(chunk))
        sql = f"SELECT article_id, content_hash, extractor FROM articles WHERE article_id IN ({marks})"
        found.update((r[0], (r[1], r[2])) for r in store.execute(sql, chunk))
    return found


def article_extractor(store: Store, article_id: str) -> str | None:
    """Return the extractor stamp the stored article was last extracted with."""
    row = store.execute("SELECT extractor FROM articles WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def delete_extraction(store: Store, article_id: str) -> None:
    """Remove the mentions, incidents and sources derived from one article."""
    delete_extractions(store, [article_id])


def delete_extractions(store: Store, article_ids: list[str]) -> None:
    """Remove the mentions, incidents and sources derived from these articles (three statements per 500)."""
    for chunk in (article_ids[i : i + 500] for i in range(0, len(article_ids), 500)):
        marks = ", ".join("?" * len(chunk))
        store.execute(
            "DELETE FROM incident_sources WHERE incident_id IN"
            f" (SELECT incident_id FROM incidents WHERE article_id IN ({marks}))",
            chunk,
        )
        store.execute(f"DELETE FROM incidents WHERE article_id IN ({marks})", chunk)
        store.execute(f"DELETE FROM mentions WHERE article_id IN ({marks})", chunk)


def write_extraction(
    store: Store, article: Article, mentions: list[Mention], incidents: list[Incident], *, extractor: str
) -> None:
    """Replace what is stored as derived from ``article`` by these mentions and incidents."""
    write_extractions(store, [(article, mentions, incidents)], extractor=extractor)


def write_extractions(
    store: Store, found: list[tuple[Article, list[Mention], list[Incident]]], *, extractor: str
) -> None:
    """:func:`write_extraction` for many articles in a few statements (one batch per table: the
    round trips to a PostGIS server, not the rows, were what a write cost). An article given twice
    keeps its last extraction."""
    last = {article.id: (article, mentions, incidents) for article, mentions, incidents in found}
    delete_extractions(store, list(last))
    _insert(store, "mentions", MENTION_COLUMNS, [_mention_row(m) for _, ms, _ in last.values() for m in ms])
    _insert(store, "incidents", INCIDENT_COLUMNS, [_incident_row(i) for _, _, its in last.values() for i in its])
    _insert(
        store,
        "incident_sources",
        ("incident_id", "article_id", "outlet", "url", "evidence", "fatalities"),
        [(i.id, a.id, a.outlet, a.url, i.evidence, i.fatalities) for a, _, its in last.values() for i in its],
    )
    store.executemany("UPDATE articles SET extractor = ? WHERE article_id = ?", [(extractor, i) for i in last])


MENTION_COLUMNS = column_names("mentions")
INCIDENT_COLUMNS = column_names("incidents")


def _mention_row(m: Mention) -> tuple[Any, ...]:
    p = m.place
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
        *_admin_values(p),
    )


def _admin_values(place: Place | None) -> tuple[str | None, str | None, str | None]:
    # gazetteer places carry them from the build, user places from userplaces.make_place
    return (place.admin1, place.admin2, place.admin3) if place is not None else (None, None, None)


def _incident_row(i: Incident) -> tuple[Any, ...]:
    p = i.place
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
        *_admin_values(p),
        i.attackers_killed,
        i.fatalities_high,
        i.missing,
        i.abducted,
    )


def _attribution_values(incident: Incident) -> tuple[Any, ...]:
    from borderwatch.border import attach_to_border
    from borderwatch.extract import acled_type

    event_type, sub_event_type = acled_type(incident.type, incident.evidence, incident.actors)
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
    stored = [tuple(r) for r in store.execute("SELECT segment_id, length_km FROM border_segments ORDER BY fid")]
    if stored == [(s.id, s.length_km) for s in segments]:
        return
    # local: shapely/numpy cost ~0.2 s to import; only commands that write segments need them
    import shapely

    from borderwatch.shapes import line_from_latlon

    store.execute("DELETE FROM border_segments")
    lines = [line_from_latlon(s.coords) for s in segments]
    if store.backend == "postgis":
        value, geoms = "ST_GeomFromWKB(?, 4326)", [shapely.to_wkb(line) for line in lines]
    else:
        value, geoms = "?", [gpkg_geometry(line) for line in lines]
    store.executemany(
        "INSERT INTO border_segments (segment_id, name, af_unit, pk_unit, length_km, geom)"
        f" VALUES (?, ?, ?, ?, ?, {value})",
        [(s.id, s.name, s.af_unit, s.pk_unit, s.length_km, geom) for s, geom in zip(segments, geoms, strict=True)],
    )


def stored_articles(store: Store) -> list[Article]:
    """Return every stored article, in id order."""
    rows = store.execute(
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
    " i.border_zone, i.nearest_crossing, i.crossing_km, i.admin1, i.admin2, i.admin3, i.attackers_killed,"
    " i.fatalities_high, i.missing, i.abducted, a.outlet, a.url, a.title"
)


def incident_rows(cursor: Any) -> list[dict[str, Any]]:
    """Turn a cursor over INCIDENT_FIELDS into incident dicts (actors decoded, border_zone a bool)."""
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    for row in rows:
        row["actors"] = json.loads(row["actors"])
        row["border_zone"] = None if row["border_zone"] is None else bool(row["border_zone"])
    return rows


def store_summary(store: Store) -> dict[str, int]:
    """Return the figures of the build summary: articles, places, incidents, unresolved mentions."""

    def one(sql: str) -> int:
        return store.execute(sql).fetchone()[0]

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
    " e.nearest_crossing, e.crossing_km, e.n_sources, e.outlets, e.merge_reason, e.admin1, e.admin2, e.admin3,"
    " e.attackers_killed, e.missing, e.abducted"
)


def events_near(
    store: Store, lat: float, lon: float, km: float, *, area: bool | None = None, brief: bool = False
) -> list[Any]:
    """Candidate events for a radius query: surely every event within ``km`` (geodesic) of the
    point, found by the spatial index; the caller measures each exactly.

    ``area`` True keeps only district- and province-level events (precision 3), False only the
    others; ``brief`` reads only what filtering and measuring need, as (lat, lon, type, date,
    date_precision, id) tuples.
    """
    fields = "e.lat, e.lon, e.type, e.date, e.date_precision, e.event_id" if brief else EVENT_FIELDS
    precision = "" if area is None else f" AND e.geo_precision {'=' if area else '<>'} {int(GeoPrecision.AREA)}"
    if store.backend == "postgis":
        cursor = store.execute(
            f"SELECT {fields} FROM events e"
            f" WHERE ST_DWithin(e.geom, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?){precision}",
            (lon, lat, km * 1000),
        )
    else:
        # a degree box that surely holds the circle, for the R-tree
        dlat = km / KM_PER_DEGREE_LAT
        dlon = km / (KM_PER_DEGREE_LAT * max(math.cos(math.radians(min(abs(lat) + dlat, 89.9))), 1e-6))
        cursor = store.execute(
            f"SELECT {fields} FROM events e JOIN rtree_events_geom r ON r.id = e.fid"
            f" WHERE r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?{precision}",
            (lon + dlon, lon - dlon, lat + dlat, lat - dlat),
        )
    return cursor.fetchall() if brief else incident_rows(cursor)


def bbox_clause(store: Store) -> str:
    """SQL condition on events ``e`` inside min_lon, max_lon, min_lat, max_lat (four ``?``)."""
    if store.backend == "postgis":
        return "e.lon BETWEEN ? AND ? AND e.lat BETWEEN ? AND ?"
    return "e.fid IN (SELECT id FROM rtree_events_geom WHERE minx >= ? AND maxx <= ? AND miny >= ? AND maxy <= ?)"


def reports_for_merging(store: Store) -> list[dict[str, Any]]:
    """Every per-article incident with what merging needs: publication date, place admin units."""
    from borderwatch.gazetteer import load_gazetteer

    by_id = load_gazetteer().by_id
    cursor = store.execute(
        f"SELECT {INCIDENT_FIELDS}, a.published FROM incidents i LEFT JOIN articles a USING (article_id)"
        " ORDER BY i.incident_id"
    )
    return with_admin(incident_rows(cursor), by_id)


def with_admin(rows: list[dict[str, Any]], by_id: dict[str, Place] | None = None) -> list[dict[str, Any]]:
    """Give report rows the admin units, kind and country of their gazetteer place (for merging)."""
    if by_id is None:
        from borderwatch.gazetteer import load_gazetteer

        by_id = load_gazetteer().by_id
    for row in rows:
        place = by_id.get(row["gazetteer_id"] or "")
        if place is not None or "admin1" not in row:  # stored columns answer for places not in the gazetteer
            row["admin1"], row["admin2"], row["admin3"] = _admin_values(place)
        row["place_kind"], row["country"] = (place.kind, place.country) if place else (None, None)
    return rows


MERGE_FIELDS = (
    "i.incident_id AS id, i.article_id, i.type, i.date, i.date_precision, i.date_note, i.place, i.gazetteer_id,"
    " i.lat, i.lon, i.geo_precision, i.fatalities, i.actors, i.evidence,"
    " i.admin1, i.admin2, i.admin3"  # stored units answer for places not in the shipped gazetteer (user places)
)


def reports_for_clustering(store: Store, where: str = "", params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
    """Every report (or those ``where`` selects) with only what the clustering reads (and admin
    units): a light read, one row at a time, in table order (sorting by id is the caller's)."""
    from borderwatch.gazetteer import load_gazetteer

    by_id = load_gazetteer().by_id
    cursor = store.execute(f"SELECT {MERGE_FIELDS} FROM incidents i {'WHERE ' + where if where else ''}", params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        row = dict(zip(names, values, strict=True))
        row["actors"] = json.loads(row["actors"]) if row["actors"] != "[]" else []
        yield with_admin([row], by_id)[0]


def reports_by_id(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """Full report rows (as ``reports_for_merging`` gives them) of the given report ids."""
    from borderwatch.gazetteer import load_gazetteer

    by_id = load_gazetteer().by_id
    rows = []
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        cursor = store.execute(
            f"SELECT {INCIDENT_FIELDS}, a.published FROM incidents i LEFT JOIN articles a USING (article_id)"
            f" WHERE i.incident_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        rows += incident_rows(cursor)
    return with_admin(rows, by_id)


def event_memberships(store: Store, report_ids: Iterable[str] | None = None) -> dict[str, str]:
    """Report id -> the id of the stored event that holds it (of every report, or of these and of
    the other reports of their events)."""
    if report_ids is None:
        return dict(store.execute("SELECT incident_id, event_id FROM event_sources"))
    ids, events = sorted(set(report_ids)), set()
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        marks = ", ".join("?" * len(chunk))
        events |= {
            r[0] for r in store.execute(f"SELECT event_id FROM event_sources WHERE incident_id IN ({marks})", chunk)
        }
    return event_members(store, events)


def event_members(store: Store, event_ids: Iterable[str]) -> dict[str, str]:
    """Report id -> event id, for every report of the given events."""
    ids, out = sorted(set(event_ids)), {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        marks = ", ".join("?" * len(chunk))
        out.update(store.execute(f"SELECT incident_id, event_id FROM event_sources WHERE event_id IN ({marks})", chunk))
    return out


def events_that_lost_reports(store: Store) -> set[str]:
    """Events that hold a report no longer stored (its article was replaced or re-extracted)."""
    rows = store.execute(
        "SELECT DISTINCT s.event_id FROM event_sources s LEFT JOIN incidents i USING (incident_id)"
        " WHERE i.incident_id IS NULL"
    )
    return {r[0] for r in rows}


def merger(store: Store) -> str | None:
    """The version of the merge rules the stored events were made with (None: unknown, merge anew)."""
    row = store.execute("SELECT value FROM borderwatch_schema WHERE key = 'merger'").fetchone()
    return row[0] if row else None


def set_merger(store: Store, version: str) -> None:
    """Record the version of the merge rules the stored events were made with."""
    store.execute("DELETE FROM borderwatch_schema WHERE key = 'merger'")
    store.execute("INSERT INTO borderwatch_schema (key, value) VALUES ('merger', ?)", (version,))


def merge_overrides(store: Store) -> list[tuple[str, list[str]]]:
    """The merges and splits people made: (action, report ids), oldest first."""
    rows = store.execute("SELECT action, incident_ids FROM merge_overrides ORDER BY fid")
    return [(action, json.loads(ids)) for action, ids in rows]


def add_merge_override(store: Store, action: str, incident_ids: list[str]) -> None:
    """Record a person's merge or split of reports; it outlives re-ingest and rebuild."""
    store.execute(
        "INSERT INTO merge_overrides (action, incident_ids) VALUES (?, ?)", (action, json.dumps(sorted(incident_ids)))
    )


EVENT_COLUMNS = column_names("events")


def write_events(store: Store, events: list[Any]) -> None:
    """Replace the events layer by ``events`` (merge.MergedIncident objects)."""
    store.execute("DELETE FROM event_sources")
    store.execute("DELETE FROM events")
    _insert_events(store, events)


def replace_events(store: Store, stale: Iterable[str], events: list[Any]) -> None:
    """Replace the ``stale`` events (ids) by ``events``, leaving every other event as it is."""
    ids = sorted(stale)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        marks = ", ".join("?" * len(chunk))
        store.execute(f"DELETE FROM event_sources WHERE event_id IN ({marks})", chunk)
        store.execute(f"DELETE FROM events WHERE event_id IN ({marks})", chunk)
    _insert_events(store, events)


def _insert_events(store: Store, events: list[Any]) -> None:
    rows, sources = [], []
    for event in events:
        f = event.fields
        outlets = sorted({r.get("outlet") or r["article_id"] for r in event.reports})
        rows.append(
            (
                event.id,
                f["type"],
                f["event_type"],
                f["sub_event_type"],
                f["date"],
                f["date_precision"],
                f["date_note"],
                f["place"],
                f["gazetteer_id"],
                f["lat"],
                f["lon"],
                f["geo_precision"],
                f["fatalities"],
                f["fatalities_low"],
                f["fatalities_high"],
                f["injured"],
                json.dumps(f["actors"], ensure_ascii=False),
                f["evidence"],
                f["role"],
                f["segment_id"],
                f["segment_name"],
                f["distance_km"],
                f["side"],
                None if f["border_zone"] is None else int(f["border_zone"]),
                f["nearest_crossing"],
                f["crossing_km"],
                f["n_sources"],
                "; ".join(outlets),
                f["merge_reason"],
                *_event_admin(event),
                f["attackers_killed"],
                f["missing"],
                f["abducted"],
            )
        )
        sources += [(event.id, r["id"], r["article_id"]) for r in event.reports]
    _insert(store, "events", EVENT_COLUMNS, rows)
    _insert(store, "event_sources", ("event_id", "incident_id", "article_id"), sources)


def _event_admin(event: Any) -> tuple[str | None, str | None, str | None]:
    """The admin units of the report whose place the event took (it has the event's gazetteer id)."""
    gazetteer_id = event.fields["gazetteer_id"]
    for report in event.reports:
        if report.get("gazetteer_id") == gazetteer_id and report.get("admin1") is not None:
            return report.get("admin1"), report.get("admin2"), report.get("admin3")
    if gazetteer_id is None:
        return None, None, None
    from borderwatch.gazetteer import load_gazetteer

    return _admin_values(load_gazetteer().by_id.get(gazetteer_id))


def event_sources(store: Store, event_id: str) -> list[dict[str, Any]]:
    """The reports behind one event: article, outlet, url, quote and the figures each gave."""
    cursor = store.execute(
        f"SELECT {INCIDENT_FIELDS}, a.published FROM event_sources s JOIN incidents i USING (incident_id)"
        " LEFT JOIN articles a ON a.article_id = i.article_id WHERE s.event_id = ?"
        " ORDER BY a.published NULLS FIRST, i.incident_id",
        (event_id,),
    )
    return incident_rows(cursor)


def stored_events(store: Store) -> list[dict[str, Any]]:
    """Every merged incident as a flat dict, in date order."""
    cursor = store.execute(f"SELECT {EVENT_FIELDS} FROM events e ORDER BY e.date NULLS FIRST, e.event_id")
    return incident_rows(cursor)


def attach_sources(store: Store, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give each event row its ``sources``: article, outlet, url, quote and figures of every report."""
    by_event: dict[str, list[dict[str, Any]]] = {e["id"]: [] for e in events}
    ids = list(by_event)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        rows = store.execute(
            "SELECT s.event_id, i.incident_id, i.article_id, a.outlet, a.url, a.published, i.evidence,"
            " i.evidence_start, i.evidence_end, i.fatalities, i.date FROM event_sources s"
            " JOIN incidents i USING (incident_id) LEFT JOIN articles a ON a.article_id = i.article_id"
            f" WHERE s.event_id IN ({', '.join('?' * len(chunk))}) ORDER BY a.published NULLS FIRST, i.incident_id",
            chunk,
        )
        for event_id, *rest in rows:
            keys = (
                "report_id",
                "article_id",
                "outlet",
                "url",
                "published",
                "evidence",
                "evidence_start",
                "evidence_end",
                "fatalities",
                "date",
            )
            by_event[event_id].append(dict(zip(keys, rest, strict=True)))
    for event in events:
        event["sources"] = by_event[event["id"]]
    return events


def user_places(store: Store, *, tehsils: bool = True) -> tuple[Place, ...]:
    """The places people added to this store (and geocoder finds), as gazetteer entries.

    The tehsil is not stored: the polygons give it again (and the units to places of older
    stores), which loads them; ``tehsils=False`` leaves it out, for a query that only looks names up.
    """
    rows = store.execute(
        "SELECT place_id, name, kind, country, admin1, admin2, lat, lon, precision, aliases, source"
        " FROM user_places ORDER BY place_id"
    )
    if tehsils:
        from borderwatch.admin import with_admin
    else:

        def with_admin(place: Place) -> Place:
            return place

    return tuple(
        with_admin(
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
        )
        for r in rows
    )


def put_user_place(store: Store, place: Place) -> str:
    """Add a place to the store's own gazetteer, or replace the one with its id; 'added' or 'replaced'."""
    existed = store.execute("SELECT 1 FROM user_places WHERE place_id = ?", (place.id,)).fetchone() is not None
    store.execute("DELETE FROM user_places WHERE place_id = ?", (place.id,))
    _insert(
        store,
        "user_places",
        ("place_id", "name", "kind", "country", "admin1", "admin2", "lat", "lon", "precision", "aliases", "source"),
        [
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
            )
        ],
    )
    return "replaced" if existed else "added"


def delete_user_place(store: Store, place_id: str) -> bool:
    """Remove one of the store's own places; False when there was none with that id."""
    return store.execute("DELETE FROM user_places WHERE place_id = ?", (place_id,)).rowcount > 0


def unresolved_mentions(store: Store) -> list[tuple[str, str, int, int]]:
    """(article id, mention, start, end) of every unresolved mention, in article order."""
    return [
        tuple(r)
        for r in store.execute(
            'SELECT article_id, mention, start, "end" FROM mentions WHERE resolved = 0 ORDER BY article_id, start'
        )
    ]


def article_texts(store: Store) -> dict[str, str]:
    """Article id -> text, for context snippets."""
    return dict(store.execute("SELECT article_id, text FROM articles"))


def cached_geocode(store: Store, service: str, query: str) -> tuple[bool, dict[str, Any]] | None:
    """A geocoder answer asked before (hit or miss), or None when never asked."""
    row = store.execute(
        "SELECT found, lat, lon, address, raw FROM geocode_cache WHERE service = ? AND query = ?", (service, query)
    ).fetchone()
    if row is None:
        return None
    return bool(row[0]), {"lat": row[1], "lon": row[2], "address": row[3], "raw": json.loads(row[4] or "null")}


def cache_geocode(store: Store, service: str, query: str, answer: dict[str, Any] | None) -> None:
    """Remember a geocoder answer, a miss (None) included, so it is never asked twice."""
    store.execute("DELETE FROM geocode_cache WHERE service = ? AND query = ?", (service, query))
    store.execute(
        "INSERT INTO geocode_cache (service, query, found, lat, lon, address, raw) VALUES (?, ?, ?, ?, ?, ?, ?)",
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

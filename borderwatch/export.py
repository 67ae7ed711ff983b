"""Write incidents, segments, crossings and places as GeoJSON, ACLED-style CSV or GeoPackage, atomically."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


@contextmanager
def atomic_path(path: str | Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it goes.

    Readers never see a half-written file, and a failed write leaves the old one in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes a private file; give the result the usual permissions (or the old file's)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def incidents_to_geojson(incidents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection (RFC 7946: lon/lat, WGS 84, no ``crs`` member).

    Each incident is a dict with ``id``, ``lat``, ``lon`` and any other properties (its
    provenance, precision codes and quote among them); one without coordinates becomes a
    Feature with a null geometry, so it is not lost.
    """
    features = []
    for incident in incidents:
        props = {k: v for k, v in incident.items() if k not in ("lat", "lon")}
        props.setdefault("n_sources", 1)
        lat, lon = incident.get("lat"), incident.get("lon")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}  # GeoJSON order is lon, lat
            if lat is not None and lon is not None
            else None
        )
        features.append({"type": "Feature", "id": incident["id"], "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(collection: dict[str, Any], path: str | Path) -> Path:
    """Write a GeoJSON object to ``path`` atomically."""
    return write_atomically(path, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")


def features_to_geojson(rows: Iterable[dict[str, Any]], geometry_key: str = "geometry") -> dict[str, Any]:
    """A FeatureCollection from rows holding a GeoJSON geometry dict under ``geometry_key``."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": row["id"],
                "geometry": row[geometry_key],
                "properties": {k: v for k, v in row.items() if k != geometry_key},
            }
            for row in rows
        ],
    }


ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
OUR_COLUMNS = ("type", "date_precision", "segment", "distance_km", "side", "evidence", "n_sources", "url", "role")
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}  # ACLED: 1 day, 2 week, 3 month or coarser
_COUNTRY_NAMES = {"AF": "Afghanistan", "PK": "Pakistan"}


def incident_to_acled_row(incident: dict[str, Any]) -> dict[str, Any]:
    """One incident as an ACLED-style CSV row plus borderwatch's own columns."""
    from borderwatch.gazetteer import load_gazetteer

    place = load_gazetteer().by_id.get(incident.get("gazetteer_id") or "")
    actors = incident.get("actors") or []
    country = incident.get("side") or (place.country if place else None)
    date_value = incident.get("date") or ""
    return {
        "event_id_cnty": incident["id"],
        "event_date": date_value,
        "year": date_value[:4],
        "time_precision": _TIME_PRECISION.get(incident.get("date_precision") or "", ""),
        "event_type": incident.get("event_type"),
        "sub_event_type": incident.get("sub_event_type"),
        "actor1": actors[0] if actors else "",
        "actor2": actors[1] if len(actors) > 1 else "",
        "country": _COUNTRY_NAMES.get(country or "", country or ""),
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "location": incident.get("place") or "",
        "latitude": incident.get("lat"),
        "longitude": incident.get("lon"),
        "geo_precision": incident.get("geo_precision"),
        "source": incident.get("outlets") or incident.get("outlet") or incident.get("article_id"),
        "notes": incident.get("date_note") or "",
        "fatalities": incident.get("fatalities"),
        "type": incident.get("type"),
        "date_precision": incident.get("date_precision"),
        "segment": incident.get("segment_name"),
        "distance_km": incident.get("distance_km"),
        "side": incident.get("side"),
        "evidence": incident.get("evidence"),
        "n_sources": incident.get("n_sources", 1),
        "url": incident.get("url") or " ".join(s["url"] for s in incident.get("sources", []) if s.get("url")),
        "role": incident.get("role"),
    }


def incidents_to_csv(incidents: Iterable[dict[str, Any]]) -> str:
    """CSV text with ACLED's column names where one exists, then borderwatch's (quoted as RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*ACLED_COLUMNS, *OUR_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for incident in incidents:
        writer.writerow(incident_to_acled_row(incident))
    return buffer.getvalue()


def write_gpkg(collection: dict[str, Any], path: str | Path, layer: str) -> Path:
    """Write a FeatureCollection as one GeoPackage layer (EPSG:4326), through a temporary file."""
    import geopandas as gpd

    path = Path(path)
    frame = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
    for column in frame.columns:
        if column != "geometry" and frame[column].map(lambda v: isinstance(v, (list, dict))).any():
            frame[column] = frame[column].map(lambda v: json.dumps(v, ensure_ascii=False))
    with atomic_path(path, suffix=".gpkg") as tmp:
        tmp.unlink()  # GDAL creates the GeoPackage itself
        frame.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio")
    return path


def segments_to_geojson(report: list[dict[str, Any]]) -> dict[str, Any]:
    """Border segments as LineString features with their incident figures."""
    from shapely.geometry import mapping

    from borderwatch.border import border_segments
    from borderwatch.shapes import line_from_latlon

    lines = {s.id: line_from_latlon(s.coords) for s in border_segments()}
    return features_to_geojson({**row, "geometry": mapping(lines[row["id"]])} for row in report)


def places_to_geojson(places: Iterable[Any]) -> dict[str, Any]:
    """Gazetteer places (crossings or all) as Point features with provenance and precision."""
    return features_to_geojson(
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "country": p.country,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "population": p.population,
            "geo_precision": int(p.precision),
            "aliases": "|".join(p.aliases),
            "source": p.source,
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},  # GeoJSON order: lon, lat
        }
        for p in places
    )

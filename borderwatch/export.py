"""Write incidents, segments, crossings and places as GeoJSON, ACLED-format CSV or GeoPackage, atomically."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from borderwatch.acled import COLUMNS as ACLED_COLUMNS


@contextmanager
def atomic_path(path: str | Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path``, on failure it goes.

    Readers never see a half-written file, and a failed write leaves the old one in place.
    """
    path = Path(path)
    tmp = staging_path(path, suffix)
    try:
        with naming(path):
            yield tmp
        # mkstemp makes a private file; give the result the usual permissions (or the old file's)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def naming(path: str | Path) -> Iterator[None]:
    """Let an OSError of writing ``path`` (through a temporary file or an open handle) name ``path``."""
    try:
        yield
    except OSError as e:
        if e.filename is None or Path(e.filename).name.startswith(f".{Path(path).name}."):
            raise OSError(e.errno, e.strerror or str(e), str(path)) from e
        raise


def staging_path(path: str | Path, suffix: str = ".tmp") -> Path:
    """A new empty temporary file beside ``path`` (its folder created), for :func:`publish` later."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    except OSError as e:  # name the file asked for, not the temporary one
        raise OSError(e.errno, f"cannot write here ({e.strerror})", str(path)) from e
    os.close(fd)
    return Path(name)


def publish(tmp: Path, path: str | Path) -> None:
    """Move a finished temporary file onto ``path`` with the usual permissions (or the old file's)."""
    path = Path(path)
    os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
    os.replace(tmp, path)


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


OUR_COLUMNS = (
    "id", "type", "date", "date_precision", "fatalities_best", "fatalities_high", "attackers_killed", "injured",
    "missing", "abducted", "segment", "zone", "zone_km", "distance_km", "side", "evidence", "n_sources", "url", "role",
)  # fmt: skip
# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def csv_safe(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a leading formula character gets a single quote (OWASP).

    Numbers, and text that is a plain number such as '-12.5', are left as they are.
    """
    if isinstance(value, str) and value[:1] in FORMULA_PREFIXES and not _NUMBER.match(value):
        return "'" + value
    return value


def incident_to_acled_row(incident: dict[str, Any], *, timestamp: int | None = None) -> dict[str, Any]:
    """One incident as an ACLED-format row (``acled.acled_row``) followed by borderwatch's own columns."""
    from borderwatch.acled import acled_row

    sources = incident.get("sources") or []
    urls = [s["url"] for s in sources if s.get("url")] or ([incident["url"]] if incident.get("url") else [])
    high = incident.get("fatalities_high")
    return {
        **acled_row(incident, timestamp=timestamp),
        "id": incident["id"],
        "type": incident.get("type"),
        "date": incident.get("date"),
        "date_precision": incident.get("date_precision"),
        "fatalities_best": incident.get("fatalities"),
        "fatalities_high": incident.get("fatalities") if high is None else high,
        "attackers_killed": incident.get("attackers_killed"),
        "injured": incident.get("injured"),
        "missing": incident.get("missing"),
        "abducted": incident.get("abducted"),
        "segment": incident.get("segment_name"),
        "zone": incident.get("zone"),
        "zone_km": incident.get("zone_km"),
        "distance_km": incident.get("distance_km"),
        "side": incident.get("side"),
        "evidence": incident.get("evidence"),
        "n_sources": incident.get("n_sources", 1),
        "url": " ".join(dict.fromkeys(urls)),
        "role": incident.get("role"),
    }


def incidents_to_csv(incidents: Iterable[dict[str, Any]], *, timestamp: int | None = None) -> str:
    """CSV text: ACLED's columns in its codebook's order, then borderwatch's (RFC 4180 quoting).

    Every text cell is made safe for spreadsheets (``csv_safe``); numbers stay numbers.
    """
    stamp = int(time.time()) if timestamp is None else timestamp  # one time for the whole file
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*ACLED_COLUMNS, *OUR_COLUMNS], lineterminator="\n")
    writer.writeheader()
    for incident in incidents:
        row = incident_to_acled_row(incident, timestamp=stamp)
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
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

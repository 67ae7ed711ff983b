"""Load the Durand Line, its segments and crossings, and attach points to the border."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, shape

from borderwatch import settings
from borderwatch.gazetteer import load_gazetteer
from borderwatch.model import Place, Segment
from borderwatch.paths import geo_dir
from borderwatch.shapes import latlon_from_line, line_from_latlon, point_from_latlon

GEOD = Geod(ellps="WGS84")


def _features(name: str) -> list[dict]:
    return json.loads((geo_dir() / name).read_text(encoding="utf-8"))["features"]


@cache
def border_line() -> LineString:
    """Return the Afghanistan–Pakistan boundary as one shapely LineString (x=lon, y=lat), NE to SW."""
    return shape(_features("border.geojson")[0]["geometry"])


@cache
def border_segments() -> tuple[Segment, ...]:
    """Return the line's segments in order from the China tripoint to the Iran tripoint."""
    return tuple(
        Segment(
            id=f["properties"]["id"],
            name=f["properties"]["name"],
            af_unit=f["properties"]["af_unit"],
            pk_unit=f["properties"]["pk_unit"],
            length_km=f["properties"]["length_km"],
            coords=latlon_from_line(shape(f["geometry"])),
        )
        for f in _features("segments.geojson")
    )


@cache
def country_polygons() -> dict[str, Polygon | MultiPolygon]:
    """Return the AF and PK country polygons keyed by ISO code."""
    return {f["properties"]["iso"]: shape(f["geometry"]) for f in _features("countries.geojson")}


@cache
def crossings() -> tuple[Place, ...]:
    """Return the official border crossings of the gazetteer."""
    return tuple(p for p in load_gazetteer().places if p.kind == "crossing")


@dataclass(frozen=True)
class Attribution:
    """Where a point lies relative to the Durand Line."""

    segment_id: str
    segment_name: str
    distance_km: float  # geodesic distance to the line
    side: str | None  # "AF", "PK", or None outside both countries
    border_zone: bool  # within the border-zone distance of the line
    nearest_crossing: str
    crossing_km: float


@cache
def _to_metric() -> Transformer:
    return Transformer.from_crs(settings.DEFAULT_CRS, settings.METRIC_CRS, always_xy=True)


@cache
def _from_metric() -> Transformer:
    return Transformer.from_crs(settings.METRIC_CRS, settings.DEFAULT_CRS, always_xy=True)


@cache
def _metric_segments() -> tuple[tuple[Segment, LineString], ...]:
    to_metric = _to_metric()

    def project(coords: np.ndarray) -> np.ndarray:
        return np.column_stack(to_metric.transform(coords[:, 0], coords[:, 1]))

    return tuple((seg, shapely.transform(_segment_line(seg), project)) for seg in border_segments())


def _segment_line(segment: Segment) -> LineString:
    return line_from_latlon(segment.coords)


@cache
def _metric_tree() -> shapely.STRtree:
    return shapely.STRtree([line for _, line in _metric_segments()])


@cache
def _prepared_countries() -> dict[str, Polygon | MultiPolygon]:
    polygons = country_polygons()
    for polygon in polygons.values():
        shapely.prepare(polygon)
    return polygons


def side_of_border(lat: float, lon: float) -> str | None:
    """'AF' or 'PK' when the point lies in that country, else None."""
    point = point_from_latlon(lat, lon)
    return next((iso for iso, polygon in _prepared_countries().items() if polygon.contains(point)), None)


@lru_cache(maxsize=65_536)
def attach_to_border(lat: float, lon: float, *, zone_km: float | None = None) -> Attribution:
    """Attach a point to its nearest border segment, with geodesic distances and its side.

    Parameters
    ----------
    lat, lon
        The point, WGS 84 degrees.
    zone_km
        Distance to the line within which the point is in the border zone; None uses
        ``settings.BORDER_ZONE_KM``.

    Cached: the same gazetteer place is attached once per process.
    """
    zone_km = settings.BORDER_ZONE_KM if zone_km is None else zone_km
    x, y = _to_metric().transform(lon, lat)
    metric_point = Point(x, y)
    index = int(_metric_tree().nearest(metric_point))
    segment, line = _metric_segments()[index]
    # nearest point found in the metric projection; the distance itself is geodesic
    nearest = line.interpolate(line.project(metric_point))
    near_lon, near_lat = _from_metric().transform(nearest.x, nearest.y)
    distance_km = GEOD.inv(lon, lat, near_lon, near_lat)[2] / 1000
    crossing, crossing_km = min(
        ((c, GEOD.inv(lon, lat, c.lon, c.lat)[2] / 1000) for c in crossings()), key=lambda pair: pair[1]
    )
    return Attribution(
        segment_id=segment.id,
        segment_name=segment.name,
        distance_km=round(distance_km, 3),
        side=side_of_border(lat, lon),
        border_zone=distance_km <= zone_km,
        nearest_crossing=crossing.name,
        crossing_km=round(crossing_km, 3),
    )

"""Load the Durand Line, its named segments and the official crossings."""

from __future__ import annotations

import json
from functools import cache

from shapely.geometry import LineString, MultiPolygon, Polygon, shape

from borderwatch.gazetteer import load_gazetteer
from borderwatch.model import Place, Segment
from borderwatch.paths import geo_dir
from borderwatch.shapes import latlon_from_line


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


def crossings() -> list[Place]:
    """Return the official border crossings of the gazetteer."""
    return [p for p in load_gazetteer().places if p.kind == "crossing"]

"""Convert between domain (lat, lon) coordinates and shapely geometries (x=lon, y=lat)."""

from __future__ import annotations

from collections.abc import Sequence

from shapely.geometry import LineString, Point


# The one place where the domain's (lat, lon) order becomes shapely/GeoJSON's (x=lon, y=lat).
def point_from_latlon(lat: float, lon: float) -> Point:
    """Return a shapely Point for a (lat, lon) pair."""
    return Point(lon, lat)


def line_from_latlon(coords: Sequence[tuple[float, float]]) -> LineString:
    """Return a shapely LineString for a sequence of (lat, lon) vertices."""
    return LineString([(lon, lat) for lat, lon in coords])


def latlon_from_line(line: LineString) -> tuple[tuple[float, float], ...]:
    """Return the (lat, lon) vertices of a shapely LineString."""
    return tuple((y, x) for x, y in line.coords)

"""Name the province, district and tehsil a point lies in, from the shipped district and tehsil polygons."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from borderwatch.model import GeoPrecision, Place

# a point this close to a unit of its country but in none (the polygons are simplified by ~500 m)
# still takes that unit
NEAR_DEG = 0.01
FILES = ("districts.geojson.gz", "tehsils.geojson.gz")
# places that are a point, so the polygon they lie in names their admin units
POINT_KINDS = frozenset({"city", "town", "village", "other"})


_SPLIT = re.compile(r"^(?:upper|lower|central)\s+|\s+(?:upper|lower|central)$")


def former_district(name: str) -> str:
    """The name, lower-cased, a district had before it was split and that the press still writes:
    'Upper South Waziristan' -> 'south waziristan' (never north against south)."""
    return _SPLIT.sub("", name.lower())


@dataclass(frozen=True)
class Admin:
    """The admin units of a point, ACLED's admin1 (province), admin2 (district) and admin3 (tehsil)."""

    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None


@dataclass(frozen=True)
class AdminIndex:
    """District and tehsil polygons with an STRtree over them."""

    units: tuple[tuple[str, Admin], ...]  # (country, admin units) per polygon
    geometries: tuple[Any, ...]
    tree: Any

    def at(self, lat: float, lon: float, country: str | None = None) -> Admin:
        """The admin units at (lat, lon), in ``country`` when given; empty outside every unit."""
        from borderwatch.shapes import point_from_latlon

        point = point_from_latlon(lat, lon)
        hits = [int(i) for i in self.tree.query(point, predicate="intersects")]
        hits = [i for i in hits if country is None or self.units[i][0] == country]
        if not hits:
            near = self.tree.query(point, predicate="dwithin", distance=NEAR_DEG)
            near = [int(i) for i in near if country is None or self.units[int(i)][0] == country]
            hits = sorted(near, key=lambda i: self.geometries[i].distance(point))[:1]
        return self.units[min(hits)][1] if hits else Admin()


def index_from_features(features: list[dict[str, Any]]) -> AdminIndex:
    """An index over GeoJSON features (or flat dicts) with country, admin1, admin2, admin3 and a geometry."""
    from shapely import STRtree
    from shapely.geometry import shape

    units, geometries = [], []
    for f in features:
        p = f.get("properties", f)
        geometry = f["geometry"] if hasattr(f["geometry"], "geom_type") else shape(f["geometry"])
        units.append((p["country"], Admin(p["admin1"] or None, p["admin2"] or None, p.get("admin3") or None)))
        geometries.append(geometry)
    return AdminIndex(tuple(units), tuple(geometries), STRtree(geometries))


def unit_features() -> list[dict[str, Any]]:
    """The shipped district and tehsil polygons as GeoJSON features (Afghan districts, then
    Pakistani tehsils)."""
    from borderwatch.paths import geo_dir

    features: list[dict[str, Any]] = []
    for name in FILES:
        features += json.loads(gzip.decompress((geo_dir() / name).read_bytes()))["features"]
    return features


@cache
def shipped_index() -> AdminIndex:
    """The index over the shipped polygons, read once per process, when first needed."""
    return index_from_features(unit_features())


def admin_at(lat: float, lon: float, country: str | None = None) -> Admin:
    """The province, district and tehsil at (lat, lon) by point-in-polygon (empty outside AF and PK)."""
    return _admin_at(round(lat, 5), round(lon, 5), country)


@cache
def _admin_at(lat: float, lon: float, country: str | None) -> Admin:
    # most points are gazetteer places asked about again and again: one polygon test each
    return shipped_index().at(lat, lon, country)


def admin_for(place: Place, index: AdminIndex | None = None) -> Admin:
    """The admin units a place can honestly claim, by what it is.

    A town, village or other point lies in one tehsil or district; a district or tehsil claims
    its own units and no finer; a province only itself; a country, region, crossing or the border
    none from the polygons (a crossing's side is the border attribution's), only what it had.
    """
    if place.country not in ("AF", "PK"):
        return Admin(place.admin1, place.admin2, place.admin3)
    if place.kind in POINT_KINDS and place.precision <= GeoPrecision.NEAR:
        at = _at(place, index)
        return at if at.admin1 else Admin(place.admin1, place.admin2, place.admin3)
    if place.kind == "province":
        return Admin(place.name)
    if place.kind in ("district", "tehsil"):
        at = _at(place, index)
        if place.kind == "tehsil":
            return Admin(at.admin1, at.admin2, place.name)
        return Admin(at.admin1 or place.admin1, place.name)
    return Admin(place.admin1, place.admin2, place.admin3)


def _at(place: Place, index: AdminIndex | None) -> Admin:
    # the shipped index answers from the per-point cache
    return index.at(place.lat, place.lon, place.country) if index else admin_at(place.lat, place.lon, place.country)


def with_admin(place: Place) -> Place:
    """The place with the admin units :func:`admin_for` gives it (a user's or a geocoder's place)."""
    if place.admin1 and (place.admin3 or place.country != "PK" or place.kind not in POINT_KINDS):
        return place  # stored with its units already: no polygon test for each of thousands of imports
    a = admin_for(place)
    return replace(place, admin1=a.admin1, admin2=a.admin2, admin3=a.admin3)

"""The Durand Line, its segments and the crossings, checked against independent coordinates."""

from __future__ import annotations

import itertools

import pytest
from pyproj import Geod
from shapely.geometry import Point

from borderwatch.border import border_line, border_segments, country_polygons, crossings
from borderwatch.shapes import line_from_latlon

GEOD = Geod(ellps="WGS84")


def line_km(line) -> float:
    return GEOD.geometry_length(line) / 1000


def point_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def test_border_is_one_line_of_plausible_length() -> None:
    line = border_line()
    assert line.geom_type == "LineString"
    assert line.is_simple
    assert 2200 <= line_km(line) <= 2800


def test_border_ends_at_the_tripoints() -> None:
    # Tripoints from Wikipedia 'Afghanistan–Pakistan border': China ~37°02′N 74°34′E,
    # Iran at Koh-i-Malik Siah ~29°51′N 60°52′E.
    (lon0, lat0), (lon1, lat1) = border_line().coords[0], border_line().coords[-1]
    assert point_km(lon0, lat0, 74.5667, 37.0333) < 10
    assert point_km(lon1, lat1, 60.8667, 29.8500) < 10


def test_segments_cover_the_line_without_gap_or_overlap() -> None:
    segments = border_segments()
    line = border_line()
    total = sum(s.length_km for s in segments)
    assert total == pytest.approx(line_km(line), rel=0.001)
    for before, after in itertools.pairwise(segments):
        assert before.coords[-1] == pytest.approx(after.coords[0], abs=1e-6)
    assert segments[0].coords[0] == pytest.approx((line.coords[0][1], line.coords[0][0]), abs=1e-6)
    assert segments[-1].coords[-1] == pytest.approx((line.coords[-1][1], line.coords[-1][0]), abs=1e-6)
    for s in segments:
        assert s.length_km <= 150.5, s.name
        assert s.name == f"{s.af_unit} | {s.pk_unit}" or s.name.startswith(f"{s.af_unit} | {s.pk_unit} (")
        assert line_km(line_from_latlon(s.coords)) == pytest.approx(s.length_km, rel=1e-3)


def test_torkham_segment_faces_nangarhar_and_khyber() -> None:
    torkham = next(c for c in crossings() if c.name == "Torkham")
    nearest = min(border_segments(), key=lambda s: line_from_latlon(s.coords).distance(Point(torkham.lon, torkham.lat)))
    assert (nearest.af_unit, nearest.pk_unit) == ("Nangarhar", "Khyber")


def test_every_official_crossing_is_within_2_km_of_the_line() -> None:
    line = border_line()
    names = {c.name for c in crossings()}
    assert {"Torkham", "Friendship Gate", "Ghulam Khan", "Angoor Adda", "Kharlachi", "Arandu"} <= names
    for c in crossings():
        on_line = line.interpolate(line.project(Point(c.lon, c.lat)))
        assert point_km(c.lon, c.lat, on_line.x, on_line.y) < 2, c.name


def test_country_polygons_put_jalalabad_and_peshawar_on_their_sides() -> None:
    polygons = country_polygons()
    jalalabad, peshawar = Point(70.4515, 34.4265), Point(71.5785, 34.008)  # GeoNames coordinates
    assert polygons["AF"].contains(jalalabad) and not polygons["PK"].contains(jalalabad)
    assert polygons["PK"].contains(peshawar) and not polygons["AF"].contains(peshawar)


def test_approximate_province_polygons_hold_their_capitals() -> None:
    import json

    from shapely.geometry import shape

    from borderwatch.paths import geo_dir

    features = json.loads((geo_dir() / "provinces.geojson").read_text(encoding="utf-8"))["features"]
    assert sum(f["properties"]["country"] == "AF" for f in features) == 34
    assert sum(f["properties"]["country"] == "PK" for f in features) == 7
    polygons = {f["properties"]["name"]: shape(f["geometry"]) for f in features}
    # capitals at their GeoNames coordinates
    for province, (lon, lat) in {
        "Khyber Pakhtunkhwa": (71.5785, 34.008),  # Peshawar
        "Balochistan": (66.99, 30.18),  # Quetta
        "Kandahar": (65.71, 31.61),  # Kandahar
        "Nangarhar": (70.4515, 34.4265),  # Jalalabad
    }.items():
        assert polygons[province].contains(Point(lon, lat)), province

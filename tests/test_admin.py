"""Admin attribution: province, district and tehsil of every located place, stored, shown and exported."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from borderwatch import pipeline, store
from borderwatch.admin import Admin, admin_at, admin_for, shipped_index
from borderwatch.cli import cli
from borderwatch.gazetteer import load_gazetteer, lookup
from borderwatch.userplaces import make_place


@pytest.mark.parametrize(
    ("lat", "lon", "admin1", "admin2"),
    [  # GeoNames coordinates of each town
        (34.008, 71.5785, "Khyber Pakhtunkhwa", "Peshawar"),  # Peshawar
        (34.4265, 70.4515, "Nangarhar", "Jalalabad"),  # Jalalabad
        (32.9985, 70.2706, "Khyber Pakhtunkhwa", "North Waziristan"),  # Miran Shah
        (30.9204, 66.4532, "Balochistan", "Qila Abdullah"),  # Chaman
        (33.3395, 69.9204, "Khost", "Khost"),  # Khost city
    ],
)
def test_point_in_polygon_names_the_units(lat: float, lon: float, admin1: str, admin2: str) -> None:
    found = admin_at(lat, lon)
    assert (found.admin1, found.admin2) == (admin1, admin2)


def test_pakistani_points_have_a_tehsil_afghan_ones_none() -> None:
    assert admin_at(34.008, 71.5785, "PK").admin3  # a tehsil of Peshawar
    assert admin_at(34.4265, 70.4515, "AF").admin3 is None


def test_outside_the_region_and_at_sea_far_out_there_is_nothing() -> None:
    assert admin_at(35.6892, 51.3890) == Admin()  # Tehran
    assert admin_at(20.0, 65.0) == Admin()  # Arabian Sea


def test_country_restricts_the_answer_near_the_line() -> None:
    torkham = next(p for p in lookup("Torkham") if p.kind == "crossing")
    assert admin_at(torkham.lat, torkham.lon, "AF").admin1 == "Nangarhar"
    assert admin_at(torkham.lat, torkham.lon, "PK").admin1 == "Khyber Pakhtunkhwa"


def test_a_place_claims_only_the_units_it_is() -> None:
    kabul_province = next(p for p in lookup("Kabul") if p.kind == "province")
    assert admin_for(kabul_province) == Admin("Kabul")
    afghanistan = next(p for p in lookup("Afghanistan") if p.kind == "country")
    assert admin_for(afghanistan) == Admin()
    kurram = next(p for p in lookup("Kurram") if p.kind == "district" and p.country == "PK")
    assert admin_for(kurram).admin2 == "Kurram" and admin_for(kurram).admin3 is None


def test_every_afghan_and_pakistani_town_has_province_and_district() -> None:
    towns = [p for p in load_gazetteer().places if p.country in ("AF", "PK") and p.kind in ("city", "town")]
    assert towns
    missing = [p.name for p in towns if not (p.admin1 and p.admin2)]
    assert len(missing) <= len(towns) // 100, missing  # only a few points off the coast
    assert all(p.admin3 for p in towns if p.country == "PK" and p.admin1)


def test_a_user_place_gets_its_units_from_the_polygons() -> None:
    place = make_place("Checkpost 12", 33.33, 69.93, "village")  # a point in Khost
    assert place.admin1 == "Khost" and place.admin2
    assert place.country == "AF"


def test_lookup_is_cheap() -> None:
    shipped_index()  # loading is once per process, when first needed
    points = [(33.0 + i * 0.001, 69.0 + i * 0.002) for i in range(2000)]
    start = time.perf_counter()
    for lat, lon in points:
        admin_at(lat, lon)
    assert (time.perf_counter() - start) / len(points) < 0.001  # well under a millisecond a point


def test_incidents_and_mentions_are_stored_shown_and_listed_with_their_units(seeds_dir: Path, gpkg_db: Path) -> None:
    pipeline.build([seeds_dir], gpkg_db, maps_dir=gpkg_db.parent / "maps")
    with sqlite3.connect(gpkg_db) as con:
        located = con.execute(
            "SELECT COUNT(*) FROM incidents WHERE geo_precision <= 2 AND gazetteer_id NOT LIKE 'bw:%'"
        ).fetchone()[0]
        with_units = con.execute(
            "SELECT COUNT(*) FROM incidents WHERE geo_precision <= 2 AND gazetteer_id NOT LIKE 'bw:%'"
            " AND admin1 IS NOT NULL AND admin2 IS NOT NULL"
        ).fetchone()[0]
        assert located and with_units == located
        # every incident at a district, tehsil, town or crossing of AF or PK (curated crossings
        # included) has province and district; one at a province has that province
        by_id = load_gazetteer().by_id
        query = "SELECT gazetteer_id, admin1, admin2 FROM incidents WHERE gazetteer_id IS NOT NULL"
        rows = con.execute(query).fetchall()
        assert rows
        for gazetteer_id, admin1, admin2 in rows:
            place = by_id[gazetteer_id]
            if place.country not in ("AF", "PK") or place.kind in ("country", "border", "region"):
                continue
            if place.kind == "province":
                assert admin1 == place.name, gazetteer_id
            else:
                assert admin1 and admin2, (gazetteer_id, place.kind)
        assert con.execute("SELECT COUNT(*) FROM mentions WHERE admin1 IS NOT NULL").fetchone()[0] > 0
        event_id, admin1 = con.execute("SELECT event_id, admin1 FROM events WHERE admin1 IS NOT NULL").fetchone()
    with store.open_store(gpkg_db, create=False, readonly=True) as st:
        assert any(e["admin1"] for e in store.stored_events(st))
    shown = CliRunner().invoke(cli, ["show", event_id, "--db", str(gpkg_db)], catch_exceptions=False)
    assert "admin1" in shown.output and admin1 in shown.output


def test_a_store_of_schema_4_gains_the_admin_columns(seeds_dir: Path, gpkg_db: Path) -> None:
    pipeline.ingest([seeds_dir / "002_a4cb2d2772a32ed2.txt"], gpkg_db)
    with sqlite3.connect(gpkg_db) as con:
        for table in ("mentions", "incidents", "events"):
            for column in ("admin1", "admin2", "admin3"):
                con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        con.execute("UPDATE borderwatch_schema SET value = '4' WHERE key = 'schema_version'")
    pipeline.ingest([seeds_dir / "002_a4cb2d2772a32ed2.txt"], gpkg_db)
    with sqlite3.connect(gpkg_db) as con:
        assert con.execute("SELECT COUNT(*) FROM incidents WHERE admin1 IS NOT NULL").fetchone()[0] > 0

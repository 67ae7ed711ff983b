"""Border attribution, near queries, filters and segment reports, on the seeds and constructed stores."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BACKENDS, fresh_store

from borderwatch import pipeline
from borderwatch.border import attach_to_border, crossings, side_of_border
from borderwatch.cli import cli
from borderwatch.errors import GazetteerError, QueryError
from borderwatch.query import date_range, filter_incidents, incidents_near, resolve_location, segment_report


@pytest.fixture(scope="module", params=BACKENDS)
def seed_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    root = Path(__file__).resolve().parent.parent
    folder = tmp_path_factory.mktemp("store")
    db = fresh_store(request, folder)
    pipeline.build([root / "seeds"], db, maps_dir=folder / "maps")
    return db


@pytest.fixture(scope="module", params=BACKENDS)
def constructed_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    folder = tmp_path_factory.mktemp("articles")
    articles = {
        "a1": "date 2024-03-20 Shelling hit Landi Kotal on Monday, killing two.",
        "a2": "date 2024-03-20 A blast hit a market in Quetta on Friday, killing four people.",
        "a3": "date 2024-03-20 Gunmen attacked a convoy in Jalalabad on Sunday, killing three.",
        "a4": "date 2024-03-20 Clashes erupted in Khyber district on Thursday; one soldier was killed.",
    }
    for name, text in articles.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    db = fresh_store(request, folder)
    pipeline.ingest([folder], db)
    return db


def test_torkham_is_on_the_line() -> None:
    torkham = next(c for c in crossings() if c.name == "Torkham")
    assert attach_to_border(torkham.lat, torkham.lon).distance_km < 1


def test_peshawar_pk_side_40_to_50_km_and_jalalabad_af_side() -> None:
    peshawar = attach_to_border(34.008, 71.5785)  # GeoNames coordinates
    assert peshawar.side == "PK"
    assert 40 <= peshawar.distance_km <= 50
    assert peshawar.segment_name == "Nangarhar | Khyber"
    assert peshawar.nearest_crossing == "Torkham"
    assert peshawar.border_zone  # the default zone is 50 km
    assert not attach_to_border(34.008, 71.5785, zone_km=40).border_zone
    assert side_of_border(34.4265, 70.4515) == "AF"
    assert attach_to_border(34.4265, 70.4515, zone_km=60).border_zone


def test_seeds_near_torkham_have_the_closure_and_gunfire_not_karachi(seed_store: Path) -> None:
    rows = incidents_near("Torkham", km=25, db=seed_store)
    types = {r["type"] for r in rows}
    assert {"closure", "clash"} <= types
    assert all(r["place"] != "Karachi" for r in rows)
    assert all(r["km_from"] <= 25 and r["within"] == "yes" for r in rows)
    karachi = [r for r in filter_incidents(db=seed_store) if r["place"] == "Karachi"]
    assert karachi, "the Karachi attack is in the store, only not near Torkham"


def test_near_accepts_lat_lon_and_orders_by_distance(constructed_store: Path) -> None:
    rows = incidents_near("34.10,71.10", km=300, db=constructed_store)
    assert [r["place"] for r in rows][:2] == ["Landi Kotal", "Jalalabad"]
    assert rows == sorted(rows, key=lambda r: r["km_from"])


def test_imprecise_incidents_are_only_possibly_within(constructed_store: Path) -> None:
    plain = incidents_near("Landi Kotal", km=30, db=constructed_store)
    assert "Khyber" not in {r["place"] for r in plain}
    wide = incidents_near("Landi Kotal", km=30, include_imprecise=True, db=constructed_store)
    khyber = [r for r in wide if r["place"] == "Khyber"]
    assert khyber and khyber[0]["within"] == "possibly"


def test_since_and_until_are_inclusive(constructed_store: Path) -> None:
    rows = filter_incidents(since=date(2024, 3, 18), until=date(2024, 3, 18), db=constructed_store)
    assert [r["place"] for r in rows] == ["Landi Kotal"]  # Monday 2024-03-18
    rows = filter_incidents(since=date(2024, 3, 15), until=date(2024, 3, 17), db=constructed_store)
    assert sorted(r["place"] for r in rows) == ["Jalalabad", "Quetta"]


def test_filters_by_type_side_segment_and_bbox(constructed_store: Path) -> None:
    assert {r["place"] for r in filter_incidents(side="AF", db=constructed_store)} == {"Jalalabad"}
    assert {r["type"] for r in filter_incidents(types=["clash"], db=constructed_store)} == {"clash"}
    quetta = filter_incidents(bbox=(66.5, 29.8, 67.5, 30.5), db=constructed_store)
    assert [r["place"] for r in quetta] == ["Quetta"]
    landi = filter_incidents(types=["clash"], db=constructed_store)[0]
    assert filter_incidents(segment=landi["segment_id"], types=["clash"], db=constructed_store)


def test_bad_queries_are_clear_errors(constructed_store: Path) -> None:
    with pytest.raises(GazetteerError, match="closest names: 'Torkham'"):
        resolve_location("Torkhm")
    with pytest.raises(QueryError, match="radius must be positive"):
        incidents_near("Torkham", km=0, db=constructed_store)
    with pytest.raises(QueryError, match="not a valid 'lat,lon'"):
        resolve_location("134.0,71.0")
    with pytest.raises(QueryError, match="unknown incident type 'battle'"):
        filter_incidents(types=["battle"], db=constructed_store)


def test_segment_report_counts(constructed_store: Path) -> None:
    report = {r["id"]: r for r in segment_report(db=constructed_store)}
    assert len(report) == 27
    rows = filter_incidents(db=constructed_store)
    assert sum(r["incidents"] for r in report.values()) == sum(r["zone"] == "border" for r in rows)
    assert {r["place"] for r in rows if r["zone"] == "interior"} == {"Quetta", "Jalalabad"}  # > 50 km from the line
    busiest = max(report.values(), key=lambda r: r["incidents"])
    on_it = filter_incidents(segment=busiest["id"], db=constructed_store)
    assert busiest["latest"] == max(r["date"] for r in on_it)
    assert busiest["fatalities"] == sum(r["fatalities"] or 0 for r in on_it)


def test_date_range() -> None:
    assert date_range("2024-02", "month") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_range("2023", "year") == (date(2023, 1, 1), date(2023, 12, 31))
    assert date_range(None, "unknown") is None


def test_cli_near_table_json_geojson(seed_store: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["incidents-near", "Torkham", "--km", "25", "--db", str(seed_store)])
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split()[:3] == ["km_from", "within", "id"]
    lines = runner.invoke(cli, ["incidents-near", "Torkham", "--db", str(seed_store), "--json"]).output.splitlines()
    assert all(json.loads(line)["km_from"] <= 25 for line in lines)
    collection = json.loads(
        runner.invoke(cli, ["incidents-near", "Torkham", "--db", str(seed_store), "--geojson"]).output
    )
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == len(lines)
    unknown = runner.invoke(cli, ["incidents-near", "Torkhm", "--db", str(seed_store)])
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Error: place 'Torkhm' is not in the gazetteer; closest names:")


def test_cli_places_and_segments(seed_store: Path) -> None:
    runner = CliRunner()
    places = runner.invoke(cli, ["places", "Kalat", "--json"])
    countries = {json.loads(line)["country"] for line in places.output.splitlines()}
    assert {"AF", "PK"} <= countries
    segments = runner.invoke(cli, ["segments", "--db", str(seed_store), "--json"])
    assert len(segments.output.splitlines()) == 27


def test_seed_segments_count_only_the_border_zone(seed_store: Path) -> None:
    rows = filter_incidents(db=seed_store)
    far = [r for r in rows if r["place"] in ("Islamabad", "Karachi")]
    assert far and all(r["zone"] == "interior" and r["segment_id"] is None for r in far)
    assert all(r["distance_km"] > 50 for r in far)  # kept, with their distance to the line
    assert all(r["zone_km"] == 50 for r in rows)
    report = segment_report(db=seed_store)
    assert sum(r["incidents"] for r in report) == sum(r["zone"] == "border" for r in rows)
    for seg in report:
        listed = filter_incidents(segment=seg["id"], db=seed_store)
        assert all(r["distance_km"] <= 50 for r in listed)
        assert seg["incidents"] == len(listed)
    wide = segment_report(db=seed_store, zone_km=600)
    assert sum(r["incidents"] for r in wide) == sum(r["distance_km"] is not None for r in rows)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"since": date(2023, 2, 18)},
        {"until": date(2023, 2, 18)},
        {"types": ["attack", "clash"]},
        {"side": "PK", "zone_km": 300},
        {"since": date(2023, 1, 1), "until": date(2023, 2, 20), "zone_km": 10},
        {"since": date(2030, 1, 1)},
    ],
)
def test_filtered_segment_counts_equal_filtered_incidents(seed_store: Path, filters: dict) -> None:
    report = segment_report(db=seed_store, **filters)
    for seg in report:
        listed = filter_incidents(segment=seg["id"], db=seed_store, **filters)
        assert (seg["incidents"], seg["fatalities"]) == (len(listed), sum(r["fatalities"] or 0 for r in listed))
        assert seg["latest"] == max((r["date"] for r in listed if r["date"]), default=None)
    in_zone = [r for r in filter_incidents(db=seed_store, **filters) if r["zone"] == "border"]
    assert sum(seg["incidents"] for seg in report) == len(in_zone)


def test_zone_must_be_positive(seed_store: Path) -> None:
    with pytest.raises(QueryError, match="border zone must be wider than 0 km"):
        segment_report(db=seed_store, zone_km=0)


def test_cli_filters_reach_segments_export_and_map(seed_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", str(seed_store)]
    table = runner.invoke(cli, ["segments", *db])
    assert table.exit_code == 0, table.output
    assert "border zone 50 km:" in table.output and "interior" in table.output
    future = runner.invoke(cli, ["segments", "--since", "2030-01-01", "--json", *db])
    assert {json.loads(line)["incidents"] for line in future.output.splitlines()} == {0}
    exported = json.loads(runner.invoke(cli, ["export", "--layer", "segments", "--since", "2030-01-01", *db]).output)
    assert {f["properties"]["incidents"] for f in exported["features"]} == {0}
    assert {f["properties"]["zone_km"] for f in exported["features"]} == {50}
    out = tmp_path / "map.html"
    assert runner.invoke(cli, ["map", "--out", str(out), "--since", "2030-01-01", *db]).exit_code == 0
    payload = re.search(r'id="bw-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S).group(1)
    data = json.loads(payload)
    assert data["incidents"]["features"] == []
    assert {f["properties"]["incidents"] for f in data["segments"]["features"]} == {0}
    narrow = runner.invoke(cli, ["segments", "--zone-km", "10", "--json", *db])
    assert {json.loads(line)["zone_km"] for line in narrow.output.splitlines()} == {10}
    listed = runner.invoke(cli, ["incidents", "--segment", "S09", "--zone-km", "10", *db])
    assert "border zone 10 km" in listed.output
    none = runner.invoke(cli, ["incidents", "--since", "2030-01-01", *db]).output
    assert "0 incidents\nborder zone 50 km: 0 incidents" in none  # the zone is stated even for no rows
    bad = runner.invoke(cli, ["segments", "--zone-km", "0", *db])
    assert bad.exit_code == 2 and "--zone-km" in bad.output


def test_listings_code_event_types_as_the_acled_csv_does(constructed_store: Path) -> None:
    from borderwatch.acled import coded_type

    rows = filter_incidents(db=constructed_store) + incidents_near("Landi Kotal", km=300, db=constructed_store)
    assert rows and all((r["event_type"], r["sub_event_type"]) == coded_type(r) for r in rows)
    convoy = next(r for r in rows if r["place"] == "Jalalabad")
    assert (convoy["event_type"], convoy["sub_event_type"]) == ("Battles", "Armed clash")  # a convoy is not civilians


def test_build_outputs_follow_the_zone_and_the_codebook(tmp_path: Path) -> None:
    from borderwatch.acled import coded_type

    root = Path(__file__).resolve().parent.parent
    pipeline.build([root / "seeds"], tmp_path / "s.gpkg", maps_dir=tmp_path / "maps")
    features = json.loads((tmp_path / "maps" / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    for f in features:
        p = f["properties"]
        assert (p["event_type"], p["sub_event_type"]) == coded_type(p)
        assert (p["segment_id"] is None) == (p["zone"] != "border")
    assert {f["properties"]["place"] for f in features if f["properties"]["zone"] == "interior"} >= {"Karachi"}


def test_geodesic_distance_agrees_with_pyproj_to_a_millimetre() -> None:
    import random

    from pyproj import Geod

    from borderwatch.query import geodesic_km

    geod, rng = Geod(ellps="WGS84"), random.Random(2)
    pairs = [(rng.uniform(24, 38), rng.uniform(60, 75), rng.uniform(24, 38), rng.uniform(60, 75)) for _ in range(500)]
    pairs += [(rng.uniform(-89, 89), rng.uniform(-180, 180), rng.uniform(-89, 89), rng.uniform(-180, 180))
              for _ in range(500)]  # fmt: skip
    pairs += [(0.0, 0.0, 0.5, 179.7), (34.0, 71.0, 34.0, 71.0)]  # nearly antipodal: pyproj answers
    for lat1, lon1, lat2, lon2 in pairs:
        assert geodesic_km(lat1, lon1, lat2, lon2) == pytest.approx(
            geod.inv(lon1, lat1, lon2, lat2)[2] / 1000, abs=1e-6
        )


def test_near_counts_the_imprecise_incidents_it_leaves_out(constructed_store: Path) -> None:
    from borderwatch.query import near_with_count

    rows, hidden = near_with_count("Landi Kotal", km=30, db=constructed_store)
    every = incidents_near("Landi Kotal", km=30, include_imprecise=True, db=constructed_store)
    assert hidden == len(every) - len(rows) == sum(r["geo_precision"] == 3 for r in every) > 0
    assert near_with_count("Landi Kotal", km=30, types=["talks"], db=constructed_store)[1] == sum(
        r["geo_precision"] == 3 and r["type"] == "talks" for r in every
    )


def test_district_and_province_filters_use_the_admin_units_of_the_incidents(seed_store: Path) -> None:
    everything = filter_incidents(db=seed_store)
    khyber = filter_incidents(district="Khyber", db=seed_store)
    assert khyber and {r["id"] for r in khyber} == {r["id"] for r in everything if r["admin2"] == "Khyber"}
    assert {r["place"] for r in khyber} == {"Torkham"}  # a crossing inside Khyber district, named by no district
    province = filter_incidents(province="khyber pakhtunkhwa", db=seed_store)  # any case or spelling the gazetteer has
    assert {r["id"] for r in province} == {r["id"] for r in everything if r["admin1"] == "Khyber Pakhtunkhwa"}
    assert {r["id"] for r in khyber} < {r["id"] for r in province}
    assert "Khyber Pakhtunkhwa" in {r["place"] for r in province}  # the province-level report is inside it too
    with pytest.raises(QueryError, match="no district called 'Nowhere'"):
        filter_incidents(district="Nowhere", db=seed_store)


def test_near_a_district_lists_every_incident_inside_it(seed_store: Path) -> None:
    from borderwatch.query import near_with_count

    rows, hidden = near_with_count("Kalat", km=25, db=seed_store)
    [kalat] = [r for r in rows if r["place"] == "Kalat"]  # placed at the district itself (precision 3): inside
    assert kalat["within"] == "inside" and kalat["geo_precision"] == 3 and hidden == 0
    province, _ = near_with_count("Khyber Pakhtunkhwa", km=5, db=seed_store)
    inside = {r["id"] for r in province if r["within"] == "inside"}
    assert inside == {r["id"] for r in filter_incidents(province="Khyber Pakhtunkhwa", db=seed_store)}
    assert all(r["km_from"] > 5 for r in province if r["place"] == "Torkham")  # far from the point, inside the outline
    city, _ = near_with_count("Peshawar", km=5, db=seed_store)  # a city, not a unit: the radius alone
    assert city and all(r["within"] != "inside" for r in city)


def test_long_answers_measure_with_pyproj_and_agree_with_the_pure_python_distance() -> None:
    import random

    from borderwatch.query import Location, _distances_km, geodesic_km

    rng = random.Random(4)
    where = Location(34.1, 71.1, "here")
    rows = [{"lat": 34.1 + rng.uniform(-1, 1), "lon": 71.1 + rng.uniform(-1, 1)} for _ in range(600)]
    far = _distances_km(where, rows)  # 600 rows: pyproj, vectorised
    assert far == pytest.approx([geodesic_km(where.lat, where.lon, r["lat"], r["lon"]) for r in rows], abs=1e-6)

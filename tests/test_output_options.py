"""Listings for people and scripts: --format, --sort, --limit, tables that fit the terminal,
whole quotes in show, incidents in the extract table, stats, and filters that cannot match."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from borderwatch import pipeline, query
from borderwatch.cli import INCIDENT_COLUMNS, SPLIT_COLUMNS, cli


@pytest.fixture(scope="module")
def seeded(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("out") / "seeds.gpkg"
    pipeline.ingest([seeds_dir], db)
    return str(db)


def run(*args: str, columns: int | None = None):
    env = {"COLUMNS": str(columns)} if columns else {}
    return CliRunner().invoke(cli, list(args), env=env)


def test_sort_limit_and_formats(seeded: str) -> None:
    done = run("incidents", "--db", seeded, "--sort", "-fatalities", "--limit", "3", "--format", "json")
    rows = [json.loads(line) for line in done.output.splitlines()]
    everything = query.filter_incidents(db=seeded)
    best = sorted((r["fatalities"] for r in everything if r["fatalities"] is not None), reverse=True)[:3]
    assert [r["fatalities"] for r in rows] == best
    table = list(csv.reader(io.StringIO(run("incidents", "--db", seeded, "--format", "csv").output)))
    at = INCIDENT_COLUMNS.index("fatalities") + 1
    assert table[0] == [*INCIDENT_COLUMNS[:at], *SPLIT_COLUMNS, *INCIDENT_COLUMNS[at:]]
    assert len(table) == len(everything) + 1
    geojson = json.loads(run("incidents", "--db", seeded, "--format", "geojson", "--limit", "1").output)
    assert len(geojson["features"]) == 1
    assert (
        run("incidents", "--db", seeded, "--json").output == run("incidents", "--db", seeded, "--format", "json").output
    )
    for wrong in (["--sort", "nonsense"], ["--json", "--format", "csv"]):
        done = run("incidents", "--db", seeded, *wrong)
        assert done.exit_code == 1 and done.output.startswith("Error: ")


def test_tables_fit_the_terminal_unless_wide(seeded: str) -> None:
    narrow = run("incidents", "--db", seeded, columns=100).output.splitlines()
    table = narrow[: narrow.index(next(line for line in narrow if line.endswith(" incidents")))]
    assert max(len(line) for line in table) <= 100
    assert "id" in table[0].split() and "evidence" in table[0].split()
    wide = run("incidents", "--db", seeded, "--wide", columns=100).output
    longest = max((r["evidence"] for r in query.filter_incidents(db=seeded)), key=len)
    assert " ".join(longest.split()) in wide


def test_show_prints_whole_quotes_and_extract_lists_incidents(seeded: str, seeds_dir: Path) -> None:
    rows = query.filter_incidents(db=seeded)
    long = next(r for r in rows if len(r["evidence"]) > 80)
    shown = run("show", long["id"], "--db", seeded, columns=80).output
    for source in query.filter_incidents(db=seeded):
        if source["id"] == long["id"]:
            assert " ".join(source["evidence"].split()) in shown
    seed = sorted(seeds_dir.glob("*.txt"))[0]
    found = pipeline.extraction_to_dict(pipeline.extract(pipeline.read_batch([seed]).articles[0]))
    listed = run("extract", str(seed)).output
    assert f"{len(found['incidents'])} incident" in listed
    assert all(i["type"] in listed for i in found["incidents"])


def test_stats_counts_by_type_month_side_and_segment(seeded: str) -> None:
    stats = json.loads(run("stats", "--db", seeded, "--json").output)
    total = len(query.filter_incidents(db=seeded))
    assert stats["incidents"] == total
    for key in ("by_type", "by_month", "by_side", "by_segment"):
        assert sum(stats[key].values()) == total, key
    table = run("stats", "--db", seeded, "--type", "attack").output
    assert table.splitlines()[0] == f"{stats['by_type']['attack']} incidents"


def test_stats_as_csv_gives_one_row_per_count(seeded: str) -> None:
    stats = json.loads(run("stats", "--db", seeded, "--format", "json").output)
    rows = list(csv.DictReader(io.StringIO(run("stats", "--db", seeded, "--format", "csv").output)))
    assert rows[0] == {"by": "all", "value": "", "incidents": str(stats["incidents"])}
    by_type = {r["value"]: int(r["incidents"]) for r in rows if r["by"] == "type"}
    assert by_type == stats["by_type"]
    clash = run("stats", "--db", seeded, "--json", "--format", "csv")
    assert clash.exit_code == 1 and "choose one output format" in clash.output


def test_filters_that_cannot_match_are_errors(seeded: str) -> None:
    backwards = run("incidents", "--db", seeded, "--since", "2023-03-01", "--until", "2023-02-01")
    assert backwards.exit_code == 1
    assert "--since 2023-03-01 is after --until 2023-02-01" in backwards.output
    unknown = run("incidents", "--db", seeded, "--segment", "S99")
    assert unknown.exit_code == 1 and "no segment 'S99'" in unknown.output
    assert run("incidents", "--db", seeded, "--segment", "S09").exit_code == 0


def test_incidents_near_says_how_many_imprecise_incidents_it_left_out(seeded: str) -> None:
    precise = query.incidents_near("Peshawar", 300, db=seeded)
    every = query.incidents_near("Peshawar", 300, include_imprecise=True, db=seeded)
    hidden = len(every) - len(precise)
    assert hidden > 0
    out = run("incidents-near", "Peshawar", "--km", "300", "--db", seeded).output
    assert f"{hidden} district- or province-level incident" in out and "--include-imprecise" in out


def test_segments_and_articles_take_the_list_options(seeded: str) -> None:
    rows = [
        json.loads(line)
        for line in run("segments", "--db", seeded, "--sort", "-incidents", "--json").output.splitlines()
    ]
    assert [r["incidents"] for r in rows] == sorted((r["incidents"] for r in rows), reverse=True)
    table = list(csv.reader(io.StringIO(run("segments", "--db", seeded, "--format", "csv", "--limit", "2").output)))
    assert table[0][:2] == ["id", "name"] and len(table) == 3
    assert run("segments", "--db", seeded, "--sort", "by_type").exit_code == 0
    listed = [
        json.loads(line) for line in run("articles", "--db", seeded, "--json", "--sort", "-chars").output.splitlines()
    ]
    assert [a["chars"] for a in listed] == sorted((a["chars"] for a in listed), reverse=True)
    assert run("articles", "--db", seeded, "--format", "geojson").exit_code == 1


def test_unresolved_and_places_list_take_the_list_options(tmp_path: Path) -> None:
    texts = [
        "Gunmen attacked a post in Zarghunkot village on Monday, killing two.",
        "Shelling hit Zarghunkot village and Sarobkhel area on 3 March 2024.",
        "A blast in Tor Ghundai bazaar and Sarobkhel area wounded four.",
    ]
    (tmp_path / "in").mkdir()
    for k, text in enumerate(texts):
        (tmp_path / "in" / f"a{k}.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "store.gpkg")
    pipeline.ingest([tmp_path / "in"], db)
    todo = [json.loads(line) for line in run("unresolved", "--db", db, "--json").output.splitlines()]
    assert len(todo) >= 3
    by_name = [
        json.loads(line) for line in run("unresolved", "--db", db, "--sort", "name", "--json").output.splitlines()
    ]
    assert [r["name"] for r in by_name] == sorted(r["name"] for r in todo)
    table = list(csv.reader(io.StringIO(run("unresolved", "--db", db, "--format", "csv", "--limit", "2").output)))
    assert table[0] == ["count", "name", "forms", "articles", "context"] and len(table) == 3
    assert run("unresolved", "--db", db, "--format", "geojson").exit_code == 1
    for name, lat in (("Kot Ghar", 34.1), ("Aab Khel", 33.9), ("Zor Kalay", 34.0)):
        added = run("places", "add", name, "--lat", str(lat), "--lon", "71.1", "--kind", "village", "--db", db)
        assert added.exit_code == 0, added.output
    mine = [
        json.loads(line) for line in run("places", "list", "--db", db, "--sort", "-lat", "--json").output.splitlines()
    ]
    assert [p["name"] for p in mine] == ["Kot Ghar", "Zor Kalay", "Aab Khel"]
    listed = list(csv.reader(io.StringIO(run("places", "list", "--db", db, "--format", "csv", "--limit", "1").output)))
    assert listed[0][:2] == ["name", "kind"] and len(listed) == 2
    geojson = json.loads(run("places", "list", "--db", db, "--format", "geojson", "--sort", "name").output)
    assert [f["properties"]["name"] for f in geojson["features"]] == ["Aab Khel", "Kot Ghar", "Zor Kalay"]
    assert run("places", "list", "--db", db, "--sort", "nonsense").exit_code == 1


def test_places_search_takes_the_list_options(seeded: str) -> None:
    table = list(
        csv.reader(io.StringIO(run("places", "Kalat", "--db", seeded, "--format", "csv", "--limit", "2").output))
    )
    assert table[0][:3] == ["name", "kind", "country"] and len(table) == 3
    found = [json.loads(line) for line in run("places", "search", "Kalat", "--db", seeded, "--sort", "-lat",
                                              "--json").output.splitlines()]  # fmt: skip
    assert 3 <= len(found) <= 10 and [r["lat"] for r in found] == sorted((r["lat"] for r in found), reverse=True)
    geojson = json.loads(run("places", "Kalat", "--db", seeded, "--format", "geojson", "--limit", "1").output)
    assert len(geojson["features"]) == 1
    assert run("places", "Kalat", "--db", seeded, "--json", "--format", "csv").exit_code == 1

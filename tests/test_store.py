"""The store on both backends: idempotent re-ingest, all-or-nothing commands, versioned schemas.

Tests taking ``db`` run once on a GeoPackage and once on a real PostgreSQL + PostGIS server.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyogrio
import pytest
from conftest import write
from shapely.geometry import LineString, Point

from borderwatch import gpkg, pipeline, schema, settings, store
from borderwatch.errors import InputError, StoreError


def dump(db: Path | str) -> list[tuple]:
    """Every row of every table, to compare a store before and after a command."""
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as con:
            tables = [
                r[0]
                for r in con.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'borderwatch'"
                    " ORDER BY table_name"
                )
            ]
            return [(t, *row) for t in tables for row in con.execute(f"SELECT * FROM borderwatch.{t} ORDER BY 1")]
    with sqlite3.connect(db) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return [(t, *row) for t in tables for row in con.execute(f"SELECT * FROM {t} ORDER BY 1")]


def run_sql(db: Path | str, statement: str, params: tuple = ()) -> list[tuple]:
    """One statement straight on the store's database, behind borderwatch's back."""
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as con:
            con.execute("SET search_path TO borderwatch, public")
            cursor = con.execute(statement.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []
    with sqlite3.connect(db) as con:
        return con.execute(statement, params).fetchall()


def test_store_layers_open_with_gdal(seeds_dir: Path, gpkg_db: Path) -> None:
    db = gpkg_db
    pipeline.ingest([seeds_dir], db)
    layers = dict(pyogrio.list_layers(db))
    assert layers["mentions"] == "Point"
    assert layers["incidents"] == "Point"
    assert layers["border_segments"] == "LineString"
    for name in ("articles", "incident_sources", "borderwatch_schema"):
        assert name in layers
    assert pyogrio.read_info(db, layer="incidents")["crs"] == "EPSG:4326"
    articles = pyogrio.read_dataframe(db, layer="articles")
    assert sorted(articles["article_id"]) == sorted(p.stem for p in seeds_dir.glob("*.txt"))


def test_fast_point_blob_equals_the_general_encoder() -> None:
    assert gpkg.gpkg_point(34.1, 71.09) == gpkg.gpkg_geometry(Point(71.09, 34.1))


def test_geometry_blobs_round_trip_through_gdal(tmp_path: Path) -> None:
    blob = gpkg.gpkg_geometry(Point(71.09, 34.1))
    assert gpkg.geometry_from_gpkg(blob).equals(Point(71.09, 34.1))
    line = LineString([(70.0, 33.0), (71.0, 34.0)])
    assert gpkg.geometry_from_gpkg(gpkg.gpkg_geometry(line)).equals(line)


def test_reingest_changes_nothing(seeds_dir: Path, db: Path | str) -> None:
    first = pipeline.ingest([seeds_dir], db)
    before = dump(db)
    again = pipeline.ingest([seeds_dir], db)
    assert len(first.added) == 5
    assert (again.added, again.replaced, len(again.unchanged)) == ([], [], 5)
    assert dump(db) == before


def test_same_id_with_changed_text_replaces_in_place(tmp_path: Path, db: Path | str) -> None:
    path = write(tmp_path / "a.txt", "Title\nFirst text.\n")
    pipeline.ingest([path], db)
    write(path, "Title\nSecond text.\n")
    report = pipeline.ingest([path], db)
    assert report.replaced == ["a"]
    with store.open_store(db, create=False) as st:
        [article] = store.stored_articles(st)
    assert article.text == "Title\nSecond text.\n"


def test_failure_mid_ingest_leaves_existing_store_unchanged(
    seeds_dir: Path, tmp_path: Path, db: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline.ingest([seeds_dir / "000_6ba3f4b9a8b26c97.txt"], db)
    before = dump(db)
    written = []

    def failing(st, found, **kwargs):
        real(st, found, **kwargs)  # a batch of articles is written before the failure, and rolled back
        written.extend(found)
        raise RuntimeError("disk on fire")

    real = store.write_extractions
    monkeypatch.setattr(store, "write_extractions", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        pipeline.ingest([seeds_dir], db)
    assert len(written) > 1
    assert dump(db) == before


def test_failure_on_new_store_leaves_no_file(seeds_dir: Path, db: Path | str, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(store, "write_extractions", failing)
    with pytest.raises(RuntimeError):
        pipeline.ingest([seeds_dir], db)
    assert not store.store_exists(db)


def test_bad_input_anywhere_writes_nothing(seeds_dir: Path, tmp_path: Path, db: Path | str) -> None:
    bad = write(tmp_path / "bad.jsonl", '{"id": "1", "text": "ok"}\nnot json\n')
    with pytest.raises(InputError, match=r"bad\.jsonl:2: invalid JSON"):
        pipeline.ingest([seeds_dir, bad], db)
    assert not store.store_exists(db)


def test_file_that_is_not_a_geopackage_is_refused(tmp_path: Path) -> None:
    text_file = write(tmp_path / "notes.gpkg", "hello")
    with pytest.raises(StoreError, match=r"notes.gpkg: not a GeoPackage \(not an SQLite database\)"):
        pipeline.ingest([write(tmp_path / "a.txt", "A\nb")], text_file)
    assert text_file.read_text() == "hello"
    plain_sqlite = tmp_path / "plain.gpkg"
    sqlite3.connect(plain_sqlite).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a GeoPackage"):
        pipeline.ingest([tmp_path / "a.txt"], plain_sqlite)


def test_store_from_newer_schema_is_refused(tmp_path: Path, db: Path | str) -> None:
    pipeline.ingest([write(tmp_path / "a.txt", "A\nb")], db)
    run_sql(
        db, "UPDATE borderwatch_schema SET value = ? WHERE key = 'schema_version'", (str(settings.SCHEMA_VERSION + 1),)
    )
    before = dump(db)
    with pytest.raises(StoreError, match="written by a newer borderwatch"):
        pipeline.ingest([write(tmp_path / "b.txt", "B\nc")], db)
    assert dump(db) == before


def test_store_path_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(settings.STORE_ENV, raising=False)
    assert store.store_location() == Path(settings.STORE_PATH)
    monkeypatch.setenv(settings.STORE_ENV, str(tmp_path / "env.gpkg"))
    assert store.store_location() == tmp_path / "env.gpkg"
    assert store.store_location(tmp_path / "given.gpkg") == tmp_path / "given.gpkg"


def test_store_of_schema_1_is_migrated_in_place(seeds_dir: Path, gpkg_db: Path) -> None:
    db = gpkg_db
    pipeline.ingest([seeds_dir / "002_a4cb2d2772a32ed2.txt"], db)
    with sqlite3.connect(db) as con:  # turn it back into a version-1 store
        for (trigger,) in con.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
            con.execute(f"DROP TRIGGER {trigger}")
        for table in ("rtree_incidents_geom", "rtree_events_geom", "events", "event_sources", "merge_overrides"):
            con.execute(f"DROP TABLE {table}")
        con.execute("DELETE FROM gpkg_contents WHERE table_name IN ('events', 'event_sources', 'merge_overrides')")
        con.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'events'")
        con.execute("DELETE FROM gpkg_extensions")
        for name, _ in schema.ATTRIBUTION_COLUMNS:
            con.execute(f"ALTER TABLE incidents DROP COLUMN {name}")
        con.execute("UPDATE borderwatch_schema SET value = '1' WHERE key = 'schema_version'")
    located = sqlite3.connect(db).execute("SELECT COUNT(*) FROM incidents WHERE lat IS NOT NULL").fetchone()[0]
    assert located > 0
    report = pipeline.ingest([seeds_dir / "002_a4cb2d2772a32ed2.txt"], db)
    assert report.unchanged == ["002_a4cb2d2772a32ed2"]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT value FROM borderwatch_schema WHERE key = 'schema_version'").fetchone() == (
            str(settings.SCHEMA_VERSION),
        )
        assert con.execute("SELECT COUNT(*) FROM rtree_incidents_geom").fetchone()[0] == located
        assert con.execute("SELECT COUNT(*) FROM incidents WHERE segment_id IS NOT NULL").fetchone()[0] == located
        assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] > 0
    assert "incidents" in dict(pyogrio.list_layers(db))


def test_articles_are_written_in_batches_with_their_status_and_former_extractor(db: Path | str) -> None:
    from borderwatch.model import Article

    def article(id_: str, text: str) -> Article:
        return Article(id=id_, text=text, title=text[:20], source=f"{id_}.txt")

    first = [article("a", "Shelling hit Landi Kotal on Monday."), article("b", "Clashes at Torkham on Friday.")]
    with store.open_store(db) as st:
        assert store.write_articles(st, first, extractor="v1") == [("added", None), ("added", None)]
        store.write_extractions(st, [(a, [], []) for a in first], extractor="v1")
    again = [article("a", "Shelling hit Landi Kotal on Monday."), article("b", "Clashes at Chaman on Friday."),
             article("c", "Talks in Kabul.")]  # fmt: skip
    with store.open_store(db) as st:
        assert store.write_articles(st, again, extractor="v2") == [
            ("unchanged", "v1"),
            ("replaced", "v1"),
            ("added", None),
        ]
        assert store.article_states(st, ["a", "b", "c", "z"]) == {
            "a": (again[0].content_hash, "v1"),
            "b": (again[1].content_hash, "v2"),
            "c": (again[2].content_hash, "v2"),
        }
    assert [r[0] for r in run_sql(db, "SELECT text FROM articles ORDER BY article_id")] == [a.text for a in again]


SPLIT_ARTICLE = (
    "Fort attacked\ndate: 2024-03-20\n\nGunmen attacked a fort near Wana on Monday, killing seven to nine soldiers. "
    "Three attackers were also killed, two guards remain missing and four were kidnapped.\n"
)
SPLIT_STORED = {"fatalities": 10, "fatalities_high": 12, "attackers_killed": 3, "missing": 2, "abducted": 4}


def test_the_casualty_split_round_trips_through_the_store(db: Path | str, tmp_path: Path) -> None:
    import csv
    import io
    import json

    from click.testing import CliRunner

    from borderwatch.cli import cli

    pipeline.ingest([write(tmp_path / "fort.txt", SPLIT_ARTICLE)], db)
    [stored] = run_sql(db, f"SELECT {', '.join(SPLIT_STORED)} FROM incidents")
    assert dict(zip(SPLIT_STORED, stored, strict=True)) == SPLIT_STORED
    [event] = run_sql(db, "SELECT fatalities, fatalities_low, fatalities_high, attackers_killed, missing, abducted"
                          " FROM events")  # fmt: skip
    assert event == (10, 10, 12, 3, 2, 4)  # one report: its own range is the event's
    runner = CliRunner()
    [listed] = [
        json.loads(line)
        for line in runner.invoke(cli, ["incidents", "--db", str(db), "--json"]).output.split("\n")
        if line
    ]
    assert {k: listed[k] for k in ("attackers_killed", "missing", "abducted", "fatalities_high")} == {
        "attackers_killed": 3, "missing": 2, "abducted": 4, "fatalities_high": 12,
    }  # fmt: skip
    geojson = json.loads(runner.invoke(cli, ["incidents", "--db", str(db), "--format", "geojson"]).output)
    assert geojson["features"][0]["properties"]["abducted"] == 4
    [row] = csv.DictReader(io.StringIO(runner.invoke(cli, ["incidents", "--db", str(db), "--format", "csv"]).output))
    assert (row["fatalities"], row["fatalities_high"], row["attackers_killed"], row["missing"]) == (
        "10",
        "12",
        "3",
        "2",
    )
    out = tmp_path / "acled.csv"
    assert runner.invoke(cli, ["export", "--format", "csv", "--out", str(out), "--db", str(db)]).exit_code == 0
    [acled] = csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))
    assert acled["fatalities"] == "10" and (acled["attackers_killed"], acled["abducted"]) == ("3", "4")
    assert acled["notes"].endswith("; reports give 10 to 12 fatalities (10 counted), including 3 attackers; 4 abducted;"
                                   " 2 missing.")  # fmt: skip
    shown = runner.invoke(cli, ["show", listed["id"], "--db", str(db)]).output
    assert "attackers_killed" in shown and "abducted" in shown


def test_store_of_schema_5_gains_the_split_columns_and_fills_them(db: Path | str, tmp_path: Path) -> None:
    pipeline.ingest([write(tmp_path / "fort.txt", SPLIT_ARTICLE)], db)
    for table, added in schema.CASUALTY_COLUMNS.items():  # as schema 5 had it
        for name, _ in added:
            run_sql(db, f"ALTER TABLE {table} DROP COLUMN {name}")
    run_sql(db, "UPDATE borderwatch_schema SET value = '5' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema version 5"):  # a reader does not migrate
        with store.open_store(db, create=False, readonly=True):
            pass
    pipeline.ingest([write(tmp_path / "fort.txt", SPLIT_ARTICLE)], db)  # unchanged, yet extracted again
    assert run_sql(db, "SELECT value FROM borderwatch_schema WHERE key = 'schema_version'") == [
        (str(settings.SCHEMA_VERSION),)
    ]
    [stored] = run_sql(db, f"SELECT {', '.join(SPLIT_STORED)} FROM incidents")
    assert dict(zip(SPLIT_STORED, stored, strict=True)) == SPLIT_STORED
    assert run_sql(db, "SELECT attackers_killed, missing, abducted FROM events") == [(3, 2, 4)]

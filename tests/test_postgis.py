"""The PostGIS backend on a real server: same results as the GeoPackage, queries in the database,
concurrent writers, versioned schema, clear errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from conftest import new_database, write

from borderwatch import pipeline, postgis, query, settings, store
from borderwatch.cli import cli
from borderwatch.errors import StoreError


@pytest.fixture(scope="module")
def both(postgres_server: str, seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The seeds built into a GeoPackage and into PostGIS."""
    folder = tmp_path_factory.mktemp("both")
    gpkg_db, pg_db = folder / "seeds.gpkg", new_database(postgres_server)
    for db in (gpkg_db, pg_db):
        pipeline.build([seeds_dir], db, maps_dir=folder / "maps")
    return gpkg_db, pg_db


def test_same_store_contents_as_the_geopackage(both: tuple[Path, str]) -> None:
    stored = []
    for db in both:
        with store.open_store(db, create=False) as st:
            stored.append(
                (
                    store.stored_articles(st),
                    store.reports_for_merging(st),
                    store.attach_sources(st, store.stored_events(st)),
                    store.unresolved_mentions(st),
                    store.store_summary(st),
                )
            )
    assert stored[0] == stored[1]
    assert stored[0][4]["incidents"] > 0


@pytest.mark.parametrize(
    ("place", "km", "imprecise"), [("Torkham", 25, False), ("Kabul", 10, False), ("Peshawar", 300, True)]
)
def test_same_query_answers_as_the_geopackage(both: tuple[Path, str], place: str, km: float, imprecise: bool) -> None:
    gpkg_db, pg_db = both
    near = [query.incidents_near(place, km=km, include_imprecise=imprecise, db=db) for db in both]
    assert near[0] == near[1]
    assert near[0] or place == "Kabul"
    box = (69.0, 29.0, 72.0, 35.0)
    assert query.filter_incidents(bbox=box, db=gpkg_db) == query.filter_incidents(bbox=box, db=pg_db)
    assert query.segment_report(db=gpkg_db) == query.segment_report(db=pg_db)


def test_near_query_is_st_dwithin_on_an_indexed_geography(both: tuple[Path, str]) -> None:
    _, pg_db = both
    with psycopg.connect(pg_db) as con:
        kinds = dict(
            con.execute(
                "SELECT f_table_name, type FROM geography_columns WHERE f_table_schema = 'borderwatch' AND srid = 4326"
            ).fetchall()
        )
        assert kinds == {"mentions": "Point", "incidents": "Point", "events": "Point", "user_places": "Point"}
        con.execute("SET search_path TO borderwatch, public")
        con.execute("SET enable_seqscan = off")  # a handful of rows: make the planner show its index
        plan = "\n".join(
            r[0]
            for r in con.execute(
                "EXPLAIN SELECT event_id FROM events e"
                " WHERE ST_DWithin(e.geom, ST_SetSRID(ST_MakePoint(71.09, 34.12), 4326)::geography, 25000)"
            )
        )
    assert "events_geom" in plan


def test_point_geometry_follows_lat_lon(both: tuple[Path, str]) -> None:
    _, pg_db = both
    with psycopg.connect(pg_db) as con:
        off = con.execute(
            "SELECT COUNT(*) FROM borderwatch.events WHERE lat IS NOT NULL AND"
            " ST_Distance(geom, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography) > 0.001"
        ).fetchone()[0]
        missing = con.execute("SELECT COUNT(*) FROM borderwatch.events WHERE lat IS NULL AND geom IS NOT NULL")
        assert (off, missing.fetchone()[0]) == (0, 0)


def test_two_ingests_of_overlapping_corpora_at_once_store_each_article_once(
    postgres_server: str, seeds_dir: Path, tmp_path: Path
) -> None:
    seeds = sorted(seeds_dir.glob("*.txt"))
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, chosen in ((first, seeds[:4]), (second, seeds[1:])):
        for path in chosen:
            write(folder / path.name, path.read_bytes())
    url = new_database(postgres_server)
    command = [sys.executable, "-m", "borderwatch", "ingest", "--db", url]
    running = [subprocess.Popen([*command, str(f)], stdout=subprocess.PIPE, text=True) for f in (first, second)]
    outputs = [p.communicate(timeout=120)[0] for p in running]
    assert [p.returncode for p in running] == [0, 0], outputs
    added = sum(int(out.split(" added")[0]) for out in outputs)
    assert added == len(seeds)  # the other writer found the shared articles already stored
    serial = new_database(postgres_server)
    pipeline.ingest([seeds_dir], serial)
    with psycopg.connect(url) as con, psycopg.connect(serial) as ref:
        for table in ("articles", "mentions", "incidents", "incident_sources", "events", "event_sources"):
            sql = f"SELECT COUNT(*) FROM borderwatch.{table}"
            assert con.execute(sql).fetchone() == ref.execute(sql).fetchone(), table
        ids = "SELECT article_id, COUNT(*) FROM borderwatch.articles GROUP BY article_id ORDER BY 1"
        assert con.execute(ids).fetchall() == [(p.stem, 1) for p in seeds]
        events = "SELECT event_id, fatalities, n_sources FROM borderwatch.events ORDER BY 1"
        assert con.execute(events).fetchall() == ref.execute(events).fetchall()


def test_schema_is_versioned_and_migrated_in_place(
    postgres_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = new_database(postgres_server)
    pipeline.ingest([write(tmp_path / "a.txt", "A\nShelling hit Landi Kotal on Monday.")], url)
    monkeypatch.setattr(settings, "SCHEMA_VERSION", settings.SCHEMA_VERSION + 1)
    monkeypatch.setitem(
        postgis.MIGRATIONS, settings.SCHEMA_VERSION, ("ALTER TABLE articles ADD COLUMN reviewed_by TEXT",)
    )
    pipeline.ingest([write(tmp_path / "b.txt", "B\nA blast hit Quetta.")], url)
    with psycopg.connect(url) as con:
        version = con.execute(
            "SELECT value FROM borderwatch.borderwatch_schema WHERE key = 'schema_version'"
        ).fetchone()[0]
        assert int(version) == settings.SCHEMA_VERSION
        assert con.execute("SELECT article_id, reviewed_by FROM borderwatch.articles ORDER BY 1").fetchall() == [
            ("a", None),
            ("b", None),
        ]


def test_hostile_text_is_stored_verbatim(postgres_server: str, tmp_path: Path) -> None:
    url = new_database(postgres_server)
    text = "T\n'); DROP TABLE borderwatch.articles; -- 100% %s %(x)s ? {{7*7}} shelling hit Torkham."
    pipeline.ingest([write(tmp_path / "x.txt", text)], url)
    with store.open_store(url, create=False) as st:
        [article] = store.stored_articles(st)
    assert article.text == text


def test_unreachable_server_is_one_line_and_exit_1(tmp_path: Path) -> None:
    url = "postgresql://analyst:s3cret@127.0.0.1:9/borderwatch"  # port 9: nothing listens
    with pytest.raises(StoreError, match=r"^postgresql://analyst:\*\*\*@127\.0\.0\.1:9/borderwatch: cannot connect"):
        with store.open_store(url):
            pass
    result = CliRunner().invoke(cli, ["articles", "--db", url])
    assert result.exit_code == 1
    assert result.output.startswith("Error: postgresql://analyst:***@")
    assert result.output.count("\n") == 1
    assert "s3cret" not in result.output


def test_empty_database_is_no_store_until_a_write(postgres_server: str, tmp_path: Path) -> None:
    url = new_database(postgres_server)
    assert not store.store_exists(url)
    result = CliRunner().invoke(cli, ["incidents", "--db", url])
    assert result.exit_code == 1
    assert "no store here" in result.output
    env = {**os.environ, settings.STORE_ENV: url}
    done = subprocess.run(
        [sys.executable, "-m", "borderwatch", "ingest", str(write(tmp_path / "a.txt", "A\nb"))],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("1 added, 0 replaced, 0 unchanged in postgresql://")
    assert store.store_exists(url)


def test_every_reading_command_works_on_postgis(both: tuple[Path, str], tmp_path: Path) -> None:
    pg_db = both[1]
    [first, *_] = query.filter_incidents(db=pg_db)
    for args in (
        ["incidents-near", "Torkham", "--km", "25", "--json"],
        ["incidents", "--geojson"],
        ["segments", "--json"],
        ["unresolved", "--json"],
        ["show", first["id"]],
        ["export", "--format", "csv"],
    ):
        answers = [CliRunner().invoke(cli, [*args, "--db", str(db)]) for db in both]
        assert [a.exit_code for a in answers] == [0, 0], args
        assert answers[0].output == answers[1].output, args
    out = tmp_path / "pg.gpkg"
    assert CliRunner().invoke(cli, ["export", "--format", "gpkg", "--out", str(out), "--db", pg_db]).exit_code == 0
    assert CliRunner().invoke(cli, ["map", "--out", str(tmp_path / "m.html"), "--db", pg_db]).exit_code == 0
    assert "Torkham" in (tmp_path / "m.html").read_text(encoding="utf-8")


def test_a_connection_the_server_dropped_while_idle_is_replaced(postgres_server: str, tmp_path: Path) -> None:
    url = new_database(postgres_server)
    pipeline.ingest([write(tmp_path / "a.txt", "A\nShelling hit Landi Kotal.")], url)  # leaves an idle connection
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
        name = url.rsplit("/", 1)[1]
        killed = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        ).fetchall()
    assert killed == [(True,)]
    with store.open_store(url, create=False) as st:
        assert [a.id for a in store.stored_articles(st)] == ["a"]

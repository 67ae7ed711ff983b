"""Merging reports of one event across articles, and people's merges and splits."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BACKENDS, fresh_store

from borderwatch import pipeline, store
from borderwatch.cli import cli
from borderwatch.merge import merge_incidents


def report(rid: str, article: str, **kw) -> dict:
    base = {
        "id": rid, "article_id": article, "type": "attack", "date": "2024-03-18", "date_precision": "day",
        "date_note": "", "place": "Quetta", "gazetteer_id": "gn:1167528", "lat": 30.18, "lon": 66.97,
        "geo_precision": 1, "actors": ["TTP"], "evidence": "A blast hit a market in Quetta.", "fatalities": 4,
        "injured": None, "role": "main", "published": "2024-03-19", "admin1": "Balochistan", "admin2": "Quetta",
    }  # fmt: skip
    return {**base, **kw}


def test_one_event_in_two_outlets_is_merged_with_figures_from_both() -> None:
    reports = [
        report("r1", "dawn", fatalities=4, published="2024-03-18"),
        report("r2", "reuters", date="2024-03-19", fatalities=6, published="2024-03-20", geo_precision=1),
    ]
    [event] = merge_incidents(reports)
    assert len(event.reports) == 2
    assert event.fields["n_sources"] == 2
    assert (event.fields["fatalities_low"], event.fields["fatalities_high"]) == (4, 6)
    assert event.fields["fatalities"] == 6  # as precise as the other, and more recent
    assert "same place Quetta" in event.merge_reason


def test_same_place_and_type_a_week_apart_stay_apart() -> None:
    reports = [report("r1", "a"), report("r2", "b", date="2024-03-25")]
    assert len(merge_incidents(reports)) == 2


def test_two_attacks_the_same_day_200_km_apart_stay_apart() -> None:
    reports = [report("r1", "a"), report("r2", "b", place="Zhob", gazetteer_id="gn:1162105", lat=31.34, lon=69.45)]
    assert len(merge_incidents(reports)) == 2


def test_coarse_place_contains_the_precise_one() -> None:
    reports = [
        report("r1", "a"),
        report("r2", "b", place="Balochistan", gazetteer_id="gn:1183606", lat=28.5, lon=65.0, geo_precision=3),
    ]
    [event] = merge_incidents(reports)
    assert event.fields["place"] == "Quetta"  # the most precise place wins
    assert "Quetta lies in Balochistan" in event.merge_reason


def test_reports_of_one_article_never_merge() -> None:
    assert len(merge_incidents([report("r1", "a"), report("r2", "a")])) == 2


def test_different_actors_stay_apart() -> None:
    assert len(merge_incidents([report("r1", "a"), report("r2", "b", actors=["BLA"])])) == 2


def test_undated_report_joins_only_on_strong_evidence() -> None:
    undated = report("r2", "b", date=None, date_precision="unknown", evidence="A blast hit a market in Quetta city.")
    [event] = merge_incidents([report("r1", "a"), undated])
    assert "undated: same place, type and actors, and close wording" in event.merge_reason
    other_words = report("r3", "c", date=None, date_precision="unknown", evidence="Police patrolled streets.")
    assert len(merge_incidents([report("r1", "a"), other_words])) == 2


def test_undated_report_with_a_fitting_weekday_joins() -> None:
    sunday = report(
        "r2", "b", date=None, date_precision="unknown", evidence="Gunmen struck at dusk.",
        date_note="relative date 'Sunday'; no publication date to resolve it",
    )  # fmt: skip
    [event] = merge_incidents([report("r1", "a", date="2024-03-17"), sunday])
    assert "'Sunday' fits 2024-03-17" in event.merge_reason
    assert len(merge_incidents([report("r1", "a", date="2024-03-13"), sunday])) == 2  # a Wednesday


def test_manual_merge_and_split_constraints() -> None:
    apart = [report("r1", "a"), report("r2", "b", date="2024-03-25")]
    [merged] = merge_incidents(apart, must_link=[["r1", "r2"]])
    assert "merged by hand" in merged.merge_reason
    together = [report("r1", "a"), report("r2", "b")]
    assert len(merge_incidents(together, cannot_link=[["r1", "r2"]])) == 2


def test_event_ids_are_stable() -> None:
    first = merge_incidents([report("r1", "a"), report("r2", "b")])
    again = merge_incidents([report("r2", "b"), report("r1", "a")])
    assert [e.id for e in first] == [e.id for e in again]


@pytest.fixture(params=BACKENDS)
def seed_db(request: pytest.FixtureRequest, seeds_dir: Path, tmp_path: Path) -> Path | str:
    db = fresh_store(request, tmp_path)
    pipeline.build([seeds_dir], db, maps_dir=tmp_path / "maps")
    return db


def events_of(db: Path) -> list[dict]:
    with store.open_store(db, create=False) as st:
        return store.attach_sources(st, store.stored_events(st))


def test_seeds_merge_the_kabul_talks_and_the_torkham_closure_and_gunfire(seed_db: Path) -> None:
    events = events_of(seed_db)
    talks = [e for e in events if e["type"] == "talks" and e["date"] == "2023-02-22" and e["place"] == "Kabul"]
    assert len(talks) == 1
    assert {s["article_id"][:3] for s in talks[0]["sources"]} == {"000", "002", "003"}
    closure = [e for e in events if e["type"] == "closure" and e["place"] == "Torkham"]
    gunfire = [e for e in events if e["type"] == "clash" and e["place"] == "Torkham"]
    assert len(closure) == 1 and closure[0]["n_sources"] >= 2 and closure[0]["date"] == "2023-02-19"
    assert len(gunfire) == 1 and gunfire[0]["n_sources"] >= 2
    # different events stay apart
    places = {(e["type"], e["place"]) for e in events}
    assert {("attack", "Karachi"), ("attack", "Peshawar"), ("operation", "Kalat")} <= places
    durrani = [e for e in events if any(s["article_id"].startswith("001") for s in e["sources"])]
    akhund = [e for e in events if any(s["article_id"].startswith("004") for s in e["sources"])]
    assert all(e["n_sources"] == 1 for e in durrani + akhund)


def test_manual_split_survives_a_rebuild(seed_db: Path, seeds_dir: Path, tmp_path: Path) -> None:
    talks = next(e for e in events_of(seed_db) if e["type"] == "talks" and e["n_sources"] == 3)
    result = CliRunner().invoke(cli, ["split", talks["id"], "--db", str(seed_db)])
    assert result.exit_code == 0, result.output
    pipeline.build([seeds_dir], seed_db, maps_dir=tmp_path / "maps")
    (tmp_path / "extra.txt").write_text("date 2024-01-01 Traders protested in Chaman on Monday.", encoding="utf-8")
    pipeline.build([seeds_dir, tmp_path / "extra.txt"], seed_db, maps_dir=tmp_path / "maps")  # a real re-merge
    assert all(e["n_sources"] == 1 for e in events_of(seed_db) if e["type"] == "talks")


def test_manual_merge_is_honoured_and_survives_a_rebuild(seed_db: Path, seeds_dir: Path, tmp_path: Path) -> None:
    events = events_of(seed_db)
    karachi = next(e for e in events if e["place"] == "Karachi")
    kalat = next(e for e in events if e["place"] == "Kalat")
    result = CliRunner().invoke(cli, ["merge", karachi["id"], kalat["id"], "--db", str(seed_db)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("merged into evt-")
    (tmp_path / "extra.txt").write_text("date 2024-01-01 Traders protested in Chaman on Monday.", encoding="utf-8")
    pipeline.build([seeds_dir, tmp_path / "extra.txt"], seed_db, maps_dir=tmp_path / "maps")
    [merged] = [e for e in events_of(seed_db) if {s["report_id"] for s in e["sources"]} >= {
        karachi["sources"][0]["report_id"], kalat["sources"][0]["report_id"]}]  # fmt: skip
    assert merged["n_sources"] == 2
    assert "merged by hand" in merged["merge_reason"]


def test_show_prints_every_source(seed_db: Path) -> None:
    talks = next(e for e in events_of(seed_db) if e["type"] == "talks" and e["n_sources"] == 3)
    result = CliRunner().invoke(cli, ["show", talks["id"], "--db", str(seed_db)])
    assert result.exit_code == 0
    assert "sources (3):" in result.output
    assert result.output.count("Kabul") >= 3
    missing = CliRunner().invoke(cli, ["show", "evt-000000000000", "--db", str(seed_db)])
    assert missing.exit_code == 1
    assert missing.output == "Error: no incident with id 'evt-000000000000'; see 'borderwatch incidents'\n"


def test_a_report_without_publication_date_is_not_taken_as_the_most_recent() -> None:
    reports = [
        report("r1", "dated", fatalities=4, published="2024-03-20"),
        report("r2", "undated", fatalities=9, published=None),
    ]
    [event] = merge_incidents(reports)
    assert event.fields["fatalities"] == 4  # the known most recent report, not the one of unknown date
    assert (event.fields["fatalities_low"], event.fields["fatalities_high"]) == (4, 9)


def test_syndicated_copy_in_hundreds_of_outlets_is_one_event() -> None:
    reports = [report(f"r{k:03d}", f"outlet{k}") for k in range(300)]
    reports.append(report("x", "own", evidence="Four died when a bomb went off in a Quetta bazaar.", fatalities=5))
    [event] = merge_incidents(reports)
    assert event.fields["n_sources"] == 301
    assert "identical reports" in event.merge_reason
    assert (event.fields["fatalities_low"], event.fields["fatalities_high"]) == (4, 5)


def test_identical_undated_reports_that_name_no_place_stay_apart() -> None:
    nowhere = {"date": None, "date_precision": "unknown", "place": None, "gazetteer_id": None, "lat": None,
               "lon": None, "geo_precision": None, "admin1": None, "admin2": None}  # fmt: skip
    assert len(merge_incidents([report("r1", "a", **nowhere), report("r2", "b", **nowhere)])) == 2


def test_identical_reports_of_one_article_are_not_collapsed() -> None:
    # r1 and r2 are two events of article a told in the same words; b's copy can join only one
    events = merge_incidents([report("r1", "a"), report("r2", "a"), report("r3", "b")])
    assert sorted(len(e.reports) for e in events) == [1, 2]

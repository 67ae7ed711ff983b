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
        report("r2", "reuters", fatalities=6, published="2024-03-20", geo_precision=1),
    ]
    [event] = merge_incidents(reports)
    assert len(event.reports) == 2
    assert event.fields["n_sources"] == 2
    assert (event.fields["fatalities_low"], event.fields["fatalities_high"]) == (4, 6)
    assert event.fields["fatalities"] == 6  # as precise as the other, and more recent
    assert "same place Quetta" in event.merge_reason


def test_an_events_split_is_the_most_any_report_gives_and_its_high_takes_a_reports_range() -> None:
    reports = [
        report("r1", "dawn", fatalities=4, fatalities_high=7, attackers_killed=2, missing=1),
        report("r2", "reuters", fatalities=5, attackers_killed=3, abducted=2),
        report("r3", "geo", fatalities=5),
    ]
    [event] = merge_incidents(reports)
    f = event.fields
    assert (f["fatalities_low"], f["fatalities_high"]) == (4, 7)
    assert (f["attackers_killed"], f["missing"], f["abducted"]) == (3, 1, 2)
    [alone] = merge_incidents([report("r1", "dawn")])  # no report gives a split: none is made up
    assert [alone.fields[k] for k in ("attackers_killed", "missing", "abducted")] == [None, None, None]
    assert (alone.fields["fatalities_low"], alone.fields["fatalities_high"]) == (4, 4)


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


def test_different_actors_and_tolls_stay_apart() -> None:
    pair = merge_incidents(
        [report("r1", "a"), report("r2", "b", actors=["BLA"], fatalities=7, evidence="Gunmen stormed a bank.")]
    )
    assert len(pair) == 2


def test_undated_report_joins_only_on_strong_evidence() -> None:
    undated = report("r2", "b", date=None, date_precision="unknown", evidence="A blast hit a market in Quetta city.")
    [event] = merge_incidents([report("r1", "a"), undated])
    assert "one report undated" in event.merge_reason and "close wording" in event.merge_reason
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
    why = result.output.split("why each source joined:\n")[1].splitlines()
    assert len(why) == 3 and all(" score " in line and "same place Kabul +3" in line for line in why)
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


# --- issue 17: one real event, one incident -------------------------------------------------------


def chaman(rid: str, article: str, day: int, **kw) -> dict:
    where = {"place": "Chaman", "gazetteer_id": "gn:1181611", "lat": 30.918, "lon": 66.453, "admin1": "Balochistan",
             "admin2": "Qila Abdullah", "actors": [], "type": "clash"}  # fmt: skip
    return report(rid, article, **{**where, "date": f"2024-05-{day:02d}", **kw})


def span_days(event) -> int:
    from datetime import date

    days = [date.fromisoformat(r["date"]).toordinal() for r in event.reports if r["date"]]
    return max(days) - min(days) if days else 0


def test_ten_daily_clashes_at_one_place_stay_ten_incidents() -> None:
    reports = [chaman(f"r{d:02d}", f"a{d}", d, fatalities=d, evidence=f"Border forces clashed, {d} killed.")
               for d in range(1, 11)]  # fmt: skip
    events = merge_incidents(reports)
    assert len(events) == 10
    assert sum(e.fields["fatalities"] for e in events) == 55


LEAD = "no date in its sentence: that of the article's lead"  # a date the report borrows


def test_no_chaining_every_report_fits_the_whole_incident() -> None:
    # day k ~ day k+1 each (one day apart, same place and type, no figures): a chain, not one event.
    # Every other report's date is borrowed from its article's lead, so it may be a day off.
    reports = [chaman(f"r{d:02d}", f"a{d}", d, fatalities=None, evidence="Border forces clashed.",
                      date_note=LEAD * (d % 2 == 0)) for d in range(1, 11)]  # fmt: skip
    events = merge_incidents(reports)
    assert all(span_days(e) <= 1 for e in events)  # a borrowed date a day off, no more
    assert len(events) == 5  # day pairs, strongest links first, ties by id
    for event in events:  # the dates the reports state themselves: one day
        assert len({r["date"] for r in event.reports if not r["date_note"]}) == 1
        assert event.fields["date_note"] == ""  # the event takes the stated date, not the borrowed one


def test_dates_the_reports_state_a_day_apart_are_two_events() -> None:
    # the rule: a merged incident never spans more days than its reports themselves state
    a = chaman("r1", "a", 6, fatalities=3, evidence="Three people were killed when forces clashed at the gate.")
    b = chaman("r2", "b", 7, fatalities=3, evidence="Three people were killed when forces clashed at the gate.")
    assert len(merge_incidents([a, b])) == 2
    [event] = merge_incidents([a, {**b, "date_note": LEAD}])  # the second date borrowed: a day off is allowed
    assert event.fields["date"] == "2024-05-06"
    week = {"date": "2024-05-09", "date_precision": "week", "date_note": "a day of the week before publication"}
    [event] = merge_incidents([a, {**b, **week}])  # "last week": the 6th to the 12th, the 6th among them
    assert event.fields["date"] == "2024-05-06"
    assert len(merge_incidents([{**a, "date": "2024-05-05"}, {**b, **week}])) == 2  # the 5th is not in that week


def test_ten_daily_clashes_end_to_end(tmp_path: Path) -> None:
    from datetime import date

    for k in range(1, 11):
        day = date(2024, 5, k)
        (tmp_path / f"c{k:02d}.txt").write_text(
            f"date {day.isoformat()}\nChaman clash\n\nPakistani and Afghan border forces clashed in Chaman on "
            f"{day.day} May 2024, killing {k} people, officials said.\n",
            encoding="utf-8",
        )
    db = tmp_path / "chain.gpkg"
    pipeline.ingest([tmp_path], db)
    events = events_of(db)
    assert len(events) == 10
    assert sum(e["fatalities"] for e in events) == 55


def test_close_types_merge_on_the_same_deaths_only() -> None:
    kurram = {"place": "Kurram", "gazetteer_id": "gn:1172574", "lat": 33.72, "lon": 70.22, "geo_precision": 3,
              "admin1": "Khyber Pakhtunkhwa", "admin2": None, "actors": []}  # fmt: skip
    attack = report("r1", "a", **kurram, type="attack", fatalities=5, evidence="Militants attacked a border post.")
    clash = report("r2", "b", **kurram, type="clash", fatalities=5, evidence="Troops exchanged fire across the line.")
    [event] = merge_incidents([attack, clash])
    assert "attack and clash with the same deaths" in event.merge_reason
    assert len(merge_incidents([attack, {**clash, "fatalities": 3}])) == 2
    assert len(merge_incidents([attack, {**clash, "date": "2024-03-19"}])) == 2  # same deaths, not the same day
    assert len(merge_incidents([attack, {**clash, "type": "closure"}])) == 2


def test_town_district_and_province_are_one_place() -> None:
    town = chaman("r1", "a", 6, evidence="A blast struck Chaman.")
    district = chaman("r2", "b", 6, place="Qila Abdullah District", gazetteer_id="gn:district", lat=30.8, lon=66.7,
                      geo_precision=3, admin2=None, evidence="A blast struck a market in the district.")  # fmt: skip
    province = chaman("r3", "c", 6, place="Balochistan", gazetteer_id="gn:1183606", lat=28.5, lon=65.0,
                      geo_precision=3, admin2=None, evidence="A blast in the province.")  # fmt: skip
    [event] = merge_incidents([town, district, province])
    assert event.fields["place"] == "Chaman"
    assert "Chaman lies in Qila Abdullah District" in event.merge_reason
    other_district = {**district, "place": "Zhob District", "gazetteer_id": "gn:zhob"}
    assert len(merge_incidents([town, other_district])) == 2


def test_the_same_toll_decides_between_near_places_a_day_apart() -> None:
    near = {"place": "Spin Boldak", "gazetteer_id": "gn:spin", "lat": 30.99, "lon": 66.40, "admin2": "Kandahar"}
    a = chaman("r1", "a", 6, fatalities=None, evidence="Shelling hit the border town.")
    b = chaman("r2", "b", 7, **near, fatalities=None, evidence="Rockets landed near the crossing.", date_note=LEAD)
    assert len(merge_incidents([a, b])) == 2  # 8 km apart, a day apart (one date borrowed): not enough alone
    [event] = merge_incidents([{**a, "fatalities": 6}, {**b, "fatalities": 6}])
    assert "same toll 6" in event.merge_reason


def test_undated_report_joins_on_its_toll_and_wording_not_on_its_toll_alone() -> None:
    dated = chaman("r1", "a", 6, fatalities=3, evidence="Three people were killed when forces clashed at the gate.")
    same_words = chaman("r2", "b", 6, date=None, date_precision="unknown", fatalities=3,
                        evidence="Three people were killed when the forces clashed at the gate.")  # fmt: skip
    [event] = merge_incidents([dated, same_words])
    assert "one report undated" in event.merge_reason
    other_words = {**same_words, "evidence": "Traders waited for the road to open."}
    assert len(merge_incidents([dated, other_words])) == 2


def test_a_block_of_thousands_at_one_place_and_day_costs_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    from borderwatch import merge

    calls = []
    real = merge.link
    monkeypatch.setattr(merge, "link", lambda a, b: calls.append(1) or real(a, b))
    n = 3000
    reports = [chaman(f"r{k:05d}", f"a{k}", 6, fatalities=k, evidence=f"Report number {k} of a clash.")
               for k in range(n)]  # fmt: skip
    events = merge_incidents(reports)
    assert len(calls) < 40 * n  # not n * n / 2
    for event in events:  # tolls of one event stay close (a revision), never 1 and 10
        assert event.fields["fatalities_high"] <= 2 * event.fields["fatalities_low"] + 3


def test_input_order_does_not_matter() -> None:
    import random

    reports = [chaman(f"r{d:02d}", f"a{d}", d // 2 + 1, fatalities=None, evidence="Border forces clashed.")
               for d in range(20)]  # fmt: skip
    first = merge_incidents(reports)
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        again = merge_incidents(shuffled)
        assert [(e.id, [r["id"] for r in e.reports], e.merge_reason) for e in again] == [
            (e.id, [r["id"] for r in e.reports], e.merge_reason) for e in first
        ]


def synthetic_reports(n: int, seed: int) -> list[dict]:
    """Chains of daily events, multi-outlet events, undated copies and coarse dates at a few places."""
    import random

    rng = random.Random(seed)
    places = [("Chaman", "gn:1181611", 30.918, 66.453), ("Torkham", "bw:torkham", 34.117, 71.088),
              ("Spin Boldak", "gn:spin", 30.99, 66.40)]  # fmt: skip
    out = []
    for k in range(n):
        name, gid, lat, lon = rng.choice(places)
        day = rng.randint(1, 12)
        kind = rng.choice(["clash", "attack", "closure"])
        dated = rng.random() > 0.15
        out.append(chaman(
            f"r{k:04d}", f"a{rng.randint(0, n)}", day, type=kind, place=name, gazetteer_id=gid, lat=lat, lon=lon,
            fatalities=rng.choice([None, 1, 2, 3]), actors=rng.choice([[], ["TTP"], ["BLA"]]),
            evidence=rng.choice(["Forces clashed at the gate.", "The crossing was shut.", "Gunmen attacked a post."]),
            date=f"2024-05-{day:02d}" if dated else None, date_precision="day" if dated else "unknown",
            date_note="" if dated else "relative date 'Monday'; no publication date to resolve it",
        ))  # fmt: skip
    return out


@pytest.mark.parametrize("seed", range(4))
def test_re_merging_a_component_gives_what_a_merge_from_scratch_gives(seed: int) -> None:
    import random

    from borderwatch import merge

    rows = sorted(synthetic_reports(300, seed), key=lambda r: r["id"])
    records = [merge.record(r) for r in rows]
    cons = merge.constraints(records, must_link=[["r0001", "r0002"]], cannot_link=[["r0003", "r0004"]])
    scratch = {tuple(g) for g, _ in merge.cluster_all(records, cons)}
    rng = random.Random(seed)
    for _ in range(5):
        seeds = rng.sample(range(len(records)), 3)
        members, edges = merge.component(records, cons, seeds)
        part = {tuple(g) for g, _ in merge.cluster_component(records, cons, members, edges)}
        assert part <= scratch  # the component's clusters are exactly scratch's clusters of those reports
        assert {i for g in part for i in g} == set(members)
        by_hand = {rows[i]["id"] for g in cons.must for i in g}
        for g in part:
            if not by_hand & {rows[i]["id"] for i in g}:
                assert span_days(merge.summarise([rows[i] for i in g])) <= 1


def test_a_named_victim_or_unit_decides_between_near_places_a_day_apart() -> None:
    near = {"place": "Spin Boldak", "gazetteer_id": "gn:spin", "lat": 30.99, "lon": 66.40, "admin2": "Kandahar"}
    a = chaman("r1", "a", 6, fatalities=None, evidence="Militants shot dead Havaldar Gul Zaman, a Levies officer.")
    b = chaman("r2", "b", 7, **near, fatalities=None, evidence="The funeral of Havaldar Gul Zaman was held.",
               date_note=LEAD)  # fmt: skip
    [event] = merge_incidents([a, b])
    assert "same name Havaldar Gul Zaman" in event.merge_reason
    other = {**b, "evidence": "The funeral of Sepoy Ali Khan was held."}
    assert len(merge_incidents([a, other])) == 2


@pytest.mark.parametrize("coarse", [False, True])
def test_one_article_at_a_time_in_any_order_gives_the_merge_from_scratch(tmp_path: Path, coarse: bool) -> None:
    """Each ingest reads from the store only what its reports can reach, and still merges as from scratch."""
    import random
    import sqlite3

    folder = tmp_path / "in"
    folder.mkdir()
    texts = {f"c{k:02d}": f"date 2024-05-{k:02d}\nChaman\n\nBorder forces clashed in Chaman on {k} May 2024, killing "
             f"{k % 3 + 1} people." for k in range(1, 13)}  # fmt: skip
    # another outlet a day later (dates a day apart), with the same toll
    texts |= {f"d{k:02d}": f"date 2024-05-{k + 1:02d}\nChaman\n\nTroops and Afghan forces exchanged fire in Chaman on "
              f"{k + 1} May 2024; {k % 3 + 1} were killed." for k in range(2, 12, 3)}  # fmt: skip
    if coarse:  # a month-dated report makes the month one slice, an undated one the place's history
        texts["m1"] = "date 2024-06-02\nChaman\n\nClashes in Chaman in May 2024 killed 2 people."
        texts["u1"] = "Chaman\n\nBorder forces clashed in Chaman on Sunday, killing 2 people."
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")

    def events(db: Path) -> list[tuple]:
        with sqlite3.connect(db) as con:
            return sorted(con.execute("SELECT event_id, type, date, fatalities, n_sources FROM events")) + sorted(
                con.execute("SELECT event_id, incident_id FROM event_sources")
            )

    once = tmp_path / "once.gpkg"
    pipeline.ingest([folder], once)
    files = sorted(folder.iterdir())
    for seed in range(2):
        random.Random(seed).shuffle(files)
        db = tmp_path / f"one-by-one-{seed}.gpkg"
        for path in files:
            pipeline.ingest([path], db)
        assert events(db) == events(once)
    assert any(row[4] > 1 for row in events(once) if len(row) == 5)  # some reports did merge

"""Containment from the district and tehsil polygons: a town inside a tehsil inside a district inside
a province is one place for merging, by the admin units point-in-polygon gave each report's place."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from borderwatch import pipeline
from borderwatch.merge import merge_incidents, record

KP = "Khyber Pakhtunkhwa"


def report(rid: str, article: str, **kw) -> dict:
    base = {
        "id": rid, "article_id": article, "type": "attack", "date": "2024-03-03", "date_precision": "day",
        "date_note": "", "actors": [], "fatalities": 4, "injured": None, "role": "main", "published": "2024-03-04",
        "evidence": "Militants stormed a police post.", "place_kind": None, "country": "PK", "admin3": None,
    }  # fmt: skip
    return {**base, **kw}


# Wana the town and Wana the tehsil it lies in: their points are 25 km apart
WANA_TOWN = {"place": "Wana", "gazetteer_id": "gn:1162634", "lat": 32.29889, "lon": 69.5725, "geo_precision": 1,
             "place_kind": "village", "admin1": KP, "admin2": "Lower South Waziristan", "admin3": "Wana"}  # fmt: skip
WANA_TEHSIL = {"place": "Wana", "gazetteer_id": "gb:9618217B60532697515425", "lat": 32.1337, "lon": 69.7642,
               "geo_precision": 3, "place_kind": "tehsil", "admin1": KP, "admin2": "Lower South Waziristan",
               "admin3": "Wana"}  # fmt: skip


def test_a_town_lies_in_its_tehsil_by_the_polygons() -> None:
    town = report("r1", "a", **WANA_TOWN, evidence="Gunmen attacked a checkpost in Wana bazaar.")
    tehsil = report("r2", "b", **WANA_TEHSIL, evidence="Four policemen died in an attack in Wana tehsil.")
    [event] = merge_incidents([town, tehsil])
    assert "Wana lies in Wana" in event.merge_reason
    assert event.fields["gazetteer_id"] == "gn:1162634"  # the town, the more precise place
    elsewhere = {**WANA_TOWN, "place": "Angoor Adda", "gazetteer_id": "gn:other", "lat": 32.32, "lon": 69.29,
                 "admin3": "Birmal"}  # fmt: skip
    assert len(merge_incidents([report("r1", "a", **elsewhere), tehsil])) == 2  # another tehsil


def test_a_town_lies_in_the_district_its_polygon_names() -> None:
    # the district split in 2022: the town's polygon says Lower South Waziristan, not South Waziristan
    district = {"place": "Lower South Waziristan", "gazetteer_id": "bw:lower-south-waziristan", "lat": 32.3,
                "lon": 69.55, "geo_precision": 3, "place_kind": "district", "admin1": KP,
                "admin2": "Lower South Waziristan"}  # fmt: skip
    [event] = merge_incidents([report("r1", "a", **WANA_TOWN), report("r2", "b", **district)])
    assert "Wana lies in Lower South Waziristan" in event.merge_reason
    upper = {**district, "place": "Upper South Waziristan", "gazetteer_id": "bw:up", "admin2": "Upper South Waziristan"}
    assert len(merge_incidents([report("r1", "a", **WANA_TOWN), report("r2", "b", **upper)])) == 2


def test_a_town_of_a_split_district_lies_in_the_district_the_press_still_names() -> None:
    # the former district as one area (geo/former_districts.csv): what most reports still say
    former = {"place": "South Waziristan", "gazetteer_id": "gn:1164536", "lat": 32.3, "lon": 69.7,
              "geo_precision": 3, "place_kind": "district", "admin1": KP, "admin2": None}  # fmt: skip
    [event] = merge_incidents([report("r1", "a", **WANA_TOWN), report("r2", "b", **former)])
    assert "Wana lies in South Waziristan" in event.merge_reason
    north = {**former, "place": "North Waziristan", "gazetteer_id": "gn:nw"}
    assert len(merge_incidents([report("r1", "a", **WANA_TOWN), report("r2", "b", **north)])) == 2


def test_units_are_matched_by_level_not_by_name_alone() -> None:
    # a tehsil named like a district elsewhere is not that district
    kurram_tehsil = {"place": "Kurram", "gazetteer_id": "gb:kurram-tehsil", "lat": 33.7, "lon": 70.2,
                     "geo_precision": 3, "place_kind": "tehsil", "admin1": KP, "admin2": "Orakzai"}  # fmt: skip
    in_district = {**WANA_TOWN, "place": "Sadda", "gazetteer_id": "gn:sadda", "lat": 33.70, "lon": 70.33,
                   "admin2": "Kurram", "admin3": "Lower Kurram"}  # fmt: skip
    assert record(report("r1", "a", **kurram_tehsil)).own == "3:kurram"
    assert "2:kurram" in record(report("r2", "b", **in_district)).admin
    assert len(merge_incidents([report("r1", "a", **kurram_tehsil), report("r2", "b", **in_district)])) == 2


def test_a_place_of_no_known_kind_takes_the_level_its_units_give() -> None:
    # a geocoder's area with the units point-in-polygon stored for it
    area = {"place": "Upper Kurram", "gazetteer_id": "geocoded:1", "lat": 33.9, "lon": 70.0, "geo_precision": 3,
            "place_kind": None, "admin1": KP, "admin2": "Kurram", "admin3": "Upper Kurram"}  # fmt: skip
    assert record(report("r1", "a", **area)).own == "3:upper kurram"
    town = {**WANA_TOWN, "place": "Parachinar", "gazetteer_id": "gn:1168394", "lat": 33.89968, "lon": 70.10012,
            "admin2": "Kurram", "admin3": "Upper Kurram"}  # fmt: skip
    [event] = merge_incidents([report("r1", "a", **area), report("r2", "b", **town)])
    assert "Parachinar lies in Upper Kurram" in event.merge_reason
    district = {**area, "place": "Kurram", "admin2": None, "admin3": None}  # only its province known
    assert record(report("r1", "a", **district)).own == "2:kurram"  # the first level its units leave open


def test_a_town_and_its_tehsil_end_to_end(tmp_path: Path) -> None:
    (tmp_path / "p1.txt").write_text(
        "date 2024-03-04\nParachinar attack\n\nGunmen attacked a police checkpost in Parachinar on 3 March 2024, "
        "killing four policemen, officials said.\n",
        encoding="utf-8",
    )
    (tmp_path / "p2.txt").write_text(
        "date 2024-03-04\nKurram attack\n\nFour policemen were killed when militants stormed a checkpost in "
        "Upper Kurram tehsil on 3 March 2024.\n",
        encoding="utf-8",
    )
    db = tmp_path / "kurram.gpkg"
    pipeline.ingest([tmp_path], db)
    with sqlite3.connect(db) as con:
        events = list(con.execute("SELECT place, n_sources, merge_reason FROM events"))
    assert len(events) == 1
    place, sources, reason = events[0]
    assert (place, sources) == ("Parachinar", 2)
    assert "Parachinar lies in Upper Kurram" in reason


def test_a_place_of_the_stores_own_lies_in_its_tehsil(tmp_path: Path) -> None:
    # a village the shipped gazetteer lacks, added by a person: its units are the ones stored with it
    from borderwatch import store, userplaces

    db = tmp_path / "own.gpkg"
    with store.open_store(db) as st:
        store.put_user_place(st, userplaces.make_place("Zarkhel Kalay", 33.93, 70.05, "village", country="PK"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "p1.txt").write_text(
        "date 2024-03-04\nKurram attack\n\nGunmen attacked a police checkpost in Zarkhel Kalay on 3 March 2024, "
        "killing four policemen, officials said.\n",
        encoding="utf-8",
    )
    (folder / "p2.txt").write_text(
        "date 2024-03-04\nKurram attack\n\nFour policemen were killed when militants stormed a checkpost in "
        "Upper Kurram tehsil on 3 March 2024.\n",
        encoding="utf-8",
    )
    pipeline.ingest([folder], db)
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT admin3 FROM incidents WHERE place = 'Zarkhel Kalay'").fetchone() == ("Upper Kurram",)
        events = list(con.execute("SELECT place, n_sources, merge_reason FROM events"))
    assert [(place, n) for place, n, _ in events] == [("Zarkhel Kalay", 2)]
    assert "Zarkhel Kalay lies in Upper Kurram" in events[0][2]

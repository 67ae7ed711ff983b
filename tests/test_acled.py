"""The ACLED-format CSV, read back with pandas: every codebook rule, on constructed incidents and the seeds."""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import REPO

from borderwatch import acled, pipeline
from borderwatch.cli import cli
from borderwatch.export import OUR_COLUMNS, incidents_to_csv

# The codebook's event and sub-event types (2023 codebook).
CODEBOOK_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}  # fmt: skip
PROVINCES = {
    f["properties"]["name"]: f["properties"]["country"]
    for f in json.loads((REPO / "geo" / "provinces.geojson").read_text(encoding="utf-8"))["features"]
}
CHAMAN = {"lat": 30.92, "lon": 66.45, "place": "Chaman", "gazetteer_id": "gn:1181611", "geo_precision": 1}
JALALABAD = {"lat": 34.4265, "lon": 70.4515, "place": "Jalalabad", "gazetteer_id": None, "geo_precision": 1}


def incident(**kw) -> dict:
    source = {"outlet": "Dawn", "url": "https://www.dawn.com/news/1", "article_id": "a1"}
    base = {"id": "evt-1", "type": "attack", "date": "2024-03-18", "date_precision": "day", "fatalities": 2,
            "fatalities_low": 2, "fatalities_high": 2, "actors": [], "evidence": "", "n_sources": 1,
            "sources": [source], **CHAMAN}  # fmt: skip
    return {**base, **kw}


def frame(*incidents: dict) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(incidents_to_csv(incidents, timestamp=1_700_000_000)), keep_default_na=False)


def one(**kw) -> pd.Series:
    return frame(incident(**kw)).iloc[0]


def test_columns_are_the_codebooks_in_its_order_then_ours() -> None:
    table = frame(incident())
    assert list(table.columns) == [*acled.COLUMNS, *OUR_COLUMNS]
    assert list(acled.COLUMNS[:8]) == ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
                                       "event_type", "sub_event_type", "actor1"]  # fmt: skip
    assert acled.COLUMNS[-4:] == ("notes", "fatalities", "tags", "timestamp")


@pytest.mark.parametrize(
    ("kw", "event_type", "sub_event_type"),
    [
        (
            {"type": "attack", "evidence": "Militants attacked a check post, killing two soldiers."},
            "Battles",
            "Armed clash",
        ),
        (
            {"type": "attack", "actors": ["TTP", "Pakistani police"], "evidence": "TTP gunmen attacked policemen."},
            "Battles",
            "Armed clash",
        ),
        (
            {"type": "attack", "evidence": "Gunmen killed two passengers on a bus."},
            "Violence against civilians",
            "Attack",
        ),
        (
            {"type": "attack", "actors": ["Pakistani police"], "evidence": "Gunmen killed 3 passengers, police said."},
            "Violence against civilians",
            "Attack",
        ),
        (
            {"type": "attack", "evidence": "An IED went off near a market."},
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            {"type": "attack", "evidence": "An attacker detonated a suicide vest outside a police station."},
            "Explosions/Remote violence",
            "Suicide bomb",
        ),
        (
            {"type": "airstrike", "evidence": "Drone strikes hit Paktika."},
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            {"type": "clash", "evidence": "Shelling hit villages across the border."},
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
        ),
        ({"type": "clash", "evidence": "Forces exchanged fire at Torkham."}, "Battles", "Armed clash"),
        ({"type": "operation", "evidence": "Security forces killed five militants."}, "Battles", "Armed clash"),
        (
            {"type": "closure", "evidence": "The crossing was closed."},
            "Strategic developments",
            "Change to group/activity",
        ),
        (
            {"type": "reopening", "evidence": "The crossing reopened."},
            "Strategic developments",
            "Change to group/activity",
        ),
        ({"type": "talks", "evidence": "The delegations met in Kabul."}, "Strategic developments", "Agreement"),
        ({"type": "deportation", "evidence": "Afghans were deported."}, "Strategic developments", "Other"),
        (
            {"type": "deportation", "evidence": "Police detained 300 Afghans for deportation."},
            "Strategic developments",
            "Arrests",
        ),
        ({"type": "protest", "evidence": "Traders protested at the gate."}, "Protests", "Peaceful protest"),
        (
            {"type": "protest", "evidence": "Police used tear gas on protesters."},
            "Protests",
            "Protest with intervention",
        ),
    ],
)
def test_event_types_follow_the_codebook_definitions(kw: dict, event_type: str, sub_event_type: str) -> None:
    row = one(**kw)
    assert (row["event_type"], row["sub_event_type"]) == (event_type, sub_event_type)
    assert row["sub_event_type"] in CODEBOOK_TYPES[row["event_type"]]
    expected = {"Protests": "Demonstrations", "Strategic developments": "Strategic developments"}
    assert row["disorder_type"] == expected.get(event_type, "Political violence")


def test_violence_against_civilians_puts_the_perpetrator_first() -> None:
    row = one(type="attack", actors=["civilians", "BLA"], evidence="BLA gunmen shot dead civilians on a bus.")
    assert (row["actor1"], row["inter1"]) == ("BLA: Balochistan Liberation Army", 2)
    assert (row["actor2"], row["inter2"]) == ("Civilians (Pakistan)", 7)
    assert row["interaction"] == 27 and row["civilian_targeting"] == "Civilian targeting"
    unknown = one(type="attack", actors=["civilians"], evidence="Gunmen killed two passengers.")
    assert unknown["actor1"] == "Unidentified Armed Group (Pakistan)" and unknown["inter1"] == 3
    assert unknown["actor2"] == "Civilians (Pakistan)" and unknown["interaction"] == 37


def test_attack_on_security_forces_is_a_battle_attacker_first() -> None:
    row = one(type="attack", actors=["Pakistani police", "TTP"], evidence="TTP militants stormed a police station.")
    assert (row["event_type"], row["actor1"], row["actor2"]) == (
        "Battles", "TTP: Tehreek-i-Taliban Pakistan", "Police Forces of Pakistan")  # fmt: skip
    assert (row["inter1"], row["inter2"], row["interaction"]) == (2, 1, 12)
    assert row["civilian_targeting"] == ""


def test_state_forces_abroad_are_external_and_governments_stand_for_forces_in_violence() -> None:
    strike = one(type="airstrike", actors=["Pakistani security forces", "civilians"],
                 evidence="Pakistani jets struck homes, killing civilians.", **JALALABAD)  # fmt: skip
    assert strike["country"] == "Afghanistan" and strike["iso"] == 4
    assert (strike["actor1"], strike["inter1"]) == ("Military Forces of Pakistan", 8)
    assert (strike["actor2"], strike["inter2"], strike["interaction"]) == ("Civilians (Afghanistan)", 7, 78)
    clash = one(type="clash", actors=["Taliban government", "Government of Pakistan"], evidence="Forces traded fire.")
    assert {clash["actor1"], clash["actor2"]} == {
        "Military Forces of Afghanistan (2021-)",
        "Military Forces of Pakistan",
    }
    assert clash["interaction"] == 18  # Afghan forces in Pakistan are external there
    talks = one(type="talks", actors=["Government of Pakistan", "Taliban government"], evidence="They met.")
    assert (talks["actor1"], talks["actor2"], talks["interaction"]) == (
        "Government of Pakistan", "Government of Afghanistan (2021-)", 11)  # fmt: skip


def test_civilians_are_never_actor1_of_political_violence() -> None:
    for kind, text in (("attack", "Gunmen killed villagers."), ("clash", "Gunfire hit civilians."),
                       ("airstrike", "Jets hit civilians.")):  # fmt: skip
        row = one(type=kind, actors=["civilians", "Pakistani security forces"], evidence=text)
        assert not row["actor1"].startswith("Civilians"), (kind, row["actor1"])


def test_country_iso_region_and_admin_units_come_from_the_point() -> None:
    row = one()
    assert (row["iso"], row["country"], row["region"], row["admin1"]) == (586, "Pakistan", "South Asia", "Balochistan")
    assert row["event_id_cnty"] == "PAK-evt-1"
    # a place whose gazetteer admin1 belongs to the other country: admin1 from the polygon of the point
    torkham = one(place="Torkham", gazetteer_id="bw:torkham", lat=34.117, lon=71.088)
    assert PROVINCES[torkham["admin1"]] == "PK" and torkham["country"] == "Pakistan"
    jalalabad = one(**JALALABAD)
    assert (jalalabad["country"], jalalabad["admin1"]) == ("Afghanistan", "Nangarhar")
    assert one(admin1="Balochistan", admin2="Qila Abdullah", admin3="Chaman")["admin3"] == "Chaman"
    contradicting = one(admin1="Kandahar", admin2="Spin Boldak", admin3="")  # an Afghan province for a point in PK
    assert (contradicting["country"], contradicting["admin1"]) == ("Pakistan", "Balochistan")
    nowhere = one(lat=None, lon=None, place=None, gazetteer_id=None, geo_precision=None)
    assert (nowhere["country"], nowhere["admin1"], nowhere["iso"]) == ("", "", "")
    country_level = one(place="Pakistan", gazetteer_id="gn:1168579", lat=29.33, lon=68.55, geo_precision=3)
    assert country_level["admin1"] == "" and country_level["geo_precision"] == 3
    assert " took place in Pakistan; " in country_level["notes"]  # an area, not a point


@pytest.mark.parametrize(
    ("value", "precision", "event_date", "time_precision"),
    [("2024-03-18", "day", "2024-03-18", 1), ("2024-03-18", "week", "2024-03-18", 2),
     ("2024-03", "month", "2024-03-15", 3), ("2024", "year", "", ""), (None, "unknown", "", "")],
)  # fmt: skip
def test_time_precision_and_event_date(value, precision, event_date, time_precision) -> None:
    row = one(date=value, date_precision=precision)
    assert (row["event_date"], row["time_precision"]) == (event_date, time_precision)
    assert row["year"] == (int(value[:4]) if value else "")


def test_fatalities_are_the_lowest_report_and_zero_when_none() -> None:
    assert one(fatalities=5, fatalities_low=3, fatalities_high=7)["fatalities"] == 3
    assert one(fatalities=0, fatalities_low=0, fatalities_high=0)["fatalities"] == 0
    assert one(fatalities=None, fatalities_low=None, fatalities_high=None)["fatalities"] == 0
    table = frame(incident(), incident(id="evt-2", fatalities=None, fatalities_low=None, fatalities_high=None))
    assert table["fatalities"].dtype == "int64" and table["timestamp"].dtype == "int64"


def test_source_joins_outlets_and_never_names_a_file() -> None:
    sources = [{"outlet": "Dawn", "article_id": "003_x"}, {"outlet": "Tolo News", "article_id": "004_y"},
               {"outlet": "Dawn", "article_id": "005_z"}, {"url": "https://www.khaama.com/a", "article_id": "006_w"},
               {"article_id": "007_v"}]  # fmt: skip
    assert one(sources=sources)["source"] == "Dawn; Tolo News; www.khaama.com"


def test_notes_are_one_generated_sentence() -> None:
    row = one(type="attack", actors=["TTP"], evidence="TTP attacked a check post.", fatalities=4, fatalities_low=3,
              fatalities_high=5)  # fmt: skip
    assert row["notes"] == (
        "On 18 March 2024, an attack involving TTP: Tehreek-i-Taliban Pakistan and Military Forces of Pakistan took"
        " place at Chaman (Qila Abdullah, Balochistan, Pakistan); reports give 3 to 5 fatalities (3 counted)."
    )
    assert one(fatalities=0, fatalities_low=0, fatalities_high=0)["notes"].endswith("; no fatalities reported.")
    month = one(date="2024-03", date_precision="month", fatalities=None, fatalities_low=None, fatalities_high=None)
    assert month["notes"].startswith("In March 2024, ") and month["notes"].endswith("; fatalities not reported.")


def test_mapping_table_in_readme_matches_the_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `(\w+)` \| ([^|]+?) \| ([^|]+?) \|", readme, flags=re.MULTILINE))
    for kind, (event_type, sub_event_type) in acled.DEFAULT_TYPES.items():
        assert (kind, event_type, sub_event_type) in rows, kind
    for _, _, event_type, sub_event_type in acled.SPECIFIC_TYPES:
        assert f"{event_type} | {sub_event_type}" in readme, sub_event_type


@pytest.fixture(scope="module")
def seed_csv(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("acled")
    db = folder / "store.gpkg"
    pipeline.build([REPO / "seeds"], db, maps_dir=folder / "maps")
    out = folder / "acled.csv"
    result = CliRunner().invoke(cli, ["export", "--format", "csv", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, keep_default_na=False)


def test_seed_csv_obeys_every_rule(seed_csv: pd.DataFrame) -> None:
    assert list(seed_csv.columns[: len(acled.COLUMNS)]) == list(acled.COLUMNS)
    article_ids = {p.stem for p in (REPO / "seeds").glob("*.txt")}
    for _, row in seed_csv.iterrows():
        assert row["sub_event_type"] in CODEBOOK_TYPES[row["event_type"]]
        assert row["disorder_type"] == acled.disorder_type(row["event_type"], row["sub_event_type"])
        if row["disorder_type"] == "Political violence":
            assert not str(row["actor1"]).startswith("Civilians")
        inters = sorted(int(c) for c in (row["inter1"], row["inter2"]) if c != "")
        expected = inters[0] * 10 + (inters[1] if len(inters) > 1 else 0) if inters else ""
        assert str(row["interaction"]) == str(expected)
        if row["admin1"]:
            assert {"AF": "Afghanistan", "PK": "Pakistan"}[PROVINCES[row["admin1"]]] == row["country"]
        assert not set(str(row["source"]).split("; ")) & article_ids  # outlets, never file names
        assert isinstance(row["fatalities"], int) and row["fatalities"] >= 0
        assert row["notes"].count(". ") == 0 and row["notes"].endswith(".")
        assert str(row["time_precision"]) in ("1", "2", "3", "")
        assert str(row["geo_precision"]) in ("1", "2", "3", "")
    assert seed_csv["fatalities"].dtype == "int64"
    far = seed_csv[seed_csv["location"].isin(["Islamabad", "Karachi"])]
    assert len(far) and set(far["zone"]) == {"interior"} and set(far["segment"]) == {""}


def test_csv_rows_share_one_timestamp() -> None:
    import time

    before = int(time.time())
    table = pd.read_csv(io.StringIO(incidents_to_csv([incident(), incident(id="evt-2", type="talks")])))
    assert len(table) == 2 and table["timestamp"].nunique() == 1 and table["timestamp"][0] >= before


def test_every_actor_extraction_names_has_an_acled_name_and_inter_code() -> None:
    from borderwatch.extract import ACTOR_PHRASES

    for name in ACTOR_PHRASES:
        label, inter, _ = acled.ACTORS[name]  # a new actor needs its line in the codebook data
        assert label and inter in range(1, 9)


def test_notes_tell_the_split_after_the_toll_and_the_codebook_columns_stay() -> None:
    row = one(fatalities=5, fatalities_low=5, fatalities_high=5, attackers_killed=1, abducted=2, missing=None)
    assert row["notes"].endswith("; 5 fatalities reported, including 1 attacker; 2 abducted.")
    assert row["fatalities"] == 5 and list(row.index)[: len(acled.COLUMNS)] == list(acled.COLUMNS)
    assert one(fatalities=None, fatalities_low=None, fatalities_high=None, missing=3)["notes"].endswith(
        "; fatalities not reported; 3 missing."
    )

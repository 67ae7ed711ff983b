"""Unresolved names: the to-do list, the store's own gazetteer, resolve, and the opt-in geocoder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from geopy.exc import GeocoderRateLimited, GeocoderTimedOut
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from borderwatch import pipeline, query, store, userplaces
from borderwatch.cli import cli
from borderwatch.errors import GeocoderError, InputError
from borderwatch.geocode import geocode_unresolved

ARTICLES = {
    "a1": "date 2024-03-20 Gunmen attacked a checkpost in Zarghunkot village on Monday, killing two.",
    "a2": "date 2024-03-21 Traders in Zarghunkot village protested on Tuesday. Police reached Sarobkhel area.",
    "a3": "date 2024-03-22 Shelling hit Zarghunkot village again on Thursday.",
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    path = tmp_path / "store.gpkg"
    pipeline.ingest([folder], path)
    return path


def test_unresolved_to_do_list_groups_counts_and_shows_context(db: Path | str) -> None:
    rows = userplaces.unresolved_report(db)
    assert [r["name"] for r in rows][:2] == ["zarghunkot", "sarobkhel"]
    top = rows[0]
    assert top["count"] == 3 and top["articles"] == ["a1", "a2", "a3"]
    assert "checkpost in Zarghunkot village" in top["context"]
    assert [r["name"] for r in userplaces.unresolved_report(db, min_count=2)] == ["zarghunkot"]
    result = CliRunner().invoke(cli, ["unresolved", "--db", str(db), "--json"])
    assert json.loads(result.output.splitlines()[0])["count"] == 3


def test_added_place_resolves_and_moves_the_incident_onto_the_map(db: Path | str) -> None:
    attack = next(r for r in query.filter_incidents(db=db) if r["type"] == "attack")
    assert attack["lat"] is None  # nowhere to put it yet
    runner = CliRunner()
    added = runner.invoke(
        cli, ["places", "add", "Zarghunkot", "--lat", "30.95", "--lon", "66.45", "--kind", "village", "--db", str(db)]
    )
    assert added.exit_code == 0, added.output
    assert runner.invoke(cli, ["resolve", "--db", str(db)]).output.strip() == "resolved 3 articles again"
    attack = next(r for r in query.filter_incidents(db=db) if r["type"] == "attack")
    assert attack["place"] == "Zarghunkot" and attack["lat"] == pytest.approx(30.95)
    assert attack["side"] == "PK" and attack["segment_id"]
    assert [r["name"] for r in userplaces.unresolved_report(db)] == ["sarobkhel"]
    near = query.incidents_near("Zarghunkot", km=5, db=db)
    assert {r["type"] for r in near} >= {"attack"}
    with store.open_store(db, create=False) as st:
        [mine] = store.user_places(st)
    assert mine.source == "user" and mine.country == "PK"


def test_user_place_overrides_a_shipped_name(db: Path | str) -> None:
    userplaces.add_place(userplaces.make_place("Chaman", 31.5, 66.0, "village", aliases=("Chamman",)), db)
    [first] = query.place_candidates("Chaman", db=db)[:1]
    assert (first["lat"], first["source"]) == (31.5, "user")


def test_places_import_is_all_or_nothing(db: Path | str, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("name,lat,lon,kind,aliases\nSarobkhel,32.1,69.9,village,Sarob Khel|Sarobkhail\n")
    assert userplaces.import_places(good, db) == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon,kind\nOne,32,69,village\nTwo,132,69,village\n")
    with pytest.raises(InputError, match=r"bad.csv:3: 'Two': latitude 132.0"):
        userplaces.import_places(bad, db)
    assert [p.name for p in userplaces.list_places(db)] == ["Sarobkhel"]
    result = CliRunner().invoke(cli, ["places", "remove", "Sarobkhel", "--db", str(db)])
    assert result.exit_code == 0 and userplaces.list_places(db) == []


class CannedGeocoder(Geocoder):
    """A geopy geocoder answering from a local JSON file: a location, null, "timeout" or "429"."""

    def __init__(self, answers: Path) -> None:
        super().__init__()
        self.answers = json.loads(answers.read_text(encoding="utf-8"))
        self.calls: list[str] = []

    def geocode(self, query: str, *, exactly_one: bool = True, country_codes: list[str] | None = None):
        self.calls.append(query)
        assert country_codes == ["af", "pk"]
        answer = self.answers.get(query)
        if answer == "timeout":
            raise GeocoderTimedOut("Service timed out")
        if answer == "429":
            raise GeocoderRateLimited("Too Many Requests", retry_after=30)
        if answer is None:
            return None
        return Location(answer["address"], (answer["lat"], answer["lon"]), answer)


def canned(tmp_path: Path, answers: dict) -> CannedGeocoder:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return CannedGeocoder(path)


def test_geocoder_finds_caches_and_never_asks_twice(db: Path | str, tmp_path: Path) -> None:
    geocoder = canned(tmp_path, {"Zarghunkot": {"address": "Zarghunkot, Balochistan", "lat": 30.9, "lon": 66.5}})
    report = geocode_unresolved(geocoder, db, service="canned", min_delay_seconds=0)
    assert report.found == ["Zarghunkot"] and report.missed == ["Sarobkhel"]
    assert geocoder.calls == ["Zarghunkot", "Sarobkhel"]
    again = geocode_unresolved(geocoder, db, service="canned", min_delay_seconds=0)
    assert geocoder.calls == ["Zarghunkot", "Sarobkhel"]  # both answers, the miss too, came from the cache
    assert sorted(again.from_cache) == ["Sarobkhel", "Zarghunkot"]
    [found] = userplaces.list_places(db)
    assert (found.source, int(found.precision)) == ("geocoder", 2)
    pipeline.resolve(db)
    attack = next(r for r in query.filter_incidents(db=db) if r["type"] == "attack")
    assert attack["place"] == "Zarghunkot" and attack["geo_precision"] == 2


def test_geocoder_answer_outside_af_pk_is_a_miss(db: Path | str, tmp_path: Path) -> None:
    geocoder = canned(tmp_path, {"Zarghunkot": {"address": "Somewhere, France", "lat": 48.8, "lon": 2.3}})
    report = geocode_unresolved(geocoder, db, service="canned", min_delay_seconds=0)
    assert "Zarghunkot" in report.missed and userplaces.list_places(db) == []


@pytest.mark.parametrize("failure", ["timeout", "429"])
def test_geocoder_failure_is_one_line_and_leaves_the_store_unchanged(
    db: Path | str, tmp_path: Path, failure: str
) -> None:
    from test_store import dump

    before = dump(db)
    geocoder = canned(tmp_path, {"Zarghunkot": {"address": "Z", "lat": 30.9, "lon": 66.5}, "Sarobkhel": failure})
    with pytest.raises(GeocoderError) as info:
        geocode_unresolved(geocoder, db, service="canned", min_delay_seconds=0)
    assert "\n" not in str(info.value) and "'Sarobkhel'" in str(info.value)
    assert dump(db) == before  # not even the answer that came before the failure was kept


def test_rate_limiter_spaces_requests(db: Path | str, tmp_path: Path) -> None:
    import time

    geocoder = canned(tmp_path, {})
    start = time.monotonic()
    geocode_unresolved(geocoder, db, service="canned", min_delay_seconds=0.2)
    assert len(geocoder.calls) == 2 and time.monotonic() - start >= 0.2


def test_geocoder_is_off_by_default_and_needs_a_user_agent(db: Path | str) -> None:
    result = CliRunner().invoke(cli, ["resolve", "--geocoder", "nominatim", "--db", str(db)])
    assert result.exit_code == 1
    assert "needs --user-agent" in result.output


def test_articles_naming_finds_every_spelling_the_geoparser_would_match_and_nothing_else() -> None:
    from borderwatch.model import Article

    texts = {
        "dotted": "Firing in D.I. Khan on Monday.",
        "accented": "A blast near QALĀT bazaar.",
        "hyphen": "Traders at Spin-Boldak's gate.",
        "alias": "Clashes in Chamman town.",
        "none": "Nothing happened in Kabul today.",
    }
    articles = [Article(id=k, text=v, title="", source=f"{k}.txt") for k, v in texts.items()]
    places = [
        userplaces.make_place("DI Khan", 31.8, 70.9, "city", country="PK"),
        userplaces.make_place("Qalat", 32.1, 66.9, "town", country="AF"),
        userplaces.make_place("Spin Boldak", 31.0, 66.4, "town", country="AF"),
        userplaces.make_place("Chaman", 30.9, 66.4, "town", country="PK", aliases=("Chamman",)),
    ]
    assert userplaces.articles_naming(articles, places) == {"dotted", "accented", "hyphen", "alias"}
    assert userplaces.articles_naming(articles, []) == set()

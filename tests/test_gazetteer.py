"""The shipped gazetteer: the design card's names, confusable pairs and spelling variants."""

from __future__ import annotations

import pytest
from pyproj import Geod

from borderwatch.gazetteer import load_gazetteer, lookup, normalize_name
from borderwatch.geodata import border_phrases, variant_names
from borderwatch.userplaces import KINDS

GEOD = Geod(ellps="WGS84")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


# Independent coordinates: the English Wikipedia article of each place (infobox coordinates).
@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Torkham", "AF/PK", 34.1131, 71.0894),  # 34°06′47″N 71°05′22″E
        ("Spin Boldak", "AF", 31.0061, 66.3956),  # 31°00′22″N 66°23′44″E
        ("Kalat", "PK", 29.0264, 66.5900),  # Kalat, Balochistan: 29°01′35″N 66°35′24″E
        ("Peshawar", "PK", 34.0150, 71.5800),  # 34°00′54″N 71°34′48″E
        ("Karachi", "PK", 24.8600, 67.0100),  # 24°51′36″N 67°00′36″E
    ],
)
def test_design_card_names_resolve_within_5_km(name: str, country: str, lat: float, lon: float) -> None:
    places = [p for p in lookup(name) if p.country == country]
    assert places, f"{name} not found"
    nearest = min(km(p.lat, p.lon, lat, lon) for p in places)
    assert nearest < 5, f"{name} is {nearest:.1f} km off"


def test_both_kalats() -> None:
    found = {(p.country, p.admin1) for p in lookup("Kalat")}
    assert ("PK", "Balochistan") in found
    assert ("AF", "Zabul") in found
    assert {p.country for p in lookup("Qalat")} == {"AF"}


@pytest.mark.parametrize(
    ("variant", "canonical"),
    [
        ("Spin Buldak", "Spin Boldak"),
        ("Spin-Boldak", "Spin Boldak"),
        ("SPIN BOLDAK", "Spin Boldak"),
        ("Miram Shah", "Miran Shah"),
        ("Miranshah", "Miran Shah"),
        ("Fort Sandeman", "Zhob"),
        ("Khowst", "Khost"),
        ("Bajour", "Bajaur"),
        ("D.I. Khan", "Dera Ismail Khan"),
        ("DI Khan", "Dera Ismail Khan"),
        ("Qalāt", "Qalat"),
        ("KP", "Khyber Pakhtunkhwa"),
        ("Sistan-Baluchistan", "Sistan va Baluchestan"),
        ("Pak-Afghan border", "Durand Line"),
        ("Pakistan-Afghan border", "Durand Line"),  # the border phrases come by rule
        ("Afghanistan-Pakistan international border", "Durand Line"),
        ("Pak-Afghan frontier", "Durand Line"),
        ("Dasht-i-Archi", "Dasht-e Archi"),  # the izafat as -e-, -i- or none
        ("Sang-i-Takht", "Sang-e Takht"),
    ],
)
def test_transliterations_and_abbreviations(variant: str, canonical: str) -> None:
    assert canonical in {p.name for p in lookup(variant)}


def test_every_entry_is_well_formed() -> None:
    gazetteer = load_gazetteer()
    assert len(gazetteer.places) > 4000
    ids = [p.id for p in gazetteer.places]
    assert len(ids) == len(set(ids))
    for p in gazetteer.places:
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p
        assert p.kind in KINDS, p  # the kinds a user's own places may take too
        assert p.source
    assert sum(p.country == "AF" and p.kind == "province" for p in gazetteer.places) == 34


def test_normalize_name() -> None:
    assert normalize_name("Spin–Boldak") == normalize_name("spin boldak")
    assert normalize_name("D. I. Khan") == normalize_name("D.I. Khan") == "di khan"
    assert normalize_name("Türkiye") == "turkiye"


def test_variant_rules_are_rules_not_lists() -> None:
    assert "Kurram" in variant_names("Kurram District")
    assert "D.I. Khan" in variant_names("Dera Ismail Khan")
    assert "Kalat" in variant_names("Qalat")
    assert "Khost" in variant_names("Khowst")
    assert "Bajour" in variant_names("Bajaur")
    assert "Miramshah" not in variant_names("Miram")
    assert {"Takht-i-Nasrati", "Takht-e-Nasrati", "Takht Nasrati"} <= variant_names("Takht E Nasrati")
    assert {"Qala-i-Naw", "Qala Naw"} <= variant_names("Qala-e Naw")
    phrases = border_phrases()
    assert {"Pakistan-Afghan border", "Afghan-Pak border", "Pakistani-Afghan border"} <= phrases
    assert all(p.endswith(("border", "frontier", "boundary", "border line")) for p in phrases)


@pytest.mark.parametrize(
    ("name", "district"),
    [
        ("Razmak", "North Waziristan"),
        ("Spinwam", "North Waziristan"),
        ("Ladha", "Upper South Waziristan"),
        ("Makeen", "Upper South Waziristan"),
        ("Sararogha", "Upper South Waziristan"),
        ("Nawagai", "Bajaur"),
        ("Landi Kotal", "Khyber"),
    ],
)
def test_tehsils_are_findable_places(name: str, district: str) -> None:
    tehsils = [p for p in lookup(name) if p.kind == "tehsil"]
    assert tehsils, name
    assert tehsils[0].country == "PK" and tehsils[0].admin1 == "Khyber Pakhtunkhwa"
    assert tehsils[0].admin2 == district and tehsils[0].precision == 3


def test_every_former_district_is_a_district_inside_its_successors() -> None:
    import csv

    from shapely import union_all
    from shapely.geometry import Point, shape

    from borderwatch.admin import unit_features
    from borderwatch.paths import geo_dir

    features = unit_features()
    with (geo_dir() / "former_districts.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {"Kohistan", "Dir", "Chitral", "South Waziristan"} <= {row["name"] for row in rows}
    for row in rows:
        assert row["source"] and row["split"], row
        successors = row["successors"].split("|")
        area = union_all([shape(f["geometry"]) for f in features if f["properties"]["admin2"] in successors])
        named = [p for p in lookup(row["name"]) if p.kind == "district" and p.country == row["country"]]
        [district] = [p for p in named if p.name == row["name"]]  # not Upper Dir, whose old name is Dir
        assert district.admin1 == row["admin1"]
        assert area.contains(Point(district.lon, district.lat)), row["name"]


def test_no_two_keys_fold_to_one_text_pattern() -> None:
    # the text matcher folds what it reads; two keys folding alike would share one pattern, and which
    # key a mention got would depend on the gazetteer's order
    from borderwatch.geoparse import fold_text

    folded: dict[str, str] = {}
    for key in load_gazetteer().index:
        assert folded.setdefault(" ".join(fold_text(key).split()), key) == key
    assert normalize_name("Kuran・wa・Munjan") == normalize_name("Kuran wa Munjan") == "kuran wa munjan"

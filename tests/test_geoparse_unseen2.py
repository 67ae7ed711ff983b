"""Places of the border press not met in the development set, CheckList style: template sentences
with slots (place, verb, weekday, actor) over several fillers, and the invariances they imply
(changing the weekday or the verb changes nothing of the place; changing the place changes only it)."""

from __future__ import annotations

import pytest

from borderwatch.geoparse import geoparse
from borderwatch.model import Mention

WEEKDAYS = ["Monday", "Wednesday", "Saturday"]
VERBS = ["attacked", "ambushed", "fired on"]


def mentions(text: str) -> list[Mention]:
    return geoparse("t", text)


def mention_of(text: str, written: str) -> Mention:
    [found] = [m for m in mentions(text) if m.text.startswith(written)]
    return found


# --- towns and tehsils of the former tribal areas the gazetteer knew only by another name ----------

# (as written, the tehsil or district it must resolve into, its district)
TOWNS_BY_THEIR_TEHSIL = [
    ("Sadda", "Lower Kurram", "Kurram"),
    ("Jandola", "Fr Tank", "Tank"),
    ("Darazinda", "Fr D.I.Khan", "Dera Ismail Khan"),
    ("Kalaya", "Lower Orakzai", "Orakzai"),
    ("Thall", "Tall", "Hangu"),
    ("Drosh", "Chitral", "Chitral"),
]


@pytest.mark.parametrize(("written", "unit", "district"), TOWNS_BY_THEIR_TEHSIL)
@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_a_tehsil_seat_resolves_to_its_tehsil(written: str, unit: str, district: str, verb: str, weekday: str) -> None:
    text = f"Militants {verb} a police checkpost in {written} on {weekday}, officials said."
    found = mention_of(text, written)
    assert found.place is not None, found.explanation
    assert (found.place.name, found.place.admin2, found.place.country) == (unit, district, "PK")
    assert found.place.precision >= 3  # the tehsil, an area: not passed off as the town's point
    assert found.locative


@pytest.mark.parametrize(("written", "unit", "district"), TOWNS_BY_THEIR_TEHSIL)
def test_the_seat_with_its_district_named_after_it(written: str, unit: str, district: str) -> None:
    found = mention_of(f"Two soldiers were martyred in {written}, {district} district, late on Friday.", written)
    assert found.place is not None and found.place.name == unit


@pytest.mark.parametrize("written", ["Jandola Tehsil", "Darazinda Tehsil", "Thall Tehsil"])
def test_the_tehsil_written_with_its_type_word(written: str) -> None:
    found = mention_of(f"A curfew was imposed in {written} after the raid.", written)
    assert found.place is not None and found.place.kind == "tehsil"


def test_a_bare_thal_with_hangu_named_is_the_hangu_one_not_upper_dirs() -> None:
    found = mention_of("Shells landed near Thal in Hangu district on Tuesday.", "Thal")
    assert found.place is not None and found.place.admin2 == "Hangu"


# --- short and abbreviated district names ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "district"),
    [
        ("N. Waziristan", "North Waziristan"),
        ("N Waziristan", "North Waziristan"),
        ("S. Waziristan", "South Waziristan"),
        ("S Waziristan", "South Waziristan"),
        ("Sheltan", "Shigal wa Sheltan"),
    ],
)
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_an_abbreviated_or_half_name_is_the_district(written: str, district: str, weekday: str) -> None:
    found = mention_of(f"Gunmen killed three labourers in {written} on {weekday}.", written)
    assert found.place is not None and (found.place.name, found.place.kind) == (district, "district")


# --- a post of the Levies or the police is a place, not the force ---------------------------------


@pytest.mark.parametrize("place", ["Daraban", "Zhob", "Chaman", "Wana"])
@pytest.mark.parametrize("force_post", ["Levies post", "Levies checkpost", "Police Station", "Police Lines"])
def test_a_force_post_named_after_its_place_is_located_there(place: str, force_post: str) -> None:
    found = mention_of(f"Militants attacked the {place} {force_post} overnight.", place)
    assert found.place is not None
    assert found.locative, found.explanation
    # the force itself, named without a post, stays an organisation
    assert not mention_of(f"The {place} Levies said two men were arrested.", place).locative


# --- a government that has not yet spoken is still a government -----------------------------------


@pytest.mark.parametrize("capital", ["Kabul", "Islamabad", "Pakistan", "Afghanistan"])
@pytest.mark.parametrize(
    "silence",
    [
        "has not confirmed the deaths",
        "did not comment on the strikes",
        "has yet to respond to the claim",
        "has not yet acknowledged the raid",
        "was yet to react",
        "declined to comment",
    ],
)
def test_a_government_that_has_not_spoken_is_no_location(capital: str, silence: str) -> None:
    found = mention_of(f"Jets struck a camp in Barmal district of Paktika. {capital} {silence}.", capital)
    assert not found.locative, found.explanation
    # a town is never such a government: only a country, a province or a capital speaks for one
    town = mention_of(f"Trade through Chaman {silence}.", "Chaman")
    assert town.locative


# --- a unit the text puts the place in that the gazetteer's place is not in -----------------------


@pytest.mark.parametrize(
    ("sentence", "written"),
    [
        ("Gunmen stormed a school in Bagh Maidan tehsil of Bajaur on {day}.", "Bagh Maidan"),
        ("A blast hit Bagh Maidan area of Khyber district on {day}.", "Bagh Maidan"),
        ("Shelling hit Pashmul, Kurram district, on {day}.", "Pashmul"),
    ],
)
@pytest.mark.parametrize("day", WEEKDAYS)
def test_a_name_put_in_a_unit_of_the_other_country_is_not_guessed(sentence: str, written: str, day: str) -> None:
    found = mention_of(sentence.format(day=day), written)
    assert found.place is None  # listed with the unresolved names, never put across the border
    # what only stands near another country's unit, or in a list with it, keeps its place
    for near, name in [
        (f"Protesters from Jalalabad rallied in Peshawar district on {day}.", "Jalalabad"),
        (f"Jets hit Khost, Paktika and Kurram district on {day}.", "Khost"),
        (f"Rockets fell on Asadabad in Kunar province on {day}.", "Asadabad"),
    ]:
        assert mention_of(near, name).place is not None, near


# --- invariance: the weekday and the verb change nothing of the places ----------------------------


@pytest.mark.parametrize(("written", "unit", "district"), TOWNS_BY_THEIR_TEHSIL[:3])
def test_changing_the_weekday_and_verb_changes_no_place(written: str, unit: str, district: str) -> None:
    seen = {
        tuple(
            (m.text, m.place.id if m.place else None, m.locative)
            for m in mentions(f"Militants {verb} a convoy near {written} on {day}.")
        )
        for verb in VERBS
        for day in WEEKDAYS
    }
    [places] = seen
    assert any(text == written and place is not None for text, place, _ in places)


def test_changing_the_place_changes_only_the_place() -> None:
    rows = [
        [(m.start, m.place.kind if m.place else None) for m in mentions(f"Militants attacked a post in {w} on Monday.")]
        for w, _, _ in TOWNS_BY_THEIR_TEHSIL
        if len(w) == 5  # the same length keeps the offsets: Sadda, Thall, Drosh differ only in the name
    ]
    assert len({tuple(r) for r in rows}) == 1
    assert rows[0][0][1] == "tehsil"  # each seat is its tehsil

"""Casualty-figure wording of the press not met in the development set: templates over places,
numbers and verbs of each class, with the invariance each implies (changing the number changes
only the toll). Every sentence is made up here."""

from __future__ import annotations

from datetime import date

import pytest

from borderwatch.extract import extract_incidents
from borderwatch.geoparse import geoparse
from borderwatch.model import Article, Incident

PUBLISHED = date(2024, 3, 20)  # a Wednesday
PLACES = ("Zhob", "Bannu", "Chaman")
NUMBERS = {"two": 2, "3": 3, "seven": 7, "twenty-one": 21}


def incidents(text: str) -> list[Incident]:
    article = Article(id="f", text=text, title=text[:20], source="test", published=PUBLISHED)
    return extract_incidents(article, geoparse("f", text))


def one(text: str) -> Incident:
    found = incidents(text)
    assert len(found) == 1, (text, [(i.type, i.evidence) for i in found])
    return found[0]


# --- killings told by their manner: no "killed" ------------------------------------------------


@pytest.mark.parametrize("place", PLACES[:2])
@pytest.mark.parametrize(("words", "value"), list(NUMBERS.items()))
@pytest.mark.parametrize("verb", ["murdered", "beheaded", "lynched", "executed", "slaughtered", "assassinated"])
def test_a_killing_verb_before_its_dead(verb: str, words: str, value: int, place: str) -> None:
    found = one(f"Militants stormed a check post in {place} on Monday and {verb} {words} labourers.")
    assert (found.place.name, found.fatalities) == (place, value)


@pytest.mark.parametrize("place", PLACES[:2])
@pytest.mark.parametrize(("words", "value"), list(NUMBERS.items()))
@pytest.mark.parametrize("verb", ["murdered", "beheaded", "lynched", "stabbed to death", "hacked to death"])
def test_the_dead_before_a_killing_verb(verb: str, words: str, value: int, place: str) -> None:
    found = one(f"Militants stormed a check post in {place} on Monday; {words} guards were {verb}.")
    assert found.fatalities == value


@pytest.mark.parametrize("victim", ["a tribal elder", "a trader", "a policeman"])
@pytest.mark.parametrize("verb", ["murdered", "executed", "lynched"])
def test_one_victim_of_a_killing_verb(victim: str, verb: str) -> None:
    assert one(f"Militants raided a village in Zhob on Monday, and {victim} was {verb}.").fatalities == 1


@pytest.mark.parametrize(("thing", "place"), [("two raids", "Zhob"), ("an operation", "Bannu"), ("a raid", "Wana")])
def test_executing_people_kills_them_and_executing_a_raid_no_one(thing: str, place: str) -> None:
    people = one(f"Militants raided a village in {place} on Monday and executed two elders.")
    raid = one(f"Security forces executed {thing} in {place} on Monday, arresting four suspects.")
    assert (people.fatalities, raid.fatalities) == (2, None)


@pytest.mark.parametrize(("a", "b"), [("two", "five"), ("3", "11")])
def test_changing_the_number_of_the_murdered_changes_only_the_toll(a: str, b: str) -> None:
    frame = "Gunmen attacked a shop in Chaman on Sunday and murdered {} traders."
    first, second = one(frame.format(a)), one(frame.format(b))
    assert (first.type, first.date, first.place) == (second.type, second.date, second.place)
    assert first.fatalities != second.fatalities

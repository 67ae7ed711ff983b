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


# --- one victim told by name, a family by its size, companions "along with" ----------------------

NAMED = ["Malik Zar Khan", "Maulana Abdul Rauf", "Sepoy Gul Nawaz", "Haji Sher Ali"]


@pytest.mark.parametrize("name", NAMED)
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(
    "frame",
    [
        "Unidentified gunmen shot dead {name} in {place} on Monday.",
        "Gunmen gunned down {name}, a local elder, in {place} on Monday.",
        "{name} was shot dead by unknown assailants in {place} on Monday.",
        "{name}, a member of the peace committee, was killed in {place} on Monday.",
    ],
)
def test_a_victim_named_by_name_is_one_dead(frame: str, name: str, place: str) -> None:
    found = one(frame.format(name=name, place=place))
    assert (found.place.name, found.fatalities) == (place, 1)


@pytest.mark.parametrize("name", NAMED[:2])
@pytest.mark.parametrize(("words", "value"), [("his two sons", 3), ("a guard", 2), ("his four guards", 5)])
def test_a_named_victim_and_those_with_him(name: str, words: str, value: int) -> None:
    assert one(f"Gunmen killed {name} and {words} in Bannu on Monday.").fatalities == value


@pytest.mark.parametrize("name", NAMED[:2])
@pytest.mark.parametrize(("words", "value"), list(NUMBERS.items()))
def test_a_named_victim_is_one_of_the_count_given_apart(name: str, words: str, value: int) -> None:
    text = f"A drone strike in Bannu on Monday killed {words} militants. Officials said {name} was among those killed."
    text += f" Security officials said {name} was killed in the strike."
    alone = f"Security officials said {name} was killed in a drone strike in Bannu on Monday."
    assert (one(text).fatalities, one(alone).fatalities) == (value, 1)


@pytest.mark.parametrize(
    "headline",
    ["Tribal Elder Malik Khan Shot Dead By Gunmen In Bannu", "Shopkeeper Gunned Down By Unknown Men In Bannu"],
)
def test_a_title_case_headline_names_no_one(headline: str) -> None:
    assert one(f"{headline}\n\nGunmen attacked a car in Bannu on Monday, killing four people.").fatalities == 4
    assert one(f"{headline}\n\nGunmen shot dead Malik Khan in Bannu on Monday.").fatalities == 1


@pytest.mark.parametrize("place", PLACES[:2])
@pytest.mark.parametrize(("size", "value"), [("five", 5), ("7", 7), ("eleven", 11)])
@pytest.mark.parametrize("verb", ["killing", "wiping out", "killed"])
def test_a_family_counted_by_its_members(verb: str, size: str, value: int, place: str) -> None:
    text = f"A mortar shell hit a house in {place} on Monday, {verb} a {size}-member family."
    if verb == "killed":
        text = f"Gunmen stormed a house in {place} on Monday and killed a {size}-member family."
    assert one(text).fatalities == value


@pytest.mark.parametrize(("words", "extra"), [("four of his associates", 4), ("his two guards", 2), ("a driver", 1)])
@pytest.mark.parametrize(
    "frame",
    [
        "A TTP commander was killed along with {words} in an operation in Bannu on Monday.",
        "Security forces killed a militant commander along with {words} in an operation in Bannu on Monday.",
        "Militants attacked a post in Wana on Monday; three soldiers were killed together with {words}.",
    ],
)
def test_those_killed_along_with_a_victim_add_to_him(frame: str, words: str, extra: int) -> None:
    base = 3 if "three soldiers" in frame else 1
    assert one(frame.format(words=words)).fatalities == base + extra


# --- a remark on a series after the toll is no total of it ---------------------------------------

SERIES_REMARKS = [
    ", the latest in a series of attacks on security forces",
    ", the third such attack in the district so far this month",
    ", the deadliest attack in the area this year",
    " amid a wave of attacks in the region",
    ", part of a spate of attacks across the province",
    ", officials said, adding that 40 soldiers had been killed in the district so far this year",
]


@pytest.mark.parametrize("remark", SERIES_REMARKS)
@pytest.mark.parametrize(("words", "value"), list(NUMBERS.items()))
@pytest.mark.parametrize("place", PLACES[:2])
def test_a_series_remark_after_the_toll_keeps_the_toll(remark: str, words: str, value: int, place: str) -> None:
    found = one(f"A roadside bomb killed {words} soldiers in {place} on Monday{remark}.")
    assert (found.place.name, found.fatalities) == (place, value)


@pytest.mark.parametrize(
    "total",
    [
        "So far this year, 300 soldiers have been killed in the province, officials said.",
        "Militant attacks have killed 300 soldiers in the province this year.",
        "Over 300 soldiers, most of them young recruits, have been killed in the province since January.",
    ],
)
def test_a_total_over_time_stays_out_beside_a_series_remark(total: str) -> None:
    text = f"A roadside bomb killed two soldiers in Wana on Monday, the latest in a series of attacks. {total}"
    attacks = [i for i in incidents(text) if i.fatalities]
    assert [(i.place.name, i.fatalities) for i in attacks] == [("Wana", 2)]


# --- the dead found, the wounded who die, some of the dead, a range "between" --------------------


@pytest.mark.parametrize(("words", "value"), list(NUMBERS.items()))
@pytest.mark.parametrize(
    "frame",
    [
        "{n} bodies were recovered from the rubble after an airstrike in Khost on Monday.",
        "Rescuers pulled out {n} bodies from the debris after an airstrike in Khost on Monday.",
        "An airstrike hit a house in Khost on Monday; police recovered {n} bullet-riddled bodies.",
        "After the airstrike in Khost on Monday, villagers found {n} bodies in the debris.",
    ],
)
def test_bodies_found_are_the_dead(frame: str, words: str, value: int) -> None:
    assert one(frame.format(n=words).capitalize()).fatalities == value


@pytest.mark.parametrize(("words", "value"), [("two", 2), ("3", 3), ("five", 5)])
@pytest.mark.parametrize(
    "later",
    [
        "{n} of the injured later died in hospital.",
        "{n} of the wounded succumbed to their injuries on Tuesday.",
        "{n} more of the injured later lost their lives.",
    ],
)
def test_the_wounded_who_die_add_to_the_toll_and_are_no_longer_injured(later: str, words: str, value: int) -> None:
    text = "A blast in Bannu on Monday killed four people. " + later.format(n=words).capitalize()
    found = one(text)
    assert (found.fatalities, found.injured) == (4 + value, None)


@pytest.mark.parametrize(
    ("some", "value"), [("Two children", 2), ("A woman and two children", 3), ("Three policemen", 3)]
)
@pytest.mark.parametrize("dead", ["the dead", "those killed", "the victims"])
def test_some_among_the_dead_are_at_least_that_many_and_no_more_than_the_count(
    some: str, value: int, dead: str
) -> None:
    alone = one(f"{some} were among {dead} after a mortar shell hit a house in Bannu on Monday.")
    counted = one(f"A mortar shell hit a house in Bannu on Monday, killing seven people. {some} were among {dead}.")
    assert (alone.fatalities, counted.fatalities) == (value, 7)


def test_attackers_among_the_dead_are_the_attackers_killed() -> None:
    found = one("Troops raided a hideout in Bannu on Monday, killing seven people. Two militants were among the dead.")
    assert (found.fatalities, found.attackers_killed) == (7, 2)


@pytest.mark.parametrize(("verb", "field"), [("injured", "injured"), ("wounded", "injured"), ("killed", "fatalities")])
@pytest.mark.parametrize("whose", ["his", "their"])
def test_a_possessive_before_the_number(verb: str, field: str, whose: str) -> None:
    found = one(f"Gunmen attacked a house in Bannu on Monday and {verb} {whose} three sons.")
    assert getattr(found, field) == 3


@pytest.mark.parametrize(("low", "high"), [("ten", "twelve"), ("4", "6"), ("seven", "nine")])
def test_between_after_the_verb_is_a_range(low: str, high: str) -> None:
    hurt = one(f"A blast in Bannu on Monday injured between {low} and {high} people.")
    dead = one(f"A blast in Bannu on Monday killed between {low} and {high} people.")
    lo, hi = (int(w) if w.isdigit() else NUMBER_WORDS[w] for w in (low, high))
    assert (hurt.fatalities, hurt.injured) == (0, lo)
    assert (dead.fatalities, dead.fatalities_high) == (lo, hi)


NUMBER_WORDS = {"ten": 10, "twelve": 12, "seven": 7, "nine": 9}


# --- ages are no counts; asides and modified injury heads ---------------------------------------

AGES = ["8", "12", "35"]


@pytest.mark.parametrize("age", AGES)
@pytest.mark.parametrize(
    ("frame", "value"),
    [
        ("A boy aged {a} was killed when a mortar shell hit a house in Bannu on Monday.", 1),
        ("Three children aged between 5 and {a} were killed when a mortar shell hit a house in Bannu on Monday.", 3),
        ("Two brothers, aged 4 and {a}, were killed when a mortar shell hit a house in Bannu on Monday.", 2),
    ],
)
def test_an_age_is_no_count_of_the_dead(frame: str, value: int, age: str) -> None:
    assert one(frame.format(a=age)).fatalities == value


@pytest.mark.parametrize(("words", "value"), [("Five", 5), ("Seven", 7), ("Twelve", 12)])
@pytest.mark.parametrize("aside", ["three of whom were children", "two of whom were women", "aged 20 to 30"])
def test_an_aside_between_the_dead_and_the_verb(words: str, value: int, aside: str) -> None:
    text = f"{words} people, {aside}, lost their lives when a mortar round landed in a house in Bannu on Monday."
    assert one(text).fatalities == value


@pytest.mark.parametrize(("words", "value"), [("three", 3), ("four", 4), ("11", 11)])
@pytest.mark.parametrize("hurt", ["sustained bullet injuries", "received critical injuries", "suffered minor wounds"])
def test_a_word_inside_an_injury_head(hurt: str, words: str, value: int) -> None:
    found = one(
        f"Two soldiers were martyred and {words} others {hurt} when militants attacked a post in Wana on Monday."
    )
    assert (found.fatalities, found.injured) == (2, value)


# --- a toll told of another event, a group's record, an era's total -----------------------------

LEAD = "Gunmen attacked a check post in Bannu on Monday, killing four policemen. "


@pytest.mark.parametrize(("words", "value"), [("9", 9), ("eleven", 11), ("at least 30", 30)])
@pytest.mark.parametrize("place", ["Wana", "Zhob"])
def test_another_events_toll_is_not_the_events(place: str, words: str, value: int) -> None:
    text = f"{LEAD}Last month, a similar attack in {place} left {words} dead."
    found = [(i.place.name if i.place else None, i.fatalities) for i in incidents(text)]
    assert ("Bannu", 4) in found
    assert ("Bannu", value) not in found


@pytest.mark.parametrize("group", ["The TTP", "The group", "The outfit", "Militants"])
def test_a_groups_record_is_no_events_toll(group: str) -> None:
    for record in ("has killed more than 500 security personnel", "has claimed over 200 attacks and killed 600 people"):
        verb = record.replace("has ", "have ", 1) if group == "Militants" else record
        assert [i.fatalities for i in incidents(f"{LEAD}{group} {verb}.")] == [4]


@pytest.mark.parametrize(
    "era",
    ["since the ceasefire collapsed", "since the Taliban takeover of Kabul", "since the collapse of the truce"],
)
def test_a_toll_since_an_era_is_a_total(era: str) -> None:
    assert [i.fatalities for i in incidents(f"{LEAD}More than 500 soldiers have been killed {era}.")] == [4]


@pytest.mark.parametrize(("bound", "value"), [("more than", 12), ("more than", 25), ("more than", 40)])
def test_more_than_is_a_bound_not_more_dead(bound: str, value: int) -> None:
    text = f"A blast in Bannu on Monday killed three people. Police later said {bound} {value} people had been killed."
    assert one(text).fatalities == value

"""Behaviour tests in the CheckList style: per phenomenon, template sentences expanded over fillers,
and invariance tests (changing one filler changes only its field). Every sentence is made up here."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from borderwatch.extract import extract_incidents
from borderwatch.geoparse import geoparse
from borderwatch.model import Article
from borderwatch.vocabulary import TRIGGER_CLASSES, class_forms, expand, noun_forms, verb_forms

PUBLISHED = date(2024, 3, 20)  # a Wednesday
WEEKDAYS = {"Monday": "2024-03-18", "Tuesday": "2024-03-19", "Sunday": "2024-03-17", "Friday": "2024-03-15"}
PLACES = ("Chaman", "Bannu", "Zhob", "Wana", "Landi Kotal")
NUMBERS = {"2": 2, "three": 3, "seven": 7, "twenty-one": 21, "at least 12": 12, "a dozen": 12}


def incidents(text: str, published: date | None = PUBLISHED):
    article = Article(id="b", text=text, title=text[:20], source="test", published=published)
    return extract_incidents(article, geoparse("b", text))


def one(text: str, published: date | None = PUBLISHED):
    found = incidents(text, published)
    assert len(found) == 1, (text, [(i.type, i.evidence) for i in found])
    return found[0]


def summary(text: str) -> tuple:
    found = one(text)
    return found.type, found.date, found.place.name if found.place else None, found.fatalities


# 1. Events found by meaning ---------------------------------------------------------------


def test_word_families_are_generated_not_typed() -> None:
    assert verb_forms("kill") == ("kill", "kills", "killed", "killing")
    assert verb_forms("seize") == ("seize", "seized", "seizing", "seizes")
    assert verb_forms("lob") == ("lob", "lobs", "lobbed", "lobbing")  # one short syllable doubles
    assert verb_forms("target") == ("target", "targets", "targeted", "targeting")
    assert set(verb_forms("throw")) >= {"threw", "thrown"} and "cutted" not in verb_forms("cut")
    assert set(noun_forms("air strike")) == {
        "air strike", "air-strike", "airstrike", "air strikes", "air-strikes", "airstrikes",
    }  # fmt: skip
    assert "shot dead" in expand("~shoot dead")
    assert "summoned … envoy" in expand("~summon … {envoy}")


def test_every_class_names_a_type_or_leaves_it_to_the_roles() -> None:
    types = {"airstrike", "attack", "clash", "operation", "closure", "reopening", "talks", "protest", "deportation"}
    for trigger_class in TRIGGER_CLASSES:
        assert trigger_class.type in (*types, "other", None), trigger_class.name
        assert class_forms(trigger_class), trigger_class.name


KILL_PASSIVE = ("killed", "shot dead", "gunned down", "martyred")


@pytest.mark.parametrize(
    ("verb", "place", "weekday"), list(itertools.product(KILL_PASSIVE, PLACES[:3], ("Monday", "Friday")))
)
def test_a_killing_without_an_attack_word_is_an_attack(verb: str, place: str, weekday: str) -> None:
    text = f"Four policemen were {verb} in {place} on {weekday}, officials said."
    assert summary(text) == ("attack", WEEKDAYS[weekday], place, 4)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Security forces killed five militants in Bannu on Monday.", "operation"),
        ("Troops shot dead five insurgents near Wana on Monday.", "operation"),
        ("Five terrorists were killed by security forces in Zhob on Monday.", "operation"),
        ("Gunmen killed five labourers in Zhob on Monday.", "attack"),
        ("Militants shot dead five soldiers near Chaman on Monday.", "attack"),
        ("A drone killed five people in Wana on Monday.", "airstrike"),
        ("Afghan forces and Pakistani troops traded fire near Chaman on Monday, leaving five dead.", "clash"),
        ("Militants raided a checkpost in Zhob on Monday, killing five soldiers.", "attack"),
        ("Police raided a hideout in Bannu on Monday and killed five suspects.", "operation"),
    ],
)
def test_who_acted_decides_the_type(sentence: str, kind: str) -> None:
    found = one(sentence)
    assert (found.type, found.fatalities, found.date) == (kind, 5, "2024-03-18")


@pytest.mark.parametrize(
    ("form", "kind"),
    [
        ("air strike", "airstrike"), ("air-strikes", "airstrike"), ("airstrikes", "airstrike"),
        ("drone strike", "airstrike"), ("gun battle", "clash"), ("gun-battles", "clash"), ("gunfight", "clash"),
        ("roadside bomb", "attack"), ("suicide bombing", "attack"), ("ambush", "attack"),
        ("cordon-and-search operation", "operation"), ("sit-in", "protest"), ("deportations", "deportation"),
    ],
)  # fmt: skip
def test_inflections_plurals_and_hyphen_variants(form: str, kind: str) -> None:
    found = one(f"Residents reported a {form} near Landi Kotal on Sunday.")
    assert (found.type, found.date) == (kind, "2024-03-17")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Authorities sealed the Chaman crossing on Monday.", "closure"),
        ("Trade through Torkham was suspended on Monday.", "closure"),
        ("The Torkham crossing was reopened on Monday.", "reopening"),
        ("Pakistan summoned the Afghan chargé d'affaires on Monday.", "other"),
        ("Elders held a jirga in Landi Kotal on Monday.", "talks"),
        ("Traders staged a sit-in near Chaman on Monday.", "protest"),
        ("Police deported 300 migrants through Torkham on Monday.", "deportation"),
        ("Afghan forces captured a border post near Chaman on Monday.", "other"),
    ],
)
def test_non_violent_classes(sentence: str, kind: str) -> None:
    found = one(sentence)
    assert (found.type, found.date) == (kind, "2024-03-18")


# 2. Each field from its own clause --------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), [("Bannu", "Zhob"), ("Wana", "Chaman"), ("Zhob", "Landi Kotal")])
def test_two_events_of_one_sentence_keep_their_own_place_date_and_toll(first: str, second: str) -> None:
    text = (
        f"Gunmen killed two guards at a checkpost in {first} on Monday, "
        f"two days after a blast in {second} killed four shoppers."
    )
    found = sorted(incidents(text), key=lambda i: i.evidence_start)
    by_place = {i.place.name: (i.date, i.fatalities) for i in found}
    assert by_place == {first: ("2024-03-18", 2), second: ("2024-03-16", 4)}


def test_a_planned_reopening_gives_no_event_and_no_date() -> None:
    found = one("The Chaman crossing was closed on Monday and officials said it will reopen on Friday.")
    assert (found.type, found.date) == ("closure", "2024-03-18")


def test_the_day_a_statement_was_made_dates_the_event_only_when_nothing_else_does() -> None:
    text = "The army said on Tuesday that troops killed three militants in Bannu on Sunday."
    assert summary(text) == ("operation", "2024-03-17", "Bannu", 3)


def test_the_place_is_the_finest_named_for_the_event() -> None:
    found = one("Militants ambushed a convoy near Wana in South Waziristan on Monday.")
    assert found.place.name == "Wana"


# 3. Casualty figures as a small grammar ----------------------------------------------------


@pytest.mark.parametrize(("words", "value"), list(NUMBERS.items()))
@pytest.mark.parametrize("place", PLACES[:2])
def test_number_words_and_digits(words: str, value: int, place: str) -> None:
    assert one(f"A blast in {place} on Monday killed {words} people.").fatalities == value


@pytest.mark.parametrize(
    ("sentence", "deaths"),
    [
        ("A policeman was martyred when gunmen opened fire in Bannu on Monday.", 1),
        ("A blast in Zhob on Monday killed three soldiers and two civilians.", 5),
        ("Three soldiers and two civilians were killed in a blast in Zhob on Monday.", 5),
        ("A blast in Zhob on Monday killed eleven people, including four children.", 11),
        ("Dozens of people were killed when a bomb went off in Bannu on Monday.", None),
        ("A bomb went off in Bannu on Monday; the death toll rose to 9.", 9),
        ("A blast in Wana on Monday killed five to seven people.", 5),
        ("A bomb in Wana on Monday wounded six people.", 0),
        ("Gunmen attacked a post in Wana on Monday and abducted four soldiers.", None),
        ("Gunmen attacked a post in Wana on Monday, resulting in the death of a soldier.", 1),
    ],
)
def test_casualty_grammar(sentence: str, deaths: int | None) -> None:
    assert one(sentence).fatalities == deaths


def test_attackers_and_victims_both_count_and_injured_stay_apart() -> None:
    found = one("Militants stormed a post in Zhob on Monday, killing three soldiers; two attackers were also killed.")
    assert found.fatalities == 5


def test_a_yearly_total_is_no_event_toll() -> None:
    text = (
        "A roadside bomb killed two soldiers in Wana on Monday. "
        "Militant violence has killed 300 security personnel in the province this year."
    )
    attacks = [i for i in incidents(text) if i.type == "attack"]
    assert [(i.place.name, i.fatalities) for i in attacks] == [("Wana", 2)]


# 4. One event, one incident per article ----------------------------------------------------


@pytest.mark.parametrize("place", PLACES[:3])
def test_headline_lead_and_restatement_are_one_incident(place: str) -> None:
    text = (
        f"Six killed in {place} blast\n\n"
        f"A bomb exploded at a market in {place} on Monday, killing six people. "
        f"The blast also damaged shops. Police said the explosion in {place} was caused by a timed device."
    )
    found = one(text)
    assert (found.type, found.place.name, found.fatalities, found.date) == ("attack", place, 6, "2024-03-18")


def test_the_ensuing_gun_battle_is_part_of_the_attack() -> None:
    text = (
        "Militants attacked a police station in Bannu on Monday, killing two constables. "
        "In the ensuing exchange of fire with security forces, three attackers were killed."
    )
    found = one(text)
    assert (found.type, found.fatalities) == ("attack", 5)


# 5. Not events -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides held talks on reopening the Torkham crossing on Monday.",
        "Kabul denied that its forces shelled any Pakistani post on Monday.",
        "The group threatened to attack polling stations in Bannu.",
        "Officials plan to close the Chaman crossing if the dispute continues.",
        "The province saw a series of attacks in Bannu and Zhob last year.",
        "Militants used the area to launch attacks on Zhob.",
    ],
)
def test_topics_threats_plans_denials_and_counts_are_not_events(sentence: str) -> None:
    assert [i.type for i in incidents(sentence) if i.type not in ("talks",)] == []


def test_a_department_name_is_not_an_operation() -> None:
    assert incidents("A spokesman for the Military Operations Directorate spoke in Bannu on Monday.") == []


# Invariance --------------------------------------------------------------------------------

TEMPLATE = "{n} soldiers were killed when militants ambushed a convoy near {place} on {day}."


@pytest.mark.parametrize(("a", "b"), [("Zhob", "Wana"), ("Bannu", "Chaman")])
def test_changing_the_place_changes_only_the_place(a: str, b: str) -> None:
    one_, two = (summary(TEMPLATE.format(n="Three", place=p, day="Monday")) for p in (a, b))
    assert one_[:2] == two[:2] and one_[3] == two[3] and (one_[2], two[2]) == (a, b)


@pytest.mark.parametrize(("a", "b"), [("Three", "Eight"), ("Two", "Twelve")])
def test_changing_the_number_changes_only_the_toll(a: str, b: str) -> None:
    one_, two = (summary(TEMPLATE.format(n=n, place="Zhob", day="Monday")) for n in (a, b))
    assert one_[:3] == two[:3] and one_[3] != two[3]


@pytest.mark.parametrize(("a", "b"), [("Monday", "Sunday"), ("Tuesday", "Friday")])
def test_changing_the_weekday_changes_only_the_date(a: str, b: str) -> None:
    one_, two = (summary(TEMPLATE.format(n="Three", place="Zhob", day=d)) for d in (a, b))
    assert (one_[0], one_[2], one_[3]) == (two[0], two[2], two[3])
    assert (one_[1], two[1]) == (WEEKDAYS[a], WEEKDAYS[b])


def test_two_operations_with_different_tolls_and_no_common_day_stay_apart() -> None:
    text = (
        "Troops killed 12 insurgents in Balochistan, the army said. "
        "The raid took place in Kalat. A day earlier the army said it had shot dead four militants in Zhob."
    )
    ops = sorted((i.place.name, i.fatalities) for i in incidents(text, published=None) if i.type == "operation")
    assert ops == [("Kalat", 12), ("Zhob", 4)]


def test_a_growing_toll_on_one_day_stays_one_event() -> None:
    text = (
        "A bomb killed three people at a bus stand in Bannu on Monday. "
        "The blast in Bannu on Monday killed five people, hospital staff said later."
    )
    found = one(text)
    assert (found.type, found.fatalities) == ("attack", 5)


@pytest.mark.parametrize("noun", ["attack", "blast", "ambush"])
def test_a_definite_mention_joins_the_event_told_before(noun: str) -> None:
    text = (
        f"Militants struck a convoy near Wana on Monday, killing four soldiers. "
        f"Officials in Quetta said the {noun} bore the marks of a known faction."
    )
    attacks = [i for i in incidents(text) if i.type == "attack"]
    assert [(i.place.name, i.fatalities) for i in attacks] == [("Wana", 4)]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("a week ago", ("2024-03-13", "week")),
        ("earlier this week", ("2024-03-18", "week")),
        ("a few days ago", ("2024-03-17", "week")),
        ("two days ago", ("2024-03-18", "day")),
    ],
)
def test_relative_periods_date_the_event_at_their_precision(phrase: str, expected: tuple[str, str]) -> None:
    found = one(f"A bomb went off at a market in Zhob {phrase}, killing two people.")
    assert (found.date, str(found.date_precision)) == expected


def test_a_deadline_is_not_the_event_date() -> None:
    found = one("Authorities closed the Torkham crossing on Monday until Friday.")
    assert (found.type, found.date) == ("closure", "2024-03-18")


@pytest.mark.parametrize("role", ["a member of the peace jirga", "head of the talks committee"])
def test_a_role_is_not_an_event(role: str) -> None:
    found = incidents(f"Malik Zar, {role}, said the Chaman crossing was sealed on Monday.")
    assert [(i.type, i.date) for i in found] == [("closure", "2024-03-18")]


@pytest.mark.parametrize(("province", "city"), [("Punjab", "Lahore"), ("Balochistan", "Quetta")])
def test_a_city_named_as_a_capital_is_the_place(province: str, city: str) -> None:
    found = one(f"A bomb went off in {province} capital {city} on Monday, killing two people.")
    assert found.place.name == city


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("a five-day closure", ("2024-03-13", "day")),
        ("a two-week shutdown", ("2024-03-04", "week")),
        ("a month-long closure", ("2024-02", "month")),
        ("nearly a week-long shutdown", ("2024-03-11", "week")),
        ("almost a month-long closure", ("2024-02", "month")),
    ],
)
def test_a_duration_dates_the_closure_from_the_reopening(duration: str, expected: tuple[str, str]) -> None:
    found = {i.type: i for i in incidents(f"The Chaman crossing reopened on Monday after {duration}.")}
    assert found["reopening"].date == "2024-03-18"
    assert (found["closure"].date, str(found["closure"].date_precision)) == expected


def test_the_exchange_of_fire_after_an_attack_is_part_of_it() -> None:
    text = (
        "Militants attacked a checkpost in Zhob on Monday. Officials said the post held out for hours. "
        "Reinforcements arrived at dawn. In the exchange of fire, two soldiers were killed."
    )
    found = one(text)
    assert (found.type, found.place.name, found.fatalities) == ("attack", "Zhob", 2)


def test_where_a_victim_came_from_is_not_the_place() -> None:
    found = one("A soldier, a resident of Quetta, was killed when militants ambushed a patrol in Zhob on Monday.")
    assert found.place.name == "Zhob"


@pytest.mark.parametrize("verb", ["launched an assault on", "raided"])
def test_afghan_forces_acting_on_a_pakistani_post_is_a_clash(verb: str) -> None:
    assert one(f"Afghan forces {verb} a checkpost near Chaman on Monday.").type == "clash"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("two months ago", ("2024-01", "month")),
        ("three weeks ago", ("2024-02-28", "week")),
        ("a year ago", ("2023", "year")),
    ],
)
def test_units_ago_date_at_their_precision(phrase: str, expected: tuple[str, str]) -> None:
    found = one(f"Officials sealed the Torkham crossing {phrase}.")
    assert (found.date, str(found.date_precision)) == expected


@pytest.mark.parametrize("verb", ["called off", "ended", "broke"])
def test_a_truce_ended_is_an_event(verb: str) -> None:
    found = one(f"The militant group {verb} its ceasefire with the government on Monday.")
    assert (found.type, found.date) == ("other", "2024-03-18")


def test_an_agreement_reached_is_talks() -> None:
    found = one("Traders and officials reached an agreement in Chaman on Monday.")
    assert (found.type, found.place.name) == ("talks", "Chaman")


def test_in_protest_against_is_a_reason_not_a_protest() -> None:
    found = one("Traders shut the Chaman crossing on Monday in protest against new visa rules.")
    assert found.type == "closure"


def test_an_undated_event_does_not_borrow_the_date_of_another_kind_of_event() -> None:
    text = "Gunmen attacked a post in Zhob on Monday. Separately, traders said the Torkham crossing was shut."
    closure = next(i for i in incidents(text) if i.type == "closure")
    # not Monday: no finer than the month it was published in, and it says so
    assert (closure.date, str(closure.date_precision)) == ("2024-03", "month")
    assert "month of publication" in closure.date_note


def test_without_a_publication_date_an_undated_event_stays_undated() -> None:
    text = "Gunmen attacked a post in Zhob on Monday. Separately, traders said the Torkham crossing was shut."
    closure = next(i for i in incidents(text, published=None) if i.type == "closure")
    assert closure.date is None and "no date" in closure.date_note


def test_one_event_keeps_its_most_precise_date() -> None:
    text = (
        "Ten soldiers were killed earlier this week when militants attacked a post in Zhob. "
        "The attack took place on Monday night, officials said."
    )
    found = one(text)
    assert (found.date, str(found.date_precision), found.fatalities) == ("2024-03-18", "day", 10)


@pytest.mark.parametrize(("a", "b"), [("Kunar", "Paktika"), ("Khost", "Nangarhar")])
def test_one_event_per_place_named_together(a: str, b: str) -> None:
    found = incidents(f"Airstrikes hit {a} and {b} provinces on Monday, wounding four civilians.")
    assert sorted((i.type, i.place.name, i.fatalities, i.date) for i in found) == [
        ("airstrike", a, 0, "2024-03-18"),
        ("airstrike", b, 0, "2024-03-18"),
    ]


def test_a_shared_toll_is_not_counted_twice() -> None:
    found = incidents("Jets bombed Khost and Paktia provinces on Monday, killing nine people.")
    assert sorted((i.place.name, i.fatalities) for i in found) == [("Khost", 9), ("Paktiya", None)]


@pytest.mark.parametrize("province", ["Kunar", "Nangarhar"])
def test_an_event_on_the_ground_may_be_placed_in_a_province(province: str) -> None:
    found = one(f"Afghan guards stopped Pakistani troops from fencing the border in {province} province on Sunday.")
    assert (found.type, found.place.name, found.date) == ("other", province, "2024-03-17")


def test_talks_take_a_venue_not_the_province_they_concern() -> None:
    found = one("Elders held a jirga about Kunar province on Sunday.")
    assert (found.type, found.place) == ("talks", None)


@pytest.mark.parametrize("crossing", ["Chaman crossing", "Chaman border crossing", "Torkham crossing"])
def test_a_closure_names_its_crossing(crossing: str) -> None:
    found = one(f"Officials shut the {crossing} to trucks on Monday.")
    assert (found.type, found.place.kind, found.date) == ("closure", "crossing", "2024-03-18")


def test_an_old_event_told_first_does_not_date_the_news() -> None:
    text = (
        "Torkham shut to lorries\n\n"
        "Officials said the Torkham crossing was closed to lorries. "
        "Three months ago, the same crossing had been shut to buses."
    )
    found = sorted((i.date, str(i.date_precision), i.role) for i in incidents(text) if i.type == "closure")
    assert found == [("2023-12", "month", "background"), ("2024-03-20", "week", "main")]


@pytest.mark.parametrize("subject", ["Frontier Corps troops", "Pakistani border guards", "the Taliban"])
@pytest.mark.parametrize("verb", ["stopped", "prevented"])
def test_a_fence_stopped_names_its_actors_between_verb_and_object(subject: str, verb: str) -> None:
    # the words between "stopped" and "from fencing" are a noun phrase of up to three words
    found = one(f"Residents said on Tuesday that guards {verb} {subject} from erecting a fence near Wana on Sunday.")
    assert (found.type, found.date, found.place.name) == ("other", "2024-03-17", "Wana")


@pytest.mark.parametrize(
    ("closed", "day"), [("It was closed on March 2", "2024-03-02"), ("It had been shut on Friday", "2024-03-15")]
)
def test_a_closure_told_with_a_pronoun_belongs_to_the_crossing_before(closed: str, day: str) -> None:
    text = f"The Torkham crossing reopened on Monday. {closed} after a row over customs duties."
    found = {i.type: i for i in incidents(text)}
    assert (found["closure"].date, found["closure"].place.name) == (day, "Torkham")


def test_a_pronoun_closure_without_a_crossing_before_is_no_event() -> None:
    assert incidents("Officials met in Quetta on Monday. It was closed on March 2 after a row over fees.") == []


@pytest.mark.parametrize(
    ("where", "place"),
    [
        ("into Afghanistan's Kunar province", "Kunar"),
        ("in Pakistan's Kurram district", "Kurram"),
        ("near Wana, South Waziristan", "Wana"),
        ("in Barmal, Paktika", "Bermal"),
    ],
)
def test_a_place_named_to_situate_another_is_not_the_event_place(where: str, place: str) -> None:
    found = one(f"Mortar shells fired by Pakistani troops landed {where} on Sunday.")
    assert (found.type, found.place.name) == ("clash", place)


@pytest.mark.parametrize("origin", ["Quetta", "Peshawar"])
def test_talks_take_no_venue_from_where_a_delegation_came(origin: str) -> None:
    found = one(f"A jirga from {origin} held talks with Taliban officials on Monday.")
    assert (found.type, found.place, found.date) == ("talks", None, "2024-03-18")


@pytest.mark.parametrize(("prep", "venue"), [("in", "Afghanistan"), ("about", None), ("on", None)])
def test_a_country_is_a_venue_only_when_talks_are_held_in_it(prep: str, venue: str | None) -> None:
    found = one(f"Negotiators held talks {prep} Afghanistan on Monday.")
    assert (found.type, found.place.name if found.place else None) == ("talks", venue)


@pytest.mark.parametrize("verb", ["failed to explode", "failed to detonate"])
def test_a_bomb_that_failed_to_go_off_is_no_second_event(verb: str) -> None:
    found = one(f"A drone strike hit a house near Khost on Sunday, but one missile {verb}.")
    assert (found.type, found.date) == ("airstrike", "2024-03-17")


@pytest.mark.parametrize("agent", ["A suicide bomber was", "Two gunmen were", "The bomber was"])
@pytest.mark.parametrize("fate", ["killed", "arrested"])
def test_the_attackers_fate_in_an_operation_is_not_an_attack(agent: str, fate: str) -> None:
    found = one(f"{agent} {fate} during an intelligence-based operation in Bannu on Monday.")
    assert (found.type, found.place.name, found.date) == ("operation", "Bannu", "2024-03-18")


@pytest.mark.parametrize(("night", "day"), [("Sunday night", "2024-03-17"), ("Friday evening", "2024-03-15")])
def test_a_later_mention_of_the_killing_dates_an_event_known_only_by_when_it_was_reported(night: str, day: str) -> None:
    text = (
        "A landmine hit a pickup near Wana, killing a tribal elder and two guards, police said on Tuesday. "
        f"Nobody has claimed the killing of the elder on {night}."
    )
    found = one(text)
    assert (found.type, found.date, found.fatalities) == ("attack", day, 3)


@pytest.mark.parametrize("opening", ["Meanwhile,", "In the meantime,", "Elsewhere,"])
def test_meanwhile_puts_an_undated_event_in_the_week_of_the_one_before(opening: str) -> None:
    text = f"Gunmen killed two guards in Zhob on Monday. {opening} troops raided a hideout in Bannu."
    found = {i.type: i for i in incidents(text)}
    assert (found["operation"].date, str(found["operation"].date_precision)) == ("2024-03-18", "week")


@pytest.mark.parametrize("victim", ["a suicide bomber", "two gunmen"])
def test_an_attacker_killed_by_troops_is_the_operations_toll_not_an_attack(victim: str) -> None:
    found = one(f"Troops raided a compound in Bannu on Monday and killed {victim}.")
    assert (found.type, found.place.name) == ("operation", "Bannu")


@pytest.mark.parametrize("place", PLACES[:3])
def test_embraced_martyrdom_and_sustained_injuries_are_casualty_words(place: str) -> None:
    found = one(f"Three policemen embraced martyrdom and two others sustained injuries in an ambush near {place}.")
    assert (found.type, found.fatalities, found.injured, found.place.name) == ("attack", 3, 2, place)


@pytest.mark.parametrize("verb", ["were sent back", "were forced back", "were deported"])
def test_a_deportation_is_placed_at_the_crossing_not_the_destination(verb: str) -> None:
    found = one(f"About 900 Afghan nationals {verb} to Afghanistan through the Torkham crossing on Monday.")
    assert (found.type, found.place.name, found.date) == ("deportation", "Torkham", "2024-03-18")


@pytest.mark.parametrize(
    "sentence",
    [
        "Talks between elders and officials on trade at the Chaman crossing will be held next week.",
        "A jirga on the Kurram dispute is scheduled for Friday.",
        "The Ghulam Khan crossing will be reopened on Monday.",
    ],
)
def test_a_future_verb_after_the_event_word_makes_it_planned(sentence: str) -> None:
    assert incidents(sentence) == []


@pytest.mark.parametrize(
    ("source", "place"), [("officials in Kabul said", "Kurram"), ("local sources in Khost said", "Khost")]
)
def test_the_place_of_whoever_reported_it_is_not_the_event_place(source: str, place: str) -> None:
    text = f"Afghan forces shelled Pakistani posts in Kurram on Sunday. Two guards died in the fighting, {source}."
    if place == "Khost":
        text = f"Gunmen killed two guards on Sunday, {source}."
    found = one(text)
    assert (found.place.name, found.fatalities) == (place, 2)


@pytest.mark.parametrize("group", ["a committee of the Wazir tribe in", "elders of", "a delegation of traders from"])
def test_talks_take_no_venue_from_the_participants_home(group: str) -> None:
    found = one(f"On Monday {group} Bannu held talks with the militants.")
    assert (found.type, found.place, found.date) == ("talks", None, "2024-03-18")


def test_talks_keep_a_venue_named_after_the_participants() -> None:
    found = one("On Monday elders of Bannu held talks with the militants in Peshawar.")
    assert (found.type, found.place.name) == ("talks", "Peshawar")


@pytest.mark.parametrize("verb", ["rose", "climbed", "has risen"])
@pytest.mark.parametrize("place", PLACES[:2])
def test_a_toll_that_rose_replaces_the_figures_it_counts(verb: str, place: str) -> None:
    text = (
        f"A bomb went off at a busy bus stand in {place} on Monday. The death toll from the blast at the bus "
        f"stand {verb} to 11 on Tuesday after two more wounded men died in hospital."
    )
    found = one(text)
    assert (found.fatalities, found.date, found.place.name) == (11, "2024-03-18", place)


@pytest.mark.parametrize(("victims", "deaths"), [("a commander and his two guards", 3), ("a teacher", 1)])
def test_a_named_victim_and_his_companions_are_summed(victims: str, deaths: int) -> None:
    assert one(f"A drone strike killed {victims} near Datta Khel on Monday.").fatalities == deaths


def test_killed_and_wounded_figures_of_two_verbs_stay_apart() -> None:
    found = one("Shelling from across the border killed two farmers and wounded five near Chaman on Monday.")
    assert (found.fatalities, found.injured) == (2, 5)


@pytest.mark.parametrize("verb", ["to lodge a strong protest", "and registered its protest"])
def test_a_protest_lodged_with_an_envoy_is_diplomacy_not_a_demonstration(verb: str) -> None:
    found = one(f"The Foreign Office summoned the Afghan envoy on Monday {verb} over the firing.")
    assert (found.type, found.date) == ("other", "2024-03-18")


def test_a_closure_told_beside_a_reopening_is_of_the_same_crossing() -> None:
    text = (
        "Trade at Torkham was normal on Monday. "
        "Separately, the Kharlachi crossing reopened on Tuesday after remaining closed for 12 days."
    )
    found = {i.type: i for i in incidents(text)}
    assert (found["closure"].place.name, found["closure"].date) == ("Kharlachi", "2024-03-07")


@pytest.mark.parametrize("thing", ["Trade through the Torkham crossing", "Cargo traffic at Torkham"])
def test_trade_that_resumed_is_a_reopening_and_its_pause_a_closure(thing: str) -> None:
    found = {i.type: i for i in incidents(f"{thing} resumed on Monday after a six-day suspension.")}
    assert (found["reopening"].date, found["closure"].date) == ("2024-03-18", "2024-03-12")


def test_talks_that_resumed_open_no_crossing() -> None:
    assert [i.type for i in incidents("Talks on the Torkham border dispute resumed in Kabul on Monday.")] == ["talks"]


@pytest.mark.parametrize(("actor", "kind"), [("Militants", "attack"), ("Pakistani jets", "airstrike")])
@pytest.mark.parametrize("target", ["a police station", "a border post", "a convoy"])
def test_targeting_a_post_is_violence_typed_by_who_did_it(actor: str, kind: str, target: str) -> None:
    found = one(f"{actor} targeted {target} near Bannu on Monday.")
    assert (found.type, found.place.name, found.date) == (kind, "Bannu", "2024-03-18")


@pytest.mark.parametrize(("low", "high"), [("eight", "ten"), ("12", "15")])
def test_between_two_figures_gives_the_low_end(low: str, high: str) -> None:
    found = one(f"Between {low} and {high} militants were killed when troops raided a hideout in Bannu on Monday.")
    assert found.fatalities == {"eight": 8, "12": 12}[low]


@pytest.mark.parametrize("verb", ["embraced shahadat", "embraced martyrdom"])
def test_soldiers_killed_in_the_exchange_of_fire_count_with_the_raid(verb: str) -> None:
    text = (
        f"Troops raided a hideout in Bannu on Monday, killing four militants. "
        f"Two soldiers {verb} during the exchange of fire."
    )
    found = one(text)
    assert (found.type, found.fatalities) == ("operation", 6)


def test_one_and_two_of_different_units_are_summed() -> None:
    found = one("One Pakistani soldier and two Afghan guards were killed in a border clash near Chaman on Monday.")
    assert found.fatalities == 3


def test_a_closure_told_again_without_a_date_is_the_one_the_reopening_ended() -> None:
    text = (
        "The Torkham crossing reopened on Monday after a nine-day closure. "
        "The crossing had been shut after guards of the two sides exchanged fire."
    )
    closures = [i for i in incidents(text) if i.type == "closure"]
    assert [(c.date, c.place.name) for c in closures] == [("2024-03-09", "Torkham")]


@pytest.mark.parametrize("verb", ["hurled a grenade at", "lobbed a hand grenade at", "threw a grenade at"])
def test_a_grenade_thrown_is_an_attack_and_no_one_hurt_is_nought(verb: str) -> None:
    found = one(f"Unknown men {verb} a police post in Peshawar on Monday; no one was hurt.")
    assert (found.type, found.fatalities, found.injured) == ("attack", 0, None)


@pytest.mark.parametrize("after", ["No casualties were reported.", "There were no fatalities."])
def test_no_casualties_in_the_next_sentence_is_the_clash_toll(after: str) -> None:
    found = one(f"Afghan and Pakistani guards exchanged fire at the Chaman crossing on Monday. {after}")
    assert (found.type, found.fatalities) == ("clash", 0)


@pytest.mark.parametrize("victim", ["a kidnapped shopkeeper", "the abducted teacher"])
def test_a_body_recovered_is_a_killing(victim: str) -> None:
    found = one(f"The body of {victim} was recovered from a stream in Bajaur on Monday.")
    assert (found.type, found.fatalities, found.place.name) == ("attack", 1, "Bajaur")


@pytest.mark.parametrize("verb", ["set fire to", "torched"])
def test_arson_by_militants_is_an_attack_but_a_crowds_fire_is_its_protest(verb: str) -> None:
    obj = "a school" if verb == "set fire to" else "a check post"
    assert summary(f"Militants {verb} {obj} in Wana on Monday.")[:3] == ("attack", "2024-03-18", "Wana")
    found = one(f"Protesters marched in Wana on Monday, and the crowd {verb} {obj}.")
    assert found.type == "protest"


@pytest.mark.parametrize("event", ["the deportation drive", "the closure of the Torkham crossing"])
def test_what_a_protest_is_against_is_no_event_of_its_own(event: str) -> None:
    found = one(f"Traders staged a protest in Quetta on Monday against {event}.")
    assert (found.type, found.place.name) == ("protest", "Quetta")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("overnight", "2024-03-19"),
        ("last night", "2024-03-19"),
        ("a day earlier, police said on Tuesday", "2024-03-18"),
        ("two days earlier, officials said on Monday", "2024-03-16"),
        ("the day before, the army said on Sunday", "2024-03-16"),
    ],
)
def test_nights_and_days_counted_back_from_the_sentence(phrase: str, expected: str) -> None:
    found = one(f"Militants stormed a check post in Zhob {phrase}.")
    assert (found.date, str(found.date_precision)) == (expected, "day")


@pytest.mark.parametrize("town", ["Sararogha", "Makeen"])
def test_a_town_of_a_split_district_is_inside_the_district_the_press_names(town: str) -> None:
    # the town lies in "Upper South Waziristan"; the headline says "South Waziristan"
    text = (
        "Six soldiers killed in South Waziristan ambush\n\n"
        f"Six soldiers were killed when militants ambushed a convoy near {town} on Saturday."
    )
    found = one(text)
    assert (found.type, found.fatalities, found.date) == ("attack", 6, "2024-03-16")


@pytest.mark.parametrize("words", ["Heavy fighting broke out between", "Fierce fighting erupted between"])
def test_fighting_between_the_two_states_forces_is_a_clash(words: str) -> None:
    found = one(f"{words} Afghan border forces and Pakistani troops near Chaman on Sunday.")
    assert (found.type, found.place.name, found.date) == ("clash", "Chaman", "2024-03-17")


def test_a_headline_verb_clash_is_a_clash() -> None:
    assert one("Afghan and Pakistani troops clash near Torkham").type == "clash"


def test_the_date_nearest_the_event_word_dates_it_among_equals() -> None:
    text = "Officials met on Monday and agreed to reopen the Chaman crossing, which has been shut since Friday."
    found = one(text)
    assert (found.type, found.date) == ("closure", "2024-03-15")


@pytest.mark.parametrize(
    ("victims", "deaths"), [("Two guards and a civilian", 3), ("Three soldiers and a policeman", 4)]
)
def test_a_list_ending_in_one_victim_is_summed(victims: str, deaths: int) -> None:
    found = one(f"Militants attacked a post near Wana on Monday. {victims} were killed.")
    assert found.fatalities == deaths


def test_a_number_of_people_killed_is_no_count() -> None:
    assert one("A bomb went off in a market in Wana on Monday. A number of people were killed.").fatalities is None


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Pakistani troops killed six militants in a raid near Wana on Monday.", "operation"),
        ("Frontier Corps soldiers killed two insurgents during an assault near Zhob on Monday.", "operation"),
        ("Militants killed two policemen in a raid near Bannu on Monday.", "attack"),
    ],
)
def test_a_raid_told_in_a_phrase_belongs_to_the_clause_subject(sentence: str, kind: str) -> None:
    assert one(sentence).type == kind


def test_a_headline_joins_the_event_whose_toll_it_gives_whatever_day_it_borrowed() -> None:
    text = (
        "Envoy summoned after cross-border firing kills two\n\n"
        "The Foreign Office summoned the Afghan envoy on Tuesday over firing from across the border near "
        "Chaman that killed two farmers a day earlier."
    )
    clashes = [i for i in incidents(text) if i.type == "clash"]
    assert [(c.date, c.fatalities) for c in clashes] == [("2024-03-18", 2)]


def test_the_fighting_a_closure_followed_is_dated_to_its_first_day() -> None:
    text = "The Kharlachi crossing reopened on Monday after remaining closed for ten days following clashes."
    found = {i.type: i for i in incidents(text)}
    assert found["closure"].date == found["clash"].date == "2024-03-08"


@pytest.mark.parametrize(("nth", "began"), [("a third consecutive", "2024-03-16"), ("the 5th straight", "2024-03-14")])
def test_shut_for_the_nth_day_dates_the_closure_to_its_first_day(nth: str, began: str) -> None:
    found = one(f"The Chaman crossing remained shut for {nth} day on Monday.")
    assert (found.type, found.date) == ("closure", began)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Islamic Emirate forces killed three Pakistani soldiers near Chaman on Monday.", "clash"),
        ("Forces of the Islamic Emirate destroyed two Pakistani posts near Chaman on Monday.", "clash"),
        ("Militants overran a police post near Chaman on Monday.", "attack"),
        ("Rangers killed two suspects in a raid near Chaman on Monday.", "operation"),
    ],
)
def test_the_forces_each_side_calls_by_its_own_names(sentence: str, kind: str) -> None:
    assert one(sentence).type == kind


@pytest.mark.parametrize("participle", ["targeting a police post", "storming a checkpoint"])
def test_a_participle_after_an_attack_tells_the_same_attack(participle: str) -> None:
    found = one(f"Militants launched an attack near Chaman on Monday, {participle} on the highway.")
    assert (found.type, found.date) == ("attack", "2024-03-18")


@pytest.mark.parametrize(("actor", "kind"), [("Pakistani jets", "airstrike"), ("Militants", "attack")])
@pytest.mark.parametrize("verb", ["pounded hideouts", "hit a post"])
def test_pounding_or_hitting_a_target_is_violence_typed_by_the_doer(actor: str, kind: str, verb: str) -> None:
    found = one(f"{actor} {verb} near Khost early on Monday and left at least eight people dead.")
    assert (found.type, found.date, found.fatalities) == (kind, "2024-03-18", 8)


def test_footage_that_went_viral_dates_the_event_to_the_week_before() -> None:
    found = one("A video that went viral late on Tuesday showed militants torching a check post near Chaman.")
    assert (found.type, found.date, str(found.date_precision)) == ("attack", "2024-03-19", "week")


def test_the_day_it_was_said_dates_an_event_nothing_else_dates_but_says_so() -> None:
    found = one("Police said on Tuesday that militants attacked a check post near Chaman.")
    assert (found.date, str(found.date_precision)) == ("2024-03-19", "day")
    assert "when it was reported" in found.date_note


@pytest.mark.parametrize("step", ["summoned the Afghan envoy", "lodged a protest", "staged a rally"])
def test_what_a_step_is_about_is_no_new_event_unless_told_with_a_toll(step: str) -> None:
    found = incidents(f"Officials {step} in Quetta on Monday over the strikes.")
    assert [i.type for i in found if i.type == "airstrike"] == []
    found = incidents(f"Officials {step} in Quetta on Monday over the strike that killed four people in Chaman.")
    assert [(i.type, i.fatalities) for i in found if i.type == "airstrike"] == [("airstrike", 4)]


def test_diplomats_expelled_are_a_diplomatic_step_not_a_deportation() -> None:
    assert one("Islamabad expelled two Afghan diplomats on Monday.").type == "other"


def test_a_road_blocked_is_a_protest_even_when_its_reason_follows() -> None:
    found = one("Traders blocked the Chaman highway on Monday in protest against the new visa rules.")
    assert (found.type, found.date) == ("protest", "2024-03-18")


def test_an_arrest_ahead_of_deportation_is_no_deportation() -> None:
    assert incidents("Police held 300 Afghans in Karachi on Monday ahead of their deportation.") == []


@pytest.mark.parametrize(("words", "deaths"), [("a family of four", 4), ("an entire family of seven", 7)])
def test_a_family_of_n_killed_is_n(words: str, deaths: int) -> None:
    assert one(f"Pakistani drones struck a house near Khost on Monday, killing {words}.").fatalities == deaths


@pytest.mark.parametrize("target", ["a NADRA office", "a girls' school"])
def test_torching_an_office_or_school_is_an_attack(target: str) -> None:
    assert summary(f"Militants torched {target} in Wana on Monday.")[:3] == ("attack", "2024-03-18", "Wana")


@pytest.mark.parametrize("victim", ["Cop", "Tribal elder", "Soldier"])
def test_a_headline_victim_without_a_number_is_one(victim: str) -> None:
    text = f"{victim} martyred in Wana gun attack\n\nGunmen opened fire near Wana on Monday."
    assert one(text).fatalities == 1


def test_a_bare_noun_inside_a_sentence_is_no_headline_victim() -> None:
    assert one("Gunmen attacked a post near Wana on Monday; the soldier killed two of them.").fatalities == 2


@pytest.mark.parametrize("side", ["the army's", "the military's", "Pakistan's"])
def test_a_toll_one_side_claims_for_the_other_does_not_replace_the_reported_one(side: str) -> None:
    text = (
        "Militants attacked a checkpost near Turbat on Monday, and ten soldiers were killed. "
        f"A spokesman for the group claimed {side} toll had climbed to 17."
    )
    assert one(text).fatalities == 10


def test_reports_that_emerged_are_not_footage() -> None:
    found = one("Reports of militants attacking a check post near Chaman emerged on Monday.")
    assert (found.date, str(found.date_precision)) == ("2024-03-18", "day")


# What people seek or talk over is not an event told ----------------------------------------

SEEKING = ("met on Monday to discuss", "on Monday pressed for", "on Monday sought", "on Monday appealed for")


@pytest.mark.parametrize(("seeking", "crossing"), list(itertools.product(SEEKING, ("Torkham", "Chaman"))))
def test_a_reopening_sought_or_discussed_is_no_reopening(seeking: str, crossing: str) -> None:
    found = incidents(f"Traders from Landi Kotal {seeking} the reopening of the {crossing} crossing.")
    assert [i.type for i in found if i.type in ("reopening", "closure")] == []


@pytest.mark.parametrize("crossing", ["Torkham", "Chaman"])
def test_a_reopening_done_after_talks_is_still_a_reopening(crossing: str) -> None:
    found = incidents(f"After talks on Monday, officials reopened the {crossing} crossing on Tuesday.")
    assert [(i.type, i.date) for i in found if i.type == "reopening"] == [("reopening", "2024-03-19")]


# Fire both sides do at once, between the state's forces and militants: a battle ------------

FORCES = ("Security forces", "Police", "Frontier Corps troops")
FIGHTING = ("clashed with", "traded fire with", "fought a gun battle with")


@pytest.mark.parametrize(("forces", "fighting"), list(itertools.product(FORCES, FIGHTING)))
def test_forces_and_militants_fighting_is_an_operation_whoever_comes_first(forces: str, fighting: str) -> None:
    assert one(f"{forces} {fighting} militants in Bannu on Monday.").type == "operation"
    assert one(f"Militants {fighting} {forces.lower()} in Bannu on Monday.").type == "operation"


def test_militants_firing_on_a_post_is_still_their_attack() -> None:
    assert one("Militants fired rockets at a police post in Bannu on Monday.").type == "attack"


def test_forces_of_both_states_fighting_stay_a_clash() -> None:
    assert one("Pakistani and Afghan forces clashed at Torkham on Monday.").type == "clash"


# Bodies found: the finder is not the killer --------------------------------------------------

FINDERS = ("Police", "Villagers", "Security forces", "Rescuers")
FOUND = ("recovered the bodies of {n} men", "found the bullet-riddled bodies of {n} men")


@pytest.mark.parametrize(("finder", "found"), list(itertools.product(FINDERS, FOUND)))
@pytest.mark.parametrize(("words", "n"), [("three", 3), ("five", 5)])
def test_bodies_found_are_a_killing_by_someone_else(finder: str, found: str, words: str, n: int) -> None:
    text = f"{finder} {found.format(n=words)} near Wana on Sunday."
    assert summary(text) == ("attack", "2024-03-17", "Wana", n)


@pytest.mark.parametrize("place", ["Wana", "Zhob"])
def test_bodies_of_people_found_in_the_passive(place: str) -> None:
    assert summary(f"The bodies of four men were found in {place} on Monday.") == ("attack", "2024-03-18", place, 4)


# Invariance: a sentence types its event the same wherever it stands in the text --------------

LEADS = ("", "Markets were busy in the morning. ", "date: 2024-03-20\nSecurity update\n\n")


@pytest.mark.parametrize("lead", LEADS)
@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Three soldiers martyred as militants attack post in Wana", "attack"),
        ("Five militants killed as troops raid hideout in Zhob", "operation"),
        ("Two policemen shot dead in Bannu", "attack"),
        ("Five Pakistani soldiers martyred in Zhob", "attack"),  # the count's modifiers stand between
        ("Four armed militants killed in Wana", "operation"),
    ],
)
def test_a_killing_is_typed_the_same_wherever_it_stands(lead: str, sentence: str, kind: str) -> None:
    found = [i for i in incidents(lead + sentence) if i.fatalities]
    assert [i.type for i in found] == [kind], (lead, sentence)


# The doers of an attack killed later on: that attack's toll, however far down ---------------

FILLERS = ("Troops returned fire.", "The exchange lasted an hour.", "Reinforcements were rushed to the area.")


@pytest.mark.parametrize("doers", ["attackers", "assailants", "bombers"])
@pytest.mark.parametrize(("number", "n"), [("three", 3), ("Two", 2)])
@pytest.mark.parametrize("gap", [0, 1, 3])
def test_attackers_killed_later_are_the_attacks_toll(doers: str, number: str, n: int, gap: int) -> None:
    text = " ".join(
        ["Militants attacked a check post in Wana on Monday, killing two soldiers.", *FILLERS[:gap],
         f"{number.capitalize()} {doers} were also killed, officials said."]
    )  # fmt: skip
    assert [(i.type, i.place.name, i.fatalities) for i in incidents(text)] == [("attack", "Wana", 2 + n)]


# Expected, scheduled, slated: still to come ---------------------------------------------------


@pytest.mark.parametrize("future", ["were expected to take place", "are slated to begin", "are likely to be held"])
@pytest.mark.parametrize("venue", ["Doha", "Islamabad"])
def test_talks_expected_to_take_place_are_no_event(future: str, venue: str) -> None:
    assert incidents(f"Talks between the two sides {future} in {venue} later this week.") == []


# The forces of both states, whatever the event word ----------------------------------------

ACTS = ("opened fire on", "attacked", "ambushed")


@pytest.mark.parametrize("act", ACTS)
@pytest.mark.parametrize(
    ("doer", "target"), [("Afghan forces", "Pakistani posts"), ("Pakistani troops", "Afghan posts")]
)
def test_one_states_forces_acting_on_the_others_is_a_clash(act: str, doer: str, target: str) -> None:
    assert summary(f"{doer} {act} {target} near Torkham on Monday.")[:3] == ("clash", "2024-03-18", "Torkham")


@pytest.mark.parametrize("act", ACTS)
def test_militants_acting_on_posts_stay_an_attack(act: str) -> None:
    assert one(f"Militants {act} a police post near Zhob on Monday.").type == "attack"


# A dateline after the headline is where the story was filed, not where it happened -----------

DATELINES = ("KABUL/ISLAMABAD, March 19 (Reuters) - ", "QUETTA: ", "PESHAWAR, March 19 — ")


@pytest.mark.parametrize("dateline", DATELINES)
@pytest.mark.parametrize("place", ["Chaman", "Wana"])
def test_a_dateline_below_the_headline_does_not_place_the_event(dateline: str, place: str) -> None:
    lead = f"Afghan and Pakistani forces traded fire near {place} on Monday, officials said."
    text = f"Forces trade fire on the border\n\n{dateline}{lead}"
    assert {(i.type, i.place.name if i.place else None) for i in incidents(text)} == {("clash", place)}


# "days after": how many days is not said -------------------------------------------------------


@pytest.mark.parametrize(("unit", "month"), [("days", "2024-03"), ("weeks", "2024-03")])
def test_days_after_an_event_dates_it_to_the_month_only(unit: str, month: str) -> None:
    text = f"Troops raided a hideout in Wana on Monday, {unit} after a drone strike in Zhob."
    strike = next(i for i in incidents(text) if i.type == "airstrike")
    assert (strike.date, strike.date_precision.value) == (month, "month")
    assert "not said" in strike.date_note


# A verb whose subject is the event just named tells the same event ---------------------------


@pytest.mark.parametrize(("event", "verb"), [("The strikes", "targeted"), ("The blast", "destroyed")])
def test_a_verb_whose_subject_is_the_event_adds_no_event(event: str, verb: str) -> None:
    text = f"Jets bombed a village in Wana on Monday. {event} {verb} three compounds, residents said."
    assert len({i.type for i in incidents(text)}) == 1


@pytest.mark.parametrize(("a", "b"), [("Urgun", "Barmal"), ("Khost", "Paktika")])
def test_one_event_per_place_survives_a_vaguer_headline(a: str, b: str) -> None:
    text = f"Strikes reported in Afghanistan\n\nPakistani jets bombed houses in {a} and {b} on Monday, officials said."
    assert sorted(i.place.name.replace("Bermal", "Barmal") for i in incidents(text)) == sorted([a, b])


@pytest.mark.parametrize(
    ("doer", "kind"), [("Pakistani jets", "airstrike"), ("Drones", "airstrike"), ("Militants", "attack")]
)
@pytest.mark.parametrize("target", ["a compound", "suspected hideouts", "a police post"])
def test_struck_a_target_is_typed_by_its_doer(doer: str, kind: str, target: str) -> None:
    assert one(f"{doer} struck {target} in Wana on Monday.").type == kind


def test_a_strike_by_workers_is_no_air_strike() -> None:
    # ACLED codes strikes of work and trade as peaceful protests
    assert [i.type for i in incidents("Traders went on strike in Chaman on Monday.")] == ["protest"]


# Talks: a ceasefire agreed, and a government's demand is no venue ----------------------------


@pytest.mark.parametrize("agreed", ["A ceasefire was agreed", "The two sides agreed to a ceasefire"])
@pytest.mark.parametrize("venue", ["Doha", "Kabul"])
def test_a_ceasefire_agreed_is_talks_at_its_venue(agreed: str, venue: str) -> None:
    assert summary(f"{agreed} in {venue} on Monday.")[:3] == ("talks", "2024-03-18", venue)


@pytest.mark.parametrize(("venue", "capital"), [("Doha", "Islamabad"), ("Doha", "Kabul"), ("Kabul", "Islamabad")])
def test_a_capitals_demand_is_not_the_venue_of_talks(venue: str, capital: str) -> None:
    text = f"Talks held in {venue} on Monday focused on {capital}'s demand for guarantees."
    assert summary(text)[:3] == ("talks", "2024-03-18", venue)


def test_a_venue_is_not_lent_to_fighting_told_in_the_same_sentence() -> None:
    text = "A truce was agreed in Doha on Monday after days of border clashes that killed twelve people."
    places = {i.type: i.place.name if i.place else None for i in incidents(text)}
    assert places["talks"] == "Doha" and places.get("clash") != "Doha"


# A crackdown on migrants is a deportation drive ----------------------------------------------


@pytest.mark.parametrize("people", ["undocumented migrants", "Afghan refugees", "illegal immigrants"])
def test_a_crackdown_on_migrants_is_a_deportation(people: str) -> None:
    assert one(f"Police launched a crackdown on {people} in Karachi on Monday.").type == "deportation"


def test_a_crackdown_on_militants_stays_an_operation() -> None:
    assert one("Police launched a crackdown on militants in Bannu on Monday.").type == "operation"


# "for the Nth day" with no day named: counted back from the day of writing -----------------


@pytest.mark.parametrize(("nth", "began"), [("the 26th", "2024-02-24"), ("a fifth", "2024-03-16")])
def test_the_nth_day_of_a_closure_without_a_day_counts_from_publication(nth: str, began: str) -> None:
    found = one(f"Trade through Torkham remained suspended for {nth} day.")
    assert (found.type, found.date, found.date_precision.value) == ("closure", began, "day")
    assert "publication" in found.date_note


# What a place has gone through, and attacks over a stretch of time: no single event -----------


@pytest.mark.parametrize(
    "sentence",
    [
        "The province recently witnessed major militant attacks in Bannu and Wana.",
        "Militants stepped up attacks in Zhob in recent months.",
        "Security forces carried out operations in Wana over the past year.",
        "Chaman has seen deadly attacks on the police.",
    ],
)
def test_attacks_gone_through_or_over_time_are_no_event(sentence: str) -> None:
    assert incidents(sentence) == []


@pytest.mark.parametrize("place", ["Khost", "Wana"])
def test_plural_strikes_on_one_day_are_still_an_event(place: str) -> None:
    assert summary(f"Airstrikes hit two villages in {place} on Monday.")[:3] == ("airstrike", "2024-03-18", place)


# The casualty split (#16): attackers among the dead, the high end of a range, missing, abducted ----------

SPLIT = ("fatalities", "fatalities_high", "attackers_killed", "injured", "missing", "abducted")


def split(text: str) -> dict[str, int | None]:
    found = one(text)
    return {k: getattr(found, k) for k in SPLIT}


RANGES = [("three", "four", 3, 4), ("8", "11", 8, 11), ("twelve", "fifteen", 12, 15)]


@pytest.mark.parametrize(("low", "high", "low_value", "high_value"), RANGES)
@pytest.mark.parametrize(
    "template",
    [
        "Between {low} and {high} guards were killed when gunmen stormed a fort near {place} on Monday.",
        "{low} to {high} guards were killed when gunmen stormed a fort near {place} on Monday.",
        "Gunmen stormed a fort near {place} on Monday, killing {low} or {high} guards.",
    ],
)
@pytest.mark.parametrize("place", PLACES[:2])
def test_a_range_keeps_its_low_end_as_the_toll_and_its_high_end_apart(
    template: str, low: str, high: str, low_value: int, high_value: int, place: str
) -> None:
    text = template.format(low=low, high=high, place=place)
    found = one(text[0].upper() + text[1:])
    assert (found.fatalities, found.fatalities_high, found.place.name) == (low_value, high_value, place)


@pytest.mark.parametrize("number", NUMBERS)
def test_a_single_figure_has_no_high_end(number: str) -> None:
    found = one(f"Gunmen stormed a fort near Zhob on Monday, killing {number} guards.")
    assert (found.fatalities, found.fatalities_high) == (NUMBERS[number], None)


@pytest.mark.parametrize("attackers", ["militants", "attackers", "insurgents", "terrorists"])
@pytest.mark.parametrize(("victims", "dead"), [("two policemen", 2), ("seven constables", 7)])
def test_attackers_and_victims_killed_are_both_recorded(attackers: str, victims: str, dead: int) -> None:
    found = split(f"{victims.capitalize()} and five {attackers} were killed in a gunfight near Tank on Monday.")
    assert (found["fatalities"], found["attackers_killed"]) == (dead + 5, 5)


@pytest.mark.parametrize(
    ("sentence", "dead", "attackers"),
    [
        ("Troops killed nine militants in a raid on a hideout near Bannu on Monday.", 9, 9),
        ("Troops raided a hideout near Bannu on Monday, killing nine insurgents and two commanders.", 11, 9),
        ("A drone hit a car near Bannu on Monday, killing a commander and eight other militants.", 9, 9),
        ("Gunmen killed nine labourers at a quarry near Bannu on Monday.", 9, None),
        ("Nine labourers were killed by militants at a quarry near Bannu on Monday.", 9, None),
        ("A constable of the anti-terrorism force was shot dead near Bannu on Monday.", 1, None),
        ("Troops killed nine khawarij in a raid on a hideout near Bannu on Monday.", 9, 9),
    ],
)
def test_only_deaths_the_text_names_as_attackers_count_as_theirs(
    sentence: str, dead: int, attackers: int | None
) -> None:
    found = split(sentence)
    assert (found["fatalities"], found["attackers_killed"]) == (dead, attackers)


@pytest.mark.parametrize(("part", "attackers"), [("the two bombers", 2), ("three attackers", 3), ("four women", None)])
def test_including_names_a_part_of_the_toll_never_adds_to_it(part: str, attackers: int | None) -> None:
    found = split(f"Fourteen people were killed in a blast at a bus stand in Tank on Monday, including {part}.")
    assert (found["fatalities"], found["attackers_killed"]) == (14, attackers)


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize(
    "template",
    [
        "Gunmen ambushed a convoy near Wana on Monday; {n} soldiers are missing.",
        "Gunmen ambushed a convoy near Wana on Monday and {n} soldiers went missing.",
        "Gunmen ambushed a convoy near Wana on Monday; {n} soldiers remain unaccounted for.",
    ],
)
def test_people_missing_are_counted_apart_from_the_dead(template: str, number: str) -> None:
    found = split(template.format(n=number))
    assert (found["missing"], found["fatalities"], found["abducted"]) == (NUMBERS[number], None, None)


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize(
    "template",
    [
        "Gunmen raided a camp near Zhob on Monday and abducted {n} engineers.",
        "Gunmen raided a camp near Zhob on Monday and {n} engineers were kidnapped.",
        "Gunmen raided a camp near Zhob on Monday and took {n} engineers hostage.",
        "Gunmen raided a camp near Zhob on Monday and seized {n} engineers.",
        "Police reported the kidnapping of {n} engineers near Zhob on Monday.",
        "Gunmen stopped a van near Zhob on Monday, holding {n} travellers, among them a judge, hostage.",
    ],
)
def test_people_abducted_are_counted_apart_from_the_dead(template: str, number: str) -> None:
    found = split(template.format(n=number))
    assert (found["abducted"], found["fatalities"], found["missing"]) == (NUMBERS[number], None, None)


def test_one_person_abducted_is_one() -> None:
    assert split("A shopkeeper was kidnapped by gunmen near Zhob on Monday.")["abducted"] == 1


@pytest.mark.parametrize(
    "after",
    [
        "No one was abducted, the police said.",
        "Nobody went missing, the police said.",
        "None of the four guards was kidnapped, the police said.",
        "Two guards were not abducted, as first reported.",
        "The group denied abducting three guards.",
        "The gunmen seized two trucks of flour.",
        "Relatives of 40 missing persons later blocked the road.",
    ],
)
def test_negated_or_non_people_figures_give_nothing(after: str) -> None:
    found = split(f"Gunmen attacked a fort near Chaman on Monday. {after}")
    assert (found["missing"], found["abducted"]) == (None, None)


def test_a_sides_claim_counts_only_when_no_other_figure_is_given() -> None:
    claimed = "Militants ambushed a convoy near Wana on Monday and a spokesman for the group claimed that six soldiers"
    assert split(f"{claimed} were abducted.")["abducted"] == 6
    assert split(f"{claimed} were abducted. Officials said two soldiers were abducted.")["abducted"] == 2


VALUES = {"two": 2, "three": 3, "seven": 7, "11": 11}


def test_changing_one_number_changes_only_its_field() -> None:
    template = (
        "Gunmen attacked a fort near Wana on Monday; {a} soldiers and {b} attackers were killed, "
        "{c} were injured, {d} remain missing and {e} were kidnapped."
    )
    base = dict.fromkeys("abcde", "two")
    reference = split(template.format(**base))
    assert reference == {"fatalities": 4, "fatalities_high": None, "attackers_killed": 2, "injured": 2, "missing": 2,
                         "abducted": 2}  # fmt: skip
    for slot, (word, value) in itertools.product("abcde", VALUES.items()):
        changed = {"a": {"fatalities": value + 2}, "b": {"fatalities": value + 2, "attackers_killed": value},
                   "c": {"injured": value}, "d": {"missing": value}, "e": {"abducted": value}}[slot]  # fmt: skip
        assert split(template.format(**{**base, slot: word})) == {**reference, **changed}, (slot, word)


def test_a_toll_given_for_places_together_keeps_its_split_with_the_first() -> None:
    found = incidents("Jets struck villages in Khost and Paktika on Monday, killing seven to nine people.")
    assert [(i.place.name, i.fatalities, i.fatalities_high) for i in found] == [
        ("Khost", 7, 9),
        ("Paktika", None, None),
    ]


# More of the casualty grammar -----------------------------------------------------------------


def deaths(sentence: str) -> list[tuple[int, str]]:
    from borderwatch.extract import casualty_figures

    return [(f.value, f.kind) for f in casualty_figures(sentence, 0, len(sentence))]


@pytest.mark.parametrize(("number", "n"), [("Six", 6), ("Twelve", 12), ("21", 21)])
@pytest.mark.parametrize("verb", ["died", "were killed"])
def test_a_single_victim_last_in_a_list_is_added(number: str, n: int, verb: str) -> None:
    assert deaths(f"{number} militants and a soldier {verb} in the clash.") == [(n + 1, "killed")]


@pytest.mark.parametrize("victim", ["A constable", "An elder"])
def test_a_single_victim_first_in_a_list_is_added(victim: str) -> None:
    assert deaths(f"{victim} and five militants were killed in the raid.") == [(6, "killed")]


@pytest.mark.parametrize("victim", ["A soldier", "A shopkeeper"])
@pytest.mark.parametrize("verb", ["died", "lost his life", "succumbed to his wounds"])
def test_one_victim_who_died(victim: str, verb: str) -> None:
    assert deaths(f"{victim} {verb} in the attack.") == [(1, "killed")]


@pytest.mark.parametrize("aside", ["including women and children", "among them two policemen", "mostly labourers"])
@pytest.mark.parametrize(("number", "n"), [("Fifteen", 15), ("At least 9", 9)])
def test_an_aside_between_victims_and_verb(aside: str, number: str, n: int) -> None:
    assert deaths(f"{number} people, {aside}, were killed in the blast.") == [(n, "killed")]


@pytest.mark.parametrize(("verb", "n"), [("kill two", 2), ("kill five", 5)])
def test_a_headline_in_the_present_tense_counts(verb: str, n: int) -> None:
    assert deaths(f"Gunmen {verb} policemen in Tank") == [(n, "killed")]


def test_sent_to_hell_is_killed() -> None:
    assert summary("Three terrorists were sent to hell in Zhob on Monday, the military said.") == (
        "operation", "2024-03-18", "Zhob", 3,
    )  # fmt: skip


@pytest.mark.parametrize(
    "sentence",
    [
        "The blast left five injured.",
        "Two soldiers were not killed.",
        "None of the four soldiers was killed.",
        "He was killed two years ago.",
        "A year later he died.",
    ],
)
def test_no_deaths_where_none_are_told(sentence: str) -> None:
    assert [d for d in deaths(sentence) if d[1] == "killed"] == []


def test_dead_and_injured_of_one_blast_are_not_summed() -> None:
    assert deaths("The blast left five dead and nine injured.") == [(5, "killed"), (9, "injured")]


@pytest.mark.parametrize(
    "told", ["in separate incidents", "in a series of attacks", "in different parts of the province"]
)
def test_a_toll_over_several_events_is_no_events_toll(told: str) -> None:
    assert deaths(f"Seven people were killed {told} on Friday.") == []


def test_attacks_in_a_town_killing_people_count() -> None:
    assert deaths("Attacks in Bannu killed four policemen.") == [(4, "killed")]


@pytest.mark.parametrize(("sides", "victim", "n"), [("two sides", "a soldier", 1), ("two forces", "three people", 3)])
def test_the_sides_of_a_fight_are_not_its_victims(sides: str, victim: str, n: int) -> None:
    assert deaths(f"An exchange of fire between the {sides} killed {victim}.") == [(n, "killed")]


@pytest.mark.parametrize(("days", "shut"), [("25", "2024-02-23"), ("twelve", "2024-03-07")])
@pytest.mark.parametrize("crossing", ["Torkham", "the Torkham crossing"])
def test_reopened_n_days_after_it_was_shut_dates_the_closure(crossing: str, days: str, shut: str) -> None:
    found = {i.type: i for i in incidents(f"{crossing} was reopened on Tuesday, {days} days after it was shut.")}
    assert (found["reopening"].date, found["closure"].date) == ("2024-03-19", shut)


# A timeline: each line dated by its label ------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "day"), [("Mar 9", "2024-03-09"), ("March 12", "2024-03-12"), ("14 March", "2024-03-14")]
)
@pytest.mark.parametrize("bullet", ["- ", "• ", ""])
def test_a_timeline_label_dates_every_sentence_of_its_line(label: str, day: str, bullet: str) -> None:
    text = (
        "How the week unfolded:\n\n"
        f"{bullet}{label}: Traders gather at the crossing. Pakistan closes the Torkham crossing.\n"
        f"{bullet}Mar 19: Militants attack a police post in Zhob."
    )
    found = {i.type: i.date for i in incidents(text)}
    assert found == {"closure": day, "attack": "2024-03-19"}


def test_a_clock_time_is_not_a_date() -> None:
    found = one("Militants attacked a police post in Zhob at 5:30 on Monday.")
    assert found.date == "2024-03-18"


@pytest.mark.parametrize(
    ("doer", "target", "kind"),
    [
        ("Militants", "Pakistani border posts", "attack"),
        ("Militants", "a check post", "attack"),
        ("Afghan forces", "Pakistani border posts", "clash"),
        ("Afghan forces", "a check post", "attack"),  # no second state named
    ],
)
def test_a_present_tense_attack_on_posts_is_an_event(doer: str, target: str, kind: str) -> None:
    assert one(f"{doer} attack {target} in Kurram").type == kind


@pytest.mark.parametrize(
    ("victims", "n"),
    [("30 militants trying to cross from Afghanistan", 30), ("two men travelling in a van", 2),
     ("five soldiers guarding the post", 5)],
)  # fmt: skip
@pytest.mark.parametrize(("verb", "kind"), [("were killed", "killed"), ("were injured", "injured")])
def test_a_participle_phrase_between_victims_and_verb(victims: str, n: int, verb: str, kind: str) -> None:
    assert deaths(f"{victims.capitalize()} {verb} on Monday.") == [(n, kind)]


def test_a_participle_phrase_needs_its_auxiliary() -> None:
    assert deaths("Two men travelling in a van killed a guard.") == [(1, "killed")]


# An event verb after "to": planned, unless the words before say it was done ------------------


@pytest.mark.parametrize("planned", ["agreed on Monday to reopen", "decided on Monday to close", "want to close"])
def test_an_infinitive_after_a_plan_is_no_event(planned: str) -> None:
    assert incidents(f"Officials {planned} the Torkham crossing.") == []


@pytest.mark.parametrize(("done", "kind"), [("were forced to close", "closure"), ("began to reopen", "reopening")])
def test_an_infinitive_after_a_word_of_doing_is_an_event(done: str, kind: str) -> None:
    assert summary(f"Officials {done} the Torkham crossing on Monday.")[:3] == (kind, "2024-03-18", "Torkham")


def test_an_attack_attempted_is_an_attack() -> None:
    assert summary("Militants tried to storm a check post in Bannu on Monday.")[:3] == ("attack", "2024-03-18", "Bannu")


# Two events in one clause: each takes the places after it --------------------------------------


@pytest.mark.parametrize(("capital", "place"), [("Islamabad", "Kurram"), ("Kabul", "Chaman")])
def test_two_events_of_one_clause_take_their_own_places(capital: str, place: str) -> None:
    text = (
        f"Officials handed a demarche to the envoy in {capital} on Monday over the killing of six soldiers in {place}."
    )
    found = {i.type: i.place.name for i in incidents(text)}
    assert found == {"other": capital, "attack": place}


@pytest.mark.parametrize(("victims", "n"), [("Four members of a peace committee", 4), ("Five members of a family", 5)])
@pytest.mark.parametrize(("verb", "kind"), [("were killed", "killed"), ("were injured", "injured")])
def test_victims_named_by_an_of_phrase(victims: str, n: int, verb: str, kind: str) -> None:
    assert deaths(f"{victims} {verb} when a mine went off.") == [(n, kind)]


@pytest.mark.parametrize("victim", ["a soldier", "a passer-by", "an elder"])
@pytest.mark.parametrize("verb", ["injured", "wounded"])
def test_one_victim_injured(victim: str, verb: str) -> None:
    assert deaths(f"Two militants were killed and {victim} was {verb} in the exchange of fire.") == [
        (2, "killed"), (1, "injured"),
    ]  # fmt: skip
    assert deaths(f"Two guards and {victim} were {verb}.") == [(3, "injured")]


# A bomb that never went off, and a bomb word that names something else -----------------------


@pytest.mark.parametrize("found", ["defused a bomb", "recovered an IED", "found a roadside bomb"])
def test_a_bomb_found_or_defused_is_no_attack(found: str) -> None:
    assert incidents(f"Police {found} near a school in Bannu on Monday.") == []


@pytest.mark.parametrize("thing", ["bomb disposal squad", "bomb scare", "bomb-making factory"])
def test_a_bomb_word_naming_something_else_is_no_attack(thing: str) -> None:
    assert incidents(f"A {thing} was reported in Bannu on Monday.") == []


def test_a_bomb_that_went_off_is_still_an_attack() -> None:
    assert summary("A bomb exploded near a school in Bannu on Monday, killing two children.") == (
        "attack", "2024-03-18", "Bannu", 2,
    )  # fmt: skip


# A round-up: the lead's day dates the incidents its paragraphs tell ---------------------------


@pytest.mark.parametrize(("weekday", "day"), [("Friday", "2024-03-15"), ("Sunday", "2024-03-17")])
@pytest.mark.parametrize("roundup", ["in separate incidents", "in different parts of the province"])
def test_a_roundups_lead_dates_its_incidents(weekday: str, day: str, roundup: str) -> None:
    text = (
        "Four killed in attacks\n\n"
        f"Four people were killed {roundup} on {weekday}, officials said.\n\n"
        "In Bannu, gunmen shot dead two constables near a checkpoint.\n\n"
        "In Tank, a shopkeeper was shot dead by men on a motorcycle."
    )
    assert sorted((i.place.name, i.date) for i in incidents(text)) == [("Bannu", day), ("Tank", day)]


@pytest.mark.parametrize("place", ["Kurram", "Bajaur"])
def test_a_summons_over_a_killing_takes_no_place_from_the_killing(place: str) -> None:
    text = (
        f"Pakistan on Monday summoned the Afghan envoy over the killing of four soldiers in cross-border fire "
        f"in {place}."
    )
    found = {i.type: i.place.name if i.place else None for i in incidents(text)}
    assert found == {"other": None, "clash": place}


@pytest.mark.parametrize("crowd", ["Traders", "Hundreds of people", "Tribesmen"])
@pytest.mark.parametrize("verb", ["marched", "rallied", "took to the streets"])
def test_a_crowd_marching_is_a_protest(crowd: str, verb: str) -> None:
    assert summary(f"{crowd} {verb} in Chaman on Monday against the new rules.")[:3] == (
        "protest", "2024-03-18", "Chaman",
    )  # fmt: skip


@pytest.mark.parametrize("force", ["Troops", "Soldiers"])
def test_a_force_marching_is_no_protest(force: str) -> None:
    assert incidents(f"{force} marched into Wana on Monday.") == []


@pytest.mark.parametrize("aside", ["including a child", "four of them children", "mostly women"])
@pytest.mark.parametrize(("number", "n"), [("At least seven", 7), ("Eleven people", 11)])
@pytest.mark.parametrize(("verb", "kind"), [("were killed", "killed"), ("were wounded", "injured")])
def test_an_aside_after_the_number_or_the_victims(aside: str, number: str, n: int, verb: str, kind: str) -> None:
    assert deaths(f"{number}, {aside}, {verb} in the blast.") == [(n, kind)]


# One side's word on the other side's losses is a claim ----------------------------------------


@pytest.mark.parametrize(
    ("speaker", "victims"),
    [("The Taliban's spokesman", "Pakistani soldiers"), ("Pakistan's military", "Afghan Taliban fighters")],
)
def test_one_sides_count_of_the_others_dead_is_a_claim(speaker: str, victims: str) -> None:
    text = (
        "Forces of Pakistan and Afghanistan exchanged fire near Chaman on Monday. Three people were killed "
        f"in the firing, officials said. {speaker} said 15 {victims} had been killed."
    )
    assert one(text).fatalities == 3


def test_a_sides_word_on_its_own_losses_is_no_claim() -> None:
    text = (
        "Forces of Pakistan and Afghanistan exchanged fire near Chaman on Monday. "
        "Pakistan's military said 4 soldiers were killed."
    )
    assert one(text).fatalities == 4


@pytest.mark.parametrize("verb", ["neutralised", "neutralized", "eliminated", "sent to hell"])
@pytest.mark.parametrize(("number", "n"), [("Two", 2), ("Eleven", 11)])
def test_the_militarys_words_for_militants_killed(verb: str, number: str, n: int) -> None:
    assert summary(f"{number} khawarij were {verb} by security forces in Zhob on Monday.") == (
        "operation", "2024-03-18", "Zhob", n,
    )  # fmt: skip


@pytest.mark.parametrize("verb", ["injured", "wounded", "injuring"])
@pytest.mark.parametrize("victim", ["a policeman", "an officer"])
def test_one_victim_injured_after_the_verb(verb: str, victim: str) -> None:
    assert deaths(f"Gunmen killed a polio worker and {verb} {victim} in Bajaur.") == [(1, "killed"), (1, "injured")]
    assert deaths(f"He was {verb} a year ago.") == []


# A closure at a town or district with one crossing is at that crossing -------------------------


@pytest.mark.parametrize(
    ("sentence", "crossing"),
    [
        ("Trade through Chaman was suspended on Monday.", "Friendship Gate"),
        ("Authorities closed the border in Khyber district on Monday.", "Torkham"),
        ("Authorities closed the border in North Waziristan on Monday.", "Ghulam Khan"),
    ],
)
def test_a_closure_at_a_unit_with_one_crossing_is_at_that_crossing(sentence: str, crossing: str) -> None:
    assert one(sentence).place.name == crossing


def test_a_closure_at_a_unit_with_two_crossings_names_neither() -> None:
    assert one("Pakistan closed its Kurram border crossing on Monday.").place is None  # Kharlachi or Teri Mangal


# A locality the gazetteer lacks is placed by the unit the text puts it in ----------------------

LOCALITIES = ("Zarin Kalay", "Shahbaz Khel", "Kot Azam", "Pezu")  # made up, or too small for the gazetteer
UNITS = {"Lakki Marwat district": "Lakki Marwat", "Bajaur district": "Bajaur", "Tank": "Tank"}


@pytest.mark.parametrize("locality", LOCALITIES)
@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize(
    "template",
    [
        "Gunmen killed two policemen in the {locality} area of {unit} on Monday.",
        "Militants attacked a checkpost in {locality} village in {unit} on Monday, killing two soldiers.",
        "A roadside bomb killed two constables in {locality}, {unit}, on Monday.",
        "On 18 March 2024, militants attacked a checkpost in {locality} ({unit}). Two soldiers were killed.",
        "Two policemen were shot dead at the {locality} checkpost near {unit} on Monday.",
    ],
)
def test_a_locality_the_gazetteer_lacks_takes_its_units_point(template: str, locality: str, unit: str) -> None:
    found = one(template.format(locality=locality, unit=unit))
    alone = one(f"Gunmen killed two policemen in {unit} on Monday.").place
    assert (found.type, found.date, found.fatalities) == ("attack", "2024-03-18", 2)
    assert (
        found.place.name == locality and found.place.id == f"unlisted:{locality.lower().replace(' ', '-')}@{alone.id}"
    )
    assert (found.place.lat, found.place.lon, found.place.admin1) == (alone.lat, alone.lon, alone.admin1)
    assert found.place.precision == max(alone.precision, 2)  # never finer than near the unit's point


@pytest.mark.parametrize("unit", UNITS)
def test_the_units_possessive_puts_a_locality_in_it(unit: str) -> None:
    name = unit.removesuffix(" district")
    place = one(f"Gunmen killed two policemen in {name}'s Kot Azam area on Monday.").place
    assert (place.name, place.id.split("@")[0]) == ("Kot Azam", "unlisted:kot-azam")


def test_a_locality_of_a_province_lies_in_that_province() -> None:
    place = one("A drone strike hit a house in the Shahbaz Khel village of Khost province on Monday.").place
    assert (place.name, place.admin1, place.country, place.precision) == ("Shahbaz Khel", "Khost", "AF", 3)


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # a finer place of the gazetteer beside its unit is itself the place
        ("Gunmen killed two policemen in Wana, South Waziristan, on Monday.", "Wana"),
        # a person of the unit is no locality of it
        ("Gunmen killed two policemen in Tank on Monday, Gul Khan of Tank said.", "Tank"),
        # a country says too little to place a locality: the country stays the place
        ("Gunmen killed two policemen in Zarin Kalay village in Afghanistan on Monday.", "Afghanistan"),
    ],
)
def test_no_locality_where_none_is_placed(sentence: str, place: str) -> None:
    assert one(sentence).place.name == place


# Runs of events over a stretch of time are no event -----------------------------------------


@pytest.mark.parametrize("events", ["attacks", "militant attacks", "blasts", "drone strikes"])
@pytest.mark.parametrize(
    "template",
    [
        "Here is a timeline of major {events} in the province this year:",
        "A list of {events} in Bajaur since 2023 is given below.",
        "The {events} in Kurram so far have left the district tense.",
        "Police recorded {events} in Khyber last year, officials said.",
    ],
)
def test_plural_events_over_a_period_are_no_event(template: str, events: str) -> None:
    assert incidents(template.format(events=events)) == []


# The fight of an attack just told is part of it, and its toll the attack's ------------------------


@pytest.mark.parametrize("fight", ["After an intense exchange of fire", "During a heavy exchange of fire",
                                   "Amid the exchange of fire", "After a gunfight"])  # fmt: skip
@pytest.mark.parametrize(("number", "n"), [("three", 3), ("five", 5)])
def test_the_fight_after_an_attack_adds_its_toll_to_it(fight: str, number: str, n: int) -> None:
    text = f"Terrorists attacked a check post in Mir Ali on Monday. {fight}, {number} terrorists were killed."
    assert summary(text) == ("attack", "2024-03-18", "Mir Ali", n)


def test_a_fight_with_a_place_and_day_of_its_own_is_its_own_event() -> None:
    found = incidents(
        "Terrorists attacked a check post in Mir Ali on Monday. "
        "Security forces killed five militants during an operation in Tirah on Tuesday."
    )
    assert [(i.type, i.place.name, i.date, i.fatalities) for i in found] == [
        ("attack", "Mir Ali", "2024-03-18", None),
        ("operation", "Tirah", "2024-03-19", 5),
    ]


# "N days after" counts from a day, never from a month ---------------------------------------------


@pytest.mark.parametrize(("days", "n"), [("two days", 2), ("three days", 3), ("a day", 1)])
def test_days_after_counts_back_from_the_strike_day(days: str, n: int) -> None:
    text = (
        "Pakistani jets struck hideouts in Khost province on Monday, killing eight people. "
        f"The strikes came {days} after militants stormed an army post in North Waziristan and killed seven soldiers."
    )
    attack = next(i for i in incidents(text) if i.type == "attack")
    assert attack.date == (date(2024, 3, 18) - timedelta(days=n)).isoformat()


@pytest.mark.parametrize("month", ["March", "February"])
@pytest.mark.parametrize("days", ["two days", "three days", "a day"])
def test_days_after_an_event_known_to_the_month_gives_no_day(month: str, days: str) -> None:
    text = (
        f"Pakistani jets struck hideouts in Khost province in {month} 2024, killing eight people, "
        f"{days} after militants stormed an army post in North Waziristan and killed seven soldiers."
    )
    attack = next(i for i in incidents(text) if i.type == "attack")
    assert attack.date_precision != "day"  # not the 1st of the month counted back from


# A deportation told with no place left through the crossing the article names ----------------------


@pytest.mark.parametrize("crossing", ["Torkham", "Chaman", "Ghulam Khan"])
@pytest.mark.parametrize("verb", ["were forcibly expelled", "were deported", "were forcibly returned"])
def test_a_placeless_deportation_is_at_the_articles_crossing(crossing: str, verb: str) -> None:
    text = (
        f"More than 2,000 Afghan families crossed back through the {crossing} crossing over the weekend. "
        f"Officials said the families {verb} by Pakistani police on Monday."
    )
    found = one(text)
    assert (found.type, found.date) == ("deportation", "2024-03-18")
    assert (
        found.place.kind == "crossing"
        and found.place.name == one(f"Trade through {crossing} was suspended on Monday.").place.name
    )


# Two event words joined by "after" or "before" are two events ------------------------------------


@pytest.mark.parametrize("event", ["attack", "blast", "raid"])
@pytest.mark.parametrize("word", ["after", "following"])
@pytest.mark.parametrize("killing", ["gunmen killed two polio workers", "gunmen shot dead two polio workers"])
@pytest.mark.parametrize("place", ["Bajaur", "Zhob"])
def test_an_event_told_as_coming_after_another_is_two_events(event: str, word: str, killing: str, place: str) -> None:
    text = (
        f"Militants carried out a deadly {event} on a police compound in Tank on Monday, killing 11 officers. "
        f"The {event} came a day {word} {killing} in {place}."
    )
    found = incidents(text)
    assert [(i.type, i.place.name, i.date, i.fatalities) for i in found] == [
        ("attack", "Tank", "2024-03-18", 11),
        ("attack", place, "2024-03-17", 2),
    ]


# A protest, talks or deportation told again with a borrowed date is the same event ----------------


@pytest.mark.parametrize("protest", ["a sit-in", "a protest", "a rally"])
@pytest.mark.parametrize("day", ["Monday", "Sunday"])
def test_a_protest_told_again_with_its_own_day_is_one_protest(protest: str, day: str) -> None:
    text = (
        "Chaman trade resumes\n\n"
        f"Trade resumed at the Chaman crossing on Tuesday after a week-long halt caused by {protest} by traders. "
        f"The traders ended {protest.replace('a ', 'their ')} on {day} after talks with officials."
    )
    protests = [i for i in incidents(text) if i.type == "protest"]
    assert [i.date for i in protests] == [WEEKDAYS[day]]


def test_protests_at_two_places_stay_two() -> None:
    text = (
        "Traders staged a sit-in at Chaman on Monday against the new visa rules. "
        "Meanwhile, students held a protest in Quetta against the killing of a teacher."
    )
    assert [i.place.name for i in incidents(text) if i.type == "protest"] == ["Chaman", "Quetta"]


# A toll told after the events it may belong to goes to the one the victims' side did not do --------


@pytest.mark.parametrize(("doers", "victims"), [("Afghan", "Pakistani"), ("Pakistani", "Afghan")])
@pytest.mark.parametrize(("number", "n"), [("19", 19), ("four", 4)])
def test_a_toll_of_one_sides_men_is_not_that_sides_own_strikes(doers: str, victims: str, number: str, n: int) -> None:
    text = (
        f"{doers} forces shelled several {victims} border posts on Monday in retaliation for "
        f"{victims} airstrikes in Paktika on Sunday. Local sources said {number} {victims} soldiers were killed."
    )
    tolls = {i.type: i.fatalities for i in incidents(text)}
    assert tolls == {"clash": n, "airstrike": None}


@pytest.mark.parametrize("country", ["Pakistan", "Afghanistan"])
def test_a_country_that_does_not_confirm_gives_a_toll_no_event_of_its_own(country: str) -> None:
    text = (
        "Afghan forces fired on several Pakistani border posts in Kurram on Monday. "
        f"Local sources said 19 soldiers were killed, but {country} has not confirmed the figures."
    )
    assert [(i.type, i.place.name, i.fatalities) for i in incidents(text)] == [("clash", "Kurram", 19)]


@pytest.mark.parametrize("verb", ["fired on", "fired at", "fired upon"])
@pytest.mark.parametrize("place", PLACES)
def test_firing_on_someone_is_an_attack(verb: str, place: str) -> None:
    assert summary(f"Gunmen {verb} a police van in {place} on Monday, killing two constables.") == (
        "attack", "2024-03-18", place, 2,
    )  # fmt: skip


@pytest.mark.parametrize("mention", ["the strikes", "the strike"])
def test_bare_strikes_after_a_ground_attack_are_that_attack(mention: str) -> None:
    text = (
        "Afghan forces targeted several Pakistani military posts along the border on Monday. "
        f"A spokesman said {mention} were carried out in Spin Boldak. Local sources said 19 soldiers were killed."
    ).replace("strike were", "strike was")
    assert [(i.type, i.place.name, i.fatalities) for i in incidents(text)] == [("clash", "Spin Boldak", 19)]


# A year is never a count, and a number with thousands separators is one figure --------------------


@pytest.mark.parametrize("month", ["January", "March", "October"])
@pytest.mark.parametrize("year", ["2019", "2023"])
@pytest.mark.parametrize("link", ["that killed", "killed", "which killed"])
def test_a_year_before_a_killing_verb_is_no_toll(month: str, year: str, link: str) -> None:
    text = f"A suicide attack on a mosque in Peshawar in {month} {year} {link} over 80 people."
    assert one(text).fatalities == 80


@pytest.mark.parametrize(("written", "n"), [("1,200", 1200), ("2,350", 2350), ("1,000", 1000)])
def test_a_number_with_thousands_separators_is_one_figure(written: str, n: int) -> None:
    assert deaths(f"The floods and a landslide killed {written} people in Chitral.") == [(n, "killed")]


# A year's toll over many attacks is no event -------------------------------------------------------


@pytest.mark.parametrize("where", ["across Khyber Pakhtunkhwa", "across the province", "in Balochistan"])
@pytest.mark.parametrize("year", ["2023", "2024"])
def test_a_years_toll_of_many_attacks_is_no_event(where: str, year: str) -> None:
    text = f"As many as 125 policemen were martyred and 230 injured in terrorist attacks {where} in {year}."
    assert incidents(text) == []


# A person's record of attacks is no event -----------------------------------------------------------


@pytest.mark.parametrize("record", ["wanted for", "accused of", "involved in", "responsible for", "behind"])
@pytest.mark.parametrize("events", ["attacks on police", "bombings", "attacks on security forces"])
def test_a_persons_record_of_attacks_is_no_event(record: str, events: str) -> None:
    assert incidents(f"Police arrested a man {record} {events} in Bannu on Monday.") == []


# A raid on the forces is an attack on them, whoever is named nearby -----------------------------------


@pytest.mark.parametrize("event", ["raid", "assault", "attack"])
@pytest.mark.parametrize("target", ["a military base", "a police station", "an army camp", "a Levies post"])
def test_a_raid_on_the_forces_is_an_attack(event: str, target: str) -> None:
    assert summary(f"A {event} on {target} in Zhob killed nine soldiers on Monday.") == (
        "attack",
        "2024-03-18",
        "Zhob",
        9,
    )
    if event != "attack":  # a raid or an assault takes its type from its doers
        assert summary(f"Troops killed six militants in a {event} on a hideout in Zhob on Monday.")[0] == "operation"


# The day of a plan dates no event; a closure's length counts back from the day its sentence gives ----


@pytest.mark.parametrize(
    "plan", ["agreed on Tuesday to reopen", "decided on Tuesday to reopen", "announced on Tuesday they would reopen"]
)
@pytest.mark.parametrize("day", ["Friday", "Monday"])
@pytest.mark.parametrize(("length", "back"), [("three weeks", 21), ("two weeks", 14)])
def test_a_planned_day_dates_nothing_and_the_length_dates_the_closure(
    plan: str, day: str, length: str, back: int
) -> None:
    text = f"Officials {plan} the Torkham crossing for trade from {day}, ending a closure of more than {length}."
    found = one(text)
    assert (found.type, found.date_precision) == ("closure", "week")
    assert found.date == (date(2024, 3, 19) - timedelta(days=back)).isoformat()  # back from the Tuesday


@pytest.mark.parametrize("said", ["on Monday", "on Tuesday"])
@pytest.mark.parametrize(("length", "back"), [("two weeks", 14), ("ten days", 10)])
def test_a_closure_of_a_length_counts_back_from_the_day_said(said: str, length: str, back: int) -> None:
    found = one(f"Traders said {said} that the Chaman crossing had been closed for {length}.")
    assert found.date == (date.fromisoformat(WEEKDAYS.get(said[3:], "2024-03-19")) - timedelta(days=back)).isoformat()


# A strike of work or trade is a protest, not an air strike ---------------------------------------------


@pytest.mark.parametrize(
    "strike",
    ["observed a shutter-down strike", "went on strike", "observed a complete strike", "held a wheel-jam strike",
     "began a hunger strike"],
)  # fmt: skip
@pytest.mark.parametrize("place", ["Landi Kotal", "Chaman", "Quetta"])
def test_a_strike_of_work_is_a_protest(strike: str, place: str) -> None:
    text = f"Traders {strike} in {place} on Monday against the closure of the crossing."
    assert summary(text) == ("protest", "2024-03-18", place, None)


@pytest.mark.parametrize("strike", ["Drone strikes", "An air strike", "Strikes by jets"])
def test_strikes_of_aircraft_stay_airstrikes(strike: str) -> None:
    assert summary(f"{strike} in Khost killed four people on Monday.") == ("airstrike", "2024-03-18", "Khost", 4)


# A gathering attacked is the attack's target, not a protest ------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        "A bomber detonated his vest at a political rally in {place} on Monday, killing 54 people.",
        "Death toll from {place} rally bombing rises to 54 on Monday.",
        "Gunmen opened fire on a rally in {place} on Monday, killing 54 people.",
    ],
)
@pytest.mark.parametrize("place", ["Khar", "Bannu", "Quetta"])
def test_a_gathering_attacked_is_no_protest(template: str, place: str) -> None:
    assert [i.type for i in incidents(template.format(place=place))] == ["attack"]


def test_a_protest_that_turns_violent_stays_a_protest() -> None:
    text = "A peace rally in Bannu turned violent on Monday when gunmen opened fire on the marchers, killing one."
    assert sorted(i.type for i in incidents(text)) == ["attack", "protest"]


# A toll updated on a later day dates the count, and the blast keeps its own day ------------------------


@pytest.mark.parametrize(("count_day", "event_day"), [("Monday", "Sunday"), ("Tuesday", "Monday")])
@pytest.mark.parametrize("event", ["blast", "bombing", "attack"])
def test_a_recount_joins_the_event_told_next_with_its_day(count_day: str, event: str, event_day: str) -> None:
    text = (
        f"The death toll from a suicide {event} in Khar rose to 54 on {count_day}, officials said. "
        f"The {event} ripped through a gathering in Khar on {event_day} afternoon, wounding nearly 200 people."
    )
    found = one(text)
    assert (found.date, found.fatalities, found.injured) == (WEEKDAYS[event_day], 54, 200)


# Rockets fired, told as an accusation, are fire across the border -------------------------------------


@pytest.mark.parametrize("weapon", ["rockets", "mortar shells", "dozens of rockets"])
@pytest.mark.parametrize("told", ["accused Pakistani forces of firing", "said Pakistani forces fired"])
def test_rockets_fired_across_are_a_clash(told: str, weapon: str) -> None:
    text = f"Afghan officials on Monday {told} {weapon} into Kunar, killing a child and wounding three civilians."
    found = one(text)
    assert (found.type, found.place.name, found.fatalities, found.injured) == ("clash", "Kunar", 1, 3)


# What a jirga, a protest or a summons is about is no venue, and a demand is no event ------------------


@pytest.mark.parametrize("about", ["demands", "demanded", "seeking", "urges", "urged"])
@pytest.mark.parametrize(("venue", "crossing"), [("Landi Kotal", "Torkham"), ("Parachinar", "Kharlachi")])
def test_a_jirga_is_where_it_sat_not_what_it_asked_for(about: str, venue: str, crossing: str) -> None:
    found = incidents(f"A jirga in {venue} on Monday {about} the reopening of {crossing}.")
    assert [(i.type, i.place.name) for i in found] == [("talks", venue)]


@pytest.mark.parametrize("step", ["Pakistan summons Afghan envoy", "Islamabad lodges a demarche"])
@pytest.mark.parametrize("place", ["Chitral", "Zhob", "Bajaur"])
def test_a_summons_is_not_where_its_grievance_was(step: str, place: str) -> None:
    found = incidents(f"{step} over cross-border attack in {place}")
    assert [(i.type, i.place) for i in found] == [("other", None)]


# "The next day" opening a sentence counts from the event told before; "Separately" tells another -------


@pytest.mark.parametrize(("opening", "days"), [("The next day", 1), ("Two days later", 2), ("Later that day", 0)])
@pytest.mark.parametrize("day", ["Monday", "Sunday"])
def test_a_sentence_opening_the_next_day_counts_from_the_event_before(opening: str, days: int, day: str) -> None:
    text = (
        "Violence in Bajaur\n\n"
        f"Militants attacked a check post in Bajaur on {day}. "
        f"{opening}, security forces launched an operation in Tirah, killing five militants."
    )
    operation = next(i for i in incidents(text) if i.type == "operation")
    assert operation.date == (date.fromisoformat(WEEKDAYS[day]) + timedelta(days=days)).isoformat()


def test_the_next_day_with_no_event_before_gives_no_day() -> None:
    found = one("Violence in Tirah\n\nThe next day, security forces launched an operation in Tirah, killing five.")
    assert found.date_precision != "day"


@pytest.mark.parametrize("opening", ["Separately", "In another incident", "In a separate attack", "Hours later"])
def test_an_event_told_as_another_is_not_merged_with_the_one_before(opening: str) -> None:
    text = (
        "Violence in Bajaur\n\n"
        "Militants attacked a check post in Bajaur on Monday, killing two soldiers. "
        f"{opening}, gunmen attacked a police station in Bajaur, killing two policemen."
    )
    assert [(i.type, i.fatalities) for i in incidents(text)] == [("attack", 2), ("attack", 2)]


@pytest.mark.parametrize("plan", ["agreed to hold", "will hold", "plan to hold", "are expected to hold"])
@pytest.mark.parametrize("talks", ["talks", "a jirga", "fresh negotiations"])
@pytest.mark.parametrize("place", ["Landi Kotal", "Peshawar"])
def test_talks_still_to_be_held_are_no_event(plan: str, talks: str, place: str) -> None:
    text = f"The two sides {plan} {talks} in {place} to discuss the closure of Torkham."
    assert not [i for i in incidents(text) if i.type == "talks"], text


@pytest.mark.parametrize("later", ["next week", "in the coming days", "later this month"])
@pytest.mark.parametrize("talks", ["Talks on the crossing", "A jirga of tribal elders"])
def test_talks_dated_to_come_are_no_event(talks: str, later: str) -> None:
    assert not incidents(f"{talks} will go ahead {later} in Peshawar, officials said.")
    assert not incidents(f"{talks} {later} in Peshawar is expected, officials said.")


@pytest.mark.parametrize("day", ["Monday", "Sunday"])
@pytest.mark.parametrize("venue", ["Peshawar", "Landi Kotal"])
@pytest.mark.parametrize(
    "topic", ["on the closure of Torkham", "on trade through Chaman", "to discuss the shutdown of Torkham"]
)
def test_talks_are_where_they_sat_not_what_they_were_about(day: str, venue: str, topic: str) -> None:
    found = one(f"Officials met in {venue} on {day} and held talks {topic}.")
    assert (found.type, found.date, found.place.name) == ("talks", WEEKDAYS[day], venue)


def test_talks_held_at_a_crossing_are_there() -> None:
    assert one("Border officials held talks at Torkham on Monday.").place.name == "Torkham"


@pytest.mark.parametrize("span", ["A week of", "Two weeks of", "Days of", "After weeks of heavy"])
@pytest.mark.parametrize("event", ["clashes", "fighting", "attacks"])
def test_a_run_of_days_of_violence_is_no_single_event(span: str, event: str) -> None:
    assert not incidents(f"{span} {event} in Kurram left scores of people dead, officials said on Monday.")


@pytest.mark.parametrize(
    "journey",
    ["travelling from Bannu to Miranshah", "on its way from Tank to Wana", "bound for Zhob from Quetta",
     "heading to Chaman from Quetta"],
)  # fmt: skip
@pytest.mark.parametrize("vehicle", ["A bus", "A convoy of trucks", "A police van"])
def test_the_ends_of_a_journey_are_not_where_it_was_attacked(journey: str, vehicle: str) -> None:
    found = one(f"{vehicle} {journey} was ambushed near Mir Ali on Friday, killing six people.")
    assert (found.type, found.date, found.place.name, found.fatalities) == ("attack", "2024-03-15", "Mir Ali", 6)
    unplaced = one(f"Gunmen attacked {vehicle.lower()} {journey} on Friday, killing six people.")
    assert unplaced.place is None  # the road between is not named: no end of it is guessed


@pytest.mark.parametrize("aside", ["", ", riding on motorcycles,", ", armed with rifles and grenades,"])
@pytest.mark.parametrize(("gap", "days"), [("three days", 3), ("a day", 1), ("two days", 2)])
def test_days_after_counts_back_across_an_aside(aside: str, gap: str, days: int) -> None:
    text = f"Jets bombed hideouts in Paktika on Monday, {gap} after militants{aside} raided a post in Mir Ali."
    found = {i.type: i for i in incidents(text)}
    assert found["airstrike"].date == "2024-03-18"
    assert found["attack"].date == (date(2024, 3, 18) - timedelta(days=days)).isoformat()


@pytest.mark.parametrize("gap", ["days", "two days", "a week"])
@pytest.mark.parametrize("day", ["Sunday", "Friday"])
@pytest.mark.parametrize("place", ["Bannu", "Zhob"])
def test_a_day_told_of_the_earlier_event_beats_counting_back(gap: str, day: str, place: str) -> None:
    text = (
        "Militants attacked a check post in Wana on Tuesday, killing two soldiers. "
        f"The attack came {gap} after five policemen were killed in a blast in {place} on {day}."
    )
    blast = next(i for i in incidents(text) if i.place and i.place.name == place)
    assert (blast.date, blast.fatalities) == (WEEKDAYS[day], 5)


@pytest.mark.parametrize("accuser", ["Kabul accused Pakistan of", "The Taliban blamed Pakistan for"])
@pytest.mark.parametrize(("strikes", "kind"), [("drone strikes", "airstrike"), ("air raids", "airstrike")])
@pytest.mark.parametrize("day", ["Monday", "Friday"])
def test_strikes_alleged_on_a_day_are_an_event_not_a_record(accuser: str, strikes: str, kind: str, day: str) -> None:
    verb = "carrying out " if accuser.endswith("of") else ""
    found = one(f"{accuser} {verb}{strikes} on {day} in Khost, killing five civilians.")
    assert (found.type, found.date, found.place.name, found.fatalities) == (kind, WEEKDAYS[day], "Khost", 5)


@pytest.mark.parametrize("record", ["was wanted for attacks on", "was accused of attacks on", "was behind bombings of"])
def test_a_record_of_attacks_with_no_day_is_no_event(record: str) -> None:
    assert not incidents(f"The commander {record} police stations in Bannu, officials said on Monday.")

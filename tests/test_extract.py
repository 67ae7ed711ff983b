"""Incidents from constructed articles: types, negation, fatalities, dates, places, evidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from borderwatch.extract import casualty_figures, extract_incidents
from borderwatch.geoparse import geoparse
from borderwatch.ingest import read_articles
from borderwatch.model import Article, DatePrecision


def incidents(text: str, published: date | None = date(2024, 3, 20)):
    article = Article(id="t", text=text, title=text[:20], source="test", published=published)
    return extract_incidents(article, geoparse("t", text))


def only(text: str, published: date | None = date(2024, 3, 20)):
    found = incidents(text, published)
    assert len(found) == 1, [(i.type, i.evidence) for i in found]
    return found[0]


def deaths(sentence: str) -> int | None:
    return only(sentence).fatalities


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Militants attacked a checkpost in Tank on Monday, killing five soldiers.", 5),
        ("In North Waziristan, troops said at least 12 insurgents died in a clearance operation on Tuesday.", 12),
        ("A suicide bomber struck a police compound in Peshawar on Monday, killing 80 police officers.", 80),
        ("Gunmen attacked a convoy near Chaman on Sunday; no casualties were reported.", 0),
        ("A blast hit a market in Quetta on Friday, wounding seven people.", 0),
        ("An airstrike in Khost province on Monday killed a woman and nine children.", 10),
        ("Jets bombed Paktika on Monday and killed at least 10 villagers, among them eight boys.", 10),
        ("A bomb exploded in Bannu on Monday, and officials gave no figures.", None),
        ("Clashes in Kurram on Sunday left seven to eight fighters dead.", 7),
        ("Several people were killed when a bomb exploded in Bajaur on Sunday.", None),
        ("A roadside bomb in Mir Ali on Monday killed a dozen soldiers.", 12),
    ],
)
def test_fatalities_wording(sentence: str, expected: int | None) -> None:
    assert deaths(sentence) == expected


def test_attackers_count_and_injured_kept_apart() -> None:
    found = only(
        "Gunmen attacked a checkpost in Zhob on Monday, killing four soldiers; "
        "three attackers were also killed and six soldiers were wounded."
    )
    assert found.fatalities == 7
    assert found.injured == 6


def test_figure_goes_to_the_nearest_event_of_its_sentence() -> None:
    text = (
        "In Tank two constables died on Thursday in an assault by militants, while security forces "
        "killed four militants in an operation in Bannu."
    )
    by_type = {i.type: i for i in incidents(text)}
    assert by_type["attack"].fatalities == 2
    assert by_type["operation"].fatalities == 4


@pytest.mark.parametrize(
    "sentence",
    [
        "Islamabad denied carrying out airstrikes in Khost on Monday.",
        "The ministry said it had not closed the Torkham crossing on Monday.",
        "Officials threatened to launch airstrikes in Kunar if attacks continue.",
    ],
)
def test_negated_and_hypothetical_triggers_give_no_incident(sentence: str) -> None:
    assert [i.type for i in incidents(sentence)] == []


def test_reported_speech_of_a_real_event_is_an_incident() -> None:
    found = only("The Taliban said Pakistani jets bombed a house in Khost province late Monday.")
    assert found.type == "airstrike"
    assert found.date == "2024-03-18"
    assert found.place is not None and found.place.name == "Khost"


def test_closure_and_the_gunfight_that_caused_it_are_two_incidents() -> None:
    text = (
        "The Torkham crossing was closed on Wednesday after border forces exchanged fire. "
        "Traders said the crossing stayed shut on Thursday while the firing continued."
    )
    types = sorted(i.type for i in incidents(text, date(2023, 9, 7)))
    assert types == ["clash", "closure"]


def test_five_sentences_about_one_attack_are_one_incident() -> None:
    text = (
        "A suicide bomber attacked a police station in Dera Ismail Khan on Tuesday. "
        "The blast destroyed the gate. Police said the bomber detonated his vest at the gate. "
        "The attack killed three policemen. Rescue teams reached the blast site within minutes."
    )
    found = [i for i in incidents(text) if i.type == "attack"]
    assert len(found) == 1
    assert found[0].fatalities == 3
    assert found[0].place.name == "Dera Ismail Khan"


def test_two_attacks_in_two_places_are_two_incidents() -> None:
    text = (
        "A bomb blast hit a market in Quetta on Monday. Separately, gunmen attacked a checkpost in Chitral on Monday."
    )
    assert sorted(i.place.name for i in incidents(text)) == ["Chitral", "Quetta"]


def test_dateline_is_not_the_place_when_the_text_names_one() -> None:
    found = only("PESHAWAR: Security forces launched an operation in Tirah valley on Sunday.")
    assert found.place.name == "Tirah"


def test_place_of_talks_is_their_venue_or_nothing() -> None:
    assert only("Delegations from Pakistan and Afghanistan held talks in Doha on Sunday.").place.name == "Doha"
    assert only("Pakistan and Afghanistan agreed to continue talks, officials said on Sunday.").place is None


def test_dates_resolve_against_publication_and_role() -> None:
    found = incidents(
        "Pakistani airstrikes hit Paktika on Monday. Last month, militants attacked a convoy in Zhob.",
        date(2024, 3, 20),
    )
    by_type = {i.type: i for i in found}
    assert (by_type["airstrike"].date, by_type["airstrike"].role) == ("2024-03-18", "main")
    assert by_type["attack"].date == "2024-02"
    assert by_type["attack"].date_precision == DatePrecision.MONTH
    assert by_type["attack"].role == "background"


def test_two_days_after_dates_the_earlier_event() -> None:
    found = incidents("Pakistani airstrikes hit Khost on Monday, two days after militants attacked a convoy in Bannu.")
    assert {i.type: i.date for i in found} == {"airstrike": "2024-03-18", "attack": "2024-03-16"}


def test_no_publication_date_says_so() -> None:
    found = only("Gunmen attacked a checkpost in Chaman on Wednesday.", published=None)
    assert found.date is None
    assert found.date_precision == DatePrecision.UNKNOWN
    assert "Wednesday" in found.date_note


def test_evidence_is_an_exact_quote_of_at_most_25_words() -> None:
    text = (
        "In a long statement read out to reporters at the press club on Monday afternoon the provincial "
        "spokesman said that unidentified gunmen attacked a police checkpost in Lakki Marwat, killing two "
        "constables, before fleeing towards the mountains in the north of the district."
    )
    found = only(text)
    assert text[found.evidence_start : found.evidence_end] == found.evidence
    assert len(found.evidence.split()) <= 25
    assert "attacked" in found.evidence


def test_casualty_figures_offsets() -> None:
    text = "The blast killed 4 and injured 9."
    figures = casualty_figures(text, 0, len(text))
    assert sorted((f.value, f.injured) for f in figures) == [(4, False), (9, True)]


@pytest.mark.parametrize("seed", ["000_6ba3f4b9a8b26c97.txt", "002_a4cb2d2772a32ed2.txt", "003_5f7e29d4badce7c8.txt"])
def test_seeds_report_the_kabul_talks_and_the_torkham_closure(seeds_dir: Path, seed: str) -> None:
    [article] = read_articles([seeds_dir / seed])
    found = extract_incidents(article, geoparse(article.id, article.text))
    talks = [i for i in found if i.type == "talks" and i.place is not None and i.place.name == "Kabul"]
    closures = [i for i in found if i.type == "closure" and i.place is not None and i.place.name == "Torkham"]
    assert talks and closures
    for incident in talks + closures:
        if article.published is None and incident.date is None:
            assert incident.date_precision == DatePrecision.UNKNOWN
            assert incident.date_note  # says why there is no date


def test_seed_002_is_dated_from_its_publication_date(seeds_dir: Path) -> None:
    [article] = read_articles([seeds_dir / "002_a4cb2d2772a32ed2.txt"])
    found = {i.type: i for i in extract_incidents(article, geoparse(article.id, article.text))}
    assert found["talks"].date == "2023-02-22"
    assert found["closure"].date == "2023-02-19"  # "closed since late Sunday"
    assert found["clash"].date == "2023-02-20"  # "a gun battle erupting the next morning"


def test_sentences_do_not_break_at_abbreviations_initials_or_inside_tokens() -> None:
    from borderwatch.extract import sentences_of

    text = 'Gen. Asim met U.S. envoys on Dec. 6 in D.I. Khan. Talks ended! "Next," he said.\nwindow.x=1 was set'
    assert [text[a:b] for a, b in sentences_of(text)] == [
        "Gen. Asim met U.S. envoys on Dec. 6 in D.I. Khan.",
        "Talks ended!",
        '"Next," he said.',
        "window.x=1 was set",
    ]


def test_gunbattle_written_as_one_word_is_a_clash() -> None:
    found = only("A gunbattle raged for hours near Torkham on Monday.")
    assert found.type == "clash"
    assert found.evidence.startswith("A gunbattle")


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        ("intelligence-based operation", "operation"),
        ("counter-terrorism operations", "operation"),
        ("search and strike operation", "operation"),
        ("improvised explosive device", "attack"),
        ("imposed a complete ban", "other"),
        ("recalled their ambassador", "other"),
        ("coordinated attacks", "attack"),
        ("retaliatory strikes", "airstrike"),
        ("cross-border shelling", "clash"),
        ("came under attack", "attack"),
        ("forced returns", "deportation"),
        ("fighter jets", "airstrike"),
        ("gun battle", "clash"),
        ("gunbattle", "clash"),
    ],
)
def test_multiword_triggers_are_found_whole_as_their_type(phrase: str, kind: str) -> None:
    from borderwatch.extract import lowered, trigger_hits
    from borderwatch.vocabulary import TRIGGER_CLASSES

    text = f"Officials said the {phrase} happened near the border crossing."
    hits = trigger_hits(lowered(text))
    assert [(text[s:e], TRIGGER_CLASSES[order].type) for s, e, order in hits] == [(phrase, kind)]


def test_lowered_text_keeps_offsets_with_dotted_capital_i() -> None:
    from borderwatch.extract import lowered

    text = "İSTANBUL — Talks in İstanbul ended on Monday; the Torkham crossing was closed."
    assert lowered(text) == text.replace("İ", "I").lower()
    assert len(lowered("İ\u0130x")) == 3
    talks = [i for i in incidents(text) if i.type == "talks"]
    assert talks and text[talks[0].evidence_start : talks[0].evidence_end] == talks[0].evidence


def test_the_extract_contract_carries_the_casualty_split() -> None:
    from borderwatch import pipeline
    from borderwatch.model import Article

    text = "Gunmen stormed a fort near Wana on Monday, killing six to eight guards, and kidnapped two cooks."
    found = pipeline.extraction_to_dict(pipeline.extract(Article(id="x", text=text, title="t", source="t")))
    [incident] = found["incidents"]
    assert {k: incident[k] for k in ("fatalities", "fatalities_high", "attackers_killed", "missing", "abducted")} == {
        "fatalities": 6, "fatalities_high": 8, "attackers_killed": None, "missing": None, "abducted": 2,
    }  # fmt: skip

"""Whole articles written for these tests (not taken from any outlet): the headline, the lead and later
paragraphs that restate, update or add to events must come out as one incident per real event."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from borderwatch.model import Article
from borderwatch.pipeline import extract

ARTICLES = Path(__file__).parent / "articles"
PUBLISHED = date(2024, 3, 22)  # a Friday


def incidents(name: str) -> list[tuple]:
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    article = Article(id=name, text=text, title=text.split("\n", 1)[0], source="test", published=PUBLISHED)
    return [
        (i.type, i.date, i.place.name if i.place else None, i.fatalities, i.role) for i in extract(article).incidents
    ]


# (type, date, place, fatalities, role) of every incident, in order
EXPECTED = {
    # headline, lead and the ISPR's figures are one attack: four soldiers and three attackers dead;
    # the later search operation is part of it; the closure is a separate event
    "ambush_and_closure": [
        ("attack", "2024-03-21", "Bara", 7, "main"),
        ("closure", "2024-03-20", "Torkham", None, "main"),  # shut "for a third consecutive day" on Friday
    ],
    # one strike per province named together (the toll given once), the bombing two days before the
    # strikes, and Tuesday's clash with the three guards of the next sentence
    "strikes_and_clash": [
        ("airstrike", "2024-03-18", "Paktika", 8, "main"),
        ("airstrike", "2024-03-18", "Khost", None, "main"),
        ("attack", "2024-03-16", "Mir Ali", 7, "main"),
        ("clash", "2024-03-19", "Kurram", 3, "main"),
    ],
    # the toll that rose to 14 replaces the earlier figures; the traders' sit-in is its own event
    "toll_update": [
        ("attack", "2024-03-16", "Mamund", 14, "main"),
        ("protest", "2024-03-17", None, None, "main"),
    ],
    # the summons (at no place the text gives: the firing it is over owns Angoor Adda), the firing of
    # the day before (headline and body one event), the reopening, the twelve-day closure before it
    # and the clashes that closure followed
    "summons_and_reopening": [
        ("other", "2024-03-19", None, None, "main"),
        ("clash", "2024-03-18", "Angoor Adda", 2, "main"),
        ("reopening", "2024-03-19", "Kharlachi", None, "main"),
        ("closure", "2024-03-07", "Kharlachi", None, "background"),
        ("clash", "2024-03-07", "Kharlachi", None, "background"),
    ],
    # bullets, headline and lead are one ambush (six soldiers and two attackers); January's bomb is
    # background
    "bullets_and_background": [
        ("attack", "2024-03-16", "Saraogha", 8, "main"),
        ("attack", "2024-01", "Ladha", 4, "background"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_one_incident_per_real_event(name: str) -> None:
    assert incidents(name) == EXPECTED[name]


def test_trade_resumed_after_a_suspension() -> None:
    found = incidents("trade_resumes")
    assert ("reopening", "2024-03-21", "Torkham", None, "main") in found
    assert ("closure", "2024-03-12", "Torkham", None, "background") in found  # nine days before
    assert [i for i in found if i[0] == "closure"] == [("closure", "2024-03-12", "Torkham", None, "background")]
    assert ("attack", "2024-03-20", "Lakki", 1, "main") in found  # the targeted killing of Wednesday

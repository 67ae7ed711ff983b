"""More date wording of the press: plans told with their object ("will resume talks on Saturday"),
two-digit years, wire datelines and the Afghan solar calendar. Templates over weekdays, months and
publication dates, each with the invariance it implies."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from borderwatch.dates import find_event_dates
from borderwatch.model import DatePrecision

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = list(calendar.month_name)[1:]
PUBLISHED = [date(2025, 3, 10) + timedelta(days=n) for n in range(7)]  # a Monday and its week


def _dates(text: str, published: date | None) -> list[tuple[str | None, DatePrecision]]:
    return [(d.date, d.precision) for d in find_event_dates(text, published)]


# --- a plan told with its object or in reported speech: no event date ------------------------


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    [
        "The two sides will resume talks on {w}.",
        "Both delegations will hold talks in Istanbul on {w}.",
        "Traders will resume exports {w}.",
        "Officials said the gate would reopen on {w}.",
        "A customs official said trade would resume {w}.",
        "The elders were expected to meet on {w}.",
        "Negotiators are likely to return on {w}.",
    ],
)
def test_a_plan_with_its_object_or_in_reported_speech_is_no_date(weekday: str, frame: str) -> None:
    assert find_event_dates(frame.format(w=weekday), date(2025, 3, 12)) == []


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    [
        "The army said it will avenge the attack on {w}.",
        "Troops will hunt the gunmen who struck on {w}.",
        "Four guards would have died on {w} had the gate not held.",
    ],
)
def test_a_past_event_named_in_a_plan_keeps_its_date(weekday: str, frame: str) -> None:
    published = date(2025, 3, 12)
    [(value, precision)] = _dates(frame.format(w=weekday), published)
    assert precision == DatePrecision.DAY
    assert date.fromisoformat(value).strftime("%A") == weekday


# --- two-digit years ---------------------------------------------------------------------------


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize("quote", ["'", "’"])
@pytest.mark.parametrize("yy", ["19", "23", "24"])
def test_a_month_with_a_two_digit_year_is_that_month_of_20yy(month: str, quote: str, yy: str) -> None:
    [found] = find_event_dates(f"The crossing was shut in {month} {quote}{yy} after shelling.", date(2025, 3, 12))
    assert (found.date, found.precision) == (f"20{yy}-{MONTHS.index(month) + 1:02d}", DatePrecision.MONTH)
    assert "two-digit year" in found.note


@pytest.mark.parametrize(
    ("written", "expected"), [("25/12/24", "2024-12-25"), ("12/25/24", "2024-12-25"), ("31/1/23", "2023-01-31")]
)
def test_a_slashed_date_with_a_two_digit_year_that_reads_one_way_is_a_day(written: str, expected: str) -> None:
    [found] = find_event_dates(f"Gunmen attacked a checkpoint on {written}, police said.", date(2025, 3, 12))
    assert (found.date, found.precision) == (expected, DatePrecision.DAY)
    assert "two-digit year" in found.note


@pytest.mark.parametrize("yy", ["22", "23", "24"])
def test_an_ambiguous_slashed_date_with_a_two_digit_year_says_so(yy: str) -> None:
    [found] = find_event_dates(f"The raid on 3/4/{yy} left six dead.", date(2025, 6, 1))
    assert (found.date, found.precision) == (f"20{yy}", DatePrecision.YEAR)
    assert f"20{yy}-03-04" in found.note and f"20{yy}-04-03" in found.note


@pytest.mark.parametrize(
    "text", ["Guards kept a 24/7 watch.", "Odds of 1/2/35 were quoted.", "Scored 3/4 of the seats."]
)
def test_no_date_where_a_slash_is_no_date(text: str) -> None:
    assert find_event_dates(text, date(2025, 3, 12)) == []

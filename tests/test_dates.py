"""Date rules: weekdays relative to every publication weekday, month/year boundaries, no invented years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from borderwatch.dates import find_event_dates, most_recent_weekday, parse_event_date
from borderwatch.model import DatePrecision

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.mark.parametrize("published_offset", range(7))
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_weekday_is_most_recent_on_or_before_publication(weekday: str, published_offset: int) -> None:
    published = date(2024, 3, 4) + timedelta(days=published_offset)  # 2024-03-04 is a Monday
    got = parse_event_date(f"Shelling began on {weekday}.", published)
    expected = published - timedelta(days=(published.weekday() - WEEKDAYS.index(weekday)) % 7)
    assert got.date == expected.isoformat()
    assert got.precision == DatePrecision.DAY
    assert 0 <= (published - expected).days <= 6
    assert date.fromisoformat(got.date).strftime("%A") == weekday


def test_weekday_across_month_and_year_boundaries() -> None:
    assert parse_event_date("late Sunday", date(2023, 1, 3)).date == "2023-01-01"
    assert parse_event_date("on Saturday", date(2024, 1, 1)).date == "2023-12-30"
    assert parse_event_date("Monday's airstrikes", date(2024, 3, 18)).date == "2024-03-18"
    assert most_recent_weekday("friday", date(2024, 3, 1)) == date(2024, 3, 1)


def test_month_day_infers_the_year_never_long_after_publication() -> None:
    assert parse_event_date("the attack on Dec. 6", date(2024, 1, 10)).date == "2023-12-06"
    assert parse_event_date("the attack on Dec. 6", date(2024, 12, 10)).date == "2024-12-06"
    assert parse_event_date("clashes on October 15", date(2025, 10, 26)).date == "2025-10-15"
    assert parse_event_date("on 15 October", date(2025, 10, 30)).date == "2025-10-15"
    assert parse_event_date("on 25 October", date(2025, 10, 14)).date == "2024-10-25"
    # a day or a few after publication is this year's, and the note says so (not a year-old event)
    ahead = parse_event_date("on 15 October", date(2025, 10, 14))
    assert (ahead.date, ahead.note) == ("2025-10-15", "after the publication date")


def test_explicit_dates_win_and_keep_their_year() -> None:
    text = "On Wednesday officials recalled that on February 22, 2023 the crossing shut."
    assert parse_event_date(text, date(2025, 6, 1)).date == "2023-02-22"
    assert parse_event_date("on 6 September 2023", None).date == "2023-09-06"


@pytest.mark.parametrize(
    ("text", "published", "expected", "precision"),
    [
        ("yesterday", date(2024, 3, 1), "2024-02-29", DatePrecision.DAY),
        ("last week", date(2024, 3, 18), "2024-03-11", DatePrecision.WEEK),
        ("last month", date(2024, 1, 18), "2023-12", DatePrecision.MONTH),
        ("in January", date(2024, 1, 18), "2024-01", DatePrecision.MONTH),
        ("in February", date(2024, 1, 18), "2023-02", DatePrecision.MONTH),
        ("in October 2025", date(2025, 11, 25), "2025-10", DatePrecision.MONTH),
        ("since 2022", date(2024, 3, 18), "2022", DatePrecision.YEAR),
        ("last year", date(2024, 3, 18), "2023", DatePrecision.YEAR),
        ("two days ago", date(2024, 3, 18), "2024-03-16", DatePrecision.DAY),
    ],
)
def test_relative_expressions(text: str, published: date, expected: str, precision: DatePrecision) -> None:
    got = parse_event_date(f"It happened {text}.", published)
    assert (got.date, got.precision) == (expected, precision)


def test_no_publication_date_means_unknown_not_a_guess() -> None:
    got = parse_event_date("Gunfire erupted on Wednesday.", None)
    assert got.date is None
    assert got.precision == DatePrecision.UNKNOWN
    assert "Wednesday" in got.note
    assert parse_event_date("on Dec. 6", None).precision == DatePrecision.UNKNOWN


def test_offsets_and_no_date() -> None:
    text = "Talks resumed on Tuesday in Doha."
    [found] = find_event_dates(text, date(2024, 5, 3))
    assert text[found.start : found.end] == "Tuesday"
    assert parse_event_date("Talks resumed in Doha.", date(2024, 5, 3)) is None
    assert parse_event_date("on February 30, 2024", None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sent back between August 26 and September 1", ("2025-08-26", DatePrecision.WEEK)),
        ("shut from March 3 to March 9", ("2025-03-03", DatePrecision.WEEK)),
        ("closed between March 3 and April 20", ("2025-03", DatePrecision.MONTH)),
    ],
)
def test_a_period_is_one_date_at_the_precision_of_its_length(text: str, expected: tuple) -> None:
    found = find_event_dates(text, date(2025, 9, 3))
    assert [(d.date, d.precision) for d in found] == [expected]
    assert "period" in found[0].note


def test_two_days_named_together_stay_two_days() -> None:
    found = find_event_dates("on March 3 and March 5", date(2025, 9, 3))
    assert [d.date for d in found] == ["2025-03-03", "2025-03-05"]


@pytest.mark.parametrize(
    ("published", "expected"), [(date(2025, 3, 20), "2025-03-13"), (date(2025, 3, 22), "2025-03-20")]
)
def test_last_weekday_written_on_that_weekday_is_a_week_before(published: date, expected: str) -> None:
    # published on a Thursday, "last Thursday" is the week before; on a Saturday, two days before
    assert [d.date for d in find_event_dates("Last Thursday, militants attacked", published)] == [expected]
    assert [d.date for d in find_event_dates("militants attacked on Thursday", date(2025, 3, 20))] == ["2025-03-20"]


@pytest.mark.parametrize("phrase", ["the previous night", "the night before", "the previous day", "the day before"])
def test_the_night_before_counts_one_day_back(phrase: str) -> None:
    assert [d.date for d in find_event_dates(f"the post was attacked {phrase}", date(2025, 3, 20))] == ["2025-03-19"]

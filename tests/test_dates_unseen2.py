"""More date wording of the press: plans told with their object ("will resume talks on Saturday"),
two-digit years, wire datelines and the Afghan solar calendar. Templates over weekdays, months and
publication dates, each with the invariance it implies."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest

from borderwatch.dates import FILED_NOTE, filed_day, find_event_dates
from borderwatch.model import Article, DatePrecision
from borderwatch.pipeline import extract

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


# --- the Afghan solar calendar (Hijri Shamsi) ----------------------------------------------------

SOLAR = ["Hamal", "Sawr", "Jawza", "Saratan", "Asad", "Sunbula", "Mizan", "Aqrab", "Qaws", "Jadi", "Dalw", "Hoot"]
# the first day of each solar month of 1403 (a leap year, begun on 20 March 2024)
SOLAR_1403_FIRSTS = [
    *("2024-03-20", "2024-04-20", "2024-05-21", "2024-06-21", "2024-07-22", "2024-08-22"),
    *("2024-09-22", "2024-10-22", "2024-11-21", "2024-12-21", "2025-01-20", "2025-02-19"),
]


@pytest.mark.parametrize(("month", "first"), list(zip(SOLAR, SOLAR_1403_FIRSTS, strict=True)))
@pytest.mark.parametrize(
    "frame", ["Shelling hit Dand-e-Patan on {d} {m} 1403.", "On {m} {d}, 1403, jets struck.", "the {d}th of {m} 1403"]
)
@pytest.mark.parametrize("day", [4, 9, 14])
def test_a_solar_date_with_its_year_is_that_gregorian_day(month: str, first: str, frame: str, day: int) -> None:
    [found] = find_event_dates(frame.format(d=day, m=month), date(2025, 6, 1))
    expected = date.fromisoformat(first) + timedelta(days=day - 1)
    assert (found.date, found.precision) == (expected.isoformat(), DatePrecision.DAY)
    assert "solar" in found.note


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 Hamal 1399", "2020-03-20"),
        ("1 Hamal 1400", "2021-03-21"),
        ("1 Hamal 1402", "2023-03-21"),
        ("1 Hamal 1404", "2025-03-21"),
        ("29 Hoot 1402", "2024-03-19"),
        ("30 Hoot 1403", "2025-03-20"),  # a leap year's last day
        ("7 Saur 1357", "1978-04-27"),
        ("24 Asad 1400", "2021-08-15"),
    ],
)
def test_solar_new_years_and_leap_days_fall_right(written: str, expected: str) -> None:
    assert _dates(f"Fighting broke out on {written}.", date(2025, 6, 1)) == [(expected, DatePrecision.DAY)]


@pytest.mark.parametrize("published", [date(2024, 7, 1), date(2025, 1, 10), date(2025, 3, 19), date(2025, 3, 22)])
@pytest.mark.parametrize("month", SOLAR)
def test_a_solar_day_without_its_year_is_the_latest_before_publication_and_says_so(published: date, month: str) -> None:
    [found] = find_event_dates(f"Border guards clashed on 10 {month}, officials said.", published)
    day = date.fromisoformat(found.date)
    assert day <= published and (published - day).days < 366
    assert "year not written" in found.note


@pytest.mark.parametrize("month", SOLAR)
def test_a_solar_day_without_year_or_publication_is_unknown(month: str) -> None:
    [found] = find_event_dates(f"Border guards clashed on 10 {month}.", None)
    assert (found.date, found.precision) == (None, DatePrecision.UNKNOWN)


@pytest.mark.parametrize("month", SOLAR)
def test_a_solar_month_and_year_is_known_to_the_month(month: str) -> None:
    [found] = find_event_dates(f"Trade stopped in {month} 1403.", date(2025, 6, 1))
    first = date.fromisoformat(SOLAR_1403_FIRSTS[SOLAR.index(month)])
    assert found.precision == DatePrecision.MONTH
    assert found.date == (first + timedelta(days=14)).isoformat()[:7]


@pytest.mark.parametrize(
    "text", ["Asad 5 men were hurt.", "Asad Khan, 30, was hurt.", "Mizan 12 said so.", "A hut 5 km away."]
)
def test_a_name_that_is_also_a_solar_month_is_no_date_without_its_year(text: str) -> None:
    assert find_event_dates(text, date(2025, 3, 12)) == []


@pytest.mark.parametrize("day", [3, 17, 25])
def test_changing_the_solar_day_moves_only_the_day(day: int) -> None:
    [base] = find_event_dates("Clashes erupted in Kurram on 1 Jawza 1403.", date(2025, 6, 1))
    [moved] = find_event_dates(f"Clashes erupted in Kurram on {day} Jawza 1403.", date(2025, 6, 1))
    assert (date.fromisoformat(moved.date) - date.fromisoformat(base.date)).days == day - 1


# --- wire datelines that carry their own date ----------------------------------------------------

DATELINES = [
    "PESHAWAR, {m} {d} (Reuters) - ",
    "KABUL, {m} {d} (AP) — ",
    "QUETTA, Pakistan, {d} {m} (AFP) – ",
    "JALALABAD, {m} {d}: ",
    "DERA ISMAIL KHAN, {m} {d} (Reuters) - ",
]


@pytest.mark.parametrize("dateline", DATELINES)
@pytest.mark.parametrize("lag", [0, 1, 3])
def test_a_dateline_gives_the_day_the_report_was_filed(dateline: str, lag: int) -> None:
    filed = date(2025, 3, 5)
    text = dateline.format(m="March", d=5) + "Gunmen attacked a checkpoint, killing two guards."
    assert filed_day(text, filed + timedelta(days=lag)) == filed
    assert filed_day("A headline\n" + text, filed + timedelta(days=lag)) == filed  # after a headline line
    [found] = find_event_dates(text, filed + timedelta(days=lag))
    assert (found.date, found.reported, found.note) == (filed.isoformat(), True, FILED_NOTE)


@pytest.mark.parametrize(
    "text",
    [
        "PESHAWAR: Gunmen attacked a checkpoint on March 5.",  # a dateline without a date
        "Gunmen attacked Chaman, March 5 (AP) - said so.",  # not at a line's start
        "PESHAWAR, March 5 (Reuters) - Gunmen attacked.",  # filed long before publication: a reprint
    ],
)
def test_no_filing_day_without_a_dated_dateline_near_publication(text: str) -> None:
    assert filed_day(text, date(2025, 4, 20) if "Reuters" in text else date(2025, 3, 6)) is None


def test_a_dateline_with_its_year_gives_the_day_without_publication() -> None:
    assert filed_day("QUETTA, Pakistan, 5 March 2025 (AFP) – Gunmen struck.", None) == date(2025, 3, 5)


def _incident_dates(text: str, published: date) -> list[str | None]:
    return [i.date for i in extract(Article("t", text, "t", "t", published=published)).incidents]


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize("lag", [1, 2])
def test_a_wire_reports_weekday_counts_from_its_dateline_not_the_paper(weekday: str, lag: int) -> None:
    filed = date(2025, 3, 5)  # a Wednesday; the paper prints it a day or two later
    text = (
        "PESHAWAR, March 5 (Reuters) - Militants attacked a police post in Bannu district"
        f" on {weekday}, killing two policemen."
    )
    [day] = _incident_dates(text, filed + timedelta(days=lag))
    got = date.fromisoformat(day)
    assert got.strftime("%A") == weekday
    assert timedelta(0) <= filed - got < timedelta(days=7)


@pytest.mark.parametrize("lag", [1, 2, 3])
def test_a_wire_reports_yesterday_is_the_day_before_its_dateline(lag: int) -> None:
    text = "KABUL, Nov 12 (AP) — A roadside bomb killed three people in Jalalabad yesterday, police said."
    assert _incident_dates(text, date(2025, 11, 12) + timedelta(days=lag)) == ["2025-11-11"]


# --- deadlines, modal plans, a day whose year is not written, a feast still to come -------------


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize(
    "frame",
    [
        "Refugees were given a deadline of {m} 20 to leave.",
        "Exporters were handed a deadline of 20 {m} to clear their trucks.",
    ],
)
def test_a_deadline_of_a_day_is_no_date(month: str, frame: str) -> None:
    assert find_event_dates(frame.format(m=month), date(2025, 3, 12)) == []


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    [
        "Trade could resume on {w} if the talks succeed.",
        "The gate may reopen on {w}, traders hope.",
        "Troops might withdraw on {w}.",
    ],
)
def test_a_modal_plan_is_no_date(weekday: str, frame: str) -> None:
    assert find_event_dates(frame.format(w=weekday), date(2025, 3, 12)) == []


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    [
        "Police could not trace the gunmen who struck on {w}.",
        "Six may have died on {w}, a doctor said.",
        "Fighting that began in May flared again on {w}.",
    ],
)
def test_a_modal_of_the_past_keeps_the_date(weekday: str, frame: str) -> None:
    found = find_event_dates(frame.format(w=weekday), date(2025, 3, 12))
    assert [date.fromisoformat(d.date).strftime("%A") for d in found if d.precision == DatePrecision.DAY] == [weekday]


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize("frame", ["Gunmen struck on {m} 20.", "Gunmen struck on 20 {m}."])
def test_a_day_without_its_year_says_when_it_is_last_years(month: str, frame: str) -> None:
    published = date(2025, 6, 15)
    [found] = find_event_dates(frame.format(m=month), published)
    number = MONTHS.index(month) + 1
    if date(2025, number, 20) <= published:
        assert (found.date, found.note) == (f"2025-{number:02d}-20", "")
    elif date(2025, number, 20) - published <= timedelta(days=7):
        assert found.date == f"2025-{number:02d}-20"  # a day or so ahead: this year's, as before
    else:
        assert found.date == f"2024-{number:02d}-20"
        assert "year not written" in found.note

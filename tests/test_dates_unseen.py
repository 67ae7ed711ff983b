"""Date wording of the press not met in the development set: templates over weekdays, months and
publication dates, each with the invariance it implies (changing the weekday moves only the date)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta

from borderwatch.dates import find_event_dates, parse_event_date
from borderwatch.model import Article, DatePrecision
from borderwatch.pipeline import extract

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = list(calendar.month_name)[1:]
# a Monday, then every day of that week: each publication weekday meets each written weekday
PUBLISHED = [date(2025, 3, 10) + timedelta(days=n) for n in range(7)]


def _dates(text: str, published: date | None) -> list[tuple[str | None, DatePrecision]]:
    return [(d.date, d.precision) for d in find_event_dates(text, published)]


# --- a weekday of a named week ---------------------------------------------------------------


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize("week", ["{} last week", "{} of last week", "{} of the previous week", "{} the previous week"])
def test_a_weekday_of_last_week_is_in_the_calendar_week_before(published: date, weekday: str, week: str) -> None:
    [(value, precision)] = _dates(f"Militants attacked the post on {week.format(weekday)}.", published)
    day = date.fromisoformat(value)
    this_monday = published - timedelta(days=published.weekday())
    assert precision == DatePrecision.DAY
    assert day.strftime("%A") == weekday
    assert this_monday - timedelta(days=7) <= day < this_monday


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_a_weekday_of_this_week_is_in_the_week_of_publication(published: date, weekday: str) -> None:
    if WEEKDAYS.index(weekday) > published.weekday():
        return  # still to come: test_a_weekday_this_week_still_to_come_is_no_date
    [(value, _)] = _dates(f"Jets struck on {weekday} this week.", published)
    day = date.fromisoformat(value)
    assert day.strftime("%A") == weekday
    assert day - timedelta(days=day.weekday()) == published - timedelta(days=published.weekday())


@pytest.mark.parametrize("published", PUBLISHED)
def test_changing_the_weekday_of_last_week_moves_only_the_day(published: date) -> None:
    days = [date.fromisoformat(_dates(f"Clashes erupted on {w} last week.", published)[0][0]) for w in WEEKDAYS]
    assert [(d - days[0]).days for d in days] == list(range(7))


# --- counted from publication ---------------------------------------------------------------


@pytest.mark.parametrize("published", [*PUBLISHED, date(2024, 3, 1), date(2025, 1, 1)])
@pytest.mark.parametrize("frame", ["A blast {} killed three.", "{}, militants stormed a check post."])
def test_the_day_before_yesterday_is_two_days_back_and_one_date(published: date, frame: str) -> None:
    text = frame.format("the day before yesterday")
    assert _dates(text, published) == [((published - timedelta(days=2)).isoformat(), DatePrecision.DAY)]


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize("phrase", ["over the weekend", "at the weekend", "last weekend", "during the weekend"])
def test_the_weekend_is_the_saturday_before_publication_to_the_week(published: date, phrase: str) -> None:
    [(value, precision)] = _dates(f"Two soldiers were killed {phrase} in Kurram.", published)
    day = date.fromisoformat(value)
    assert precision == DatePrecision.WEEK
    assert day.strftime("%A") == "Saturday"
    assert 1 <= (published - day).days <= 7


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize(
    ("phrase", "back", "precision"),
    [
        ("a fortnight ago", 14, DatePrecision.WEEK),
        ("two weeks back", 14, DatePrecision.WEEK),
        ("three days back", 3, DatePrecision.DAY),
        ("a few days back", 3, DatePrecision.WEEK),
        ("in recent days", 3, DatePrecision.WEEK),
        ("over the past few days", 3, DatePrecision.WEEK),
        ("in the last couple of days", 3, DatePrecision.WEEK),
        ("in the past 24 hours", 1, DatePrecision.WEEK),
        ("during the last 48 hours", 1, DatePrecision.WEEK),
    ],
)
def test_spans_counted_back_from_publication(published: date, phrase: str, back: int, precision) -> None:
    assert _dates(f"Jets struck {phrase}.", published) == [((published - timedelta(days=back)).isoformat(), precision)]


@pytest.mark.parametrize("published", PUBLISHED)
def test_recent_weeks_are_known_to_the_month(published: date) -> None:
    expected = (published - timedelta(days=14)).isoformat()[:7]
    assert _dates("Raids have grown in recent weeks.", published) == [(expected, DatePrecision.MONTH)]


# --- counted on from a day the sentence names -------------------------------------------------


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    ("later", "days"),
    [
        ("the next day", 1),
        ("the following day", 1),
        ("the next morning", 1),
        ("a day later", 1),
        ("two days later", 2),
        ("later that day", 0),
        ("hours later", 0),
        ("the same day", 0),
        ("that night", 0),
        ("later that evening", 0),
    ],
)
def test_the_next_day_counts_on_from_the_day_named_before(published: date, weekday: str, later: str, days: int) -> None:
    text = f"Militants attacked a post on {weekday} and security forces launched an operation {later}."
    anchor, then = find_event_dates(text, published)
    assert then.date == (anchor.day + timedelta(days=days)).isoformat()
    assert then.precision == DatePrecision.DAY
    assert anchor.expression in then.note


@pytest.mark.parametrize("later", ["the next day", "two days later", "later that day"])
def test_the_next_day_with_no_day_before_it_gives_no_date(later: str) -> None:
    # the day is another sentence's: not known here, and no date is better than publication + 1
    assert find_event_dates(f"Security forces launched an operation {later}.", date(2025, 3, 14)) == []


@pytest.mark.parametrize("event", ["the talks", "the attack", "its closure", "their meeting"])
def test_the_day_before_an_event_is_not_counted_from_another_date(event: str) -> None:
    assert find_event_dates(f"Jets struck the day before {event}.", date(2025, 3, 14)) == []


# --- periods, numeric dates, weeks and parts of a month ---------------------------------------


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize(
    ("frame", "precision"),
    [
        ("on 3-4 {m}", DatePrecision.DAY),
        ("on {m} 3-4", DatePrecision.DAY),
        ("on the night of 3–4 {m}", DatePrecision.DAY),
        ("on {m} 3 and 4", DatePrecision.DAY),
        ("on the intervening night of 3/4 {m}", DatePrecision.DAY),
        ("on 3 & 4 {m}", DatePrecision.DAY),
        ("between 3 and 9 {m}", DatePrecision.WEEK),
        ("from {m} 3 to 9", DatePrecision.WEEK),
        ("from {m} 3 to 20", DatePrecision.MONTH),
    ],
)
def test_a_range_of_days_is_its_first_day(month: str, frame: str, precision: DatePrecision) -> None:
    [found] = find_event_dates(f"Clashes were reported {frame.format(m=month)}.", date(2025, 12, 31))
    first = f"2025-{MONTHS.index(month) + 1:02d}-03"
    assert (found.date, found.precision) == (first[:7] if precision == DatePrecision.MONTH else first, precision)
    assert "period" in found.note


@pytest.mark.parametrize("month", MONTHS)
def test_a_range_keeps_its_year(month: str) -> None:
    [found] = find_event_dates(f"Clashes were reported on 3-4 {month} 2023.", date(2025, 12, 31))
    assert found.date == f"2023-{MONTHS.index(month) + 1:02d}-03"


@pytest.mark.parametrize("month", MONTHS)
def test_a_day_and_a_count_are_no_range(month: str) -> None:
    # "on March 3 and 4 soldiers died": the day is March 3, known to the day
    found = _dates(f"Militants attacked on {month} 3 and 4 soldiers died.", date(2025, 12, 31))
    assert found == [(f"2025-{MONTHS.index(month) + 1:02d}-03", DatePrecision.DAY)]


@pytest.mark.parametrize("sep", ["/", "-", "."])
@pytest.mark.parametrize(("written", "expected"), [("25{s}12{s}2024", "2024-12-25"), ("12{s}25{s}2024", "2024-12-25")])
def test_a_numeric_date_that_reads_one_way_only_is_a_day(sep: str, written: str, expected: str) -> None:
    assert _dates(f"The attack on {written.format(s=sep)} killed four.", None) == [(expected, DatePrecision.DAY)]


@pytest.mark.parametrize("sep", ["/", "-", "."])
def test_an_ambiguous_numeric_date_is_not_guessed_silently(sep: str) -> None:
    text = f"The attack on 05{sep}03{sep}2024 killed four."
    [far] = find_event_dates(text, date(2025, 6, 1))  # neither reading is near publication
    assert (far.date, far.precision) == ("2024", DatePrecision.YEAR)
    assert "2024-03-05" in far.note and "2024-05-03" in far.note
    [near] = find_event_dates(text, date(2024, 3, 9))  # only 5 March is before publication
    assert (near.date, near.precision) == ("2024-03-05", DatePrecision.DAY)
    assert "2024-05-03" in near.note


def test_a_year_first_numeric_date_is_a_day() -> None:
    assert _dates("Filed on 2024/03/12.", None) == [("2024-03-12", DatePrecision.DAY)]


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize(("nth", "first_day"), [("first", 1), ("second", 8), ("third", 15), ("fourth", 22)])
def test_the_nth_week_of_a_month_is_that_week(month: str, nth: str, first_day: int) -> None:
    number = MONTHS.index(month) + 1
    got = _dates(f"Shelling continued in the {nth} week of {month} 2024.", None)
    assert got == [(f"2024-{number:02d}-{first_day:02d}", DatePrecision.WEEK)]


@pytest.mark.parametrize("month", MONTHS)
def test_the_last_week_of_a_month_is_its_last_seven_days_not_last_week(month: str) -> None:
    number = MONTHS.index(month) + 1
    [(value, precision)] = _dates(f"Shelling continued in the last week of {month} 2024.", date(2025, 3, 14))
    last = date(2024, number, calendar.monthrange(2024, number)[1])
    assert (value, precision) == ((last - timedelta(days=6)).isoformat(), DatePrecision.WEEK)


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize("part", ["the end of", "the beginning of", "the start of", "the middle of", "the month of"])
def test_a_part_of_a_named_month_is_that_month(month: str, part: str) -> None:
    published = date(2025, 12, 31)
    got = _dates(f"The crossing was shut at {part} {month}.", published)
    assert got == [(f"2025-{MONTHS.index(month) + 1:02d}", DatePrecision.MONTH)]


@pytest.mark.parametrize("published", [date(2025, 3, 14), date(2025, 3, 31), date(2025, 12, 1)])
@pytest.mark.parametrize("day", [1, 2, 5, 13, 25, 31])
@pytest.mark.parametrize("frame", ["Militants attacked a post on the {}.", "on the night of the {}, jets struck."])
def test_a_day_of_the_month_alone_is_the_latest_before_publication(published: date, day: int, frame: str) -> None:
    ordinal = f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10 if day not in (11, 12, 13) else 0, 'th') }"
    [found] = find_event_dates(frame.format(ordinal), published)
    got = date.fromisoformat(found.date)
    assert (got.day, found.precision) == (day, DatePrecision.DAY)
    assert got <= published
    assert (published - got).days < 62  # this month or one just before with that day
    assert "month not named" in found.note


@pytest.mark.parametrize(
    "text", ["on the 5th day of the siege", "men of the 11th Corps", "on the 2nd floor", "on the 3rd and final day"]
)
def test_an_ordinal_that_is_no_day_of_the_month_gives_no_date(text: str) -> None:
    assert find_event_dates(f"Troops fought {text}.", date(2025, 3, 14)) == []


@pytest.mark.parametrize("day", [2, 9, 12])
@pytest.mark.parametrize("rest", ["and {n}th", "and the {n}th", "in Bajaur", "morning"])
def test_a_day_of_the_month_alone_before_a_second_day_or_a_place(day: int, rest: str) -> None:
    text = f"Jets struck on the {day}{'nd' if day == 2 else 'th'} {rest.format(n=day + 1)}."
    assert _dates(text, date(2025, 3, 14)) == [(f"2025-03-{day:02d}", DatePrecision.DAY)]


def test_a_day_of_the_month_alone_without_publication_is_unknown() -> None:
    [found] = find_event_dates("Militants attacked a post on the 5th.", None)
    assert (found.date, found.precision) == (None, DatePrecision.UNKNOWN)
    assert found.note


@pytest.mark.parametrize("month", MONTHS)
def test_last_month_name_written_in_that_month_is_a_year_before(month: str) -> None:
    number = MONTHS.index(month) + 1
    published = date(2025, number, 15)
    assert _dates(f"Talks broke down last {month}.", published) == [(f"2024-{number:02d}", DatePrecision.MONTH)]
    assert _dates(f"Talks broke down in {month}.", published) == [(f"2025-{number:02d}", DatePrecision.MONTH)]


# --- still to come: not an event's date ------------------------------------------------------


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    [
        "Talks will be held on {w}.",
        "The next round of talks will be held in Doha on {w}.",
        "The crossing is expected to reopen on {w}.",
        "Talks are scheduled for {w}.",
        "A jirga is slated for {w}.",
        "Refugees must leave by {w}.",
        "Talks will be held {w}.",
    ],
)
def test_a_day_still_to_come_is_no_date(weekday: str, frame: str) -> None:
    assert find_event_dates(frame.format(w=weekday), date(2025, 3, 12)) == []


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize(
    "frame",
    [
        "The crossing stays closed until {m}.",
        "Talks are due later this month.",
        "Talks resume later this week.",
        "Talks will be held in {m}.",
    ],
)
def test_a_deadline_or_a_span_still_to_come_is_no_date(month: str, frame: str) -> None:
    assert find_event_dates(frame.format(m=month), date(2025, 3, 12)) == []


@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_a_cause_is_not_a_plan(weekday: str) -> None:
    # "due to" names a cause, not a schedule: the day stays the event's
    [found] = find_event_dates(f"The crossing closed due to firing on {weekday}.", date(2025, 3, 16))
    assert date.fromisoformat(found.date).strftime("%A") == weekday


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize(("ahead", "same_year"), [(1, True), (7, True), (8, False), (40, False)])
def test_a_day_just_after_publication_is_this_year(month: str, ahead: int, same_year: bool) -> None:
    published = date(2025, MONTHS.index(month) + 1, 10)
    day = published + timedelta(days=ahead)
    [found] = find_event_dates(f"Clashes on {day.day} {MONTHS[day.month - 1]}.", published)
    year = day.year if same_year else day.year - 1
    assert found.date == day.replace(year=year).isoformat()
    assert ("after the publication" in found.note) is same_year


# --- through the whole pipeline ---------------------------------------------------------------


def _incident_dates(text: str, published: date) -> list[tuple[str, str | None, DatePrecision]]:
    found = extract(Article("t", text, "t", "t", published=published)).incidents
    return [(i.type, i.date, i.date_precision) for i in found]


@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_an_incident_of_a_weekday_last_week_takes_that_day(weekday: str) -> None:
    published = date(2025, 3, 14)  # a Friday: last week ran from 3 to 9 March
    text = f"Pakistani and Afghan forces clashed at Torkham on {weekday} last week, killing two soldiers."
    expected = date(2025, 3, 3) + timedelta(days=WEEKDAYS.index(weekday))
    assert _incident_dates(text, published) == [("clash", expected.isoformat(), DatePrecision.DAY)]


@pytest.mark.parametrize("published", PUBLISHED)
def test_an_incident_of_the_day_before_yesterday(published: date) -> None:
    text = "Pakistani and Afghan forces clashed at Torkham the day before yesterday, killing two soldiers."
    expected = (published - timedelta(days=2)).isoformat()
    assert _incident_dates(text, published) == [("clash", expected, DatePrecision.DAY)]


@pytest.mark.parametrize("month", MONTHS[:11])
def test_an_incident_of_a_range_is_dated_by_its_first_day(month: str) -> None:
    text = f"Pakistani and Afghan forces clashed at Torkham on 3-4 {month}, killing two soldiers."
    expected = f"2025-{MONTHS.index(month) + 1:02d}-03"
    assert _incident_dates(text, date(2025, 12, 20)) == [("clash", expected, DatePrecision.DAY)]


def test_parse_event_date_prefers_the_explicit_range() -> None:
    assert parse_event_date("On Monday, clashes of 3-4 March 2024 were recalled.", date(2025, 3, 14)).date == (
        "2024-03-03"
    )


# --- when it was said, two weekdays joined, spans up to publication ----------------------------


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    [
        "The ISPR said in a statement on {w} that militants attacked a post.",
        "The military said in a statement issued on {w} that militants attacked a post.",
        "Police told a news conference on {w} that militants attacked a post.",
        "Militants attacked a post, according to a statement released late {w}.",
        "In a briefing on {w}, officials said militants attacked a post.",
    ],
)
def test_the_day_of_a_statement_is_when_it_was_said(weekday: str, frame: str) -> None:
    [found] = find_event_dates(frame.format(w=weekday), date(2025, 3, 16))
    assert found.reported
    assert date.fromisoformat(found.date).strftime("%A") == weekday


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    [
        "Officials said militants attacked the post on {w}.",
        "The two sides met at a peace conference on {w}.",
        "The Taliban demanded the release on {w} of six prisoners.",
    ],
)
def test_a_day_the_event_is_told_on_is_not_a_statement(weekday: str, frame: str) -> None:
    [found] = find_event_dates(frame.format(w=weekday), date(2025, 3, 16))
    assert not found.reported


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize("first", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    ["on {a} night and {b} morning", "on the intervening night of {a} and {b}", "on the night of {a}-{b}"],
)
def test_two_weekdays_joined_keep_their_order(published: date, first: str, frame: str) -> None:
    second = WEEKDAYS[(WEEKDAYS.index(first) + 1) % 7]
    found = find_event_dates(f"Militants attacked a post {frame.format(a=first, b=second)}.", published)
    days = sorted((d.start, d.day) for d in found)
    assert [d.strftime("%A") for _, d in days] == [first, second]
    assert (days[1][1] - days[0][1]).days == 1
    assert days[1][1] <= published


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize("first", WEEKDAYS)
def test_the_night_between_two_weekdays_is_its_first_day(published: date, first: str) -> None:
    second = WEEKDAYS[(WEEKDAYS.index(first) + 1) % 7]
    [found] = find_event_dates(f"Jets struck on the night between {first} and {second}.", published)
    assert found.precision == DatePrecision.DAY
    assert found.day.strftime("%A") == first
    assert 1 <= (published - found.day).days <= 7


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize(
    ("phrase", "back", "precision"),
    [
        ("for the past five days", timedelta(days=5), DatePrecision.WEEK),
        ("over the last two days", timedelta(days=2), DatePrecision.WEEK),
        ("in the last 10 days", timedelta(days=10), DatePrecision.MONTH),
        ("during the past three weeks", timedelta(days=21), DatePrecision.MONTH),
        ("in the past six months", relativedelta(months=6), DatePrecision.YEAR),
    ],
)
def test_a_span_up_to_publication_is_dated_by_its_first_day(published: date, phrase: str, back, precision) -> None:
    [found] = find_event_dates(f"The crossing has been shut {phrase}.", published)
    first = (published - back).isoformat()
    expected = {DatePrecision.WEEK: first, DatePrecision.MONTH: first[:7], DatePrecision.YEAR: first[:4]}[precision]
    assert (found.date, found.precision) == (expected, precision)


# --- a year named by its place, weeks and months counted back -----------------------------------


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize(
    ("frame", "year", "precision"),
    [
        ("in {m} last year", 2024, DatePrecision.MONTH),
        ("in {m} this year", 2025, DatePrecision.MONTH),
        ("on {m} 3 last year", 2024, DatePrecision.DAY),
        ("on 3 {m} last year", 2024, DatePrecision.DAY),
        ("on the 3rd of {m} the previous year", 2024, DatePrecision.DAY),
    ],
)
def test_a_month_of_last_or_this_year(month: str, frame: str, year: int, precision: DatePrecision) -> None:
    number = MONTHS.index(month) + 1
    expected = f"{year}-{number:02d}-03" if precision == DatePrecision.DAY else f"{year}-{number:02d}"
    to_come = year == 2025 and number > 6  # a month of this year after June: still to come
    got = _dates(f"Jets struck {frame.format(m=month)}.", date(2025, 6, 20))
    assert got == ([] if to_come else [(expected, precision)])


@pytest.mark.parametrize("published", [date(2025, 1, 3), date(2025, 6, 20), date(2025, 12, 31)])
def test_this_year_is_the_year_of_publication_and_later_this_year_no_date(published: date) -> None:
    assert _dates("Clashes erupted earlier this year.", published) == [(str(published.year), DatePrecision.YEAR)]
    assert _dates("Talks are due later this year.", published) == []


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    ("phrase", "back", "precision"),
    [
        ("a week earlier", timedelta(days=7), DatePrecision.WEEK),
        ("two weeks earlier", timedelta(days=14), DatePrecision.WEEK),
        ("a month earlier", relativedelta(months=1), DatePrecision.MONTH),
        ("the previous evening", timedelta(days=1), DatePrecision.DAY),
    ],
)
def test_weeks_earlier_count_back_from_the_day_named(weekday: str, phrase: str, back, precision) -> None:
    published = date(2025, 3, 16)
    anchor, earlier = find_event_dates(f"Militants attacked the post on {weekday}; a raid came {phrase}.", published)
    value = (anchor.day - back).isoformat()
    assert (earlier.date, earlier.precision) == (value[:7] if precision == DatePrecision.MONTH else value, precision)
    # no day named: from publication
    [alone] = find_event_dates(f"A raid came {phrase}.", published)
    value = (published - back).isoformat()
    assert alone.date == (value[:7] if precision == DatePrecision.MONTH else value)


# --- no publication date: said, never guessed -------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "on Thursday last week",
        "the day before yesterday",
        "over the weekend",
        "in recent days",
        "in the past 24 hours",
        "a fortnight ago",
        "on the 5th",
        "on 3-4 March",
        "in the first week of March",
        "in March last year",
        "earlier this year",
        "a week earlier",
        "for the past five days",
    ],
)
def test_without_a_publication_date_a_relative_date_is_unknown_and_says_why(phrase: str) -> None:
    [found] = find_event_dates(f"Militants attacked a post {phrase}.", None)
    assert (found.date, found.precision) == (None, DatePrecision.UNKNOWN)
    assert "no publication date" in found.note


@pytest.mark.parametrize("weekday", WEEKDAYS)
@pytest.mark.parametrize(
    "frame",
    ["Pakistan will avenge the attack on {w}, the minister said.", "Kabul will not forget the strikes of {w}."],
)
def test_a_past_day_named_in_a_sentence_about_the_future_stays(weekday: str, frame: str) -> None:
    [found] = find_event_dates(frame.format(w=weekday), date(2025, 3, 16))
    assert found.day.strftime("%A") == weekday


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_this_weekday_is_of_the_week_of_publication_and_no_date_when_still_to_come(
    published: date, weekday: str
) -> None:
    found = find_event_dates(f"The jirga meets this {weekday}.", published)
    if WEEKDAYS.index(weekday) > published.weekday():
        assert found == []
    else:
        [day] = found
        assert day.day.strftime("%A") == weekday
        assert 0 <= (published - day.day).days < 7


# --- Eid: the tabular Hijri calendar, known to the week -----------------------------------------

# the first day as observed in Pakistan (a day either side of the tabular date at most)
OBSERVED_EID = [
    ("Eid al-Fitr", date(2023, 4, 22)),
    ("Eid-ul-Fitr", date(2024, 4, 10)),
    ("Eid ul Fitr", date(2025, 3, 31)),
    ("Eid al-Adha", date(2023, 6, 29)),
    ("Eid-ul-Azha", date(2024, 6, 17)),
    ("Eidul Azha", date(2025, 6, 7)),
]


@pytest.mark.parametrize(("name", "observed"), OBSERVED_EID)
@pytest.mark.parametrize("after", [0, 2, 9, 40])
def test_a_named_eid_is_the_latest_before_publication_to_the_week(name: str, observed: date, after: int) -> None:
    [found] = find_event_dates(f"Militants attacked a post on {name}.", observed + timedelta(days=after))
    assert found.precision == DatePrecision.WEEK
    assert abs((found.day - observed).days) <= 1
    assert "Hijri" in found.note


@pytest.mark.parametrize(("name", "observed"), OBSERVED_EID)
@pytest.mark.parametrize(("phrase", "shift"), [("on the second day of {}", 1), ("on the eve of {}", -1)])
def test_a_day_of_eid_moves_from_its_first_day(name: str, observed: date, phrase: str, shift: int) -> None:
    [found] = find_event_dates(f"Clashes erupted {phrase.format(name)}.", observed + timedelta(days=5))
    [first] = find_event_dates(f"Clashes erupted on {name}.", observed + timedelta(days=5))
    assert (found.day - first.day).days == shift


@pytest.mark.parametrize("published", [date(2015, 1, 1) + timedelta(days=37 * n) for n in range(150)])
def test_each_eid_is_found_in_any_year(published: date) -> None:
    for name in ("Eid al-Fitr", "Eid al-Adha"):
        [found] = find_event_dates(f"The crossing was shut on {name}.", published)
        assert 0 <= (published - found.day).days <= 366


@pytest.mark.parametrize(
    "text",
    ["The house of Eid Mohammad was hit.", "A ceasefire ahead of Eid was agreed.", "Talks will resume after Eid."],
)
def test_eid_as_a_name_or_still_to_come_is_no_date(text: str) -> None:
    assert find_event_dates(text, date(2025, 3, 20)) == []  # the last Eid over two months before


@pytest.mark.parametrize("pre", ["of", "in", "since", "during"])
@pytest.mark.parametrize("name", ["Jan Mohammad", "Jan Agha", "Jan Achakzai"])
def test_a_man_named_jan_is_no_month(pre: str, name: str) -> None:
    assert find_event_dates(f"Protests grew {pre} {name}'s village.", date(2025, 3, 14)) == []
    # the month itself, abbreviated, still is
    assert _dates(f"Protests grew {pre} Jan.", date(2025, 3, 14)) == [("2025-01", DatePrecision.MONTH)]


@pytest.mark.parametrize("paper", ["The Friday Times", "The Sunday Times"])
def test_a_newspaper_named_for_a_weekday_is_no_date(paper: str) -> None:
    assert find_event_dates(f"{paper} reported that the crossing was shut.", date(2025, 3, 14)) == []


@pytest.mark.parametrize("published", PUBLISHED)
@pytest.mark.parametrize("weekday", WEEKDAYS)
def test_a_weekday_this_week_still_to_come_is_no_date(published: date, weekday: str) -> None:
    found = find_event_dates(f"The jirga meets on {weekday} this week.", published)
    assert (found == []) is (WEEKDAYS.index(weekday) > published.weekday())


@pytest.mark.parametrize("month", MONTHS)
def test_a_month_this_year_still_to_come_is_no_date(month: str) -> None:
    published = date(2025, 6, 20)
    found = _dates(f"Elections are due in {month} this year.", published)
    number = MONTHS.index(month) + 1
    assert found == ([] if number > 6 else [(f"2025-{number:02d}", DatePrecision.MONTH)])


@pytest.mark.parametrize("published", PUBLISHED)
def test_this_weekend_written_on_a_weekday_is_still_to_come(published: date) -> None:
    found = _dates("Talks are planned this weekend.", published)
    if published.weekday() < 5:
        assert found == []
    else:
        assert found == [(most_recent_saturday(published).isoformat(), DatePrecision.WEEK)]


def most_recent_saturday(day: date) -> date:
    return day - timedelta(days=(day.weekday() - 5) % 7)


# first day of Ramadan and Ashura as observed in Pakistan (a day either side of the tabular date at most)
OBSERVED_RAMADAN = [date(2023, 3, 23), date(2024, 3, 12), date(2025, 3, 2)]
OBSERVED_ASHURA = [date(2023, 7, 29), date(2024, 7, 17), date(2025, 7, 6)]


@pytest.mark.parametrize("start", OBSERVED_RAMADAN)
@pytest.mark.parametrize("after", [3, 20, 60])
@pytest.mark.parametrize("phrase", ["during Ramadan", "in the holy month of Ramazan", "throughout Ramzan"])
def test_ramadan_is_the_month_of_its_middle_or_of_publication(start: date, after: int, phrase: str) -> None:
    published = start + timedelta(days=after)
    [found] = find_event_dates(f"Attacks rose {phrase}.", published)
    expected = min(start + timedelta(days=14), published)
    assert found.precision == DatePrecision.MONTH
    # the tabular start is within a day of the sighted one
    assert found.date in {(expected + timedelta(days=d)).isoformat()[:7] for d in (-1, 0, 1)}


@pytest.mark.parametrize("observed", OBSERVED_ASHURA)
@pytest.mark.parametrize("phrase", ["on Ashura", "on Youm-e-Ashur", "on the day of Ashura"])
def test_ashura_is_its_day_to_the_week(observed: date, phrase: str) -> None:
    [found] = find_event_dates(f"Processions were attacked {phrase}.", observed + timedelta(days=4))
    assert found.precision == DatePrecision.WEEK
    assert abs((found.day - observed).days) <= 1

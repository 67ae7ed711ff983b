"""Turn date expressions into a date plus precision relative to the publication date, never inventing a year."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from borderwatch.model import DatePrecision

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR, "saturday": SA, "sunday": SU}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Order matters: the most explicit expression of a sentence wins.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")),
    # not a clock time ("May 5:30"); a timeline's label ("Oct 9: ...") is a date
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?!:\d)")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\s*,?\s*(?:19|20)\d\d)")),
    ("weekday", re.compile(rf"\b{_WEEKDAY}(?:['’]s)?\b")),
    ("yesterday", re.compile(r"\byesterday\b", re.IGNORECASE)),
    ("today", re.compile(r"\b(?:today|tonight|this morning|this evening|this afternoon)\b", re.IGNORECASE)),
    ("days_ago", re.compile(r"\b(?P<n>two|three|four|five|six|\d)\s+days\s+ago\b", re.IGNORECASE)),
    ("last_night", re.compile(r"\b(?:last\s+night|overnight)\b", re.IGNORECASE)),
    (
        "days_earlier",  # counted back from the other date of the sentence ("a day earlier, police said on Tuesday")
        re.compile(
            r"\b(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+earlier|"
            r"the\s+(?:previous\s+(?:day|night)|(?:day|night)\s+before))\b",
            re.IGNORECASE,
        ),
    ),
    ("last_week", re.compile(r"\b(?:last|past|previous)\s+week\b|\b(?:a|one)\s+week\s+ago\b", re.IGNORECASE)),
    ("this_week", re.compile(r"\b(?:earlier|late[r]?)\s+(?:this|in\s+the)\s+week\b", re.IGNORECASE)),
    (
        "units_ago",
        re.compile(
            r"\b(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
            r"(?P<unit>weeks|months|years|month|year)\s+ago\b",
            re.IGNORECASE,
        ),
    ),
    ("few_days_ago", re.compile(r"\b(?:a\s+few\s+|several\s+|some\s+)?days\s+ago\b", re.IGNORECASE)),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("last_month", re.compile(r"\b(?:last|past|previous)\s+month\b", re.IGNORECASE)),
    ("this_month", re.compile(r"\b(?:earlier|later)\s+this\s+month\b|\bthis\s+month\b", re.IGNORECASE)),
    ("in_month", re.compile(rf"\b(?i:in|since|during|early|late|mid|last|this|until)[ -]{_MONTH}\b")),
    ("last_year", re.compile(r"\b(?:last|past|previous)\s+year\b", re.IGNORECASE)),
    ("year", re.compile(rf"\b(?i:in|since|during|of|early|late|mid|until)[ -]{_YEAR}\b")),
)
PATTERNS_BY_KIND = dict(PATTERNS)
_PATTERN_ORDER = {kind: order for order, (kind, _) in enumerate(PATTERNS)}
assert len(_PATTERN_ORDER) == len(PATTERNS), "one pattern per kind"
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Literal hints each pattern needs; a text with none of them skips the pattern (speed). A hint with
# a capital is looked for as written (the month and weekday names are matched so), others in any case.
HINTS: dict[str, tuple[str, ...]] = {
    "iso": ("-0", "-1"),
    "month_day_year": _MONTH_STEMS,
    "day_month_year": _MONTH_STEMS,
    "month_day": _MONTH_STEMS,
    "day_month": _MONTH_STEMS,
    "weekday": tuple(name.title() for name in WEEKDAYS),
    "yesterday": ("yesterday",),
    "today": ("today", "tonight", "this "),
    "days_ago": ("ago",),
    "last_night": ("night",),
    "days_earlier": ("earlier", "previous day", "day before", "previous night", "night before"),
    "last_week": ("week",),
    "this_week": ("week",),
    "few_days_ago": ("ago",),
    "units_ago": ("ago",),
    "month_year": _MONTH_STEMS,
    "last_month": ("month",),
    "this_month": ("month",),
    "in_month": _MONTH_STEMS,
    "last_year": ("year",),
    "year": ("19", "20"),
}
_HINT_KINDS: dict[str, set[str]] = {}
for _kind, _hints in HINTS.items():
    for _hint in _hints:
        _HINT_KINDS.setdefault(_hint, set()).add(_kind)
# One scan each finds every hint, the longest first where hints nest ("night before" is found as
# itself, not as the "night" in it).
_BY_LENGTH = sorted(_HINT_KINDS, key=len, reverse=True)
_CASED_HINT_RE = re.compile("|".join(re.escape(h) for h in _BY_LENGTH if not h.islower()))
_LOWER_HINT_RE = re.compile("|".join(re.escape(h) for h in _BY_LENGTH if h.islower()))
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_UNIT_NUMBERS = _NUMBERS | {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


@dataclass(frozen=True)
class EventDate:
    """A resolved date: ISO string at its precision (or None), the expression and a note."""

    date: str | None
    precision: DatePrecision
    expression: str
    start: int
    end: int
    note: str = ""
    reported: bool = False  # "officials said on Tuesday": when it was said, not when it happened

    @property
    def day(self) -> date | None:
        """The best single-day estimate, when the date is known at least to the month."""
        if self.date is None:
            return None
        return _day_of(self.date)


@lru_cache(maxsize=4096)  # a pure function of a short ISO string, asked again and again when events are merged
def _day_of(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)


@cache
def most_recent_weekday(weekday: str, published: date) -> date:
    """The most recent ``weekday`` on or before ``published`` (the same day counts).

    >>> most_recent_weekday("wednesday", date(2023, 2, 22))  # a Wednesday
    datetime.date(2023, 2, 22)
    """
    return published + relativedelta(weekday=WEEKDAYS[weekday.lower()](-1))


def infer_year(month: int, day: int | None, published: date) -> int:
    """The year that puts month/day on or before ``published`` and closest to it ('Dec. 6' in January)."""
    candidate = date(published.year, month, day or 1)
    return published.year if candidate <= published else published.year - 1


# Words before a date that make it a deadline or a time still to come, not when something happened.
FUTURE = re.compile(
    r"\b(?:next|coming|by|until|till|deadline|ahead of|no later than|before the end of|from next)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
REPORTING = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|posted|confirmed|tweeted|wrote|claimed)"
    r"(?:\s+[\w-]+){0,2}\s+(?:on|late|early)?\s*$",
    re.IGNORECASE,
)
# footage coming to light ("a clip surfaced on Monday"): the event came before, by days
SURFACED = re.compile(
    r"\b(?:videos?|footage|clips?|images|pictures|photos|photographs)\b(?:\s+[\w'’-]+){0,8}?\s+"
    r"(?:went viral|surfaced|emerged|circulated|aired)(?:\s+[\w-]+){0,2}\s+(?:on|late|early)?\s*$",
    re.I,
)
SURFACED_NOTE = "the day footage of it appeared"


def find_event_dates(text: str, published: date | None) -> list[EventDate]:
    """Every date expression of ``text``, resolved against ``published``, most explicit first.

    A date that follows a verb of saying ("the Taliban said on Tuesday") is marked ``reported``:
    it dates the statement, and callers use it only when nothing else dates the event.
    """
    found: list[EventDate] = []
    taken: list[tuple[int, int]] = []
    low = text.lower()
    present = {kind for hint in set(_CASED_HINT_RE.findall(text)) for kind in _HINT_KINDS[hint]}
    present.update(kind for hint in set(_LOWER_HINT_RE.findall(low)) for kind in _HINT_KINDS[hint])
    for kind in sorted(present, key=_PATTERN_ORDER.__getitem__):  # only the kinds a hint calls for
        for match in PATTERNS_BY_KIND[kind].finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            resolved = _resolve(kind, match, published)
            if resolved is not None:
                if REPORTING.search(text, max(0, match.start() - 40), match.start()):
                    resolved = replace(resolved, reported=True)
                elif SURFACED.search(text, max(0, match.start() - 100), match.start()):
                    resolved = replace(resolved, reported=True, note=SURFACED_NOTE)
                if FUTURE.search(text, max(0, match.start() - 25), match.start()):
                    taken.append((match.start(), match.end()))
                    continue  # "until Friday", "by 31 October": a deadline, not the event's date
                found.append(resolved)
                taken.append((match.start(), match.end()))
    if "days_earlier" in present and any(d.note == _EARLIER_NOTE for d in found):
        found = _count_back_from_the_sentence(found, text)
    if len(found) > 1 and ("between" in low or "from" in low):
        found = _periods(found, text)
    return found


# "between August 26 and September 1", "from March 3 to March 9": one period, not two days
_PERIOD_JOIN = re.compile(r"\s*(?:and|to|-|–)\s*$")
_PERIOD_OPEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)


def _periods(found: list[EventDate], text: str) -> list[EventDate]:
    """Two days joined as a period become its first day, known to the week when the period is
    at most a week long, else to the month, with a note."""
    by_start = sorted(found, key=lambda d: d.start)
    joined: dict[int, EventDate] = {}
    dropped: set[int] = set()
    for first, last in itertools.pairwise(by_start):
        if (
            first.precision == DatePrecision.DAY
            and last.precision == DatePrecision.DAY
            and first.day is not None
            and last.day is not None
            and first.day <= last.day
            and _PERIOD_OPEN.search(text, max(0, first.start - 12), first.start)
            and _PERIOD_JOIN.match(text[first.end : last.start])
        ):
            days = (last.day - first.day).days
            value, precision = (first.date, DatePrecision.WEEK) if days <= 6 else (first.date[:7], DatePrecision.MONTH)
            expression = text[first.start : last.end]
            note = f"the period {expression!r}: its first day"
            joined[id(first)] = EventDate(value, precision, expression, first.start, last.end, note, first.reported)
            dropped.add(id(last))
    return [joined.get(id(d), d) for d in found if id(d) not in dropped]


_EARLIER_NOTE = "counted back from publication"


def _days_earlier(m: re.Match[str]) -> int:
    word = (m.group("n") or "one").lower()
    return 1 if word in ("a", "one") else _NUMBERS.get(word) or int(word)


def _count_back_from_the_sentence(found: list[EventDate], text: str) -> list[EventDate]:
    """'A day earlier', 'the day before': from another day the same text names (said on Tuesday),
    else from publication, as resolved."""
    anchors = [d for d in found if d.precision == DatePrecision.DAY and d.note != _EARLIER_NOTE and d.day]
    out = []
    for d in found:
        if d.note == _EARLIER_NOTE and anchors:
            anchor = min(anchors, key=lambda a: abs(a.start - d.start))
            m = PATTERNS_BY_KIND["days_earlier"].match(text, d.start)
            back = anchor.day - timedelta(days=_days_earlier(m)) if m else None
            if back is not None:
                d = replace(d, date=back.isoformat(), note=f"counted back from {anchor.expression!r}")
        out.append(d)
    return out


def parse_event_date(text: str, published: date | None) -> EventDate | None:
    """The most explicit date expression of ``text`` resolved against ``published``, or None."""
    found = find_event_dates(text, published)
    return found[0] if found else None


def _ed(value: date | str | None, precision: DatePrecision, match: re.Match[str], note: str = "") -> EventDate:
    if isinstance(value, date):
        value = {
            DatePrecision.DAY: value.isoformat(),
            DatePrecision.WEEK: value.isoformat(),
            DatePrecision.MONTH: value.isoformat()[:7],
            DatePrecision.YEAR: value.isoformat()[:4],
        }[precision]
    return EventDate(value, precision, match.group(), match.start(), match.end(), note)


def _unknown(match: re.Match[str], what: str) -> EventDate:
    return _ed(None, DatePrecision.UNKNOWN, match, f"{what} {match.group()!r}; no publication date to resolve it")


def _resolve(kind: str, m: re.Match[str], published: date | None) -> EventDate | None:
    groups = m.groupdict()
    month = MONTHS.get((groups.get("month") or "").lower().rstrip(".")) if groups.get("month") else None
    if kind == "iso":
        month = int(groups["month"])
    day = int(groups["day"]) if groups.get("day") else None
    try:
        if kind in ("iso", "month_day_year", "day_month_year"):
            return _ed(date(int(groups["year"]), month, day), DatePrecision.DAY, m)
        if kind in ("month_day", "day_month"):
            if month is None or day is None or not 1 <= day <= 31:
                return None
            if published is None:
                return _unknown(m, "day without a year")
            return _ed(date(infer_year(month, day, published), month, day), DatePrecision.DAY, m)
        if kind == "month_year":
            return _ed(date(int(groups["year"]), month, 1), DatePrecision.MONTH, m)
        if kind == "year":
            return _ed(groups["year"], DatePrecision.YEAR, m)
    except ValueError:
        return None  # "February 30": not a date
    if published is None:
        return _unknown(m, "relative date")
    if kind == "weekday":
        day = most_recent_weekday(groups["weekday"], published)
        if day == published and m.string.endswith(("last ", "Last "), 0, m.start()):
            day -= timedelta(days=7)  # "last Thursday" written on a Thursday: a week before
        return _ed(day, DatePrecision.DAY, m)
    if kind == "yesterday":
        return _ed(published - timedelta(days=1), DatePrecision.DAY, m)
    if kind == "today":
        return _ed(published, DatePrecision.DAY, m)
    if kind == "days_ago":
        n = _NUMBERS.get(groups["n"].lower()) or int(groups["n"])
        return _ed(published - timedelta(days=n), DatePrecision.DAY, m)
    if kind == "last_night":
        return _ed(published - timedelta(days=1), DatePrecision.DAY, m, "the night before publication")
    if kind == "days_earlier":
        return _ed(published - timedelta(days=_days_earlier(m)), DatePrecision.DAY, m, _EARLIER_NOTE)
    if kind == "last_week":
        return _ed(published - timedelta(days=7), DatePrecision.WEEK, m, "a day of the week before publication")
    if kind == "this_week":
        monday = published - timedelta(days=published.weekday())
        return _ed(monday, DatePrecision.WEEK, m, "a day earlier in the week of publication")
    if kind == "units_ago":
        word = groups["n"].lower()
        n = 1 if word in ("a", "one") else int(word) if word.isdigit() else _UNIT_NUMBERS[word]
        unit = groups["unit"].lower().rstrip("s")
        if unit == "week":
            return _ed(published - timedelta(days=7 * n), DatePrecision.WEEK, m, f"{n} week(s) before publication")
        if unit == "month":
            return _ed(published - relativedelta(months=n), DatePrecision.MONTH, m)
        return _ed(str(published.year - n), DatePrecision.YEAR, m)
    if kind == "few_days_ago":
        return _ed(published - timedelta(days=3), DatePrecision.WEEK, m, "a few days before publication")
    if kind == "last_month":
        return _ed(published - relativedelta(months=1), DatePrecision.MONTH, m)
    if kind == "this_month":
        return _ed(published, DatePrecision.MONTH, m)
    if kind == "in_month" and month is not None:
        return _ed(date(infer_year(month, None, published), month, 1), DatePrecision.MONTH, m)
    if kind == "last_year":
        return _ed(str(published.year - 1), DatePrecision.YEAR, m)
    return None

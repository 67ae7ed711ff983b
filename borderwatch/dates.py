"""Turn date expressions into a date plus precision relative to the publication date, never inventing a year."""

from __future__ import annotations

import itertools
import math
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
# The Afghan (Hijri Shamsi) solar months as the English-language Afghan press spells them, and the
# Iranian names not also common words or names ("Tir", "Mehr", "Azar", "Dey" are left out)
SOLAR_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("Hamal", "Farvardin"),
            ("Sawr", "Saur", "Sor", "Thawr", "Ordibehesht"),
            ("Jawza", "Jauza", "Jowza", "Jauzā", "Khordad"),
            ("Saratan", "Sarattan"),
            ("Asad", "Mordad", "Amordad"),
            ("Sunbula", "Sonbola", "Sonbula", "Sunbulah", "Shahrivar"),
            ("Mizan", "Meezan"),
            ("Aqrab", "Akrab"),
            ("Qaws", "Qaus", "Qous"),
            ("Jadi", "Jaddi", "Jady"),
            ("Dalw", "Dalv", "Dalwa", "Bahman"),
            ("Hoot", "Hut", "Hout", "Esfand"),
        ],
        start=1,
    )
    for name in names
}
# also a man's name or a word: taken as a month only before its year or after its day ("5 Asad", "Asad
# 5, 1403", not "Asad 5")
SOLAR_MONTHS_ALSO_WORDS = frozenset({"Asad", "Mizan", "Meezan", "Hut", "Jadi", "Sor"})
WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR, "saturday": SA, "sunday": SU}
WEEKDAYS_INDEX = {name: index for index, name in enumerate(WEEKDAYS)}
_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_SOLAR_MONTH = "(?P<smonth>" + "|".join(sorted(SOLAR_MONTHS, key=len, reverse=True)) + ")"
_SOLAR_YEAR = r"(?P<syear>1[34]\d\d)"  # a Hijri Shamsi year: 1403 began in March 2024

_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
# a range's second day: after a dash always; after "and"/"to" only when no word follows ("March 3 to 5
# soldiers" is no range: _resolve checks)
_RANGE_JOIN = r"(?P<join>\s*[-–/&]\s*|\s+(?:and|to)\s+)"

# Order matters: the most explicit expression of a sentence wins.
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "3-4 March", "March 3-4, 2024", "March 3 to 9": one period, dated by its first day
    ("day_range", re.compile(rf"\b{_DAY}{_RANGE_JOIN}{_DAY2}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b")),
    ("month_day_range", re.compile(rf"\b{_MONTH}\s+{_DAY}{_RANGE_JOIN}{_DAY2}\b(?:,?\s+{_YEAR}\b)?(?!:\d)")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("numeric_ymd", re.compile(r"\b(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)\b")),
    # "12/03/2024", "12-03-2024", "12.03.2024": day first in South Asian copy, month first in American
    (
        "numeric",
        re.compile(r"\b(?P<a>[0-3]?\d)(?P<sep>[/.-])(?P<b>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)\b(?![.-]\d)"),
    ),
    # "3/4/24": a two-digit year, read as 20yy (slashes only: "3-4-24" is as often a score or a count)
    ("numeric_short", re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<year>\d\d)\b(?!/\d)")),
    # "in March last year", "on 3 March this year", "March 3 last year": the year is named by its place
    (
        "month_rel_year",
        re.compile(
            rf"\b(?:(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?)?{_MONTH}(?:\s+{_DAY2})?,?\s+"
            r"(?P<which>(?i:last|this|the\s+previous|previous|the\s+past|past))\s+year\b"
        ),
    ),
    ("month_day_year", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b")),
    ("day_month_year", re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")),
    # not a clock time ("May 5:30"); a timeline's label ("Oct 9: ...") is a date
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:19|20)\d\d)(?!:\d)")),
    ("day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\s*,?\s*(?:19|20)\d\d)")),
    # the Afghan solar calendar: "12 Hamal 1403", "on 5th of Jawza", "Saratan 3, 1402", "in Hoot 1402"
    ("solar_day_month", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_SOLAR_MONTH}\b(?:,?\s+{_SOLAR_YEAR}\b)?")),
    ("solar_month_day", re.compile(rf"\b{_SOLAR_MONTH}\s+{_DAY}\b(?!:\d)(?:,?\s+{_SOLAR_YEAR}\b)?")),
    ("solar_month_year", re.compile(rf"\b{_SOLAR_MONTH},?\s+{_SOLAR_YEAR}\b")),
    # "on the 5th", "the night of the 25th": a day of the month, the month not named
    (
        "ordinal_day",
        re.compile(
            r"\b(?i:on|of)\s+the\s+(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b"
            # "on the 9th and 10th", "on the 5th, ...", not "on the 3rd and final day"
            r"(?=\s*(?:[,.;:)]|$|\s(?i:and\s+(?:the\s+)?\d|(?:when|in|at|near|as|while|after|before)\b)"
            r"|\s(?i:morning|evening|night|afternoon)\b))"
        ),
    ),
    # "Thursday last week", "Tuesday of the previous week", "Monday this week": that week's day
    (
        "weekday_of_week",
        re.compile(
            rf"\b{_WEEKDAY}\s+(?:of\s+)?(?P<which>(?i:last|this|the\s+previous|the\s+past|previous|past))\s+week\b"
        ),
    ),
    ("weekday", re.compile(rf"\b{_WEEKDAY}(?:['’]s)?\b(?!\s+Times\b)")),  # not The Friday Times
    ("day_before_yesterday", re.compile(r"\bthe\s+day\s+before\s+yesterday\b", re.IGNORECASE)),
    ("yesterday", re.compile(r"\byesterday\b", re.IGNORECASE)),
    # "on Eid", "on the second day of Eid al-Adha", "on the eve of Eid-ul-Fitr" (not "of Eid Mohammad")
    (
        "eid",
        re.compile(
            r"\b(?i:on|during|over|since|after)\s+(?:the\s+)?"
            r"(?:(?P<nth>(?i:first|second|third|1st|2nd|3rd))\s+day\s+of\s+|(?P<eve>eve)\s+of\s+)?"
            r"Eid(?:[\s-]*(?i:ul|al|ud)?[\s-]*(?P<which>(?i:Fitr|Adha|Azha|Zuha)))?\b(?(which)|(?!\s+[A-Z]))"
        ),
    ),
    # "during Ramadan", "in the holy month of Ramazan", "on Ashura": by the tabular Hijri calendar
    (
        "hijri_time",
        re.compile(
            r"\b(?i:on|during|in|since|throughout)\s+(?:the\s+)?(?:(?i:holy|fasting)\s+)*(?:(?i:month)\s+of\s+)?"
            r"(?:(?P<ramadan>Ramadan|Ramazan|Ramzan)|(?:(?i:day)\s+of\s+)?(?P<ashura>Ashura|Ashur|Youm-e-Ashur))\b"
        ),
    ),
    ("today", re.compile(r"\b(?:today|tonight|this morning|this evening|this afternoon)\b", re.IGNORECASE)),
    ("days_ago", re.compile(r"\b(?P<n>two|three|four|five|six|\d)\s+days\s+(?:ago|back)\b", re.IGNORECASE)),
    ("last_night", re.compile(r"\b(?:last\s+night|overnight)\b", re.IGNORECASE)),
    (
        "days_earlier",  # counted back from the other date of the sentence ("a day earlier, police said on Tuesday")
        re.compile(
            r"\b(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+earlier|"
            r"the\s+(?:previous\s+(?:day|night|evening|morning)|(?:day|night)\s+before))\b"
            # "the day before the talks": counted from an event, not from a date
            r"(?!\s+(?:the|a|an|its|their|his|her|this|that|last|yesterday)\b)",
            re.IGNORECASE,
        ),
    ),
    ("weeks_earlier", re.compile(r"\b(?P<n>a|one|two|three|four|\d)\s+(?P<unit>weeks?|months?)\s+earlier\b", re.I)),
    (
        "days_later",  # counted on from the day named before it ("attacked on Monday; the next day ...")
        re.compile(
            r"\b(?:(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+later|"
            r"the\s+(?:next|following)\s+(?:day|morning|night|evening)|next\s+morning)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "same_day",  # the day named before it ("on Monday ... later that day")
        re.compile(
            r"\b(?:(?:earlier|later)\s+(?:in\s+the|that)\s+day|the\s+same\s+(?:day|night)|"
            r"(?:hours|minutes)\s+later|(?:later\s+)?that\s+(?:night|evening|morning|afternoon))\b",
            re.IGNORECASE,
        ),
    ),
    # "over the weekend", "last weekend": the Saturday and Sunday before publication
    ("weekend", re.compile(r"\b(?:over|during|at|on|last|this|past|previous)\s+(?:the\s+)?weekend\b", re.IGNORECASE)),
    # "the first week of March": that week
    (
        "week_of_month",
        re.compile(
            rf"\b(?P<nth>(?i:first|second|third|fourth|last|final|1st|2nd|3rd|4th))\s+week\s+of\s+{_MONTH}"
            rf"(?:,?\s+{_YEAR})?\b"
        ),
    ),
    ("last_week", re.compile(r"\b(?:last|past|previous)\s+week\b|\b(?:a|one)\s+week\s+ago\b", re.IGNORECASE)),
    # "later this week" is still to come: the FUTURE check drops it
    (
        "this_week",
        re.compile(r"\b(?:(?:earlier|later?)\s+(?:this|in\s+the)\s+week|this\s+week)\b", re.I),
    ),
    (
        "units_ago",
        re.compile(
            r"\b(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
            r"(?P<unit>weeks|months|years|month|year|fortnight|fortnights)\s+(?:ago|back)\b",
            re.IGNORECASE,
        ),
    ),
    ("few_days_ago", re.compile(r"\b(?:a\s+few\s+|several\s+|some\s+)?days\s+(?:ago|back)\b", re.IGNORECASE)),
    # "in recent days", "over the past few days", "in the last couple of days"
    (
        "recent_days",
        re.compile(
            r"\b(?:recent|(?:the\s+)?(?:past|last)\s+(?:few|couple\s+of|several))\s+(?P<unit>days|weeks)\b", re.I
        ),
    ),
    # "in the past ten days", "for the last two weeks": a span up to publication, dated by its first day
    (
        "past_span",
        re.compile(
            r"\b(?P<pre>in|over|during|for|within)\s+the\s+(?:past|last|previous)\s+"
            r"(?P<n>two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(?P<unit>days|weeks|months)\b",
            re.I,
        ),
    ),
    (
        "past_hours",
        re.compile(r"\b(?:past|last|previous)\s+(?P<n>24|48|72|twenty-four|forty-eight|seventy-two)\s+hours\b", re.I),
    ),
    ("month_year", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("month_short_year", re.compile(rf"\b{_MONTH}\s+['’‘](?P<year>\d\d)\b")),  # "March '24": 20yy
    ("last_month", re.compile(r"\b(?:last|past|previous)\s+month\b", re.IGNORECASE)),
    ("this_month", re.compile(r"\b(?:earlier|later)\s+this\s+month\b|\bthis\s+month\b", re.IGNORECASE)),
    # "until March" is matched to be dropped as a deadline (_STILL_TO_COME); "of Jan Mohammad" is a man
    (
        "in_month",
        re.compile(
            rf"\b(?P<pre>(?i:in|since|during|early|late|mid|last|this|until|of))[ -]{_MONTH}\b(?!(?<=Jan)\s+[A-Z])"
        ),
    ),
    ("last_year", re.compile(r"\b(?:last|past|previous)\s+year\b", re.IGNORECASE)),
    ("this_year", re.compile(r"\b(?:(?:earlier|later)\s+)?this\s+year\b", re.IGNORECASE)),
    ("year", re.compile(rf"\b(?i:in|since|during|of|early|late|mid|until)[ -]{_YEAR}\b")),
)
PATTERNS_BY_KIND = dict(PATTERNS)
_PATTERN_ORDER = {kind: order for order, (kind, _) in enumerate(PATTERNS)}
assert len(_PATTERN_ORDER) == len(PATTERNS), "one pattern per kind"
_MONTH_STEMS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Literal hints each pattern needs; a text with none of them skips the pattern (speed). A hint with
# a capital is looked for as written (the month and weekday names are matched so), others in any case.
HINTS: dict[str, tuple[str, ...]] = {
    "day_range": _MONTH_STEMS,
    "month_day_range": _MONTH_STEMS,
    "iso": ("-0", "-1"),
    "numeric_ymd": ("/",),
    "numeric": ("/", ".19", ".20", "-19", "-20"),
    "numeric_short": ("/",),
    "month_day_year": _MONTH_STEMS,
    "day_month_year": _MONTH_STEMS,
    "month_day": _MONTH_STEMS,
    "day_month": _MONTH_STEMS,
    **dict.fromkeys(("solar_day_month", "solar_month_day", "solar_month_year"), tuple(SOLAR_MONTHS)),
    "ordinal_day": tuple(f"the {digit}" for digit in "123456789"),
    "weekday_of_week": ("week",),
    "weekday": tuple(name.title() for name in WEEKDAYS),
    "day_before_yesterday": ("day before yesterday",),
    "yesterday": ("yesterday",),
    "eid": ("Eid",),
    "hijri_time": ("Ramadan", "Ramazan", "Ramzan", "Ashur", "Youm"),
    "today": ("today", "tonight", "this "),
    "days_ago": ("ago", "back"),
    "last_night": ("night", "overnight"),
    "month_rel_year": ("year",),
    "days_earlier": (
        *("earlier", "previous day", "day before", "previous night", "night before"),
        *("previous evening", "previous morning"),
    ),
    "weeks_earlier": ("earlier",),
    "days_later": (
        *("later", "next day", "next morning", "next night", "next evening"),
        *("following day", "following morning", "following night", "following evening"),
    ),
    "same_day": (
        *("later", "earlier", "same day", "same night"),
        *("that night", "that evening", "that morning", "that afternoon"),
    ),
    "weekend": ("weekend",),
    "week_of_month": ("week of",),
    "last_week": ("week",),
    "this_week": ("week",),
    "few_days_ago": ("ago", "back"),
    "units_ago": ("ago", "back"),
    "recent_days": (
        *("recent days", "recent weeks", "few days", "few weeks"),
        *("couple of days", "couple of weeks", "several days", "several weeks"),
    ),
    "past_span": ("past", "last", "previous"),
    "past_hours": ("hours",),
    "month_year": _MONTH_STEMS,
    "month_short_year": ("'", "’", "‘"),
    "last_month": ("month",),
    "this_month": ("month",),
    "in_month": _MONTH_STEMS,
    "last_year": ("year",),
    "this_year": ("year",),
    "year": ("19", "20"),
}
_HINT_KINDS: dict[str, set[str]] = {}
for _kind, _hints in HINTS.items():
    for _hint in _hints:
        _HINT_KINDS.setdefault(_hint, set()).add(_kind)


def _trie_pattern(words: list[str]) -> str:
    """One regex of the words with their common beginnings written once ("next day|next night" as
    "next (?:day|night)"): a place in the text is ruled out by its first letters, not word by word
    (three times faster than a plain alternation of these hints). Where words nest, the longest wins."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) == 1 else body + "?"

    return build(trie)


# One scan each finds every hint, the longest first where hints nest ("night before" is found as
# itself, not as the "night" in it). The lower-case hints begin words ("overnight" is its own hint).
_CASED_HINT_RE = re.compile(_trie_pattern([h for h in _HINT_KINDS if not h.islower()]))
_LOWER_HINT_RE = re.compile(r"\b" + _trie_pattern([h for h in _HINT_KINDS if h.islower()]))
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


# Words before a date that make it a deadline or a time still to come, not when something happened
# ("until Friday", "talks will be held on Saturday", "scheduled for March 20").
FUTURE = re.compile(
    r"\b(?:next|coming|by|until|till|deadline(?:\s+of)?|ahead of|no later than|before the end of|from next"
    r"|(?:scheduled|slated|set|planned)\s+(?:for|on)|expected\s+on|due\s+on"
    # one verb, then maybe a bare noun, a name or a place: "will be held in Doha on", "will visit Kabul
    # on", "will resume talks on", "said trade would resume" (not "will avenge the attack on Monday":
    # an object with its article is a thing already done; nor "would have been killed on Monday")
    # "could resume on Monday", "may reopen on Tuesday" (not "could not find them", "may have died", nor May)
    r"|(?:will|would(?!\s+have\b)|(?-i:could|may|might)(?!\s+(?:have|not)\b)"
    r"|(?:is|are|was|were)\s+(?:expected|scheduled|set|due|likely|slated)\s+to)"
    r"(?:\s+not)?(?:\s+be)?\s+\w+(?:\s+(?!(?:the|a|an|its|their|his|her|this|that|these|those)\b)[a-z]+)?"
    r"(?:\s+(?-i:[A-Z])\w+|\s+(?:in|at)\s+\w+)?(?:\s+(?:on|from))?)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FUTURE_WINDOW = 40
# an expression that is itself a deadline or still to come: "until March", "later this week"
_STILL_TO_COME = re.compile(r"(?:until|till|later\s+this)\b", re.IGNORECASE)
_STILL_TO_COME_KINDS = frozenset({"in_month", "year", "this_week", "this_month", "this_year"})
REPORTING = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|posted|confirmed|tweeted|wrote|claimed)"
    r"(?:\s+[\w-]+){0,2}\s+(?:on|late|early)?\s*$"
    # "said in a statement issued on Thursday", "told a news conference on Thursday"
    # (not "a peace conference on Monday", "the release on Monday of prisoners": events)
    r"|\b(?:statement|(?:news|press)\s+conference|briefing|press\s+release|interview|communiqu[eé]|tweet)"
    r"(?:\s+(?:issued|released|published|posted|shared|held))?\s+(?:on|late|early)?\s*$",
    re.IGNORECASE,
)
# footage coming to light ("a clip surfaced on Monday"): the event came before, by days
SURFACED = re.compile(
    r"\b(?:videos?|footage|clips?|images|pictures|photos|photographs)\b(?:\s+[\w'’-]+){0,8}?\s+"
    r"(?:went viral|surfaced|emerged|circulated|aired)(?:\s+[\w-]+){0,2}\s+(?:on|late|early)?\s*$",
    re.I,
)
SURFACED_NOTE = "the day footage of it appeared"


# A wire dateline that carries the day the report was filed: "PESHAWAR, March 3 (Reuters) -", "KABUL,
# Nov. 12 (AP) —", "Quetta, Pakistan, 3 March 2025 (AFP) –", "JALALABAD, March 3:". The day dates the
# report, not its events, and the report's "on Tuesday" and "yesterday" count from it.
WIRE_DATELINE = re.compile(
    r"(?m:^)[ \t]*[A-Z][A-Za-z.'’/-]*(?:[ ][A-Z][A-Za-z.'’/-]*){0,3}"  # the city: "KABUL", "DERA ISMAIL KHAN"
    r"(?:,[ ][A-Z][A-Za-z]+(?:[ ][A-Z][A-Za-z]+)?)?,[ ]"  # its country or province
    rf"(?P<when>(?:{_MONTH}[ ]{_DAY}|[0-3]?\d[ ]{_MONTH.replace('month', 'month_b')})(?:,?[ ]{_YEAR})?)"
    r"[ \t]*(?:\([A-Za-z][A-Za-z .&-]{1,30}\)[ \t]*)?[-–—:]"
)
FILED_NOTE = "the dateline: the day the report was filed"
_FILED_WITHIN = timedelta(days=7)  # a report filed earlier than that is an old one reprinted: publication counts


_DATELINE_KINDS = frozenset({"month_day", "day_month", "month_day_year", "day_month_year"})


def _wire_dateline_spans(text: str) -> list[tuple[int, int]]:
    """Where the dated wire datelines of ``text`` put their date."""
    if "," not in text:
        return []
    return [match.span("when") for match in WIRE_DATELINE.finditer(text)]


def filed_day(text: str, published: date | None) -> date | None:
    """The day a wire report was filed, from a dateline on one of its first lines, when it is the
    publication day or at most a week before it (a paper prints the agency's report a day later:
    the report's 'on Tuesday' is the Tuesday before the filing, not before the paper). With no
    publication date, a dateline with its year still gives the day."""
    head = "\n".join(text.lstrip().split("\n", 4)[:4])
    match = WIRE_DATELINE.search(head)
    if match is None:
        return None
    found = find_event_dates(match.group("when"), published)
    day = found[0].day if found and found[0].precision == DatePrecision.DAY else None
    if day is None or (published is not None and not timedelta(0) <= published - day <= _FILED_WITHIN):
        return None
    return day


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
    filed_at = _wire_dateline_spans(text) if present & _DATELINE_KINDS else []
    for kind in sorted(present, key=_PATTERN_ORDER.__getitem__):  # only the kinds a hint calls for
        for match in PATTERNS_BY_KIND[kind].finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            resolved = _resolve(kind, match, published)
            if resolved is _TO_COME:  # "on Saturday this week" written on a Wednesday: no date, nor its parts
                taken.append((match.start(), match.end()))
                continue
            if resolved is not None:
                if REPORTING.search(text, max(0, match.start() - 40), match.start()):
                    resolved = replace(resolved, reported=True)
                elif any(a <= match.start() < b for a, b in filed_at):
                    resolved = replace(resolved, reported=True, note=FILED_NOTE)
                elif SURFACED.search(text, max(0, match.start() - 100), match.start()):
                    resolved = replace(resolved, reported=True, note=SURFACED_NOTE)
                if FUTURE.search(text, max(0, match.start() - _FUTURE_WINDOW), match.start()) or (
                    kind in _STILL_TO_COME_KINDS and _STILL_TO_COME.match(text, match.start())
                ):
                    taken.append((match.start(), match.end()))
                    continue  # "until Friday", "by 31 October": a deadline, not the event's date
                found.append(resolved)
                taken.append((match.start(), match.end()))
    if ("days_earlier" in present or "weeks_earlier" in present) and any(d.note == _EARLIER_NOTE for d in found):
        found = _count_back_from_the_sentence(found, text)
    if ("days_later" in present or "same_day" in present) and any(d.note == _ANCHORED_NOTE for d in found):
        found = _count_on_from_the_sentence(found, text)
    if len(found) > 1 and "weekday" in present:
        found = _weekdays_in_order(found, text)
    if len(found) > 1 and ("between" in low or "from" in low):
        found = _periods(found, text)
    return found


# "between August 26 and September 1", "from March 3 to March 9": one period, not two days
_PERIOD_JOIN = re.compile(r"\s*(?:and|to|-|–)\s*$")
_PERIOD_OPEN = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)


def _periods(found: list[EventDate], text: str) -> list[EventDate]:
    """Two days joined as a period become its first day, known to the day for a night or two days,
    to the week when the period is at most a week long, else to the month, with a note."""
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
            if days <= 1:  # a night or two days ("the night between Friday and Saturday"): its first day
                value, precision = first.date, DatePrecision.DAY
            elif days <= 6:
                value, precision = first.date, DatePrecision.WEEK
            else:
                value, precision = first.date[:7], DatePrecision.MONTH
            expression = text[first.start : last.end]
            note = f"the period {expression!r}: its first day"
            joined[id(first)] = EventDate(value, precision, expression, first.start, last.end, note, first.reported)
            dropped.add(id(last))
    return [joined.get(id(d), d) for d in found if id(d) not in dropped]


# "Friday night and Saturday morning", "the intervening night of Saturday and Sunday", "Saturday-Sunday"
_WEEKDAY_JOIN = re.compile(r"\s*(?:(?:night|morning|evening|afternoon)\s+)?(?:and|to|or|-|–|/)\s*(?:early\s+)?$", re.I)
_WEEKDAY_NAMES = frozenset(name.title() for name in WEEKDAYS)


def _weekdays_in_order(found: list[EventDate], text: str) -> list[EventDate]:
    """Two weekdays joined keep the order the text gives them: 'Friday night and Saturday morning'
    written on a Friday is the Friday of the week before, not the day of writing."""
    by_start = sorted(found, key=lambda d: d.start)
    moved: dict[int, EventDate] = {}
    for first, last in itertools.pairwise(by_start):
        if (
            first.expression in _WEEKDAY_NAMES
            and last.expression in _WEEKDAY_NAMES
            and first.day is not None
            and last.day is not None
            and first.day > last.day
            and first.precision == last.precision == DatePrecision.DAY
            and _WEEKDAY_JOIN.match(text[first.end : last.start])
        ):
            moved[id(first)] = replace(first, date=(first.day - timedelta(days=7)).isoformat())
    return [moved.get(id(d), d) for d in found]


_EARLIER_NOTE = "counted back from publication"


def _days_earlier(m: re.Match[str]) -> int:
    word = (m.group("n") or "one").lower()
    return 1 if word in ("a", "one") else _NUMBERS.get(word) or int(word)


def _weeks_earlier(m: re.Match[str]) -> timedelta | relativedelta:
    word = m.group("n").lower()
    n = 1 if word in ("a", "one") else _NUMBERS.get(word) or int(word)
    return relativedelta(months=n) if m.group("unit").lower().startswith("month") else timedelta(days=7 * n)


def _count_back_from_the_sentence(found: list[EventDate], text: str) -> list[EventDate]:
    """'A day earlier', 'the day before': from another day the same text names (said on Tuesday),
    else from publication, as resolved."""
    anchors = [d for d in found if d.precision == DatePrecision.DAY and d.note != _EARLIER_NOTE and d.day]
    out = []
    for d in found:
        if d.note == _EARLIER_NOTE and anchors:
            anchor = min(anchors, key=lambda a: abs(a.start - d.start))
            m = PATTERNS_BY_KIND["days_earlier"].match(text, d.start)
            weeks = PATTERNS_BY_KIND["weeks_earlier"].match(text, d.start) if m is None else None
            back = anchor.day - timedelta(days=_days_earlier(m)) if m else None
            if weeks is not None:
                back = anchor.day - _weeks_earlier(weeks)
            if back is not None:
                value = back.isoformat()[:7] if d.precision == DatePrecision.MONTH else back.isoformat()
                d = replace(d, date=value, note=f"counted back from {anchor.expression!r}")
        out.append(d)
    return out


ANCHORED_NOTE = _ANCHORED_NOTE = "counted from the day named before it"
_LATER = PATTERNS_BY_KIND["days_later"]
# how far into its sentence a "the next day" may stand and still be counted from the sentence before
_OPENING = 4


def count_on(expression: EventDate, text: str, anchor: date, anchor_name: str) -> EventDate:
    """'The next day', 'two days later', 'later that day' (``expression``, at its offsets in
    ``text``) counted on from the day ``anchor``."""
    m = _LATER.match(text, expression.start)
    days = 0 if m is None else 1 if m.group("n") is None else _days_earlier(m)
    day = anchor + timedelta(days=days)
    return replace(expression, date=day.isoformat(), precision=DatePrecision.DAY, note=f"counted from {anchor_name!r}")


def _count_on_from_the_sentence(found: list[EventDate], text: str) -> list[EventDate]:
    """'The next day', 'two days later', 'later that day': from the nearest day the text names
    before it. Without one the day is not known here: opening the sentence ("The next day, troops
    ...") it stays, undated, for the caller to count from the event told before; else it gives no date."""
    anchors = [d for d in found if d.precision == DatePrecision.DAY and d.note != _ANCHORED_NOTE and d.day]
    out = []
    for d in found:
        if d.note == _ANCHORED_NOTE:
            before = [a for a in anchors if a.end <= d.start]
            if before:
                anchor = max(before, key=lambda a: a.end)
                d = count_on(d, text, anchor.day, anchor.expression)  # type: ignore[arg-type]
            elif d.start > _OPENING:
                continue
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


# an expression that names a day still to come: matched, so that no part of it is read as a past date
_TO_COME = EventDate(None, DatePrecision.UNKNOWN, "", 0, 0, "still to come")
# a day-month a few days after publication is this year's (a day still to come, or a late time zone),
# not last year's: a year-old event would be told with its year
_AHEAD = timedelta(days=7)
_AHEAD_NOTE = "after the publication date"
_LAST_YEARS_NOTE = "the year not written: last year's, as this year's is after publication"


def _resolve(kind: str, m: re.Match[str], published: date | None) -> EventDate | None:
    groups = m.groupdict()
    month = MONTHS.get((groups.get("month") or "").lower().rstrip(".")) if groups.get("month") else None
    if kind in ("iso", "numeric_ymd"):
        month = int(groups["month"])
    day = int(groups["day"]) if groups.get("day") else None
    try:
        if kind in ("iso", "numeric_ymd", "month_day_year", "day_month_year"):
            return _ed(date(int(groups["year"]), month, day), DatePrecision.DAY, m)
        if kind in ("day_range", "month_day_range"):
            return _range(m, month, day, published)
        if kind in ("numeric", "numeric_short"):
            return _numeric(m, published)
        if kind == "week_of_month":
            return _week_of_month(m, month, published)
        if kind in ("month_day", "day_month"):
            if month is None or day is None or not 1 <= day <= 31:
                return None
            if published is None:
                return _unknown(m, "day without a year")
            ahead = date(published.year, month, day) - published
            if timedelta(0) < ahead <= _AHEAD:  # "talks on March 16" in a paper of March 14: this year's
                return _ed(date(published.year, month, day), DatePrecision.DAY, m, _AHEAD_NOTE)
            year = infer_year(month, day, published)
            # no year written and this year's day still to come: last year's, and the note says so
            note = _LAST_YEARS_NOTE if year < published.year else ""
            return _ed(date(year, month, day), DatePrecision.DAY, m, note)
        if kind == "month_year":
            return _ed(date(int(groups["year"]), month, 1), DatePrecision.MONTH, m)
        if kind.startswith("solar_"):
            return _solar(kind, m, published)
        if kind == "month_short_year":
            year = _short_year(groups["year"], published)
            return None if year is None else _ed(date(year, month, 1), DatePrecision.MONTH, m, _SHORT_YEAR_NOTE)
        if kind == "year":
            return _ed(groups["year"], DatePrecision.YEAR, m)
    except ValueError:
        return None  # "February 30": not a date
    if kind in ("days_later", "same_day"):
        return _ed(None, DatePrecision.UNKNOWN, m, _ANCHORED_NOTE)  # dated from the day before it, or dropped
    if published is None:
        return _unknown(m, "relative date")
    if kind == "ordinal_day":
        return _ordinal_day(m, day, published)
    if kind == "weekday_of_week":
        monday = published - timedelta(days=published.weekday())
        if not groups["which"].lower().startswith("this"):
            monday -= timedelta(days=7)
        day = monday + timedelta(days=WEEKDAYS_INDEX[groups["weekday"].lower()])
        return _TO_COME if day > published else _ed(day, DatePrecision.DAY, m)
    if kind == "day_before_yesterday":
        return _ed(published - timedelta(days=2), DatePrecision.DAY, m)
    if kind == "weekend":
        this = m.group().lower().startswith("this")
        if this and published.weekday() < 5:
            return _TO_COME  # "talks this weekend" written on a weekday
        saturday = most_recent_weekday("saturday", published - timedelta(days=0 if this else 1))
        return _ed(saturday, DatePrecision.WEEK, m, "the weekend before publication")
    if kind == "recent_days":
        if groups["unit"].lower() == "weeks":
            return _ed(published - timedelta(days=14), DatePrecision.MONTH, m, "recent weeks before publication")
        return _ed(published - timedelta(days=3), DatePrecision.WEEK, m, "a few days before publication")
    if kind == "past_span":
        word = groups["n"].lower()
        n = int(word) if word.isdigit() else _UNIT_NUMBERS[word]
        unit = groups["unit"].lower()
        days = n * {"days": 1, "weeks": 7, "months": 30}[unit]
        first = published - (relativedelta(months=n) if unit == "months" else timedelta(days=days))
        precision = DatePrecision.WEEK if days <= 7 else DatePrecision.MONTH if days <= 45 else DatePrecision.YEAR
        return _ed(first, precision, m, f"the span {m.group()!r} up to publication: its first day")
    if kind == "past_hours":
        return _ed(published - timedelta(days=1), DatePrecision.WEEK, m, f"within {groups['n']} hours of publication")
    if kind == "weekday":
        day = most_recent_weekday(groups["weekday"], published)
        if day == published and m.string.endswith(("last ", "Last "), 0, m.start()):
            day -= timedelta(days=7)  # "last Thursday" written on a Thursday: a week before
        elif day != published and m.string.endswith(("this ", "This "), 0, m.start()):
            if WEEKDAYS_INDEX[groups["weekday"].lower()] > published.weekday():
                return _TO_COME  # "this Friday" written on a Wednesday
        return _ed(day, DatePrecision.DAY, m)
    if kind == "eid":
        return _eid(m, published)
    if kind == "hijri_time":
        return _hijri_time(m, published)
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
    if kind == "weeks_earlier":
        monthly = groups["unit"].lower().startswith("month")
        precision = DatePrecision.MONTH if monthly else DatePrecision.WEEK
        return _ed(published - _weeks_earlier(m), precision, m, _EARLIER_NOTE)
    if kind == "month_rel_year":
        year = published.year - (0 if groups["which"].lower() == "this" else 1)
        day = day or (int(groups["day2"]) if groups.get("day2") else None)
        try:
            when = date(year, month, day or 1)
        except ValueError:
            return None
        if when > published:
            return _TO_COME  # "in December this year" written in March
        return _ed(when, DatePrecision.DAY if day else DatePrecision.MONTH, m)
    if kind == "this_year":
        return _ed(str(published.year), DatePrecision.YEAR, m)
    if kind == "last_week":
        return _ed(published - timedelta(days=7), DatePrecision.WEEK, m, "a day of the week before publication")
    if kind == "this_week":
        monday = published - timedelta(days=published.weekday())
        return _ed(monday, DatePrecision.WEEK, m, "a day earlier in the week of publication")
    if kind == "units_ago":
        word = groups["n"].lower()
        n = 1 if word in ("a", "one") else int(word) if word.isdigit() else _UNIT_NUMBERS[word]
        unit = groups["unit"].lower().rstrip("s")
        if unit == "fortnight":
            n, unit = 2 * n, "week"
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
        year = infer_year(month, None, published)
        if groups["pre"].lower() == "last" and year == published.year and month == published.month:
            year -= 1  # "last March" written in March: a year before
        return _ed(date(year, month, 1), DatePrecision.MONTH, m)
    if kind == "last_year":
        return _ed(str(published.year - 1), DatePrecision.YEAR, m)
    return None


_RANGE_SPAN_NOTE = "the period {!r}: its first day"


def _range(m: re.Match[str], month: int | None, day: int | None, published: date | None) -> EventDate | None:
    """'3-4 March', 'March 3 to 9': the first day, at day precision for a night or two days, the week
    for a longer one, the month beyond."""
    last = int(m.group("day2"))
    if month is None or day is None or not 1 <= day < last <= 31:
        return None  # "March 9-3": no period; the single-day patterns read it
    if m.group("join").strip() in ("and", "to") and re.match(r"\s+[a-z]", m.string[m.end() :]):
        return None  # "on March 3 and 4 soldiers": a count, not a second day
    if m.group("year"):
        year = int(m.group("year"))
    elif published is None:
        return _unknown(m, "period without a year")
    else:
        year = infer_year(month, day, published)
    first = date(year, month, day)
    date(year, month, last)  # "February 28-30": not a period (ValueError)
    span = last - day
    precision = DatePrecision.DAY if span <= 1 else DatePrecision.WEEK if span <= 6 else DatePrecision.MONTH
    return _ed(first, precision, m, _RANGE_SPAN_NOTE.format(m.group()))


def _numeric(m: re.Match[str], published: date | None) -> EventDate | None:
    """'12/03/2024': day/month or month/day. Read one way when only one is a date or only one falls
    in the 90 days up to publication; else only the year is known, and the note says why."""
    a, b, year = int(m.group("a")), int(m.group("b")), _short_year(m.group("year"), published)
    if year is None:
        return None
    readings = []
    for day, month in ((a, b), (b, a)):
        try:
            readings.append(date(year, month, day))
        except ValueError:
            continue
    readings = sorted(set(readings))
    if not readings:
        return None
    short = _SHORT_YEAR_NOTE if len(m.group("year")) == 2 else ""
    if len(readings) == 1:
        return _ed(readings[0], DatePrecision.DAY, m, short)
    near = [r for r in readings if published is not None and timedelta(0) <= published - r <= timedelta(days=90)]
    both = " or ".join(r.isoformat() for r in readings)
    if len(near) == 1:
        return _ed(near[0], DatePrecision.DAY, m, f"{m.group()!r} is {both}: read as the one before publication")
    return _ed(str(year), DatePrecision.YEAR, m, f"{m.group()!r} is {both}: day and month cannot be told apart")


_SHORT_YEAR_NOTE = "a two-digit year, read as 20yy"


def _short_year(written: str, published: date | None) -> int | None:
    """The year a date writes: as is with four digits; with two, 20yy, or none when that is after
    publication ("3/4/97" is no recent event's and "1/2/35" no date)."""
    year = int(written)
    if len(written) == 4:
        return year
    year += 2000
    return None if published is not None and year > published.year else year


_WEEK_NTH = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}


def _week_of_month(m: re.Match[str], month: int | None, published: date | None) -> EventDate | None:
    """'The first week of March': its first day, known to the week; 'the last week of March': its last seven days."""
    if month is None:
        return None
    if m.group("year"):
        year = int(m.group("year"))
    elif published is None:
        return _unknown(m, "week without a year")
    else:
        year = infer_year(month, None, published)
    nth = m.group("nth").lower()
    if nth in _WEEK_NTH:
        first = date(year, month, 1 + 7 * _WEEK_NTH[nth])
    else:
        first = date(year, month, 1) + relativedelta(months=1) - timedelta(days=7)
    return _ed(first, DatePrecision.WEEK, m, f"{m.group()!r}: its first day")


def _ordinal_day(m: re.Match[str], day: int | None, published: date) -> EventDate | None:
    """'On the 5th': the latest such day on or before publication (this month or the last), the
    month not being named."""
    if day is None:
        return None
    month_start = published.replace(day=1)
    for start in (month_start, month_start - relativedelta(months=1), month_start - relativedelta(months=2)):
        try:
            candidate = start.replace(day=day)
        except ValueError:
            continue  # "the 31st" in a month of 30 days
        if candidate <= published:
            return _ed(
                candidate, DatePrecision.DAY, m, f"{m.group()!r}: the month not named, the latest before publication"
            )
    return None


_SOLAR_LEAP = frozenset({1, 5, 9, 13, 17, 22, 26, 30})  # the years of a 33-year cycle with a 30th of Hoot
_NOWRUZ_1399 = date(2020, 3, 20)  # 1 Hamal 1399


@cache
def _nowruz(year: int) -> date:
    """1 Hamal of a Hijri Shamsi year, by the 33-year leap cycle (exact for 1343-1472, about a lifetime
    either side of today)."""
    step = 1 if year >= 1399 else -1
    day = _NOWRUZ_1399
    for y in range(1399, year, step):
        day += timedelta(days=step * (366 if (y if step > 0 else y - 1) % 33 in _SOLAR_LEAP else 365))
    return day


def solar_to_date(year: int, month: int, day: int) -> date:
    """A Hijri Shamsi date in the Gregorian calendar: six months of 31 days, five of 30, Hoot of 29 (30
    in a leap year). ValueError for a day the month does not have.

    >>> solar_to_date(1403, 1, 12)
    datetime.date(2024, 3, 31)
    """
    length = 31 if month <= 6 else 30 if month <= 11 else 30 if year % 33 in _SOLAR_LEAP else 29
    if not (1 <= month <= 12 and 1 <= day <= length):
        raise ValueError(f"no day {day} in month {month} of {year}")
    return _nowruz(year) + timedelta(days=31 * min(month - 1, 6) + 30 * max(month - 7, 0) + day - 1)


_SOLAR_NOTE = "the Afghan solar (Hijri Shamsi) date {!r}"


def _solar(kind: str, m: re.Match[str], published: date | None) -> EventDate | None:
    """'12 Hamal 1403', 'Jawza 5', 'in Hoot 1402': the Gregorian day (or month); with no year, the
    latest such day on or before publication, and the note says the year was not written."""
    name = m.group("smonth")
    month = SOLAR_MONTHS[name]
    written = m.group("syear")
    if name in SOLAR_MONTHS_ALSO_WORDS and kind == "solar_month_day" and not written:
        return None  # "Asad 5": a man and a number as often as a day
    note = _SOLAR_NOTE.format(m.group())
    if kind == "solar_month_year":
        first = solar_to_date(int(written), month, 1)
        return _ed(first + timedelta(days=14), DatePrecision.MONTH, m, note + ": its middle")
    day = int(m.group("day"))
    if written:
        return _ed(solar_to_date(int(written), month, day), DatePrecision.DAY, m, note)
    if published is None:
        return _unknown(m, "solar day without a year")
    year = published.year - 621  # the solar year begun in publication's year; before Nowruz, the one before
    for candidate in (year, year - 1, year - 2):
        when = solar_to_date(candidate, month, day)
        if when <= published:
            return _ed(when, DatePrecision.DAY, m, note + ", the year not written: the latest before publication")
    return None


def _hijri_to_date(year: int, month: int, day: int) -> date:
    """The arithmetical (tabular) Islamic calendar: within a day or two of the moon sighted in
    Pakistan and Afghanistan, which is why its feasts are known only to the week."""
    julian = day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    return date.fromordinal(julian - 1721425)


_EID_RECENT = timedelta(days=60)
_FEASTS = {"fitr": (10, 1, "Eid al-Fitr"), "adha": (12, 10, "Eid al-Adha")}


@cache
def _feasts_before(published: date) -> list[tuple[date, str]]:
    """Both Eids of the Hijri years around ``published``, on or before it, the latest first."""
    hijri_year = round((published.year - 622) * 33 / 32)  # a lunar year is 11 days short of a solar one
    feasts = [
        (_hijri_to_date(year, month, day), name)
        for year in range(hijri_year - 2, hijri_year + 2)
        for month, day, name in _FEASTS.values()
    ]
    return sorted((f for f in feasts if f[0] <= published), reverse=True)


def _eid(m: re.Match[str], published: date) -> EventDate | None:
    """'On Eid': the latest Eid on or before publication (the one named, if named), known to the
    week; 'the second day of Eid' a day after it, 'the eve of Eid' a day before."""
    which = (m.group("which") or "").lower()
    wanted = "adha" if which in ("adha", "azha", "zuha") else which
    # a day just after publication may still be that Eid's eve or its first days
    feasts = _feasts_before(published + timedelta(days=3))
    feast = next((f for f in feasts if not wanted or f[1] == _FEASTS[wanted][2]), None)
    if feast is None or (not wanted and published - feast[0] > _EID_RECENT):
        return None  # "Eid" unnamed and none lately: a feast to come, or Eid in general
    day, name = feast
    nth = (m.group("nth") or "first").lower()
    day += timedelta(days={"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}[nth])
    if m.group("eve"):
        day -= timedelta(days=1)
    note = f"{name} {day.year} by the tabular Hijri calendar (observed a day either side)"
    return _ed(min(day, published), DatePrecision.WEEK, m, note)


def _hijri_time(m: re.Match[str], published: date) -> EventDate | None:
    """'During Ramadan': the latest Ramadan begun by publication, known to the month of its middle
    (or of publication, inside it); 'on Ashura' (10 Muharram): that day, known to the week."""
    hijri_year = round((published.year - 622) * 33 / 32)
    if m.group("ramadan"):
        starts = [_hijri_to_date(year, 9, 1) for year in range(hijri_year - 2, hijri_year + 2)]
        start = max((d for d in starts if d <= published), default=None)
        if start is None:
            return None
        middle = min(start + timedelta(days=14), published)
        return _ed(middle, DatePrecision.MONTH, m, f"Ramadan {start.year} by the tabular Hijri calendar: its middle")
    days = [_hijri_to_date(year, 1, 10) for year in range(hijri_year - 2, hijri_year + 2)]
    day = max((d for d in days if d <= published + timedelta(days=1)), default=None)
    if day is None:
        return None
    return _ed(min(day, published), DatePrecision.WEEK, m, f"Ashura {day.year} by the tabular Hijri calendar")

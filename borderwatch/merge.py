"""Merge reports of one real event across articles into one incident that keeps every source."""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pyproj import Geod
from rapidfuzz import fuzz

from borderwatch.admin import former_district
from borderwatch.model import DATE_PRECISION_RANK
from borderwatch.query import date_range

MERGER_VERSION = "5"  # bumped whenever the rules change, so stored events are merged anew
SAME_PLACE_KM = 10.0
LINK_SCORE = 4.5  # a pair of dated reports is one event from this score up
UNDATED_LINK_SCORE = 6.5  # undated: place and type, and its own day words, close wording, or a toll and more
WORDING_RATIO = 60.0  # rapidfuzz token_set_ratio of the two quotes, 0..100
CLOSE_TYPES = frozenset({"attack", "clash", "operation", "airstrike"})  # one event, told as either
BLOCK_CAP = 48  # a block larger than this compares each report with its WINDOW nearest only
WINDOW = 8
CELL_DEGREES = 0.25  # blocking grid: over 20 km wide in the region, so 10 km reach one neighbour at most
SHORT_DAYS = 8  # a date of up to a week is blocked by day; a coarser one by month
_GEOD = Geod(ellps="WGS84")


@dataclass
class MergedIncident:
    """One real event: the reports that describe it, and the figures drawn from them."""

    id: str
    reports: list[dict[str, Any]]
    merge_reason: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Record:
    """What merging reads of one report, compact enough to hold a million."""

    id: str
    article: str
    type: str
    family: str
    first: int | None  # proleptic ordinals of the first and last day the date may stand for
    last: int | None
    day: bool
    stated: bool  # dated by its own words, not by the lead, an earlier event or the publication date
    note: str
    place: str | None
    gid: str | None
    lat: float | None
    lon: float | None
    precision: int | None
    own: str | None  # an area's own level and name ("2:kurram"), normalised; None for a point
    admin: tuple[str, ...]  # levels and names of the units a place lies in ("1:khyber pakhtunkhwa", "3:...")
    fatalities: int | None
    actors: frozenset[str]
    evidence: str
    date: str | None = None
    areas: tuple[Any, ...] = ()
    names: frozenset[str] | None = None  # what _names finds in the quote, once asked


@dataclass
class Link:
    """Why two reports are, or are not, one event: the score and its parts."""

    score: float
    parts: list[tuple[str, float]]

    def text(self) -> str:
        return f"score {self.score:g}: " + ", ".join(f"{p} {w:+g}" for p, w in self.parts)


_NAMES: dict[str, str | None] = {}
_PLACES: dict[tuple[Any, ...], tuple[Any, ...]] = {}  # one place's names and keys, worked out once
_NO_ACTORS: frozenset[str] = frozenset()
_SPANS: dict[tuple[str | None, str], tuple[int, int] | None] = {}


def _norm(name: str | None) -> str | None:
    if not name:
        return None
    found = _NAMES.get(name, "")
    if found == "":
        found = re.sub(r"\s+(district|province|agency|tribal district|division)$", "", name.strip().lower()) or None
        _NAMES[name] = found
    return found


def _span(value: str | None, precision: str) -> tuple[int, int] | None:
    """First and last day (ordinals) a date may stand for; a few thousand distinct dates, so cached."""
    found = _SPANS.get((value, precision), ())
    if found == ():
        days = date_range(value, precision)
        found = (days[0].toordinal(), days[1].toordinal()) if days else None
        _SPANS[(value, precision)] = found
    return found  # type: ignore[return-value]


_SHARED: dict[Any, Any] = {}  # one copy of each place's names and keys, each date's string, for a million records


def _shared(value: Any) -> Any:
    if len(_SHARED) > 200_000:
        _SHARED.clear()
        _PLACES.clear()
    return _SHARED.setdefault(value, value)


# the admin level of an area by its kind; other areas (a region, the border) contain nothing by name
_LEVELS = {"province": 1, "district": 2, "tehsil": 3}
# a date the report does not give itself: the lead's, an earlier event's, the week or month of publication
_BORROWED = re.compile(r"\bno date (?:in|for)\b|\bdated from the event\b")


def borrowed(note: str | None) -> bool:
    """Whether a report's date is borrowed (from its article's lead, an earlier event, the
    publication date) rather than stated by its own words, by the note extraction left."""
    return bool(note) and _BORROWED.search(note) is not None  # type: ignore[arg-type]


def _units(row: dict[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    """A place's own unit (an area's level and name; None for a point) and the units it lies in.

    The units are the province, district and tehsil (admin1..3) that point-in-polygon gave the
    place, tagged with their level, so that a town whose district is Kurram lies in the district
    Kurram and not in a tehsil of that name. An area's level comes from its kind; a place of no
    known kind (a geocoder's) takes the level whose unit bears its name, else the first level its
    units leave open.
    """
    names = [_norm(row.get(f"admin{k}")) for k in (1, 2, 3)]
    units = [f"{k}:{n}" for k, n in enumerate(names, 1) if n]
    former = former_district(names[1]) if names[1] else None
    if former and former != names[1]:
        units.append(f"2:{former}")  # Upper South Waziristan lies in the South Waziristan the press still names
    precision = row["geo_precision"]
    if precision is None or precision < 3:
        return None, tuple(units)
    kind, name = row.get("place_kind"), _norm(row["place"])
    if kind == "country":
        return "c:" + (row.get("country") or ""), ()
    level = _LEVELS.get(kind)  # type: ignore[arg-type]
    if level is None and kind is None and name:
        level = next((k for k, n in enumerate(names, 1) if n == name), None)
        level = level or next((k for k, n in enumerate(names, 1) if not n), None)
    if level is None:
        return (f"x:{name}" if name else None), tuple(units)
    return f"{level}:{name}", tuple(u for u in units if int(u[0]) < level)


def record(row: dict[str, Any]) -> Record:
    """The merge's view of one stored report row."""
    span = _span(row["date"], row["date_precision"])
    precision = row["geo_precision"]
    where = (row["gazetteer_id"], row["place"], precision, row["lat"], row["lon"], row.get("admin1"),
             row.get("admin2"), row.get("admin3"), row.get("place_kind"), row.get("country"))  # fmt: skip
    known = _PLACES.get(where)
    if known is None:
        own, admin = _units(row)
        known = _PLACES[where] = (_shared(own), _shared(admin), _shared(row["place"]), _shared(row["gazetteer_id"]))
    own, admin, place, gid = known
    note = row.get("date_note") or ""
    out = Record(
        id=row["id"],
        article=row["article_id"],
        type=row["type"],
        family="violence" if row["type"] in CLOSE_TYPES else row["type"],
        first=span[0] if span else None,
        last=span[1] if span else None,
        day=row["date_precision"] == "day" and span is not None,
        stated=span is not None and not borrowed(note),
        note=_shared(note),
        place=place,
        gid=gid,
        lat=row["lat"],
        lon=row["lon"],
        precision=precision,
        own=own,
        admin=admin,
        fatalities=row["fatalities"],
        actors=frozenset(row["actors"]) if row["actors"] else _NO_ACTORS,
        evidence=row["evidence"],
        date=_shared(row["date"]),
    )
    areas = _PLACES.get((where, "areas"))
    if areas is None:
        areas = _PLACES[(where, "areas")] = _shared(_areas(out))
    out.areas = areas
    return out


# --- evidence between two reports -------------------------------------------------------------


def _where(a: Record, b: Record) -> tuple[str, float] | None:
    """Why two reports may be at one place, or None: same entry, within 10 km, or containment."""
    if a.gid and a.gid == b.gid:
        return f"same place {a.place}", 3.0
    if a.lat is None or b.lat is None:
        return ("neither names a place", -1.0) if a.lat is None and b.lat is None and not a.gid and not b.gid else None
    if a.own is None and b.own is None:
        km = _GEOD.inv(a.lon, a.lat, b.lon, b.lat)[2] / 1000
        if km <= SAME_PLACE_KM:
            return f"{a.place} and {b.place} {km:.1f} km apart", 2.0
        return None
    if a.own is not None and a.own == b.own:
        return f"same area {a.place}", 2.5
    coarse, fine = (a, b) if a.own is not None and (b.own is None or a.own in b.admin) else (b, a)
    if coarse.own is not None and coarse.own in fine.admin:
        return f"{fine.place} lies in {coarse.place}", 1.5
    return None


_PARTIAL = re.compile(r"(?:relative date|day without a year) '([^']+)'")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _partial_matches(undated: Record, dated: Record) -> str | None:
    """An undated report's own words ('on Sunday', 'Dec. 6') agree with the other's day, within a day."""
    match = _PARTIAL.search(undated.note)
    if match is None or not dated.day or dated.first is None:
        return None
    words = match.group(1).lower()
    day = date.fromordinal(dated.first)
    weekday = next((i for i, name in enumerate(_WEEKDAYS) if name in words), None)
    if weekday is not None:
        if min((day.weekday() - weekday) % 7, (weekday - day.weekday()) % 7) <= 1:
            return f"undated report's {match.group(1)!r} fits {day.isoformat()} ({day.strftime('%A')})"
        return None
    from borderwatch.dates import PATTERNS, _resolve

    for kind, pattern in PATTERNS:
        found = pattern.search(match.group(1))
        if found and kind in ("month_day", "day_month"):
            resolved = _resolve(kind, found, day)
            if resolved is not None and resolved.date == day.isoformat():
                return f"undated report's {match.group(1)!r} is {day.isoformat()}"
    return None


def _when(a: Record, b: Record) -> tuple[str, float] | None:
    """How the two dates agree, or None when they cannot be one event's: two dates the reports state
    themselves that share no day, or a borrowed date more than a day from the other."""
    if a.first is None or b.first is None:
        if a.first is None and b.first is None:
            return "both undated", 0.0
        undated, dated = (a, b) if a.first is None else (b, a)
        fits = _partial_matches(undated, dated)
        return (fits, 2.5) if fits else ("one report undated", 0.0)
    if max(a.first, b.first) - min(a.last, b.last) > (0 if a.stated and b.stated else 1):  # type: ignore[type-var]
        return None  # two stated dates share a day; a borrowed one may be a day off
    if a.day and b.day:
        if a.first == b.first:
            return f"same day {a.date}", 2.0
        return f"days {min(a.date, b.date)} and {max(a.date, b.date)}, one borrowed", 1.0  # type: ignore[type-var]
    return f"dates {a.date} and {b.date} overlap", 0.5


def _tolls_close(low: int, high: int) -> bool:
    low, high = min(low, high), max(low, high)
    return high <= 2 * low + 3


def link(a: Record, b: Record) -> Link | None:
    """The evidence that two reports tell one event, or None when they cannot (a hard conflict).

    Hard conflicts: one article; types of different families, or close types without the same
    death toll; dates more than a day apart; places neither near nor nested; different death
    tolls on different days. Everything else adds to or takes from the score.
    """
    if a.article == b.article or a.family != b.family:
        return None
    where = _where(a, b)
    if where is None:
        return None
    when = _when(a, b)
    if when is None:
        return None
    parts = [where, when]
    fa, fb = a.fatalities, b.fatalities
    if a.type == b.type:
        parts.append((f"same type {a.type}", 1.0))
    elif fa is None or fa != fb or fa == 0 or a.first is None or b.first is None or when[1] < 2.0:
        return None  # an attack and a clash are one event only on the same deaths, place and day
    else:
        parts.append((f"{a.type} and {b.type} with the same deaths", 0.0))
    if fa is not None and fb is not None:
        if fa == fb:
            parts.append((f"same toll {fa}", 2.0 if fa else 0.5))
        elif a.day and b.day and a.first != b.first:
            return None  # different deaths on different days: two events, however alike
        elif not _tolls_close(fa, fb):
            return None  # a toll revised upwards stays within this; 1 and 10 dead are two events
        else:
            parts.append((f"tolls {min(fa, fb)} and {max(fa, fb)}", -1.0))
    dated = a.first is not None and b.first is not None
    if a.actors and b.actors:
        shared = sorted(a.actors & b.actors)
        # the same parties recur in event after event: a shared one is no date's stand-in
        parts.append((f"shared actor {shared[0]}", 1.0 if dated else 0.0) if shared else ("no actor in common", -2.0))
    score = sum(w for _, w in parts)
    need = LINK_SCORE if dated else UNDATED_LINK_SCORE
    if need - 2.5 <= score < need or (not dated and a.type == "talks"):  # wording is read when it can decide
        ratio = fuzz.token_set_ratio(a.evidence, b.evidence)
        if ratio >= WORDING_RATIO:
            parts.append((f"close wording ({ratio:.0f})", 2.5 if ratio >= 85 or not dated else 1.5))
        elif not dated and a.type == "talks":
            return None  # one venue sees many meetings: an undated one joins only in close words
        named = sorted(_names(a) & _names(b))
        if named:
            parts.append((f"same name {named[0]}", 1.5))
    return Link(sum(w for _, w in parts), parts)


# a name of two or more capitalised words (a person, a unit, a post), not opening the quote
_NAME = re.compile(r"(?<=[a-z,;:] )((?:[A-Z][\w'-]+ )+[A-Z][\w'-]+)")
_NOT_NAMES = re.compile(
    r"\b(Pakistani?|Afghan(istan)?|Taliban|Islamic|Emirate|Government|Ministry|Minister|Army|Police|Forces?"
    r"|Security|Border|Province|District|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
    r"|January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def _names(r: Record) -> frozenset[str]:
    """Names a quote gives (a victim, a unit, a post), but not places, states or dates."""
    if r.names is None:
        places = {n for n in (r.place, *(u.split(":", 1)[1] for u in r.admin)) if n}
        found = set()
        for name in _NAME.findall(r.evidence):
            if not _NOT_NAMES.search(name) and not any(p.lower() in name.lower() for p in places):
                found.add(name)
        r.names = frozenset(found)
    return r.names


def _threshold(a: Record, b: Record) -> float:
    return LINK_SCORE if a.first is not None and b.first is not None else UNDATED_LINK_SCORE


# --- blocking ----------------------------------------------------------------------------------


def _areas(r: Record) -> tuple[Any, ...]:
    """Area keys: two reports that may be at one place share one (points by grid cell, areas by name)."""
    if r.lat is None and not r.gid:
        return (None,)
    if r.own is None and r.lat is not None:
        fx, fy = r.lon / CELL_DEGREES, r.lat / CELL_DEGREES  # type: ignore[operator]
        cx, cy = math.floor(fx), math.floor(fy)
        dx, dy = (-1 if fx - cx < 0.5 else 1), (-1 if fy - cy < 0.5 else 1)
        # a cell is a number (x * 10,000 + y), an area its name: compact for a million reports
        return tuple((cx + i) * 10_000 + cy + j for i in (0, dx) for j in (0, dy)) + r.admin
    return (r.own or r.gid, *r.admin)


def _short(r: Record) -> bool:
    return r.first is not None and r.last - r.first < SHORT_DAYS  # type: ignore[operator]


def _months(r: Record) -> range:
    first, last = date.fromordinal(r.first), date.fromordinal(r.last + 1)  # type: ignore[arg-type, operator]
    return range(first.year * 12 + first.month, last.year * 12 + last.month + 1)


def _slices(r: Record) -> list[tuple[Any, ...]]:
    """The time slices a report is blocked in: its days (with the day after, for the one-day
    tolerance), its months, or the undated slice of its place."""
    # every report with a gazetteer place is in its place's undated slice, where undated ones meet it
    undated = [("undated", r.family, r.gid)] if r.gid else []
    if r.first is None:
        return undated
    months = [("month", m) for m in _months(r)]
    if _short(r):
        return [("day", d) for d in range(r.first, r.last + 2)] + months + undated  # type: ignore[operator]
    return months + undated


def _first_shared(a: Record, b: Record, kind: str) -> Any:
    """The one slice in which a pair is compared, so that it is compared once."""
    if kind == "day":
        return max(a.first, b.first)  # type: ignore[type-var]
    if kind == "month":
        return max(_months(a)[0], _months(b)[0])
    return None


def _wanted(kind: str, area: Any, a: Record, b: Record) -> bool:
    """Which pairs a block compares: a month block only pairs with a coarse date (two short dates
    meet by day), a name block only pairs with an area (two points meet by cell), the undated
    block only pairs with an undated report."""
    if kind == "month" and _short(a) and _short(b):
        return False
    if kind == "undated" and a.first is not None and b.first is not None:
        return False
    return not (isinstance(area, str) and a.own is None and b.own is None and a.lat is not None and b.lat is not None)


def _sort_key(kind: str, r: Record) -> tuple[Any, ...]:
    figure = -1 if r.fatalities is None else r.fatalities
    if kind == "undated":
        return (figure, r.evidence[:60], r.id)
    return (r.first or 0, figure, r.evidence[:60], r.id)


def _drives(kind: str, r: Record) -> bool:
    """Whether a report seeks partners in a slice of this kind (the others are only found)."""
    if kind == "day":
        return True
    return r.first is None if kind == "undated" else not _short(r)


@dataclass
class _Slice:
    """One time slice's blocks (family and area -> members, a large block in window order) and
    the rank of each member of a large block."""

    blocks: dict[tuple[Any, ...], list[int]]
    ranks: dict[tuple[Any, ...], dict[int, int]]
    areas: dict[tuple[Any, ...], list[int]]  # the members that are areas, of a small name block


@dataclass
class Blocking:
    """Which reports share a time slice: the basis of every candidate pair, built once."""

    records: list[Record]
    slices: dict[tuple[Any, ...], list[int]]
    driven: set[tuple[Any, ...]] = field(default_factory=set)  # slices where some report seeks partners
    _cache: dict[tuple[Any, ...], _Slice] = field(default_factory=dict)

    def slice(self, slice_key: tuple[Any, ...]) -> _Slice:
        """The blocks of one slice, built on first use."""
        found = self._cache.get(slice_key)
        if found is None:
            found = _slice_of(self.records, slice_key, self.slices.get(slice_key, []))
            if len(self._cache) > 4096:
                self._cache.clear()  # memory stays bounded on long walks
            self._cache[slice_key] = found
        return found


def _slice_of(records: list[Record], slice_key: tuple[Any, ...], members: list[int]) -> _Slice:
    blocks: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i in members:
        r = records[i]
        for area in r.areas:
            blocks[(r.family, area)].append(i)
    ranks, areas = {}, {}
    for key, block in blocks.items():
        if len(block) > BLOCK_CAP:
            block.sort(key=lambda i: _sort_key(slice_key[0], records[i]))
            ranks[key] = {i: rank for rank, i in enumerate(block)}
        elif isinstance(key[1], str):
            areas[key] = [i for i in block if records[i].own is not None or records[i].lat is None]
    return _Slice(blocks, ranks, areas)


def blocking(records: list[Record], active: Iterable[int]) -> Blocking:
    """Index the given reports (positions in ``records``) by time slice."""
    slices: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    driven = set()
    for i in active:
        for s in _slices(records[i]):
            slices[s].append(i)
            if _drives(s[0], records[i]):
                driven.add(s)
    return Blocking(records, dict(slices), driven)


def _partners(b: Blocking, i: int, slice_key: tuple[Any, ...], every: bool) -> Iterator[int]:
    """Reports ``i`` is compared with in one slice (all of a small block, the nearest of a large).
    Without ``every``, a pair of two reports that both seek partners is left to the lower one."""
    records = b.records
    r = records[i]
    kind = slice_key[0]
    if slice_key not in b.driven:
        return  # a month without a coarse date, a place without an undated report: no pair to make
    found = b.slice(slice_key)
    seen: set[int] = set()
    for area in r.areas:
        key = (r.family, area)
        block = found.blocks.get(key, ())
        ranks = found.ranks.get(key)
        if ranks is not None:
            at = ranks[i]
            block = block[max(0, at - WINDOW) : at + WINDOW + 1]
        elif r.own is None and r.lat is not None and key in found.areas:
            block = found.areas[key]  # a point meets only areas by name; points it meets by cell
        for j in block:
            if j == i or j in seen:
                continue
            seen.add(j)
            other = records[j]
            if not every and j < i and _drives(kind, other):
                continue
            if not _wanted(kind, area, r, other):
                continue
            if kind != "undated" and _first_shared(r, other, kind) != slice_key[1]:
                continue
            yield j


def edges_of(b: Blocking, i: int, *, every: bool = True, skip: Container[int] = ()) -> Iterator[tuple[float, int, int]]:
    """Every link of report ``i`` strong enough to merge on: (score, lower position, higher);
    none with a report in ``skip`` (one whose links a walk has already taken: pairs are symmetric)."""
    r = b.records[i]
    for s in _slices(r):
        for j in _partners(b, i, s, every):
            if j in skip:
                continue
            lo, hi = (i, j) if i < j else (j, i)
            found = link(b.records[lo], b.records[hi])
            if found is not None and found.score >= _threshold(b.records[lo], b.records[hi]):
                yield found.score, lo, hi


def candidate_edges(records: list[Record], active: list[int]) -> Iterator[tuple[float, int, int]]:
    """Every strong link among ``active`` reports, slice by slice, each pair scored once.

    A slice's blocks are built when the sweep reaches it and dropped after, so memory holds one
    slice's blocks, not the whole index; a block of thousands (one place, one day) compares each
    report with its WINDOW nearest neighbours in date, toll and wording, so cost stays linear.
    """
    index = blocking(records, active)
    for slice_key in sorted(index.slices, key=lambda s: (s[0], str(s[1:]))):
        members = index.slices.pop(slice_key)
        drivers = [i for i in members if _drives(slice_key[0], records[i])]
        if not drivers or len(members) < 2:
            continue
        index._cache = {slice_key: _slice_of(records, slice_key, members)}
        for i in drivers:
            for j in _partners(index, i, slice_key, every=False):
                lo, hi = (i, j) if i < j else (j, i)
                found = link(records[lo], records[hi])
                if found is not None and found.score >= _threshold(records[lo], records[hi]):
                    yield found.score, lo, hi
    index._cache = {}


# --- clustering ----------------------------------------------------------------------------------


@dataclass
class _Summary:
    """What complete-link needs of a cluster to test a newcomer against every member at once."""

    members: list[int]
    articles: set[str]
    types: set[str]
    tolls: set[int | None]
    first: int | None  # the latest first day and the earliest last day of any member
    last: int | None
    stated: tuple[int, int] | None  # the same of the members whose dates are their own
    day_tolls: set[tuple[int, int]]
    places: dict[Any, Record]
    cannot: set[int]


def _summary(i: int, r: Record, cannot: set[int]) -> _Summary:
    return _Summary(
        members=[i],
        articles={r.article},
        types={r.type},
        tolls={r.fatalities},
        first=r.first,
        last=r.last,
        stated=(r.first, r.last) if r.stated else None,  # type: ignore[arg-type]
        day_tolls={(r.first, r.fatalities)} if r.day and r.fatalities is not None else set(),  # type: ignore[arg-type]
        places={(r.gid, r.lat, r.lon, r.own): r},
        cannot=set(cannot),
    )


def _compatible(a: _Summary, b: _Summary) -> bool:
    """Complete link: every report of one cluster can be one event with every report of the other."""
    if a.articles & b.articles or a.cannot.intersection(b.members) or b.cannot.intersection(a.members):
        return False
    firsts = [x for x in (a.first, b.first) if x is not None]
    lasts = [x for x in (a.last, b.last) if x is not None]
    if firsts and max(firsts) - min(lasts) > 1:
        return False  # no day the whole cluster's dates share (with a day's tolerance for borrowed dates)
    if a.stated and b.stated and max(a.stated[0], b.stated[0]) > min(a.stated[1], b.stated[1]):
        return False  # no day that every date its reports state themselves holds
    types = a.types | b.types
    if len(types) > 1:
        tolls = a.tolls | b.tolls
        if not types <= CLOSE_TYPES or len(tolls) != 1 or None in tolls or 0 in tolls:
            return False
    if any(da != db and ta != tb for da, ta in a.day_tolls for db, tb in b.day_tolls):
        return False
    stated = [t for t in (*a.tolls, *b.tolls) if t is not None]
    if stated and not _tolls_close(min(stated), max(stated)):
        return False
    for pa in a.places.values():
        for pb in b.places.values():
            if _where(pa, pb) is None:
                return False
    return True


def _absorb(a: _Summary, b: _Summary) -> None:
    a.members += b.members
    a.articles |= b.articles
    a.types |= b.types
    a.tolls |= b.tolls
    firsts = [x for x in (a.first, b.first) if x is not None]
    lasts = [x for x in (a.last, b.last) if x is not None]
    a.first, a.last = (max(firsts), min(lasts)) if firsts else (None, None)
    if a.stated and b.stated:
        a.stated = (max(a.stated[0], b.stated[0]), min(a.stated[1], b.stated[1]))
    else:
        a.stated = a.stated or b.stated
    a.day_tolls |= b.day_tolls
    a.places.update(b.places)
    a.cannot |= b.cannot


def cluster(
    records: list[Record],
    edges: Iterable[tuple[float, int, int]],
    *,
    groups: Iterable[list[int]] = (),
    must: Iterable[list[int]] = (),
    cannot: dict[int, set[int]] | None = None,
) -> tuple[dict[int, list[int]], dict[int, list[str]]]:
    """Greedy complete-link clustering: strongest links first (ties by position), and a link joins
    two clusters only when every report of one is compatible with every report of the other.

    ``groups`` (identical reports) and ``must`` (people's merges) are joined first, unconditionally.
    Returns root -> members and root -> reasons, for clusters of more than one report. Each
    connected component is clustered on its own (the same result), so that only one component's
    cluster summaries are held at a time.
    """
    from array import array

    edges, groups, must = list(edges), list(groups), list(must)
    parent = array("q", range(len(records)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in edges:
        parent[find(i)] = find(j)
    for group in (*groups, *must):
        for j in group[1:]:
            parent[find(group[0])] = find(j)
    by_component: dict[int, list[Any]] = defaultdict(lambda: [[], [], []])
    for group in groups:
        by_component[find(group[0])][0].append(group)
    for group in must:
        by_component[find(group[0])][1].append(group)
    edges.sort(key=lambda e: (find(e[1]), -e[0], e[1], e[2]))
    for edge in edges:
        by_component[find(edge[1])][2].append(edge)
    del edges
    members: dict[int, list[int]] = {}
    reasons: dict[int, list[str]] = {}
    for root in sorted(by_component):
        found, why = _greedy(records, *by_component.pop(root), cannot or {})
        members.update(found)
        reasons.update(why)
    return members, reasons


def _greedy(
    records: list[Record],
    groups: list[list[int]],
    must: list[list[int]],
    edges: list[tuple[float, int, int]],
    cannot: dict[int, set[int]],
) -> tuple[dict[int, list[int]], dict[int, list[str]]]:
    """``cluster`` within one component, its edges sorted strongest first."""
    parent: dict[int, int] = {}
    summaries: dict[int, _Summary] = {}
    reasons: dict[int, list[str]] = defaultdict(list)

    def find(i: int) -> int:
        root = i
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(i, i) != root:  # path compression
            parent[i], i = root, parent[i]
        return root

    def summary(root: int) -> _Summary:
        s = summaries.get(root)
        return s if s is not None else _summary(root, records[root], cannot.get(root, set()))

    def join(x: int, y: int, reason: str, force: bool) -> None:
        rx, ry = find(x), find(y)
        if rx == ry:
            return
        sx, sy = summary(rx), summary(ry)
        if not force and not _compatible(sx, sy):
            return
        if len(sx.members) < len(sy.members):
            rx, ry, sx, sy = ry, rx, sy, sx
        if force:
            sx.cannot -= set(sy.members)
            sy.cannot -= set(sx.members)
        _absorb(sx, sy)
        parent[ry] = rx
        summaries[rx] = sx
        summaries.pop(ry, None)
        reasons[rx] += [*reasons.pop(ry, []), reason]

    for group in groups:
        for j in group[1:]:
            join(group[0], j, "identical reports", force=True)
    for group in must:
        for j in group[1:]:
            join(group[0], j, "merged by hand", force=True)
    for score, i, j in edges:
        if find(i) != find(j):
            found = link(records[i], records[j])
            join(i, j, found.text() if found else f"score {score:g}", force=False)
    return {root: s.members for root, s in summaries.items()}, dict(reasons)


# --- the whole merge --------------------------------------------------------------------------


def _identical(records: list[Record], cannot: dict[int, set[int]]) -> list[list[int]]:
    """Groups of reports that say exactly the same thing (syndicated copy, republished wire stories):
    whatever merges with one merges with all, so one of each is enough for the pairwise search.
    A group with a cannot-link inside it (one article, a person's split) is left alone."""

    def signature(r: Record) -> tuple[Any, ...]:
        return (r.type, r.date, r.first, r.last, r.note, r.place, r.gid, r.lat, r.lon, r.precision,
                tuple(sorted(r.actors)), r.fatalities, r.evidence)  # fmt: skip

    # by a hash first, so that a million signatures are never held at once
    by_hash: dict[int, int | list[int]] = {}
    for i, r in enumerate(records):
        if r.first is None and not r.gid:
            continue  # undated and nowhere: not even identical wording merges these
        h = hash((r.evidence, r.date, r.gid))  # cheap first; the full signature only where these agree
        found = by_hash.setdefault(h, i)
        if found != i:
            by_hash[h] = [*found, i] if isinstance(found, list) else [found, i]
    by_signature: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for candidates in by_hash.values():
        if isinstance(candidates, list):
            for i in candidates:
                by_signature[signature(records[i])].append(i)
    groups = []
    for members in sorted(by_signature.values()):
        if len(members) > 1:
            articles = {records[i].article for i in members}
            if len(articles) == len(members) and not any(cannot.get(i, set()) & set(members) for i in members):
                groups.append(members)
    return groups


@dataclass
class Constraints:
    """Positions people merged (``must``) and kept apart (``cannot``), and identical report groups."""

    must: list[list[int]]
    cannot: dict[int, set[int]]
    identical: list[list[int]]


def constraints(
    records: list[Record], must_link: Iterable[Iterable[str]] = (), cannot_link: Iterable[Iterable[str]] = ()
) -> Constraints:
    """People's merges and splits as positions in ``records`` (which is sorted by id)."""
    index = {r.id: i for i, r in enumerate(records)}
    cannot: dict[int, set[int]] = defaultdict(set)
    for group in cannot_link:
        ids = [index[g] for g in group if g in index]
        for i in ids:
            cannot[i] |= set(ids) - {i}
    must = [[index[g] for g in group if g in index] for group in must_link]
    must = [g for g in must if len(g) > 1]
    for group in must:
        for i in group:
            cannot.get(i, set()).difference_update(group)
    return Constraints(must, dict(cannot), _identical(records, cannot))


def cluster_all(records: list[Record], cons: Constraints) -> list[tuple[list[int], list[str]]]:
    """Cluster every report from scratch; return each cluster's sorted positions and reasons."""
    stood_in = {i for group in cons.identical for i in group[1:]}
    active = [i for i in range(len(records)) if i not in stood_in]
    found = cluster(
        records, candidate_edges(records, active), groups=cons.identical, must=cons.must, cannot=cons.cannot
    )
    return _with_singletons(found, range(len(records)))


def _with_singletons(
    found: tuple[dict[int, list[int]], dict[int, list[str]]], members: Iterable[int]
) -> list[tuple[list[int], list[str]]]:
    clusters, reasons = found
    taken = {i for group in clusters.values() for i in group}
    out = [(sorted(g), reasons.get(root, [])) for root, g in clusters.items()]
    return sorted(out + [([i], []) for i in members if i not in taken])


def component(
    records: list[Record], cons: Constraints, seeds: Iterable[int], also: Callable[[int], Iterable[int]] = lambda i: ()
) -> tuple[list[int], list[tuple[float, int, int]]]:
    """Every report a merge from scratch could put with the seeds, and the links among them.

    A walk over strong links (and identical groups, people's merges, and ``also``: the other members
    of a seed's stored event) from the seeds: clustering that component alone gives what clustering
    everything gives, because clusters never cross a component's edge.
    """
    stood_in = {i: group[0] for group in cons.identical for i in group[1:]}
    followers: dict[int, list[int]] = {group[0]: group[1:] for group in cons.identical}
    musts: dict[int, list[int]] = defaultdict(list)
    for group in cons.must:
        for i in group:
            musts[i] += group
    active = [i for i in range(len(records)) if i not in stood_in]
    index = blocking(records, active)
    todo = list(seeds)
    seen: set[int] = set()
    edges: set[tuple[float, int, int]] = set()
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        todo += [*followers.get(i, ()), *musts.get(i, ()), *also(i)]
        if i in stood_in:
            todo.append(stood_in[i])
            continue
        for edge in edges_of(index, i, skip=seen):
            edges.add(edge)
            todo += [edge[1], edge[2]]
    return sorted(seen), sorted(edges, key=lambda e: (-e[0], e[1], e[2]))


def cluster_component(
    records: list[Record], cons: Constraints, members: list[int], edges: list[tuple[float, int, int]]
) -> list[tuple[list[int], list[str]]]:
    """Cluster one component (as ``component`` found it) exactly as ``cluster_all`` would."""
    inside = set(members)
    groups = [g for g in cons.identical if g[0] in inside]
    must = [g for g in cons.must if g[0] in inside]
    return _with_singletons(cluster(records, edges, groups=groups, must=must, cannot=cons.cannot), members)


def merge_incidents(
    reports: list[dict[str, Any]],
    *,
    must_link: Iterable[Iterable[str]] = (),
    cannot_link: Iterable[Iterable[str]] = (),
) -> list[MergedIncident]:
    """Cluster per-article reports into real events, from scratch.

    Parameters
    ----------
    reports
        Stored incident rows (``id``, ``article_id``, ``type``, ``date``, ``date_precision``,
        ``place``, ``gazetteer_id``, ``lat``, ``lon``, ``geo_precision``, ``actors``, ``evidence``,
        ``fatalities``…, plus ``admin1``/``admin2`` of the place and ``published``), in any order.
    must_link
        Groups of report ids a person merged: always one event.
    cannot_link
        Groups of report ids a person split: never in one event together.
    """
    rows = sorted(reports, key=lambda r: r["id"])  # the input's order must not matter
    records = [record(r) for r in rows]
    cons = constraints(records, must_link, cannot_link)
    events = [summarise([rows[i] for i in group], reasons) for group, reasons in cluster_all(records, cons)]
    return sorted(events, key=lambda m: (m.fields["date"] or "", m.id))


def explain(reports: list[dict[str, Any]]) -> dict[str, str]:
    """Per report of one event, why it belongs: its strongest link to another report, the score and
    the evidence, strongest first."""
    rows = sorted(reports, key=lambda r: r["id"])
    records = [record(r) for r in rows]
    out = {}
    for i, r in enumerate(records):
        best: tuple[float, str] | None = None
        for j, other in enumerate(records):
            if i == j:
                continue
            found = link(*sorted((r, other), key=lambda x: x.id))
            if found is not None and (best is None or found.score > best[0]):
                parts = ", ".join(f"{p} {w:+g}" for p, w in sorted(found.parts, key=lambda p: -p[1]))
                best = (found.score, f"with {other.id} ({rows[j]['article_id']}): score {found.score:g}: {parts}")
        out[r.id] = best[1] if best else "no link to another report of this incident (identical or merged by hand)"
    return out


def event_id(report_ids: Iterable[str]) -> str:
    """Stable id of an event: derived from its earliest report id, so it survives rebuilds."""
    return "evt-" + hashlib.sha1(min(report_ids).encode()).hexdigest()[:12]


def _most(group: list[dict[str, Any]], key: str) -> int | None:
    """The highest figure the reports give for ``key``; None when none gives one."""
    return max((r[key] for r in group if r.get(key) is not None), default=None)


def summarise(group: list[dict[str, Any]], reasons: Iterable[str] = ()) -> MergedIncident:
    """The event's figures: the most precise date and place; fatalities low/best/high."""

    def newest_first(r: dict[str, Any]) -> int:
        # an unknown publication date is not known to be recent: it ranks after every dated report
        published = r.get("published")
        return -date.fromisoformat(published[:10]).toordinal() if published else 0

    group = sorted(group, key=lambda r: r["id"])
    reason = "; ".join(sorted(set(reasons))) or "single report"

    # the most precise date, one a report states itself before one it borrows
    def date_first(r: dict[str, Any]) -> tuple[int, bool, bool]:
        # the most precise date; of two as precise, one a report states itself before one it borrows
        return DATE_PRECISION_RANK.get(r["date_precision"], 9), r["date"] is None, borrowed(r.get("date_note"))

    by_date = min(group, key=date_first)
    by_place = min(group, key=lambda r: (r["geo_precision"] or 9, r["lat"] is None))
    figures = [r["fatalities"] for r in group if r["fatalities"] is not None]
    highs = [r["fatalities_high"] for r in group if r.get("fatalities_high") is not None]  # a report's own range
    with_figures = [r for r in group if r["fatalities"] is not None]
    best = min(
        with_figures,
        key=lambda r: (r["geo_precision"] or 9, DATE_PRECISION_RANK.get(r["date_precision"], 9), newest_first(r)),
        default=None,
    )
    actors: list[str] = []
    for r in group:
        actors += [a for a in r["actors"] if a not in actors]
    # close types merged: the type most reports give (ties alphabetically) and its ACLED types
    kind = min(sorted({r["type"] for r in group}), key=lambda t: -sum(r["type"] == t for r in group))
    typed = next(r for r in group if r["type"] == kind)
    fields = {
        "type": kind,
        "event_type": typed.get("event_type"),
        "sub_event_type": typed.get("sub_event_type"),
        "date": by_date["date"],
        "date_precision": by_date["date_precision"],
        "date_note": by_date.get("date_note"),
        "place": by_place["place"],
        "gazetteer_id": by_place["gazetteer_id"],
        "lat": by_place["lat"],
        "lon": by_place["lon"],
        "geo_precision": by_place["geo_precision"],
        "fatalities": best["fatalities"] if best else None,
        "fatalities_low": min(figures) if figures else None,
        "fatalities_high": max(figures + highs) if figures else None,
        "injured": _most(group, "injured"),
        # the split: the most any report gives (a later report counts what an earlier one saw)
        "attackers_killed": _most(group, "attackers_killed"),
        "missing": _most(group, "missing"),
        "abducted": _most(group, "abducted"),
        "actors": actors,
        "evidence": (best or group[0])["evidence"],
        "role": "main" if any(r["role"] == "main" for r in group) else "background",
        "n_sources": len({r["article_id"] for r in group}),
        "merge_reason": reason,
    }
    for key in ("segment_id", "segment_name", "distance_km", "side", "border_zone", "nearest_crossing", "crossing_km"):
        fields[key] = by_place.get(key)
    return MergedIncident(event_id(r["id"] for r in group), group, reason, fields)

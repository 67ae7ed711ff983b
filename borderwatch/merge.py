"""Merge reports of one real event across articles into one incident that keeps every source."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pyproj import Geod
from rapidfuzz import fuzz

from borderwatch.model import DATE_PRECISION_RANK
from borderwatch.query import date_range

SAME_PLACE_KM = 10.0
UNDATED_WORDING_RATIO = 60.0  # rapidfuzz token_set_ratio of the two quotes, 0..100
_GEOD = Geod(ellps="WGS84")


@dataclass
class MergedIncident:
    """One real event: the reports that describe it, and the figures drawn from them."""

    id: str
    reports: list[dict[str, Any]]
    merge_reason: str
    fields: dict[str, Any] = field(default_factory=dict)


class _Clusters:
    """Union-find over report indices that refuses unions across a cannot-link pair."""

    def __init__(self, n: int, cannot: dict[int, set[int]]) -> None:
        self.parent = list(range(n))
        self.members: dict[int, set[int]] = {i: {i} for i in range(n)}
        self.cannot = cannot
        self.reasons: dict[int, list[str]] = defaultdict(list)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, reason: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
        if any(self.cannot.get(m, set()) & self.members[large] for m in self.members[small]):
            return False
        self.parent[small] = large
        self.members[large] |= self.members.pop(small)
        self.reasons[large] += [*self.reasons.pop(small, []), reason]
        return True


def _places_compatible(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """Why two reports may be at one place, or None: same entry, within 10 km, or containment."""
    if a["gazetteer_id"] and a["gazetteer_id"] == b["gazetteer_id"]:
        return f"same place {a['place']}"
    if a["lat"] is None or b["lat"] is None:
        return "one report names no place" if a["lat"] is None and b["lat"] is None else None
    km = _GEOD.inv(a["lon"], a["lat"], b["lon"], b["lat"])[2] / 1000
    if km <= SAME_PLACE_KM and max(a["geo_precision"], b["geo_precision"]) <= 2:
        return f"{a['place']} and {b['place']} {km:.1f} km apart"
    coarse, fine = (a, b) if a["geo_precision"] >= b["geo_precision"] else (b, a)
    if coarse["geo_precision"] == 3 and coarse["place"] in (fine.get("admin1"), fine.get("admin2")):
        return f"{fine['place']} lies in {coarse['place']}"
    return None


_PARTIAL = re.compile(r"(?:relative date|day without a year) '([^']+)'")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _partial_matches(undated: dict[str, Any], dated: dict[str, Any]) -> str | None:
    """An undated report's own words ('on Sunday', 'Dec. 6') agree with the other's day, within a day."""
    match = _PARTIAL.search(undated.get("date_note") or "")
    span = date_range(dated["date"], dated["date_precision"])
    if match is None or span is None or dated["date_precision"] != "day":
        return None
    words = match.group(1).lower()
    day = span[0]
    weekday = next((i for i, name in enumerate(_WEEKDAYS) if name in words), None)
    if weekday is not None:
        if min((day.weekday() - weekday) % 7, (weekday - day.weekday()) % 7) <= 1:
            return f"undated report's {match.group(1)!r} fits {dated['date']} ({day.strftime('%A')})"
        return None
    from borderwatch.dates import PATTERNS, _resolve

    for kind, pattern in PATTERNS:
        found = pattern.search(match.group(1))
        if found and kind in ("month_day", "day_month"):
            resolved = _resolve(kind, found, day)
            if resolved is not None and resolved.date == dated["date"]:
                return f"undated report's {match.group(1)!r} is {dated['date']}"
    return None


def _dates_compatible(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    ra, rb = date_range(a["date"], a["date_precision"]), date_range(b["date"], b["date_precision"])
    if ra is None and rb is not None:
        return _partial_matches(a, b)
    if rb is None and ra is not None:
        return _partial_matches(b, a)
    if ra is None or rb is None:
        return None
    if a["date_precision"] == "day" and b["date_precision"] == "day":
        gap = abs((ra[0] - rb[0]).days)
        return f"dates {a['date']} and {b['date']}" if gap <= 1 else None
    if ra[0] <= rb[1] and rb[0] <= ra[1]:
        return f"dates {a['date']} ({a['date_precision']}) and {b['date']} ({b['date_precision']}) overlap"
    return None


def _actors_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return not a["actors"] or not b["actors"] or bool(set(a["actors"]) & set(b["actors"]))


def _day_buckets(report: dict[str, Any]) -> list[int]:
    span = date_range(report["date"], report["date_precision"])
    if span is None:
        return []
    first, last = span
    if report["date_precision"] == "day":
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    return list(range(first.toordinal(), last.toordinal() + 1))


CELL_DEGREES = 0.25  # blocking grid (~25 km): two places within 10 km share a cell or touch one


def _place_keys(report: dict[str, Any]) -> list[Any]:
    """Blocking keys by place: the grid cell and its neighbours for a precise place; the area's name
    (and the areas a precise place lies in) for containment; None for no place."""
    keys: list[Any] = [("name", report["place"])]
    if report["lat"] is None:
        return keys
    if report["geo_precision"] <= 2:
        cx, cy = int(report["lon"] // CELL_DEGREES), int(report["lat"] // CELL_DEGREES)
        keys += [("cell", cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        keys += [("name", report.get("admin1")), ("name", report.get("admin2"))]
    return keys


def _identical_reports(reports: list[dict[str, Any]], cannot: dict[int, set[int]]) -> list[list[int]]:
    """Groups of reports that say exactly the same thing (syndicated copy, republished wire stories):
    whatever merges with one merges with all, so one of each is enough for the pairwise search.
    A group with a cannot-link inside it (one article, a person's split) is left alone."""
    by_signature: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        if r["date"] is None and not r["gazetteer_id"]:
            continue  # undated and nowhere: not even identical wording merges these
        signature = (r["type"], r["date"], r["date_precision"], r.get("date_note"), r["place"], r["gazetteer_id"],
                     r["lat"], r["lon"], r["geo_precision"], tuple(r["actors"]), r["evidence"])  # fmt: skip
        by_signature[signature].append(i)
    groups = []
    for members in by_signature.values():
        if len(members) > 1 and not any(cannot.get(i, set()) & set(members) for i in members):
            groups.append(members)
    return groups


def candidate_pairs(
    reports: list[dict[str, Any]], together: Callable[[int, int], bool] = lambda i, j: False
) -> Iterable[tuple[int, int]]:
    """Pairs worth comparing: same type, a shared day (±1 at day precision) and a shared place block.

    Blocking by date and space keeps the cost near-linear: a report meets only those whose dates
    can overlap and whose places can be within 10 km or contain each other. Undated reports meet
    reports of the same type at the same gazetteer place.
    """
    blocks: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    by_place: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    undated = []
    for i, report in enumerate(reports):
        days = _day_buckets(report)
        if not days and report["gazetteer_id"]:
            undated.append(i)  # an undated report that names no place never merges: no candidates
        own_cell = None
        if report["lat"] is not None and report["geo_precision"] <= 2:
            own_cell = ("cell", int(report["lon"] // CELL_DEGREES), int(report["lat"] // CELL_DEGREES))
        for day in days:
            # a report registers in its own cell and name; it probes neighbour cells and its areas
            blocks[(report["type"], day, own_cell or ("name", report["place"]))].append(i)
        by_place[(report["type"], report["gazetteer_id"])].append(i)
    seen: set[tuple[int, int]] = set()
    for i, report in enumerate(reports):
        for day in _day_buckets(report):
            for key in _place_keys(report):
                for j in blocks.get((report["type"], day, key), ()):
                    if j != i and not together(i, j):
                        pair = (min(i, j), max(i, j))
                        if pair not in seen:
                            seen.add(pair)
                            yield pair
    for i in undated:
        for j in by_place[(reports[i]["type"], reports[i]["gazetteer_id"])]:
            pair = (min(i, j), max(i, j))
            if i != j and pair not in seen and not together(i, j):
                seen.add(pair)
                yield pair


def merge_incidents(
    reports: list[dict[str, Any]],
    *,
    must_link: Iterable[Iterable[str]] = (),
    cannot_link: Iterable[Iterable[str]] = (),
) -> list[MergedIncident]:
    """Cluster per-article reports into real events.

    Parameters
    ----------
    reports
        Stored incident rows (``id``, ``article_id``, ``type``, ``date``, ``date_precision``,
        ``place``, ``gazetteer_id``, ``lat``, ``lon``, ``geo_precision``, ``actors``, ``evidence``,
        ``fatalities``…, plus ``admin1``/``admin2`` of the place and ``published``).
    must_link
        Groups of report ids a person merged: always one event.
    cannot_link
        Groups of report ids a person split: never in one event together.
    """
    index = {r["id"]: i for i, r in enumerate(reports)}
    cannot: dict[int, set[int]] = defaultdict(set)
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        by_article[r["article_id"]].append(i)
    for members in by_article.values():  # one article's reports are distinct events by construction
        for i in members:
            cannot[i] |= set(members) - {i}
    for group in cannot_link:
        ids = [index[g] for g in group if g in index]
        for i in ids:
            cannot[i] |= set(ids) - {i}
    clusters = _Clusters(len(reports), cannot)
    twins = _identical_reports(reports, cannot)
    for group in twins:
        for i in group[1:]:
            clusters.union(group[0], i, "identical reports")
    stood_in = {i for group in twins for i in group[1:]}
    for group in must_link:
        ids = [index[g] for g in group if g in index]
        for i in ids[1:]:
            clusters.cannot.get(i, set()).difference_update(ids)
            clusters.cannot.get(ids[0], set()).discard(i)
            clusters.union(ids[0], i, "merged by hand")
    # identical reports stand in for each other: pairs are sought among one of each
    position = [i for i in range(len(reports)) if i not in stood_in]
    local = [reports[i] for i in position]

    def together(li: int, lj: int) -> bool:
        return clusters.find(position[li]) == clusters.find(position[lj])

    for li, lj in candidate_pairs(local, together):
        i, j = position[li], position[lj]
        a, b = reports[i], reports[j]
        if a["type"] != b["type"] or not _actors_compatible(a, b):
            continue
        where = _places_compatible(a, b)
        if where is None:
            continue
        when = _dates_compatible(a, b)
        if when is not None and when.startswith("undated"):
            # a partial date ('on Wednesday') is evidence only at the same place, and for talks, where
            # the same venue sees many meetings, only with close wording too
            same_place = bool(a["gazetteer_id"]) and where.startswith("same")
            close = fuzz.token_set_ratio(a["evidence"], b["evidence"]) >= UNDATED_WORDING_RATIO
            if not same_place or (a["type"] == "talks" and not close):
                when = None
        if when is None:
            if a["date"] is not None and b["date"] is not None:
                continue
            ratio = fuzz.token_set_ratio(a["evidence"], b["evidence"])
            if not (a["gazetteer_id"] and where.startswith("same place") and ratio >= UNDATED_WORDING_RATIO):
                continue
            when = f"undated: same place, type and actors, and close wording (token ratio {ratio:.0f})"
        clusters.union(i, j, f"same type {a['type']}; {when}; {where}")
    merged = []
    for root, members in clusters.members.items():
        group = [reports[m] for m in sorted(members, key=lambda m: reports[m]["id"])]
        reasons = sorted(set(clusters.reasons.get(root, [])))
        reason = "; ".join(reasons) if reasons else "single report"
        merged.append(_summarise(group, reason))
    return sorted(merged, key=lambda m: (m.fields["date"] or "", m.id))


def event_id(report_ids: Iterable[str]) -> str:
    """Stable id of an event: derived from its earliest report id, so it survives rebuilds."""
    return "evt-" + hashlib.sha1(min(report_ids).encode()).hexdigest()[:12]


def _summarise(group: list[dict[str, Any]], reason: str) -> MergedIncident:
    """The event's figures: the most precise date and place; fatalities low/best/high."""

    def newest_first(r: dict[str, Any]) -> int:
        # an unknown publication date is not known to be recent: it ranks after every dated report
        published = r.get("published")
        return -date.fromisoformat(published[:10]).toordinal() if published else 0

    by_date = min(group, key=lambda r: (DATE_PRECISION_RANK.get(r["date_precision"], 9), r["date"] is None))
    by_place = min(group, key=lambda r: (r["geo_precision"] or 9, r["lat"] is None))
    figures = [r["fatalities"] for r in group if r["fatalities"] is not None]
    with_figures = [r for r in group if r["fatalities"] is not None]
    best = min(
        with_figures,
        key=lambda r: (r["geo_precision"] or 9, DATE_PRECISION_RANK.get(r["date_precision"], 9), newest_first(r)),
        default=None,
    )
    actors: list[str] = []
    for r in group:
        actors += [a for a in r["actors"] if a not in actors]
    fields = {
        "type": group[0]["type"],
        "event_type": group[0].get("event_type"),
        "sub_event_type": group[0].get("sub_event_type"),
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
        "fatalities_high": max(figures) if figures else None,
        "injured": max((r["injured"] for r in group if r.get("injured") is not None), default=None),
        "actors": actors,
        "evidence": (best or group[0])["evidence"],
        "role": "main" if any(r["role"] == "main" for r in group) else "background",
        "n_sources": len({r["article_id"] for r in group}),
        "merge_reason": reason,
    }
    for key in ("segment_id", "segment_name", "distance_km", "side", "border_zone", "nearest_crossing", "crossing_km"):
        fields[key] = by_place.get(key)
    return MergedIncident(event_id(r["id"] for r in group), group, reason, fields)

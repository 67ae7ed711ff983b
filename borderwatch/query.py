"""Answer questions over the store: incidents near a place, on a segment, by type and date."""

from __future__ import annotations

import calendar
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from borderwatch import settings, store
from borderwatch.errors import GazetteerError, NoStoreError, QueryError
from borderwatch.model import GeoPrecision

# How far an incident's true position may be from its point, by precision code (km): a district
# or province centroid can be tens of km off, so "near" reports it as possibly within.
UNCERTAINTY_KM = {GeoPrecision.POINT: 0.0, GeoPrecision.NEAR: 5.0, GeoPrecision.AREA: 50.0}
_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Location:
    """A query point: where, and what the user called it.

    ``unit`` is set when the name is a province, district or tehsil: its (admin1[, admin2[,
    admin3]]) names, which every incident inside its polygon carries."""

    lat: float
    lon: float
    label: str
    gazetteer_id: str | None = None
    unit: tuple[str, ...] | None = None


# the admin columns that name a unit of each kind, outermost first (a district is known by its province too)
ADMIN_LEVELS = {"province": ("admin1",), "district": ("admin1", "admin2"), "tehsil": ("admin1", "admin2", "admin3")}


def admin_unit(place: Any) -> tuple[str, ...] | None:
    """The admin names of a province, district or tehsil place, as incidents inside it carry them."""
    levels = ADMIN_LEVELS.get(place.kind)
    if levels is None:
        return None
    names = [place.admin1, place.admin2, place.admin3][: len(levels)]
    names[-1] = names[-1] or place.name  # the unit's own name
    return None if None in names else tuple(names)


def admin_units(name: str, kind: str, db: str | Path | None = None) -> list[tuple[str, ...]]:
    """Every ``kind`` (province, district, tehsil) the gazetteer calls ``name``, as :func:`admin_unit` names it."""
    from borderwatch.gazetteer import lookup

    units = sorted({u for p in lookup(name, store_places(db)) if p.kind == kind and (u := admin_unit(p))})
    if not units:
        msg = f"no {kind} called {name!r} in the gazetteer; 'borderwatch places {name}' lists close names"
        raise QueryError(msg)
    return units


def unit_clause(units: Iterable[tuple[str, ...]]) -> tuple[str, list[str]]:
    """SQL condition on events ``e`` inside any of these units, and its parameters."""
    clauses, params = [], []
    for unit in units:
        columns = ("e.admin1", "e.admin2", "e.admin3")[: len(unit)]
        clauses.append("(" + " AND ".join(f"{c} = ?" for c in columns) + ")")
        params += unit
    return "(" + " OR ".join(clauses) + ")", params


def resolve_location(place: str, db: str | Path | None = None) -> Location:
    """Turn 'Torkham', an alias, or 'lat,lon' into a point; an unknown name lists the closest ones.

    The store's own places (``places add``) count as much as the shipped gazetteer.
    """
    match = _LATLON.match(place)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            msg = f"{place!r} is not a valid 'lat,lon' (latitude -90..90, longitude -180..180)"
            raise QueryError(msg)
        return Location(lat, lon, f"{lat:.4f},{lon:.4f}")
    from borderwatch.gazetteer import importance, lookup

    found = sorted(
        lookup(place, store_places(db)), key=lambda p: (p.country not in ("AF", "PK", "AF/PK"), importance(p))
    )
    if not found:
        suggestions = ", ".join(repr(c["name"]) for c in place_candidates(place, limit=5, db=db))
        msg = f"place {place!r} is not in the gazetteer" + (f"; closest names: {suggestions}" if suggestions else "")
        raise GazetteerError(msg)
    best = found[0]
    return Location(best.lat, best.lon, best.name, best.id, admin_unit(best))


def store_places(db: str | Path | None = None) -> tuple[Any, ...]:
    """The store's own places, or none when there is no store yet (without their tehsil: a name
    look-up need not load the polygons)."""
    try:
        with store.open_store(db, create=False, readonly=True) as st:
            return store.user_places(st, tehsils=False)
    except NoStoreError:
        return ()


def place_candidates(query: str, *, limit: int = 10, db: str | Path | None = None) -> list[dict[str, Any]]:
    """Gazetteer entries for ``query`` (the store's own places included): exact first, then close spellings."""
    from rapidfuzz import fuzz, process

    from borderwatch.gazetteer import importance, load_gazetteer, normalize_name

    gazetteer = load_gazetteer(store_places(db))
    exact = sorted(gazetteer.lookup(query), key=importance)
    rows = [_place_row(p, "exact", 100.0) for p in exact]
    seen = {p.id for p in exact}
    for key, score, _ in process.extract(normalize_name(query), gazetteer.names(), scorer=fuzz.WRatio, limit=limit):
        for p in gazetteer.index[key]:
            if p.id not in seen and len(rows) < limit:
                seen.add(p.id)
                rows.append(_place_row(p, "similar", round(score, 1)))
    return rows[:limit]


def _place_row(p: Any, match: str, score: float) -> dict[str, Any]:
    return {
        "name": p.name,
        "kind": p.kind,
        "country": p.country,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "lat": p.lat,
        "lon": p.lon,
        "geo_precision": int(p.precision),
        "id": p.id,
        "match": match,
        "score": score,
        "aliases": list(p.aliases[:8]),
        "source": p.source,
    }


def date_range(value: str | None, precision: str) -> tuple[date, date] | None:
    """The days an incident date may stand for: a day, a week around it, a month, a year."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    day = date(parts[0], parts[1], parts[2])
    if precision == "week":
        return day - timedelta(days=3), day + timedelta(days=3)
    return day, day


def _in_dates(row: dict[str, Any], since: date | None, until: date | None) -> bool:
    if since is None and until is None:
        return True
    span = date_range(row["date"], row["date_precision"])
    if span is None:
        return False  # an undated incident is not known to fall in any period
    return (since is None or span[1] >= since) and (until is None or span[0] <= until)


def _check_types(types: Iterable[str] | None) -> set[str] | None:
    from borderwatch.vocabulary import INCIDENT_TYPES

    if not types:
        return None
    chosen = {t.lower() for t in types}
    unknown = sorted(chosen - set(INCIDENT_TYPES))
    if unknown:
        msg = f"unknown incident type {unknown[0]!r}; choose from {', '.join(sorted(INCIDENT_TYPES))}"
        raise QueryError(msg)
    return chosen


def incidents_near(
    place: str,
    km: float = settings.NEAR_RADIUS_KM,
    *,
    since: date | None = None,
    until: date | None = None,
    types: Iterable[str] | None = None,
    include_imprecise: bool = False,
    zone_km: float | None = None,
    db: str | Path | None = None,
) -> list[dict[str, Any]]:
    """Incidents within ``km`` (geodesic) of a place name or 'lat,lon', nearest first.

    Each row carries ``km_from`` and ``within``: "yes" for a point-precise incident inside the
    radius, "possibly" for one whose uncertainty (precision 2 or 3) straddles it. Imprecise
    (precision 3) incidents are left out unless ``include_imprecise``. Segments follow the border
    zone rule of ``zone_rows``.
    """
    options = {"since": since, "until": until, "types": types, "zone_km": zone_km, "db": db}
    return near_with_count(place, km, include_imprecise=include_imprecise, count=False, **options)[0]


def near_with_count(
    place: str,
    km: float = settings.NEAR_RADIUS_KM,
    *,
    since: date | None = None,
    until: date | None = None,
    types: Iterable[str] | None = None,
    include_imprecise: bool = False,
    zone_km: float | None = None,
    db: str | Path | None = None,
    count: bool = True,
) -> tuple[list[dict[str, Any]], int]:
    """:func:`incidents_near`, and how many district- or province-level incidents (precision 3) it
    left out that may lie in range (0 with ``include_imprecise``, or when not asked to ``count``):
    those are only counted, not read.

    When ``place`` names a province, district or tehsil, every incident inside its polygon is
    listed too, as ``within`` "inside" (whatever its precision or its distance from the unit's point).
    """
    if km <= 0:
        msg = f"radius must be positive, got {km!r} km"
        raise QueryError(msg)
    where = resolve_location(place, db)
    chosen = _check_types(types)
    area_reach = km + UNCERTAINTY_KM[GeoPrecision.AREA]
    with store.open_store(db, create=False, readonly=True) as st:
        inside = _inside(st, where.unit) if where.unit else []
        listed_inside = {r["id"] for r in inside}
        hidden = 0
        if include_imprecise:
            rows = store.events_near(st, where.lat, where.lon, area_reach)
        else:
            rows = store.events_near(st, where.lat, where.lon, km + UNCERTAINTY_KM[GeoPrecision.NEAR], area=False)
        if count and not include_imprecise:
            for lat, lon, kind, day, precision, event_id in store.events_near(
                st, where.lat, where.lon, area_reach, area=True, brief=True
            ):
                if event_id in listed_inside or (chosen and kind not in chosen):
                    continue
                if (since or until) and not _in_dates({"date": day, "date_precision": precision}, since, until):
                    continue
                hidden += _within(where, lat, lon, area_reach)
        found = _near_rows(rows, where, km, since, until, chosen, include_imprecise)
        if inside:  # every incident inside the named unit's polygon, however far from its point
            listed = {r["id"]: r for r in found}
            for row in _near_rows(inside, where, math.inf, since, until, chosen, True):
                if listed.get(row["id"], {}).get("within") != "yes":
                    listed[row["id"]] = {**row, "within": "inside"}
            found = sorted(listed.values(), key=lambda r: (r["km_from"], r["id"]))
        return store.attach_sources(st, acled_coded(zone_rows(found, zone_km))), hidden


def _inside(st: store.Store, unit: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every event inside a province, district or tehsil (by the admin names point-in-polygon gave it)."""
    clause, params = unit_clause([unit])
    return store.incident_rows(st.execute(f"SELECT {store.EVENT_FIELDS} FROM events e WHERE {clause}", params))


def _matches(row: dict[str, Any], since: date | None, until: date | None, chosen: set[str] | None) -> bool:
    return not (chosen and row["type"] not in chosen) and _in_dates(row, since, until)


def _near_rows(
    rows: list[dict[str, Any]],
    where: Location,
    km: float,
    since: date | None,
    until: date | None,
    chosen: set[str] | None,
    include_imprecise: bool,
) -> list[dict[str, Any]]:
    found = []
    rows = [
        r
        for r in rows
        if _matches(r, since, until, chosen) and (include_imprecise or r["geo_precision"] != GeoPrecision.AREA)
    ]
    for row, distance in zip(rows, _distances_km(where, rows), strict=True):
        precision = GeoPrecision(row["geo_precision"])
        slack = UNCERTAINTY_KM[precision]
        if distance <= km and precision == GeoPrecision.POINT:
            within = "yes"
        elif distance <= km + slack:
            within = "possibly"
        else:
            continue
        found.append({**row, "km_from": round(distance, 2), "within": within, "near": where.label})
    return sorted(found, key=lambda r: (r["km_from"], r["id"]))


def _distances_km(where: Location, rows: list[dict[str, Any]]) -> list[float]:
    """Geodesic km from ``where`` to each row: pure Python for a short answer (a query from the shell
    need not load pyproj), pyproj's vectorised geodesic for a long one or once pyproj is loaded."""
    import sys

    if len(rows) < 500 and "pyproj" not in sys.modules:
        return [geodesic_km(where.lat, where.lon, r["lat"], r["lon"]) for r in rows]
    from pyproj import Geod

    if not rows:
        return []
    lats, lons = [r["lat"] for r in rows], [r["lon"] for r in rows]
    metres = Geod(ellps="WGS84").inv([where.lon] * len(rows), [where.lat] * len(rows), lons, lats)[2]
    return [m / 1000 for m in metres]


def _within(where: Location, lat: float, lon: float, km: float) -> bool:
    """``geodesic_km(...) <= km``, most of the time from the sphere: it is within 0.6 % of the ellipsoid."""
    phi1, phi2 = math.radians(where.lat), math.radians(lat)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon - where.lon) / 2) ** 2
    )
    sphere = 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
    if abs(sphere - km) > 0.006 * km + 0.01:
        return sphere < km
    return geodesic_km(where.lat, where.lon, lat, lon) <= km


_WGS84_A, _WGS84_F = 6378137.0, 1 / 298.257223563
_WGS84_B = _WGS84_A * (1 - _WGS84_F)


def geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km on the WGS 84 ellipsoid (Vincenty's inverse formula, to well under a metre).

    Pure Python, so a query from the shell does not load pyproj (0.1 s); where the iteration does
    not converge (nearly antipodal points) pyproj's geodesic answers instead.
    """
    if lat1 == lat2 and lon1 == lon2:
        return 0.0
    f = _WGS84_F
    u1, u2 = math.atan((1 - f) * math.tan(math.radians(lat1))), math.atan((1 - f) * math.tan(math.radians(lat2)))
    sin_u1, cos_u1, sin_u2, cos_u2 = math.sin(u1), math.cos(u1), math.sin(u2), math.cos(u2)
    big_l = lam = math.radians(lon2 - lon1)
    for _ in range(100):
        sin_lam, cos_lam = math.sin(lam), math.cos(lam)
        sin_sigma = math.hypot(cos_u2 * sin_lam, cos_u1 * sin_u2 - sin_u1 * cos_u2 * cos_lam)
        if sin_sigma == 0:
            return 0.0
        cos_sigma = sin_u1 * sin_u2 + cos_u1 * cos_u2 * cos_lam
        sigma = math.atan2(sin_sigma, cos_sigma)
        sin_alpha = cos_u1 * cos_u2 * sin_lam / sin_sigma
        cos2_alpha = 1 - sin_alpha * sin_alpha
        cos_2sm = cos_sigma - 2 * sin_u1 * sin_u2 / cos2_alpha if cos2_alpha else 0.0
        c = f / 16 * cos2_alpha * (4 + f * (4 - 3 * cos2_alpha))
        previous = lam
        lam = big_l + (1 - c) * f * sin_alpha * (
            sigma + c * sin_sigma * (cos_2sm + c * cos_sigma * (2 * cos_2sm**2 - 1))
        )
        if abs(lam - previous) < 1e-12:
            break
    else:
        from pyproj import Geod

        return Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2] / 1000
    u_sq = cos2_alpha * (_WGS84_A**2 - _WGS84_B**2) / _WGS84_B**2
    a = 1 + u_sq / 16384 * (4096 + u_sq * (-768 + u_sq * (320 - 175 * u_sq)))
    b = u_sq / 1024 * (256 + u_sq * (-128 + u_sq * (74 - 47 * u_sq)))
    delta_sigma = (
        b
        * sin_sigma
        * (
            cos_2sm
            + b
            / 4
            * (cos_sigma * (2 * cos_2sm**2 - 1) - b / 6 * cos_2sm * (4 * sin_sigma**2 - 3) * (4 * cos_2sm**2 - 3))
        )
    )
    return _WGS84_B * a * (sigma - delta_sigma) / 1000


def check_zone(zone_km: float | None) -> float:
    """The border-zone width to use: ``zone_km``, or the documented default when None."""
    zone = settings.BORDER_ZONE_KM if zone_km is None else float(zone_km)
    if not zone > 0:
        msg = f"the border zone must be wider than 0 km, got {zone_km!r}"
        raise QueryError(msg)
    return zone


def zone_of(row: dict[str, Any], zone_km: float) -> str | None:
    """'border' within ``zone_km`` (geodesic) of the line, 'interior' beyond it, None without a point."""
    if row.get("distance_km") is None:
        return None
    return "border" if row["distance_km"] <= zone_km else "interior"


def acled_coded(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Incidents with ``event_type`` and ``sub_event_type`` coded by the codebook (``acled.coded_type``).

    Every listing, export and map then agrees with the ACLED-format CSV, whatever a store
    written by an older release holds.
    """
    from borderwatch.acled import coded_type

    out = []
    for row in rows:
        event_type, sub_event_type = coded_type(row)
        out.append({**row, "event_type": event_type, "sub_event_type": sub_event_type})
    return out


def zone_rows(rows: Iterable[dict[str, Any]], zone_km: float | None = None) -> list[dict[str, Any]]:
    """Incidents with their border zone: ``zone``, ``zone_km`` and ``border_zone``.

    The one rule every report follows: an incident within ``zone_km`` of the line keeps its
    nearest segment; one beyond it is 'interior' and has no segment (it is kept, with its
    distance to the line, not dropped). Give it rows as stored, or zoned with the same width.
    """
    zone = check_zone(zone_km)
    out = []
    for row in rows:
        where = zone_of(row, zone)
        row = {**row, "zone": where, "zone_km": zone, "border_zone": None if where is None else where == "border"}
        if where != "border":
            row["segment_id"] = row["segment_name"] = None
        out.append(row)
    return out


def filter_incidents(
    *,
    segment: str | None = None,
    side: str | None = None,
    types: Iterable[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    bbox: tuple[float, float, float, float] | None = None,
    zone_km: float | None = None,
    district: str | None = None,
    province: str | None = None,
    db: str | Path | None = None,
    sources: bool = True,
) -> list[dict[str, Any]]:
    """Merged incidents matching every given filter, in date order (bbox: min lon, min lat, max lon, max lat).

    Rows carry their border zone (``zone_rows``): a segment holds only incidents within
    ``zone_km`` of the line. ``district`` and ``province`` keep the incidents inside that unit's
    polygon (their admin2/admin1), whatever their precision. ``sources=False`` leaves out each
    incident's source reports.
    """
    chosen = _check_types(types)
    zone = check_zone(zone_km)
    clauses: list[str] = []
    params: list[Any] = []
    for kind, name in (("district", district), ("province", province)):
        if name:
            clause, values = unit_clause(admin_units(name, kind, db))
            clauses.append(clause)
            params += values
    if segment:
        clauses.append("(e.segment_id = ? OR e.segment_name = ?) AND e.distance_km <= ?")
        params += [segment, segment, zone]
    if side:
        if side.upper() not in ("AF", "PK"):
            msg = f"side must be 'AF' or 'PK', got {side!r}"
            raise QueryError(msg)
        clauses.append("e.side = ?")
        params.append(side.upper())
    if bbox:
        min_lon, min_lat, max_lon, max_lat = bbox
        if min_lon > max_lon or min_lat > max_lat:
            msg = f"bbox {bbox!r} must be min_lon,min_lat,max_lon,max_lat"
            raise QueryError(msg)
    with store.open_store(db, create=False, readonly=True) as st:
        if bbox:
            clauses.append(store.bbox_clause(st))
            params += [min_lon, max_lon, min_lat, max_lat]
        where = " AND ".join(clauses) or "1=1"
        cursor = st.execute(
            f"SELECT {store.EVENT_FIELDS} FROM events e WHERE {where} ORDER BY e.date NULLS FIRST, e.event_id",
            params,
        )
        rows = store.incident_rows(cursor)
        rows = [r for r in rows if (not chosen or r["type"] in chosen) and _in_dates(r, since, until)]
        rows = acled_coded(zone_rows(rows, zone))
        return store.attach_sources(st, rows) if sources else rows


def segment_report(
    db: str | Path | None = None,
    *,
    incidents: list[dict[str, Any]] | None = None,
    zone_km: float | None = None,
    since: date | None = None,
    until: date | None = None,
    types: Iterable[str] | None = None,
    side: str | None = None,
) -> list[dict[str, Any]]:
    """Per border segment: length, incidents by type, fatalities and the latest incident date.

    Counts ``incidents`` when the caller already holds them, else the stored incidents that pass
    the filters. Only incidents within ``zone_km`` of the line count (``zone_rows``), so a
    segment's figures equal ``filter_incidents(segment=…)`` with the same filters.
    """
    from borderwatch.border import border_segments

    zone = check_zone(zone_km)
    if incidents is None:
        incidents = filter_incidents(
            since=since, until=until, types=types, side=side, zone_km=zone, db=db, sources=False
        )
    by_segment: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in zone_rows(incidents, zone):
        if row["zone"] == "border" and row["segment_id"]:
            by_segment[row["segment_id"]].append(row)
    report = []
    for seg in border_segments():
        rows = by_segment.get(seg.id, [])
        counts = Counter(r["type"] for r in rows)
        report.append(
            {
                "id": seg.id,
                "name": seg.name,
                "af_unit": seg.af_unit,
                "pk_unit": seg.pk_unit,
                "length_km": round(seg.length_km, 1),
                "incidents": len(rows),
                "by_type": dict(sorted(counts.items())),
                "fatalities": sum(r["fatalities"] or 0 for r in rows),
                "latest": max((r["date"] for r in rows if r["date"]), default=None),
                "zone_km": zone,
            }
        )
    return report


def zone_summary(incidents: Iterable[dict[str, Any]], zone_km: float | None = None) -> dict[str, Any]:
    """How many incidents count toward a segment, how many are interior, how many have no point."""
    zone = check_zone(zone_km)
    counts = Counter(row["zone"] for row in zone_rows(incidents, zone))
    return {"zone_km": zone, "border": counts["border"], "interior": counts["interior"], "no_point": counts[None]}


def zone_sentence(summary: dict[str, Any]) -> str:
    """One line stating the border-zone rule and what it left out of the segments."""
    zone = f"{summary['zone_km']:g}"
    text = f"border zone {zone} km: {summary['border']} incidents within {zone} km of the line count toward segments"
    text += f"; {summary['interior']} interior (farther), in no segment"
    if summary["no_point"]:
        text += f"; {summary['no_point']} without a point"
    return text

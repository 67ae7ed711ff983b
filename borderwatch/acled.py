"""Code incidents by the ACLED codebook: its columns, event types, actors, interaction and precision codes."""

from __future__ import annotations

import re
import time
from datetime import date
from functools import cache, lru_cache
from typing import Any
from urllib.parse import urlsplit

# ---- The codebook as data: every ACLED mapping borderwatch makes is in this block (and in the
# ---- README's mapping table, which a test compares with it).

# The columns of an ACLED export, in the codebook's order (2023 codebook and later).
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

# ACLED's 'inter' codes: the type of an actor.
STATE, REBEL, POLITICAL_MILITIA, IDENTITY_MILITIA, RIOTERS, PROTESTER, CIVILIANS, EXTERNAL = range(1, 9)

# borderwatch's incident type -> (event_type, sub_event_type) when nothing more specific applies.
DEFAULT_TYPES = {
    "clash": ("Battles", "Armed clash"),
    "operation": ("Battles", "Armed clash"),
    "attack": ("Violence against civilians", "Attack"),
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "closure": ("Strategic developments", "Change to group/activity"),
    "reopening": ("Strategic developments", "Change to group/activity"),
    "talks": ("Strategic developments", "Agreement"),
    "protest": ("Protests", "Peaceful protest"),
    "deportation": ("Strategic developments", "Other"),
    "other": ("Strategic developments", "Other"),
}
# More specific sub-event types, tried in order: (our types, pattern in the lowered quote, event_type,
# sub_event_type).
SPECIFIC_TYPES = (
    (("attack", "clash"), r"\bsuicide\b", "Explosions/Remote violence", "Suicide bomb"),
    (("attack", "clash"), r"\b(?:ieds?|improvised explosive|landmines?|roadside bombs?|remote[- ]controlled|"
     r"bombs?|bombing|blasts?|explosions?|explosives?)\b", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    (("attack", "clash"), r"\bgrenades?\b", "Explosions/Remote violence", "Grenade"),
    (("attack", "clash", "operation"), r"\b(?:shell\w*|mortars?|artillery|rockets?|missiles?)\b",
     "Explosions/Remote violence", "Shelling/artillery/missile attack"),
    (("protest",), r"\b(?:tear ?gas|baton|lathi|dispersed|arrested|detained)\b", "Protests",
     "Protest with intervention"),
    (("protest",), r"\b(?:opened fire on|fired on|shot dead|killed)\b", "Protests",
     "Excessive force against protesters"),
    (("deportation", "operation"), r"\b(?:arrest\w*|detain\w*|detention)\b", "Strategic developments", "Arrests"),
)  # fmt: skip
# An attack on security forces is a battle (Armed clash) by ACLED's definitions, not violence
# against civilians: these words in the quote name such a target. (All patterns here match the
# lower-cased quote.)
SECURITY_TARGET = re.compile(
    r"\b(?:soldiers?|troops?|police\w*|security (?:forces|personnel|officials)|personnel|check ?posts?|"
    r"posts?|convoy|army|military|frontier corps|fc|levies|cops?|sepoys?|officers?|camp|base|garrison)\b",
)
# Security forces as the source of the report, not its target ("police said").
SECURITY_SOURCE = re.compile(
    r"\b(?:police|officials?|army|military|security (?:officials|sources)|ispr)\s+"
    r"(?:said|say|says|told|added|confirmed|reported|spokesm[ae]n)\b",
)
CIVILIAN_TARGET = re.compile(
    r"\b(?:civilians?|worshippers?|passengers?|children|women|students?|shoppers?|market|bazaar|pilgrims?|"
    r"villagers?|journalists?|teachers?|labou?rers?|workers?|residents?|family|families|wedding|funeral)\b",
)
# disorder_type by event type; the sub-types that are both political violence and demonstrations.
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_BOTH = {"Excessive force against protesters", "Mob violence"}

# borderwatch's actor names (extract.ACTOR_PHRASES) -> (ACLED-style name, inter code, home country
# of a state's forces). '{country}' is the country of the event; a state's forces acting outside
# their home country are External/Other forces (8) there.
ACTORS: dict[str, tuple[str, int, str | None]] = {
    "TTP": ("TTP: Tehreek-i-Taliban Pakistan", REBEL, None),
    "BLA": ("BLA: Balochistan Liberation Army", REBEL, None),
    "ISKP": ("Islamic State (Khorasan)", REBEL, None),
    "Jaish al-Adl": ("Jaish al-Adl", REBEL, None),
    "Hafiz Gul Bahadur group": ("Hafiz Gul Bahadur Group", REBEL, None),
    "Pakistani security forces": ("Military Forces of Pakistan", STATE, "PK"),
    "Pakistani police": ("Police Forces of Pakistan", STATE, "PK"),
    "Government of Pakistan": ("Government of Pakistan", STATE, None),
    "Afghan Taliban forces": ("Military Forces of Afghanistan (2021-)", STATE, "AF"),
    "Taliban government": ("Government of Afghanistan (2021-)", STATE, None),
    "Iranian forces": ("Military Forces of Iran", STATE, "IR"),
    "civilians": ("Civilians ({country})", CIVILIANS, None),
    "traders": ("Civilians ({country})", CIVILIANS, None),
    "unidentified armed group": ("Unidentified Armed Group ({country})", POLITICAL_MILITIA, None),
    "protesters": ("Protesters ({country})", PROTESTER, None),
}
UNIDENTIFIED, PROTESTERS = "unidentified armed group", "protesters"
# In political violence a government named in the reports stands for its forces.
GOVERNMENT_FORCES = {
    "Government of Pakistan": "Pakistani security forces",
    "Taliban government": "Afghan Taliban forces",
}
# The forces of the event's country an attack hit when the reports name none: (army, police).
HOME_FORCES = {
    "PK": ("Pakistani security forces", "Pakistani police"),
    "AF": ("Afghan Taliban forces", "Afghan Taliban forces"),
}
# ISO 3166-1 alpha-2 -> (numeric code, ACLED country name, ACLED region).
COUNTRIES = {
    "AF": (4, "Afghanistan", "South Asia"),
    "PK": (586, "Pakistan", "South Asia"),
    "IN": (356, "India", "South Asia"),
    "IR": (364, "Iran", "Middle East"),
    "CN": (156, "China", "East Asia"),
    "TJ": (762, "Tajikistan", "Caucasus and Central Asia"),
    "UZ": (860, "Uzbekistan", "Caucasus and Central Asia"),
    "TM": (795, "Turkmenistan", "Caucasus and Central Asia"),
}
ISO3 = {"AF": "AFG", "PK": "PAK", "IN": "IND", "IR": "IRN", "CN": "CHN", "TJ": "TJK", "UZ": "UZB", "TM": "TKM"}
# Our date precision -> ACLED time_precision: 1 the day, 2 the week, 3 only the month. ACLED codes
# no event known only to the year; such a row keeps its year and leaves the date and code blank.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
MONTH_MIDPOINT = 15  # a month-precise event is dated to the middle of its month
# How the notes sentence names each of our incident types.
NOTE_WHAT = {
    "clash": "an armed clash", "attack": "an attack", "airstrike": "an air/drone strike",
    "operation": "a security operation", "closure": "a border closure", "reopening": "a border reopening",
    "talks": "talks", "protest": "a protest", "deportation": "deportations", "other": "a strategic development",
}  # fmt: skip
# Places too large for an admin1: the event's admin units are left blank.
NO_ADMIN_KINDS = frozenset({"country", "region", "border"})

# ---- end of the codebook data


def coded_type(incident: dict[str, Any]) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type) for an incident, by the codebook's definitions."""
    kind = incident.get("type") or "other"
    low = (incident.get("evidence") or "").lower()  # the patterns are lower case: faster than IGNORECASE
    for kinds, pattern, event_type, sub_type in _specific_types():
        if kind in kinds and pattern.search(low):
            return event_type, sub_type
    event_type, sub_type = DEFAULT_TYPES.get(kind, DEFAULT_TYPES["other"])
    if kind == "attack" and _targets_security_forces(incident):
        return "Battles", "Armed clash"
    return event_type, sub_type


@cache
def _specific_types() -> tuple[tuple[tuple[str, ...], re.Pattern[str], str, str], ...]:
    return tuple((kinds, re.compile(p), e, s) for kinds, p, e, s in SPECIFIC_TYPES)


def _targets_security_forces(incident: dict[str, Any]) -> bool:
    text = SECURITY_SOURCE.sub(" ", (incident.get("evidence") or "").lower())
    if CIVILIAN_TARGET.search(text) and not SECURITY_TARGET.search(text):
        return False  # civilians named as the target, and no security forces
    state_named = any(_inter(a) == STATE for a in incident.get("actors") or [])
    return state_named or bool(SECURITY_TARGET.search(text))


def disorder_type(event_type: str, sub_event_type: str) -> str:
    """The codebook's disorder_type of an event and sub-event type."""
    if sub_event_type in DISORDER_BOTH:
        return "Political violence; Demonstrations"
    return DISORDER[event_type]


def coded_actors(incident: dict[str, Any], event_type: str, sub_event_type: str, country: str | None) -> dict[str, Any]:
    """actor1/actor2 by the codebook's ordering, with their inter codes, interaction and civilian targeting.

    Violence against civilians: the perpetrator is actor1 (an unidentified armed group when none
    is named), the civilians actor2; civilians are never actor1 of political violence.
    Explosions/remote violence: who fired or detonated is actor1, the target actor2. Battles: the
    attacker first (state forces in an operation), civilians left out. Protests: the protesters
    are actor1. Other named actors go to assoc_actor_1 (joined by "; ").
    """
    names = list(dict.fromkeys(incident.get("actors") or []))
    if DISORDER[event_type] == "Political violence":
        names = list(dict.fromkeys(GOVERNMENT_FORCES.get(n, n) for n in names))
    civilians = [n for n in names if _inter(n) == CIVILIANS]
    armed = [n for n in names if n not in civilians]
    state = [n for n in armed if _inter(n) == STATE]
    nonstate = [n for n in armed if n not in state]
    kind, text = incident.get("type"), (incident.get("evidence") or "").lower()
    targeting = ""
    if event_type == "Violence against civilians":
        first, second, targeting = (nonstate or state or [UNIDENTIFIED])[0], "civilians", "Civilian targeting"
    elif event_type == "Explosions/Remote violence":
        # air and artillery strikes are fired by state forces; bombs are set off by armed groups
        fired = sub_event_type in ("Air/drone strike", "Shelling/artillery/missile attack") and kind != "attack"
        shooters = ((state or armed) if fired else nonstate) or [UNIDENTIFIED]
        first = shooters[0]
        rest = [n for n in armed if n != first]
        if civilians or (not rest and CIVILIAN_TARGET.search(text)):
            second, targeting = "civilians", "Civilian targeting"
        else:
            second = rest[0] if rest else ""
    elif event_type == "Battles" and kind == "attack":
        first, second = (nonstate or [UNIDENTIFIED])[0], (state or [_home_forces(country, text)])[0]
    elif event_type == "Battles" and kind == "operation":
        first, second = (state or [_home_forces(country, text)])[0], (nonstate or [UNIDENTIFIED])[0]
    elif event_type == "Battles":
        first, second = (armed or [UNIDENTIFIED])[0], armed[1] if len(armed) > 1 else ""
    elif event_type == "Protests":
        first, second = PROTESTERS, state[0] if state and sub_event_type != "Peaceful protest" else ""
    else:
        ordered = armed + civilians
        first, second = (ordered or [""])[0], ordered[1] if len(ordered) > 1 else ""
    row: dict[str, Any] = {"civilian_targeting": targeting}
    for slot, name in (("1", first), ("2", second)):
        row[f"actor{slot}"], row[f"inter{slot}"] = _actor(name, country) if name else ("", None)
        row[f"assoc_actor_{slot}"] = ""
    # other armed actors named in the reports are associated with actor1; civilians never are
    row["assoc_actor_1"] = "; ".join(dict.fromkeys(_actor(n, country)[0] for n in armed if n not in (first, second)))
    row["interaction"] = interaction(row["inter1"], row["inter2"])
    return row


def _inter(name: str) -> int | None:
    return ACTORS.get(name, (name, None, None))[1]


def _home_forces(country: str | None, text: str) -> str:
    police = re.search(r"\b(?:police\w*|levies|ctd|cops?|constables?)\b", text)
    return HOME_FORCES.get(country or "", ("", ""))[1 if police else 0]


def _actor(name: str, country: str | None) -> tuple[str, int | None]:
    label, inter, home = ACTORS.get(name, (name, None, None))
    if inter == STATE and home and country and home != country:
        inter = EXTERNAL  # a state's forces acting outside their own country
    if not country:
        return label.replace(" ({country})", ""), inter
    return label.format(country=_country_name(country)), inter


def _country_name(country: str | None) -> str:
    return COUNTRIES.get(country or "", (None, country or "unknown country", None))[1]


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """The codebook's interaction code: both inter codes, lower first (13), or one actor alone (10)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def event_date(value: str | None, precision: str | None) -> str:
    """The ACLED event_date (YYYY-MM-DD): the day; a week's middle day; a month's midpoint; blank otherwise."""
    if not value or precision not in TIME_PRECISION:
        return ""
    if precision == "month":
        year, month = (int(p) for p in value.split("-")[:2])
        return date(year, month, MONTH_MIDPOINT).isoformat()
    return value


def conservative_fatalities(incident: dict[str, Any]) -> int:
    """ACLED fatalities: the lowest figure any report gave; 0 when the reports say none or give none."""
    low = incident.get("fatalities_low")
    if low is None:
        low = incident.get("fatalities")
    return int(low) if low is not None else 0


def _geography(incident: dict[str, Any]) -> tuple[str | None, str, str, str]:
    given = tuple(incident.get(k) or "" for k in ("admin1", "admin2", "admin3"))
    where = _point_geography(incident.get("lat"), incident.get("lon"), incident.get("gazetteer_id"))
    if given[0] and _in_country(given[0], where[0]):
        return (where[0], *given)  # type: ignore[return-value]
    return where


@lru_cache(maxsize=65_536)
def _point_geography(lat: float | None, lon: float | None, place_id: str | None) -> tuple[str | None, str, str, str]:
    # incidents share places: one polygon test per place and point
    point = {"lat": lat, "lon": lon, "gazetteer_id": place_id}
    country = country_of(point)
    return (country, *admin_units(point, country))


def country_of(incident: dict[str, Any]) -> str | None:
    """ISO alpha-2 of the country the incident's point lies in (the shipped polygons), else its place's."""
    from borderwatch.border import side_of_border

    lat, lon = incident.get("lat"), incident.get("lon")
    side = side_of_border(lat, lon) if lat is not None and lon is not None else None
    if side:
        return side
    place = _place(incident)
    return place.country if place and place.country in COUNTRIES else None


def _place(incident: dict[str, Any]) -> Any:
    from borderwatch.gazetteer import load_gazetteer

    return load_gazetteer().by_id.get(incident.get("gazetteer_id") or "")


@cache
def _provinces() -> tuple[tuple[str, str, Any], ...]:
    import json

    import shapely
    from shapely.geometry import shape

    from borderwatch.paths import geo_dir

    features = json.loads((geo_dir() / "provinces.geojson").read_text(encoding="utf-8"))["features"]
    out = []
    for f in features:
        polygon = shape(f["geometry"])
        shapely.prepare(polygon)
        out.append((f["properties"]["country"], f["properties"]["name"], polygon))
    return tuple(out)


def admin_units(incident: dict[str, Any], country: str | None) -> tuple[str, str, str]:
    """admin1, admin2, admin3 of the incident, never contradicting ``country``.

    The incident's own admin1/2/3 (from boundary polygons) when it has them; else its gazetteer
    place's when that place's admin1 is a province of ``country``; else the province whose outline
    holds the point, with admin2 blank. admin3 is blank when unknown.
    """
    given = tuple(incident.get(k) or "" for k in ("admin1", "admin2", "admin3"))
    if given[0] and _in_country(given[0], country):
        return given  # type: ignore[return-value]
    place = _place(incident)
    if place is not None and place.kind in NO_ADMIN_KINDS:
        return "", "", ""
    if place is not None and place.admin1 and _in_country(place.admin1, country):
        return place.admin1, place.admin2 or "", getattr(place, "admin3", None) or ""
    lat, lon = incident.get("lat"), incident.get("lon")
    if lat is None or lon is None:
        return "", "", ""
    from borderwatch.shapes import point_from_latlon

    point = point_from_latlon(lat, lon)
    found = next((name for iso, name, polygon in _provinces() if iso == country and polygon.contains(point)), "")
    return found, "", ""


def _in_country(admin1: str, country: str | None) -> bool:
    """Whether ``admin1`` is a province of ``country`` (any province when the country is unknown)."""
    return any(name == admin1 and (country is None or iso == country) for iso, name, _ in _provinces())


def sources_of(incident: dict[str, Any]) -> str:
    """The outlets behind the incident joined by "; " (an outlet's web host when it has no name)."""
    sources = incident.get("sources") or [incident]
    names = [s.get("outlet") or (urlsplit(s["url"]).hostname or "" if s.get("url") else "") for s in sources]
    return "; ".join(dict.fromkeys(n for n in names if n))


def notes(incident: dict[str, Any], row: dict[str, Any]) -> str:
    """One generated sentence: when, what, who, where and the toll."""
    when = _when(incident.get("date"), incident.get("date_precision"))
    what = NOTE_WHAT.get(incident.get("type") or "", "an event")
    actors = [a for a in (row["actor1"], row["actor2"]) if a]
    who = f" involving {' and '.join(actors)}" if actors else ""
    context = ", ".join(p for p in (row["admin2"], row["admin1"], row["country"]) if p and p != row["location"])
    where = row["location"] or "an unidentified location"
    where += f" ({context})" if context else ""
    at = "in" if incident.get("geo_precision") == 3 else "at"  # a district, province or country is an area
    return f"{when}, {what}{who} took place {at} {where}; {_toll(incident)}{_split(incident)}."


def _when(value: str | None, precision: str | None) -> str:
    if not value:
        return "On an unreported date"
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return f"In {parts[0]}"
    month = date(parts[0], parts[1], 1).strftime("%B")
    if len(parts) == 2:
        return f"In {month} {parts[0]}"
    day = f"{parts[2]} {month} {parts[0]}"
    return f"In the week of {day}" if precision == "week" else f"On {day}"


def _toll(incident: dict[str, Any]) -> str:
    low, high = incident.get("fatalities_low"), incident.get("fatalities_high")
    best = incident.get("fatalities")
    if low is None:
        low = high = best
    if low is None:
        return "fatalities not reported"
    if low == 0 and not high:
        return "no fatalities reported"
    if high is not None and high != low:
        return f"reports give {low} to {high} fatalities ({low} counted)"
    return f"{low} fatalit{'y' if low == 1 else 'ies'} reported"


def _split(incident: dict[str, Any]) -> str:
    """What the reports tell of the toll beyond its total: attackers among the dead, people
    abducted or missing (", including 3 attackers; 2 abducted"); empty when they tell nothing."""
    out = ""
    attackers, dead = incident.get("attackers_killed"), incident.get("fatalities")
    if attackers and dead:
        out += f", including {attackers} attacker{'s' if attackers != 1 else ''}"
    for key in ("abducted", "missing"):
        if incident.get(key):
            out += f"; {incident[key]} {key}"
    return out


def acled_row(incident: dict[str, Any], *, timestamp: int | None = None) -> dict[str, Any]:
    """One incident as a row of ACLED's columns, coded by the codebook (see the README's mapping table)."""
    event_type, sub_event_type = coded_type(incident)
    country, admin1, admin2, admin3 = _geography(incident)
    iso, country_name, region = COUNTRIES.get(country or "", (None, "", ""))
    precision = incident.get("date_precision")
    row: dict[str, Any] = {
        "event_id_cnty": f"{ISO3[country]}-{incident['id']}" if country in ISO3 else incident["id"],
        "event_date": event_date(incident.get("date"), precision),
        "year": int(incident["date"][:4]) if incident.get("date") else None,
        "time_precision": TIME_PRECISION.get(precision or ""),
        "disorder_type": disorder_type(event_type, sub_event_type),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        **coded_actors(incident, event_type, sub_event_type, country),
        "iso": iso,
        "region": region,
        "country": country_name,
        "admin1": admin1,
        "admin2": admin2,
        "admin3": admin3,
        "location": incident.get("place") or "",
        "latitude": incident.get("lat"),
        "longitude": incident.get("lon"),
        "geo_precision": incident.get("geo_precision"),
        "source": sources_of(incident),
        "source_scale": "",  # the scale of an outlet is not known here
        "fatalities": conservative_fatalities(incident),
        "tags": "",
        "timestamp": int(time.time()) if timestamp is None else timestamp,
    }
    row["notes"] = notes(incident, row)
    return {column: row[column] for column in COLUMNS}

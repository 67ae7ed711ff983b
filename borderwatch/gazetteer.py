"""Load the shipped gazetteer and answer name → candidate places, spelling variants included."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from borderwatch.errors import GazetteerError
from borderwatch.model import GeoPrecision, Place
from borderwatch.paths import geo_dir

_DASHES = re.compile(r"[-‐‑‒–—―_]")
_APOSTROPHES = re.compile(r"[‘’ʻʼ`´']")
_INITIALS = re.compile(r"\b(\w) (?=\w\b)")


def normalize_name(name: str) -> str:
    """Return the lookup key of a name: no case, diacritics, dashes, dots or apostrophes.

    >>> normalize_name("Spin-Boldak"), normalize_name("D.I. Khan"), normalize_name("Qalāt")
    ('spin boldak', 'di khan', 'qalat')
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", _DASHES.sub(" ", text)).replace(".", " ").lower()
    text = " ".join(text.split())
    return _INITIALS.sub(r"\1", text)  # "d i khan" -> "di khan"


@dataclass(frozen=True)
class Gazetteer:
    """All shipped places, indexed by normalised name and alias."""

    places: tuple[Place, ...]
    index: dict[str, tuple[Place, ...]]
    by_id: dict[str, Place]

    def lookup(self, name: str) -> list[Place]:
        """Return every place called ``name`` (or aliased so), most important first."""
        return list(self.index.get(normalize_name(name), ()))

    def get(self, place_id: str) -> Place:
        """Return the place with gazetteer id ``place_id``."""
        try:
            return self.by_id[place_id]
        except KeyError:
            msg = f"no gazetteer entry with id {place_id!r}"
            raise GazetteerError(msg) from None

    def names(self) -> list[str]:
        """Return every normalised name and alias the gazetteer knows."""
        return list(self.index)


_KIND_RANK = {"country": 0, "province": 1, "crossing": 2, "border": 2, "region": 3, "city": 4, "district": 5}
_KIND_RANK["tehsil"] = 6.5  # after the town it is named after


def importance(place: Place) -> tuple[float, int]:
    """Sort key, most important first: by kind, then population."""
    return (_KIND_RANK.get(place.kind, 6), -place.population)


@cache
def shipped_places() -> tuple[Place, ...]:
    """Every place of the shipped ``geo/gazetteer.csv``, read once per process."""
    path = geo_dir() / "gazetteer.csv"
    places = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            places.append(
                Place(
                    id=row["id"],
                    name=row["name"],
                    kind=row["kind"],
                    country=row["country"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    precision=GeoPrecision(int(row["precision"])),
                    source=row["source"],
                    admin1=row["admin1"] or None,
                    admin2=row["admin2"] or None,
                    population=int(row["population"] or 0),
                    aliases=tuple(a for a in row["aliases"].split("|") if a),
                    admin3=row.get("admin3") or None,
                )
            )
    return tuple(places)


@cache
def shipped_names() -> frozenset[str]:
    """Every normalised name and alias of the shipped gazetteer."""
    return frozenset(normalize_name(n) for p in shipped_places() for n in (p.name, *p.aliases))


def load_gazetteer(user_places: tuple[Place, ...] = ()) -> Gazetteer:
    """The shipped gazetteer plus a store's own places (cached per set of user places).

    A user place answers for every name and alias it has: where it shares one with shipped
    entries, it replaces them for that name, so a person can correct the shipped gazetteer.
    """
    return _gazetteer(tuple(user_places))


@cache
def _gazetteer(user_places: tuple[Place, ...]) -> Gazetteer:
    # one cache entry per set of user places, however the caller passed it
    index: dict[str, list[Place]] = defaultdict(list)
    for place in shipped_places():
        for key in {normalize_name(n) for n in (place.name, *place.aliases)}:
            if key:
                index[key].append(place)
    claimed: dict[str, list[Place]] = defaultdict(list)
    for place in user_places:
        for key in {normalize_name(n) for n in (place.name, *place.aliases)}:
            if key:
                claimed[key].append(place)
    index.update(claimed)
    frozen = {k: tuple(sorted(v, key=importance)) for k, v in index.items()}
    places = (*shipped_places(), *user_places)
    return Gazetteer(places, frozen, {p.id: p for p in places})


def lookup(name: str) -> list[Place]:
    """Return every place called ``name``: case-, diacritic- and hyphen-insensitive, aliases included."""
    return load_gazetteer().lookup(name)

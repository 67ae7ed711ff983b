"""Load the shipped gazetteer and answer name → candidate places, spelling variants included."""

from __future__ import annotations

import csv
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from borderwatch.errors import GazetteerError
from borderwatch.model import GeoPrecision, Place
from borderwatch.paths import geo_dir

_INITIALS = re.compile(r"\b(\w) (?=\w\b)")


# dashes and underscores become blanks, dots too; apostrophes go (one pass, not three substitutions)
_NAME_PUNCTUATION = str.maketrans(dict.fromkeys("-‐‑‒–—―_.", " ") | dict.fromkeys("‘’ʻʼ`´'"))


@lru_cache(maxsize=1 << 16)  # the same names recur in every article
def normalize_name(name: str) -> str:
    """Return the lookup key of a name: no case, diacritics, dashes, dots or apostrophes.

    >>> normalize_name("Spin-Boldak"), normalize_name("D.I. Khan"), normalize_name("Qalāt")
    ('spin boldak', 'di khan', 'qalat')
    """
    if name.isascii():
        text = name  # NFKD leaves ASCII as it is
    else:
        text = unicodedata.normalize("NFKD", name)
        # marks go; other non-ASCII signs that are no letter ("・", a zero-width non-joiner) part
        # words, as the text matcher's folding parts them
        text = "".join(c if c.isascii() or c.isalnum() else " " for c in text if not unicodedata.combining(c))
    text = " ".join(text.translate(_NAME_PUNCTUATION).lower().split())
    return _INITIALS.sub(r"\1", text) if " " in text else text  # "d i khan" -> "di khan"


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


def _place(row: dict[str, str]) -> Place:
    return Place(
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


def _shipped_rows() -> list[dict[str, str]]:
    with (geo_dir() / "gazetteer.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def shipped_places() -> tuple[Place, ...]:
    """Every place of the shipped ``geo/gazetteer.csv``, read once per process."""
    return tuple(_place(row) for row in _shipped_rows())


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


def lookup(name: str, user_places: tuple[Place, ...] = ()) -> list[Place]:
    """Return every place called ``name``: case-, diacritic- and hyphen-insensitive, aliases included.

    The same answer as ``load_gazetteer(user_places).lookup(name)``, without building the whole
    index when this process has not built it: a store's own places are searched directly, and the
    shipped ones through an index kept on disk (see :func:`name_index_path`), built on first use.
    """
    key = normalize_name(name)
    if not key:
        return []
    mine = [p for p in user_places if key in {normalize_name(n) for n in (p.name, *p.aliases)}]
    if mine:
        return sorted(mine, key=importance)  # a store's own place replaces the shipped ones of its name
    if _gazetteer.cache_info().currsize or shipped_places.cache_info().currsize:
        return load_gazetteer().lookup(name)  # built already: the in-memory index is the fastest
    try:
        return _indexed_lookup(key)
    except (OSError, sqlite3.Error):
        return load_gazetteer().lookup(name)  # no usable cache folder: build the index in memory


INDEX_FORMAT = 1  # bump when the index's layout or the meaning of a key changes


def name_index_path() -> Path:
    """Where the on-disk name index of the shipped gazetteer is kept: one file per release.

    It lies in ``$BORDERWATCH_CACHE`` (default ``$XDG_CACHE_HOME/borderwatch``, else
    ``~/.cache/borderwatch``); its name changes with the gazetteer file and this module, so an
    upgrade builds a new one and never reads a stale one.
    """
    import os
    import zlib

    folder = os.environ.get("BORDERWATCH_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "borderwatch"
    )
    source, code = (geo_dir() / "gazetteer.csv").stat(), Path(__file__).stat()
    stamp = f"{INDEX_FORMAT}:{source.st_size}:{source.st_mtime_ns}:{code.st_size}:{code.st_mtime_ns}"
    return Path(folder) / f"gazetteer-names-{zlib.crc32(stamp.encode()):08x}.sqlite"


_COLUMNS = ("id", "name", "aliases", "kind", "country", "admin1", "admin2", "admin3", "lat", "lon", "population",
            "precision", "source")  # fmt: skip


def _indexed_lookup(key: str) -> list[Place]:
    path = name_index_path()
    if not path.exists():
        _write_name_index(path)
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        rows = connection.execute(
            f"SELECT {', '.join('p.' + c for c in _COLUMNS)} FROM names n JOIN places p ON p.rowid = n.place"
            " WHERE n.key = ? ORDER BY n.rank",
            (key,),
        ).fetchall()
    finally:
        connection.close()
    return [_place(dict(zip(_COLUMNS, row, strict=True))) for row in rows]


def _write_name_index(path: Path) -> None:
    """Write the name index of the shipped gazetteer to ``path`` (atomically: a reader never sees half of it)."""
    import os
    import tempfile

    rows = _shipped_rows()
    places = [_place(row) for row in rows]
    keys: dict[str, list[int]] = defaultdict(list)
    for number, place in enumerate(places, start=1):
        for key in {normalize_name(n) for n in (place.name, *place.aliases)}:
            if key:
                keys[key].append(number)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        connection = sqlite3.connect(temporary)
        with connection:
            connection.execute(f"CREATE TABLE places ({', '.join(_COLUMNS)})")
            connection.execute("CREATE TABLE names (key TEXT NOT NULL, rank INTEGER NOT NULL, place INTEGER NOT NULL)")
            connection.executemany(
                f"INSERT INTO places (rowid, {', '.join(_COLUMNS)}) VALUES (?{', ?' * len(_COLUMNS)})",
                [(number, *(row.get(c, "") for c in _COLUMNS)) for number, row in enumerate(rows, start=1)],
            )
            connection.executemany(
                "INSERT INTO names VALUES (?, ?, ?)",
                [
                    (key, rank, number)
                    for key, numbers in keys.items()
                    for rank, number in enumerate(sorted(numbers, key=lambda k: importance(places[k - 1])))
                ],
            )
            connection.execute("CREATE INDEX names_key ON names (key, rank)")
        connection.close()
        os.chmod(temporary, 0o644)  # mkstemp's file is private; the index holds nothing secret
        os.replace(temporary, path)
        for old in path.parent.glob("gazetteer-names-*.sqlite"):  # those of earlier releases
            if old != path:
                old.unlink(missing_ok=True)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)

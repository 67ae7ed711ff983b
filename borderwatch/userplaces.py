"""Keep a store's own gazetteer (places people add or import) and its to-do list of unresolved names."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from borderwatch import store
from borderwatch.admin import with_admin
from borderwatch.errors import InputError, QueryError
from borderwatch.gazetteer import normalize_name
from borderwatch.model import Article, GeoPrecision, Place

KINDS = (
    "crossing",
    "city",
    "town",
    "village",
    "district",
    "tehsil",
    "province",
    "region",
    "country",
    "border",
    "other",
)
IMPORT_COLUMNS = ("name", "lat", "lon", "kind")  # required; optional: country, aliases ("|"-separated), precision


def user_place_id(name: str) -> str:
    """Stable id of a user place: the same name always gets the same id."""
    return "user:" + hashlib.sha1(normalize_name(name).encode()).hexdigest()[:10]


def make_place(
    name: str,
    lat: float,
    lon: float,
    kind: str,
    *,
    country: str | None = None,
    aliases: tuple[str, ...] = (),
    precision: GeoPrecision = GeoPrecision.POINT,
    source: str = "user",
) -> Place:
    """A validated user place; the country is found from the border polygons when not given."""
    if not name.strip():
        msg = "a place needs a name"
        raise QueryError(msg)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        msg = f"{name!r}: latitude {lat!r} / longitude {lon!r} out of range"
        raise QueryError(msg)
    if kind not in KINDS:
        msg = f"{name!r}: kind {kind!r} is not one of {', '.join(KINDS)}"
        raise QueryError(msg)
    if country is None:
        from borderwatch.border import side_of_border

        country = side_of_border(lat, lon) or "??"
    place = Place(
        id=user_place_id(name),
        name=name.strip(),
        kind=kind,
        country=country.upper(),
        lat=lat,
        lon=lon,
        precision=precision,
        source=source,
        aliases=tuple(a.strip() for a in aliases if a.strip()),
    )
    return with_admin(place)  # province, district and tehsil by point-in-polygon


def add_place(place: Place, db: str | Path | None = None) -> str:
    """Add a place to the store's gazetteer (or replace the one of that name): 'added' or 'replaced'."""
    with store.open_store(db, create=False) as st:
        return store.put_user_place(st, place)


def remove_place(name: str, db: str | Path | None = None) -> None:
    """Remove a place the store's gazetteer has under ``name`` (or its id)."""
    with store.open_store(db, create=False) as st:
        if not (store.delete_user_place(st, name) or store.delete_user_place(st, user_place_id(name))):
            msg = f"no place of this store is called {name!r}; see 'borderwatch places list'"
            raise QueryError(msg)


def list_places(db: str | Path | None = None) -> list[Place]:
    """The store's own places (read only: works on a store the user may not write)."""
    with store.open_store(db, create=False, readonly=True) as st:
        return list(store.user_places(st))


def import_places(path: str | Path, db: str | Path | None = None) -> int:
    """Add every row of a CSV (name, lat, lon, kind[, country, aliases, precision]); all or nothing."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    places = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, f"missing column(s) {', '.join(missing)}; need {', '.join(IMPORT_COLUMNS)}")
        for number, row in enumerate(reader, start=2):
            try:
                places.append(
                    make_place(
                        row["name"],
                        float(row["lat"]),
                        float(row["lon"]),
                        row["kind"].strip().lower(),
                        country=(row.get("country") or "").strip() or None,
                        aliases=tuple((row.get("aliases") or "").split("|")),
                        precision=GeoPrecision(int(row.get("precision") or 1)),
                    )
                )
            except (ValueError, QueryError) as e:
                raise InputError(path, str(e), line=number) from None
    with store.open_store(db, create=False) as st:
        for place in places:
            store.put_user_place(st, place)
    return len(places)


# GeoNames feature codes -> (kind, precision); other codes (roads, buildings, countries…) are skipped
GEONAMES_KINDS: dict[str, tuple[str, GeoPrecision]] = {
    "ADM1": ("province", GeoPrecision.AREA),
    "ADM2": ("district", GeoPrecision.AREA),
    "ADM3": ("tehsil", GeoPrecision.AREA),
    "PASS": ("other", GeoPrecision.NEAR),
    "VAL": ("other", GeoPrecision.NEAR),
    "VALS": ("other", GeoPrecision.NEAR),
    "MT": ("other", GeoPrecision.NEAR),
    "MTS": ("other", GeoPrecision.NEAR),
    "PK": ("other", GeoPrecision.NEAR),
    "HLL": ("other", GeoPrecision.NEAR),
    "RGN": ("region", GeoPrecision.AREA),
}
GEONAMES_SOURCE = "GeoNames dump (CC BY 4.0), imported"


def _geonames_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line) of a GeoNames dump, or of the dump inside its zip (AF.zip holds AF.txt)."""
    import io
    import zipfile

    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if not names:
                raise InputError(path, "no GeoNames .txt file inside the zip")
            with z.open(names[0]) as raw:
                yield from enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1)
        return
    with path.open(encoding="utf-8") as f:
        yield from enumerate(f, start=1)


def geonames_places(path: str | Path) -> list[Place]:
    """The places of a GeoNames country dump (19 tab-separated columns, or its zip) the tool can use:
    populated places, admin areas, passes, valleys and mountains, with their Latin alternate names."""
    from borderwatch.geodata import is_latin

    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such file")
    places = []
    for number, line in _geonames_lines(path):
        cols = line.rstrip("\n").split("\t")
        if len(cols) != 19:
            raise InputError(path, f"{len(cols)} columns; a GeoNames dump has 19", line=number)
        geonameid, name, ascii_name, alternates, lat, lon, fclass, fcode, country = cols[:9]
        population = int(cols[14] or 0)
        if fclass == "P":
            kind = "city" if population >= 100_000 else "town" if population >= 5_000 else "village"
            precision = GeoPrecision.POINT
        elif fcode in GEONAMES_KINDS:
            kind, precision = GEONAMES_KINDS[fcode]
        else:
            continue
        aliases = {a for a in (ascii_name, *alternates.split(",")) if a and a != name and is_latin(a)}
        aliases = {a for a in aliases if not (a.isupper() and len(a) <= 4)}  # codes, not names
        try:
            place = make_place(
                name if is_latin(name) else ascii_name,
                float(lat),
                float(lon),
                kind,
                country=country or None,
                aliases=tuple(sorted(aliases)),
                precision=precision,
                source=f"{GEONAMES_SOURCE} from {path.name} ({fcode})",
            )
        except (ValueError, QueryError) as e:
            raise InputError(path, str(e), line=number) from None
        places.append(replace(place, id=f"geonames:{geonameid}", population=population))
    return places


def import_geonames(paths: list[str | Path], db: str | Path | None = None) -> tuple[int, int]:
    """Add the places of GeoNames dumps to the store's gazetteer: (places added, names skipped).

    A name the shipped gazetteer already has is not taken from the dump (the store's own places
    win over shipped ones, and a village must not take Kabul's name); same-named villages all come
    in, and the geoparser picks one only when a containing place is named nearby.
    """
    from borderwatch.gazetteer import shipped_names

    shipped = shipped_names()
    places, skipped = [], 0
    for path in paths:
        for place in geonames_places(path):
            if normalize_name(place.name) in shipped:
                skipped += 1
                continue
            aliases = tuple(a for a in place.aliases if normalize_name(a) not in shipped)
            places.append(replace(place, aliases=aliases))
    with store.open_store(db, create=False) as st:
        for place in places:
            store.put_user_place(st, place)
    return len(places), skipped


_SEPARATORS = bytes(c for c in range(128) if not chr(c).isalnum())


def _compact(text: str) -> str:
    """``text`` folded to ASCII, lower case, without anything but letters and digits: "D.I. Khan's" -> "dikhans".

    Whatever the geoparser matches of a name in a text, this form of the name is a substring of
    this form of the text, so a filter on it never misses an article.
    """
    from borderwatch.geoparse import fold_text

    return fold_text(text).encode("ascii").translate(None, _SEPARATORS).lower().decode("ascii")


def articles_naming(articles: Iterable[Article], places: Iterable[Place]) -> set[str]:
    """Ids of the articles whose text may name one of ``places`` (name or alias).

    Each text is folded once and all names are matched in one Aho-Corasick pass, so the cost is
    that of the articles plus the names, not of their product.
    """
    import ahocorasick

    names = {_compact(n) for p in places for n in (p.name, *p.aliases)}
    names = {n for n in names if len(n) >= 3}  # the geoparser matches no shorter name
    if not names:
        return set()
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    return {a.id for a in articles if next(automaton.iter(_compact(a.text)), None) is not None}


def unresolved_groups(
    mentions: list[tuple[str, str, int, int]],
) -> dict[str, list[tuple[str, str, int, int]]]:
    """Unresolved mentions (article id, mention, start, end) by normalised name, most frequent first."""
    groups: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for found in mentions:
        groups[normalize_name(found[1])].append(found)
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def unresolved_report(db: str | Path | None = None, *, min_count: int = 1) -> list[dict[str, Any]]:
    """Every unresolved name across the store, most frequent first: the analyst's to-do list (read only)."""
    with store.open_store(db, create=False, readonly=True) as st:
        groups = unresolved_groups(store.unresolved_mentions(st))
        texts = store.article_texts(st)
    rows = []
    for key, found in groups.items():
        if len(found) < min_count:
            continue
        article_id, _, start, end = found[0]
        text = texts[article_id]
        context = " ".join(text[max(0, start - 60) : min(len(text), end + 60)].split())
        forms = sorted({m for _, m, _, _ in found})
        rows.append(
            {
                "name": key,
                "count": len(found),
                "forms": forms,
                "articles": sorted({a for a, *_ in found}),
                "context": context,
            }
        )
    return sorted(rows, key=lambda r: (-r["count"], r["name"]))

"""Keep a store's own gazetteer (places people add or import) and its to-do list of unresolved names."""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from pathlib import Path
from typing import Any

from borderwatch import store
from borderwatch.admin import with_admin
from borderwatch.errors import InputError, QueryError
from borderwatch.gazetteer import normalize_name
from borderwatch.model import GeoPrecision, Place

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
    """The store's own places."""
    with store.open_store(db, create=False) as st:
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


def unresolved_groups(
    mentions: list[tuple[str, str, int, int]],
) -> dict[str, list[tuple[str, str, int, int]]]:
    """Unresolved mentions (article id, mention, start, end) by normalised name, most frequent first."""
    groups: dict[str, list[tuple[str, str, int, int]]] = defaultdict(list)
    for found in mentions:
        groups[normalize_name(found[1])].append(found)
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def unresolved_report(db: str | Path | None = None, *, min_count: int = 1) -> list[dict[str, Any]]:
    """Every unresolved name across the store, most frequent first: the analyst's to-do list."""
    with store.open_store(db, create=False) as st:
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

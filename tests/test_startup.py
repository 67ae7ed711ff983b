"""Start-up cost of query commands: importing the CLI loads none of the heavy geospatial modules."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("shapely", "numpy", "pyproj", "geopandas", "folium")


def test_importing_the_cli_loads_no_heavy_module() -> None:
    code = f"import sys, borderwatch.cli; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_version_is_still_read_from_the_package_metadata() -> None:
    from importlib.metadata import version

    import borderwatch

    assert borderwatch.__version__ == version("borderwatch")

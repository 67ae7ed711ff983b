"""Start-up cost of query commands: importing the CLI loads none of the heavy geospatial modules."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("shapely", "numpy", "pyproj", "geopandas", "folium")


def test_importing_the_cli_loads_no_heavy_module() -> None:
    code = f"import sys, borderwatch.cli; print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"
    code = "import sys, borderwatch.cli; print(sorted(m for m in sys.modules if m.startswith('borderwatch.')))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    light = ["borderwatch.cli", "borderwatch.errors", "borderwatch.model", "borderwatch.output", "borderwatch.settings"]
    assert out.stdout.strip() == str(light)


def test_version_is_still_read_from_the_package_metadata() -> None:
    from importlib.metadata import version

    import borderwatch

    assert borderwatch.__version__ == version("borderwatch")


def test_a_name_is_looked_up_from_the_disk_index_without_building_the_gazetteer(tmp_path) -> None:
    import os

    code = (
        "import sys; from borderwatch import gazetteer as g; print([p.id for p in g.lookup('Spin-Boldak')]);"
        "print(g.shipped_places.cache_info().currsize, g._gazetteer.cache_info().currsize, 'pyproj' in sys.modules)"
    )
    env = {**os.environ, "BORDERWATCH_CACHE": str(tmp_path / "cache")}
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "gazetteer-names-0000beef.sqlite").write_text("an earlier release's index")
    for _ in range(2):  # the first process writes the index, the second only reads it
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env)
        ids, built = out.stdout.splitlines()
        assert built == "0 0 False"  # neither the CSV parsed nor the index built, no pyproj
        [index] = (tmp_path / "cache").iterdir()
        assert index.name.startswith("gazetteer-names-") and index.suffix == ".sqlite"
    from borderwatch.gazetteer import load_gazetteer

    assert ids == str([p.id for p in load_gazetteer().lookup("spin boldak")]) != "[]"


def test_the_disk_index_answers_as_the_in_memory_one(tmp_path, monkeypatch) -> None:
    import random

    from borderwatch import gazetteer as g

    monkeypatch.setenv("BORDERWATCH_CACHE", str(tmp_path))
    whole = g.load_gazetteer()
    names = [*random.Random(7).sample(whole.names(), 500), "Torkham", "D.I. Khan", "no such place"]
    for name in names:
        assert g._indexed_lookup(g.normalize_name(name)) == whole.lookup(name), name
    mine = g.Place("user:x", "Torkham", "village", "PK", 34.0, 71.0, g.GeoPrecision.POINT, "user")
    assert g.lookup("torkham", (mine,)) == [mine] == g.load_gazetteer((mine,)).lookup("Torkham")


def test_a_query_near_a_place_of_the_stores_own_loads_no_polygons(tmp_path) -> None:
    from borderwatch import pipeline, userplaces

    (tmp_path / "a.txt").write_text("Gunmen attacked a post in Zarghunkot village on Monday.", encoding="utf-8")
    db = tmp_path / "store.gpkg"
    pipeline.ingest([tmp_path / "a.txt"], db)
    userplaces.add_place(userplaces.make_place("Zarghunkot", 30.95, 66.45, "village"), db)  # PK: tehsil from polygons
    code = (
        "import sys; from borderwatch.cli import cli\n"
        f"cli(['incidents-near', 'Zarghunkot', '--km', '5', '--db', {str(db)!r}], standalone_mode=False)\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.splitlines()[-1] == "[]"

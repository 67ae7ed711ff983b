"""`places import-geonames`: GeoNames dumps into the store's gazetteer; same-named villages need context."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from borderwatch import store
from borderwatch.cli import cli
from borderwatch.errors import InputError
from borderwatch.geoparse import geoparse
from borderwatch.userplaces import geonames_places, import_geonames


def row(geonameid: int, name: str, lat: float, lon: float, fclass: str, fcode: str, *, alternates: str = "",
        country: str = "PK", population: int = 0) -> str:  # fmt: skip
    cols = [str(geonameid), name, name, alternates, f"{lat}", f"{lon}", fclass, fcode, country, "", "03", "", "",
            "", str(population), "", "1200", "Asia/Karachi", "2024-01-01"]  # fmt: skip
    return "\t".join(cols)


# Invented villages at real coordinates: two of one name in different tehsils, one of its own.
DUMP = [
    row(9000001, "Zarghun Kalay", 32.95, 69.80, "P", "PPL", alternates="Zarghoon Kalay,زرغون کلی"),  # North Waziristan
    row(9000002, "Zarghun Kalay", 34.05, 71.15, "P", "PPL"),  # Khyber
    row(9000003, "Spalga Kot", 33.62, 70.35, "P", "PPL", alternates="Spalgakot"),  # Kurram
    row(9000004, "Tor Ghar Pass", 34.10, 70.90, "T", "PASS"),
    row(9000005, "Kabul", 34.0, 71.0, "P", "PPL"),  # a village named like a city the gazetteer has
    row(9000006, "Some Road", 34.0, 71.0, "R", "RD"),  # roads are not places here
]


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "PK.txt"
    path.write_text("\n".join(DUMP) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def store_with_villages(dump: Path, gpkg_db: Path) -> Path:
    with store.open_store(gpkg_db):
        pass
    assert import_geonames([dump], gpkg_db) == (4, 1)
    return gpkg_db


def test_feature_codes_become_kinds_with_precision_and_latin_aliases(dump: Path) -> None:
    places = {p.id: p for p in geonames_places(dump)}
    assert set(places) == {f"geonames:900000{i}" for i in range(1, 6)}
    village = places["geonames:9000001"]
    assert (village.kind, int(village.precision), village.country) == ("village", 1, "PK")
    assert village.aliases == ("Zarghoon Kalay",)  # the Pashto script name is not matched in English text
    assert village.admin2 == "North Waziristan"  # from the polygons
    assert (places["geonames:9000004"].kind, int(places["geonames:9000004"].precision)) == ("other", 2)


def test_a_zip_reads_like_the_text_inside_it(dump: Path, tmp_path: Path) -> None:
    archive = tmp_path / "PK.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("readme.txt", "not the dump")
        z.write(dump, "PK.txt")
    assert [p.id for p in geonames_places(archive)] == [p.id for p in geonames_places(dump)]


def test_a_file_of_another_format_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("name,lat,lon\n", encoding="utf-8")
    with pytest.raises(InputError, match="19"):
        geonames_places(bad)


def test_a_unique_village_resolves_and_same_named_ones_need_their_tehsil(store_with_villages: Path) -> None:
    with store.open_store(store_with_villages, readonly=True) as st:
        mine = store.user_places(st)

    def found(text: str) -> dict[str, object]:
        return {m.text: m.place for m in geoparse("t", text, user_places=mine)}

    assert found("Drones struck Spalga Kot on Sunday.")["Spalga Kot"].id == "geonames:9000003"
    ambiguous = found("Drones struck Zarghun Kalay on Sunday.")
    assert ambiguous["Zarghun Kalay"] is None  # listed, never guessed
    khyber = found("Drones struck Zarghun Kalay in Khyber district on Sunday.")
    assert khyber["Zarghun Kalay"].id == "geonames:9000002"
    assert found("Kabul said talks would resume.")["Kabul"].kind == "city"  # the shipped Kabul stays


def test_the_command_and_its_speed(dump: Path, gpkg_db: Path, tmp_path: Path) -> None:
    big = tmp_path / "AF.txt"
    rows = [
        row(8000000 + i, f"Kandaw Kalay {i}", 33.0 + i / 10_000, 69.5, "P", "PPL", country="AF") for i in range(2000)
    ]
    big.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with store.open_store(gpkg_db):
        pass
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["places", "import-geonames", str(dump), str(big), "--db", str(gpkg_db)])
    seconds = time.perf_counter() - start
    assert result.exit_code == 0, result.output
    assert "imported 2004 places" in result.output
    assert seconds < 60  # 2,000 rows; the README gives the time per 100,000

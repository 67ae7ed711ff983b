"""Shared fixtures: the seed folder, a fresh store per test on each backend, a real PostGIS server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pgserver import PostgresUnavailable, new_database, temporary_postgres

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture
def gpkg_db(tmp_path: Path) -> Path:
    """A GeoPackage store path that does not exist yet."""
    return tmp_path / "store.gpkg"


BACKENDS = ["gpkg", "postgis"]


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """A fresh, empty store on each backend: a GeoPackage path, then a PostgreSQL URL."""
    return fresh_store(request, tmp_path)


def fresh_store(request: pytest.FixtureRequest, folder: Path) -> Path | str:
    """A new empty store on the backend the fixture is parametrised with (``request.param``)."""
    if request.param == "gpkg":
        return folder / "store.gpkg"
    return new_database(request.getfixturevalue("postgres_server"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL + PostGIS for this test run; its URL without a database name."""
    try:
        with temporary_postgres() as server:
            yield server
    except PostgresUnavailable as e:
        pytest.fail(str(e))


def write(path: Path, text: str | bytes) -> Path:
    """Write a test input file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path

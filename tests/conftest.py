"""Shared fixtures: the repository's seed folder and a fresh store path per test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.gpkg"


def write(path: Path, text: str | bytes) -> Path:
    """Write a test input file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path

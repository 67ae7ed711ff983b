"""The command line: help with examples, one-line errors, tables and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import write

from borderwatch import __version__, store
from borderwatch.cli import cli


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=env)


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"borderwatch {name}" in result.output
    assert cli.commands[name].get_short_help_str(limit=200)


def test_build_prints_summary_and_articles_lists_them(seeds_dir: Path, db: Path | str, tmp_path: Path) -> None:
    result = run("build", str(seeds_dir), "--db", str(db), "--maps-dir", str(tmp_path / "maps"))
    assert result.exit_code == 0, result.output
    assert "5 added, 0 replaced, 0 unchanged" in result.output
    assert "articles" in result.output and "unresolved" in result.output
    listed = run("articles", "--db", str(db), "--json")
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [r["id"] for r in rows] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert rows[2]["published"] == "2023-02-22"
    table = run("articles", "--db", str(db))
    assert table.output.splitlines()[0].split() == ["id", "published", "outlet", "chars", "title"]


def test_db_from_environment(tmp_path: Path) -> None:
    env_db = tmp_path / "env.gpkg"
    result = run("ingest", str(write(tmp_path / "a.txt", "A\nb")), env={"BORDERWATCH_DB": str(env_db)})
    assert result.exit_code == 0
    assert env_db.exists()


def test_changed_article_is_reported(tmp_path: Path, db: Path | str) -> None:
    path = write(tmp_path / "a.txt", "A\nfirst")
    run("ingest", str(path), "--db", str(db))
    write(path, "A\nsecond")
    result = run("ingest", str(path), "--db", str(db))
    assert "0 added, 1 replaced, 0 unchanged" in result.output
    assert "replaced 'a': its text changed" in result.output


def test_library_error_is_one_line_and_exit_1(tmp_path: Path, db: Path | str) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "missing.txt"), "--db", str(db)])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'missing.txt'}: no such file or directory\n"
    assert not store.store_exists(db)


def test_articles_without_store_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["articles", "--db", str(tmp_path / "none.gpkg")])
    assert result.exit_code == 1
    assert "no store here" in result.output

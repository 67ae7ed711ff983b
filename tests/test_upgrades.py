"""Upgrading a store never looks like data loss: commands that only read refuse an older store
and name the command that upgrades it; that command extracts every article again and says so."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from conftest import write

from borderwatch import pipeline, settings
from borderwatch.cli import cli


def set_schema_version(db: Path | str, version: int) -> None:
    """Make the store look written by an older release (its tables are a superset: harmless)."""
    sql = "UPDATE borderwatch_schema SET value = ? WHERE key = 'schema_version'"
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as con:
            con.execute(sql.replace("?", "%s").replace("borderwatch_schema", "borderwatch.borderwatch_schema"),
                        (str(version),))  # fmt: skip
        return
    con = sqlite3.connect(db)
    with con:
        con.execute(sql, (str(version),))
    con.close()


def fingerprint(db: Path | str) -> str:
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db) as con:
            rows = con.execute("SELECT key, value FROM borderwatch.borderwatch_schema ORDER BY key").fetchall()
            rows += con.execute("SELECT article_id, extractor FROM borderwatch.articles ORDER BY 1").fetchall()
        return repr(rows)
    return hashlib.sha256(Path(db).read_bytes()).hexdigest()


def test_reading_commands_do_not_migrate_and_resolve_brings_everything_back(db: Path | str, tmp_path: Path) -> None:
    paths = [write(tmp_path / "a.txt", "A\ndate: 2023-02-20\n\nShelling hit Landi Kotal on Monday, killing two.\n"),
             write(tmp_path / "b.txt", "B\ndate: 2023-02-21\n\nA blast hit Quetta on Tuesday.\n")]  # fmt: skip
    pipeline.ingest(paths, db)
    runner = CliRunner()
    before = runner.invoke(cli, ["incidents", "--db", str(db), "--json"]).output
    assert before.strip()
    set_schema_version(db, settings.SCHEMA_VERSION - 1)
    unchanged = fingerprint(db)
    for command in (["articles"], ["incidents"], ["segments"], ["incidents-near", "Torkham"]):
        done = runner.invoke(cli, [*command, "--db", str(db)])
        assert done.exit_code == 1, (command, done.output)
        assert "written by an older borderwatch" in done.output
        assert "run 'borderwatch resolve'" in done.output
        assert len(done.output.strip().splitlines()) == 1
    assert fingerprint(db) == unchanged
    resolved = runner.invoke(cli, ["resolve", "--db", str(db)])
    assert resolved.exit_code == 0, resolved.output
    assert resolved.output.strip().splitlines()[-1] == "resolved 2 articles again"
    assert runner.invoke(cli, ["incidents", "--db", str(db), "--json"]).output == before

"""Operating-system errors in real processes with real file modes: a read-only store, unwritable
output folders, a full disk. Each is one line naming the path, exit 1, no traceback, and the store
and the output folder are left exactly as they were.

Root may write anything, so as root the commands run as the unprivileged user ``nobody``."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import site
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, write

from borderwatch import pipeline

ARTICLE = "Shelling hit Landi Kotal\ndate: 2023-02-20\n\nShelling hit Landi Kotal on Monday, killing two people.\n"


def _unprivileged_python() -> list[str]:
    """A command prefix that runs this Python's borderwatch as a user the file modes apply to."""
    if os.geteuid() != 0:
        return [sys.executable]
    runuser = shutil.which("runuser")
    if runuser is None:
        pytest.skip("running as root and runuser is missing: no unprivileged user to run the commands as")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), *site.getsitepackages()]), "HOME": "/tmp"}
    # this interpreter may live where 'nobody' cannot reach (/root/.pyenv); the system one of the
    # same version reads the same packages
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    for python in (sys.executable, f"/usr/bin/python{version}", f"/usr/local/bin/python{version}"):
        command = [runuser, "-u", "nobody", "--", "env", f"PYTHONPATH={env['PYTHONPATH']}", "HOME=/tmp", python]
        probe = subprocess.run([*command, "-c", "import borderwatch.cli"], capture_output=True, env=env)
        if probe.returncode == 0:
            return command
    pytest.skip(f"running as root and user 'nobody' can run no Python {version} that imports borderwatch")


@pytest.fixture(scope="module")
def python() -> list[str]:
    return _unprivileged_python()


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder everyone can reach (pytest's own is private to root), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="bw-perm-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def borderwatch(python: list[str], *args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([*python, "-m", "borderwatch", *args], capture_output=True, text=True, **options)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(done: subprocess.CompletedProcess, *mentions: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.strip()]
    assert line.startswith("Error: ")
    for mention in mentions:
        assert mention in line, line


def test_read_only_store_answers_queries_and_refuses_writes_in_one_line(python: list[str], folder: Path) -> None:
    db = folder / "store.gpkg"
    pipeline.ingest([write(folder / "a.txt", ARTICLE)], db)
    db.chmod(0o644)  # root's file in root's folder: others may read, not write
    before = digest(db)
    listed = borderwatch(python, "incidents", "--db", str(db))
    assert listed.returncode == 0, listed.stderr
    assert "1 incident" in listed.stdout
    added = borderwatch(python, "places", "add", "Kot Ghar", "--lat", "34.1", "--lon", "71.1", "--kind", "village",
                        "--db", str(db))  # fmt: skip
    assert_one_line_error(added, str(db), "readonly")
    assert digest(db) == before
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "store.gpkg"]


def test_build_into_an_unwritable_maps_folder_changes_nothing(python: list[str], folder: Path) -> None:
    folder.chmod(0o777)
    db, maps = folder / "store.gpkg", folder / "maps"
    pipeline.ingest([write(folder / "in" / "a.txt", ARTICLE)], db)
    db.chmod(0o666)  # the store is writable by all, the maps folder by root only
    maps.mkdir(mode=0o755)
    before = digest(db)
    article = write(folder / "in2" / "b.txt", "B\nA blast hit Quetta.")
    built = borderwatch(python, "build", str(article), "--db", str(db), "--maps-dir", str(maps))
    assert_one_line_error(built, str(maps / "incidents.geojson"), "Permission denied")
    assert digest(db) == before  # the article was not committed either
    assert list(maps.iterdir()) == []
    assert not Path(f"{db}-wal").exists()


def test_export_into_an_unwritable_folder_names_the_file(python: list[str], folder: Path) -> None:
    db, target = folder / "store.gpkg", folder / "out" / "x.csv"  # in root's folder, not there yet
    pipeline.ingest([write(folder / "a.txt", ARTICLE)], db)
    done = borderwatch(python, "export", "--format", "csv", "--out", str(target), "--db", str(db))
    assert_one_line_error(done, str(target), "Permission denied")
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "store.gpkg"]


def _file_size_limit(limit: int):
    def apply() -> None:  # in the child: a write past ``limit`` bytes fails with EFBIG, like a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_while_writing_the_map_leaves_store_and_maps_as_they_were(tmp_path: Path) -> None:
    db, maps = tmp_path / "store.gpkg", tmp_path / "maps"
    pipeline.ingest([write(tmp_path / "a.txt", ARTICLE)], db)
    before = digest(db)
    article = write(tmp_path / "in" / "b.txt", "B\nA blast hit Quetta.")
    limit = db.stat().st_size * 2  # room for the store, not for the map page (a megabyte of scripts)
    done = borderwatch([sys.executable], "build", str(article), "--db", str(db), "--maps-dir", str(maps),
                       preexec_fn=_file_size_limit(limit))  # fmt: skip
    assert_one_line_error(done, str(maps / "borderwatch.html"), "File too large")
    assert digest(db) == before
    assert list(maps.iterdir()) == []


def test_a_postgis_role_that_may_only_read_gets_one_line_and_changes_nothing(
    postgres_server: str, tmp_path: Path
) -> None:
    import psycopg
    from click.testing import CliRunner
    from conftest import new_database

    from borderwatch.cli import cli

    url = new_database(postgres_server)
    pipeline.ingest([write(tmp_path / "a.txt", ARTICLE)], url)
    with psycopg.connect(url, autocommit=True) as con:
        con.execute("DO $$ BEGIN CREATE ROLE bw_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        con.execute("GRANT USAGE ON SCHEMA borderwatch TO bw_reader")
        con.execute("GRANT SELECT ON ALL TABLES IN SCHEMA borderwatch TO bw_reader")
        before = con.execute("SELECT COUNT(*) FROM borderwatch.user_places").fetchone()
    reader = url.replace("postgresql://postgres@", "postgresql://bw_reader@")
    listed = CliRunner().invoke(cli, ["incidents", "--db", reader])
    assert listed.exit_code == 0, listed.output
    added = CliRunner().invoke(cli, ["places", "add", "Kot Ghar", "--lat", "34.1", "--lon", "71.1", "--kind",
                                     "village", "--db", reader])  # fmt: skip
    assert added.exit_code == 1
    assert added.output.startswith("Error: ") and "permission denied" in added.output
    assert len(added.output.strip().splitlines()) == 1
    with psycopg.connect(url) as con:
        assert con.execute("SELECT COUNT(*) FROM borderwatch.user_places").fetchone() == before


def test_read_only_store_lists_its_places_and_unresolved_names(python: list[str], folder: Path) -> None:
    from borderwatch import userplaces

    db = folder / "store.gpkg"
    pipeline.ingest([write(folder / "a.txt", ARTICLE + "Gunmen attacked a post in Zarghunkot village.\n")], db)
    userplaces.add_place(userplaces.make_place("Kot Ghar", 34.1, 71.1, "village"), db)
    db.chmod(0o644)  # root's file in root's folder (0o755): others may read neither write the file nor the folder
    before = digest(db)
    todo = borderwatch(python, "unresolved", "--db", str(db), "--format", "csv")
    assert todo.returncode == 0, todo.stderr
    assert "zarghunkot" in todo.stdout
    mine = borderwatch(python, "places", "list", "--db", str(db), "--json")
    assert mine.returncode == 0, mine.stderr
    assert '"name": "Kot Ghar"' in mine.stdout
    assert digest(db) == before
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt", "store.gpkg"]

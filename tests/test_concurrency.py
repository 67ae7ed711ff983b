"""Commands at once on one store, in real processes: writers queue (and give up after --wait with
one line), readers never fail while a writer works. Run on a GeoPackage and on PostGIS."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import write

from borderwatch import pipeline, userplaces

# A writer that holds the store's write lock for a while, with a transaction big enough that
# SQLite's rollback journal would have to lock readers out (its page cache spills to the file).
HOLDER = """
import sys, time
from borderwatch import store
with store.open_store(sys.argv[1]) as st:
    if st.backend == "gpkg":
        st.execute("PRAGMA cache_size = 1")
    for i in range(200):
        st.execute("INSERT INTO geocode_cache (service, query, found) VALUES (?, ?, 0)", ("hold", "x" * 20000 + str(i)))
    print("holding", flush=True)
    sys.stdin.readline()  # until the test lets go
"""


def borderwatch(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "borderwatch", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_readers_never_fail_and_writers_wait_for_a_writer(db: Path | str, tmp_path: Path) -> None:
    pipeline.ingest([write(tmp_path / "a.txt", "A\nShelling hit Landi Kotal on Monday, 20 February 2023.")], db)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        reader = borderwatch("incidents", "--db", str(db))
        impatient = borderwatch("places", "add", "Kot Ghar", "--lat", "34.1", "--lon", "71.1", "--kind", "village",
                                "--db", str(db), "--wait", "1")  # fmt: skip
        patient = borderwatch("places", "add", "Kot Ghar", "--lat", "34.1", "--lon", "71.1", "--kind", "village",
                              "--db", str(db))  # fmt: skip
        out, err = reader.communicate(timeout=60)  # while the writer holds the lock
        assert reader.returncode == 0, err
        assert "1 incident" in out
        out, err = impatient.communicate(timeout=60)
        assert impatient.returncode == 1
        assert err.count("waiting up to 1 s") == 1  # said once
        assert err.strip().splitlines()[-1].startswith("Error: ")
        assert "still writing to the store after 1 s" in err and "Traceback" not in err
        assert patient.poll() is None  # still waiting
        holder.stdin.write("\n")
        holder.stdin.flush()
        out, err = patient.communicate(timeout=120)
        assert patient.returncode == 0, err
        assert "added 'Kot Ghar'" in out
        assert err.count("waiting up to 300 s") == 1
    finally:
        holder.communicate(timeout=60)
    assert holder.returncode == 0
    assert [p.name for p in userplaces.list_places(db)] == ["Kot Ghar"]


def test_geopackage_is_in_wal_mode_and_gdal_reads_it(gpkg_db: Path, tmp_path: Path) -> None:
    import pyogrio

    pipeline.ingest([write(tmp_path / "a.txt", "A\nShelling hit Landi Kotal on Monday.")], gpkg_db)
    assert not Path(f"{gpkg_db}-wal").exists()  # checkpointed when the command ended: one file at rest
    con = sqlite3.connect(gpkg_db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    assert "incidents" in dict(pyogrio.list_layers(gpkg_db))
    assert len(pyogrio.read_dataframe(gpkg_db, layer="incidents")) >= 1

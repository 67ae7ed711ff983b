"""Parallel extraction, in processes and on a Dask LocalCluster, gives exactly what serial gives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from borderwatch import pipeline

TABLES = ("articles", "mentions", "incidents", "incident_sources", "events", "event_sources")


def content(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY fid").fetchall() for t in TABLES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    extra = tmp_path_factory.mktemp("extra")
    for i, place in enumerate(["Chaman", "Torkham", "Miran Shah", "Zhob", "Khost", "Bajaur", "Kurram", "Tank"]):
        (extra / f"x{i}.txt").write_text(
            f"date 2024-0{i % 9 + 1}-15 Gunmen attacked a checkpost in {place} on Monday, killing {i + 1}. "
            f"Security forces launched an operation in {place} district on Tuesday.",
            encoding="utf-8",
        )
    return [root / "seeds", extra]


@pytest.fixture(scope="module")
def serial(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict:
    db = tmp_path_factory.mktemp("serial") / "s.gpkg"
    pipeline.ingest(corpus, db)
    return content(db)


def test_worker_processes_give_the_serial_result(
    corpus: list[Path], serial: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent import futures

    pools = []
    real_pool = futures.ProcessPoolExecutor

    def counting_pool(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(futures, "ProcessPoolExecutor", counting_pool)
    db = tmp_path / "p.gpkg"
    pipeline.ingest(corpus, db, workers=2)
    assert pools == [2]  # the extraction really ran in a pool of two processes
    assert content(db) == serial
    assert len(serial["incidents"]) > 10


def test_dask_local_cluster_gives_the_serial_result(corpus: list[Path], serial: dict, tmp_path: Path) -> None:
    from dask.distributed import Client, LocalCluster

    db = tmp_path / "d.gpkg"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        pipeline.ingest(corpus, db, scheduler=cluster.scheduler_address)
        with Client(cluster) as client:
            prefixes = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.task_prefixes))
    assert "extract_batch" in prefixes  # the cluster did the extraction (Dask drops the leading _)
    assert content(db) == serial


def test_resolve_in_parallel_changes_nothing_when_nothing_changed(corpus: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "r.gpkg"
    pipeline.ingest(corpus, db)
    before = content(db)
    assert pipeline.resolve(db, rebuild=True, workers=2) == len(before["articles"])
    after = content(db)
    for table in ("articles", "events"):
        assert [row[1:] for row in after[table]] == [row[1:] for row in before[table]]


def events_content(db: Path) -> list[tuple]:
    """Events and their sources, whatever order they were written in."""
    with sqlite3.connect(db) as con:
        events = sorted(row[1:] for row in con.execute("SELECT * FROM events"))
        sources = sorted(row[1:] for row in con.execute("SELECT * FROM event_sources"))
    return events + sources


def test_shuffled_one_by_one_ingests_in_two_workers_give_the_serial_events(
    corpus: list[Path], serial: dict, tmp_path: Path
) -> None:
    import random

    files = sorted(p for folder in corpus for p in folder.iterdir() if p.suffix == ".txt")
    random.Random(17).shuffle(files)
    db = tmp_path / "shuffled.gpkg"
    pipeline.ingest(files[:4], db, workers=2)
    for path in files[4:]:  # every later ingest re-merges only what its reports touch
        pipeline.ingest([path], db)
    with sqlite3.connect(db) as con:
        assert sorted(r[1:] for r in con.execute("SELECT * FROM incidents")) == sorted(
            r[1:] for r in serial["incidents"]
        )
    once = tmp_path / "once.gpkg"
    pipeline.ingest(corpus, once)
    assert events_content(db) == events_content(once)
    from borderwatch import store

    with store.open_store(db) as st:  # and a merge from scratch agrees
        pipeline.rebuild_events(st)
    assert events_content(db) == events_content(once)


def test_an_ingest_re_merges_only_what_its_reports_touch(
    corpus: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from borderwatch import merge

    db = tmp_path / "inc.gpkg"
    pipeline.ingest(corpus, db)
    with sqlite3.connect(db) as con:
        n_events = con.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    summarised = []
    real = merge.summarise
    monkeypatch.setattr(merge, "summarise", lambda group, reasons=(): summarised.append(group) or real(group, reasons))
    new = tmp_path / "new.txt"
    new.write_text("date 2024-03-16 Gunmen attacked a checkpost in Chaman on Friday, killing 2.", encoding="utf-8")
    pipeline.ingest([new], db)
    assert 1 <= len(summarised) <= 3 < n_events
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM events").fetchone()[0] >= n_events

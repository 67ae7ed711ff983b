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

"""Merged events are summarised and written a chunk at a time (a million reports' full rows are never
held at once): the store is the same whatever the chunk size, from scratch and incrementally."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from borderwatch import pipeline, store


def write_articles(folder: Path, days: range) -> None:
    folder.mkdir(exist_ok=True)
    for k in days:
        for outlet in ("a", "b"):  # two outlets a report each: events of two sources
            (folder / f"{outlet}{k:02d}.txt").write_text(
                f"date 2024-05-{k:02d}\nChaman clash\n\nPakistani and Afghan border forces clashed in Chaman on "
                f"{k} May 2024, killing {k} people, officials said.\n",
                encoding="utf-8",
            )


def events(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return sorted(con.execute("SELECT event_id, type, date, fatalities, n_sources FROM events")) + sorted(
            con.execute("SELECT event_id, incident_id FROM event_sources")
        )


@pytest.mark.parametrize("chunk", [1, 3])
def test_events_written_in_chunks_are_the_events_written_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    folder = tmp_path / "in"
    write_articles(folder, range(1, 9))
    once = tmp_path / "once.gpkg"
    pipeline.ingest([folder], once)
    assert len([row for row in events(once) if len(row) == 5]) == 8  # eight days, two sources each

    monkeypatch.setattr(pipeline, "EVENTS_PER_WRITE", chunk)
    chunked = tmp_path / "chunked.gpkg"
    pipeline.ingest([folder], chunked)
    assert events(chunked) == events(once)
    with store.open_store(chunked) as st:
        assert pipeline.rebuild_events(st) == 8
    assert events(chunked) == events(once)

    later = tmp_path / "later"  # an incremental ingest in chunks keeps every other event as it was
    write_articles(later, range(9, 12))
    pipeline.ingest([later], chunked)
    monkeypatch.setattr(pipeline, "EVENTS_PER_WRITE", 20_000)
    pipeline.ingest([later], once)
    assert events(chunked) == events(once)
    assert len([row for row in events(once) if len(row) == 5]) == 11


def test_an_emptied_store_has_no_events_left(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_articles(folder, range(1, 3))
    db = tmp_path / "s.gpkg"
    pipeline.ingest([folder], db)
    with store.open_store(db) as st:
        st.execute("DELETE FROM incidents")
        assert pipeline.rebuild_events(st) == 0
    assert events(db) == []

"""Run every borderwatch benchmark and print its figures: `python benchmarks/run.py [NAME...]`."""

from __future__ import annotations

import argparse
import datetime
import gc
import importlib
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeMemory:
    """Peak memory of this process and all its descendants (worker processes, Dask workers),
    sampled from /proc every 0.2 s while the ``with`` block runs.

    Each process counts its proportional set size (PSS): a page that forked processes share is
    divided among them, not counted once per process as resident size (RSS) would.
    """

    def __enter__(self) -> TreeMemory:
        import threading

        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import os

        page_mb = os.sysconf("SC_PAGE_SIZE") / 1e6
        while not self._stop.wait(0.2):
            children: dict[int, list[int]] = {}
            rss: dict[int, float] = {}
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    except OSError:
                        continue
                    children.setdefault(int(stat[1]), []).append(int(entry.name))
                    rss[int(entry.name)] = int(stat[21]) * page_mb
            total, todo = 0.0, [os.getpid()]
            while todo:
                pid = todo.pop()
                total += _pss_mb(pid, rss.get(pid, 0.0))
                todo += children.get(pid, [])
            self.peak_mb = max(self.peak_mb, total)


def _pss_mb(pid: int, rss_mb: float) -> float:
    """Proportional set size of a process in MB (its RSS where the kernel does not say)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return rss_mb


def bench_gazetteer() -> None:
    """Gazetteer and border load time (cold, in a fresh process), lookups per second, file sizes."""
    code = (
        "import time; t=time.perf_counter();"
        "from borderwatch.gazetteer import load_gazetteer; from borderwatch.border import border_line, border_segments;"
        "load_gazetteer(); a=time.perf_counter(); border_line(); border_segments(); b=time.perf_counter();"
        "print(f'{a-t:.3f} {b-a:.3f}')"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO)
    gaz_s, border_s = (float(x) for x in out.stdout.split())
    print(f"gazetteer load (cold process, import included): {gaz_s * 1000:.0f} ms")
    # what a query from the shell pays: one name, from the on-disk index (written by the first run)
    one = (
        "import time; t=time.perf_counter(); from borderwatch.gazetteer import lookup; lookup('Torkham');"
        "print(f'{time.perf_counter()-t:.4f}')"
    )
    env = _installed_env(REPO / "benchmarks" / "out")
    cold = [float(subprocess.run([sys.executable, "-c", one], check=True, capture_output=True, text=True, cwd=REPO,
                                 env=env).stdout) for _ in range(6)][1:]  # fmt: skip
    median_ms = statistics.median(cold) * 1000
    print(f"one name looked up (cold process, import included, on-disk index): median {median_ms:.0f} ms")
    print(f"border line + segments load:                    {border_s * 1000:.0f} ms")
    from borderwatch.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    names = [n for p in gazetteer.places for n in (p.name, *p.aliases)]
    random.seed(1)
    sample = [random.choice(names) for _ in range(100_000)]
    gc.collect()
    start = time.perf_counter()
    for name in sample:
        gazetteer.lookup(name)
    elapsed = time.perf_counter() - start
    print(
        f"lookups: {len(sample) / elapsed:,.0f} per second "
        f"({len(gazetteer.places):,} places, {len(gazetteer.index):,} keys)"
    )
    for path in sorted((REPO / "geo").iterdir()):
        print(f"  geo/{path.name:<20} {path.stat().st_size / 1024:8.0f} KB")


def synthetic_corpus(n: int, sentences_per_article: int = 12) -> list[str]:
    """Articles made by recombining sentences of the seeds and, when present, the dev set."""
    import json
    import re

    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    dev = REPO.parent / "shared" / "eval" / "dev" / "articles.jsonl"
    if dev.exists():
        texts += [json.loads(line)["text"] for line in dev.read_text(encoding="utf-8").splitlines() if line]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s) > 20]
    rng = random.Random(7)
    return [" ".join(rng.choices(sentences, k=sentences_per_article)) for _ in range(n)]


def _rates(work: Callable[[], int], items: int, passes: int = 3) -> tuple[list[float], int]:
    """Items per CPU second of each of ``passes`` runs of ``work`` (which returns a count)."""
    rates, count = [], 0
    for _ in range(passes):
        start = time.process_time()
        count = work()
        rates.append(items / (time.process_time() - start))
    return rates, count


def _rate_line(what: str, rates: list[float]) -> str:
    # the machine's speed drifts by +-20% from minute to minute: show the first pass and the spread
    return (
        f"{what}: {statistics.median(rates):,.0f} articles/s median of {len(rates)} passes "
        f"(first {rates[0]:,.0f}, best {max(rates):,.0f}; CPU time, one core)"
    )


def bench_geoparse() -> None:
    """Geoparse 10,000 synthetic articles on one core, three passes: articles per second."""
    from borderwatch.geoparse import geoparse

    corpus = synthetic_corpus(10_000)
    geoparse("warm-up", corpus[0])  # builds the automaton once
    rates, mentions = _rates(lambda: sum(len(geoparse(str(i), text)) for i, text in enumerate(corpus)), len(corpus))
    chars = sum(map(len, corpus)) / len(corpus)
    print(_rate_line(f"geoparse of {chars:,.0f}-character articles", rates))
    print(f"mentions: {mentions:,} ({mentions / len(corpus):.1f} per article)")


def bench_extract() -> None:
    """Geoparse + incidents on 10,000 synthetic articles on one core, three passes: articles per second."""
    from borderwatch.model import Article
    from borderwatch.pipeline import extract

    corpus = synthetic_corpus(10_000)
    articles = [Article(str(i), t, t[:40], "bench", published=None) for i, t in enumerate(corpus)]
    extract(articles[0])
    rates, incidents = _rates(lambda: sum(len(extract(a).incidents) for a in articles), len(articles))
    print(_rate_line("geoparse + incidents", rates))
    print(f"incidents: {incidents:,} ({incidents / len(articles):.1f} per article)")


def synthetic_events(n: int) -> list[Any]:
    """``n`` merged incidents at jittered gazetteer places of AF and PK, as ``write_events`` takes them."""
    from types import SimpleNamespace

    from borderwatch.gazetteer import load_gazetteer

    rng = random.Random(11)
    places = [p for p in load_gazetteer().places if p.country in ("AF", "PK", "AF/PK")]
    types = ["clash", "attack", "airstrike", "operation", "closure", "talks"]
    events = []
    for k in range(n):
        place = rng.choice(places)
        fields = {
            "type": rng.choice(types), "event_type": None, "sub_event_type": None,
            "date": f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "date_precision": "day", "date_note": "", "place": place.name, "gazetteer_id": place.id,
            "lat": place.lat + rng.uniform(-0.05, 0.05), "lon": place.lon + rng.uniform(-0.05, 0.05),
            "geo_precision": int(place.precision), "fatalities": rng.randint(0, 5), "fatalities_low": None,
            "fatalities_high": None, "injured": None, "attackers_killed": None, "missing": None, "abducted": None,
            "actors": [], "evidence": f"synthetic incident {k}",
            "role": "main", "segment_id": None, "segment_name": None, "distance_km": None, "side": None,
            "border_zone": None, "nearest_crossing": None, "crossing_km": None, "n_sources": 1,
            "merge_reason": "single report",
        }  # fmt: skip
        events.append(SimpleNamespace(id=f"evt-{k:08d}", fields=fields, reports=[]))
    return events


def _near_latencies(db: Path | str, runs: int = 200) -> str:
    import statistics

    from borderwatch.query import incidents_near

    places = ["Torkham", "Chaman", "Peshawar", "Khost", "Miran Shah", "Quetta", "Jalalabad", "34.0,71.0"]
    assert incidents_near("Torkham", 25, db=db), "the synthetic store has no incident near Torkham"
    # (the call above also warms caches, as a long-running process would be)
    timings, counts = [], []
    for i in range(runs):
        start = time.perf_counter()
        counts.append(len(incidents_near(places[i % len(places)], 25, db=db)))
        timings.append(time.perf_counter() - start)
    timings.sort()
    return (
        f"p50 {statistics.median(timings) * 1000:6.1f} ms, p95 {timings[int(len(timings) * 0.95)] * 1000:6.1f} ms,"
        f" {statistics.mean(counts):,.0f} incidents per answer"
    )


def bench_near() -> None:
    """incidents_near (25 km) on 100,000 and 1,000,000 merged incidents: GeoPackage vs PostGIS; CLI end to end."""
    from pgserver import new_database, temporary_postgres  # the tests' throwaway PostgreSQL

    from borderwatch import settings, store

    out = REPO / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    with temporary_postgres() as server:
        for n in (100_000, 1_000_000):
            events = synthetic_events(n)
            # one file per schema: a store of an older schema would be migrated, not rebuilt
            gpkg_db = out / f"near-{n}-schema{settings.SCHEMA_VERSION}.gpkg"
            pg_db = new_database(server)
            for db in (gpkg_db, pg_db):
                if isinstance(db, Path) and db.exists():
                    continue
                start = time.perf_counter()
                with store.open_store(db) as st:
                    store.write_events(st, events)
                print(
                    f"{n:>9,} incidents written to {store.store_label(db)[:40]} in {time.perf_counter() - start:.0f} s"
                )
            del events
            print(f"{n:>9,} incidents, GeoPackage: {_near_latencies(gpkg_db)}", flush=True)
            print(f"{n:>9,} incidents, PostGIS:    {_near_latencies(pg_db)}", flush=True)
            if n == 100_000:
                label = "borderwatch incidents-near Torkham --km 25 (CLI, end to end, 100,000, GeoPackage)"
                print(f"{label}: {_cli_near(gpkg_db)}", flush=True)


def _installed_env(cache: Path) -> dict[str, str]:
    """The environment of a command run as an installed tool runs: bytecode compiled once and kept
    (this checkout's environment may forbid writing it), the gazetteer's name index in ``cache``."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(cache / "pycache"), "BORDERWATCH_CACHE": str(cache / "borderwatch")}


def _child_cpu(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one run of ``command`` in a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, cwd=REPO, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def _cli_near(db: Path, runs: int = 9) -> str:
    """Median wall and CPU time of ``incidents-near Torkham --km 25`` as a command, after one run
    that compiles the bytecode and writes the gazetteer's name index (as the first use after install does)."""
    env = _installed_env(REPO / "benchmarks" / "out")
    command = [sys.executable, "-m", "borderwatch", "incidents-near", "Torkham", "--km", "25", "--db", str(db)]
    first = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=REPO, env=env)
    first = time.perf_counter() - first
    walls, cpus = [], []
    for _ in range(runs):
        start = time.perf_counter()
        cpus.append(_child_cpu(command, env))
        walls.append(time.perf_counter() - start)
    return (f"median {statistics.median(walls):.3f} s wall, {statistics.median(cpus):.3f} s CPU (of {runs};"
            f" target <= 0.25 s); first run {first:.2f} s")  # fmt: skip


def merge_reports(n: int, seed: int = 5) -> Iterator[dict[str, Any]]:
    """``n`` synthetic reports in id order: events told by 1-4 outlets (a later one may revise the
    toll, leave the date out, borrow its article's date a day later, or state a day later: an
    event of its own), runs of daily events at five busy crossings, district-level copies."""
    from borderwatch.gazetteer import load_gazetteer

    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    places = [p for p in gazetteer.places if p.country in ("AF", "PK", "AF/PK")]
    busy = [p for p in places if p.kind == "crossing"][:5]
    types = ["clash", "attack", "airstrike", "operation", "closure", "talks"]
    made, event = 0, 0
    while made < n:
        place = rng.choice(busy) if rng.random() < 0.3 else rng.choice(places)
        kind = rng.choice(types)
        day = rng.randint(738_000, 739_800)  # 2021-07 .. 2026-06
        toll = rng.choice([None, 0, 1, 2, 3, 5, 8, 12])
        for outlet in range(rng.randint(1, 4)):
            if made >= n:
                break
            odd = rng.random() if outlet > 0 else 1.0
            undated, borrowed, later = odd < 0.1, 0.1 <= odd < 0.15, 0.15 <= odd < 0.2
            revised = toll + rng.randint(0, 2) if toll and outlet > 0 else toll
            iso = datetime.date.fromordinal(day + (borrowed or later)).isoformat()
            note = "no date in its sentence: that of the article's lead" if borrowed else ""
            yield {
                "id": f"r{made:07d}", "article_id": f"a{event}-{outlet}", "type": kind,
                "date": None if undated else iso, "date_precision": "unknown" if undated else "day",
                "date_note": note, "place": place.name, "gazetteer_id": place.id, "lat": place.lat,
                "lon": place.lon, "geo_precision": int(place.precision), "actors": [],
                "evidence": f"{kind} at {place.name}, {revised} dead (event {event})", "fatalities": revised,
                "injured": None, "role": "main", "published": iso, "admin1": place.admin1, "admin2": place.admin2,
            }  # fmt: skip
            made += 1
        event += 1


def _spans(events: list[Any]) -> tuple[Counter[str], Counter[str], int]:
    """Reports per event, and days per event (from the first to the last day its reports' own
    dates cover; borrowed dates aside where any is its own), as distributions; and the events
    longer than their reports state: whose own dates share no day, or with a borrowed date (the
    lead's, the publication's) more than a day off the days they share."""
    from borderwatch.merge import borrowed
    from borderwatch.query import date_range

    sizes: Counter[str] = Counter()
    spans: Counter[str] = Counter()
    longer = 0
    for e in events:
        sizes[str(len(e.reports)) if len(e.reports) < 5 else "5+"] += 1
        own, lent = [], []
        for r in e.reports:
            days = date_range(r["date"], r["date_precision"])
            if days:
                (lent if borrowed(r.get("date_note")) else own).append(days)
        if not own and not lent:
            spans["undated"] += 1
            continue
        told = own or lent
        days = (max(r[1] for r in told) - min(r[0] for r in told)).days + 1
        spans[str(days) if days < 4 else "4+"] += 1
        first, last = max(r[0] for r in told), min(r[1] for r in told)  # the days every one of them holds
        if own:
            longer += first > last or any((r[0] - last).days > 1 or (first - r[1]).days > 1 for r in lent)
        else:
            longer += (first - last).days > 1
    return sizes, spans, longer


def bench_merge() -> None:
    """Merge 100,000 synthetic reports from scratch: time, peak memory, events' sizes and spans."""
    from borderwatch.merge import merge_incidents

    reports = list(merge_reports(100_000))
    before = peak_rss_mb()
    start = time.perf_counter()
    merged = merge_incidents(reports)
    elapsed = time.perf_counter() - start
    print(f"merge of {len(reports):,} reports: {elapsed:.1f} s, {len(merged):,} incidents")
    print(f"peak memory of the process: {peak_rss_mb():,.0f} MB ({before:,.0f} MB before the merge)")
    sizes, spans, longer = _spans(merged)
    print("reports per incident: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(sizes.items())))
    print("days per incident:    " + ", ".join(f"{k}: {v:,}" for k, v in sorted(spans.items())))
    print(
        f"incidents longer than their reports state (own dates sharing no day, or a borrowed one a day off them): "
        f"{longer}"
    )


def million() -> None:
    """The million-report merge, in a process of its own so that its peak memory is its own."""
    from borderwatch import merge

    start = time.perf_counter()
    records = [merge.record(r) for r in merge_reports(1_000_000)]  # compact records; rows not kept
    read = time.perf_counter() - start
    groups = merge.cluster_all(records, merge.constraints(records))
    elapsed = time.perf_counter() - start
    joined = sum(len(g) for g, _ in groups if len(g) > 1)
    print(f"merge of {len(records):,} reports from scratch: {elapsed:.0f} s ({read:.0f} s to make the records), "
          f"{len(groups):,} incidents, {joined:,} reports in merged ones")  # fmt: skip
    print(f"peak memory of the merging process: {peak_rss_mb():,.0f} MB (RSS)")


def bench_million() -> None:
    """Merge 1,000,000 synthetic reports from scratch (clustering on compact records): time, peak memory."""
    code = "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import run; run.million()"
    subprocess.run([sys.executable, "-c", code, str(REPO / "benchmarks"), str(REPO)], check=True)


def incremental_articles(
    n: int, start: int, seed: int, days: tuple[int, int] = (738_500, 739_600)
) -> list[dict[str, Any]]:
    """Short synthetic articles: events at border places told by 1-3 outlets in their own words,
    on days between ``days`` (ordinals; three years by default)."""
    from borderwatch.gazetteer import load_gazetteer

    rng = random.Random(seed)
    places = [p for p in load_gazetteer().places if p.country in ("PK", "AF/PK") and p.kind in ("crossing", "town")]
    places = places[:150]
    words = [
        "Pakistani and Afghan border forces clashed in {p} on {d}, killing {k} people, officials said.",
        "Security officials said {k} people died when troops exchanged fire in {p} on {d}.",
        "Gunmen attacked a checkpost in {p} on {d}, killing {k} soldiers.",
        "Authorities closed the border crossing at {p} on {d} after a dispute over fencing.",
    ]
    out = []
    while len(out) < n:
        place, day = rng.choice(places), datetime.date.fromordinal(rng.randint(*days))
        template, toll = rng.choice(words), rng.randint(1, 9)
        for outlet in range(rng.randint(1, 3)):
            text = template.format(p=place.name, d=f"{day.day} {day:%B %Y}", k=toll)
            out.append({"id": f"art{start + len(out):07d}", "published": day.isoformat(), "outlet": f"o{outlet}",
                        "title": f"{place.name} {day}", "text": text})  # fmt: skip
    return out[:n]


def bench_incremental(n: int = 100_000, added: int = 1_000, runs: int = 3) -> None:
    """Add 1,000 articles to a store of 100,000 (ingest, extract, store, merge): time (median of 3,
    each into a fresh copy of the store), where it goes, and what was merged again."""
    import shutil
    import tempfile

    from borderwatch import merge, pipeline, store
    from borderwatch.model import Article

    # the stages of an ingest, timed by wrapping the functions the pipeline calls (a generator's time
    # is that of its steps); merge sub-stages run inside "merge"
    stages = [(pipeline, "_read", "read files"), (store, "write_articles", "store articles"),
              (store, "write_article", "store articles"), (pipeline, "extract_many", "extract"),
              (store, "write_extractions", "store extraction"), (store, "write_extraction", "store extraction"),
              (pipeline, "update_events", "merge")]  # fmt: skip
    merge_stages = [(store, "reports_for_clustering", "read reports"), (merge, "record", "records"),
                    (store, "event_memberships", "memberships"), (store, "events_that_lost_reports", "lost reports"),
                    (merge, "constraints", "identical groups"), (merge, "component", "walk"),
                    (merge, "cluster_component", "cluster"), (store, "reports_by_id", "full rows"),
                    (merge, "summarise", "summarise"), (store, "replace_events", "write events")]  # fmt: skip
    spent: dict[str, list[float]] = {}

    def timing(owner: Any, name: str, label: str) -> Callable[[], None]:
        real = getattr(owner, name, None)
        if real is None:
            return lambda: None  # a stage of another release's pipeline

        def add(wall: float, cpu: float, calls: int = 0) -> None:
            got = spent.setdefault(label, [0.0, 0.0, 0])
            got[0], got[1], got[2] = got[0] + wall, got[1] + cpu, got[2] + calls

        def steps(gen: Iterator[Any]) -> Iterator[Any]:
            while True:
                wall, cpu = time.perf_counter(), time.process_time()
                try:
                    item = next(gen)
                except StopIteration:
                    add(time.perf_counter() - wall, time.process_time() - cpu)
                    return
                add(time.perf_counter() - wall, time.process_time() - cpu)
                yield item

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            out = real(*args, **kwargs)
            add(time.perf_counter() - wall, time.process_time() - cpu, 1)
            return steps(out) if hasattr(out, "__next__") else out

        setattr(owner, name, wrapper)
        return lambda: setattr(owner, name, real)

    def line(labels: list[tuple[Any, str, str]]) -> str:
        named = dict.fromkeys(label for _, _, label in labels if label in spent)
        return ", ".join(f"{label} {spent[label][0]:.2f} s ({spent[label][1]:.2f} CPU)" for label in named)

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.jsonl"
        spread, recent = Path(tmp) / "spread.jsonl", Path(tmp) / "recent.jsonl"
        sets = ((base, incremental_articles(n, 0, 1)), (spread, incremental_articles(added, n, 2)),
                (recent, incremental_articles(added, n + added, 3, days=(739_570, 739_600))))  # fmt: skip
        for path, rows in sets:
            path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        built, db = Path(tmp) / "built.gpkg", Path(tmp) / "store.gpkg"
        start = time.perf_counter()
        pipeline.ingest([base], built, workers=2)
        print(f"store of {n:,} articles built in {time.perf_counter() - start:.0f} s (--workers 2)", flush=True)
        start = time.perf_counter()
        pipeline.extract(Article("warm-up", "Gunmen attacked a post in Chaman.", "t", "bench"))
        print(f"this process's first extraction (matchers built once per process): {time.perf_counter() - start:.1f} s")
        for label, path in (("of the store's last month", recent), ("spread over the three years", spread)):
            results = []
            for _ in range(runs):
                shutil.copy(built, db)
                spent.clear()
                undo = [timing(*stage) for stage in (*stages, *merge_stages)]
                try:
                    start, cpu = time.perf_counter(), time.process_time()
                    with TreeMemory() as memory:
                        pipeline.ingest([path], db)
                    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
                finally:
                    for restore in undo:
                        restore()
                rest = elapsed - sum(spent[label][0] for label in {label for _, _, label in stages} & spent.keys())
                breakdown = f"{line(stages)}, open and commit {rest:.2f} s; merge: {line(merge_stages)}"
                results.append((elapsed, cpu, memory.peak_mb, spent["summarise"][2], breakdown))
                db.unlink()
            results.sort()
            elapsed, cpu, peak, events, breakdown = results[len(results) // 2]
            # this VM's two cores are shared: CPU time is the work done, wall time what a user waited
            walls = ", ".join(f"{r[0]:.1f}" for r in results)
            print(f"adding {added:,} articles {label}: median {elapsed:.1f} s of {runs} ({walls}), {cpu:.1f} s CPU; "
                  f"one process, peak {peak:,.0f} MB PSS; {events:,} incidents merged again", flush=True)  # fmt: skip
            print(f"  where the time went (the median run): {breakdown}", flush=True)
        start = time.perf_counter()
        with TreeMemory() as memory, store.open_store(built) as st:
            events = pipeline.rebuild_events(st)
        print(f"the same store merged from scratch: {time.perf_counter() - start:.1f} s, {events:,} incidents, "
              f"peak {memory.peak_mb:,.0f} MB PSS")  # fmt: skip


def map_incidents(n: int, seed: int = 3) -> list[dict]:
    """``n`` synthetic incidents at gazetteer places of AF and PK, a tenth of them undated, two in
    five near the line (in one of its 27 segments), the rest interior."""
    from borderwatch.gazetteer import load_gazetteer

    rng = random.Random(seed)
    places = [p for p in load_gazetteer().places if p.country in ("AF", "PK", "AF/PK") and p.kind != "country"]
    types = ["clash", "attack", "airstrike", "operation", "closure", "talks", "protest", "other"]
    incidents = []
    for i in range(n):
        p = rng.choice(places)
        day = f"202{rng.randint(1, 5)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" if rng.random() > 0.1 else None
        segment = f"S{rng.randint(1, 27):02d}" if rng.random() < 0.4 else None
        incidents.append(
            {
                "id": f"evt-{i:06d}", "type": rng.choice(types), "date": day,
                "date_precision": "day" if day else "unknown", "place": p.name, "gazetteer_id": p.id,
                "lat": p.lat + rng.uniform(-0.02, 0.02), "lon": p.lon + rng.uniform(-0.02, 0.02),
                "geo_precision": int(p.precision), "fatalities": rng.randint(0, 9), "fatalities_low": 0,
                "fatalities_high": 9, "injured": None, "actors": ["TTP"], "n_sources": 2, "segment_id": segment,
                "segment_name": segment, "side": "PK", "distance_km": 12.5 if segment else 80.0, "role": "main",
                "sources": [{"outlet": "Example Daily", "url": "https://example.org/a", "article_id": f"a{i}",
                             "published": "2024-01-01", "evidence": "Militants attacked a police post near the "
                             "border crossing late on Sunday, officials said, killing two and wounding three."}] * 2,
            }
        )  # fmt: skip
    return incidents


def bench_map(sizes: str = "10000,100000", loads: int = 5, moves: int = 10) -> None:
    """Maps of 10,000 and 100,000 incidents (with the 27 segments and the line) in headless Chromium:
    HTML size, time until ready (data unpacked, incidents clustered, first frame drawn), and the time
    from a pan or a zoom to its painted frame; medians, with the renderer's main-thread CPU time
    (CDP Performance.getMetrics, thread ticks), which depends far less on other people's load."""
    import os
    import shutil
    import tempfile

    from borderwatch.query import segment_report
    from borderwatch.render import render_map

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    with tempfile.TemporaryDirectory(prefix="bw-map-") as tmp:
        driver = None
        if chromium and driver_path:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service

            options = webdriver.ChromeOptions()
            options.binary_location = chromium
            for flag in (
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--window-size=1400,1000",
                f"--user-data-dir={tmp}/profile",
            ):
                options.add_argument(flag)  # fmt: skip
            driver = webdriver.Chrome(service=Service(driver_path), options=options)
            driver.set_script_timeout(60)

        def cpu() -> float:  # seconds of the page's main thread so far
            metrics = driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
            return next(m["value"] for m in metrics if m["name"] == "ThreadTime")

        try:
            for n in (int(v) for v in sizes.split(",")):
                incidents = map_incidents(n)
                start = time.perf_counter()
                path = render_map(incidents, segment_report(incidents=incidents), Path(tmp) / f"map-{n}.html")
                print(f"map of {n:,} incidents: rendered in {time.perf_counter() - start:.1f} s, "
                      f"HTML {path.stat().st_size / 1e6:.1f} MB")  # fmt: skip
                if driver is None:
                    print("  ready / pan / zoom: not measured (no chromium and chromedriver on this machine)")
                    continue
                ready, ready_cpu = [], []
                for _ in range(loads):
                    driver.get("about:blank")
                    driver.execute_cdp_cmd("Performance.enable", {"timeDomain": "threadTicks"})
                    before = cpu()
                    start = time.perf_counter()
                    driver.get(path.as_uri())
                    while not driver.execute_script("return !!(window.borderwatch && window.borderwatch.ready)"):
                        time.sleep(0.01)
                    ready.append(time.perf_counter() - start)
                    ready_cpu.append(cpu() - before)
                    driver.execute_cdp_cmd("Performance.disable", {})
                pans, zooms, pan_cpu, zoom_cpu = [], [], [], []
                paint = """const done = arguments[arguments.length - 1], map = window.borderwatch.map;
                    const t0 = performance.now(); %s;
                    requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));"""
                driver.execute_script("window.borderwatch.map.setView([33.5, 70.5], 7, {animate: false})")
                driver.execute_cdp_cmd("Performance.enable", {"timeDomain": "threadTicks"})
                time.sleep(0.5)
                for i in range(moves):
                    before = cpu()
                    pans.append(driver.execute_async_script(paint % f"map.panBy([{300 if i % 2 else -300}, 120], "
                                                                    "{animate: false})"))  # fmt: skip
                    pan_cpu.append(cpu() - before)
                    time.sleep(0.3)
                    step = "map.zoomIn(1, {animate: false})" if i % 2 == 0 else "map.zoomOut(1, {animate: false})"
                    before = cpu()
                    zooms.append(driver.execute_async_script(paint % step))
                    zoom_cpu.append(cpu() - before)
                    time.sleep(0.3)
                med = statistics.median
                print(f"  ready in headless Chromium: median {med(ready):.2f} s of {loads} loads "
                      f"(main-thread CPU {med(ready_cpu):.2f} s); pan to painted frame: median {med(pans):.0f} ms, "
                      f"worst {max(pans):.0f} ms (CPU {1000 * med(pan_cpu):.0f} ms); zoom: median {med(zooms):.0f} ms, "
                      f"worst {max(zooms):.0f} ms (CPU {1000 * med(zoom_cpu):.0f} ms), of {moves} each; "
                      f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
        finally:
            if driver is not None:
                driver.quit()


def bench_parallel(n: int = 100_000, backend: str = "gpkg", modes: str = "serial,workers,dask") -> None:
    """Ingest + extract + store + merge synthetic articles: serial vs 2 worker processes vs a
    2-worker Dask LocalCluster, into a GeoPackage or (``--backend postgis``) a PostGIS database."""
    import tempfile
    from contextlib import ExitStack

    from pgserver import new_database, temporary_postgres  # the tests' throwaway PostgreSQL

    from borderwatch import pipeline

    corpus = synthetic_corpus(n)
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        server = stack.enter_context(temporary_postgres()) if backend == "postgis" else None
        source = Path(tmp) / "corpus.jsonl"
        rng = random.Random(9)
        with source.open("w", encoding="utf-8") as f:
            for i, text in enumerate(corpus):
                # a real corpus spans years: spread publication over 2021-2025
                published = f"{rng.randint(2021, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                f.write(json.dumps({"id": f"s{i:06d}", "published": published, "text": text}) + "\n")
        del corpus
        chosen = modes.split(",")
        runs: list[tuple[str, dict[str, Any]]] = [("serial", {})] if "serial" in chosen else []
        if server and "serial" in chosen:  # the GeoPackage in the same run, for the ratio the target is
            runs.insert(0, ("serial, GeoPackage", {"gpkg": True}))
        runs += [("--workers 2", {"workers": 2})] if "workers" in chosen else []
        cluster = None
        if "dask" in chosen:
            from dask.distributed import LocalCluster

            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
            runs.append(("Dask LocalCluster, 2 workers", {"scheduler": cluster.scheduler_address}))
        rates: dict[str, float] = {}
        for k, (label, options) in enumerate(runs):
            db = new_database(server) if server and not options.pop("gpkg", False) else Path(tmp) / f"{k}.gpkg"
            start = time.perf_counter()
            with TreeMemory() as memory:
                pipeline.ingest([source], db, **options)
            elapsed = time.perf_counter() - start
            rates[label] = n / elapsed
            print(
                f"{label:30s} {n / elapsed:7,.0f} articles/s ({elapsed:.0f} s), "
                f"peak memory (PSS) of all processes {memory.peak_mb:,.0f} MB",
                flush=True,
            )
        if "serial, GeoPackage" in rates:
            ratio = rates["serial"] / rates["serial, GeoPackage"]
            print(f"PostGIS serial ingest: {ratio:.2f}x the GeoPackage's in this run (target >= 0.9x)")
        if cluster is not None:
            cluster.close()


def bench_resolve(n: int = 5_000, places: int = 50) -> None:
    """`resolve` on a store of 5,000 synthetic articles with no place of its own vs 50 (the most frequent
    unresolved names, added as an analyst would): time of each, medians of 3, and their ratio."""
    import shutil
    import tempfile

    from borderwatch import pipeline, store, userplaces

    rng = random.Random(21)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        with source.open("w", encoding="utf-8") as f:
            for i, text in enumerate(synthetic_corpus(n)):
                f.write(json.dumps({"id": f"r{i:06d}", "published": "2024-05-01", "text": text}) + "\n")
        plain, mine = Path(tmp) / "plain.gpkg", Path(tmp) / "mine.gpkg"
        pipeline.ingest([source], plain)
        shutil.copy(plain, mine)
        names = [row["forms"][0] for row in userplaces.unresolved_report(mine)[:places]]
        names += [f"Zarkhel Kalay {k}" for k in range(places - len(names))]  # if the corpus has fewer
        with store.open_store(mine, create=False) as st:
            for name in names:
                place = userplaces.make_place(name, rng.uniform(31, 34), rng.uniform(69, 71), "village", country="PK")
                store.put_user_place(st, place)
        timings: dict[Path, list[float]] = {plain: [], mine: []}
        redone: dict[Path, int] = {}
        for _ in range(3):
            for db in (plain, mine):
                start = time.perf_counter()
                redone[db] = pipeline.resolve(db)
                timings[db].append(time.perf_counter() - start)
        none_s, with_s = statistics.median(timings[plain]), statistics.median(timings[mine])
        print(f"resolve, {n:,} articles, no place of the store's own: median {none_s:.2f} s ({redone[plain]:,} redone)")
        print(f"resolve, {n:,} articles, {len(names)} places of its own:    median {with_s:.2f} s "
              f"({redone[mine]:,} redone); {with_s / none_s:.2f}x the time with none (target <= 1.2x)")  # fmt: skip


def bench_startup() -> None:
    """Import time of the CLI (`python -X importtime -c 'import borderwatch.cli'`, cumulative, median of 9,
    with bytecode compiled as an installed tool has it)."""
    env = _installed_env(REPO / "benchmarks" / "out")
    figures, cpus = [], []
    for _ in range(10):
        command = [sys.executable, "-X", "importtime", "-c", "import borderwatch.cli"]
        out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO, env=env)
        last = [line for line in out.stderr.splitlines() if line.rstrip().endswith("| borderwatch.cli")][-1]
        figures.append(int(last.split("|")[1]) / 1e6)
        cpus.append(_child_cpu([sys.executable, "-c", "import borderwatch.cli"], env))
    figures, cpus = figures[1:], cpus[1:]  # the first run compiled the bytecode
    heavy = ("shapely", "numpy", "pyproj", "geopandas", "folium", "importlib.metadata", "borderwatch.extract",
             "borderwatch.store")  # fmt: skip
    code = f"import sys, borderwatch.cli; print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=REPO)
    bare = statistics.median(_child_cpu([sys.executable, "-c", "pass"], env) for _ in range(9))
    print(f"import borderwatch.cli: median {statistics.median(figures):.3f} s cumulative (-X importtime, of 9;"
          f" target <= 0.1 s); process CPU {statistics.median(cpus):.3f} s,"
          f" of which {bare:.3f} s is Python's own start")  # fmt: skip
    print(f"heavy modules it loads: {loaded.stdout.strip() or 'none'}")


BENCHMARKS = {
    "parallel": bench_parallel,
    "map": bench_map,
    "merge": bench_merge,
    "million": bench_million,
    "incremental": bench_incremental,
    "gazetteer": bench_gazetteer,
    "geoparse": bench_geoparse,
    "extract": bench_extract,
    "near": bench_near,
    "startup": bench_startup,
    "resolve": bench_resolve,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], help="benchmarks to run (default: all)")
    parser.add_argument("--articles", type=int, default=100_000, help="corpus size of the parallel benchmark")
    parser.add_argument("--backend", choices=["gpkg", "postgis"], default="gpkg", help="store of `parallel`")
    parser.add_argument("--modes", default="serial,workers,dask", help="runs of `parallel`, comma-separated")
    args = parser.parse_args()
    for name in args.names or BENCHMARKS:
        print(f"== {name}: {BENCHMARKS[name].__doc__}")
        if name == "parallel":
            bench_parallel(args.articles, args.backend, args.modes)
        else:
            BENCHMARKS[name]()
        print(f"peak memory so far: {peak_rss_mb():.0f} MB\n")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "tests"))  # pgserver: the throwaway PostgreSQL the tests use too
    importlib.invalidate_caches()
    main()

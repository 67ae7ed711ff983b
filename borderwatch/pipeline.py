"""Chain ingest → extract → store → outputs so that the CLI and tests call one function."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from borderwatch import export, settings, store
from borderwatch.errors import QueryError
from borderwatch.ingest import raise_problems, read_batch
from borderwatch.model import Article, Incident, Mention, Place

# Bumped whenever extraction output changes, so `build` re-extracts stored articles.
EXTRACTOR_VERSION = "9"


@dataclass
class Extraction:
    """What the extraction stages found in one article."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)


@dataclass
class IngestReport:
    """What an ingest did to the store, article id by article id."""

    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    invalid: list[Any] = field(default_factory=list)  # InputErrors of inputs left out (--skip-invalid)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # files in folders that are no articles


@dataclass
class BuildReport:
    """What a build did: the ingest report, the store's summary figures and the files written."""

    ingest: IngestReport
    summary: dict[str, int]
    outputs: list[Path]


def extract(article: Article, *, explain: bool = False, user_places: tuple[Place, ...] = ()) -> Extraction:
    """Run every extraction stage on one article, resolving against the shipped and the user's places."""
    from borderwatch.extract import extract_incidents
    from borderwatch.geoparse import geoparse

    mentions = geoparse(article.id, article.text, explain=explain, user_places=user_places)
    return Extraction(article, mentions=mentions, incidents=extract_incidents(article, mentions))


def incident_to_dict(incident: Incident) -> dict[str, Any]:
    """Return an incident in the extract contract's ``incidents`` shape (ACLED types included)."""
    from borderwatch.extract import acled_type

    place = incident.place
    event_type, sub_event_type = acled_type(incident.type, incident.evidence, incident.actors)
    return {
        "id": incident.id,
        "type": incident.type,
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "date": incident.date,
        "date_precision": incident.date_precision.value,
        "date_note": incident.date_note or None,
        "place": place.name if place else None,
        "gazetteer_id": place.id if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": int(place.precision) if place else None,
        "admin1": place.admin1 if place else None,
        "admin2": place.admin2 if place else None,
        "admin3": place.admin3 if place else None,
        "fatalities": incident.fatalities,
        "fatalities_high": incident.fatalities_high,
        "attackers_killed": incident.attackers_killed,
        "injured": incident.injured,
        "missing": incident.missing,
        "abducted": incident.abducted,
        "actors": list(incident.actors),
        "evidence": incident.evidence,
        "evidence_start": incident.evidence_start,
        "evidence_end": incident.evidence_end,
        "role": incident.role,
    }


def mention_to_dict(mention: Mention) -> dict[str, Any]:
    """Return a resolved mention in the extract contract's ``places`` shape."""
    place = mention.place
    if place is None:
        msg = f"mention {mention.text!r} is unresolved"
        raise ValueError(msg)
    out = {
        "mention": mention.text,
        "start": mention.start,
        "end": mention.end,
        "name": place.name,
        "kind": place.kind,
        "country": place.country,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "admin3": place.admin3,
        "lat": place.lat,
        "lon": place.lon,
        "gazetteer_id": place.id,
        "geo_precision": int(place.precision),
        "locative": mention.locative,
    }
    if mention.explanation:
        out["explain"] = mention.explanation
    return out


def extraction_to_dict(found: Extraction) -> dict[str, Any]:
    """Return one article's extraction in the ``extract --json`` contract."""
    article = found.article
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "places": [mention_to_dict(m) for m in found.mentions if m.place is not None],
        "unresolved": [{"mention": m.text, "start": m.start, "end": m.end} for m in found.mentions if m.place is None],
        "incidents": [incident_to_dict(i) for i in found.incidents],
    }


def _progress(items: Iterable[Any], label: str, show: bool | None, total: int | None = None) -> Iterable[Any]:
    from tqdm import tqdm

    # disable=None: tqdm draws only on a terminal, so piped output stays clean
    return tqdm(items, desc=label, unit="article", total=total, disable=None if show else True, leave=False)


def _extract_batch(articles: list[Article], user_places: tuple[Place, ...]) -> list[Extraction]:
    """Top-level, so worker processes and Dask workers can run it: one task per batch of articles."""
    return [extract(article, user_places=user_places) for article in articles]


BATCH = 200  # articles per task at most
IN_FLIGHT = 4  # tasks per worker sent ahead of the writer: memory stays bounded on both sides


def extract_many(
    articles: list[Article],
    user_places: tuple[Place, ...] = (),
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
) -> Iterator[Extraction]:
    """Extract many articles, in this process, in ``workers`` processes, or on a Dask cluster.

    Yields as results come, in the order of ``articles``, so a caller can write each one and
    forget it; the results are the same whichever way, extraction being a pure function of the
    article and the gazetteer.
    """
    if scheduler:
        try:
            from dask.distributed import Client
        except ImportError:
            msg = "--scheduler needs Dask: pip install 'borderwatch[dask]'"
            raise QueryError(msg) from None
        with Client(scheduler) as client:
            n_workers = len(client.scheduler_info().get("workers", {}))
            results = _in_batches(client.submit, articles, user_places, n_workers, pure=False)
            yield from _progress(results, "extracting (Dask)", progress, total=len(articles))
        return
    if workers > 1 and len(articles) > 1:
        import gc
        from concurrent.futures import ProcessPoolExecutor

        # Forked workers share the parent's memory until they write to it, and a garbage collection
        # writes to every object it visits: frozen objects are left alone, so the pages stay shared.
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = _in_batches(pool.submit, articles, user_places, workers)
                yield from _progress(results, f"extracting ({workers} processes)", progress, total=len(articles))
        finally:
            gc.unfreeze()
        return
    jobs = _progress(articles, "extracting", progress)
    yield from (extract(article, user_places=user_places) for article in jobs)


def _in_batches(
    submit: Any, articles: list[Article], user_places: tuple[Place, ...], n_workers: int, **options: Any
) -> Iterator[Extraction]:
    """Run ``_extract_batch`` through an executor's ``submit`` (a process pool's or a Dask client's),
    a bounded number of batches ahead, yielding results in article order."""
    from collections import deque

    ahead = IN_FLIGHT * max(1, n_workers)
    size = max(1, min(BATCH, len(articles) // ahead))  # a small corpus still spreads over every worker
    pending: deque[Any] = deque()
    for i in range(0, len(articles), size):
        pending.append(submit(_extract_batch, articles[i : i + size], user_places, **options))
        if len(pending) >= ahead:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def ingest(
    paths: Iterable[str | Path],
    db: str | Path | None = None,
    *,
    updated_as_published: bool = False,
    skip_invalid: bool = False,
    progress: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
) -> IngestReport:
    """Read articles and store them with their extraction, all or nothing.

    Every input is validated before the store is opened; any failure while writing rolls the
    whole command back.
    """
    batch = _read(paths, updated_as_published, skip_invalid)
    with store.open_store(db) as st:
        report = _ingest_into(st, batch.articles, progress, workers, scheduler)
    report.invalid, report.skipped = batch.problems, batch.skipped
    return report


def _read(paths: Iterable[str | Path], updated_as_published: bool, skip_invalid: bool) -> Any:
    """Read the batch; refuse it, listing every problem, unless told to go on with the valid articles."""
    batch = read_batch(paths, updated_as_published=updated_as_published)
    if not skip_invalid or not batch.articles:
        raise_problems(batch)
    return batch


def _ingest_into(
    st: store.Store, articles: list[Article], progress: bool, workers: int, scheduler: str | None
) -> IngestReport:
    """Store ``articles`` with their extraction in the open transaction ``st``."""
    report = IngestReport()
    mine = store.user_places(st)
    todo = []
    written = store.write_articles(st, articles, extractor=EXTRACTOR_VERSION)
    for article, (status, before) in zip(articles, written, strict=True):
        getattr(report, status).append(article.id)
        if status != "unchanged" or before != EXTRACTOR_VERSION:
            todo.append(article)
    queued = {a.id for a in todo}
    stale = _stale_ids(st) - queued
    if stale:  # stored by an older release: extract again, without re-ingesting
        todo += [a for a in store.stored_articles(st) if a.id in stale]
    if _reextract(st, todo, mine, progress, workers, scheduler):
        update_events(st, {a.id for a in todo})
    return report


def _stale_ids(st: store.Store) -> set[str]:
    """Articles last extracted by another release (or before a migration): to extract again."""
    sql = "SELECT article_id FROM articles WHERE extractor IS NULL OR extractor <> ?"
    return {row[0] for row in st.execute(sql, (EXTRACTOR_VERSION,))}


def _reextract(
    st: store.Store,
    articles: list[Article],
    mine: tuple[Place, ...],
    progress: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
) -> int:
    batch: list[tuple[Article, list[Any], list[Any]]] = []
    for found in extract_many(articles, mine, workers=workers, scheduler=scheduler, progress=progress):
        batch.append((found.article, found.mentions, found.incidents))
        if len(batch) == WRITE_BATCH:
            store.write_extractions(st, batch, extractor=EXTRACTOR_VERSION)
            batch = []
    if batch:
        store.write_extractions(st, batch, extractor=EXTRACTOR_VERSION)
    return len(articles)


WRITE_BATCH = 200  # extractions written per batch of statements (memory held: that many articles' results)


def resolve(
    db: str | Path | None = None,
    *,
    rebuild: bool = False,
    progress: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
) -> int:
    """Resolve stored articles again after the gazetteer changed, without re-ingesting them.

    By default only articles that have unresolved mentions or name one of the store's own places
    are done again; ``rebuild`` does every article. Mentions, incidents, border attribution and
    merged incidents are all brought up to date. Returns the number of articles resolved again.
    """
    from borderwatch.userplaces import articles_naming

    with store.open_store(db, create=False) as st:
        mine = store.user_places(st)
        articles = store.stored_articles(st)
        if not rebuild:
            todo = {article_id for article_id, *_ in store.unresolved_mentions(st)} | _stale_ids(st)
            todo |= articles_naming((a for a in articles if a.id not in todo), mine)
            articles = [a for a in articles if a.id in todo]
        done = _reextract(st, articles, mine, progress, workers, scheduler)
        if done:
            update_events(st, {a.id for a in articles})
    return done


def _constraints(overrides: list[tuple[str, list[str]]]) -> tuple[list[list[str]], list[list[str]]]:
    """Effective must-link and cannot-link groups; a later merge or split overrides an earlier one."""
    must: list[list[str]] = []
    cannot: list[list[str]] = []
    for action, ids in overrides:
        chosen = set(ids)
        if action == "merge":
            cannot = [[i for i in g if i not in chosen] for g in cannot]
            must.append(ids)
        else:
            must = [[i for i in g if i not in chosen] for g in must]
            cannot.append(ids)
    return must, cannot


def rebuild_events(st: store.Store) -> int:
    """Merge every stored report into events again, honouring people's merges and splits."""
    return update_events(st, everything=True)


def update_events(
    st: store.Store, articles: Iterable[str] = (), reports: Iterable[str] = (), *, everything: bool = False
) -> int:
    """Merge again only what the reports of ``articles`` (or the given ``reports``) can touch.

    The walk starts at those reports and at the stored events that held them (or lost a report),
    follows every link strong enough to merge on, and re-clusters that component alone: the
    result is the one a merge from scratch gives, since no event crosses a component's edge.
    A store merged by another version of the rules (or ``everything``) is merged from scratch.
    Returns the number of events written.
    """
    from borderwatch import merge

    everything = everything or store.merger(st) != merge.MERGER_VERSION
    if everything:
        records = sorted(map(merge.record, store.reports_for_clustering(st)), key=lambda r: r.id)  # positions by id
        groups = merge.cluster_all(records, merge.constraints(records, *_constraints(store.merge_overrides(st))))
        stale = None
    else:
        records, groups, stale = _remerge_around(st, set(articles), set(reports))
    ids = [r.id for r in records]
    del records  # done with: events are made from full rows, read and written a chunk at a time
    written = 0
    for start in range(0, max(len(groups), 1), EVENTS_PER_WRITE):  # once at least: an empty store clears
        chunk = groups[start : start + EVENTS_PER_WRITE]
        rows = {r["id"]: r for r in store.reports_by_id(st, [ids[i] for group, _ in chunk for i in group])}
        events = [merge.summarise([rows[ids[i]] for i in group], reasons) for group, reasons in chunk]
        events.sort(key=lambda m: (m.fields["date"] or "", m.id))
        if start == 0 and stale is None:
            store.write_events(st, events)
        else:
            store.replace_events(st, stale if start == 0 else (), events)
        written += len(events)
    if stale is None:
        store.set_merger(st, merge.MERGER_VERSION)
    return written


EVENTS_PER_WRITE = 20_000  # events summarised and written at once: a million reports' rows are never all held


REACH_DAYS = 10  # days read around a report's dates: more than any time slice reaches (a week's ±3, the day after)


def _remerge_around(
    st: store.Store, articles: set[str], reports: set[str]
) -> tuple[list[Any], list[tuple[list[int], list[str]]], set[str]]:
    """Re-cluster the component the given reports reach, reading from the store only what it can
    touch: every undated and coarse-dated report (few, and reaching far), then the days around
    each reached report, whole months where a coarse date meets it, a place's whole history where
    an undated report is, and the other reports of its stored event or of a person's merge. The
    walk is done again on what was read until it reaches nothing unread: then it is the walk a
    merge from scratch does. Returns the records read, the component's clusters and the stored
    events they replace."""
    from borderwatch import merge

    loaded: dict[str, merge.Record] = {}

    def load(where: str, params: Iterable[Any] = ()) -> None:
        for row in store.reports_for_clustering(st, where, params):
            if row["id"] not in loaded:
                loaded[row["id"]] = merge.record(row)

    def load_in(column: str, values: Iterable[Any], extra: str = "") -> None:
        values = sorted(values)
        for chunk in (values[i : i + 500] for i in range(0, len(values), 500)):
            load(f"{extra}i.{column} IN ({', '.join('?' * len(chunk))})", chunk)

    load("i.date IS NULL OR length(i.date) < 10")
    load_in("article_id", articles)
    load_in("incident_id", reports)
    held = store.event_memberships(st)  # report id -> event id
    members_of: dict[str, list[str]] = {}
    for report_id, event in held.items():
        members_of.setdefault(event, []).append(report_id)
    lost = store.events_that_lost_reports(st)
    lost_members = {m for event in lost for m in members_of[event]}
    load_in("incident_id", lost_members)
    seed_ids = {r.id for r in loaded.values() if r.article in articles or r.id in reports} | lost_members
    must, cannot = _constraints(store.merge_overrides(st))
    must_of = {report_id: group for group in must for report_id in group}
    days_read: set[int] = set()
    gids_read: set[str] = set()
    # the seeds' own days first, so that the first walk already sees most of what it will reach
    for r in [loaded[x] for x in seed_ids if x in loaded]:
        if r.first is not None and merge._short(r):
            days_read.update(range(r.first - REACH_DAYS, r.last + REACH_DAYS + 1))  # type: ignore[operator]
    for low, high in _runs(sorted(days_read)):
        load("length(i.date) = 10 AND i.date BETWEEN ? AND ?", (date.fromordinal(low).isoformat(),
             date.fromordinal(high).isoformat()))  # fmt: skip
    while True:
        records = sorted(loaded.values(), key=lambda r: r.id)
        position = {r.id: i for i, r in enumerate(records)}
        cons = merge.constraints(records, must, cannot)

        def fellow_members(i: int, records: list[Any] = records, position: dict[str, int] = position) -> list[int]:
            event = held.get(records[i].id)
            return [position[m] for m in members_of.get(event, ()) if m in position] if event else []

        seeds = [position[x] for x in seed_ids if x in position]
        component, edges = merge.component(records, cons, seeds, fellow_members)
        coarse_months = {m for r in records if r.first is not None and not merge._short(r) for m in merge._months(r)}
        undated_gids = {r.gid for r in records if r.first is None and r.gid}
        days: set[int] = set()
        gids: set[str] = set()
        ids: set[str] = set()
        for i in component:
            r = records[i]
            if r.first is not None:
                months = set(merge._months(r))
                if merge._short(r):
                    days.update(range(r.first - REACH_DAYS, r.last + REACH_DAYS + 1))  # type: ignore[operator]
                    months &= coarse_months  # a month with a coarse date in it is one slice
                for m in months:
                    first = date(m // 12 - (m % 12 == 0), m % 12 or 12, 1).toordinal()
                    days.update(range(first - REACH_DAYS, first + 31 + REACH_DAYS))
            if r.gid in undated_gids:
                gids.add(r.gid)  # type: ignore[arg-type]
            event = held.get(r.id)
            ids.update(members_of.get(event, ()) if event else ())
            ids.update(must_of.get(r.id, ()))
        days -= days_read
        gids -= gids_read
        ids -= loaded.keys()
        if not days and not gids and not ids:
            break
        before = len(loaded)
        for low, high in _runs(sorted(days)):
            load("length(i.date) = 10 AND i.date BETWEEN ? AND ?", (date.fromordinal(low).isoformat(),
                 date.fromordinal(high).isoformat()))  # fmt: skip
        load_in("gazetteer_id", gids)
        load_in("incident_id", ids)
        days_read |= days
        gids_read |= gids
        if len(loaded) == before:
            break  # what was asked for is read and holds nothing new: the walk stands
    groups = merge.cluster_component(records, cons, component, edges)
    stale = lost | {held[records[i].id] for group, _ in groups for i in group if records[i].id in held}
    return records, groups, stale


def _runs(days: list[int]) -> list[tuple[int, int]]:
    """Sorted day numbers as (first, last) runs, gaps of under a week bridged (fewer queries)."""
    runs: list[tuple[int, int]] = []
    for day in days:
        if runs and day - runs[-1][1] <= 7:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs


def _report_ids(st: store.Store, ids: Iterable[str]) -> list[str]:
    out: list[str] = []
    for given in ids:
        rows = st.execute(
            "SELECT incident_id FROM event_sources WHERE event_id = ? UNION SELECT incident_id FROM incidents"
            " WHERE incident_id = ?",
            (given, given),
        ).fetchall()
        if not rows:
            msg = f"no incident or report with id {given!r}; see 'borderwatch incidents'"
            raise QueryError(msg)
        out += [r[0] for r in rows if r[0] not in out]
    return out


def merge_events(ids: Iterable[str], db: str | Path | None = None) -> str:
    """Merge the given incidents (or reports) into one; the choice is stored and outlives rebuilds."""
    from borderwatch.merge import event_id

    with store.open_store(db, create=False) as st:
        reports = _report_ids(st, ids)
        if len(reports) < 2:
            msg = "merge needs at least two reports"
            raise QueryError(msg)
        store.add_merge_override(st, "merge", reports)
        update_events(st, reports=reports)
    return event_id(reports)


def split_event(given: str, db: str | Path | None = None) -> list[str]:
    """Split an incident into one incident per report; the choice is stored and outlives rebuilds."""
    from borderwatch.merge import event_id

    with store.open_store(db, create=False) as st:
        reports = _report_ids(st, [given])
        if len(reports) < 2:
            msg = f"incident {given!r} has a single report: nothing to split"
            raise QueryError(msg)
        store.add_merge_override(st, "split", reports)
        update_events(st, reports=reports)
    return [event_id([r]) for r in reports]


def show_event(given: str, db: str | Path | None = None) -> dict[str, Any]:
    """One incident with every source report, quote and the figures each gave."""
    with store.open_store(db, create=False, readonly=True) as st:
        rows = store.incident_rows(
            st.execute(f"SELECT {store.EVENT_FIELDS} FROM events e WHERE e.event_id = ?", (given,))
        )
        if not rows:
            found = st.execute("SELECT event_id FROM event_sources WHERE incident_id = ?", (given,)).fetchone()
            if found is None:
                msg = f"no incident with id {given!r}; see 'borderwatch incidents'"
                raise QueryError(msg)
            return show_event(found[0], db)
        from borderwatch.merge import explain

        sources = store.with_admin(store.event_sources(st, rows[0]["id"]))
        why = explain(sources)  # per source: its strongest link, the score and the deciding evidence
        for source in sources:
            source["why"] = why[source["id"]]
        return {**rows[0], "sources": sources}


def build(
    paths: Iterable[str | Path],
    db: str | Path | None = None,
    *,
    maps_dir: str | Path = settings.MAPS_DIR,
    updated_as_published: bool = False,
    skip_invalid: bool = False,
    progress: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
) -> BuildReport:
    """Run the whole pipeline on ``paths``: ingest and extract into the store, then write outputs.

    All or nothing: the outputs are written to temporary files beside their places inside the
    store's transaction and moved into place only once it has committed; any failure before
    that leaves the store and the output folder as they were.
    """
    from borderwatch.border import border_segments
    from borderwatch.query import acled_coded, segment_report, zone_rows
    from borderwatch.render import render_map

    batch = _read(paths, updated_as_published, skip_invalid)
    articles = batch.articles
    targets = [Path(maps_dir) / "incidents.geojson", Path(maps_dir) / "borderwatch.html"]
    staged: list[Path] = []
    try:
        with store.open_store(db) as st:
            report = _ingest_into(st, articles, progress, workers, scheduler)
            report.invalid, report.skipped = batch.problems, batch.skipped
            store.write_segments(st, list(border_segments()))
            summary = store.store_summary(st)
            incidents = store.attach_sources(st, store.stored_events(st))
            # the rules of every report: no segment beyond the border zone; event types by the ACLED codebook
            incidents = acled_coded(zone_rows(incidents))
            staged = [export.staging_path(target) for target in targets]
            with export.naming(targets[0]):
                export.write_geojson(export.incidents_to_geojson(incidents), staged[0])
            with export.naming(targets[1]):
                render_map(incidents, segment_report(incidents=incidents), staged[1])
        for tmp, target in zip(staged, targets, strict=True):
            export.publish(tmp, target)
    finally:
        for tmp in staged:
            tmp.unlink(missing_ok=True)
    return BuildReport(report, summary, outputs=targets)

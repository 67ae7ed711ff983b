"""The thin click command line: parse options, call library functions, print results."""

from __future__ import annotations

import functools
import signal
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from borderwatch import output, settings
from borderwatch.errors import BorderwatchError

if TYPE_CHECKING:
    from borderwatch import pipeline

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

_db_option = click.option(
    "--db",
    envvar=settings.STORE_ENV,
    default=settings.STORE_PATH,
    show_default=True,
    help=f"GeoPackage file or postgresql:// URL of the store (or set ${settings.STORE_ENV}).",
)


def _set_waiting(ctx: click.Context, param: click.Parameter, seconds: float) -> float:
    from borderwatch import store  # local, as every heavier module: `import borderwatch.cli` stays cheap

    store.set_waiting(seconds, lambda message: click.echo(message, err=True))
    return seconds


_wait_option = click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=300,
    show_default=True,
    envvar="BORDERWATCH_WAIT",
    expose_value=False,
    callback=_set_waiting,
    metavar="SECONDS",
    help="How long a command that writes waits for another one writing to the store, then gives up.",
)


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db and --wait: which store, and how long to wait for another writer."""
    return _db_option(_wait_option(command))


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of a table.")
geojson_option = click.option("--geojson", "as_geojson", is_flag=True, help="Print a GeoJSON FeatureCollection.")


def _set_wide(ctx: click.Context, param: click.Parameter, wide: bool) -> bool:
    output.WIDE = wide
    return wide


def list_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--format, --sort, --limit and --wide: how a listing is printed."""
    wide = click.option(
        "--wide",
        is_flag=True,
        expose_value=False,
        callback=_set_wide,
        help="Tables keep every character of every cell instead of fitting the terminal.",
    )
    limit = click.option("--limit", type=click.IntRange(min=1), help="Print at most this many rows (after --sort).")
    sort = click.option(
        "--sort", "sort_key", metavar="FIELD", help="Sort by this field; -FIELD sorts descending (--sort -fatalities)."
    )
    fmt = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "csv", "json", "geojson"]),
        help="Output format (default table; --json and --geojson are short for two of them).",
    )
    return fmt(sort(limit(wide(command))))


def _sort_value(value: Any) -> tuple[int, Any]:
    """Numbers before text, each in its own order; anything else by its text."""
    if isinstance(value, (int, float)):
        return (0, value)
    return (1, value if isinstance(value, str) else output.json_text(value))


def _listing(
    rows: list[dict[str, Any]],
    fmt: str | None,
    as_json: bool,
    as_geojson: bool,
    sort_key: str | None,
    limit: int | None,
) -> tuple[list[dict[str, Any]], str]:
    """Sort and cut the rows as asked; the output format the options name."""
    from borderwatch.errors import QueryError

    chosen = {f for f, on in (("json", as_json), ("geojson", as_geojson)) if on} | ({fmt} if fmt else set())
    if len(chosen) > 1:
        raise QueryError(f"choose one output format, not {' and '.join(sorted(chosen))}")
    if sort_key:
        field, descending = sort_key.lstrip("-"), sort_key.startswith("-")
        if rows and field not in rows[0]:
            raise QueryError(f"cannot sort by {field!r}; fields: {', '.join(sorted(rows[0]))}")
        present = [r for r in rows if r.get(field) is not None]
        present.sort(key=lambda r: _sort_value(r[field]), reverse=descending)
        rows = present + [r for r in rows if r.get(field) is None]  # blanks last either way
    return (rows[:limit] if limit else rows), (chosen.pop() if chosen else "table")


class DateType(click.ParamType):
    """A YYYY-MM-DD date."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date in YYYY-MM-DD form", param, ctx)


class BboxType(click.ParamType):
    """min_lon,min_lat,max_lon,max_lat."""

    name = "MINLON,MINLAT,MAXLON,MAXLAT"

    def convert(self, value: Any, param: Any, ctx: Any) -> tuple[float, float, float, float]:
        try:
            parts = tuple(float(p) for p in value.split(","))
        except ValueError:
            parts = ()
        if len(parts) != 4:
            self.fail(f"{value!r} is not four numbers min_lon,min_lat,max_lon,max_lat", param, ctx)
        return parts  # type: ignore[return-value]


INCIDENT_TYPES = ("clash", "attack", "airstrike", "operation", "closure", "reopening", "talks", "protest",
                  "deportation", "other")  # fmt: skip


def incident_filters(command: Callable[..., Any]) -> Callable[..., Any]:
    """--segment, --side, --district, --province, --bbox, --since, --until, --type and --zone-km: the
    filters of every incident listing."""
    command = zone_option(side_option(date_filters(command)))
    command = click.option("--bbox", type=BboxType(), help="Only inside min_lon,min_lat,max_lon,max_lat.")(command)
    command = click.option("--province", metavar="NAME",
                           help="Only inside this province's outline (incidents' admin1).")(command)  # fmt: skip
    command = click.option("--district", metavar="NAME",
                           help="Only inside this district's outline (incidents' admin2).")(command)  # fmt: skip
    return click.option("--segment", help="Segment id (S09) or name ('Nangarhar | Khyber'), within the zone.")(command)


def side_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--side AF|PK."""
    return click.option("--side", type=click.Choice(["AF", "PK"], case_sensitive=False),
                        help="Side of the border.")(command)  # fmt: skip


def zone_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--zone-km: the border zone, within which incidents count toward a segment."""
    return click.option(
        "--zone-km",
        type=click.FloatRange(min=0, min_open=True),
        default=settings.BORDER_ZONE_KM,
        show_default=True,
        help="Incidents within this geodesic distance of the line count toward its segments; farther ones are"
        " interior (no segment).",
    )(command)


def date_filters(command: Callable[..., Any]) -> Callable[..., Any]:
    """--since, --until and --type, shared by the incident queries."""
    command = click.option("--type", "types", multiple=True, type=click.Choice(INCIDENT_TYPES),
                           help="Only this type (repeatable).")(command)  # fmt: skip
    command = click.option("--until", type=DateType(), help="Up to this date, inclusive.")(command)
    return click.option("--since", type=DateType(), help="From this date, inclusive.")(command)


def check_filters(since: date | None = None, until: date | None = None, segment: str | None = None, **_: Any) -> None:
    """Refuse filters that can match nothing by construction, instead of printing nothing."""
    from borderwatch.errors import QueryError

    if since and until and since > until:
        raise QueryError(f"--since {since} is after --until {until}: no date is in that range")
    if segment:
        from borderwatch.border import border_segments

        known = [(s.id, s.name) for s in border_segments()]
        if not any(segment in pair for pair in known):
            raise QueryError(
                f"no segment {segment!r}: give an id {known[0][0]}…{known[-1][0]} or a name,"
                " as 'borderwatch segments' lists them"
            )


INCIDENT_COLUMNS = [
    "id", "date", "date_precision", "type", "place", "fatalities", "n_sources", "segment_name", "zone", "side",
    "evidence",
]  # fmt: skip


# the split of the toll, after "fatalities" in CSV listings (the table keeps to what fits a terminal)
SPLIT_COLUMNS = ["fatalities_low", "fatalities_high", "attackers_killed", "injured", "missing", "abducted"]


def _print_incidents(rows: list[dict[str, Any]], fmt: str, columns: list[str], zone_km: float) -> None:
    from borderwatch import query

    if fmt == "geojson":
        from borderwatch import export  # its CSV and temporary-file machinery: only when asked

        output.print_json(export.incidents_to_geojson(rows))
    elif fmt == "json":
        output.print_json_lines(rows)
    elif fmt == "csv":
        at = columns.index("fatalities") + 1
        output.print_csv(rows, [*columns[:at], *SPLIT_COLUMNS, *columns[at:]])
    else:
        output.print_table(rows, columns)
        click.echo(f"{len(rows)} incident{'s' if len(rows) != 1 else ''}")
        click.echo(query.zone_sentence(query.zone_summary(rows, zone_km)))


def parallel_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--workers and --scheduler: where extraction runs."""
    command = click.option(
        "--scheduler", metavar="ADDRESS", help="Extract on this Dask cluster (tcp://host:8786) instead of here."
    )(command)
    return click.option(
        "--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Extract in this many processes."
    )(command)


updated_option = click.option(
    "--updated-as-published",
    is_flag=True,
    help="Take an 'Updated 22 February 2023' line as the publication date when none is given.",
)


skip_invalid_option = click.option(
    "--skip-invalid",
    is_flag=True,
    help="Store the valid articles of a batch, list the invalid ones and exit with status 1 (without it, any invalid"
    " input stops the batch before anything is stored, every problem listed).",
)


def library_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a BorderwatchError or an OSError into 'Error: …' on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BorderwatchError as e:
            if click.get_current_context().find_root().params.get("verbose"):
                raise
            raise click.ClickException(str(e)) from e
        except OSError as e:  # the machine's: permission, read-only file system, disk full, missing folder
            if click.get_current_context().find_root().params.get("verbose"):
                raise
            raise click.ClickException(os_error_line(e)) from e

    return wrapper


def os_error_line(error: OSError) -> str:
    """One line for an operating-system error, naming the path: 'maps/x.html: Permission denied'."""
    what = error.strerror or str(error)
    return f"{error.filename}: {what}" if error.filename else what


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """--version, like click's version_option but reading the version only when asked."""
    if not value or ctx.resilient_parsing:
        return
    # local: borderwatch.__version__ is read through importlib.metadata (~0.05 s), wanted only here
    from borderwatch import __version__

    click.echo(f"borderwatch, version {__version__}", color=ctx.color)
    ctx.exit()


@click.group(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(verbose: bool) -> None:
    """Turn news reports about the Afghanistan–Pakistan border into a georeferenced incident database."""
    # `borderwatch articles --json | head` should end quietly, not with a BrokenPipeError
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@updated_option
@skip_invalid_option
@parallel_options
@library_errors
def ingest(
    paths: tuple[Path, ...],
    db: str,
    updated_as_published: bool,
    skip_invalid: bool,
    workers: int,
    scheduler: str | None,
) -> None:
    """Read articles (.txt, .md, .html, .json, .jsonl, folders of them, - for stdin) into the store.

    A path of - reads JSON Lines from standard input.

    \b
    Example:
        borderwatch ingest seeds/ --db borderwatch.gpkg
        borderwatch ingest downloads/ --skip-invalid
        cat feed.jsonl | borderwatch ingest -
    """
    from borderwatch import pipeline  # local: pipeline pulls in ingest/export/acled, which query commands never use

    report = pipeline.ingest(
        paths,
        db,
        updated_as_published=updated_as_published,
        skip_invalid=skip_invalid,
        progress=sys.stderr.isatty(),
        workers=workers,
        scheduler=scheduler,
    )
    _echo_ingest(report, db)
    _exit_if_invalid(report)


def _echo_ingest(report: pipeline.IngestReport, db: str) -> None:
    from borderwatch import store

    for path, reason in report.skipped:
        click.echo(output.clean(f"skipped {path}: {reason}"), err=True)
    click.echo(
        f"{len(report.added)} added, {len(report.replaced)} replaced, "
        f"{len(report.unchanged)} unchanged in {store.store_label(db)}"
    )
    for article_id in report.replaced:
        click.echo(f"replaced {article_id!r}: its text changed")


def _exit_if_invalid(report: pipeline.IngestReport) -> None:
    """List the inputs --skip-invalid left out, and end with status 1."""
    if report.invalid:
        click.echo(f"left out {len(report.invalid)} invalid input{'s' if len(report.invalid) != 1 else ''}:", err=True)
        for problem in report.invalid:
            click.echo(output.clean(f"  {problem}"), err=True)
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option(
    "--maps-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=settings.MAPS_DIR,
    show_default=True,
    help="Folder for the generated maps and GeoJSON.",
)
@updated_option
@skip_invalid_option
@parallel_options
@library_errors
def build(
    paths: tuple[Path, ...],
    db: str,
    maps_dir: Path,
    updated_as_published: bool,
    skip_invalid: bool,
    workers: int,
    scheduler: str | None,
) -> None:
    """Run the whole pipeline on articles and print a summary.

    \b
    Example:
        borderwatch build seeds/
    """
    from borderwatch import pipeline  # local: pipeline pulls in ingest/export/acled, which query commands never use

    report = pipeline.build(
        paths,
        db,
        maps_dir=maps_dir,
        updated_as_published=updated_as_published,
        skip_invalid=skip_invalid,
        progress=sys.stderr.isatty(),
        workers=workers,
        scheduler=scheduler,
    )
    _echo_ingest(report.ingest, db)
    output.print_table([report.summary], list(report.summary))
    for path in report.outputs:
        click.echo(f"wrote {path}")
    _exit_if_invalid(report.ingest)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@click.option("--explain", is_flag=True, help="Show each mention's candidates and why one won.")
@updated_option
@library_errors
def extract(paths: tuple[Path, ...], as_json: bool, explain: bool, updated_as_published: bool) -> None:
    """Geoparse articles and print their places (no store involved).

    \b
    Example:
        borderwatch extract seeds/002_a4cb2d2772a32ed2.txt --explain
        borderwatch extract articles.jsonl --json > pred.jsonl
    """
    from borderwatch import pipeline  # local: see ingest
    from borderwatch.ingest import read_articles

    for article in read_articles(paths, updated_as_published=updated_as_published):
        found = pipeline.extraction_to_dict(pipeline.extract(article, explain=explain))
        if as_json:
            output.print_json_lines([found])
            continue
        click.echo(output.clean(f"== {article.id}  {article.published or 'no date'}  {article.title[:70]}"))
        columns = ["mention", "start", "name", "kind", "country", "geo_precision", "locative"]
        output.print_table(found["places"], [*columns, "explain"] if explain else columns)
        if found["unresolved"]:
            click.echo("unresolved: " + ", ".join(repr(u["mention"]) for u in found["unresolved"]))
        click.echo()
        output.print_table(found["incidents"], ["type", "date", "date_precision", "place", "fatalities", "evidence"])
        click.echo(f"{len(found['incidents'])} incident{'s' if len(found['incidents']) != 1 else ''}\n")


@cli.command()
@db_option
@json_option
@list_options
@library_errors
def articles(db: str, as_json: bool, fmt: str | None, sort_key: str | None, limit: int | None) -> None:
    """List the stored articles.

    \b
    Example:
        borderwatch articles --json
        borderwatch articles --sort -published --limit 20
    """
    from borderwatch import store
    from borderwatch.errors import QueryError

    with store.open_store(db, create=False, readonly=True) as st:
        rows = [
            {
                "id": a.id,
                "published": a.published.isoformat() if a.published else None,
                "outlet": a.outlet,
                "title": a.title,
                "url": a.url,
                "source": a.source,
                "chars": len(a.text),
            }
            for a in store.stored_articles(st)
        ]
    rows, fmt = _listing(rows, fmt, as_json, False, sort_key, limit)
    columns = ["id", "published", "outlet", "chars", "title"]
    if fmt == "geojson":
        raise QueryError("articles have no geometry: use --format json or csv")
    if fmt == "json":
        output.print_json_lines(rows)
    elif fmt == "csv":
        output.print_csv(rows, [*columns, "url", "source"])
    else:
        output.print_table(rows, columns)


@cli.command("incidents-near")
@click.argument("place")
@click.option("--km", type=float, default=settings.NEAR_RADIUS_KM, show_default=True, help="Radius in km.")
@date_filters
@click.option("--include-imprecise", is_flag=True, help="Also list district/province-level incidents, as 'possibly'.")
@zone_option
@db_option
@json_option
@geojson_option
@list_options
@library_errors
def incidents_near(
    place: str,
    km: float,
    since: date | None,
    until: date | None,
    types: tuple[str, ...],
    include_imprecise: bool,
    zone_km: float,
    db: str,
    as_json: bool,
    as_geojson: bool,
    fmt: str | None,
    sort_key: str | None,
    limit: int | None,
) -> None:
    """List incidents within a radius of a place name or 'lat,lon', nearest first.

    \b
    Example:
        borderwatch incidents-near Torkham --km 25
        borderwatch incidents-near 34.11,71.09 --since 2023-01-01 --type clash --json
    """
    from borderwatch import query

    check_filters(since, until)
    options = {"since": since, "until": until, "types": types, "zone_km": zone_km, "db": db}
    # the district- and province-level rows (precision 3) are counted even when not listed
    rows, hidden = query.near_with_count(place, km, include_imprecise=include_imprecise, **options)
    rows, fmt = _listing(rows, fmt, as_json, as_geojson, sort_key, limit)
    _print_incidents(rows, fmt, ["km_from", "within", *INCIDENT_COLUMNS], zone_km)
    if fmt == "table" and not include_imprecise:
        if hidden > 0 and not limit:
            click.echo(f"{hidden} district- or province-level incident{'s' if hidden != 1 else ''} may lie in range"
                       " too; --include-imprecise lists them")  # fmt: skip


@cli.command()
@incident_filters
@db_option
@json_option
@geojson_option
@list_options
@library_errors
def incidents(
    db: str,
    as_json: bool,
    as_geojson: bool,
    fmt: str | None,
    sort_key: str | None,
    limit: int | None,
    **filters: Any,
) -> None:
    """List stored incidents, filtered by segment, side, type, dates or a bounding box.

    \b
    Example:
        borderwatch incidents --segment S09 --since 2023-02-01 --until 2023-02-28
        borderwatch incidents --sort -fatalities --limit 10 --format csv
    """
    from borderwatch import query

    check_filters(**filters)
    rows, fmt = _listing(query.filter_incidents(**filters, db=db), fmt, as_json, as_geojson, sort_key, limit)
    _print_incidents(rows, fmt, INCIDENT_COLUMNS, filters["zone_km"])


@cli.command()
@date_filters
@side_option
@zone_option
@db_option
@json_option
@geojson_option
@list_options
@library_errors
def segments(
    db: str,
    as_json: bool,
    as_geojson: bool,
    zone_km: float,
    fmt: str | None,
    sort_key: str | None,
    limit: int | None,
    **filters: Any,
) -> None:
    """Report every border segment: length, incidents by type, fatalities, latest date.

    Only incidents within --zone-km of the line count toward a segment; the filters are those of
    'borderwatch incidents', so a segment's count is what 'incidents --segment ID' lists.

    \b
    Example:
        borderwatch segments
        borderwatch segments --since 2023-01-01 --type clash --type attack --zone-km 25
        borderwatch segments --sort -incidents --limit 5
    """
    from borderwatch import export, query

    check_filters(**filters)
    rows = query.filter_incidents(**filters, zone_km=zone_km, db=db, sources=False)
    report, fmt = _listing(query.segment_report(incidents=rows, zone_km=zone_km), fmt, as_json, as_geojson, sort_key,
                           limit)  # fmt: skip
    columns = ["id", "name", "length_km", "incidents", "by_type", "fatalities", "latest"]
    if fmt == "geojson":
        output.print_json(export.segments_to_geojson(report))
    elif fmt == "json":
        output.print_json_lines(report)
    else:
        table = [{**r, "by_type": " ".join(f"{k}:{v}" for k, v in r["by_type"].items())} for r in report]
        if fmt == "csv":
            output.print_csv(table, columns)
            return
        output.print_table(table, columns)
        click.echo(query.zone_sentence(query.zone_summary(rows, zone_km)))


class PlacesGroup(click.Group):
    """'places QUERY' searches; 'places add|import|remove|list' edit the store's own places."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["search", *args]
        return super().resolve_command(ctx, args)


@cli.group(cls=PlacesGroup, invoke_without_command=False)
def places() -> None:
    """Look names up in the gazetteer, and add, import or remove the store's own places.

    \b
    Example:
        borderwatch places Kalat
        borderwatch places add "Jinjiret Koh" --lat 35.62 --lon 71.55 --kind village
    """


@places.command("search")
@click.argument("query_text", metavar="QUERY")
@db_option
@json_option
@geojson_option
@list_options
@library_errors
def places_search(
    query_text: str,
    db: str,
    as_json: bool,
    as_geojson: bool,
    fmt: str | None,
    sort_key: str | None,
    limit: int | None,
) -> None:
    """List gazetteer candidates for a name, the store's own places included, exact matches first
    (the 10 best unless --limit says otherwise).

    \b
    Example:
        borderwatch places search Kalat
        borderwatch places search Kalat --limit 3 --format csv
    """
    from borderwatch import export, query

    rows, fmt = _listing(query.place_candidates(query_text, limit=limit or 10, db=db), fmt, as_json, as_geojson,
                         sort_key, None)  # fmt: skip
    columns = ["name", "kind", "country", "admin1", "lat", "lon", "geo_precision", "match", "id"]
    if fmt == "geojson":
        from borderwatch.gazetteer import load_gazetteer

        output.print_json(export.places_to_geojson(load_gazetteer(query.store_places(db)).by_id[r["id"]] for r in rows))
    elif fmt == "json":
        output.print_json_lines(rows)
    elif fmt == "csv":
        output.print_csv(rows, [*columns, "score", "source"])
    else:
        output.print_table(rows, columns)


@places.command("add")
@click.argument("name")
@click.option("--lat", type=float, required=True, help="Latitude, WGS 84 degrees.")
@click.option("--lon", type=float, required=True, help="Longitude, WGS 84 degrees.")
@click.option("--kind", type=click.Choice(["crossing", "city", "town", "village", "district", "province", "region",
              "country", "border", "other"]), required=True, help="What the place is.")  # fmt: skip
@click.option("--country", help="ISO code (AF, PK…); found from the border polygons when left out.")
@click.option("--alias", "aliases", multiple=True, help="Another spelling (repeatable).")
@db_option
@library_errors
def places_add(
    name: str, lat: float, lon: float, kind: str, country: str | None, aliases: tuple[str, ...], db: str
) -> None:
    """Add a place to the store's own gazetteer (it wins over a shipped entry of the same name).

    \b
    Example:
        borderwatch places add "Jinjiret Koh" --lat 35.62 --lon 71.55 --kind village --alias "Jinjeret Koh"
    """
    from borderwatch import userplaces

    place = userplaces.make_place(name, lat, lon, kind, country=country, aliases=aliases)
    status = userplaces.add_place(place, db)
    click.echo(f"{status} {place.name!r} ({place.id}); run 'borderwatch resolve' to use it on stored articles")


@places.command("import")
@click.argument("csv_path", metavar="FILE.csv", type=click.Path(path_type=Path))
@db_option
@library_errors
def places_import(csv_path: Path, db: str) -> None:
    """Add every place of a CSV (name, lat, lon, kind[, country, aliases, precision]), all or nothing.

    \b
    Example:
        borderwatch places import villages.csv
    """
    from borderwatch import userplaces

    count = userplaces.import_places(csv_path, db)
    click.echo(f"imported {count} places; run 'borderwatch resolve' to use them on stored articles")


@places.command("import-geonames")
@click.argument("paths", metavar="FILE...", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@library_errors
def places_import_geonames(paths: tuple[Path, ...], db: str) -> None:
    """Add the villages, admin areas, passes, valleys and mountains of GeoNames country dumps.

    FILE is a dump you downloaded from https://download.geonames.org/export/dump/ (AF.zip,
    PK.zip or the .txt inside; CC BY 4.0). Names the shipped gazetteer has are left to it;
    same-named villages resolve only when a containing district or tehsil is named nearby.

    \b
    Example:
        borderwatch places import-geonames AF.zip PK.zip
    """
    from borderwatch import userplaces

    added, skipped = userplaces.import_geonames(list(paths), db)
    click.echo(f"imported {added} places ({skipped} names the shipped gazetteer has were left to it);"
               " run 'borderwatch resolve' to use them on stored articles")  # fmt: skip


@places.command("remove")
@click.argument("name")
@db_option
@library_errors
def places_remove(name: str, db: str) -> None:
    """Remove one of the store's own places, by name or id.

    \b
    Example:
        borderwatch places remove "Jinjiret Koh"
    """
    from borderwatch import userplaces

    userplaces.remove_place(name, db)
    click.echo(f"removed {name!r}; run 'borderwatch resolve --rebuild' to drop it from stored articles")


@places.command("list")
@db_option
@json_option
@geojson_option
@list_options
@library_errors
def places_list(
    db: str, as_json: bool, as_geojson: bool, fmt: str | None, sort_key: str | None, limit: int | None
) -> None:
    """List the store's own places (added by people or found by a geocoder).

    \b
    Example:
        borderwatch places list --json
        borderwatch places list --sort name --limit 20 --format csv
    """
    from dataclasses import asdict

    from borderwatch import userplaces

    mine = {p.id: p for p in userplaces.list_places(db)}
    rows = [{**asdict(p), "precision": int(p.precision)} for p in mine.values()]
    rows, fmt = _listing(rows, fmt, as_json, as_geojson, sort_key, limit)
    columns = ["name", "kind", "country", "lat", "lon", "precision", "source", "aliases", "id"]
    if fmt == "geojson":
        from borderwatch import export

        output.print_json(export.places_to_geojson(mine[r["id"]] for r in rows))
    elif fmt == "json":
        output.print_json_lines(rows)
    elif fmt == "csv":
        output.print_csv(rows, [*columns, "admin1", "admin2", "admin3"])
    else:
        output.print_table(rows, columns)


@cli.command()
@click.option("--min-count", type=int, default=1, show_default=True, help="Only names seen this often.")
@db_option
@json_option
@list_options
@library_errors
def unresolved(
    min_count: int, db: str, as_json: bool, fmt: str | None, sort_key: str | None, limit: int | None
) -> None:
    """List every place name the gazetteer could not resolve, most frequent first: the to-do list.

    \b
    Example:
        borderwatch unresolved --min-count 2
        borderwatch unresolved --limit 20 --format csv
    """
    from borderwatch import userplaces
    from borderwatch.errors import QueryError

    rows, fmt = _listing(userplaces.unresolved_report(db, min_count=min_count), fmt, as_json, False, sort_key, limit)
    columns = ["count", "name", "forms", "articles", "context"]
    if fmt == "geojson":
        raise QueryError("unresolved names have no place yet: use --format json or csv")
    if fmt == "json":
        output.print_json_lines(rows)
    elif fmt == "csv":
        output.print_csv(rows, columns)
    else:
        output.print_table(rows, columns)


@cli.command()
@click.option("--rebuild", is_flag=True, help="Resolve every stored article, not only those that need it.")
@click.option("--geocoder", help="Also ask this online geocoder (geopy name, e.g. nominatim) about unresolved names.")
@click.option("--user-agent", help="Who is asking, as the geocoder's policy requires.")
@click.option("--min-count", type=int, default=1, show_default=True, help="Geocode only names seen this often.")
@db_option
@parallel_options
@library_errors
def resolve(
    rebuild: bool,
    geocoder: str | None,
    user_agent: str | None,
    min_count: int,
    db: str,
    workers: int,
    scheduler: str | None,
) -> None:
    """Resolve stored articles again after the gazetteer changed, without re-ingesting them.

    Mentions, incidents, border attribution and merged incidents are updated. With --geocoder,
    unresolved names are first tried on that online service (one request a second, answers
    cached in the store, results restricted to Afghanistan and Pakistan).

    \b
    Example:
        borderwatch resolve
        borderwatch resolve --geocoder nominatim --user-agent "my-project (me@example.org)"
    """
    if geocoder:
        from borderwatch import geocode

        report = geocode.geocode_unresolved(
            geocode.geocoder_by_name(geocoder, user_agent or ""), db, service=geocoder, min_count=min_count
        )
        click.echo(
            f"geocoder {geocoder!r}: asked {len(report.asked)}, from cache {len(report.from_cache)}, "
            f"found {len(report.found)}, not found {len(report.missed)}"
        )
    from borderwatch import pipeline  # local: pipeline pulls in ingest/export/acled, which query commands never use

    count = pipeline.resolve(db, rebuild=rebuild, progress=sys.stderr.isatty(), workers=workers, scheduler=scheduler)
    click.echo(f"resolved {count} article{'s' if count != 1 else ''} again")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["geojson", "csv", "gpkg"]), default="geojson", show_default=True)
@click.option(
    "--layer",
    type=click.Choice(["incidents", "segments", "crossings", "places"]),
    default="incidents",
    show_default=True,
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default: stdout; gpkg needs one)."
)
@incident_filters
@db_option
@library_errors
def export(fmt: str, layer: str, out: Path | None, db: str, **filters: Any) -> None:
    """Export a layer as GeoJSON (RFC 7946), ACLED-format CSV or a GeoPackage, written atomically.

    \b
    Example:
        borderwatch export --format csv --out incidents.csv --since 2023-01-01
        borderwatch export --format gpkg --layer segments --out segments.gpkg
    """
    from borderwatch import export as exporting
    from borderwatch import query
    from borderwatch.border import crossings
    from borderwatch.errors import QueryError
    from borderwatch.gazetteer import load_gazetteer

    if fmt == "gpkg" and out is None:
        raise QueryError("--format gpkg needs --out PATH")
    if fmt == "csv" and layer != "incidents":
        raise QueryError(f"--format csv exports the incidents layer only, not {layer!r}")
    if layer == "incidents":
        rows = query.filter_incidents(**filters, db=db)
        if fmt == "csv":
            text = exporting.incidents_to_csv(rows)
            _write_or_echo(text, out)
            return
        collection = exporting.incidents_to_geojson(rows)
    elif layer == "segments":
        rows = query.filter_incidents(**{**filters, "segment": None}, db=db, sources=False)
        collection = exporting.segments_to_geojson(query.segment_report(incidents=rows, zone_km=filters["zone_km"]))
    elif layer == "crossings":
        collection = exporting.places_to_geojson(crossings())
    else:
        collection = exporting.places_to_geojson(load_gazetteer().places)
    if fmt == "gpkg":
        exporting.write_gpkg(collection, out, layer)
        click.echo(f"wrote {out} ({len(collection['features'])} features, layer {layer!r})")
    else:
        _write_or_echo(output.json_text(collection) + "\n", out)


def _write_or_echo(text: str, out: Path | None) -> None:
    from borderwatch import export as exporting

    if out is None:
        click.echo(text, nl=False)
    else:
        exporting.write_atomically(out, text)
        click.echo(f"wrote {out}", err=True)


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@db_option
@library_errors
def merge(ids: tuple[str, ...], db: str) -> None:
    """Merge incidents (or reports) into one; the choice outlives re-ingest and rebuild.

    \b
    Example:
        borderwatch merge evt-326b2cecdc35 evt-aab52767b6f2
    """
    from borderwatch import pipeline  # local: pipeline pulls in ingest/export/acled, which query commands never use

    merged = pipeline.merge_events(ids, db)
    click.echo(f"merged into {merged}")


@cli.command()
@click.argument("incident_id", metavar="ID")
@db_option
@library_errors
def split(incident_id: str, db: str) -> None:
    """Split an incident into one incident per report; the choice outlives re-ingest and rebuild.

    \b
    Example:
        borderwatch split evt-f33d61cd4d5b
    """
    from borderwatch import pipeline  # local: pipeline pulls in ingest/export/acled, which query commands never use

    parts = pipeline.split_event(incident_id, db)
    click.echo(f"split into {', '.join(parts)}")


@cli.command()
@click.argument("incident_id", metavar="ID")
@db_option
@json_option
@library_errors
def show(incident_id: str, db: str, as_json: bool) -> None:
    """Show one incident with every source, its quote and the figures each report gave.

    \b
    Example:
        borderwatch show evt-f33d61cd4d5b
    """
    from borderwatch import pipeline  # local: pipeline pulls in ingest/export/acled, which query commands never use

    event = pipeline.show_event(incident_id, db)
    if as_json:
        output.print_json(event)
        return
    fields = ["id", "type", "event_type", "sub_event_type", "date", "date_precision", "date_note", "place",
              "admin1", "admin2", "admin3", "geo_precision", "lat", "lon", "fatalities", "fatalities_low",
              "fatalities_high", "attackers_killed", "injured", "missing", "abducted", "actors",
              "segment_name", "distance_km", "side", "border_zone", "nearest_crossing", "crossing_km", "role",
              "n_sources", "merge_reason"]  # fmt: skip
    width = max(map(len, fields))
    for name in fields:
        value = event.get(name)
        if value not in (None, "", []):
            text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            click.echo(output.clean(f"{name:<{width}}  {text}"))  # place and actor names come from articles
    click.echo(f"\nsources ({len(event['sources'])}):")
    output.print_table(event["sources"], ["id", "article_id", "outlet", "published", "date", "fatalities"])
    click.echo("\nquotes:")
    for source in event["sources"]:  # whole, however long: the quote is the evidence
        click.echo(output.clean(f"{source['id']}  “{' '.join((source.get('evidence') or '').split())}”"))
    if len(event["sources"]) > 1:
        click.echo("\nwhy each source joined:")
        for source in event["sources"]:
            click.echo(output.clean(f"{source['id']}  {source['why']}"))


@cli.command()
@incident_filters
@db_option
@json_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    help="Output format (default table; csv has one row per count: by, value, incidents).",
)
@library_errors
def stats(db: str, as_json: bool, fmt: str | None, **filters: Any) -> None:
    """Count the stored incidents by type, month, side and segment (the filters of 'incidents').

    \b
    Example:
        borderwatch stats
        borderwatch stats --since 2023-01-01 --side PK --json
        borderwatch stats --format csv > counts.csv
    """
    from borderwatch.errors import QueryError

    if as_json and fmt not in (None, "json"):
        raise QueryError(f"choose one output format, not json and {fmt}")
    as_json = as_json or fmt == "json"
    from collections import Counter

    from borderwatch import query

    check_filters(**filters)
    rows = query.filter_incidents(**filters, db=db, sources=False)
    counts = {
        "type": Counter(r["type"] for r in rows),
        "month": Counter((r["date"] or "")[:7] if len(r["date"] or "") >= 7 else "no month" for r in rows),
        "side": Counter(r["side"] or "no point" for r in rows),
        "segment": Counter(r["segment_name"] or "no segment (interior or no point)" for r in rows),
    }
    if as_json:
        output.print_json({"incidents": len(rows), **{f"by_{k}": dict(sorted(v.items())) for k, v in counts.items()}})
        return
    if fmt == "csv":
        table = [{"by": "all", "value": "", "incidents": len(rows)}]
        table += [{"by": key, "value": k, "incidents": n} for key, c in counts.items() for k, n in sorted(c.items())]
        output.print_csv(table, ["by", "value", "incidents"])
        return
    click.echo(f"{len(rows)} incident{'s' if len(rows) != 1 else ''}")
    for key, counter in counts.items():
        order = sorted(counter.items()) if key == "month" else counter.most_common()
        click.echo()
        output.print_table([{key: k, "incidents": n} for k, n in order], [key, "incidents"])
    click.echo()
    click.echo(query.zone_sentence(query.zone_summary(rows, filters["zone_km"])))


@cli.command("map")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(settings.MAPS_DIR) / "borderwatch.html",
    show_default=True,
    help="HTML file to write.",
)
@incident_filters
@db_option
@library_errors
def map_command(out: Path, db: str, **filters: Any) -> None:
    """Draw the incidents as a layered HTML map that works offline.

    \b
    Example:
        borderwatch map --out maps/2023.html --since 2023-01-01 --until 2023-12-31
    """
    from borderwatch import query
    from borderwatch.render import render_map

    rows = query.filter_incidents(**filters, db=db)
    # the segments are coloured by the incidents drawn: the same filters, the same zone
    report = query.segment_report(incidents=rows, zone_km=filters["zone_km"])
    path = render_map(rows, report, out, zone_km=filters["zone_km"])
    click.echo(f"wrote {path} ({len(rows)} incidents)")

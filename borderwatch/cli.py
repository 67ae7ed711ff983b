"""The thin click command line: parse options, call library functions, print results."""

from __future__ import annotations

import functools
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from borderwatch import __version__, output, pipeline, settings, store
from borderwatch.errors import BorderwatchError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

db_option = click.option(
    "--db",
    envvar=settings.STORE_ENV,
    type=click.Path(dir_okay=False, path_type=Path),
    default=settings.STORE_PATH,
    show_default=True,
    help=f"GeoPackage store (or set ${settings.STORE_ENV}).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON Lines instead of a table.")
updated_option = click.option(
    "--updated-as-published",
    is_flag=True,
    help="Take an 'Updated 22 February 2023' line as the publication date when none is given.",
)


def library_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a BorderwatchError into 'Error: …' on stderr and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BorderwatchError as e:
            if click.get_current_context().find_root().params.get("verbose"):
                raise
            raise click.ClickException(str(e)) from e

    return wrapper


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, prog_name="borderwatch")
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
@library_errors
def ingest(paths: tuple[Path, ...], db: Path, updated_as_published: bool) -> None:
    """Read articles (.txt, .jsonl or folders of them) into the store.

    \b
    Example:
        borderwatch ingest seeds/ --db borderwatch.gpkg
    """
    report = pipeline.ingest(paths, db, updated_as_published=updated_as_published, progress=sys.stderr.isatty())
    _echo_ingest(report, db)


def _echo_ingest(report: pipeline.IngestReport, db: Path) -> None:
    click.echo(
        f"{len(report.added)} added, {len(report.replaced)} replaced, "
        f"{len(report.unchanged)} unchanged in {store.store_path(db)}"
    )
    for article_id in report.replaced:
        click.echo(f"replaced {article_id!r}: its text changed")


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
@library_errors
def build(paths: tuple[Path, ...], db: Path, maps_dir: Path, updated_as_published: bool) -> None:
    """Run the whole pipeline on articles and print a summary.

    \b
    Example:
        borderwatch build seeds/
    """
    report = pipeline.build(
        paths, db, maps_dir=maps_dir, updated_as_published=updated_as_published, progress=sys.stderr.isatty()
    )
    _echo_ingest(report.ingest, db)
    output.print_table([report.summary], list(report.summary))
    for path in report.outputs:
        click.echo(f"wrote {path}")


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
    from borderwatch.ingest import read_articles

    for article in read_articles(paths, updated_as_published=updated_as_published):
        found = pipeline.extraction_to_dict(pipeline.extract(article, explain=explain))
        if as_json:
            output.print_json_lines([found])
            continue
        click.echo(f"== {article.id}  {article.published or 'no date'}  {article.title[:70]}")
        columns = ["mention", "start", "name", "kind", "country", "geo_precision", "locative"]
        output.print_table(found["places"], [*columns, "explain"] if explain else columns)
        if found["unresolved"]:
            click.echo("unresolved: " + ", ".join(repr(u["mention"]) for u in found["unresolved"]))
        click.echo()


@cli.command()
@db_option
@json_option
@library_errors
def articles(db: Path, as_json: bool) -> None:
    """List the stored articles.

    \b
    Example:
        borderwatch articles --json
    """
    with store.open_store(db, create=False) as st:
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
    if as_json:
        output.print_json_lines(rows)
    else:
        output.print_table(rows, ["id", "published", "outlet", "chars", "title"])

"""Format command results as a human table, JSON Lines or JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import click


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    # one line per row, whatever the text holds
    return " ".join(str(value).split())


def format_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, max_width: int = 60) -> str:
    """Return rows as a plain-text table with a header and a rule, cells cut to ``max_width``."""
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    cells = [[c if len(c) <= max_width else c[: max_width - 1] + "…" for c in r] for r in cells]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Print rows as a plain-text table."""
    click.echo(format_table(rows, columns))


def print_json_lines(objects: Iterable[dict[str, Any]]) -> None:
    """Print one compact JSON object per line."""
    for obj in objects:
        click.echo(json.dumps(obj, ensure_ascii=False))


def print_json(obj: Any) -> None:
    """Print one indented JSON document."""
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))

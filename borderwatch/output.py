"""Format command results as a human table, JSON Lines or JSON for scripts."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import click

# Characters a terminal may act on rather than show: C0 and C1 controls and DEL (escape sequences
# can retitle the window, move the cursor or hide text) and the bidirectional overrides and
# isolates (they reorder what is shown). Joiners such as ZWNJ, which Persian and Urdu need, stay.
_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# What json.dumps leaves raw of those (it escapes C0 inside strings; the rest is layout).
_JSON_RAW_CONTROLS = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` without terminal controls: each control character becomes a space."""
    return _TERMINAL_CONTROLS.sub(" ", text)


def json_text(obj: Any, **kwargs: Any) -> str:
    """JSON for a terminal or a pipe: the same data, with every control character escaped.

    json escapes C0 controls itself; C1 controls and bidirectional overrides are escaped here
    too (``\\u009b``), so the text is unchanged for a parser and inert on a terminal.
    """
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    # one line per row, whatever the text holds, and nothing a terminal would act on
    return " ".join(clean(str(value)).split())


def format_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], *, max_width: int | None = 60, width: int | None = None
) -> str:
    """Return rows as a plain-text table with a header and a rule.

    Cells are cut to ``max_width`` (None: never); with ``width`` the widest free-text columns
    (the evidence first) are cut further until a line fits in ``width`` characters, when it can.
    """
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    if max_width is not None:
        widths = [min(w, max(max_width, len(c))) for w, c in zip(widths, columns, strict=True)]
    if width is not None:
        columns, widths, cells = _fit(list(columns), widths, cells, width)
    cells = [[c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(r, widths, strict=True)] for r in cells]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    return "\n".join(lines)


SECONDARY = ("date_precision", "n_sources", "within", "chars", "forms")  # left out first when a table is too wide


def _fit(
    columns: list[str], widths: list[int], cells: list[list[str]], width: int
) -> tuple[list[str], list[int], list[list[str]]]:
    """Fit a table in ``width``: the widest free-text columns (the evidence first) give way down to
    20 characters, then secondary columns are left out, then free text down to 8, then the segment name."""

    def over() -> int:
        return sum(widths) + 2 * (len(widths) - 1) - width

    def shrink(floor: int) -> None:
        while over() > 0:
            free = [
                j
                for j, c in enumerate(columns)
                if c != "id" and not c.endswith("_id") and widths[j] > max(floor, len(c))
            ]
            if not free:
                return
            i = max(free, key=lambda j: widths[j])
            widths[i] = max(floor, len(columns[i]), widths[i] - over())

    def drop(names: Sequence[str]) -> None:
        for name in names:
            if over() > 0 and name in columns and len(columns) > 2:
                i = columns.index(name)
                del columns[i], widths[i]
                for row in cells:
                    del row[i]

    shrink(20)
    drop(SECONDARY)
    shrink(8)
    drop(("segment_name", "admin1"))
    return columns, widths, cells


WIDE = False  # set by --wide: tables keep every character of every cell


def terminal_width() -> int | None:
    """Columns of the terminal (or $COLUMNS); None when writing to a pipe or a file, or with --wide."""
    import os
    import shutil
    import sys

    if WIDE:
        return None
    if "COLUMNS" in os.environ or sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return None


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Print rows as a plain-text table, fitted to the terminal's width (unless --wide)."""
    click.echo(format_table(rows, columns, max_width=None if WIDE else 60, width=terminal_width()))


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def print_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """Print rows as CSV with a header: every cell on one line, formulas made text."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        values = [_cell(row.get(c)) for c in columns]
        writer.writerow(["'" + v if v[:1] in _FORMULA_STARTS and not _number(v) else v for v in values])
    click.echo(buffer.getvalue(), nl=False)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def print_json_lines(objects: Iterable[dict[str, Any]]) -> None:
    """Print one compact JSON object per line."""
    for obj in objects:
        click.echo(json_text(obj))


def print_json(obj: Any) -> None:
    """Print one indented JSON document."""
    click.echo(json_text(obj, indent=2))

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
        click.echo(json_text(obj))


def print_json(obj: Any) -> None:
    """Print one indented JSON document."""
    click.echo(json_text(obj, indent=2))

"""Locate the shipped geographic data folder, in a checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def geo_dir() -> Path:
    """Return the folder holding gazetteer.csv and the border files.

    An installed wheel carries it as ``borderwatch/geo``; a checkout has it at the top level.
    """
    for candidate in (_PACKAGE / "geo", _PACKAGE.parent / "geo"):
        if (candidate / "gazetteer.csv").is_file():
            return candidate
    msg = f"geographic data not found next to {str(_PACKAGE)!r}; reinstall borderwatch"
    raise FileNotFoundError(msg)

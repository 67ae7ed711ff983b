"""Turn news reports about the Afghanistan–Pakistan border into a georeferenced incident database."""

from borderwatch.model import (
    Article,
    DatePrecision,
    GeoPrecision,
    Incident,
    Mention,
    Place,
    Segment,
)


def __getattr__(name: str) -> str:
    # __version__ on first use: importlib.metadata costs ~0.05 s, paid by every command otherwise
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    global __version__
    try:
        __version__ = version("borderwatch")
    except PackageNotFoundError:  # running from a checkout that was never installed
        __version__ = "0+unknown"
    return __version__


__all__ = [
    "Article",
    "DatePrecision",
    "GeoPrecision",
    "Incident",
    "Mention",
    "Place",
    "Segment",
    "__version__",
]

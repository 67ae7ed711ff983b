"""Turn news reports about the Afghanistan–Pakistan border into a georeferenced incident database."""

from importlib.metadata import PackageNotFoundError, version

from borderwatch.model import (
    Article,
    DatePrecision,
    GeoPrecision,
    Incident,
    Mention,
    Place,
    Segment,
)

try:
    __version__ = version("borderwatch")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

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

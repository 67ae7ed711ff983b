"""Define the plain domain dataclasses and precision codes shared by every stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any


class GeoPrecision(IntEnum):
    """How exactly a coordinate locates what it stands for (ACLED-compatible 1/2/3).

    Lower is better, so ``precision <= GeoPrecision.NEAR`` reads "at least near a point".
    """

    POINT = 1  # the named point itself: a town, a crossing
    NEAR = 2  # near a named point, or a small area (a valley, a pass, a tehsil)
    AREA = 3  # a district, province, region or country centroid


class DatePrecision(StrEnum):
    """How exactly an incident's date is known."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    UNKNOWN = "unknown"


# Most precise first: the order in which dates of one event are preferred.
DATE_PRECISION_RANK = {DatePrecision.DAY: 0, DatePrecision.WEEK: 1, DatePrecision.MONTH: 2, DatePrecision.YEAR: 3}


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of ``text`` encoded as UTF-8."""
    import hashlib  # local: its OpenSSL binding costs ~0.01 s at start-up, and only ingest hashes

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Article:
    """One news article as ingested: metadata plus the exact text offsets refer to."""

    id: str
    text: str
    title: str
    source: str  # the file (and line, for JSONL) it was read from
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    body_start: int = 0  # offset where the article proper begins, after leading metadata lines

    @property
    def content_hash(self) -> str:
        """SHA-256 of the text, used to tell a re-ingest from a changed article."""
        return content_hash(self.text)


@dataclass(frozen=True)
class Place:
    """One gazetteer entry: a named location with its coordinates and provenance."""

    id: str
    name: str
    kind: str  # crossing, city, town, village, district, tehsil, province, region, country, border, other
    country: str  # ISO 3166-1 alpha-2; "AF/PK" for crossings and the border
    lat: float
    lon: float
    precision: GeoPrecision
    source: str
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    aliases: tuple[str, ...] = ()
    admin3: str | None = None  # the tehsil (Pakistan); admin1..3 follow ACLED


@dataclass(frozen=True)
class Mention:
    """A place name as it appears in one article, with its resolution (if any)."""

    article_id: str
    text: str
    start: int  # character offsets into Article.text, end exclusive
    end: int
    place: Place | None  # None = unresolved; stays in the output, never dropped
    locative: bool = True  # False: the name stands for a government, actor, title or organisation
    explanation: str = ""

    @property
    def geo_precision(self) -> GeoPrecision | None:
        """Precision of the resolved place, or None when unresolved."""
        return self.place.precision if self.place is not None else None


@dataclass(frozen=True)
class Incident:
    """One event reported by one article, with every figure tied to a quote."""

    id: str
    article_id: str
    type: str
    evidence: str
    evidence_start: int
    evidence_end: int
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_precision: DatePrecision = DatePrecision.UNKNOWN
    date_note: str = ""
    place: Place | None = None
    fatalities: int | None = None  # all deaths, attackers included; the low end of a stated range
    injured: int | None = None
    actors: tuple[str, ...] = ()
    role: str = "main"
    # The split of the toll, each None when the text gives no figure for it:
    attackers_killed: int | None = None  # deaths among the attackers, counted in ``fatalities`` too
    fatalities_high: int | None = None  # the high end of a range this report states ("eight to ten")
    missing: int | None = None  # people reported missing: not deaths
    abducted: int | None = None  # people abducted, kidnapped, taken hostage or seized: not deaths


@dataclass(frozen=True)
class Segment:
    """A stretch of the Durand Line between one Afghan and one Pakistani unit."""

    id: str
    name: str
    af_unit: str
    pk_unit: str
    length_km: float
    coords: tuple[tuple[float, float], ...]  # (lat, lon) vertices in line order

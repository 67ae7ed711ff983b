"""Try unresolved names on an online geocoder: opt-in, rate-limited, restricted to AF/PK, cached."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from borderwatch import store
from borderwatch.errors import GeocoderError, QueryError
from borderwatch.model import GeoPrecision

MIN_DELAY_SECONDS = 1.0  # Nominatim's usage policy: at most one request per second
COUNTRIES = ("af", "pk")


@dataclass
class GeocodeReport:
    """What a geocoding run asked, found and remembered."""

    asked: list[str] = field(default_factory=list)
    from_cache: list[str] = field(default_factory=list)
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


def geocoder_by_name(name: str, user_agent: str, *, timeout: float = 10.0) -> Any:
    """A geopy geocoder by its service name ('nominatim', 'photon', …)."""
    from geopy.exc import GeocoderNotFound
    from geopy.geocoders import get_geocoder_for_service

    if not user_agent:
        msg = "an online geocoder needs --user-agent naming you or your project (Nominatim's policy)"
        raise QueryError(msg)
    try:
        cls = get_geocoder_for_service(name)
    except GeocoderNotFound:
        msg = f"geopy has no geocoder called {name!r}"
        raise QueryError(msg) from None
    return cls(user_agent=user_agent, timeout=timeout)


def geocode_unresolved(
    geocoder: Any,
    db: str | Path | None = None,
    *,
    service: str | None = None,
    min_count: int = 1,
    min_delay_seconds: float = MIN_DELAY_SECONDS,
) -> GeocodeReport:
    """Ask ``geocoder`` for every unresolved name of the store that is not in its cache yet.

    Answers inside Afghanistan or Pakistan become places of the store with ``source: geocoder``
    and precision 2 (near), until a person confirms them with ``places add``. Every answer, a miss
    too, is cached, so no name is asked twice. Any network error aborts the whole run with one
    line and leaves the store as it was.
    """
    from geopy.exc import GeopyError
    from geopy.extra.rate_limiter import RateLimiter

    from borderwatch.border import side_of_border
    from borderwatch.userplaces import make_place, unresolved_groups

    service = service or type(geocoder).__name__.lower()
    restrict = {"country_codes": list(COUNTRIES)} if _accepts(geocoder.geocode, "country_codes") else {}
    ask = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False)
    report = GeocodeReport()
    with store.open_store(db, create=False) as st:
        # a person's own place is never overwritten; the geocoder's finds may be
        people = {p.id for p in store.user_places(st) if p.source != "geocoder"}
        for key, group in unresolved_groups(store.unresolved_mentions(st)).items():
            if len(group) < min_count:
                continue
            forms = [mention for _, mention, _, _ in group]
            name = max(set(forms), key=forms.count)
            cached = store.cached_geocode(st, service, key)
            if cached is not None:
                report.from_cache.append(name)
                answer = cached[1] if cached[0] else None
            else:
                report.asked.append(name)
                try:
                    location = ask(name, exactly_one=True, **restrict)
                except GeopyError as e:
                    msg = f"geocoder {service!r} failed on {name!r} ({type(e).__name__}: {e}); nothing was stored"
                    raise GeocoderError(msg) from e
                answer = None
                if location is not None and side_of_border(location.latitude, location.longitude) is not None:
                    answer = {
                        "lat": location.latitude,
                        "lon": location.longitude,
                        "address": location.address,
                        "raw": location.raw,
                    }
                store.cache_geocode(st, service, key, answer)
            if answer is None:
                report.missed.append(name)
                continue
            report.found.append(name)
            place = make_place(
                name, answer["lat"], answer["lon"], "village", precision=GeoPrecision.NEAR, source="geocoder"
            )
            if place.id not in people:
                store.put_user_place(st, place)
    return report


def _accepts(function: Any, parameter: str) -> bool:
    try:
        return parameter in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False

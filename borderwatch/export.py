"""Write incidents as RFC 7946 GeoJSON, atomically."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def write_atomically(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def incidents_to_geojson(incidents: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection (RFC 7946: lon/lat, WGS 84, no ``crs`` member).

    Each incident is a dict with ``id``, ``lat``, ``lon`` and any other properties; one
    without coordinates becomes a Feature with a null geometry, so it is not lost.
    """
    features = []
    for incident in incidents:
        props = {k: v for k, v in incident.items() if k not in ("lat", "lon")}
        lat, lon = incident.get("lat"), incident.get("lon")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}  # GeoJSON order is lon, lat
            if lat is not None and lon is not None
            else None
        )
        features.append({"type": "Feature", "id": incident["id"], "geometry": geometry, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def write_geojson(collection: dict[str, Any], path: str | Path) -> Path:
    """Write a GeoJSON object to ``path`` atomically."""
    return write_atomically(path, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")

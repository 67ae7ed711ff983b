"""Hold borderwatch's documented defaults in one place.

STORE_PATH : str
    Store used when neither ``--db`` nor ``BORDERWATCH_DB`` is given: ``borderwatch.gpkg``
    in the working directory.
STORE_ENV : str
    Environment variable naming the store: ``BORDERWATCH_DB``.
DEFAULT_CRS : str
    CRS of every stored geometry: ``EPSG:4326`` (WGS 84, lat/lon degrees).
METRIC_CRS : str
    Projected CRS for metric work on the border region: ``EPSG:32642`` (UTM 42N), which spans
    the Durand Line with a scale error well under 0.5 %.
NEAR_RADIUS_KM : float
    Default radius of ``incidents-near``: 25 km.
BORDER_ZONE_KM : float
    Distance to the line (geodesic) within which an incident is in the border zone and counts
    toward its segment: 50 km; beyond it an incident is "interior" (``--zone-km`` changes it).
MAX_ARTICLE_CHARS : int
    Longest article text read: 5,000,000 characters; a longer one is refused with one line
    (``benchmarks/size.py`` times articles of 1 to 8 MB).
SCHEMA_VERSION : int
    Version of the store schema this release writes; a store with a higher one is refused.
"""

from __future__ import annotations

STORE_PATH = "borderwatch.gpkg"
STORE_ENV = "BORDERWATCH_DB"
DEFAULT_CRS = "EPSG:4326"
METRIC_CRS = "EPSG:32642"
NEAR_RADIUS_KM = 25.0
BORDER_ZONE_KM = 50.0
SCHEMA_VERSION = 6
MAPS_DIR = "maps"
MAX_ARTICLE_CHARS = 5_000_000

"""Where a report is: WGS84 latitude and longitude as reports carry them, and the British
National Grid (OSGB36, EPSG:27700) easting and northing UK back-office systems use. Pure."""
from __future__ import annotations

from functools import lru_cache

from pyproj import Transformer

# Great Britain and its islands, generously: outside these, a grid reference means nothing.
_GB = (49.0, 61.5, -9.0, 2.5)  # south, north, west, east


@lru_cache(maxsize=1)
def _to_grid() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


def british_national_grid(lat: float, long: float) -> tuple[float, float] | None:
    """(easting, northing) in metres, to the metre, or None for a place outside Great Britain."""
    south, north, west, east = _GB
    if not (south <= lat <= north and west <= long <= east):
        return None
    easting, northing = _to_grid().transform(long, lat)
    return round(easting), round(northing)

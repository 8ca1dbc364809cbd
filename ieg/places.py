"""Where a problem is, as a resident gives it on a form or a client sends it: WGS84 latitude
and longitude, and the British National Grid (OSGB36, EPSG:27700) easting and northing UK
back-office systems use. Pure."""
from __future__ import annotations

from functools import lru_cache

from pyproj import Transformer

# Great Britain and its islands, generously: outside these, a grid reference means nothing.
_GB = (49.0, 61.5, -9.0, 2.5)  # south, north, west, east
# Five decimal places of a degree is about a metre: as close as a phone's fix is worth, and
# no closer (a finer figure claims an accuracy nobody has and says more about the resident).
DECIMALS = 5


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


def coordinates(lat_text: str, long_text: str) -> tuple[tuple[float, float] | None, str]:
    """((lat, long) rounded to DECIMALS, "") from what was typed or sent; (None, "") when both
    are empty; (None, message) when they are not a place on Earth."""
    lat_text, long_text = (lat_text or "").strip(), (long_text or "").strip()
    if not lat_text and not long_text:
        return None, ""
    if not (lat_text and long_text):
        return None, "Give both the latitude and the longitude, or neither"
    values = []
    for name, text, limit in (("latitude", lat_text, 90), ("longitude", long_text, 180)):
        try:
            value = float(text)
        except ValueError:
            return None, f"The {name} must be a number"
        if value != value or not -limit <= value <= limit:  # NaN, infinity, or off the globe
            return None, f"The {name} must be between -{limit} and {limit}"
        values.append(round(value, DECIMALS))
    return (values[0], values[1]), ""


def in_words(lat: float, long: float) -> str:
    """"51.50135° N, 0.14189° W", as the page tells a resident what their device found."""
    return (f"{abs(lat):.{DECIMALS}f}\u00b0 {'N' if lat >= 0 else 'S'}, "
            f"{abs(long):.{DECIMALS}f}\u00b0 {'E' if long >= 0 else 'W'}")

"""How a percentage is worked out and written, everywhere IEG shows one (reports, live evidence,
BVPI 157, first-contact resolution, exports). Pure: no Flask, no database.

One decimal place, rounded half up (12 of 18 is 66.7%, 1 of 8 is 12.5%), with two exceptions so
that a rounded figure never claims what the count does not: anything short of the whole stays
below 100% (9,999 of 10,000 is 99.9%, not the 100% a standard may ask for), and anything above
none stays above 0% (1 of 10,000 is 0.1%). Written without a trailing ".0": 50%, 100%.
"""
from __future__ import annotations


def percent(part: int, whole: int) -> float | None:
    """part of whole as a percentage to one decimal place; None when whole is 0."""
    if not whole:
        return None
    tenths = (2000 * part + whole) // (2 * whole)  # round half up, in whole numbers (no float error)
    if part < whole:
        tenths = min(tenths, 999)
    if part > 0:
        tenths = max(tenths, 1)
    return tenths / 10


def percent_text(value: float | None, none: str = "no data") -> str:
    """66.7 -> "66.7%", 50.0 -> "50%", None -> `none`."""
    if value is None:
        return none
    return f"{round(value, 1):g}%"


def share_text(part: int, whole: int, none: str = "no data") -> str:
    """"12 of 18 (66.7%)"."""
    return f"{part:,} of {whole:,} ({percent_text(percent(part, whole), none)})"

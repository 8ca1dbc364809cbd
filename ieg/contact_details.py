"""A customer's contact details as the council keeps them, whoever typed them (a resident on
a form, staff on the phone, an email's sender): email in lower case, phone numbers as digits
with +44 written as 0, postcodes in capitals with one space. The one place these are written,
so a search, a match against a record and a stored value always agree.

Pure: no Flask, no database.
"""
from __future__ import annotations

import re

_POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})$")
_POSTCODE_AS_KEPT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")


def normalise_email(value: str | None) -> str | None:
    value = (value or "").strip().lower()
    return value or None


def normalise_phone(value: str | None) -> str | None:
    """Digits only, +44 written as 0, so "+44 1632 960000" finds "01632 960000"."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("44") and len(digits) >= 11:
        digits = "0" + digits[2:]
        if digits.startswith("00"):  # "+44 (0)1632 ...": the bracketed 0 was already there
            digits = digits[1:]
    return digits or None


def normalise_postcode(value: str | None) -> str | None:
    """"as11aa" -> "AS1 1AA"; anything that is not a UK postcode shape is kept as typed."""
    compact = re.sub(r"\s+", "", (value or "").upper())
    if not compact:
        return None
    match = _POSTCODE.match(compact)
    return f"{match.group(1)} {match.group(2)}" if match else compact[:10]


def is_postcode(value: str | None) -> bool:
    """Whether `value`, once normalised, has the shape of a UK postcode."""
    return bool(_POSTCODE_AS_KEPT.match(normalise_postcode(value) or ""))

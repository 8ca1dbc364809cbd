"""Open311 GeoReport v2 as text: the two formats (XML, JSON), the standard's error format,
W3C dates, and statuses both ways (the standard's open/closed and FixMyStreet's extended
ones). Pure: no Flask, no database."""
from __future__ import annotations

import json
import re
import math
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from ieg.casework.deadlines import FINISHED

FORMATS = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
# FixMyStreet's extended statuses (its Open311 "extended_statuses" option), upper case as sent.
EXTENDED_STATUSES = ("OPEN", "CLOSED", "FIXED", "IN_PROGRESS", "ACTION_SCHEDULED", "INVESTIGATING", "DUPLICATE",
                     "NOT_COUNCILS_RESPONSIBILITY", "NO_FURTHER_ACTION", "INTERNAL_REFERRAL")
# An IEG status as Open311 tells it, when no back office said more.
_EXTENDED_FOR = {"open": "OPEN", "in_progress": "IN_PROGRESS", "awaiting_customer": "INVESTIGATING",
                 "resolved": "FIXED", "closed": "CLOSED"}
_EXTENDED_FOR_EXCLUSION = {"duplicate": "DUPLICATE", "misdirected": "NOT_COUNCILS_RESPONSIBILITY"}
# An extended status a back office or client sends, as the IEG status it moves the enquiry to.
_IEG_STATUS_FOR = {"OPEN": "open", "IN_PROGRESS": "in_progress", "ACTION_SCHEDULED": "in_progress",
                   "INVESTIGATING": "in_progress", "FIXED": "resolved", "CLOSED": "closed", "DUPLICATE": "closed",
                   "NOT_COUNCILS_RESPONSIBILITY": "closed", "NO_FURTHER_ACTION": "closed",
                   "INTERNAL_REFERRAL": "in_progress"}
MAX_PERIOD = timedelta(days=90)
MAX_RECORDS = 1000


class Open311Error(Exception):
    """One or more errors in the standard's format: [(code, description)], and the HTTP status."""

    def __init__(self, status: int, errors: list[tuple[int, str]] | str):
        self.status = status
        self.errors = [(status, errors)] if isinstance(errors, str) else errors
        super().__init__("; ".join(description for _, description in self.errors))


def open_or_closed(ieg_status: str) -> str:
    return "closed" if ieg_status in FINISHED else "open"


def extended_status(ieg_status: str, excluded_reason: str | None = None, external: str = "") -> str:
    """The extended status to report: what the back office last said while that still fits
    whether the enquiry is open, else IEG's own status in those terms."""
    if external and (_IEG_STATUS_FOR.get(external) in FINISHED) == (ieg_status in FINISHED):
        return external
    if ieg_status in FINISHED and excluded_reason in _EXTENDED_FOR_EXCLUSION:
        return _EXTENDED_FOR_EXCLUSION[excluded_reason]
    return _EXTENDED_FOR.get(ieg_status, "OPEN")


def ieg_status(text: str) -> str | None:
    """The IEG status an Open311 status moves an enquiry to ("open", "closed" or an extended
    one, any case), or None for one we do not know."""
    return _IEG_STATUS_FOR.get(text.strip().upper().replace(" ", "_"))


def w3c(value: datetime | None, zone: str = "Europe/London") -> str:
    """A W3C (ISO 8601) date and time with its offset, in the council's zone; "" for none."""
    if value is None:
        return ""
    return value.astimezone(ZoneInfo(zone)).isoformat(timespec="seconds")


def parse_w3c(text: str, name: str, zone: str = "Europe/London") -> datetime:
    """A date and time in W3C format (a date alone is its midnight; one without an offset is
    the council's local time), as aware UTC; Open311Error(400) naming the parameter."""
    value = text.strip()
    try:
        if len(value) == 10:
            parsed = datetime.fromisoformat(value)
        else:
            parsed = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise Open311Error(400, f"{name} must be a W3C date and time, such as 2026-12-07T13:50:00Z") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=ZoneInfo(zone))
    try:
        return parsed.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        raise Open311Error(400, f"{name} is out of range") from None


def period(start: str, end: str, now: datetime, zone: str = "Europe/London") -> tuple[datetime, datetime]:
    """start_date and end_date as the standard reads them: at most 90 days apart; either
    alone reaches 90 days from the other; neither is the last 90 days."""
    errors = []
    start_at = end_at = None
    for name, text in (("start_date", start), ("end_date", end)):
        if text:
            try:
                parsed = parse_w3c(text, name, zone)
            except Open311Error as error:
                errors.extend(error.errors)
                continue
            if name == "start_date":
                start_at = parsed
            else:
                end_at = parsed
    if errors:
        raise Open311Error(400, errors)
    if start_at is None and end_at is None:
        end_at = now
    if start_at is None:
        start_at = end_at - MAX_PERIOD
    if end_at is None:
        end_at = start_at + MAX_PERIOD
    if end_at < start_at:
        raise Open311Error(400, "end_date must not be before start_date")
    if end_at - start_at > MAX_PERIOD:
        raise Open311Error(400, "start_date and end_date must be at most 90 days apart")
    return start_at, end_at


def coordinate(text: str, name: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise Open311Error(400, f"{name} must be a number") from None
    if not math.isfinite(value) or not low <= value <= high:
        raise Open311Error(400, f"{name} must be between {low:g} and {high:g}")
    return value


def codes(text: str) -> list[str]:
    """A comma-separated list of values (service codes, request ids), blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Elements whose list items take a name of their own in XML.
_ITEM_NAMES = {"services": "service", "attributes": "attribute", "values": "value", "service_requests": "request",
               "service_request_updates": "request_update", "errors": "error", "keywords": "keyword",
               "media_urls": "media_url", "endpoints": "endpoint", "formats": "format"}


def _xml_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    # XML 1.0 cannot carry most control characters, surrogates or U+FFFE/U+FFFF, escaped or not.
    return _NOT_XML.sub("", str(value))


def _xml_fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, list) and key in ("media_urls",):
                for each in item:  # repeated, as FixMyStreet reads them
                    ET.SubElement(element, _ITEM_NAMES[key]).text = _xml_text(each)
                continue
            _xml_fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        name = _ITEM_NAMES.get(element.tag, "item")
        for item in value:
            _xml_fill(ET.SubElement(element, name), item)
    else:
        element.text = _xml_text(value)


def render(root: str, items, fmt: str) -> bytes:
    """`items` (a list of dicts, or one dict) as the standard's XML under `root` (each item
    named for it: services/service, service_requests/request...) or as JSON."""
    if fmt == "json":
        return json.dumps(items, ensure_ascii=False, separators=(",", ":")).encode()
    element = ET.Element(root)
    _xml_fill(element, items)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def render_errors(error: Open311Error, fmt: str) -> bytes:
    return render("errors", [{"code": code, "description": description} for code, description in error.errors], fmt)

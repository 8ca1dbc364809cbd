"""Open311's text forms (ieg.open311.formats), signing and the grid: pure."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest

from ieg.open311 import formats, grid, signing
from ieg.open311.formats import Open311Error

NOW = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)


def test_xml_names_list_items_repeats_media_and_escapes():
    body = formats.render("service_requests", [{"service_request_id": "ENQ-1", "description": "<b>&\x01",
                                                "media_urls": ["a", "b"], "lat": 51.5, "metadata": True}], "xml")
    tree = ET.fromstring(body)
    request = tree.find("request")
    assert request.findtext("description") == "<b>&"  # escaped, and the control character gone
    assert [m.text for m in request.findall("media_url")] == ["a", "b"]
    assert (request.findtext("lat"), request.findtext("metadata")) == ("51.5", "true")
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")


def test_errors_in_both_formats():
    error = Open311Error(400, [(400, "service_code is required"), (400, "lat must be a number")])
    assert json.loads(formats.render_errors(error, "json")) == [
        {"code": 400, "description": "service_code is required"}, {"code": 400, "description": "lat must be a number"}]
    tree = ET.fromstring(formats.render_errors(error, "xml"))
    assert tree.tag == "errors" and [e.findtext("code") for e in tree.findall("error")] == ["400", "400"]


def test_w3c_dates_carry_the_local_offset_and_are_read_with_or_without_one():
    assert formats.w3c(NOW) == "2026-07-01T13:00:00+01:00"
    assert formats.w3c(NOW.replace(month=1)) == "2026-01-01T12:00:00+00:00"
    assert formats.parse_w3c("2026-07-01T13:00:00+01:00", "x") == NOW
    assert formats.parse_w3c("2026-07-01T12:00:00Z", "x") == NOW
    assert formats.parse_w3c("2026-07-01T13:00:00", "x") == NOW  # local time when no offset
    assert formats.parse_w3c("2026-07-01", "x") == datetime(2026, 6, 30, 23, 0, tzinfo=timezone.utc)
    with pytest.raises(Open311Error) as refused:
        formats.parse_w3c("yesterday", "start_date")
    assert refused.value.status == 400 and "start_date" in str(refused.value)


def test_periods_default_to_90_days_and_never_exceed_them():
    assert formats.period("", "", NOW) == (NOW - timedelta(days=90), NOW)
    start = "2026-01-01T00:00:00Z"
    assert formats.period(start, "", NOW)[1] == datetime(2026, 4, 1, tzinfo=timezone.utc)
    assert formats.period("", "2026-04-01T00:00:00Z", NOW)[0] == datetime(2026, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(Open311Error, match="90 days"):
        formats.period(start, "2026-04-01T00:00:01Z", NOW)
    with pytest.raises(Open311Error, match="before"):
        formats.period("2026-02-01T00:00:00Z", start, NOW)
    with pytest.raises(Open311Error) as both:
        formats.period("nonsense", "rubbish", NOW)
    assert len(both.value.errors) == 2


@pytest.mark.parametrize("status, excluded, external, expected", [
    ("open", None, "", "OPEN"), ("in_progress", None, "", "IN_PROGRESS"), ("resolved", None, "", "FIXED"),
    ("closed", "duplicate", "", "DUPLICATE"), ("closed", "misdirected", "", "NOT_COUNCILS_RESPONSIBILITY"),
    ("in_progress", None, "ACTION_SCHEDULED", "ACTION_SCHEDULED"),
    # What a back office said no longer fits once staff reopen or close the enquiry.
    ("open", None, "FIXED", "OPEN"), ("closed", None, "INVESTIGATING", "CLOSED"),
])
def test_extended_statuses(status, excluded, external, expected):
    assert formats.extended_status(status, excluded, external) == expected


def test_statuses_coming_in():
    assert [formats.ieg_status(s) for s in ("open", "FIXED", "action scheduled", "no_further_action", "melted")] == [
        "open", "resolved", "in_progress", "closed", None]


def test_coordinates_must_be_finite_and_in_range():
    assert formats.coordinate("51.5", "lat", -90, 90) == 51.5
    for bad in ("nan", "inf", "91", "x", "1e400"):
        with pytest.raises(Open311Error):
            formats.coordinate(bad, "lat", -90, 90)


def test_signatures_are_checked_with_a_replay_window():
    body = b'{"reference": "ENQ-1"}'
    headers = signing.headers("secret", NOW, body)
    digest = signing.verify("secret", headers[signing.TIMESTAMP_HEADER], headers[signing.SIGNATURE_HEADER], body,
                            NOW + timedelta(minutes=4))
    assert len(digest) == 64
    for secret, stamp, signature, text, when in (
            ("other", None, None, body, NOW), ("secret", headers[signing.TIMESTAMP_HEADER], None, body, NOW),
            ("other", headers[signing.TIMESTAMP_HEADER], headers[signing.SIGNATURE_HEADER], body, NOW),
            ("secret", headers[signing.TIMESTAMP_HEADER], headers[signing.SIGNATURE_HEADER], body + b" ", NOW),
            ("secret", headers[signing.TIMESTAMP_HEADER], headers[signing.SIGNATURE_HEADER], body,
             NOW + timedelta(minutes=6)),
            ("secret", "12a", headers[signing.SIGNATURE_HEADER], body, NOW)):
        with pytest.raises(signing.SignatureError):
            signing.verify(secret, stamp, signature, text, when)


def test_british_national_grid_of_known_places():
    # Buckingham Palace is in the 100 m square TQ 290 796.
    easting, northing = grid.british_national_grid(51.501009, -0.141588)
    assert (easting // 100, northing // 100) == (5290, 1796)
    assert grid.british_national_grid(48.8584, 2.2945) is None  # Paris: no grid reference


def test_discovery_lists_endpoints_and_formats_as_the_standard_names_them():
    tree = ET.fromstring(formats.render("discovery", {"endpoints": [{"url": "u", "formats": ["text/xml",
                                                                                           "application/json"]}]},
                                        "xml"))
    assert [f.text for f in tree.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]

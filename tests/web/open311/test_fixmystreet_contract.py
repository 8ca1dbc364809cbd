"""FixMyStreet's Open311 client (perllib/Open311.pm), replayed request for request: the
parameters it builds, in XML, jurisdiction_id on every call, api_key on POSTs (and on the
updates GET), repeated media_url, deviceid, attribute[...] with uprn, token polling, and
servicerequestupdates both ways; answers read as its XML::Simple set-up reads them."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import urlencode

import pytest
import time_machine
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import EnquiryEvent, Open311Request
from tests.open311_support import NOW, api_key, offer

JURISDICTION = "ashdown.example.gov.uk"
BASE = "/open311/v2/"


@pytest.fixture
def fms(app, client):
    with time_machine.travel(NOW, tick=False):
        with app.app_context():
            offer(db.session, code="GRAF", form_slug="report-graffiti")
            key = api_key(db.session)
            db.session.commit()
        yield client, key


def get(client, path, **params):
    """Open311->_get: the query string gets jurisdiction_id (no api_key but where asked)."""
    return client.get(BASE + path + "?" + urlencode({**params, "jurisdiction_id": JURISDICTION}))


def post(client, key, path, params):
    """Open311->_post: POST form with jurisdiction_id and api_key added; array values repeated."""
    pairs = []
    for name, value in {**params, "jurisdiction_id": JURISDICTION, "api_key": key}.items():
        pairs.extend((name, each) for each in (value if isinstance(value, list) else [value]))
    return client.post(BASE + path, data=urlencode(pairs), content_type="application/x-www-form-urlencoded")


def xml(response):
    assert response.status_code == 200, response.data
    assert response.headers["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.data)


def test_populate_service_list_reads_services_and_their_meta_data(fms):
    client, _ = fms
    services = xml(get(client, "services.xml"))
    service = services.find("service")
    assert (service.findtext("service_code"), service.findtext("metadata"), service.findtext("group")) == (
        "GRAF", "true", "Street care")
    meta = xml(get(client, "services/GRAF.xml"))
    attribute = meta.find("attributes/attribute")
    assert {child.tag for child in attribute} >= {"variable", "code", "datatype", "required", "order", "description",
                                                   "values"}
    assert attribute.findtext("required") == "true" and attribute.findtext("datatype") == "singlevaluelist"


def test_send_service_request_as_fixmystreet_builds_it(fms, app):
    client, key = fms
    # _populate_service_request_params with extended_description, always_send_latlong,
    # multi_photos, use_service_as_deviceid and extra fields including uprn.
    params = {
        "description": "title: Graffiti on the bridge\n\ndetail: Big tags\n\nurl: https://fms.example/report/7\n\n"
                       "Submitted via FixMyStreet\n",
        "service_code": "GRAF", "first_name": "Alex", "last_name": "Smith", "email": "alex@example.net",
        "lat": "51.063201", "long": "0.158101",
        "media_url": ["https://fms.example/photo/7.0.full.jpeg", "https://fms.example/photo/7.1.full.jpeg"],
        "deviceid": "Android", "attribute[offensive]": "no", "attribute[uprn]": "100060000001",
        "attribute[easting]": "551321", "attribute[northing]": "131533", "attribute[fixmystreet_id]": "7",
        "attribute[title]": "Graffiti on the bridge", "attribute[report_url]": "https://fms.example/report/7",
    }
    with time_machine.travel(NOW, tick=False):
        answer = xml(post(client, key, "requests.xml", params))
    request_id = answer.find("request").findtext("service_request_id")
    assert request_id.startswith("ENQ-")
    with app.app_context():
        record = db.session.scalar(select(Open311Request))
        assert record.media_urls == params["media_url"] and record.device_id == "Android"
        assert record.attributes["uprn"] == "100060000001" and record.attributes["fixmystreet_id"] == "7"
        assert record.enquiry.channel == "api" and "Graffiti on the bridge" in record.enquiry.description

    # A client that got a token polls tokens/{token}.xml for the id.
    token = answer.find("request").findtext("token")
    polled = xml(get(client, f"tokens/{token}.xml"))
    assert polled.find("request").findtext("service_request_id") == request_id

    # GetServiceRequests: report_ids joined by commas, then start/end dates.
    found = xml(get(client, "requests.xml", service_request_id=request_id))
    assert [r.findtext("service_request_id") for r in found.findall("request")] == [request_id]
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        window = xml(get(client, "requests.xml", start_date="2026-11-17T00:00:00Z", end_date="2026-11-18T00:00:00Z"))
    assert [r.findtext("status") for r in window.findall("request")] == ["open"]


def test_updates_both_ways(fms, app):
    client, key = fms
    with time_machine.travel(NOW, tick=False):
        request_id = xml(post(client, key, "requests.xml", {
            "service_code": "GRAF", "address_string": "AS1 1AA", "description": "Tags",
            "attribute[offensive]": "yes"})).find("request").findtext("service_request_id")
    # post_service_request_update (_populate_service_request_update_params, extended statuses).
    with time_machine.travel(NOW + timedelta(hours=2), tick=False):
        update = xml(post(client, key, "servicerequestupdates.xml", {
            "updated_datetime": "2026-11-17T11:59:00+00:00", "service_request_id": request_id, "status": "REOPEN",
            "description": "Still there", "last_name": "-", "first_name": "Alex", "email": "alex@example.net",
            "update_id": "9001", "media_url": "https://fms.example/photo/c/9001.0.full.jpeg"}))
    assert update.tag == "service_request_updates"
    update_id = update.find("request_update").findtext("update_id")
    with app.app_context():
        event = db.session.get(EnquiryEvent, int(update_id))
        assert event.kind == "reply_in" and "Still there" in event.body and not event.public

    # Staff move it on; get_service_request_updates reads it with api_key, start and end dates.
    with app.app_context():
        from ieg.casework import handling
        from tests.factories import make_user
        officer = make_user(db.session, "officer@staff.example.gov.uk", roles=("contact_agent",))
        enquiry = db.session.get(EnquiryEvent, int(update_id)).enquiry
        handling.set_status(db.session, enquiry, officer, "resolved", NOW + timedelta(hours=3))
        db.session.commit()
    with time_machine.travel(NOW + timedelta(hours=4), tick=False):
        updates = xml(get(client, "servicerequestupdates.xml", api_key=key, start_date="2026-11-17T09:00:00Z",
                          end_date="2026-11-17T15:00:00Z"))
    listed = updates.findall("request_update")
    assert [(u.findtext("service_request_id"), u.findtext("status")) for u in listed] == [(request_id, "FIXED")]
    assert listed[0].findtext("updated_datetime") == "2026-11-17T13:00:00+00:00"


def test_errors_read_as_fixmystreet_reads_them(fms):
    client, key = fms
    refused = post(client, "wrong-key", "requests.xml", {"service_code": "GRAF", "lat": "51", "long": "0"})
    assert refused.status_code == 403
    error = ET.fromstring(refused.data).find("error")
    assert (error.findtext("code"), bool(error.findtext("description"))) == ("403", True)
    missing = post(client, key, "servicerequestupdates.xml", {"service_request_id": "ENQ-0000-0000-0"})
    assert missing.status_code == 400 and len(ET.fromstring(missing.data).findall("error")) == 2

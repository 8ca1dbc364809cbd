"""Open311 GeoReport v2 over HTTP: every endpoint in XML and JSON, errors in the standard's
format, requests becoming enquiries on the api channel."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from sqlalchemy import select

from ieg import files_store
from ieg.extensions import db
from ieg.models import AuditEntry, Enquiry, EnquiryFile, OutboxMessage, Open311Request
from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD, Holder, add_holder
from tests.open311_support import NOW, api_key, offer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def api(app, client):
    with time_machine.travel(NOW, tick=False):
        with app.app_context():
            offer(db.session)
            offer(db.session, code="fly-tipping", form_slug="report-fly-tipping", case_type="fly-tipping",
                  name="Fly-tipping report", section="waste-and-recycling", group="Street care")
            key = api_key(db.session)
            db.session.commit()
        yield client, key


def post_request(client, key, **fields):
    data = {"api_key": key, "service_code": "graffiti", "lat": "51.0632", "long": "0.1581",
            "description": "Tags on the bus shelter", "attribute[offensive]": "yes", **fields}
    return client.post("/open311/v2/requests.json", data={k: v for k, v in data.items() if v is not None})


def test_discovery_services_and_definitions_in_both_formats(api):
    client, _ = api
    found = client.get("/open311/v2/discovery.json")
    assert found.status_code == 200 and found.json["endpoints"][0]["url"].endswith("/open311/v2/")
    listed = client.get("/open311/v2/services.json").json
    assert [(s["service_code"], s["group"], s["metadata"]) for s in listed] == [
        ("fly-tipping", "Street care", True), ("graffiti", "Street care", True)]
    xml = ET.fromstring(client.get("/open311/v2/services.xml").data)
    assert xml.tag == "services" and [s.findtext("service_code") for s in xml.findall("service")] == [
        "fly-tipping", "graffiti"]
    definition = client.get("/open311/v2/services/graffiti.json").json
    offensive = definition["attributes"][0]
    assert (offensive["code"], offensive["datatype"], offensive["required"], offensive["values"]) == (
        "offensive", "singlevaluelist", True, [{"key": "yes", "name": "Yes"}, {"key": "no", "name": "No"}])
    tree = ET.fromstring(client.get("/open311/v2/service/graffiti.xml").data)  # the quirk some clients have
    assert tree.tag == "service_definition"
    assert [v.findtext("key") for v in tree.find("attributes/attribute/values").findall("value")] == ["yes", "no"]


def test_a_request_becomes_an_api_enquiry_with_reference_grid_and_acknowledgement(api, app):
    client, key = api
    with time_machine.travel(NOW, tick=False):
        answer = post_request(client, key, email="Resident@Example.com", first_name="Sam", last_name="Jones",
                              deviceid="phone-1")
    assert answer.status_code == 200, answer.data
    reference = answer.json[0]["service_request_id"]
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        record = db.session.scalar(select(Open311Request).where(Open311Request.enquiry_id == enquiry.id))
        assert (enquiry.channel, enquiry.case_type.slug, enquiry.answers["offensive"]) == ("api", "graffiti", "yes")
        assert enquiry.customer.email == "resident@example.com" and enquiry.response_due_at is not None
        assert (record.device_id, record.easting, record.northing) == ("phone-1", 551321, 131533)
        assert db.session.scalar(select(OutboxMessage.subject).where(OutboxMessage.purpose == "acknowledgement")) \
            .startswith(f"Your enquiry {reference}")
    token = answer.json[0]["token"]
    assert client.get(f"/open311/v2/tokens/{token}.json").json == [{"token": token, "service_request_id": reference}]
    shown = client.get(f"/open311/v2/requests/{reference}.json").json[0]
    assert (shown["status"], shown["service_code"], shown["description"], shown["lat"]) == (
        "open", "graffiti", "Tags on the bus shelter", 51.0632)
    assert "Sam" not in json.dumps(shown) and "resident@" not in json.dumps(shown)  # nothing personal
    assert shown["requested_datetime"] == "2026-11-17T10:00:00+00:00"


def test_errors_are_the_standards_and_several_at_once(api):
    client, key = api
    missing = post_request(client, key, lat="95", long=None, description="x" * 4001, **{"attribute[offensive]": None})
    assert missing.status_code == 400
    descriptions = [e["description"] for e in missing.json]
    assert {e["code"] for e in missing.json} == {400} and len(descriptions) == 3
    assert any("lat and long" in d for d in descriptions) and any("4,000" in d for d in descriptions)
    assert any("attribute[offensive]" in d for d in descriptions)
    unknown = post_request(client, key, service_code="nope")
    assert unknown.status_code == 404 and unknown.json[0]["code"] == 404
    assert post_request(client, "wrong").status_code == 403
    assert post_request(client, "").status_code == 403
    xml = client.get("/open311/v2/requests/ENQ-0000-0000-0.xml")
    assert xml.status_code == 404 and ET.fromstring(xml.data).tag == "errors"
    assert client.get("/open311/v2/services/nope.xml").status_code == 404
    assert client.get("/open311/v2/nothing.json").json[0]["code"] == 404
    assert client.get("/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"
                      ).status_code == 400


def test_requests_listed_by_status_code_and_dates_with_empty_parameters_ignored(api):
    client, key = api
    with time_machine.travel(NOW, tick=False):
        first = post_request(client, key).json[0]["service_request_id"]
        second = post_request(client, key, service_code="fly-tipping", **{"attribute[what]": "Sofa",
                                                                         "attribute[offensive]": None}).json[0]
    with time_machine.travel(NOW.replace(day=20), tick=False):
        everything = client.get("/open311/v2/requests.json?service_code=&status=&start_date=").json
        assert [r["service_request_id"] for r in everything] == [second["service_request_id"], first]
        graffiti = client.get("/open311/v2/requests.json?service_code=graffiti&status=open").json
        assert [r["service_request_id"] for r in graffiti] == [first]
        assert client.get("/open311/v2/requests.json?status=closed").json == []
        by_id = client.get(f"/open311/v2/requests.json?service_request_id={first},nonsense").json
        assert [r["service_request_id"] for r in by_id] == [first]
        later = client.get("/open311/v2/requests.json?start_date=2026-11-18T00:00:00Z").json
        assert later == []
        xml = ET.fromstring(client.get("/open311/v2/requests.xml").data)
        assert xml.tag == "service_requests" and len(xml.findall("request")) == 2


@pytest.mark.parametrize("file_store", files_store.BACKENDS)
def test_keys_revoked_are_refused_and_photos_upload(api, app):
    client, key = api
    with time_machine.travel(NOW, tick=False):
        answer = client.post("/open311/v2/requests.xml", data={
            "api_key": key, "jurisdiction_id": "ashdown.example.gov.uk", "service_code": "graffiti",
            "address_string": "Bus shelter, High Street", "attribute[offensive]": "no",
            "media_url": ["https://fms.example/1.jpg", "https://fms.example/2.jpg"],
            "photo1": (__import__("io").BytesIO(PNG), "p.png")}, content_type="multipart/form-data")
    assert answer.status_code == 200, answer.data
    reference = ET.fromstring(answer.data).findtext("request/service_request_id")
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        assert [f.content_type for f in db.session.scalars(select(EnquiryFile).where(
            EnquiryFile.enquiry_id == enquiry.id))] == ["image/png"]
        record = db.session.scalar(select(Open311Request).where(Open311Request.enquiry_id == enquiry.id))
        assert record.media_urls == ["https://fms.example/1.jpg", "https://fms.example/2.jpg"]
        assert record.lat is None and record.address_string == "Bus shelter, High Street"
    refused = client.post("/open311/v2/requests.json", data={"api_key": key, "service_code": "graffiti",
                                                             "address_string": "x", "attribute[offensive]": "no",
                                                             "photo1": (__import__("io").BytesIO(b"not"), "x.png")},
                          content_type="multipart/form-data")
    assert refused.status_code == 400 and "media" in refused.json[0]["description"]


def test_admin_issues_a_key_shown_once_and_revokes_it(app, client, council):
    with app.app_context():
        offer(db.session, code="graffiti-api")
        db.session.commit()
    sign_in(client, add_holder(app, Holder("boss", roles=("admin",))), PASSWORD)
    page = client.get("/admin/open311")
    assert page.status_code == 200
    issued = client.post("/admin/open311/keys", data={"key-client": "FixMyStreet", "csrf_token": csrf_from(page)})
    assert issued.status_code == 200
    key = re.search(r'<code id="issued-key"[^>]*>([^<]+)</code>', issued.get_data(as_text=True)).group(1)
    assert key not in client.get("/admin/open311").get_data(as_text=True)  # shown once
    client.post("/open311/v2/requests.json", data={"api_key": key, "service_code": "graffiti-api",
                                                   "address_string": "x", "attribute[offensive]": "no"})
    with app.app_context():
        from ieg.models import ApiKey
        record = db.session.scalar(select(ApiKey))
        assert record.key_hash != key and key not in record.key_hash and record.last_used_at is not None
        record_id = record.id
    page = client.get("/admin/open311")
    client.post(f"/admin/open311/keys/{record_id}/revoke", data={"csrf_token": csrf_from(page)})
    refused = client.post("/open311/v2/requests.json", data={"api_key": key, "service_code": "graffiti-api",
                                                             "address_string": "x", "attribute[offensive]": "no"})
    assert refused.status_code == 403
    with app.app_context():
        actions = [a for a in db.session.scalars(select(AuditEntry.action)) if a.startswith("open311.")]
        assert actions == ["open311.key_issue", "open311.key_revoke"]


def test_non_admins_are_refused_the_admin_pages(app, client, council):
    assert client.get("/admin/open311").status_code == 302
    sign_in(client, add_holder(app, Holder("agent", roles=("contact_agent",))), PASSWORD)
    assert client.get("/admin/open311").status_code == 403


def test_the_api_sets_no_cookie_and_publishes_an_openapi_document(api):
    client, _ = api
    response = client.get("/open311/v2/services.json")
    assert "Set-Cookie" not in response.headers
    document = client.get("/open311/v2/openapi.json").json
    assert document["openapi"].startswith("3.") and "/requests.{fmt}" in document["paths"]


def test_posts_are_rate_limited_per_key_in_the_standards_format(app_factory):
    app = app_factory(RATELIMIT_ENABLED=True, OPEN311_KEY_RATE_LIMIT="2 per minute")
    with app.app_context():
        offer(db.session)
        first, second = api_key(db.session, "First"), api_key(db.session, "Second")
        db.session.commit()
    client = app.test_client()
    with time_machine.travel(NOW, tick=False):
        assert [post_request(client, first).status_code for _ in range(3)] == [200, 200, 429]
        limited = post_request(client, first)
        assert limited.json[0]["code"] == 429 and "Too many requests" in limited.json[0]["description"]
        assert post_request(client, second).status_code == 200  # another key has its own allowance

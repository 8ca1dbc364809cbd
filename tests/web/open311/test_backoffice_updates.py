"""Back offices' status updates (POST /open311/backoffice/<id>/updates): signed with the
webhook's secret and a fresh timestamp, accepted once; they reach the enquiry's timeline,
the citizen's tracking page and Open311's request updates."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Enquiry, EnquiryEvent
from ieg.open311 import outbound, signing
from tests.factories import make_user
from tests.open311_support import NOW, api_key, offer


@pytest.fixture
def office(app, client):
    with time_machine.travel(NOW, tick=False):
        with app.app_context():
            service = offer(db.session)
            admin = make_user(db.session, "webhooks.admin@staff.example.gov.uk", roles=("admin",))
            hook, secret = outbound.configure(db.session, admin, NOW, None, case_type=service.case_type,
                                              name="Street works", url="https://backoffice.example/hook")
            key = api_key(db.session)
            db.session.commit()
            hook_id = hook.id
        answer = client.post("/open311/v2/requests.json", data={
            "api_key": key, "service_code": "graffiti", "address_string": "Bus shelter", "email": "sam@example.com",
            "attribute[offensive]": "yes"})
        yield client, hook_id, secret, answer.json[0]["service_request_id"]


def send(client, hook_id, secret, payload, at=NOW, signed=True, body=None):
    body = body if body is not None else json.dumps(payload).encode()
    headers = signing.headers(secret, at, body) if signed else {}
    return client.post(f"/open311/backoffice/{hook_id}/updates", data=body, headers=headers,
                       content_type="application/json"), headers, body


def test_a_signed_update_changes_status_and_shows_on_tracking_and_in_open311(office, app):
    client, hook_id, secret, reference = office
    with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
        answer, _, _ = send(client, hook_id, secret, {"reference": reference, "status": "ACTION_SCHEDULED",
                                                      "description": "Crew booked for Thursday"},
                            at=NOW + timedelta(minutes=10))
        assert answer.status_code == 201, answer.json
        shown = client.get(f"/open311/v2/requests/{reference}.json").json[0]
        assert (shown["status"], shown["extended_status"]) == ("open", "ACTION_SCHEDULED")
        updates = client.get("/open311/v2/servicerequestupdates.xml?start_date=2026-11-17T00:00:00Z"
                             "&end_date=2026-11-18T00:00:00Z").get_data(as_text=True)
        assert "<status>ACTION_SCHEDULED</status>" in updates and "Crew booked for Thursday" in updates
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        assert enquiry.status == "in_progress"
        event = [e for e in enquiry.events if e.kind == "status"][-1]
        assert event.public and "Crew booked for Thursday" in event.body
        from ieg.casework.enquiries import tracking_token
        token = tracking_token(app.config["SECRET_KEY"], enquiry)
    assert "Crew booked for Thursday" in client.get(f"/track/{token}").get_data(as_text=True)


def test_unsigned_wrongly_signed_stale_and_replayed_updates_are_refused(office, app):
    client, hook_id, secret, reference = office
    payload = {"reference": reference, "description": "Looked at it"}
    with time_machine.travel(NOW, tick=False):
        assert send(client, hook_id, secret, payload, signed=False)[0].status_code == 401
        assert send(client, hook_id, "not-the-secret", payload)[0].status_code == 401
        assert send(client, hook_id, secret, payload, at=NOW - timedelta(minutes=6))[0].status_code == 401
        accepted, headers, body = send(client, hook_id, secret, payload)
        assert accepted.status_code == 201
        replay = client.post(f"/open311/backoffice/{hook_id}/updates", data=body, headers=headers,
                             content_type="application/json")
        assert replay.status_code == 401 and "before" in replay.json["error"]
        tampered = client.post(f"/open311/backoffice/{hook_id}/updates", data=body.replace(b"Looked", b"Fixed"),
                               headers=headers, content_type="application/json")
        assert tampered.status_code == 401
    with app.app_context():
        notes = db.session.scalars(select(EnquiryEvent.body).where(EnquiryEvent.kind == "backoffice")).all()
        assert notes == ["Looked at it"]


def test_updates_that_cannot_apply_say_why(office):
    client, hook_id, secret, reference = office
    with time_machine.travel(NOW, tick=False):
        assert send(client, hook_id, secret, {"reference": "ENQ-0000-0000-0"})[0].status_code == 404
        assert send(client, hook_id, secret, {"reference": reference, "status": "MELTED"})[0].status_code == 400
        assert send(client, hook_id, secret, {}, body=b"not json")[0].status_code == 400
        assert client.post("/open311/backoffice/999/updates", data=b"{}").status_code == 404
    # Past its deadline, closing needs the reason the standard was missed.
    late = NOW + timedelta(days=30)
    with time_machine.travel(late, tick=False):
        refused = send(client, hook_id, secret, {"reference": reference, "status": "FIXED"}, at=late)[0]
        assert refused.status_code == 409 and refused.json["field"] == "breach_reason"
        done = send(client, hook_id, secret, {"reference": reference, "status": "FIXED",
                                              "breach_reason": "Scaffolding in the way"}, at=late)[0]
        assert done.status_code == 201
        assert client.get(f"/open311/v2/requests/{reference}.json").json[0]["status"] == "closed"


def test_staff_read_an_enquirys_delivery_log(office, app, council):
    from ieg.config import Council
    from tests.conftest import sign_in
    from tests.factories import PASSWORD, Holder, add_holder
    client, hook_id, secret, reference = office
    with app.app_context():
        outbound.queue_events(db.session, NOW, Council.from_config(app.config))
        db.session.commit()
    sign_in(client, add_holder(app, Holder("agent", roles=("contact_agent",))), PASSWORD)
    page = client.get(f"/staff/enquiries/{reference}")
    assert f"/staff/enquiries/{reference}/deliveries" in page.get_data(as_text=True)
    log = client.get(f"/staff/enquiries/{reference}/deliveries").get_data(as_text=True)
    assert "Street works" in log and "created" in log and "Waiting" in log
    assert client.get("/staff/enquiries/ENQ-0000-0000-0/deliveries").status_code == 404

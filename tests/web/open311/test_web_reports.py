"""Open311's GET requests and the council's own web forms: by default the API publishes only
what came in through it; a council that chooses to (OPEN311_PUBLISH_WEB_REPORTS) publishes
its web-form problem reports too, with their place and position, never who reported them."""
from __future__ import annotations

import json

import pytest
import time_machine

from ieg.extensions import db
from tests.open311_support import NOW, api_key, offer
from tests.web.casework.test_eform_location import HERE, send


def _site(app_factory, publish: bool):
    app = app_factory(OPEN311_PUBLISH_WEB_REPORTS=publish)
    client = app.test_client()
    with app.app_context():
        offer(db.session, code="fly-tipping", form_slug="report-fly-tipping", case_type="fly-tipping",
              name="Fly-tipping report", section="waste-and-recycling", group="Street care")
        key = api_key(db.session)
        db.session.commit()
    api = client.post("/open311/v2/requests.json", data={
        "api_key": key, "service_code": "fly-tipping", "lat": "51.0632", "long": "0.1581",
        "description": "Bags in the lay-by", "attribute[what]": "Bags"})
    assert api.status_code == 200, api.get_data(as_text=True)
    web = send(client, {"location": "Behind the library", **HERE})
    assert web.status_code == 200
    question = send(client, {"question": "When is my bin collected?"}, form="general-enquiry")
    assert question.status_code == 200
    return client, api.get_json()[0]["service_request_id"]


def listed(client):
    response = client.get("/open311/v2/requests.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.usefixtures("council")
def test_by_default_only_what_came_in_through_the_api_is_published(app_factory):
    with time_machine.travel(NOW, tick=False):
        client, api_reference = _site(app_factory, publish=False)
        found = listed(client)
        assert [r["service_request_id"] for r in found] == [api_reference]
        web_reference = db_reference(client, "web")
        assert client.get(f"/open311/v2/requests/{web_reference}.json").status_code == 404


@pytest.mark.usefixtures("council")
def test_a_council_may_publish_its_web_reports_with_their_position(app_factory):
    with time_machine.travel(NOW, tick=False):
        client, api_reference = _site(app_factory, publish=True)
        found = listed(client)
        web_reference = db_reference(client, "web")
        assert {r["service_request_id"] for r in found} == {api_reference, web_reference}  # not the question
        web, = [r for r in found if r["service_request_id"] == web_reference]
        assert (web["lat"], web["long"], web["service_code"], web["address"]) == (
            51.50073, -0.12462, "fly-tipping", "Behind the library")
        assert web["description"] == "Six black bags and a mattress" and web["status"] == "open"
        text = json.dumps(found)
        assert "Jo Bloggs" not in text and "jo@example.com" not in text  # nothing personal
        one = client.get(f"/open311/v2/requests/{web_reference}.xml")
        assert one.status_code == 200 and "<lat>51.50073</lat>" in one.get_data(as_text=True)
        closed = client.get("/open311/v2/requests.json?status=closed&service_code=fly-tipping").get_json()
        assert closed == []


def db_reference(client, channel):
    from sqlalchemy import select
    from ieg.models import CaseType, Enquiry
    with client.application.app_context():
        return db.session.scalar(select(Enquiry.reference).join(CaseType)
                                 .where(Enquiry.channel == channel, CaseType.slug == "fly-tipping"))

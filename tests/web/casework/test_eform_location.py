"""A form's location question through HTTP: postcode and description without JavaScript, a
position from the browser with it; what is stored (WGS84, British National Grid inside Great
Britain), what staff and back offices see, and the permission to ask the browser."""
from __future__ import annotations

import json
import re
from datetime import timedelta

from sqlalchemy import select

from ieg.config import Council
from tests.conftest import csrf_from

REPORT = {"what": "Six black bags and a mattress", "name": "Jo Bloggs", "email": "jo@example.com"}
HERE = {"location-lat": "51.500729", "location-long": "-0.124625"}  # the Elizabeth Tower, Westminster


def send(client, data, action="submit", form="report-fly-tipping"):
    page = client.get(f"/forms/{form}")
    key = re.search(r'name="submission" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    return client.post(f"/forms/{form}", data={**REPORT, **data, "action": action, "submission": key,
                                               "csrf_token": csrf_from(page)})


def stored(app):
    from ieg.extensions import db
    from ieg.models import Enquiry, ReportLocation
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry))
        where = db.session.scalar(select(ReportLocation))
        db.session.expunge_all()
        return enquiry, where


def test_the_form_asks_for_a_postcode_or_a_place_and_may_ask_the_browser(client, council):
    page = client.get("/forms/report-fly-tipping")
    body = page.get_data(as_text=True)
    assert 'name="location-postcode"' in body and '<textarea class="govuk-textarea" id="location" name="location"' in body
    assert 'type="hidden" id="location-lat"' in body and "dist/location.mjs" in body
    assert "Use my location" in body and '<div class="ieg-location" hidden>' in body  # only with JavaScript
    assert "geolocation=(self)" in page.headers["Permissions-Policy"]
    assert "Set-Cookie" not in page.headers
    # A form without the question keeps geolocation off, and loads no script for it.
    other = client.get("/forms/general-enquiry")
    assert "geolocation=()" in other.headers["Permissions-Policy"]
    assert "location.mjs" not in other.get_data(as_text=True)
    assert client.get("/").headers["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"


def test_without_a_postcode_a_place_or_a_position_the_form_says_so(app, client, council):
    response = send(client, {}, "check")
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and 'href="#location">Enter where the rubbish is' in body
    wrong = send(client, {"location-postcode": "XX"}, "check").get_data(as_text=True)
    assert 'href="#location-postcode">Enter a real postcode' in wrong
    assert stored(app) == (None, None)


def test_a_report_with_a_postcode_and_description_only(app, client, council):
    check = send(client, {"location": "Behind the library", "location-postcode": "as1 1aa"}, "check")
    assert check.status_code == 200 and "Postcode: AS1 1AA" in check.get_data(as_text=True)
    done = send(client, {"location": "Behind the library", "location-postcode": "as1 1aa"})
    assert done.status_code == 200 and "govuk-panel--confirmation" in done.get_data(as_text=True)
    enquiry, where = stored(app)
    assert enquiry.location == "Behind the library\nPostcode: AS1 1AA"
    assert (where.postcode, where.description, where.lat, where.long, where.easting) == (
        "AS1 1AA", "Behind the library", None, None, None)


def test_a_report_with_the_browsers_position(app, client, council):
    check = send(client, HERE, "check").get_data(as_text=True)
    assert "Position: 51.50073\u00b0 N, 0.12462\u00b0 W" in check
    assert 'name="location-lat" value="51.50073"' in check  # carried, rounded, to the send step
    assert send(client, HERE).status_code == 200
    enquiry, where = stored(app)
    assert (where.lat, where.long, where.easting, where.northing) == (51.50073, -0.12462, 530268, 179644)
    assert enquiry.answers["location-lat"] == "51.50073" and enquiry.channel == "web"


def test_a_position_outside_great_britain_has_no_grid_reference(app, client, council):
    assert send(client, {"location-lat": "48.85837", "location-long": "2.29448"}).status_code == 200
    _, where = stored(app)
    assert (where.lat, where.long, where.easting, where.northing) == (48.85837, 2.29448, None, None)


def test_a_position_off_the_globe_is_refused_with_a_way_out(app, client, council):
    response = send(client, {"location": "Here", "location-lat": "123", "location-long": "0"})
    assert response.status_code == 400 and "Your location could not be used" in response.get_data(as_text=True)
    assert stored(app) == (None, None)


def test_staff_see_the_position_with_a_link_to_the_councils_map(app_factory, council):
    app = app_factory(MAP_URL="https://maps.example/?lat={lat}&lon={long}")
    client = app.test_client()
    send(client, {"location": "Behind the library", **HERE})
    enquiry, _ = stored(app)
    from tests.conftest import sign_in
    assert sign_in(client, "admin@staff.example.gov.uk").status_code == 302
    body = client.get(f"/staff/enquiries/{enquiry.reference}").get_data(as_text=True)
    assert "Latitude 51.50073, longitude -0.12462 (WGS84)" in body
    assert "easting 530268, northing 179644 (British National Grid)" in body
    assert 'href="https://maps.example/?lat=51.50073&amp;lon=-0.12462"' in body


def test_without_a_map_service_there_is_no_link(app, client, council, signed_in):
    send(client, HERE)
    enquiry, _ = stored(app)
    body = signed_in("admin@staff.example.gov.uk").get(f"/staff/enquiries/{enquiry.reference}").get_data(as_text=True)
    assert "Latitude 51.50073" in body and "Open this place on the map" not in body


def test_the_back_office_is_sent_the_place(app, client, council):
    from ieg.extensions import db
    from ieg.models import CaseType, User, WebhookDelivery
    from ieg.open311 import outbound
    from ieg.timeutil import utcnow
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.email == "admin@staff.example.gov.uk"))
        kind = db.session.scalar(select(CaseType).where(CaseType.slug == "fly-tipping"))
        if kind is None:  # made by the first report otherwise
            send(client, {"location": "Before the webhook"})
            kind = db.session.scalar(select(CaseType).where(CaseType.slug == "fly-tipping"))
        outbound.configure(db.session, admin, utcnow() - timedelta(minutes=5), None, case_type=kind,
                           name="Street scene", url="https://backoffice.example/hook")
        db.session.commit()
    send(client, {"location": "Behind the library", "location-postcode": "AS1 1AA", **HERE})
    with app.app_context():
        assert outbound.queue_events(db.session, utcnow(), Council.from_config(app.config)) >= 1
        sent = [d.payload for d in db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))]
        latest = sent[-1]
        assert (latest["lat"], latest["long"], latest["easting"], latest["northing"], latest["postcode"]) == (
            51.50073, -0.12462, 530268, 179644, "AS1 1AA")
        json.dumps(latest)  # as it is sent


def test_an_administrator_adds_a_location_question_to_a_form(app, signed_in):
    from ieg.extensions import db
    from ieg.models import EForm
    from tests.web.casework.test_eforms_admin import add_question, create_form, post
    admin = signed_in("admin@staff.example.gov.uk")
    number = create_form(admin)
    add_question(admin, number, answer_type="location", label="Where was it?", missing="Enter where it was")
    refused = post(admin, f"/admin/forms/{number}/questions/new", {
        "required": "yes", "answer_type": "location", "label": "And where else?"})
    assert refused.status_code == 400 and "The form already asks where the problem is" in refused.get_data(as_text=True)
    with app.app_context():
        record = db.session.get(EForm, number)
        assert [(q["name"], q["kind"]) for q in record.fields] == [("where_was_it", "location")]
        assert record.location_field == "where_was_it"  # the enquiry's location, until changed
    preview = admin.get(f"/admin/forms/{number}/preview")
    assert 'name="where_was_it-postcode"' in preview.get_data(as_text=True)

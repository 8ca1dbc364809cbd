"""The public democracy pages and feeds over HTTP."""
import json
import re

import icalendar
from xml.etree import ElementTree


def test_councillors_list_by_name_ward_and_party(client, council):
    for by in ("name", "ward", "party"):
        page = client.get(f"/councillors/?by={by}")
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "Councillor Priya Shah" in body and "Councillor Tom Hale" in body
    assert "<h2 class=\"govuk-heading-m\">Millbrook</h2>" in client.get("/councillors/?by=ward").get_data(as_text=True)
    assert not client.get("/councillors/").headers.get("Set-Cookie")


def test_find_by_ward_lists_councillors_and_next_meeting(client, council):
    body = client.get(f"/councillors/find?ward={council.ward}").get_data(as_text=True)
    assert "Councillors for Abbey" in body and "Priya Shah" in body and "Tom Hale" not in body
    assert f"/meetings/{council.future_meeting}" in body
    assert client.get("/councillors/find?ward=NOPE").status_code == 400
    assert "Choose your ward from the list" in client.get("/councillors/find?ward=NOPE").get_data(as_text=True)


def test_find_by_postcode_once_loaded(app, client, council):
    assert 'name="postcode"' not in client.get("/councillors/find").get_data(as_text=True)
    from ieg.democracy import councillors
    from ieg.extensions import db
    with app.app_context():
        councillors.load_postcode_wards(db.session, [("AS1 1AA", council.other_ward)])
        db.session.commit()
    body = client.get("/councillors/find?postcode=as11aa").get_data(as_text=True)
    assert "Councillors for Millbrook" in body and "Tom Hale" in body
    missing = client.get("/councillors/find?postcode=AS9 9ZZ")
    assert missing.status_code == 400 and "cannot find that postcode" in missing.get_data(as_text=True)
    assert client.get("/councillors/find?postcode=zz").status_code == 400


def test_councillor_page_has_person_json_ld_and_only_published_contact(client, council):
    body = client.get(f"/councillors/{council.mine}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "Person" and data["name"] == "Priya Shah" and data["email"] == "priya.shah@council.example"
    assert "Planning Committee</a> (Chair)" in body
    assert "cllr.shah@example.gov.uk" not in body  # the sign-in address is not published
    assert client.get("/councillors/nobody").status_code == 404


def test_diary_future_and_by_month_with_cancelled_kept(client, council):
    body = client.get("/meetings/").get_data(as_text=True)
    assert f"/meetings/{council.future_meeting}" in body and f"/meetings/{council.past_meeting}\"" not in body
    month = client.get("/meetings/?month=2026-02").get_data(as_text=True)
    assert f"/meetings/{council.past_meeting}" in month and "Meetings in February 2026" in month
    assert client.get("/meetings/?month=2026-13").status_code == 404
    assert client.get(f"/meetings/?committee={council.committee}").status_code == 200
    assert client.get("/meetings/?committee=nope").status_code == 404


def test_meeting_page_agenda_documents_and_exempt_item(client, council):
    body = client.get(f"/meetings/{council.past_meeting}").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert data["@type"] == "Event" and data["eventStatus"].endswith("EventScheduled")
    assert "Land at Mill Lane" in body and "Staffing restructure" in body and "Exempt" in body
    assert "Report of the Head of Planning" in body and "Minutes" in body and "published 5 January 2026" in body
    item = client.get(f"/meetings/{council.past_meeting}/items/1").get_data(as_text=True)
    assert "<strong>12 homes</strong>" in item and "Report of the Head of Planning" in item
    exempt = client.get(f"/meetings/{council.past_meeting}/items/2").get_data(as_text=True)
    assert "exempt from publication under paragraph 1" in exempt and "Confidential" not in exempt
    future = client.get(f"/meetings/{council.future_meeting}").get_data(as_text=True)
    assert "Not yet" in future
    assert client.get(f"/meetings/{council.future_meeting}/items/1").status_code == 404


def test_document_page_is_html(client, council):
    body = client.get(f"/meetings/{council.past_meeting}").get_data(as_text=True)
    link = re.search(r'href="(/meetings/documents/\d+)">Report', body).group(1)
    page = client.get(link).get_data(as_text=True)
    assert '<h2 class="govuk-heading-l"' in page and "Approve with conditions." in page


def _events(body: bytes):
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def test_ics_feeds_whole_diary_committee_councillor_ward(client, council):
    whole = client.get("/meetings.ics")
    assert whole.mimetype == "text/calendar"
    assert len(_events(whole.data)) == 2
    assert len(_events(client.get(f"/meetings/committees/{council.committee}.ics").data)) == 2
    assert len(_events(client.get(f"/councillors/{council.mine}/meetings.ics").data)) == 2
    assert _events(client.get(f"/councillors/{council.theirs}/meetings.ics").data) == []
    assert len(_events(client.get(f"/councillors/wards/{council.ward}/meetings.ics").data)) == 2
    assert client.get("/councillors/wards/NOPE/meetings.ics").status_code == 404


def test_ics_cache_follows_changes(app, client, council):
    from ieg.democracy import meetings
    from ieg.extensions import db
    from ieg.models import Meeting, User
    from ieg.timeutil import utcnow
    before = {str(e["uid"]): e for e in _events(client.get("/meetings.ics").data)}
    with app.app_context():
        meeting = db.session.get(Meeting, council.future_meeting)
        officer = db.session.query(User).filter_by(email=council.officer).one()
        meetings.cancel_meeting(db.session, officer, utcnow(), meeting, "No business")
        db.session.commit()
    after = {str(e["uid"]): e for e in _events(client.get("/meetings.ics").data)}
    assert before.keys() == after.keys()
    uid = next(u for u in after if u.startswith(f"meeting-{council.future_meeting}@"))
    assert str(after[uid]["status"]) == "CANCELLED"
    assert int(after[uid]["sequence"]) > int(before[uid]["sequence"])
    assert "cancelled" in client.get(f"/meetings/{council.future_meeting}").get_data(as_text=True).lower()


def test_atom_feed_lists_published_documents(client, council):
    response = client.get("/meetings/documents.atom")
    assert response.mimetype == "application/atom+xml"
    root = ElementTree.fromstring(response.data)
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in root.findall("{http://www.w3.org/2005/Atom}entry")]
    assert titles == ["Planning Committee: Minutes", "Planning Committee: Report of the Head of Planning"]


def test_councillor_sections_stay_off_the_home_page(client, council):
    body = client.get("/").get_data(as_text=True)
    assert "Councillor Priya Shah" not in body


def test_sitemap_lists_councillors_committees_and_meetings(client, council):
    body = client.get("/sitemap.xml").get_data(as_text=True)
    for path in ("/councillors/", "/councillors/find", f"/councillors/{council.mine}", "/meetings/",
                 f"/meetings/committees/{council.committee}", f"/meetings/{council.past_meeting}"):
        assert f"{path}</loc>" in body, path

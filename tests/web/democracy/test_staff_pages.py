"""Democratic services at /edit/democracy and councillors' own records at /edit/councillor."""
import re
from datetime import timedelta

from sqlalchemy import select

from ieg.extensions import db
from ieg.models import AuditEntry, Interest, Meeting, PageRevision

from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD


def _signed_in(client, email):
    assert sign_in(client, email, PASSWORD).status_code == 302
    return client


def _post(client, url, data, page=None):
    token = csrf_from(client.get(page or url))
    return client.post(url, data={**data, "csrf_token": token})


def test_only_democratic_services_reach_the_staff_pages(app, client, council):
    assert client.get("/edit/democracy/").status_code == 302  # to sign in
    _signed_in(client, council.councillor_email)
    assert client.get("/edit/democracy/").status_code == 403
    client = _signed_in(app.test_client(), council.preparer)
    assert client.get("/edit/democracy/").status_code == 200
    # Preparing is not publishing.
    assert client.get(f"/edit/democracy/meetings/{council.past_meeting}/change").status_code == 403


def test_add_meeting_item_document_and_publish_late_shows_the_flag(app, client, council):
    _signed_in(client, council.officer)
    page = "/edit/democracy/meetings/new"
    bad = _post(client, page, {"committee": council.committee, "day": ["31", "2", "2027"], "starts": "18:30",
                               "place": "Town Hall"})
    assert bad.status_code == 400 and "must be a real date" in bad.get_data(as_text=True)
    with app.app_context():
        from ieg.timeutil import to_local, utcnow
        soon = to_local(utcnow() + timedelta(days=3)).date()
    made = _post(client, page, {"committee": council.committee, "day": [str(soon.day), str(soon.month), str(soon.year)],
                                "starts": "18:30", "place": "Town Hall"})
    assert made.status_code == 302
    url = made.headers["Location"]
    meeting_id = int(re.search(r"/meetings/(\d+)", url).group(1))
    assert "Agenda overdue" in client.get(url).get_data(as_text=True)
    assert "Overdue" in client.get("/edit/democracy/").get_data(as_text=True)
    assert _post(client, f"/edit/democracy/meetings/{meeting_id}/items", {"title": "Budget", "body": "The budget.",
                                                                          "exempt_paragraph": ""}, url).status_code == 302
    assert _post(client, f"/edit/democracy/meetings/{meeting_id}/documents",
                 {"kind": "report", "item": "", "title": "Budget report", "body": "## Summary\n\nBalanced."}, url).status_code == 302
    refused = _post(client, f"/edit/democracy/meetings/{meeting_id}/documents",
                    {"kind": "report", "item": "", "title": "Empty", "body": ""}, url)
    assert refused.status_code == 400 and "Enter the document&#39;s text" in refused.get_data(as_text=True)
    assert _post(client, f"/edit/democracy/meetings/{meeting_id}/publish", {}, url).status_code == 302
    body = client.get(url).get_data(as_text=True)
    assert "Agenda published late" in body
    assert "Published late" in client.get("/edit/democracy/").get_data(as_text=True)
    public = client.get(f"/meetings/{meeting_id}").get_data(as_text=True)
    assert "Budget report" in public
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert {"democracy.meeting", "democracy.item", "democracy.document", "democracy.agenda_publish"} <= set(actions)


def test_cancel_and_change(app, client, council):
    _signed_in(client, council.officer)
    url = f"/edit/democracy/meetings/{council.future_meeting}"
    assert _post(client, url + "/cancel", {"reason": ""}, url).status_code == 400
    assert _post(client, url + "/cancel", {"reason": "Not enough business"}, url).status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, council.future_meeting)
        assert meeting.status == "cancelled" and meeting.sequence == 1
    assert client.get(url + "/change").status_code == 200
    past = f"/edit/democracy/meetings/{council.past_meeting}/change"
    moved = _post(client, past, {"committee": council.committee, "day": ["13", "2", "2026"], "starts": "18:30",
                                 "place": "Council Chamber", "note": "Moved a day"})
    assert moved.status_code == 302
    with app.app_context():
        assert db.session.get(Meeting, council.past_meeting).status == "moved"


def test_councillor_edits_own_record_and_register_not_anothers(app, client, council):
    _signed_in(client, council.councillor_email)
    assert client.get("/edit/councillor/").headers["Location"].endswith(f"/edit/councillor/{council.mine}")
    assert client.get(f"/edit/councillor/{council.theirs}").status_code == 403
    url = f"/edit/councillor/{council.mine}"
    saved = _post(client, url, {"name": "Priya Shah", "party": "Green", "email": "priya.shah@council.example",
                                "surgeries": "Fridays 10am at Abbey Library"})
    assert saved.status_code == 302
    assert "Fridays 10am at Abbey Library" in client.get(f"/councillors/{council.mine}").get_data(as_text=True)
    photo = _post(client, url, {"name": "Priya Shah", "photo_url": "/files/p.jpg"})
    assert photo.status_code == 400 and "Describe the photo" in photo.get_data(as_text=True)
    declared = _post(client, url + "/interests", {"category": "Land", "description": "Home in Abbey ward",
                                                  "declared_on": ["3", "1", "2026"]}, url)
    assert declared.status_code == 302
    with app.app_context():
        interest = db.session.scalar(select(Interest))
    assert _post(client, url + f"/interests/{interest.id}/end", {"removed_on": ["1", "2", "2026"]}, url).status_code == 302
    public = client.get(f"/councillors/{council.mine}").get_data(as_text=True)
    assert "Interests that have ended" in public and "ended 1 February 2026" in public
    assert _post(client, f"/edit/councillor/{council.theirs}/interests", {"category": "Land", "description": "x",
                                                                          "declared_on": ["3", "1", "2026"]}, url).status_code == 403


def test_councillor_uses_the_cms_for_own_pages_only(app, client, council):
    """A councillor whose changes go through democratic services writes a page with the CMS's
    own editor; it waits for approval, and the other councillor's section is closed to them."""
    _signed_in(client, council.councillor_email)
    assert client.get(f"/edit/sections/cllr-{council.mine}/").status_code == 200
    assert client.get(f"/edit/sections/cllr-{council.theirs}/").status_code == 403
    assert client.get(f"/edit/sections/cllr-{council.theirs}/new").status_code == 403
    url = f"/edit/sections/cllr-{council.mine}/new"
    saved = _post(client, url, {"title": "My surgeries", "body": "## When\n\nEvery Friday at the library.\n",
                                "parent_id": "", "owner_name": "Priya Shah", "review_by": ["1", "1", "2030"],
                                "sort_order": "0", "save_submit": "Save and submit for review"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    with app.app_context():
        from ieg.models import Page
        page = db.session.scalar(select(Page))
        assert page.status == "in_review" and page.section.slug == f"cllr-{council.mine}"
        assert db.session.scalar(select(PageRevision.body_markdown)).startswith("## When")


def test_democratic_services_add_a_ward_a_councillor_and_choose_how_they_publish(app, client, council):
    from ieg.models import Councillor, User
    from tests.factories import make_user
    with app.app_context():
        make_user(db.session, "new.cllr@example.gov.uk")
        db.session.commit()
    _signed_in(client, council.officer)
    url = "/edit/democracy/councillors/"
    assert _post(client, "/edit/democracy/wards/new", {"code": "e05000009", "name": "Quayside"}).status_code == 302
    refused = _post(client, url, {"name": "Jo Quay", "ward": "E05000009", "term_starts": ["7", "5", "2026"],
                                  "email": "nobody@example.gov.uk"})
    assert refused.status_code == 400 and "No account has this email address" in refused.get_data(as_text=True)
    added = _post(client, url, {"name": "Jo Quay", "party": "Green", "ward": "E05000009",
                                "term_starts": ["7", "5", "2026"], "email": "new.cllr@example.gov.uk"})
    assert added.status_code == 302
    with app.app_context():
        jo = db.session.scalar(select(Councillor).where(Councillor.slug == "jo-quay"))
        user = db.session.scalar(select(User).where(User.email == "new.cllr@example.gov.uk"))
        assert user.section_roles(jo.section_id) == {"author"} and "councillor" in user.role_names
    assert _post(client, "/edit/democracy/councillors/jo-quay/publishing", {"at_once": "yes"}, url).status_code == 302
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "new.cllr@example.gov.uk"))
        jo = db.session.scalar(select(Councillor).where(Councillor.slug == "jo-quay"))
        assert user.section_roles(jo.section_id) == {"publisher"}
    assert "Jo Quay" in client.get("/councillors/?by=ward").get_data(as_text=True)


def test_preparers_cannot_add_councillors(app, client, council):
    _signed_in(client, council.preparer)
    assert client.get("/edit/democracy/councillors/").status_code == 200
    assert _post(client, "/edit/democracy/councillors/", {"name": "X", "ward": council.ward,
                                                          "term_starts": ["7", "5", "2026"]},
                 "/edit/democracy/councillors/").status_code == 403
    assert client.get("/edit/democracy/wards/new").status_code == 403


def test_committee_members_and_attendance(app, client, council):
    _signed_in(client, council.officer)
    url = f"/edit/democracy/committees/{council.committee}"
    assert _post(client, url, {"councillor": council.theirs, "role": "Vice-chair",
                               "starts": ["1", "2", "2026"]}).status_code == 302
    assert "Councillor Tom Hale</a> (Vice-chair)" in client.get(f"/meetings/committees/{council.committee}").get_data(
        as_text=True)
    page = f"/edit/democracy/meetings/{council.past_meeting}"
    assert _post(client, page + "/attendance", {"councillor": council.mine, "status": "apologies",
                                                "substitute_for": ""}, page).status_code == 302
    refused = _post(client, page + "/attendance", {"councillor": council.theirs, "status": "substitute",
                                                   "substitute_for": ""}, page)
    assert refused.status_code == 400 and "Choose the member this councillor is substituting for" in refused.get_data(
        as_text=True)
    assert _post(client, page + "/attendance", {"councillor": council.theirs, "status": "substitute",
                                                "substitute_for": council.mine}, page).status_code == 302
    public = client.get(f"/meetings/{council.past_meeting}").get_data(as_text=True)
    assert "Councillor Priya Shah: apologies" in public and "substitute for Councillor Priya Shah" in public

"""Democratic services change and remove agenda items, documents and files: preparers while they are
unpublished, publishers once they are public; the public pages, feeds and audit log follow."""
from io import BytesIO

import icalendar
import pytest
from sqlalchemy import select

from ieg import files_store
from ieg.democracy import meetings
from ieg.extensions import db
from ieg.models import AgendaItem, AuditEntry, Meeting, MeetingDocument, User
from ieg.timeutil import utcnow

from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD


def _signed_in(client, email):
    assert sign_in(client, email, PASSWORD).status_code == 302
    return client


def _post(client, url, data, page):
    return client.post(url, data={**data, "csrf_token": csrf_from(client.get(page))})


def _titles(app, meeting_id):
    with app.app_context():
        return [(i.number, i.title) for i in db.session.get(Meeting, meeting_id).items]


def _sequence(client, meeting_id):
    events = icalendar.Calendar.from_ical(client.get("/meetings.ics").data).walk("VEVENT")
    return next(int(e["sequence"]) for e in events if str(e["uid"]).startswith(f"meeting-{meeting_id}@"))


def _actions(app):
    with app.app_context():
        return {(a.action, a.details.get("public")) for a in db.session.scalars(select(AuditEntry))
                if a.action.startswith("democracy.")}


def test_preparer_changes_reorders_and_removes_items_of_an_unpublished_agenda(app, client, council):
    _signed_in(client, council.preparer)
    page = f"/edit/democracy/meetings/{council.future_meeting}"
    for title in ("Apologies", "Budget", "Any other business"):
        assert _post(client, page + "/items", {"title": title, "body": "", "exempt_paragraph": ""}, page).status_code == 302
    change = page + "/items/2/change"
    assert "Budget" in client.get(change).get_data(as_text=True)
    refused = _post(client, change, {"title": " ", "body": "", "exempt_paragraph": ""}, change)
    assert refused.status_code == 400 and "Enter the item" in refused.get_data(as_text=True)
    assert _post(client, change, {"title": "Budget 2027/28", "body": "The **draft** budget.", "exempt_paragraph": "",
                                  "key_decision": "y"}, change).status_code == 302
    with app.app_context():
        budget = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Budget 2027/28"))
        assert budget.key_decision and "<strong>draft</strong>" in budget.body_html and budget.meeting.key_decision
    assert _post(client, page + "/items/3/move", {"direction": "up"}, page).status_code == 302
    assert _titles(app, council.future_meeting) == [(1, "Apologies"), (2, "Any other business"), (3, "Budget 2027/28")]
    assert _post(client, page + "/items/1/move", {"direction": "up"}, page).status_code == 302  # already first
    assert _post(client, page + "/items/1/remove", {}, page + "/items/1/change").status_code == 302
    assert _titles(app, council.future_meeting) == [(1, "Any other business"), (2, "Budget 2027/28")]
    assert {("democracy.item_change", False), ("democracy.item_move", False),
            ("democracy.item_remove", False)} <= _actions(app)


def test_preparer_cannot_change_what_is_public_and_a_councillor_nothing(app, client, council):
    with app.app_context():
        report = db.session.scalar(select(MeetingDocument).where(MeetingDocument.kind == "report"))
        report_id = report.id
    _signed_in(client, council.preparer)
    past = f"/edit/democracy/meetings/{council.past_meeting}"
    assert client.get(past + "/items/1/change").status_code == 403
    assert client.get(f"/edit/democracy/documents/{report_id}/change").status_code == 403
    token = csrf_from(client.get(past))
    assert client.post(past + "/items/1/remove", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/edit/democracy/documents/{report_id}/remove", data={"csrf_token": token}).status_code == 403
    councillor = _signed_in(app.test_client(), council.councillor_email)
    assert councillor.get(f"/edit/democracy/meetings/{council.future_meeting}/items/1/change").status_code == 403
    assert councillor.get(f"/edit/democracy/documents/{report_id}/change").status_code == 403
    assert _titles(app, council.past_meeting)[0] == (1, "Land at Mill Lane")


def test_a_changed_published_document_stays_published_shows_updated_and_moves_the_feeds(app, client, council):
    with app.app_context():
        report_id = db.session.scalar(select(MeetingDocument.id).where(MeetingDocument.kind == "report"))
    public = app.test_client()
    before = _sequence(public, council.past_meeting)
    assert "updated" not in public.get(f"/meetings/documents/{report_id}").get_data(as_text=True)
    _signed_in(client, council.officer)
    url = f"/edit/democracy/documents/{report_id}/change"
    refused = _post(client, url, {"kind": "report", "title": "Report", "body": ""}, url)
    assert refused.status_code == 400 and "Enter the document" in refused.get_data(as_text=True)
    assert _post(client, url, {"kind": "report", "title": "Revised report of the Head of Planning",
                               "body": "## Recommendation\n\nRefuse."}, url).status_code == 302
    body = public.get(f"/meetings/documents/{report_id}").get_data(as_text=True)
    assert "Revised report of the Head of Planning" in body and "Refuse." in body and ", updated " in body
    assert "Revised report" in public.get("/meetings/documents.atom").get_data(as_text=True)
    assert _sequence(public, council.past_meeting) > before
    assert ("democracy.document_change", True) in _actions(app)


def test_removing_public_items_and_documents_keeps_the_meeting_page_consistent(app, client, council):
    with app.app_context():
        report_id = db.session.scalar(select(MeetingDocument.id).where(MeetingDocument.kind == "report"))
    public = app.test_client()
    before = _sequence(public, council.past_meeting)
    _signed_in(client, council.officer)
    past = f"/edit/democracy/meetings/{council.past_meeting}"
    refused = _post(client, past + "/items/1/remove", {}, past + "/items/1/change")
    assert refused.status_code == 302
    assert "Remove this item&#39;s documents first" in client.get(refused.headers["Location"]).get_data(as_text=True)
    exempt = _post(client, past + "/items/1/change", {"title": "Land at Mill Lane", "body": "", "exempt_paragraph": "3"},
                   past + "/items/1/change")
    assert exempt.status_code == 400 and "before making it exempt" in exempt.get_data(as_text=True)
    assert _post(client, f"/edit/democracy/documents/{report_id}/remove", {}, past).status_code == 302
    assert public.get(f"/meetings/documents/{report_id}").status_code == 404
    assert _post(client, past + "/items/1/remove", {}, past + "/items/1/change").status_code == 302
    page = public.get(f"/meetings/{council.past_meeting}").get_data(as_text=True)
    assert "Land at Mill Lane" not in page and "Report of the Head of Planning" not in page
    assert "Staffing restructure" in page
    assert public.get(f"/meetings/{council.past_meeting}/items/2").status_code == 404
    assert "Staffing restructure" in public.get(f"/meetings/{council.past_meeting}/items/1").get_data(as_text=True)
    assert _sequence(public, council.past_meeting) > before
    with app.app_context():
        removed = [a.details for a in db.session.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(["democracy.item_remove", "democracy.document_remove"])))]
    assert {"item": 1, "title": "Land at Mill Lane", "public": True} in removed
    assert any(d.get("title") == "Report of the Head of Planning" and d["public"] for d in removed)


def test_a_decided_item_cannot_be_removed(app, client, council):
    with app.app_context():
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Staffing restructure"))
        officer = db.session.scalar(select(User).where(User.email == council.officer))
        meetings.record_decision(db.session, officer, utcnow(), item, "Agreed.")
        db.session.commit()
    _signed_in(client, council.officer)
    past = f"/edit/democracy/meetings/{council.past_meeting}"
    assert "cannot be removed" in client.get(past + "/items/2/change").get_data(as_text=True)
    assert _post(client, past + "/items/2/remove", {}, past).status_code == 302
    assert _titles(app, council.past_meeting)[1] == (2, "Staffing restructure")


@pytest.mark.parametrize("file_store", files_store.BACKENDS)
def test_removing_a_file_takes_it_off_the_public_page(app, client, council):
    with app.app_context():
        report_id = db.session.scalar(select(MeetingDocument.id).where(MeetingDocument.kind == "report"))
    _signed_in(client, council.officer)
    page = f"/edit/democracy/meetings/{council.past_meeting}"
    pdf = b"%PDF-1.4\n" + b"x" * 3000
    assert client.post(f"/edit/democracy/documents/{report_id}/files", content_type="multipart/form-data",
                       data={"csrf_token": csrf_from(client.get(page)), "title": "Site plan",
                             "file": (BytesIO(pdf), "plan.pdf")}).status_code == 302
    public = app.test_client()
    link = next(part.split('"')[0] for part in public.get(f"/meetings/documents/{report_id}").get_data(
        as_text=True).split('href="') if part.startswith("/meetings/files/"))
    assert public.get(link).status_code == 200
    stored = link.split("/")[3]
    before = _sequence(public, council.past_meeting)
    change = f"/edit/democracy/documents/{report_id}/change"
    assert "Remove Site plan" in client.get(change).get_data(as_text=True)
    assert _post(client, f"/edit/democracy/files/{stored}/remove", {}, change).status_code == 302
    assert public.get(link).status_code == 404
    body = public.get(f"/meetings/documents/{report_id}").get_data(as_text=True)
    assert "Site plan" not in body and ", updated " in body
    assert _sequence(public, council.past_meeting) > before
    assert ("democracy.file_remove", True) in _actions(app)

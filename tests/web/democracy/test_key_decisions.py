"""A key decision's notice, 28 clear days before the meeting: recorded when published, shown on the
item's public page, and flagged to democratic services when missing or late."""
from datetime import timedelta

from sqlalchemy import select

from ieg.democracy import meetings
from ieg.democracy.meetings import MeetingInput
from ieg.extensions import db
from ieg.models import Committee, User
from ieg.timeutil import utcnow

from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD


def test_a_missing_then_late_key_decision_notice_is_flagged_and_shown(app, client, council):
    with app.app_context():
        officer = db.session.scalar(select(User).where(User.email == council.officer))
        committee = db.session.scalar(select(Committee).where(Committee.slug == council.committee))
        # Ten days ahead is always inside the 28 clear days, whatever day the test runs.
        soon = meetings.create_meeting(db.session, officer, utcnow(), committee, MeetingInput(
            starts_at=utcnow().replace(microsecond=0) + timedelta(days=10), place="Council Chamber"))
        meetings.add_item(db.session, officer, utcnow(), soon, title="Apologies")
        meetings.add_item(db.session, officer, utcnow(), soon, title="Library closures", body="Close two.",
                          key_decision=True)
        meeting_id = soon.id
        db.session.commit()
    assert sign_in(client, council.officer, PASSWORD).status_code == 302
    page = f"/edit/democracy/meetings/{meeting_id}"
    body = client.get(page).get_data(as_text=True)
    assert "Key decision notice missing for item 2, Library closures" in body
    assert "Key decision notice late" in client.get("/edit/democracy/").get_data(as_text=True)
    with app.app_context():
        item_id = db.session.scalar(select(meetings.AgendaItem.id).where(meetings.AgendaItem.title == "Library closures"))
    added = client.post(page + "/documents", data={
        "csrf_token": csrf_from(client.get(page)), "kind": "key_decision_notice", "item": str(item_id),
        "title": "Notice of key decision: library closures", "body": "The cabinet will decide on closing two libraries."})
    assert added.status_code == 302
    body = client.get(page).get_data(as_text=True)
    assert "Key decision notice published late for item 2" in body and "(late)" in body
    assert "Key decision notice late" in client.get("/edit/democracy/").get_data(as_text=True)
    assert client.post(page + "/publish", data={"csrf_token": csrf_from(client.get(page))}).status_code == 302
    public = app.test_client().get(f"/meetings/{meeting_id}/items/2").get_data(as_text=True)
    assert "Notice of this key decision was published" in public and "Notice of key decision: library closures" in public


def test_a_notice_in_time_raises_no_flag(app, client, council):
    with app.app_context():
        officer = db.session.scalar(select(User).where(User.email == council.officer))
        meeting = db.session.get(meetings.Meeting, council.future_meeting)  # 400 days ahead
        item = meetings.add_item(db.session, officer, utcnow(), meeting, title="Local plan", key_decision=True)
        db.session.commit()
        missing = meetings.key_notices(meeting, utcnow().date())
        assert [(i.title, n, state) for i, n, state in missing] == [("Local plan", None, "due")]
        meetings.add_document(db.session, officer, utcnow(), meeting, kind="key_decision_notice", title="Notice",
                              body="The council will adopt its local plan.", item=item)
        db.session.commit()
        assert meetings.key_notices(meeting, utcnow().date())[0][2] == "on time"
    assert sign_in(client, council.officer, PASSWORD).status_code == 302
    body = client.get(f"/edit/democracy/meetings/{council.future_meeting}").get_data(as_text=True)
    assert "Key decision notice published late" not in body and "Key decision notice missing" not in body
    assert "(on time)" in body

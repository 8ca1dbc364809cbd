"""A resident follows a committee's meetings on /alerts/; democratic services publish an agenda; the
job queues the alert to them once."""
import re

from sqlalchemy import select

from ieg.extensions import db
from ieg.models import OutboxMessage

from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD


def _alerts(app, to):
    with app.app_context():
        return [m.subject for m in db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.to_address == to, OutboxMessage.purpose == "alert"))]


def test_follow_a_committee_publish_an_agenda_the_alert_is_queued_once(app, client, council):
    page = client.get("/alerts/")
    body = page.get_data(as_text=True)
    assert "Meetings of a committee" in body and "Planning Committee" in body and "Abbey" in body
    sent = client.post("/alerts/", data={"csrf_token": csrf_from(page), "email": "resident@example.org",
                                         "topics": [f"committee:{council.committee}"], "frequency": "immediate"})
    assert sent.status_code == 200
    with app.app_context():
        confirmation = db.session.scalar(select(OutboxMessage.body_text).where(
            OutboxMessage.to_address == "resident@example.org"))
    confirm = "/" + re.search(r"https?://[^/\s]+/(alerts/confirm/\S+)", confirmation).group(1)
    assert "Planning Committee" in client.get(confirm).get_data(as_text=True)
    assert client.post(confirm, data={"csrf_token": csrf_from(client.get(confirm))}).status_code == 200

    staff = app.test_client()
    assert sign_in(staff, council.officer, PASSWORD).status_code == 302
    url = f"/edit/democracy/meetings/{council.future_meeting}"
    assert staff.post(url + "/items", data={"csrf_token": csrf_from(staff.get(url)), "title": "Budget",
                                            "body": "", "exempt_paragraph": ""}).status_code == 302
    assert staff.post(url + "/publish", data={"csrf_token": csrf_from(staff.get(url))}).status_code == 302

    runner = app.test_cli_runner()
    first = runner.invoke(args=["ieg", "run-job", "meetings-alerts"])
    assert first.exit_code == 0 and "raised 1 alerts" in first.output, first.output
    assert "raised 0 alerts" in runner.invoke(args=["ieg", "run-job", "meetings-alerts"]).output
    (subject,) = _alerts(app, "resident@example.org")
    assert subject.startswith("Planning Committee, ") and subject.endswith(": agenda published")

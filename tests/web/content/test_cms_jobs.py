"""The CMS's scheduled work, run as the scheduler runs it (`flask ieg run-job`)."""
import re
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from ieg.content import pages
from ieg.extensions import db
from ieg.models import DeepLink, LinkCheckResult, OutboxMessage, Page, User
from ieg.timeutil import utcnow
from tests.conftest import add_page, csrf_from, sign_in


def run(app, job):
    result = app.test_cli_runner().invoke(args=["ieg", "run-job", job])
    assert result.exit_code == 0, result.output
    return result.output


def mail(app, purpose=None):
    with app.app_context():
        query = select(OutboxMessage).order_by(OutboxMessage.id)
        if purpose:
            query = query.where(OutboxMessage.purpose == purpose)
        return [(m.to_address, m.subject, m.body_text) for m in db.session.scalars(query)]


def test_workflow_emails_go_through_the_outbox_and_out(app, council):
    author = app.test_client()
    sign_in(author, "waste.author@staff.example.gov.uk")
    page_id = add_page(app, "waste-and-recycling", "Garden waste", actor_email="waste.author@staff.example.gov.uk")
    author.post(f"/edit/pages/{page_id}/submit", data={"csrf_token": csrf_from(author.get(f"/edit/pages/{page_id}"))})
    [(to, subject, body)] = mail(app, "page.submitted")
    assert to == "waste.publisher@staff.example.gov.uk" and subject == "For approval: Garden waste (Waste and recycling)"
    assert f"/edit/pages/{page_id}" in body

    publisher = app.test_client()
    sign_in(publisher, "waste.publisher@staff.example.gov.uk")
    token = csrf_from(publisher.get(f"/edit/pages/{page_id}"))
    publisher.post(f"/edit/pages/{page_id}/return", data={"csrf_token": token, "comment": "Add the prices"})
    [(to, subject, body)] = mail(app, "page.returned")
    assert to == "waste.author@staff.example.gov.uk" and "Add the prices" in body

    author.post(f"/edit/pages/{page_id}/submit", data={"csrf_token": csrf_from(author.get(f"/edit/pages/{page_id}"))})
    publisher.post(f"/edit/pages/{page_id}/publish", data={"csrf_token": token})
    [(to, subject, body)] = mail(app, "page.published")
    assert to == "waste.author@staff.example.gov.uk" and "/waste-and-recycling/garden-waste" in body

    assert "sent 4," in run(app, "send-outbox")  # demo install: written as .eml files
    assert len(list((app.instance_path and __import__("pathlib").Path(app.instance_path) / "mail").glob("*.eml"))) == 4
    admin = app.test_client()
    sign_in(admin, "admin@staff.example.gov.uk")
    outbox = admin.get("/admin/outbox").get_data(as_text=True)
    assert "For approval: Garden waste" in outbox and "Sent" in outbox


def test_scheduled_publish_runs_in_the_job(app, council):
    page_id = add_page(app, "waste-and-recycling", "Christmas collections", state="in_review")
    with app.app_context():
        page = db.session.get(Page, page_id)
        admin = db.session.scalar(select(User).where(User.email == "admin@staff.example.gov.uk"))
        pages.publish(db.session, page, admin, utcnow(), at=utcnow() + timedelta(seconds=1))
        db.session.commit()
    assert app.test_client().get("/waste-and-recycling/christmas-collections").status_code == 404
    import time
    time.sleep(1.1)
    assert "published 1, unpublished 0" in run(app, "publish-scheduled")
    assert app.test_client().get("/waste-and-recycling/christmas-collections").status_code == 200


def test_review_reminders_ahead_on_the_day_and_once(app, council):
    today = utcnow().date()
    add_page(app, "waste-and-recycling", "Soon", review_by=today + timedelta(days=10))
    add_page(app, "waste-and-recycling", "Overdue", review_by=today - timedelta(days=3))
    add_page(app, "waste-and-recycling", "Later", review_by=today + timedelta(days=60))
    assert "sent reminders for 2 pages" in run(app, "review-reminders")
    subjects = {subject for _, subject, _ in mail(app)}
    soon = (today + timedelta(days=10)).strftime("%-d %B %Y")
    assert subjects == {"Review overdue: Overdue", f"Review due {soon}: Soon"}
    recipients = {to for to, _, _ in mail(app)}
    assert recipients == {"waste.author@staff.example.gov.uk", "waste.publisher@staff.example.gov.uk"}
    assert "sent reminders for 0 pages" in run(app, "review-reminders")


class Site(BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/moved-service":
            self.send_response(302)
            self.send_header("Location", "/")
        else:
            self.send_response(200 if self.path in ("/", "/admissions") else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture
def county_site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_link_checker_flags_broken_links_and_deep_links_sent_home(app, council, county_site):
    body = (f"## Links\n\nSee [school admissions]({county_site}/admissions) and "
            f"[the old bus timetable]({county_site}/no-such-page).\n")
    add_page(app, "roads-and-transport", "Buses", body=body, state="published")
    with app.app_context():
        db.session.add_all([
            DeepLink(label="School admissions", url=f"{county_site}/admissions", provider="Westshire County Council"),
            DeepLink(label="Adult social care", url=f"{county_site}/moved-service", provider="Westshire County Council"),
        ])
        db.session.commit()
    assert "checked 3 links, 2 broken" in run(app, "check-links")
    with app.app_context():
        results = {r.url.removeprefix(county_site): (r.ok, r.reason) for r in db.session.scalars(select(LinkCheckResult))}
    assert results["/admissions"] == (True, "OK")
    assert results["/no-such-page"] == (False, "Page not found (404)")
    assert results["/moved-service"][0] is False and "home page" in results["/moved-service"][1]
    run(app, "check-links")
    with app.app_context():
        assert db.session.query(LinkCheckResult).count() == 8  # history kept
    editor = app.test_client()
    sign_in(editor, "admin@staff.example.gov.uk")
    dashboard = editor.get("/edit/").get_data(as_text=True)
    assert re.search(r"Broken links \(1\)", dashboard) and "Page not found (404)" in dashboard
    history = editor.get("/edit/sections/roads-and-transport/links").get_data(as_text=True)
    assert history.count("Page not found (404)") == 2 and len(re.findall(r">\s*Working\s*<", history)) == 2  # both runs kept

"""Democracy wired into the app: site search, the scheduled job, R5 and R6 live evidence."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from ieg import files_store
from ieg.democracy import meetings
from ieg.evidence import live
from ieg.extensions import db
from ieg.jobs import JOBS
from ieg.models import Meeting, User
from ieg.timeutil import utcnow

from tests.conftest import wait_until_indexed


def test_search_finds_agenda_items_reports_minutes_and_decisions_not_exempt_content(app, client, council):
    wait_until_indexed(app)
    with app.app_context():
        meeting = db.session.get(Meeting, council.past_meeting)
        officer = db.session.scalar(select(User).where(User.email == council.officer))
        meetings.record_decision(db.session, officer, utcnow(), meeting.items[0],
                                 "Permission granted for the orchard scheme.")
        db.session.commit()
    wait_until_indexed(app)
    # Result links go through the search log's redirect, so look for titles and kinds.
    decided = client.get("/search?q=orchard").get_data(as_text=True)
    assert "Land at Mill Lane" in decided and "Decision" in decided
    assert "Report of the Head of Planning" in client.get("/search?q=conditions").get_data(as_text=True)
    assert "Minutes" in client.get("/search?q=approved+item").get_data(as_text=True)
    assert "Staffing restructure" in client.get("/search?q=staffing+restructure").get_data(as_text=True)
    assert "Staffing restructure" not in client.get("/search?q=confidential").get_data(as_text=True)


def test_job_publishes_scheduled_documents(app, council):
    with app.app_context():
        meeting = db.session.get(Meeting, council.future_meeting)
        officer = db.session.scalar(select(User).where(User.email == council.officer))
        now = utcnow()
        document = meetings.add_document(db.session, officer, now, meeting, kind="key_decision_notice",
                                         title="Notice of key decision", body="A key decision.",
                                         publish_at=now + timedelta(minutes=5))
        db.session.commit()
        assert JOBS["meetings-diary"].func(now).startswith("published 0 meeting documents")
        assert JOBS["meetings-diary"].func(now + timedelta(minutes=6)).startswith("published 1 meeting documents")
        db.session.refresh(document)
        assert document.published_at == now + timedelta(minutes=6)


def test_r5_and_r6_live_evidence(app, council):
    with app.app_context():
        now = utcnow()
        r5 = live.for_ref(db.session, "R5", None, now, "Europe/London")
        r6 = live.for_ref(db.session, "R6", None, now, "Europe/London")
    figures5, figures6 = dict(r5.figures), dict(r6.figures)
    # The past meeting (February 2026) counts only while it is within the last 12 months.
    assert figures5["Meetings in the last 12 months"] == str(r5.measures["total"])
    assert r5.measures["passing"] <= r5.measures["total"]
    assert "SELECT" in r5.source and r5.columns[0] == "Committee"
    assert figures6["Councillors"] == "2" and figures6["With pages of their own"] == "0 of 2 (0%)"
    assert r6.finding("green").state == "short"


def test_load_postcode_wards_command(app, council, tmp_path):
    source = tmp_path / "nspl.csv"
    source.write_text("pcds,oa21cd,wd24cd\nAS1 1AA,E000,E05000001\nAS1 1AB,E000,E05999999\nnot one,E000,E05000001\n",
                      encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["ieg", "load-postcode-wards", str(source)])
    assert result.exit_code == 0, result.output
    assert "Loaded 1 postcodes; skipped 1 in other councils' wards and 1 that could not be used." in result.output
    assert "Row 3: 'not one' is not a postcode" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    refused = app.test_cli_runner().invoke(args=["ieg", "load-postcode-wards", str(bad)])
    assert refused.exit_code == 1 and "needs a header" in refused.output


@pytest.mark.parametrize("file_store", files_store.BACKENDS)
def test_files_attached_to_documents_show_format_and_size_and_follow_publication(app, client, council):
    from tests.conftest import csrf_from, sign_in
    from tests.factories import PASSWORD
    from io import BytesIO
    assert sign_in(client, council.officer, PASSWORD).status_code == 302
    with app.app_context():
        meeting = db.session.get(Meeting, council.past_meeting)
        report = next(d for d in meeting.documents if d.kind == "report")
        document_id = report.id
    page = f"/edit/democracy/meetings/{council.past_meeting}"
    token = csrf_from(client.get(page))
    pdf = b"%PDF-1.4\n" + b"x" * 3000
    added = client.post(f"/edit/democracy/documents/{document_id}/files", content_type="multipart/form-data",
                        data={"csrf_token": token, "title": "Site plan", "file": (BytesIO(pdf), "plan.pdf")})
    assert added.status_code == 302
    refused = client.post(f"/edit/democracy/documents/{document_id}/files", content_type="multipart/form-data",
                          data={"csrf_token": token, "title": "Fake", "file": (BytesIO(b"nope"), "fake.pdf")},
                          follow_redirects=True)
    assert "Not attached: The file is not a real PDF" in refused.get_data(as_text=True)
    public = app.test_client()
    body = public.get(f"/meetings/documents/{document_id}").get_data(as_text=True)
    assert "Site plan</a> (PDF, 3 KB)" in body
    link = re.search(r'href="(/meetings/files/[^"]+)"', body).group(1)
    download = public.get(link)
    assert download.status_code == 200 and download.data == pdf and download.mimetype == "application/pdf"

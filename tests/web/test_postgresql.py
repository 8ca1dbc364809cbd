"""The same app on PostgreSQL (DATABASE_URL): proves no SQLite-only SQL is written.

Starts a throwaway PostgreSQL cluster from Debian's server binaries on a Unix
socket (the Makefile installs the `postgresql` package when it is missing).
"""
from __future__ import annotations

import os
import re
import time

import pytest
from sqlalchemy import func, select, text

from ieg.extensions import db
from tests.conftest import csrf_from, head_revision, make_app

ADMIN = "admin@ashdown.example.gov.uk"


@pytest.fixture(scope="module")
def postgres_url(postgres_server):
    return postgres_server.url()


@pytest.fixture(scope="module")
def pg_app(postgres_url, tmp_path_factory):
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("pg")
    app = make_app(folder, folder / "unused.sqlite3", SQLALCHEMY_DATABASE_URI=postgres_url)
    with app.app_context():
        upgrade()
    yield app
    from ieg.search.web import indexer_for
    indexer_for(app).stop()  # before the server goes: else it retries, and logs, after the run
    with app.app_context():
        db.engine.dispose()


def test_runs_on_postgresql_with_psycopg3(pg_app):
    with pg_app.app_context():
        assert db.engine.dialect.name == "postgresql" and db.engine.driver == "psycopg"
        assert db.session.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()


def test_migrations_match_models_on_postgresql(pg_app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with pg_app.app_context(), db.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata) == []


def test_demo_sign_in_and_health_on_postgresql(pg_app):
    from ieg.models import Section, User

    runner = pg_app.test_cli_runner()
    # The sixteenth section, democratic services', comes with migration 0021.
    assert "15 sections and 9 users created" in runner.invoke(args=["ieg", "demo"]).output
    assert "0 sections and 0 users created" in runner.invoke(args=["ieg", "demo"]).output
    with pg_app.app_context():
        # and each councillor's own, the community directory's (migration 0027) and News (0029)
        assert db.session.scalar(select(func.count()).select_from(Section)) == 16 + 1 + 1 + 39
        user = db.session.scalar(select(User).where(User.email == ADMIN))
        assert user.created_at.tzinfo is not None  # UTCDateTime round-trips on PostgreSQL too

    client = pg_app.test_client()
    assert client.get("/healthz").json["database"] == "ok"
    page = client.get("/login")
    response = client.post("/login", data={"email": ADMIN, "password": "wrong", "csrf_token": csrf_from(page)})
    assert "Enter a correct email address and password" in response.get_data(as_text=True)
    response = client.post("/login", data={"email": ADMIN, "password": "demo-password-2026",
                                           "csrf_token": csrf_from(page)})
    assert response.headers["Location"] == "/admin/"
    assert "Peter Bins" in client.get("/admin/").get_data(as_text=True)
    assert client.get("/planning/").status_code == 200
    result = pg_app.test_cli_runner().invoke(args=["ieg", "run-job", "prune-login-attempts"])
    assert result.exit_code == 0, result.output


def test_public_page_view_on_postgresql(pg_app):
    """A page view reads its page, LGSL subjects and documents in one statement compiled
    for the database in use (ieg.database.DirectSelect); needs the demo loaded above."""
    from ieg.models import Attachment, Page, PageRevision

    with pg_app.app_context():
        page = db.session.scalar(select(Page).where(Page.slug == "find-care-and-support"))
        revision = db.session.get(PageRevision, page.live_revision_id)
        revision.meta = {**revision.meta, "egms_coverage": "Ashdown & Weald"}
        db.session.add(Attachment(page_id=page.id, title="Charges & fees", filename="charges 2026.pdf",
                                  stored_name="pg-view-test.pdf", content_type="application/pdf", size=2048,
                                  kind="document", published_at=page.last_published_at))
        db.session.add(Attachment(page_id=page.id, title="Draft charges", filename="draft.pdf",
                                  stored_name="pg-view-draft.pdf", content_type="application/pdf", size=2048,
                                  kind="document"))  # not published with the page yet
        db.session.commit()
    body = pg_app.test_client().get("/adult-social-care/find-care-and-support").get_data(as_text=True)
    assert "<title>Find care and support - " in body
    assert '<meta name="DC.subject" scheme="eGMS.LGSL" content="209 ' in body
    assert re.search(r'<meta name="DCTERMS.created" scheme="DCTERMS.W3CDTF" content="\d{4}-\d\d-\d\d">', body)
    assert '<meta name="DCTERMS.spatial" content="Ashdown &amp; Weald">' in body  # read from meta by the database
    assert ('<a class="govuk-link" href="/files/pg-view-test.pdf/charges%202026.pdf">Charges &amp; fees</a>'
            ' <span class="govuk-body-s">(PDF, 2 KB)</span>') in body
    assert "Draft charges" not in body


def test_constraints_enforced_on_postgresql(pg_app):
    from sqlalchemy.exc import IntegrityError
    with pg_app.app_context():
        user_id = db.session.execute(text("SELECT min(id) FROM users")).scalar()
        with pytest.raises(IntegrityError, match="ck_user_roles_known_role"):
            db.session.execute(text(f"INSERT INTO user_roles (user_id, role) VALUES ({user_id}, 'superuser')"))
        db.session.rollback()


def test_r29_and_r28_reports_on_postgresql(pg_app):
    """The reports' SQL (SUM(CASE ...) by month and service, the reference found in the
    acknowledgement's subject with LIKE '%' || reference || '%', grouping by the primary key)
    runs on PostgreSQL and gives the figures it gives on SQLite."""
    from datetime import date, datetime, timedelta, timezone

    from ieg.casework import standards
    from ieg.evidence import reports
    from ieg.models import CaseType, Customer, Enquiry, EnquiryEvent, OutboxMessage

    now = datetime(2024, 5, 1, tzinfo=timezone.utc)  # 2024: before the demo's year of enquiries
    with pg_app.app_context():
        version = standards.current(db.session)
        kind = CaseType(slug="pg-report", name="PG report", resolution_days=10)
        customer = Customer(name="Jo", email="jo@example.com")
        for reference, channel, received, reply, subject in [
                ("ENQ-PG-1", "email", datetime(2024, 3, 5, 10, tzinfo=timezone.utc), timedelta(hours=2), "Re ENQ-PG-1"),
                ("ENQ-PG-2", "email", datetime(2024, 3, 8, 16, tzinfo=timezone.utc), timedelta(days=4), "Thanks"),
                ("ENQ-PG-3", "web", datetime(2024, 4, 9, 9, tzinfo=timezone.utc), None, "Your enquiry ENQ-PG-3")]:
            enquiry = Enquiry(reference=reference, channel=channel, customer=customer, case_type=kind, subject="Test",
                              received_at=received, taken_in_at=received)
            standards.apply(enquiry, version, "Europe/London")
            if reply:
                standards.record_response(enquiry, received + reply, "email")
            enquiry.events = [EnquiryEvent(kind="acknowledged", at=received, outbox_message=OutboxMessage(
                to_address="jo@example.com", subject=subject, body_text="Thanks", message_id=f"<{reference}@pg>",
                status="sent", sent_at=received + timedelta(minutes=3)))]
            db.session.add(enquiry)
        db.session.flush()
        from ieg.casework.enquiries import store_acknowledgements
        store_acknowledgements(db.session)
        db.session.commit()

        period = reports.Period(date(2024, 3, 1), date(2024, 4, 30))
        r29 = reports.r29(db.session, period, now, "Europe/London")
        assert (r29.total.received, r29.total.in_time, r29.total.breached, r29.total.percent_in_time) == (2, 1, 1, 50.0)
        assert [e.outcome for e in reports.r29_enquiries(db.session, period, now, "Europe/London")] == [
            "in_time", "breached"]
        r28 = reports.r28(db.session, period, now, "Europe/London")
        assert (r28.total.received, r28.total.acknowledged, r28.total.with_reference,
                r28.total.within_standard, r28.total.median) == (3, 3, 2, 3, 180.0)
        assert [e.reference for e in reports.r28_enquiries(db.session, period, now, "Europe/London",
                                                           selection="without_reference")] == ["ENQ-PG-2"]


def test_concurrent_audit_appends_on_postgresql(pg_app):
    """Two sign-ins at once both land in one chain: the advisory lock serialises appends."""
    from ieg import audit
    from ieg.models import AuditEntry
    from tests.services.test_audit import EACH, WRITERS, append_concurrently

    with pg_app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    assert append_concurrently(pg_app) == []
    with pg_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before + WRITERS * EACH
        assert audit.verify(db.session) is None


def test_repeated_submission_and_message_make_one_enquiry_on_postgresql(pg_app):
    """The submission key and Message-ID are unique through partial indexes (migration 0014):
    PostgreSQL's ON CONFLICT DO NOTHING must see them, as SQLite's does."""
    from datetime import datetime, timezone

    from ieg.casework import enquiries
    from ieg.casework.enquiries import ContactDetails
    from ieg.models import CaseType, Enquiry

    at = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
    with pg_app.app_context():
        kind = CaseType(slug="pg-repeats", name="Repeats")
        db.session.add(kind)
        db.session.flush()
        customer = enquiries.find_or_create_customer(db.session, ContactDetails(name="Pat", email="pat@example.com"))
        before = db.session.scalar(select(func.count()).select_from(Enquiry))
        made = [enquiries.open_enquiry(db.session, channel=channel, customer=customer, case_type=kind,
                                       subject="Bins", description="", received_at=at, now=at, **key)
                for channel, key in [("web", {"submission_key": "general-enquiry:pg-1"})] * 2
                + [("email", {"email_message_id": "<pg-1@example.com>"})] * 2 + [("phone", {})] * 2]
        db.session.commit()
        assert [created for _, created in made] == [True, False, True, False, True, True]
        assert made[0][0].id == made[1][0].id and made[2][0].id == made[3][0].id
        assert db.session.scalar(select(func.count()).select_from(Enquiry)) == before + 4


def test_casework_lists_on_postgresql(pg_app):
    """The enquiry and customer lists' SQL (missed a standard as CASE over stored deadlines,
    NULLs sorted last by IS NULL, the customer rule as EXISTS, district prefixes) and a CSV
    streamed from a server-side cursor; the same answers as the rule for one enquiry."""
    import csv
    import io

    from ieg.casework import deadlines, deadlines_sql
    from ieg.models import Enquiry
    from ieg.timeutil import utcnow

    with pg_app.app_context():
        now = utcnow()
        everything = db.session.scalars(select(Enquiry)).all()
        judged = {e.id for e in everything
                  if deadlines.response_breached(e, now) or deadlines.resolution_breached(e, now)}
        assert set(db.session.scalars(select(Enquiry.id).where(deadlines_sql.breached(now)))) == judged and judged
    client = pg_app.test_client()
    page = client.get("/login")
    client.post("/login", data={"email": "contact.agent@ashdown.example.gov.uk", "password": "demo-password-2026",
                                "csrf_token": csrf_from(page)})
    listed = client.get("/staff/enquiries?breached=yes&sort=due&status=open&status=closed&from-day=1&from-month=1"
                        "&from-year=2020")
    assert listed.status_code == 200 and "Missed a standard" in listed.get_data(as_text=True)
    found = client.get("/staff/customers?q=as1&sort=recent").get_data(as_text=True)
    assert re.search(r"\d+ customers? found", found)
    rows = list(csv.reader(io.StringIO(client.get("/staff/enquiries/export.csv").get_data(as_text=True))))
    assert len(rows) == len(everything) + 1 and rows[0][0] == "Reference"
    rows = list(csv.reader(io.StringIO(client.get("/staff/customers/export.csv?q=wright").get_data(as_text=True))))
    assert len(rows) > 1 and all("Wright" in row[1] for row in rows[1:])


def test_nul_bytes_and_a_read_only_database_on_postgresql(pg_app, postgres_url, tmp_path):
    """PostgreSQL refuses a NUL in any text: cleaned parameters and 404 for such an address
    mean it never sees one. A standby (here: read-only by default) is reported as degraded
    by health, and search still answers."""
    import psycopg

    client = pg_app.test_client()
    assert client.get("/search?q=bins%00").status_code == 200
    assert client.get("/forms/general-enquiry%00").status_code == 404
    admin = psycopg.connect(postgres_url, autocommit=True)
    try:
        admin.execute("ALTER DATABASE postgres SET default_transaction_read_only = on")
        standby = make_app(tmp_path, tmp_path / "unused.sqlite3", SQLALCHEMY_DATABASE_URI=postgres_url)
        with standby.app_context():
            response = standby.test_client().get("/healthz")
            # A new node builds its search index (reading only) before it takes traffic.
            deadline = time.monotonic() + 30
            while response.json.get("search") == "building" and time.monotonic() < deadline:
                time.sleep(0.1)
                response = standby.test_client().get("/healthz")
            assert response.status_code == 200 and response.json["database"] == "read-only"
            assert standby.test_client().get("/search?q=bins").status_code == 200
            db.engine.dispose()
        from ieg.search.web import indexer_for
        indexer_for(standby).stop()
    finally:
        admin.execute("ALTER DATABASE postgres RESET default_transaction_read_only")
        admin.close()
    assert client.get("/healthz").json["database"] == "ok"


def test_an_editors_page_and_heartbeat_at_once_on_postgresql(pg_app):
    """The editor page and its heartbeat arriving together both stamp the editor's presence: the
    second used to find no row, insert one, wait for the first to commit and fail on the
    primary key (a 500 from /presence seen under load)."""
    import threading
    from datetime import datetime, timezone

    from sqlalchemy.orm import Session

    from ieg.content import pages
    from ieg.models import PageEditing, Section
    from ieg.people.accounts import create_user

    at = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
    with pg_app.app_context():
        section = Section(slug="pg-presence", title="Presence")
        db.session.add(section)
        editor = create_user(db.session, email="pg.presence@example.org", name="Pat", password="a long password 1",
                             roles=(), grants=((section, "author"),))
        page = pages.create_page(db.session, section, editor, pages.PageInput(title="Presence"), at)
        db.session.commit()
        page_id, editor_id = page.id, editor.id
        engine = db.engine

    def touch(session: Session, when: datetime):
        from ieg.models import Page, User
        pages.touch_editing(session, session.get(Page, page_id), session.get(User, editor_id), when)

    first, second = Session(engine), Session(engine)
    errors: list[BaseException] = []
    touch(first, at)  # not yet committed: the row is locked
    def heartbeat():
        try:
            touch(second, at.replace(second=30))
            second.commit()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            second.rollback()
    thread = threading.Thread(target=heartbeat)
    thread.start()
    time.sleep(0.5)  # the heartbeat now waits on the first's row
    first.commit()
    thread.join(10)
    first.close(), second.close()
    assert errors == []
    with pg_app.app_context():
        rows = db.session.scalars(select(PageEditing).where(PageEditing.page_id == page_id)).all()
        assert [(row.user_id, row.seen_at.second) for row in rows] == [(editor_id, 30)]

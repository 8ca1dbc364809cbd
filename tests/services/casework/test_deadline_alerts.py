"""Near-breach and breach alerts (docs/design.md 3.5): measured in working time, sent only
in working time (never at night, at weekends, on bank holidays or closure days: they wait for
the next opening), once per enquiry, kind and deadline, as one digest per recipient to the
service queue and the officer, through the outbox to a real SMTP server."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ieg.casework import deadline_alerts, enquiries, handling, standards
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db
from ieg.mail.outbox import send_due
from ieg.mail.transport import SMTPTransport
from ieg.models import CaseType, EnquiryAlert, OutboxMessage, Section, StandardsVersion, User
from ieg.models.casework import AWAITING_CUSTOMER, RESOLVED
from ieg.config import Council
from tests.services.mail.test_outbox import smtp_server  # noqa: F401  (fixture)

ZONE = "Europe/London"
COUNCIL = Council(name="Ashdown District Council", base_url="https://www.ashdown.example.gov.uk",
                  mail_domain="ashdown.example.gov.uk", secret_key="test-secret-key")
FALLBACK = "customer.services@ashdown.example.gov.uk"
WASTE, COUNCIL_TAX = "waste@ashdown.example.gov.uk", "counciltax@ashdown.example.gov.uk"
OFFICER = "officer@staff.example.gov.uk"


def local(*args) -> datetime:
    """A London wall-clock time, as UTC."""
    return datetime(*args, tzinfo=ZoneInfo(ZONE)).astimezone(timezone.utc)


@pytest.fixture
def setting(app, council):
    with app.app_context():
        sections = {s.slug: s for s in db.session.scalars(select(Section))}
        db.session.add_all([
            CaseType(slug="missed-bin", name="Missed bin", section=sections["waste-and-recycling"], resolution_days=5),
            CaseType(slug="bill-query", name="Council tax bill", section=sections["council-tax"], resolution_days=10),
            CaseType(slug="unrouted", name="Something else", section=None, resolution_days=10)])
        db.session.commit()
    return app


def _open(received: datetime, kind: str = "missed-bin", subject: str = "Bin missed", officer: bool = False):
    customer = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo Bloggs",
                                                                            email="jo.bloggs@example.com"))
    item, _ = enquiries.open_enquiry(db.session, channel="email", customer=customer, subject=subject,
                                     case_type=db.session.scalar(select(CaseType).where(CaseType.slug == kind)),
                                     description="", received_at=received, now=received)
    if item.response_due_at is None:  # a database where open_enquiry does not set deadlines itself
        standards.apply(item, standards.current(db.session), ZONE)
    if officer:
        handling.assign(db.session, item, _officer(), _officer(), received)
    db.session.commit()
    return item


def _officer() -> User:
    return db.session.scalar(select(User).where(User.email == OFFICER))


def _run(at: datetime) -> deadline_alerts.Sent:
    sent = deadline_alerts.send(db.session, at, COUNCIL, FALLBACK)
    db.session.commit()
    return sent


def _owed(at: datetime) -> list[tuple[str, datetime, timedelta]]:
    return [(a.kind, a.deadline, a.working) for a in deadline_alerts.due(db.session, at, ZONE)]


def _mail() -> list[OutboxMessage]:
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "alert")
                              .order_by(OutboxMessage.id)).all()


def _new_standards(**changes) -> StandardsVersion:
    """A change to the standards, as an administrator makes one: a new version in force."""
    old = standards.current(db.session)
    kept = {name: getattr(old, name) for name in ("hours", "subdivision", "closures", "rule", "day_minutes",
                                                  "acknowledgement_minutes", "response_days")}
    version = StandardsVersion(**{**kept, **changes}, reason="test")
    db.session.add(version)
    db.session.flush()
    return version


def test_near_and_breach_are_measured_in_working_time(setting):
    with setting.app_context():
        # Friday 6 June 2025, 10:00: one working day is Monday 10:00; five are Friday 13th 10:00.
        item = _open(local(2025, 6, 6, 10))
        due = local(2025, 6, 9, 10)
        assert item.response_due_at == due and item.resolution_due_at == local(2025, 6, 13, 10)
        assert _owed(local(2025, 6, 6, 15)) == []  # 2 hours on Friday and 1 on Monday: 3 left
        assert _owed(local(2025, 6, 6, 16, 30)) == [("response_near", due, timedelta(minutes=90))]
        assert _owed(local(2025, 6, 6, 23)) == []  # night: nothing is owed until the next opening
        # Monday 08:30 is an hour of working time before the deadline, but nobody is at work.
        assert _owed(local(2025, 6, 9, 8, 30)) == []
        assert _owed(local(2025, 6, 9, 9)) == [("response_near", due, timedelta(hours=1))]
        assert _owed(local(2025, 6, 9, 10)) == [("response_near", due, timedelta(0))]  # on the minute: in time
        assert _owed(local(2025, 6, 9, 10, 15)) == [("response_breach", due, timedelta(minutes=15))]
        # The resolution target, a week on: near from Thursday 16:00, then past it.
        assert [k for k, *_ in _owed(local(2025, 6, 12, 15, 59))] == ["response_breach"]
        assert [k for k, *_ in _owed(local(2025, 6, 12, 16, 1))] == ["response_breach", "resolution_near"]
        assert _owed(local(2025, 6, 13, 11))[1] == ("resolution_breach", local(2025, 6, 13, 10), timedelta(hours=1))


@pytest.mark.parametrize("received, quiet, opening, kind, closures", [
    # A weekday night: due Tuesday 14:00, late by the evening; sent Wednesday at 09:00.
    (local(2025, 6, 2, 14), [local(2025, 6, 3, 23), local(2025, 6, 4, 3), local(2025, 6, 4, 8, 59)],
     local(2025, 6, 4, 9), "response_breach", ()),
    # A weekend: received Thursday evening, due Friday 17:00; nothing until Monday 09:00.
    (local(2025, 6, 5, 18, 30), [local(2025, 6, 6, 17, 30), local(2025, 6, 7, 11), local(2025, 6, 8, 15)],
     local(2025, 6, 9, 9), "response_breach", ()),
    # Christmas: due Christmas Eve 17:00; Christmas Day, Boxing Day and the weekend are quiet.
    (local(2025, 12, 23, 17, 30), [local(2025, 12, 24, 23), local(2025, 12, 25, 11), local(2025, 12, 26, 11),
                                   local(2025, 12, 27, 11)], local(2025, 12, 29, 9), "response_breach", ()),
    # New Year's Day: due Friday 2 January 10:00, an hour away in working time, but not on the 1st.
    (local(2025, 12, 31, 10), [local(2026, 1, 1, 10), local(2026, 1, 1, 16)], local(2026, 1, 2, 9),
     "response_near", ()),
    # A council closure day (Tuesday 10 June 2025) in the standards in force.
    (local(2025, 6, 6, 16), [local(2025, 6, 10, 10), local(2025, 6, 10, 16)], local(2025, 6, 11, 9),
     "response_breach", (date(2025, 6, 10),)),
])
def test_nothing_is_sent_outside_working_hours(setting, received, quiet, opening, kind, closures):
    with setting.app_context():
        if closures:
            _new_standards(closures=[d.isoformat() for d in closures])
            db.session.commit()
        item = _open(received)
        for moment in quiet:
            assert _run(moment).quiet and str(_run(moment)).startswith("outside working hours"), moment
        assert _mail() == [] and db.session.scalar(select(func.count()).select_from(EnquiryAlert)) == 0
        sent = _run(opening)
        assert (sent.alerts, sent.messages) == (1, 1) and str(sent) == "1 alert in 1 email"
        alert = db.session.scalar(select(EnquiryAlert))
        assert (alert.enquiry_id, alert.kind, alert.deadline, alert.sent_at) == (item.id, kind, item.response_due_at,
                                                                                 opening)
        (message,) = _mail()
        assert message.to_address == WASTE and alert.outbox_message_id == message.id
        assert message.created_at == opening and message.headers["Auto-Submitted"] == "auto-generated"


def test_each_alert_goes_once_and_again_when_its_deadline_moves(setting):
    with setting.app_context():
        item = _open(local(2025, 6, 2, 10))  # Monday 10:00: due Tuesday 10:00
        assert _run(local(2025, 6, 3, 8, 15)).quiet
        assert _run(local(2025, 6, 3, 9)).alerts == 1  # near
        assert (_run(local(2025, 6, 3, 9, 15)).alerts, len(_mail())) == (0, 1)
        assert _run(local(2025, 6, 3, 10, 15)).alerts == 1  # breach
        assert (_run(local(2025, 6, 3, 10, 30)).alerts, len(_mail())) == (0, 2)
        # The council changes its standard to two working days: the open enquiry's deadline
        # moves to Wednesday 10:00, a new deadline that can be warned about again.
        standards.recompute_open(db.session, _new_standards(response_days=2), ZONE)
        db.session.commit()
        assert item.response_due_at == local(2025, 6, 4, 10)
        assert _run(local(2025, 6, 3, 10, 45)).alerts == 0
        assert _run(local(2025, 6, 4, 9)).alerts == 1
        assert _run(local(2025, 6, 4, 9, 15)).alerts == 0
        assert db.session.execute(select(EnquiryAlert.kind, EnquiryAlert.deadline).order_by(EnquiryAlert.id)).all() \
            == [("response_near", local(2025, 6, 3, 10)), ("response_breach", local(2025, 6, 3, 10)),
                ("response_near", local(2025, 6, 4, 10))]
        # A second scheduler recording the same alert is refused by the database, mail and all.
        db.session.add(EnquiryAlert(enquiry_id=item.id, kind="response_near", deadline=local(2025, 6, 4, 10),
                                    sent_at=local(2025, 6, 4, 9)))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_the_officer_and_each_queue_get_one_digest_delivered_by_smtp(setting, smtp_server):  # noqa: F811
    inbox, url = smtp_server
    with setting.app_context():
        late = _open(local(2025, 6, 5, 10), subject="Green bin missed twice", officer=True)  # due Fri 10:00
        soon = _open(local(2025, 6, 5, 15, 30), subject="Box not returned", officer=True)  # due Fri 15:30
        queue_only = _open(local(2025, 6, 5, 15), subject="Lid broken")  # due Fri 15:00, nobody's yet
        bill = _open(local(2025, 6, 4, 9), kind="bill-query", subject="Bill for wrong band")  # due Thu 09:00
        stray = _open(local(2025, 6, 5, 9), kind="unrouted", subject="Question for nobody")  # due Fri 09:00
        now = local(2025, 6, 6, 14)
        sent = _run(now)
        assert (sent.alerts, sent.messages) == (5, 4)
        digests = {m.to_address: m for m in _mail()}
        assert set(digests) == {WASTE, OFFICER, COUNCIL_TAX, FALLBACK}

        def refs(message):
            return {e.reference for e in (late, soon, queue_only, bill, stray) if e.reference in message.body_text}
        assert refs(digests[WASTE]) == {late.reference, soon.reference, queue_only.reference}
        assert refs(digests[OFFICER]) == {late.reference, soon.reference}
        assert refs(digests[COUNCIL_TAX]) == {bill.reference} and refs(digests[FALLBACK]) == {stray.reference}
        body = digests[OFFICER].body_text
        assert digests[OFFICER].subject == "Enquiries missing their standards: 1 late, 1 due soon"
        assert body.startswith("Otto Officer,") and digests[WASTE].body_text.startswith("Waste and recycling team,")
        assert body.index("Late (1)") < body.index(late.reference) < body.index("Due soon (1)") < body.index(
            soon.reference)
        assert f"{late.reference}: Green bin missed twice" in body
        assert "First response due Friday 6 June 2025 at 10:00am: 4 hours of working time late" in body
        assert "First response due Friday 6 June 2025 at 3:30pm: 1 hour 30 minutes of working time left" in body
        assert f"https://www.ashdown.example.gov.uk/staff/enquiries/{soon.reference}" in body
        assert "(8 hours a day)" in body
        # The alert row points at the queue's digest, the first to carry it.
        row = db.session.scalar(select(EnquiryAlert).where(EnquiryAlert.enquiry_id == late.id))
        assert row.outbox_message_id == digests[WASTE].id

        counts = send_due(db.session, SMTPTransport(url), sender="Ashdown <no-reply@ashdown.example.gov.uk>",
                          now=now)
        assert counts == {"sent": 4, "retry": 0, "failed": 0}
        delivered = {tuple(rcpt): message for rcpt, message in inbox.messages}
        assert set(delivered) == {(WASTE,), (OFFICER,), (COUNCIL_TAX,), (FALLBACK,)}
        message = delivered[(OFFICER,)]
        assert message["Subject"] == "Enquiries missing their standards: 1 late, 1 due soon"
        assert message["Auto-Submitted"] == "auto-generated"
        assert f"/staff/enquiries/{late.reference}" in message.get_payload(decode=True).decode()
        # Fifteen minutes later: nothing new to say, so nothing is sent.
        assert _run(now + timedelta(minutes=15)).messages == 0 and len(_mail()) == 4


def test_excluded_answered_and_resolved_enquiries_never_alert(setting):
    with setting.app_context():
        officer = _officer()
        received = local(2025, 6, 2, 10)
        excluded = _open(received, subject="Buy cheap watches")
        standards.exclude(db.session, excluded, officer, "spam", "", received)
        answered = _open(received, subject="Answered by phone")
        standards.record_response(answered, received + timedelta(hours=1), "phone")
        resolved = _open(received, subject="Sorted the same day")
        handling.set_status(db.session, resolved, officer, RESOLVED, received + timedelta(hours=2))
        db.session.commit()
        # Past every response deadline and every resolution target: only the answered one,
        # still open, is owed anything (its resolution).
        assert _run(local(2025, 6, 3, 11)).alerts == 0
        assert _run(local(2025, 6, 9, 11)).alerts == 1
        assert db.session.execute(select(EnquiryAlert.enquiry_id, EnquiryAlert.kind)).all() == [
            (answered.id, "resolution_breach")]
        assert deadline_alerts.owed(excluded, standards.calendar_for(standards.current(db.session), ZONE),
                           local(2025, 6, 9, 11)) == []


def test_a_paused_enquiry_gets_no_resolution_alerts(setting, tmp_path):
    with setting.app_context():
        received = local(2025, 6, 2, 10)  # resolution due Monday 9 June 10:00
        item = _open(received, officer=True)
        handling.reply(db.session, item, _officer(), "Which bin was it?", COUNCIL, received + timedelta(hours=1),
                       awaiting_customer=True)
        db.session.commit()
        assert item.status == AWAITING_CUSTOMER and item.paused_since is not None
        from ieg.mail.transport import FileTransport  # the reply is sent: the response is made
        send_due(db.session, FileTransport(tmp_path), sender="x@example.org", now=received + timedelta(hours=1))
        db.session.refresh(item)
        assert item.first_response_at is not None
        for moment in (local(2025, 6, 9, 9, 30), local(2025, 6, 9, 11), local(2025, 6, 20, 11)):
            assert _owed(moment) == [] and _run(moment).alerts == 0
        # The customer answers: the clock restarts with the target moved by the time it stood still.
        handling.set_status(db.session, item, _officer(), "in_progress", local(2025, 6, 23, 9))
        db.session.commit()
        assert item.paused_since is None and item.resolution_due_at > local(2025, 6, 27)
        assert _owed(local(2025, 6, 23, 9, 15)) == []


def test_the_scheduler_job_uses_the_configuration(setting):
    from ieg.jobs import JOBS

    job = JOBS["standards-alerts"]
    assert job.trigger == {"trigger": "interval", "minutes": 15}
    with setting.app_context():
        item = _open(local(2025, 6, 5, 18, 30), kind="unrouted")  # due Friday 17:00
        assert job.func(local(2025, 6, 7, 11)) == "outside working hours: alerts wait for the next opening"
        assert job.func(local(2025, 6, 9, 9)) == "1 alert in 1 email"
        (message,) = _mail()
        assert message.to_address == setting.config["CONTACT_EMAIL"]
        assert f"{setting.config['BASE_URL']}/staff/enquiries/{item.reference}" in message.body_text
        assert job.func(local(2025, 6, 9, 9, 15)) == "0 alerts in 0 emails"


def test_working_words():
    day = timedelta(hours=8)
    assert deadline_alerts.working_words(timedelta(seconds=30), day) == "less than a minute"
    assert deadline_alerts.working_words(timedelta(minutes=105), day) == "1 hour 45 minutes"
    assert deadline_alerts.working_words(timedelta(hours=19, minutes=1), day) == "2 days 3 hours 1 minute"
    assert deadline_alerts.working_words(timedelta(hours=19)) == "19 hours"

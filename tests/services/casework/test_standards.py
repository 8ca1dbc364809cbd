"""The standards on real enquiries (docs/design.md 3.5): deadlines stored at arrival with the
version used, what counts as the response, the resolution clock stopped while we wait for
the customer, a breach needing a reason before closing, exclusions only with a reason,
a change of standards recomputing open enquiries only, and the audit chain."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from ieg import audit
from ieg.casework import deadlines, enquiries, handling, standards
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db
from ieg.models import AuditEntry, CaseType, Section, StandardsVersion, User
from ieg.models.casework import AWAITING_CUSTOMER, CLOSED, IN_PROGRESS, RESOLVED
from ieg.config import Council

COUNCIL = Council(name="Ashdown District Council", base_url="https://www.ashdown.example.gov.uk",
                  mail_domain="ashdown.example.gov.uk", secret_key="test-secret-key")
ZONE = "Europe/London"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.fixture
def setting(app, council):
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        db.session.add(CaseType(slug="missed-bin", name="Missed bin", section=section, resolution_days=5))
        db.session.commit()
    return app


def _email(received: datetime, subject="Bin missed"):
    customer = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo", email="jo@example.com"))
    kind = db.session.scalar(select(CaseType).where(CaseType.slug == "missed-bin"))
    item, _ = enquiries.open_enquiry(db.session, channel="email", customer=customer, case_type=kind,
                                     subject=subject, description="", received_at=received, now=received)
    return item


def _officer():
    return db.session.scalar(select(User).where(User.email == "officer@staff.example.gov.uk"))


def test_deadlines_are_stored_at_arrival_with_the_version_used(setting):
    with setting.app_context():
        # Tuesday 3 November 2026, 14:00 GMT: the answer is due Wednesday 14:00.
        item = _email(utc(2026, 11, 3, 14, 0))
        assert item.standards_version_id == standards.current(db.session).id
        assert item.response_due_at == utc(2026, 11, 4, 14, 0)
        assert item.acknowledgement_due_at == utc(2026, 11, 3, 14, 15)
        # Five working days of eight hours: Tuesday 10 November 14:00.
        assert item.resolution_due_at == utc(2026, 11, 10, 14, 0)
        assert item.received_month == "2026-11"
        # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London: April's figures.
        assert _email(utc(2026, 3, 31, 23, 30), "late one").received_month == "2026-04"


def _send_outbox(app, now: datetime) -> dict:
    """The send-outbox job's work, into .eml files."""
    from ieg.mail.outbox import send_due
    from ieg.mail.transport import FileTransport

    return send_due(db.session, FileTransport(Path(app.config["INSTANCE_PATH"]) / "mail"),
                    sender="Ashdown <no-reply@ashdown.example.gov.uk>", now=now)


def test_the_acknowledgement_and_notes_never_count_a_reply_does_once_sent(setting):
    with setting.app_context():
        item = _email(utc(2026, 11, 3, 14, 0))
        enquiries.acknowledge(db.session, item, COUNCIL, utc(2026, 11, 3, 14, 1))
        handling.add_note(db.session, item, _officer(), "Checking the round sheet", utc(2026, 11, 3, 15, 0))
        assert item.first_response_at is None
        # The acknowledgement is still waiting in the outbox when the officer replies.
        handling.reply(db.session, item, _officer(), "The crew will return tomorrow.", COUNCIL,
                       utc(2026, 11, 3, 16, 0))
        assert item.first_response_at is None  # queued, not sent: no response yet
        assert _send_outbox(setting, utc(2026, 11, 3, 16, 1))["sent"] == 2
        db.session.refresh(item)
        # Sent: the response, from when the officer pressed send.
        assert (item.first_response_at, item.first_response_kind) == (utc(2026, 11, 3, 16, 0), "email")
        handling.reply(db.session, item, _officer(), "And again.", COUNCIL, utc(2026, 11, 5, 10, 0))
        _send_outbox(setting, utc(2026, 11, 5, 10, 1))
        db.session.refresh(item)
        assert item.first_response_at == utc(2026, 11, 3, 16, 0)  # the first one is the response
        assert not deadlines.response_breached(item, utc(2026, 11, 9, 9, 0))


def test_a_phone_call_logged_as_the_reply_counts_from_when_it_was_made(setting):
    with setting.app_context():
        item = _email(utc(2026, 11, 3, 14, 0))
        handling.log_reply(db.session, item, _officer(), "phone", "Rang back, crew returning Thursday",
                           made_at=utc(2026, 11, 4, 11, 0), now=utc(2026, 11, 4, 16, 0), zone=ZONE)
        assert (item.first_response_at, item.first_response_kind) == (utc(2026, 11, 4, 11, 0), "phone")
        assert [e.kind for e in item.events][-1] == "status" or item.events[-1].kind == "reply_logged"
        with pytest.raises(handling.HandlingError):
            handling.log_reply(db.session, item, _officer(), "phone", "Called", made_at=utc(2026, 11, 6, 9, 0),
                               now=utc(2026, 11, 5, 9, 0), zone=ZONE)  # in the future
        with pytest.raises(handling.HandlingError):
            handling.log_reply(db.session, item, _officer(), "pigeon", "Coo", made_at=utc(2026, 11, 4, 11, 0),
                               now=utc(2026, 11, 4, 16, 0), zone=ZONE)


def test_waiting_for_the_customer_stops_the_resolution_clock(setting):
    with setting.app_context():
        item = _email(utc(2026, 11, 3, 14, 0))
        due = item.resolution_due_at
        handling.reply(db.session, item, _officer(), "Which bin was it?", COUNCIL, utc(2026, 11, 3, 15, 0),
                       awaiting_customer=True)
        assert item.status == AWAITING_CUSTOMER and item.paused_since == utc(2026, 11, 3, 15, 0)
        # They answer the next morning at 10:00: 2 working hours that day + 1 the next.
        handling.set_status(db.session, item, _officer(), IN_PROGRESS, utc(2026, 11, 4, 10, 0), ZONE)
        assert item.paused_since is None and item.paused_minutes == 180
        assert item.resolution_due_at == utc(2026, 11, 10, 17, 0)  # three working hours later than `due`
        assert due == utc(2026, 11, 10, 14, 0)


def test_a_breach_needs_a_reason_before_closing(setting):
    with setting.app_context():
        item = _email(utc(2026, 11, 3, 14, 0))
        late = utc(2026, 11, 5, 10, 0)
        handling.reply(db.session, item, _officer(), "Sorry for the delay.", COUNCIL, late)
        assert deadlines.response_breached(item, late)
        with pytest.raises(handling.HandlingError) as refused:
            handling.set_status(db.session, item, _officer(), CLOSED, late, ZONE)
        assert refused.value.field == "breach_reason" and item.status != CLOSED
        with pytest.raises(standards.StandardsError):
            standards.set_breach_reason(db.session, item, _officer(), "  ", late)
        standards.set_breach_reason(db.session, item, _officer(), "Two officers off sick that week", late)
        handling.set_status(db.session, item, _officer(), CLOSED, late, ZONE)
        assert item.status == CLOSED
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "enquiry.breach_reason"))


def test_exclusion_needs_a_reason_code_and_is_audited(setting):
    with setting.app_context():
        item = _email(utc(2026, 11, 3, 14, 0))
        with pytest.raises(standards.StandardsError):
            standards.exclude(db.session, item, _officer(), "boring", "", utc(2026, 11, 3, 15, 0))
        standards.exclude(db.session, item, _officer(), "spam", "Bitcoin offer", utc(2026, 11, 3, 15, 0))
        assert item.excluded_reason == "spam" and not deadlines.response_breached(item, utc(2026, 12, 1, 9, 0))
        standards.include(db.session, item, _officer(), utc(2026, 11, 3, 15, 5))
        assert item.excluded_reason is None
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["enquiry.exclude", "enquiry.include"]
        assert audit.verify(db.session) is None


def test_a_change_of_standards_recomputes_open_enquiries_only(setting):
    with setting.app_context():
        open_one = _email(utc(2026, 11, 3, 14, 0), "open")
        closed = _email(utc(2026, 11, 3, 14, 0), "closed")
        closed.status = RESOLVED
        answered = _email(utc(2026, 11, 3, 14, 0), "answered")
        handling.reply(db.session, answered, _officer(), "Done.", COUNCIL, utc(2026, 11, 3, 16, 0))
        _send_outbox(setting, utc(2026, 11, 3, 16, 1))
        old = standards.current(db.session)
        new = StandardsVersion(hours=old.hours, subdivision="ENG", closures=[], rule="close_of_next_working_day",
                               day_minutes=480, acknowledgement_minutes=15, response_days=1, reason="test")
        db.session.add(new)
        db.session.flush()
        assert standards.recompute_open(db.session, new, ZONE) == 2
        assert open_one.response_due_at == utc(2026, 11, 4, 17, 0) and open_one.standards_version_id == new.id
        assert closed.response_due_at == utc(2026, 11, 4, 14, 0) and closed.standards_version_id == old.id
        assert answered.response_due_at == utc(2026, 11, 4, 14, 0)  # its response was judged already


def test_a_change_of_standards_is_in_force_for_the_very_next_enquiry(setting):
    """Whether this process made the new version (not yet committed) or another process did
    (committed on its own connection), the next enquiry takes it: nothing keeps an old one."""
    from sqlalchemy import insert
    with setting.app_context():
        received = utc(2026, 11, 3, 14, 0)  # a Tuesday
        first = _email(received, "first")
        old = standards.current(db.session)
        assert first.standards_version_id == old.id and first.response_due_at == utc(2026, 11, 4, 14, 0)
        db.session.commit()
        kept = {name: getattr(old, name) for name in ("hours", "subdivision", "closures", "day_minutes",
                                                        "acknowledgement_minutes", "response_days")}
        mine = StandardsVersion(**kept, rule="close_of_next_working_day", reason="this process")
        db.session.add(mine)  # pending: the enquiry's read flushes it
        second = _email(received, "second")
        assert second.standards_version_id == mine.id and second.response_due_at == utc(2026, 11, 4, 17, 0)
        db.session.commit()
        with db.engine.begin() as other_process:
            other_process.execute(insert(StandardsVersion).values(**{**kept, "closures": ["2026-11-04"]},
                                                                  rule="one_working_day", reason="another process"))
        third = _email(received, "third")
        assert third.standards_version_id == mine.id + 1 and third.response_due_at == utc(2026, 11, 5, 14, 0)
        assert standards.current(db.session).reason == "another process"


def test_rules_read_in_a_rolled_back_transaction_never_stand_for_a_later_version(setting):
    """The rules in force are parsed once per version; a version written and rolled back gives
    its key back to SQLite, and the next version to take that key brings its own rules."""
    with setting.app_context():
        received = utc(2026, 11, 3, 14, 0)  # a Tuesday
        old = standards.current(db.session)
        kept = {name: getattr(old, name) for name in ("hours", "subdivision", "closures", "day_minutes",
                                                        "acknowledgement_minutes", "response_days")}
        db.session.commit()
        db.session.add(StandardsVersion(**kept, rule="close_of_next_working_day", reason="rolled back"))
        dropped = _email(received, "dropped")
        assert dropped.response_due_at == utc(2026, 11, 4, 17, 0)
        key = dropped.standards_version_id
        db.session.rollback()
        db.session.add(StandardsVersion(**{**kept, "closures": ["2026-11-04"]}, rule="one_working_day",
                                        reason="kept"))
        db.session.commit()
        item = _email(received, "after")
        assert item.standards_version_id == key  # the same key, another version
        assert item.response_due_at == utc(2026, 11, 5, 14, 0)  # with its own rules


def test_the_audit_chain_names_the_first_entry_changed_removed_or_reordered(setting):
    with setting.app_context():
        now = utc(2026, 11, 3, 14, 0)
        entries = [audit.record(db.session, _officer(), "test.action", f"thing:{n}", {"n": n}, now)
                   for n in range(4)]
        db.session.commit()
        assert audit.verify(db.session) is None
        ids = [e.id for e in entries]
        db.session.execute(AuditEntry.__table__.update().where(AuditEntry.id == ids[2])
                           .values(details={"n": 99}))
        found = audit.verify(db.session)
        assert found.entry_id == ids[2] and "changed" in found.problem
        db.session.rollback()
        db.session.execute(AuditEntry.__table__.delete().where(AuditEntry.id == ids[1]))
        found = audit.verify(db.session)
        assert found.entry_id == ids[2] and "removed" in found.problem


def test_verify_audit_command_names_the_entry(setting):
    now = utc(2026, 11, 3, 14, 0)
    with setting.app_context():
        ids = [audit.record(db.session, None, "test.action", "x", {"n": n}, now).id for n in range(3)]
        db.session.commit()
    runner = setting.test_cli_runner()
    ok = runner.invoke(args=["ieg", "verify-audit"])
    assert ok.exit_code == 0 and "intact: 3 entries" in ok.output
    with setting.app_context():
        db.session.execute(AuditEntry.__table__.update().where(AuditEntry.id == ids[1]).values(subject="y"))
        db.session.commit()
    broken = runner.invoke(args=["ieg", "verify-audit"])
    assert broken.exit_code == 1 and f"broken at entry {ids[1]}" in broken.output

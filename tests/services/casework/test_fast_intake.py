"""The web form's fast path (ieg.casework.fast_intake): one function takes a checked
submission in and commits, and it writes the rows the ORM services would, by the same rules."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from ieg.casework import enquiries, fast_intake, references
from ieg.config import Council
from ieg.files_store import FolderStore
from ieg.casework.enquiries import ContactDetails
from ieg.casework.eform_definitions import STANDARD_FORMS
from ieg.extensions import db
from ieg.models import Customer, Enquiry, EnquiryEvent, OutboxMessage

NOW = datetime(2026, 3, 3, 14, 5, tzinfo=timezone.utc)
COUNCIL = Council(name="Ashdown District Council", base_url="https://www.ashdown.example.gov.uk",
                            mail_domain="ashdown.example.gov.uk", secret_key="test-secret-key")
FORM = STANDARD_FORMS["general-enquiry"]
ANSWERS = {"question": "When is my bin day?", "name": "Jo Bloggs", "email": "Jo@Example.com",
           "phone": "01632 960123"}


def _submit(key="k1", answers=ANSWERS):
    return fast_intake.submit_web_form(db.session, FORM, answers, key, {}, COUNCIL, NOW, FolderStore(Path("unused")))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_submission_is_taken_in_committed_and_answered_with_a_small_frozen_result(app, council):
    with app.app_context():
        made = []
        event.listen(db.session(), "transient_to_pending", lambda session, instance: made.append(instance))
        done = _submit()
        assert made == [] and len(db.session.identity_map) == 0  # no ORM object, not the request's session
        assert done.created and references.is_valid(done.reference)
        assert (done.email, done.service) == ("jo@example.com", "About the council")
        with pytest.raises(dataclasses.FrozenInstanceError):
            done.reference = "ENQ-0000-0000-0"  # type: ignore[misc]
        db.session.remove()  # another request: what it wrote was committed
        stored = db.session.get(Enquiry, done.enquiry_id)
        assert stored.reference == done.reference and stored.submission_key == "general-enquiry:k1"
        assert [e.kind for e in stored.events] == ["received", "acknowledged"]
        again = _submit()  # a double click: the same enquiry
        assert not again.created and (again.reference, again.enquiry_id) == (done.reference, done.enquiry_id)
        assert [_count(m) for m in (Customer, Enquiry, EnquiryEvent, OutboxMessage)] == [1, 1, 2, 1]


def test_the_same_submission_again_with_other_details_writes_nothing(app, council):
    """The key makes it the same form: the repeat's contact details make no customer record of
    their own (a record with no enquiry was left behind, found by the forms' fuzz test)."""
    with app.app_context():
        first = _submit("k2", {**ANSWERS, "email": "first@example.com"})
        db.session.remove()
        again = _submit("k2", {**ANSWERS, "email": "second@example.com", "address": "1 High Street"})
        assert not again.created and again.reference == first.reference
        assert [_count(m) for m in (Customer, Enquiry, EnquiryEvent, OutboxMessage)] == [1, 1, 2, 1]


def test_the_fast_path_writes_what_the_orm_services_write(app, council):
    """The same rules on both ways in: the customer found, the deadlines, the addresses, the
    acknowledgement; only the reference (drawn at random) and the key differ."""
    with app.app_context():
        fast_id = _submit("fast", {**ANSWERS, "email": "fast@example.com"}).enquiry_id
        given = ContactDetails(name="Jo Bloggs", email="orm@example.com", phone="01632 960123")
        kind = enquiries.case_type(db.session, FORM.case_type, FORM.case_type_name, FORM.section, FORM.outcome_refs)
        subject, description, location = fast_intake.eform_definitions.describe(FORM, {**ANSWERS, "email": "orm@example.com"})
        orm, _ = enquiries.open_enquiry(
            db.session, channel="web", customer=enquiries.find_or_create_customer(db.session, given), case_type=kind,
            subject=subject, description=description, location=location,
            answers={**ANSWERS, "email": "orm@example.com"}, received_at=NOW, now=NOW,
            submission_key="general-enquiry:orm", zone=COUNCIL.timezone, given=given)
        enquiries.acknowledge(db.session, orm, COUNCIL, NOW)
        orm_id = orm.id
        db.session.commit()
        db.session.expunge_all()
        fast, orm = db.session.get(Enquiry, fast_id), db.session.get(Enquiry, orm_id)
        differ = {"id", "reference", "submission_key", "customer_id", "answers", "given_details"}
        columns = [c.key for c in Enquiry.__table__.columns if c.key not in differ]
        assert {c: getattr(fast, c) for c in columns} == {c: getattr(orm, c) for c in columns}
        assert fast.given_details == {**orm.given_details, "email": "fast@example.com"}
        assert [(e.kind, e.body, e.at) for e in fast.events] == [(e.kind, e.body, e.at) for e in orm.events]
        fast_mail, orm_mail = fast.events[1].outbox_message, orm.events[1].outbox_message
        assert fast_mail.body_text.replace(fast.reference, "R").split("/track/")[0] == \
            orm_mail.body_text.replace(orm.reference, "R").split("/track/")[0]
        assert (fast_mail.headers.keys(), fast_mail.purpose) == (orm_mail.headers.keys(), orm_mail.purpose)

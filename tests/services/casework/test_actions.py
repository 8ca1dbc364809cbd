"""The table of what staff do to an enquiry from its page, driven without HTTP: every button
the page offers has an entry; each parses its form, calls its service and says what it did;
refusals name their field; only recording the customer's details needs more than changing the
enquiry."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ieg.casework import actions, enquiries
from ieg.casework.enquiries import ContactDetails
from ieg.config import Council
from ieg.extensions import db
from ieg.models import CaseType, EnquiryEvent, Section, User
from ieg.models.casework import IN_PROGRESS

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=timezone.utc)
AGENT = "contact.agent@staff.example.gov.uk"
PAGE = Path(__file__).resolve().parents[3] / "templates" / "staff" / "enquiry.html"


@pytest.fixture
def case(app, council):
    with app.app_context():
        kind = CaseType(slug="missed-bin", name="Missed bin collection",
                        section=db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling")))
        customer = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo Bloggs",
                                                                                email="jo@example.com"))
        item, _ = enquiries.open_enquiry(db.session, channel="phone", customer=customer, case_type=kind,
                                         subject="Bin", description="", received_at=NOW, now=NOW)
        agent = db.session.scalar(select(User).where(User.email == AGENT))
        yield actions.Case(db.session, item, agent, NOW, "Europe/London", Council.from_config(app.config))
        db.session.rollback()


def _events(case, kind):
    return db.session.scalars(select(EnquiryEvent).where(EnquiryEvent.enquiry_id == case.enquiry.id,
                                                         EnquiryEvent.kind == kind)).all()


def test_every_button_on_the_enquiry_page_has_an_action():
    offered = set(re.findall(r'name="action" value="([a-z_]+)"', PAGE.read_text()))
    assert offered and offered == set(actions.ACTIONS)


def test_a_note_is_added_and_said(case):
    done = actions.perform(case, "note", MultiDict({"note": "Rang back"}))
    assert done == actions.Done("Note added.")
    assert [e.body for e in _events(case, "note")] == ["Rang back"]


def test_a_refusal_names_its_field(case):
    with pytest.raises(actions.ERRORS) as refused:
        actions.perform(case, "note", MultiDict({"note": "  "}))
    assert refused.value.field == "note"


def test_a_time_staff_type_is_parsed_or_refused_against_its_field(case):
    with pytest.raises(actions.ERRORS) as refused:
        actions.perform(case, "log_reply", MultiDict({"reply_kind": "phone", "reply_text": "Told them",
                                                      "reply_at-date": "31/02/2026", "reply_at-time": "10:00"}))
    assert refused.value.field == "reply_at"
    assert actions.when(MultiDict({"reply_at-date": "20/11/2026", "reply_at-time": "09:30"}), "reply_at", NOW,
                        "Europe/London") == datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    assert actions.when(MultiDict(), "reply_at", NOW, "Europe/London") == NOW


def test_status_assignment_and_queue_come_from_the_form(case):
    assert actions.perform(case, "status", MultiDict({"status": IN_PROGRESS})).message == "Status changed."
    assert case.enquiry.status == IN_PROGRESS
    actions.perform(case, "assign", MultiDict({"assignee": str(case.actor.id)}))
    assert case.enquiry.assigned_to_id == case.actor.id
    actions.perform(case, "assign", MultiDict({"assignee": "nobody"}))  # not a number: unassigned
    assert case.enquiry.assigned_to_id is None
    other = db.session.scalars(select(Section).where(Section.id != case.enquiry.section_id)).first()
    done = actions.perform(case, "queue", MultiDict({"section": str(other.id)}))
    assert (done.message, case.enquiry.section_id) == ("Moved to another service's queue.", other.id)
    with pytest.raises(actions.ERRORS):
        actions.perform(case, "queue", MultiDict({"section": ""}))


def test_only_the_customer_record_actions_need_more_than_changing_the_enquiry(case):
    extra = {name: actions.needs(db.session, case.enquiry, name) for name in actions.ACTIONS}
    assert {name for name, needed in extra.items() if needed} == {"keep_record", "update_record"}
    assert [action for action, _ in extra["update_record"]] == ["customer.change"]
    with pytest.raises(KeyError):
        actions.needs(db.session, case.enquiry, "delete")
    with pytest.raises(KeyError):
        actions.perform(case, "delete", MultiDict())


def test_a_date_moved_half_typed_is_refused_against_its_field(case):
    with pytest.raises(actions.ERRORS) as refused:
        actions.perform(case, "update_record", MultiDict([("copy", "address"), ("moved_on-day", "14")]))
    assert refused.value.field == "moved_on"

"""The customer record over time: a change of address told once updates every open record
that used the old address and keeps closed ones (G25), with a list of what it did; two
duplicate records merged into one."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from ieg.casework import customers, enquiries
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db
from ieg.models import AddressChange, CaseType, Customer, CustomerMerge, Enquiry, Section
from ieg.models.casework import CLOSED, IN_PROGRESS, RESOLVED

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=timezone.utc)
OLD = "12 Mill Lane\nAshdown"


@pytest.fixture
def kind(app, council):
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        db.session.add(CaseType(slug="missed-bin", name="Missed bin collection", section=section))
        db.session.add(CaseType(slug=customers.CHANGE_OF_ADDRESS, name="Change of address", section=section))
        db.session.commit()


def _open(customer, status="open", channel="phone", address=None, slug="missed-bin", answers=None):
    item, _ = enquiries.open_enquiry(
        db.session, channel=channel, customer=customer, subject="Bin", description="",
        case_type=db.session.scalar(select(CaseType).where(CaseType.slug == slug)), received_at=NOW, now=NOW,
        answers=answers)
    if address is not None:
        item.contact_address, item.contact_postcode = address
    item.status = status
    return item


def _customer(**details):
    defaults = dict(name="Jo Bloggs", email="jo@example.com", address=OLD, postcode="AS1 1AA")
    return enquiries.find_or_create_customer(db.session, ContactDetails(**{**defaults, **details}))


def test_a_move_updates_open_records_keeps_closed_ones_and_lists_both(app, kind):
    with app.app_context():
        jo = _customer()
        open_one = _open(jo)
        in_progress = _open(jo, IN_PROGRESS, address=("12 MILL LANE, Ashdown", "as11aa"))  # written differently
        closed = _open(jo, CLOSED)
        resolved = _open(jo, RESOLVED)
        elsewhere = _open(jo, address=("The Allotments, Ashdown", "AS1 9ZZ"))  # not the old address
        change = customers.change_address(db.session, jo, new_address="3 New Road\nAshdown", new_postcode="as2 2bb",
                                          moved_on=date(2026, 11, 14), actor=None, now=NOW)
        db.session.commit()

        assert (jo.address, jo.postcode) == ("3 New Road\nAshdown", "AS2 2BB")
        assert (open_one.contact_address, in_progress.contact_postcode) == ("3 New Road\nAshdown", "AS2 2BB")
        assert (closed.contact_address, resolved.contact_postcode) == (OLD, "AS1 1AA")
        assert elsewhere.contact_postcode == "AS1 9ZZ"
        listed = [(r.record, r.enquiry.reference if r.enquiry else None, r.action) for r in change.records]
        assert listed == [("customer", None, "updated"), ("enquiry", open_one.reference, "updated"),
                          ("enquiry", in_progress.reference, "updated"), ("enquiry", closed.reference, "kept"),
                          ("enquiry", resolved.reference, "kept")]
        history = [(a.address, a.valid_from, a.valid_to) for a in jo.addresses]
        assert history == [(OLD, None, date(2026, 11, 14)), ("3 New Road\nAshdown", date(2026, 11, 14), None)]
        assert [e.kind for e in open_one.events][-1] == "address_changed"
        assert not open_one.events[-1].public  # staff see it; it is not news to the customer


@pytest.mark.parametrize("new_address, postcode, moved_on, field", [
    ("", "AS2 2BB", date(2026, 11, 1), "new_address"),
    ("3 New Road", "", date(2026, 11, 1), "new_postcode"),
    ("12 Mill Lane, Ashdown", "AS1 1AA", date(2026, 11, 1), "new_address"),  # the same address
    ("3 New Road", "AS2 2BB", date(2027, 6, 1), "moved_on"),  # too far ahead
])
def test_a_change_that_cannot_be_right_is_refused_and_changes_nothing(app, kind, new_address, postcode, moved_on,
                                                                      field):
    with app.app_context():
        jo = _customer()
        with pytest.raises(customers.CustomerError) as error:
            customers.change_address(db.session, jo, new_address=new_address, new_postcode=postcode,
                                     moved_on=moved_on, actor=None, now=NOW)
        assert error.value.field == field
        db.session.rollback()
        assert db.session.scalar(select(AddressChange)) is None


def test_the_moving_form_is_applied_once_using_the_old_address_the_customer_gave(app, kind):
    with app.app_context():
        # The customer was first known by phone with no address on record; an old report
        # used the address they now say they have left.
        jo = _customer(address="", postcode=None)
        report = _open(jo, address=(OLD, "AS1 1AA"))
        form = _open(jo, channel="web", slug=customers.CHANGE_OF_ADDRESS, answers={
            "old_address": "12 Mill Lane, Ashdown", "old_postcode": "AS1 1AA", "new_address": "3 New Road",
            "new_postcode": "AS2 2BB", "moved_on": "2026-11-14"})
        change = customers.apply_moving_form(db.session, form, None, NOW)
        db.session.commit()
        assert report.contact_postcode == "AS2 2BB" and form.status == RESOLVED
        assert change.enquiry_id == form.id and change.old_postcode == "AS1 1AA"
        assert form.events[-2].public and "updated 2 records" in form.events[-2].body
        with pytest.raises(customers.CustomerError, match="already been recorded"):
            customers.apply_moving_form(db.session, form, None, NOW)


def test_only_a_moving_form_can_be_applied(app, kind):
    with app.app_context():
        item = _open(_customer())
        with pytest.raises(customers.CustomerError, match="not a change of address"):
            customers.apply_moving_form(db.session, item, None, NOW)


def test_merging_moves_everything_to_one_record_and_keeps_the_old_email_working(app, kind):
    with app.app_context():
        jo = _customer()
        duplicate = _customer(name="Joanna Bloggs", email="joanna.b@example.net", address="", postcode=None,
                              phone="07700 900123")
        theirs = _open(duplicate, channel="email")
        mine = _open(jo)
        assert [c.id for c in customers.possible_duplicates(db.session, jo)] == []
        record = customers.merge(db.session, jo, duplicate, None, NOW)
        db.session.commit()

        assert theirs.customer_id == mine.customer_id == jo.id
        assert jo.phone == "07700900123" and jo.name == "Jo Bloggs"  # filled in, never overwritten
        assert duplicate.merged_into_id == jo.id and enquiries.surviving_customer(db.session, duplicate) is jo
        assert customers.known_emails(db.session, jo) == {"jo@example.com", "joanna.b@example.net"}
        assert db.session.scalar(select(CustomerMerge)).details["enquiries"] == [theirs.reference]
        assert record.survivor_id == jo.id
        # The address on the acknowledgement the duplicate was sent still tracks the enquiry.
        assert enquiries.find_for_tracking(db.session, theirs.reference, "joanna.b@example.net") is theirs
        # And mail from it lands on the surviving record.
        again = enquiries.find_or_create_customer(db.session, ContactDetails(email="Joanna.B@example.net"))
        assert again is jo
        with pytest.raises(customers.CustomerError):
            customers.merge(db.session, jo, duplicate, None, NOW)


def test_possible_duplicates_are_same_phone_or_same_name_at_the_postcode(app, kind):
    with app.app_context():
        jo = _customer(phone="01632 960123")
        by_phone = _customer(name="J B", email="other@example.com", phone="+44 1632 960123")
        by_name = _customer(name="jo bloggs", email="third@example.com", postcode="as1 1aa")
        _customer(name="Someone Else", email="fourth@example.com", postcode="AS1 1AA")
        db.session.commit()
        assert [c.id for c in customers.possible_duplicates(db.session, jo)] == [by_phone.id, by_name.id]
        assert db.session.scalar(select(Customer).where(Customer.id == jo.id)) is jo
        assert db.session.scalar(select(Enquiry)) is None

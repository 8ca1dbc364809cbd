"""The lists staff see hold exactly the enquiries `can()` lets them see: the SQL of
ieg.casework.visibility against the pure rule, for every kind of user and every way an
enquiry can be an officer's (its service, assigned to them, logged by them); and a
customer reached through the record it was merged into."""
from __future__ import annotations

import itertools
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from ieg.casework import enquiries, visibility
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry, Section, User
from ieg.people.permissions import can

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=timezone.utc)


def _user(roles, user_id=None, section_id=None):
    return SimpleNamespace(is_authenticated=True, is_active=True, role_names=frozenset(roles), id=user_id,
                           casework_section_id=section_id, section_roles=lambda _: frozenset(),
                           has_any_grant=lambda: False)


@pytest.fixture
def every_kind_of_enquiry(app, council):
    """An enquiry for each (service, assignee, author) among two services and none, and two officers."""
    with app.app_context():
        sections = db.session.scalars(select(Section).order_by(Section.id).limit(2)).all()
        officers = db.session.scalars(select(User).order_by(User.id).limit(2)).all()
        kind = CaseType(slug="anything", name="Anything")
        db.session.add(kind)
        person = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo", email="jo@example.com"))
        people = [None, *(officer.id for officer in officers)]
        for section, assignee, author in itertools.product([None, *(s.id for s in sections)], people, people):
            item, _ = enquiries.open_enquiry(db.session, channel="phone", customer=person, case_type=kind,
                                             subject="x", description="", received_at=NOW, now=NOW)
            item.section_id, item.assigned_to_id, item.created_by_id = section, assignee, author
        db.session.commit()
        return [s.id for s in sections], [o.id for o in officers]


def test_the_sql_lists_exactly_what_can_allows(app, every_kind_of_enquiry):
    sections, officers = every_kind_of_enquiry
    users = [_user({"admin"}), _user({"contact_agent"}), _user({"auditor"}), _user({"councillor"}),
             _user({"officer", "auditor"}, officers[0], sections[0]), _user({"officer"}, None, None)]
    users += [_user({"officer"}, officer, section) for officer in officers for section in [None, *sections]]
    with app.app_context():
        everything = db.session.scalars(select(Enquiry)).all()
        assert len(everything) == 27
        sizes = set()
        for user, change in itertools.product(users, (False, True)):
            action = "enquiry.change" if change else "enquiry.view"
            listed = set(db.session.scalars(visibility.only_visible(select(Enquiry.id), user, change=change)))
            allowed = {e.id for e in everything if can(user, action, e)}
            assert listed == allowed, (user.role_names, user.id, user.casework_section_id, action)
            sizes.add(len(listed))
        assert {0, 27} < sizes  # everything, nothing, and officers' shares in between


def test_a_merged_record_is_reached_through_the_record_it_was_merged_into(app, council):
    with app.app_context():
        waste = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin", section=waste)
        kept = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo", email="jo@example.com"))
        old = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo", email="old@example.com"))
        enquiries.open_enquiry(db.session, channel="phone", customer=kept, case_type=kind, subject="x",
                               description="", received_at=NOW, now=NOW)
        db.session.flush()
        old.merged_into_id = kept.id
        db.session.flush()
        officer = _user({"officer"}, 999, waste.id)
        elsewhere = _user({"officer"}, 998, waste.id + 1)
        for person in (kept, old):
            plain = visibility.customer(db.session, db.session.get(Customer, person.id))
            assert can(officer, "customer.view", plain) and not can(elsewhere, "customer.view", plain)


def test_the_customer_list_holds_only_the_records_can_allows(app, every_kind_of_enquiry):
    """Every record with an enquiry of each kind, one with none, one merged into another
    and one merged twice over: the SQL lists exactly what can() allows, but for the last,
    which it leaves out rather than walk the chain."""
    sections, officers = every_kind_of_enquiry
    users = [_user({"admin"}), _user({"contact_agent"}), _user({"auditor"}), _user({"councillor"}),
             _user({"officer", "auditor"}, officers[0], sections[0]), _user({"officer"}, None, None)]
    users += [_user({"officer"}, officer, section) for officer in officers for section in [None, *sections]]
    with app.app_context():
        for item in db.session.scalars(select(Enquiry)).all():  # a record of its own for each enquiry
            item.customer = enquiries.find_or_create_customer(
                db.session, ContactDetails(name="Someone", email=f"someone{item.id}@example.com"))
        survivor = db.session.scalar(select(Enquiry).where(Enquiry.section_id == sections[0])).customer
        nobody = enquiries.find_or_create_customer(db.session, ContactDetails(name="No enquiries"))
        merged = enquiries.find_or_create_customer(db.session, ContactDetails(name="Merged"))
        twice = enquiries.find_or_create_customer(db.session, ContactDetails(name="Merged twice"))
        db.session.flush()
        merged.merged_into_id, twice.merged_into_id = survivor.id, merged.id
        db.session.flush()
        records = db.session.scalars(select(Customer)).all()
        assert len(records) >= 30
        for user in users:
            where = visibility.customer_condition(user)
            listed = set(db.session.scalars(select(Customer.id) if where is None
                                            else select(Customer.id).where(where)))
            allowed = {c.id for c in records if can(user, "customer.view", visibility.customer(db.session, c))}
            assert listed == (allowed if where is None else allowed - {twice.id}), (
                user.role_names, user.id, user.casework_section_id)
            assert (twice.id in allowed) == (merged.id in allowed) == (survivor.id in allowed)
        assert nobody.id not in {c.id for c in records
                                 if can(users[-1], "customer.view", visibility.customer(db.session, c))}

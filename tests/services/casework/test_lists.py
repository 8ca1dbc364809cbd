"""Browsing casework (ieg.casework.lists) on a real database: each filter against the same
question asked of the enquiries one by one in Python, the SQL for "missed a standard"
against the rule that judges one enquiry, dates in the council's time, sorting and paging,
the customer search, and the CSV the exports write."""
from __future__ import annotations

import csv
import io
import itertools
from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from ieg import dates
from ieg.casework import deadlines, deadlines_sql, enquiries, lists
from ieg.casework.enquiries import ContactDetails
from ieg.evidence import exports
from ieg.extensions import db
from ieg.models import CaseType, Enquiry, Section, User
from ieg.models.casework import CLOSED, IN_PROGRESS, OPEN, RESOLVED

NOW = datetime(2026, 11, 20, 11, 0, tzinfo=timezone.utc)
ZONE = "Europe/London"
AGENT = SimpleNamespace(is_authenticated=True, is_active=True, role_names=frozenset({"contact_agent"}), id=None,
                        casework_section_id=None)


def at(hours: float) -> datetime:
    return NOW + timedelta(hours=hours)


@pytest.fixture
def casework(app, council):
    """Enquiries in every state the standards can judge, on two services and three channels,
    for three customers; yields the app context."""
    with app.app_context():
        waste, parking = (db.session.scalar(select(Section).where(Section.slug == slug))
                          for slug in ("waste-and-recycling", "parking"))
        bins = CaseType(slug="missed-bin", name="Missed bin", section=waste)
        tickets = CaseType(slug="pcn", name="Parking ticket", section=parking)
        db.session.add_all([bins, tickets])
        people = [enquiries.find_or_create_customer(db.session, details) for details in (
            ContactDetails(name="Helen Wright", email="helen.wright@example.com", phone="01632 960123",
                           address="2 The Green\nAshdown", postcode="AS1 3NP"),
            ContactDetails(name="Jo Bloggs", email="jo_b@example.org", postcode="AS12 1AA"),
            ContactDetails(name="Sam Wrightson", phone="01632 960999", postcode="AS2 8QR"))]
        officer = db.session.scalar(select(User).where(User.email == "officer@staff.example.gov.uk"))
        due_choices = [None, at(-5), at(5)]
        response_choices = [None, at(-10), at(-1)]
        number = itertools.count()
        for response_due, first_response, resolution_due, status, paused, excluded in itertools.product(
                due_choices, response_choices, due_choices, (OPEN, RESOLVED), (False, True), (None, "spam")):
            n = next(number)
            item, _ = enquiries.open_enquiry(
                db.session, channel=("web", "email", "phone")[n % 3], customer=people[n % 3],
                case_type=(bins, tickets)[n % 2], subject=f"Enquiry {n}", description="",
                received_at=at(-24 * (n % 40) - 1), now=NOW)
            item.response_due_at, item.first_response_at, item.resolution_due_at = (
                response_due, first_response, resolution_due)
            item.status, item.excluded_reason = status, excluded
            item.resolved_at = at(-2) if status == RESOLVED else None
            item.paused_since = at(-3) if paused else None
            item.assigned_to_id = officer.id if n % 5 == 0 else None
        db.session.commit()
        yield SimpleNamespace(waste=waste, parking=parking, bins=bins, officer=officer, people=people)


def _all():
    return db.session.scalars(select(Enquiry)).all()


def _listed(flt: lists.EnquiryFilter, viewer=AGENT) -> set[int]:
    return {e.id for e in lists.enquiries(db.session, flt, viewer, NOW, ZONE, per_page=10_000).items}


def test_missed_a_standard_in_sql_is_the_rule_for_one_enquiry(casework):
    everything = _all()
    assert len(everything) == 216
    missed = set(db.session.scalars(select(Enquiry.id).where(deadlines_sql.breached(NOW))))
    judged = {e.id for e in everything if deadlines.response_breached(e, NOW) or deadlines.resolution_breached(e, NOW)}
    assert missed == judged and 0 < len(missed) < len(everything)
    assert _listed(lists.EnquiryFilter(breached=True)) == judged


def test_each_filter_holds_what_it_says(casework):
    everything = _all()
    cases = [
        (lists.EnquiryFilter(statuses=(RESOLVED,)), lambda e: e.status == RESOLVED),
        (lists.EnquiryFilter(statuses=(OPEN, CLOSED)), lambda e: e.status in (OPEN, CLOSED)),
        (lists.EnquiryFilter(section_id=casework.parking.id), lambda e: e.section_id == casework.parking.id),
        (lists.EnquiryFilter(channel="phone"), lambda e: e.channel == "phone"),
        (lists.EnquiryFilter(case_type_id=casework.bins.id), lambda e: e.case_type_id == casework.bins.id),
        (lists.EnquiryFilter(officer=str(casework.officer.id)), lambda e: e.assigned_to_id == casework.officer.id),
        (lists.EnquiryFilter(officer=lists.NOBODY), lambda e: e.assigned_to_id is None),
        (lists.EnquiryFilter(channel="email", section_id=casework.waste.id, breached=True),
         lambda e: e.channel == "email" and e.section_id == casework.waste.id
         and (deadlines.response_breached(e, NOW) or deadlines.resolution_breached(e, NOW))),
    ]
    for flt, keep in cases:
        expected = {e.id for e in everything if keep(e)}
        assert _listed(flt) == expected and expected, flt
    assert _listed(lists.EnquiryFilter(statuses=(IN_PROGRESS,))) == set()


def test_received_dates_are_the_councils_days(casework):
    everything = _all()
    # 20 November 2026 is GMT; a day in summer is an hour ahead of UTC.
    day = date(2026, 11, 18)
    start = datetime(2026, 11, 18, tzinfo=timezone.utc)
    expected = {e.id for e in everything if start <= e.received_at < start + timedelta(days=1)}
    assert _listed(lists.EnquiryFilter(received_from=day, received_to=day)) == expected and expected
    after = {e.id for e in everything if e.received_at >= start}
    assert _listed(lists.EnquiryFilter(received_from=day)) == after
    with_summer = dates.local_midnight(date(2026, 7, 1), ZONE)
    assert with_summer == datetime(2026, 6, 30, 23, 0, tzinfo=timezone.utc)


def test_sorting_and_paging(casework):
    newest = lists.enquiries(db.session, lists.EnquiryFilter(), AGENT, NOW, ZONE, page="2", per_page=50)
    assert (newest.window.total, newest.window.pages, newest.window.page, len(newest.items)) == (216, 5, 2, 50)
    every = lists.enquiries(db.session, lists.EnquiryFilter(), AGENT, NOW, ZONE, per_page=1000).items
    assert [e.received_at for e in every] == sorted((e.received_at for e in every), reverse=True)
    assert newest.items == every[50:100]
    oldest = lists.enquiries(db.session, lists.EnquiryFilter(sort="oldest"), AGENT, NOW, ZONE, per_page=1000).items
    assert [e.received_at for e in oldest] == sorted(e.received_at for e in oldest)
    due = lists.enquiries(db.session, lists.EnquiryFilter(sort="due"), AGENT, NOW, ZONE, per_page=1000).items
    dues = [e.resolution_due_at for e in due]
    assert dues == sorted(dues, key=lambda d: (d is None, d or NOW)) and dues[-1] is None
    by_reference = lists.enquiries(db.session, lists.EnquiryFilter(sort="reference"), AGENT, NOW, ZONE,
                                   per_page=1000).items
    assert [e.reference for e in by_reference] == sorted(e.reference for e in by_reference)


def test_an_officer_sees_only_their_share_whatever_the_filter(casework):
    officer = casework.officer
    everything = _all()
    theirs = {e.id for e in everything if e.section_id == officer.casework_section_id
              or officer.id in (e.assigned_to_id, e.created_by_id)}
    assert _listed(lists.EnquiryFilter(), officer) == theirs
    parking = {e.id for e in everything if e.section_id == casework.parking.id and e.assigned_to_id == officer.id}
    assert _listed(lists.EnquiryFilter(section_id=casework.parking.id), officer) == parking and parking
    rows = db.session.execute(lists.enquiry_export(lists.EnquiryFilter(), officer, NOW, ZONE)).all()
    assert {r.reference for r in rows} == {e.reference for e in everything if e.id in theirs}
    assert lists.count_enquiries(db.session, lists.EnquiryFilter(), officer, NOW, ZONE) == len(theirs)


def test_filters_typed_in_the_address(casework):
    values = MultiDict([("status", "open"), ("status", "closed"), ("service", str(casework.waste.id)),
                        ("channel", "web"), ("officer", "none"), ("from-day", "1"), ("from-month", "11"),
                        ("from-year", "2026"), ("breached", "yes"), ("sort", "due")])
    flt, errors = lists.parse_enquiry_filter(values)
    assert errors == {}
    assert flt == lists.EnquiryFilter(statuses=(OPEN, CLOSED), section_id=casework.waste.id, channel="web",
                                      officer="none", received_from=date(2026, 11, 1), breached=True, sort="due")
    assert lists.parse_enquiry_filter(MultiDict(flt.params()))[0] == flt  # links keep the filter
    bad = MultiDict([("status", "lost"), ("service", "waste"), ("case_type", "9" * 20), ("channel", "pigeon"),
                     ("officer", "Olivia"), ("from-day", "31"), ("from-month", "2"), ("from-year", "2026"),
                     ("to-day", "x"), ("sort", "random"), ("page", "-3")])
    flt, errors = lists.parse_enquiry_filter(bad)
    assert set(errors) == {"status", "service", "case_type", "channel", "officer", "from", "to", "sort"}
    assert flt == lists.EnquiryFilter()  # nothing it could not read
    flt, errors = lists.parse_enquiry_filter(MultiDict({"from-day": "2", "from-month": "1", "from-year": "2027",
                                                        "to-day": "1", "to-month": "1", "to-year": "2027"}))
    assert errors == {"to": "Received to must be the same as or after received from"}


def test_customers_found_by_name_email_phone_or_postcode(casework):
    def found(text):
        flt, _ = lists.parse_customer_filter(MultiDict({"q": text}))
        return sorted(c.name for c in lists.customers(db.session, flt, AGENT).items)

    assert found("wright") == ["Helen Wright", "Sam Wrightson"]
    assert found("  Wright   HELEN ") == ["Helen Wright"]  # every word, any order
    assert found("JO_B@example") == ["Jo Bloggs"] and found("jo%") == []  # wildcards are characters
    assert found("+44 1632 960123") == ["Helen Wright"]
    assert found("as1 3np") == ["Helen Wright"]
    assert found("AS1") == ["Helen Wright"]  # the district: not AS12 1AA
    assert found("AS12") == ["Jo Bloggs"]
    assert found("") == ["Helen Wright", "Jo Bloggs", "Sam Wrightson"]
    listing = lists.customers(db.session, lists.CustomerFilter("Helen"), AGENT)
    count, last = listing.extra["enquiries"][casework.people[0].id]
    assert count == 72 and last == max(e.received_at for e in _all() if e.customer_id == casework.people[0].id)


def test_the_csv_is_the_exports_csv_a_piece_at_a_time():
    columns = [("Subject", lambda r: r[0]), ("Received (UTC)", lambda r: r[1])]
    rows = [(f"=HYPERLINK(\"http://evil.example/{n}\")" if n % 7 == 0 else f"Bin, line\n{n}",
             datetime(2026, 11, 20, 9, n % 60, tzinfo=timezone.utc)) for n in range(2500)]
    whole = exports.csv_text(columns, rows)
    for size in (1, 7, 1000, 5000):
        assert "".join(lists.csv_chunks(columns, rows, size)) == whole
    assert "".join(lists.csv_chunks(columns, [])) == "Subject,Received (UTC)\r\n"
    parsed = list(csv.reader(io.StringIO(whole)))
    assert parsed[1][0] == "'=HYPERLINK(\"http://evil.example/0\")" and parsed[2][0] == "Bin, line\n1"

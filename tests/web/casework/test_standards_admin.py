"""/admin/standards over HTTP: administrators only; each change is a form with its reason,
saved as a new version that open enquiries follow, shown in the history; refusals come back
with GOV.UK error messages against the fields and save nothing."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, sign_in
from tests.factories import HOLDERS, PASSWORD, add_holder

ADMIN = "admin@staff.example.gov.uk"
ZONE = "Europe/London"
PAGES = ("/admin/standards/", "/admin/standards/hours", "/admin/standards/closures", "/admin/standards/rule",
         "/admin/standards/times")


def post(client, path, data):
    return client.post(path, data={**data, "csrf_token": csrf_from(client.get(path))})


def hours_form(opens="09:00", closes="17:00", **extra) -> dict:
    form = {"subdivision": "ENG", "reason": "Opening hours agreed by cabinet"}
    for day in range(5):
        form.update({f"works-{day}": "yes", f"opens-{day}": opens, f"closes-{day}": closes})
    return {**form, **extra}


@pytest.fixture
def admin(signed_in):
    return signed_in(ADMIN)


@pytest.fixture
def case_type_id(app, council):
    from ieg.extensions import db
    from ieg.models import CaseType, Section
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin", section=section, resolution_days=5)
        db.session.add(kind)
        db.session.commit()
        return kind.id


def open_enquiry(app, received: datetime) -> int:
    from ieg.casework import enquiries, standards
    from ieg.extensions import db
    from ieg.models import CaseType
    with app.app_context():
        customer = enquiries.find_or_create_customer(db.session, enquiries.ContactDetails(email="jo@example.com"))
        item, _ = enquiries.open_enquiry(db.session, channel="email", customer=customer,
                                         case_type=db.session.scalar(select(CaseType)), subject="Bin missed",
                                         description="", received_at=received, now=received)
        if item.standards_version_id is None:  # before intake computes deadlines itself
            standards.apply(item, standards.current(db.session), ZONE)
        db.session.commit()
        return item.id


def versions(app) -> int:
    from ieg.extensions import db
    from ieg.models import StandardsVersion
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StandardsVersion))


@pytest.mark.parametrize("holder", [h for h in HOLDERS if "admin" not in h.roles], ids=lambda h: h.key)
def test_nobody_but_administrators_sees_or_changes_the_standards(app, council, case_type_id, holder):
    client = app.test_client()
    sign_in(client, add_holder(app, holder), PASSWORD)
    token = csrf_from(client.get("/account/"))
    for path in (*PAGES, f"/admin/standards/case-types/{case_type_id}"):
        assert client.get(path).status_code == 403, path
        response = client.post(path, data={**hours_form(), "csrf_token": token, "rule": "close_of_next_working_day",
                                           "resolution_days": "2"})
        assert response.status_code == (405 if path == "/admin/standards/" else 403), path
    assert versions(app) == 1


def test_visitors_are_sent_to_sign_in(client, council):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path


def test_an_administrator_changes_the_hours_and_the_rule_and_sees_the_history(app, admin, case_type_id):
    from ieg.extensions import db
    from ieg.models import AuditEntry, Enquiry

    assert "Service standards and working time" in admin.get("/admin/").get_data(as_text=True)
    # Tuesday 3 November 2026 at 2pm: due Wednesday 2pm under 09:00-17:00.
    received = datetime(2026, 11, 3, 14, 0, tzinfo=timezone.utc)
    number = open_enquiry(app, received)

    response = post(admin, "/admin/standards/hours", hours_form(opens="08:00", closes="16:00"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/standards/")
    page = admin.get("/admin/standards/").get_data(as_text=True)
    assert "1 open enquiry has new deadlines" in page
    assert page.count("8am to 4pm</dd>") == 5 and "Ada Admin" in page and "Opening hours agreed by cabinet" in page
    assert "Monday’s hours: was 9am to 5pm, now 8am to 4pm" in page

    response = post(admin, "/admin/standards/rule", {"rule": "close_of_next_working_day",
                                                     "reason": "Residents asked for a simpler rule"})
    assert response.status_code == 302
    page = admin.get("/admin/standards/").get_data(as_text=True)
    assert "By close of the next working day." in page
    assert ("Rule for one working day: was One working day: the same time on the next working day, now "
            "By close of the next working day") in page
    assert page.index("Residents asked for a simpler rule") < page.index("Opening hours agreed by cabinet")
    with app.app_context():
        item = db.session.get(Enquiry, number)
        assert item.response_due_at == datetime(2026, 11, 4, 16, 0, tzinfo=timezone.utc)  # Wednesday 4pm GMT
        assert [e.action for e in db.session.scalars(select(AuditEntry).where(AuditEntry.action.like("standards.%"))
                                                     .order_by(AuditEntry.id))] == ["standards.change", "standards.change"]
    assert versions(app) == 3


def test_refusals_are_shown_against_the_fields_and_save_nothing(app, admin):
    response = post(admin, "/admin/standards/hours", hours_form(**{"opens-2": "17:30", "reason": ""}))
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert '<a href="#closes-2">The closing time on Wednesday must be after the opening time</a>' in body
    assert '<a href="#reason">Enter the reason for the change</a>' in body
    assert 'id="closes-2-error"' in body and 'value="17:30"' in body  # what was typed stays
    assert "<title>Error:" in body

    body = post(admin, "/admin/standards/times", {"acknowledgement_minutes": "0", "response_days": "45",
                                                  "reason": "x"}).get_data(as_text=True)
    assert "must be a whole number from 1 to 1440" in body and "must be a whole number from 1 to 30" in body
    body = post(admin, "/admin/standards/rule", {"rule": "one_working_day", "reason": "x"}).get_data(as_text=True)
    assert "You have not changed anything" in body
    assert versions(app) == 1


def test_closure_days_are_added_and_removed_with_a_reason(app, admin):
    from ieg.extensions import db
    from ieg.casework import standards
    from ieg.timeutil import to_local, utcnow

    # The next weekday that is not a bank holiday, a fortnight or more away.
    with app.app_context():
        calendar = standards.calendar_for(standards.current(db.session), ZONE)
    day = to_local(utcnow(), ZONE).date() + timedelta(days=14)
    while not calendar.is_working_day(day):
        day += timedelta(days=1)
    response = post(admin, "/admin/standards/closures", {
        "action": "add", "closure-day": str(day.day), "closure-month": str(day.month), "closure-year": str(day.year),
        "reason": "Office move"})
    assert response.status_code == 302
    page = admin.get("/admin/standards/").get_data(as_text=True)
    words = f"{day:%A} {day.day} {day:%B} {day.year}"
    assert words in page and f"Closure day added: {words}" in page

    # The remove form has its own reason box: a missing reason points at it.
    body = post(admin, "/admin/standards/closures", {"action": "remove", "remove": day.isoformat(),
                                                     "reason": ""}).get_data(as_text=True)
    assert '<a href="#remove-reason">Enter the reason for the change</a>' in body and 'id="remove-reason-error"' in body
    assert post(admin, "/admin/standards/closures", {"action": "remove", "remove": day.isoformat(),
                                                     "reason": "Move postponed"}).status_code == 302
    with app.app_context():
        assert standards.current(db.session).closures == []
    assert f"Closure day removed: {words}" in admin.get("/admin/standards/").get_data(as_text=True)


def test_a_case_types_resolution_target_is_changed_with_a_reason(app, admin, case_type_id):
    from ieg.extensions import db
    from ieg.models import CaseType, Enquiry

    number = open_enquiry(app, datetime(2026, 11, 3, 14, 0, tzinfo=timezone.utc))
    overview = admin.get("/admin/standards/").get_data(as_text=True)
    assert re.search(r"Missed bin</th>\s*<td[^>]*>Waste and recycling</td>\s*<td[^>]*>5</td>", overview)
    path = f"/admin/standards/case-types/{case_type_id}"
    assert post(admin, path, {"resolution_days": "300", "reason": "x"}).status_code == 400
    response = post(admin, path, {"resolution_days": "2", "reason": "Collections are quicker now"})
    assert response.status_code == 302
    page = admin.get("/admin/standards/").get_data(as_text=True)
    assert "is now 2 working days. 1 open enquiry has new deadlines" in page
    assert "Missed bin: was 5, now 2 working days" in page and "Collections are quicker now" in page
    with app.app_context():
        assert db.session.get(CaseType, case_type_id).resolution_days == 2
        # Two 8-hour working days from Tuesday 3 November 2pm: Thursday 5 November 2pm.
        assert db.session.get(Enquiry, number).resolution_due_at == datetime(2026, 11, 5, 14, 0, tzinfo=timezone.utc)
    assert admin.get("/admin/standards/case-types/9999").status_code == 404

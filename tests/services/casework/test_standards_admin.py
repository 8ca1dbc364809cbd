"""Administrators changing the standards (ieg/casework/standards_admin.py): every change is a
new version with an audit entry on the chain, open enquiries take new deadlines and resolved
or closed ones keep theirs, refusals name the field at fault and save nothing; the worked
examples are the calendar's own deadlines."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from ieg import audit
from ieg.casework import enquiries, standards, standards_admin
from ieg.casework.enquiries import ContactDetails
from ieg.casework.standards_admin import StandardsAdminError
from ieg.extensions import db
from ieg.models import AuditEntry, CaseType, Enquiry, Section, StandardsVersion, User
from ieg.models.casework import CLOSED, RESOLVED
from ieg.workingtime import RULE_NEXT_DAY_CLOSE, RULE_ONE_WORKING_DAY, Calendar

ZONE = "Europe/London"
NOW = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)  # Monday 2 November 2026, 10am GMT
TODAY = date(2026, 11, 2)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def nine_to_five(**overrides) -> dict:
    """The hours form as the page sends it for Monday to Friday 09:00-17:00, England."""
    form = {"subdivision": "ENG", "reason": "New opening hours agreed by cabinet"}
    for day in range(5):
        form.update({f"works-{day}": "yes", f"opens-{day}": "09:00", f"closes-{day}": "17:00"})
    form.update(overrides)
    return form


@pytest.fixture
def setting(app, council):
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        db.session.add_all([CaseType(slug="missed-bin", name="Missed bin", section=section, resolution_days=5),
                            CaseType(slug="fly-tipping", name="Fly-tipping", section=section, resolution_days=10)])
        db.session.commit()
    return app


def _admin() -> User:
    return db.session.scalar(select(User).where(User.email == "admin@staff.example.gov.uk"))


def _enquiry(received: datetime, slug="missed-bin", status=None) -> Enquiry:
    customer = enquiries.find_or_create_customer(db.session, ContactDetails(name="Jo", email="jo@example.com"))
    kind = db.session.scalar(select(CaseType).where(CaseType.slug == slug))
    item, _ = enquiries.open_enquiry(db.session, channel="email", customer=customer, case_type=kind,
                                     subject="Bin missed", description="", received_at=received, now=received)
    if item.standards_version_id is None:  # before intake computes deadlines itself
        standards.apply(item, standards.current(db.session), ZONE)
    if status:
        item.status, item.resolved_at = status, received + timedelta(hours=1)
    db.session.flush()
    return item


def _deadlines(item: Enquiry) -> tuple:
    return (item.standards_version_id, item.acknowledgement_due_at, item.response_due_at, item.resolution_due_at)


def test_a_change_is_a_new_version_audited_on_the_chain_recomputing_open_enquiries_only(setting):
    with setting.app_context():
        # Tuesday 3 November 2026 at 2pm: due Wednesday 2pm under 09:00-17:00.
        open_one = _enquiry(utc(2026, 11, 3, 14, 0))
        resolved = _enquiry(utc(2026, 11, 3, 14, 0), status=RESOLVED)
        closed = _enquiry(utc(2026, 11, 3, 14, 0), status=CLOSED)
        audit.record(db.session, None, "test.before", "test", {}, NOW)  # a chain to extend
        db.session.commit()
        first = standards.current(db.session)
        kept = {item.id: _deadlines(item) for item in (resolved, closed)}
        assert open_one.response_due_at == utc(2026, 11, 4, 14, 0)
        head = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))

        # Close at 4pm but keep an 8-hour working day: Tuesday 14:00 + 8 working hours of
        # 09:00-16:00 is 2 hours on Tuesday and 6 on Wednesday, so Wednesday 15:00.
        form = nine_to_five(day_minutes="480", **{f"closes-{day}": "16:00" for day in range(5)})
        changed = standards_admin.change_standards(db.session, _admin(), "hours", form, NOW, ZONE)
        db.session.commit()

        new = standards.current(db.session)
        assert new.id != first.id and changed.version.id == new.id
        assert new.hours["0"] == ["09:00", "16:00"] and new.hours["5"] is None and new.day_minutes == 480
        assert (new.created_by_id, new.reason, new.created_at) == (_admin().id, form["reason"], NOW)
        assert db.session.get(StandardsVersion, first.id).hours["0"] == ["09:00", "17:00"]  # never edited
        assert changed.recomputed == 1
        db.session.refresh(open_one)
        assert open_one.standards_version_id == new.id
        assert open_one.response_due_at == utc(2026, 11, 4, 15, 0)
        calendar = standards.calendar_for(new, ZONE)
        assert open_one.resolution_due_at == calendar.add_working_days(utc(2026, 11, 3, 14, 0), 5)
        for item in (resolved, closed):
            db.session.refresh(item)
            assert _deadlines(item) == kept[item.id]

        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "standards.change"))
        assert entry.prev_hash == head.hash and audit.verify(db.session) is None
        assert entry.subject == f"standards_version:{new.id}" and entry.actor_id == _admin().id
        assert entry.details["from"] == {"hours": first.hours}
        assert entry.details["to"]["hours"]["4"] == ["09:00", "16:00"]
        assert entry.details["reason"] == form["reason"]
        assert entry.details["open_enquiries_recomputed"] == 1
        assert entry.details["previous_version"] == first.id


def test_the_rule_change_moves_open_deadlines_and_the_history_says_what_changed(setting):
    with setting.app_context():
        item = _enquiry(utc(2026, 11, 3, 14, 0))
        db.session.commit()
        standards_admin.change_standards(db.session, _admin(), "rule",
                                         {"rule": RULE_NEXT_DAY_CLOSE, "reason": "Corporate policy"}, NOW, ZONE)
        standards_admin.change_standards(db.session, _admin(), "times",
                                         {"acknowledgement_minutes": "10", "response_days": "2",
                                          "reason": "Faster acknowledgements"}, NOW, ZONE)
        db.session.commit()
        db.session.refresh(item)
        # Close of the next working day (Wednesday 17:00), then one more working day: Thursday 17:00.
        assert item.response_due_at == utc(2026, 11, 5, 17, 0)
        assert item.acknowledgement_due_at == utc(2026, 11, 3, 14, 10)

        newest, middle, oldest = standards_admin.history(db.session)
        assert oldest.who == "System" and oldest.changes == []
        assert middle.who == "Ada Admin" and middle.version.reason == "Corporate policy"
        assert middle.changes == [standards_admin.Difference(
            "Rule for one working day", standards.RULE_LABELS[RULE_ONE_WORKING_DAY],
            standards.RULE_LABELS[RULE_NEXT_DAY_CLOSE])]
        assert [(c.what, c.before, c.after) for c in newest.changes] == [
            ("Acknowledgement", "within 15 minutes", "within 10 minutes"),
            ("First response", "within one working day", "within 2 working days")]


@pytest.mark.parametrize(("part", "form", "field", "message"), [
    ("hours", nine_to_five(**{"opens-2": "17:00", "closes-2": "09:00"}), "closes-2", "must be after the opening"),
    ("hours", nine_to_five(**{"opens-1": "25:00"}), "opens-1", "24-hour time"),
    ("hours", {"subdivision": "ENG", "reason": "x"}, "works-0", "at least one working day"),
    ("hours", nine_to_five(**{"closes-4": "16:30"}), "day_minutes", "not all the same length"),
    ("hours", nine_to_five(day_minutes="0"), "day_minutes", "from 1 to 1440"),
    ("hours", nine_to_five(subdivision="XYZ"), "subdivision", "bank holidays"),
    ("hours", nine_to_five(reason="  "), "reason", "Enter the reason"),
    ("hours", nine_to_five(), "works-0", "not changed anything"),
    ("rule", {"rule": "whenever", "reason": "x"}, "rule", "Select the rule"),
    ("rule", {"rule": RULE_ONE_WORKING_DAY, "reason": "x"}, "rule", "not changed anything"),
    ("times", {"acknowledgement_minutes": "0", "response_days": "1", "reason": "x"}, "acknowledgement_minutes",
     "from 1 to 1440"),
    ("times", {"acknowledgement_minutes": "1441", "response_days": "1", "reason": "x"},
     "acknowledgement_minutes", "from 1 to 1440"),
    ("times", {"acknowledgement_minutes": "15", "response_days": "31", "reason": "x"}, "response_days",
     "from 1 to 30"),
    ("times", {"acknowledgement_minutes": "15", "response_days": "one", "reason": "x"}, "response_days",
     "whole number"),
    ("times", {"acknowledgement_minutes": "", "response_days": "1", "reason": "x"}, "acknowledgement_minutes",
     "Enter the acknowledgement"),
    ("times", {"acknowledgement_minutes": "15", "response_days": "1", "reason": "x" * 2001}, "reason",
     "2000 characters"),
    ("closures", {"closure-day": "31", "closure-month": "2", "closure-year": "2027", "reason": "x"}, "closure-day",
     "real date"),
    ("closures", {"closure-day": "1", "closure-month": "1", "closure-year": "9" * 30, "reason": "x"},
     "closure-day", "real date"),
    ("closures", {"closure-day": "", "closure-month": "2", "closure-year": "2027", "reason": "x"}, "closure-day",
     "day, month and year"),
    ("closures", {"closure-day": "1", "closure-month": "10", "closure-year": "2025", "reason": "x"}, "closure-day",
     "within the last year"),
    ("closures", {"closure-day": "1", "closure-month": "12", "closure-year": "2036", "reason": "x"}, "closure-day",
     "next 5 years"),
    ("closures", {"closure-day": "25", "closure-month": "12", "closure-year": "2026", "reason": "x"}, "closure-day",
     "already a bank holiday (Christmas Day)"),
    ("closures", {"closure-day": "5", "closure-month": "12", "closure-year": "2026", "reason": "x"}, "closure-day",
     "not a working day"),
    ("closures", {"action": "remove", "remove": "2026-12-24", "reason": "x"}, "remove", "Select the closure day"),
])
def test_refusals_name_the_field_and_save_nothing(setting, part, form, field, message):
    with setting.app_context():
        versions = db.session.scalar(select(func.count()).select_from(StandardsVersion))
        with pytest.raises(StandardsAdminError) as refused:
            standards_admin.change_standards(db.session, _admin(), part, form, NOW, ZONE)
        assert message in refused.value.errors[field]
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(StandardsVersion)) == versions
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0


def test_a_closure_day_stops_the_clock_and_can_be_removed(setting):
    with setting.app_context():
        # Thursday 24 December 2026 at 4pm is due Tuesday 29 December 4pm (Christmas, Boxing Day
        # observed); close on Tuesday 29 December too and it is due Wednesday 30 December.
        item = _enquiry(utc(2026, 12, 24, 16, 0))
        db.session.commit()
        assert item.response_due_at == utc(2026, 12, 29, 16, 0)
        standards_admin.change_standards(db.session, _admin(), "closures", {
            "action": "add", "closure-day": "29", "closure-month": "12", "closure-year": "2026",
            "reason": "Christmas closure agreed by cabinet"}, NOW, ZONE)
        db.session.commit()
        assert standards.current(db.session).closures == ["2026-12-29"]
        db.session.refresh(item)
        assert item.response_due_at == utc(2026, 12, 30, 16, 0)
        with pytest.raises(StandardsAdminError) as refused:
            standards_admin.change_standards(db.session, _admin(), "closures", {
                "closure-day": "29", "closure-month": "12", "closure-year": "2026", "reason": "again"}, NOW, ZONE)
        assert "already a closure day" in refused.value.errors["closure-day"]

        standards_admin.change_standards(db.session, _admin(), "closures", {
            "action": "remove", "remove": "2026-12-29", "reason": "Closure cancelled"}, NOW, ZONE)
        db.session.commit()
        db.session.refresh(item)
        assert standards.current(db.session).closures == [] and item.response_due_at == utc(2026, 12, 29, 16, 0)
        assert [c.what for c in standards_admin.history(db.session)[0].changes] == ["Closure day removed"]


def test_a_resolution_target_change_recomputes_that_case_types_open_enquiries(setting):
    with setting.app_context():
        received = utc(2026, 11, 3, 14, 0)
        open_bin = _enquiry(received)
        closed_bin = _enquiry(received, status=CLOSED)
        other = _enquiry(received, slug="fly-tipping")
        db.session.commit()
        kept_closed, kept_other = _deadlines(closed_bin), _deadlines(other)
        response_due = open_bin.response_due_at
        kind = db.session.scalar(select(CaseType).where(CaseType.slug == "missed-bin"))

        count = standards_admin.change_resolution_target(db.session, _admin(), kind, "3", "Faster collections",
                                                         NOW, ZONE)
        db.session.commit()
        assert count == 1 and kind.resolution_days == 3
        db.session.refresh(open_bin)
        calendar = standards.calendar_for(standards.current(db.session), ZONE)
        assert open_bin.resolution_due_at == calendar.add_working_days(received, 3) == utc(2026, 11, 6, 14, 0)
        assert open_bin.response_due_at == response_due
        assert _deadlines(closed_bin) == kept_closed and _deadlines(other) == kept_other

        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "standards.resolution_target"))
        assert entry.subject == f"case_type:{kind.id}"
        assert entry.details == {"case_type": "Missed bin", "from": 5, "to": 3, "reason": "Faster collections",
                                 "open_enquiries_recomputed": 1}
        assert audit.verify(db.session) is None
        assert standards_admin.target_history(db.session) == [entry]

        for days, reason, field, message in [("3", "x", "resolution_days", "not changed"),
                                             ("0", "x", "resolution_days", "from 1 to 250"),
                                             ("251", "x", "resolution_days", "from 1 to 250"),
                                             ("4", "", "reason", "Enter the reason")]:
            with pytest.raises(StandardsAdminError) as refused:
                standards_admin.change_resolution_target(db.session, _admin(), kind, days, reason, NOW, ZONE)
            assert message in refused.value.errors[field]


def test_a_working_day_is_the_length_of_the_hours_unless_given(setting):
    with setting.app_context():
        standards_admin.change_standards(db.session, _admin(), "hours",
                                         nine_to_five(**{f"opens-{day}": "8:30" for day in range(5)}), NOW, ZONE)
        assert standards.current(db.session).day_minutes == 510
        assert standards.current(db.session).hours["0"] == ["08:30", "17:00"]
        assert standards_admin.form_data(standards.current(db.session))["day_minutes"] == ""
        standards_admin.change_standards(db.session, _admin(), "hours", nine_to_five(
            **{"closes-4": "16:30", "day_minutes": "450"}), NOW, ZONE)
        assert standards.current(db.session).day_minutes == 450
        assert standards_admin.form_data(standards.current(db.session))["day_minutes"] == "450"


def test_every_bank_holiday_region_offered_builds_a_calendar(setting):
    with setting.app_context():
        for code in standards_admin.SUBDIVISIONS:
            if code == "ENG":
                continue
            standards_admin.change_standards(db.session, _admin(), "hours", nine_to_five(subdivision=code), NOW,
                                             ZONE)
            assert standards.current(db.session).subdivision == code
        # St Andrew's Day is a Scottish bank holiday, not an English one.
        version = db.session.scalar(select(StandardsVersion).where(StandardsVersion.subdivision == "SCT"))
        assert not standards.calendar_for(version, ZONE).is_working_day(date(2026, 11, 30))


def test_worked_examples_are_the_calendars_deadlines_on_coming_dates():
    version = type("V", (), {"rule": RULE_ONE_WORKING_DAY, "response_days": 1})()
    calendar = Calendar(subdiv="ENG")
    examples = {e.title: e for e in standards_admin.worked_examples(version, calendar, TODAY, ZONE)}
    assert set(examples) == {"During working hours", "In the evening", "Late on a Friday", "At the weekend",
                             "Before a bank holiday (Christmas Day)"}
    for example in examples.values():
        assert example.received.date() > TODAY
        assert example.due == calendar.deadline(example.received, RULE_ONE_WORKING_DAY)
    assert (examples["During working hours"].received, examples["During working hours"].due) == (
        utc(2026, 11, 3, 14, 0), utc(2026, 11, 4, 14, 0))
    assert examples["Late on a Friday"].due == utc(2026, 11, 9, 16, 0)
    assert examples["At the weekend"].due == utc(2026, 11, 9, 17, 0)
    christmas = examples["Before a bank holiday (Christmas Day)"]
    assert (christmas.received, christmas.due) == (utc(2026, 12, 24, 16, 0), utc(2026, 12, 29, 16, 0))
    assert christmas.skipped == ((date(2026, 12, 25), "Christmas Day"), (date(2026, 12, 28), "Boxing Day (observed)"))
    # Summer time: 2pm in London is 13:00 UTC.
    summer = standards_admin.worked_examples(version, calendar, date(2026, 6, 1), ZONE)[0]
    assert summer.received == utc(2026, 6, 2, 13, 0)
    # Easter Sunday 2027: the working day before Easter Monday has gone, so the next bank holiday
    # with a working day before it to come is shown (the early May one, from Friday 30 April).
    easter = standards_admin.worked_examples(version, calendar, date(2027, 3, 28), ZONE)
    assert [e.title for e in easter][-1] == "Before a bank holiday (May Day)"
    assert (easter[-1].received, easter[-1].due) == (utc(2027, 4, 30, 15, 0), utc(2027, 5, 4, 15, 0))

    assert standards_admin.when(utc(2026, 12, 4, 16, 0), ZONE, TODAY) == "Friday 4 December at 4pm"
    assert standards_admin.when(utc(2027, 1, 4, 17, 30), ZONE, TODAY) == "Monday 4 January 2027 at 5:30pm"
    assert standards_admin.hours_summary({"0": ["09:00", "17:00"], "1": ["09:00", "17:00"], "2": ["09:00", "17:00"],
                                          "3": ["09:00", "17:00"], "4": ["09:00", "16:30"], "5": None,
                                          "6": None}) == [
        ("Monday to Thursday", "9am to 5pm"), ("Friday", "9am to 4:30pm"), ("Saturday and Sunday", "Closed")]

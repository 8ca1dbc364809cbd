"""/service-standards (R25): public, no sign-in, no cookie; the worked examples are the
calendar's own deadlines for the dates shown; a change to the standards shows at once; the
performance table is the R29 and R28 reports' figures."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ieg.workingtime import RULE_NEXT_DAY_CLOSE, RULE_ONE_WORKING_DAY, Calendar
from ieg.config import Council
from tests.conftest import csrf_from, sign_in

ZONE = "Europe/London"
LONDON = ZoneInfo(ZONE)
EXAMPLE = re.compile(r'<li class="ieg-example">If you email us on <time datetime="([^"]+)">([^<]+)</time>, '
                     r'we will answer by <time datetime="([^"]+)">([^<]+)</time>')


def examples(body: str) -> list[tuple[datetime, str, datetime, str]]:
    return [(datetime.fromisoformat(a), a_text, datetime.fromisoformat(b), b_text)
            for a, a_text, b, b_text in EXAMPLE.findall(body)]


def spoken_day(instant: datetime) -> str:
    local = instant.astimezone(LONDON)
    return f"{local:%A} {local.day} {local:%B}"


def test_the_page_is_public_and_links_from_every_page(client, council):
    response = client.get("/service-standards")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    body = response.get_data(as_text=True)
    assert "<h1 class=\"govuk-heading-xl\">Our service standards</h1>" in body
    assert "Within 15 minutes, day or night" in body and "reference number" in body
    assert "Within one working day of receiving your message" in body
    assert "Monday to Friday" in body and "9am to 5pm" in body and "Saturday and Sunday" in body
    assert "bank holidays in England and Wales" in body
    assert "The automatic acknowledgement is not a reply" in body
    assert 'href="/service-standards">Our service standards</a>' in client.get("/").get_data(as_text=True)
    assert client.get("/service-standards").headers["X-Cache"] == "hit"  # served from the page cache


def test_worked_examples_are_the_calendars_deadlines_for_the_dates_shown(client, council):
    calendar = Calendar(subdiv="ENG")
    shown = examples(client.get("/service-standards").get_data(as_text=True))
    assert len(shown) == 5
    today = datetime.now(LONDON).date()
    for received, received_text, due, due_text in shown:
        assert received > datetime.now(timezone.utc)  # coming dates
        assert calendar.deadline(received, RULE_ONE_WORKING_DAY) == due
        assert received_text.startswith(spoken_day(received)) and due_text.startswith(spoken_day(due))
    # The first four; the fifth (before the next bank holiday) is itself a Friday at 4pm when
    # that holiday is a Monday, and must not stand in for the Friday example.
    received_at = {(r.astimezone(LONDON).strftime("%A"), r.astimezone(LONDON).time()): (text, d)
                   for r, text, d, _ in shown[:4]}
    # Tuesday 2pm -> Wednesday 2pm; Friday 4pm -> Monday 4pm; Saturday 10am -> Monday 5pm.
    text, due = received_at[("Tuesday", time(14))]
    assert text.endswith("at 2pm") and (due.astimezone(LONDON).strftime("%A"), due.astimezone(LONDON).time()) == (
        "Wednesday", time(14))
    text, due = received_at[("Friday", time(16))]
    assert text.endswith("at 4pm") and due.astimezone(LONDON).strftime("%A %H:%M") == "Monday 16:00"
    text, due = received_at[("Saturday", time(10))]
    assert text.endswith("at 10am") and due.astimezone(LONDON).strftime("%A %H:%M") == "Monday 17:00"
    # The last one is the working day before the next bank holiday, which it skips.
    received, _, due, _ = shown[-1]
    holidays = {d for year in (today.year, today.year + 1) for d in calendar.bank_holidays(year)}
    assert any(received.date() < day < due.astimezone(LONDON).date() for day in holidays)


def test_a_change_to_the_rule_shows_at_once(app, client, council):
    client.get("/service-standards")  # now in the page cache
    admin = app.test_client()
    sign_in(admin, "admin@staff.example.gov.uk")
    token = csrf_from(admin.get("/admin/standards/rule"))
    assert admin.post("/admin/standards/rule", data={"csrf_token": token, "rule": RULE_NEXT_DAY_CLOSE,
                                                     "reason": "Simpler for residents"}).status_code == 302
    body = client.get("/service-standards").get_data(as_text=True)
    assert "by closing time on the working day after the day your message reaches us" in body
    calendar = Calendar(subdiv="ENG")
    for received, _, due, _ in examples(body):
        assert calendar.deadline(received, RULE_NEXT_DAY_CLOSE) == due


def _month_start(today: date, back: int) -> date:
    year, month = today.year, today.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def test_past_performance_is_the_reports_figures(app, client, council):
    from ieg.casework import enquiries, standards
    from ieg.mail import outbox
    from ieg.evidence import reports
    from ieg.extensions import db
    from ieg.models import CaseType, OutboxMessage, Section
    from ieg.timeutil import utcnow

    council = Council(name="Ashdown District Council", base_url="https://www.ashdown.example.gov.uk",
                      mail_domain="ashdown.example.gov.uk", secret_key="test-secret-key")
    today = datetime.now(LONDON).date()
    last_month, earlier = _month_start(today, 1), _month_start(today, 3)
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin", section=section, resolution_days=5)
        db.session.add(kind)
        customer = enquiries.find_or_create_customer(db.session, enquiries.ContactDetails(email="jo@example.com"))

        def make(day: date, channel="email", answer=None, acknowledged=True, excluded=None):
            received = datetime.combine(day + timedelta(days=9), time(10), LONDON).astimezone(timezone.utc)
            item, _ = enquiries.open_enquiry(db.session, channel=channel, customer=customer, case_type=kind,
                                             subject="Bin missed", description="", received_at=received,
                                             now=received)
            if item.standards_version_id is None:  # before intake computes deadlines itself
                standards.apply(item, standards.current(db.session), ZONE)
            if acknowledged:
                event = enquiries.acknowledge(db.session, item, council, received)
                outbox.mark_sent(db.session, db.session.get(OutboxMessage, event.outbox_message_id),
                                 received + timedelta(minutes=2))
            if answer == "in_time":
                item.first_response_at = received + timedelta(hours=1)
            elif answer == "late":
                item.first_response_at = item.response_due_at + timedelta(hours=3)
            item.excluded_reason = excluded

        # Last month: two in time, one late, one spam; a web form; one email not acknowledged.
        make(last_month, answer="in_time")
        make(last_month, answer="in_time")
        make(last_month, answer="late", acknowledged=False)
        make(last_month, excluded="spam")
        make(last_month, channel="web")
        # Three months ago: one in time, one never answered (its deadline long past).
        make(earlier, answer="in_time")
        make(earlier)
        db.session.commit()
        now = utcnow()
        period = reports.default_period(today)
        r29 = {line.month: line.figures for line in reports.r29(db.session, period, now, ZONE).last_months(12)}
        r28 = {line.month: line.figures for line in reports.r28(db.session, period, now, ZONE).last_months(12)}

    body = client.get("/service-standards").get_data(as_text=True)
    table = body[body.index("Performance by month"):]
    rows = dict(re.findall(r'<tr class="govuk-table__row" data-month="(\d{4}-\d{2})">(.*?)</tr>', table, re.S))
    assert list(rows) == list(r29) and len(rows) == 12
    for month, cells in rows.items():
        figures, acks = r29[month], r28[month]
        values = [re.sub(r"\s+", " ", c).strip() for c in re.findall(r'<td[^>]*>(.*?)</td>', cells, re.S)]
        in_time = ("No emails" if figures.percent_in_time is None
                   else f"{figures.percent_in_time:g}% ({figures.in_time})")
        share = ("No enquiries" if acks.percent_with_reference is None
                 else f"{acks.percent_with_reference:g}% of {acks.received}")
        assert values == [str(figures.decided), in_time, share], month
    # And the figures themselves, worked out by hand: 2 of 3 decided emails in time (the spam left
    # out); 3 of 4 web-form and email enquiries acknowledged with their reference.
    assert rows[last_month.strftime("%Y-%m")].count("66.7% (2)") == 1
    assert "75% of 4" in rows[last_month.strftime("%Y-%m")]
    assert "50% (1)" in rows[earlier.strftime("%Y-%m")] and "100% of 2" in rows[earlier.strftime("%Y-%m")]

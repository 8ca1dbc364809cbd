"""/statistics/, /edit/usage and /staff/channel-take-up over HTTP: figures from the aggregates,
who sees what, baselines and targets set by administrators only."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest

from ieg.extensions import db
from ieg.models import (AuditEntry, CaseType, ChannelTarget, Customer, Enquiry, UsageDay, UsageDimensionDay,
                        UsageMonth, UsagePageDay)
from ieg.timeutil import to_local, utcnow
from ieg.usage import reports
from tests.conftest import csrf_from, sign_in
from tests.factories import PASSWORD, Holder, add_holder, make_section

WASTE_AUTHOR = Holder("usage.waste", grants=(("waste-and-recycling", "author"),))
PLANNING_AUTHOR = Holder("usage.planning", grants=(("planning", "author"),))
ADMIN = Holder("usage.admin", roles=("admin",))
AUDITOR = Holder("usage.auditor", roles=("auditor",))
AGENT = Holder("usage.agent", roles=("contact_agent",))


def today(app):
    return to_local(utcnow(), app.config["TIMEZONE"]).date()


def month_start(day: date, back: int) -> date:
    year, month = day.year, day.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def fill_months(app, count: int, per_day) -> None:
    """Daily totals for the last `count` complete months; per_day(months_ago) page impressions."""
    now = today(app)
    with app.app_context():
        for back in range(1, count + 1):
            first = month_start(now, back)
            following = month_start(now, back - 1)
            day = first
            while day < following:
                db.session.add(UsageDay(day=day, impressions=per_day(back), robot_impressions=3, unique_browsers=10,
                                        visits=20, long_visits=10, long_visit_seconds=10 * 125))
                day += timedelta(days=1)
            db.session.add(UsageMonth(month=f"{first:%Y-%m}", unique_browsers=1000 + back))
        db.session.commit()


def test_statistics_show_months_trends_charts_with_tables_and_the_rule(app, client):
    fill_months(app, 24, lambda back: 200 - back)  # rising: each month above the one a year before
    page = client.get("/statistics/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Set-Cookie" not in page.headers
    assert html.count("<svg") == 2 and 'aria-hidden="true"' in html
    assert 'id="months-12"' in html and 'id="months-24"' in html
    rows_12 = re.search(r'id="months-12".*?</table>', html, re.S).group(0)
    assert rows_12.count('scope="row"') == 12
    last = reports.MonthFigures(f"{month_start(today(app), 1):%Y-%m}")
    assert last.label in rows_12 and "2m 05s" in rows_12  # 1,250 seconds over 10 visits
    assert re.search(r'id="judgement">Yes\.', html)
    assert "Do Not Track" in html and "cookies" in html and "JICWEBS" in html


def test_statistics_with_too_few_months_say_so(client):
    html = client.get("/statistics/").get_data(as_text=True)
    assert "Not yet shown: the rule needs 24 complete months" in html


def test_open_data_csv(app, client):
    fill_months(app, 2, lambda back: 5)
    response = client.get("/statistics/usage.csv")
    assert response.mimetype == "text/csv" and "Set-Cookie" not in response.headers
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 25 and rows[-1]["complete_month"] == "no"
    last = rows[-2]
    assert last["month"] == f"{month_start(today(app), 1):%Y-%m}"
    assert int(last["page_impressions"]) == 5 * (month_start(today(app), 0) - month_start(today(app), 1)).days
    assert last["unique_browsers"] == "1001" and last["average_visit_duration_seconds"] == "125"


def add_page_days(app):
    now = today(app)
    with app.app_context():
        for slug in ("waste-and-recycling", "planning"):
            make_section(db.session, slug)
        for path, recent, earlier in (("/waste-and-recycling/bins", 300, 100), ("/waste-and-recycling/tips", 40, 200),
                                      ("/planning/apply", 50, 50)):
            db.session.add(UsagePageDay(day=now - timedelta(days=3), path=path, section=path.split("/")[1],
                                        impressions=recent))
            db.session.add(UsagePageDay(day=now - timedelta(days=40), path=path, section=path.split("/")[1],
                                        impressions=earlier))
        # The sections' own rows, as the aggregation keeps them beside the pages'.
        for day, waste, planning in ((now - timedelta(days=3), 340, 50), (now - timedelta(days=40), 300, 50)):
            db.session.add(UsageDimensionDay(day=day, dimension="section", value="waste-and-recycling", count=waste))
            db.session.add(UsageDimensionDay(day=day, dimension="section", value="planning", count=planning))
        db.session.commit()


def test_editors_see_their_own_sections_only(app, client):
    add_page_days(app)
    sign_in(client, add_holder(app, WASTE_AUTHOR), PASSWORD)
    html = client.get("/edit/usage").get_data(as_text=True)
    assert "/edit/usage/waste-and-recycling" in html and "/edit/usage/planning" not in html
    page = client.get("/edit/usage/waste-and-recycling").get_data(as_text=True)
    bins = re.search(r"/waste-and-recycling/bins</a>.*?</tr>", page, re.S).group(0)
    tips = re.search(r"/waste-and-recycling/tips</a>.*?</tr>", page, re.S).group(0)
    assert "Rising" in bins and "up 200" in bins and "Falling" in tips
    assert client.get("/edit/usage/planning").status_code == 403
    assert client.get("/edit/usage/no-such-section").status_code == 404


@pytest.mark.parametrize("holder", [ADMIN, AUDITOR])
def test_administrators_and_auditors_see_every_section_and_the_breakdowns(app, client, council, holder):
    # (the test council's sign-in policy: a new install asks administrators for a second factor)
    add_page_days(app)
    sign_in(client, add_holder(app, holder), PASSWORD)
    html = client.get("/edit/usage").get_data(as_text=True)
    assert "/edit/usage/waste-and-recycling" in html and "/edit/usage/planning" in html
    waste = re.search(r'/edit/usage/waste-and-recycling">.*?</tr>', html, re.S).group(0)
    assert re.findall(r">([\d,]+)</td>", waste) == ["340", "300"] and "up 13.3%" in waste
    assert "Websites visitors came from" in html and "Robots" in html
    assert client.get("/edit/usage/planning").status_code == 200


def test_staff_figures_need_signing_in_and_a_reason(app, client):
    assert client.get("/edit/usage").status_code == 302
    sign_in(client, add_holder(app, AGENT), PASSWORD)
    assert client.get("/edit/usage").status_code == 403


def add_enquiries(app, month: str, channels: dict[str, int]):
    from ieg.casework import enquiries
    with app.app_context():
        section = make_section(db.session, "waste-and-recycling")
        case_type = CaseType(slug="missed-bin-usage", name="Missed bin", section_id=section.id, resolution_days=5)
        db.session.add(case_type)
        customer = Customer(name="A Resident", email="resident@example.org")
        db.session.add(customer)
        db.session.flush()
        n = 0
        for channel, count in channels.items():
            for _ in range(count):
                n += 1
                db.session.add(Enquiry(reference=f"ENQ-TEST-{n:04d}-X", channel=channel, customer_id=customer.id,
                                       case_type_id=case_type.id, section_id=section.id, subject="Bin",
                                       received_month=month, received_at=utcnow()))
        db.session.commit()
        return section.id


def test_channel_take_up_by_month_and_targets(app, client, council):
    last = f"{month_start(today(app), 1):%Y-%m}"
    section_id = add_enquiries(app, last, {"web": 6, "email": 2, "phone": 2})
    sign_in(client, add_holder(app, ADMIN), PASSWORD)
    page = client.get("/staff/channel-take-up")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "80%" in html and html.count("<svg") == 1
    bad = client.post("/staff/channel-take-up", data={"csrf_token": csrf_from(page), "section_id": str(section_id),
                                                      "channel": "web", "measure": "target", "percent": "140",
                                                      "month": "2027-3"})
    assert bad.status_code == 400
    text = bad.get_data(as_text=True)
    assert "Enter the share as a whole number from 0 to 100" in text or "Enter the month as YYYY-MM" in text
    for measure, percent in (("baseline", "40"), ("target", "55")):
        done = client.post("/staff/channel-take-up", data={
            "csrf_token": csrf_from(page), "section_id": str(section_id), "channel": "web", "measure": measure,
            "percent": percent, "month": "2027-03"})
        assert done.status_code == 302
    html = client.get("/staff/channel-take-up").get_data(as_text=True)
    progress = re.search(r'id="progress".*?</table>', html, re.S).group(0)
    assert "40%" in progress and "55%" in progress and "60%" in progress and "Yes" in progress
    with app.app_context():
        assert db.session.query(ChannelTarget).count() == 2
        assert db.session.query(AuditEntry).filter_by(action="usage.channel_target").count() == 2
        target_id = db.session.query(ChannelTarget).filter_by(measure="target").one().id
    removed = client.post(f"/staff/channel-take-up/targets/{target_id}/remove", data={"csrf_token": csrf_from(page)})
    assert removed.status_code == 302
    with app.app_context():
        assert db.session.query(ChannelTarget).count() == 1


def test_contact_agents_see_take_up_but_set_no_targets(app, client):
    sign_in(client, add_holder(app, AGENT), PASSWORD)
    page = client.get("/staff/channel-take-up")
    assert page.status_code == 200 and "Set a baseline or target" not in page.get_data(as_text=True)
    refused = client.post("/staff/channel-take-up", data={"csrf_token": csrf_from(page), "channel": "web",
                                                          "measure": "target", "percent": "50", "month": "2027-03"})
    assert refused.status_code == 403

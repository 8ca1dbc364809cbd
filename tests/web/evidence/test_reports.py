"""The R29 and R28 reports through HTTP: who may see them, the figures on the page, every
number leading to exactly that many enquiries, the chart, the CSV and XLSX exports, and
the dates in the query string checked."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select

from ieg.casework import standards
from ieg.casework.enquiries import store_acknowledgements
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry, EnquiryEvent, OutboxMessage, Section

UTC = timezone.utc
PERIOD = "from=2026-03-01&to=2026-04-30"
PERMITTED = ["contact.agent@staff.example.gov.uk", "officer@staff.example.gov.uk",
             "auditor@staff.example.gov.uk", "admin@staff.example.gov.uk"]
FORBIDDEN = ["waste.author@staff.example.gov.uk", "councillor@staff.example.gov.uk"]
PAGES = ["/evidence/reports/", "/evidence/reports/r29", "/evidence/reports/r28",
         "/evidence/reports/r29/enquiries?outcome=breached", "/evidence/reports/r28/enquiries",
         "/evidence/reports/r29.csv", "/evidence/reports/r28.csv", "/evidence/reports/r29.xlsx",
         "/evidence/reports/r28.xlsx", "/evidence/reports/r29-enquiries.csv", "/evidence/reports/r28-enquiries.csv"]
AUDITOR = PERMITTED[2]
NUMBER_LINK = re.compile(r'<a class="govuk-link" href="(/evidence/reports/r2[89]/enquiries\?[^"]+)">([\d,]+)'
                         r'(?:<span class="govuk-visually-hidden">)? ([^<]+)(?:</span>)?</a>')


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def _add(session, version, customer, kind, reference, channel, received, *, reply=None, reply_kind="email",
         ack_after=None, ack_reference=True, excluded=None, breach_reason=""):
    enquiry = Enquiry(reference=reference, channel=channel, customer=customer, case_type=kind,
                      section_id=kind.section_id, subject="Test", received_at=received, taken_in_at=received,
                      breach_reason=breach_reason)
    standards.apply(enquiry, version, "Europe/London")
    events = [EnquiryEvent(kind="received", at=received),
              EnquiryEvent(kind="note", at=received + timedelta(minutes=1), body="Internal: never a reply")]
    if ack_after is not None:
        subject = f"Your enquiry {reference}" if ack_reference else "We have your message"
        events.append(EnquiryEvent(kind="acknowledged", at=received, outbox_message=OutboxMessage(
            to_address="jo@example.com", subject=subject, body_text="Thanks", message_id=f"<{reference}@test>",
            status="sent", sent_at=received + ack_after)))
    if reply is not None:
        events.append(EnquiryEvent(kind="reply_out" if reply_kind == "email" else "reply_logged", at=reply))
        standards.record_response(enquiry, reply, reply_kind)
    if excluded:
        enquiry.excluded_reason, enquiry.excluded_note = excluded, "Advertising"
    enquiry.events = events
    session.add(enquiry)


@pytest.fixture
def enquiries(app, council):
    """March and April 2026, two services. R29 March: 4 received (1 spam), 1 in time, 2
    breached; April: 1, in time on the dot. R28: March 4 acknowledged, 3 with the reference,
    3 within 15 minutes; April 2 received, 1 acknowledged."""
    with app.app_context():
        version = standards.current(db.session)
        waste = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        planning = db.session.scalar(select(Section).where(Section.slug == "planning"))
        bins = CaseType(slug="bins", name="Bins", section=waste)
        plans = CaseType(slug="plans", name="Plans", section=planning)
        customer = Customer(name="Jo", email="jo@example.com")
        db.session.add_all([bins, plans, customer])
        db.session.flush()
        add = lambda *args, **kw: _add(db.session, version, customer, *args, **kw)  # noqa: E731
        add(bins, "ENQ-A", "email", _at(2026, 3, 3, 10), reply=_at(2026, 3, 3, 15), ack_after=timedelta(minutes=2))
        add(bins, "ENQ-B", "email", _at(2026, 3, 6, 16), reply=_at(2026, 3, 10, 9, 30), reply_kind="phone",
            ack_after=timedelta(minutes=30), breach_reason="Officer off sick")
        add(plans, "ENQ-C", "email", _at(2026, 3, 14, 10), ack_after=timedelta(minutes=5), ack_reference=False)
        add(bins, "ENQ-D", "email", _at(2026, 3, 20, 11), excluded="spam")
        # Tuesday after Easter Monday, 10:00 BST: due Wednesday 10:00 BST, answered at exactly that instant.
        add(plans, "ENQ-E", "email", _at(2026, 4, 7, 9), reply=_at(2026, 4, 8, 9), ack_after=timedelta(minutes=3))
        add(bins, "ENQ-F", "web", _at(2026, 3, 10, 12), reply=_at(2026, 3, 10, 13), ack_after=timedelta(minutes=1))
        add(plans, "ENQ-G", "web", _at(2026, 4, 1, 12))
        add(bins, "ENQ-H", "phone", _at(2026, 3, 11, 12))
        db.session.flush()
        store_acknowledgements(db.session)  # written as sent, not sent by the outbox
        db.session.commit()
        return {"waste": waste.id, "planning": planning.id}


@pytest.mark.parametrize("email", PERMITTED)
def test_staff_and_auditors_see_the_reports(signed_in, enquiries, email):
    client = signed_in(email)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path


@pytest.mark.parametrize("email", FORBIDDEN)
def test_authors_and_councillors_do_not(signed_in, email):
    client = signed_in(email)
    for path in PAGES:
        assert client.get(path).status_code == 403, path


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/evidence/reports/r29.csv")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_r29_page_shows_the_figures_and_every_number_leads_to_its_enquiries(signed_in, enquiries):
    client = signed_in(AUDITOR)
    page = client.get(f"/evidence/reports/r29?{PERIOD}").get_data(as_text=True)
    assert "1 March 2026 to 30 April 2026" in page and "<strong>50%</strong> in time" in page
    numbers = {context: number for _, number, context in NUMBER_LINK.findall(page)}
    assert [numbers[name] for name in ("email enquiries received", "excluded", "counted", "responded in time",
                                       "breached", "pending")] == ["5", "1", "4", "2", "2", "0"]
    assert [numbers[f"{name}, March 2026"] for name in ("received", "excluded", "counted", "in time", "breached",
                                                        "pending")] == ["4", "1", "3", "1", "2", "0"]
    assert numbers["Spam, March 2026"] == "1" and numbers["in time, April 2026, Planning and building control"] == "1"
    assert numbers["breached, March 2026, Waste and recycling"] == "1"

    links = NUMBER_LINK.findall(page)
    assert len(links) > 40
    for href, number, context in links:
        drill = client.get(href.replace("&amp;", "&"))
        assert drill.status_code == 200, href
        shown = re.search(r'id="count">([\d,]+)<', drill.get_data(as_text=True)).group(1)
        assert shown == number, (context, href)


def test_the_drill_down_lists_the_enquiries_with_deadlines_and_reasons(signed_in, enquiries):
    client = signed_in(AUDITOR)
    body = client.get(f"/evidence/reports/r29/enquiries?{PERIOD}&month=2026-03&outcome=breached").get_data(
        as_text=True)
    assert "ENQ-B" in body and "ENQ-C" in body and "ENQ-A" not in body
    assert "Officer off sick" in body and "10 March 2026 at 9:30am (phone)" in body
    assert "9 March 2026 at 4:00pm" in body  # Friday 16:00 -> Monday 16:00
    assert "16 March 2026 at 5:00pm" in body  # Saturday -> Monday at closing
    assert 'href="/staff/enquiries/' not in body  # auditors read, they do not open casework
    spam = client.get(f"/evidence/reports/r29/enquiries?{PERIOD}&outcome=spam&service={enquiries['waste']}")
    assert "ENQ-D" in spam.get_data(as_text=True) and "Advertising" in spam.get_data(as_text=True)


def test_the_chart_is_an_image_with_a_text_alternative(signed_in, enquiries):
    page = signed_in(AUDITOR).get(f"/evidence/reports/r29?{PERIOD}").get_data(as_text=True)
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="r29-chart-title r29-chart-desc"' in svg
    assert '<title id="r29-chart-title">Percentage of email enquiries responded to in time, by month</title>' in svg
    assert svg.count("<rect") == 2 and ">33.3%</text>" in svg and ">100%</text>" in svg
    assert "All services, by month" in page  # the table the description points to


def test_the_service_filter_narrows_every_figure(signed_in, enquiries):
    page = signed_in(AUDITOR).get(f"/evidence/reports/r29?{PERIOD}&service={enquiries['planning']}")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)))
    assert "Waste and recycling" not in text.split("By month and service")[1]
    assert f'<option value="{enquiries["planning"]}" selected>' in page.get_data(as_text=True)


def _csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_r29_csv_has_every_figure_per_month_and_service(signed_in, enquiries):
    response = signed_in(AUDITOR).get(f"/evidence/reports/r29.csv?{PERIOD}")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="r29-2026-03-01-to-2026-04-30.csv"'
    rows = _csv(response)
    assert list(rows[0]) == [
        "Month", "Service", "Email enquiries received", "Excluded: Spam", "Excluded: Duplicate of another enquiry",
        "Excluded: Sent to us by mistake (not for the council)", "Excluded: Automatic reply", "Excluded in total",
        "Counted (received less excluded)", "Responded in time", "Breached",
        "Pending (no response, deadline not yet passed)", "% responded in time (of in time and breached)"]
    summary = [(r["Month"], r["Service"], r["Email enquiries received"], r["Excluded: Spam"], r["Responded in time"],
                r["Breached"], r["% responded in time (of in time and breached)"]) for r in rows]
    assert summary == [
        ("2026-03", "Planning and building control", "1", "0", "0", "1", "0.0"),
        ("2026-03", "Waste and recycling", "3", "1", "1", "1", "50.0"),
        ("2026-03", "All services", "4", "1", "1", "2", "33.3"),
        ("2026-04", "Planning and building control", "1", "0", "1", "0", "100.0"),
        ("2026-04", "All services", "1", "0", "1", "0", "100.0"),
    ]


def test_the_enquiries_csv_lets_an_auditor_re_derive_the_figure(signed_in, enquiries):
    response = signed_in(AUDITOR).get(f"/evidence/reports/r29-enquiries.csv?{PERIOD}")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="r29-enquiries-2026-03-01-to-2026-04-30.csv"')
    rows = {row["Reference"]: row for row in _csv(response)}
    assert set(rows) == {"ENQ-A", "ENQ-B", "ENQ-C", "ENQ-D", "ENQ-E"}
    assert rows["ENQ-E"]["Received (UTC)"] == "2026-04-07T09:00:00Z"
    assert rows["ENQ-E"]["Response due (UTC)"] == rows["ENQ-E"]["First response (UTC)"] == "2026-04-08T09:00:00Z"
    assert rows["ENQ-B"]["First response by"] == "phone" and rows["ENQ-B"]["Breach reason"] == "Officer off sick"
    assert rows["ENQ-D"]["Exclusion reason"] == "spam" and rows["ENQ-D"]["Outcome"] == "excluded"
    # Re-derived from the raw columns alone, it is the summary's figure.
    decided = [row for row in rows.values() if not row["Exclusion reason"]]
    in_time = [row for row in decided if row["First response (UTC)"]
               and row["First response (UTC)"] <= row["Response due (UTC)"]]
    assert {row["Reference"] for row in in_time} == {"ENQ-A", "ENQ-E"}
    assert [row["Outcome"] for row in rows.values()].count("in_time") == len(in_time)


def test_the_xlsx_has_the_summary_and_the_enquiries_as_values(signed_in, enquiries):
    response = signed_in(AUDITOR).get(f"/evidence/reports/r29.xlsx?{PERIOD}")
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"] == 'attachment; filename="r29-2026-03-01-to-2026-04-30.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Summary", "Enquiries"]
    summary = book["Summary"]
    assert [cell.value for cell in summary[1]][:3] == ["Month", "Service", "Email enquiries received"]
    assert summary["A2"].value == datetime(2026, 3, 1) and summary["A2"].number_format == "yyyy-mm"
    assert [cell.value for cell in summary[4]] == [datetime(2026, 3, 1), "All services", 4, 1, 0, 0, 0, 1, 3, 1, 2,
                                                   0, 33.3]
    assert not any(isinstance(cell.value, str) and cell.value.startswith("=")
                   for row in summary.iter_rows() for cell in row)
    sheet = book["Enquiries"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"ENQ-A", "ENQ-B", "ENQ-C", "ENQ-D", "ENQ-E"}
    assert rows["ENQ-B"][3] == datetime(2026, 3, 6, 16) and rows["ENQ-B"][4] == datetime(2026, 3, 9, 16)
    assert rows["ENQ-C"][5] is None and rows["ENQ-C"][7] == "breached"


def test_text_staff_typed_is_never_run_as_a_formula(app, signed_in, enquiries):
    with app.app_context():
        db.session.scalar(select(Enquiry).where(Enquiry.reference == "ENQ-D")).excluded_note = '=HYPERLINK("x")'
        db.session.scalar(select(Enquiry).where(Enquiry.reference == "ENQ-B")).breach_reason = "+1 day late"
        db.session.commit()
    client = signed_in(AUDITOR)
    rows = {row["Reference"]: row for row in _csv(client.get(f"/evidence/reports/r29-enquiries.csv?{PERIOD}"))}
    assert rows["ENQ-D"]["Exclusion note"] == "'=HYPERLINK(\"x\")" and rows["ENQ-B"]["Breach reason"] == "'+1 day late"
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/evidence/reports/r29.xlsx?{PERIOD}").data))["Enquiries"]
    note = next(row[9] for row in sheet.iter_rows(min_row=2) if row[0].value == "ENQ-D")
    assert note.value == '=HYPERLINK("x")' and note.data_type == "s"


def test_the_r28_report_and_its_exports(signed_in, enquiries):
    client = signed_in(AUDITOR)
    rows = _csv(client.get(f"/evidence/reports/r28.csv?{PERIOD}"))
    totals = {row["Month"]: row for row in rows if row["Service"] == "All services"}
    march = totals["2026-03"]
    assert (march["Web and email enquiries received (not excluded)"], march["Acknowledgement sent"],
            march["Acknowledgement carried the reference"], march["% carrying the reference (of received)"],
            march["Sent within the acknowledgement standard"]) == ("4", "4", "3", "75.0", "3")
    # Latencies 1, 2, 5 and 30 minutes: interpolated as PERCENTILE.INC does.
    assert float(march["Median time to acknowledge (seconds)"]) == 210.0
    assert float(march["95th percentile time to acknowledge (seconds)"]) == 1575.0
    assert totals["2026-04"]["Acknowledgement sent"] == "1" and totals["2026-04"][
        "% carrying the reference (of received)"] == "50.0"
    page = client.get(f"/evidence/reports/r28?{PERIOD}").get_data(as_text=True)
    assert "Median time to acknowledge 3 min 0 s" in re.sub(r"\s+", " ", page)
    for href, number, _ in NUMBER_LINK.findall(page):
        drill = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
        assert re.search(r'id="count">([\d,]+)<', drill).group(1) == number
    missing = _csv(client.get(f"/evidence/reports/r28-enquiries.csv?{PERIOD}&outcome=without_reference"))
    assert {row["Reference"] for row in missing} == {"ENQ-C", "ENQ-G"}
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/evidence/reports/r28.xlsx?{PERIOD}").data))
    assert book["Enquiries"].max_row == 7  # a header and six web and email enquiries not excluded


@pytest.mark.parametrize("query, message", [
    ("from=2026-02-30", "Enter the start date as a real date in the form YYYY-MM-DD"),
    ("to=31/03/2026", "Enter the end date as a real date in the form YYYY-MM-DD"),
    ("from=2026-05-01&to=2026-04-01", "The start date must be the same as or before the end date"),
    ("from=1066-10-14", "The start date must be between 2000 and 2099"),
    ("service=waste", "Choose a service from the list"),
])
def test_bad_dates_are_a_400_that_says_what_is_wrong(signed_in, query, message):
    client = signed_in(AUDITOR)
    for path in ("r29.csv", "r28.csv", "r29.xlsx", "r28.xlsx", "r29-enquiries.csv", "r29/enquiries", "r29", "r28"):
        response = client.get(f"/evidence/reports/{path}?{query}")
        assert response.status_code == 400, path
        assert message in response.get_data(as_text=True), path
    page = client.get(f"/evidence/reports/r29?{query}").get_data(as_text=True)
    assert "govuk-error-summary" in page and "<title>Error:" in page


def test_unknown_drill_down_selections_and_months_are_refused(signed_in):
    client = signed_in(AUDITOR)
    assert client.get("/evidence/reports/r29/enquiries?outcome=everything").status_code == 400
    assert client.get("/evidence/reports/r29/enquiries?month=2026-13").status_code == 400
    assert client.get("/evidence/reports/r30.csv").status_code == 404


def test_the_exports_default_to_the_last_twelve_full_months_and_this_one(signed_in):
    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/London")).date()
    response = signed_in(AUDITOR).get("/evidence/reports/r29.csv")
    start = date(today.year - 1, today.month, 1)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="r29-{start.isoformat()}-to-{today.isoformat()}.csv"')
    months = [row["Month"] for row in _csv(response)]
    assert len(months) == 13 and months[0] == start.strftime("%Y-%m")  # an all-services row every month


@pytest.mark.parametrize("email, dashboard", [(PERMITTED[0], "/staff/"), (AUDITOR, "/evidence/")])
def test_the_dashboards_link_to_the_reports(signed_in, email, dashboard):
    assert 'href="/evidence/reports/"' in signed_in(email).get(dashboard).get_data(as_text=True)


def test_casework_staff_can_open_each_enquiry_from_the_drill_down(signed_in, enquiries):
    body = signed_in(PERMITTED[0]).get(f"/evidence/reports/r29/enquiries?{PERIOD}&outcome=breached").get_data(
        as_text=True)
    assert '<a class="govuk-link" href="/staff/enquiries/ENQ-B">ENQ-B</a>' in body

"""The outcomes register through HTTP: auditors read, administrators assess and add
evidence, every change kept as history and in the audit log; live evidence; the IEG return."""
import csv
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from ieg import audit, files_store
from ieg.evidence import live
from ieg.extensions import db
from ieg.models import AssessmentChange, AuditEntry, EvidenceItem, OutcomeAssessment
from tests.conftest import add_page, csrf_from, sign_in

ADMIN, AUDITOR, AGENT = ("admin@staff.example.gov.uk", "auditor@staff.example.gov.uk",
                         "contact.agent@staff.example.gov.uk")


def assess(client, ref, **fields):
    page = client.get(f"/evidence/outcomes/{ref}/assess")
    data = {"rag": "green", "owner": "Head of Customer Services", "target_date": "2027-03-31", "commentary": "",
            "reason": "Quarterly review", "csrf_token": csrf_from(page), **fields}
    return client.post(f"/evidence/outcomes/{ref}/assess", data=data)


def test_register_lists_all_73_grouped_by_area(signed_in):
    body = signed_in(AUDITOR).get("/evidence/").get_data(as_text=True)
    refs = set(re.findall(r'href="/evidence/outcomes/([RGE]\d+)"', body))
    assert len(refs) == 73
    assert "14. " in body and "1. Schools" in body


def test_who_may_do_what(app, signed_in, client, council):
    assert client.get("/evidence/").status_code in (302, 401, 403)
    signed_in(AGENT)
    assert client.get("/evidence/").status_code == 403
    client = app.test_client()
    sign_in(client, AUDITOR)
    assert client.get("/evidence/outcomes/R29").status_code == 200
    assert client.get("/evidence/outcomes/R29/assess").status_code == 403
    assert client.get("/evidence/outcomes/R29/evidence/new").status_code == 403
    assert client.get("/evidence/outcomes/Z99").status_code == 404


def test_assessment_change_is_history_and_audit(app, signed_in):
    client = signed_in(ADMIN)
    assert assess(client, "R29", rag="amber", target_date="2027-01-31").status_code == 302
    assert assess(client, "R29", rag="green", commentary="All services on one standard",
                  reason="Twelve months at 98%").status_code == 302
    with app.app_context():
        current = db.session.get(OutcomeAssessment, "R29")
        assert (current.rag, current.target_date.isoformat()) == ("green", "2027-03-31")
        changes = db.session.query(AssessmentChange).filter_by(ref="R29").order_by(AssessmentChange.id).all()
        assert changes[0].changes["rag"] == [None, "amber"]
        assert changes[1].changes == {"rag": ["amber", "green"], "target_date": ["2027-01-31", "2027-03-31"],
                                      "commentary": ["", "All services on one standard"]}
        assert changes[1].reason == "Twelve months at 98%"
        entries = db.session.query(AuditEntry).filter_by(action="outcome.assess", subject="outcome:R29").all()
        assert len(entries) == 2 and entries[1].details["changes"]["rag"] == ["amber", "green"]
        assert audit.verify(db.session) is None
    page = client.get("/evidence/outcomes/R29").get_data(as_text=True)
    assert "Twelve months at 98%" in page and "Amber to Green" in page.replace("amber to green", "Amber to Green")


def test_assessment_needs_a_reason_and_a_real_date(app, signed_in):
    client = signed_in(ADMIN)
    response = assess(client, "R3", reason="", target_date="31/03/2027", rag="purple")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter why the assessment is changing" in body or "real date" in body
    assert 'href="#target_date"' in body
    response = assess(client, "R3", reason="", rag="purple")
    body = response.get_data(as_text=True)
    assert "Select red, amber, green or not applicable" in body and "Enter why the assessment is changing" in body
    with app.app_context():
        assert db.session.get(OutcomeAssessment, "R3") is None


def test_unchanged_assessment_writes_nothing(app, signed_in):
    client = signed_in(ADMIN)
    assess(client, "R3")
    assess(client, "R3")
    with app.app_context():
        assert db.session.query(AssessmentChange).filter_by(ref="R3").count() == 1


def test_register_shows_where_the_expectation_fails(app, signed_in):
    client = signed_in(ADMIN)
    assess(client, "R5", rag="amber", target_date="2020-03-31")   # required, amber, date passed: fails
    assess(client, "G3", rag="amber", target_date="2020-03-31")   # good, amber: meets
    assess(client, "R6", rag="red", target_date="2099-03-31")     # required, red, date ahead: due, not failing
    body = client.get("/evidence/").get_data(as_text=True)
    warning = body.split("govuk-warning-text__text", 1)[1].split("</strong>", 1)[0]
    assert ">R5<" in warning and ">G3<" not in warning and ">R6<" not in warning
    assert ">R1<" in warning  # required and not yet assessed


@pytest.mark.parametrize("file_store", files_store.BACKENDS)
def test_evidence_items_by_hand_and_automatic(app, signed_in):
    page_id = add_page(app, "waste-and-recycling", "Missed bin collections", state="published", outcome_refs=["G3"])
    client = signed_in(ADMIN)
    form = client.get("/evidence/outcomes/G3/evidence/new")
    token = csrf_from(form)
    bad = client.post("/evidence/outcomes/G3/evidence/new",
                      data={"kind": "url", "target-url": "javascript:alert(1)", "csrf_token": token})
    assert bad.status_code == 400 and "Enter a full web address" in bad.get_data(as_text=True)
    ok = client.post("/evidence/outcomes/G3/evidence/new",
                     data={"kind": "url", "target-url": "https://consult.example.gov.uk/", "note": "Consultation portal",
                           "csrf_token": token})
    assert ok.status_code == 302
    upload = client.post("/evidence/outcomes/G3/evidence/new", content_type="multipart/form-data",
                         data={"kind": "document", "document": (io.BytesIO(b"%PDF-1.4 minutes"), "Cabinet minutes.pdf"),
                               "note": "Approved", "csrf_token": token})
    assert upload.status_code == 302
    body = client.get("/evidence/outcomes/G3").get_data(as_text=True)
    assert "Consultation portal" in body and "Missed bin collections" in body and "Cabinet minutes.pdf" in body
    with app.app_context():
        item = db.session.query(EvidenceItem).filter_by(kind="document").one()
        item_id, sha = item.id, item.sha256
        assert [e.action for e in db.session.query(AuditEntry).filter(AuditEntry.action.like("evidence.%"))] == [
            "evidence.add", "evidence.add"]
    download = client.get(f"/evidence/documents/{item_id}")
    assert download.status_code == 200 and download.data == b"%PDF-1.4 minutes"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    import hashlib
    assert hashlib.sha256(download.data).hexdigest() == sha
    # Removing needs a reason, and the audit log keeps it.
    removal = client.get(f"/evidence/outcomes/G3/evidence/{item_id}/remove")
    assert client.post(f"/evidence/outcomes/G3/evidence/{item_id}/remove",
                       data={"reason": "", "csrf_token": csrf_from(removal)}).status_code == 400
    assert client.post(f"/evidence/outcomes/G3/evidence/{item_id}/remove",
                       data={"reason": "Superseded", "csrf_token": csrf_from(removal)}).status_code == 302
    with app.app_context():
        assert db.session.get(EvidenceItem, item_id) is None
        removed = db.session.query(AuditEntry).filter_by(action="evidence.remove").one()
        assert removed.details["reason"] == "Superseded" and removed.details["sha256"] == sha
    assert page_id


def test_evidence_refuses_unknown_targets(signed_in):
    client = signed_in(ADMIN)
    token = csrf_from(client.get("/evidence/outcomes/R3/evidence/new"))
    for kind, target, message in (("page", "999999", "Choose a page that exists"),
                                  ("form", "no-such-form", "Choose a form that exists"),
                                  ("case_type", "x", "Choose a case type that exists")):
        response = client.post("/evidence/outcomes/R3/evidence/new",
                               data={"kind": kind, f"target-{kind}": target, "csrf_token": token})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    no_csrf = client.post("/evidence/outcomes/R3/evidence/new", data={"kind": "url", "target-url": "https://a.example/"})
    assert no_csrf.status_code == 400


@pytest.mark.parametrize("ref", ["R3", "R24", "R25", "R27", "R28", "R29", "G20", "G21", "G25", "E19"])
def test_live_evidence_for_platform_outcomes(signed_in, ref):
    body = signed_in(AUDITOR).get(f"/evidence/outcomes/{ref}").get_data(as_text=True)
    assert "Live evidence" in body and "The query this came from" in body


def test_live_r29_matches_the_report(app, signed_in):
    from datetime import date
    from ieg.evidence import live, reports
    from ieg.timeutil import utcnow
    client = signed_in(AUDITOR)
    body = client.get("/evidence/outcomes/R29?from=2020-01-01&to=2030-12-31").get_data(as_text=True)
    with app.app_context():
        total = reports.r29(db.session, reports.Period(date(2020, 1, 1), date(2030, 12, 31)), utcnow(),
                            "Europe/London").total
        evidence = live.for_ref(db.session, "R29", reports.Period(date(2020, 1, 1), date(2030, 12, 31)), utcnow(),
                                "Europe/London")
    assert dict(evidence.figures)["Answered in time"] == str(total.in_time)
    assert "SELECT" in evidence.source
    assert client.get("/evidence/outcomes/R29?from=2020-13-01").status_code == 400


def test_ieg_return_exports(app, signed_in):
    client = signed_in(ADMIN)
    assess(client, "R28", rag="green", commentary="=HYPERLINK(\"http://evil\")")
    client = app.test_client()
    sign_in(client, AUDITOR)
    csv_text = client.get("/evidence/return.csv").get_data(as_text=True)
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Outcome,Level,Priority area") and len(lines) == 74
    r28 = next(line for line in lines if line.startswith("R28,"))
    assert "Green" in r28 and "'=HYPERLINK" in r28
    book = load_workbook(io.BytesIO(client.get("/evidence/return.xlsx").data))
    rows = list(book.active.values)
    assert rows[0][0] == "Outcome" and len(rows) == 74
    with app.app_context():
        exports = db.session.query(AuditEntry).filter_by(action="evidence.export").all()
        assert [e.details.get("format") for e in exports] == ["csv", "xlsx"]


def test_g20_judges_the_files_the_public_sees_not_those_waiting_for_a_publisher(app, council):
    """A file waiting for a publisher is not on the public page: it cannot make the page fail."""
    from ieg.evidence import live
    from ieg.models import Attachment
    from ieg.timeutil import utcnow
    from tests.conftest import add_page
    page_id = add_page(app, "waste-and-recycling", "Bin days", state="published")
    with app.app_context():
        db.session.add(Attachment(page_id=page_id, title=" ", filename="calendar.pdf", stored_name="x1.pdf",
                                  content_type="application/pdf", size=10, kind="document"))
        db.session.commit()
        def failing():
            return [row for row in live.for_ref(db.session, "G20", None, utcnow(), "Europe/London").rows if row[2]]
        assert failing() == []
        db.session.scalar(select(Attachment)).published_at = utcnow()
        db.session.commit()
        assert [row[1] for row in failing()] == ["Bin days"]


CSV, XLSX = "text/csv; charset=utf-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("address, content_type", [
    ("/evidence/return.csv", CSV), ("/evidence/return.xlsx", XLSX), ("/evidence/pack.zip", "application/zip"),
    ("/evidence/bvpi-157.csv", CSV), ("/evidence/reports/r29.csv", CSV), ("/evidence/reports/r28.csv", CSV),
    ("/evidence/reports/r29.xlsx", XLSX), ("/evidence/reports/r28.xlsx", XLSX),
    ("/evidence/reports/r29-enquiries.csv", CSV), ("/evidence/reports/r28-enquiries.csv", CSV)])
def test_every_download_names_its_type_once(signed_in, address, content_type):
    """return.csv was sent as "text/csv; charset=utf-8; charset=utf-8"."""
    response = signed_in(AUDITOR).get(address)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")


def test_green_assessments_the_live_evidence_does_not_bear_out_are_flagged_everywhere(app, signed_in):
    """R24 green with 2 of 17 sections edited by their own services; R3 green with a deep link
    never checked and R25 green with no performance yet ("not yet shown", never "0 working"):
    flagged on the register, the outcome page, the IEG return (CSV and XLSX) and the evidence
    pack. An amber assessment claims less."""
    from ieg.models import DeepLink
    with app.app_context():
        db.session.add(DeepLink(label="School admissions", url="https://westshire.example.gov.uk/admissions",
                                provider="Westshire County Council"))
        db.session.commit()
    admin = signed_in(ADMIN)
    for ref in ("R24", "R3", "R25"):
        assert assess(admin, ref).status_code == 302
    assert assess(admin, "R28", rag="amber").status_code == 302
    auditor = app.test_client()
    sign_in(auditor, AUDITOR)

    register = auditor.get("/evidence/").get_data(as_text=True)
    flags = register.split('id="live-flags"', 1)[1].split("</ul>", 1)[0]
    assert "3 green assessments are not borne out by their live evidence" in flags
    assert 'href="/evidence/outcomes/R24#judged">R24</a>: live evidence falls short of the green assessment. ' \
           "16 of 18 sections have no editor of their own." in flags
    assert 'href="/evidence/outcomes/R3#judged">R3</a>: live evidence does not show the green assessment yet. ' \
           "1 of 1 deep link not yet checked" in flags
    assert 'R25</a>: live evidence does not show the green assessment yet. Standards published, but no email' in flags
    assert ">R28<" not in flags
    r24_row = register.split('href="/evidence/outcomes/R24"', 1)[1].split("</tr>", 1)[0]
    assert "Falls short" in r24_row and "ieg-flag" in r24_row

    page = auditor.get("/evidence/outcomes/R24").get_data(as_text=True)
    warning = page.split("govuk-warning-text__text", 1)[1].split("</strong>", 1)[0]
    assert "Live evidence falls short of the green assessment: 16 of 18 sections" in warning
    judged = text(page.split('id="judged"', 1)[1].split("</dl>", 1)[0])
    assert "Green needs Every section has at least one author or publisher of its own." in judged
    assert "Why that threshold Devolved editing means" in judged
    r3 = text(auditor.get("/evidence/outcomes/R3").get_data(as_text=True))
    assert "Deep links checked 0 of 1 (1 not yet checked: the check-links job runs nightly)" in r3
    assert "Working at their last check None checked yet" in r3 and "0 of 1 (0%)" not in r3
    r28 = text(auditor.get("/evidence/outcomes/R28").get_data(as_text=True))
    assert "falls short of the green" not in r28 and "The assessment is amber, so it claims less" in r28

    csv_rows = {row["Outcome"]: row for row in
                csv.DictReader(io.StringIO(auditor.get("/evidence/return.csv").get_data(as_text=True)))}
    assert csv_rows["R24"]["Live evidence against the assessment"] == "Live evidence falls short of the green assessment"
    assert csv_rows["R24"]["Live evidence: what it shows and what green needs"].startswith(
        "16 of 18 sections have no editor of their own. Green needs every section")
    assert csv_rows["R3"]["Live evidence against the assessment"] == "Live evidence does not show the green assessment yet"
    assert csv_rows["R1"]["Live evidence against the assessment"] == ""  # not measured here
    sheet = list(load_workbook(io.BytesIO(auditor.get("/evidence/return.xlsx").data)).active.values)
    column = sheet[0].index("Live evidence against the assessment")
    assert next(r for r in sheet if r[0] == "R24")[column] == "Live evidence falls short of the green assessment"

    with zipfile.ZipFile(io.BytesIO(auditor.get("/evidence/pack.zip").data)) as packed:
        summary = packed.read("summary.html").decode()
        register_csv = packed.read("register.csv").decode()
        live_csv = packed.read("live_evidence.csv").decode()
    assert "Green assessments the live evidence does not bear out (3)" in summary
    assert "<td>R24</td><td>Live evidence falls short of the green assessment</td>" in summary
    assert "Live evidence falls short of the green assessment" in register_csv
    judged = [row for row in csv.DictReader(io.StringIO(live_csv)) if row["figure"] == "Against the assessment"]
    assert len(judged) == len(live.LIVE) and next(row for row in judged if row["outcome"] == "R24")["value"].startswith(
        "Live evidence falls short of the green assessment: 16 of 18 sections")

    # The council changes its mind: amber claims less, and the flag goes.
    assert assess(admin, "R24", rag="amber", reason="Only two services edit their own pages").status_code == 302
    register = auditor.get("/evidence/").get_data(as_text=True)
    assert "2 green assessments are not borne out by their live evidence" in register
    assert ">R24</a>: live" not in register


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" .", ".").strip()

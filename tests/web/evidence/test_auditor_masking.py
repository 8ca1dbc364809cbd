"""An auditor without the grant never sees a customer's full email address, phone number or
name, on any page or export they can reach; with the grant they do; the grant and
every view and export are in the audit log; and tampering with the log (a row changed,
deleted or moved) is named by `flask ieg verify-audit` and the audit-log page."""
from __future__ import annotations

import html
import io
import zipfile
import re
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import select

from ieg.casework import standards
from ieg.extensions import db
from ieg.models import AuditEntry, CaseType, Customer, Enquiry, EnquiryEvent, Section, User
from ieg.timeutil import utcnow
from tests.conftest import csrf_from, sign_in

AUDITOR = "auditor@staff.example.gov.uk"
ADMIN = "admin@staff.example.gov.uk"
LONDON = ZoneInfo("Europe/London")
PEOPLE = [  # name, email, phone as stored, phone as typed in free text, postcode
    ("Priscilla Quartermaine", "priscilla.quartermaine@fenwick-mail.example", "07700900457", "07700 900 457",
     "AS2 7QT"),
    ("Bartholomew Oyelaran", "b.oyelaran@orchard-post.example", "01632960881", "+44 1632 960881", "AS3 9ZZ"),
]
REFERENCES = ["ENQ-MASK-AAAA-1", "ENQ-MASK-BBBB-2"]
LINK = re.compile(r'href="(/evidence/[^"#]*)"')
START = ["/evidence/", "/evidence/reports/", "/evidence/audit/"]
FOLLOW = ("/evidence/reports", "/evidence/enquiries", "/evidence/audit", "/evidence/outcomes", "/evidence/history",
          "/evidence/bvpi-157", "/evidence/return", "/evidence/pack.zip")


@pytest.fixture
def cases(app, council):
    """Two customers' enquiries from a Tuesday one to two weeks ago, their details also in the
    free text staff and customers typed: descriptions, replies, notes, exclusion notes, breach
    reasons. A Tuesday, whatever day the suite runs: answered on Friday, the first is late by
    every calendar (from "ten days ago" it was in time when Friday's reply fell on Monday)."""
    today = utcnow().astimezone(LONDON).date()
    tuesday = today - timedelta(days=7 + (today.weekday() - 1) % 7)
    received = datetime.combine(tuesday, time(10), LONDON).astimezone(timezone.utc)
    with app.app_context():
        version = standards.current(db.session)
        waste = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="masking-bins", name="Bins", section=waste, resolution_days=5)
        db.session.add(kind)
        for n, ((name, email, phone, typed, postcode), reference) in enumerate(zip(PEOPLE, REFERENCES)):
            customer = Customer(name=name, email=email, phone=phone, address="14 Orchard Row\nAshdown",
                                postcode=postcode)
            at = received + timedelta(hours=n)
            item = Enquiry(reference=reference, channel="email", customer=customer, case_type=kind,
                           section_id=waste.id, subject=f"Bin missed: {name}", received_at=at, taken_in_at=at,
                           description=f"I am {name}, ring {typed} or write to {email}.",
                           location=f"Outside 14 Orchard Row, {postcode}",
                           contact_address="14 Orchard Row\nAshdown", contact_postcode=postcode)
            standards.apply(item, version, "Europe/London")
            item.events = [
                EnquiryEvent(kind="received", at=at, public=True, body=f"From {name} <{email}>"),
                EnquiryEvent(kind="note", at=at + timedelta(minutes=5), body=f"Called {typed}, no answer"),
                EnquiryEvent(kind="reply_out", at=at + timedelta(days=3), public=True,
                             body=f"Dear {name}, we will collect it. Your email {email} is on file."),
            ]
            standards.record_response(item, at + timedelta(days=3), "email")
            if n == 0:
                item.breach_reason = f"Customer {name} rang {typed} while the officer was off"
            else:
                item.excluded_reason, item.excluded_note = "duplicate", f"Same as {name}'s other one, {email}"
            db.session.add(item)
        db.session.commit()
    return REFERENCES


def _post(client, path, data, page):
    return client.post(path, data={**data, "csrf_token": csrf_from(client.get(page))})


def _text(response) -> str:
    """What the auditor receives, as text: a page or CSV as it is, an XLSX's every cell."""
    if response.mimetype == "application/zip":  # the evidence pack: every file in it
        archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = openpyxl.load_workbook(io.BytesIO(response.get_data()), read_only=True)
        return "\n".join(" ".join("" if v is None else str(v) for v in row)
                         for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    return html.unescape(response.get_data(as_text=True))


def crawl(client, start: list[str], limit: int = 400) -> dict[str, str]:
    """Every page and export under FOLLOW the client can reach from `start`: {url: text}."""
    seen, queue, found = set(start), list(start), {}
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        found[url] = text = _text(response)
        if response.mimetype == "text/html":
            for link in LINK.findall(response.get_data(as_text=True)):
                link = html.unescape(link)
                if link.startswith(FOLLOW) and link not in seen and len(seen) < limit:
                    seen.add(link)
                    queue.append(link)
    return found


def leaks(text: str) -> list[str]:
    """The customers' details that appear in full in `text`."""
    compact = re.sub(r"[\s\-().+]", "", text)
    out = []
    for name, email, phone, _, _ in PEOPLE:
        # The phone without its leading 0: "+44 1632 960881" compacts to 441632960881.
        out += [found for found, seen in ((email, email.lower() in text.lower()), (name, name.lower() in text.lower()),
                                          (phone, phone[1:] in compact)) if seen]
    return out


def test_an_auditor_without_the_grant_never_sees_personal_data(app, cases, signed_in):
    sign_in(app.test_client(), PEOPLE[0][1], "a guess")  # a typed email in the audit log's details
    auditor = signed_in(AUDITOR)
    pages = crawl(auditor, START + [f"/evidence/enquiries/{r}" for r in cases])
    assert any("/r29.xlsx" in url for url in pages) and any("-enquiries.csv" in url for url in pages)
    assert any(url.startswith("/evidence/pack.zip") for url in pages) and "/evidence/return.xlsx" in pages
    assert "/evidence/outcomes/R29" in pages
    for reference in cases:
        assert f"/evidence/enquiries/{reference}" in pages
    pages.update(crawl(auditor, ["/evidence/audit/"]))  # again: the crawl's own views fill pages of it
    assert "/evidence/audit/?page=2" in pages and len(pages) > 30
    for url, text in pages.items():
        assert not leaks(text), (url, leaks(text))
    # What the auditor does see instead.
    first = pages[f"/evidence/enquiries/{cases[0]}"]
    assert "P. Q." in first and "p***@f***.example" in first and "***457" in first and "AS2" in first
    assert "Personal data is masked" in first and "off" in first  # the breach reason, masked
    assert "Duplicate of another enquiry" in pages[f"/evidence/enquiries/{cases[1]}"]
    assert "The hash chain verifies" in pages["/evidence/audit/"]
    assert any("p***@f***.example" in text for url, text in pages.items() if url.startswith("/evidence/audit/"))


def test_the_drill_downs_link_auditors_to_the_evidence_view_and_staff_to_casework(app, cases, signed_in):
    url = "/evidence/reports/r29/enquiries?outcome=received"
    auditor = signed_in(AUDITOR)
    assert f'href="/evidence/enquiries/{cases[0]}"' in auditor.get(url).get_data(as_text=True)
    agent = app.test_client()
    sign_in(agent, "contact.agent@staff.example.gov.uk")
    assert f'href="/staff/enquiries/{cases[0]}"' in agent.get(url).get_data(as_text=True)
    assert "Called 07700 900 457" in agent.get(f"/evidence/enquiries/{cases[0]}").get_data(as_text=True)


def test_with_the_grant_the_auditor_sees_it_and_every_view_and_export_is_logged(app, cases, signed_in):
    admin = app.test_client()
    sign_in(admin, ADMIN)
    with app.app_context():
        auditor_id = db.session.scalar(select(User.id).where(User.email == AUDITOR))
    response = _post(admin, f"/admin/users/{auditor_id}/personal-data", {"sees_personal_data": "yes"},
                     page=f"/admin/users/{auditor_id}")
    assert response.status_code == 302
    auditor = signed_in(AUDITOR)
    page = _text(auditor.get(f"/evidence/enquiries/{cases[0]}"))
    name, email, phone, typed, postcode = PEOPLE[0]
    assert name in page and email in page and phone in page and typed in page and postcode in page
    assert "Personal data is masked" not in page
    export = _text(auditor.get("/evidence/reports/r29-enquiries.csv"))
    assert typed in export  # the breach reason as typed
    xlsx = _text(auditor.get("/evidence/reports/r29.xlsx"))
    assert PEOPLE[1][1] in xlsx  # the exclusion note as typed
    auditor.get("/evidence/reports/r29/enquiries?outcome=breached")

    with app.app_context():
        log = db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id.in_([auditor_id]) |
                                                          (AuditEntry.subject == f"user:{auditor_id}"))
                                 .order_by(AuditEntry.id)).all()
    actions = [(e.action, e.subject) for e in log]
    assert ("user.personal_data_grant", f"user:{auditor_id}") in actions
    assert ("auditor.view", f"enquiry:{cases[0]}") in actions
    assert ("evidence.export", "export:r29-enquiries.csv") in actions
    assert ("evidence.export", "export:r29.xlsx") in actions
    view = next(e for e in log if e.action == "auditor.view" and e.subject == "report:r29")
    assert view.details["outcome"] == "breached" and view.details["rows"] == 1 and view.details["masked"] is False
    grant = next(e for e in log if e.action == "user.personal_data_grant")
    assert grant.actor.startswith("Ada Admin")


def test_without_the_grant_each_view_says_it_was_masked(app, cases, signed_in):
    auditor = signed_in(AUDITOR)
    auditor.get(f"/evidence/enquiries/{cases[1]}")
    auditor.get("/evidence/reports/r29.csv?from=2026-01-01&to=2026-11-30")
    with app.app_context():
        view, export = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(["auditor.view", "evidence.export"])).order_by(AuditEntry.id)).all()
    assert view.details == {"page": "enquiry", "masked": True} and view.subject == f"enquiry:{cases[1]}"
    assert export.details["file"] == "r29-2026-01-01-to-2026-11-30.csv" and export.details["masked"] is True


def test_other_roles_cannot_open_the_evidence_enquiry_or_the_audit_log(app, cases, client, signed_in):
    assert client.get(f"/evidence/enquiries/{cases[0]}").status_code == 302
    author = signed_in("waste.author@staff.example.gov.uk")
    assert author.get(f"/evidence/enquiries/{cases[0]}").status_code == 403
    assert author.get("/evidence/audit/").status_code == 403
    agent = app.test_client()
    sign_in(agent, "contact.agent@staff.example.gov.uk")
    assert agent.get("/evidence/audit/").status_code == 403
    assert agent.get("/evidence/enquiries/ENQ-NONE-NONE-0").status_code == 404


def test_the_audit_log_filters_by_action_and_date(app, cases, signed_in):
    auditor = signed_in(AUDITOR)
    auditor.get(f"/evidence/enquiries/{cases[0]}")
    page = auditor.get("/evidence/audit/?action=auth.login").get_data(as_text=True)
    assert re.search(r'id="count">1</span> entry', page) and "Signed in" in page
    assert "Auditor viewed casework</" not in page.split('id="count"')[1].split("</select>")[0]
    today = utcnow().date().isoformat()
    assert 'id="count">0</span>' in auditor.get("/evidence/audit/?to=2020-01-01").get_data(as_text=True)
    assert 'id="count">0</span>' not in auditor.get(f"/evidence/audit/?from={today}").get_data(as_text=True) or \
        utcnow().hour == 0  # around midnight UTC the local date may differ
    bad = auditor.get("/evidence/audit/?from=yesterday")
    assert bad.status_code == 400 and "real date" in bad.get_data(as_text=True)


def _chain(app, count: int = 5) -> list[int]:
    from ieg import audit
    with app.app_context():
        ids = [audit.record(db.session, None, "test.action", f"thing:{n}", {"n": n}, utcnow()).id
               for n in range(count)]
        db.session.commit()
    return ids


def _verify(app) -> str:
    result = app.test_cli_runner().invoke(args=["ieg", "verify-audit"])
    return f"{result.exit_code} {result.output}"


@pytest.mark.parametrize("tamper,named,problem", [
    ("change", 2, "changed"),
    ("delete", 3, "removed"),   # the entry after the gap is the one that no longer follows
    ("reorder", 1, "reordered"),  # rows 1 and 2 swap places: 1 now holds 2's entry
])
def test_tampering_with_one_row_is_named(app, council, signed_in, tamper, named, problem):
    ids = _chain(app)
    assert _verify(app).startswith("0 audit log intact")
    table = AuditEntry.__table__
    with app.app_context():
        if tamper == "change":
            db.session.execute(table.update().where(table.c.id == ids[2]).values(details={"n": 99}))
        elif tamper == "delete":
            db.session.execute(table.delete().where(table.c.id == ids[2]))
        else:
            first, second = (db.session.execute(select(table).where(table.c.id == i)).mappings().one()
                             for i in (ids[1], ids[2]))
            columns = [c for c in first.keys() if c != "id"]
            # Swap every column but the id (prev_hash and hash are unique: park one row first).
            db.session.execute(table.update().where(table.c.id == ids[1]).values(prev_hash="x", hash="y"))
            db.session.execute(table.update().where(table.c.id == ids[2]).values({c: first[c] for c in columns}))
            db.session.execute(table.update().where(table.c.id == ids[1]).values({c: second[c] for c in columns}))
        db.session.commit()
    output = _verify(app)
    assert output.startswith("1 ") and f"broken at entry {ids[named]}:" in output and problem in output, output
    page = signed_in(AUDITOR).get("/evidence/audit/").get_data(as_text=True)
    assert f"The hash chain is broken at entry {ids[named]}" in page

"""/evidence/bvpi-157 over HTTP: auditors and administrators read the table, each type's
services and the CSV; only administrators set a pair by hand, with CSRF, GOV.UK error messages
and an audit entry."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, sign_in
from tests.factories import HOLDERS, PASSWORD, add_holder

ADMIN = "admin@staff.example.gov.uk"
AUDITOR = "auditor@staff.example.gov.uk"
PAIR = "/evidence/bvpi-157/0/524"  # household waste collection, applications for service


@pytest.fixture
def lgsl_council(app, council):
    from ieg.extensions import db
    from ieg.models import LgslService
    with app.app_context():
        db.session.add_all([LgslService(id=587, label="Flytipping"),
                            LgslService(id=524, label="Household waste collection")])
        db.session.commit()
    return app


def text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def post_pair(client, data, path=PAIR):
    return client.post(path, data={**data, "csrf_token": csrf_from(client.get(path))})


def test_an_auditor_reads_the_table_the_type_and_the_csv(lgsl_council, signed_in):
    client = signed_in(AUDITOR)
    page = text(client.get("/evidence/bvpi-157"))
    assert "BVPI 157: 100%" in page and "1 of 1 permissible pairs are e-enabled" in page  # Report fly-tipping
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Permissible and e-enabled pairs' in page
    assert '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/evidence/bvpi-157/0">0. Applications for service</a></th>' in page
    assert "Not applicable" in page

    column = text(client.get("/evidence/bvpi-157/0"))
    assert "Flytipping (587)" in column and "Live form “Report fly-tipping” (/forms/report-fly-tipping)" in column
    assert "No published page or live form serves it" in column
    assert "/evidence/bvpi-157/0/587" not in column  # no change links for auditors

    csv = client.get("/evidence/bvpi-157.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert 'filename="bvpi-157.csv"' in csv.headers["Content-Disposition"]
    lines = csv.get_data(as_text=True).splitlines()
    assert len(lines) == 1 + 2 * 10
    assert lines[1] == ("587,Flytipping,0,Applications for service,yes,automatically,yes,automatically,"
                        "form Report fly-tipping (/forms/report-fly-tipping),,,")


@pytest.mark.parametrize("path", ["/evidence/bvpi-157/10", "/evidence/bvpi-157/42", "/evidence/bvpi-157/0/99999",
                                  "/evidence/bvpi-157/0/99999999999999999999",
                                  "/evidence/bvpi-157/10/524"])
def test_unknown_types_and_services_are_not_found(lgsl_council, signed_in, path):
    assert signed_in(ADMIN).get(path).status_code == 404


def test_an_auditor_cannot_change_a_pair(lgsl_council, signed_in):
    client = signed_in(AUDITOR)
    token = csrf_from(client.get("/account/"))
    assert client.get(PAIR).status_code == 403
    assert client.post(PAIR, data={"permissible": "yes", "e_enabled": "yes", "note": "x",
                                   "csrf_token": token}).status_code == 403


@pytest.mark.parametrize("holder", [h for h in HOLDERS if not {"admin", "auditor"} & set(h.roles)], ids=lambda h: h.key)
def test_nobody_else_reads_it(lgsl_council, holder):
    client = lgsl_council.test_client()
    sign_in(client, add_holder(lgsl_council, holder), PASSWORD)
    for path in ("/evidence/bvpi-157", "/evidence/bvpi-157/0", "/evidence/bvpi-157.csv", PAIR):
        assert client.get(path).status_code == 403, path


def test_visitors_are_sent_to_sign_in(lgsl_council, client):
    assert client.get("/evidence/bvpi-157").status_code == 302


def test_an_administrator_sets_a_pair_and_it_is_in_the_audit_log(lgsl_council, signed_in):
    client = signed_in(ADMIN)
    assert 'href="/evidence/bvpi-157/0/524"' in text(client.get("/evidence/bvpi-157/0"))
    response = post_pair(client, {"permissible": "yes", "e_enabled": "no", "note": "Requests by phone only"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/evidence/bvpi-157/0#service-524")
    column = text(client.get("/evidence/bvpi-157/0"))
    assert "Set by hand (permissible yes, e-enabled no) by Ada Admin" in column and "Requests by phone only" in column
    assert "BVPI 157: 50%" in text(client.get("/evidence/bvpi-157"))

    from ieg.extensions import db
    from ieg.models import AuditEntry
    with lgsl_council.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "bvpi.set"))
        assert entry.subject == "bvpi:524/0" and entry.actor.startswith("Ada Admin")
        assert entry.details["from"]["permissible"] is None
        assert entry.details["to"] == {"permissible": True, "e_enabled": False, "note": "Requests by phone only"}

    # Back to automatic
    form = text(client.get(PAIR))
    assert 'value="yes" checked' in form and 'value="no" checked' in form
    assert post_pair(client, {"permissible": "automatic", "e_enabled": "automatic", "note": ""}).status_code == 302
    assert "BVPI 157: 100%" in text(client.get("/evidence/bvpi-157"))


@pytest.mark.parametrize("data, field, message", [
    ({"permissible": "no", "e_enabled": "yes", "note": "x"}, "e_enabled",
     "A pair that is not permissible cannot be e-enabled"),
    ({"permissible": "yes", "e_enabled": "automatic", "note": ""}, "note", "Enter why this pair is set by hand"),
    ({"permissible": "maybe", "e_enabled": "automatic", "note": "x"}, "permissible",
     "Select whether the pair is permissible"),
    ({"note": "x"}, "e_enabled", "Select whether the pair is e-enabled"),
])
def test_bad_input_comes_back_with_the_error_summary(lgsl_council, signed_in, data, field, message):
    client = signed_in(ADMIN)
    response = post_pair(client, data)
    page = text(response)
    assert response.status_code == 400
    assert "<title>Error:" in page and "There is a problem" in page
    assert f'<a href="#{field}">{message}' in page
    assert f'<p class="govuk-error-message" id="{field}-error"><span class="govuk-visually-hidden">Error:</span> {message}' in page
    from ieg.extensions import db
    from ieg.models import BvpiCell
    with lgsl_council.app_context():
        assert db.session.scalar(select(BvpiCell)) is None


def test_changing_a_pair_needs_the_csrf_token(lgsl_council, signed_in):
    client = signed_in(ADMIN)
    response = client.post(PAIR, data={"permissible": "no", "e_enabled": "automatic", "note": "x"})
    assert response.status_code == 400
    from ieg.extensions import db
    from ieg.models import BvpiCell
    with lgsl_council.app_context():
        assert db.session.scalar(select(BvpiCell)) is None


def _new_form(client, **extra):
    from ieg.extensions import db
    from ieg.models import Section
    with client.application.app_context():
        section = db.session.scalar(select(Section.id).where(Section.slug == "waste-and-recycling"))
    page = client.get("/admin/forms/new")
    return client.post("/admin/forms/new", data={
        "title": "Report a missed bin", "slug": "report-a-missed-bin", "case_type": "new",
        "new_case_type_name": "Missed bin", "new_case_type_section": str(section), **extra,
        "csrf_token": csrf_from(page)})


def test_a_form_built_by_an_administrator_counts_once_live(lgsl_council, signed_in):
    client = signed_in(ADMIN)
    page = text(client.get("/admin/forms/new"))
    assert '<option value="0">Applications for service</option>' in page and "Services the form serves" in page
    response = _new_form(client, new_case_type_services="524, 587", new_case_type_interaction="0")
    assert response.status_code == 302, text(response)
    number = response.headers["Location"].rsplit("/", 1)[1]
    assert "Report a missed bin" not in text(client.get("/evidence/bvpi-157/0"))  # a draft counts nothing
    from ieg.extensions import db
    from ieg.models import CaseType, EForm
    with lgsl_council.app_context():
        record = db.session.get(EForm, int(number))
        assert (record.case_type.lgsl_ids, record.case_type.lgil_id) == ([524, 587], 0)
        record.live = True  # going live needs questions; the BVPI rule only reads `live`
        db.session.commit()
    column = text(client.get("/evidence/bvpi-157/0"))
    assert "Live form “Report a missed bin” (/forms/report-a-missed-bin)" in column
    assert "BVPI 157: 100%" in text(client.get("/evidence/bvpi-157"))
    assert "2 of 2 permissible pairs" in text(client.get("/evidence/bvpi-157"))
    with lgsl_council.app_context():
        assert db.session.scalar(select(CaseType).where(CaseType.slug == "missed-bin")) is not None


@pytest.mark.parametrize("extra, field, message", [
    ({"new_case_type_services": "524, 99999, abc", "new_case_type_interaction": "0"}, "new_case_type_services",
     "99999, abc are not services in the council"),
    ({"new_case_type_services": "99999999999999999999", "new_case_type_interaction": "0"}, "new_case_type_services",
     "99999999999999999999 is not a service in the council"),
    ({"new_case_type_services": "524"}, "new_case_type_interaction", "Select what residents do with these services"),
    ({"new_case_type_interaction": "3"}, "new_case_type_services", "Enter the LGSL code of each service"),
    ({"new_case_type_services": "524", "new_case_type_interaction": "12"}, "new_case_type_interaction",
     "Select one of the interaction types listed"),
])
def test_the_form_builder_checks_the_services_and_interaction(lgsl_council, signed_in, extra, field, message):
    response = _new_form(signed_in(ADMIN), **extra)
    page = text(response)
    assert response.status_code == 400
    assert f'<a href="#{field}">{message}' in page and f'id="{field}-error"' in page

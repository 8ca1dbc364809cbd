"""Administrators build forms without code (/admin/forms): details and case type, questions
added, changed, moved and removed one at a time, which answers make the enquiry, preview,
live and offline. Then a resident uses the form through the same code as the built-in ones."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, sign_in
from tests.factories import HOLDERS, PASSWORD, add_holder

ADMIN = "admin@staff.example.gov.uk"


def post(client, path, data, page=None):
    """POST as the page at `page` (default: `path`) would, with its CSRF token."""
    token = csrf_from(client.get(page or path))
    return client.post(path, data={**data, "csrf_token": token})


def form_id(response) -> int:
    return int(re.search(r"/admin/forms/(\d+)", response.headers["Location"]).group(1))


def create_form(client, slug="report-dog-fouling", **extra) -> int:
    response = post(client, "/admin/forms/new", {
        "title": "Report dog fouling", "slug": slug, "intro": "Tell us where dogs have fouled.",
        "case_type": "new", "new_case_type_name": "Dog fouling report",
        "new_case_type_section": str(section_id(client.application, "environmental-health")),
        "new_case_type_outcomes": "r27, R28", **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    return form_id(response)


def add_question(client, number, **data):
    page = f"/admin/forms/{number}"
    response = post(client, f"{page}/questions/new", {"required": "yes", **data})
    assert response.status_code == 302, response.get_data(as_text=True)


def section_id(app, slug):
    from ieg.extensions import db
    from ieg.models import Section
    with app.app_context():
        return db.session.scalar(select(Section.id).where(Section.slug == slug))


def build_dog_fouling(client) -> int:
    number = create_form(client)
    add_question(client, number, answer_type="radios", label="What did you see?",
                 options="Dog mess on the pavement\nSomeone not clearing up", missing="Select what you saw")
    add_question(client, number, answer_type="text", label="Where was it?", hint="The street and a landmark")
    add_question(client, number, answer_type="email", label="Email address")
    return number


@pytest.fixture
def admin(signed_in):
    return signed_in(ADMIN)


def test_an_administrator_builds_a_form_and_a_resident_sends_it(app, admin):
    from ieg.extensions import db
    from ieg.models import EForm, Enquiry, OutboxMessage

    number = build_dog_fouling(admin)
    overview = admin.get(f"/admin/forms/{number}").get_data(as_text=True)
    assert "What did you see?" in overview and "Draft" in overview and "Their email address" in overview
    # Which answers make the enquiry: the subject and where.
    response = post(admin, f"/admin/forms/{number}/answers", {
        "subject_field": "what_did_you_see", "description_fields": ["what_did_you_see", "where_was_it"],
        "location_field": "where_was_it"}, page=f"/admin/forms/{number}")
    assert response.status_code == 302
    assert admin.get("/forms/report-dog-fouling").status_code == 404  # still a draft
    assert post(admin, f"/admin/forms/{number}/live", {"live": "yes"}, page=f"/admin/forms/{number}").status_code == 302

    resident = app.test_client()
    assert "Report dog fouling" in resident.get("/forms/").get_data(as_text=True)
    page = resident.get("/forms/report-dog-fouling")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "Someone not clearing up" in body and "The street and a landmark" in body
    key = re.search(r'name="submission" value="([^"]+)"', body).group(1)
    token = csrf_from(page)
    wrong = resident.post("/forms/report-dog-fouling", data={"csrf_token": token, "submission": key,
                                                            "action": "check", "where_was_it": "Mill Lane"})
    assert wrong.status_code == 400 and 'href="#what_did_you_see">Select what you saw' in wrong.get_data(as_text=True)
    answers = {"what_did_you_see": "someone-not-clearing-up", "where_was_it": "Mill Lane by the school",
               "email": "Sam@Example.com"}
    check = resident.post("/forms/report-dog-fouling", data={**answers, "csrf_token": token, "submission": key,
                                                             "action": "check"})
    assert check.status_code == 200 and "Someone not clearing up" in check.get_data(as_text=True)
    done = resident.post("/forms/report-dog-fouling", data={**answers, "csrf_token": token, "submission": key,
                                                            "action": "submit"})
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "govuk-panel--confirmation" in text
    reference = re.search(r"<strong>(ENQ-[^<]+)</strong>", text).group(1)
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        assert enquiry.case_type.slug == "dog-fouling-report" and enquiry.case_type.name == "Dog fouling report"
        assert enquiry.case_type.section.slug == "environmental-health"
        assert enquiry.case_type.outcome_refs == ["R27", "R28"]
        assert enquiry.answers == {**answers, "email": "Sam@example.com"}
        assert enquiry.subject == "Someone not clearing up" and enquiry.location == "Mill Lane by the school"
        assert enquiry.description == ("What did you see? Someone not clearing up\n\n"
                                       "Where was it? Mill Lane by the school")
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.purpose == "acknowledgement"))
        assert message.to_address == "sam@example.com" and reference in message.subject
        assert db.session.get(EForm, number).updated_by_id is not None

    # Offline again: the public form goes, the enquiry stays.
    assert post(admin, f"/admin/forms/{number}/live", {"live": "no"}, page=f"/admin/forms/{number}").status_code == 302
    assert resident.get("/forms/report-dog-fouling").status_code == 404
    assert "Report dog fouling" not in resident.get("/forms/").get_data(as_text=True)


def test_questions_are_changed_moved_and_removed_one_at_a_time(app, admin):
    from ieg.extensions import db
    from ieg.models import EForm

    number = build_dog_fouling(admin)
    base = f"/admin/forms/{number}"
    change = admin.get(f"{base}/questions/where_was_it/change").get_data(as_text=True)
    assert 'value="Where was it?"' in change and 'value="text" checked' in change
    response = post(admin, f"{base}/questions/where_was_it/change", {
        "answer_type": "textarea", "label": "Where exactly?", "required": "no", "max_length": "800"})
    assert response.status_code == 302
    assert post(admin, f"{base}/questions/email/move", {"direction": "up"}, page=base).status_code == 302
    assert post(admin, f"{base}/questions/what_did_you_see/remove", {}, page=base).status_code == 302
    with app.app_context():
        record = db.session.get(EForm, number)
        assert [q["name"] for q in record.fields] == ["email", "where_was_it"]
        changed = record.fields[1]
        assert (changed["label"], changed["kind"], changed["required"], changed["max_length"]) == (
            "Where exactly?", "textarea", False, 800)
        assert record.description_fields == ["where_was_it"]  # the removed question went from it too
    assert admin.get(f"{base}/questions/nothing/change").status_code == 404


def test_mistakes_are_explained_in_the_govuk_way(app, admin):
    number = create_form(admin)
    refused = post(admin, f"/admin/forms/{number}/questions/new", {"answer_type": "radios", "options": "Just one"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "There is a problem" in body
    assert 'href="#label">Enter the question' in body and "Enter at least 2 options, one on each line" in body
    assert 'href="#required">Select yes if people must answer this question' in body
    assert "Just one</textarea>" in body  # nothing typed is lost
    # Going live needs questions and an email address for the acknowledgement.
    live = post(admin, f"/admin/forms/{number}/live", {"live": "yes"}, page=f"/admin/forms/{number}")
    text = live.get_data(as_text=True)
    assert live.status_code == 400 and 'href="#questions-error">Add at least one question' in text
    assert "Ask for their email address" in text


def test_a_live_form_cannot_lose_its_email_question(app, admin):
    number = build_dog_fouling(admin)
    base = f"/admin/forms/{number}"
    assert post(admin, f"{base}/live", {"live": "yes"}, page=base).status_code == 302
    refused = post(admin, f"{base}/questions/email/remove", {}, page=base)
    assert refused.status_code == 400 and "The form is live, so this change cannot be made" in refused.get_data(
        as_text=True)
    assert "Email address" in admin.get("/forms/report-dog-fouling").get_data(as_text=True)


@pytest.mark.parametrize("slug,message", [
    ("report-fly-tipping", "There is already a form at /forms/report-fly-tipping"),
    ("Not A Slug!", "The web address must use only lower case letters, numbers and hyphens"),
    ("", "Enter the form&#39;s web address"),
])
def test_the_web_address_must_be_free_and_well_formed(admin, slug, message):
    response = post(admin, "/admin/forms/new", {"title": "Something", "slug": slug, "case_type": "new",
                                                "new_case_type_name": "Something else",
                                                "new_case_type_section": "1"})
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_a_second_form_at_the_same_address_is_refused(app, admin):
    from ieg.extensions import db
    from ieg.models import CaseType, EForm

    create_form(admin)
    response = post(admin, "/admin/forms/new", {"title": "Again", "slug": "report-dog-fouling",
                                                "case_type": "new", "new_case_type_name": "Another type",
                                                "new_case_type_section": "1", "new_case_type_outcomes": "R99"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is already a form at /forms/report-dog-fouling" in body
    assert "R99 is not a priority outcome" in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(EForm)) == 1
        assert db.session.scalar(select(func.count()).select_from(CaseType)) == 1  # nothing half-made


def test_a_form_can_open_an_existing_case_type(app, admin):
    from ieg.extensions import db
    from ieg.models import CaseType, EForm

    first = create_form(admin)
    with app.app_context():
        kind = db.session.scalar(select(CaseType.id))
    missing = post(admin, "/admin/forms/new", {"title": "More fouling", "slug": "more-fouling",
                                               "case_type": "existing"})
    assert missing.status_code == 400 and "Select the case type the form opens" in missing.get_data(as_text=True)
    clash = post(admin, "/admin/forms/new", {"title": "More fouling", "slug": "more-fouling", "case_type": "new",
                                             "new_case_type_name": "Dog fouling report",
                                             "new_case_type_section": "1"})
    assert "There is already a case type called Dog fouling report" in clash.get_data(as_text=True)
    second = form_id(post(admin, "/admin/forms/new", {"title": "More fouling", "slug": "more-fouling",
                                                      "case_type": "existing", "case_type_id": str(kind)}))
    with app.app_context():
        assert db.session.get(EForm, second).case_type_id == db.session.get(EForm, first).case_type_id == kind


def test_the_preview_is_the_real_form_for_administrators_only(app, admin):
    number = build_dog_fouling(admin)
    preview = admin.get(f"/admin/forms/{number}/preview")
    body = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "This is how residents see the form" in body
    assert 'name="what_did_you_see"' in body and "Someone not clearing up" in body
    assert 'action="/forms/report-dog-fouling"' not in body and "disabled" in body
    visitor = app.test_client()
    assert visitor.get(f"/admin/forms/{number}/preview").status_code == 302  # to sign in
    assert visitor.get("/forms/report-dog-fouling").status_code == 404


def test_the_list_shows_built_in_and_made_forms(admin):
    create_form(admin)
    body = admin.get("/admin/forms/").get_data(as_text=True)
    assert "Report dog fouling" in body and "Draft" in body
    assert "Tell us you have moved" in body and "Report fly-tipping" in body
    assert 'href="/admin/forms/"' in admin.get("/admin/").get_data(as_text=True)


@pytest.mark.parametrize("user", [h for h in HOLDERS if "admin" not in h.roles], ids=lambda h: h.key)
def test_only_administrators_manage_forms(app, council, user):
    from ieg.extensions import db
    from ieg.models import CaseType, EForm

    with app.app_context():
        kind = CaseType(slug="thing", name="Thing")
        record = EForm(slug="thing", title="Thing", case_type=kind, fields=[], description_fields=[])
        db.session.add(record)
        db.session.commit()
        number = record.id
    client = app.test_client()
    sign_in(client, add_holder(app, user), PASSWORD)
    token = csrf_from(client.get("/account/"))
    for path in ("/admin/forms/", "/admin/forms/new", f"/admin/forms/{number}", f"/admin/forms/{number}/preview",
                 f"/admin/forms/{number}/details", f"/admin/forms/{number}/questions/new"):
        assert client.get(path).status_code == 403, path
    for path in (f"/admin/forms/{number}/live", "/admin/forms/new", f"/admin/forms/{number}/answers"):
        assert client.post(path, data={"csrf_token": token, "live": "yes"}).status_code == 403, path
    with app.app_context():
        assert db.session.get(EForm, number).live is False

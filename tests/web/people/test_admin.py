"""Administrators manage sections, users, roles and grants; nobody else can."""
import pytest
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Section, User
from tests.conftest import csrf_from, sign_in
from tests.factories import HOLDERS, PASSWORD, add_holder

ADMIN = "admin@staff.example.gov.uk"
NEW_SECTION = {"title": "Cemeteries and crematoria", "slug": "cemeteries", "summary": "Burials and memorials.",
               "lgnl_heading": "Community and living", "contact_email": "bereavement@ashdown.example.gov.uk",
               "contact_phone": "01632 960199", "contact_address": ""}


@pytest.fixture
def admin(signed_in):
    return signed_in(ADMIN)


def post(client, path, data, page=None):
    token = csrf_from(client.get(page or path))
    return client.post(path, data={**data, "csrf_token": token})


def user_id(app, email):
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def test_admin_adds_a_section_that_goes_live(admin, client):
    response = post(admin, "/admin/sections/new", NEW_SECTION)
    assert response.status_code == 302
    page = admin.get("/admin/").get_data(as_text=True)
    assert "Section Cemeteries and crematoria saved" in page
    public = client.get("/cemeteries/").get_data(as_text=True)
    assert "Burials and memorials." in public and "bereavement@ashdown.example.gov.uk" in public
    assert 'href="/cemeteries/"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("changes,error", [
    ({"slug": "admin"}, "/admin/ is used by the site itself"),
    ({"slug": "Bad Slug"}, "lower-case letters"),
    ({"slug": "planning"}, "Another section, Planning and building control, already uses /planning/"),
    ({"title": ""}, "Enter the section title"),
    ({"lgnl_heading": ""}, "Choose a heading"),
    ({"lgnl_heading": "Made up"}, "Choose a heading from the list"),
    ({"contact_email": "not an email"}, "Enter an email address in the correct format"),
])
def test_section_form_errors(admin, changes, error):
    response = post(admin, "/admin/sections/new", {**NEW_SECTION, **changes})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and error in body and "There is a problem" in body


def test_admin_changes_a_section(admin, app):
    with app.app_context():
        section_id = db.session.scalar(select(Section.id).where(Section.slug == "parking"))
    response = post(admin, f"/admin/sections/{section_id}", {**NEW_SECTION, "title": "Parking and permits",
                                                              "slug": "parking"})
    assert response.status_code == 302
    assert "Parking and permits" in admin.get("/parking/").get_data(as_text=True)


def test_admin_adds_user_grants_a_section_and_they_sign_in(admin, app):
    response = post(admin, "/admin/users/new", {"name": "Libby Books", "email": "Libby.Books@ashdown.example.gov.uk",
                                                "roles": [], "active": "y",
                                                "password": "a long enough password"})
    assert response.status_code == 302
    uid = user_id(app, "libby.books@ashdown.example.gov.uk")
    with app.app_context():
        libraries = db.session.scalar(select(Section.id).where(Section.slug == "libraries"))
    sections = {f"section_{i}": "none" for i in range(1, 17)}
    response = post(admin, f"/admin/users/{uid}/grants", {**sections, f"section_{libraries}": "publisher"},
                    page=f"/admin/users/{uid}")
    assert response.status_code == 302
    assert "Section access for Libby Books saved" in admin.get(f"/admin/users/{uid}").get_data(as_text=True)

    other = app.test_client()
    response = sign_in(other, "libby.books@ashdown.example.gov.uk", "a long enough password")
    assert response.headers["Location"] == "/edit/"
    body = other.get("/edit/").get_data(as_text=True)
    assert "Libraries" in body and "Publisher: you can approve and publish" in body and "Waste and recycling" not in body

    # Taking the grant away closes the editing area at once: their session ends, and signed in
    # again they have no editing area.
    post(admin, f"/admin/users/{uid}/grants", sections, page=f"/admin/users/{uid}")
    assert other.get("/edit/").headers["Location"].startswith("/login")
    sign_in(other, "libby.books@ashdown.example.gov.uk", "a long enough password")
    assert other.get("/edit/").status_code == 403


@pytest.mark.parametrize("data,error", [
    ({"email": ADMIN}, "already exists"),
    ({"password": "short"}, "Password must be 12 characters or more"),
    ({"name": ""}, "Enter the person&#39;s full name"),
    ({"roles": ["overlord"]}, "Choose roles from the list"),
])
def test_new_user_errors(admin, data, error):
    base = {"name": "N", "email": "n@ashdown.example.gov.uk", "password": "a long enough password", "active": "y"}
    response = post(admin, "/admin/users/new", {**base, **data})
    assert response.status_code == 200 and error in response.get_data(as_text=True)


def test_admin_changes_roles_and_deactivation_ends_sessions(admin, app):
    officer = app.test_client()
    sign_in(officer, "officer@staff.example.gov.uk")
    assert officer.get("/staff/").status_code == 200
    uid = user_id(app, "officer@staff.example.gov.uk")
    details = {"name": "Otto Officer", "email": "officer@staff.example.gov.uk"}
    post(admin, f"/admin/users/{uid}", {**details, "roles": ["officer", "auditor"], "active": "y"})
    assert officer.get("/evidence/").status_code == 302  # a change of roles ends the session
    sign_in(officer, "officer@staff.example.gov.uk")
    assert officer.get("/evidence/").status_code == 200  # and the new role applies
    post(admin, f"/admin/users/{uid}", {**details, "roles": ["officer"]})  # active unticked
    assert officer.get("/staff/").status_code == 302  # signed out
    assert "Enter a correct email address and password" in sign_in(
        app.test_client(), "officer@staff.example.gov.uk").get_data(as_text=True)


def test_admin_cannot_lock_themselves_out(admin, app):
    uid = user_id(app, ADMIN)
    base = {"name": "Ada Admin", "email": ADMIN}
    body = post(admin, f"/admin/users/{uid}", {**base, "roles": [], "active": "y"}).get_data(as_text=True)
    assert "You cannot remove your own administrator role" in body
    body = post(admin, f"/admin/users/{uid}", {**base, "roles": ["admin"]}).get_data(as_text=True)
    assert "You cannot deactivate your own account" in body
    assert admin.get("/admin/").status_code == 200


def test_password_reset_signs_the_user_out(admin, app):
    auditor = app.test_client()
    sign_in(auditor, "auditor@staff.example.gov.uk")
    uid = user_id(app, "auditor@staff.example.gov.uk")
    response = post(admin, f"/admin/users/{uid}/password", {"password": "short"}, page=f"/admin/users/{uid}")
    assert "Password must be 12 characters or more" in response.get_data(as_text=True)
    response = post(admin, f"/admin/users/{uid}/password", {"password": "a new long password"},
                    page=f"/admin/users/{uid}")
    assert response.status_code == 302
    assert auditor.get("/evidence/").status_code == 302
    assert sign_in(app.test_client(), "auditor@staff.example.gov.uk", "a new long password").status_code == 302


def test_admin_resetting_own_password_stays_signed_in(admin, app):
    uid = user_id(app, ADMIN)
    post(admin, f"/admin/users/{uid}/password", {"password": "my own new password"}, page=f"/admin/users/{uid}")
    assert admin.get("/admin/").status_code == 200


def test_user_page_shows_current_roles_and_grants(admin, app):
    import re
    body = admin.get(f"/admin/users/{user_id(app, 'officer@staff.example.gov.uk')}").get_data(as_text=True)
    checked = re.findall(r'<input class="govuk-checkboxes__input" id="[^"]*" name="(\w+)" type="checkbox" value="(\w+)" checked', body)
    assert checked == [("roles", "officer"), ("active", "y")]
    body = admin.get(f"/admin/users/{user_id(app, 'waste.publisher@staff.example.gov.uk')}").get_data(as_text=True)
    assert '<option value="publisher" selected>Publisher</option>' in body


def test_unknown_ids_are_404(admin):
    assert admin.get("/admin/users/9999").status_code == 404
    assert admin.get("/admin/sections/9999").status_code == 404


ADMIN_URLS = [("GET", "/admin/alert"), ("POST", "/admin/alert"), ("GET", "/admin/outbox"),
              ("GET", "/admin/sections/new"), ("POST", "/admin/sections/new"), ("GET", "/admin/sections/1"),
              ("GET", "/admin/users/new"), ("POST", "/admin/users/new"), ("GET", "/admin/users/1"),
              ("POST", "/admin/users/1"), ("POST", "/admin/users/1/grants"), ("POST", "/admin/users/1/password")]


@pytest.mark.parametrize("holder", [h for h in HOLDERS if "admin" not in h.roles], ids=lambda h: h.key)
def test_nobody_else_can_administer(app, council, holder):
    email = add_holder(app, holder)
    client = app.test_client()
    sign_in(client, email, PASSWORD)
    token = csrf_from(client.get("/account/"))
    for method, path in ADMIN_URLS:
        response = client.open(path, method=method, data={"csrf_token": token, "name": "x", "roles": ["admin"]})
        assert response.status_code == 403, (method, path)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)).role_names.isdisjoint({"admin"})


def test_home_page_alert_shows_at_once_and_can_be_removed(admin, client):
    client.get("/")  # cached without an alert
    response = post(admin, "/admin/alert", {"message": "Bin collections are a day late this week.",
                                            "link_url": "/waste-and-recycling/", "link_text": "Collection days"})
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Bin collections are a day late this week." in home
    assert '<a class="govuk-notification-banner__link" href="/waste-and-recycling/">Collection days</a>' in home
    post(admin, "/admin/alert", {"action": "remove"})
    assert "a day late" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("data,error", [
    ({"message": " "}, "Enter the alert message"),
    ({"message": "x", "link_url": "javascript:alert(1)", "link_text": "x"}, "must be a page on this site"),
    ({"message": "x", "link_url": "/bins/"}, "Enter the link text"),
    ({"message": "x", "at-day": "1", "at-month": "1", "at-year": "2020", "at-time": "09:00"},
     "The end time must be in the future"),
    ({"message": "x", "at-day": "31", "at-month": "2", "at-year": "2030", "at-time": "09:00"}, "Enter a real end date"),
])
def test_alert_errors(admin, data, error):
    body = post(admin, "/admin/alert", data).get_data(as_text=True)
    assert error in body and "There is a problem" in body


def test_alert_ends_at_its_time(admin, app, client):
    from datetime import timedelta
    from ieg.content import home_alert
    from ieg.timeutil import utcnow
    with app.app_context():
        home_alert.set_alert(db.session, None, utcnow(), message="Offices closed today",
                         ends_at=utcnow() + timedelta(hours=1))
        db.session.commit()
        assert home_alert.current(db.session, utcnow()).message == "Offices closed today"
        assert home_alert.current(db.session, utcnow() + timedelta(hours=2)) is None

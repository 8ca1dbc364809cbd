"""Public pages, role areas, error pages and health, through the test client."""
import pytest
from sqlalchemy import text

from ieg.demo import USERS
from tests.conftest import head_revision, sign_in
from tests.factories import HOLDERS, PASSWORD, add_holder

AREAS = {"/admin/": "admin", "/edit/": "edit", "/staff/": "staff", "/evidence/": "evidence", "/account/": "account"}
# Which role holders may open which area (by email prefix: the demo's users and tests.factories.HOLDERS).
MAY_OPEN = {
    "admin": {"/admin/", "/edit/", "/staff/", "/evidence/", "/account/"},
    "waste.author": {"/edit/", "/account/"},
    "waste.publisher": {"/edit/", "/account/"},
    "planning.author": {"/edit/", "/account/"},
    "planning.publisher": {"/edit/", "/account/"},
    "contact.agent": {"/staff/", "/account/"},
    "officer": {"/staff/", "/account/"},
    "councillor": {"/account/"},
    "auditor": {"/evidence/", "/account/"},
}


def test_every_demo_user_is_in_the_access_table():
    assert {u.email.split("@")[0] for u in USERS} == set(MAY_OPEN)


def test_every_kind_of_role_is_in_the_access_table():
    assert {h.key for h in HOLDERS} == set(MAY_OPEN)


@pytest.mark.parametrize("user", HOLDERS, ids=lambda h: h.key)
def test_role_areas_over_http(app, council, user):
    client = app.test_client()
    sign_in(client, add_holder(app, user), PASSWORD)
    for path in AREAS:
        response = client.get(path)
        allowed = path in MAY_OPEN[user.key]
        assert response.status_code == (200 if allowed else 403), path
        if not allowed:
            assert "You do not have permission to see this page" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", list(AREAS))
def test_areas_send_visitors_to_sign_in(client, council, path):
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")


def test_header_shows_only_permitted_areas(signed_in):
    body = signed_in("waste.author@staff.example.gov.uk").get("/edit/").get_data(as_text=True)
    assert 'href="/edit/"' in body and 'href="/admin/"' not in body and 'href="/staff/"' not in body


def test_editor_sees_only_own_sections(signed_in):
    body = signed_in("planning.author@staff.example.gov.uk").get("/edit/").get_data(as_text=True)
    assert "Planning and building control" in body and "Waste and recycling" not in body
    assert "Author: a publisher approves your changes" in body


def test_home_lists_sections_under_lgnl_headings(client, council):
    body = client.get("/").get_data(as_text=True)
    assert "Environment and waste" in body and 'href="/waste-and-recycling/"' in body
    assert "Council tax and benefits" in body and 'href="/council-tax/"' in body


def test_section_page(client, council):
    response = client.get("/planning/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Planning and building control" in body and "planning@ashdown.example.gov.uk" in body


@pytest.mark.parametrize("path", ["/", "/login", "/accessibility", "/planning/", "/does-not-exist/", "/healthz"])
def test_public_pages_set_no_cookie(client, council, path):
    response = client.get(path)
    assert "Set-Cookie" not in response.headers


def test_a_form_rendered_directly_in_a_template_sets_no_cookie(app):
    """Templates call csrf_token() directly as well as through macros: neither may start a session."""
    from flask import render_template_string

    @app.get("/direct-form")
    def direct_form():
        return render_template_string('<input name="csrf_token" value="{{ csrf_token() }}">')

    response = app.test_client().get("/direct-form")
    assert 'value="' in response.get_data(as_text=True) and "Set-Cookie" not in response.headers


def test_session_cookie_after_sign_in_is_httponly_and_lax(client, council):
    response = sign_in(client, "admin@staff.example.gov.uk")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("ieg_session=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_404_in_site_layout(client, council):
    response = client.get("/no-such-section/")
    body = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Page not found" in body and 'class="ieg-header"' in body and "Skip to main content" in body


def test_500_page_and_nothing_half_written(app, council):
    from ieg.extensions import db
    from ieg.models import Section

    @app.get("/boom")
    def boom():
        db.session.add(Section(slug="half-written", title="Half"))
        db.session.flush()
        raise RuntimeError("crash mid-request")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(Section).filter_by(slug="half-written").count() == 0


def test_405_page(client, council):
    response = client.post("/healthz")  # GET only; no CSRF token needed to be told so
    assert response.status_code == 405
    assert "This action is not allowed" in response.get_data(as_text=True)


def test_500_page_when_the_database_is_down_for_a_signed_in_user(app, council):
    """Even when the layout cannot load the user, the answer is a plain 500 page, not a traceback."""
    client = app.test_client()
    sign_in(client, "admin@staff.example.gov.uk")
    from ieg.extensions import db
    with app.app_context():
        db.session.execute(text("ALTER TABLE users RENAME TO users_gone"))
        db.session.commit()
    response = client.get("/admin/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)


def test_behind_a_tls_proxy_forms_work_and_clients_are_told_apart(app_factory, council):
    from tests.conftest import csrf_from
    app = app_factory(TRUSTED_PROXIES=1)
    client = app.test_client()
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "www.ashdown.example.gov.uk",
             "X-Forwarded-For": "198.51.100.7"}
    token = csrf_from(client.get("/login", headers=proxy))
    response = client.post("/login", headers={**proxy, "Origin": "https://www.ashdown.example.gov.uk"},
                           data={"email": "admin@staff.example.gov.uk", "password": "factory-password-2026",
                                 "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_without_trusted_proxies_forwarded_headers_are_ignored(client, council):
    from tests.conftest import csrf_from
    token = csrf_from(client.get("/login"))
    response = client.post("/login", headers={"X-Forwarded-Host": "evil.example", "Origin": "https://evil.example"},
                           data={"email": "admin@staff.example.gov.uk", "password": "factory-password-2026",
                                 "csrf_token": token})
    assert response.status_code == 400


def test_accessibility_statement(client):
    body = client.get("/accessibility").get_data(as_text=True)
    assert "Accessibility statement" in body and "Equality and Human Rights Commission" in body
    assert "Ashdown District Council" in body


def test_layout_is_council_not_govuk(client):
    body = client.get("/").get_data(as_text=True)
    assert "govuk-header" not in body and "govuk-footer" not in body and "crown" not in body.lower()
    assert 'class="govuk-skip-link"' in body and 'href="#main-content"' in body
    assert 'lang="en-GB"' in body


def test_stylesheet_is_arial_without_gds_transport(client):
    css = client.get("/static/dist/ieg.css").get_data(as_text=True)
    assert "GDS Transport" not in css and "@font-face" not in css and "arial" in css


def test_branding_from_config(app_factory):
    css = app_factory(BRAND_COLOUR="#00703c").test_client().get("/branding.css").get_data(as_text=True)
    assert "--ieg-header-background: #00703c;" in css


def test_council_name_from_config(app_factory):
    body = app_factory(COUNCIL_NAME="Westshire Borough Council").test_client().get("/").get_data(as_text=True)
    assert "Westshire Borough Council" in body


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "<script>" not in response.get_data(as_text=True)  # no inline script at all
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_staff_pages_are_not_cached(signed_in):
    response = signed_in("auditor@staff.example.gov.uk").get("/evidence/")
    assert response.headers["Cache-Control"] == "no-store"
    assert "73 national priority outcomes" in response.get_data(as_text=True)


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json
    assert body.pop("search") in ("building", "ok")  # one machine: its first request starts the build
    assert body == {"status": "ok", "database": "ok", "schema": head_revision(), "version": "0.1.0",
                    "scheduler": "none"}


def test_healthz_503_when_database_is_gone(app_factory, tmp_path):
    app = app_factory(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing-dir/none.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable" and response.json["status"] == "unavailable"


def test_sqlite_runs_in_wal_with_foreign_keys(app):
    from ieg.extensions import db
    with app.app_context():
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1

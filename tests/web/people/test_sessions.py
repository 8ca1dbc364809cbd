"""Signed-in sessions end on the server: a cookie copied before sign-out, deactivation, a change
of roles or grants, or a new password opens nothing afterwards."""
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Section, User, UserSession
from tests.conftest import csrf_from, sign_in

ADMIN = "admin@staff.example.gov.uk"
AGENT = "contact.agent@staff.example.gov.uk"
COOKIE = "ieg_session"


def _copy(client):
    """The session cookie as an attacker would save it (from a shared computer, a proxy log)."""
    return client.get_cookie(COOKIE).value


def _with_cookie(app, value):
    thief = app.test_client()
    thief.set_cookie(COOKIE, value)
    return thief


def test_a_cookie_saved_before_sign_out_no_longer_opens_staff_pages(app, council):
    client = app.test_client()
    sign_in(client, AGENT)
    saved = _copy(client)
    assert _with_cookie(app, saved).get("/staff/").status_code == 200
    page = client.get("/staff/")
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    response = _with_cookie(app, saved).get("/staff/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.scalar(select(UserSession).join(User).where(User.email == AGENT)) is None


def _admin_form(admin, path):
    return csrf_from(admin.get(path))


def _agent_id(app):
    with app.app_context():
        return db.session.scalar(select(User.id).where(User.email == AGENT))


@pytest.mark.parametrize("change", ["deactivate", "role", "grant", "password", "queue"])
def test_an_administrators_change_ends_the_users_sessions(app, council, change):
    agent = app.test_client()
    sign_in(agent, AGENT)
    saved = _copy(agent)
    admin = app.test_client()
    sign_in(admin, ADMIN)
    user_id = _agent_id(app)
    path = f"/admin/users/{user_id}"
    token = _admin_form(admin, path)
    with app.app_context():
        waste = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        sections = db.session.scalars(select(Section)).all()
    details = {"csrf_token": token, "name": "Casey Contact", "email": AGENT, "roles": ["contact_agent"],
               "active": "y", "casework_section": ""}
    if change == "deactivate":
        response = admin.post(path, data={**details, "active": ""})
    elif change == "role":
        response = admin.post(path, data={**details, "roles": ["contact_agent", "officer"]})
    elif change == "queue":
        response = admin.post(path, data={**details, "casework_section": str(waste.id)})
    elif change == "grant":
        grants = {f"section_{s.id}": "none" for s in sections}
        grants[f"section_{waste.id}"] = "author"
        response = admin.post(f"{path}/grants", data={"csrf_token": token, **grants})
    else:
        response = admin.post(f"{path}/password", data={"csrf_token": token, "password": "another long password",
                                                        "confirm_password": "another long password"})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _with_cookie(app, saved).get("/staff/").status_code == 302
    assert admin.get("/admin/").status_code == 200  # the administrator's own session goes on


def test_an_administrator_changing_their_own_roles_stays_signed_in_here_only(app, council):
    here, elsewhere = app.test_client(), app.test_client()
    sign_in(here, ADMIN)
    sign_in(elsewhere, ADMIN)
    with app.app_context():
        me = db.session.scalar(select(User).where(User.email == ADMIN))
        path, name = f"/admin/users/{me.id}", me.name
    response = here.post(path, data={"csrf_token": csrf_from(here.get(path)), "name": name, "email": ADMIN,
                                     "roles": ["admin", "auditor"], "active": "y", "casework_section": ""})
    assert response.status_code == 302
    assert here.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302


def test_a_session_left_idle_ends_and_a_busy_one_ends_after_its_hours(app_factory, council):
    app = app_factory(SESSION_IDLE_MINUTES=30, SESSION_HOURS=8)
    client = app.test_client()
    with time_machine.travel("2027-01-11 09:00 +0000", tick=False) as clock:
        sign_in(client, AGENT)
        clock.shift(timedelta(minutes=29))
        assert client.get("/staff/").status_code == 200
        clock.shift(timedelta(minutes=29))  # 29 minutes since the last request
        assert client.get("/staff/").status_code == 200
        clock.shift(timedelta(minutes=31))
        assert client.get("/staff/").status_code == 302  # idle
        sign_in(client, AGENT)
        for _ in range(8 * 3 + 1):  # past 8 hours
            clock.shift(timedelta(minutes=20))
            status = client.get("/staff/").status_code
        assert status == 302  # 8 hours after signing in, however busy


def test_you_see_your_sessions_and_can_end_the_others(app, council):
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, AGENT)
    phone.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Safari/604.1"
    sign_in(phone, AGENT)
    page = laptop.get("/account/")
    body = page.get_data(as_text=True)
    assert "Where you are signed in" in body and "Safari on iPhone" in body and "This session" in body
    wrong = laptop.post("/account/sessions/end-others", data={"csrf_token": csrf_from(page),
                                                              "others-password": "not my password"})
    assert wrong.status_code == 400 and "Your password is incorrect" in wrong.get_data(as_text=True)
    assert phone.get("/staff/").status_code == 200
    done = laptop.post("/account/sessions/end-others", data={"csrf_token": csrf_from(page),
                                                             "others-password": "factory-password-2026"},
                       follow_redirects=True)
    assert "Signed out of 1 other session" in done.get_data(as_text=True)
    assert phone.get("/staff/").status_code == 302 and laptop.get("/staff/").status_code == 200

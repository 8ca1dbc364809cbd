"""Signing in and out through HTTP, and what goes wrong on the way."""
import re

import pytest

from tests.conftest import csrf_from, sign_in

ADMIN = "admin@staff.example.gov.uk"
GENERIC = "Enter a correct email address and password"


def test_sign_in_lands_on_role_page_and_sign_out_ends_session(client, council):
    response = sign_in(client, ADMIN)
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    page = client.get("/admin/")
    assert page.status_code == 200 and "Signed in as Ada Admin" in page.get_data(as_text=True)
    out = client.post("/logout", data={"csrf_token": csrf_from(page)})
    assert out.status_code == 302 and out.headers["Location"] == "/signed-out"
    assert "ieg_session=;" in out.headers.get("Set-Cookie", "")
    assert client.get("/admin/").status_code == 302  # back to sign in


def test_wrong_password_and_unknown_email_get_the_same_page(client, council):
    wrong = sign_in(client, ADMIN, "wrong password")
    unknown = sign_in(client, "nobody@ashdown.example.gov.uk", "wrong password")
    for response in (wrong, unknown):
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert GENERIC in body and "There is a problem" in body
        assert "<title>Error: Sign in" in body
    # Apart from the address typed, only the per-request token differs.
    def normalise(response):
        body = response.get_data(as_text=True).replace(ADMIN, "X").replace("nobody@ashdown.example.gov.uk", "X")
        return re.sub(r'(value|nonce)="[^"]{20,}"', "", body)
    assert normalise(wrong) == normalise(unknown)


def test_empty_form_gets_field_errors(client, council):
    page = client.get("/login")
    response = client.post("/login", data={"csrf_token": csrf_from(page)})
    body = response.get_data(as_text=True)
    assert "Enter your email address" in body and "Enter your password" in body
    assert 'href="#email"' in body


def test_throttle_after_repeated_failures_has_clear_message(app_factory, council):
    app = app_factory(LOGIN_MAX_FAILURES=3)
    client = app.test_client()
    for _ in range(3):
        sign_in(client, ADMIN, "wrong password")
    response = sign_in(client, ADMIN)  # right password, but throttled
    body = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "Too many failed attempts to sign in. Wait 15 minutes" in body


def test_missing_csrf_token_gets_clear_page(client, council):
    response = client.post("/login", data={"email": ADMIN, "password": "factory-password-2026"})
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your form could not be sent" in body and "missing its security token" in body
    assert 'class="ieg-header"' in body  # in the site's layout


def test_forged_csrf_token_is_refused(client, council):
    response = client.post("/login", data={"email": ADMIN, "password": "x", "csrf_token": "forged"})
    assert response.status_code == 400 and "not valid" in response.get_data(as_text=True)


def test_a_visitors_token_checked_once_still_expires_and_forgeries_still_fail(app, client, council, monkeypatch):
    """The process keeps the tokens whose signature it has checked (ieg.security): a kept
    token is still refused once it is too old, and one signed with another key never passes."""
    import time

    from itsdangerous import URLSafeTimedSerializer
    token = csrf_from(client.get("/forms/general-enquiry"))

    def check(csrf_token):
        return client.post("/forms/general-enquiry", data={"action": "change", "csrf_token": csrf_token})
    assert check(token).status_code == 200
    assert check(token).status_code == 200  # from what was kept
    later = time.time() + app.config["WTF_CSRF_TIME_LIMIT"] + 2
    monkeypatch.setattr(time, "time", lambda: later)
    expired = check(token)
    assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
    monkeypatch.undo()
    other_key = URLSafeTimedSerializer("another-secret", salt="ieg-public-form").dumps("x")
    assert check(other_key).status_code == 400 and check(token + "x").status_code == 400


def test_post_from_another_site_is_refused(client, council):
    page = client.get("/login")
    response = client.post("/login", data={"email": ADMIN, "password": "factory-password-2026",
                                           "csrf_token": csrf_from(page)},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 400 and "another website" in response.get_data(as_text=True)


def test_signed_in_forms_need_the_session_token(signed_in):
    client = signed_in(ADMIN)
    response = client.post("/logout", data={"csrf_token": "not-the-session-token"})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 200  # still signed in


def test_ten_megabyte_post_gets_clear_page(client, council):
    token = csrf_from(client.get("/login"))
    response = client.post("/login", data={"email": ADMIN, "password": "x" * (10 * 1024 * 1024),
                                           "csrf_token": token})
    body = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "What you sent is too large" in body


@pytest.mark.parametrize("target", [
    "//evil.example/steal", "/%09/evil.example", "/%0A/evil.example", "/%0D%0A/evil.example",
    "/%5C/evil.example", "/\\evil.example", "https://evil.example/", "/%20/evil.example", "%2F%2Fevil.example",
    "javascript:alert(1)", "/%00/evil.example"])
def test_next_only_goes_to_this_site(app, council, target):
    """A tab or line break that a browser drops ("/\t/evil.example" is "//evil.example" to it),
    or a backslash it reads as a slash, never leads off the site, and never to a 500."""
    client = app.test_client()
    page = client.get(f"/login?next={target}")
    response = client.post(f"/login?next={target}", data={
        "email": ADMIN, "password": "factory-password-2026", "csrf_token": csrf_from(page)})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_next_returns_to_requested_page(client, council):
    assert client.get("/evidence/").headers["Location"] == "/login?next=/evidence/"
    page = client.get("/login?next=/evidence/")
    response = client.post("/login?next=/evidence/", data={
        "email": "auditor@staff.example.gov.uk", "password": "factory-password-2026",
        "csrf_token": csrf_from(page)})
    assert response.headers["Location"] == "/evidence/"


def test_password_change_signs_out_other_sessions(app, council):
    first, second = app.test_client(), app.test_client()
    sign_in(first, ADMIN)
    sign_in(second, ADMIN)
    page = first.get("/account/")
    response = first.post("/account/", data={
        "csrf_token": csrf_from(page), "current_password": "factory-password-2026",
        "new_password": "a brand new passphrase", "confirm_password": "a brand new passphrase"},
        follow_redirects=True)
    assert "Your password has been changed" in response.get_data(as_text=True)
    assert first.get("/admin/").status_code == 200
    assert second.get("/admin/").status_code == 302


@pytest.mark.parametrize("fields,error", [
    ({"current_password": "wrong", "new_password": "a brand new passphrase",
      "confirm_password": "a brand new passphrase"}, "Your current password is incorrect"),
    ({"current_password": "factory-password-2026", "new_password": "short", "confirm_password": "short"},
     "Password must be 12 characters or more"),
    ({"current_password": "factory-password-2026", "new_password": "a brand new passphrase",
      "confirm_password": "different passphrase"}, "The passwords do not match"),
])
def test_password_change_errors(signed_in, fields, error):
    client = signed_in(ADMIN)
    page = client.get("/account/")
    response = client.post("/account/", data={"csrf_token": csrf_from(page), **fields})
    assert error in response.get_data(as_text=True)


def test_login_rate_limit_per_address(app_factory, council):
    app = app_factory(RATELIMIT_ENABLED=True)
    client = app.test_client()
    token = csrf_from(client.get("/login"))
    statuses = [client.post("/login", data={"csrf_token": token}).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    assert "Too many requests" in client.post("/login", data={"csrf_token": token}).get_data(as_text=True)


def test_visitors_without_a_session_cookie_skip_the_signing_and_forged_cookies_get_nothing(client, council, monkeypatch):
    from ieg.security import SessionInterface
    built = []
    original = SessionInterface.get_signing_serializer
    monkeypatch.setattr(SessionInterface, "get_signing_serializer",
                        lambda self, app: built.append(1) or original(self, app))
    assert client.get("/").status_code == 200 and built == []  # no cookie: nothing to verify
    assert "Set-Cookie" not in client.get("/").headers
    client.set_cookie("ieg_session", "eyJfdXNlcl9pZCI6IjEifQ.forged.signature")
    response = client.get("/staff/", follow_redirects=False)
    assert built and response.status_code in (302, 401) and "/login" in response.headers.get("Location", "/login")


@pytest.mark.parametrize("host, origin, accepted", [
    ("localhost", "http://localhost", True),
    ("localhost:8080", "http://localhost:8080", True),
    ("localhost:8080", "http://localhost", False),  # another port is another site
    ("localhost", "https://localhost", False),  # and so is another scheme
    ("xn--bcher-kva.example", "http://xn--bcher-kva.example", True),  # Punycode, as browsers send it
])
def test_the_origin_must_be_this_sites_scheme_host_and_port(client, council, host, origin, accepted):
    page = client.get("/login", base_url=f"http://{host}")
    response = client.post("/login", base_url=f"http://{host}", headers={"Origin": origin},
                           data={"email": ADMIN, "password": "wrong", "csrf_token": csrf_from(page)})
    assert ("another website" not in response.get_data(as_text=True)) is accepted

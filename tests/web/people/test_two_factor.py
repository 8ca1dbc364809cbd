"""Two-factor sign-in with an authenticator app: set up in Your account or, where a role
requires it, at sign-in; a code works once; recovery codes; throttled like passwords; an
administrator can require it for roles and turn it off for a lost phone; all audited."""
import re
from datetime import timedelta

import pyotp
import time_machine
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import AuditEntry, User
from tests.conftest import csrf_from, sign_in

AGENT = "contact.agent@staff.example.gov.uk"
ADMIN = "admin@staff.example.gov.uk"
PASSWORD = "factory-password-2026"


def user(app, email):
    with app.app_context():
        found = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(found)
        return found


def code(secret, at_offset=0):
    import time
    return pyotp.TOTP(secret).at(time.time() + at_offset)


def set_up(app, client, path="/account/two-factor"):
    """Scan the QR (read the pending secret), enter the code: the recovery codes shown."""
    page = client.get(path)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<svg" in body and "Key to type in" in body
    secret = user(app, AGENT).totp_pending_secret
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in body
    wrong = client.post(path, data={"csrf_token": csrf_from(page), "code": "000000" if code(secret) != "000000"
                                    else "111111"})
    assert wrong.status_code == 400 and "6-digit code" in wrong.get_data(as_text=True)
    done = client.post(path, data={"csrf_token": csrf_from(page), "code": code(secret)})
    assert done.status_code == 200, done.get_data(as_text=True)[:2000]
    codes = re.findall(r"<code>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})</code>", done.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def enter(client, value):
    page = client.get("/login/two-factor")
    return client.post("/login/two-factor", data={"csrf_token": csrf_from(page), "code": value})


def test_set_up_in_your_account_then_sign_in_needs_a_code_that_works_once(app, council):
    with time_machine.travel("2027-03-01 10:00:05 +0000", tick=False) as clock:
        client = app.test_client()
        sign_in(client, AGENT)
        secret, _ = set_up(app, client)
        assert "On since" in client.get("/account/").get_data(as_text=True)
        clock.shift(timedelta(seconds=30))

        fresh = app.test_client()
        first = sign_in(fresh, AGENT)
        assert first.headers["Location"] == "/login/two-factor"
        assert fresh.get("/staff/").status_code == 302  # not signed in yet
        wrong = enter(fresh, "123456" if code(secret) != "123456" else "654321")
        assert wrong.status_code == 400 and "Enter the code your authenticator app shows now" in wrong.get_data(
            as_text=True)
        now_code = pyotp.TOTP(secret).now()
        assert enter(fresh, now_code).headers["Location"] == "/staff/"
        assert fresh.get("/staff/").status_code == 200
        # The same code again, from someone who saw it: refused.
        replay = app.test_client()
        sign_in(replay, AGENT)
        assert enter(replay, now_code).status_code == 400
        clock.shift(timedelta(seconds=30))
        assert enter(replay, pyotp.TOTP(secret).now()).status_code == 302
    with app.app_context():
        logins = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "auth.login")
                                    .order_by(AuditEntry.id.desc())).first()
        assert logins.details == {"second_factor": "app"}
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.two_factor_enable"))


def test_a_recovery_code_works_once(app, council):
    client = app.test_client()
    sign_in(client, AGENT)
    _, codes = set_up(app, client)
    lost = app.test_client()
    sign_in(lost, AGENT)
    assert enter(lost, codes[0].lower().replace("-", " ")).headers["Location"] == "/staff/"
    again = app.test_client()
    sign_in(again, AGENT)
    assert enter(again, codes[0]).status_code == 400
    assert enter(again, codes[1]).status_code == 302
    assert "8 unused recovery codes" in again.get("/account/").get_data(as_text=True)


def test_wrong_codes_count_towards_the_sign_in_throttle(app_factory, council):
    app = app_factory(LOGIN_MAX_FAILURES=3)
    client = app.test_client()
    sign_in(client, AGENT)
    secret, _ = set_up(app, client)
    guesser = app.test_client()
    sign_in(guesser, AGENT)
    for _ in range(3):
        enter(guesser, "999999" if code(secret) != "999999" else "888888")
    throttled = enter(guesser, code(secret))
    assert throttled.status_code == 429 and "Too many failed attempts" in throttled.get_data(as_text=True)
    assert guesser.get("/staff/").status_code == 302


def test_the_code_must_follow_the_password_within_five_minutes(app, council):
    with time_machine.travel("2027-03-01 10:00 +0000", tick=False) as clock:
        client = app.test_client()
        sign_in(client, AGENT)
        set_up(app, client)
        late = app.test_client()
        sign_in(late, AGENT)
        clock.shift(timedelta(minutes=6))
        page = late.get("/login/two-factor")
        assert page.status_code == 302 and page.headers["Location"] == "/login"
    assert app.test_client().get("/login/two-factor").headers["Location"] == "/login"  # no password given at all


def test_an_administrator_requires_it_for_a_role_and_its_holders_set_it_up_at_sign_in(app, council):
    admin = app.test_client()
    sign_in(admin, ADMIN)
    page = admin.get("/admin/security")
    saved = admin.post("/admin/security", data={"csrf_token": csrf_from(page),
                                                "two_factor_roles": ["admin", "contact_agent"]}, follow_redirects=True)
    assert "Sign-in rules saved" in saved.get_data(as_text=True)
    agent = app.test_client()
    response = sign_in(agent, AGENT)
    assert response.headers["Location"] == "/login/two-factor/set-up"
    assert agent.get("/staff/").status_code == 302
    secret, codes = set_up(app, agent, "/login/two-factor/set-up")
    assert agent.get("/staff/").status_code == 200  # signed in by setting it up
    body = agent.get("/account/").get_data(as_text=True)
    assert "Your role requires two-factor sign-in, so it cannot be turned off" in body
    with app.app_context():
        change = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "policy.two_factor"))
        assert change.details["to"] == ["admin", "contact_agent"]
    # The administrator, in the role too, is asked at their next sign-in.
    assert sign_in(app.test_client(), ADMIN).headers["Location"] == "/login/two-factor/set-up"


def test_a_new_install_requires_it_of_administrators(app, client):
    """Migrations alone (no demo): the first administrator sets up an app at first sign-in."""
    from ieg.people.accounts import create_user
    with app.app_context():
        create_user(db.session, email="first.admin@council.example", name="First Admin",
                    password="a long first password", roles=("admin",))
        create_user(db.session, email="an.editor@council.example", name="An Editor",
                    password="a long first password", roles=("auditor",))
        db.session.commit()
    assert sign_in(client, "first.admin@council.example", "a long first password").headers["Location"] == \
        "/login/two-factor/set-up"
    assert sign_in(app.test_client(), "an.editor@council.example", "a long first password").headers[
        "Location"] == "/evidence/"


def test_an_administrator_turns_it_off_for_a_lost_phone(app, council):
    agent = app.test_client()
    sign_in(agent, AGENT)
    set_up(app, agent)
    admin = app.test_client()
    sign_in(admin, ADMIN)
    uid = user(app, AGENT).id
    page = admin.get(f"/admin/users/{uid}")
    assert "On since" in page.get_data(as_text=True)
    done = admin.post(f"/admin/users/{uid}/two-factor/reset", data={"csrf_token": csrf_from(page)},
                      follow_redirects=True)
    assert "Two-factor sign-in is off for" in done.get_data(as_text=True)
    assert agent.get("/staff/").status_code == 302  # signed out everywhere
    assert sign_in(app.test_client(), AGENT).headers["Location"] == "/staff/"  # password alone now
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.two_factor_reset"))
        assert entry.subject == f"user:{uid}"


def test_turning_it_off_yourself_needs_the_password_and_a_code(app, council):
    with time_machine.travel("2027-03-01 10:00 +0000", tick=False) as clock:
        client = app.test_client()
        sign_in(client, AGENT)
        secret, _ = set_up(app, client)
        page = client.get("/account/")
        wrong = client.post("/account/two-factor/off", data={"csrf_token": csrf_from(page), "off-password": "nope",
                                                             "off-code": code(secret)})
        assert wrong.status_code == 400 and "Your password is incorrect" in wrong.get_data(as_text=True)
        clock.shift(timedelta(seconds=30))
        done = client.post("/account/two-factor/off", data={"csrf_token": csrf_from(page), "off-password": PASSWORD,
                                                            "off-code": pyotp.TOTP(secret).now()})
        assert done.status_code == 302
        assert user(app, AGENT).totp_secret is None
        assert sign_in(app.test_client(), AGENT).headers["Location"] == "/staff/"


def test_new_recovery_codes_replace_the_old(app, council):
    with time_machine.travel("2027-03-01 10:00 +0000", tick=False) as clock:
        client = app.test_client()
        sign_in(client, AGENT)
        secret, old = set_up(app, client)
        page = client.get("/account/")
        clock.shift(timedelta(seconds=30))
        fresh = client.post("/account/two-factor/recovery-codes", data={"csrf_token": csrf_from(page),
                                                                         "codes-code": pyotp.TOTP(secret).now()})
        new = re.findall(r"<code>([0-9A-Z-]{19})</code>", fresh.get_data(as_text=True))
        assert len(new) == 10 and not set(new) & set(old)
        other = app.test_client()
        sign_in(other, AGENT)
        assert enter(other, old[0]).status_code == 400
        assert enter(other, new[0]).status_code == 302

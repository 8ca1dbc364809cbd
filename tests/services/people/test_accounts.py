"""Sign-in and account rules against a real (migrated) database."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ieg.extensions import db
from ieg.models import LoginAttempt, Section, User
from ieg.people.accounts import AccountError, ThrottlePolicy, create_user, prune_login_attempts, sign_in
from ieg.timeutil import utcnow

PASSWORD = "correct horse battery"
POLICY = ThrottlePolicy(max_failures=3, window=timedelta(minutes=15))


@pytest.fixture
def session(app):
    with app.app_context():
        section = Section(slug="waste", title="Waste")
        db.session.add(section)
        db.session.flush()
        create_user(db.session, email="Jo@Example.org", name="Jo", password=PASSWORD, roles=("officer",),
                    grants=((section, "author"),))
        db.session.commit()
        yield db.session


def attempt(session, email, password, client="10.0.0.1", now=None):
    result = sign_in(session, email, password, client, secret="s", now=now or utcnow(), policy=POLICY)
    session.commit()
    return result


def test_right_password_signs_in_case_insensitively(session):
    result = attempt(session, " jo@example.ORG ", PASSWORD)
    assert result.ok and result.user.email == "jo@example.org"
    assert result.user.last_login_at is not None


def test_password_is_hashed_with_scrypt(session):
    user = session.scalar(select(User))
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


def test_wrong_password_and_unknown_email_look_the_same(session):
    wrong = attempt(session, "jo@example.org", "nope")
    unknown = attempt(session, "nobody@example.org", "nope")
    assert (wrong.ok, wrong.throttled) == (unknown.ok, unknown.throttled) == (False, False)


def test_throttled_after_max_failures_even_with_right_password(session):
    now = utcnow()
    for _ in range(3):
        assert not attempt(session, "jo@example.org", "nope", now=now).ok
    result = attempt(session, "jo@example.org", PASSWORD, now=now)
    assert result.throttled and not result.ok
    # after the window it works again
    assert attempt(session, "jo@example.org", PASSWORD, now=now + timedelta(minutes=16)).ok


def test_unknown_emails_are_throttled_too(session):
    for _ in range(3):
        attempt(session, "ghost@example.org", "x")
    assert attempt(session, "ghost@example.org", "x").throttled


def test_one_address_guessing_many_accounts_is_throttled(session):
    for i in range(POLICY.max_failures_per_ip):
        attempt(session, f"user{i}@example.org", "x", client="192.0.2.9")
    assert attempt(session, "jo@example.org", PASSWORD, client="192.0.2.9").throttled
    assert attempt(session, "jo@example.org", PASSWORD, client="192.0.2.10").ok


def test_success_clears_that_addresses_failures(session):
    now = utcnow()
    attempt(session, "jo@example.org", "nope", now=now)
    attempt(session, "jo@example.org", "nope", now=now)
    assert attempt(session, "jo@example.org", PASSWORD, now=now).ok
    for _ in range(2):
        attempt(session, "jo@example.org", "nope", now=now)
    assert not attempt(session, "jo@example.org", PASSWORD, now=now).throttled


def test_attempts_store_no_email_or_ip(session):
    attempt(session, "jo@example.org", "nope", client="203.0.113.7")
    row = session.scalar(select(LoginAttempt))
    assert "jo@" not in row.email_key and "203.0.113.7" not in row.ip_key


def test_inactive_user_cannot_sign_in(session):
    session.scalar(select(User)).active = False
    session.commit()
    assert not attempt(session, "jo@example.org", PASSWORD).ok


def test_prune_removes_only_expired_attempts(session):
    now = utcnow()
    attempt(session, "a@example.org", "x", now=now - timedelta(hours=1))
    attempt(session, "b@example.org", "x", now=now)
    assert prune_login_attempts(session, now, POLICY) == 1
    assert session.scalar(select(func.count()).select_from(LoginAttempt)) == 1


@pytest.mark.parametrize("kwargs,message", [
    ({"email": "jo@example.org"}, "already exists"),
    ({"email": "not-an-email"}, "Not an email"),
    ({"password": "short"}, "12 characters"),
    ({"roles": ("superuser",)}, "Unknown role"),
    ({"name": " "}, "name is required"),
])
def test_create_user_refuses_bad_input(session, kwargs, message):
    args = {"email": "new@example.org", "name": "New", "password": PASSWORD, **kwargs}
    with pytest.raises(AccountError, match=message):
        create_user(session, **args)


def _started(session, user, count=2):
    from ieg.people import sessions
    tokens = [sessions.start(session, user, utcnow()) for _ in range(count)]
    session.commit()
    return tokens


def _live(session, user):
    from ieg.people import sessions
    return {s.token_hash for s in sessions.live(session, user, utcnow(), sessions.Limits())}


def test_every_change_to_what_a_user_may_do_ends_their_sessions(session):
    """Deactivation, roles, casework service, grants, a password set, an auditor's grant withdrawn."""
    from ieg.people import accounts
    admin = create_user(session, email="boss@example.org", name="Boss", password=PASSWORD, roles=("admin",))
    user = session.scalar(select(User).where(User.email == "jo@example.org"))
    section = session.scalar(select(Section))
    changes = [
        lambda: accounts.update_user(session, user, actor=admin, name="Jo", email=user.email,
                                     roles=("officer", "contact_agent"), active=True, now=utcnow()),
        lambda: accounts.update_user(session, user, actor=admin, name="Jo", email=user.email,
                                     roles=("officer", "contact_agent"), active=True, now=utcnow(),
                                     casework_section_id=section.id),
        lambda: accounts.set_grants(session, user, {section: "publisher"}, actor=admin, now=utcnow()),
        lambda: accounts.reset_password(session, user, "a brand new password", actor=admin, now=utcnow()),
        lambda: accounts.update_user(session, user, actor=admin, name="Jo", email=user.email,
                                     roles=("officer", "contact_agent"), active=False, now=utcnow()),
    ]
    for change in changes:
        _started(session, user)
        assert len(_live(session, user)) >= 2
        change()
        session.commit()
        assert _live(session, user) == set(), change
    # A change of name alone is not a change of what they may do.
    user.active = True
    session.commit()
    _started(session, user)
    accounts.update_user(session, user, actor=admin, name="Joanna", email=user.email,
                         roles=("officer", "contact_agent"), active=True, now=utcnow())
    session.commit()
    assert len(_live(session, user)) == 2


def test_an_administrator_changing_their_own_account_keeps_the_session_they_use(session):
    from ieg.people import accounts, sessions
    admin = create_user(session, email="boss@example.org", name="Boss", password=PASSWORD, roles=("admin",))
    here, elsewhere = _started(session, admin)
    accounts.update_user(session, admin, actor=admin, name="Boss", email=admin.email,
                         roles=("admin", "auditor"), active=True, now=utcnow(), keep_session=here)
    session.commit()
    assert _live(session, admin) == {sessions.token_hash(here)}


def test_own_password_change_needs_the_current_one_and_ends_the_other_sessions(session):
    from ieg.people import accounts, sessions
    user = session.scalar(select(User).where(User.email == "jo@example.org"))
    here, elsewhere = _started(session, user)
    with pytest.raises(AccountError, match="incorrect"):
        accounts.change_own_password(session, user, "wrong", "a brand new password", now=utcnow(), keep_session=here)
    accounts.change_own_password(session, user, PASSWORD, "a brand new password", now=utcnow(), keep_session=here)
    session.commit()
    assert _live(session, user) == {sessions.token_hash(here)} and user.check_password("a brand new password")


def test_a_session_ends_when_idle_or_too_old(session):
    from ieg.people import sessions
    user = session.scalar(select(User).where(User.email == "jo@example.org"))
    limits = sessions.Limits(idle=timedelta(minutes=30), lifetime=timedelta(hours=8))
    start = utcnow()
    token = sessions.start(session, user, start)
    session.commit()
    found = sessions.find(session, user.id, token, start + timedelta(minutes=29), limits)
    assert found is not None
    assert sessions.find(session, user.id, token, start + timedelta(minutes=31), limits) is None  # idle
    assert sessions.find(session, user.id + 1, token, start, limits) is None  # someone else's id
    for minutes in range(25, 8 * 60, 25):  # kept busy
        sessions.touch(session, found.id, start + timedelta(minutes=minutes))
    session.commit()
    session.expire_all()
    assert sessions.find(session, user.id, token, start + timedelta(hours=7, minutes=59), limits) is not None
    assert sessions.find(session, user.id, token, start + timedelta(hours=8, minutes=1), limits) is None  # too old
    assert sessions.prune(session, start + timedelta(hours=8, minutes=1), limits) == 1

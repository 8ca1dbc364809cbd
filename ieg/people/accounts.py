"""Accounts and sign-in, as plain functions taking a session (no request, no Flask).

Every security-relevant change is recorded in the audit log (ieg.audit) in the caller's
transaction: sign-ins, refusals and lock-outs, users added, roles, section access, stopping
and restarting sign-in, passwords set by an administrator, an auditor's personal-data grant.

Sign-in never tells an unknown address from a wrong password: both get the same
answer, take the same time (a dummy hash is checked for unknown addresses) and
count towards the same throttle.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ieg import audit
from ieg.input_errors import InputError
from ieg.models.content import Section
from ieg.models.people import PASSWORD_METHOD, LoginAttempt, User
from ieg.people import sessions, two_factor
from ieg.people.permissions import ADMIN, AUDITOR, GLOBAL_ROLES, SECTION_ROLES

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
_DUMMY_HASH = generate_password_hash("not a real password", method=PASSWORD_METHOD)


class AccountError(InputError):
    pass


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)

    @property
    def max_failures_per_ip(self) -> int:
        # A shared office address gets more room than one account.
        return self.max_failures * 4


@dataclass(frozen=True)
class SignInResult:
    user: User | None
    throttled: bool = False
    # The password was right, and a second factor is next: a code from the authenticator
    # app, or setting one up where the person's role requires it. Not signed in yet.
    second_factor: bool = False

    @property
    def ok(self) -> bool:
        return self.user is not None


def _key(secret: str, kind: str, value: str) -> str:
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def password_problem(password: str) -> str | None:
    """Why a new password is unacceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    return None


def _failures(session: Session, column, key: str, since: datetime) -> int:
    return session.scalar(
        select(func.count()).select_from(LoginAttempt).where(
            column == key, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at >= since))


def _throttled(session: Session, email_key: str, ip_key: str, now: datetime, policy: ThrottlePolicy) -> bool:
    since = now - policy.window
    return (_failures(session, LoginAttempt.email_key, email_key, since) >= policy.max_failures
            or _failures(session, LoginAttempt.ip_key, ip_key, since) >= policy.max_failures_per_ip)


def sign_in(session: Session, email: str, password: str, client: str, *, secret: str,
            now: datetime, policy: ThrottlePolicy = ThrottlePolicy()) -> SignInResult:
    """Check a sign-in attempt and record it (in the audit log too: the address as typed,
    never the password). A right password of someone who uses, or must use, two-factor
    sign-in is not yet a sign-in (`second_factor`). The caller commits."""
    typed, email = email, User.normalise_email(email)
    email_key = _key(secret, "email", email)
    ip_key = _key(secret, "ip", client or "")
    if _throttled(session, email_key, ip_key, now, policy):
        _refused(session, session.scalar(select(User).where(User.email == email)), typed, "locked_out", now)
        return SignInResult(user=None, throttled=True)

    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)  # same cost as a real check
        ok, reason = False, "unknown_address"
    else:
        right = user.check_password(password)  # once: every refusal takes the same time
        ok, reason = right and user.is_active, "account_stopped" if right else "wrong_password"

    if not ok:
        session.add(LoginAttempt(email_key=email_key, ip_key=ip_key, succeeded=False, attempted_at=now))
        _refused(session, user, typed, reason, now)
        return SignInResult(user=None)
    if user.two_factor or two_factor.required_for(session, user):
        return SignInResult(user=user, second_factor=True)
    return _signed_in(session, user, email_key, ip_key, now)


def second_factor(session: Session, user: User, code: str, client: str, *, secret: str, now: datetime,
                  policy: ThrottlePolicy = ThrottlePolicy()) -> SignInResult:
    """The code from the authenticator app (or a recovery code) after a right password. Wrong
    codes count towards the same throttle as wrong passwords. The caller commits."""
    email_key, ip_key = _key(secret, "email", user.email), _key(secret, "ip", client or "")
    if _throttled(session, email_key, ip_key, now, policy):
        _refused(session, user, user.email, "locked_out", now)
        return SignInResult(user=None, throttled=True)
    method = two_factor.check(session, user, code, now) if user.is_active else None
    if method is None:
        session.add(LoginAttempt(email_key=email_key, ip_key=ip_key, succeeded=False, attempted_at=now))
        _refused(session, user, user.email, "wrong_code", now)
        return SignInResult(user=None)
    return _signed_in(session, user, email_key, ip_key, now, method)


def set_up_second_factor(session: Session, user: User, code: str, client: str, *, secret: str, now: datetime,
                         policy: ThrottlePolicy = ThrottlePolicy()) -> tuple[SignInResult, list[str]]:
    """Setting up the app at sign-in, where the person's role requires it: the first code
    proves it and signs them in. The result and the recovery codes to show once."""
    email_key, ip_key = _key(secret, "email", user.email), _key(secret, "ip", client or "")
    if _throttled(session, email_key, ip_key, now, policy):
        return SignInResult(user=None, throttled=True), []
    try:
        codes = two_factor.enable(session, user, code, now)
    except two_factor.TwoFactorError:
        session.add(LoginAttempt(email_key=email_key, ip_key=ip_key, succeeded=False, attempted_at=now))
        raise
    return _signed_in(session, user, email_key, ip_key, now, "app"), codes


def _signed_in(session: Session, user: User, email_key: str, ip_key: str, now: datetime,
               method: str | None = None) -> SignInResult:
    """Every check passed: record the sign-in. A good sign-in clears that address's
    failures; the IP count stays."""
    session.add(LoginAttempt(email_key=email_key, ip_key=ip_key, succeeded=True, attempted_at=now))
    session.execute(delete(LoginAttempt).where(
        LoginAttempt.email_key == email_key, LoginAttempt.succeeded.is_(False)))
    user.last_login_at = now
    audit.record(session, user, "auth.login", _subject(user), {"second_factor": method} if method else {}, now)
    return SignInResult(user=user)


def _subject(user: User | None) -> str:
    return f"user:{user.id}" if user is not None else "user:unknown"


def _refused(session: Session, user: User | None, typed: str, reason: str, now: datetime) -> None:
    audit.record(session, None, "auth.login_failed", _subject(user), {"email": typed[:254], "reason": reason}, now)


def signed_out(session: Session, user: User, now: datetime) -> None:
    """Record a sign-out. The caller commits."""
    audit.record(session, user, "auth.logout", _subject(user), {}, now)


def prune_login_attempts(session: Session, now: datetime, policy: ThrottlePolicy = ThrottlePolicy()) -> int:
    """Delete attempts older than the throttle window; they no longer count."""
    result = session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < now - policy.window))
    return result.rowcount or 0


def create_user(session: Session, *, email: str, name: str, password: str,
                roles: tuple[str, ...] = (), grants: tuple[tuple[object, str], ...] = (),
                active: bool = True, actor: User | None = None, now: datetime | None = None) -> User:
    """Create a user with global roles and (section, role) grants. The caller commits.

    Given `now` (administrators and the command line), the addition is audited as done by
    `actor` (None: the system); the demo loader passes no `now` and writes no entries."""
    email = _check_identity(session, None, email, name)
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "password")
    _check_roles(roles)
    user = User(email=email, name=name.strip(), active=active)
    user.set_password(password)
    for role in roles:
        user.add_role(role)
    session.add(user)
    session.flush()
    for section, role in grants:
        if role not in SECTION_ROLES:
            raise AccountError(f"Unknown section role {role!r}; choose from {', '.join(SECTION_ROLES)}")
        user.grant(section, role)
    if now is not None:
        audit.record(session, actor, "user.create", _subject(user), {
            "email": user.email, "name": user.name, "roles": sorted(user.role_names), "active": user.active,
            "grants": sorted([g.section.slug, g.role] for g in user.grants)}, now)
    return user


def _check_identity(session: Session, user: User | None, email: str, name: str) -> str:
    email = User.normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise AccountError(f"Not an email address: {email!r}", "email")
    if not name.strip():
        raise AccountError("A name is required", "name")
    clash = session.scalar(select(User).where(User.email == email))
    if clash is not None and clash is not user:
        raise AccountError(f"A user with the email address {email} already exists", "email")
    return email


def _check_roles(roles) -> None:
    for role in roles:
        if role not in GLOBAL_ROLES:
            raise AccountError(f"Unknown role {role!r}; choose from {', '.join(GLOBAL_ROLES)}", "roles")


def _end_sessions(session: Session, user: User, actor: User | None, keep_session: str | None) -> None:
    """What the user may do has changed: their sessions end, but the one an administrator is
    using to change their own account."""
    sessions.end_all(session, user, keep=keep_session if user is actor else None)


def update_user(session: Session, user: User, *, actor: User, name: str, email: str,
                roles: tuple[str, ...], active: bool, now: datetime,
                casework_section_id: int | None | type(...) = ..., keep_session: str | None = None) -> User:
    """Change a user's details, global roles and whether they can sign in. The caller commits.

    Administrators cannot lock themselves out: they keep their own admin role and stay active.
    Stopping the account or changing its roles or casework service ends its sessions
    (`keep_session`: the token of the session an administrator changes their own account from).
    """
    email = _check_identity(session, user, email, name)
    _check_roles(roles)
    if user is actor and ADMIN not in roles:
        raise AccountError("You cannot remove your own administrator role; ask another administrator", "roles")
    if user is actor and not active:
        raise AccountError("You cannot deactivate your own account", "active")
    if casework_section_id not in (None, ...) and session.get(Section, casework_section_id) is None:
        raise AccountError("Choose a service from the list", "casework_section")
    user.name, user.email = name.strip(), email
    changed = (not active and user.active) or set(roles) != user.role_names
    if casework_section_id is not ...:  # left out: unchanged
        changed = changed or casework_section_id != user.casework_section_id
        user.casework_section_id = casework_section_id
    had = user.role_names
    for held in list(user.roles):
        if held.role not in roles:
            user.roles.remove(held)
    for role in roles:
        user.add_role(role)
    for role in sorted(had - set(roles)):
        audit.record(session, actor, "user.role_remove", _subject(user), {"role": role}, now)
    for role in sorted(set(roles) - had):
        audit.record(session, actor, "user.role_add", _subject(user), {"role": role}, now)
    if changed:
        _end_sessions(session, user, actor, keep_session)
    if user.active != active:
        audit.record(session, actor, "user.reactivate" if active else "user.deactivate", _subject(user), {}, now)
    user.active = active
    session.flush()
    return user


def set_grants(session: Session, user: User, grants: dict, *, actor: User, now: datetime,
               keep_session: str | None = None) -> None:
    """Give `user` exactly these section roles: {section: "author" | "publisher" | None}. Any
    change ends their sessions (see update_user for `keep_session`)."""
    before = {(g.section_id, g.role) for g in user.grants}
    for section, role in grants.items():
        if role is not None and role not in SECTION_ROLES:
            raise AccountError(f"Unknown section role {role!r}", "grants")
        for held in [g for g in user.grants if g.section_id == section.id and g.role != role]:
            user.grants.remove(held)
            audit.record(session, actor, "user.grant_remove", _subject(user),
                         {"section": section.slug, "role": held.role}, now)
        if role is not None and role not in user.section_roles(section.id):
            user.grant(section, role)
            audit.record(session, actor, "user.grant_add", _subject(user), {"section": section.slug, "role": role}, now)
    if {(g.section_id, g.role) for g in user.grants} != before:
        _end_sessions(session, user, actor, keep_session)
    session.flush()


def reset_password(session: Session, user: User, password: str, *, actor: User, now: datetime,
                   keep_session: str | None = None) -> User:
    """Set a new password (signing the user out everywhere). The caller commits."""
    problem = password_problem(password)
    if problem:
        raise AccountError(problem, "password")
    user.set_password(password)
    _end_sessions(session, user, actor, keep_session)
    audit.record(session, actor, "user.password_reset", _subject(user), {}, now)
    return user


def change_own_password(session: Session, user: User, current: str, new: str, *, now: datetime,
                        keep_session: str | None) -> User:
    """The person's own change: the current password first; every other session of theirs
    ends. The caller commits."""
    if not user.check_password(current or ""):
        raise AccountError("Your current password is incorrect", "current_password")
    problem = password_problem(new or "")
    if problem:
        raise AccountError(problem, "new_password")
    user.set_password(new)
    sessions.end_all(session, user, keep=keep_session)
    audit.record(session, user, "user.password_change", _subject(user), {}, now)
    return user


def end_other_sessions(session: Session, user: User, password: str, *, now: datetime, keep_session: str) -> int:
    """Sign the person out everywhere but here, once they have given their password again."""
    if not user.check_password(password or ""):
        raise AccountError("Your password is incorrect", "password")
    ended = sessions.end_all(session, user, keep=keep_session)
    audit.record(session, user, "user.sessions_end", _subject(user), {"ended": ended}, now)
    return ended


def set_personal_data(session: Session, user: User, allowed: bool, *, actor: User, now: datetime) -> User:
    """Let an auditor see customers' personal data unmasked, or withdraw it. Only auditors
    are masked, so only they can be granted it. The caller commits."""
    if allowed and AUDITOR not in user.role_names:
        raise AccountError("Only auditors see personal data masked; give the auditor role first",
                           "sees_personal_data")
    if bool(user.sees_personal_data) != allowed:
        user.sees_personal_data = allowed
        if not allowed:
            sessions.end_all(session, user)
        audit.record(session, actor, "user.personal_data_grant" if allowed else "user.personal_data_revoke",
                     _subject(user), {}, now)
    session.flush()
    return user

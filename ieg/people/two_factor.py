"""Two-factor sign-in with an authenticator app (TOTP, RFC 6238: 6 digits, 30 seconds, SHA-1,
what every app reads from the QR code) and single-use recovery codes for when the phone is
lost. Plain functions taking a session; the caller commits. Every change is audited.

A code is accepted for the step before and after the current one (a phone's clock is often
a little out), and only once: the step used is kept, and an older or equal one is refused, so a
code seen over someone's shoulder cannot be used again. Recovery codes carry 80 random bits
each; as ASVS asks of lookup secrets under 112 bits, each is stored as a SHA-256 with a random
salt of its own.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.input_errors import InputError
from ieg.models.people import RecoveryCode, SignInPolicy, User
from ieg.people import sessions
from ieg.people.permissions import GLOBAL_ROLES

STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O or U to misread
_RECOVERY_LENGTH = 16  # 80 bits


class TwoFactorError(InputError):
    def __init__(self, message: str, field: str | None = "code") -> None:
        super().__init__(message, field)


def _subject(user: User) -> str:
    return f"user:{user.id}"


# -- the rules (pure) ----------------------------------------------------------------------

def new_secret() -> str:
    return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends


def setup_uri(secret: str, email: str, issuer: str) -> str:
    """The otpauth:// address the QR code carries."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def grouped(secret: str) -> str:
    """The secret in fours, for typing into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str | None:
    code = re.sub(r"[\s-]", "", code or "")
    return code if re.fullmatch(r"\d{6}", code) else None


def matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code `code` is, within the allowed drift; None if none."""
    digits = _digits(code)
    if digits is None:
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), digits):
            return step
    return None


def _normal_recovery(code: str) -> str:
    return re.sub(r"[\s-]", "", (code or "").upper())


def looks_like_recovery_code(code: str) -> bool:
    return len(_normal_recovery(code)) == _RECOVERY_LENGTH


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4))


def recovery_hash(code: str, salt: str | None = None) -> str:
    salt = salt or secrets.token_hex(16)
    return f"{salt}:{hashlib.sha256((salt + _normal_recovery(code)).encode()).hexdigest()}"


def recovery_matches(code: str, stored: str) -> bool:
    salt, _, _ = stored.partition(":")
    return hmac.compare_digest(recovery_hash(code, salt), stored)


# -- the policy ------------------------------------------------------------------------------

def required_roles(session: Session) -> frozenset[str]:
    policy = session.get(SignInPolicy, 1)
    return frozenset(policy.two_factor_roles) if policy else frozenset()


def required_for(session: Session, user: User) -> bool:
    return bool(user.role_names & required_roles(session))


def set_required_roles(session: Session, roles, *, actor: User | None, now: datetime) -> None:
    unknown = set(roles) - set(GLOBAL_ROLES)
    if unknown:
        raise TwoFactorError(f"Unknown role {sorted(unknown)[0]!r}", "roles")
    policy = session.get(SignInPolicy, 1)
    if policy is None:
        policy = SignInPolicy(id=1, two_factor_roles=[], changed_at=now)
        session.add(policy)
    chosen = sorted(set(roles))
    if sorted(policy.two_factor_roles or []) != chosen:
        audit.record(session, actor, "policy.two_factor", "policy:sign-in",
                     {"from": sorted(policy.two_factor_roles or []), "to": chosen}, now)
        policy.two_factor_roles, policy.changed_at = chosen, now
    session.flush()


# -- a person's authenticator ----------------------------------------------------------------

def pending_secret(session: Session, user: User) -> str:
    """The secret being set up (made on first ask, kept until a code proves it)."""
    if not user.totp_pending_secret:
        user.totp_pending_secret = new_secret()
        session.flush()
    return user.totp_pending_secret


def _replace_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [new_recovery_code() for _ in range(RECOVERY_CODES)]
    session.add_all(RecoveryCode(user_id=user.id, code_hash=recovery_hash(code)) for code in codes)
    return codes


def enable(session: Session, user: User, code: str, now: datetime, keep_session: str | None = None) -> list[str]:
    """Turn on (or move to a new app): a code from the app proves the pending secret. Its
    other sessions end. The new recovery codes, to show once."""
    secret = user.totp_pending_secret
    step = matching_step(secret, code, now) if secret else None
    if step is None:
        raise TwoFactorError("Enter the 6-digit code your authenticator app shows now")
    replacing = user.totp_secret is not None
    user.totp_secret, user.totp_pending_secret = secret, None
    user.totp_enabled_at, user.totp_last_step = now, step
    codes = _replace_recovery_codes(session, user)
    sessions.end_all(session, user, keep=keep_session)
    audit.record(session, user, "user.two_factor_enable", _subject(user), {"replaced": replacing}, now)
    session.flush()
    return codes


def check(session: Session, user: User, code: str, now: datetime) -> str | None:
    """The second factor given at sign-in: "app" for a fresh code from the app, "recovery"
    for an unused recovery code (used up now); None if neither."""
    if user.totp_secret is None:
        return None
    step = matching_step(user.totp_secret, code, now)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return None  # already used
        user.totp_last_step = step
        return "app"
    if looks_like_recovery_code(code):
        for stored in session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                                                 RecoveryCode.used_at.is_(None))):
            if recovery_matches(code, stored.code_hash):
                stored.used_at = now
                audit.record(session, user, "auth.recovery_code_used", _subject(user),
                             {"left": remaining_recovery_codes(session, user) - 1}, now)
                return "recovery"
    return None


def remaining_recovery_codes(session: Session, user: User) -> int:
    return len(session.scalars(select(RecoveryCode.id).where(RecoveryCode.user_id == user.id,
                                                              RecoveryCode.used_at.is_(None))).all())


def new_recovery_codes(session: Session, user: User, code: str, now: datetime) -> list[str]:
    """A fresh set (the old ones stop working), on a code from the app."""
    if check(session, user, code, now) != "app":
        raise TwoFactorError("Enter the 6-digit code your authenticator app shows now")
    codes = _replace_recovery_codes(session, user)
    audit.record(session, user, "user.recovery_codes_new", _subject(user), {}, now)
    session.flush()
    return codes


def disable(session: Session, user: User, *, actor: User, now: datetime, password: str | None = None,
            code: str | None = None, keep_session: str | None = None) -> None:
    """Turn it off. By its owner: password and a code again, and not where their role
    requires it. By an administrator (a lost phone): at once, and the person sets it up again
    at their next sign-in if their role requires it. Sessions end either way."""
    if user.totp_secret is None:
        raise TwoFactorError("Two-factor sign-in is not turned on", "password")
    if actor is user:
        if required_for(session, user):
            raise TwoFactorError("Your role requires two-factor sign-in. To use another phone, set up a new "
                                 "app instead", "password")
        if not user.check_password(password or ""):
            raise TwoFactorError("Your password is incorrect", "password")
        if check(session, user, code or "", now) is None:
            raise TwoFactorError("Enter the 6-digit code your authenticator app shows now, or a recovery code")
    user.totp_secret = user.totp_pending_secret = user.totp_enabled_at = user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    sessions.end_all(session, user, keep=keep_session if actor is user else None)
    audit.record(session, actor, "user.two_factor_disable" if actor is user else "user.two_factor_reset",
                 _subject(user), {}, now)
    session.flush()

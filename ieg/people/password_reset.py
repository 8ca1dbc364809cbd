"""Forgotten passwords: a link by email that works once, for a short time. Plain functions
taking a session; the caller commits.

Asking never tells whether an address has an account: the page says the same either way,
and no mail goes to an address without one (or a stopped account). A person can have at most
MAX_OPEN links waiting at once, so the form cannot be used to flood their inbox. Only a hash
of the token is kept. Setting the password through the link uses the link up, ends every
session of that person and cancels their other links; two-factor sign-in still applies after.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ieg import audit
from ieg.mail.outbox import enqueue
from ieg.models.people import PasswordReset, User
from ieg.people import sessions
from ieg.people.accounts import AccountError, password_problem

LIFETIME = timedelta(minutes=30)
MAX_OPEN = 3


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request(session: Session, email: str, *, now: datetime, base_url: str, council: str,
            sender_domain: str) -> None:
    """Send a reset link to `email` if it belongs to an active account; nothing otherwise."""
    typed = email
    user = session.scalar(select(User).where(User.email == User.normalise_email(email)))
    if user is None or not user.is_active:
        audit.record(session, None, "auth.password_reset_request", "user:unknown",
                     {"email": typed[:254], "sent": False}, now)
        return
    waiting = session.scalar(select(func.count()).select_from(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now))
    if waiting >= MAX_OPEN:
        audit.record(session, None, "auth.password_reset_request", f"user:{user.id}",
                     {"email": typed[:254], "sent": False, "reason": "too many links waiting"}, now)
        return
    token = secrets.token_urlsafe(32)
    session.add(PasswordReset(user_id=user.id, token_hash=_hash(token), created_at=now, expires_at=now + LIFETIME))
    minutes = int(LIFETIME.total_seconds() // 60)
    enqueue(session, to=user.email, subject=f"Reset your password for the {council} website", now=now,
            sender_domain=sender_domain, purpose="password_reset", body=(
                f"Dear {user.name},\n\nSomeone, probably you, asked to reset the password for your account.\n\n"
                f"Choose a new password here within {minutes} minutes (the link works once):\n"
                f"{base_url.rstrip('/')}/reset-password/{token}\n\n"
                "If you did not ask, ignore this email: your password has not changed.\n\n"
                f"{council} website\n"))
    audit.record(session, None, "auth.password_reset_request", f"user:{user.id}",
                 {"email": typed[:254], "sent": True}, now)


def find(session: Session, token: str, now: datetime) -> PasswordReset | None:
    """The waiting reset this token names, or None (unknown, used, expired, account stopped)."""
    if not token or len(token) > 100:
        return None
    found = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _hash(token)))
    if found is None or found.used_at is not None or found.expires_at <= now:
        return None
    user = session.get(User, found.user_id)
    return found if user is not None and user.is_active else None


def complete(session: Session, token: str, password: str, now: datetime) -> User:
    """Set the new password through the link."""
    found = find(session, token, now)
    if found is None:
        raise AccountError("This link has expired or has been used. Ask for a new one.", "token")
    problem = password_problem(password or "")
    if problem:
        raise AccountError(problem, "new_password")
    user = session.get(User, found.user_id)
    user.set_password(password)
    session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                    .values(used_at=now))
    sessions.end_all(session, user)
    audit.record(session, user, "user.password_reset_link", f"user:{user.id}", {}, now)
    return user

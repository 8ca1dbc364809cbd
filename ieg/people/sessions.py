"""Signed-in sessions, held on the server (user_sessions). Plain functions taking a session;
the caller commits.

The browser's cookie (signed by Flask) carries a random token; only its SHA-256 is stored, so
a copy of the table opens no session. A session ends when its row goes: at sign-out, when an
administrator stops the account, changes its roles, grants or casework service, or sets its
password, and when the person changes their own password (every session but the one they
used). It also ends by itself after `idle` without a request, and `lifetime` after sign-in
whatever happens.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from ieg.models.people import UserSession
from ieg.text import single_line

# last_seen_at is written at most this often: a write per request would cost every page.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Limits:
    idle: timedelta = timedelta(minutes=30)
    lifetime: timedelta = timedelta(hours=8)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, user, now: datetime, user_agent: str = "") -> str:
    """A new session for `user`; the token for the cookie (shown nowhere else)."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(user_id=user.id, token_hash=token_hash(token), created_at=now, last_seen_at=now,
                            user_agent=single_line(user_agent)[:200]))
    session.flush()
    return token


def _expired(now: datetime, limits: Limits):
    return or_(UserSession.last_seen_at < now - limits.idle, UserSession.created_at < now - limits.lifetime)


def find(session: Session, user_id: int, token: str | None, now: datetime, limits: Limits) -> UserSession | None:
    """The live session this token names for this user, or None (unknown, ended, or expired)."""
    if not token:
        return None
    found = session.scalar(select(UserSession).where(UserSession.token_hash == token_hash(token),
                                                     UserSession.user_id == user_id))
    if found is None or found.last_seen_at < now - limits.idle or found.created_at < now - limits.lifetime:
        return None
    return found


def needs_touch(found: UserSession, now: datetime) -> bool:
    return now - found.last_seen_at >= TOUCH_EVERY


def touch(session: Session, session_id: int, now: datetime) -> None:
    """Note that the session was used now (what its idle time counts from)."""
    session.execute(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=now))


def end(session: Session, token: str | None) -> None:
    """End the session this token names (signing out)."""
    if token:
        session.execute(delete(UserSession).where(UserSession.token_hash == token_hash(token)))


def end_all(session: Session, user, keep: str | None = None) -> int:
    """End every session of `user`, but the one whose token is `keep`; how many ended."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_hash != token_hash(keep))
    return session.execute(query).rowcount or 0


def live(session: Session, user, now: datetime, limits: Limits) -> list[UserSession]:
    """The user's sessions that have not ended, the most recently used first."""
    return session.scalars(select(UserSession).where(UserSession.user_id == user.id, ~_expired(now, limits))
                           .order_by(UserSession.last_seen_at.desc())).all()


_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
             ("Chromium/", "Chromium"), ("Safari/", "Safari"))
_SYSTEMS = (("Windows", "Windows"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
            ("Mac OS X", "Mac"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def browser_name(user_agent: str) -> str:
    """"Firefox on Windows", enough for a person to tell their sessions apart."""
    browser = next((name for mark, name in _BROWSERS if mark in (user_agent or "")), "A browser")
    system = next((name for mark, name in _SYSTEMS if mark in (user_agent or "")), "")
    return f"{browser} on {system}" if system else browser


def prune(session: Session, now: datetime, limits: Limits) -> int:
    """Delete the rows of sessions that have expired."""
    return session.execute(delete(UserSession).where(_expired(now, limits))).rowcount or 0

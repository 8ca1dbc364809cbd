"""Queue mail in the database with the change it reports; send it later, retrying until sent.

`enqueue` runs inside the caller's transaction: a rolled-back change sends nothing, and a
committed one is never lost. `send_due` (the scheduler's job) sends what is due through a
transport and, when sending fails, tries again later with growing gaps (capped at six hours).
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.models.mail import FAILED, PENDING, SENT, OutboxMessage
from ieg.rows import insert_row

MAX_DELAY = timedelta(hours=6)


class PermanentFailure(Exception):
    """The server refused the message for good (a bad address): retrying will not help."""


def enqueue(session: Session, *, to: str, subject: str, body: str, now: datetime, sender_domain: str,
            purpose: str = "", headers: dict | None = None, plain: bool = False):
    """The message, stored at once in the caller's transaction (ieg.rows.insert_row: no
    flush of its own to pay for, and it has its id); with `plain`, its row as a dict and
    no ORM object."""
    return insert_row(session, OutboxMessage, dict(
        to_address=to, subject=subject, body_text=body, purpose=purpose, status=PENDING, attempts=0,
        # Automatic mail says so (RFC 3834), so auto-responders do not answer it.
        headers={"Auto-Submitted": "auto-generated", **(headers or {})},
        message_id=make_msgid(domain=sender_domain), next_attempt_at=now, created_at=now), plain=plain)


# What another area records when one of its messages has gone, by purpose: the casework
# stores an acknowledgement's sending on its enquiries (R28). Registered by that area, so the
# outbox need not know it.
SENT_HOOKS: dict[str, Callable[[Session, OutboxMessage], None]] = {}


def mark_sent(session: Session, message: OutboxMessage, at: datetime) -> None:
    """The message has gone (the transport took it): record it, and tell its area."""
    message.status, message.sent_at, message.last_error = SENT, at, ""
    hook = SENT_HOOKS.get(message.purpose)
    if hook is not None:
        hook(session, message)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failure, never more than six hours."""
    return min(timedelta(minutes=2 ** min(max(attempts - 1, 0), 10)), MAX_DELAY)


def as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(message.created_at)
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.body_text)
    return email


def send_due(session: Session, transport, *, sender: str, now: datetime, limit: int = 100) -> dict:
    """Send pending messages that are due. Commits after each one, so a crash half way
    through never sends a message twice or loses one."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    due = session.scalars(select(OutboxMessage).where(OutboxMessage.status == PENDING,
                                                      OutboxMessage.next_attempt_at <= now)
                          .order_by(OutboxMessage.id).limit(limit)).all()
    for message in due:
        message.attempts += 1
        try:
            transport.send(as_email(message, sender))
        except PermanentFailure as exc:
            message.status, message.last_error = FAILED, str(exc)[:2000]
            counts["failed"] += 1
        except Exception as exc:  # any transport trouble: keep it and try again later
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.next_attempt_at = now + retry_delay(message.attempts)
            counts["retry"] += 1
        else:
            mark_sent(session, message, now)
            counts["sent"] += 1
        session.commit()
    return counts

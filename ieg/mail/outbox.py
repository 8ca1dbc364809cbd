"""Queue mail in the database with the change it reports; send it later, retrying a bounded time.

`enqueue` runs inside the caller's transaction: a rolled-back change sends nothing, and a
committed one is never lost. `send_due` (the scheduler's job) sends what is due through a
transport, one connection for the run, and when sending fails tries again later with growing
gaps (capped at six hours) for GIVE_UP_AFTER; then, or at once when the message cannot even
be built or the server refuses it for good, the message is `failed`, with the reason, for
administrators and the enquiry it belongs to to show.
"""
from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache

from sqlalchemy import func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ieg.models.mail import BULK, FAILED, PENDING, PERSONAL, SENT, OutboxMessage
from ieg.fast_rows import insert_row
from ieg.leadership import RECORDS_A_FACT
from ieg.text import clean, single_line
from ieg.timeutil import as_utc

MAX_DELAY = timedelta(hours=6)
GIVE_UP_AFTER = timedelta(hours=48)  # of retries, from the first failure
RUN_BUDGET = 60.0  # seconds a run may spend sending; what is left waits for the next run


class PermanentFailure(Exception):
    """The server refused the message for good (a bad address): retrying will not help."""


class TransportUnavailable(Exception):
    """The mail server cannot be used now (unreachable, not answering in time, refusing our
    login or sender): no other message would get through either, so the run stops."""


def enqueue(session: Session, *, to: str, subject: str, body: str, now: datetime, sender_domain: str,
            purpose: str = "", headers: dict | None = None) -> OutboxMessage:
    """The message, stored at once in the caller's transaction (ieg.fast_rows.insert_row: no
    flush of its own to pay for, and it has its id)."""
    return insert_row(session, OutboxMessage, message_values(to=to, subject=subject, body=body, now=now,
                                                             sender_domain=sender_domain, purpose=purpose,
                                                             headers=headers))


def enqueue_bulk(session: Session, messages: list[dict], *, now: datetime, sender_domain: str, purpose: str) -> int:
    """Many messages to many people (alerts to subscribers), in the caller's transaction, as one
    executemany; each dict holds `to`, `subject`, `body` and optionally `headers`. They are BULK:
    every send run takes PERSONAL mail (acknowledgements, replies) first, so however many wait
    here, mail to one person is never held up behind them."""
    if not messages:
        return 0
    line = lru_cache(maxsize=1024)(single_line)  # the subject and most header lines are the same in every message
    rows = [message_values(to=m["to"], subject=m["subject"], body=m["body"], now=now, sender_domain=sender_domain,
                           purpose=purpose, headers=m.get("headers"), priority=BULK, line=line) for m in messages]
    # Core on the session's connection: the ORM's bulk path cost as much again, for rows it need not track.
    session.connection().execute(insert(OutboxMessage.__table__), rows)
    return len(rows)


def message_values(*, to: str, subject: str, body: str, now: datetime, sender_domain: str, purpose: str = "",
                   headers: dict | None = None, priority: int = PERSONAL, line=single_line) -> dict:
    """A new message's columns: what `enqueue` stores, and the web form's fast path writes as a row."""
    # Every value bound for a header is one clean line, whoever passed it: a CR or LF would let
    # text from outside add headers, and makes the message impossible to build.
    extra = {line(str(name)): line(str(value)) for name, value in (headers or {}).items()}
    return dict(
        to_address=line(to)[:254], subject=line(subject)[:300], body_text=clean(body), purpose=purpose,
        status=PENDING, attempts=0, priority=priority,
        # Automatic mail says so (RFC 3834), so auto-responders do not answer it.
        headers={"Auto-Submitted": "auto-generated", **extra},
        message_id=message_id(sender_domain), next_attempt_at=now, created_at=now)


def message_id(domain: str) -> str:
    """A new Message-ID. Not email.utils.make_msgid: its random part comes from the `random`
    module, which anything may seed (Hypothesis does, per example), and two messages in one
    instant then shared an id (the column is unique). Short, too: a reply's In-Reply-To line
    holding a longer one is folded into encoded words, and threading breaks."""
    return f"<{secrets.token_hex(12)}@{domain}>"


# What another area records when one of its messages has gone, by purpose: the casework
# stores an acknowledgement's sending on its enquiries (R28). Registered by ieg.hooks when the
# app is built, so the outbox need not know the areas.
SENT_HOOKS: dict[str, Callable[[Session, OutboxMessage], None]] = {}


def mark_sent(session: Session, message: OutboxMessage, at: datetime) -> None:
    """The message has gone (the transport took it): record it, and tell its area."""
    message.status, message.sent_at, message.last_error = SENT, at, ""
    hook = SENT_HOOKS.get(message.purpose)
    if hook is not None:
        hook(session, message)


FAILED_SHOWN_FOR = timedelta(days=30)  # how far back the administrators' dashboard counts failures


def failed_recently(session: Session, now: datetime) -> int:
    """Messages queued in the last FAILED_SHOWN_FOR that failed for good."""
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == FAILED, OutboxMessage.created_at >= now - FAILED_SHOWN_FOR))


def latest(session: Session, *, failed_only: bool = False, limit: int = 200) -> list[OutboxMessage]:
    """The newest messages (only those that failed for good, with `failed_only`), newest first."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if failed_only:
        query = query.where(OutboxMessage.status == FAILED)
    return session.scalars(query).all()


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failure, never more than six hours."""
    return min(timedelta(minutes=2 ** min(max(attempts - 1, 0), 10)), MAX_DELAY)


# A header holding a URL (RFC 2369 List-Unsubscribe) has no space to fold at: the default
# policy's 78-character lines turn a longer one into RFC 2047 encoded words, which mail clients
# do not decode there, and one-click unsubscribe breaks. Such messages may use RFC 5322's
# 998-character lines instead.
_URL_HEADERS = ("List-Unsubscribe",)
_LONG_LINES = email_policy.default.clone(max_line_length=998)


def as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    """The message as it will be sent; raises (ValueError and the like) when it cannot be built."""
    long_lines = any(name in (message.headers or {}) for name in _URL_HEADERS)
    email = EmailMessage(policy=_LONG_LINES) if long_lines else EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = message.message_id
    email["Date"] = format_datetime(message.created_at)
    for name, value in (message.headers or {}).items():
        email[name] = value
    email.set_content(message.body_text)
    bytes(email)  # some faults only show when the message is written out
    return email


def _fail(message: OutboxMessage, reason: str) -> None:
    message.status, message.last_error = FAILED, reason[:2000]


def send_due(session: Session, transport, *, sender: str, now: datetime, limit: int = 100,
             budget: float = RUN_BUDGET) -> dict:
    """Send pending messages that are due, over one connection. Commits after each one, so
    a crash half way through loses none; a message the server has taken is recorded even when
    that commit fails (`_commit_sent`), and goes again (with the same Message-ID) only if the
    process dies between the two. A server that cannot
    be used (down, or not answering within the transport's timeout) ends the run: the message
    being sent counts an attempt, the rest wait for the next run untouched; so does running
    past `budget` seconds. Returns counts of sent, retry and failed, and, when the run ended
    early, `left` (not tried) and `stopped` (why). Mail to one person goes before bulk mail."""
    counts = {"sent": 0, "retry": 0, "failed": 0}
    due = session.scalars(select(OutboxMessage).where(OutboxMessage.status == PENDING,
                                                      OutboxMessage.next_attempt_at <= now)
                          .order_by(OutboxMessage.priority, OutboxMessage.id).limit(limit)).all()
    started = time.monotonic()
    with transport.connect() as connection:
        for done, message in enumerate(due):
            if time.monotonic() - started > budget:
                counts.update(left=len(due) - done, stopped=f"ran for more than {budget:g} seconds")
                break
            try:
                email = as_email(message, sender)
            except Exception as exc:  # noqa: BLE001 - no retry can build it: say why, at once
                _fail(message, f"The message could not be built: {type(exc).__name__}: {exc}")
                counts["failed"] += 1
                session.commit()
                continue
            message.attempts += 1
            try:
                connection.send(email)
            except PermanentFailure as exc:
                _fail(message, str(exc))
                counts["failed"] += 1
            except Exception as exc:  # noqa: BLE001 - any transport trouble: try again later, for a while
                _retry_or_fail(message, f"{type(exc).__name__}: {exc}", now)
                counts["failed" if message.status == FAILED else "retry"] += 1
                if isinstance(exc, TransportUnavailable):
                    session.commit()
                    counts.update(left=len(due) - done - 1, stopped=str(exc)[:300])
                    break
            else:
                mark_sent(session, message, now)
                counts["sent"] += 1
                _commit_sent(session, message.id, now)
                continue
            session.commit()
    return counts


RECORD_PATIENCE = 60.0  # seconds to keep trying to record a message sent while the database was away


def _commit_sent(session: Session, message_id: int, now: datetime) -> None:
    """Commit the record of a message the server has taken. When that commit fails (the database
    went, and with it the run's job lock), the message has gone all the same: record it as soon
    as the database answers again, whoever leads by then (it is a fact, not a decision), so no
    later run sends it again; then end the run as the failure would have. Only the process dying
    between the server taking a message and this commit sends it twice."""
    try:
        session.commit()
        return
    except Exception as failure:  # noqa: BLE001 - re-raised below once the fact is recorded
        session.rollback()
        deadline = time.monotonic() + RECORD_PATIENCE
        session.info[RECORDS_A_FACT] = True
        try:
            while True:
                try:
                    message = session.get(OutboxMessage, message_id)
                    if message is not None and message.status != SENT:
                        mark_sent(session, message, now)
                    session.commit()
                    break
                except DBAPIError:
                    session.rollback()
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.5)
        finally:
            session.info.pop(RECORDS_A_FACT, None)
        raise failure


def _retry_or_fail(message: OutboxMessage, error: str, now: datetime) -> None:
    message.last_error = error[:2000]
    message.first_failed_at = message.first_failed_at or now
    if now - message.first_failed_at >= GIVE_UP_AFTER:
        hours = int(GIVE_UP_AFTER.total_seconds() // 3600)
        _fail(message, f"Not sent after {message.attempts} attempts over {hours} hours: {error}")
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)


def pending_count(session: Session) -> int:
    """Messages waiting to be sent (for monitoring: the outbox's depth)."""
    return session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == PENDING))


def oldest_pending_age(session: Session, now: datetime, purpose: str) -> float:
    """Seconds the oldest message of `purpose` still waiting has waited; 0 when none waits."""
    oldest = session.scalar(select(func.min(OutboxMessage.created_at))
                            .where(OutboxMessage.status == PENDING, OutboxMessage.purpose == purpose))
    if oldest is None:
        return 0.0
    return max(0.0, (now - as_utc(oldest)).total_seconds())

"""Email intake (docs/design.md 3.4): one inbound message becomes a new enquiry, a reply threaded
onto an existing one, or nothing (automatic mail, logged with its reason). Used by
`flask ieg ingest-mail` (an MTA pipe) and `flask ieg poll-mail` (IMAP), both through
`deliver`, which also decides what becomes of a message that cannot be taken in.

Threading needs both: the message answers one of our own messages (In-Reply-To/References
naming an acknowledgement or reply we sent) or quotes an enquiry's reference, *and* the
sender is that enquiry's customer. A reference quoted by someone else opens a new enquiry:
knowing a reference must never let a stranger add to another person's case.

The clock starts at the council's own mail server's Received date, but only within sane
bounds of the intake time: the header is in the message, so a wrong server clock or a
forged header must not date an enquiry in 1970 or next year.
"""
from __future__ import annotations

import dataclasses
import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ieg.casework import customers, enquiries, files, inbound, references, standards
from ieg.casework.deadlines import finished
from ieg.casework.enquiries import ContactDetails
from ieg.casework.inbound import InboundMessage
from ieg.files_store import FileStore
from ieg.models import Enquiry, EnquiryEvent, InboundMail, OutboxMessage
from ieg.models.casework import AWAITING_CUSTOMER, IN_PROGRESS
from ieg.text import single_line
from ieg.config import Council

log = logging.getLogger("ieg.mail")

EMAIL_CASE_TYPE = ("email-enquiry", "Email enquiry")
# How far the server's Received date may be from the intake time and still be believed: a
# little clock skew ahead; behind, as long as mail may wait in the server's queue or the
# mailbox while IEG is down.
RECEIVED_SKEW = timedelta(minutes=5)
RECEIVED_DELAY = timedelta(days=7)
# Intakes of one message that may fail (a fault, not the database being away) before it is
# refused, so that neither the MTA nor the IMAP poll offers it for ever.
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Result:
    outcome: str              # new, reply, duplicate, ignored; refused (for good), failed (try again)
    reference: str = ""
    reason: str = ""
    attempts: int = 0


def received_time(message: InboundMessage, now: datetime) -> tuple[datetime, str]:
    """When the council received the message, and why that is the intake time when the
    server's Received date cannot be believed ("" when it can, or when there is none)."""
    claimed = message.server_received_at
    if claimed is None:
        return now, (f"The time IEG took the message in is used: {message.received_problem}."
                     if message.received_problem else "")
    shown = claimed.astimezone(timezone.utc).strftime("%d %b %Y %H:%M UTC")
    if claimed > now + RECEIVED_SKEW:
        return now, (f"The mail server's Received date ({shown}) is later than IEG took the message in, "
                     "so it is not believed: the time IEG took it in is used.")
    if claimed < now - RECEIVED_DELAY:
        return now, (f"The mail server's Received date ({shown}) is more than {RECEIVED_DELAY.days} days "
                     "before IEG took the message in, so it is not believed: the time IEG took it in is used.")
    return claimed, ""


def received_note(session: Session, enquiry: Enquiry) -> str:
    """Why an email enquiry's received time is not its mail server's date ("" when it is)."""
    return session.scalar(select(InboundMail.received_note).where(InboundMail.enquiry_id == enquiry.id,
                                                                  InboundMail.outcome == "new")) or ""


def _thread(session: Session, message: InboundMessage) -> Enquiry | None:
    """The enquiry this message continues, if its sender is that enquiry's customer."""
    candidates: list[Enquiry] = []
    if message.references:
        candidates += session.scalars(
            select(Enquiry).join(EnquiryEvent, EnquiryEvent.enquiry_id == Enquiry.id)
            .join(OutboxMessage, EnquiryEvent.outbox_message_id == OutboxMessage.id)
            .where(OutboxMessage.message_id.in_(message.references))).all()
        candidates += session.scalars(select(Enquiry).where(Enquiry.email_message_id.in_(message.references))).all()
    if message.mentioned_references:
        candidates += session.scalars(select(Enquiry).where(
            Enquiry.reference.in_(message.mentioned_references))).all()
    for enquiry in candidates:
        if message.from_address and message.from_address in customers.known_emails(session, enquiry.customer):
            return enquiry
    return None


def take_in(session: Session, message: InboundMessage, council: Council, now: datetime,
            file_store: FileStore | None = None) -> Result:
    """`file_store`: where attachments are stored (ieg.files_store); None keeps
    only their names in the text (tools that have no instance folder)."""
    if not message.message_id:
        message = _with_id(message, now)
    row = session.scalar(select(InboundMail).where(InboundMail.message_id == message.message_id))
    if row is not None and row.outcome not in ("failed", "refused"):
        enquiry = session.get(Enquiry, row.enquiry_id) if row.enquiry_id else None
        return Result("duplicate", enquiry.reference if enquiry else "", "already taken in")
    received, note = received_time(message, now)
    if row is None:  # (a message that failed or was refused before is tried again on its row)
        row = InboundMail(message_id=message.message_id, attempts=0)
        session.add(row)
    row.from_address, row.subject = message.from_address[:254], message.subject[:300]
    row.server_received_at, row.taken_in_at, row.received_note = message.server_received_at, now, note[:300]
    row.outcome, row.reason = "new", ""  # set for certain below
    if message.automatic:
        row.outcome, row.reason = "ignored", message.automatic
        session.flush()
        return Result("ignored", reason=message.automatic)
    if not message.from_address:
        row.outcome, row.reason = "ignored", "no usable sender address"
        session.flush()
        return Result("ignored", reason="no usable sender address")

    enquiry = _thread(session, message)
    if enquiry is not None:
        body = message.text or "(no text)"
        if message.attachments:
            body += "\n\nAttachments: " + ", ".join(a.filename for a in message.attachments)
        event = EnquiryEvent(enquiry=enquiry, kind="reply_in", public=False, at=received, body=body)
        session.add(event)
        _keep_attachments(session, file_store, enquiry, message, event)
        if enquiry.status == AWAITING_CUSTOMER or finished(enquiry.status):
            # The customer has more to say: it needs looking at again (and a paused clock restarts).
            standards.status_changed(enquiry, enquiry.status, IN_PROGRESS, now, council.timezone)
            enquiry.status = IN_PROGRESS
            session.add(EnquiryEvent(enquiry=enquiry, kind="status", public=True, at=now,
                                     body="Reopened: you sent us more information"))
        row.outcome, row.enquiry_id = "reply", enquiry.id
        session.flush()
        return Result("reply", enquiry.reference)

    # An email's From is anyone's to write: it names the customer, never changes their record;
    # what it gave stays on the enquiry for staff to compare and copy.
    given = ContactDetails(name=message.from_name, email=message.from_address)
    customer = enquiries.find_or_create_customer(session, given)
    description = message.text
    if message.attachments:
        description += "\n\nAttachments: " + ", ".join(a.filename for a in message.attachments)
    enquiry, _ = enquiries.open_enquiry(
        session, channel="email", customer=customer, case_type=enquiries.case_type(session, *EMAIL_CASE_TYPE, outcome_refs=("R27", "R28", "R29")),
        subject=message.subject or "(no subject)", description=description, received_at=received, now=now,
        email_message_id=message.message_id, zone=council.timezone, given=given)
    if message.attachments and file_store is not None:
        received_event = session.scalar(select(EnquiryEvent).where(EnquiryEvent.enquiry_id == enquiry.id,
                                                                   EnquiryEvent.kind == "received"))
        _keep_attachments(session, file_store, enquiry, message, received_event)
    enquiries.acknowledge(session, enquiry, council, now)
    row.outcome, row.enquiry_id = "new", enquiry.id
    session.flush()
    return Result("new", enquiry.reference)


def _keep_attachments(session: Session, root: FileStore | None, enquiry: Enquiry, message: InboundMessage,
                      event: EnquiryEvent | None) -> None:
    """What the customer sent is kept as sent, linked to the event that brought it."""
    if root is None:
        return
    for attachment in message.attachments:
        files.store(session, root, enquiry, filename=attachment.filename, data=attachment.data,
                    content_type=attachment.content_type, source="email", event=event)


def _with_id(message: InboundMessage, now: datetime) -> InboundMessage:
    """A message without a Message-ID (rare, but it happens) gets one from its content,
    so the same message piped twice is still recognised."""
    digest = hashlib.sha256(f"{message.from_address}\n{message.subject}\n{message.text}".encode()).hexdigest()
    return dataclasses.replace(message, message_id=f"<no-id-{digest[:32]}@ieg.invalid>")


# -- what becomes of a message that cannot be taken in ---------------------------------------

def deliver(session: Session, raw: bytes, council: Council, now: datetime,
            file_store: FileStore | None = None, prefix: str = references.DEFAULT_PREFIX) -> Result:
    """Read and take in one message as it arrived, and commit: the one intake function that
    commits, because a message that fails must be recorded after its half-done work is
    rolled back. Never raises for anything in the message: a refused one (it cannot be read)
    is logged in `inbound_mail` and reported as "refused"; one whose intake failed (a fault
    in IEG, the disk) is counted there, reported as "failed" to be offered again, and refused
    at the MAX_ATTEMPTS-th failure. Raises OperationalError when the database is unavailable
    (nothing stored: offer it again later)."""
    try:
        message = inbound.parse(raw, prefix)
    except inbound.MessageRefused as exc:
        return refuse(session, inbound.headline(raw), str(exc), now, raw)
    except Exception as exc:  # a fault in reading: the same bytes would fail the same way again
        fault("inbound mail could not be read", exc)
        refused = refuse(session, inbound.headline(raw), f"it could not be read ({type(exc).__name__})", now, raw)
        return dataclasses.replace(refused, reason="it could not be read")
    if not message.message_id:
        message = _with_id(message, now)
    try:
        result = take_in(session, message, council, now, file_store)
        session.commit()
        return result
    except OperationalError:
        session.rollback()
        raise
    except Exception as exc:
        session.rollback()
        fault(f"inbound mail {message.message_id} could not be taken in", exc)
        return _failed(session, message, exc, now)


def refuse(session: Session, headline: inbound.Headline, reason: str, now: datetime, raw: bytes = b"") -> Result:
    """Log a message refused for good (it is not stored) in `inbound_mail`, and commit.
    (A Result's reason may reach the sender, in a bounce: a fault's details stay on the row.)"""
    log.warning("inbound mail refused (Message-ID %s, from %s): %s", headline.message_id or "none",
                headline.from_address or "unknown", reason)
    message_id = headline.message_id or f"<refused-{hashlib.sha256(raw).hexdigest()[:40]}@ieg.invalid>"
    row = session.scalar(select(InboundMail).where(InboundMail.message_id == message_id))
    if row is None:
        row = InboundMail(message_id=message_id, attempts=0)
        session.add(row)
    if row.outcome in (None, "failed", "refused"):  # never over a message already taken in
        row.from_address, row.subject = headline.from_address[:254], headline.subject[:300]
        row.taken_in_at, row.outcome, row.reason = now, "refused", single_line(reason)[:300]
    session.commit()
    return Result("refused", reason=reason)


def _failed(session: Session, message: InboundMessage, exc: Exception, now: datetime) -> Result:
    row = session.scalar(select(InboundMail).where(InboundMail.message_id == message.message_id))
    if row is not None and row.outcome not in ("failed", "refused"):
        # Taken in meanwhile by another delivery of the same message (which is why this one
        # clashed): nothing more to do.
        enquiry = session.get(Enquiry, row.enquiry_id) if row.enquiry_id else None
        return Result("duplicate", enquiry.reference if enquiry else "", "already taken in")
    if row is None:
        row = InboundMail(message_id=message.message_id, attempts=0)
        session.add(row)
    row.from_address, row.subject, row.taken_in_at = message.from_address[:254], message.subject[:300], now
    row.attempts = (row.attempts or 0) + 1
    error = single_line(f"{type(exc).__name__}: {exc}")[:200]
    if row.attempts >= MAX_ATTEMPTS:
        row.outcome, row.reason = "refused", f"failed to be taken in {row.attempts} times ({error})"[:300]
        told = f"it failed to be taken in {row.attempts} times"
    else:
        row.outcome, row.reason = "failed", f"failed to be taken in ({error}); tried again"[:300]
        told = "it could not be taken in now; it will be tried again"
    session.commit()
    return Result(row.outcome, reason=told, attempts=row.attempts)


def fault(what: str, exc: BaseException) -> None:
    """A fault in IEG met while taking mail in: one line at ERROR (what an MTA may show a
    sender must never be a traceback), the traceback at DEBUG for whoever investigates."""
    log.error("%s: %s: %s", what, type(exc).__name__, single_line(str(exc))[:300])
    log.debug("%s", what, exc_info=exc)

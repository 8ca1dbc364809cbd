"""Email intake (DESIGN.md 3.3): one inbound message becomes a new enquiry, a reply threaded
onto an existing one, or nothing (automatic mail, logged with its reason). Used by
`flask ieg ingest-mail` (an MTA pipe) and `flask ieg poll-mail` (IMAP). The caller commits.

Threading needs both: the message answers one of our own messages (In-Reply-To/References
naming an acknowledgement or reply we sent) or quotes an enquiry's reference, *and* the
sender is that enquiry's customer. A reference quoted by someone else opens a new enquiry:
knowing a reference must never let a stranger add to another person's case.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.casework import customers, enquiries, files, standards
from ieg.casework.enquiries import ContactDetails
from ieg.casework.inbound import InboundMessage
from ieg.models import Enquiry, EnquiryEvent, InboundMail, OutboxMessage
from ieg.models.casework import AWAITING_CUSTOMER, CLOSED, IN_PROGRESS, RESOLVED

EMAIL_CASE_TYPE = ("email-enquiry", "Email enquiry")


@dataclass(frozen=True)
class Result:
    outcome: str              # new, reply, duplicate, ignored
    reference: str = ""
    reason: str = ""


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


def take_in(session: Session, message: InboundMessage, council: enquiries.Council, now: datetime,
            files_root: Path | None = None) -> Result:
    """`files_root`: where attachments are stored (ieg.casework.files.folder); None keeps
    only their names in the text (tools that have no instance folder)."""
    if not message.message_id:
        message = _with_id(message, now)
    seen = session.scalar(select(InboundMail).where(InboundMail.message_id == message.message_id))
    if seen is not None:
        enquiry = session.get(Enquiry, seen.enquiry_id) if seen.enquiry_id else None
        return Result("duplicate", enquiry.reference if enquiry else "", "already taken in")
    log = InboundMail(message_id=message.message_id, from_address=message.from_address[:254],
                      subject=message.subject[:300], server_received_at=message.server_received_at, taken_in_at=now,
                      outcome="new")  # set for certain below
    session.add(log)
    if message.automatic:
        log.outcome, log.reason = "ignored", message.automatic
        session.flush()
        return Result("ignored", reason=message.automatic)
    if not message.from_address:
        log.outcome, log.reason = "ignored", "no sender address"
        session.flush()
        return Result("ignored", reason="no sender address")

    received = message.server_received_at or now
    enquiry = _thread(session, message)
    if enquiry is not None:
        body = message.text or "(no text)"
        if message.attachments:
            body += "\n\nAttachments: " + ", ".join(a.filename for a in message.attachments)
        event = EnquiryEvent(enquiry=enquiry, kind="reply_in", public=False, at=received, body=body)
        session.add(event)
        _keep_attachments(session, files_root, enquiry, message, event)
        if enquiry.status in (AWAITING_CUSTOMER, RESOLVED, CLOSED):
            # The customer has more to say: it needs looking at again (and a paused clock restarts).
            standards.status_changed(enquiry, enquiry.status, IN_PROGRESS, now, council.timezone)
            enquiry.status = IN_PROGRESS
            session.add(EnquiryEvent(enquiry=enquiry, kind="status", public=True, at=now,
                                     body="Reopened: you sent us more information"))
        log.outcome, log.enquiry_id = "reply", enquiry.id
        session.flush()
        return Result("reply", enquiry.reference)

    customer = enquiries.find_or_create_customer(session, ContactDetails(name=message.from_name,
                                                                         email=message.from_address))
    description = message.text
    if message.attachments:
        description += "\n\nAttachments: " + ", ".join(a.filename for a in message.attachments)
    enquiry, _ = enquiries.open_enquiry(
        session, channel="email", customer=customer, case_type=enquiries.case_type(session, *EMAIL_CASE_TYPE, outcome_refs=("R27", "R28", "R29")),
        subject=message.subject or "(no subject)", description=description, received_at=received, now=now,
        email_message_id=message.message_id, zone=council.timezone)
    if message.attachments and files_root is not None:
        received_event = session.scalar(select(EnquiryEvent).where(EnquiryEvent.enquiry_id == enquiry.id,
                                                                   EnquiryEvent.kind == "received"))
        _keep_attachments(session, files_root, enquiry, message, received_event)
    enquiries.acknowledge(session, enquiry, council, now)
    log.outcome, log.enquiry_id = "new", enquiry.id
    session.flush()
    return Result("new", enquiry.reference)


def _keep_attachments(session: Session, root: Path | None, enquiry: Enquiry, message: InboundMessage,
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
    import dataclasses
    import hashlib
    digest = hashlib.sha256(f"{message.from_address}\n{message.subject}\n{message.text}".encode()).hexdigest()
    return dataclasses.replace(message, message_id=f"<no-id-{digest[:32]}@ieg.invalid>")

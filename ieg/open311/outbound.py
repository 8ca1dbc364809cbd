"""Back-office integration (G24): webhooks per case type. What happens to an enquiry (created,
updated, assigned, resolved) is read from its timeline, whatever wrote it (the web form's
fast path, email intake, staff, the API), and queued as one delivery per webhook; the
`send-webhooks` job posts each as signed JSON (ieg.open311.signing), in order per enquiry,
retrying with growing gaps like the outbox (ieg.mail.outbox) for 48 hours, then `failed`.
Back offices send status updates back, signed with the same secret, each accepted once.
Services taking a session; the jobs commit as they go."""
from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from ieg import audit
from ieg.casework import handling, labels, standards
from ieg.casework.deadlines import FINISHED
from ieg.config import Council
from ieg.input_errors import InputError, InputErrors
from ieg.mail.outbox import GIVE_UP_AFTER, retry_delay
from ieg.models import CaseType, Enquiry, EnquiryEvent, InboundUpdate, Open311Request, Webhook, WebhookDelivery
from ieg.models.open311 import DELIVERED, FAILED, PENDING
from ieg.open311 import formats, places, signing
from ieg.open311.requests import API_ACTOR, set_external_status
from ieg.text import clean, single_line
from ieg.timeutil import utcnow

TIMEOUT = 10.0  # seconds for one delivery, connecting and answering
RUN_BUDGET = 60.0
SCAN_BATCH = 1000
# Timeline entries as the event a back office is told of; others (notes kept internal
# count too: the back office is the council's own) are "updated". Entries a back office
# made itself are not sent back to it.
_EVENTS = {"received": "created", "assigned": "assigned", "resolved": "resolved"}
_NOT_SENT = ("backoffice", "acknowledged")


class WebhookError(InputErrors):
    pass


class UpdateRefused(InputError):
    """An inbound update that is signed and fresh but cannot be applied (unknown reference,
    status, or a breach with no reason): `status` is the HTTP status to answer with."""

    def __init__(self, message: str, field: str | None = None, status: int = 400):
        super().__init__(message, field)
        self.status = status


def configure(session: Session, actor, now: datetime, webhook: Webhook | None, *, case_type: CaseType | None,
              name: str, url: str, active: bool = True) -> tuple[Webhook, str | None]:
    """Add a webhook (the new secret is returned, to show once) or change one; audited."""
    errors = {}
    if case_type is None:
        errors["case_type"] = "Choose the case type whose enquiries it is told of"
    name = single_line(name).strip()
    if not name:
        errors["name"] = "Enter the back-office system's name"
    url = single_line(url).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 1000:
        errors["url"] = "Enter the address to post to, starting https://"
    if errors:
        raise WebhookError(errors)
    secret = None
    if webhook is None:
        secret = secrets.token_urlsafe(32)
        webhook = Webhook(secret=secret, created_at=now)
        session.add(webhook)
    webhook.case_type, webhook.name, webhook.url, webhook.active = case_type, name[:200], url, active
    session.flush()
    audit.record(session, actor, "open311.webhook", f"webhook:{webhook.id}",
                 {"case_type": case_type.slug, "name": webhook.name, "url": url, "active": active}, now)
    return webhook, secret


def listed(session: Session) -> list[Webhook]:
    return session.scalars(select(Webhook).options(joinedload(Webhook.case_type)).order_by(Webhook.id)).all()


def payload(enquiry: Enquiry, event: EnquiryEvent, kind: str, request: Open311Request | None,
            council: Council, place: places.Place | None = None) -> dict:
    """What a back office is told: the enquiry as it is now, what happened, and where (`place`:
    an API request's location, or a web form's; WGS84 and the British National Grid)."""
    zone = council.timezone
    customer = enquiry.customer
    return {
        "event": kind, "event_id": event.id, "at": formats.w3c(event.at, zone), "what": labels.event(event.kind),
        "reference": enquiry.reference, "case_type": enquiry.case_type.slug, "status": enquiry.status,
        "open311_status": formats.extended_status(enquiry.status, enquiry.excluded_reason,
                                                  request.external_status if request else ""),
        "channel": enquiry.channel, "subject": enquiry.subject, "description": enquiry.description,
        "location": enquiry.location, "answers": enquiry.answers or {},
        **(place.values() if place else {"lat": None, "long": None, "easting": None, "northing": None}),
        "postcode": place.postcode if place else "",
        "received_at": formats.w3c(enquiry.received_at, zone),
        "resolution_due_at": formats.w3c(enquiry.resolution_due_at, zone),
        "assigned_to": enquiry.assigned_to.name if enquiry.assigned_to else None,
        # The council's own system, over its own link: it needs to reach the customer.
        "customer": {"name": customer.name, "email": customer.email, "phone": customer.phone,
                     "address": enquiry.contact_address, "postcode": enquiry.contact_postcode},
    }


def _kind(event: EnquiryEvent, enquiry: Enquiry) -> str:
    if event.kind == "status":
        return "resolved" if enquiry.status in FINISHED and event.body.endswith(
            tuple(labels.status(s) for s in FINISHED)) else "updated"
    return _EVENTS.get(event.kind, "updated")


def queue_events(session: Session, now: datetime, council: Council) -> int:
    """Turn timeline entries written since the last run into deliveries, for the webhooks of
    their case types (each webhook hears of what happened after it was set up). Idempotent:
    the last entry queued is where the next run starts."""
    hooks = session.scalars(select(Webhook).where(Webhook.active.is_(True))).all()
    if not hooks:
        return 0
    by_case_type: dict[int, list[Webhook]] = {}
    for hook in hooks:
        by_case_type.setdefault(hook.case_type_id, []).append(hook)
    start = session.scalar(select(func.max(WebhookDelivery.source_event_id))) or 0
    earliest = min(hook.created_at for hook in hooks)
    rows = session.execute(
        select(EnquiryEvent, Enquiry).join(Enquiry, Enquiry.id == EnquiryEvent.enquiry_id)
        .where(EnquiryEvent.id > start, Enquiry.case_type_id.in_(list(by_case_type)), EnquiryEvent.at >= earliest,
               EnquiryEvent.kind.not_in(_NOT_SENT))
        .order_by(EnquiryEvent.id).limit(SCAN_BATCH)).all()
    queued = 0
    for event, enquiry in rows:
        request = session.scalar(select(Open311Request).where(Open311Request.enquiry_id == enquiry.id))
        kind = _kind(event, enquiry)
        for hook in by_case_type[enquiry.case_type_id]:
            if event.at < hook.created_at:
                continue
            session.add(WebhookDelivery(webhook_id=hook.id, enquiry_id=enquiry.id, source_event_id=event.id,
                                        event=kind, payload=payload(enquiry, event, kind, request, council,
                                                                        places.of(session, enquiry, request)),
                                        status=PENDING, next_attempt_at=now, created_at=now))
            queued += 1
    session.flush()
    return queued


def post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST and return the HTTP status; raises OSError (urllib's errors) when nothing answered."""
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only (configure)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def deliver_due(session: Session, now: datetime, *, send: Callable[[str, bytes, dict, float], int] = post,
                timeout: float = TIMEOUT, budget: float = RUN_BUDGET, clock: Callable[[], datetime] = utcnow,
                limit: int = 200) -> dict:
    """Post the due deliveries, oldest first, committing after each (so none is sent twice by
    a crash). A delivery waits while an earlier one for the same enquiry and webhook is
    still pending, so a back office hears of an enquiry's events in order; a webhook that
    did not answer is not tried again in this run. Returns counts."""
    counts = {"delivered": 0, "retry": 0, "failed": 0, "waiting": 0}
    due = session.scalars(select(WebhookDelivery).options(joinedload(WebhookDelivery.webhook))
                          .where(WebhookDelivery.status == PENDING, WebhookDelivery.next_attempt_at <= now)
                          .order_by(WebhookDelivery.id).limit(limit)).all()
    started, unreachable, held = time.monotonic(), set(), set()
    for delivery in due:
        if time.monotonic() - started > budget:
            break
        line = (delivery.webhook_id, delivery.enquiry_id)
        earlier = session.scalar(select(func.count()).select_from(WebhookDelivery).where(
            WebhookDelivery.webhook_id == delivery.webhook_id, WebhookDelivery.enquiry_id == delivery.enquiry_id,
            WebhookDelivery.status == PENDING, WebhookDelivery.id < delivery.id))
        if line in held or delivery.webhook_id in unreachable or earlier:
            counts["waiting"] += 1
            continue
        body = json.dumps({**delivery.payload, "delivery_id": delivery.id}, separators=(",", ":")).encode()
        sent_at = clock()
        headers = {"Content-Type": "application/json", "User-Agent": "IEG-webhooks/1",
                   "X-IEG-Event": delivery.event, "X-IEG-Delivery": str(delivery.id),
                   **signing.headers(delivery.webhook.secret, sent_at, body)}
        delivery.attempts += 1
        try:
            status = send(delivery.webhook.url, body, headers, timeout)
            error = "" if 200 <= status < 300 else f"The back office answered HTTP {status}"
        except (OSError, ValueError) as exc:  # refused, unreachable, timed out, a bad address
            status, error = None, f"No answer: {exc}"[:2000]
            unreachable.add(delivery.webhook_id)
        delivery.response_status = status
        if not error:
            delivery.status, delivery.delivered_at, delivery.last_error = DELIVERED, sent_at, ""
            counts["delivered"] += 1
        else:
            held.add(line)
            delivery.last_error = error
            delivery.first_failed_at = delivery.first_failed_at or now
            if now - delivery.first_failed_at >= GIVE_UP_AFTER:
                delivery.status = FAILED
                counts["failed"] += 1
            else:
                delivery.next_attempt_at = now + retry_delay(delivery.attempts)
                counts["retry"] += 1
        session.commit()
    return counts


def deliveries_for(session: Session, enquiry: Enquiry) -> list[WebhookDelivery]:
    """An enquiry's delivery log, oldest first."""
    return session.scalars(select(WebhookDelivery).options(joinedload(WebhookDelivery.webhook))
                           .where(WebhookDelivery.enquiry_id == enquiry.id).order_by(WebhookDelivery.id)).all()


def receive_update(session: Session, now: datetime, webhook: Webhook, headers, body: bytes, zone: str) -> InboundUpdate:
    """A back office's signed status update ({"reference", "status", "description", "public",
    "breach_reason"}): on the enquiry's timeline (and the tracking page, when public) and,
    with a status, the enquiry's status. Raises signing.SignatureError for a message that is
    unsigned, wrongly signed, stale or already used; UpdateRefused for one that cannot apply."""
    digest = signing.verify(webhook.secret, headers.get(signing.TIMESTAMP_HEADER),
                            headers.get(signing.SIGNATURE_HEADER), body, now)
    if session.scalar(select(InboundUpdate.id).where(InboundUpdate.webhook_id == webhook.id,
                                                     InboundUpdate.signature == digest)):
        raise signing.SignatureError("This message was received before")
    try:
        given = json.loads(body)
    except ValueError:
        raise UpdateRefused("The body must be JSON") from None
    if not isinstance(given, dict) or not isinstance(given.get("reference"), str):
        raise UpdateRefused("Give the enquiry's reference", "reference")
    enquiry = session.scalar(select(Enquiry).where(Enquiry.reference == given["reference"].strip().upper()[:24],
                                                   Enquiry.case_type_id == webhook.case_type_id))
    if enquiry is None:
        raise UpdateRefused("No enquiry of this webhook's case type has this reference", "reference", 404)
    status_text = given.get("status") or ""
    description = clean(given.get("description") if isinstance(given.get("description"), str) else "")[:4000]
    new_status = formats.ieg_status(status_text) if isinstance(status_text, str) and status_text else None
    if status_text and new_status is None:
        raise UpdateRefused("Unknown status", "status")
    if not (new_status or description):
        raise UpdateRefused("Give a status, a description or both", "status")
    public = given.get("public", True) is not False
    reason = given.get("breach_reason")
    record = InboundUpdate(webhook_id=webhook.id, signature=digest, enquiry_id=enquiry.id, received_at=now,
                           status=status_text.strip().upper().replace(" ", "_") if new_status else "", body=description)
    try:
        with session.begin_nested():
            session.add(record)
            session.flush()
    except IntegrityError:
        raise signing.SignatureError("This message was received before") from None
    if new_status in FINISHED and enquiry.status not in FINISHED and isinstance(reason, str) and reason.strip():
        standards.set_breach_reason(session, enquiry, API_ACTOR, f"{webhook.name}: {reason}", now)
    event = None
    if new_status and new_status != enquiry.status:
        before = {e.id for e in enquiry.events}
        try:
            handling.set_status(session, enquiry, API_ACTOR, new_status, now, zone)
        except InputError as error:
            raise UpdateRefused(error.message, "breach_reason", 409) from None
        event = next(e for e in enquiry.events if e.id not in before and e.kind == "status")
        event.public = public
        if description:
            event.body = f"{event.body}. {description}"
    else:
        event = EnquiryEvent(enquiry=enquiry, kind="backoffice", public=public, at=now,
                             body=description or f"Status: {labels.status(enquiry.status)}")
        session.add(event)
    if new_status:
        set_external_status(session, enquiry, record.status)
    session.flush()
    record.event_id = event.id
    session.flush()
    return record


def webhook_for_update(session: Session, webhook_id: int) -> Webhook | None:
    hook = session.get(Webhook, webhook_id)
    return hook if hook is not None and hook.active else None


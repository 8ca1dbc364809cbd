"""Open311 GeoReport v2 and the back office (R7, G24): which case types the API offers, the
clients' API keys, what each API request brought beyond the enquiry, and the webhooks that
tell back-office systems about enquiries (a queue, retried like the outbox)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"


class Open311Service(db.Model):
    """A case type open to the API, as an Open311 service: its code, group and keywords, and
    the e-form whose questions are its attributes (none: no attributes)."""

    __tablename__ = "open311_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_type_id: Mapped[int] = mapped_column(ForeignKey("case_types.id", ondelete="CASCADE"), unique=True)
    service_code: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    group: Mapped[str] = mapped_column(String(200), default="")
    keywords: Mapped[str] = mapped_column(String(500), default="")  # comma separated, as the standard has them
    form_slug: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    case_type: Mapped["CaseType"] = relationship()  # noqa: F821


class ApiKey(db.Model):
    """An API client's key: only its SHA-256 is kept (the key is shown once, when issued),
    and `prefix`, its first characters, so people can tell keys apart."""

    __tablename__ = "open311_api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(12))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Open311Request(db.Model):
    """What an API request brought beyond its enquiry: where (WGS84 and British National Grid),
    the client's token, device and media, and the last status a back office or staff gave
    in Open311's extended terms."""

    __tablename__ = "open311_requests"
    __table_args__ = (Index("ix_open311_requests_requested_at", "requested_at", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("open311_services.id", ondelete="RESTRICT"), index=True)
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("open311_api_keys.id", ondelete="SET NULL"))
    token: Mapped[str] = mapped_column(String(40), unique=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lat: Mapped[float | None] = mapped_column(Float)
    long: Mapped[float | None] = mapped_column(Float)
    easting: Mapped[float | None] = mapped_column(Float)
    northing: Mapped[float | None] = mapped_column(Float)
    address_string: Mapped[str] = mapped_column(Text, default="")
    address_id: Mapped[str] = mapped_column(String(100), default="")
    # The description as the client sent it: Open311 publishes it (it is the report, not who
    # made it); the enquiry's own adds the attributes, for staff.
    description: Mapped[str] = mapped_column(Text, default="")
    device_id: Mapped[str] = mapped_column(String(200), default="")
    media_urls: Mapped[list] = mapped_column(JSON, default=list)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    external_status: Mapped[str] = mapped_column(String(40), default="")  # OPEN, FIXED, ...

    enquiry: Mapped["Enquiry"] = relationship()  # noqa: F821
    service: Mapped[Open311Service] = relationship()


class Webhook(db.Model):
    """A back-office system told about one case type's enquiries; `secret` signs what we send
    and authenticates what it sends back."""

    __tablename__ = "open311_webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_type_id: Mapped[int] = mapped_column(ForeignKey("case_types.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(1000))
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case_type: Mapped["CaseType"] = relationship()  # noqa: F821


class WebhookDelivery(db.Model):
    """One event on its way to a back office, or delivered: retried with growing gaps, in
    order per enquiry (a later one waits for an earlier one of the same enquiry)."""

    __tablename__ = "open311_webhook_deliveries"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'delivered', 'failed')", name="known_status"),
        Index("ix_open311_webhook_deliveries_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("open311_webhooks.id", ondelete="CASCADE"), index=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), index=True)
    # The timeline entry it tells of: the queue job goes on from the last one queued.
    source_event_id: Mapped[int | None] = mapped_column(ForeignKey("enquiry_events.id", ondelete="SET NULL"),
                                                        index=True)
    event: Mapped[str] = mapped_column(String(20))  # created, updated, assigned, resolved
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    response_status: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    webhook: Mapped[Webhook] = relationship()


class InboundUpdate(db.Model):
    """A status update a back office sent, kept once by its signature: the same signed
    message sent again (a replay) is refused."""

    __tablename__ = "open311_inbound_updates"
    __table_args__ = (UniqueConstraint("webhook_id", "signature", name="one_use_per_signature"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("open311_webhooks.id", ondelete="CASCADE"), index=True)
    signature: Mapped[str] = mapped_column(String(64))
    enquiry_id: Mapped[int | None] = mapped_column(ForeignKey("enquiries.id", ondelete="SET NULL"), index=True)
    # The timeline entry it made, which Open311's request updates report with this status.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("enquiry_events.id", ondelete="SET NULL"), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(40), default="")  # the extended status it gave, if any
    body: Mapped[str] = mapped_column(Text, default="")


class ReportLocation(db.Model):
    """Where a problem reported on a web form is, as the resident gave it: the postcode and the
    description they typed, the latitude and longitude (WGS84) their browser found when they
    asked it to, and the British National Grid easting and northing of those, inside Great
    Britain, for the back office. (An API request keeps its own in Open311Request.)"""

    __tablename__ = "report_locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), unique=True)
    postcode: Mapped[str] = mapped_column(String(10), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    lat: Mapped[float | None] = mapped_column(Float)
    long: Mapped[float | None] = mapped_column(Float)
    easting: Mapped[float | None] = mapped_column(Float)
    northing: Mapped[float | None] = mapped_column(Float)

    enquiry: Mapped["Enquiry"] = relationship()  # noqa: F821

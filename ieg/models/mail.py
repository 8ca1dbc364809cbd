"""Outgoing mail: every message goes through the outbox and is retried until sent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

PENDING, SENT, FAILED = "pending", "sent", "failed"
PERSONAL, BULK = 0, 5


class OutboxMessage(db.Model):
    """One email waiting to be sent, or sent. Written in the same transaction as the
    change it reports, so a message is never lost and never sent for a rolled-back change."""

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="known_status"),
        Index("ix_outbox_messages_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    purpose: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    # When sending first failed: retries stop, and the message fails, a bounded time after.
    first_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Lower goes first: mail to one person (acknowledgements, replies) is PERSONAL; alerts to
    # many subscribers are BULK and wait behind it, so 20,000 alerts never delay an acknowledgement.
    priority: Mapped[int] = mapped_column(Integer, default=0)

"""Participation: consultations with their surveys and responses (R15), and the alerts engine's
subscribers, subscriptions and alerts raised (G3), with the e-participation targets (E3)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

# The statuses and frequencies are named in ieg.participation.consultation_status and
# ieg.participation.subscriptions (pure rules); the constraints below list the same words.


class Consultation(db.Model):
    """A proposal put to the public. Its background and its "You said, we did" outcome are pages
    of its section, so they go through that section's editors, revisions, accessibility checks
    and publishing like any page; the consultation is public once its background page is."""

    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint("status IN ('upcoming', 'open', 'closed', 'concluded')", name="known_status"),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="RESTRICT"), index=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="RESTRICT"))
    outcome_page_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id", ondelete="SET NULL"))
    # Who it affects: ward names, and for a traffic scheme the streets or area in words.
    wards: Mapped[list] = mapped_column(JSON, default=list)
    areas: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="upcoming")
    concluded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The survey, as data: see ieg.participation.surveys.
    questions: Mapped[list] = mapped_column(JSON, default=list)
    # The editors' choice: every question on one page, or each on its own page (GOV.UK's
    # "one thing per page") followed by check your answers.
    one_per_page: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Responses the council took on paper, by letter or at events (E3's share online).
    offline_responses: Mapped[int] = mapped_column(Integer, default=0)
    results_summary: Mapped[str] = mapped_column(Text, default="")  # the published summary (Markdown)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    section: Mapped["Section"] = relationship()  # noqa: F821
    page: Mapped["Page"] = relationship(foreign_keys=[page_id])  # noqa: F821
    outcome_page: Mapped["Page | None"] = relationship(foreign_keys=[outcome_page_id])  # noqa: F821


class ConsultationResponse(db.Model):
    """One respondent's answers. No account: the reference and a signed link bring them back to
    change it until the consultation closes. Name and email are never published; `publish` is
    their consent: 'named', 'anonymous' or 'no'."""

    __tablename__ = "consultation_responses"
    __table_args__ = (
        CheckConstraint("publish IN ('named', 'anonymous', 'no')", name="known_consent"),
        CheckConstraint("respondent_type IN ('', 'resident', 'business', 'organisation')", name="known_type"),
        CheckConstraint("review IN ('', 'genuine', 'excluded')", name="known_review"),
        Index("ix_consultation_responses_fingerprint", "consultation_id", "fingerprint"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    edit_key: Mapped[str] = mapped_column(String(64))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    respondent_type: Mapped[str] = mapped_column(String(16), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    publish: Mapped[str] = mapped_column(String(10), default="no")
    satisfaction: Mapped[int | None] = mapped_column(Integer)  # 1 (very dissatisfied) to 5
    # Same answers and postcode as an earlier response: flagged for staff, never dropped.
    fingerprint: Mapped[str] = mapped_column(String(64))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_responses.id", ondelete="SET NULL"))
    # Staff's decision on a flagged response: 'genuine' (no longer flagged) or 'excluded' (kept,
    # but left out of every count, chart and publication); '' while undecided.
    review: Mapped[str] = mapped_column(String(10), default="", server_default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    reviewed_by: Mapped["User | None"] = relationship(foreign_keys=[reviewed_by_id])  # noqa: F821
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Subscriber(db.Model):
    """Someone who follows topics by email. No account: `key` is in the signed links that
    confirm, manage and unsubscribe. Nothing is sent before they confirm (double opt-in)."""

    __tablename__ = "alert_subscribers"
    __table_args__ = (CheckConstraint("frequency IN ('immediate', 'weekly')", name="known_frequency"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    frequency: Mapped[str] = mapped_column(String(10), default="immediate")
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    subscriptions: Mapped[list["Subscription"]] = relationship(back_populates="subscriber",
                                                               cascade="all, delete-orphan")


class Subscription(db.Model):
    """A subscriber follows one topic: a kind registered by an area and a key within it."""

    __tablename__ = "alert_subscriptions"
    __table_args__ = (
        UniqueConstraint("subscriber_id", "kind", "key", name="uq_alert_subscriptions_topic"),
        Index("ix_alert_subscriptions_topic", "kind", "key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("alert_subscribers.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(120))

    subscriber: Mapped[Subscriber] = relationship(back_populates="subscriptions")


class Alert(db.Model):
    """Something that happened, on one or more topics ([kind, key] pairs): sent at once, once, to
    each immediate subscriber following any of them, and gathered into weekly digests."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_created", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topics: Mapped[list] = mapped_column(JSON, default=list)
    # What raised it ("consultation:12:open"): raising the same thing again does nothing.
    source: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    path: Mapped[str] = mapped_column(String(500))
    recipients: Mapped[int] = mapped_column(Integer, default=0)  # immediate messages queued
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ParticipationTarget(db.Model):
    """E3: an administrator's baseline and target for one e-participation measure."""

    __tablename__ = "participation_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    measure: Mapped[str] = mapped_column(String(40), unique=True)
    baseline: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

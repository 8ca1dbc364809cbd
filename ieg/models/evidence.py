"""Outcome evidence (docs/design.md 3.6): the self-assessment of each priority outcome with its
history, the evidence items that link an outcome to what proves it, and the BVPI 157 grid."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

RAGS = ("red", "amber", "green", "not_applicable")
EVIDENCE_KINDS = ("page", "form", "case_type", "report", "document", "url")


class OutcomeAssessment(db.Model):
    """The self-assessment in force for one outcome; an outcome with no row is not yet assessed.
    Every change also writes an AssessmentChange (the history) and an audit entry."""

    __tablename__ = "outcome_assessments"
    __table_args__ = (CheckConstraint(f"rag IN ({', '.join(repr(r) for r in RAGS)})", name="known_rag"),)

    ref: Mapped[str] = mapped_column(String(4), primary_key=True)  # R1..R29, G1..G25, E1..E19
    rag: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(200), default="")
    target_date: Mapped[date | None] = mapped_column(Date)
    commentary: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AssessmentChange(db.Model):
    """One change to an outcome's assessment: who, when, from what to what, and why."""

    __tablename__ = "outcome_assessment_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(4), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254), default="")  # as they were then
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # {"rag": ["amber", "green"], ...}
    reason: Mapped[str] = mapped_column(Text, default="")


class EvidenceItem(db.Model):
    """A link from an outcome to something that proves it: a page, a form, a case type, a
    report, an uploaded document (kept under the instance folder with its SHA-256) or a URL."""

    __tablename__ = "evidence_items"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in EVIDENCE_KINDS)})", name="known_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(4), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(500), default="")  # page id, form slug, case type id, report name, URL
    title: Mapped[str] = mapped_column(String(300), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # Uploaded documents only
    filename: Mapped[str] = mapped_column(String(255), default="")
    content_type: Mapped[str] = mapped_column(String(120), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    added_by: Mapped["User | None"] = relationship()  # noqa: F821


class BvpiCell(db.Model):
    """One service (LGSL) x interaction type (LGIL) pair of the BVPI 157 grid, as set by hand.
    `permissible` / `e_enabled` None: decided automatically (a published page or a live form
    that declares the service and the interaction)."""

    __tablename__ = "bvpi_cells"

    lgsl_id: Mapped[int] = mapped_column(ForeignKey("lgsl_services.id", ondelete="CASCADE"), primary_key=True)
    lgil_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    permissible: Mapped[bool | None] = mapped_column(Boolean)
    e_enabled: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

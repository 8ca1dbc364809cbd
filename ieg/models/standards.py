"""The corporate calendar and the service standards (docs/design.md 3.5), as versions.

Every change an administrator makes is a new `StandardsVersion` row, never an edit: each
enquiry records the version its deadlines were computed with, so a figure can be
re-derived with the rules that applied then, and a change recomputes open enquiries only.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow


class StandardsVersion(db.Model):
    __tablename__ = "standards_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # {"0": ["09:00", "17:00"], ..., "5": null, "6": null}: Monday is "0"
    hours: Mapped[dict] = mapped_column(JSON)
    subdivision: Mapped[str] = mapped_column(String(8), default="ENG")
    closures: Mapped[list] = mapped_column(JSON, default=list)  # ISO dates the council is closed
    rule: Mapped[str] = mapped_column(String(40))  # ieg.workingtime.RULES
    day_minutes: Mapped[int] = mapped_column(Integer, default=480)  # one working day's length
    acknowledgement_minutes: Mapped[int] = mapped_column(Integer, default=15)
    response_days: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")  # why it changed, for the audit trail

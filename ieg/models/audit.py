"""The audit log (docs/design.md 3.6): append-only and hash-chained. Each entry stores the hash
of the entry before it and the SHA-256 of that hash plus its own canonical content, so an
edit, a deletion or a reordering anywhere breaks the chain at that point
(`ieg.audit.verify`). `prev_hash` is unique: two writers racing to append after the same
entry cannot both succeed, so the chain never forks."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ieg.extensions import db
from ieg.models.types import UTCDateTime


class AuditEntry(db.Model):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(254), default="")  # who, as they were then (name <email>)
    action: Mapped[str] = mapped_column(String(60), index=True)  # "standards.change", "login", ...
    subject: Mapped[str] = mapped_column(String(120), default="")  # "enquiry:ENQ-...", "case_type:7"
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)

"""Content: sections (one per service area). Pages arrive with the CMS."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow


class Section(db.Model):
    """One service area's part of the site, edited by that service (R24)."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # The LGNL top-level heading it sits under in public navigation.
    lgnl_heading: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_address: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    grants: Mapped[list["SectionGrant"]] = relationship(  # noqa: F821
        back_populates="section", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Section {self.slug}>"

"""What's on (G2): events and vacancies, each belonging to a community group (kept by its group
editors) or to a council section (kept by its authors).

An event's times are Europe/London wall-clock times (a date and a time of day), not instants: a
weekly 19:00 event stays at 19:00 when the clocks change. Its repeats are an RFC 5545 RRULE built
by `ieg.whatson.recurrence` from the form's choices, never typed by a person."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.directory import DirectoryCategory
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

# An event on the calendar, called off (kept in feeds as STATUS:CANCELLED), or taken away.
LIVE, CANCELLED, REMOVED = "live", "cancelled", "removed"
EVENT_STATUSES = (LIVE, CANCELLED, REMOVED)
# A vacancy taking applications, past its closing date (by the daily job), or taken away.
OPEN, CLOSED = "open", "closed"
VACANCY_STATUSES = (OPEN, CLOSED, REMOVED)


class _Owned:
    """Belongs to a group or to a section, never both (`can()` reads `group` and `section_id`)."""

    group_id: Mapped[int | None] = mapped_column(ForeignKey("community_groups.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)


class EventCategory(db.Model):
    __tablename__ = "event_categories"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("directory_categories.id", ondelete="CASCADE"),
                                             primary_key=True, index=True)


class EventWard(db.Model):
    __tablename__ = "event_wards"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), primary_key=True, index=True)


class EventCancellation(db.Model):
    """One date of a repeating event called off (an EXDATE)."""

    __tablename__ = "event_cancellations"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)


class Event(_Owned, db.Model):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("status IN ('live', 'cancelled', 'removed')", name="known_status"),
        CheckConstraint("(group_id IS NULL) <> (section_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    start_date: Mapped[date] = mapped_column(Date, index=True)  # the first occurrence, local
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)  # same day
    rrule: Mapped[str] = mapped_column(String(200), default="")  # empty: happens once
    last_date: Mapped[date | None] = mapped_column(Date, index=True)  # the last occurrence; None: no end
    skip_bank_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    price: Mapped[str] = mapped_column(String(200), default="")  # empty: free
    booking_url: Mapped[str] = mapped_column(String(500), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=LIVE, index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE: raised on each change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group = relationship("CommunityGroup")
    section = relationship("Section")
    categories: Mapped[list[DirectoryCategory]] = relationship(secondary="event_categories",
                                                               order_by=DirectoryCategory.position)
    wards = relationship("Ward", secondary="event_wards", order_by="Ward.name")
    cancellations: Mapped[list[EventCancellation]] = relationship(cascade="all, delete-orphan",
                                                                  order_by=EventCancellation.day)

    @property
    def cancelled_days(self) -> frozenset[date]:
        return frozenset(c.day for c in self.cancellations)


class Vacancy(_Owned, db.Model):
    """A paid job or a volunteering role."""

    __tablename__ = "vacancies"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed', 'removed')", name="known_status"),
        CheckConstraint("(group_id IS NULL) <> (section_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    volunteer: Mapped[bool] = mapped_column(Boolean, default=False)
    pay: Mapped[str] = mapped_column(String(200), default="")  # for a paid job
    hours: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    closing_date: Mapped[date] = mapped_column(Date, index=True)  # applications until the end of this day
    how_to_apply: Mapped[str] = mapped_column(Text, default="")
    apply_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    group = relationship("CommunityGroup")
    section = relationship("Section")

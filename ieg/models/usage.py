"""Website usage (R26) and channel take-up targets (G22, E18).

Aggregates only: no IP address and no User-Agent string is stored anywhere. A browser is
known only by a keyed hash (HMAC with the month's salt); the hashes and the salt are deleted
once their month is closed, leaving the month's count of unique browsers.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

# What the per-day breakdowns hold besides pages: the page a visit began on, the domain a
# visitor came from, the kind of device, robots' impressions by how they were caught, and
# each section's page impressions (kept apart from the pages' rows so that every section's
# figures read a few rows a day).
DIMENSIONS = ("entry", "referrer", "device", "robot", "section")
CHANNEL_MEASURES = ("baseline", "target")


class UsageSalt(db.Model):
    """The month's secret for the keyed browser hash; deleted when the month is closed."""

    __tablename__ = "usage_salts"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "2026-12", UTC
    salt: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UsageDay(db.Model):
    """One day's totals (the council's local day)."""

    __tablename__ = "usage_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    impressions: Mapped[int] = mapped_column(Integer, default=0)
    robot_impressions: Mapped[int] = mapped_column(Integer, default=0)
    unique_browsers: Mapped[int] = mapped_column(Integer, default=0)
    visits: Mapped[int] = mapped_column(Integer, default=0)
    long_visits: Mapped[int] = mapped_column(Integer, default=0)  # visits of two or more pages
    long_visit_seconds: Mapped[int] = mapped_column(Integer, default=0)  # their total duration


class UsageMonth(db.Model):
    """A month's unique browsers: added to as new browsers are seen, and all that is left of
    them once the month is closed and their hashes deleted."""

    __tablename__ = "usage_months"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # local month, "2026-12"
    unique_browsers: Mapped[int] = mapped_column(Integer, default=0)


class UsagePageDay(db.Model):
    """Page impressions of one page on one day (browsers only; robots are in UsageDay)."""

    __tablename__ = "usage_page_days"
    # The unique index serves days and date ranges; the other, sections over a date range.
    __table_args__ = (UniqueConstraint("day", "path", name="one_row_per_page_day"),
                      Index("ix_usage_page_days_section_day", "section", "day"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    path: Mapped[str] = mapped_column(String(300))
    section: Mapped[str] = mapped_column(String(100), default="")  # the path's first segment
    impressions: Mapped[int] = mapped_column(Integer, default=0)


class UsageDimensionDay(db.Model):
    """A day's count for one value of a breakdown (an entry page, a referring domain...)."""

    __tablename__ = "usage_dimension_days"
    __table_args__ = (UniqueConstraint("day", "dimension", "value", name="one_row_per_value_day"),
                      CheckConstraint("dimension IN ('entry', 'referrer', 'device', 'robot', 'section')",
                                      name="known_dimension"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # the unique index leads with it
    dimension: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(300))
    count: Mapped[int] = mapped_column(Integer, default=0)


class UsageBrowserDay(db.Model):
    """A browser's keyed hash seen on a day: kept only until its month is closed. The unique
    index leads with the hash: "seen before this month?" looks it up by hash."""

    __tablename__ = "usage_browser_days"
    __table_args__ = (UniqueConstraint("browser", "day", name="one_row_per_browser_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    browser: Mapped[str] = mapped_column(String(64))


class UsageOpenVisit(db.Model):
    """A visit still going (a browser seen in the last 30 minutes), by the browser's hash."""

    __tablename__ = "usage_open_visits"

    browser: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # the local day it began on, where it is counted
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    pages: Mapped[int] = mapped_column(Integer, default=1)


class UsageSpoolFile(db.Model):
    """A spool file already aggregated, recorded in the same transaction as its counts, so a
    file left behind by a crash after the commit is never counted again."""

    __tablename__ = "usage_spool_files"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    hits: Mapped[int] = mapped_column(Integer, default=0)
    aggregated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ChannelTarget(db.Model):
    """An administrator's baseline or target share of a service's enquiries on one channel (G22, E18)."""

    __tablename__ = "channel_targets"
    __table_args__ = (UniqueConstraint("section_id", "channel", "measure", name="one_per_service_channel_measure"),
                      CheckConstraint("measure IN ('baseline', 'target')", name="known_measure"),
                      CheckConstraint("percent >= 0 AND percent <= 100", name="percent_in_range"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # None: the whole council
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    measure: Mapped[str] = mapped_column(String(16))
    percent: Mapped[int] = mapped_column(Integer)
    by_month: Mapped[str] = mapped_column(String(7), default="")  # a target's month ("2027-03"); a baseline's month
    set_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

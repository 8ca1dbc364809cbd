"""Running tallies of the R29 and R28 reports (ieg/evidence/tallies.py), and the changes to them
that triggers on `enquiries` write (migration 0036). No foreign keys: a tally counts what the
enquiries said, and an enquiry whose service is deleted moves to "no service" by its own update."""
from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from ieg.extensions import db

# On SQLite an INTEGER primary key is the row id (handed out in order); elsewhere a 64-bit one.
CHANGE_ID = BigInteger().with_variant(Integer, "sqlite")


class R29Key:
    """What R29 counts an email enquiry under: month, service, exclusion reason and outcome:
    `excluded`, `in_time`, `breached` (answered after the deadline) or `open` (no answer yet, or
    no deadline: whether it has breached depends on when the report is read, so the report
    works that out)."""

    received_month: Mapped[str] = mapped_column(String(7))
    section_id: Mapped[int | None] = mapped_column(Integer)
    excluded_reason: Mapped[str | None] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(10))


class R28Key:
    """What R28 counts a web-form or email enquiry not excluded under: month, service, whether
    an acknowledgement was sent, the whole seconds from receipt to the first, whether one sent
    carried the reference and whether the first went by the deadline."""

    received_month: Mapped[str] = mapped_column(String(7))
    section_id: Mapped[int | None] = mapped_column(Integer)
    acknowledged: Mapped[bool] = mapped_column(Boolean)
    acknowledgement_seconds: Mapped[int | None] = mapped_column(Integer)
    with_reference: Mapped[bool] = mapped_column(Boolean)
    within_standard: Mapped[bool] = mapped_column(Boolean)


class R29Tally(R29Key, db.Model):
    __tablename__ = "r29_tallies"
    __table_args__ = (Index("ix_r29_tallies_month", "received_month", "section_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enquiries: Mapped[int] = mapped_column(Integer)


class R29TallyChange(R29Key, db.Model):
    """+1 under an enquiry's new key, -1 under its old one, written by the triggers."""

    __tablename__ = "r29_tally_changes"

    id: Mapped[int] = mapped_column(CHANGE_ID, primary_key=True)
    change: Mapped[int] = mapped_column(SmallInteger)


class R28Tally(R28Key, db.Model):
    """With the least and greatest exact latency (microseconds) of the enquiries counted, NULL
    when not known since one left (the fold reads them again)."""

    __tablename__ = "r28_tallies"
    __table_args__ = (Index("ix_r28_tallies_month", "received_month", "section_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enquiries: Mapped[int] = mapped_column(Integer)
    least: Mapped[int | None] = mapped_column(BigInteger)
    greatest: Mapped[int | None] = mapped_column(BigInteger)


class R28TallyChange(R28Key, db.Model):
    __tablename__ = "r28_tally_changes"

    id: Mapped[int] = mapped_column(CHANGE_ID, primary_key=True)
    microseconds: Mapped[int | None] = mapped_column(BigInteger)
    change: Mapped[int] = mapped_column(SmallInteger)

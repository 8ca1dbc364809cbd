"""Local democracy: wards, councillors (R6), committees, meetings and their papers (R5)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

SCHEDULED, MOVED, CANCELLED = "scheduled", "moved", "cancelled"
MEETING_STATUSES = (SCHEDULED, MOVED, CANCELLED)
REPORT, MINUTES, DECISION_NOTICE, KEY_DECISION_NOTICE = "report", "minutes", "decisions", "key_decision_notice"
DOCUMENT_KINDS = (REPORT, MINUTES, DECISION_NOTICE, KEY_DECISION_NOTICE)
PRESENT, APOLOGIES, ABSENT, SUBSTITUTE = "present", "apologies", "absent", "substitute"
ATTENDANCE = (PRESENT, APOLOGIES, ABSENT, SUBSTITUTE)


class Ward(db.Model):
    __tablename__ = "wards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)  # ONS code, e.g. E05012345
    name: Mapped[str] = mapped_column(String(120), unique=True)


class CouncillorWard(db.Model):
    __tablename__ = "councillor_wards"

    councillor_id: Mapped[int] = mapped_column(ForeignKey("councillors.id", ondelete="CASCADE"), primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), primary_key=True, index=True)


class Councillor(db.Model):
    """A councillor's public record. Their own pages are a CMS section of their own (`section`),
    edited with the CMS's editor; contact details here are only those they chose to publish."""

    __tablename__ = "councillors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    party: Mapped[str] = mapped_column(String(120), default="")
    photo_url: Mapped[str] = mapped_column(String(300), default="")
    photo_alt: Mapped[str] = mapped_column(String(300), default="")
    term_starts: Mapped[date] = mapped_column(Date)
    term_ends: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    surgeries: Mapped[str] = mapped_column(Text, default="")  # Markdown
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    wards: Mapped[list[Ward]] = relationship(secondary="councillor_wards", order_by=Ward.name)
    section = relationship("Section")
    roles: Mapped[list["CouncillorRole"]] = relationship(
        back_populates="councillor", cascade="all, delete-orphan", order_by="CouncillorRole.starts")
    interests: Mapped[list["Interest"]] = relationship(
        back_populates="councillor", cascade="all, delete-orphan", order_by="Interest.id")


class CouncillorRole(db.Model):
    """A cabinet portfolio, a chair or another office, with its dates."""

    __tablename__ = "councillor_roles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    councillor_id: Mapped[int] = mapped_column(ForeignKey("councillors.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date | None] = mapped_column(Date)

    councillor: Mapped[Councillor] = relationship(back_populates="roles")


class Interest(db.Model):
    """One entry in a councillor's register of interests. Entries are never deleted: one that
    ends gets `removed_on`, so the register's history stays published."""

    __tablename__ = "interests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    councillor_id: Mapped[int] = mapped_column(ForeignKey("councillors.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    declared_on: Mapped[date] = mapped_column(Date)
    removed_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    councillor: Mapped[Councillor] = relationship(back_populates="interests")


class PostcodeWard(db.Model):
    """A council's postcode-to-ward list, loaded by `flask ieg load-postcode-wards`."""

    __tablename__ = "postcode_wards"

    postcode: Mapped[str] = mapped_column(String(10), primary_key=True)  # upper case, one space
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), index=True)


class Committee(db.Model):
    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["CommitteeMember"]] = relationship(
        back_populates="committee", cascade="all, delete-orphan", order_by="CommitteeMember.id")


class CommitteeMember(db.Model):
    __tablename__ = "committee_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"), index=True)
    councillor_id: Mapped[int] = mapped_column(ForeignKey("councillors.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(60), default="Member")  # Chair, Vice-chair, Member
    starts: Mapped[date] = mapped_column(Date)
    ends: Mapped[date | None] = mapped_column(Date)

    committee: Mapped[Committee] = relationship(back_populates="members")
    councillor: Mapped[Councillor] = relationship()


class Meeting(db.Model):
    """A meeting in the diary. Public from when it is made; a cancelled one stays listed.
    `sequence` rises on every change the calendar feeds carry (RFC 5545 SEQUENCE)."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("status IN ('scheduled', 'moved', 'cancelled')", name="known_status"),
        Index("ix_meetings_committee_starts", "committee_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(300), default="")
    remote_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(12), default=SCHEDULED)
    status_note: Mapped[str] = mapped_column(String(300), default="")
    # A key decision on the agenda needs its notice 28 clear days before.
    key_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    key_decision_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agenda_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    committee: Mapped[Committee] = relationship()
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.number")
    documents: Mapped[list["MeetingDocument"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingDocument.id")
    attendance: Mapped[list["Attendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.id")


class AgendaItem(db.Model):
    """One item of business, with its own page. An exempt item (Schedule 12A, `exempt_paragraph`)
    is listed by title with nothing of its content made public."""

    __tablename__ = "agenda_items"
    __table_args__ = (UniqueConstraint("meeting_id", "number", name="uq_agenda_items_meeting_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown
    body_html: Mapped[str] = mapped_column(Text, default="")
    exempt_paragraph: Mapped[int | None] = mapped_column(Integer)
    key_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    decision: Mapped[str] = mapped_column(Text, default="")  # Markdown
    decision_html: Mapped[str] = mapped_column(Text, default="")
    decision_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="items")


class MeetingDocument(db.Model):
    """A report, the minutes or a notice: an HTML page (Markdown rendered by the CMS's renderer)
    with files attached. Public from `published_at`; `publish_at` schedules it."""

    __tablename__ = "meeting_documents"
    __table_args__ = (
        CheckConstraint("kind IN ('report', 'minutes', 'decisions', 'key_decision_notice')", name="known_kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="documents")
    agenda_item: Mapped[AgendaItem | None] = relationship()
    files: Mapped[list["DocumentFile"]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentFile.id")


class DocumentFile(db.Model):
    """A file attached to a meeting document, stored as page attachments are."""

    __tablename__ = "document_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("meeting_documents.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[MeetingDocument] = relationship(back_populates="files")


class Attendance(db.Model):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "councillor_id", name="uq_attendance_meeting_councillor"),
        CheckConstraint("status IN ('present', 'apologies', 'absent', 'substitute')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    councillor_id: Mapped[int] = mapped_column(ForeignKey("councillors.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12))
    substitute_for_id: Mapped[int | None] = mapped_column(ForeignKey("councillors.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    councillor: Mapped[Councillor] = relationship(foreign_keys=[councillor_id])
    substitute_for: Mapped[Councillor | None] = relationship(foreign_keys=[substitute_for_id])

"""Casework: customers (one record across channels), case types, enquiries and their history."""
from __future__ import annotations

from datetime import datetime

from datetime import date

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

CHANNELS = ("web", "email", "phone", "face_to_face", "letter", "api")
OPEN, IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED, CLOSED = (
    "open", "in_progress", "awaiting_customer", "resolved", "closed")
STATUSES = (OPEN, IN_PROGRESS, AWAITING_CUSTOMER, RESOLVED, CLOSED)
# Why an enquiry is left out of the standards' figures (docs/design.md 3.5); auditors see each one.
EXCLUSION_REASONS = ("spam", "duplicate", "misdirected", "auto_reply")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# The rows R28 counts, as constants both databases match a query against (a partial index).
R28_ROWS = "channel IN ('web', 'email') AND excluded_reason IS NULL"
# R29's email enquiries still waiting for an answer: whether each has breached depends on when the
# report is read, so the report counts them then (the rest comes from r29_tallies).
R29_UNANSWERED = "channel = 'email' AND excluded_reason IS NULL AND first_response_at IS NULL"


def _where_set(name: str, column: str, unique: bool = False) -> Index:
    """An index of the rows where `column` is set, for a column most rows leave empty and
    that is only looked up by value (=, IN): a row without one costs no index entry. Every
    index entry a web-form submission writes costs it the index's pages read (after another
    worker's commit, SQLite reads them again), a b-tree insert and a log page (migrations
    0013, 0014). `unique`: no two rows share a value (rows without one are not compared)."""
    where = text(f"{column} IS NOT NULL")
    return Index(name, column, unique=unique, sqlite_where=where, postgresql_where=where)


class Customer(db.Model):
    """A person or organisation who contacts the council, whatever the channel (R27)."""

    __tablename__ = "customers"
    __table_args__ = (
        _where_set("ix_customers_email", "email"), _where_set("ix_customers_phone", "phone"),
        _where_set("ix_customers_postcode", "postcode"), _where_set("ix_customers_merged_into_id", "merged_into_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))  # lower case
    phone: Mapped[str | None] = mapped_column(String(40))   # digits, +44 as 0
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str | None] = mapped_column(String(10))  # "AS1 1AA"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # A duplicate merged into another record keeps its row (old references still lead
    # somewhere) but owns nothing: its enquiries moved to the record it points at.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id", ondelete="SET NULL"))
    merged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    addresses: Mapped[list["CustomerAddress"]] = relationship(
        back_populates="customer", order_by="CustomerAddress.id", cascade="all, delete-orphan")


class CustomerAddress(db.Model):
    """The customer's address history: where they lived from when to when (G25)."""

    __tablename__ = "customer_addresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str | None] = mapped_column(String(10))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)  # None: the current address
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer: Mapped[Customer] = relationship(back_populates="addresses")


class AddressChange(db.Model):
    """A change of address told once (G25): a dated event on the customer, and the list of
    records it updated (`records`)."""

    __tablename__ = "address_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    old_address: Mapped[str] = mapped_column(Text, default="")
    old_postcode: Mapped[str | None] = mapped_column(String(10))
    new_address: Mapped[str] = mapped_column(Text, default="")
    new_postcode: Mapped[str | None] = mapped_column(String(10))
    moved_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The "tell us you have moved" enquiry it came from, if any.
    enquiry_id: Mapped[int | None] = mapped_column(ForeignKey("enquiries.id", ondelete="SET NULL"), index=True)

    customer: Mapped[Customer] = relationship()
    records: Mapped[list["AddressChangeRecord"]] = relationship(
        back_populates="change", order_by="AddressChangeRecord.id", cascade="all, delete-orphan")


class AddressChangeRecord(db.Model):
    """One record a change of address updated, or deliberately left alone (a closed enquiry
    keeps the address it was dealt with at)."""

    __tablename__ = "address_change_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address_change_id: Mapped[int] = mapped_column(ForeignKey("address_changes.id", ondelete="CASCADE"), index=True)
    record: Mapped[str] = mapped_column(String(40))  # "customer", "enquiry"
    enquiry_id: Mapped[int | None] = mapped_column(ForeignKey("enquiries.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # updated, kept
    detail: Mapped[str] = mapped_column(String(300), default="")

    change: Mapped[AddressChange] = relationship(back_populates="records")
    enquiry: Mapped["Enquiry | None"] = relationship()


class CustomerMerge(db.Model):
    """Two records found to be one person: what moved from the duplicate to the survivor."""

    __tablename__ = "customer_merges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # enquiries moved, details copied


class CaseType(db.Model):
    """What an enquiry is about: it fixes the service area, the standards and the outcomes served."""

    __tablename__ = "case_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"), index=True)
    outcome_refs: Mapped[list] = mapped_column(JSON, default=list)
    resolution_days: Mapped[int] = mapped_column(Integer, default=10)  # working days
    # BVPI 157: the LGSL services this case type's forms serve and the LGIL interaction type
    # (0-9) they offer; a live form then e-enables those pairs.
    lgsl_ids: Mapped[list] = mapped_column(JSON, default=list)
    lgil_id: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    section: Mapped["Section | None"] = relationship()  # noqa: F821


class Enquiry(db.Model):
    """One enquiry, on one channel, with its public reference (R28)."""

    __tablename__ = "enquiries"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="known_channel"),
        CheckConstraint(_in("status", STATUSES), name="known_status"),
        _where_set("ix_enquiries_assigned_to_id", "assigned_to_id"),  # "unassigned" reads by received_at
        # An officer's lists include the enquiries they logged (ieg.casework.visibility); a
        # web-form or email enquiry has no author and costs no entry.
        _where_set("ix_enquiries_created_by_id", "created_by_id"),
        # A web-form enquiry has a submission key and no Message-ID, an email one the reverse,
        # and one by phone neither: each is unique where it is set (ON CONFLICT sees these too).
        _where_set("uq_enquiries_submission_key", "submission_key", unique=True),
        _where_set("uq_enquiries_email_message_id", "email_message_id", unique=True),
        # Covers the R29 and R28 reports (ieg/evidence/reports.py): SQLite groups by month,
        # service and exclusion in index order and never reads the table (1,000,000 enquiries:
        # bench_reports).
        Index("ix_enquiries_channel_month_section", "channel", "received_month", "section_id", "excluded_reason",
              "received_at", "response_due_at", "first_response_at", "acknowledgement_due_at", "acknowledged_at",
              "acknowledged_with_reference"),
        # R28's one pass (ieg/evidence/reports.py): only the web-form and email enquiries it
        # counts, in the order it groups them (month, service, whole seconds to acknowledge),
        # so both databases count the latency histogram straight off the index, sorting nothing.
        # Its first column is NULL throughout: "excluded_reason IS NULL" is then an equality on
        # it, which is what makes SQLite's planner (without ANALYZE's statistics) prefer it;
        # channel is there too, as SQLite tests the index's own condition again.
        Index("ix_enquiries_r28", "excluded_reason", "received_month", "section_id", "acknowledgement_seconds",
              "acknowledgement_microseconds", "received_at", "acknowledged_at", "acknowledgement_due_at",
              "acknowledged_with_reference", "channel", sqlite_where=text(R28_ROWS), postgresql_where=text(R28_ROWS)),
        # R29's unanswered email enquiries. The condition's own columns lead (the same in every
        # entry): as equalities they make SQLite's planner, which has no statistics, prefer this
        # small index to ix_enquiries_channel_month_section.
        Index("ix_enquiries_r29_unanswered", "first_response_at", "excluded_reason", "channel", "received_month",
              "section_id", "response_due_at", sqlite_where=text(R29_UNANSWERED), postgresql_where=text(R29_UNANSWERED)),
        CheckConstraint(f"excluded_reason IS NULL OR {_in('excluded_reason', EXCLUSION_REASONS)}",
                        name="known_exclusion"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id", ondelete="RESTRICT"), index=True)
    case_type_id: Mapped[int] = mapped_column(ForeignKey("case_types.id", ondelete="RESTRICT"), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # an e-form's fields, as submitted
    status: Mapped[str] = mapped_column(String(24), default=OPEN)
    # The clock starts when the council received it (docs/design.md 3.5): the form's submission, or
    # the council mail server's Received time; taken_in_at is when IEG stored it.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    taken_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at_first_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    # The standards (docs/design.md 3.5): the version of the calendar and standards the deadlines
    # were computed with, and the deadlines themselves, so reports are SQL over stored facts.
    # received_month is the council's local month ("2026-03"): months group in local time,
    # which SQL cannot portably work out from a UTC timestamp.
    standards_version_id: Mapped[int | None] = mapped_column(ForeignKey("standards_versions.id",
                                                                        ondelete="RESTRICT"))
    received_month: Mapped[str] = mapped_column(String(7), default="")
    acknowledgement_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # R28, stored when an acknowledgement leaves the outbox (enquiries.record_acknowledgement_sent):
    # when the first one went, and whether any that went carried the reference.
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_with_reference: Mapped[bool] = mapped_column(Boolean, default=False)
    # Stored with acknowledged_at: the time from receipt to it, in exact microseconds (the
    # percentiles) and whole seconds rounded down (their histogram's buckets), as SQL cannot
    # portably subtract two timestamps.
    acknowledgement_microseconds: Mapped[int | None] = mapped_column(BigInteger)
    acknowledgement_seconds: Mapped[int | None] = mapped_column(Integer)
    response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_response_kind: Mapped[str] = mapped_column(String(16), default="")  # email, phone, letter, ...
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The resolution clock stops while we wait for the customer.
    paused_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paused_minutes: Mapped[int] = mapped_column(Integer, default=0)  # working minutes paused so far
    excluded_reason: Mapped[str | None] = mapped_column(String(20))  # EXCLUSION_REASONS
    excluded_note: Mapped[str] = mapped_column(Text, default="")
    breach_reason: Mapped[str] = mapped_column(Text, default="")
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The service queue it sits in: the case type's service unless staff moved it.
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"), index=True)
    # The customer's address as it applies to this enquiry: a change of address moves open
    # enquiries to the new one and leaves closed ones as they were dealt with (G25).
    contact_address: Mapped[str] = mapped_column(Text, default="")
    contact_postcode: Mapped[str | None] = mapped_column(String(10))
    # The contact details that came with it (name, email, phone, address, postcode: those
    # given, normalised). A web form or an email proves nobody's identity, so they never
    # change the customer record by themselves: staff compare and copy (customers.py).
    given_details: Mapped[dict | None] = mapped_column(JSON)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Double submissions (a double click, back and resubmit) carry the same key: one enquiry.
    submission_key: Mapped[str | None] = mapped_column(String(64))
    # An email enquiry's Message-ID: the same message delivered twice is stored once.
    email_message_id: Mapped[str | None] = mapped_column(String(300))

    customer: Mapped[Customer] = relationship()
    case_type: Mapped[CaseType] = relationship()
    section: Mapped["Section | None"] = relationship()  # noqa: F821
    assigned_to: Mapped["User | None"] = relationship(foreign_keys=[assigned_to_id])  # noqa: F821
    files: Mapped[list["EnquiryFile"]] = relationship(back_populates="enquiry", order_by="EnquiryFile.id",
                                                      cascade="all, delete-orphan")
    events: Mapped[list["EnquiryEvent"]] = relationship(back_populates="enquiry", order_by="EnquiryEvent.id",
                                                        cascade="all, delete-orphan")


class EnquiryEvent(db.Model):
    """The enquiry's timeline: received, acknowledged, replies in and out, notes, status and
    assignment changes. `public` events are what the citizen sees when tracking."""

    __tablename__ = "enquiry_events"
    # Sending an acknowledgement and threading a reply find the event by its outbox message.
    __table_args__ = (_where_set("ix_enquiry_events_outbox_message_id", "outbox_message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # read per enquiry, by enquiry_id

    enquiry: Mapped[Enquiry] = relationship(back_populates="events")
    outbox_message: Mapped["OutboxMessage | None"] = relationship()  # noqa: F821


class StaffSubmission(db.Model):
    """A staff action on an enquiry's page taken in: its form's one-off key (with the action's name),
    so a double click or a browser's retry after a timeout does it once (a second reply would email
    the customer twice). Written in the action's own transaction; the primary key refuses the second."""

    __tablename__ = "staff_submissions"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class InboundMail(db.Model):
    """Every email the council's enquiries mailbox passed to IEG, and what became of it:
    a new enquiry, a reply threaded onto one, ignored (automatic mail) or refused (it cannot
    be read, or failed to be taken in MAX_ATTEMPTS times) with the reason, or failed so far
    (tried again). Its Message-ID is stored once, so a message delivered twice is handled once."""

    __tablename__ = "inbound_mail"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(300), unique=True)
    from_address: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    server_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    taken_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # new, reply, ignored, refused, failed
    reason: Mapped[str] = mapped_column(String(300), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # intakes that failed (a bug, the disk)
    # Why the enquiry's received time is not the server's Received date ("" when it is).
    received_note: Mapped[str] = mapped_column(String(300), default="")
    enquiry_id: Mapped[int | None] = mapped_column(ForeignKey("enquiries.id", ondelete="SET NULL"), index=True)


class EnquiryFile(db.Model):
    """A photo sent with a problem report, or an email attachment: stored under
    instance/uploads/enquiries with a name we choose, never served to the public."""

    __tablename__ = "enquiry_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("enquiry_events.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))  # as the sender named it, made safe
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))  # form, email, staff
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    enquiry: Mapped[Enquiry] = relationship(back_populates="files")
    event: Mapped["EnquiryEvent | None"] = relationship()


class EForm(db.Model):
    """A form an administrator defined without code: its fields as data (the same shape as
    the built-in forms in ieg/casework/eform_definitions.py), the case type it opens."""

    __tablename__ = "eforms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    case_type_id: Mapped[int] = mapped_column(ForeignKey("case_types.id", ondelete="RESTRICT"), index=True)
    fields: Mapped[list] = mapped_column(JSON, default=list)
    subject_field: Mapped[str] = mapped_column(String(80), default="")
    description_fields: Mapped[list] = mapped_column(JSON, default=list)
    location_field: Mapped[str] = mapped_column(String(80), default="")
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    case_type: Mapped[CaseType] = relationship()


class EnquiryAlert(db.Model):
    """An alert sent about an enquiry (near breach, breach), once per kind and deadline."""

    __tablename__ = "enquiry_alerts"
    __table_args__ = (UniqueConstraint("enquiry_id", "kind", "deadline", name="one_alert_per_deadline"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    enquiry_id: Mapped[int] = mapped_column(ForeignKey("enquiries.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))  # response_near, response_breach, resolution_near, ...
    deadline: Mapped[datetime] = mapped_column(UTCDateTime)  # the deadline it warned about
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_messages.id", ondelete="SET NULL"))

"""The community directory (G2): categories a council sets as data, the groups and organisations
that keep their own entries, and who edits each group's entry (the `group_editor` role, scoped
to the groups listed here). Events and vacancies (ieg/models/whatson.py) belong to a group or to
a council section."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow

# A group's entry: waiting for its first check, public, taken down (stale or by a moderator),
# or turned down at that first check.
PENDING, PUBLISHED, UNPUBLISHED, REJECTED = "pending", "published", "unpublished", "rejected"
GROUP_STATUSES = (PENDING, PUBLISHED, UNPUBLISHED, REJECTED)


class DirectoryCategory(db.Model):
    """A facet of the directory ("Sport and leisure", "Older people"...), set by the council."""

    __tablename__ = "directory_categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class GroupCategory(db.Model):
    __tablename__ = "group_categories"

    group_id: Mapped[int] = mapped_column(ForeignKey("community_groups.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("directory_categories.id", ondelete="CASCADE"),
                                             primary_key=True, index=True)


class GroupWard(db.Model):
    """A ward the group serves (none: the whole council area)."""

    __tablename__ = "group_wards"

    group_id: Mapped[int] = mapped_column(ForeignKey("community_groups.id", ondelete="CASCADE"), primary_key=True)
    ward_id: Mapped[int] = mapped_column(ForeignKey("wards.id", ondelete="CASCADE"), primary_key=True, index=True)


class CommunityGroup(db.Model):
    """An organisation or group and its directory entry."""

    __tablename__ = "community_groups"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'published', 'unpublished', 'rejected')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")  # what they do, in a line
    status: Mapped[str] = mapped_column(String(12), default=PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    description: Mapped[str] = mapped_column(Text, default="")  # what they do, in Markdown
    description_html: Mapped[str] = mapped_column(Text, default="")  # rendered once at save
    opening_times: Mapped[str] = mapped_column(Text, default="")
    # Contact details, each with the group's own choice of public or private (CONTACT_FIELDS).
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_name_public: Mapped[bool] = mapped_column(Boolean, default=False)
    email: Mapped[str] = mapped_column(String(254), default="")
    email_public: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone_public: Mapped[bool] = mapped_column(Boolean, default=False)
    website: Mapped[str] = mapped_column(String(500), default="")
    links: Mapped[str] = mapped_column(Text, default="")  # further web addresses, one a line
    charity_number: Mapped[str] = mapped_column(String(12), default="")
    # The logo's file in the uploads folder (ieg.directory.logos) and its text for people who cannot see it.
    logo_name: Mapped[str] = mapped_column(String(80), default="")
    logo_alt: Mapped[str] = mapped_column(String(300), default="")
    # The staleness clock starts at the last confirmation of, or change to, the entry by its editors;
    # each notice is sent once per run of the clock.
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    second_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stale_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # unpublished for want of confirmation
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderation_note: Mapped[str] = mapped_column(Text, default="")  # the reason given on rejection
    signup_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # one group per sign-up form

    categories: Mapped[list[DirectoryCategory]] = relationship(secondary="group_categories",
                                                               order_by=DirectoryCategory.position)
    wards = relationship("Ward", secondary="group_wards", order_by="Ward.name")
    editors: Mapped[list["GroupEditor"]] = relationship(back_populates="group", cascade="all, delete-orphan")
    venues: Mapped[list["GroupVenue"]] = relationship(back_populates="group", cascade="all, delete-orphan",
                                                      order_by="GroupVenue.position")

    @property
    def editor_ids(self) -> frozenset[int]:
        """The users who edit this group's entry, events and vacancies (for `can()`)."""
        return frozenset(e.user_id for e in self.editors)


class GroupEditor(db.Model):
    """A user with the `group_editor` role who keeps this group's entry, events and vacancies."""

    __tablename__ = "group_editors"

    group_id: Mapped[int] = mapped_column(ForeignKey("community_groups.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[CommunityGroup] = relationship(back_populates="editors")


# Contact fields a group may show or keep private, each with its own choice.
CONTACT_FIELDS = ("contact_name", "email", "phone")


class GroupVenue(db.Model):
    """Where a group meets or works (several per group)."""

    __tablename__ = "group_venues"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("community_groups.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")  # step-free access, hearing loop...

    group: Mapped[CommunityGroup] = relationship(back_populates="venues")


# A change by a group's editors is live at once; moderators then review it or roll it back.
REVISION_WAITING, REVISION_REVIEWED, REVISION_ROLLED_BACK = "waiting", "reviewed", "rolled_back"
# What a revision is of: the group's entry, or one of its events or vacancies (`object_id`).
ENTRY, EVENT, VACANCY = "entry", "event", "vacancy"
REVISION_KINDS = (ENTRY, EVENT, VACANCY)


class GroupRevision(db.Model):
    """A snapshot of a group's entry, event or vacancy as one change left it, kept so moderators can
    compare it with the one before and put the earlier one back. One table for the three, so
    moderators work through one queue; `object_id` names the event or vacancy (None for the entry:
    the group is the entry)."""

    __tablename__ = "group_revisions"
    __table_args__ = (
        CheckConstraint("state IN ('waiting', 'reviewed', 'rolled_back')", name="known_state"),
        CheckConstraint("kind IN ('entry', 'event', 'vacancy')", name="known_kind"),
        CheckConstraint("(kind = 'entry') = (object_id IS NULL)", name="object_of_kind"),
        Index("ix_group_revisions_kind_object_id", "kind", "object_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("community_groups.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default=ENTRY, server_default=ENTRY)
    # No foreign key: it names a row of events or of vacancies by `kind` (neither is ever deleted, only
    # marked removed; a group's deletion takes both and these revisions with it).
    object_id: Mapped[int | None] = mapped_column(Integer)
    snapshot: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(12), default=REVISION_REVIEWED, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    group: Mapped[CommunityGroup] = relationship()


class GroupProblemReport(db.Model):
    """The public's report of a problem with an entry, for moderators; the reporter's address
    (optional, so they can be answered) is never shown publicly."""

    __tablename__ = "group_problem_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("community_groups.id", ondelete="CASCADE"), index=True)
    details: Mapped[str] = mapped_column(Text)
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dealt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    dealt_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(Text, default="")

    group: Mapped[CommunityGroup] = relationship()

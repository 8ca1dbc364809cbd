"""The community directory (G2): categories a council sets as data, the groups and organisations
that keep their own entries, and who edits each group's entry (the `group_editor` role, scoped
to the groups listed here). Events and vacancies (ieg/models/whatson.py) belong to a group or to
a council section."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
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

    categories: Mapped[list[DirectoryCategory]] = relationship(secondary="group_categories",
                                                               order_by=DirectoryCategory.position)
    wards = relationship("Ward", secondary="group_wards", order_by="Ward.name")
    editors: Mapped[list["GroupEditor"]] = relationship(back_populates="group", cascade="all, delete-orphan")

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

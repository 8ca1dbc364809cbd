"""Content: sections (one per service area), pages and their revisions, the A-Z."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
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


# Page workflow states (docs/design.md 3.3).
DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED = "draft", "in_review", "published", "archived"
PAGE_STATUSES = (DRAFT, IN_REVIEW, PUBLISHED, ARCHIVED)


class Page(db.Model):
    """A page's identity and place in its section. Its content lives in revisions:
    `latest_revision` is what editors work on, `live_revision` what the public sees."""

    __tablename__ = "pages"
    __table_args__ = (
        UniqueConstraint("section_id", "slug", name="uq_pages_section_slug"),
        CheckConstraint("status IN ('draft', 'in_review', 'published', 'archived')", name="known_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="RESTRICT"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id", ondelete="SET NULL"), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(16), default=DRAFT)
    latest_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_revisions.id", use_alter=True, ondelete="SET NULL"))
    live_revision_id: Mapped[int | None] = mapped_column(
        ForeignKey("page_revisions.id", use_alter=True, ondelete="SET NULL"))
    # The named person responsible (need not be a user), and when the page must be reviewed.
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    review_by: Mapped[date | None] = mapped_column(Date)
    # Editors choose a few pages per section as the home page's most-visited tasks.
    is_top_task: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unpublish_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    section: Mapped[Section] = relationship()
    parent: Mapped["Page | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Page"]] = relationship(back_populates="parent")
    latest_revision: Mapped["PageRevision | None"] = relationship(foreign_keys=[latest_revision_id],
                                                                  post_update=True)
    live_revision: Mapped["PageRevision | None"] = relationship(foreign_keys=[live_revision_id],
                                                                post_update=True)

    @property
    def title(self) -> str:
        return self.latest_revision.title if self.latest_revision else self.slug

    def path_slugs(self) -> list[str]:
        """Slugs from the top of the section down to this page."""
        slugs, page, seen = [], self, set()
        while page is not None and page.id not in seen:
            seen.add(page.id)
            slugs.append(page.slug)
            page = page.parent
        return list(reversed(slugs))

    @property
    def public_path(self) -> str:
        return f"/{self.section.slug}/" + "/".join(self.path_slugs())


class PageRevision(db.Model):
    """One save of a page: never changed after it is written. The body is rendered
    to sanitised HTML once, here, not on every view (docs/design.md 3.3)."""

    __tablename__ = "page_revisions"
    __table_args__ = (UniqueConstraint("page_id", "number", name="uq_page_revisions_page_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    # Everything else an editor sets, as it was at this save: LGSL codes, outcome refs,
    # A-Z aliases, e-GMS fields, parent, slug, owner, review date.
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    page: Mapped[Page] = relationship(foreign_keys=[page_id])
    author: Mapped["User | None"] = relationship()  # noqa: F821


class PageEvent(db.Model):
    """The page's history: who created, saved, submitted, approved, returned, published,
    unpublished, archived or restored it, when, with what comment (R24 evidence)."""

    __tablename__ = "page_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("page_revisions.id", ondelete="SET NULL"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    page: Mapped[Page] = relationship()
    actor: Mapped["User | None"] = relationship()  # noqa: F821


class PageRedirect(db.Model):
    """An old address of a page, kept after a rename or move so links keep working."""

    __tablename__ = "page_redirects"
    __table_args__ = (UniqueConstraint("old_path", name="uq_page_redirects_old_path"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    old_path: Mapped[str] = mapped_column(String(600))
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LgslService(db.Model):
    """A service in the Local Government Services List (esd), imported by `flask ieg import-lgsl`."""

    __tablename__ = "lgsl_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    uri: Mapped[str] = mapped_column(String(300), default="")
    headings: Mapped[str] = mapped_column(String(500), default="")  # LGNL headings, "; "-joined


class PageService(db.Model):
    """The LGSL services a page's live revision serves: the A-Z and BVPI 157 read these."""

    __tablename__ = "page_services"

    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True)
    lgsl_id: Mapped[int] = mapped_column(ForeignKey("lgsl_services.id", ondelete="CASCADE"), primary_key=True)

    service: Mapped[LgslService] = relationship()


class AzAlias(db.Model):
    """Another name residents look for a live page under in the A-Z ("Bins" for waste collection)."""

    __tablename__ = "az_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200))


class DeepLink(db.Model):
    """A-Z entry for a service another tier delivers, linking to that service's own page (R3)."""

    __tablename__ = "deep_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(1000))
    provider: Mapped[str] = mapped_column(String(200))  # e.g. Westshire County Council
    lgsl_id: Mapped[int | None] = mapped_column(ForeignKey("lgsl_services.id", ondelete="SET NULL"))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    service: Mapped[LgslService | None] = relationship()
    section: Mapped[Section | None] = relationship()


class PageFeedback(db.Model):
    """"Is this page useful?" answers. They go to the page's section editors only."""

    __tablename__ = "page_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    useful: Mapped[bool] = mapped_column(Boolean)
    what_wrong: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # An editor read it and dealt with it ("done"), and who: undone, both are empty again.
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    page: Mapped[Page] = relationship()
    handled_by: Mapped["User | None"] = relationship()  # noqa: F821


class PageEditing(db.Model):
    """Who has a page open in the editor, refreshed while they edit, so two editors are warned."""

    __tablename__ = "page_editing"

    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship()  # noqa: F821


class Attachment(db.Model):
    """A document or image attached to a page, stored under instance/uploads."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(255))  # as uploaded, for the download name
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # document or image
    alt_text: Mapped[str] = mapped_column(String(300), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # What the public sees changes only when a publisher publishes: a file is public from
    # the publication that took it (None: not yet public), and one an author asked to
    # remove stays public until the next publication removes it.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removal_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removal_requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    page: Mapped[Page] = relationship(back_populates="attachments")
    removal_requested_by: Mapped["User | None"] = relationship(foreign_keys=[removal_requested_by_id])  # noqa: F821


Page.attachments = relationship(Attachment, back_populates="page", order_by=Attachment.id,
                                cascade="all, delete-orphan")


class ReviewReminder(db.Model):
    """A review reminder sent, so each is sent once per page, review date and kind."""

    __tablename__ = "review_reminders"
    __table_args__ = (UniqueConstraint("page_id", "review_by", "kind", name="uq_review_reminders_once"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    review_by: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # ahead or due
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LinkCheckResult(db.Model):
    """One check of one link; kept as history. A link belongs to a live page or an A-Z deep link."""

    __tablename__ = "link_check_results"
    __table_args__ = (Index("ix_link_check_results_url_checked", "url", "checked_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(1000))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    page_id: Mapped[int | None] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), index=True)
    deep_link_id: Mapped[int | None] = mapped_column(ForeignKey("deep_links.id", ondelete="CASCADE"))
    ok: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[int | None] = mapped_column(Integer)
    final_url: Mapped[str] = mapped_column(String(1000), default="")
    reason: Mapped[str] = mapped_column(String(300))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    page: Mapped[Page | None] = relationship()
    deep_link: Mapped[DeepLink | None] = relationship()


class SiteVersion(db.Model):
    """One row whose number goes up whenever what the public sees changes (publish,
    unpublish, archive, section changes, A-Z changes): every process's page cache
    compares it with the version its entries were made at."""

    __tablename__ = "site_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SiteAlert(db.Model):
    """A message across the top of the home page ("Bin collections are a day late this week")."""

    __tablename__ = "site_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message: Mapped[str] = mapped_column(String(300))
    link_url: Mapped[str] = mapped_column(String(500), default="")
    link_text: Mapped[str] = mapped_column(String(100), default="")
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

"""Council news: press releases are pages of the "news" section (so they go through that section's
authors and publishers, revisions, accessibility checks and publishing like any page); a news
article adds its category, the press office contact and an optional image (one of the page's own
image files, whose alt text it carries). Categories are data the communications team sets."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ieg.extensions import db
from ieg.models.types import UTCDateTime
from ieg.timeutil import utcnow


class NewsCategory(db.Model):
    """A category of news ("Environment", "Council tax"...): a filter, a feed and an alert topic."""

    __tablename__ = "news_categories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class NewsArticle(db.Model):
    """What a press release adds to its page. Shown as the page's live revision shows it; the
    date shown is the page's first publication."""

    __tablename__ = "news_articles"

    page_id: Mapped[int] = mapped_column(ForeignKey("pages.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("news_categories.id", ondelete="SET NULL"),
                                                    index=True)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="SET NULL"))
    press_contact: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    category: Mapped[NewsCategory | None] = relationship()
    image: Mapped["Attachment | None"] = relationship()  # noqa: F821

"""The public look-ups of news: live articles of the News section, newest first by first
publication, by category and month; the months that have news; one article's details."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg.models import Attachment, NewsArticle, NewsCategory, Page, PageRevision, Section
from ieg.models.content import ARCHIVED
from ieg.news.articles import NEWS_SECTION
from ieg.news.rules import Month


@dataclass(frozen=True)
class Headline:
    id: int
    slug: str
    title: str
    summary: str
    published: datetime
    updated: datetime
    category: str  # its name, "" for none
    category_slug: str

    @property
    def path(self) -> str:
        return f"/{NEWS_SECTION}/{self.slug}"


def _build_listed():
    """Top-level live pages of the News section (a page below another is part of that article)."""
    return (select(Page.id, Page.slug, PageRevision.title, PageRevision.summary, Page.first_published_at,
                   Page.last_published_at, func.coalesce(NewsCategory.name, ""), func.coalesce(NewsCategory.slug, ""))
            .join(Section, Page.section_id == Section.id)
            .join(PageRevision, Page.live_revision_id == PageRevision.id)
            .outerjoin(NewsArticle, NewsArticle.page_id == Page.id)
            .outerjoin(NewsCategory, NewsArticle.category_id == NewsCategory.id)
            .where(Section.slug == NEWS_SECTION, Page.status != ARCHIVED, Page.parent_id.is_(None),
                   Page.first_published_at.is_not(None)))


_LISTED = _build_listed()  # built once: building it cost as much as running it


def _listed():
    return _LISTED


def _filtered(query, category: NewsCategory | None, month: Month | None, zone: ZoneInfo):
    if category is not None:
        query = query.where(NewsArticle.category_id == category.id)
    if month is not None:
        start, end = (datetime.combine(day, time(), zone) for day in month.bounds())
        query = query.where(Page.first_published_at >= start, Page.first_published_at < end)
    return query


def headlines(session: Session, *, zone: ZoneInfo, category: NewsCategory | None = None, month: Month | None = None,
              offset: int = 0, limit: int = 20) -> list[Headline]:
    query = _filtered(_listed(), category, month, zone)
    rows = session.execute(query.order_by(Page.first_published_at.desc(), Page.id.desc())
                           .offset(offset).limit(limit)).all()
    return [Headline(*row) for row in rows]


def count(session: Session, *, zone: ZoneInfo, category: NewsCategory | None = None,
          month: Month | None = None) -> int:
    return session.scalar(select(func.count()).select_from(_filtered(_listed(), category, month, zone).subquery()))


def months(session: Session, zone: ZoneInfo, category: NewsCategory | None = None) -> list[tuple[Month, int]]:
    """The months with news (in the council's time zone), newest first, with how many articles."""
    query = _filtered(_listed(), category, None, zone).with_only_columns(Page.first_published_at)
    counted = Counter()
    for (published,) in session.execute(query):
        local = published.astimezone(zone)
        counted[Month(local.year, local.month)] += 1
    return sorted(counted.items(), key=lambda item: (item[0].year, item[0].month), reverse=True)


def category_by_slug(session: Session, slug: str) -> NewsCategory | None:
    return session.scalar(select(NewsCategory).where(NewsCategory.slug == slug))


def used_categories(session: Session) -> list[NewsCategory]:
    """Categories, in the team's order, that at least one live article is in."""
    used = _listed().with_only_columns(NewsArticle.category_id).where(NewsArticle.category_id.is_not(None))
    return list(session.scalars(select(NewsCategory).where(NewsCategory.id.in_(used))
                                .order_by(NewsCategory.position, NewsCategory.name)))


@dataclass(frozen=True)
class ArticleDetails:
    category: NewsCategory | None
    press_contact: str
    image: Attachment | None  # only when public


def article_details(session: Session, page_id: int) -> ArticleDetails:
    article = session.get(NewsArticle, page_id)
    if article is None:
        return ArticleDetails(None, "", None)
    image = article.image if article.image is not None and article.image.published_at is not None else None
    return ArticleDetails(article.category, article.press_contact, image)


def news_pages_for_staff(session: Session, limit: int = 50) -> list[Page]:
    """The News section's top-level pages, newest first, for the communications team's list."""
    return list(session.scalars(
        select(Page).join(Section, Page.section_id == Section.id)
        .where(Section.slug == NEWS_SECTION, Page.parent_id.is_(None), Page.status != ARCHIVED)
        .order_by(Page.created_at.desc(), Page.id.desc()).limit(limit)))

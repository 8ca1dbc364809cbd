"""News alerts: the topic kind "News in a category" (every category, and all news), registered by
ieg.hooks; the `news-alerts` job raises one alert per article when it is first published. A later
publication of the same article (a correction, a new version) raises none: the alert's source is
the article, and the engine raises a source once."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.models import Alert, NewsArticle, NewsCategory, Page, PageRevision, Section
from ieg.news.articles import NEWS_SECTION
from ieg.participation import alerts
from ieg.participation.topics import TopicKind

KIND, ALL = "news", "all"
LOOK_BACK = timedelta(days=2)  # first publications older than this were alerted on by an earlier run


def _choices(session: Session) -> list[tuple[str, str]]:
    return [(ALL, "All council news"), *session.execute(
        select(NewsCategory.slug, NewsCategory.name).order_by(NewsCategory.position, NewsCategory.name))]


KINDS = (TopicKind(KIND, "News in a category", _choices, order=50),)


def source_of(page_id: int) -> str:
    return f"news:{page_id}"


def alert_new_articles(session: Session, now: datetime, mailing) -> int:
    """Raise an alert for each article first published in the last LOOK_BACK and still live."""
    rows = session.execute(
        select(Page.id, Page.slug, PageRevision.title, PageRevision.summary, NewsCategory.slug)
        .join(Section, Page.section_id == Section.id)
        .join(PageRevision, Page.live_revision_id == PageRevision.id)
        .outerjoin(NewsArticle, NewsArticle.page_id == Page.id)
        .outerjoin(NewsCategory, NewsArticle.category_id == NewsCategory.id)
        .where(Section.slug == NEWS_SECTION, Page.parent_id.is_(None), Page.first_published_at >= now - LOOK_BACK,
               Page.first_published_at <= now)
        .order_by(Page.first_published_at, Page.id)).all()
    if not rows:
        return 0
    done = set(session.scalars(select(Alert.source).where(Alert.source.in_([source_of(row[0]) for row in rows]))))
    raised = 0
    for page_id, slug, title, summary, category in rows:
        if source_of(page_id) in done:
            continue
        topics = [(KIND, ALL)] + ([(KIND, category)] if category else [])
        alerts.raise_alert(session, now, topics=topics, source=source_of(page_id), title=f"News: {title}",
                           summary=summary, path=f"/{NEWS_SECTION}/{slug}", links=mailing.links,
                           council=mailing.council, sender_domain=mailing.sender_domain)
        raised += 1
    return raised

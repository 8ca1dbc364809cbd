"""What a press release adds to its page (category, press office contact, image) and the news
categories. The page itself is written, checked and published by the CMS (ieg.content.pages).

A live article's details are public at once, so only a publisher of the News section changes them;
an author sets them while the article has never been published, and the publisher sees them when
approving it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ieg import audit, cache
from ieg.input_errors import InputError
from ieg.models import Attachment, NewsArticle, NewsCategory, Page, Section
from ieg.news.rules import category_slug
from ieg.people.permissions import can
from ieg.text import single_line

NEWS_SECTION = "news"
CONTACT_MAX = 300


class NewsError(InputError):
    pass


def news_section(session: Session) -> Section | None:
    return session.scalar(select(Section).where(Section.slug == NEWS_SECTION))


def is_news(page: Page) -> bool:
    return page.section.slug == NEWS_SECTION


def details(session: Session, page: Page) -> NewsArticle:
    """The article's details (new and unsaved when none were set)."""
    return session.get(NewsArticle, page.id) or NewsArticle(page_id=page.id, press_contact="")


def may_change_details(user, page: Page) -> bool:
    if page.first_published_at is None and page.live_revision_id is None:
        return can(user, "section.edit", page.section)
    return can(user, "section.publish", page.section)


def save_details(session: Session, actor, now: datetime, page: Page, *, category_id: int | None,
                 press_contact: str, image_id: int | None) -> NewsArticle:
    """Set an article's details after checking them (NewsError naming the field)."""
    if not is_news(page):
        raise NewsError("Only pages of the News section are news articles", "category_id")
    if category_id is not None and session.get(NewsCategory, category_id) is None:
        raise NewsError("Choose a category from the list", "category_id")
    contact = single_line(press_contact or "")
    if len(contact) > CONTACT_MAX:
        raise NewsError(f"Press office contact must be {CONTACT_MAX} characters or fewer", "press_contact")
    if image_id is not None:
        image = session.get(Attachment, image_id)
        if image is None or image.page_id != page.id or image.kind != "image":
            raise NewsError("Choose one of this article's images", "image_id")
    article = details(session, page)
    article.category_id, article.press_contact, article.image_id = category_id, contact, image_id
    article.updated_at = now
    session.add(article)
    session.flush()
    audit.record(session, actor, "news.details", f"page {page.id}",
                 {"category_id": category_id, "press_contact": contact, "image_id": image_id}, now)
    if page.live_revision_id is not None:
        cache.bump(session, now)
    return article


def categories(session: Session) -> list[NewsCategory]:
    return list(session.scalars(select(NewsCategory).order_by(NewsCategory.position, NewsCategory.name)))


def save_category(session: Session, actor, now: datetime, category: NewsCategory | None, *, name: str) -> NewsCategory:
    """Add (category=None) or rename a category. Its address follows its name only when it is new,
    so feeds and alert subscriptions to it keep working."""
    name = single_line(name or "")
    if not name:
        raise NewsError("Enter the category's name", "name")
    if len(name) > 120:
        raise NewsError("Name must be 120 characters or fewer", "name")
    slug = category.slug if category is not None else category_slug(name)
    if not slug:
        raise NewsError("Use letters or numbers in the name", "name")
    clash = session.scalar(select(NewsCategory).where(
        (func.lower(NewsCategory.name) == name.lower()) | (NewsCategory.slug == slug)))
    if clash is not None and clash is not category:
        raise NewsError(f"There is already a category called {clash.name}", "name")
    if category is None:
        category = NewsCategory(slug=slug, position=len(categories(session)))
        session.add(category)
    category.name = name
    session.flush()
    audit.record(session, actor, "news.category", f"news category {slug}", {"name": name}, now)
    cache.bump(session, now)
    return category


def remove_category(session: Session, actor, now: datetime, category: NewsCategory) -> None:
    """Delete a category; its articles stay, with no category."""
    session.execute(update(NewsArticle).where(NewsArticle.category_id == category.id).values(category_id=None))
    audit.record(session, actor, "news.category_removed", f"news category {category.slug}", {"name": category.name},
                 now)
    session.delete(category)
    session.flush()
    cache.bump(session, now)

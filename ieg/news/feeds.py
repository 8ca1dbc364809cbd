"""Atom feeds of council news: all of it, or one category's (feedgen). The newest FEED_SIZE
articles; each entry's id is the article's address, which never changes."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from sqlalchemy.orm import Session

from ieg.models import NewsCategory
from ieg.news import queries

FEED_SIZE = 30
_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def news_atom(session: Session, *, council: str, base_url: str, zone: ZoneInfo,
              category: NewsCategory | None = None) -> bytes:
    self_path = f"/news/categories/{category.slug}/feed.atom" if category else "/news/feed.atom"
    page_path = f"/news/?category={category.slug}" if category else "/news/"
    feed = FeedGenerator()
    feed.id(f"{base_url}{self_path}")
    feed.title(f"{council}: news" + (f" about {category.name}" if category else ""))
    feed.link(href=f"{base_url}{self_path}", rel="self")
    feed.link(href=f"{base_url}{page_path}", rel="alternate")
    feed.author({"name": council})
    feed.language("en-GB")
    items = queries.headlines(session, zone=zone, category=category, limit=FEED_SIZE)
    feed.updated(max((item.updated for item in items), default=_EPOCH))
    for item in reversed(items):  # feedgen puts the last added first
        entry = feed.add_entry()
        url = f"{base_url}{item.path}"
        entry.id(url)
        entry.link(href=url)
        entry.title(item.title)
        entry.published(item.published)
        entry.updated(max(item.updated, item.published))
        entry.summary(item.summary or item.title)
        if item.category:
            entry.category(term=item.category_slug, label=item.category)
    return feed.atom_str(pretty=True)

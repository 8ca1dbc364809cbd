"""The demo's two years of news, loaded on its own on the test council (the whole demo is slow)."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from ieg.demo import news as demo_news
from ieg.extensions import db
from ieg.models import NewsArticle, NewsCategory, Page, PageEvent, Section
from ieg.news import queries
from zoneinfo import ZoneInfo

NOW = datetime(2026, 11, 2, 12, tzinfo=timezone.utc)


def test_two_years_of_news_in_every_category_loaded_once(app, client):
    with app.app_context():
        made = demo_news.load(db.session, NOW, "ashdown.example.gov.uk")
        db.session.commit()
        assert made == 105 and demo_news.load(db.session, NOW, "ashdown.example.gov.uk") == 0  # idempotent
        news = db.session.scalar(select(Section).where(Section.slug == "news"))
        assert db.session.scalar(select(func.count()).select_from(Page).where(Page.section_id == news.id)) == 105
        assert db.session.scalar(select(func.count()).select_from(NewsCategory)) == 9
        counts = dict(db.session.execute(select(NewsArticle.category_id, func.count()).group_by(NewsArticle.category_id)).all())
        assert len(counts) == 9 and min(counts.values()) >= 10
        months = queries.months(db.session, ZoneInfo("Europe/London"))
        assert 23 <= len(months) <= 25  # spread over two years
        oldest, newest = (db.session.scalar(select(f(Page.first_published_at)).where(Page.section_id == news.id))
                          for f in (func.min, func.max))
        assert 720 <= (NOW - oldest).days <= 735 and 3 <= (NOW - newest).days <= 10
        assert db.session.scalar(select(func.count()).select_from(PageEvent).where(PageEvent.action == "published")) \
            >= 105
    listing = client.get("/news/")
    assert listing.status_code == 200 and "of 105 articles" in listing.get_data(as_text=True)
    article = client.get("/news/council-tax-bills-on-their-way")
    assert article.status_code == 200 and "press@ashdown.example.gov.uk" in article.get_data(as_text=True)

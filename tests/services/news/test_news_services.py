"""News details and categories, and the alert an article raises when first published (once)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ieg.content import pages
from ieg.models import Alert, AuditEntry, NewsArticle, OutboxMessage, Subscriber
from ieg.news import alerts, articles, queries
from ieg.news.articles import NewsError
from ieg.participation import subscriptions
from tests.factories import make_section
from tests.services.news.conftest import BODY, MAILING, NOW, publish, write
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def _follower(session, email, topics):
    subscriptions.subscribe(session, NOW, email=email, topics=topics, frequency="immediate", links=MAILING.links,
                            council=MAILING.council, sender_domain=MAILING.sender_domain)
    subscriber = session.scalar(select(Subscriber).where(Subscriber.email == email))
    subscriptions.confirm(session, NOW, subscriber)


def _alerts_to(session, email):
    return [m.subject for m in session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == email)
                                               .order_by(OutboxMessage.id)) if m.subject.startswith("News: ")]


def test_categories_are_data_with_stable_addresses(ctx):
    session, _, _, publisher = ctx
    category = articles.save_category(session, publisher, NOW, None, name="  Council tax & benefits ")
    assert (category.slug, category.name) == ("council-tax-benefits", "Council tax & benefits")
    articles.save_category(session, publisher, NOW, category, name="Council tax")
    assert category.slug == "council-tax-benefits"  # feeds and subscriptions keep working after a rename
    with pytest.raises(NewsError) as refused:
        articles.save_category(session, publisher, NOW, None, name="council TAX")
    assert refused.value.field == "name" and "already" in refused.value.message
    with pytest.raises(NewsError):
        articles.save_category(session, publisher, NOW, None, name="&&&")
    assert session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "news.category"


def test_details_are_checked_and_a_live_articles_need_a_publisher(ctx):
    session, news, author, publisher = ctx
    environment = articles.save_category(session, publisher, NOW, None, name="Environment")
    page = write(session, news, author)
    assert articles.may_change_details(author, page)  # never published: the author sets them
    articles.save_details(session, author, NOW, page, category_id=environment.id,
                          press_contact="Press office,\n01632 960200", image_id=None)
    assert session.get(NewsArticle, page.id).press_contact == "Press office, 01632 960200"
    with pytest.raises(NewsError) as refused:
        articles.save_details(session, author, NOW, page, category_id=9999, press_contact="", image_id=None)
    assert refused.value.field == "category_id"
    with pytest.raises(NewsError) as refused:
        articles.save_details(session, author, NOW, page, category_id=None, press_contact="x" * 301, image_id=None)
    assert refused.value.field == "press_contact"
    other = write(session, news, author, title="Another story")
    with pytest.raises(NewsError) as refused:  # an image must be this article's own
        articles.save_details(session, author, NOW, other, category_id=None, press_contact="", image_id=12345)
    assert refused.value.field == "image_id"
    waste = make_section(session, "waste-and-recycling", "Waste and recycling")
    not_news = pages.create_page(session, waste, publisher, pages.PageInput(title="Bins", body_markdown="Bins.",
                                                                             owner_name="Pat"), NOW)
    with pytest.raises(NewsError):
        articles.save_details(session, publisher, NOW, not_news, category_id=None, press_contact="", image_id=None)
    publish(session, page, author, publisher)
    assert not articles.may_change_details(author, page) and articles.may_change_details(publisher, page)


def test_the_list_is_newest_first_by_category_and_month(ctx):
    session, news, author, publisher = ctx
    tax = articles.save_category(session, publisher, NOW, None, name="Council tax")
    march, april = NOW.replace(month=3, day=31, hour=23, minute=30), NOW.replace(month=4, day=2)
    late_march = write(session, news, author, title="Bills go out", when=march)  # 00:30 on 1 April in London
    articles.save_details(session, author, march, late_march, category_id=tax.id, press_contact="", image_id=None)
    publish(session, late_march, author, publisher, when=march)
    publish(session, write(session, news, author, title="Park reopens", when=april), author, publisher, when=april)
    write(session, news, author, title="Draft story")  # never published: not listed
    titles = [h.title for h in queries.headlines(session, zone=LONDON)]
    assert titles == ["Park reopens", "Bills go out"]
    assert [h.title for h in queries.headlines(session, zone=LONDON, category=tax)] == ["Bills go out"]
    from ieg.news.rules import Month
    assert queries.count(session, zone=LONDON, month=Month(2026, 4)) == 2  # both are April in London
    assert queries.count(session, zone=LONDON, month=Month(2026, 3)) == 0
    assert queries.months(session, LONDON) == [(Month(2026, 4), 2)]
    assert [c.name for c in queries.used_categories(session)] == ["Council tax"]
    articles.remove_category(session, publisher, NOW, tax)
    assert session.get(NewsArticle, late_march.id).category_id is None


def test_first_publication_alerts_subscribers_once(ctx):
    session, news, author, publisher = ctx
    environment = articles.save_category(session, publisher, NOW, None, name="Environment")
    articles.save_category(session, publisher, NOW, None, name="Planning")
    _follower(session, "green@example.org", [("news", "environment")])
    _follower(session, "planner@example.org", [("news", "planning")])
    _follower(session, "everything@example.org", [("news", "all")])
    page = write(session, news, author)
    articles.save_details(session, author, NOW, page, category_id=environment.id, press_contact="", image_id=None)
    publish(session, page, author, publisher)
    assert alerts.alert_new_articles(session, NOW + timedelta(minutes=5), MAILING) == 1
    assert alerts.alert_new_articles(session, NOW + timedelta(minutes=10), MAILING) == 0
    # A correction published later raises nothing more.
    pages.save_page(session, page, author, pages.PageInput(title="New recycling centre opens in May",
                                                           summary="Corrected", body_markdown=BODY,
                                                           owner_name="Press office"), NOW + timedelta(hours=1))
    publish(session, page, author, publisher, when=NOW + timedelta(hours=1))
    assert alerts.alert_new_articles(session, NOW + timedelta(hours=1, minutes=5), MAILING) == 0
    assert _alerts_to(session, "green@example.org") == ["News: New recycling centre opens"]
    assert _alerts_to(session, "everything@example.org") == ["News: New recycling centre opens"]
    assert _alerts_to(session, "planner@example.org") == []
    alert = session.scalar(select(Alert))
    assert alert.path == f"/news/{page.slug}" and alert.topics == [["news", "all"], ["news", "environment"]]
    assert ("environment", "Environment") in alerts.KINDS[0].choices(session)


def test_an_article_is_never_an_a_to_z_entry(ctx):
    from ieg.content import az
    session, news, author, publisher = ctx
    page = pages.create_page(session, news, author, pages.PageInput(
        title="Leisure centre reopens", summary="Open again", body_markdown=BODY, owner_name="Press office",
        az_aliases=["Leisure centre"]), NOW)
    publish(session, page, author, publisher)
    assert "Leisure centre" not in [entry.label for entry in az.entries(session)]


def test_the_news_section_keeps_its_reserved_address(ctx):
    from ieg.content import sections
    session, news, *_ = ctx
    sections.save_section(session, news, slug="news", title="News and press releases", summary="Our news.")
    assert (news.slug, news.title) == ("news", "News and press releases")
    with pytest.raises(sections.SectionError) as refused:
        sections.save_section(session, None, slug="news", title="Another news")
    assert refused.value.field == "slug"

"""The news page, its filters and paging, an article, the Atom feeds, the home page's headlines,
and who may do what with news (the News section's grants alone)."""
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ieg.content import pages
from ieg.extensions import db
from ieg.models import NewsArticle, NewsCategory, Page, Section
from ieg.news import articles
from tests.conftest import csrf_from, wait_until_indexed
from tests.factories import DOMAIN, make_section, make_user

ATOM = "{http://www.w3.org/2005/Atom}"
START = datetime(2023, 1, 10, 10, tzinfo=timezone.utc)  # long past, whenever the tests run
BODY = "## What is happening\n\nRead more on the [waste pages](/waste-and-recycling/).\n"
AUTHOR, PUBLISHER = f"press.officer@{DOMAIN}", f"press.publisher@{DOMAIN}"
WASTE_PUBLISHER = f"bins.publisher@{DOMAIN}"


def _article(session, news, author, publisher, title, when, category=None, contact="", publish=True):
    page = pages.create_page(session, news, author, pages.PageInput(
        title=title, summary=f"Summary of {title.lower()}", body_markdown=BODY, owner_name="Press office"), when)
    articles.save_details(session, author, when, page, category_id=category.id if category else None,
                          press_contact=contact, image_id=None)
    if publish:
        pages.submit(session, page, author, when)
        pages.publish(session, page, publisher, when)
    return page


@pytest.fixture
def newsroom(app):
    """22 live articles, one a week from START (the last two in 2023-06), and a draft."""
    with app.app_context():
        session = db.session
        news = session.scalar(select(Section).where(Section.slug == "news"))
        author = make_user(session, AUTHOR, grants=(("news", "author"),))
        publisher = make_user(session, PUBLISHER, grants=(("news", "publisher"),))
        make_section(session, "waste-and-recycling", "Waste and recycling")
        make_user(session, WASTE_PUBLISHER, grants=(("waste-and-recycling", "publisher"),))
        tax = articles.save_category(session, publisher, START, None, name="Council tax")
        environment = articles.save_category(session, publisher, START, None, name="Environment")
        for week in range(22):
            _article(session, news, author, publisher, f"Story number {week:02d}", START + timedelta(weeks=week),
                     category=tax if week % 2 else environment, contact="Press office, 01632 960200")
        draft = _article(session, news, author, publisher, "Secret draft", START, publish=False)
        session.commit()
        return {"draft": draft.id, "live": session.scalar(select(Page.id).where(Page.slug == "story-number-21"))}


def test_the_news_page_lists_filters_and_pages(client, newsroom):
    first = client.get("/news/")
    text = first.get_data(as_text=True)
    assert first.status_code == 200 and "Set-Cookie" not in first.headers
    listed = re.findall(r'href="/news/(story-number-\d\d)"', text)
    assert listed[:3] == ["story-number-21", "story-number-20", "story-number-19"] and len(listed) == 20
    assert "Secret draft" not in text and "Showing 1 to 20 of 22 articles" in text
    second = client.get("/news/?page=2").get_data(as_text=True)
    assert re.findall(r'href="/news/(story-number-\d\d)"', second) == ["story-number-01", "story-number-00"]
    tax = client.get("/news/?category=council-tax").get_data(as_text=True)
    assert "story-number-21" in tax and "story-number-20" not in tax and "of 11 articles" in tax
    june = client.get("/news/?month=2023-06").get_data(as_text=True)
    # Weeks 20 and 21 (30 May is week 20): 6 and 13 June.
    assert re.findall(r'href="/news/(story-number-\d\d)"', june) == ["story-number-21"]
    assert '<option value="2023-06" selected>June 2023 (1)</option>' in june
    assert client.get("/news/?month=2023-13").status_code == 404
    assert client.get("/news/?month=2999-01").status_code == 404
    assert client.get("/news/?category=nothing-like-it").status_code == 404
    assert client.get("/news/?page=99").status_code == 200  # the last page


def test_an_article_its_json_ld_and_the_home_pages_headlines(client, newsroom):
    response = client.get("/news/story-number-21")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    assert "Story number 21" in text and "Press office, 01632 960200" in text and "Council tax" in text
    assert "Published <time datetime=\"2023-06-06T10:00:00+00:00\">6 June 2023</time>" in text
    found = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))
    assert found["@type"] == "NewsArticle" and found["headline"] == "Story number 21"
    assert found["datePublished"] == "2023-06-06T10:00:00+00:00" and found["articleSection"] == "Council tax"
    assert found["url"].endswith("/news/story-number-21")
    assert client.get("/news/secret-draft").status_code == 404
    home = client.get("/").get_data(as_text=True)
    assert re.findall(r'href="/news/(story-number-\d\d)"', home) == ["story-number-21", "story-number-20",
                                                                     "story-number-19"]


def test_atom_feeds_of_all_news_and_of_a_category(client, newsroom):
    response = client.get("/news/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 22
    assert entries[0].find(f"{ATOM}title").text == "Story number 21"
    assert entries[0].find(f"{ATOM}id").text.endswith("/news/story-number-21")
    assert entries[0].find(f"{ATOM}category").get("term") == "council-tax"
    assert "Secret draft" not in response.get_data(as_text=True)
    environment = ET.fromstring(client.get("/news/categories/environment/feed.atom").data)
    titles = [e.find(f"{ATOM}title").text for e in environment.findall(f"{ATOM}entry")]
    assert len(titles) == 11 and titles[0] == "Story number 20" and "Story number 21" not in titles
    assert client.get("/news/categories/nothing/feed.atom").status_code == 404


def test_only_the_news_sections_grants_work_news(app, client, signed_in, newsroom):
    assert client.get("/edit/news/").status_code in (302, 401)  # not signed in
    signed_in(WASTE_PUBLISHER)
    assert client.get("/edit/news/").status_code == 403
    assert client.get(f"/edit/news/{newsroom['draft']}").status_code == 403
    token = csrf_from(client.get("/edit/sections/waste-and-recycling/new"))
    assert client.post(f"/edit/pages/{newsroom['draft']}/publish", data={"csrf_token": token}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    signed_in(AUTHOR)
    staff = client.get("/edit/news/")
    assert staff.status_code == 200 and "Secret draft" in staff.get_data(as_text=True)
    assert client.get(f"/edit/news/{newsroom['live']}").status_code == 403  # live: a publisher's
    page = client.get(f"/edit/news/{newsroom['draft']}")
    token = csrf_from(page)
    bad = client.post(f"/edit/news/{newsroom['draft']}", data={"csrf_token": token, "category_id": "",
                                                               "press_contact": "x" * 301, "image_id": ""})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.get_data(as_text=True)
    saved = client.post(f"/edit/news/{newsroom['draft']}", data={"csrf_token": token, "category_id": "",
                                                                 "press_contact": "Jo Press, 01632 960201",
                                                                 "image_id": ""})
    assert saved.status_code == 302
    assert client.post("/edit/news/categories", data={"csrf_token": token, "name": "Planning"}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    signed_in(PUBLISHER)
    token = csrf_from(client.get("/edit/news/"))
    added = client.post("/edit/news/categories", data={"csrf_token": token, "name": "Planning"})
    assert added.status_code == 302
    again = client.post("/edit/news/categories", data={"csrf_token": token, "name": "planning"})
    assert again.status_code == 400 and "already a category called Planning" in again.get_data(as_text=True)
    with app.app_context():
        tax_id = db.session.scalar(select(NewsCategory.id).where(NewsCategory.slug == "council-tax"))
    renamed = client.post(f"/edit/news/categories/{tax_id}", data={"csrf_token": token, "name": "Council tax bills"})
    assert renamed.status_code == 302
    assert "News about Council tax bills" in client.get("/news/?category=council-tax").get_data(as_text=True)
    assert client.post(f"/edit/news/categories/{tax_id}/remove", data={"csrf_token": token}).status_code == 302
    assert client.get("/news/?category=council-tax").status_code == 404
    assert client.get(f"/edit/news/{newsroom['live']}").status_code == 200
    with app.app_context():
        assert db.session.get(NewsArticle, newsroom["draft"]).press_contact == "Jo Press, 01632 960201"


def test_search_sitemap_and_alerts_know_news(app, client, newsroom):
    wait_until_indexed(app)
    found = client.get("/search?q=story+number+21").get_data(as_text=True)
    assert re.search(r'>Story number 21</a>\s*</h2>\s*<p[^>]*>News · 6 June 2023</p>', found)
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/news/story-number-21</loc>" in sitemap and "secret-draft" not in sitemap
    follow = client.get("/alerts/").get_data(as_text=True)
    assert "News in a category" in follow and 'value="news:all"' in follow and 'value="news:council-tax"' in follow

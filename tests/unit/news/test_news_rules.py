import json
from datetime import date, datetime, timezone

from ieg.news.rules import Month, category_slug, news_article_json_ld, parse_month

TODAY = date(2026, 12, 7)


def test_an_archive_month_is_a_real_month_up_to_this_one():
    assert parse_month("2026-03", TODAY) == Month(2026, 3)
    assert parse_month(" 2026-12 ", TODAY).label == "December 2026"
    for asked in ("", None, "2026-13", "2026-00", "2026-3", "26-03", "2027-01", "1989-12", "2026-03x", "march"):
        assert parse_month(asked, TODAY) is None, asked
    assert Month(2026, 12).bounds() == (date(2026, 12, 1), date(2027, 1, 1))
    assert Month(2026, 2).bounds() == (date(2026, 2, 1), date(2026, 3, 1))
    assert Month(2026, 2).key == "2026-02"


def test_category_slugs():
    assert category_slug("Council tax & benefits") == "council-tax-benefits"
    assert category_slug("  Planning  ") == "planning"
    assert category_slug("!!!") == ""
    assert len(category_slug("a " * 100)) <= 80 and not category_slug("a " * 100).endswith("-")


def test_news_article_json_ld_is_schema_org_and_cannot_close_its_script():
    text = news_article_json_ld(headline="Park </script> reopens", url="https://c.example/news/park",
                                published=datetime(2026, 4, 2, 9, tzinfo=timezone.utc),
                                modified=datetime(2026, 4, 3, 9, tzinfo=timezone.utc), summary="Open again",
                                publisher="Ashdown District Council", section="Leisure",
                                image_url="https://c.example/files/x.jpg")
    assert "</" not in text
    data = json.loads(text)
    assert data["@type"] == "NewsArticle" and data["headline"] == "Park </script> reopens"
    assert data["datePublished"] == "2026-04-02T09:00:00+00:00" and data["articleSection"] == "Leisure"
    assert data["publisher"] == {"@type": "GovernmentOrganization", "name": "Ashdown District Council"}
    assert data["image"] == "https://c.example/files/x.jpg"
    bare = json.loads(news_article_json_ld(headline="x" * 200, url="u", published=datetime(2026, 1, 1),
                                           modified=datetime(2026, 1, 1), summary="", publisher="C"))
    assert len(bare["headline"]) == 110 and "image" not in bare and "articleSection" not in bare

"""News rules with no I/O: which month of the archive an address asks for, a category's slug, and
an article as schema.org NewsArticle."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
FIRST_YEAR = 1990  # older than any council website's news
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{MONTHS[self.month - 1]} {self.year}"

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def bounds(self) -> tuple[date, date]:
        """The first day of this month and of the next."""
        following = date(self.year + 1, 1, 1) if self.month == 12 else date(self.year, self.month + 1, 1)
        return date(self.year, self.month, 1), following


def parse_month(text: object, today: date) -> Month | None:
    """The archive month an address asks for (`?month=2026-03`), or None when it asks for none or
    for one that cannot hold news (not a month, before FIRST_YEAR, after this month)."""
    match = _MONTH.match(str(text or "").strip())
    if match is None:
        return None
    asked = Month(int(match[1]), int(match[2]))
    if asked.year < FIRST_YEAR or (asked.year, asked.month) > (today.year, today.month):
        return None
    return asked


def category_slug(name: str) -> str:
    """A category's address from its name: "Council tax & benefits" -> "council-tax-benefits"."""
    return _NOT_SLUG.sub("-", name.lower()).strip("-")[:80].strip("-")


def news_article_json_ld(*, headline: str, url: str, published: datetime, modified: datetime, summary: str,
                         publisher: str, section: str = "", image_url: str = "") -> str:
    """schema.org NewsArticle as JSON safe inside a <script> element (no "</" to close it early)."""
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline[:110], "url": url,
            "mainEntityOfPage": url, "datePublished": published.isoformat(), "dateModified": modified.isoformat(),
            "description": summary,
            "publisher": {"@type": "GovernmentOrganization", "name": publisher},
            "author": {"@type": "GovernmentOrganization", "name": publisher}}
    if section:
        data["articleSection"] = section
    if image_url:
        data["image"] = image_url
    return json.dumps(data).replace("</", "<\\/")

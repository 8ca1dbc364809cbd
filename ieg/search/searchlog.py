"""What residents searched for, for editors: top queries, queries that found nothing, and
queries whose results nobody followed, per section where the result belonged to one.

No IP address, cookie or user is stored, and personal details people type into the box
(email addresses, phone and account numbers, postcodes) are redacted before the query is
written (UK GDPR data minimisation). Plain functions taking a session; the caller commits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select, update
from sqlalchemy.orm import Session

from ieg.models import SearchLogEntry, Section
from ieg.search.query import Results, parse

_REDACTIONS = (
    (re.compile(r"\S+@\S+"), " email "),
    (re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[a-z]{2}\b", re.I), " postcode "),
    # Phone, account, national insurance and penalty notice numbers: six or more digits.
    (re.compile(r"\S*\d(?:[\s-]?\d){5,}\S*"), " number "),
)


def redact(raw: str) -> str:
    text = raw or ""
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return parse(text).text


def _section_id(session: Session, slug: str) -> int | None:
    return session.scalar(select(Section.id).where(Section.slug == slug)) if slug else None


def record(session: Session, raw: str, results: Results, now: datetime) -> SearchLogEntry | None:
    """Log a first results page (later pages and filters are the same search), with the
    section of its first result."""
    query = redact(raw)[:200]
    if not query:
        return None
    first = results.hits[0].section if results.hits else ""
    entry = SearchLogEntry(query=query, results=results.total, section_id=_section_id(session, first),
                           searched_at=now)
    session.add(entry)
    session.flush()
    return entry


def click(session: Session, entry_id: int, key: str, rank: int, section_slug: str) -> None:
    """The first result followed from a search (later ones change nothing), and its section."""
    session.execute(update(SearchLogEntry).where(SearchLogEntry.id == entry_id,
                                                 SearchLogEntry.clicked_key.is_(None))
                    .values(clicked_key=key[:80], clicked_rank=rank,
                            clicked_section_id=_section_id(session, section_slug)))


@dataclass(frozen=True)
class QueryLine:
    query: str
    searches: int
    clicked: int
    results: int  # the most recent number of results

    @property
    def click_rate(self) -> int:
        return round(100 * self.clicked / self.searches) if self.searches else 0


@dataclass(frozen=True)
class Report:
    since: datetime
    searches: int
    top: list[QueryLine]
    zero: list[QueryLine]
    unclicked: list[QueryLine]


def report(session: Session, since: datetime, section: Section | None = None, limit: int = 25) -> Report:
    """The log since a date, for the whole site or for one section (searches whose first
    result, or the result followed, was in that section)."""
    where = [SearchLogEntry.searched_at >= since]
    if section is not None:
        where.append((SearchLogEntry.section_id == section.id) | (SearchLogEntry.clicked_section_id == section.id))
    clicked = func.sum(case((SearchLogEntry.clicked_key.is_not(None), 1), else_=0))
    grouped = (select(SearchLogEntry.query, func.count().label("searches"), clicked.label("clicked"),
                      func.max(SearchLogEntry.results).label("results"))
               .where(*where).group_by(SearchLogEntry.query))

    def lines(statement) -> list[QueryLine]:
        return [QueryLine(row.query, row.searches, row.clicked or 0, row.results)
                for row in session.execute(statement.order_by(func.count().desc(), SearchLogEntry.query)
                                           .limit(limit))]

    total = session.scalar(select(func.count()).select_from(SearchLogEntry).where(*where)) or 0
    return Report(
        since=since, searches=total, top=lines(grouped),
        zero=lines(grouped.having(func.max(SearchLogEntry.results) == 0)),
        unclicked=lines(grouped.having(func.max(SearchLogEntry.results) > 0).having(clicked == 0)))

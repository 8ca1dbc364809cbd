"""What the editing pages list, as named queries: the views ask for these by name rather than
building statements."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ieg.content import feedback, links, pages
from ieg.models import Page, PageEvent, PageRevision, Section
from ieg.models.content import ARCHIVED, DRAFT, IN_REVIEW
from ieg.people.permissions import can

RECENTLY_PUBLISHED = 5  # the latest publications each section's dashboard lists


def sections(session: Session) -> list[Section]:
    """Every section in the order the site shows them."""
    return session.scalars(select(Section).order_by(Section.sort_order, Section.title)).all()


def sections_by_title(session: Session) -> list[Section]:
    return session.scalars(select(Section).order_by(Section.title)).all()


def section_pages(session: Session, section: Section) -> list[Page]:
    """The section's pages in the order of their place in it (parents before children)."""
    items = session.scalars(select(Page).where(Page.section_id == section.id)).all()
    return sorted(items, key=lambda p: [s for s in p.path_slugs()])


def dashboard(session: Session, user, today: date, since: datetime) -> list[dict]:
    """For each section `user` edits: its drafts, pages in review, pages past their review date,
    how many are public, unread feedback, broken links and what was published since `since`."""
    mine = []
    for section in session.scalars(select(Section).order_by(Section.sort_order, Section.title)):
        if not can(user, "section.edit", section):
            continue
        section_pages = session.scalars(select(Page).where(Page.section_id == section.id)).all()
        recent = session.scalars(select(PageEvent).join(Page).where(
            Page.section_id == section.id, PageEvent.action == "published", PageEvent.at >= since)
            .order_by(PageEvent.at.desc()).limit(RECENTLY_PUBLISHED)).all()
        mine.append({
            "section": section,
            "publisher": can(user, "section.publish", section),
            "drafts": [p for p in section_pages if p.status == DRAFT],
            "in_review": [p for p in section_pages if p.status == IN_REVIEW],
            "overdue": [p for p in section_pages if p.status != ARCHIVED and p.review_by and p.review_by < today],
            "published": sum(1 for p in section_pages if pages.is_public(p)),
            "feedback": feedback.unread_count(session, section.id),
            "broken": links.broken_links(session, section.id),
            "recent": recent,
        })
    return mine


def revisions(session: Session, page: Page) -> list[PageRevision]:
    """The page's revisions, newest first."""
    return session.scalars(select(PageRevision).where(PageRevision.page_id == page.id)
                           .order_by(PageRevision.number.desc())).all()


def revision(session: Session, page: Page, number: int) -> PageRevision | None:
    return session.scalar(select(PageRevision).where(PageRevision.page_id == page.id, PageRevision.number == number))


def events(session: Session, page: Page) -> list[PageEvent]:
    """What happened to the page, latest first."""
    return session.scalars(select(PageEvent).where(PageEvent.page_id == page.id)
                           .order_by(PageEvent.at.desc(), PageEvent.id.desc())).all()


def sections_with_editors(session: Session) -> list[Section]:
    """Every section in the site's order, with its grants loaded (the table shows its editors)."""
    return session.scalars(select(Section).order_by(Section.sort_order, Section.title).options(
        selectinload(Section.grants))).all()

"""'Is this page useful?' answers: kept against the page's own section, for its editors, who
read them in the section's inbox and mark each one done (or not done again)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload

from ieg import paging
from ieg.models import Page, PageFeedback

MAX_FEEDBACK = 2000
PER_PAGE = 25
# What the inbox shows: answers nobody has dealt with yet (the default), those done, or all.
UNREAD, DONE, ALL = "unread", "done", "all"
STATES = (UNREAD, DONE, ALL)


def record_feedback(session: Session, page: Page, useful: bool, what_wrong: str = "") -> PageFeedback:
    item = PageFeedback(page_id=page.id, section_id=page.section_id, useful=useful,
                        what_wrong=(what_wrong or "").strip()[:MAX_FEEDBACK])
    session.add(item)
    return item


def unread_count(session: Session, section_id: int) -> int:
    return session.scalar(select(func.count()).select_from(PageFeedback).where(
        PageFeedback.section_id == section_id, PageFeedback.handled_at.is_(None)))


@dataclass(frozen=True)
class PageCounts:
    page: Page
    unread: int
    total: int
    useful: int

    @property
    def not_useful(self) -> int:
        return self.total - self.useful


def counts_by_page(session: Session, section_id: int) -> list[PageCounts]:
    """Each page of the section that has feedback: not yet read, in all, found useful; the
    pages with most to read first."""
    unread = func.sum(case((PageFeedback.handled_at.is_(None), 1), else_=0))
    useful = func.sum(case((PageFeedback.useful.is_(True), 1), else_=0))
    rows = session.execute(
        select(PageFeedback.page_id, unread, func.count(), useful)
        .where(PageFeedback.section_id == section_id).group_by(PageFeedback.page_id)).all()
    found = {page.id: page for page in session.scalars(select(Page).where(Page.id.in_([r[0] for r in rows])))}
    counts = [PageCounts(found[page_id], int(u), int(total), int(yes)) for page_id, u, total, yes in rows]
    return sorted(counts, key=lambda c: (-c.unread, -c.total, c.page.title.lower()))


@dataclass(frozen=True)
class Inbox:
    items: list[PageFeedback]
    window: paging.Window


def inbox(session: Session, section_id: int, state: str = UNREAD, page_id: int | None = None,
          page: object = 1, per_page: int = PER_PAGE) -> Inbox:
    """The section's feedback, newest first: not yet read, done or all, for one page or every
    page; `page` of the list as paging.window reads it."""
    where = [PageFeedback.section_id == section_id]
    if state == UNREAD:
        where.append(PageFeedback.handled_at.is_(None))
    elif state == DONE:
        where.append(PageFeedback.handled_at.is_not(None))
    if page_id is not None:
        where.append(PageFeedback.page_id == page_id)
    shown = paging.window(session.scalar(select(func.count()).select_from(PageFeedback).where(*where)), page, per_page)
    items = session.scalars(select(PageFeedback)
                            .options(joinedload(PageFeedback.page), joinedload(PageFeedback.handled_by))
                            .where(*where).order_by(PageFeedback.created_at.desc(), PageFeedback.id.desc())
                            .offset(shown.offset).limit(per_page)).all()
    return Inbox(items, shown)


def mark_done(session: Session, item: PageFeedback, actor, now: datetime) -> None:
    """An editor has read it and dealt with it (kept if it was already done)."""
    if item.handled_at is None:
        item.handled_at, item.handled_by_id = now, actor.id


def mark_not_done(session: Session, item: PageFeedback) -> None:
    """Back to the answers not yet read (a mistake, or more to do)."""
    item.handled_at, item.handled_by_id = None, None

"""What a public page view reads, as plain rows: no ORM objects on the hot path.

Public pages are the most-read thing IEG serves; loading them as ORM objects cost about
as much as rendering them. These queries return only the columns the templates show.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Boolean, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from ieg.models import Attachment, LgslService, Page, PageRevision, PageService, Section
from ieg.models.content import ARCHIVED


@dataclass(frozen=True)
class PublicPage:
    id: int
    slug: str
    parent_id: int | None
    title: str
    summary: str
    body_html: str
    meta: dict
    public_path: str
    first_published_at: datetime | None
    last_published_at: datetime | None


# Built once: making a statement costs about a sixth of a page view; running it with
# parameters reuses SQLAlchemy's compiled form.
_SECTION = select(Section.__table__).where(Section.slug == bindparam("slug"))
_PAGES = (select(Page.id, Page.slug, Page.parent_id, Page.first_published_at, Page.last_published_at,
                 PageRevision.title, PageRevision.summary, PageRevision.body_html, PageRevision.meta)
          .join(PageRevision, Page.live_revision_id == PageRevision.id)
          .where(Page.section_id == bindparam("section_id"), Page.slug.in_(bindparam("slugs", expanding=True)),
                 Page.status != ARCHIVED))
_NEIGHBOURS = (select(Page.id, Page.slug, Page.parent_id, PageRevision.title, PageRevision.summary)
               .join(PageRevision, Page.live_revision_id == PageRevision.id)
               .where(Page.section_id == bindparam("section_id"), Page.status != ARCHIVED,
                      or_(Page.parent_id.in_(bindparam("parents", expanding=True)),
                          and_(bindparam("top", type_=Boolean), Page.parent_id.is_(None))))
               .order_by(Page.sort_order, PageRevision.title))
_SUBJECTS = (select(LgslService.id, LgslService.label).join(PageService)
             .where(PageService.page_id == bindparam("page_id")).order_by(LgslService.id))
_DOCUMENTS = (select(Attachment.title, Attachment.filename, Attachment.stored_name, Attachment.size)
              .where(Attachment.page_id == bindparam("page_id"), Attachment.kind == "document")
              .order_by(Attachment.id))


def section(session: Session, slug: str):
    """The section's columns as a row (attribute access like the model), or None."""
    return session.execute(_SECTION, {"slug": slug}).first()


def page(session: Session, section_row, slugs: list[str]) -> tuple[PublicPage, list[PublicPage]] | None:
    """The live page at /<section>/<slugs...> and its ancestors (top first), or None."""
    if not slugs:
        return None
    rows = session.execute(_PAGES, {"section_id": section_row.id, "slugs": slugs}).all()
    by_slug = {row.slug: row for row in rows}
    chain, parent_id, path = [], None, f"/{section_row.slug}"
    for slug in slugs:
        row = by_slug.get(slug)
        if row is None or row.parent_id != parent_id:
            return None
        path = f"{path}/{slug}"
        chain.append(PublicPage(row.id, row.slug, row.parent_id, row.title, row.summary, row.body_html,
                                row.meta or {}, path, row.first_published_at, row.last_published_at))
        parent_id = row.id
    return chain[-1], chain[:-1]


@dataclass(frozen=True)
class Link:
    title: str
    summary: str
    public_path: str


def neighbours(session: Session, section_id: int, page: PublicPage) -> tuple[list[Link], list[Link]]:
    """(related, children): the live pages beside and below `page`, in one query."""
    # Children have this page as parent; siblings share its parent (none, at the top).
    parents = [page.id] + ([page.parent_id] if page.parent_id else [])
    rows = session.execute(_NEIGHBOURS, {"section_id": section_id, "parents": parents,
                                         "top": page.parent_id is None}).all()
    above = page.public_path.rsplit("/", 1)[0]
    related = [Link(r.title, r.summary, f"{above}/{r.slug}") for r in rows
               if r.parent_id == page.parent_id and r.id != page.id]
    children = [Link(r.title, r.summary, f"{page.public_path}/{r.slug}") for r in rows if r.parent_id == page.id]
    return related[:6], children


def subjects(session: Session, page_id: int) -> list:
    return session.execute(_SUBJECTS, {"page_id": page_id}).all()


def documents(session: Session, page_id: int) -> list:
    return session.execute(_DOCUMENTS, {"page_id": page_id}).all()

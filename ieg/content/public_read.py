"""What a public page view reads, as plain rows: no ORM objects on the hot path.

Public pages are the most-read thing IEG serves; loading them as ORM objects cost about
as much as rendering them. These queries return only the columns the templates show, and
run on a connection of their own from the session's engine: going through the Session
cost as much again as the queries.

Every view reads the page itself (its live revision), its LGSL subjects and its documents
from the database. What places it (the sections, and each section's tree of live pages:
slugs, parents, order and titles, for breadcrumbs and the lists of related and
child pages) is small, the same for every visitor and changes only through functions that
call ieg.cache.bump(), so each process keeps it until the site version changes
(ieg.cache.versioned): at once in the process that made the change, within a second in
the others, as for the page cache.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, literal, select, union_all
from sqlalchemy.orm import Session

from ieg import cache
from ieg.models import Attachment, LgslService, Page, PageRevision, PageService, Section
from ieg.models.content import ARCHIVED


@dataclass(frozen=True)
class Link:
    """A live page as navigation shows it."""
    id: int
    slug: str
    parent_id: int | None
    title: str


@dataclass(frozen=True)
class Tree:
    """A section's live pages, in list order (sort order, then title)."""
    by_place: dict[tuple[int | None, str], Link]  # (parent id, slug) -> page
    by_parent: dict[int | None, list[Link]]


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


@dataclass(frozen=True)
class PageLink:
    title: str
    public_path: str


@dataclass(frozen=True)
class PageView:
    """Everything the public page template shows."""
    section: object  # the section's row
    page: PublicPage
    ancestors: list[PageLink]  # top first
    related: list[PageLink]  # up to six pages beside it
    children: list[PageLink]
    subjects: list  # (LGSL number, label)
    documents: list  # rows with title, filename, stored_name and size


# Built once: making a statement costs about a sixth of a page view; running it with
# parameters reuses SQLAlchemy's compiled form.
_LIVE = (Page.live_revision_id.is_not(None), Page.status != ARCHIVED)
_SECTIONS = select(Section.__table__)
_TREE = (select(Page.id, Page.slug, Page.parent_id, PageRevision.title)
         .join(PageRevision, Page.live_revision_id == PageRevision.id)
         .where(Page.section_id == bindparam("section_id"), *_LIVE)
         .order_by(Page.sort_order, PageRevision.title))
_PAGE = (select(Page.first_published_at, Page.last_published_at,
                PageRevision.title, PageRevision.summary, PageRevision.body_html, PageRevision.meta)
         .join(PageRevision, Page.live_revision_id == PageRevision.id)
         .where(Page.id == bindparam("page_id"), *_LIVE))
# The page's LGSL subjects and its documents in one statement: (kind, number, title,
# filename, stored_name, size), subjects (kind 0, by LGSL number) before documents.
_SUBJECTS_AND_DOCUMENTS = union_all(
    select(literal(0).label("kind"), LgslService.id.label("number"), LgslService.label.label("title"),
           literal("").label("filename"), literal("").label("stored_name"), literal(0).label("size"))
    .join(PageService).where(PageService.page_id == bindparam("page_id")),
    select(literal(1), Attachment.id, Attachment.title, Attachment.filename, Attachment.stored_name,
           Attachment.size)
    .where(Attachment.page_id == bindparam("page_id"), Attachment.kind == "document"),
).order_by("kind", "number")


def section(session: Session, slug: str):
    """The section's columns as a row (attribute access like the model), or None."""
    return cache.versioned("public_read.sections", lambda: {
        row.slug: row for row in session.connection().execute(_SECTIONS)}).get(slug)


def _load_tree(session: Session, section_id: int) -> Tree:
    by_place, by_parent = {}, {}
    for row in session.connection().execute(_TREE, {"section_id": section_id}):
        link = Link(row.id, row.slug, row.parent_id, row.title)
        by_place[(link.parent_id, link.slug)] = link
        by_parent.setdefault(link.parent_id, []).append(link)
    return Tree(by_place, by_parent)


def tree(session: Session, section_id: int) -> Tree:
    return cache.versioned(f"public_read.tree.{section_id}", lambda: _load_tree(session, section_id))


def page_view(session: Session, section_row, slugs: list[str]) -> PageView | None:
    """The live page at /<section>/<slugs...> with what its view shows, or None."""
    if not slugs:
        return None
    places = tree(session, section_row.id)
    chain, parent_id, path, paths = [], None, f"/{section_row.slug}", []
    for slug in slugs:
        link = places.by_place.get((parent_id, slug))
        if link is None:
            return None
        path = f"{path}/{slug}"
        chain.append(link)
        paths.append(path)
        parent_id = link.id
    here = chain[-1]
    with session.get_bind().connect() as connection:
        row = connection.execute(_PAGE, {"page_id": here.id}).first()
        if row is None:  # taken down by another process in the last second
            return None
        listed = connection.execute(_SUBJECTS_AND_DOCUMENTS, {"page_id": here.id}).all()
    page = PublicPage(here.id, here.slug, here.parent_id, row.title, row.summary, row.body_html, row.meta or {},
                      path, row.first_published_at, row.last_published_at)
    above = path.rsplit("/", 1)[0]
    related = [PageLink(r.title, f"{above}/{r.slug}") for r in places.by_parent.get(here.parent_id, ())
               if r.id != here.id][:6]
    children = [PageLink(c.title, f"{path}/{c.slug}") for c in places.by_parent.get(here.id, ())]
    return PageView(section=section_row, page=page,
                    ancestors=[PageLink(a.title, p) for a, p in zip(chain[:-1], paths)],
                    related=related, children=children,
                    subjects=[(r.number, r.title) for r in listed if r.kind == 0],
                    documents=[r for r in listed if r.kind == 1])

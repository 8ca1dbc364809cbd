"""What a public page view reads, as plain rows: no ORM objects on the hot path.

Public pages are the most-read thing IEG serves; loading them as ORM objects cost about
as much as rendering them. These queries return only the columns the templates show. The
page's own two run on a pooled DBAPI connection of their own (ieg.database.DirectSelect):
going through the Session, then through Connection.execute, each cost more than the
queries.

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
from types import SimpleNamespace
from typing import NamedTuple

from sqlalchemy import bindparam, literal, null, select, union_all
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ieg import cache
from ieg.database import DirectSelect
from ieg.models import Attachment, LgslService, Page, PageRedirect, PageRevision, PageService, Section
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
    egms_coverage: str | None  # from the revision's meta; None when not set
    egms_keywords: str | None
    public_path: str
    first_published_at: datetime | None
    last_published_at: datetime | None


@dataclass(frozen=True)
class PageLink:
    title: str
    public_path: str


class Document(NamedTuple):
    """A document listed on a page."""
    title: str
    filename: str
    stored_name: str
    size: int


@dataclass(frozen=True)
class PageView:
    """Everything the public page template shows."""
    section: object  # the section's row
    page: PublicPage
    ancestors: list[PageLink]  # top first
    related: list[PageLink]  # up to six pages beside it
    children: list[PageLink]
    subjects: list  # (LGSL number, label)
    documents: list[Document]


# Built once: making a statement costs about a sixth of a page view; running it with
# parameters reuses SQLAlchemy's compiled form (DirectSelect's, its SQL per dialect).
_LIVE = (Page.live_revision_id.is_not(None), Page.status != ARCHIVED)
_SECTIONS = select(Section.__table__)
_TREE = (select(Page.id, Page.slug, Page.parent_id, PageRevision.title)
         .join(PageRevision, Page.live_revision_id == PageRevision.id)
         .where(Page.section_id == bindparam("section_id"), *_LIVE)
         .order_by(Page.sort_order, PageRevision.title))
# The page's live revision, its LGSL subjects and its documents in one statement, a row
# each, the page first (no page row: it is not live); a second statement cost as much as
# the first. Columns: (kind, number, title, text, stored_name, size, body_html,
# egms_coverage, egms_keywords, first_published_at, last_published_at), with
#   kind 0, the page: its title and summary (text), body_html, the two e-GMS fields of its
#     meta (read by the database: decoding the whole JSON cost more) and dates;
#   kind 1, a subject, by LGSL number: number and label (title);
#   kind 2, a document published with the page, in upload order: title, filename (text),
#     stored_name and size.
_NONE = [null()] * 5
_PAGE_SUBJECTS_AND_DOCUMENTS = DirectSelect(union_all(
    select(literal(0).label("kind"), Page.id.label("number"), PageRevision.title,
           PageRevision.summary.label("text"), literal("").label("stored_name"), literal(0).label("size"),
           PageRevision.body_html, PageRevision.meta["egms_coverage"].as_string(),
           PageRevision.meta["egms_subject_keywords"].as_string(),
           Page.first_published_at, Page.last_published_at)
    .join(PageRevision, Page.live_revision_id == PageRevision.id)
    .where(Page.id == bindparam("page_id"), *_LIVE),
    select(literal(1), LgslService.id, LgslService.label, literal(""), literal(""), literal(0), *_NONE)
    .join(PageService).where(PageService.page_id == bindparam("page_id")),
    select(literal(2), Attachment.id, Attachment.title, Attachment.filename, Attachment.stored_name,
           Attachment.size, *_NONE)
    .where(Attachment.page_id == bindparam("page_id"), Attachment.kind == "document",
           Attachment.published_at.is_not(None)),
).order_by("kind", "number"))


def section(session: Session, slug: str):
    """The section's columns as attributes (like the model's), or None. A namespace rather
    than the Row: a template reads a Row's attribute at five times the cost."""
    return cache.versioned("public_read.sections", lambda: {
        row.slug: SimpleNamespace(**row._mapping) for row in session.connection().execute(_SECTIONS)}).get(slug)


def _load_tree(session: Session, section_id: int) -> Tree:
    by_place, by_parent = {}, {}
    for row in session.connection().execute(_TREE, {"section_id": section_id}):
        link = Link(row.id, row.slug, row.parent_id, row.title)
        by_place[(link.parent_id, link.slug)] = link
        by_parent.setdefault(link.parent_id, []).append(link)
    return Tree(by_place, by_parent)


def tree(session: Session, section_id: int) -> Tree:
    return cache.versioned(f"public_read.tree.{section_id}", lambda: _load_tree(session, section_id))


def page_view(session: Session, engine: Engine, section_row, slugs: list[str]) -> PageView | None:
    """The live page at /<section>/<slugs...> with what its view shows, or None. The
    section's tree comes through `session` when it is not kept already; the page itself
    is read from `engine`."""
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
    connection = engine.raw_connection()
    try:
        rows = _PAGE_SUBJECTS_AND_DOCUMENTS.rows(connection, engine.dialect, page_id=here.id)
    finally:
        connection.close()
    if not rows or rows[0][0] != 0:  # taken down by another process in the last second
        return None
    _, _, title, summary, _, _, body_html, coverage, keywords, first_published_at, last_published_at = rows[0]
    page = PublicPage(here.id, here.slug, here.parent_id, title, summary, body_html, coverage, keywords,
                      path, first_published_at, last_published_at)
    above = path.rsplit("/", 1)[0]
    related = [PageLink(r.title, f"{above}/{r.slug}") for r in places.by_parent.get(here.parent_id, ())
               if r.id != here.id][:6]
    children = [PageLink(c.title, f"{path}/{c.slug}") for c in places.by_parent.get(here.id, ())]
    return PageView(section=section_row, page=page,
                    ancestors=[PageLink(a.title, p) for a, p in zip(chain[:-1], paths)],
                    related=related, children=children,
                    subjects=[(r[1], r[2]) for r in rows if r[0] == 1],
                    documents=[Document(*r[2:6]) for r in rows if r[0] == 2])


# The public pages' other look-ups, named so the views build no statements.

def sections_by_heading(session: Session) -> list[Section]:
    """Every section in the home page's order: by LGNL heading, then the council's order. A
    councillor's own section is left out: it is reached from their page under /councillors/."""
    from ieg.models import Councillor
    return session.scalars(select(Section).where(Section.id.not_in(
        select(Councillor.section_id).where(Councillor.section_id.is_not(None))))
        .order_by(Section.lgnl_heading, Section.sort_order, Section.title)).all()


def top_pages(session: Session, section: Section, parent_id: int | None = None) -> list[Page]:
    """The section's live pages at one level (its top level unless `parent_id`), in its order."""
    query = select(Page).where(Page.section_id == section.id, Page.live_revision_id.is_not(None),
                               Page.status != ARCHIVED)
    query = query.where(Page.parent_id.is_(None) if parent_id is None else Page.parent_id == parent_id)
    return sorted(session.scalars(query).all(), key=lambda p: (p.sort_order, p.live_revision.title))


TOP_TASKS = 8  # the most the home page lists


def top_tasks(session: Session) -> list[Page]:
    return session.scalars(select(Page).where(Page.is_top_task.is_(True), Page.live_revision_id.is_not(None),
                                              Page.status != ARCHIVED).limit(TOP_TASKS)).all()


def moved_to(session: Session, old_path: str) -> Page | None:
    """The page that used to be at `old_path` (renamed or moved since), if any."""
    moved = session.scalar(select(PageRedirect).where(PageRedirect.old_path == old_path))
    return session.get(Page, moved.page_id) if moved else None


def attachment(session: Session, stored_name: str) -> Attachment | None:
    return session.scalar(select(Attachment).where(Attachment.stored_name == stored_name))


def page_at(session: Session, address: str) -> Page | None:
    """The page at a public address (/section/page or a full URL), following old addresses."""
    path = "/" + address.split("://", 1)[-1].split("/", 1)[-1] if "://" in address else address.strip()
    path = "/" + path.strip().strip("/")
    slug, _, rest = path.lstrip("/").partition("/")
    found = session.scalar(select(Section).where(Section.slug == slug))
    if found is None or not rest:
        return None
    page, parent = None, None
    for part in rest.split("/"):
        page = session.scalar(select(Page).where(Page.section_id == found.id, Page.slug == part,
                                                 Page.parent_id.is_(None) if parent is None
                                                 else Page.parent_id == parent.id))
        if page is None:
            break
        parent = page
    return moved_to(session, path) if page is None else page

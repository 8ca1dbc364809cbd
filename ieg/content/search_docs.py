"""What the content area puts in site search: live pages (with their A-Z labels and LGSL
service names), the documents published with them, and A-Z deep links to other tiers.

Registered with ieg.search.documents; the search code knows nothing of pages.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import Iterable
from urllib.parse import quote, urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.content import attachments
from ieg.models import Attachment, AzAlias, DeepLink, LgslService, Page, PageRevision, PageService, Section
from ieg.models.content import ARCHIVED
from ieg.search.documents import Document, Source, row_source

# The kinds of document this area puts in site search; ieg.hooks registers them when the app
# is built.
SOURCES: list[Source] = []

CHUNK = 500
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def text_of(body_html: str) -> str:
    """Readable text from a revision's (already sanitised) HTML."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", body_html))).strip()


def _chunks(values: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


class _Places:
    """Section slugs and titles, and page paths, read once per batch."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.sections = {row.id: row for row in session.execute(select(Section.id, Section.slug, Section.title))}
        self._pages: dict[int, tuple[str, int | None]] = {}

    def need(self, page_ids: Iterable[int]) -> None:
        missing = {i for i in page_ids if i not in self._pages}
        while missing:  # walk up the tree a level at a time
            found = {}
            for chunk in _chunks(sorted(missing)):
                found.update({row.id: (row.slug, row.parent_id) for row in self.session.execute(
                    select(Page.id, Page.slug, Page.parent_id).where(Page.id.in_(chunk)))})
            self._pages.update(found)
            missing = {parent for _, parent in found.values() if parent and parent not in self._pages}

    def load_all(self) -> None:
        self._pages = {row.id: (row.slug, row.parent_id)
                       for row in self.session.execute(select(Page.id, Page.slug, Page.parent_id))}

    def path(self, section_id: int, page_id: int) -> str:
        slugs, seen, current = [], set(), page_id
        while current and current not in seen and current in self._pages:
            seen.add(current)
            slug, current = self._pages[current]
            slugs.append(slug)
        return f"/{self.sections[section_id].slug}/" + "/".join(reversed(slugs))


def _live_pages(session: Session, where, places: _Places) -> dict[int, Document]:
    rows = session.execute(
        select(Page.id, Page.section_id, Page.last_published_at, PageRevision.title, PageRevision.summary,
               PageRevision.body_html)
        .join(PageRevision, Page.live_revision_id == PageRevision.id)
        .where(Page.status != ARCHIVED, where)).all()
    if not rows:
        return {}
    ids = [row.id for row in rows]
    places.need(ids)
    labels: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        for page_id, label in session.execute(select(PageService.page_id, LgslService.label).join(LgslService)
                                              .where(PageService.page_id.in_(chunk))):
            labels[page_id].append(label)
        for page_id, label in session.execute(select(AzAlias.page_id, AzAlias.label)
                                              .where(AzAlias.page_id.in_(chunk))):
            labels[page_id].append(label)
    docs = {}
    for row in rows:
        section = places.sections[row.section_id]
        docs[row.id] = Document(
            key=f"page:{row.id}", kind="page", title=row.title, url=places.path(row.section_id, row.id),
            summary=row.summary, body=text_of(row.body_html), section=section.slug, section_title=section.title,
            labels=tuple(sorted(set(labels[row.id]))), published=row.last_published_at)
    return docs


def _live_pages_where(session: Session, where) -> dict[int, Document]:
    return _live_pages(session, where, _Places(session))


def _all_pages(session: Session) -> Iterable[Document]:
    places = _Places(session)
    places.load_all()
    ids = list(session.scalars(select(Page.id).where(Page.live_revision_id.is_not(None),
                                                     Page.status != ARCHIVED).order_by(Page.id)))
    for chunk in _chunks(ids):
        yield from _live_pages(session, Page.id.in_(chunk), places).values()


def _documents(session: Session, where) -> dict[int, Document]:
    rows = session.execute(
        select(Attachment.id, Attachment.title, Attachment.filename, Attachment.stored_name, Attachment.page_id,
               Attachment.published_at, Page.section_id, PageRevision.title.label("page_title"))
        .join(Page, Attachment.page_id == Page.id).join(PageRevision, Page.live_revision_id == PageRevision.id)
        .where(Attachment.kind == "document", Attachment.published_at.is_not(None), Page.status != ARCHIVED,
               where)).all()
    if not rows:
        return {}
    places = _Places(session)
    places.need({row.page_id for row in rows})
    docs = {}
    for row in rows:
        section = places.sections[row.section_id]
        kind = attachments.KINDS.get(row.stored_name.rsplit(".", 1)[-1])
        docs[row.id] = Document(
            key=f"document:{row.id}", kind=kind.label if kind else "File", title=row.title,
            url=f"/files/{row.stored_name}/{quote(row.filename)}",
            summary=f"Attached to the page “{row.page_title}” ({places.path(row.section_id, row.page_id)})",
            section=section.slug, section_title=section.title, published=row.published_at)
    return docs


def _deep_links(session: Session, where) -> dict[int, Document]:
    docs = {}
    sections = {row.id: row for row in session.execute(select(Section.id, Section.slug, Section.title))}
    rows = session.execute(select(DeepLink.id, DeepLink.label, DeepLink.url, DeepLink.provider, DeepLink.section_id,
                                  DeepLink.created_at, LgslService.label.label("service"))
                           .outerjoin(LgslService, DeepLink.lgsl_id == LgslService.id).where(where))
    for row in rows:
        if urlsplit(row.url).scheme not in ("http", "https"):
            continue  # never offered as a link (as in the A-Z)
        section = sections.get(row.section_id)
        docs[row.id] = Document(
            key=f"deeplink:{row.id}", kind="Service from another council", title=row.label, url=row.url,
            summary=f"Provided by {row.provider}. This link goes to their website.",
            section=section.slug if section else "", section_title=section.title if section else "",
            labels=tuple(label for label in (row.label, row.service) if label), published=row.created_at)
    return docs


SOURCES.append(row_source(
    "page", Page.id,
    {Page: lambda o: o.id, PageService: lambda o: o.page_id, AzAlias: lambda o: o.page_id,
     Section: lambda o: f"section={o.id}", LgslService: lambda o: f"lgsl={o.id}"},
    {"section": lambda ids: Page.section_id.in_(ids),
     "lgsl": lambda ids: Page.id.in_(select(PageService.page_id).where(PageService.lgsl_id.in_(ids)))},
    _live_pages_where, _all_pages))
SOURCES.append(row_source(
    "document", Attachment.id,
    {Attachment: lambda o: o.id, Page: lambda o: f"page={o.id}", Section: lambda o: f"section={o.id}"},
    {"page": lambda ids: Attachment.page_id.in_(ids),
     "section": lambda ids: Attachment.page_id.in_(select(Page.id).where(Page.section_id.in_(ids)))},
    _documents))
SOURCES.append(row_source(
    "deeplink", DeepLink.id,
    {DeepLink: lambda o: o.id, Section: lambda o: f"section={o.id}", LgslService: lambda o: f"lgsl={o.id}"},
    {"section": lambda ids: DeepLink.section_id.in_(ids), "lgsl": lambda ids: DeepLink.lgsl_id.in_(ids)},
    _deep_links))

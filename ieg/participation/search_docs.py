"""What participation puts in site search: each public consultation (its page published), with its
summary, background, wards and the area it affects. A consultation's background page is also a page of
its section and is found as one; this document leads to the consultation itself, where people respond.
Registered with ieg.search.documents by ieg.hooks."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.content.search_docs import text_of
from ieg.models import Consultation, Page, PageRevision, Section
from ieg.participation.consultation_status import LABELS
from ieg.search.documents import Document, Source, row_source

KIND = "Consultation"
SOURCES: list[Source] = []


def _live(session: Session, where) -> dict[int, Document]:
    rows = session.execute(
        select(Consultation.id, Consultation.slug, Consultation.title, Consultation.summary, Consultation.status,
               Consultation.wards, Consultation.areas, Consultation.updated_at, Section.slug.label("section"),
               Section.title.label("section_title"), PageRevision.body_html)
        .join(Section, Section.id == Consultation.section_id).join(Page, Page.id == Consultation.page_id)
        .join(PageRevision, PageRevision.id == Page.live_revision_id)
        .where(Page.status != "archived", where)).all()
    return {row.id: Document(
        key=f"consultation:{row.id}", kind=KIND, title=row.title, url=f"/consultations/{row.slug}",
        summary=f"{LABELS[row.status]}. {row.summary}", body=f"{text_of(row.body_html)} {row.areas}",
        section=row.section, section_title=row.section_title,
        labels=tuple(sorted({KIND, "Have your say", *(row.wards or [])})), published=row.updated_at)
        for row in rows}


SOURCES.append(row_source(
    "consultation", Consultation.id,
    {Consultation: lambda o: o.id, Page: lambda o: f"page={o.id}", Section: lambda o: f"section={o.id}"},
    {"page": lambda ids: Consultation.page_id.in_(ids), "section": lambda ids: Consultation.section_id.in_(ids)},
    _live))

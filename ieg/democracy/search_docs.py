"""What local democracy puts in site search: agenda items of published agendas (with their
decisions), and published reports, minutes and notices. An exempt item is found by its title
only. Registered by ieg.hooks when the app is built."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.content.search_docs import text_of
from ieg.democracy.councillors import DEMOCRACY_SECTION
from ieg.models import AgendaItem, Committee, Meeting, MeetingDocument
from ieg.search.documents import Document, Source, row_source
from ieg.timeutil import format_local

SOURCES: list[Source] = []
LABELS = {"report": "Report", "minutes": "Minutes", "decisions": "Decision notice",
          "key_decision_notice": "Key decision notice"}


def _items(session: Session, where) -> dict[int, Document]:
    rows = session.execute(
        select(AgendaItem.id, AgendaItem.number, AgendaItem.title, AgendaItem.body_html, AgendaItem.exempt_paragraph,
               AgendaItem.decision_html, AgendaItem.decision_published_at, Meeting.id.label("meeting_id"),
               Meeting.starts_at, Meeting.agenda_published_at, Committee.name)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id).join(Committee, Meeting.committee_id == Committee.id)
        .where(Meeting.agenda_published_at.is_not(None), where)).all()
    docs = {}
    for row in rows:
        decided = row.decision_published_at is not None
        body = "" if row.exempt_paragraph else text_of(row.body_html or "")
        docs[row.id] = Document(
            key=f"agendaitem:{row.id}", kind="Decision" if decided else "Agenda item", title=row.title,
            url=f"/meetings/{row.meeting_id}/items/{row.number}",
            summary=f"{row.name}, {format_local(row.starts_at, with_time=False)}, item {row.number}"
                    + (" (exempt)" if row.exempt_paragraph else ""),
            body=" ".join(filter(None, (body, text_of(row.decision_html or "") if decided else ""))),
            section=DEMOCRACY_SECTION, section_title="Councillors and democracy",
            labels=(row.name,), published=row.decision_published_at or row.agenda_published_at)
    return docs


def _documents(session: Session, where) -> dict[int, Document]:
    rows = session.execute(
        select(MeetingDocument.id, MeetingDocument.kind, MeetingDocument.title, MeetingDocument.body_html,
               MeetingDocument.published_at, Meeting.starts_at, Committee.name)
        .join(Meeting, MeetingDocument.meeting_id == Meeting.id).join(Committee, Meeting.committee_id == Committee.id)
        .where(MeetingDocument.published_at.is_not(None), where)).all()
    return {row.id: Document(
        key=f"meetingdoc:{row.id}", kind=LABELS[row.kind], title=row.title, url=f"/meetings/documents/{row.id}",
        summary=f"{row.name}, {format_local(row.starts_at, with_time=False)}", body=text_of(row.body_html or ""),
        section=DEMOCRACY_SECTION, section_title="Councillors and democracy", labels=(row.name,),
        published=row.published_at) for row in rows}


SOURCES.append(row_source(
    "agendaitem", AgendaItem.id,
    {AgendaItem: lambda o: o.id, Meeting: lambda o: f"meeting={o.id}", Committee: lambda o: f"committee={o.id}"},
    {"meeting": lambda ids: AgendaItem.meeting_id.in_(ids),
     "committee": lambda ids: AgendaItem.meeting_id.in_(select(Meeting.id).where(Meeting.committee_id.in_(ids)))},
    _items))
SOURCES.append(row_source(
    "meetingdoc", MeetingDocument.id,
    {MeetingDocument: lambda o: o.id, Meeting: lambda o: f"meeting={o.id}", Committee: lambda o: f"committee={o.id}"},
    {"meeting": lambda ids: MeetingDocument.meeting_id.in_(ids),
     "committee": lambda ids: MeetingDocument.meeting_id.in_(
         select(Meeting.id).where(Meeting.committee_id.in_(ids)))},
    _documents))

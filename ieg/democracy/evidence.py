"""Live evidence for R5 (meetings' papers public, the diary kept daily) and R6 (councillors'
own pages), computed from the database when viewed; ieg.hooks adds them to
ieg.evidence.live.LIVE."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg.democracy import calendar
from ieg.evidence.live import LiveEvidence, sql
from ieg.evidence.reports import Period
from ieg.figures import share_text
from ieg.models import Committee, Councillor, Meeting, MeetingDocument, Page
from ieg.models.content import PUBLISHED
from ieg.models.democracy import CANCELLED
from ieg.timeutil import format_local


def r5(session: Session, period: Period | None, now: datetime, zone: str) -> LiveEvidence:
    """Meetings held in the last 12 months, the share whose agenda was published five clear
    working days ahead, documents per meeting, and how far ahead the diary reaches."""
    start, end = now - timedelta(days=365), now
    docs = (select(MeetingDocument.meeting_id, func.count(MeetingDocument.id).label("documents"))
            .where(MeetingDocument.published_at.is_not(None)).group_by(MeetingDocument.meeting_id).subquery())
    stmt = (select(Committee.name, Meeting.starts_at, Meeting.agenda_published_at, func.coalesce(docs.c.documents, 0))
            .join(Committee, Meeting.committee_id == Committee.id).outerjoin(docs, docs.c.meeting_id == Meeting.id)
            .where(Meeting.starts_at >= start, Meeting.starts_at < end, Meeting.status != CANCELLED)
            .order_by(Meeting.starts_at))
    rows, on_time, documents = [], 0, 0
    for name, starts, published, count in session.execute(stmt):
        state = calendar.agenda_state(starts, published, calendar.local_day(now))
        on_time += state == "on time"
        documents += count
        rows.append([name, format_local(starts, zone), format_local(published, zone) if published else "Not published",
                     state, count])
    ahead = session.scalar(select(func.max(Meeting.starts_at)).where(Meeting.starts_at >= now))
    held = len(rows)
    return LiveEvidence(
        "R5", "Agendas, reports and minutes of council meetings, and the diary of future meetings", None,
        [("Meetings in the last 12 months", str(held)),
         ("Agendas published five clear working days ahead", share_text(on_time, held)),
         ("Documents published per meeting", f"{documents / held:.1f}" if held else "none"),
         ("Diary reaches", format_local(ahead, zone, with_time=False) if ahead else "no future meetings")],
        sql(session, stmt), ("meetings.diary", {}),
        ["Committee", "Meeting", "Agenda published", "Agenda", "Documents"], rows,
        measures={"total": held, "passing": on_time})


def r6(session: Session, period: Period | None, now: datetime, zone: str) -> LiveEvidence:
    """Councillors serving, those with pages of their own live, and when each was last changed."""
    live = (select(Page.section_id, func.count(Page.id).label("pages"), func.max(Page.updated_at).label("updated"))
            .where(Page.status == PUBLISHED).group_by(Page.section_id).subquery())
    today = calendar.local_day(now)
    stmt = (select(Councillor.name, func.coalesce(live.c.pages, 0), live.c.updated, Councillor.updated_at)
            .outerjoin(live, live.c.section_id == Councillor.section_id)
            .where((Councillor.term_ends.is_(None)) | (Councillor.term_ends >= today)).order_by(Councillor.name))
    rows = [[name, pages, format_local(max(filter(None, (updated, record))), zone, with_time=False)]
            for name, pages, updated, record in session.execute(stmt)]
    with_pages = sum(1 for row in rows if row[1])
    return LiveEvidence(
        "R6", "Councillors' own web pages, kept by them or by officers", None,
        [("Councillors", str(len(rows))), ("With pages of their own", share_text(with_pages, len(rows)))],
        sql(session, stmt), ("councillors.index", {}), ["Councillor", "Own pages live", "Last updated"], rows,
        measures={"total": len(rows), "passing": with_pages})

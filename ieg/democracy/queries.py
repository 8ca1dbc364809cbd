"""The look-ups the democracy pages make: named queries, so views build no statements."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ieg.democracy import calendar
from ieg.models import (AgendaItem, Committee, CommitteeMember, Councillor, CouncillorWard, DocumentFile, Meeting,
                        MeetingDocument, Page, User, Ward)
from ieg.models.content import PUBLISHED


def wards(session: Session) -> list[Ward]:
    return session.scalars(select(Ward).order_by(Ward.name)).all()


def ward_by_code(session: Session, code: str) -> Ward | None:
    return session.scalar(select(Ward).where(Ward.code == code.strip().upper()))


def councillors(session: Session, today: date | None = None) -> list[Councillor]:
    """Serving councillors (term not ended) by name, with their wards."""
    query = select(Councillor).options(selectinload(Councillor.wards)).order_by(Councillor.name)
    if today is not None:
        query = query.where((Councillor.term_ends.is_(None)) | (Councillor.term_ends >= today))
    return session.scalars(query).all()


def councillors_in_ward(session: Session, ward: Ward, today: date) -> list[Councillor]:
    return [c for c in councillors(session, today) if ward in c.wards]


def councillor_by_slug(session: Session, slug: str) -> Councillor | None:
    return session.scalar(select(Councillor).where(Councillor.slug == slug))


def councillor_for_user(session: Session, user_id: int) -> Councillor | None:
    return session.scalar(select(Councillor).where(Councillor.user_id == user_id))


def own_pages(session: Session, councillor: Councillor) -> list[Page]:
    """The councillor's live pages, for their profile."""
    if councillor.section_id is None:
        return []
    return session.scalars(select(Page).where(Page.section_id == councillor.section_id, Page.status == PUBLISHED,
                                              Page.parent_id.is_(None)).order_by(Page.sort_order, Page.slug)).all()


def memberships(session: Session, councillor: Councillor, today: date) -> list[CommitteeMember]:
    return session.scalars(select(CommitteeMember).join(Committee).where(
        CommitteeMember.councillor_id == councillor.id, CommitteeMember.starts <= today,
        (CommitteeMember.ends.is_(None)) | (CommitteeMember.ends >= today)).order_by(Committee.name)).all()


def committees(session: Session) -> list[Committee]:
    return session.scalars(select(Committee).order_by(Committee.name)).all()


def committee_by_slug(session: Session, slug: str) -> Committee | None:
    return session.scalar(select(Committee).where(Committee.slug == slug))


def _meetings(query):
    return query.options(selectinload(Meeting.committee)).order_by(Meeting.starts_at)


def upcoming(session: Session, now: datetime, *, committee: Committee | None = None, limit: int = 200) -> list[Meeting]:
    query = select(Meeting).where(Meeting.starts_at >= now - timedelta(hours=6))
    if committee is not None:
        query = query.where(Meeting.committee_id == committee.id)
    return session.scalars(_meetings(query).limit(limit)).all()


def in_month(session: Session, first: datetime, after: datetime, *, committee: Committee | None = None) -> list[Meeting]:
    query = select(Meeting).where(Meeting.starts_at >= first, Meeting.starts_at < after)
    if committee is not None:
        query = query.where(Meeting.committee_id == committee.id)
    return session.scalars(_meetings(query)).all()


def upcoming_for_committees(session: Session, committee_ids: list[int], now: datetime, limit: int = 5) -> list[Meeting]:
    if not committee_ids:
        return []
    return session.scalars(_meetings(select(Meeting).where(Meeting.committee_id.in_(committee_ids),
                                                           Meeting.starts_at >= now)).limit(limit)).all()


def committee_ids_for_ward(session: Session, ward: Ward, today: date) -> list[int]:
    return session.scalars(select(CommitteeMember.committee_id).join(
        CouncillorWard, CouncillorWard.councillor_id == CommitteeMember.councillor_id).where(
        CouncillorWard.ward_id == ward.id, CommitteeMember.starts <= today,
        (CommitteeMember.ends.is_(None)) | (CommitteeMember.ends >= today)).distinct()).all()


def meeting(session: Session, meeting_id: int) -> Meeting | None:
    return session.get(Meeting, meeting_id)


def item(session: Session, meeting: Meeting, number: int) -> AgendaItem | None:
    return session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id, AgendaItem.number == number))


def public_documents(meeting: Meeting, item: AgendaItem | None = None) -> list[MeetingDocument]:
    return [d for d in meeting.documents if d.published_at is not None and (item is None or d.agenda_item_id == item.id)]


def document_file(session: Session, stored_name: str) -> DocumentFile | None:
    return session.scalar(select(DocumentFile).where(DocumentFile.stored_name == stored_name))


def recent_documents(session: Session, limit: int = 50) -> list[MeetingDocument]:
    return session.scalars(select(MeetingDocument).where(MeetingDocument.published_at.is_not(None))
                           .options(selectinload(MeetingDocument.meeting).selectinload(Meeting.committee))
                           .order_by(MeetingDocument.published_at.desc()).limit(limit)).all()


def feed_rows(session: Session, *, committee_ids: list[int] | None = None):
    """Plain rows for the iCalendar feeds: one query, no ORM objects (4,000 meetings)."""
    query = select(Meeting.id, Meeting.sequence, Committee.name, Meeting.starts_at, Meeting.ends_at, Meeting.place,
                   Meeting.remote_url, Meeting.status, Meeting.status_note, Meeting.updated_at).join(Committee)
    if committee_ids is not None:
        query = query.where(Meeting.committee_id.in_(committee_ids))
    # Core rows on the session's connection: the ORM's row machinery cost as much as the query.
    return session.connection().execute(query.order_by(Meeting.starts_at)).all()


def staff_meetings(session: Session, now: datetime, today: date) -> list[tuple[Meeting, str]]:
    """Meetings from a month ago on, each with its agenda's state against the five-clear-days rule."""
    rows = session.scalars(_meetings(select(Meeting).where(Meeting.starts_at >= now - timedelta(days=31)))
                           .limit(300)).all()
    return [(m, calendar.agenda_state(m.starts_at, m.agenda_published_at, today)) for m in rows]


def months_with_meetings(session: Session) -> list[str]:
    starts = session.scalars(select(Meeting.starts_at)).all()
    return sorted({calendar.local_day(s).strftime("%Y-%m") for s in starts}, reverse=True)


def count_meetings(session: Session) -> int:
    return session.scalar(select(func.count(Meeting.id))) or 0


def document(session: Session, document_id: int) -> MeetingDocument | None:
    return session.get(MeetingDocument, document_id)


def sitemap_entries(session: Session) -> list:
    """The democracy pages for /sitemap.xml: the lists, each councillor, committee and meeting
    (a meeting's page links its items and documents)."""
    from ieg.content.sitemap import Entry
    entries = [Entry("/councillors/"), Entry("/councillors/find"), Entry("/meetings/")]
    entries += [Entry(f"/councillors/{slug}", updated) for slug, updated in
                session.execute(select(Councillor.slug, Councillor.updated_at).order_by(Councillor.slug))]
    entries += [Entry(f"/meetings/committees/{slug}", updated) for slug, updated in
                session.execute(select(Committee.slug, Committee.updated_at).order_by(Committee.slug))]
    entries += [Entry(f"/meetings/{id_}", updated) for id_, updated in
                session.execute(select(Meeting.id, Meeting.updated_at).order_by(Meeting.starts_at))]
    return entries


def user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == User.normalise_email(email)))


def users_by_ids(session: Session, ids: list[int]) -> list[User]:
    return session.scalars(select(User).where(User.id.in_(ids))).all() if ids else []


def councillor_choices(session: Session) -> list[tuple[str, str]]:
    return [(c.slug, c.name) for c in councillors(session)]


def membership_history(session: Session, councillor: Councillor) -> list[CommitteeMember]:
    """Every membership, current and past, latest first."""
    return session.scalars(select(CommitteeMember).join(Committee).where(CommitteeMember.councillor_id == councillor.id)
                           .order_by(CommitteeMember.starts.desc(), Committee.name)).all()

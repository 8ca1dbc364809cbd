"""What's on in site search: public events (on, of a section or of a published group) and open
vacancies. A vacancy leaves the index when the daily job closes it; a group's events and vacancies
leave it when the group's entry is taken down. Registered by ieg.hooks when the app is built."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ieg.content.markdown import plain_text
from ieg.models import CommunityGroup
from ieg.models.whatson import LIVE, OPEN, Event, Vacancy
from ieg.search.documents import Document, Source, row_source
from ieg.whatson import recurrence
from ieg.whatson.queries import public

SOURCES: list[Source] = []


def _owner(row) -> tuple[str, str, str]:
    """(who, section slug, section title) of an event or vacancy."""
    if row.group is not None:
        return row.group.name, "", ""
    return row.section.title, row.section.slug, row.section.title


def _events(session: Session, where) -> dict[int, Document]:
    rows = session.scalars(select(Event).where(Event.status == LIVE, public(Event), where).options(
        selectinload(Event.group), selectinload(Event.section), selectinload(Event.categories)))
    docs = {}
    for event in rows:
        who, section, section_title = _owner(event)
        place = event.venue_name or event.venue_address or "Online"
        docs[event.id] = Document(
            key=f"event:{event.id}", kind="Event", title=event.title, url=f"/whats-on/events/{event.id}",
            summary=f"{recurrence.describe(event.start_date, event.rrule)} from {event.start_date:%d %B %Y}, "
                    f"{place}. By {who}",
            body=" ".join(filter(None, (plain_text(event.description), event.venue_address, event.accessibility))),
            section=section, section_title=section_title, labels=tuple(c.name for c in event.categories) + (who,),
            published=event.created_at)
    return docs


def _vacancies(session: Session, where) -> dict[int, Document]:
    rows = session.scalars(select(Vacancy).where(Vacancy.status == OPEN, public(Vacancy), where).options(
        selectinload(Vacancy.group), selectinload(Vacancy.section)))
    docs = {}
    for vacancy in rows:
        who, section, section_title = _owner(vacancy)
        docs[vacancy.id] = Document(
            key=f"vacancy:{vacancy.id}", kind="Volunteering" if vacancy.volunteer else "Job", title=vacancy.title,
            url=f"/whats-on/vacancies/{vacancy.id}",
            summary=f"{'Volunteer' if vacancy.volunteer else vacancy.pay} with {who}; closes "
                    f"{vacancy.closing_date.day} {vacancy.closing_date:%B %Y}",
            body=" ".join(filter(None, (plain_text(vacancy.description), vacancy.hours, vacancy.location))),
            section=section, section_title=section_title, labels=("vacancy", "job", who),
            published=vacancy.created_at)
    return docs


SOURCES.append(row_source(
    "event", Event.id, {Event: lambda o: o.id, CommunityGroup: lambda o: f"group={o.id}"},
    {"group": lambda ids: Event.group_id.in_(ids)}, _events))
SOURCES.append(row_source(
    "vacancy", Vacancy.id, {Vacancy: lambda o: o.id, CommunityGroup: lambda o: f"group={o.id}"},
    {"group": lambda ids: Vacancy.group_id.in_(ids)}, _vacancies))

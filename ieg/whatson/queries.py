"""The named reads of what's on: the public listing (occurrences in a range of days, by category and
ward), an event's or vacancy's public page, the feeds' rows, and what a signed-in person keeps.

Public means: an event that is on (or cancelled, on its page and in feeds) or an open vacancy,
of a section, or of a group whose directory entry is published."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from ieg.models import CommunityGroup, DirectoryCategory, GroupEditor, Section, SectionGrant, Ward
from ieg.models.directory import PUBLISHED, REJECTED
from ieg.models.whatson import CANCELLED, LIVE, OPEN, REMOVED, Event, EventCategory, EventWard, Vacancy
from ieg.people.permissions import ADMIN, AUTHOR, PUBLISHER
from ieg.whatson import recurrence
from ieg.workingtime import Calendar

ENGLAND = Calendar()  # bank holidays in England (the `holidays` package)
FEED_HISTORY = timedelta(days=92)  # feeds keep events that ended this recently


def bank_holidays(year: int):
    return ENGLAND.bank_holidays(year)


@dataclass(frozen=True)
class Listed:
    occurrence: recurrence.Occurrence
    event: Event


def public(model):
    """Whether an event or vacancy's owner shows it: a section, or a group whose entry is published."""
    return or_(model.group_id.is_(None), model.group_id.in_(
        select(CommunityGroup.id).where(CommunityGroup.status == PUBLISHED)))


def categories(session: Session) -> list[DirectoryCategory]:
    return list(session.scalars(select(DirectoryCategory).order_by(DirectoryCategory.position,
                                                                   DirectoryCategory.name)))


def category_by_slug(session: Session, slug: str) -> DirectoryCategory | None:
    return session.scalar(select(DirectoryCategory).where(DirectoryCategory.slug == slug))


def wards(session: Session) -> list[Ward]:
    return list(session.scalars(select(Ward).order_by(Ward.name)))


def ward_by_code(session: Session, code: str) -> Ward | None:
    return session.scalar(select(Ward).where(Ward.code == code))


def listing(session: Session, since: date, before: date, *, category: DirectoryCategory | None = None,
            ward: Ward | None = None) -> list[Listed]:
    """Every public occurrence on days from `since` to `before` (exclusive), by start time."""
    statement = (select(Event).where(Event.status == LIVE, public(Event), Event.start_date < before,
                                     or_(Event.last_date.is_(None), Event.last_date >= since))
                 .options(selectinload(Event.cancellations), selectinload(Event.group),
                          selectinload(Event.section)))
    if category is not None:
        statement = statement.where(Event.id.in_(select(EventCategory.event_id).where(
            EventCategory.category_id == category.id)))
    if ward is not None:
        # An event for no ward in particular is for the whole area, so for every ward's residents too.
        in_ward = Event.id.in_(select(EventWard.event_id).where(EventWard.ward_id == ward.id))
        statement = statement.where(or_(in_ward, ~Event.id.in_(select(EventWard.event_id))))
    found = [Listed(o, event) for event in session.scalars(statement)
             for o in recurrence.occurrences(event.start_date, event.start_time, event.end_time, event.rrule,
                                             cancelled=event.cancelled_days,
                                             skip_bank_holidays=event.skip_bank_holidays,
                                             bank_holidays=bank_holidays, since=since, before=before)]
    found.sort(key=lambda item: (item.occurrence.starts, item.event.title, item.event.id))
    return found


def next_dates(event: Event, today: date, limit: int = 10) -> list[recurrence.Occurrence]:
    return recurrence.occurrences(event.start_date, event.start_time, event.end_time, event.rrule,
                                  cancelled=event.cancelled_days, skip_bank_holidays=event.skip_bank_holidays,
                                  bank_holidays=bank_holidays, since=today, limit=limit)


def public_event(session: Session, event_id: int) -> Event | None:
    return session.scalar(select(Event).where(Event.id == event_id, Event.status.in_((LIVE, CANCELLED)),
                                              public(Event)))


def feed_events(session: Session, today: date, *, category_id: int | None = None,
                group_id: int | None = None) -> list[Event]:
    """Events for a feed: on or cancelled, not long over, oldest first (stable for calendar apps)."""
    statement = (select(Event).where(Event.status.in_((LIVE, CANCELLED)), public(Event),
                                     or_(Event.last_date.is_(None), Event.last_date >= today - FEED_HISTORY))
                 .options(selectinload(Event.cancellations), selectinload(Event.group), selectinload(Event.section),
                          selectinload(Event.categories))
                 .order_by(Event.start_date, Event.id))
    if category_id is not None:
        statement = statement.where(Event.id.in_(select(EventCategory.event_id).where(
            EventCategory.category_id == category_id)))
    if group_id is not None:
        statement = statement.where(Event.group_id == group_id)
    return list(session.scalars(statement))


def feed_version(session: Session) -> tuple:
    """Changes when any event, or which groups are public, changes (feeds are kept per version)."""
    # Every change raises an event's sequence, so the sum moves even when two changes share a time.
    events = session.execute(select(func.max(Event.updated_at), func.count(Event.id), func.sum(Event.sequence))).one()
    groups = session.execute(select(func.max(CommunityGroup.updated_at), func.count(CommunityGroup.id))
                             .where(CommunityGroup.status == PUBLISHED)).one()
    return (*events, *groups)


def public_group_by_slug(session: Session, slug: str) -> CommunityGroup | None:
    return session.scalar(select(CommunityGroup).where(CommunityGroup.slug == slug,
                                                       CommunityGroup.status == PUBLISHED))


def open_vacancies(session: Session, today: date) -> list[Vacancy]:
    """Open vacancies whose closing date has not passed, closing soonest first."""
    return list(session.scalars(
        select(Vacancy).where(Vacancy.status == OPEN, Vacancy.closing_date >= today, public(Vacancy))
        .options(selectinload(Vacancy.group), selectinload(Vacancy.section))
        .order_by(Vacancy.closing_date, Vacancy.title, Vacancy.id)))


def public_vacancy(session: Session, vacancy_id: int, today: date) -> Vacancy | None:
    return session.scalar(select(Vacancy).where(Vacancy.id == vacancy_id, Vacancy.status == OPEN,
                                                Vacancy.closing_date >= today, public(Vacancy)))


# What a signed-in person keeps ----------------------------------------------------------------

def groups_kept_by(session: Session, user) -> list[CommunityGroup]:
    """The groups whose events and vacancies `user` keeps (administrators: every group not turned down)."""
    statement = select(CommunityGroup).where(CommunityGroup.status != REJECTED).order_by(CommunityGroup.name)
    if ADMIN not in user.role_names:
        statement = statement.where(CommunityGroup.id.in_(
            select(GroupEditor.group_id).where(GroupEditor.user_id == user.id)))
    return list(session.scalars(statement))


def sections_edited_by(session: Session, user) -> list[Section]:
    statement = select(Section).order_by(Section.title)
    if ADMIN not in user.role_names:
        statement = statement.where(Section.id.in_(select(SectionGrant.section_id).where(
            SectionGrant.user_id == user.id, SectionGrant.role.in_((AUTHOR, PUBLISHER)))))
    return list(session.scalars(statement))


def owner_events(session: Session, *, group_id: int | None = None, section_id: int | None = None) -> list[Event]:
    column, value = (Event.group_id, group_id) if group_id is not None else (Event.section_id, section_id)
    return list(session.scalars(select(Event).where(column == value, Event.status != REMOVED)
                                .order_by(Event.start_date.desc(), Event.id.desc())))


def owner_vacancies(session: Session, *, group_id: int | None = None,
                    section_id: int | None = None) -> list[Vacancy]:
    column, value = (Vacancy.group_id, group_id) if group_id is not None else (Vacancy.section_id, section_id)
    return list(session.scalars(select(Vacancy).where(column == value, Vacancy.status != REMOVED)
                                .order_by(Vacancy.closing_date.desc(), Vacancy.id.desc())))


def event_of(session: Session, event_id: int) -> Event | None:
    return session.get(Event, event_id)


def vacancy_of(session: Session, vacancy_id: int) -> Vacancy | None:
    return session.get(Vacancy, vacancy_id)


def sitemap_entries(session: Session, today: date) -> list:
    """What's on for /sitemap.xml: the lists, each public event not over, each open vacancy."""
    from ieg.content.sitemap import Entry
    entries = [Entry("/whats-on/"), Entry("/whats-on/vacancies/")]
    entries += [Entry(f"/whats-on/events/{id_}", updated) for id_, updated in session.execute(
        select(Event.id, Event.updated_at).where(Event.status == LIVE, public(Event),
                                                 or_(Event.last_date.is_(None), Event.last_date >= today))
        .order_by(Event.id))]
    entries += [Entry(f"/whats-on/vacancies/{v.id}", v.updated_at) for v in open_vacancies(session, today)]
    return entries

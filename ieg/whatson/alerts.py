"""Events as alert topics: a resident may follow new events in a category. The `events-alerts` job
raises one alert for each public event added recently, to the followers of any of its categories;
each carries the event as its source, so a second run never raises it again."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ieg.models import DirectoryCategory
from ieg.models.whatson import LIVE, Event
from ieg.participation import alerts
from ieg.participation.topics import TopicKind
from ieg.whatson import recurrence
from ieg.whatson.queries import public

CATEGORY = "events-category"
LOOK_BACK = timedelta(days=2)  # events added before this were alerted on by an earlier run


def _categories(session: Session) -> list[tuple[str, str]]:
    return [(slug, name) for slug, name in session.execute(
        select(DirectoryCategory.slug, DirectoryCategory.name).order_by(DirectoryCategory.position,
                                                                         DirectoryCategory.name))]


KINDS = (TopicKind(CATEGORY, "New events in a category (what's on)", _categories, order=60),)


def alert_new_events(session: Session, now: datetime, mailing) -> int:
    """Raises the alerts for public events added since LOOK_BACK; returns how many it raised."""
    added = session.scalars(select(Event).where(Event.status == LIVE, public(Event), Event.created_at > now - LOOK_BACK,
                                                Event.created_at <= now)
                            .options(selectinload(Event.categories), selectinload(Event.group),
                                     selectinload(Event.section)).order_by(Event.id))
    raised = 0
    for event in added:
        if not event.categories:
            continue
        owner = event.group.name if event.group is not None else event.section.title
        when = f"{recurrence.describe(event.start_date, event.rrule)}, from {event.start_date.day} " \
               f"{event.start_date:%B %Y} at {event.start_time:%H:%M}"
        made = alerts.raise_alert(
            session, now, topics=[(CATEGORY, c.slug) for c in event.categories], source=f"event-new:{event.id}",
            title=f"New event: {event.title}", summary=f"{when}. {event.venue_name or 'Online'}. By {owner}.",
            path=f"/whats-on/events/{event.id}", links=mailing.links, council=mailing.council,
            sender_domain=mailing.sender_domain)
        raised += made is not None
    return raised

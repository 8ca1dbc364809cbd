"""The demo's group editors' recent changes to their events and vacancies, live and waiting in the
directory's moderation queue beside the entries' (two events moved, one vacancy's closing date put
back), each with the revision it changed, so a moderator can read the diff and roll one back.

Written in bulk after the directory's and what's on's demos, without audit entries, as the rest of
the demo is; only groups with an editor (the directory's demo) get them. Idempotent: nothing is
added once any event or vacancy has a revision."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.models import GroupEditor, GroupRevision
from ieg.models.directory import ENTRY, REVISION_REVIEWED, REVISION_WAITING
from ieg.models.whatson import LIVE, OPEN, Event, Vacancy
from ieg.whatson.revisions import snapshot


def _revision(listing, author_id: int, at: datetime, state: str) -> GroupRevision:
    return GroupRevision(group_id=listing.group_id, kind="vacancy" if isinstance(listing, Vacancy) else "event",
                         object_id=listing.id, snapshot=snapshot(listing), created_at=at, author_id=author_id,
                         state=state, reviewed_at=at if state == REVISION_REVIEWED else None)


def load(session: Session, now: datetime) -> int:
    """Add the waiting changes; returns how many (0 when there were some already, or nothing to change)."""
    if session.scalar(select(GroupRevision.id).where(GroupRevision.kind != ENTRY).limit(1)) is not None:
        return 0
    edited = select(GroupEditor.group_id)
    events = list(session.scalars(select(Event).where(Event.status == LIVE, Event.group_id.in_(edited), Event.rrule != "")
                                  .order_by(Event.id).limit(2)))
    vacancy = session.scalar(select(Vacancy).where(Vacancy.status == OPEN, Vacancy.group_id.in_(edited))
                             .order_by(Vacancy.id).limit(1))
    editor_of = dict(session.execute(select(GroupEditor.group_id, GroupEditor.user_id).order_by(GroupEditor.added_at)
                                     .where(GroupEditor.group_id.in_([x.group_id for x in [*events, vacancy] if x])))
                     .all()[::-1])  # the first editor of each group
    changed = [x for x in (*events, vacancy) if x is not None]
    revisions = [_revision(x, editor_of[x.group_id], x.created_at, REVISION_REVIEWED) for x in changed]
    for n, listing in enumerate(changed):
        at = now - timedelta(hours=3 + 5 * n)
        if isinstance(listing, Vacancy):
            listing.closing_date += timedelta(days=14)
            listing.hours = "Two evenings a week"
        elif n == 0:
            listing.start_time = time(listing.start_time.hour, 30) if listing.start_time.minute == 0 else time(
                listing.start_time.hour, 0)
            listing.description += "\n\nWe start half an hour later now."
        else:
            listing.venue_name, listing.venue_address = "Kingsmead Library", "Kingsmead Road, Ashdown"
        listing.updated_at = at
        if isinstance(listing, Event):
            listing.sequence += 1
        revisions.append(_revision(listing, editor_of[listing.group_id], at, REVISION_WAITING))
    session.add_all(revisions)
    session.flush()
    return len(changed)

"""A group's events and vacancies are moderated as its entry is: live at once, each change by its
editors a revision waiting in the directory's queue, reviewed or rolled back (services, fixed NOW)."""
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from ieg.directory import entries, queries as directory_queries
from ieg.directory.entries import EntryError
from ieg.extensions import db
from ieg.models import AuditEntry, GroupRevision, OutboxMessage
from ieg.models.directory import EVENT, REVISION_REVIEWED, REVISION_ROLLED_BACK, REVISION_WAITING, VACANCY
from ieg.models.whatson import CANCELLED, LIVE, OPEN, REMOVED
from ieg.whatson import events, revisions, vacancies
from ieg.whatson.events import EventDetails
from ieg.whatson.recurrence import WEEKLY, Repeat
from ieg.whatson.vacancies import VacancyDetails

from tests import whatson_support
from tests.directory_support import MAILING, make_moderator
from tests.whatson_support import NOW

LATER = NOW + timedelta(hours=2)


@pytest.fixture
def ctx(app, council):
    with app.app_context():
        yield db.session, whatson_support.build(db.session)


def weekly(setup, **changes):
    values = dict(title="Park run", start_date=date(2027, 3, 4), start_time=time(19), end_time=time(20, 30),
                  repeat=Repeat(WEEKLY, weekdays=("TH",), until=date(2027, 6, 24)), venue_name="Riverside Park",
                  category_ids=(setup.sport.id,), ward_ids=(setup.abbey.id,))
    values.update(changes)
    return EventDetails(**values)


def volunteers(**changes):
    values = dict(title="Run leader", closing_date=date(2027, 4, 1), volunteer=True, how_to_apply="Email us")
    values.update(changes)
    return VacancyDetails(**values)


def of(session, listing, kind):
    return list(session.scalars(select(GroupRevision).where(GroupRevision.kind == kind,
                                                            GroupRevision.object_id == listing.id)
                                .order_by(GroupRevision.id)))


def test_an_editors_event_changes_wait_for_review_with_a_diff_and_roll_back_step_by_step(ctx):
    session, setup = ctx
    moderator = make_moderator(session)
    event = events.add_event(session, setup.editor, NOW, weekly(setup), group=setup.group)
    added = of(session, event, EVENT)[0]
    assert event.status == LIVE and added.state == REVISION_WAITING  # live at once, waiting for a moderator
    assert ("Repeats", "", "Every week on Thursday, until 24 June 2027") in revisions.changes(session, added)
    events.change_event(session, setup.editor, LATER, event, weekly(setup, title="Park 5k", start_time=time(18, 30),
                                                                    ward_ids=(setup.castle.id,)))
    changed = of(session, event, EVENT)[-1]
    assert revisions.changes(session, changed) == [("Name", "Park run", "Park 5k"), ("Starts", "19:00", "18:30"),
                                                   ("Wards", "Abbey", "Castle")]
    events.cancel_date(session, setup.editor, LATER, event, date(2027, 3, 11))
    called_off = of(session, event, EVENT)[-1]
    assert revisions.changes(session, called_off) == [("Dates called off", "", "2027-03-11")]
    # One queue: the entry's changes and the events' together.
    assert {r.id for r in directory_queries.waiting_revisions(session)} >= {added.id, changed.id, called_off.id}
    with pytest.raises(EntryError, match="roll that back first"):
        revisions.roll_back(session, moderator, LATER, changed, MAILING)
    revisions.roll_back(session, moderator, LATER, called_off, MAILING)
    assert event.cancelled_days == frozenset() and called_off.state == REVISION_ROLLED_BACK
    sequence = event.sequence
    # The change before it still waits for its own decision.
    entries.review(session, moderator, LATER, changed)
    assert changed.state == REVISION_REVIEWED and event.title == "Park 5k" and event.sequence == sequence
    told = session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == setup.editor.email)).all()
    assert [m.subject for m in told] == ["Riverside Runners: a change was rolled back"]
    assert "the event “Park 5k”" in told[0].body_text
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action.in_(("directory.roll_back",
                                                                            "directory.review"))).order_by(AuditEntry.id)).all()
    assert [(a.action, a.subject) for a in audit] == [("directory.roll_back", f"event:{event.id}"),
                                                      ("directory.review", f"event:{event.id}")]


def test_rolling_back_a_change_restores_every_field_and_a_new_event_is_taken_down(ctx):
    session, setup = ctx
    moderator = make_moderator(session)
    event = events.add_event(session, setup.editor, NOW, weekly(setup), group=setup.group)
    events.change_event(session, setup.editor, LATER, event, weekly(
        setup, title="Park 5k", start_date=date(2027, 3, 5), end_time=None, repeat=Repeat(), price="£2",
        category_ids=(setup.arts.id,), ward_ids=()))
    events.cancel_event(session, setup.editor, LATER, event)
    assert event.status == CANCELLED
    revisions.roll_back(session, moderator, LATER, of(session, event, EVENT)[-1], MAILING)
    assert event.status == LIVE
    # One roll-back after another goes back step by step.
    revisions.roll_back(session, moderator, LATER, of(session, event, EVENT)[-2], MAILING)
    assert (event.title, event.start_date, event.end_time, event.price) == ("Park run", date(2027, 3, 4), time(20, 30), "")
    assert event.rrule.startswith("FREQ=WEEKLY") and event.last_date == date(2027, 6, 24)
    assert [c.slug for c in event.categories] == ["sport"] and [w.name for w in event.wards] == ["Abbey"]
    # Back to where it started: rolling back its addition takes a new event off the site.
    revisions.roll_back(session, moderator, LATER, of(session, event, EVENT)[0], MAILING)
    assert event.status == REMOVED


def test_vacancies_are_moderated_too_and_a_removal_can_be_undone(ctx):
    session, setup = ctx
    moderator = make_moderator(session)
    vacancy = vacancies.add_vacancy(session, setup.editor, NOW, volunteers(), group=setup.group)
    vacancies.change_vacancy(session, setup.editor, LATER, vacancy, volunteers(volunteer=False, pay="£11 an hour"))
    changed = of(session, vacancy, VACANCY)[-1]
    assert revisions.changes(session, changed) == [("Volunteer role", "Yes", "No"), ("Pay", "", "£11 an hour")]
    vacancies.remove_vacancy(session, setup.editor, LATER, vacancy)
    revisions.roll_back(session, moderator, LATER, of(session, vacancy, VACANCY)[-1], MAILING)
    assert vacancy.status == OPEN and vacancy.pay == "£11 an hour"


def test_the_councils_own_listings_and_moderators_changes_wait_for_nobody(ctx):
    session, setup = ctx
    moderator = make_moderator(session)
    council_event = events.add_event(session, setup.librarian, NOW, weekly(setup), section=setup.libraries)
    assert of(session, council_event, EVENT) == []  # a section's: staff, no review
    # An event added before revisions were kept gets one, as it stood, at its first change, so a
    # roll-back returns to it rather than taking it down.
    older = events.add_event(session, setup.editor, NOW, weekly(setup), group=setup.group)
    session.execute(GroupRevision.__table__.delete().where(GroupRevision.object_id == older.id))
    events.change_event(session, moderator, LATER, older, weekly(setup, title="Park run (moved)"))
    kept = of(session, older, EVENT)
    assert [(r.author_id, r.state) for r in kept] == [(None, REVISION_REVIEWED), (moderator.id, REVISION_REVIEWED)]
    # Nothing a revision keeps changed: no revision.
    events.change_event(session, setup.editor, LATER, older, weekly(setup, title="Park run (moved)"))
    assert len(of(session, older, EVENT)) == 2

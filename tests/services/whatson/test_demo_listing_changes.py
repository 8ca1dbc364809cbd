"""The demo's group editors' changes to events and vacancies waiting for a moderator (the loader on a
small set-up of its own, not the whole demo)."""
from datetime import date, time, timedelta

from sqlalchemy import select

from ieg.demo import listing_changes
from ieg.directory import queries
from ieg.extensions import db
from ieg.models import Event, GroupRevision, Vacancy
from ieg.models.directory import REVISION_REVIEWED, REVISION_WAITING
from ieg.whatson import revisions

from tests import whatson_support
from tests.whatson_support import NOW


def test_demo_listing_changes_wait_for_review_with_their_diffs(app, council):
    with app.app_context():
        s = db.session
        setup = whatson_support.build(s)
        added = NOW - timedelta(days=7)
        for title in ("Park run", "Club night"):
            s.add(Event(title=title, start_date=date(2027, 3, 4), start_time=time(19), rrule="FREQ=WEEKLY;BYDAY=TH",
                        venue_name="Riverside Park", group=setup.group, created_at=added, updated_at=added))
        s.add(Event(title="Concert", start_date=date(2027, 3, 6), start_time=time(15), venue_name="Castle Hall",
                    section=setup.libraries, rrule="FREQ=WEEKLY;BYDAY=SA", created_at=added, updated_at=added))
        s.add(Vacancy(title="Run leader", closing_date=date(2027, 3, 20), volunteer=True, group=setup.group,
                      created_at=added, updated_at=added))
        s.flush()
        assert listing_changes.load(s, NOW) == 3
        assert listing_changes.load(s, NOW) == 0  # idempotent
        waiting = [r for r in queries.waiting_revisions(s) if r.kind != "entry"]
        assert [(r.kind, r.snapshot["title"], r.author_id) for r in waiting] == [
            ("vacancy", "Run leader", setup.editor.id), ("event", "Club night", setup.editor.id),
            ("event", "Park run", setup.editor.id)]
        assert [label for label, _, _ in revisions.changes(s, waiting[-1])] == ["Description", "Starts"]
        assert [label for label, _, _ in revisions.changes(s, waiting[0])] == ["Hours", "Closing date"]
        assert s.scalar(select(GroupRevision.state).where(GroupRevision.object_id == waiting[-1].object_id,
                                                           GroupRevision.kind == "event")
                        .order_by(GroupRevision.id)) == REVISION_REVIEWED
        assert {r.state for r in waiting} == {REVISION_WAITING}

"""Moderating a group's events and vacancies over HTTP: an editor's change is live at once and waits in
the directory's queue; a moderator reads its diff, rolls it back or marks it reviewed; group editors
(and a moderator who edits the group) cannot decide. The clock stands at NOW."""
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import GroupEditor, GroupRevision, OutboxMessage
from ieg.models.directory import REVISION_REVIEWED, REVISION_ROLLED_BACK, REVISION_WAITING
from ieg.models.whatson import Event
from ieg.whatson import events, vacancies
from ieg.whatson.events import EventDetails
from ieg.whatson.recurrence import WEEKLY, Repeat
from ieg.whatson.vacancies import VacancyDetails

from tests import whatson_support
from tests.conftest import csrf_from, sign_in
from tests.directory_support import make_moderator
from tests.factories import DOMAIN
from tests.whatson_support import NOW

MODERATOR, MODERATING_EDITOR = f"moderator@{DOMAIN}", f"moderating.runner@{DOMAIN}"


@pytest.fixture
def site(app, council):
    with time_machine.travel(NOW, tick=False):
        with app.app_context():
            setup = whatson_support.build(db.session)
            make_moderator(db.session, MODERATOR)
            # A moderator who is also one of the Riverside Runners' editors.
            both = make_moderator(db.session, MODERATING_EDITOR)
            db.session.add(GroupEditor(group=setup.group, user_id=both.id))
            run = events.add_event(db.session, setup.editor, NOW, EventDetails(
                title="Park run", start_date=date(2027, 3, 4), start_time=time(19), end_time=time(20),
                repeat=Repeat(WEEKLY, weekdays=("TH",), count=10), venue_name="Riverside Park",
                category_ids=(setup.sport.id,), ward_ids=(setup.abbey.id,)), group=setup.group)
            job = vacancies.add_vacancy(db.session, setup.editor, NOW, VacancyDetails(
                title="Run leader", closing_date=date(2027, 3, 20), volunteer=True, how_to_apply="Email the club."),
                group=setup.group)
            db.session.commit()
            ids = {"run": run.id, "job": job.id, "group": setup.group.id, "sport": setup.sport.id,
                   "editor": setup.editor.email, "other_editor": setup.other_editor.email}
        yield app.test_client(), ids


def post(client, url, data=None):
    return client.post(url, data={**(data or {}), "csrf_token": csrf_from(client.get(url))})


def latest(kind, object_id):
    return db.session.scalar(select(GroupRevision).where(GroupRevision.kind == kind, GroupRevision.object_id == object_id)
                             .order_by(GroupRevision.id.desc()).limit(1))


def test_an_editors_event_change_is_live_then_a_moderator_rolls_it_back_and_reviews_the_vacancy(app, site):
    client, ids = site
    edit = f"/whats-on/manage/group/{ids['group']}/events/{ids['run']}"
    with time_machine.travel(NOW, tick=False):
        sign_in(client, ids["other_editor"])
        assert client.post(edit, data={"title": "Taken", "csrf_token": csrf_from(client.get("/whats-on/"))}
                           ).status_code == 403  # another group's event
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/whats-on/"))})
        sign_in(client, ids["editor"])
        changed = post(client, edit, {
            "title": "Park run (new route)", "start_date": ["4", "3", "2027"], "start_time": "19:00", "end_time": "20:00",
            "frequency": "weekly", "interval": "1", "weekdays": ["TH"], "count": "10", "venue_name": "Riverside Park",
            "categories": [str(ids["sport"])]})
        assert changed.status_code == 302
        assert "Park run (new route)" in client.get(f"/whats-on/events/{ids['run']}").get_data(as_text=True)  # live
        with app.app_context():
            change_id, job_revision = latest("event", ids["run"]).id, latest("vacancy", ids["job"]).id
        # A group editor decides nothing.
        assert client.get("/directory/moderate/").status_code == 403
        assert client.get(f"/directory/moderate/changes/{change_id}").status_code == 403
        assert client.post(f"/directory/moderate/changes/{change_id}/roll-back",
                           data={"csrf_token": csrf_from(client.get("/whats-on/"))}).status_code == 403
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/whats-on/"))})

        # A moderator who edits the group reads the change but leaves the decision to another.
        sign_in(client, MODERATING_EDITOR)
        own = client.get(f"/directory/moderate/changes/{change_id}").get_data(as_text=True)
        assert "another moderator reviews its changes" in own and "Roll back this change" not in own
        assert post(client, f"/directory/moderate/changes/{change_id}/roll-back").status_code == 403
        client.post("/logout", data={"csrf_token": csrf_from(client.get("/whats-on/"))})

        sign_in(client, MODERATOR)
        queue = client.get("/directory/moderate/").get_data(as_text=True)
        assert "Riverside Runners: event “Park run (new route)”" in queue
        assert "Riverside Runners: vacancy “Run leader”" in queue
        diff = client.get(f"/directory/moderate/changes/{change_id}").get_data(as_text=True)
        assert "Change to Riverside Runners: event “Park run (new route)”" in diff
        assert "Removed: </span>Park run</del>" in diff and "Added: </span>Park run (new route)</ins>" in diff
        assert "Roll back this change" in diff and "Mark as reviewed" in diff
        rolled = post(client, f"/directory/moderate/changes/{change_id}/roll-back")
        assert rolled.status_code == 302
        assert "Park run (new route)" not in client.get(f"/whats-on/events/{ids['run']}").get_data(as_text=True)
        again = client.post(f"/directory/moderate/changes/{change_id}/roll-back",
                            data={"csrf_token": csrf_from(client.get("/directory/moderate/"))}, follow_redirects=True)
        assert "This change has already been rolled back" in again.get_data(as_text=True)
        # The vacancy as added: new, so rolling it back would take it down; the moderator keeps it.
        page = client.get(f"/directory/moderate/changes/{job_revision}").get_data(as_text=True)
        assert "This is a new vacancy: rolling it back takes it off the site." in page
        assert post(client, f"/directory/moderate/changes/{job_revision}/review").status_code == 302
        assert client.get(f"/whats-on/vacancies/{ids['job']}").status_code == 200
        assert post(client, f"/directory/moderate/changes/{change_id}/nonsense").status_code == 404
        with app.app_context():
            assert db.session.get(GroupRevision, change_id).state == REVISION_ROLLED_BACK
            assert db.session.get(GroupRevision, job_revision).state == REVISION_REVIEWED
            assert db.session.get(Event, ids["run"]).title == "Park run"
            # The event as added still waits for its own decision.
            assert [r.state for r in db.session.scalars(select(GroupRevision).where(
                GroupRevision.kind == "event", GroupRevision.object_id == ids["run"]).order_by(GroupRevision.id))] \
                == [REVISION_WAITING, REVISION_ROLLED_BACK]
            told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == ids["editor"])).all()
            assert [m.subject for m in told] == ["Riverside Runners: a change was rolled back"]

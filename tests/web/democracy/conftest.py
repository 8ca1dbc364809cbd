"""A small council for the democracy pages: two wards, three councillors, a committee and meetings,
made through the services at fixed instants relative to a fixed `NOW`-free clock: meetings are
placed far from today (years ahead or behind) so no test depends on the day it runs."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from ieg.democracy import councillors, meetings
from ieg.democracy.councillors import Profile
from ieg.democracy.meetings import MeetingInput
from ieg.extensions import db
from ieg.timeutil import utcnow

from tests.factories import make_user

MADE = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


@dataclass
class Council:
    ward: str
    other_ward: str
    mine: str
    theirs: str
    committee: str
    future_meeting: int
    past_meeting: int
    officer: str
    preparer: str
    councillor_email: str
    other_email: str


@pytest.fixture
def council(app) -> Council:
    with app.app_context():
        s = db.session
        section = councillors.democracy_section(s)
        officer = make_user(s, "dem.publisher@example.gov.uk", grants=((section.slug, "publisher"),))
        preparer = make_user(s, "dem.author@example.gov.uk", grants=((section.slug, "author"),))
        abbey = councillors.save_ward(s, officer, MADE, code="E05000001", name="Abbey")
        mill = councillors.save_ward(s, officer, MADE, code="E05000002", name="Millbrook")
        me = make_user(s, "cllr.shah@example.gov.uk")
        other = make_user(s, "cllr.hale@example.gov.uk")
        mine = councillors.create_councillor(s, officer, MADE, Profile(name="Priya Shah", party="Green",
                                                                       email="priya.shah@council.example"),
                                             wards=[abbey], term_starts=date(2026, 1, 1), user=me)
        theirs = councillors.create_councillor(s, officer, MADE, Profile(name="Tom Hale", party="Independent"),
                                               wards=[mill], term_starts=date(2026, 1, 1), user=other, self_publish=True)
        planning = meetings.save_committee(s, officer, MADE, name="Planning Committee",
                                           description="Decides planning applications.")
        meetings.add_member(s, officer, MADE, planning, mine, role="Chair", starts=date(2026, 1, 1))
        future = meetings.create_meeting(s, officer, MADE, planning, MeetingInput(
            starts_at=utcnow().replace(microsecond=0) + timedelta(days=400), place="Council Chamber"))
        past = meetings.create_meeting(s, officer, MADE, planning, MeetingInput(
            starts_at=datetime(2026, 2, 12, 18, 30, tzinfo=timezone.utc), place="Council Chamber"))
        item = meetings.add_item(s, officer, MADE, past, title="Land at Mill Lane", body="An application for **12 homes**.")
        meetings.add_item(s, officer, MADE, past, title="Staffing restructure", body="Confidential", exempt_paragraph=1)
        meetings.add_document(s, officer, MADE, past, kind="report", title="Report of the Head of Planning",
                              body="## Recommendation\n\nApprove with conditions.", item=item)
        meetings.publish_agenda(s, officer, MADE, past)
        meetings.add_document(s, officer, MADE, past, kind="minutes", title="Minutes", body="The committee approved item 1.")
        result = Council("E05000001", "E05000002", mine.slug, theirs.slug, planning.slug, future.id, past.id,
                         officer.email, preparer.email, me.email, other.email)
        s.commit()
    return result

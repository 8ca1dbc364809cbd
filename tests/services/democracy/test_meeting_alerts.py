"""Meetings as alert topics: following a committee or a ward, an agenda, minutes or decisions
published raise one alert each, once, with a fixed `now`."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ieg.democracy import alerts as meeting_alerts
from ieg.democracy import councillors, meetings
from ieg.democracy.councillors import Profile
from ieg.democracy.meetings import MeetingInput
from ieg.models import Alert, OutboxMessage, Subscriber
from ieg.participation import subscriptions
from ieg.participation.consultations import Mailing
from ieg.participation.signing import Links

from tests.services.democracy.conftest import NOW

MAILING = Mailing(Links("https://council.example", "test-secret"), "Ashdown District Council", "council.example")


@pytest.fixture
def planning(ctx):
    session, officer, abbey = ctx
    shah = councillors.create_councillor(session, officer, NOW, Profile(name="Priya Shah"), wards=[abbey],
                                         term_starts=date(2026, 5, 7))
    committee = meetings.save_committee(session, officer, NOW, name="Planning Committee")
    meetings.save_committee(session, officer, NOW, name="Licensing Committee")
    meetings.add_member(session, officer, NOW, committee, shah, starts=date(2026, 5, 7))
    meeting = meetings.create_meeting(session, officer, NOW, committee, MeetingInput(
        starts_at=datetime(2026, 11, 26, 18, 30, tzinfo=timezone.utc), place="Council Chamber"))
    meetings.add_item(session, officer, NOW, meeting, title="Land at Mill Lane", body="12 homes.")
    return session, officer, meeting


def _follower(session, email, topics):
    subscriptions.subscribe(session, NOW - timedelta(days=5), email=email, topics=topics, frequency="immediate",
                            links=MAILING.links, council=MAILING.council, sender_domain=MAILING.sender_domain)
    subscriber = session.scalar(select(Subscriber).where(Subscriber.email == email))
    subscriptions.confirm(session, NOW - timedelta(days=5), subscriber)


def _alerts_to(session, email):
    return [m.subject for m in session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == email, OutboxMessage.purpose == "alert").order_by(OutboxMessage.id))]


def test_the_topic_kinds_list_committees_and_wards(planning):
    session, *_ = planning
    assert meeting_alerts._committees(session) == [("licensing-committee", "Licensing Committee"),
                                                    ("planning-committee", "Planning Committee")]
    assert meeting_alerts._wards(session) == [("E05000001", "Abbey")]


def test_agenda_minutes_and_decisions_alert_followers_once(planning):
    session, officer, meeting = planning
    _follower(session, "committee@example.org", [("committee", "planning-committee")])
    _follower(session, "ward@example.org", [("meetings-ward", "E05000001")])
    _follower(session, "both@example.org", [("committee", "planning-committee"), ("meetings-ward", "E05000001")])
    _follower(session, "other@example.org", [("committee", "licensing-committee")])
    assert meeting_alerts.alert_meetings(session, NOW, MAILING) == 0
    meetings.publish_agenda(session, officer, NOW + timedelta(hours=1), meeting)
    assert meeting_alerts.alert_meetings(session, NOW + timedelta(hours=2), MAILING) == 1
    assert meeting_alerts.alert_meetings(session, NOW + timedelta(hours=3), MAILING) == 0  # once
    subject = "Planning Committee, 26 November 2026: agenda published"
    for email in ("committee@example.org", "ward@example.org", "both@example.org"):
        assert _alerts_to(session, email) == [subject]
    assert _alerts_to(session, "other@example.org") == []
    later = NOW + timedelta(days=25)
    meetings.record_decision(session, officer, later, meeting.items[0], "Approved with conditions.")
    meetings.add_document(session, officer, later, meeting, kind="minutes", title="Minutes", body="Approved.")
    assert meeting_alerts.alert_meetings(session, later + timedelta(minutes=5), MAILING) == 2
    assert meeting_alerts.alert_meetings(session, later + timedelta(minutes=10), MAILING) == 0
    assert sorted(_alerts_to(session, "both@example.org")) == [
        subject, "Planning Committee, 26 November 2026: decisions published",
        "Planning Committee, 26 November 2026: minutes published"]
    paths = {a.path for a in session.scalars(select(Alert))}
    assert f"/meetings/{meeting.id}" in paths and any(p.startswith("/meetings/documents/") for p in paths)

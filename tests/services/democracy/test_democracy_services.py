"""Councillors and meetings as services, with a fixed `now`."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from ieg.content import pages
from ieg.content.pages import PageInput
from ieg.democracy import councillors, meetings
from ieg.democracy.councillors import DemocracyError, Profile
from ieg.democracy.meetings import MeetingInput
from ieg.extensions import db
from ieg.models import AuditEntry, Interest, Meeting, UserSession
from ieg.people.permissions import can

from tests.factories import make_user

from tests.services.democracy.conftest import NOW


def _councillor(ctx, name="Priya Shah", **kw):
    session, officer, ward = ctx
    return councillors.create_councillor(session, officer, NOW, Profile(name=name, party="Independent"),
                                         wards=[ward], term_starts=date(2026, 5, 7), **kw)


def test_councillor_gets_own_section_with_the_right_grants(ctx):
    session, officer, _ = ctx
    own = make_user(session, "priya@example.gov.uk")
    councillor = _councillor(ctx, user=own, self_publish=False)
    assert councillor.slug == "priya-shah"
    assert councillor.section.slug == "cllr-priya-shah"
    assert "councillor" in own.role_names
    assert own.section_roles(councillor.section_id) == {"author"}
    assert officer.section_roles(councillor.section_id) == {"publisher"}
    assert not councillors.publishes_at_once(councillor, own)
    councillors.set_publishing(session, officer, NOW, councillor, True)
    assert own.section_roles(councillor.section_id) == {"publisher"}
    assert councillors.publishes_at_once(councillor, own)
    other = _councillor(ctx, name="Priya Shah")
    assert other.slug == "priya-shah-2"
    actions = session.scalars(select(AuditEntry.action)).all()
    assert "democracy.councillor" in actions and "user.grant_add" in actions


def test_councillor_edits_own_page_through_the_cms_and_not_anothers(ctx):
    session, officer, _ = ctx
    own = make_user(session, "priya@example.gov.uk")
    mine = _councillor(ctx, user=own, self_publish=False)
    theirs = _councillor(ctx, name="Tom Hale", user=make_user(session, "tom@example.gov.uk"), self_publish=True)
    assert can(own, "section.edit", mine.section)
    assert not can(own, "section.publish", mine.section)
    assert not can(own, "section.edit", theirs.section)
    page = pages.create_page(session, mine.section, own, PageInput(title="My surgeries", body_markdown="## When\n\nEvery Friday.\n"), NOW)
    assert pages.submit(session, page, own, NOW) == []
    pages.publish(session, page, officer, NOW)
    assert page.status == "published"


def test_profile_checks_and_audit(ctx):
    session, officer, _ = ctx
    councillor = _councillor(ctx)
    with pytest.raises(DemocracyError) as error:
        councillors.update_profile(session, officer, NOW, councillor, Profile(name="Priya Shah", photo_url="/p.jpg"))
    assert error.value.field == "photo_alt"
    assert councillors.update_profile(session, officer, NOW, councillor,
                                      Profile(name="Priya Shah", party="Green", email="p@example.org")) == ["party", "email"]
    assert councillor.party == "Green"


def test_register_of_interests_keeps_its_history(ctx):
    session, officer, _ = ctx
    councillor = _councillor(ctx)
    interest = councillors.declare_interest(session, officer, NOW, councillor, category="Land",
                                            description="House in Abbey ward", declared_on=date(2026, 5, 20))
    with pytest.raises(DemocracyError):
        councillors.declare_interest(session, officer, NOW, councillor, category="Land", description="x",
                                     declared_on=date(2026, 12, 1))
    councillors.end_interest(session, officer, NOW, interest, removed_on=date(2026, 10, 1))
    assert session.scalars(select(Interest)).all() == [interest]
    assert interest.removed_on == date(2026, 10, 1)
    with pytest.raises(DemocracyError):
        councillors.end_interest(session, officer, NOW, interest, removed_on=date(2026, 10, 2))


def test_postcode_list_and_lookup(ctx):
    session, _, ward = ctx
    loaded, elsewhere, problems = councillors.load_postcode_wards(
        session, [("ab1 2cd", "e05000001"), ("nonsense", "E05000001"), ("AB1 3CD", "E99")])
    assert (loaded, elsewhere) == (1, 1)
    assert problems == ["Row 2: 'nonsense' is not a postcode"]
    assert councillors.ward_for_postcode(session, "AB12CD") is ward
    assert councillors.ward_for_postcode(session, "AB1 9ZZ") is None
    with pytest.raises(DemocracyError):
        councillors.ward_for_postcode(session, "12")


def _meeting(ctx, when=NOW + timedelta(days=14)):
    session, officer, _ = ctx
    committee = meetings.save_committee(session, officer, NOW, name="Planning Committee")
    return meetings.create_meeting(session, officer, NOW, committee, MeetingInput(starts_at=when, place="Town Hall"))


def test_meeting_changes_raise_sequence_and_cancelled_stays(ctx):
    session, officer, _ = ctx
    meeting = _meeting(ctx)
    assert meeting.sequence == 0
    later = NOW + timedelta(hours=1)
    changed = meetings.change_meeting(session, officer, later, meeting,
                                      MeetingInput(starts_at=meeting.starts_at + timedelta(days=1), place="Town Hall"))
    assert changed == ["starts_at"]
    assert meeting.status == "moved" and meeting.sequence == 1 and meeting.updated_at == later
    assert meetings.change_meeting(session, officer, later, meeting,
                                   MeetingInput(starts_at=meeting.starts_at, place="Town Hall")) == []
    assert meeting.sequence == 1
    meetings.cancel_meeting(session, officer, later, meeting, "Not enough business")
    assert meeting.status == "cancelled" and meeting.sequence == 2
    assert session.scalars(select(Meeting)).all() == [meeting]
    with pytest.raises(DemocracyError):
        meetings.change_meeting(session, officer, later, meeting, MeetingInput(starts_at=NOW, place="x"))


def test_committee_rename_raises_its_meetings_sequence(ctx):
    session, officer, _ = ctx
    meeting = _meeting(ctx)
    meetings.save_committee(session, officer, NOW, name="Planning and Licensing", committee=meeting.committee)
    session.refresh(meeting)
    assert meeting.sequence == 1


def test_agenda_publication_publishes_reports_and_exempt_items_have_no_content(ctx):
    session, officer, _ = ctx
    meeting = _meeting(ctx)
    with pytest.raises(DemocracyError):
        meetings.publish_agenda(session, officer, NOW, meeting)
    item = meetings.add_item(session, officer, NOW, meeting, title="Land at Mill Lane", body="The **application**.")
    exempt = meetings.add_item(session, officer, NOW, meeting, title="Staffing matter", body="Secret", exempt_paragraph=1)
    assert exempt.body == "" and exempt.body_html == "" and exempt.number == 2
    with pytest.raises(DemocracyError):
        meetings.add_document(session, officer, NOW, meeting, kind="report", title="x", body="y", item=exempt)
    report = meetings.add_document(session, officer, NOW, meeting, kind="report", title="Officer's report",
                                   body="## Summary\n\nApprove.", item=item)
    assert report.published_at is None and "govuk-heading-l" in report.body_html
    meetings.publish_agenda(session, officer, NOW, meeting)
    assert report.published_at == NOW and meeting.agenda_published_at == NOW


def test_scheduled_documents_publish_when_due_and_changes_are_listed(ctx):
    session, officer, _ = ctx
    meeting = _meeting(ctx)
    minutes = meetings.add_document(session, officer, NOW, meeting, kind="minutes", title="Minutes",
                                    body="Agreed.", publish_at=NOW + timedelta(days=1))
    assert minutes.published_at is None
    assert meetings.publish_due(session, NOW) == 0
    assert meetings.publish_due(session, NOW + timedelta(days=1)) == 1
    assert minutes.published_at == NOW + timedelta(days=1)
    changes = meetings.changes_since(session, NOW)
    assert [c["kind"] for c in changes] == ["meeting", "minutes"]
    assert changes[1]["committee"] == "planning-committee"


def test_attendance_needs_who_a_substitute_replaces(ctx):
    session, officer, _ = ctx
    meeting = _meeting(ctx)
    one, two = _councillor(ctx), _councillor(ctx, name="Tom Hale")
    with pytest.raises(DemocracyError):
        meetings.record_attendance(session, officer, NOW, meeting, one, "substitute")
    meetings.record_attendance(session, officer, NOW, meeting, one, "apologies")
    row = meetings.record_attendance(session, officer, NOW, meeting, two, "substitute", substitute_for=one)
    assert row.substitute_for is one and len(meeting.attendance) == 2


def test_link_user_ends_their_sessions_when_grants_change(ctx):
    session, officer, _ = ctx
    own = make_user(session, "priya@example.gov.uk")
    session.add(UserSession(user_id=own.id, token_hash="x" * 64, created_at=NOW, last_seen_at=NOW))
    session.flush()
    _councillor(ctx, user=own)
    assert session.scalars(select(UserSession).where(UserSession.user_id == own.id)).all() == []

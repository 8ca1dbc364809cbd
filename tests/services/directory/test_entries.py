"""The directory's services: sign-up, the first check, changes live at once with revisions, review
and roll back, confirming, more editors, problem reports and the staleness job."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ieg.directory import entries, problems
from ieg.directory.entries import EntryError, Venue
from ieg.extensions import db
from ieg.models import AuditEntry, CommunityGroup, GroupRevision, OutboxMessage, PasswordReset, User
from ieg.models.directory import (PENDING, PUBLISHED, REJECTED, REVISION_REVIEWED, REVISION_ROLLED_BACK,
                                  REVISION_WAITING, UNPUBLISHED)
from ieg.people import password_reset

from tests.directory_support import MAILING, NOW, entry, make_group, make_moderator, make_places


@pytest.fixture
def ctx(app):
    with app.app_context():
        session = db.session
        sport, older, abbey, bridge = make_places(session)
        yield session, sport, older, abbey, bridge


def _mail(session, to):
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == to)
                                .order_by(OutboxMessage.id)))


def _actions(session):
    return [a for a in session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))]


def test_sign_up_makes_a_pending_group_and_an_editor_who_sets_a_password_by_link(ctx):
    session, sport, _, abbey, _ = ctx
    group = entries.sign_up(session, NOW, person_name="Pat Smith", person_email="Pat@Example.org",
                            entry=entry(sport, abbey), token="t" * 32, mailing=MAILING)
    assert group.status == PENDING and group.slug == "hilltop-walking-club"
    assert group.description_html == "<p class=\"govuk-body\">We <strong>walk</strong>.</p>\n"
    assert [c.name for c in group.categories] == ["Sport and leisure"] and [w.name for w in group.wards] == ["Abbey"]
    assert group.venues[0].postcode == "TS1 1AA" and group.charity_number == "1123456"
    user = session.get(User, group.editors[0].user_id)
    assert user.email == "pat@example.org" and user.role_names == {"group_editor"}
    assert not user.check_password("")  # no password until one is chosen
    (message,) = _mail(session, "pat@example.org")
    link = message.body_text.split("https://council.example/reset-password/")[1].split()[0]
    assert password_reset.find(session, link, NOW + timedelta(days=6)) is not None
    assert password_reset.find(session, link, NOW + timedelta(days=8)) is None
    password_reset.complete(session, link, "a long new password 123", NOW + timedelta(hours=1))
    assert user.check_password("a long new password 123")
    # The same form sent again makes no second group, account or mail.
    again = entries.sign_up(session, NOW, person_name="Pat Smith", person_email="pat@example.org",
                            entry=entry(sport, abbey), token="t" * 32, mailing=MAILING)
    assert again is group
    assert session.scalar(select(CommunityGroup.id).where(CommunityGroup.id != group.id)) is None
    assert len(_mail(session, "pat@example.org")) == 1
    assert _actions(session) == ["user.create", "directory.signup", "user.password_reset_link"]


def test_bad_entries_are_refused_field_by_field_with_nothing_written(ctx):
    session, sport, _, _, _ = ctx
    with pytest.raises(EntryError) as refused:
        entries.sign_up(session, NOW, person_name="Pat", person_email="pat@example.org", token="u" * 32,
                        mailing=MAILING, entry=entry(sport, name=" ", summary="", charity_number="SC012345",
                                                     website="javascript:alert(1)", category_ids=[],
                                                     venues=[Venue(name="Hall")]))
    assert set(refused.value.errors) == {"name", "summary", "charity_number", "website", "categories", "venues"}
    assert session.scalar(select(CommunityGroup.id)) is None and session.scalar(select(User.id)) is None
    with pytest.raises(EntryError) as refused:
        entries.sign_up(session, NOW, person_name="Pat", person_email="not an address", token="u" * 32,
                        mailing=MAILING, entry=entry(sport))
    assert refused.value.errors == {"person_email": "Enter an email address like name@example.org"}


def test_a_moderator_approves_or_rejects_with_a_reason_and_the_group_is_told(ctx):
    session, sport, _, _, _ = ctx
    moderator = make_moderator(session)
    first, editor = make_group(session, sport, published=False)
    entries.approve(session, moderator, NOW, first, MAILING)
    assert first.status == PUBLISHED and first.confirmed_at == NOW
    assert "is now in the community directory" in _mail(session, editor.email)[-1].subject
    second, other = make_group(session, sport, published=False, editor_email="b@example.org", name="Second")
    with pytest.raises(EntryError, match="Say why"):
        entries.reject(session, moderator, NOW, second, "  ", MAILING)
    entries.reject(session, moderator, NOW, second, "This is a business, not a community group.", MAILING)
    assert second.status == REJECTED
    assert "This is a business" in _mail(session, other.email)[-1].body_text
    with pytest.raises(EntryError, match="Only an entry waiting"):
        entries.approve(session, moderator, NOW, second, MAILING)
    assert _actions(session).count("directory.approve") == 1 and _actions(session)[-1] == "directory.reject"


def test_changes_go_live_at_once_and_a_moderator_reviews_or_rolls_back_against_a_diff(ctx):
    session, sport, older, abbey, bridge = ctx
    moderator = make_moderator(session)
    group, editor = make_group(session, sport, abbey)
    later = NOW + timedelta(days=30)
    revision = entries.update_entry(session, editor, later, group, entry(
        older, bridge, summary="Walks and talks", email_public=True))
    assert group.summary == "Walks and talks" and group.confirmed_at == later  # live at once; clock restarted
    assert revision.state == REVISION_WAITING
    assert entries.changes(session, revision) == [
        ("Summary", "Friendly walks every week", "Walks and talks"), ("Categories", "Sport and leisure", "Older people"),
        ("Wards served", "Abbey", "Bridge"), ("Email shown publicly", "No", "Yes")]
    assert entries.update_entry(session, editor, later, group, entry(older, bridge, summary="Walks and talks",
                                                                      email_public=True)) is None  # nothing changed
    entries.roll_back(session, moderator, later, revision, MAILING)
    assert group.summary == "Friendly walks every week" and [c.slug for c in group.categories] == ["sport"]
    assert [w.name for w in group.wards] == ["Abbey"] and group.email_public is False
    assert revision.state == REVISION_ROLLED_BACK
    assert session.scalars(select(OutboxMessage.subject).where(OutboxMessage.to_address == editor.email)).all()[-1] \
        == "Hilltop Walking Club: a change was rolled back"  # the group is told
    with pytest.raises(EntryError, match="already been rolled back"):
        entries.roll_back(session, moderator, later, revision, MAILING)
    second = entries.update_entry(session, editor, later, group, entry(sport, abbey, name="Hilltop Walkers"))
    third = entries.update_entry(session, editor, later, group, entry(sport, abbey, name="Hilltop Ramblers"))
    with pytest.raises(EntryError, match="roll that back first"):
        entries.roll_back(session, moderator, later, second, MAILING)
    entries.review(session, moderator, later, second)
    assert second.state == REVISION_REVIEWED and third.state == REVISION_WAITING
    with pytest.raises(EntryError, match="already been dealt with"):
        entries.review(session, moderator, later, second)
    assert "directory.roll_back" in _actions(session) and "directory.review" in _actions(session)


def test_another_editor_is_invited_by_email(ctx):
    session, sport, _, _, _ = ctx
    group, editor = make_group(session, sport)
    added = entries.add_editor(session, editor, NOW, group, email="sam@example.org", name="Sam Jones", mailing=MAILING)
    assert added.id in group.editor_ids and added.role_names == {"group_editor"}
    assert "/reset-password/" in _mail(session, "sam@example.org")[0].body_text
    with pytest.raises(EntryError, match="already edits"):
        entries.add_editor(session, editor, NOW, group, email="SAM@example.org", name="Sam", mailing=MAILING)
    assert session.scalar(select(PasswordReset.id).where(PasswordReset.user_id == added.id)) is not None


def test_the_staleness_job_sends_each_notice_once_and_confirming_restores(ctx):
    session, sport, _, _, _ = ctx
    group, editor = make_group(session, sport)
    fresh, _ = make_group(session, sport, editor_email="fresh@example.org", name="Fresh",
                          now=NOW + timedelta(days=200))
    day = NOW + timedelta(days=366)
    assert str(entries.run_staleness(session, day, MAILING)) == (
        "reminded 1, reminded again 0, unpublished 0 stale entries")
    assert str(entries.run_staleness(session, day + timedelta(hours=1), MAILING)).startswith("reminded 0,")
    assert entries.run_staleness(session, NOW + timedelta(days=397), MAILING).second_reminded == 1
    assert entries.run_staleness(session, NOW + timedelta(days=426), MAILING).unpublished == 1
    assert group.status == UNPUBLISHED and fresh.status == PUBLISHED
    subjects = [m.subject for m in _mail(session, editor.email)]
    assert subjects[-3:] == ["Please check Hilltop Walking Club's directory entry",
                             "Reminder: please check Hilltop Walking Club's directory entry",
                             "Hilltop Walking Club has been taken out of the directory"]
    assert entries.run_staleness(session, NOW + timedelta(days=427), MAILING).unpublished == 0
    assert entries.confirm(session, editor, NOW + timedelta(days=430), group) is True
    assert group.status == PUBLISHED and group.confirmed_at == NOW + timedelta(days=430)
    # A moderator's own take-down is not undone by the group confirming.
    moderator = make_moderator(session)
    entries.set_published(session, moderator, NOW + timedelta(days=431), group, False)
    assert entries.confirm(session, editor, NOW + timedelta(days=432), group) is False
    assert group.status == UNPUBLISHED


def test_problem_reports_wait_for_a_moderator(ctx):
    session, sport, _, _, _ = ctx
    group, _ = make_group(session, sport)
    with pytest.raises(EntryError) as refused:
        problems.report(session, NOW, group, details=" ", email="nope")
    assert set(refused.value.errors) == {"details", "email"}
    problem = problems.report(session, NOW, group, details="They meet on Sundays now", email="R@Example.org")
    assert problems.waiting(session) == [problem] and problem.email == "r@example.org"
    moderator = make_moderator(session)
    problems.deal_with(session, moderator, NOW, problem, "Asked the group to update it")
    assert problems.waiting(session) == []
    with pytest.raises(EntryError):
        problems.deal_with(session, moderator, NOW, problem, "again")

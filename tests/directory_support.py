"""Test data for the community directory: categories, wards, a moderator, groups with editors,
made through the directory's services (never the demo's)."""
from __future__ import annotations

from datetime import datetime, timezone

from ieg.directory import entries
from ieg.directory.entries import Entry, Mailing, Venue
from ieg.models import CommunityGroup, DirectoryCategory, GroupEditor, Ward
from ieg.models.directory import PUBLISHED

from tests.factories import make_user

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)
MAILING = Mailing("https://council.example", "Test Council", "council.example")


def make_places(session):
    """Two categories and two wards."""
    sport = DirectoryCategory(slug="sport", name="Sport and leisure", position=1)
    older = DirectoryCategory(slug="older-people", name="Older people", position=2)
    abbey, bridge = Ward(code="E05000001", name="Abbey"), Ward(code="E05000002", name="Bridge")
    session.add_all([sport, older, abbey, bridge])
    session.flush()
    return sport, older, abbey, bridge


def make_moderator(session, email="moderator@example.gov.uk"):
    return make_user(session, email, grants=(("community-directory", "publisher"),))


def entry(category, ward=None, **fields) -> Entry:
    values = dict(name="Hilltop Walking Club", summary="Friendly walks every week", description="We **walk**.",
                  category_ids=[category.id], ward_ids=[ward.id] if ward else [],
                  venues=[Venue("Hilltop Hall", "1 High Street\nTownley", "ts1 1aa", "Step-free entrance")],
                  opening_times="Saturdays 10am", contact_name="Pat Smith", contact_name_public=True,
                  email="walks@example.org", email_public=False, phone="0113 496 0123", phone_public=True,
                  website="hilltopwalks.example.org", links="", charity_number="1123456")
    values.update(fields)
    return Entry(**values)


def make_group(session, category, ward=None, *, editor_email="editor@example.org", now=NOW, published=True,
               **fields) -> tuple[CommunityGroup, object]:
    """A group signed up by a new editor and, unless `published` is False, approved."""
    import secrets
    group = entries.sign_up(session, now, person_name="Pat Smith", person_email=editor_email,
                            entry=entry(category, ward, **fields), token=secrets.token_hex(16), mailing=MAILING)
    if published:
        group.status, group.confirmed_at = PUBLISHED, now
    session.flush()
    editor = group.editors[0]
    from ieg.models import User
    return group, session.get(User, editor.user_id)


__all__ = ["NOW", "MAILING", "make_places", "make_moderator", "entry", "make_group", "GroupEditor"]

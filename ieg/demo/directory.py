"""The demo's community directory: ten categories, 60 groups across the wards, each kept by its own
editor, four waiting for a moderator's first check, some stale (reminded once, reminded twice, taken
down after 14 months), two changes waiting for review and a problem reported. A moderator and a
group editor sign in with the demo's password.

Bulk rows, no services and no audit entries (like the rest of the demo's set-up): the entries are
dated as if groups had added them over the last two years.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.content import markdown
from ieg.demo.history import set_up_at
from ieg.directory import rules, staleness
from ieg.directory.entries import snapshot
from ieg.models import (CommunityGroup, DirectoryCategory, GroupEditor, GroupProblemReport, GroupRevision, GroupVenue,
                        Section, User, Ward)
from ieg.models.directory import PENDING, PUBLISHED, REVISION_REVIEWED, REVISION_WAITING, UNPUBLISHED
from ieg.people.permissions import GROUP_EDITOR, PUBLISHER

MODERATOR_EMAIL = "directory.moderator"  # @ the demo's domain
GROUP_EDITOR_EMAIL = "group.editor"

CATEGORIES = (
    ("sport-and-leisure", "Sport and leisure", "Clubs, classes and teams for every age"),
    ("older-people", "Older people", "Lunch clubs, befriending and activities"),
    ("children-and-young-people", "Children and young people", "Youth clubs, playgroups and uniformed groups"),
    ("health-and-wellbeing", "Health and wellbeing", "Support groups, walking for health, mental health"),
    ("arts-and-culture", "Arts and culture", "Choirs, drama, art and local history"),
    ("environment", "Environment", "Gardening, conservation, litter picks and repair cafés"),
    ("advice-and-support", "Advice and support", "Advice on money, housing, benefits and rights"),
    ("faith-groups", "Faith groups", "Places of worship and faith-based community groups"),
    ("volunteering", "Volunteering", "Groups looking for volunteers"),
    ("disability", "Disability", "Groups for disabled people and carers"),
)

# (name pattern, category slugs, what they do)
KINDS = (
    ("{place} Walking Football", ("sport-and-leisure", "older-people"), "Walking football for over-50s, all abilities"),
    ("{place} Lunch Club", ("older-people",), "A hot two-course lunch and good company every week"),
    ("{place} Scouts", ("children-and-young-people",), "Beavers, Cubs and Scouts for ages 6 to 14"),
    ("{place} Community Choir", ("arts-and-culture",), "A friendly choir: no auditions, no need to read music"),
    ("{place} in Bloom", ("environment", "volunteering"), "Volunteers keeping the village green and planters"),
    ("{place} Repair Café", ("environment",), "Bring broken things and fix them with our volunteers"),
    ("{place} Citizens Advice Drop-in", ("advice-and-support",), "Free, confidential advice on money and housing"),
    ("{place} Carers Support Group", ("disability", "health-and-wellbeing"), "A monthly meeting for unpaid carers"),
    ("{place} Parish Church Community Hub", ("faith-groups", "older-people"), "Coffee mornings and a warm space"),
    ("{place} Youth Club", ("children-and-young-people", "sport-and-leisure"), "Games, sport and trips for ages 11 to 18"),
    ("{place} Running Club", ("sport-and-leisure", "health-and-wellbeing"), "Beginners' groups and weekly club runs"),
    ("{place} Local History Society", ("arts-and-culture",), "Talks, walks and the parish archive"),
)
PLACES = ("Ashdown", "Millbrook", "Hatherley", "Kingsmead", "Northgate")
VENUE_NAMES = ("Village Hall", "Community Centre", "Library", "Methodist Hall", "Sports Pavilion")
TIMES = ("Mondays 10am to 12 noon", "Tuesdays 7pm to 9pm", "Wednesdays 12 noon to 2pm", "Thursdays 6pm to 8pm",
         "Saturdays 9am to 11am", "First Sunday of the month, 2pm to 4pm")
ACCESS = ("Step-free entrance and an accessible toilet", "Hearing loop in the main hall",
          "Ramp at the side door; accessible parking for two cars", "Upstairs room: no lift, ask us for the ground floor")


def _password_hash(session: Session, domain: str) -> str:
    """The demo's shared password, already hashed for its administrator (hashing again costs half a second)."""
    return session.scalar(select(User.password_hash).where(User.email == f"admin@{domain}")) or ""


def _user(session: Session, email: str, name: str, password_hash: str, at: datetime) -> User:
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, active=True, password_hash=password_hash, created_at=at)
        session.add(user)
    return user


def load(session: Session, now: datetime, domain: str) -> int:
    """Create the demo's directory when missing; returns the number of groups made."""
    if session.scalar(select(CommunityGroup.id).limit(1)) is not None:
        return 0
    rng = random.Random(2026)
    wards = list(session.scalars(select(Ward).order_by(Ward.name)))
    categories = {slug: DirectoryCategory(slug=slug, name=name, description=about, position=i)
                  for i, (slug, name, about) in enumerate(CATEGORIES)}
    session.add_all(categories.values())
    section = session.scalar(select(Section).where(Section.slug == "community-directory"))
    demo_hash = _password_hash(session, domain)
    moderator = _user(session, f"{MODERATOR_EMAIL}@{domain}", "Morgan Moderator", demo_hash, set_up_at(now))  # with the staff
    if section is not None:
        moderator.grant(section, PUBLISHER)
    demo_editor = _user(session, f"{GROUP_EDITOR_EMAIL}@{domain}", "Gina Groups", demo_hash, now - timedelta(days=700))
    demo_editor.add_role(GROUP_EDITOR)
    session.flush()

    taken: set[str] = set()
    groups: list[CommunityGroup] = []
    # The stale ones, by how long since anyone from the group confirmed or changed the entry.
    ages = ([staleness.REMIND_MONTHS] * 3 + [staleness.SECOND_REMINDER_MONTHS] * 2 + [staleness.UNPUBLISH_MONTHS] * 2)
    for n in range(60):
        pattern, slugs, summary = KINDS[n % len(KINDS)]
        place = PLACES[(n // len(KINDS)) % len(PLACES)]
        name = pattern.format(place=place)
        created = now - timedelta(days=rng.randint(30, 700))
        pending = n >= 56  # the last four signed up this week
        if pending:
            created = now - timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 9))
        group = CommunityGroup(
            slug=rules.slug_for(name, taken.__contains__), name=name, summary=summary,
            description=(f"{summary}. Everyone is welcome: come along and meet us, or get in touch first.\n\n"
                         f"- We meet at the {VENUE_NAMES[n % len(VENUE_NAMES)].lower()}\n- Your first visit is free"),
            status=PENDING if pending else PUBLISHED, created_at=created, updated_at=created,
            opening_times=TIMES[n % len(TIMES)], contact_name=f"{rng.choice(('Sam', 'Jo', 'Alex', 'Chris'))} "
                                                            f"{rng.choice(('Patel', 'Jones', 'Clarke', 'Khan'))}",
            contact_name_public=n % 3 != 0, email=f"hello@{rules.slug_for(name, set().__contains__)}.example.org",
            email_public=n % 2 == 0, phone=f"01632 96{n:04d}", phone_public=n % 4 == 0,
            website=f"https://{rules.slug_for(name, set().__contains__)}.example.org" if n % 3 else "",
            charity_number=str(1100000 + n * 1371) if n % 5 == 0 else "",
            confirmed_at=None if pending else max(created, now - timedelta(days=rng.randint(5, 330))),
            moderated_at=None if pending else created + timedelta(days=1))
        taken.add(group.slug)
        group.description_html = markdown.render(group.description)
        group.categories = [categories[s] for s in slugs]
        group.wards = [] if n % 7 == 0 else rng.sample(wards, k=min(len(wards), rng.randint(1, 3)))
        group.venues = [GroupVenue(position=0, name=f"{place} {VENUE_NAMES[n % len(VENUE_NAMES)]}",
                                   address=f"{rng.randint(1, 90)} {rng.choice(('High Street', 'Church Lane', 'Mill Road'))}\n{place}",
                                   postcode=f"AS{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFG')}{rng.choice('HJLNPQ')}",
                                   accessibility=ACCESS[n % len(ACCESS)])]
        if not pending and ages and n % 8 == 3:
            months = ages.pop(0)
            clock_start = staleness.add_months(now, -months) - timedelta(days=3)
            group.created_at = group.updated_at = min(group.created_at, clock_start)
            group.confirmed_at = clock_start
            clock = staleness.Clock(clock_start)
            group.reminded_at = clock.remind_at + timedelta(hours=8)
            if months >= staleness.SECOND_REMINDER_MONTHS:
                group.second_reminded_at = clock.second_reminder_at + timedelta(hours=8)
            if months >= staleness.UNPUBLISH_MONTHS:
                group.status, group.stale_at = UNPUBLISHED, clock.unpublish_at + timedelta(hours=8)
        groups.append(group)
    # Each group's own editor (the demo's login keeps the first three), with no password: they were
    # invited by email and the demo never needs to sign in as them.
    editors = [demo_editor if n < 3 else User(email=f"editor.{g.slug}@example.org", name=g.contact_name, active=True,
                                              password_hash="", created_at=g.created_at)
               for n, g in enumerate(groups)]
    for editor in editors[3:]:
        editor.add_role(GROUP_EDITOR)
    session.add_all(editors + groups)
    session.flush()
    for group, editor in zip(groups, editors):
        group.editors = [GroupEditor(user_id=editor.id, added_at=group.created_at)]
    session.flush()

    revisions = [GroupRevision(group_id=g.id, snapshot=snapshot(g), created_at=g.created_at, author_id=g.editors[0].user_id,
                               state=REVISION_REVIEWED, reviewed_at=g.created_at, reviewed_by_id=moderator.id)
                 for g in groups]
    # Two recent changes by groups, live and waiting for a moderator's review.
    for group, summary in ((groups[0], "Walking football for over-50s: now on Fridays too"),
                           (groups[1], "A hot lunch, a quiz and good company every Wednesday")):
        group.summary, group.updated_at = summary, now - timedelta(days=2)
        group.confirmed_at = group.updated_at
        revisions.append(GroupRevision(group_id=group.id, snapshot=snapshot(group), created_at=group.updated_at,
                                       author_id=group.editors[0].user_id, state=REVISION_WAITING))
    session.add_all(revisions)
    session.add(GroupProblemReport(group_id=groups[5].id, details="The repair café has moved to the library.",
                                   created_at=now - timedelta(days=1)))
    session.flush()
    return len(groups)

"""Test data the tests make for themselves, with the models' own methods.

Tests about a feature build the people and sections they need here, rather than borrowing the
demo council's logins (tests whose subject is the demo keep using `ieg.demo`). Every user made
here has PASSWORD.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from ieg.models import Section, User
from ieg.models.people import PASSWORD_METHOD

PASSWORD = "factory-password-2026"
DOMAIN = "staff.example.gov.uk"


@dataclass(frozen=True)
class Holder:
    """Someone holding one kind of role: global roles, section grants, or a casework queue."""
    key: str  # their email's local part, and the test's id
    roles: tuple[str, ...] = ()
    grants: tuple[tuple[str, str], ...] = ()  # (section slug, section role)
    casework_section: str = ""

    @property
    def email(self) -> str:
        return f"{self.key}@{DOMAIN}"


# One holder of each kind of role: the editors' grants are on two sections, so a test can tell
# "own section" from "another's".
HOLDERS = (
    Holder("admin", roles=("admin",)),
    Holder("waste.author", grants=(("waste-and-recycling", "author"),)),
    Holder("waste.publisher", grants=(("waste-and-recycling", "publisher"),)),
    Holder("planning.author", grants=(("planning", "author"),)),
    Holder("planning.publisher", grants=(("planning", "publisher"),)),
    Holder("contact.agent", roles=("contact_agent",)),
    Holder("officer", roles=("officer",), casework_section="waste-and-recycling"),
    Holder("councillor", roles=("councillor",)),
    Holder("auditor", roles=("auditor",)),
)


def make_section(session: Session, slug: str, title: str | None = None, **fields) -> Section:
    """The section with this slug, made if missing."""
    section = session.scalar(select(Section).where(Section.slug == slug))
    if section is None:
        section = Section(slug=slug, title=title or slug.replace("-", " ").capitalize(), **fields)
        session.add(section)
        session.flush()
    return section


# The tests' people sign in thousands of times: at the app's cost (scrypt with N=2**15, about
# 0.15 s of CPU a check) that was minutes of the suite. Their hashes use the same method with a
# lower work factor; the app's own hashing is tested in tests/services/people/test_accounts.py.
TEST_PASSWORD_METHOD = f"{PASSWORD_METHOD}:1024:8:1"


@functools.cache
def _password_hash(password: str) -> str:
    return generate_password_hash(password, method=TEST_PASSWORD_METHOD)


def make_user(session: Session, email: str, *, name: str = "", roles: tuple[str, ...] = (),
              grants: tuple[tuple[str, str], ...] = (), casework_section: str = "",
              password: str = PASSWORD) -> User:
    """A user with these roles and (section slug, role) grants, their sections made if missing.

    Made as `create_user` makes one, except that each password is hashed once per test run, and
    cheaply (TEST_PASSWORD_METHOD)."""
    user = User(email=User.normalise_email(email), name=name or email.split("@")[0].replace(".", " ").title(),
                active=True, password_hash=_password_hash(password))
    for role in roles:
        user.add_role(role)
    session.add(user)
    session.flush()
    for slug, role in grants:
        user.grant(make_section(session, slug), role)
    if casework_section:
        user.casework_section_id = make_section(session, casework_section).id
    session.flush()
    return user


def make_holder(session: Session, holder: Holder) -> User:
    return make_user(session, holder.email, roles=holder.roles, grants=holder.grants,
                     casework_section=holder.casework_section)


def add_holder(app, holder: Holder) -> str:
    """Make the holder in the app's database, committed (unless the test council already has them);
    returns their email to sign in with."""
    from ieg.extensions import db

    with app.app_context():
        if db.session.scalar(select(User.id).where(User.email == holder.email)) is None:
            make_holder(db.session, holder)
            db.session.commit()
    return holder.email


# The test council's service areas: (slug, title, LGNL heading, contact mailbox, phone). Service
# areas every district council has, named as councils name them; contact addresses in the
# council's own mail domain (the app's default configuration).
COUNCIL_DOMAIN = "ashdown.example.gov.uk"
SECTIONS = (
    ("waste-and-recycling", "Waste and recycling", "Environment and waste", "waste", "01632 960101"),
    ("council-tax", "Council tax", "Council tax and benefits", "counciltax", "01632 960102"),
    ("benefits", "Benefits", "Council tax and benefits", "benefits", "01632 960103"),
    ("housing", "Housing", "Housing", "housing", "01632 960104"),
    ("planning", "Planning and building control", "Planning and development", "planning", "01632 960105"),
    ("parking", "Parking", "Transport and streets", "parking", "01632 960106"),
    ("roads-and-transport", "Roads and transport", "Transport and streets", "transport", "01632 960107"),
    ("environmental-health", "Environmental health", "Environment and waste", "envhealth", "01632 960108"),
    ("libraries", "Libraries", "Leisure and culture", "libraries", "01632 960109"),
    ("leisure-and-culture", "Leisure and culture", "Leisure and culture", "leisure", "01632 960110"),
    ("councillors-and-democracy", "Councillors and democracy", "About the council", "democratic.services",
     "01632 960111"),
    ("community-and-living", "Community and living", "Community and living", "community", "01632 960112"),
    ("business", "Business", "Business and economy", "business", "01632 960113"),
    ("about-the-council", "About the council", "About the council", "customer.services", "01632 960000"),
    ("schools", "Schools and education", "Education and learning", "education", "01632 960114"),
    ("adult-social-care", "Adult social care", "Health and social care", "socialcare", "01632 960115"),
)
NAMES = {"admin": "Ada Admin", "waste.author": "Will Waste", "waste.publisher": "Pat Bins",
         "planning.author": "Pia Plans", "planning.publisher": "Percy Permit", "contact.agent": "Cora Contact",
         "officer": "Otto Officer", "councillor": "Cllr Colin Grey", "auditor": "Aud Auditor"}


def build_council(session: Session, when=None) -> None:
    """The test council: its service areas and one holder of each kind of role (HOLDERS),
    nobody asked for a second factor (tests of two-factor sign-in ask for it themselves)."""
    from ieg.models import SignInPolicy
    from ieg.timeutil import utcnow

    when = when or utcnow()
    for order, (slug, title, heading, mailbox, phone) in enumerate(SECTIONS):
        make_section(session, slug, title, lgnl_heading=heading, sort_order=order,
                     summary=f"{title}: what the council does and how to get in touch.",
                     contact_email=f"{mailbox}@{COUNCIL_DOMAIN}", contact_phone=phone,
                     contact_address="Council Offices, High Street\nAshdown AS1 1AA",
                     created_at=when, updated_at=when)
    for holder in HOLDERS:
        make_user(session, holder.email, name=NAMES[holder.key], roles=holder.roles, grants=holder.grants,
                  casework_section=holder.casework_section)
    policy = session.get(SignInPolicy, 1) or SignInPolicy(id=1)
    policy.two_factor_roles, policy.changed_at = [], when
    session.add(policy)
    session.flush()

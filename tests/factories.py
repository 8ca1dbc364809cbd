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


@functools.cache
def _password_hash(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def make_user(session: Session, email: str, *, name: str = "", roles: tuple[str, ...] = (),
              grants: tuple[tuple[str, str], ...] = (), casework_section: str = "",
              password: str = PASSWORD) -> User:
    """A user with these roles and (section slug, role) grants, their sections made if missing.

    Made as `create_user` makes one, except that each password is hashed once per test run: a
    scrypt hash takes half a second, and many tests each make a user."""
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
    """Make the holder in the app's database, committed; returns their email to sign in with."""
    from ieg.extensions import db

    with app.app_context():
        make_holder(db.session, holder)
        db.session.commit()
    return holder.email

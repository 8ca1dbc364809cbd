"""Adding and changing sections: plain functions taking a session (the caller commits)."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import cache
from ieg.content.navigation import LGNL_HEADINGS
from ieg.input_errors import InputError
from ieg.models import Section

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# First path segments the site itself uses: a section there would be unreachable.
RESERVED_SLUGS = frozenset({
    "a-z", "account", "accessibility", "admin", "api", "branding.css", "consultations", "contact", "councillors",
    "edit", "evidence", "favicon.ico", "feedback", "files", "forgot-password", "forms", "healthz", "login", "logout",
    "meetings", "meetings.ics", "open311", "pay", "reset-password", "robots.txt", "search", "service-standards",
    "signed-out", "sitemap.xml", "staff", "static", "track",
    "alerts",
    "statistics",
    "whats-on",
    "news",
    "directory", "community-directory",
    "metrics",
})
FIELDS = ("title", "summary", "lgnl_heading", "contact_email", "contact_phone", "contact_address")


class SectionError(InputError):
    pass


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be a section's address, or None. Pure."""
    if not slug:
        return "Enter the web address for the section"
    if len(slug) > 80:
        return "Web address must be 80 characters or fewer"
    if not SLUG.match(slug):
        return "Web address must use only lower-case letters, numbers and single hyphens, like waste-and-recycling"
    if slug in RESERVED_SLUGS:
        return f"/{slug}/ is used by the site itself; choose another web address"
    return None


def save_section(session: Session, section: Section | None, *, slug: str, **values) -> Section:
    """Create (section=None) or update a section after checking its fields."""
    # A section the site itself made at a reserved address (News at /news/) keeps it.
    problem = None if section is not None and slug == section.slug else slug_problem(slug)
    if problem:
        raise SectionError(problem, "slug")
    clash = session.scalar(select(Section).where(Section.slug == slug))
    if clash is not None and clash is not section:
        raise SectionError(f"Another section, {clash.title}, already uses /{slug}/", "slug")
    if not values.get("title", "").strip():
        raise SectionError("Enter the section title", "title")
    if values.get("lgnl_heading") and values["lgnl_heading"] not in LGNL_HEADINGS:
        raise SectionError("Choose a heading from the list", "lgnl_heading")
    if section is None:
        section = Section(sort_order=len(session.scalars(select(Section.id)).all()))
        session.add(section)
    section.slug = slug
    for field in FIELDS:
        if field in values:
            setattr(section, field, (values[field] or "").strip())
    session.flush()
    cache.bump(session)  # titles, summaries and contacts show on public pages
    return section

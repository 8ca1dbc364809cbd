"""The public forms sorted by what a resident has come to do: report a problem, apply or ask
for a service, or ask, complain or tell us something. The home page, the forms index and
the contact page list them this way.

Councils title a form by what the resident does ("Report a missed bin", "Apply for an
assisted bin collection"), so its first words sort it; administrators' forms are sorted the
same way as the built-in ones. `group()` is pure; `most_used` reads the enquiries.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg import cache
from ieg.casework import eform_definitions
from ieg.models import CaseType, Enquiry

REPORT, APPLY, ASK = "report", "apply", "ask"
HEADINGS = {REPORT: "Report a problem", APPLY: "Apply, book or ask for a service",
            ASK: "Ask, complain or tell us something"}
_APPLY = {"apply", "book", "order", "request", "register", "join", "claim", "subscribe", "renew", "buy"}


@dataclass(frozen=True)
class Group:
    key: str  # also the forms index's fragment (/forms/#report)
    heading: str
    forms: list


def kind_of(title: str) -> str:
    words = title.lower().split()
    if words[:1] == ["report"]:
        return REPORT
    if words[:1] and words[0] in _APPLY or words[:2] == ["ask", "for"]:
        return APPLY
    return ASK


def group(forms, order=None) -> list[Group]:
    """The forms in their groups (empty groups left out), each group in the order of
    `order` (a key function; default: by title)."""
    order = order or (lambda f: f.title.lower())
    return [Group(key, heading, members) for key, heading in HEADINGS.items()
            if (members := sorted((f for f in forms if kind_of(f.title) == key), key=order))]


def listed(session: Session) -> list[SimpleNamespace]:
    """Every public form as lists show it (slug, title, intro, case type), kept in this process
    until the site version changes: a form going live or offline, or its details changing,
    bumps it (ieg/casework/form_builder.py). Reading them cost about a quarter of the home page."""
    return cache.versioned("form_groups.listed", lambda: [
        SimpleNamespace(slug=f.slug, title=f.title, intro=f.intro, case_type=f.case_type)
        for f in eform_definitions.listed(session)])


def most_used(session: Session, now: datetime, days: int = 91) -> dict[str, int]:
    """Enquiries each case type (by slug) received in the last `days`, on any channel: what
    residents come to the council for most."""
    rows = session.execute(select(CaseType.slug, func.count(Enquiry.id)).join(Enquiry)
                           .where(Enquiry.received_at >= now - timedelta(days=days))
                           .group_by(CaseType.slug))
    return dict(rows.all())

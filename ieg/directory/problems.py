"""The public's reports of problems with an entry, and moderators dealing with them. Nothing about
the reporter is ever shown publicly: their optional address is for the moderator's reply only."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.contact_details import normalise_email
from ieg.directory.entries import EntryError
from ieg.models import CommunityGroup, GroupProblemReport
from ieg.text import clean, single_line


def report(session: Session, now: datetime, group: CommunityGroup, *, details: str, email: str = "") -> GroupProblemReport:
    details = clean(details).strip()
    email = normalise_email(single_line(email)) or ""
    errors = {}
    if not details:
        errors["details"] = "Say what is wrong with the entry"
    elif len(details) > 3000:
        errors["details"] = "Keep it to 3,000 characters"
    if email and ("@" not in email or " " in email or len(email) > 254):
        errors["email"] = "Enter an email address like name@example.org, or leave it empty"
    if errors:
        raise EntryError(errors)
    problem = GroupProblemReport(group_id=group.id, details=details, email=email, created_at=now)
    session.add(problem)
    session.flush()
    return problem


def waiting(session: Session) -> list[GroupProblemReport]:
    return list(session.scalars(select(GroupProblemReport).where(GroupProblemReport.dealt_at.is_(None))
                                .order_by(GroupProblemReport.created_at)))


def deal_with(session: Session, moderator, now: datetime, problem: GroupProblemReport, outcome: str) -> None:
    if problem.dealt_at is not None:
        raise EntryError("This report has already been dealt with", "outcome")
    problem.dealt_at, problem.dealt_by_id, problem.outcome = now, moderator.id, clean(outcome).strip()[:2000]
    audit.record(session, moderator, "directory.problem_dealt", f"group:{problem.group_id}",
                 {"report": problem.id, "outcome": problem.outcome}, now)

"""Vacancies, paid and volunteer, of a group or a section: added, changed, removed, and closed by
the daily job once their closing date has passed (the public lists also filter by date, so one is
never shown the day after it closes even before the job runs). Every change is audited."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.input_errors import InputError
from ieg.models import CommunityGroup, Section
from ieg.models.whatson import CLOSED, OPEN, REMOVED, Vacancy
from ieg.text import clean, single_line
from ieg.timeutil import to_local
from ieg.whatson import revisions
from ieg.whatson.events import ZONE, web_address

MAX_OPEN_DAYS = 366


class VacancyError(InputError):
    pass


@dataclass(frozen=True)
class VacancyDetails:
    title: str
    closing_date: date | None
    volunteer: bool = False
    pay: str = ""
    hours: str = ""
    location: str = ""
    description: str = ""
    how_to_apply: str = ""
    apply_url: str = ""


def _checked(details: VacancyDetails, today: date) -> dict:
    title = single_line(details.title)
    if not title:
        raise VacancyError("Enter the job or role's title", "title")
    if len(title) > 200:
        raise VacancyError("The title must be 200 characters or fewer", "title")
    if details.closing_date is None:
        raise VacancyError("Enter the closing date", "closing_date")
    if details.closing_date < today:
        raise VacancyError("The closing date must be today or later", "closing_date")
    if (details.closing_date - today).days > MAX_OPEN_DAYS:
        raise VacancyError("The closing date must be within a year", "closing_date")
    pay = single_line(details.pay)[:200]
    if not details.volunteer and not pay:
        raise VacancyError("Enter the pay, or say it is a volunteer role", "pay")
    how = clean(details.how_to_apply)[:4000]
    url = web_address(details.apply_url, "apply_url", VacancyError)
    if not how and not url:
        raise VacancyError("Say how to apply", "how_to_apply")
    return {"title": title, "closing_date": details.closing_date, "volunteer": bool(details.volunteer),
            "pay": "" if details.volunteer else pay, "hours": single_line(details.hours)[:200],
            "location": single_line(details.location)[:300], "description": clean(details.description)[:20000],
            "how_to_apply": how, "apply_url": url}


def _subject(vacancy: Vacancy) -> str:
    return f"vacancy:{vacancy.id}"


def add_vacancy(session: Session, actor, now: datetime, details: VacancyDetails, *,
                group: CommunityGroup | None = None, section: Section | None = None) -> Vacancy:
    if (group is None) == (section is None):
        raise ValueError("a vacancy belongs to a group or a section")
    vacancy = Vacancy(group=group, section=section, status=OPEN, created_at=now, updated_at=now,
                      **_checked(details, to_local(now, ZONE).date()))
    session.add(vacancy)
    session.flush()
    audit.record(session, actor, "whatson.vacancy_add", _subject(vacancy),
                 {"title": vacancy.title, "closing_date": vacancy.closing_date.isoformat()}, now)
    revisions.record(session, vacancy, actor, now)
    return vacancy


def change_vacancy(session: Session, actor, now: datetime, vacancy: Vacancy, details: VacancyDetails) -> Vacancy:
    """Changed, and open again if a closed one is given a new closing date."""
    if vacancy.status == REMOVED:
        raise VacancyError("This vacancy has been removed", "title")
    values = _checked(details, to_local(now, ZONE).date())
    revisions.before_change(session, vacancy)
    changed = sorted(k for k, v in values.items() if getattr(vacancy, k) != v)
    for key, value in values.items():
        setattr(vacancy, key, value)
    vacancy.status, vacancy.closed_at, vacancy.updated_at = OPEN, None, now
    session.flush()
    audit.record(session, actor, "whatson.vacancy_change", _subject(vacancy), {"changed": changed}, now)
    revisions.record(session, vacancy, actor, now)
    return vacancy


def remove_vacancy(session: Session, actor, now: datetime, vacancy: Vacancy) -> None:
    if vacancy.status == REMOVED:
        return
    revisions.before_change(session, vacancy)
    vacancy.status, vacancy.updated_at = REMOVED, now
    session.flush()
    audit.record(session, actor, "whatson.vacancy_remove", _subject(vacancy), {"title": vacancy.title}, now)
    revisions.record(session, vacancy, actor, now)


def close_past(session: Session, now: datetime) -> int:
    """Close every open vacancy whose closing date has passed (the daily job; idempotent). Returns
    how many it closed."""
    today = to_local(now, ZONE).date()
    # Row by row (a council has dozens open, not thousands), so search's queue sees each one go.
    closing = list(session.scalars(select(Vacancy).where(Vacancy.status == OPEN, Vacancy.closing_date < today)))
    for vacancy in closing:
        vacancy.status, vacancy.closed_at, vacancy.updated_at = CLOSED, now, now
    if closing:
        session.flush()
        audit.record(session, None, "whatson.vacancies_close", "vacancies", {"ids": [v.id for v in closing]}, now)
    return len(closing)

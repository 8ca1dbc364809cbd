"""A consultation's life: created in a service's section by its editors, opened and closed by the
clock (the `consultation-status` job), concluded by a publisher once its "You said, we did" page is
published. Its background and outcome are pages of the section (ieg.content.pages), so they get the
section's revisions, accessibility checks and publishing. Services: flush, never commit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ieg import audit
from ieg.content import pages
from ieg.content.sitemap import Entry
from ieg.input_errors import InputError, InputErrors
from ieg.models import Consultation, Page, Section
from ieg.participation import alerts, responses, surveys
from ieg.participation.consultation_status import (CLOSED, CONCLUDED, OPEN, UPCOMING, closing_words,
                                                   conclusion_problem, status_at, window_problem)
from ieg.participation.signing import Links
from ieg.text import clean, single_line
from ieg.timeutil import as_utc

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALL_CONSULTATIONS = ("consultations", "all")


class ConsultationError(InputErrors):
    pass


class StateError(ValueError):
    """The consultation's state forbids the action (nothing to fix in a form)."""


@dataclass
class ConsultationInput:
    title: str
    summary: str
    background: str
    opens_at: datetime
    closes_at: datetime
    slug: str = ""
    wards: list[str] = field(default_factory=list)
    areas: str = ""
    owner_name: str = ""
    one_per_page: bool = False


@dataclass(frozen=True)
class Mailing:
    """What an alert needs to know about the council, from its configuration."""
    links: Links
    council: str
    sender_domain: str
    zone: str = "Europe/London"


def _check(session: Session, data: ConsultationInput, current: Consultation | None) -> None:
    errors: dict[str, str] = {}
    data.title = single_line(data.title).strip()
    data.summary = single_line(data.summary).strip()
    data.background = clean(data.background)
    data.areas = clean(data.areas).strip()
    data.wards = list(dict.fromkeys(w for w in (single_line(w).strip()[:80] for w in data.wards) if w))
    data.slug = (data.slug or pages.slugify(data.title))[:100]
    if not data.title:
        errors["title"] = "Enter a title"
    elif len(data.title) > 200:
        errors["title"] = "Title must be 200 characters or fewer"
    if not data.summary:
        errors["summary"] = "Enter a summary of what is proposed"
    if not data.background.strip():
        errors["background"] = "Enter the background to the proposal"
    if not SLUG.match(data.slug):
        errors["slug"] = "Web address must use only lower-case letters, numbers and single hyphens"
    else:
        clash = session.scalar(select(Consultation).where(Consultation.slug == data.slug))
        if clash is not None and clash is not current:
            errors["slug"] = "Another consultation already uses this web address"
    problem = window_problem(data.opens_at, data.closes_at)
    if problem:
        errors["closes_at"] = problem
    if errors:
        raise ConsultationError(errors)


def create(session: Session, actor, now: datetime, section: Section, data: ConsultationInput) -> Consultation:
    _check(session, data, None)
    page = pages.create_page(session, section, actor, pages.PageInput(
        title=data.title, summary=data.summary, body_markdown=data.background, slug=data.slug,
        owner_name=data.owner_name or getattr(actor, "name", "")), now)
    consultation = Consultation(slug=data.slug, title=data.title, summary=data.summary, section_id=section.id,
                                section=section, page_id=page.id, page=page, wards=data.wards, areas=data.areas,
                                opens_at=data.opens_at, closes_at=data.closes_at, one_per_page=data.one_per_page,
                                status=status_at(now, data.opens_at, data.closes_at), questions=[],
                                created_by_id=getattr(actor, "id", None), created_at=now, updated_at=now)
    session.add(consultation)
    session.flush()
    audit.record(session, actor, "consultation.create", f"consultation:{consultation.id}",
                 {"section": section.slug, "slug": data.slug, "opens_at": data.opens_at, "closes_at": data.closes_at},
                 now)
    return consultation


def update(session: Session, actor, now: datetime, consultation: Consultation, data: ConsultationInput) -> None:
    """Change the details. The background is the page's: a change is a new revision that waits
    for a publisher, as any change to a live page does. Dates cannot move once it has closed."""
    data.slug = consultation.slug
    _check(session, data, consultation)
    if consultation.status in (CLOSED, CONCLUDED) and (data.opens_at != consultation.opens_at
                                                       or data.closes_at != consultation.closes_at):
        raise ConsultationError({"opens_at": "The dates of a closed consultation cannot change"})
    page = consultation.page
    revision = page.latest_revision
    if (revision.title, revision.summary, revision.body_markdown) != (data.title, data.summary, data.background):
        given = pages.PageInput.from_revision(revision)
        given.title, given.summary, given.body_markdown = data.title, data.summary, data.background
        pages.save_page(session, page, actor, given, now)
    consultation.title, consultation.summary = data.title, data.summary
    consultation.wards, consultation.areas = data.wards, data.areas
    consultation.opens_at, consultation.closes_at = data.opens_at, data.closes_at
    consultation.one_per_page = data.one_per_page
    consultation.updated_at = now
    if consultation.status != CONCLUDED:
        consultation.status = status_at(now, data.opens_at, data.closes_at)
    session.flush()


def is_public(consultation: Consultation) -> bool:
    return pages.is_public(consultation.page)


def outcome_published(consultation: Consultation) -> bool:
    return consultation.outcome_page is not None and pages.is_public(consultation.outcome_page)


def topics_of(consultation: Consultation) -> list[tuple[str, str]]:
    return [ALL_CONSULTATIONS, ("section", consultation.section.slug), *(("ward", w) for w in consultation.wards)]


def _alert(session: Session, now: datetime, consultation: Consultation, event: str, title: str, summary: str,
           mailing: Mailing | None) -> None:
    if mailing is None or not is_public(consultation):
        return
    alerts.raise_alert(session, now, topics=topics_of(consultation), source=f"consultation:{consultation.id}:{event}",
                       title=title, summary=summary, path=f"/consultations/{consultation.slug}",
                       links=mailing.links, council=mailing.council, sender_domain=mailing.sender_domain)


def _zone(mailing: Mailing | None) -> str:
    return mailing.zone if mailing else "Europe/London"


def refresh(session: Session, now: datetime, mailing: Mailing | None = None) -> dict:
    """Move every consultation to the status its dates give it; alert followers when one opens.
    Idempotent: an alert is raised once per consultation and event."""
    moved = {UPCOMING: 0, OPEN: 0, CLOSED: 0}
    for consultation in session.scalars(select(Consultation).where(Consultation.status != CONCLUDED)):
        status = status_at(now, consultation.opens_at, consultation.closes_at)
        if status != consultation.status:
            consultation.status = status
            moved[status] += 1
        if status == OPEN:
            _alert(session, now, consultation, "open", f"Have your say: {consultation.title}",
                   f"{consultation.summary}\nOpen until {closing_words(as_utc(consultation.closes_at), _zone(mailing))}.",
                   mailing)
    session.flush()
    return moved


def close_now(session: Session, actor, now: datetime, consultation: Consultation) -> None:
    if consultation.status != OPEN:
        raise StateError("Only an open consultation can be closed")
    consultation.closes_at, consultation.status, consultation.updated_at = now, CLOSED, now
    audit.record(session, actor, "consultation.close", f"consultation:{consultation.id}", {"at": now}, now)
    session.flush()


def save_outcome(session: Session, actor, now: datetime, consultation: Consultation, summary: str, text: str) -> Page:
    """Write (or change) the "You said, we did" page: a page of the section, published by its
    publishers like any other. `summary` is the results summary shown beside the charts."""
    if consultation.status in (UPCOMING, OPEN):
        raise StateError("The outcome can be written once the consultation has closed")
    if not clean(text).strip():
        raise InputError("Enter what the council did in response", "outcome")
    consultation.results_summary = clean(summary)
    title = f"You said, we did: {consultation.title}"[:200]
    page = consultation.outcome_page
    if page is None:
        page = pages.create_page(session, consultation.section, actor, pages.PageInput(
            title=title, summary=f"The outcome of the consultation on {consultation.title}"[:300],
            body_markdown=clean(text), slug=f"{consultation.slug}-outcome"[:120],
            owner_name=consultation.page.owner_name), now)
        consultation.outcome_page_id, consultation.outcome_page = page.id, page
    else:
        given = pages.PageInput.from_revision(page.latest_revision)
        given.body_markdown = clean(text)
        pages.save_page(session, page, actor, given, now)
    session.flush()
    return page


def conclude(session: Session, actor, now: datetime, consultation: Consultation, mailing: Mailing | None) -> None:
    problem = conclusion_problem(consultation.status, outcome_published(consultation))
    if problem:
        raise StateError(problem)
    consultation.status, consultation.concluded_at, consultation.updated_at = CONCLUDED, now, now
    audit.record(session, actor, "consultation.conclude", f"consultation:{consultation.id}",
                 {"outcome_page": consultation.outcome_page_id}, now)
    _alert(session, now, consultation, "outcome", f"We asked, you said, we did: {consultation.title}",
           consultation.results_summary.strip().splitlines()[0] if consultation.results_summary.strip()
           else "The council has published what it decided.", mailing)
    session.flush()


def set_offline_responses(session: Session, consultation: Consultation, value: str) -> None:
    try:
        count = int(value.strip() or "0")
    except ValueError:
        raise InputError("Enter the number of responses taken on paper or in person, like 12",
                         "offline_responses") from None
    if not 0 <= count <= 1_000_000:
        raise InputError("Enter a number between 0 and 1,000,000", "offline_responses")
    consultation.offline_responses = count
    session.flush()


# The survey's questions, kept as data on the consultation.

def _survey_editable(consultation: Consultation, session: Session) -> None:
    # A response fixes the questions it answered.
    if consultation.status != UPCOMING and responses.count(session, consultation):
        raise StateError("The questions cannot change once people have responded")


def save_question(session: Session, consultation: Consultation, name: str | None, data: surveys.QuestionInput) -> dict:
    _survey_editable(consultation, session)
    questions = list(consultation.questions or [])
    index = next((i for i, q in enumerate(questions) if q["name"] == name), None) if name else None
    current = questions[index] if index is not None else None
    others = [q for q in questions if q is not current]
    question = surveys.make_question(data, others, current)
    if index is None:
        questions.append(question)
    else:
        questions[index] = question
    consultation.questions = questions
    session.flush()
    return question


def remove_question(session: Session, consultation: Consultation, name: str) -> None:
    _survey_editable(consultation, session)
    consultation.questions = [q for q in consultation.questions if q["name"] != name]
    session.flush()


def move_question(session: Session, consultation: Consultation, name: str, offset: int) -> None:
    questions = list(consultation.questions)
    index = next((i for i, q in enumerate(questions) if q["name"] == name), None)
    if index is None or not 0 <= index + offset < len(questions):
        return
    questions[index], questions[index + offset] = questions[index + offset], questions[index]
    consultation.questions = questions
    session.flush()


# Reading.

def by_slug(session: Session, slug: str) -> Consultation | None:
    """With its section and background page, which every public view reads, in the same query."""
    return session.scalar(select(Consultation).where(Consultation.slug == slug)
                          .options(joinedload(Consultation.page), joinedload(Consultation.section)))


def public_lists(session: Session) -> dict[str, list[Consultation]]:
    """The public's consultations by status: open (closing soonest first), upcoming (opening soonest
    first), closed and concluded (most recently closed first). Only those whose page is published."""
    found = session.scalars(select(Consultation).join(Page, Consultation.page_id == Page.id)
                            .where(Page.live_revision_id.is_not(None), Page.status != "archived")
                            .order_by(Consultation.closes_at)).all()
    lists = {OPEN: [], UPCOMING: [], CLOSED: []}
    for c in found:
        lists[CLOSED if c.status == CONCLUDED else c.status].append(c)
    lists[UPCOMING].sort(key=lambda c: c.opens_at)
    lists[CLOSED].reverse()
    return lists


def for_editor(session: Session, section_ids: list[int] | None) -> list[Consultation]:
    """Consultations in these sections (None: all), newest first."""
    query = select(Consultation).order_by(Consultation.created_at.desc())
    if section_ids is not None:
        query = query.where(Consultation.section_id.in_(section_ids or [-1]))
    return session.scalars(query).all()


def sitemap_entries(session: Session) -> list[Entry]:
    """The consultations index and each public consultation, for /sitemap.xml."""
    return [Entry("/consultations/"), *(Entry(f"/consultations/{c.slug}", c.updated_at)
                                        for found in public_lists(session).values() for c in found)]

"""Responses to a consultation: taken while it is open, changed by the respondent's signed link
until it closes, counted live for staff, published by consent after it closes (through
ieg.participation.redaction alone). A response with the same answers and postcode, or the same
email address, as an earlier one is kept and flagged for staff as a possible duplicate, never
dropped. Services: flush, never commit."""
from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.casework import references
from ieg.contact_details import is_postcode, normalise_postcode
from ieg.input_errors import InputError, InputErrors
from ieg.models import Consultation, ConsultationResponse
from ieg.participation import redaction, surveys
from ieg.participation.consultation_status import accepts_responses
from ieg.participation.subscriptions import valid_email
from ieg.text import single_line

PREFIX = "CON"
# Staff's decisions on a response flagged as a possible duplicate.
GENUINE, EXCLUDED = "genuine", "excluded"
REVIEWS = {GENUINE: "Genuine", EXCLUDED: "Excluded"}
# An excluded response is kept, but left out of every count, chart and publication.
COUNTED = ConsultationResponse.review != EXCLUDED
SATISFACTION = {"5": "Very satisfied", "4": "Satisfied", "3": "Neither satisfied nor dissatisfied",
                "2": "Dissatisfied", "1": "Very dissatisfied"}


class ResponseError(InputErrors):
    pass


class Closed(ValueError):
    """The consultation is not taking responses (not yet open, or closed)."""


@dataclass
class AboutYou:
    name: str = ""
    email: str = ""
    postcode: str = ""
    respondent_type: str = ""
    organisation: str = ""
    publish: str = redaction.NOT_PUBLISHED
    satisfaction: str = ""

    def checked(self) -> "AboutYou":
        errors: dict[str, str] = {}
        name, organisation = single_line(self.name).strip()[:200], single_line(self.organisation).strip()[:200]
        email = ""
        if self.email.strip():
            email = valid_email(self.email) or ""
            if not email:
                errors["email"] = "Enter an email address in the correct format, like name@example.com"
        postcode = ""
        if self.postcode.strip():
            if not is_postcode(self.postcode):
                errors["postcode"] = "Enter a real postcode, like AS1 2BC"
            else:
                postcode = normalise_postcode(self.postcode) or ""
        if self.respondent_type not in ("", *redaction.RESPONDENT_TYPES):
            errors["respondent_type"] = "Choose who you are responding as"
        if self.publish not in redaction.CONSENTS:
            errors["publish"] = "Choose whether we may publish your response"
        elif self.publish == redaction.NAMED and not (name or organisation):
            errors["name"] = "Enter your name (or your organisation's) to have it published with your response"
        if self.satisfaction not in ("", *SATISFACTION):
            errors["satisfaction"] = "Choose how satisfied you are"
        if errors:
            raise ResponseError(errors)
        return AboutYou(name, email, postcode, self.respondent_type, organisation, self.publish, self.satisfaction)


def fingerprint(consultation_id: int, answers: dict, postcode: str) -> str:
    canonical = json.dumps([consultation_id, answers, postcode], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _earlier(session: Session, response: ConsultationResponse) -> int | None:
    """The first other response with the same answers and postcode, or the same email address."""
    clauses = [ConsultationResponse.fingerprint == response.fingerprint]
    if response.email:
        clauses.append(ConsultationResponse.email == response.email)
    query = select(ConsultationResponse.id).where(ConsultationResponse.consultation_id == response.consultation_id,
                                                  or_(*clauses))
    if response.id is not None:
        query = query.where(ConsultationResponse.id != response.id)
    return session.scalar(query.order_by(ConsultationResponse.id).limit(1))


def _apply(session: Session, response: ConsultationResponse, consultation: Consultation, answers: dict,
           about: AboutYou) -> None:
    response.answers = answers
    response.name, response.email, response.postcode = about.name, about.email, about.postcode
    response.respondent_type, response.organisation = about.respondent_type, about.organisation
    response.publish = about.publish
    response.satisfaction = int(about.satisfaction) if about.satisfaction else None
    response.fingerprint = fingerprint(consultation.id, answers, about.postcode)


def check_answers(consultation: Consultation, answers: dict) -> dict:
    """The answers, re-checked against the survey (as kept between the pages), or ResponseError."""
    checked, errors = surveys.collect(consultation.questions, lambda name: (
        answers.get(name) if isinstance(answers.get(name), list) else [answers.get(name) or ""]))
    if errors:
        raise ResponseError(errors)
    return checked


def submit(session: Session, now: datetime, consultation: Consultation, answers: dict,
           about: AboutYou) -> ConsultationResponse:
    if not accepts_responses(consultation.status):
        raise Closed("This consultation is not taking responses")
    answers, about = check_answers(consultation, answers), about.checked()
    response = ConsultationResponse(consultation_id=consultation.id, reference=references.generate(PREFIX),
                                    edit_key=secrets.token_urlsafe(16), submitted_at=now, updated_at=now)
    _apply(session, response, consultation, answers, about)
    response.duplicate_of_id = _earlier(session, response)  # before it is stored: one INSERT, no UPDATE
    session.add(response)
    session.flush()
    return response


def change(session: Session, now: datetime, consultation: Consultation, response: ConsultationResponse,
           answers: dict, about: AboutYou) -> None:
    if not accepts_responses(consultation.status):
        raise Closed("This consultation has closed: responses can no longer be changed")
    answers, about = check_answers(consultation, answers), about.checked()
    _apply(session, response, consultation, answers, about)
    response.updated_at = now
    response.duplicate_of_id = _earlier(session, response)
    session.flush()


def for_link(session: Session, consultation: Consultation, response_id: int, edit_key: str) -> ConsultationResponse | None:
    response = session.get(ConsultationResponse, response_id)
    if response is None or response.consultation_id != consultation.id:
        return None
    return response if secrets.compare_digest(response.edit_key, edit_key) else None


def count(session: Session, consultation: Consultation) -> int:
    return session.scalar(select(func.count()).select_from(ConsultationResponse).where(
        ConsultationResponse.consultation_id == consultation.id, COUNTED))


def all_for(session: Session, consultation: Consultation) -> list[ConsultationResponse]:
    return session.scalars(select(ConsultationResponse).where(
        ConsultationResponse.consultation_id == consultation.id).order_by(ConsultationResponse.id)).all()


@dataclass(frozen=True)
class Results:
    total: int
    duplicates: int  # flagged and not yet decided
    excluded: int
    by_type: list[tuple[str, int]]
    by_question: dict[str, list[tuple[str, int]]]
    satisfaction: list[tuple[str, int]]


def results(session: Session, consultation: Consultation) -> Results:
    """Live counts by question and option: every response but those staff excluded (possible
    duplicates are counted until staff decide)."""
    rows = session.execute(select(ConsultationResponse.answers, ConsultationResponse.respondent_type,
                                  ConsultationResponse.duplicate_of_id, ConsultationResponse.satisfaction,
                                  ConsultationResponse.review)
                           .where(ConsultationResponse.consultation_id == consultation.id)).all()
    excluded = sum(1 for row in rows if row.review == EXCLUDED)
    rows = [row for row in rows if row.review != EXCLUDED]
    types = Counter(row.respondent_type for row in rows)
    scores = Counter(row.satisfaction for row in rows if row.satisfaction)
    return Results(
        total=len(rows), duplicates=sum(1 for row in rows if row.duplicate_of_id and not row.review),
        excluded=excluded,
        by_type=[(label, types.get(key, 0)) for key, label in redaction.RESPONDENT_TYPES.items()]
        + [("Not said", types.get("", 0))],
        by_question=surveys.tally(consultation.questions, (row.answers for row in rows)),
        satisfaction=[(label, scores.get(int(key), 0)) for key, label in SATISFACTION.items()])


def published(session: Session, consultation: Consultation) -> list[dict]:
    """The responses the public may read, redacted by consent, numbered in the order received."""
    rows = session.execute(select(ConsultationResponse.name, ConsultationResponse.organisation,
                                  ConsultationResponse.respondent_type, ConsultationResponse.publish,
                                  ConsultationResponse.answers)
                           .where(ConsultationResponse.consultation_id == consultation.id, COUNTED)
                           .order_by(ConsultationResponse.id)).all()
    records = (redaction.public_record(n, row._asdict(), consultation.questions) for n, row in enumerate(rows, 1))
    return [record for record in records if record is not None]


def flagged(session: Session, consultation: Consultation) -> list[ConsultationResponse]:
    """Responses flagged as possible duplicates, or decided on by staff: for their review."""
    return session.scalars(select(ConsultationResponse).where(
        ConsultationResponse.consultation_id == consultation.id,
        or_(ConsultationResponse.duplicate_of_id.is_not(None), ConsultationResponse.review != ""))
        .order_by(ConsultationResponse.id)).all()


def review(session: Session, actor, now: datetime, response: ConsultationResponse, decision: str) -> None:
    """Staff decide on a flagged response: genuine (no longer flagged), excluded (kept, but left out
    of counts, charts and publication) or undecided again (''). Audited with who and when."""
    if decision not in ("", *REVIEWS):
        raise InputError("Choose genuine or excluded", "review")
    if response.duplicate_of_id is None and not response.review:
        raise InputError("Only a response flagged as a possible duplicate can be reviewed", "review")
    before = response.review
    response.review = decision
    response.reviewed_by_id, response.reviewed_at = (getattr(actor, "id", None), now) if decision else (None, None)
    audit.record(session, actor, "consultation.response.review", f"consultation-response:{response.id}",
                 {"reference": response.reference, "from": before, "to": decision}, now)
    session.flush()

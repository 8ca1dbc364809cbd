"""The outcomes register (docs/design.md 3.6): each priority outcome's self-assessment (red, amber,
green, not applicable) with an owner, a target date and commentary, and every change kept.

A change writes three things in the caller's transaction: the assessment in force
(OutcomeAssessment), the history line (AssessmentChange: who, when, from what to what, why)
and a hash-chained audit entry. The rule the register checks is the national one: required
outcomes must be green and good outcomes amber or better by their target dates.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import audit, dates
from ieg.input_errors import InputErrors
from ieg.reference.outcomes import Outcome, all_outcomes, by_area
from ieg.models import AssessmentChange, OutcomeAssessment
from ieg.models.evidence import RAGS

RAG_LABELS = {"red": "Red", "amber": "Amber", "green": "Green", "not_applicable": "Not applicable"}
FIELDS = ("rag", "owner", "target_date", "commentary")
FIELD_LABELS = {"rag": "Assessment", "owner": "Owner", "target_date": "Target date", "commentary": "Commentary"}
# What each level must reach by its target date; excellent outcomes have no national floor.
EXPECTED = {"required": ("green",), "good": ("amber", "green")}
EXPECTED_TEXT = {"required": "green", "good": "amber or better"}
OWNER_LENGTH, COMMENTARY_LENGTH, REASON_LENGTH = 200, 5000, 2000

# Status of an outcome against the national expectation
MET, DUE, OVERDUE, NOT_ASSESSED, NO_DATE, NO_FLOOR = (
    "met", "due", "overdue", "not_assessed", "no_date", "no_floor")
STATUS_LABELS = {MET: "Meets the expectation", DUE: "Not there yet, before its target date",
                 OVERDUE: "Fails: past its target date", NOT_ASSESSED: "Not assessed",
                 NO_DATE: "Not there yet, and no target date", NO_FLOOR: "No national expectation"}
FAILING = (OVERDUE, NOT_ASSESSED, NO_DATE)


class AssessmentError(InputErrors):
    pass


@dataclass(frozen=True)
class Entry:
    outcome: Outcome
    assessment: OutcomeAssessment | None
    status: str

    @property
    def fails(self) -> bool:
        return self.status in FAILING

    @property
    def expectation(self) -> str:
        return EXPECTED_TEXT.get(self.outcome.level, "")


def outcome(ref: str) -> Outcome | None:
    return next((o for o in all_outcomes() if o.ref == ref), None)


def status(item: Outcome, assessment: OutcomeAssessment | None, today: date) -> str:
    """Where an outcome stands against the national expectation for its level."""
    if item.level not in EXPECTED:
        return NO_FLOOR
    if assessment is None:
        return NOT_ASSESSED
    if assessment.rag == "not_applicable" or assessment.rag in EXPECTED[item.level]:
        return MET
    if assessment.target_date is None:
        return NO_DATE
    return OVERDUE if assessment.target_date < today else DUE


def assessments(session: Session) -> dict[str, OutcomeAssessment]:
    return {a.ref: a for a in session.scalars(select(OutcomeAssessment))}


def entries(session: Session, today: date) -> list[Entry]:
    """All 73, in the national order (area, then level, then number)."""
    held = assessments(session)
    return [Entry(o, held.get(o.ref), status(o, held.get(o.ref), today))
            for _, _, items in by_area() for o in items]


def grouped(session: Session, today: date) -> list[tuple[int, str, list[Entry]]]:
    by_ref = {e.outcome.ref: e for e in entries(session, today)}
    return [(number, area, [by_ref[o.ref] for o in items]) for number, area, items in by_area()]


def summary(items: list[Entry]) -> dict:
    """Counts by RAG and level, and how many fail the national expectation."""
    counts = {level: {rag: 0 for rag in (*RAGS, "unassessed")} for level in ("required", "good", "excellent")}
    for e in items:
        counts[e.outcome.level][e.assessment.rag if e.assessment else "unassessed"] += 1
    return {"counts": counts, "failing": [e for e in items if e.fails]}


def history(session: Session, ref: str | None = None) -> list[AssessmentChange]:
    """Newest first; one outcome's, or every outcome's."""
    stmt = select(AssessmentChange).order_by(AssessmentChange.at.desc(), AssessmentChange.id.desc())
    if ref is not None:
        stmt = stmt.where(AssessmentChange.ref == ref)
    return list(session.scalars(stmt))


def _value(assessment: OutcomeAssessment | None, name: str):
    value = getattr(assessment, name, None) if assessment is not None else None
    return value.isoformat() if isinstance(value, date) else value


def parse_date(raw: str) -> date | None:
    if not (raw or "").strip():
        return None
    try:
        return dates.iso_date(raw)
    except dates.DateTypingError:
        raise AssessmentError({"target_date": "Enter the target date as a real date, like 2026-03-31"}) from None


def assess(session: Session, actor, ref: str, *, rag: str, owner: str, target_date: date | None,
           commentary: str, reason: str, now: datetime) -> AssessmentChange | None:
    """Set an outcome's assessment; None when nothing changed. Flushes, never commits."""
    errors = {}
    if outcome(ref) is None:
        errors["ref"] = f"There is no priority outcome {ref}"
    if rag not in RAGS:
        errors["rag"] = "Select red, amber, green or not applicable"
    owner, commentary, reason = owner.strip(), commentary.strip(), reason.strip()
    if len(owner) > OWNER_LENGTH:
        errors["owner"] = f"The owner must be {OWNER_LENGTH} characters or fewer"
    if len(commentary) > COMMENTARY_LENGTH:
        errors["commentary"] = f"The commentary must be {COMMENTARY_LENGTH} characters or fewer"
    if not reason:
        errors["reason"] = "Enter why the assessment is changing: auditors read it in the history"
    elif len(reason) > REASON_LENGTH:
        errors["reason"] = f"The reason must be {REASON_LENGTH} characters or fewer"
    if errors:
        raise AssessmentError(errors)
    current = session.get(OutcomeAssessment, ref)
    after = {"rag": rag, "owner": owner, "target_date": target_date.isoformat() if target_date else None,
             "commentary": commentary}
    changes = {name: [_value(current, name), after[name]] for name in FIELDS if _value(current, name) != after[name]}
    if not changes:
        return None
    if current is None:
        current = OutcomeAssessment(ref=ref)
        session.add(current)
    current.rag, current.owner, current.target_date, current.commentary = rag, owner, target_date, commentary
    current.updated_at, current.updated_by_id = now, getattr(actor, "id", None)
    change = AssessmentChange(ref=ref, at=now, actor_id=getattr(actor, "id", None), actor=audit.who(actor)[:254],
                              changes=changes, reason=reason)
    session.add(change)
    audit.record(session, actor, "outcome.assess", f"outcome:{ref}", {"changes": changes, "reason": reason}, now)
    return change

"""E-participation figures (E3), with administrators' baselines and targets, and the live evidence
for R15 (e-consultation), G3 (participation and alerts) and E3, computed from the database when
viewed. ieg.hooks registers the three in ieg.evidence.live.LIVE, so the register, the outcome pages
and the evidence pack show them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from ieg import audit, figures
from ieg.evidence.live import LiveEvidence, sql
from ieg.evidence.reports import Period
from ieg.input_errors import InputErrors
from ieg.models import Alert, Consultation, ConsultationResponse, ParticipationTarget, Subscriber, Subscription
from ieg.participation.responses import COUNTED

MEASURES = {
    "responses_per_consultation": ("Responses per consultation closed in the period", ""),
    "share_online": ("Share of responses made online", "%"),
    "satisfaction": ("Respondents satisfied with the consultation (asked at the end of each)", "%"),
}


class TargetError(InputErrors):
    pass


@dataclass(frozen=True)
class Actuals:
    consultations: int
    online: int
    offline: int
    rated: int
    satisfied: int

    def value(self, measure: str) -> float | None:
        if measure == "responses_per_consultation":
            return round((self.online + self.offline) / self.consultations, 1) if self.consultations else None
        if measure == "share_online":
            return figures.percent(self.online, self.online + self.offline)
        return figures.percent(self.satisfied, self.rated)


def _closed_in(period: Period, zone: str):
    start, end = period.bounds(zone)
    return Consultation.closes_at >= start, Consultation.closes_at < end, Consultation.status.in_(("closed", "concluded"))


def _actuals_stmt(period: Period, zone: str):
    return (select(func.count(func.distinct(Consultation.id)), func.count(ConsultationResponse.id),
                   func.count(ConsultationResponse.satisfaction),
                   func.coalesce(func.sum(case((ConsultationResponse.satisfaction >= 4, 1), else_=0)), 0))
            .select_from(Consultation).outerjoin(ConsultationResponse, and_(
                ConsultationResponse.consultation_id == Consultation.id, COUNTED))
            .where(*_closed_in(period, zone)))


def actuals(session: Session, period: Period, zone: str) -> Actuals:
    consultations, online, rated, satisfied = session.execute(_actuals_stmt(period, zone)).one()
    offline = session.scalar(select(func.coalesce(func.sum(Consultation.offline_responses), 0))
                             .where(*_closed_in(period, zone)))
    return Actuals(consultations, online, int(offline), rated, int(satisfied))


def targets(session: Session) -> dict[str, ParticipationTarget]:
    return {t.measure: t for t in session.scalars(select(ParticipationTarget))}


def _number(text: str, field: str, errors: dict[str, str], percent: bool) -> float | None:
    try:
        value = float((text or "").strip().rstrip("%"))
    except ValueError:
        errors[field] = "Enter a number, like 25 or 12.5"
        return None
    if value < 0 or (percent and value > 100):
        errors[field] = "Enter a percentage from 0 to 100" if percent else "Enter a number of 0 or more"
        return None
    return value


def set_target(session: Session, actor, now: datetime, measure: str, baseline: str, target: str, note: str) -> None:
    if measure not in MEASURES:
        raise TargetError({"measure": "Choose a measure"})
    errors: dict[str, str] = {}
    percent = MEASURES[measure][1] == "%"
    base, goal = _number(baseline, "baseline", errors, percent), _number(target, "target", errors, percent)
    if errors:
        raise TargetError(errors)
    row = session.scalar(select(ParticipationTarget).where(ParticipationTarget.measure == measure))
    if row is None:
        row = ParticipationTarget(measure=measure, baseline=base, target=goal)
        session.add(row)
    row.baseline, row.target, row.note = base, goal, (note or "").strip()[:2000]
    row.set_by_id, row.set_at = getattr(actor, "id", None), now
    audit.record(session, actor, "participation.target", f"participation:{measure}",
                 {"baseline": base, "target": goal, "note": row.note}, now)
    session.flush()


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "no data"
    return f"{value:g}{unit}"


def e3(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    found, set_ = actuals(session, period, zone), targets(session)
    rows = []
    for measure, (label, unit) in MEASURES.items():
        t = set_.get(measure)
        value = found.value(measure)
        met = "" if t is None or value is None else ("Yes" if value >= t.target else "No")
        rows.append([label, _shown(t.baseline if t else None, unit), _shown(t.target if t else None, unit),
                     _shown(value, unit), met])
    return LiveEvidence(
        "E3", "Baselines and targets for e-participation, with the actual figures", period,
        [("Consultations closed in the period", str(found.consultations)),
         ("Responses (online + on paper)", f"{found.online:,} + {found.offline:,}"),
         ("Measures with a target set", f"{len(set_)} of {len(MEASURES)}")],
        sql(session, _actuals_stmt(period, zone)), ("consultations.targets", {}),
        ["Measure", "Baseline", "Target", "Actual", "Target met"], rows,
        measures={"targets": len(set_), "measures": len(MEASURES), "consultations": found.consultations,
                  "rated": found.rated})


def r15(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    stmt = (select(Consultation.status, func.count(Consultation.id)).group_by(Consultation.status)
            .order_by(Consultation.status))
    by_status = dict(session.execute(stmt).all())
    published = session.scalar(select(func.count(ConsultationResponse.id)).where(
        ConsultationResponse.publish.in_(("named", "anonymous")), COUNTED,
        ConsultationResponse.consultation_id.in_(select(Consultation.id).where(
            Consultation.status.in_(("closed", "concluded"))))))
    return LiveEvidence(
        "R15", "Public e-consultation, with responses published", None,
        [("Consultations open now", str(by_status.get("open", 0))),
         ("Upcoming", str(by_status.get("upcoming", 0))),
         ("Closed, outcome to come", str(by_status.get("closed", 0))),
         ("Concluded with \u201cYou said, we did\u201d", str(by_status.get("concluded", 0))),
         ("Responses published (by consent)", f"{published:,}")],
        sql(session, stmt), ("consultations.index", {}), ["Status", "Consultations"],
        [[status, n] for status, n in by_status.items()],
        measures={"consultations": sum(by_status.values()), "published": published,
                  "concluded": by_status.get("concluded", 0)})


def g3(session: Session, period: Period, now: datetime, zone: str) -> LiveEvidence:
    start, end = period.bounds(zone)
    stmt = (select(Subscription.kind, func.count(func.distinct(Subscription.subscriber_id)))
            .join(Subscriber, Subscriber.id == Subscription.subscriber_id)
            .where(Subscriber.confirmed_at.is_not(None)).group_by(Subscription.kind).order_by(Subscription.kind))
    by_kind = session.execute(stmt).all()
    confirmed = session.scalar(select(func.count(Subscriber.id)).where(Subscriber.confirmed_at.is_not(None)))
    raised, emailed = session.execute(select(func.count(Alert.id), func.coalesce(func.sum(Alert.recipients), 0))
                                      .where(Alert.created_at >= start, Alert.created_at < end)).one()
    responses = session.scalar(select(func.count(ConsultationResponse.id)).where(
        ConsultationResponse.submitted_at >= start, ConsultationResponse.submitted_at < end,
        COUNTED))
    return LiveEvidence(
        "G3", "Citizens' participation in consultations, and email alerts on the topics they choose", period,
        [("Confirmed alert subscribers", f"{confirmed:,}"), ("Alerts raised in the period", f"{raised:,}"),
         ("Alert emails queued in the period", f"{int(emailed):,}"),
         ("Consultation responses in the period", f"{responses:,}")],
        sql(session, stmt), ("alerts.subscribe", {}), ["Topic kind", "Subscribers following"],
        [[kind, n] for kind, n in by_kind], measures={"subscribers": confirmed, "responses": responses,
                                                      "raised": raised, "emailed": int(emailed)})

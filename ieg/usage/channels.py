"""Channel take-up (G22, E18): enquiries by channel per month from casework as it is, against
administrators' baselines and targets per service and channel, and the share moved to web and
email. Enquiries excluded from the figures (spam, duplicates, misdirected, auto-replies) are
left out here too."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg import audit, figures
from ieg.input_errors import InputError
from ieg.models import ChannelTarget, Enquiry, Section
from ieg.models.casework import CHANNELS

E_CHANNELS = ("web", "email")  # the e-enabled channels residents use themselves
CHANNEL_LABELS = {"web": "Web", "email": "Email", "phone": "Phone", "face_to_face": "Face to face",
                  "letter": "Letter", "api": "API (other systems)"}


class TargetError(InputError):
    pass


@dataclass
class Month:
    month: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def e_enabled(self) -> int:
        return sum(self.counts[c] for c in E_CHANNELS)

    @property
    def e_share(self) -> float | None:
        return figures.percent(self.e_enabled, self.total)

    def share(self, channel: str) -> float | None:
        return figures.percent(self.counts[channel], self.total)


def by_month(session: Session, months: list[str], section_id: int | None = None) -> list[Month]:
    """Enquiries received per month and channel (the council's local months), all services or one."""
    stmt = (select(Enquiry.received_month, Enquiry.channel, func.count(Enquiry.id))
            .where(Enquiry.received_month.in_(months), Enquiry.excluded_reason.is_(None))
            .group_by(Enquiry.received_month, Enquiry.channel))
    if section_id is not None:
        stmt = stmt.where(Enquiry.section_id == section_id)
    found = {month: Month(month) for month in months}
    for month, channel, count in session.execute(stmt):
        found[month].counts[channel] += count
    return [found[month] for month in months]


def statement(months: list[str]):
    """The SQL behind `by_month` for all services (the evidence shows it)."""
    return (select(Enquiry.received_month, Enquiry.channel, func.count(Enquiry.id))
            .where(Enquiry.received_month.in_(months), Enquiry.excluded_reason.is_(None))
            .group_by(Enquiry.received_month, Enquiry.channel))


def targets(session: Session) -> list[ChannelTarget]:
    return list(session.scalars(select(ChannelTarget).order_by(ChannelTarget.section_id.is_not(None),
                                                               ChannelTarget.section_id, ChannelTarget.channel,
                                                               ChannelTarget.measure)))


def services(session: Session) -> list[tuple[int, str]]:
    return [(row.id, row.title) for row in session.execute(select(Section.id, Section.title).order_by(Section.title))]


def _month(raw: str) -> str:
    raw = (raw or "").strip()
    if len(raw) != 7 or raw[4] != "-" or not raw[:4].isdigit() or not raw[5:].isdigit() or not 1 <= int(raw[5:]) <= 12:
        raise TargetError("Enter the month as YYYY-MM, for example 2027-03", "month")
    if not 2000 <= int(raw[:4]) <= 2100:
        raise TargetError("The month must be between 2000 and 2100", "month")
    return raw


def set_target(session: Session, actor, now: datetime, *, section_id: int | None, channel: str, measure: str,
               percent: str, month: str) -> ChannelTarget:
    """Set (or replace) a service's baseline or target share of enquiries on a channel: a
    baseline says what the share was in a month, a target what it should be by a month."""
    if channel not in CHANNELS:
        raise TargetError("Choose a channel", "channel")
    if measure not in ("baseline", "target"):
        raise TargetError("Choose baseline or target", "measure")
    try:
        value = int(str(percent).strip().rstrip("%"))
    except ValueError:
        raise TargetError("Enter the share as a whole number from 0 to 100", "percent") from None
    if not 0 <= value <= 100:
        raise TargetError("Enter the share as a whole number from 0 to 100", "percent")
    by_month = _month(month)
    if section_id is not None and session.get(Section, section_id) is None:
        raise TargetError("Choose a service", "section_id")
    row = session.scalar(select(ChannelTarget).where(
        ChannelTarget.section_id.is_(None) if section_id is None else ChannelTarget.section_id == section_id,
        ChannelTarget.channel == channel, ChannelTarget.measure == measure))
    before = None if row is None else {"percent": row.percent, "month": row.by_month}
    if row is None:
        row = ChannelTarget(section_id=section_id, channel=channel, measure=measure)
        session.add(row)
    row.percent, row.by_month, row.set_at, row.set_by_id = value, by_month, now, getattr(actor, "id", None)
    session.flush()
    audit.record(session, actor, "usage.channel_target", f"{measure}:{section_id or 'council'}:{channel}",
                 {"before": before, "after": {"percent": value, "month": by_month}}, now)
    return row


def remove_target(session: Session, actor, now: datetime, target_id: int) -> None:
    row = session.get(ChannelTarget, target_id)
    if row is None:
        raise TargetError("That baseline or target has already gone", "target")
    audit.record(session, actor, "usage.channel_target_remove",
                 f"{row.measure}:{row.section_id or 'council'}:{row.channel}",
                 {"before": {"percent": row.percent, "month": row.by_month}}, now)
    session.delete(row)
    session.flush()


@dataclass
class Progress:
    """A target against the share actually reached in the last complete month."""
    target: ChannelTarget
    service: str
    actual: float | None
    baseline: int | None

    @property
    def met(self) -> bool | None:
        if self.actual is None or self.target.measure != "target":
            return None
        # Moving enquiries away from a channel (phone, say) means a target below the baseline.
        if self.baseline is not None and self.target.percent < self.baseline:
            return self.actual <= self.target.percent
        return self.actual >= self.target.percent


def progress(session: Session, month: str) -> list[Progress]:
    """Each target with the share its service reached on its channel in `month` and its baseline."""
    rows = targets(session)
    names = dict(services(session))
    baselines = {(r.section_id, r.channel): r.percent for r in rows if r.measure == "baseline"}
    cache: dict[int | None, Month] = {}
    out = []
    for row in rows:
        if row.measure != "target":
            continue
        if row.section_id not in cache:
            cache[row.section_id] = by_month(session, [month], row.section_id)[0]
        out.append(Progress(row, names.get(row.section_id, "Whole council"), cache[row.section_id].share(row.channel),
                            baselines.get((row.section_id, row.channel))))
    return out

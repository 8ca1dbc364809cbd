"""R29 and R28 as running tallies, so a report reads a few thousand rows, not every enquiry.

Triggers on `enquiries` (migration 0036, on both databases) write a change row whenever an
enquiry is added, removed, or moves from one thing a report counts it under to another: -1 under
its old key, +1 under its new one. Nothing else needs to remember to: a web form's fast path,
the outbox recording an acknowledgement, an officer's reply, an exclusion, a move to another
service, a merge and a bulk update all go through the table. `fold` (the `fold-report-tallies`
job, every minute) moves the changes into the tallies; a report reads the tallies and the
changes not yet folded in one statement, so its figures are exact whenever it is read.

What cannot be tallied is read live: whether an unanswered email enquiry has breached depends on
when the report is read (a small partial index holds those), and a month the period cuts
(a period starting or ending mid-month) is counted from its enquiries as before.

`check` recounts everything from the enquiries and compares (the nightly `check-report-tallies`
job, and `flask ieg report-tallies`); `rebuild` makes the tallies again from the enquiries
(after a bulk load with triggers off). No SQL here is SQLite's or PostgreSQL's alone."""
from __future__ import annotations

import logging
from collections import defaultdict

from sqlalchemy import case, delete, false, func, insert, literal, literal_column, or_, select, text, union_all
from sqlalchemy.orm import Session

from ieg.casework.deadlines import BREACHED, EXCLUDED, IN_TIME
from ieg.models import Enquiry
from ieg.models.casework import R28_ROWS
from ieg.models.tallies import R28Tally, R28TallyChange, R29Tally, R29TallyChange

log = logging.getLogger(__name__)

OPEN = "open"  # R29: no answer yet (or no deadline); the report sees whether it has breached
FOLD_BATCH = 50_000


# What each report counts an enquiry under: the twins of migration 0036's trigger SQL.

def r29_applies():
    return Enquiry.channel == "email"


def r29_outcome():
    """The part of R29's outcome that does not depend on when the report is read: an answered
    enquiry is in time or breached for good; an unanswered one (or one with no deadline) is open."""
    return case((Enquiry.excluded_reason.is_not(None), EXCLUDED),
                (or_(Enquiry.first_response_at.is_(None), Enquiry.response_due_at.is_(None)), OPEN),
                (Enquiry.first_response_at <= Enquiry.response_due_at, IN_TIME), else_=BREACHED)


def r29_key():
    return [Enquiry.received_month, Enquiry.section_id, Enquiry.excluded_reason, r29_outcome()]


def r28_applies():
    return text(R28_ROWS)


def r28_key():
    return [Enquiry.received_month, Enquiry.section_id, Enquiry.acknowledged_at.is_not(None),
            Enquiry.acknowledgement_seconds, func.coalesce(Enquiry.acknowledged_with_reference, false()),
            func.coalesce(Enquiry.acknowledged_at <= Enquiry.acknowledgement_due_at, false())]


R29_FIELDS = ("received_month", "section_id", "excluded_reason", "outcome")
R28_FIELDS = ("received_month", "section_id", "acknowledged", "acknowledgement_seconds", "with_reference",
              "within_standard")


def _r29_recount():
    return (select(*[column.label(name) for column, name in zip(r29_key(), R29_FIELDS)], func.count().label("n"))
            .where(r29_applies()).group_by(*R29_FIELDS))


def _r28_recount():
    return (select(*[column.label(name) for column, name in zip(r28_key(), R28_FIELDS)], func.count().label("n"),
                   func.min(Enquiry.acknowledgement_microseconds).label("least"),
                   func.max(Enquiry.acknowledgement_microseconds).label("greatest"))
            .where(r28_applies()).group_by(*R28_FIELDS))


def _lock(session: Session, enquiries: bool) -> None:
    """One fold or rebuild at a time (the job runs on one scheduler, but an operator's command may
    meet it); a rebuild also holds writers to enquiries off while it counts. SQLite's one writer
    does both already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE r29_tallies, r28_tallies IN SHARE ROW EXCLUSIVE MODE"))
        if enquiries:
            session.execute(text("LOCK TABLE enquiries IN SHARE MODE"))


def rebuild(session: Session) -> None:
    """Make both tallies again from the enquiries, and drop the changes they then include."""
    _lock(session, enquiries=True)
    for table in (R29TallyChange, R29Tally, R28TallyChange, R28Tally):
        session.execute(delete(table))
    session.execute(insert(R29Tally).from_select([*R29_FIELDS, "enquiries"], _r29_recount()))
    session.execute(insert(R28Tally).from_select([*R28_FIELDS, "enquiries", "least", "greatest"], _r28_recount()))


def _key(row, fields) -> tuple:
    """A key as Python compares it: SQLite hands booleans back as 0 and 1."""
    return tuple(bool(value) if name in ("acknowledged", "with_reference", "within_standard") else value
                 for name, value in zip(fields, row))


def fold(session: Session, batch: int = FOLD_BATCH) -> int:
    """Move up to `batch` changes of each report into its tallies, in this transaction; returns
    how many were moved. The changes are deleted as they are read (RETURNING), so a change whose
    transaction commits meanwhile is left for the next fold, never counted twice or lost."""
    _lock(session, enquiries=False)
    moved = 0
    for table, tally, fields in ((R29TallyChange, R29Tally, R29_FIELDS), (R28TallyChange, R28Tally, R28_FIELDS)):
        extra = [table.microseconds] if table is R28TallyChange else []
        oldest = select(table.id).order_by(table.id).limit(batch)
        rows = session.execute(delete(table).where(table.id.in_(oldest))
                               .returning(*[getattr(table, name) for name in fields], *extra, table.change)).all()
        if not rows:
            continue
        moved += len(rows)
        sums: dict[tuple, int] = defaultdict(int)
        added: dict[tuple, list[int]] = {}
        removed: set[tuple] = set()
        for row in rows:
            key = _key(row[:len(fields)], fields)
            change = row[-1]
            sums[key] += change
            if extra:
                if change < 0:
                    removed.add(key)
                elif row[-2] is not None:
                    held = added.setdefault(key, [row[-2], row[-2]])
                    held[0], held[1] = min(held[0], row[-2]), max(held[1], row[-2])
        months = {key[0] for key in sums}
        existing = {_key([getattr(t, name) for name in fields], fields): t
                    for t in session.scalars(select(tally).where(tally.received_month.in_(months)))}
        for key in set(sums) | removed | set(added):
            row = existing.get(key)
            count = (row.enquiries if row is not None else 0) + sums.get(key, 0)
            if count < 0:  # only a lost change could do this: say so, and let the check repair it
                log.error("report tallies: %s %s would count %d; run `flask ieg report-tallies --rebuild`",
                          tally.__tablename__, key, count)
            if count == 0:
                if row is not None:
                    session.delete(row)
                continue
            if row is None:
                row = tally(**dict(zip(fields, key)), enquiries=0)
                session.add(row)
            row.enquiries = count
            if extra:
                _latency_bounds(session, row, key, added.get(key), key in removed)
    session.flush()
    return moved


def _latency_bounds(session: Session, row: R28Tally, key: tuple, added: list[int] | None, removed: bool) -> None:
    """Keep the least and greatest latency exact: widened by what arrived; read again from the
    enquiries (through ix_enquiries_r28) when one left, as the bound may have left with it."""
    if removed or (row.least is None and row.acknowledgement_seconds is not None):
        month, section, acknowledged, seconds, with_reference, within = key
        wanted = [r28_applies(), Enquiry.received_month == month,
                  Enquiry.section_id.is_(None) if section is None else Enquiry.section_id == section,
                  Enquiry.acknowledgement_seconds.is_(None) if seconds is None else Enquiry.acknowledgement_seconds == seconds]
        for expression, value in zip(r28_key()[2:], (acknowledged, None, with_reference, within)):
            if value is not None:
                wanted.append(expression == literal(value))
        row.least, row.greatest = session.execute(
            select(func.min(Enquiry.acknowledgement_microseconds), func.max(Enquiry.acknowledgement_microseconds))
            .where(*wanted)).one()
    elif added:
        row.least = added[0] if row.least is None else min(row.least, added[0])
        row.greatest = added[1] if row.greatest is None else max(row.greatest, added[1])


def check(session: Session) -> list[str]:
    """Differences between the tallies (with the changes not yet folded) and a recount from the
    enquiries: none, unless something wrote to enquiries with the triggers off. One statement per
    report, so both sides are read in one snapshot while enquiries keep arriving."""
    problems = []
    for name, key, applies, tally, change, fields in (
            ("R29", r29_key(), r29_applies(), R29Tally, R29TallyChange, R29_FIELDS),
            ("R28", r28_key(), r28_applies(), R28Tally, R28TallyChange, R28_FIELDS)):
        zero = literal_column("0")
        sides = union_all(
            select(*[column.label(f) for column, f in zip(key, fields)], literal_column("1").label("counted"),
                   zero.label("held")).where(applies),
            select(*[getattr(tally, f) for f in fields], zero, tally.enquiries),
            select(*[getattr(change, f) for f in fields], zero, change.change)).subquery("sides")
        columns = [getattr(sides.c, f) for f in fields]
        for row in session.execute(select(*columns, func.sum(sides.c.counted), func.sum(sides.c.held))
                                   .group_by(*columns).having(func.sum(sides.c.counted) != func.sum(sides.c.held))):
            problems.append(f"{name} {dict(zip(fields, _key(row[:len(fields)], fields)))}: "
                            f"tallies {int(row[-1])}, enquiries {int(row[-2])}")
    return problems


def pending(session: Session) -> int:
    """Changes not folded yet (both reports)."""
    return sum(session.scalar(select(func.count()).select_from(table)) for table in (R29TallyChange, R28TallyChange))

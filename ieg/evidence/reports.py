"""The R29 and R28 reports (docs/design.md 3.5, 3.6), per month and service, over the facts each
enquiry stores at arrival (deadlines, local month) and as it is handled (first response).

One query path per report serves the page, the CSV and the XLSX: `r29` and `r28` aggregate in
SQL (GROUP BY received_month, section_id, with COUNT and SUM(CASE ...)); `r29_enquiries` and
`r28_enquiries` list every enquiry behind a number with the very same conditions, so a
drill-down always adds up to the figure it came from.

R29, email enquiries. Each one is exactly one of:
- excluded (spam, duplicate, misdirected, automatic reply: the reason is on the enquiry);
- in time: a first response at or before its response deadline;
- breached: a first response after the deadline, or none and the deadline has passed;
- pending: no response yet and the deadline still ahead (also an enquiry with no deadline:
  nothing to judge it by). Pending enquiries are not decided, so they are left out of the
  percentage rather than counted either way.

R28, web-form and email enquiries that are not excluded: acknowledged with the reference when
an acknowledgement that was sent had the enquiry's reference in its subject; the latency is
from receipt to the first acknowledgement sent, and "within the standard" means that one went
by the enquiry's acknowledgement deadline.

Periods are the council's local dates, inclusive, turned into UTC instants at local midnight;
months are local months (`received_month`, stored at arrival because SQL cannot portably group
UTC timestamps by local month). No SQL here is SQLite's or PostgreSQL's alone.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, literal_column, or_, select, text, tuple_, union_all
from sqlalchemy.orm import Session

from ieg import dates, figures
from ieg.casework import deadlines, deadlines_sql
from ieg.casework.standards import EXCLUSION_LABELS
from ieg.evidence import tallies
from ieg.input_errors import InputError
from ieg.models import Enquiry, Section
from ieg.models.casework import EXCLUSION_REASONS, R28_ROWS, R29_UNANSWERED
from ieg.models.tallies import R28Tally, R28TallyChange, R29Tally, R29TallyChange

R29_CHANNEL = "email"
R28_CHANNELS = ("web", "email")
NO_SERVICE = 0  # the service filter for enquiries in no service's queue (section ids start at 1)
NO_SERVICE_NAME = "No service"
ALL_SERVICES = "All services"
R29_OUTCOMES = {"in_time": "Responded in time", "breached": "Breached", "pending": "Pending",
                "excluded": "Excluded"}
EXCLUSIONS = [(reason, EXCLUSION_LABELS[reason]) for reason in EXCLUSION_REASONS]
# What a drill-down lists: all received, all counted, one outcome, or one exclusion reason.
R29_SELECTIONS = {"received": "Email enquiries received", "counted": "Counted (received less excluded)",
                  **R29_OUTCOMES, **{reason: f"Excluded: {label}" for reason, label in EXCLUSIONS}}
R28_SELECTIONS = {"received": "Web-form and email enquiries received", "acknowledged": "Acknowledged",
                  "not_acknowledged": "Not acknowledged", "with_reference": "Acknowledged with the reference",
                  "without_reference": "Without an acknowledgement carrying the reference",
                  "within_standard": "Acknowledged within the standard"}
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_EARLIEST, _LATEST = 2000, 2099  # beyond these a date is a typing slip, and date arithmetic could overflow


class ReportError(InputError):
    pass


@dataclass(frozen=True)
class Period:
    """Local dates, both inclusive."""
    start: date
    end: date

    def bounds(self, zone: str) -> tuple[datetime, datetime]:
        """UTC instants: local midnight at the start, and local midnight after the end."""
        return dates.local_midnight(self.start, zone), dates.local_midnight(self.end + timedelta(days=1), zone)

    @property
    def months(self) -> list[str]:
        out, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def cut_months(self) -> list[str]:
        """The months the period starts or ends inside: the reports count these from the
        enquiries (received_at decides), and read the months it holds whole from the tallies."""
        months = self.months
        cut = []
        if self.start.day != 1:
            cut.append(months[0])
        if (self.end + timedelta(days=1)).day != 1 and months[-1] not in cut:
            cut.append(months[-1])
        return cut


def default_period(today: date) -> Period:
    """The last 12 full months and this month so far."""
    return Period(date(today.year - 1, today.month, 1), today)


def parse_date(raw: str, field: str, label: str) -> date:
    try:
        value = dates.iso_date(raw)
    except dates.DateTypingError:
        raise ReportError(f"Enter the {label} as a real date in the form YYYY-MM-DD, for example 2026-03-31",
                          field) from None
    if not _EARLIEST <= value.year <= _LATEST:
        raise ReportError(f"The {label} must be between {_EARLIEST} and {_LATEST}", field)
    return value


def parse_period(raw_from: str | None, raw_to: str | None, today: date) -> Period:
    """From the query string (`from`, `to`); either left out takes the default's."""
    default = default_period(today)
    start = parse_date(raw_from, "from", "start date") if raw_from else default.start
    end = parse_date(raw_to, "to", "end date") if raw_to else default.end
    if start > end:
        raise ReportError("The start date must be the same as or before the end date", "from")
    return Period(start, end)


def parse_service(raw: str | None) -> int | None:
    """None: every service; NO_SERVICE: enquiries in no service's queue; else a section id."""
    raw = (raw or "").strip()
    if raw in ("", "all"):
        return None
    if raw == "none":
        return NO_SERVICE
    if not raw.isdecimal() or len(raw) > 9:
        raise ReportError("Choose a service from the list", "service")
    return int(raw)


def parse_month(raw: str | None) -> str | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not _MONTH.fullmatch(raw):
        raise ReportError("Give the month as YYYY-MM", "month")
    return raw


def parse_selection(raw: str | None, allowed) -> str:
    raw = (raw or "received").strip()
    if raw not in allowed:
        raise ReportError("Choose which enquiries to list", "outcome")
    return raw


def service_param(section_id: int | None) -> str | None:
    """The query-string value parse_service reads back."""
    return None if section_id is None else ("none" if section_id == NO_SERVICE else str(section_id))


def month_label(month: str) -> str:
    """"2026-03" -> "March 2026"."""
    return date(int(month[:4]), int(month[5:7]), 1).strftime("%B %Y")


def duration_text(seconds: float | None) -> str:
    """A latency for people: "40 s", "3 min 5 s", "2 h 10 min", "3 days 4 h"."""
    if seconds is None:
        return "None sent"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {rest} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min"
    days, hours = divmod(hours, 24)
    return f"{days} days {hours} h"


def percent(part: int, whole: int) -> float | None:
    """The one rule (ieg.figures): rounded half up to one decimal place, never to 100% short
    of the whole nor to 0% above none."""
    return figures.percent(part, whole)


def percentile(ordered: list[float] | tuple[float, ...], p: float) -> float | None:
    """Linear interpolation between the closest ranks (Excel's PERCENTILE.INC), over sorted
    values: what an auditor gets in a spreadsheet from the enquiries sheet."""
    if not ordered:
        return None
    rank = (len(ordered) - 1) * p / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def services(session: Session) -> list[tuple[int, str]]:
    """The services (sections) for the filter, by name."""
    return [(row.id, row.title) for row in session.execute(select(Section.id, Section.title).order_by(Section.title))]


def _names(session: Session) -> dict[int | None, str]:
    names: dict[int | None, str] = dict(services(session))
    names[None] = NO_SERVICE_NAME
    return names


def _where(period: Period, zone: str, channels: tuple[str, ...], section_id: int | None,
           month: str | None = None) -> list:
    start, end = period.bounds(zone)
    months = period.months
    conditions = [Enquiry.channel == channels[0] if len(channels) == 1 else Enquiry.channel.in_(channels),
                  # The months give the index its range; received_at cuts a month the period
                  # starts or ends inside (received_month is received_at's local month, so a
                  # whole month needs no second test on every row).
                  Enquiry.received_month.between(months[0], months[-1]) if month is None
                  else Enquiry.received_month == month]
    if period.start.day != 1:
        conditions.append(Enquiry.received_at >= start)
    if (period.end + timedelta(days=1)).day != 1:
        conditions.append(Enquiry.received_at < end)
    if section_id == NO_SERVICE:
        conditions.append(Enquiry.section_id.is_(None))
    elif section_id is not None:
        conditions.append(Enquiry.section_id == section_id)
    return conditions


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


# R29 --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class R29Figures:
    received: int = 0
    excluded: tuple[int, ...] = (0,) * len(EXCLUSION_REASONS)  # in EXCLUSION_REASONS order
    in_time: int = 0
    breached: int = 0

    @property
    def excluded_by_reason(self) -> dict[str, int]:
        return dict(zip(EXCLUSION_REASONS, self.excluded))

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded)

    @property
    def counted(self) -> int:
        return self.received - self.excluded_total

    @property
    def pending(self) -> int:
        return self.counted - self.in_time - self.breached

    @property
    def decided(self) -> int:
        return self.in_time + self.breached

    @property
    def percent_in_time(self) -> float | None:
        return percent(self.in_time, self.decided)

    def __add__(self, other: R29Figures) -> R29Figures:
        return R29Figures(self.received + other.received, tuple(a + b for a, b in zip(self.excluded, other.excluded)),
                          self.in_time + other.in_time, self.breached + other.breached)


@dataclass(frozen=True)
class Line:
    """One row of a report: a month and a service (or ALL_SERVICES, section_id None)."""
    month: str
    section_id: int | None
    service: str
    figures: R29Figures | R28Figures
    all_services: bool = False

    @property
    def month_short(self) -> str:
        return date(int(self.month[:4]), int(self.month[5:7]), 1).strftime("%b")


@dataclass(frozen=True)
class Report:
    period: Period
    now: datetime
    section_id: int | None
    rows: list[Line]                 # month x service, by month then service name
    by_month: dict[str, R29Figures | R28Figures]  # every month of the period, all services
    total: R29Figures | R28Figures

    def lines(self) -> list[Line]:
        """Each month's services, then that month's all-services line (what the exports list)."""
        out = []
        for total in self.month_lines():
            out.extend(row for row in self.rows if row.month == total.month)
            out.append(total)
        return out

    def month_lines(self) -> list[Line]:
        """Each month's all-services line (all of them: months with nothing received too)."""
        return [Line(month, None, ALL_SERVICES, figures, all_services=True) for month, figures in self.by_month.items()]

    def last_months(self, count: int = 12) -> list[Line]:
        """What the chart shows: the period's last `count` months."""
        return self.month_lines()[-count:]


def r29_statement(period: Period, now: datetime, zone: str, section_id: int | None = None):
    """Counts per month, service and exclusion reason (NULL: counted). Grouping by the reason
    rather than summing a CASE for each keeps the work per row to two CASEs, and follows the
    covering index's order, so SQLite groups without sorting."""
    in_time, breached = deadlines_sql.response_in_time(), deadlines_sql.response_breached(now)
    return (select(Enquiry.received_month, Enquiry.section_id, Enquiry.excluded_reason, func.count(),
                   _count(in_time), _count(breached))
            .where(*_where(period, zone, (R29_CHANNEL,), section_id))
            .group_by(Enquiry.received_month, Enquiry.section_id, Enquiry.excluded_reason))


def _report(session: Session, period: Period, now: datetime, section_id: int | None, cells: dict, empty) -> Report:
    names = _names(session)
    rows = [Line(month, section, names.get(section, f"Service {section}"), figures)
            for (month, section), figures in cells.items()]
    rows.sort(key=lambda line: (line.month, line.service))
    by_month = {month: empty for month in period.months}
    for row in rows:
        by_month[row.month] = by_month[row.month] + row.figures
    total = empty
    for figures in by_month.values():
        total = total + figures
    return Report(period, now, section_id, rows, by_month, total)


def _section_is(column, section_id: int | None) -> list:
    if section_id == NO_SERVICE:
        return [column.is_(None)]
    return [] if section_id is None else [column == section_id]


def _named(*columns):
    return [column.label(name) for column, name in zip(columns, ("month", "section_id", "key1", "key2", "key3",
                                                                 "key4", "key5", "key6", "key7"))]


OVERDUE = "overdue"  # R29: unanswered, and the deadline has passed when the report is read


def r29_cells_statement(period: Period, now: datetime, zone: str, section_id: int | None = None):
    """R29's counts per month, service, exclusion reason and outcome, in one statement (one
    snapshot): the months the period holds whole from the tallies and the changes not yet folded
    (ieg/evidence/tallies.py), with those still unanswered whose deadline has passed counted at
    `now` (ix_enquiries_r29_unanswered); a month the period cuts counted from its enquiries."""
    cut = period.cut_months()
    whole = [month for month in period.months if month not in cut]
    parts = []
    if whole:
        for table, count in ((R29Tally, R29Tally.enquiries), (R29TallyChange, R29TallyChange.change)):
            parts.append(select(*_named(table.received_month, table.section_id, table.excluded_reason,
                                        table.outcome), count.label("n"))
                         .where(table.received_month.in_(whole), *_section_is(table.section_id, section_id)))
        parts.append(select(*_named(Enquiry.received_month, Enquiry.section_id, literal_column("NULL"),
                                    literal_column(f"'{OVERDUE}'")), func.count().label("n"))
                     .where(text(R29_UNANSWERED), Enquiry.received_month.in_(whole),
                            Enquiry.response_due_at < deadlines_sql.at(now),
                            *_section_is(Enquiry.section_id, section_id))
                     .group_by(Enquiry.received_month, Enquiry.section_id))
    outcome = deadlines_sql.response_outcome(now)
    for month in cut:  # one month at a time: its month is then the index's equality
        parts.append(select(*_named(Enquiry.received_month, Enquiry.section_id, Enquiry.excluded_reason, outcome),
                            func.count().label("n"))
                     .where(*_where(period, zone, (R29_CHANNEL,), section_id, month))
                     .group_by(Enquiry.received_month, Enquiry.section_id, Enquiry.excluded_reason, outcome))
    cells = union_all(*parts).subquery("cells")
    return (select(cells.c.month, cells.c.section_id, cells.c.key1, cells.c.key2, func.sum(cells.c.n))
            .group_by(cells.c.month, cells.c.section_id, cells.c.key1, cells.c.key2))


def r29(session: Session, period: Period, now: datetime, zone: str, section_id: int | None = None) -> Report:
    """Email enquiries per month and service: received, excluded by reason, in time, breached.
    Equal, figure for figure, to r29_statement's count of the enquiries (tests check)."""
    cells: dict[tuple[str, int | None], R29Figures] = {}
    for month, section, reason, outcome, count in session.execute(r29_cells_statement(period, now, zone, section_id)):
        count = int(count)
        if not count:
            continue
        excluded = tuple(count if reason == known else 0 for known in EXCLUSION_REASONS)
        figures = R29Figures(0 if outcome == OVERDUE else count, excluded, count if outcome == deadlines.IN_TIME else 0,
                             count if outcome in (deadlines.BREACHED, OVERDUE) else 0)
        cells[(month, section)] = cells.get((month, section), R29Figures()) + figures
    return _report(session, period, now, section_id, cells, R29Figures())


@dataclass(frozen=True)
class R29Enquiry:
    reference: str
    service: str
    month: str
    received_at: datetime
    response_due_at: datetime | None
    first_response_at: datetime | None
    first_response_kind: str
    outcome: str                     # in_time, breached, pending, excluded
    excluded_reason: str | None
    excluded_note: str
    breach_reason: str


class Listing(list):
    """Enquiries behind a number, oldest first: all of them, or the first `limit` with
    `total` counting all (a page lists a thousand; the CSV has every one)."""
    total: int


def _listing(session: Session, stmt, limit: int | None, make) -> Listing:
    out = Listing(make(row) for row in session.execute(stmt if limit is None else stmt.limit(limit)))
    out.total = len(out) if limit is None or len(out) < limit else session.scalar(
        select(func.count()).select_from(stmt.order_by(None).subquery()))
    return out


def r29_enquiries(session: Session, period: Period, now: datetime, zone: str, *, month: str | None = None,
                  section_id: int | None = None, selection: str = "received", limit: int | None = None,
                  where=None) -> Listing:
    """Every email enquiry behind one R29 number, oldest first; `where` narrows them to those
    the reader may see (ieg.casework.visibility)."""
    outcome = deadlines_sql.response_outcome(now)
    stmt = (select(Enquiry.reference, Section.title, Enquiry.received_month, Enquiry.received_at,
                   Enquiry.response_due_at, Enquiry.first_response_at, Enquiry.first_response_kind,
                   outcome.label("outcome"), Enquiry.excluded_reason, Enquiry.excluded_note, Enquiry.breach_reason)
            .outerjoin(Section, Section.id == Enquiry.section_id)
            .where(*_where(period, zone, (R29_CHANNEL,), section_id, month), *([] if where is None else [where]))
            .order_by(Enquiry.received_at, Enquiry.id))
    if selection == "counted":
        stmt = stmt.where(Enquiry.excluded_reason.is_(None))
    elif selection in R29_OUTCOMES:
        stmt = stmt.where(outcome == selection)
    elif selection in EXCLUSION_REASONS:
        stmt = stmt.where(Enquiry.excluded_reason == selection)
    return _listing(session, stmt, limit, lambda row: R29Enquiry(
        row.reference, row.title or NO_SERVICE_NAME, row.received_month, row.received_at, row.response_due_at,
        row.first_response_at, row.first_response_kind or "", row.outcome, row.excluded_reason,
        row.excluded_note or "", row.breach_reason or ""))


# R28 --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class R28Figures:
    received: int = 0
    acknowledged: int = 0        # an acknowledgement was sent
    with_reference: int = 0      # one sent carried the reference in its subject
    within_standard: int = 0     # the first sent went by the acknowledgement deadline
    median: float | None = None  # seconds from receipt to the first sent (PERCENTILE.INC)
    p95: float | None = None

    @property
    def not_acknowledged(self) -> int:
        return self.received - self.acknowledged

    @property
    def without_reference(self) -> int:
        return self.received - self.with_reference

    @property
    def percent_with_reference(self) -> float | None:
        return percent(self.with_reference, self.received)


def _r28_enquiries(period: Period, zone: str, section_id: int | None, month: str | None = None):
    """One row per web-form and email enquiry not excluded: its first acknowledgement sent
    (NULL: none yet) and whether one sent carried its reference (1 or 0). The one definition
    the report and the drill-down read. Both facts are stored on the enquiry when the outbox
    sends (enquiries.record_acknowledgement_sent), so this reads the covering index alone. A
    message still in the outbox has reached nobody, so it counts for nothing yet."""
    return (select(Enquiry.id, Enquiry.reference, Enquiry.channel, Enquiry.received_month, Enquiry.section_id,
                   Enquiry.received_at, Enquiry.acknowledgement_due_at, Enquiry.acknowledged_at.label("sent_at"),
                   case((Enquiry.acknowledged_with_reference, 1), else_=0).label("with_reference"))
            .where(Enquiry.excluded_reason.is_(None), *_where(period, zone, R28_CHANNELS, section_id, month)))


def _r28_selection(rows, selection: str):
    return {"received": None,
            "acknowledged": rows.c.sent_at.is_not(None),
            "not_acknowledged": rows.c.sent_at.is_(None),
            "with_reference": rows.c.with_reference == 1,
            "without_reference": rows.c.with_reference == 0,
            "within_standard": rows.c.sent_at <= rows.c.acknowledgement_due_at}[selection]


def _r28_where(period: Period, zone: str, section_id: int | None, month: str | None = None) -> list:
    # R28_ROWS's very terms, as constants: each database then reads its partial index.
    return [text(R28_ROWS), *_where(period, zone, R28_CHANNELS, section_id, month)[1:]]


def r28_statement(period: Period, zone: str, section_id: int | None = None):
    """One pass over ix_enquiries_r28, in its order: per month, service and whole second of
    latency (NULL: not acknowledged), the counts, and the exact latency's least and greatest.
    That histogram gives every count, and places each percentile's rank in one bucket; a
    bucket whose least and greatest agree (or a rank at its edge) holds its value exactly."""
    return (select(Enquiry.received_month, Enquiry.section_id, Enquiry.acknowledgement_seconds, func.count(),
                   func.count(Enquiry.acknowledged_at), _count(Enquiry.acknowledged_with_reference),
                   _count(Enquiry.acknowledged_at <= Enquiry.acknowledgement_due_at),
                   func.min(Enquiry.acknowledgement_microseconds), func.max(Enquiry.acknowledgement_microseconds))
            .where(*_r28_where(period, zone, section_id))
            .group_by(Enquiry.received_month, Enquiry.section_id, Enquiry.acknowledgement_seconds))


class _Latencies:
    """A histogram of latencies: bucket (whole seconds) -> [count, least, greatest] (microseconds)."""

    def __init__(self) -> None:
        self.buckets: dict[int, list[int]] = {}
        self.cells: set[tuple[str, int | None]] = set()

    def add(self, cell: tuple[str, int | None], bucket: int, count: int, least: int, greatest: int) -> None:
        self.cells.add(cell)
        held = self.buckets.get(bucket)
        if held is None:
            self.buckets[bucket] = [count, least, greatest]
        else:
            held[0] += count
            if held[1] is None or least is None:  # a bound not known: the bucket is read if needed
                held[1] = held[2] = None
            else:
                held[1], held[2] = min(held[1], least), max(held[2], greatest)

    def locate(self, index: int) -> tuple[int, int, int | None]:
        """The bucket holding the `index`th smallest latency (from 0), the index within it, and
        the value when the histogram alone gives it."""
        for bucket in sorted(self.buckets):
            count, least, greatest = self.buckets[bucket]
            if index < count:
                exact = (None if least is None else least if index == 0 or least == greatest
                         else greatest if index == count - 1 else None)
                return bucket, index, exact
            index -= count
        raise IndexError(index)

    def ranks(self, p: float) -> tuple[int, int, float]:
        """PERCENTILE.INC's two neighbouring ranks and the weight between them (as `percentile`)."""
        size = sum(count for count, _, _ in self.buckets.values())
        rank = (size - 1) * p / 100
        low = math.floor(rank)
        return low, min(low + 1, size - 1), rank - low


def _r28_percentiles(session: Session, period: Period, zone: str, section_id: int | None,
                     groups: list[_Latencies]) -> list[tuple[float | None, float | None]]:
    """Each histogram's median and 95th percentile, exactly as `percentile` over every latency
    would give them. A value the histogram leaves open lies inside one bucket of one whole
    second: one query reads just those buckets' latencies (for all the groups at once)."""
    wanted: dict[tuple[int, int], set] = {}   # (group, bucket) -> its cells
    plans = []
    for number, group in enumerate(groups):
        if not group.buckets:
            plans.append(None)
            continue
        plan = []
        for p in (50, 95):
            low, high, weight = group.ranks(p)
            places = []
            for index in (low, high):
                bucket, within, exact = group.locate(index)
                if exact is None:
                    wanted[(number, bucket)] = group.cells
                places.append((bucket, within, exact))
            plan.append((places, weight))
        plans.append(plan)
    found: dict[tuple[str, int | None, int], list[int]] = {}
    if wanted:
        keys = {(month, section, bucket) for (_, bucket), cells in wanted.items() for month, section in cells}
        named = [key for key in keys if key[1] is not None]
        unnamed = [(month, bucket) for month, section, bucket in keys if section is None]
        cell = tuple_(Enquiry.received_month, Enquiry.section_id, Enquiry.acknowledgement_seconds)
        chosen = [cell.in_(named)] if named else []
        if unnamed:
            chosen.append(and_(Enquiry.section_id.is_(None),
                               tuple_(Enquiry.received_month, Enquiry.acknowledgement_seconds).in_(unnamed)))
        for month, section, bucket, micro in session.execute(
                select(Enquiry.received_month, Enquiry.section_id, Enquiry.acknowledgement_seconds,
                       Enquiry.acknowledgement_microseconds)
                .where(*_r28_where(period, zone, section_id), or_(*chosen))):
            found.setdefault((month, section, bucket), []).append(micro)
    out = []
    for number, plan in enumerate(plans):
        if plan is None:
            out.append((None, None))
            continue
        values = []
        for places, weight in plan:
            exact = []
            for bucket, within, value in places:
                if value is None:
                    held = sorted(micro for month, section in groups[number].cells
                                  for micro in found.get((month, section, bucket), ()))
                    if len(held) != groups[number].buckets[bucket][0]:  # changed between the two reads
                        raise _Moved
                    value = held[within]
                exact.append(value / 1_000_000)  # the very float timedelta.total_seconds() gives
            values.append(exact[0] + (exact[1] - exact[0]) * weight)
        out.append((values[0], values[1]))
    return out


class _Moved(Exception):
    """The enquiries changed between the report's two reads."""


def r28_cells_statement(period: Period, zone: str, section_id: int | None = None):
    """R28's counts per month, service, whole second of latency, acknowledged, with the reference
    and within the standard, with each group's least and greatest exact latency, in one statement:
    the months the period holds whole from the tallies and the changes not yet folded (a change
    that took an enquiry out leaves its group's bounds unknown: `uncertain`), a month it cuts
    counted from its enquiries."""
    cut = period.cut_months()
    whole = [month for month in period.months if month not in cut]
    parts = []
    if whole:
        fields = tallies.R28_FIELDS
        parts.append(select(*_named(*[getattr(R28Tally, name) for name in fields]), R28Tally.enquiries.label("n"),
                            R28Tally.least.label("least"), R28Tally.greatest.label("greatest"),
                            literal_column("0").label("uncertain"))
                     .where(R28Tally.received_month.in_(whole), *_section_is(R28Tally.section_id, section_id)))
        change = R28TallyChange.change
        arrived = case((change > 0, R28TallyChange.microseconds))
        parts.append(select(*_named(*[getattr(R28TallyChange, name) for name in fields]), change.label("n"),
                            arrived.label("least"), arrived.label("greatest"),
                            case((change < 0, 1), else_=0).label("uncertain"))
                     .where(R28TallyChange.received_month.in_(whole),
                            *_section_is(R28TallyChange.section_id, section_id)))
    key = tallies.r28_key()
    for month in cut:  # one month at a time: its month is then the index's equality
        parts.append(select(*_named(*key), func.count().label("n"),
                            func.min(Enquiry.acknowledgement_microseconds).label("least"),
                            func.max(Enquiry.acknowledgement_microseconds).label("greatest"),
                            literal_column("0").label("uncertain"))
                     .where(*_r28_where(period, zone, section_id, month))
                     .group_by(*key))
    cells = union_all(*parts).subquery("cells")
    key = [cells.c.month, cells.c.section_id, *[getattr(cells.c, f"key{n}") for n in range(1, 5)]]
    return (select(*key, func.sum(cells.c.n), func.min(cells.c.least), func.max(cells.c.greatest),
                   func.max(cells.c.uncertain))
            .group_by(*key))


def r28(session: Session, period: Period, now: datetime, zone: str, section_id: int | None = None) -> Report:
    """Web-form and email enquiries per month and service: acknowledged, with the reference, latency.
    The database counts and buckets; Python only adds up the buckets (months, the whole period).
    Equal, figure for figure, to r28_statement's count of the enquiries (tests check)."""
    for attempt in range(3):
        try:
            return _r28(session, period, now, zone, section_id)
        except _Moved:
            if attempt == 2:
                raise
            session.rollback()  # a fresh snapshot on PostgreSQL; SQLite reads the newest anyway
    raise AssertionError("unreachable")


def _r28(session: Session, period: Period, now: datetime, zone: str, section_id: int | None) -> Report:
    counts: dict[tuple[str, int | None], list[int]] = {}
    histograms: dict[tuple[str, int | None], _Latencies] = {}
    months = {month: _Latencies() for month in period.months}
    whole = _Latencies()
    for (month, section, acknowledged, bucket, with_reference, within, size, least, greatest,
         uncertain) in session.execute(r28_cells_statement(period, zone, section_id)):
        size = int(size)
        if not size:
            continue
        key = (month, section)
        held = counts.setdefault(key, [0, 0, 0, 0])
        for place, counted in enumerate((True, acknowledged, with_reference, within)):
            if counted:
                held[place] += size
        if acknowledged and bucket is not None:
            if uncertain:
                least = greatest = None
            for group in (histograms.setdefault(key, _Latencies()), months[month], whole):
                group.add(key, bucket, size, least, greatest)
    keys = list(counts)
    groups = [histograms.get(key, _Latencies()) for key in keys] + list(months.values()) + [whole]
    latencies = iter(_r28_percentiles(session, period, zone, section_id, groups))
    cells = {key: R28Figures(*counts[key], *next(latencies)) for key in keys}
    names = _names(session)
    rows = sorted((Line(month, section, names.get(section, f"Service {section}"), figures)
                   for (month, section), figures in cells.items()), key=lambda line: (line.month, line.service))
    by_month = {}
    for month in period.months:
        totals = [sum(counts[key][place] for key in keys if key[0] == month) for place in range(4)]
        by_month[month] = R28Figures(*totals, *next(latencies))
    total = R28Figures(*(sum(figures[place] for figures in counts.values()) for place in range(4)), *next(latencies))
    return Report(period, now, section_id, rows, by_month, total)


@dataclass(frozen=True)
class R28Enquiry:
    reference: str
    service: str
    channel: str
    month: str
    received_at: datetime
    acknowledgement_due_at: datetime | None
    acknowledged_at: datetime | None   # the first acknowledgement sent
    with_reference: bool

    @property
    def latency(self) -> float | None:
        return None if self.acknowledged_at is None else (self.acknowledged_at - self.received_at).total_seconds()

    @property
    def within_standard(self) -> bool:
        return (self.acknowledged_at is not None and self.acknowledgement_due_at is not None
                and self.acknowledged_at <= self.acknowledgement_due_at)


def r28_enquiries(session: Session, period: Period, now: datetime, zone: str, *, month: str | None = None,
                  section_id: int | None = None, selection: str = "received", limit: int | None = None,
                  where=None) -> Listing:
    """Every web-form and email enquiry behind one R28 number, oldest first; `where` as for
    r29_enquiries."""
    rows = _r28_enquiries(period, zone, section_id, month)
    rows = (rows if where is None else rows.where(where)).subquery("acknowledgements")
    stmt = (select(rows, Section.title).outerjoin(Section, Section.id == rows.c.section_id)
            .order_by(rows.c.received_at, rows.c.id))
    condition = _r28_selection(rows, selection)
    if condition is not None:
        stmt = stmt.where(condition)
    return _listing(session, stmt, limit, lambda row: R28Enquiry(
        row.reference, row.title or NO_SERVICE_NAME, row.channel, row.received_month, row.received_at,
        row.acknowledgement_due_at, row.sent_at, bool(row.with_reference)))

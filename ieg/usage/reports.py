"""Website usage as people read it (R26): months, trends, sections, pages, where visitors come
from. Reads the aggregates only."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg import csv_text
from ieg.models import UsageDay, UsageDimensionDay, UsageMonth, UsagePageDay
from ieg.usage import trends
from ieg.usage.salts import month_bounds, next_month

PERIOD_DAYS = 28  # staff's "lately": four whole weeks, so each weekday counts alike
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class MonthFigures:
    month: str
    impressions: int = 0
    robot_impressions: int = 0
    unique_browsers: int = 0
    visits: int = 0
    long_visits: int = 0
    long_visit_seconds: int = 0
    complete: bool = True

    @property
    def label(self) -> str:
        return f"{MONTH_NAMES[int(self.month[5:]) - 1]} {self.month[:4]}"

    @property
    def short_label(self) -> str:
        return f"{MONTH_NAMES[int(self.month[5:]) - 1]} {self.month[2:4]}"

    @property
    def average_duration(self) -> int | None:
        """Seconds, over visits of two or more pages (one page's visit has no measurable length)."""
        return self.long_visit_seconds // self.long_visits if self.long_visits else None

    @property
    def duration_text(self) -> str:
        seconds = self.average_duration
        return "no data" if seconds is None else f"{seconds // 60}m {seconds % 60:02d}s"


def previous_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:])
    return f"{year - 1:04d}-12" if mon == 1 else f"{year:04d}-{mon - 1:02d}"


def months_ending(last: str, count: int) -> list[str]:
    out = [last]
    while len(out) < count:
        out.append(previous_month(out[-1]))
    return out[::-1]


def monthly(session: Session, months: list[str], today: date) -> list[MonthFigures]:
    """Each month's figures, oldest first; the month holding `today` is marked incomplete."""
    if not months:
        return []
    start, _ = month_bounds(months[0])
    _, end = month_bounds(months[-1])
    found = {month: MonthFigures(month, complete=month_bounds(month)[1] <= today) for month in months}
    for row in session.execute(select(UsageDay).where(UsageDay.day >= start, UsageDay.day < end)).scalars():
        figures = found.get(f"{row.day:%Y-%m}")
        if figures is None:
            continue
        for name in ("impressions", "robot_impressions", "visits", "long_visits", "long_visit_seconds"):
            setattr(figures, name, getattr(figures, name) + (getattr(row, name) or 0))
    for month, count in session.execute(select(UsageMonth.month, UsageMonth.unique_browsers)
                                        .where(UsageMonth.month.in_(months))):
        found[month].unique_browsers = count
    return [found[month] for month in months]


@dataclass
class Statistics:
    months: list[MonthFigures]   # the last 24 complete months, oldest first
    current: MonthFigures        # this month so far
    judgement: trends.Judgement
    month_on_month: float | None
    year_on_year: float | None

    @property
    def last_12(self) -> list[MonthFigures]:
        return self.months[-12:]

    @property
    def latest(self) -> MonthFigures:
        return self.months[-1]


def statistics(session: Session, today: date) -> Statistics:
    this_month = f"{today:%Y-%m}"
    figures = monthly(session, months_ending(this_month, 37), today)
    current, complete = figures[-1], figures[:-1]
    # Months before the first figure is recorded are not "zero use": leave them out of the judgement.
    first = next((i for i, m in enumerate(complete) if m.impressions or m.robot_impressions), len(complete))
    recorded = complete[first:]
    judgement = trends.judge([m.impressions for m in recorded])
    last = complete[-1]
    return Statistics(complete[-24:], current, judgement,
                      trends.change(last.impressions, complete[-2].impressions),
                      trends.change(last.impressions, complete[-13].impressions))


OPEN_DATA_COLUMNS: list[csv_text.Column] = [
    ("month", lambda m: m.month),
    ("page_impressions", lambda m: m.impressions),
    ("unique_browsers", lambda m: m.unique_browsers),
    ("visits", lambda m: m.visits),
    ("visits_of_two_or_more_pages", lambda m: m.long_visits),
    ("average_visit_duration_seconds", lambda m: m.average_duration),
    ("robot_impressions", lambda m: m.robot_impressions),
    ("complete_month", lambda m: "yes" if m.complete else "no"),
]


def open_data_csv(months: list[MonthFigures]) -> str:
    return csv_text.csv_text(OPEN_DATA_COLUMNS, months)


def period(today: date) -> tuple[date, date, date]:
    """(start of the period before, start of this period, end): PERIOD_DAYS each, ending yesterday."""
    end = today
    start = end - timedelta(days=PERIOD_DAYS)
    return start - timedelta(days=PERIOD_DAYS), start, end


def _sums(session: Session, column, before: date, start: date, end: date, *where) -> dict:
    """column value -> (this period, the period before)."""
    now_sum = func.sum(UsagePageDay.impressions).filter(UsagePageDay.day >= start)
    before_sum = func.sum(UsagePageDay.impressions).filter(UsagePageDay.day < start)
    rows = session.execute(select(column, now_sum, before_sum)
                           .where(UsagePageDay.day >= before, UsagePageDay.day < end, *where).group_by(column))
    return {value: (now or 0, earlier or 0) for value, now, earlier in rows}


@dataclass
class Line:
    name: str
    key: str          # a section's slug or a page's path
    now: int
    before: int

    @property
    def change(self) -> float | None:
        return trends.change(self.now, self.before)

    @property
    def trend(self) -> str:
        return trends.page_trend(self.now, self.before)


def sections(session: Session, wanted: list[tuple[str, str]], today: date) -> list[Line]:
    """Page impressions per section (slug, title), lately and the period before."""
    before, start, end = period(today)
    counted = func.sum(UsageDimensionDay.count)
    rows = session.execute(
        select(UsageDimensionDay.value, counted.filter(UsageDimensionDay.day >= start),
               counted.filter(UsageDimensionDay.day < start))
        .where(UsageDimensionDay.dimension == "section", UsageDimensionDay.day >= before, UsageDimensionDay.day < end,
               UsageDimensionDay.value.in_([slug for slug, _ in wanted]))
        .group_by(UsageDimensionDay.value))
    sums = {slug: (now or 0, earlier or 0) for slug, now, earlier in rows}
    return [Line(title, slug, *sums.get(slug, (0, 0))) for slug, title in wanted]


@dataclass
class PageReport:
    lines: list[Line] = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # trend -> how many pages


def pages(session: Session, section_slug: str, live_paths: list[str], today: date) -> PageReport:
    """Each page of a section that was seen or is live, with its trend; live pages nobody
    opened in the period are "not visited"."""
    before, start, end = period(today)
    sums = _sums(session, UsagePageDay.path, before, start, end, UsagePageDay.section == section_slug)
    paths = sorted(set(sums) | set(live_paths))
    lines = [Line(path, path, *sums.get(path, (0, 0))) for path in paths]
    lines.sort(key=lambda line: (-line.now, line.key))
    counts: dict = defaultdict(int)
    for line in lines:
        counts[line.trend] += 1
    return PageReport(lines, dict(counts))


def top(session: Session, dimension: str, today: date, limit: int = 10) -> list[tuple[str, int]]:
    _, start, end = period(today)
    total = func.sum(UsageDimensionDay.count)
    return [(value, count) for value, count in session.execute(
        select(UsageDimensionDay.value, total)
        .where(UsageDimensionDay.dimension == dimension, UsageDimensionDay.day >= start, UsageDimensionDay.day < end)
        .group_by(UsageDimensionDay.value).order_by(total.desc(), UsageDimensionDay.value).limit(limit))]


def this_and_next(month: str) -> tuple[str, str]:
    return month, next_month(month)

"""Spooled hits into the day's aggregates (R26): run by the scheduler's `usage-aggregate` job.

Flushes, never commits: the caller commits, then deletes the files named in the summary
(`Summary.done`). The spool files' names are recorded in the same transaction as their counts,
so a file is never counted twice (see ieg/usage/spool.py).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, delete, insert, select, tuple_
from sqlalchemy.orm import Session

from ieg.models import (UsageBrowserDay, UsageDay, UsageDimensionDay, UsageMonth, UsageOpenVisit, UsagePageDay,
                        UsageSpoolFile)
from ieg.timeutil import as_utc, to_local
from ieg.usage import salts, spool
from ieg.usage.counting import VISIT_GAP, Visit, follow_visits, section_of

CHUNK = 500  # keys per IN list (SQLite's limit on variables is far above)
KEEP_FILE_NAMES = timedelta(days=30)
CLOSE_AFTER = timedelta(hours=1)  # a month's browsers are counted once its last hits have surely been spooled


@dataclass
class Summary:
    files: int = 0
    hits: int = 0
    robots: int = 0
    visits_started: int = 0
    visits_ended: int = 0
    months_closed: list[str] = field(default_factory=list)
    done: list[Path] = field(default_factory=list)  # delete these after the commit

    def __str__(self) -> str:
        text = (f"aggregated {self.hits} hits ({self.robots} by robots) from {self.files} spool files; "
                f"{self.visits_started} visits began, {self.visits_ended} ended")
        return text + (f"; closed {', '.join(self.months_closed)}" if self.months_closed else "")


def _chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def run(session: Session, root: Path, now: datetime, zone: str) -> Summary:
    summary = Summary()
    month = salts.month_of(now, zone)
    salts.ensure(session, month, now)
    salts.ensure(session, salts.next_month(month), now)
    files = spool.claim_ready(root, now)
    names = [spool.spool_name(path) for path in files]
    seen = set()
    for chunk in _chunks(names):
        seen.update(session.scalars(select(UsageSpoolFile.name).where(UsageSpoolFile.name.in_(chunk))))
    hits = []
    for path, name in zip(files, names):
        summary.done.append(path)
        if name in seen:
            continue  # counted before a crash kept the file from being deleted
        batch = spool.read(path)
        hits.extend(batch)
        session.add(UsageSpoolFile(name=name, hits=len(batch), aggregated_at=now))
        summary.files += 1
    hits.sort(key=lambda hit: hit.at)
    summary.hits = len(hits)
    _count(session, hits, now, zone, summary)
    summary.months_closed = close_months(session, now, zone)
    session.execute(delete(UsageSpoolFile).where(UsageSpoolFile.aggregated_at < now - KEEP_FILE_NAMES))
    session.flush()
    return summary


def _count(session: Session, hits: list, now: datetime, zone: str, summary: Summary) -> None:
    def local_day(at: datetime) -> date:
        return to_local(at, zone).date()

    totals: dict[date, Counter] = defaultdict(Counter)
    pages: Counter = Counter()
    dimensions: Counter = Counter()
    browser_days: set[tuple[date, str]] = set()
    people = []
    for hit in hits:
        day = local_day(hit.at)
        if hit.robot:
            summary.robots += 1
            totals[day]["robot_impressions"] += 1
            dimensions[(day, "robot", hit.robot)] += 1
            continue
        people.append(hit)
        totals[day]["impressions"] += 1
        pages[(day, hit.path)] += 1
        dimensions[(day, "section", section_of(hit.path))] += 1
        dimensions[(day, "device", hit.device)] += 1
        if hit.referrer:
            dimensions[(day, "referrer", hit.referrer)] += 1
        if hit.browser:
            browser_days.add((day, hit.browser))

    # Visits: those still open for these browsers, and any now idle past the gap.
    browsers = sorted({hit.browser for hit in people if hit.browser})
    rows = []
    for chunk in _chunks(browsers):
        rows.extend(session.scalars(select(UsageOpenVisit).where(UsageOpenVisit.browser.in_(chunk))))
    rows.extend(session.scalars(select(UsageOpenVisit).where(UsageOpenVisit.last_at < now - VISIT_GAP)))
    loaded = {row.browser: row for row in rows}
    visits = {browser: Visit(row.day, as_utc(row.started_at), as_utc(row.last_at), row.pages)
              for browser, row in loaded.items()}
    changes = follow_visits(visits, people, local_day, now)
    for _browser, visit, entry in changes.started:
        totals[visit.day]["visits"] += 1
        dimensions[(visit.day, "entry", entry)] += 1
    for visit in changes.ended:
        if visit.pages >= 2:
            totals[visit.day]["long_visits"] += 1
            totals[visit.day]["long_visit_seconds"] += visit.seconds
    summary.visits_started, summary.visits_ended = len(changes.started), len(changes.ended)
    for browser, row in loaded.items():
        if browser not in visits:
            session.delete(row)
    new_rows = []
    for browser, visit in visits.items():
        row = loaded.get(browser)
        if row is None:
            new_rows.append({"browser": browser, "day": visit.day, "started_at": visit.started_at,
                             "last_at": visit.last_at, "pages": visit.pages})
        else:
            row.day, row.started_at, row.last_at, row.pages = visit.day, visit.started_at, visit.last_at, visit.pages
    session.flush()
    if new_rows:
        session.connection().execute(UsageOpenVisit.__table__.insert(), new_rows)

    # Unique browsers per day: the hashes not yet seen that day.
    pairs = sorted(browser_days)
    known = set()
    for chunk in _chunks(pairs):
        known.update(session.execute(select(UsageBrowserDay.day, UsageBrowserDay.browser)
                                     .where(tuple_(UsageBrowserDay.day, UsageBrowserDay.browser).in_(chunk))).all())
    fresh = [pair for pair in pairs if pair not in known]
    for day, _browser in fresh:
        totals[day]["unique_browsers"] += 1
    if fresh:
        session.connection().execute(UsageBrowserDay.__table__.insert(),
                                     [{"day": day, "browser": browser} for day, browser in fresh])
    _add_month_browsers(session, fresh, zone)

    _add_days(session, totals)
    _add_keyed(session, UsagePageDay, ("day", "path"), "impressions", pages,
               extra=lambda key: {"section": section_of(key[1])})
    _add_keyed(session, UsageDimensionDay, ("day", "dimension", "value"), "count", dimensions)


def _add_month_browsers(session: Session, fresh: list[tuple[date, str]], zone: str) -> None:
    """Count each month's unique browsers as they come: a browser new to a day is new to its
    month unless a row of an earlier day of that month has its hash (the rows of `fresh` are
    in already, so "earlier" is strict)."""
    by_month: dict[str, dict[str, date]] = defaultdict(dict)
    for day, browser in fresh:
        first = by_month[f"{day:%Y-%m}"]
        if browser not in first or day < first[browser]:
            first[browser] = day
    for month, first_days in by_month.items():
        start, _ = salts.month_bounds(month)
        seen = set()
        for chunk in _chunks(sorted(first_days)):
            seen.update(session.execute(
                select(UsageBrowserDay.browser, UsageBrowserDay.day)
                .where(UsageBrowserDay.browser.in_(chunk), UsageBrowserDay.day >= start)).all())
        earliest: dict[str, date] = {}
        for browser, day in seen:
            earliest[browser] = min(day, earliest.get(browser, day))
        new = sum(1 for browser, day in first_days.items() if earliest.get(browser, day) >= day)
        if not new:
            continue
        row = session.get(UsageMonth, month)
        if row is None:
            session.add(UsageMonth(month=month, unique_browsers=new))
        else:
            row.unique_browsers += new
    session.flush()


def _add_days(session: Session, totals: dict[date, Counter]) -> None:
    if not totals:
        return
    existing = {row.day: row for row in session.scalars(select(UsageDay).where(UsageDay.day.in_(list(totals))))}
    new = []
    for day, counts in totals.items():
        row = existing.get(day)
        if row is None:
            new.append({"day": day, **{name: counts.get(name, 0) for name in (
                "impressions", "robot_impressions", "unique_browsers", "visits", "long_visits", "long_visit_seconds")}})
            continue
        for name, value in counts.items():
            setattr(row, name, (getattr(row, name) or 0) + value)
    if new:
        session.execute(insert(UsageDay), new)


def _add_keyed(session: Session, model, key_names: tuple[str, ...], counter_name: str, counts: Counter,
               extra=None) -> None:
    """Add `counts` (key tuple -> n) to the rows of `model` with those keys, making those missing."""
    if not counts:
        return
    keys = sorted(counts)
    columns = [getattr(model, name) for name in key_names]
    existing = {}
    for chunk in _chunks(keys):
        for row in session.execute(select(model.id, *columns).where(tuple_(*columns).in_(chunk))):
            existing[tuple(row[1:])] = row[0]
    table = model.__table__
    if existing:  # one executemany for every row to add to
        session.connection().execute(
            table.update().where(table.c.id == bindparam("row_id"))
            .values({counter_name: table.c[counter_name] + bindparam("added")}),
            [{"row_id": row_id, "added": counts[key]} for key, row_id in existing.items()])
    new = [{**dict(zip(key_names, key)), counter_name: counts[key], **(extra(key) if extra else {})}
           for key in keys if key not in existing]
    if new:
        session.connection().execute(table.insert(), new)


def close_months(session: Session, now: datetime, zone: str) -> list[str]:
    """Delete ended months' browser hashes (their count is in UsageMonth) and their salts."""
    month = salts.month_of(now - CLOSE_AFTER, zone)
    first_day, _ = salts.month_bounds(month)
    closed = []
    old_days = session.scalars(select(UsageBrowserDay.day).where(UsageBrowserDay.day < first_day)
                               .group_by(UsageBrowserDay.day)).all()
    for old_month in sorted({f"{day:%Y-%m}" for day in old_days}):
        start, end = salts.month_bounds(old_month)
        session.execute(delete(UsageBrowserDay).where(UsageBrowserDay.day >= start, UsageBrowserDay.day < end))
        closed.append(old_month)
    salts.forget_before(session, month)
    return closed

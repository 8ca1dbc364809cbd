"""Two years of the demo council's website use, as the aggregates the counting would have left
(R26), and channel take-up baselines and targets to match its enquiries (G22, E18).

The traffic is made, not measured, with the shape a district council's has: weekdays busier than
weekends, council tax bills in March, bin collections over Christmas and New Year, a summer dip,
and use rising about 12% a year. A fixed seed makes every load the same. Bulk inserts: about
75,000 page-day rows.
"""
from __future__ import annotations

import math
import random
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.demo import pages as demo_pages
from ieg.demo.history import LONDON, History, launched_at, local
from ieg.models import ChannelTarget, Section, UsageDay, UsageDimensionDay, UsageMonth, UsagePageDay, User
from ieg.usage import channels
from ieg.usage.counting import LISTED, NOT_A_BROWSER, section_of

DAYS = 730
BASE = 24_000            # page impressions on an ordinary weekday two years ago
GROWTH = 0.12            # a year
REFERRERS = (("google.com", 0.50), ("bing.com", 0.05), ("facebook.com", 0.025), ("gov.uk", 0.02),
             ("duckduckgo.com", 0.01), ("nextdoor.co.uk", 0.008))
DEVICES = (("mobile", 0.58), ("desktop", 0.36), ("tablet", 0.06))
FIXED = ("/", "/a-z", "/contact", "/pay", "/forms/", "/track", "/search", "/statistics/", "/service-standards")
QUIET = 2  # the least-read pages, left unopened lately: staff see "not visited" in their sections


def _season(day: date, section: str) -> float:
    factor = 1.0
    if day.weekday() == 5:
        factor *= 0.62
    elif day.weekday() == 6:
        factor *= 0.58
    if day.month == 8:
        factor *= 0.88
    christmas = (day.month == 12 and day.day >= 20) or (day.month == 1 and day.day <= 8)
    if christmas:
        factor *= 2.4 if section == "waste-and-recycling" else 0.8
    if day.month == 3 and day.day <= 24 and section == "council-tax":
        factor *= 2.6
    if day.month in (4, 5) and section == "council-tax":
        factor *= 1.3
    return factor


def _paths() -> list[tuple[str, float]]:
    """Each path with its share of an ordinary day: a few pages take most of the traffic."""
    pages = [demo_pages.page_path(page) for page in demo_pages.published_pages()]
    sections = sorted({section_of(path) for path in pages})
    weighted = [("/", 14.0)] + [(path, 3.0 / (1 + i)) for i, path in enumerate(FIXED[1:])]
    weighted += [(f"/{slug}/", 2.0) for slug in sections]
    weighted += [(path, 6.0 / math.sqrt(1 + i)) for i, path in enumerate(pages)]
    total = sum(weight for _, weight in weighted)
    return [(path, weight / total) for path, weight in weighted]


def load(session: Session, now: datetime) -> int:
    """Load the aggregates unless there are some already; returns the days loaded."""
    if session.scalar(select(UsageDay.day).limit(1)) is not None:
        return 0
    rng = random.Random(20261207)
    today = now.astimezone(LONDON).date()
    first = today - timedelta(days=DAYS)
    paths = _paths()
    quiet = {path for path, _ in paths[-QUIET:]}
    days, page_rows, dimension_rows = [], [], []
    monthly: dict[str, int] = {}
    for offset in range(DAYS):
        day = first + timedelta(days=offset)
        trend = (1 + GROWTH) ** (offset / 365)
        total = 0
        counted = []
        for path, share in paths:
            if path in quiet and (today - day).days <= 60:
                continue
            count = int(BASE * trend * share * _season(day, section_of(path)) * rng.uniform(0.85, 1.15))
            if count:
                counted.append((path, count))
                total += count
        page_rows += [{"day": day, "path": path, "section": section_of(path), "impressions": count}
                      for path, count in counted]
        visits = int(total / rng.uniform(2.2, 2.5))
        long_visits = int(visits * rng.uniform(0.42, 0.48))
        browsers = int(visits * rng.uniform(0.8, 0.86))
        robots = int(total * rng.uniform(0.25, 0.32))
        days.append({"day": day, "impressions": total, "robot_impressions": robots, "unique_browsers": browsers,
                     "visits": visits, "long_visits": long_visits,
                     "long_visit_seconds": long_visits * rng.randint(170, 215)})
        month = f"{day:%Y-%m}"
        monthly[month] = monthly.get(month, 0) + browsers
        counted.sort(key=lambda item: -item[1])
        values = [("entry", path, int(count * 0.45)) for path, count in counted[:12]]
        values += [("referrer", name, int(visits * share * rng.uniform(0.9, 1.1))) for name, share in REFERRERS]
        values += [("device", name, int(total * share)) for name, share in DEVICES]
        values += [("robot", LISTED, int(robots * 0.78)), ("robot", NOT_A_BROWSER, robots - int(robots * 0.78))]
        by_section: dict[str, int] = {}
        for path, count in counted:
            by_section[section_of(path)] = by_section.get(section_of(path), 0) + count
        values += [("section", slug, count) for slug, count in by_section.items()]
        dimension_rows += [{"day": day, "dimension": kind, "value": value, "count": count}
                           for kind, value, count in values]
    # Core inserts on the session's connection: the ORM's bulk path costs more than the rows.
    connection = session.connection()
    connection.execute(UsageDay.__table__.insert(), days)
    connection.execute(UsagePageDay.__table__.insert(), page_rows)
    connection.execute(UsageDimensionDay.__table__.insert(), dimension_rows)
    # A month's unique browsers are fewer than its days' added up: people come back.
    connection.execute(UsageMonth.__table__.insert(), [{"month": month, "unique_browsers": int(total * 0.55)}
                                                       for month, total in monthly.items()])
    session.flush()
    return DAYS


def schedule_targets(session: Session, now: datetime, domain: str, history: History) -> None:
    """The administrator sets baselines from the first month of enquiries after the site went
    live (or, with no casework loaded, shares a district council might start from) and targets
    two years on, at the start of the next month: in the demo's history, so its audit entries
    fall in order."""
    if session.scalar(select(ChannelTarget.id).limit(1)) is not None:
        return
    launch = launched_at(now).astimezone(LONDON)
    base_month = f"{launch:%Y-%m}"
    following = (launch.date().replace(day=1) + timedelta(days=32)).replace(day=1)
    moment = local(following + timedelta(days=(7 - following.weekday()) % 7 if following.weekday() > 4 else 0), 10)
    history.once(moment, lambda: _targets(session, moment, domain, base_month))


def _targets(session: Session, now: datetime, domain: str, base_month: str) -> None:
    admin = session.scalar(select(User).where(User.email == f"admin@{domain}"))
    first = channels.by_month(session, [base_month])[0]
    target_month = f"{int(base_month[:4]) + 2:04d}{base_month[4:]}"
    web = round(first.share("web")) if first.total else 35
    phone = round(first.share("phone")) if first.total else 40
    waste = session.scalar(select(Section.id).where(Section.slug == "waste-and-recycling"))
    for section_id, channel, baseline, target in ((None, "web", web, min(web + 20, 95)),
                                                  (None, "phone", phone, max(phone - 15, 5)),
                                                  (waste, "web", web, min(web + 25, 95))):
        channels.set_target(session, admin, now, section_id=section_id, channel=channel, measure="baseline",
                            percent=str(baseline), month=base_month)
        channels.set_target(session, admin, now, section_id=section_id, channel=channel, measure="target",
                            percent=str(target), month=target_month)

"""The month's secret salt for the keyed browser hash: made ahead by the scheduler, read (and
cached) by web processes, deleted when its month is closed, so old hashes can never be
recomputed from anyone's address."""
from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ieg.models import UsageSalt
from ieg.timeutil import to_local


def month_of(moment: datetime, zone: str) -> str:
    return f"{to_local(moment, zone):%Y-%m}"


def next_month(month: str) -> str:
    year, mon = int(month[:4]), int(month[5:])
    return f"{year + mon // 12:04d}-{mon % 12 + 1:02d}"


def get(session: Session, month: str) -> str | None:
    return session.scalar(select(UsageSalt.salt).where(UsageSalt.month == month))


def ensure(session: Session, month: str, now: datetime) -> str:
    """The month's salt, made if there is none yet (in a savepoint: two processes making it
    at once agree on the one that was stored)."""
    found = get(session, month)
    if found:
        return found
    try:
        with session.begin_nested():
            session.add(UsageSalt(month=month, salt=secrets.token_hex(32), created_at=now))
    except IntegrityError:
        pass
    return get(session, month)


def forget_before(session: Session, month: str) -> int:
    return session.execute(delete(UsageSalt).where(UsageSalt.month < month)).rowcount


def month_bounds(month: str) -> tuple[date, date]:
    """The first day of the month and the first day of the next."""
    start = date(int(month[:4]), int(month[5:]), 1)
    following = next_month(month)
    return start, date(int(following[:4]), int(following[5:]), 1)

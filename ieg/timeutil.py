"""Time: stored in UTC, shown in the council's zone (Europe/London by default)."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime) -> datetime:
    """Treat a naive datetime as UTC (how the database hands them back)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def to_local(value: datetime, zone: str = "Europe/London") -> datetime:
    return as_utc(value).astimezone(ZoneInfo(zone))


def format_local(value: datetime | None, zone: str = "Europe/London", with_time: bool = True) -> str:
    """'3 March 2026 at 2:05pm', the GOV.UK style for dates and times."""
    if value is None:
        return ""
    local = to_local(value, zone)
    day = f"{local.day} {local:%B %Y}"
    if not with_time:
        return day
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.hour == 12 and local.minute == 0:
        return f"{day} at midday"
    if local.hour == 0 and local.minute == 0:
        return f"{day} at midnight"
    return f"{day} at {hour}:{local.minute:02d}{suffix}"

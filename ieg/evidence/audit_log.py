"""The audit log as auditors and administrators read it (/evidence/audit): newest first, 50 a
page, filtered by local dates and action. Emails and phone numbers in subjects and details are
masked for a reader without `personal_data.view`; the actor is not, since who did what is what an
audit log is for, and staff are not the customers whose data is masked."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ieg import audit
from ieg.evidence import masking, reports
from ieg.models import AuditEntry

PER_PAGE = 50


@dataclass(frozen=True)
class LogFilter:
    conditions: tuple  # WHERE conditions on audit entries
    shown: dict  # the values to show back in the form
    errors: dict  # a message by field


@dataclass(frozen=True)
class LogPage:
    rows: list[dict]
    total: int
    page: int
    pages: int
    actions: list[str]  # every action a reader may filter by


def parse_filter(args: Mapping[str, str], zone: str) -> LogFilter:
    """The filter from the query string: local dates "from" and "to" (either may be left out)
    and an action."""
    conditions, shown, errors = [], {}, {}
    start = end = None
    for field, label in (("from", "start date"), ("to", "end date")):
        raw = args.get(field, "").strip()
        shown[field] = raw
        if raw:
            try:
                value = reports.parse_date(raw, field, label)
            except reports.ReportError as error:
                errors[field] = str(error)
                continue
            start, end = (value, end) if field == "from" else (start, value)
    if start and end and start > end:
        errors["from"] = "The start date must be the same as or before the end date"
    elif start or end:
        low, high = reports.Period(start or end, end or start).bounds(zone)
        if start:
            conditions.append(AuditEntry.at >= low)
        if end:
            conditions.append(AuditEntry.at < high)
    action = args.get("action", "").strip()
    shown["action"] = action
    if action:
        conditions.append(AuditEntry.action == action)
    return LogFilter(tuple(conditions), shown, errors)


def text(value) -> str:
    """A detail's value as text: a string as it is, a list as its items, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, default=str)


def page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdecimal() and 0 < int(raw) < 1_000_000 else 1


def read(session: Session, log_filter: LogFilter, raw_page: str | None, *, masked: bool) -> LogPage:
    """One page of entries (a page number past the end shows the last page), masked if asked."""
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*log_filter.conditions))
    pages = max(1, -(-total // PER_PAGE))
    page = min(page_number(raw_page), pages)
    entries = session.scalars(select(AuditEntry).where(*log_filter.conditions).order_by(AuditEntry.id.desc())
                              .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    rows = []
    for e in entries:
        details = (masking.data(e.details) if masked else e.details) or {}
        rows.append({"entry": e, "actor": e.actor, "subject": masking.text(e.subject) if masked else e.subject,
                     "details": [(key.replace("_", " "), text(value)) for key, value in sorted(details.items())],
                     "in_full": json.dumps(details, indent=2, sort_keys=True, ensure_ascii=False, default=str)})
    actions = sorted(set(audit.ACTIONS) | set(session.scalars(select(AuditEntry.action).distinct())))
    return LogPage(rows, total, page, pages, actions)

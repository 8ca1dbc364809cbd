"""The audit log (/evidence/audit) for auditors and administrators: newest first, 50 a page,
filtered by local dates and action, with whether the hash chain verifies (ieg.audit.verify)
and, if not, the first entry broken. Emails and phone numbers in the subjects and details are
masked for anyone without `personal_data.view`; the actor is shown, since who did what is what
an audit log is for, and staff are not the customers whose data is masked."""
from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from ieg import audit
from ieg.evidence import access, masking, reports
from ieg.extensions import db
from ieg.models import AuditEntry
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("audit_log", __name__, url_prefix="/evidence/audit")
PER_PAGE = 50


def _filters(args) -> tuple[list, dict, dict]:
    """The WHERE conditions from the query string, the values to show back, and errors by field."""
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
        period = reports.Period(start or end, end or start)
        low, high = period.bounds(current_app.config["TIMEZONE"])
        if start:
            conditions.append(AuditEntry.at >= low)
        if end:
            conditions.append(AuditEntry.at < high)
    action = args.get("action", "").strip()
    shown["action"] = action
    if action:
        conditions.append(AuditEntry.action == action)
    return conditions, shown, errors


def _text(value) -> str:
    """A detail's value as text: a string as it is, a list as its items, anything else as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return ", ".join(str(item) for item in value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _page_number(raw: str | None) -> int:
    return int(raw) if raw and raw.isdecimal() and 0 < int(raw) < 1_000_000 else 1


@bp.get("/")
def index():
    require("audit.view")
    conditions, shown, errors = _filters(request.args)
    total = db.session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions))
    pages = max(1, -(-total // PER_PAGE))
    page = min(_page_number(request.args.get("page")), pages)
    entries = db.session.scalars(select(AuditEntry).where(*conditions).order_by(AuditEntry.id.desc())
                                 .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    masked = not access.sees_personal_data(current_user)
    rows = []
    for e in entries:
        details = (masking.data(e.details) if masked else e.details) or {}
        rows.append({"entry": e, "actor": e.actor, "subject": masking.text(e.subject) if masked else e.subject,
                     "details": [(key.replace("_", " "), _text(value)) for key, value in sorted(details.items())],
                     "in_full": json.dumps(details, indent=2, sort_keys=True, ensure_ascii=False, default=str)})
    known = sorted(set(audit.ACTIONS) | set(db.session.scalars(select(AuditEntry.action).distinct())))
    return render_template("evidence/audit.html", rows=rows, total=total, page=page, pages=pages, form=shown,
                           errors=errors, check=audit.verify_for_page(db.session, utcnow()), actions=known, label=audit.label,
                           masked=masked, args={k: v for k, v in shown.items() if v}), 400 if errors else 200

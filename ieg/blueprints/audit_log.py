"""The audit log (/evidence/audit) for auditors and administrators: the page of entries
(ieg.evidence.audit_log) and whether the hash chain verifies (ieg.audit.verify) and, if not,
the first entry broken."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from flask_login import current_user

from ieg import audit
from ieg.evidence import access, audit_log
from ieg.extensions import db
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("audit_log", __name__, url_prefix="/evidence/audit")


@bp.get("/")
def index():
    require("audit.view")
    log_filter = audit_log.parse_filter(request.args, current_app.config["TIMEZONE"])
    masked = not access.sees_personal_data(current_user)
    shown = audit_log.read(db.session, log_filter, request.args.get("page"), masked=masked)
    return render_template("evidence/audit.html", rows=shown.rows, total=shown.total, page=shown.page,
                           pages=shown.pages, form=log_filter.shown, errors=log_filter.errors,
                           check=audit.verify_for_page(db.session, utcnow()), actions=shown.actions,
                           label=audit.label, masked=masked,
                           args={k: v for k, v in log_filter.shown.items() if v}), 400 if log_filter.errors else 200


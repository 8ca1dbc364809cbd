"""The auditor's read-only view of one enquiry (/evidence/enquiries/<reference>): its
timeline, deadlines, the standards version used, exclusion and breach reasons, with the
customer's personal data masked for anyone without `personal_data.view`. Every
auditor's view is in the audit log. Also the `personal` template filter that masks.

Staff work on the enquiry at /staff; this page changes nothing.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_login import current_user

from ieg.casework import queries, standards
from ieg.evidence import access, masking
from ieg.extensions import db
from ieg.models import StandardsVersion
from ieg.security import require
from ieg.blueprints.common import get_optional
from ieg.timeutil import utcnow

bp = Blueprint("evidence_casework", __name__, url_prefix="/evidence/enquiries")


@bp.app_template_filter("personal")
def personal(value, kind: str = "text", names=()):
    """`{{ customer.email|personal('email') }}`: the value as it is for people who may see
    personal data, masked (ieg.evidence.masking) for everyone else; free text also loses
    the `names` given (`{{ body|personal(names=[customer.name]) }}`)."""
    if value is None or access.sees_personal_data(current_user):
        return value if value is not None else ""
    return masking.mask(value, kind, names)


@bp.get("/<reference>")
def enquiry(reference: str):
    require("reports.view")
    item = queries.enquiry(db.session, reference.strip().upper())
    if item is None:
        abort(404)
    require("enquiry.view", item)  # an officer reads their own services' enquiries only
    now = utcnow()
    version = get_optional(StandardsVersion, item.standards_version_id)
    people = queries.actor_names(db.session, item)
    calendar = standards.calendar_for(version, current_app.config["TIMEZONE"]) if version else None
    page = render_template(
        "evidence/enquiry.html", enquiry=item, version=version, people=people,
        standing=standards.standing(item, calendar, now) if calendar else None,
        rule_labels=standards.RULE_LABELS, exclusions=standards.EXCLUSION_LABELS,
        reply_kinds=standards.REPLY_KINDS, masked=not access.sees_personal_data(current_user))
    access.log_view(db.session, current_user, f"enquiry:{item.reference}", {"page": "enquiry"}, now)
    db.session.commit()
    return page

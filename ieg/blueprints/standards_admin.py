"""The corporate calendar and the service standards (/admin/standards, administrators): the
standards in force, one form per kind of change, the resolution target of each case type,
and the history of versions. The rules and the saving are in ieg/casework/standards_admin.py."""
from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ieg.blueprints.common import get_or_404
from ieg.casework import standards, standards_admin
from ieg.casework.standards_admin import StandardsAdminError
from ieg.extensions import db
from ieg.models import CaseType
from ieg.security import require
from ieg.timeutil import to_local, utcnow

bp = Blueprint("standards_admin", __name__, url_prefix="/admin/standards")


@bp.context_processor
def _words():
    return {"words": standards_admin, "rule_labels": standards.RULE_LABELS}


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _recomputed(count: int) -> str:
    if not count:
        return "There were no open enquiries to give new deadlines."
    return (f"{count} open {'enquiry has' if count == 1 else 'enquiries have'} new deadlines; "
            "resolved and closed enquiries keep theirs.")


@bp.get("/")
def index():
    require("standards.manage")
    version = standards.current(db.session)
    calendar = standards.calendar_for(version, _zone())
    today = to_local(utcnow(), _zone()).date()
    holidays, _ = standards_admin.days_off(calendar, today)
    return render_template(
        "admin/standards.html", version=version, today=today, zone=_zone(), holidays=holidays,
        closures=[d for d in map(date.fromisoformat, version.closures) if d >= today - standards_admin.CLOSURE_PAST],
        examples=standards_admin.worked_examples(version, calendar, today, _zone()),
        case_types=standards_admin.case_types(db.session), history=standards_admin.history(db.session),
        target_history=standards_admin.target_history(db.session),
        open_enquiries=standards_admin.open_enquiries(db.session))


@bp.route("/<any(hours, closures, rule, times):part>", methods=["GET", "POST"])
def change(part: str):
    require("standards.manage")
    version = standards.current(db.session)
    data, errors = standards_admin.form_data(version), {}
    if request.method == "POST":
        data = request.form
        try:
            changed = standards_admin.change_standards(db.session, current_user._get_current_object(), part,
                                                       request.form, utcnow(), _zone())
        except StandardsAdminError as refused:
            db.session.rollback()
            errors = refused.errors
            if part == "closures" and request.form.get("action") == "remove" and "reason" in errors:
                # The closures page has two reason boxes: point at the remove form's.
                errors = {("remove-reason" if name == "reason" else name): text for name, text in errors.items()}
        else:
            db.session.commit()
            flash(f"The new standards are in force. {_recomputed(changed.recomputed)}", "success")
            return redirect(url_for(".index"))
    today = to_local(utcnow(), _zone()).date()
    context = {}
    if part == "rule":
        calendar = standards.calendar_for(version, _zone())
        examples = standards_admin.worked_examples(version, calendar, today, _zone())
        context = {"examples": examples, "comparison": standards_admin.rule_comparison(version, calendar, examples)}
    return render_template(f"admin/standards_{part}.html", version=version, data=data, errors=errors, today=today,
                           zone=_zone(), upcoming=[d for d in map(date.fromisoformat, version.closures) if d >= today],
                           **context), 400 if errors else 200


@bp.route("/case-types/<int:case_type_id>", methods=["GET", "POST"])
def case_type(case_type_id: int):
    require("standards.manage")
    kind = get_or_404(CaseType, case_type_id)
    if not kind.active:
        abort(404)
    data, errors = {"resolution_days": str(kind.resolution_days)}, {}
    if request.method == "POST":
        data = request.form
        try:
            count = standards_admin.change_resolution_target(
                db.session, current_user._get_current_object(), kind, request.form.get("resolution_days", ""),
                request.form.get("reason", ""), utcnow(), _zone())
        except StandardsAdminError as refused:
            db.session.rollback()
            errors = refused.errors
        else:
            db.session.commit()
            flash(f"The resolution target for {kind.name} is now {kind.resolution_days} working "
                  f"day{'s' if kind.resolution_days != 1 else ''}. {_recomputed(count)}", "success")
            return redirect(url_for(".index") + "#resolution-targets")
    return render_template("admin/standards_case_type.html", kind=kind, data=data, errors=errors), \
        400 if errors else 200

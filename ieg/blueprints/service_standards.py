"""Our service standards (/service-standards, R25): the standards in force in plain English,
worked examples computed from the calendar in force, and past performance by month from the
same report queries staff and auditors use (ieg/evidence/reports.py)."""
from flask import Blueprint, current_app, render_template

from ieg.cache import cacheable
from ieg.casework import standards, standards_admin
from ieg.evidence import reports
from ieg.extensions import db
from ieg.timeutil import to_local, utcnow

bp = Blueprint("service_standards", __name__)


@bp.get("/service-standards")
@cacheable  # changes to the standards bump the site version; the figures may be an hour old
def index():
    zone = current_app.config["TIMEZONE"]
    now = utcnow()
    today = to_local(now, zone).date()
    version = standards.current(db.session)
    calendar = standards.calendar_for(version, zone)
    holidays, closures = standards_admin.days_off(calendar, today)
    period = reports.default_period(today)
    r29 = reports.r29(db.session, period, now, zone).last_months(12)
    r28 = {line.month: line.figures for line in reports.r28(db.session, period, now, zone).last_months(12)}
    return render_template(
        "public/service_standards.html", version=version, today=today, zone=zone, words=standards_admin,
        rule_label=standards.RULE_LABELS[version.rule], holidays=holidays, closures=closures,
        examples=standards_admin.worked_examples(version, calendar, today, zone),
        case_types=standards_admin.case_types(db.session),
        performance=[(line.month, line.figures, r28[line.month]) for line in r29], reports=reports,
        this_month=today.strftime("%Y-%m"))

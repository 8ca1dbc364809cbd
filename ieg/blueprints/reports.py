"""The R29 and R28 reports (/evidence/reports) for staff and auditors: the pages, the
enquiries behind every number, and the CSV and XLSX exports (docs/design.md 3.6), all from the
one query path in ieg.evidence.reports. Free text in the enquiries (exclusion notes, breach
reasons) is masked for auditors without the personal-data grant; an auditor's drill-down and
everyone's download are in the audit log (ieg.evidence.access)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_login import current_user

from ieg.casework import visibility
from ieg.evidence import access, exports, reports
from ieg.extensions import db
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("reports", __name__, url_prefix="/evidence/reports")
REPORT = "<any(r29, r28):name>"
SUMMARY = {"r29": reports.r29, "r28": reports.r28}
ENQUIRIES = {"r29": reports.r29_enquiries, "r28": reports.r28_enquiries}
SELECTIONS = {"r29": reports.R29_SELECTIONS, "r28": reports.R28_SELECTIONS}
SHOWN = 1000  # rows a drill-down page lists; the CSV has them all
CSV = "text/csv"  # Flask adds "; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Query:
    period: reports.Period
    section_id: int | None
    month: str | None
    selection: str
    now: datetime


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _query(name: str) -> Query:
    """The period, service and (for drill-downs) month and selection; ReportError names the field at fault."""
    now = utcnow()
    today = now.astimezone(ZoneInfo(_zone())).date()
    args = request.args
    return Query(reports.parse_period(args.get("from"), args.get("to"), today),
                 reports.parse_service(args.get("service")), reports.parse_month(args.get("month")),
                 reports.parse_selection(args.get("outcome"), SELECTIONS[name]), now)


def _params(query: Query, **extra) -> dict:
    values = {"from": query.period.start.isoformat(), "to": query.period.end.isoformat(),
              "service": reports.service_param(query.section_id), **extra}
    return {key: value for key, value in values.items() if value is not None}


def _bad_request(error: reports.ReportError):
    return render_template("errors/error.html", title="There is a problem with the report's address",
                           message=str(error), status=400), 400


def _described(name: str, query: Query, **extra) -> dict:
    """What a view or an export covered, for the audit log."""
    return {"report": name, "from": query.period.start.isoformat(), "to": query.period.end.isoformat(),
            "service": reports.service_param(query.section_id), **extra}


def _export(name: str, query: Query, extension: str, body: str | bytes, rows: int, kind: str = "") -> Response:
    """The download, logged as an export in the same request."""
    filename = exports.filename(f"{name}{kind}", query.period, extension)
    access.log_export(db.session, current_user, f"{name}{kind}.{extension}",
                      _described(name, query, file=filename, rows=rows), query.now)
    db.session.commit()
    return _attachment(body, CSV if extension == "csv" else XLSX, filename)


def _attachment(body: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/")
def index():
    require("reports.view")
    today = utcnow().astimezone(ZoneInfo(_zone())).date()
    period = reports.default_period(today)
    return render_template("evidence/reports/index.html", period=period)


@bp.get(f"/{REPORT}")
def report(name: str):
    require("reports.view")
    services = reports.services(db.session)
    try:
        query = _query(name)
    except reports.ReportError as error:
        return render_template(f"evidence/reports/{name}.html", errors=error.errors, form=request.args,
                               services=services, data=None, month_label=reports.month_label), 400
    data = _summary(name, query)

    def drill(line: reports.Line | None, outcome: str) -> str:
        """The enquiries behind one number: a line's (month and service), or the whole period's."""
        section_id = query.section_id
        if line is not None and not line.all_services:
            section_id = reports.NO_SERVICE if line.section_id is None else line.section_id
        return url_for("reports.enquiries", name=name, **_params(replace(query, section_id=section_id),
                                                                 month=line.month if line else None, outcome=outcome))

    return render_template(f"evidence/reports/{name}.html", data=data, errors={}, services=services, drill=drill,
                           form={"from": query.period.start.isoformat(), "to": query.period.end.isoformat(),
                                 "service": reports.service_param(query.section_id) or ""},
                           exports={kind: url_for(endpoint, name=name, **_params(query)) for kind, endpoint in
                                    (("csv", "reports.summary_csv"), ("xlsx", "reports.summary_xlsx"),
                                     ("enquiries", "reports.enquiries_csv"))},
                           month_label=reports.month_label, duration=reports.duration_text,
                           reasons=reports.EXCLUSIONS)


@bp.get(f"/{REPORT}/enquiries")
def enquiries(name: str):
    return _with_query(name, lambda query: _enquiries_page(name, query))


def _enquiries_page(name: str, query: Query):
    items = _enquiries(name, query, limit=SHOWN)
    access.log_view(db.session, current_user, f"report:{name}", _described(
        name, query, page="enquiries", month=query.month, outcome=query.selection, rows=items.total), query.now)
    db.session.commit()
    service = None
    if query.section_id is not None:
        service = dict(reports.services(db.session)).get(query.section_id, reports.NO_SERVICE_NAME)
    return render_template(f"evidence/reports/{name}_enquiries.html", items=items, count=items.total,
                           shown=SHOWN, query=query, service=service, month_label=reports.month_label,
                           restricted=visibility.condition(current_user) is not None,
                           heading=SELECTIONS[name][query.selection], duration=reports.duration_text,
                           report=name.upper(), what="email" if name == "r29" else "web-form and email",
                           exclusions=dict(reports.EXCLUSIONS), outcomes=reports.R29_OUTCOMES,
                           back=url_for("reports.report", name=name, **_params(query)),
                           csv=url_for("reports.enquiries_csv", name=name,
                                       **_params(query, month=query.month, outcome=query.selection)))


def _with_query(name: str, make):
    """Drill-downs and exports: a query string that does not parse is a 400 saying what is wrong."""
    require("reports.view")
    try:
        query = _query(name)
    except reports.ReportError as error:
        return _bad_request(error)
    return make(query)


def _summary(name: str, query: Query) -> reports.Report:
    return SUMMARY[name](db.session, query.period, query.now, _zone(), query.section_id)


def _enquiries(name: str, query: Query, limit: int | None = None) -> reports.Listing:
    """The enquiries behind a number that the reader may see (an officer: their services')."""
    items = ENQUIRIES[name](db.session, query.period, query.now, _zone(), month=query.month,
                            section_id=query.section_id, selection=query.selection, limit=limit,
                            where=visibility.condition(current_user))
    return access.masked_rows(db.session, current_user, items, exports.FREE_TEXT[name])


@bp.get(f"/{REPORT}.csv")
def summary_csv(name: str):
    def make(query: Query) -> Response:
        summary = _summary(name, query)
        return _export(name, query, "csv", exports.summary_csv(name, summary), len(summary.lines()))
    return _with_query(name, make)


@bp.get(f"/{REPORT}.xlsx")
def summary_xlsx(name: str):
    def make(query: Query) -> Response:
        # The enquiries sheet holds every enquiry of the period, whatever the query string's outcome.
        summary = _summary(name, query)
        items = _enquiries(name, replace(query, month=None, selection="received"))
        return _export(name, query, "xlsx", exports.xlsx_bytes(name, summary, items),
                       len(summary.lines()) + len(items))
    return _with_query(name, make)


@bp.get(f"/{REPORT}-enquiries.csv")
def enquiries_csv(name: str):
    def make(query: Query) -> Response:
        items = _enquiries(name, query)
        return _export(name, query, "csv", exports.enquiries_csv(name, items), len(items), kind="-enquiries")
    return _with_query(name, make)

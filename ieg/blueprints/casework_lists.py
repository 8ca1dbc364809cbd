"""Lists of casework for staff (/staff/enquiries, /staff/customers): filtered, sorted, a page
at a time, and as CSV. What each list may hold is decided in ieg.casework.lists (the
visibility rule as SQL); the views parse, authorise and render."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, render_template, request
from flask_login import current_user

from ieg.casework import handling, labels, lists, queries, visibility
from ieg.evidence import access
from ieg.extensions import db
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("lists", __name__, url_prefix="/staff")


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _restricted() -> bool:
    return visibility.condition(current_user) is not None


@bp.get("/enquiries")
def enquiries():
    """Every enquiry the member of staff may see, filtered, sorted and a page at a time."""
    require("staff.dashboard")
    flt, errors = lists.parse_enquiry_filter(request.args)
    found = lists.enquiries(db.session, flt, current_user, utcnow(), _zone(), request.args.get("page"))
    return _enquiries_page(flt, errors, found)


def _enquiries_page(flt: lists.EnquiryFilter, errors: dict, found: lists.Listing | None):
    options = {
        "status": _options(labels.STATUS_LABELS.items()),
        "service": _options((s.id, s.title) for s in queries.services(db.session)),
        "case_type": _options((c.id, c.name) for c in queries.case_types(db.session, active_only=False)),
        "channel": _options(labels.CHANNEL_LABELS.items()),
        "officer": _options([(lists.NOBODY, "Not assigned to anyone"),
                             *((u.id, u.name) for u in handling.assignable(db.session))]),
        "sort": _options((k, v) for k, v in lists.ENQUIRY_SORTS.items() if k != "newest"),
    }
    return render_template("staff/enquiries.html", flt=flt, errors=errors, form=request.args, found=found,
                           options=options, restricted=_restricted()), 400 if errors else 200


def _options(pairs) -> list[dict]:
    """(value, label) pairs as GOV.UK select and checkbox items (values as the address gives them)."""
    return [{"value": str(value), "text": text} for value, text in pairs]


@bp.get("/enquiries/export.csv")
def enquiries_csv():
    """The whole list as filtered, as CSV."""
    require("staff.dashboard")
    flt, errors = lists.parse_enquiry_filter(request.args)
    if errors:
        return _enquiries_page(flt, errors, None)
    now = utcnow()
    return _csv("enquiries", lists.ENQUIRY_COLUMNS, lists.enquiry_export(flt, current_user, now, _zone()),
                lists.count_enquiries(db.session, flt, current_user, now, _zone()), flt.described(), now)


@bp.get("/customers")
def customers():
    """The customer records the member of staff may see, searched by name, email address,
    phone number or postcode."""
    require("staff.dashboard")
    flt, errors = lists.parse_customer_filter(request.args)
    found = lists.customers(db.session, flt, current_user, request.args.get("page"))
    return render_template("staff/customers.html", flt=flt, errors=errors, found=found, restricted=_restricted(),
                           sorts=_options((k, v) for k, v in lists.CUSTOMER_SORTS.items() if k != "name")), \
        400 if errors else 200


@bp.get("/customers/export.csv")
def customers_csv():
    require("staff.dashboard")
    flt, _ = lists.parse_customer_filter(request.args)
    return _csv("customers", lists.CUSTOMER_COLUMNS, lists.customer_export(flt, current_user),
                lists.count_customers(db.session, flt, current_user), flt.described(), utcnow())


def _csv(name: str, columns, stmt, count: int, described: dict, now: datetime) -> Response:
    """A list as a CSV download, in the audit log first (who, which list, how many rows, as
    every export is); the rows stream as they are read."""
    access.log_export(db.session, current_user, f"{name}.csv", {**described, "rows": count}, now)
    db.session.commit()
    day = now.astimezone(ZoneInfo(_zone())).date().isoformat()
    return Response(lists.csv_chunks(columns, lists.stream(db.engine, stmt)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}-{day}.csv"'})

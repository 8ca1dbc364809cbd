"""The casework area (/staff) for customer-contact staff and service officers: queues,
finding an enquiry, logging phone, face-to-face and letter enquiries, and handling one."""
import secrets
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from ieg.casework import (actions, customers, deadline_alerts, deadlines, enquiries, fcr, files, handling, intake,
                          offline_intake, queries, queues, standards, visibility)
from ieg.config import Council
from ieg.extensions import db
from ieg.models import Customer, Enquiry, EnquiryFile, Section
from ieg.open311 import places
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import utcnow
from ieg.blueprints.common import get_optional, get_or_404, get_typed, send_stored
from ieg.workingtime import Calendar

bp = Blueprint("staff", __name__, url_prefix="/staff")
OFFLINE_CHANNELS = offline_intake.CHANNELS


def _zone() -> str:
    return current_app.config["TIMEZONE"]


def _calendar() -> Calendar:
    """The calendar of the standards in force."""
    version = standards.current(db.session)
    return standards.calendar_for(version, _zone()) if version else Calendar(zone=_zone())


@bp.get("/")
def dashboard():
    require("staff.dashboard")
    q = request.args.get("q", "")
    found, near = handling.find(db.session, q, current_user) if q.strip() else ([], False)
    mine = queues.mine(db.session, current_user)
    service = get_optional(Section, current_user.casework_section_id)
    queue = queues.service_queue(db.session, service.id if service else None)
    unassigned = queues.unassigned(db.session, current_user)
    due = queues.due_soon(mine + queue + unassigned, _calendar(), utcnow())
    return render_template("staff/dashboard.html", q=q, found=found, near=near, mine=mine, service=service,
                           queue=queue, unassigned=unassigned, due=due,
                           response_near=deadline_alerts.working_words(deadlines.NEAR))


def _enquiry(reference: str, action: str = "enquiry.view") -> Enquiry:
    """The enquiry, if the signed-in member of staff may do `action` to it (else 403)."""
    require("staff.dashboard")
    found = queries.enquiry(db.session, reference)
    if found is None:
        abort(404)
    require(action, found)
    return found


@bp.get("/enquiries/<reference>")
def enquiry(reference: str):
    return _enquiry_page(_enquiry(reference))


def _enquiry_page(item: Enquiry, errors=None, form=None, status=200):
    moving, calendar = item.case_type.slug == customers.CHANGE_OF_ADDRESS, _calendar()
    return render_template(
        "staff/enquiry.html", enquiry=item, staff=handling.assignable(db.session), statuses=handling.STATUS_CHOICES,
        sections=queries.services(db.session), errors=errors or {},
        form=form or {}, others=queries.others(db.session, item, current_user), restricted=visibility.condition(current_user) is not None,
        moving=moving,
        applied=customers.applied_change(db.session, item) if moving else None,
        given=customers.differences(item, item.customer)
        if can(current_user, "customer.change", visibility.customer(db.session, item.customer)) else [],
        chosen=form.getlist("copy") if hasattr(form, "getlist") else [],
        target=deadlines.resolution_target(item, calendar), standing=standards.standing(item, calendar, utcnow()),
        received_note=intake.received_note(db.session, item) if item.channel == "email" else "",
        unsent=[e for e in item.events if e.outbox_message is not None and e.outbox_message.status == "failed"],
        reply_kinds=[(k, v) for k, v in standards.REPLY_KINDS.items() if k != "email"],
        exclusions=standards.EXCLUSION_LABELS, place=places.of(db.session, item),
        map_template=current_app.config.get("MAP_URL", ""),
        submission_key=secrets.token_urlsafe(16)), status


@bp.get("/enquiries/<reference>/files/<int:file_id>")
def enquiry_file(reference: str, file_id: int):
    """A photo or attachment, for staff who may see the enquiry. Never inline unless it is
    an image type a browser shows safely; everything else downloads."""
    item = _enquiry(reference)
    found = get_or_404(EnquiryFile, file_id, enquiry_id=item.id)
    inline = found.content_type in files.INLINE_TYPES
    response = send_stored(files.name(found.stored_name),
                           mimetype=found.content_type if inline else "application/octet-stream",
                           as_attachment=not inline, download_name=found.filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/enquiries/<reference>")
def act(reference: str):
    item, name = _enquiry(reference, "enquiry.change"), request.form.get("action", "")
    if name not in actions.ACTIONS:
        abort(400)
    for needed, obj in actions.needs(db.session, item, name):
        require(needed, obj)
    case = actions.Case(db.session, item, current_user, utcnow(), _zone(), Council.from_config(current_app.config))
    try:
        done = actions.perform(case, name, request.form)
        db.session.commit()
    except actions.ERRORS as error:
        db.session.rollback()
        return _enquiry_page(_enquiry(reference), {error.field or name: str(error)}, request.form, 400)
    except IntegrityError:
        db.session.rollback()
        if not actions.taken_before(db.session, name, request.form):
            raise
        flash(actions.ALREADY_DONE, "success")  # the same form, sent twice at once: the other one did it
        return redirect(url_for("staff.enquiry", reference=reference))
    if done.address_change is not None:
        flash(done.message, "success")
        return redirect(url_for("customers.address_change", customer_id=done.address_change.customer_id,
                                change_id=done.address_change.id))
    if not can(current_user, "enquiry.view", item):  # moved to another service, or given to someone else
        flash(f"{done.message} {item.reference} is no longer in your services' work.", "success")
        return redirect(url_for("staff.dashboard"))
    flash(done.message, "success")
    return redirect(url_for("staff.enquiry", reference=reference))


def _known_customer(value: str):
    """The customer an enquiry is being logged for, chosen from their record (a merged
    record logs against the one it was merged into), if the member of staff may see it."""
    person = get_typed(Customer, value)
    if person is None:
        return None
    require("customer.view", visibility.customer(db.session, person))
    return enquiries.surviving_customer(db.session, person)


@bp.route("/log", methods=["GET", "POST"])
def log_enquiry():
    """A phone, face-to-face or letter enquiry, against a found or new customer."""
    require("staff.dashboard")
    case_types = queries.case_types(db.session)
    known = _known_customer(request.values.get("customer", ""))
    if request.method == "GET":
        return render_template("staff/log.html", case_types=case_types, channels=OFFLINE_CHANNELS, form={},
                               errors={}, key=secrets.token_urlsafe(16), known=known)
    form = request.form
    try:
        item = offline_intake.log(db.session, current_user, utcnow(), form, known, _zone())
    except offline_intake.LogError as error:
        return render_template("staff/log.html", case_types=case_types, channels=OFFLINE_CHANNELS, form=form,
                               errors=error.errors, key=form.get("submission") or secrets.token_urlsafe(16),
                               known=known), 400
    db.session.commit()
    flash(f"Enquiry {item.reference} logged. Give the customer this reference.", "success")
    return redirect(url_for("staff.enquiry", reference=item.reference))


def _month_start(year: int, month: int, zone: str) -> datetime:
    return datetime(year, month, 1, tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


@bp.get("/first-contact-resolution")
def first_contact_resolution():
    """E19: enquiries resolved at first contact, confirmed by no further contact on the
    same matter within 5 working days, per month and channel (the last 12 months)."""
    require("staff.dashboard")
    zone, now = current_app.config["TIMEZONE"], utcnow()
    today = now.astimezone(ZoneInfo(zone)).date()
    year, month = (today.year, today.month - 11) if today.month == 12 else (today.year - 1, today.month + 1)
    first = date(year, month, 1)
    start = _month_start(first.year, first.month, zone)
    where = visibility.condition(current_user)
    rows = fcr.report(db.session, _calendar(), start, now + timedelta(seconds=1), now, where)
    return render_template("staff/fcr.html", rows=rows, totals=fcr.totals(rows), since=first,
                           window=fcr.WINDOW_DAYS, restricted=where is not None)

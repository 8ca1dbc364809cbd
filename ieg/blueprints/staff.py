"""The casework area (/staff) for customer-contact staff and service officers: queues,
finding an enquiry, logging phone, face-to-face and letter enquiries, and handling one."""
import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ieg.casework import enquiries, handling
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry, User
from ieg.models.casework import CLOSED, RESOLVED
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("staff", __name__, url_prefix="/staff")
OFFLINE_CHANNELS = (("phone", "Phone"), ("face_to_face", "Face to face"), ("letter", "Letter"))


def _open():
    return select(Enquiry).where(Enquiry.status.not_in((RESOLVED, CLOSED))).order_by(Enquiry.received_at)


@bp.get("/")
def dashboard():
    require("staff.dashboard")
    q = request.args.get("q", "")
    found, near = handling.find(db.session, q) if q.strip() else ([], False)
    return render_template(
        "staff/dashboard.html", q=q, found=found, near=near,
        mine=db.session.scalars(_open().where(Enquiry.assigned_to_id == current_user.id)).all(),
        unassigned=db.session.scalars(_open().where(Enquiry.assigned_to_id.is_(None)).limit(100)).all())


def _enquiry(reference: str) -> Enquiry:
    found = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
    if found is None:
        abort(404)
    return found


@bp.get("/enquiries/<reference>")
def enquiry(reference: str):
    require("staff.dashboard")
    item = _enquiry(reference)
    return render_template("staff/enquiry.html", enquiry=item, staff=_assignable(), statuses=handling.STATUS_CHOICES,
                           errors={}, form={}, others=_others(item))


def _assignable() -> list[User]:
    """The people an enquiry can be assigned to: active casework staff."""
    return [u for u in db.session.scalars(select(User).order_by(User.name))
            if u.is_active and can(u, "staff.dashboard")]


def _others(item: Enquiry) -> list[Enquiry]:
    """The customer's other enquiries, on every channel, newest first."""
    return db.session.scalars(select(Enquiry).where(Enquiry.customer_id == item.customer_id, Enquiry.id != item.id)
                              .order_by(Enquiry.received_at.desc())).all()


@bp.post("/enquiries/<reference>")
def act(reference: str):
    require("staff.dashboard")
    item, now, action = _enquiry(reference), utcnow(), request.form.get("action", "")
    try:
        if action == "note":
            handling.add_note(db.session, item, current_user, request.form.get("note", ""), now)
            message = "Note added."
        elif action == "reply":
            handling.reply(db.session, item, current_user, request.form.get("reply", ""),
                           enquiries.Council.from_config(current_app.config), now,
                           awaiting_customer=request.form.get("awaiting") == "yes")
            message = "Reply queued to send."
        elif action == "status":
            handling.set_status(db.session, item, current_user, request.form.get("status", ""), now)
            message = "Status changed."
        elif action == "assign":
            assignee_id = request.form.get("assignee", "")
            assignee = db.session.get(User, int(assignee_id)) if assignee_id.isdigit() else None
            handling.assign(db.session, item, current_user, assignee, now)
            message = "Assignment changed."
        else:
            abort(400)
    except handling.HandlingError as error:
        db.session.rollback()
        item = _enquiry(reference)
        return render_template("staff/enquiry.html", enquiry=item, staff=_assignable(), others=_others(item),
                               statuses=handling.STATUS_CHOICES, errors={error.field: str(error)},
                               form=request.form), 400
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff.enquiry", reference=reference))


@bp.route("/log", methods=["GET", "POST"])
def log_enquiry():
    """A phone, face-to-face or letter enquiry, against a found or new customer."""
    require("staff.dashboard")
    case_types = db.session.scalars(select(CaseType).where(CaseType.active.is_(True)).order_by(CaseType.name)).all()
    if request.method == "GET":
        return render_template("staff/log.html", case_types=case_types, channels=OFFLINE_CHANNELS, form={},
                               errors={}, key=secrets.token_urlsafe(16))
    form = request.form
    errors = {}
    if form.get("channel") not in dict(OFFLINE_CHANNELS):
        errors["channel"] = "Choose how the customer contacted us"
    kind = db.session.get(CaseType, int(form["case_type"])) if form.get("case_type", "").isdigit() else None
    if kind is None:
        errors["case_type"] = "Choose what the enquiry is about"
    if not form.get("subject", "").strip():
        errors["subject"] = "Enter what the enquiry is about"
    if not (form.get("name", "").strip() or form.get("email", "").strip() or form.get("phone", "").strip()):
        errors["name"] = "Enter the customer's name, email address or phone number"
    if errors:
        return render_template("staff/log.html", case_types=case_types, channels=OFFLINE_CHANNELS, form=form,
                               errors=errors, key=form.get("submission") or secrets.token_urlsafe(16)), 400
    now = utcnow()
    customer = enquiries.find_or_create_customer(db.session, ContactDetails(
        name=form.get("name", ""), email=form.get("email"), phone=form.get("phone"), address=form.get("address", ""),
        postcode=form.get("postcode")))
    item, _ = enquiries.open_enquiry(
        db.session, channel=form["channel"], customer=customer, case_type=kind, subject=form["subject"],
        description=form.get("description", ""), received_at=now, now=now, actor=current_user,
        submission_key=form.get("submission") or None,
        resolved_at_first_contact=form.get("resolved") == "yes")
    db.session.commit()
    flash(f"Enquiry {item.reference} logged. Give the customer this reference.", "success")
    return redirect(url_for("staff.enquiry", reference=item.reference))


@bp.get("/customers/<int:customer_id>")
def customer(customer_id: int):
    """One customer's record: contact details and every enquiry, on every channel."""
    require("staff.dashboard")
    person = db.session.get(Customer, customer_id)
    if person is None:
        abort(404)
    items = db.session.scalars(select(Enquiry).where(Enquiry.customer_id == person.id)
                               .order_by(Enquiry.received_at.desc())).all()
    return render_template("staff/customer.html", customer=person, enquiries=items)

"""Customer records for casework staff (/staff/customers): contact details, the address
history, every enquiry on every channel, recording a change of address once (G25) and
merging a duplicate record."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ieg.blueprints.common import errors_by_field, get_optional, get_or_404, get_typed
from ieg.casework import customers, queries, visibility
from ieg.extensions import db
from ieg.models import AddressChange, Customer, Enquiry
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("customers", __name__, url_prefix="/staff/customers")


def _customer(customer_id: int, action: str = "customer.view") -> Customer:
    """The record, if the signed-in member of staff may do `action` to it (else 403)."""
    require("staff.dashboard")
    person = get_or_404(Customer, customer_id)
    require(action, visibility.customer(db.session, person))
    return person


def _may(action: str, person: Customer) -> bool:
    return can(current_user, action, visibility.customer(db.session, person))


def _record_page(person: Customer, errors=None, form=None, status=200):
    # An officer sees the enquiries they work on, and the other records they could reach anyway.
    items = queries.customer_enquiries(db.session, person, current_user)
    changes, merged = queries.address_changes(db.session, person), queries.merges_into(db.session, person)
    survivor = get_optional(Customer, person.merged_into_id)
    restricted = visibility.condition(current_user) is not None
    duplicates = [] if survivor else [other for other in customers.possible_duplicates(db.session, person)
                                      if not restricted or _may("customer.view", other)]
    return render_template(
        "staff/customer.html", customer=person, enquiries=items, changes=changes, merges=merged,
        survivor=survivor, duplicates=duplicates, restricted=restricted, errors=errors or {},
        form=form or {}), status


@bp.get("/<int:customer_id>")
def show(customer_id: int):
    return _record_page(_customer(customer_id))


@bp.post("/<int:customer_id>/address")
def change_address(customer_id: int):
    """Record a move told to us once; then show the records it updated."""
    person, now, form = _customer(customer_id, "customer.change"), utcnow(), request.form
    try:
        moved_on, date_problem = customers.date_moved(form, "moved_on"), {}
    except customers.CustomerError as error:
        moved_on, date_problem = None, {"moved_on": str(error)}
    problems = {**customers.problems_with_move(person, form.get("new_address", ""), form.get("new_postcode", ""),
                                               moved_on, now.date()), **date_problem}
    if problems:
        return _record_page(person, problems, form, 400)
    try:
        change = customers.change_address(db.session, person, new_address=form.get("new_address", ""),
                                          new_postcode=form.get("new_postcode", ""), moved_on=moved_on,
                                          actor=current_user, now=now)
    except customers.CustomerError as error:  # checked above; kept for a race with a merge
        db.session.rollback()
        return _record_page(_customer(customer_id), errors_by_field(error, "new_address"), form, 400)
    db.session.commit()
    flash("Change of address recorded. These are the records it updated.", "success")
    return redirect(url_for("customers.address_change", customer_id=person.id, change_id=change.id))


@bp.get("/<int:customer_id>/address-changes/<int:change_id>")
def address_change(customer_id: int, change_id: int):
    person = _customer(customer_id)
    change = get_or_404(AddressChange, change_id, customer_id=person.id)
    # The enquiries it touched that the member of staff works on; the rest are counted, not named.
    shown = [record for record in change.records
             if record.enquiry is None or can(current_user, "enquiry.view", record.enquiry)]
    return render_template("staff/address_change.html", change=change, customer=person, records=shown,
                           others=len(change.records) - len(shown))


@bp.route("/<int:customer_id>/merge", methods=["GET", "POST"])
def merge(customer_id: int):
    """Merge another record into this one: a check page showing both, then the merge."""
    person = _customer(customer_id, "customer.change")
    other_id = (request.values.get("other") or "").strip()
    other = get_typed(Customer, other_id)
    if other is not None and other.id != person.id and not _may("customer.change", other):
        return _record_page(person, {"other": "You can only merge records of customers whose enquiries you work on: "
                                              "ask customer services to merge these"}, request.values, 403)
    if other is None or other.id == person.id or other.merged_into_id or person.merged_into_id:
        message = ("Enter the number of another customer record" if other is None or other.id == person.id
                   else "That record has already been merged into another")
        return _record_page(person, {"other": message}, request.values, 400)
    if request.method == "GET":
        count = lambda c: db.session.query(Enquiry).filter(Enquiry.customer_id == c.id).count()  # noqa: E731
        return render_template("staff/merge.html", customer=person, other=other,
                               counts={person.id: count(person), other.id: count(other)})
    try:
        record = customers.merge(db.session, person, other, current_user, utcnow())
    except customers.CustomerError as error:
        db.session.rollback()
        return _record_page(_customer(customer_id), {"other": str(error)}, request.values, 400)
    db.session.commit()
    moved = len(record.details.get("enquiries", []))
    flash(f"Record {other.id} merged into this one: {moved} enquir{'y' if moved == 1 else 'ies'} moved.", "success")
    return redirect(url_for("customers.show", customer_id=person.id))

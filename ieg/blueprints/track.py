"""Tracking an enquiry (/track): the reference with the email address, or the signed link
from the acknowledgement. Wrong pairs all get one answer; lookups are rate limited."""
from flask import Blueprint, abort, current_app, render_template, request

from ieg.casework import enquiries, references
from ieg.extensions import db, limiter
from ieg.models import Enquiry

bp = Blueprint("track", __name__)

NOT_FOUND = ("We cannot find an enquiry with that reference and email address. Check both and try again, "
             "or contact us.")


def _status(enquiry: Enquiry):
    return render_template("public/track_status.html", enquiry=enquiry, events=enquiries.public_events(enquiry),
                           status=enquiries.STATUS_LABELS.get(enquiry.status, enquiry.status))


@bp.route("/track", methods=["GET", "POST"])
@limiter.limit("10 per minute; 60 per hour", methods=["POST"])
def track():
    if request.method == "GET":
        return render_template("public/track.html", form={}, errors={})
    form = {"reference": request.form.get("reference", "")[:60], "email": request.form.get("email", "")[:254]}
    errors = {}
    if not form["reference"].strip():
        errors["reference"] = "Enter your reference, for example ENQ-7K2M-9QX4-H"
    if not form["email"].strip():
        errors["email"] = "Enter the email address you gave us"
    found = None
    if not errors:
        try:
            found = enquiries.find_for_tracking(db.session, form["reference"], form["email"])
        except references.InvalidReference as error:
            errors["reference"] = str(error)
        else:
            if found is None:
                errors["reference"] = NOT_FOUND
    if errors:
        return render_template("public/track.html", form=form, errors=errors), 400
    return _status(found)


@bp.get("/track/<token>")
@limiter.limit("30 per minute")
def tracked(token: str):
    reference = enquiries.reference_from_token(current_app.config["SECRET_KEY"], token[:200])
    enquiry = db.session.query(Enquiry).filter_by(reference=reference).one_or_none() if reference else None
    if enquiry is None:
        abort(404)
    return _status(enquiry)

"""E-forms for residents (/forms/<form>): the form, check your answers, then one enquiry
with its reference on a confirmation panel and an acknowledgement email. No cookie: the
answers travel in the page between steps, and the submission key makes a double click or
a resubmitted page one enquiry."""
import logging
import secrets

from flask import Blueprint, abort, current_app, render_template, request

from ieg.casework import enquiries, forms
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db, limiter
from ieg.timeutil import utcnow

bp = Blueprint("forms", __name__, url_prefix="/forms")
log = logging.getLogger(__name__)
HONEYPOT = "website"  # hidden from people; bots fill it in


def _form(slug: str) -> forms.FormDefinition:
    definition = forms.STANDARD_FORMS.get(slug)
    if definition is None:
        abort(404)
    return definition


def _page(definition, answers, errors, key, status=200):
    return render_template("forms/form.html", form=definition, answers=answers, errors=errors, key=key,
                           honeypot=HONEYPOT), status


@bp.get("/")
def index():
    return render_template("forms/index.html", forms=forms.STANDARD_FORMS.values())


@bp.get("/<form>")
def show(form: str):
    return _page(_form(form), {}, {}, secrets.token_urlsafe(24))


@bp.post("/<form>")
@limiter.limit("20 per minute; 100 per hour")
def step(form: str):
    definition = _form(form)
    submitted = {f.name: request.form.get(f.name, "") for f in definition.fields}
    key = request.form.get("submission", "")[:64] or secrets.token_urlsafe(24)
    action = request.form.get("action", "check")
    if request.form.get(HONEYPOT):
        log.info("form %s: honeypot filled in; nothing stored", form)
        abort(400)
    outcome = forms.validate(definition, submitted)
    if action == "change" or not outcome.ok:
        return _page(definition, submitted, {} if action == "change" else outcome.errors, key,
                     200 if action == "change" else 400)
    if action == "check":
        rows = [(f, forms.display(definition, f.name, outcome.answers[f.name])) for f in definition.fields]
        return render_template("forms/check.html", form=definition, rows=rows, answers=outcome.answers, key=key)
    if action != "submit":
        abort(400)
    answers, now = outcome.answers, utcnow()
    customer = enquiries.find_or_create_customer(db.session, ContactDetails(
        name=answers.get("name", ""), email=answers.get("email"), phone=answers.get("phone"),
        address=answers.get("address", ""), postcode=answers.get("postcode")))
    subject, description, location = forms.describe(definition, answers)
    enquiry, created = enquiries.open_enquiry(
        db.session, channel="web", customer=customer, case_type=enquiries.case_type(
            db.session, definition.case_type, definition.case_type_name, definition.section, definition.outcome_refs), subject=subject,
        description=description, location=location, answers=answers, received_at=now, now=now,
        submission_key=f"{form}:{key}")
    if created:
        enquiries.acknowledge(db.session, enquiry, enquiries.Council.from_config(current_app.config), now)
    # What the page shows, read before the commit expires the objects (no queries after it).
    shown = {"reference": enquiry.reference, "email": customer.email,
             "service": enquiry.case_type.section.title if enquiry.case_type.section else ""}
    db.session.commit()
    return render_template("forms/done.html", form=definition, **shown)

"""E-forms for residents (/forms/<form>): the form, check your answers, then one enquiry
with its reference on a confirmation panel and an acknowledgement email. No cookie: the
answers travel in the page between steps, and the submission key makes a double click or
a resubmitted page one enquiry."""
import logging
import secrets

from flask import Blueprint, abort, current_app, make_response, render_template, request

from ieg.casework import eform_definitions
from ieg.casework import enquiries, fast_intake, files, form_groups, pending_uploads
from ieg.content.attachments import human_size
from ieg import files_store
from ieg.extensions import db, limiter
from ieg.timeutil import to_local, utcnow
from ieg.config import Council

bp = Blueprint("forms", __name__, url_prefix="/forms")
log = logging.getLogger(__name__)
HONEYPOT = "website"  # hidden from people; bots fill it in
MB = 1024 * 1024


def _form(slug: str) -> eform_definitions.FormDefinition:
    definition = eform_definitions.definition(db.session, slug)
    if definition is None:
        abort(404)
    return definition


def page(definition, answers, outcome=None, key="", photos=None, status=200, preview=""):
    """The form page; also the administrators' preview (ieg/blueprints/eforms_admin.py), which
    cannot be sent and links back to `preview`."""
    outcome = outcome or eform_definitions.Outcome()
    response = make_response(render_template(
        "forms/form.html", form=definition, answers=answers, errors=outcome.errors, summary=outcome.summary(),
        wrong_parts=outcome.wrong_parts, key=key, photos=photos or {}, honeypot=HONEYPOT, preview=preview), status)
    if any(f.kind == "location" for f in definition.fields):
        # "Use my location" asks the browser; this site alone may, and only on these pages.
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(self)"
    return response


def _photos(definition, submitted, need_file):
    """Each photo question's pending upload, and messages for photos refused; the page then
    carries the upload's signed token as the answer (see ieg/casework/pending_uploads.py)."""
    chosen, refused = {}, {}
    cfg, file_store = current_app.config, files_store.current()
    for f in (f for f in definition.fields if f.kind == "photo"):
        upload = request.files.get(f.name)
        # The room photos not yet sent may take, for this client and for everyone.
        limits = pending_uploads.Limits(pending_uploads.client_key(cfg["SECRET_KEY"], request.remote_addr),
                                        per_client=cfg["PENDING_UPLOADS_PER_CLIENT_MB"] * MB,
                                        total=cfg["PENDING_UPLOADS_MB"] * MB)
        choice = pending_uploads.choose(
            file_store, cfg["SECRET_KEY"], carried=submitted.get(f.name, ""),
            upload=(upload.filename, upload.read(files.PHOTO_MAX_BYTES + 1)) if upload and upload.filename
            else None,
            remove=bool(request.form.get(f"{f.name}-remove")), need_file=need_file, limits=limits)
        submitted[f.name] = choice.token
        if choice.pending is not None:
            chosen[f.name] = choice.pending
        if choice.refused:
            refused[f.name] = choice.refused
    # Kept photos are committed now: the page carrying their tokens may be sent through another node.
    db.session.commit()
    return chosen, refused


def _shown(definition, f, answers, photos):
    answer = answers[f.name]
    if f.kind == "photo" and f.name in photos:
        return f"{photos[f.name].filename} ({human_size(photos[f.name].size or 0)})"
    return eform_definitions.display(definition, f.name, answer, answers)


@bp.get("/")
def index():
    return render_template("forms/index.html", groups=form_groups.group(form_groups.listed(db.session)))


@bp.get("/<form>")
def show(form: str):
    return page(_form(form), {}, key=secrets.token_urlsafe(24))


@bp.post("/<form>")
@limiter.limit("20 per minute; 100 per hour")
def step(form: str):
    definition = _form(form)
    submitted = eform_definitions.collect(definition, request.form)
    key = request.form.get("submission", "")[:64] or secrets.token_urlsafe(24)
    action = request.form.get("action", "check")
    if request.form.get(HONEYPOT):
        log.info("form %s: honeypot filled in; nothing stored", form)
        abort(400)
    photos, refused = _photos(definition, submitted, need_file=action != "submit")
    today = to_local(utcnow(), current_app.config["TIMEZONE"]).date()
    outcome = eform_definitions.validate(definition, submitted, today, refused)
    if action == "change" or not outcome.ok:
        return page(definition, submitted, None if action == "change" else outcome, key, photos,
                    200 if action == "change" else 400)
    if action == "check":
        rows = [(f, _shown(definition, f, outcome.answers, photos)) for f in definition.fields]
        return render_template("forms/check.html", form=definition, rows=rows, answers=outcome.answers, key=key)
    if action != "submit":
        abort(400)
    try:
        done = fast_intake.submit_web_form(
            db.session, definition, outcome.answers, key, photos, Council.from_config(current_app.config),
            utcnow(), files_store.current())
    except fast_intake.PhotoGone as gone:  # cleared as too old between check and send: they choose it again
        return page(definition, {**submitted, gone.field: ""},
                    eform_definitions.Outcome(errors={gone.field: pending_uploads.GONE}), key, status=400)
    return render_template("forms/done.html", form=definition, reference=done.reference, email=done.email,
                           service=done.service)

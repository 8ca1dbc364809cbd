"""Consultations (/consultations): residents read, respond (no account, no cookie: answers travel in
the page between steps, as on the e-forms), come back by a signed link to change their response,
and read results and the outcome; staff in the consultation's section keep it (/consultations/manage).
"""
import logging
from datetime import datetime

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ieg.blueprints.common import get_or_404, show_on_form
from ieg.blueprints.participation_forms import (ConsultationForm, OfflineForm, OutcomeForm, QuestionForm,
                                                TargetForm)
from ieg.config import Council
from ieg.content import queries as content_queries
from ieg.dates import parse_local
from ieg.extensions import db, limiter
from ieg.input_errors import InputError
from ieg.models import Consultation, ConsultationResponse
from ieg.participation import (charts, consultation_status, consultations, exports, measures, redaction, responses,
                               signing, surveys)
from ieg.participation.consultation_status import closing_words
from ieg.participation.consultations import ConsultationInput, Mailing, StateError
from ieg.participation.signing import Links
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import as_utc, to_local, utcnow

bp = Blueprint("consultations", __name__, url_prefix="/consultations")
log = logging.getLogger(__name__)
HONEYPOT = "website"
ABOUT = ("name", "email", "postcode", "respondent_type", "organisation", "publish", "satisfaction")


def _mailing() -> Mailing:
    council = Council.from_config(current_app.config)
    return Mailing(Links(council.base_url, council.secret_key), council.name, council.mail_domain, council.timezone)


def _public_or_404(slug: str) -> Consultation:
    consultation = consultations.by_slug(db.session, slug)
    if consultation is None or not consultations.is_public(consultation):
        abort(404)
    return consultation


def _charts(consultation: Consultation, results: responses.Results) -> list[dict]:
    """Each choice question's chart (SVG) and its figures as a table."""
    out = []
    for n, q in enumerate(consultation.questions):
        rows = results.by_question.get(q["name"])
        if rows is not None:
            out.append({"label": q["label"], "rows": rows, "total": sum(c for _, c in rows),
                        "svg": charts.bar_chart(q["label"], rows, f"chart-{n}")})
    return out


# The public's pages.

@bp.get("/")
def index():
    return render_template("participation/index.html", lists=consultations.public_lists(db.session),
                           labels=consultation_status.LABELS)


@bp.get("/feed.atom")
def feed():
    lists = consultations.public_lists(db.session)
    items = sorted([c for found in lists.values() for c in found], key=lambda c: c.updated_at, reverse=True)[:50]
    body = render_template("participation/feed.xml", items=items, labels=consultation_status.LABELS,
                           base=current_app.config["BASE_URL"].rstrip("/"),
                           updated=max((c.updated_at for c in items), default=utcnow()))
    return Response(body, mimetype="application/atom+xml")


@bp.get("/<slug>")
def show(slug: str):
    consultation = _public_or_404(slug)
    finished = consultation.status in (consultation_status.CLOSED, consultation_status.CONCLUDED)
    results = responses.results(db.session, consultation) if finished else None
    published = responses.published(db.session, consultation) if finished else []
    return render_template("participation/show.html", c=consultation, labels=consultation_status.LABELS,
                           colours=consultation_status.TAG_COLOURS, results=results,
                           charts=_charts(consultation, results) if results else [], published=published[:50],
                           published_count=len(published),
                           outcome=consultation.outcome_page if consultations.outcome_published(consultation) else None)


@bp.get("/<slug>/responses.<fmt>")
def open_data(slug: str, fmt: str):
    """The published responses as open data, redacted by consent: after the consultation closes."""
    consultation = _public_or_404(slug)
    if consultation.status not in (consultation_status.CLOSED, consultation_status.CONCLUDED) or fmt not in (
            "csv", "json"):
        abort(404)
    records = responses.published(db.session, consultation)
    if fmt == "csv":
        return Response(exports.open_data_csv(consultation, records), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{consultation.slug}-responses.csv"'})
    return Response(exports.open_data_json(consultation, records), mimetype="application/json")


def _about_from(form) -> responses.AboutYou:
    return responses.AboutYou(**{name: form.get(name, "") for name in ABOUT})


def _answers_from(consultation: Consultation, form) -> tuple[dict, dict]:
    return surveys.collect(consultation.questions, form.getlist)


def _respond_page(template, consultation, answers, about, errors=None, status=200, token="", edit=False):
    return render_template(f"participation/{template}", c=consultation, answers=answers, about=about,
                           errors=errors or {}, token=token, honeypot=HONEYPOT, edit=edit,
                           consents=redaction.CONSENTS, types=redaction.RESPONDENT_TYPES,
                           satisfaction=responses.SATISFACTION, display=surveys.display,
                           options_of=surveys.options_of), status


def _question_page(consultation, page, answers, about, token, edit, checking=False, errors=None, status=200):
    return render_template("participation/respond_one.html", c=consultation, page=page, answers=answers,
                           about=about, errors=errors or {}, token=token, honeypot=HONEYPOT, edit=edit,
                           checking=checking, options_of=surveys.options_of), status


def _one_per_page(consultation, step, answers, errors, about, token, edit):
    """A survey shown one question per page: "goto" shows a page (Back, or Change from check your
    answers), "page" takes its answer and moves on: the next question, about you, or straight back
    to check your answers when the respondent came from there."""
    page = surveys.page_index(consultation.questions, request.form.get("page"))
    if page is None:
        abort(400)
    checking = request.form.get("return_to") == "check"
    if step == "goto":
        return _question_page(consultation, page, answers, about, token, edit, checking)
    problem, crafted = surveys.page_check(consultation.questions, page, errors, checking)
    if crafted:
        abort(400)
    if problem:
        return _question_page(consultation, page, answers, about, token, edit, checking, problem, 400)
    if checking:
        try:
            return _respond_page("respond_check.html", consultation, answers, about.checked(), token=token,
                                 edit=edit)
        except responses.ResponseError as error:
            return _respond_page("respond_about.html", consultation, answers, about, error.errors, 400, token, edit)
    if page + 1 < len(consultation.questions):
        return _question_page(consultation, page + 1, answers, about, token, edit)
    return _respond_page("respond_about.html", consultation, answers, about, token=token, edit=edit)


def _respond(consultation: Consultation, existing=None, token: str = ""):
    """The steps: questions (all on one page, or one per page) -> about you -> check your answers
    -> sent. Each step's form carries what was given before it in hidden fields."""
    edit = existing is not None
    if request.method == "GET":
        answers, about = {}, responses.AboutYou()
        if edit:
            answers = existing.answers
            about = responses.AboutYou(existing.name, existing.email, existing.postcode, existing.respondent_type,
                                       existing.organisation, existing.publish, str(existing.satisfaction or ""))
        if consultation.one_per_page and consultation.questions:
            return _question_page(consultation, 0, answers, about, token, edit)
        return _respond_page("respond_questions.html", consultation, answers, about, token=token, edit=edit)
    if request.form.get(HONEYPOT):
        log.info("consultation %s: honeypot filled in; nothing stored", consultation.slug)
        abort(400)
    step = request.form.get("action", "questions")
    answers, errors = _answers_from(consultation, request.form)
    about = _about_from(request.form)
    if step in ("goto", "page") and consultation.one_per_page:
        return _one_per_page(consultation, step, answers, errors, about, token, edit)
    if step == "change" or (step == "questions" and errors):
        return _respond_page("respond_questions.html", consultation, answers, about,
                             errors if step != "change" else None, 400 if step != "change" else 200, token, edit)
    if errors:
        abort(400)  # answers carried from an earlier step no longer check out: a crafted request
    if step == "questions" or step == "change_about":
        return _respond_page("respond_about.html", consultation, answers, about, token=token, edit=edit)
    try:
        checked = about.checked()
    except responses.ResponseError as error:
        return _respond_page("respond_about.html", consultation, answers, about, error.errors, 400, token, edit)
    if step == "about":
        return _respond_page("respond_check.html", consultation, answers, checked, token=token, edit=edit)
    if step != "submit":
        abort(400)
    try:
        if edit:
            responses.change(db.session, utcnow(), consultation, existing, answers, checked)
            response = existing
        else:
            response = responses.submit(db.session, utcnow(), consultation, answers, checked)
    except responses.Closed:
        db.session.rollback()
        return render_template("participation/closed.html", c=consultation), 409
    link = _mailing().links.response(consultation.slug, response.id, response.edit_key)
    if response.email:
        _confirm_by_email(consultation, response, link, edit)
    # What the page shows, read before the commit expires the objects (reading them again after
    # cost two queries).
    shown = {"c": {"title": consultation.title, "slug": consultation.slug, "closes_at": consultation.closes_at},
             "response": {"reference": response.reference, "email": response.email}}
    db.session.commit()
    return render_template("participation/respond_done.html", link=link, edit=edit, **shown)


def _confirm_by_email(consultation, response, link, edit):
    from ieg.mail import outbox

    council = Council.from_config(current_app.config)
    outbox.enqueue(db.session, to=response.email, now=utcnow(), sender_domain=council.mail_domain,
                   purpose="consultation-response",
                   subject=f"Your response to {consultation.title}: {response.reference}",
                   body=(f"Thank you for {'changing' if edit else 'sending'} your response to the consultation "
                         f"\u201c{consultation.title}\u201d.\n\nYour reference: {response.reference}\n\n"
                         f"You can change your response until the consultation closes "
                         f"({closing_words(as_utc(consultation.closes_at), council.timezone)}) with this link:\n{link}\n"))


@bp.route("/<slug>/respond", methods=["GET", "POST"])
@limiter.limit("30 per minute; 200 per hour", methods=["POST"])
def respond(slug: str):
    consultation = _public_or_404(slug)
    if not consultation_status.accepts_responses(consultation.status):
        return render_template("participation/closed.html", c=consultation), 409
    return _respond(consultation)


@bp.route("/<slug>/response/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute; 200 per hour", methods=["POST"])
def change_response(slug: str, token: str):
    consultation = _public_or_404(slug)
    value = signing.read(current_app.config["SECRET_KEY"], signing.RESPONSE, token)
    number, _, edit_key = (value or "").partition("-")
    existing = responses.for_link(db.session, consultation, int(number), edit_key) if number.isdigit() else None
    if existing is None:
        abort(404)
    if not consultation_status.accepts_responses(consultation.status):
        return render_template("participation/closed.html", c=consultation), 409
    return _respond(consultation, existing, token)


# Staff: the section's editors keep its consultations.

def _editable_sections():
    return [s for s in content_queries.sections(db.session) if can(current_user, "section.edit", s)]


def _staff_or_404(consultation_id: int, action: str = "section.edit") -> Consultation:
    consultation = get_or_404(Consultation, consultation_id)
    require(action, consultation.section)
    return consultation


def _when(day: str, clock: str, zone: str) -> datetime:
    parts = day.strip().replace("-", "/").split("/")
    if len(parts) != 3:
        raise ValueError("not a date")
    d, m, y = parts
    return parse_local(d, m, y, clock.strip() or "00:00", zone)


def _input_from(form: ConsultationForm) -> ConsultationInput | None:
    zone = current_app.config["TIMEZONE"]
    times = {}
    for name in ("opens", "closes"):
        try:
            times[name] = _when(form[f"{name}_date"].data or "", form[f"{name}_time"].data or "", zone)
        except ValueError:
            form[f"{name}_date"].errors = [*form[f"{name}_date"].errors,
                                           "Enter a real date and a time that exists, like 23/11/2026 and 09:00"]
    if len(times) < 2:
        return None
    return ConsultationInput(title=form.title.data or "", summary=form.summary.data or "",
                             background=form.background.data or "", opens_at=times["opens"],
                             closes_at=times["closes"], wards=(form.wards.data or "").split(","),
                             areas=form.areas.data or "", one_per_page=form.layout.data == "one")


@bp.get("/manage/")
def manage():
    require("edit.dashboard")
    sections = _editable_sections()
    return render_template("participation/manage.html", consultations=consultations.for_editor(
        db.session, None if can(current_user, "section.manage") else [s.id for s in sections]),
        labels=consultation_status.LABELS, can_targets=can(current_user, "participation.targets"))


@bp.route("/manage/new", methods=["GET", "POST"])
def new():
    require("edit.dashboard")
    sections = _editable_sections()
    if not sections:
        abort(403)
    form = ConsultationForm(formdata=request.form if request.method == "POST" else None)
    form.section.choices = [SelectChoice("", "Choose a service area")] + [SelectChoice(str(s.id), s.title)
                                                                          for s in sections]
    if request.method == "POST" and form.validate():
        section = next((s for s in sections if str(s.id) == form.section.data), None)
        data = _input_from(form)
        if section is None:
            form.section.errors = ["Choose a service area you edit"]
        elif data is not None:
            try:
                consultation = consultations.create(db.session, current_user, utcnow(), section, data)
            except InputError as error:
                db.session.rollback()
                show_on_form(form, error, "title")
            else:
                db.session.commit()
                flash("Consultation created. Add its questions, then submit its page for publishing.", "success")
                return redirect(url_for("consultations.manage_one", consultation_id=consultation.id))
    return render_template("participation/manage_form.html", form=form, c=None), 400 if form.errors else 200


def _details_form(consultation: Consultation) -> ConsultationForm:
    zone = current_app.config["TIMEZONE"]
    opens, closes = to_local(consultation.opens_at, zone), to_local(consultation.closes_at, zone)
    return ConsultationForm(formdata=None, data={
        "section": str(consultation.section_id), "title": consultation.title, "summary": consultation.summary,
        "background": consultation.page.latest_revision.body_markdown, "wards": ", ".join(consultation.wards),
        "areas": consultation.areas, "opens_date": f"{opens:%d/%m/%Y}", "opens_time": f"{opens:%H:%M}",
        "closes_date": f"{closes:%d/%m/%Y}", "closes_time": f"{closes:%H:%M}",
        "layout": "one" if consultation.one_per_page else "all"})


def _manage_page(consultation: Consultation, form=None, status=200):
    form = form or _details_form(consultation)
    form.section.choices = [SelectChoice(str(consultation.section_id), consultation.section.title)]
    return render_template("participation/manage_one.html", c=consultation, form=form,
                           labels=consultation_status.LABELS, kinds=surveys.KINDS,
                           count=responses.count(db.session, consultation),
                           offline=OfflineForm(formdata=None, data={
                               "offline_responses": str(consultation.offline_responses)}),
                           outcome_published=consultations.outcome_published(consultation),
                           can_publish=can(current_user, "section.publish", consultation.section)), status


@bp.route("/manage/<int:consultation_id>", methods=["GET", "POST"])
def manage_one(consultation_id: int):
    consultation = _staff_or_404(consultation_id)
    if request.method == "GET":
        return _manage_page(consultation)
    # The section is not asked again (a consultation stays in its section): the form's field is
    # filled here, or its check would refuse every save.
    formdata = request.form.copy()
    formdata["section"] = str(consultation.section_id)
    form = ConsultationForm(formdata=formdata)
    form.section.choices = [SelectChoice(str(consultation.section_id), consultation.section.title)]
    if form.validate():
        data = _input_from(form)
        if data is not None:
            try:
                consultations.update(db.session, current_user, utcnow(), consultation, data)
            except InputError as error:
                db.session.rollback()
                show_on_form(form, error, "title")
            else:
                db.session.commit()
                flash("Saved. A change to the background waits for a publisher, as any page change does.", "success")
                return redirect(url_for("consultations.manage_one", consultation_id=consultation.id))
    return _manage_page(consultation, form, 400)


@bp.route("/manage/<int:consultation_id>/questions/", methods=["GET", "POST"], defaults={"name": None})
@bp.route("/manage/<int:consultation_id>/questions/<name>", methods=["GET", "POST"])
def question(consultation_id: int, name: str | None):
    consultation = _staff_or_404(consultation_id)
    current = next((q for q in consultation.questions if q["name"] == name), None) if name else None
    if name and current is None:
        abort(404)
    if request.method == "POST" and request.form.get("action") in ("remove", "up", "down"):
        try:
            if request.form["action"] == "remove":
                consultations.remove_question(db.session, consultation, name)
            else:
                consultations.move_question(db.session, consultation, name, -1 if request.form["action"] == "up" else 1)
        except StateError as error:
            db.session.rollback()
            flash(str(error))
        else:
            db.session.commit()
        return redirect(url_for("consultations.manage_one", consultation_id=consultation.id) + "#questions")
    form = QuestionForm(formdata=request.form if request.method == "POST" else None, data=current and {
        "label": current["label"], "hint": current.get("hint", ""), "kind": current["kind"],
        "options": "\n".join(current.get("options", [])), "required": "yes" if current.get("required") else "no"})
    if request.method == "POST" and form.validate():
        try:
            consultations.save_question(db.session, consultation, name, surveys.QuestionInput(
                kind=form.kind.data, label=form.label.data or "", hint=form.hint.data or "",
                required=form.required.data == "yes", options=form.options.data or ""))
        except (InputError, StateError) as error:
            db.session.rollback()
            if isinstance(error, StateError):
                form.label.errors = [str(error)]
            else:
                show_on_form(form, error, "label")
        else:
            db.session.commit()
            return redirect(url_for("consultations.manage_one", consultation_id=consultation.id) + "#questions")
    return render_template("participation/question.html", c=consultation, form=form, name=name), (
        400 if form.errors else 200)


def _act(consultation: Consultation, action, done: str):
    """Run one of the manage page's buttons: commit and say `done`, or roll back and say why not."""
    try:
        action()
    except (InputError, StateError) as error:
        db.session.rollback()
        flash(str(error))
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("consultations.manage_one", consultation_id=consultation.id))


@bp.post("/manage/<int:consultation_id>/offline")
def offline(consultation_id: int):
    consultation = _staff_or_404(consultation_id)
    return _act(consultation, lambda: consultations.set_offline_responses(
        db.session, consultation, request.form.get("offline_responses", "")),
        "Saved the number of responses taken offline.")


@bp.post("/manage/<int:consultation_id>/close")
def close(consultation_id: int):
    consultation = _staff_or_404(consultation_id, "section.publish")
    return _act(consultation, lambda: consultations.close_now(db.session, current_user, utcnow(), consultation),
                "The consultation is closed. Write its outcome page next.")


@bp.route("/manage/<int:consultation_id>/outcome", methods=["GET", "POST"])
def outcome(consultation_id: int):
    consultation = _staff_or_404(consultation_id)
    page = consultation.outcome_page
    form = OutcomeForm(formdata=request.form if request.method == "POST" else None, data={
        "summary": consultation.results_summary, "outcome": page.latest_revision.body_markdown if page else ""})
    if request.method == "POST" and form.validate():
        try:
            page = consultations.save_outcome(db.session, current_user, utcnow(), consultation, form.summary.data,
                                              form.outcome.data)
        except StateError as error:
            db.session.rollback()
            form.outcome.errors = [str(error)]
        except InputError as error:
            db.session.rollback()
            show_on_form(form, error, "outcome")
        else:
            db.session.commit()
            flash("Outcome page saved. Submit it for publishing from the page editor; once it is published, "
                  "conclude the consultation.", "success")
            return redirect(url_for("consultations.manage_one", consultation_id=consultation.id))
    return render_template("participation/outcome.html", c=consultation, form=form), 400 if form.errors else 200


@bp.post("/manage/<int:consultation_id>/conclude")
def conclude(consultation_id: int):
    consultation = _staff_or_404(consultation_id, "section.publish")
    return _act(consultation, lambda: consultations.conclude(db.session, current_user, utcnow(), consultation,
                                                             _mailing()),
                "Concluded. People who follow it have been sent the outcome.")


@bp.get("/manage/<int:consultation_id>/results")
def results(consultation_id: int):
    consultation = _staff_or_404(consultation_id)
    found = responses.results(db.session, consultation)
    return render_template("participation/results.html", c=consultation, results=found,
                           charts=_charts(consultation, found), duplicates=responses.flagged(db.session, consultation),
                           reviews=responses.REVIEWS, labels=consultation_status.LABELS)


@bp.post("/manage/<int:consultation_id>/responses/<int:response_id>/review")
def review(consultation_id: int, response_id: int):
    """Staff mark a flagged response genuine or excluded (or undecided again)."""
    consultation = _staff_or_404(consultation_id)
    response = get_or_404(ConsultationResponse, response_id)
    if response.consultation_id != consultation.id:
        abort(404)
    try:
        responses.review(db.session, current_user, utcnow(), response, request.form.get("review", ""))
    except InputError as error:
        db.session.rollback()
        flash(str(error))
    else:
        db.session.commit()
        decided = responses.REVIEWS.get(response.review, "Undecided")
        flash(f"Response {response.reference}: {decided.lower()}.", "success")
    return redirect(url_for("consultations.results", consultation_id=consultation.id) + "#duplicates")


@bp.get("/manage/<int:consultation_id>/export.<fmt>")
def export(consultation_id: int, fmt: str):
    consultation = _staff_or_404(consultation_id)
    rows = responses.all_for(db.session, consultation)
    name = f"{consultation.slug}-responses"
    if fmt == "csv":
        return Response(exports.staff_csv(consultation, rows), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "xlsx":
        return Response(exports.staff_xlsx(consultation, rows),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    if fmt == "json":
        return Response(exports.staff_json(consultation, rows), mimetype="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    abort(404)


@bp.route("/manage/targets", methods=["GET", "POST"])
def targets():
    require("participation.targets")
    form = TargetForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "POST" and form.validate():
        try:
            measures.set_target(db.session, current_user, utcnow(), form.measure.data, form.baseline.data,
                                form.target.data, form.note.data or "")
        except InputError as error:
            db.session.rollback()
            show_on_form(form, error, "baseline")
        else:
            db.session.commit()
            flash("Target saved.", "success")
            return redirect(url_for("consultations.targets"))
    return render_template("participation/targets.html", form=form, measures=measures.MEASURES,
                           targets=measures.targets(db.session)), 400 if form.errors else 200

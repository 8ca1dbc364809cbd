"""Administrators' e-forms (/admin/forms): build a form without code, one question at a
time, preview it, then make it live or take it offline. The rules and the saving are in
ieg/casework/form_builder.py; residents use the form through ieg/blueprints/eforms.py."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ieg.blueprints import eforms as public_forms
from ieg.blueprints.common import get_or_404
from ieg.casework import eform_definitions, form_builder, queries
from ieg.casework.form_builder import DetailsInput, FormBuilderError, QuestionInput
from ieg.content import queries as content_queries
from ieg.evidence import bvpi
from ieg.extensions import db
from ieg.models import EForm
from ieg.security import require

bp = Blueprint("eforms_admin", __name__, url_prefix="/admin/forms")


def _record(form_id: int) -> EForm:
    require("forms.manage")
    return get_or_404(EForm, form_id)


def _save(action) -> dict[str, str]:
    """Run a form_builder service and commit; on refusal roll back and return its messages."""
    try:
        action()
    except FormBuilderError as refused:
        db.session.rollback()
        return refused.errors
    db.session.commit()
    return {}


def _actor():
    return current_user._get_current_object()


@bp.get("/")
def index():
    require("forms.manage")
    made = queries.eforms(db.session)
    return render_template("admin/eforms.html", built_in=list(eform_definitions.STANDARD_FORMS.values()), made=made)


def _details_page(record, data, errors, status=200):
    case_types = queries.case_types_with_services(db.session)
    sections = content_queries.sections(db.session)
    return render_template("admin/eform_details.html", record=record, data=data, errors=errors,
                           case_types=case_types, sections=sections, interactions=bvpi.counted_types()), status


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:form_id>/details", methods=["GET", "POST"])
def details(form_id: int | None = None):
    require("forms.manage")
    record = get_or_404(EForm, form_id) if form_id else None
    if request.method == "GET":
        return _details_page(record, DetailsInput.of(record) if record else DetailsInput(), {})
    data = DetailsInput.from_mapping(request.form)
    saved = []
    errors = _save(lambda: saved.append(form_builder.save_details(db.session, record, data, _actor())))
    if errors:
        return _details_page(record, data, errors, 400)
    flash("Form saved. Add its questions, then preview it and make it live." if record is None
          else "Form details saved.", "success")
    return redirect(url_for(".show", form_id=saved[0].id))


def _show_page(record: EForm, errors: dict[str, str], status=200):
    # The form-level problems are shown beside the questions, so the summary links there.
    summary = {f"{name}-error" if name in ("questions", "email") else name: message
               for name, message in errors.items()}
    questions = [(q, form_builder.answer_type(q)) for q in record.fields or ()]
    return render_template("admin/eform.html", record=record, questions=questions, errors=errors,
                           summary=summary, problems=form_builder.publish_problems(record)), status


@bp.get("/<int:form_id>")
def show(form_id: int):
    return _show_page(_record(form_id), {})


def _question_page(record, name, data, errors, status=200):
    return render_template("admin/eform_question.html", record=record, name=name, data=data, errors=errors,
                           answer_types=form_builder.ANSWER_TYPES.values()), status


@bp.route("/<int:form_id>/questions/new", methods=["GET", "POST"])
@bp.route("/<int:form_id>/questions/<name>/change", methods=["GET", "POST"])
def question(form_id: int, name: str | None = None):
    record = _record(form_id)
    index = form_builder.find_question(record, name) if name else None
    if name and index is None:
        abort(404)
    if request.method == "GET":
        data = QuestionInput.of(record.fields[index]) if name else QuestionInput(required="yes")
        return _question_page(record, name, data, {})
    data = QuestionInput.from_mapping(request.form)
    errors = _save(lambda: form_builder.save_question(db.session, record, name, data, _actor()))
    if errors.get("questions"):  # the form is live and would stop being sendable
        errors = {"answer_type": errors["questions"]}
    if errors:
        return _question_page(record, name, data, errors, 400)
    flash(f"Question {'saved' if name else 'added'}: {data.label}", "success")
    return redirect(url_for(".show", form_id=record.id))


def _change(record: EForm, action, message: str = ""):
    """A change made from the form's page: back to it, or the page again saying what was refused."""
    errors = _save(action)
    if errors:
        return _show_page(record, errors, 400)
    if message:
        flash(message, "success")
    return redirect(url_for(".show", form_id=record.id))


@bp.post("/<int:form_id>/questions/<name>/move")
def move(form_id: int, name: str):
    record = _record(form_id)
    offset = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if offset is None:
        abort(400)
    return _change(record, lambda: form_builder.move_question(db.session, record, name, offset, _actor()))


@bp.post("/<int:form_id>/questions/<name>/remove")
def remove(form_id: int, name: str):
    record = _record(form_id)
    return _change(record, lambda: form_builder.remove_question(db.session, record, name, _actor()),
                   "Question removed.")


@bp.post("/<int:form_id>/answers")
def answers(form_id: int):
    record = _record(form_id)
    return _change(record, lambda: form_builder.set_enquiry_answers(
        db.session, record, request.form.get("subject_field", ""), request.form.getlist("description_fields"),
        request.form.get("location_field", ""), _actor()), "Saved which answers make up the enquiry.")


@bp.post("/<int:form_id>/live")
def live(form_id: int):
    record = _record(form_id)
    going_live = request.form.get("live") == "yes"
    return _change(record, lambda: form_builder.set_live(db.session, record, going_live, _actor()),
                   f"The form is live at /forms/{record.slug}." if going_live
                   else "The form is offline: residents can no longer use it.")


@bp.get("/<int:form_id>/preview")
def preview(form_id: int):
    """The real public page, drafts included; it cannot be sent."""
    record = _record(form_id)
    return public_forms.page(eform_definitions.from_record(record), {}, preview=url_for(".show", form_id=record.id))

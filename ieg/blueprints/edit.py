"""The editing area (/edit): each service edits its own section's pages (R24)."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from ieg.blueprints.page_forms import CommentForm, PageForm, split_list
from ieg.content import attachments, feedback, links, markdown, notify, pages, queries, workflow
from ieg.blueprints.common import get_or_404, get_typed, section_or_404
from ieg import files_store
from ieg.extensions import db
from ieg.models import Attachment, Page, PageFeedback, PageRevision, Section
from ieg.people.permissions import can
from ieg.security import background, require
from ieg.dates import parse_local
from ieg.timeutil import utcnow

bp = Blueprint("edit", __name__, url_prefix="/edit")


def _page(page_id: int) -> Page:
    return get_or_404(Page, page_id)


def _section_pages(section: Section) -> list[Page]:
    return queries.section_pages(db.session, section)


@bp.get("/")
def dashboard():
    require("edit.dashboard")
    now = utcnow()
    return render_template("edit/dashboard.html",
                           sections=queries.dashboard(db.session, current_user, now.date(), now - timedelta(days=7)))


@bp.get("/sections/<slug>/")
def section_pages(slug: str):
    section = section_or_404(slug)
    require("section.edit", section)
    return render_template("edit/section.html", section=section, pages=_section_pages(section),
                           publisher=can(current_user, "section.publish", section), today=utcnow().date())


@bp.get("/sections/<slug>/feedback")
def section_feedback(slug: str):
    """The section's "Is this page useful?" answers, for its editors to read and mark done."""
    section = section_or_404(slug)
    require("section.edit", section)
    state, about = _feedback_choice(request.args, section)
    found = feedback.inbox(db.session, section.id, state, about.id if about else None, request.args.get("page"))
    return render_template("edit/feedback.html", section=section, state=state, states=_FEEDBACK_STATES,
                           about=about, inbox=found, counts=feedback.counts_by_page(db.session, section.id),
                           args={"show": state, **({"page_id": about.id} if about else {})})


_FEEDBACK_STATES = ((feedback.UNREAD, "Not yet read"), (feedback.DONE, "Done"), (feedback.ALL, "All"))


def _feedback_choice(values, section: Section) -> tuple[str, Page | None]:
    """Which answers to show (not yet read unless another known choice), and for which of the
    section's pages (every page unless one of its own)."""
    state = values.get("show", "")
    page_id = values.get("page_id", "")
    page = get_typed(Page, page_id)
    return (state if state in feedback.STATES else feedback.UNREAD,
            page if page is not None and page.section_id == section.id else None)


@bp.post("/sections/<slug>/feedback/<int:item_id>")
def mark_feedback(slug: str, item_id: int):
    section = section_or_404(slug)
    require("section.edit", section)
    item = get_or_404(PageFeedback, item_id, section_id=section.id)
    if request.form.get("action") == "done":
        feedback.mark_done(db.session, item, current_user, utcnow())
        message = f"Feedback on “{item.page.title}” marked as done."
    elif request.form.get("action") == "not_done":
        feedback.mark_not_done(db.session, item)
        message = f"Feedback on “{item.page.title}” is back with the feedback not yet read."
    else:
        abort(400)
    db.session.commit()
    flash(message, "success")
    state, about = _feedback_choice(request.form, section)
    page = request.form.get("page", "")
    return redirect(url_for("edit.section_feedback", slug=section.slug, show=state, page_id=about.id if about else None,
                            page=page if page.isdecimal() and page != "1" else None))


@bp.get("/sections/<slug>/links")
def section_links(slug: str):
    section = section_or_404(slug)
    require("section.edit", section)
    return render_template("edit/links.html", section=section, broken=links.broken_links(db.session, section.id),
                           results=links.history(db.session, section.id))


def _input_from(form: PageForm) -> pages.PageInput:
    return pages.PageInput(
        title=form.title.data or "", summary=form.summary.data or "", body_markdown=form.body.data or "",
        slug=(form.slug.data or "").strip(), parent_id=int(form.parent_id.data) if form.parent_id.data else None,
        lgsl_ids=[int(c) for c in split_list(form.lgsl_codes.data)],
        outcome_refs=[r.upper() for r in split_list(form.outcome_refs.data)],
        az_aliases=[line.strip() for line in (form.az_aliases.data or "").splitlines() if line.strip()],
        owner_name=form.owner_name.data or "", review_by=form.review_by.data,
        egms_subject_keywords=form.egms_subject_keywords.data or "", egms_coverage=form.egms_coverage.data or "",
        note=form.note.data or "", top_task=bool(form.top_task.data), sort_order=form.sort_order.data or 0)


def _fill(form: PageForm, data: pages.PageInput) -> None:
    form.title.data, form.summary.data, form.body.data = data.title, data.summary, data.body_markdown
    form.slug.data, form.parent_id.data = data.slug, str(data.parent_id or "")
    form.lgsl_codes.data = ", ".join(map(str, data.lgsl_ids))
    form.outcome_refs.data = ", ".join(data.outcome_refs)
    form.az_aliases.data = "\n".join(data.az_aliases)
    form.owner_name.data, form.review_by.data = data.owner_name, data.review_by
    form.egms_subject_keywords.data, form.egms_coverage.data = data.egms_subject_keywords, data.egms_coverage
    form.top_task.data, form.sort_order.data = data.top_task, data.sort_order


def _show_page_error(form: PageForm, error: pages.PageError) -> None:
    field = {"lgsl_ids": "lgsl_codes"}.get(error.field or "", error.field or "title")
    target = getattr(form, field, form.title)
    target.errors = [*target.errors, str(error)]


@bp.route("/sections/<slug>/new", methods=["GET", "POST"])
def new_page(slug: str):
    section = section_or_404(slug)
    require("section.edit", section)
    form = PageForm()
    form.set_parents(_section_pages(section))
    if request.method == "GET":
        form.owner_name.data = current_user.name
        form.review_by.data = (utcnow() + timedelta(days=365)).date()
    if form.validate_on_submit():
        done = _save(form, lambda: pages.create_page(db.session, section, current_user, _input_from(form), utcnow()))
        if done:
            return done
    if request.method == "GET":  # they have left whatever page they had open
        pages.leave_editing(db.session, current_user)
        db.session.commit()
    return render_template("edit/page.html", form=form, section=section, page=None, others=[], findings=[])


@bp.route("/pages/<int:page_id>", methods=["GET", "POST"])
def page(page_id: int):
    item = _page(page_id)
    require("section.edit", item.section)
    form = PageForm()
    form.set_parents(_section_pages(item.section), current=item)
    if request.method == "GET":
        _fill(form, pages.PageInput.from_revision(item.latest_revision))  # what the editors propose
    elif form.validate_on_submit():
        scheduled = item.publish_at is not None

        def save():
            pages.save_page(db.session, item, current_user, _input_from(form), utcnow())
            if scheduled and item.publish_at is None:
                flash("The scheduled publication was cancelled: a publisher must approve the changes and "
                      "publish or schedule the page again.", "info")
            return item
        done = _save(form, save)
        if done:
            return done
    others = pages.touch_editing(db.session, item, current_user, utcnow(), opened=request.method == "GET")
    db.session.commit()
    return render_template("edit/page.html", form=form, section=item.section, page=item, others=others,
                           findings=pages.check(item), publisher=can(current_user, "section.publish", item.section),
                           waiting=pages.waiting_for_publisher(db.session, item),
                           seen=pages.last_event_id(db.session, item),
                           comment_form=CommentForm(formdata=None), heartbeat=pages.EDITING_HEARTBEAT_SECONDS)


@bp.post("/pages/<int:page_id>/presence")
@background
def presence(page_id: int):
    """The open editor saying it is still there; answers who else has the page open."""
    item = _page(page_id)
    require("section.edit", item.section)
    others = pages.touch_editing(db.session, item, current_user, utcnow())
    db.session.commit()
    return jsonify({"others": [other.name for other in others]})


@bp.post("/pages/<int:page_id>/close")
def close(page_id: int):
    """The editor has left the page: "Close without saving", or the browser leaving it (a
    beacon, which wants no page back)."""
    item = _page(page_id)
    require("section.edit", item.section)
    pages.leave_editing(db.session, current_user, item)
    db.session.commit()
    if request.form.get("beacon"):
        return "", 204
    return redirect(url_for("edit.section_pages", slug=item.section.slug))


def _save(form: PageForm, action):
    """Run a create or save; on a refusal show why and return None; otherwise commit and
    either submit the page (Save and submit) or confirm the draft."""
    try:
        page = action()
    except pages.PageError as error:
        db.session.rollback()
        _show_page_error(form, error)
        return None
    except pages.WorkflowError as error:
        db.session.rollback()
        flash(str(error), "info")
        return None
    db.session.commit()
    if form.save_submit.data:
        return _move(page, "submit")
    flash("Draft saved. It is not public until a publisher approves it.", "success")
    return redirect(url_for("edit.page", page_id=page.id))


def _mailer() -> notify.Mailer:
    return notify.Mailer.from_config(current_app.config)


def _move(item: Page, action: str, **given):
    """Apply a workflow step; commit it, or roll it back and say why."""
    outcome = workflow.apply(db.session, item, current_user, utcnow(), action, mailer=_mailer(),
                             zone=current_app.config["TIMEZONE"], **given)
    if outcome.done:
        db.session.commit()
    else:
        db.session.rollback()
    flash(outcome.message, "success" if outcome.done else "info")
    return redirect(url_for("edit.page", page_id=item.id, _anchor=outcome.anchor))


@bp.post("/pages/<int:page_id>/<action>", endpoint="workflow")
def workflow_step(page_id: int, action: str):
    item = _page(page_id)
    if action not in workflow.NEEDS:
        abort(404)
    require(workflow.NEEDS[action], item.section)
    if action == "submit":
        return _move(item, action)
    comment = (CommentForm().comment.data or "").strip()
    try:
        when = _when(request.form, "at")
    except ValueError as error:
        flash(f"Nothing was changed: the date and time are not right ({error}). Use a date like 27 3 2027 "
              "and a 24-hour time like 14:30.", "info")
        return redirect(url_for("edit.page", page_id=item.id))
    seen = request.form.get("seen", "")
    return _move(item, action, comment=comment, at=when, seen=int(seen) if seen.isdecimal() else None)


def _when(form, prefix: str):
    """An optional date and time typed in the council's zone, as UTC (None if left blank)."""
    parts = [form.get(f"{prefix}-{name}", "").strip() for name in ("day", "month", "year", "time")]
    if not any(parts):
        return None
    if not all(parts):
        raise ValueError("enter the day, month, year and time")
    return parse_local(*parts, zone=current_app.config["TIMEZONE"])


@bp.get("/pages/<int:page_id>/history")
def history(page_id: int):
    item = _page(page_id)
    require("section.edit", item.section)
    return render_template("edit/history.html", page=item, revisions=queries.revisions(db.session, item),
                           events=queries.events(db.session, item))


def _revision(item: Page, number: int) -> PageRevision:
    revision = queries.revision(db.session, item, number)
    if revision is None:
        abort(404)
    return revision


@bp.get("/pages/<int:page_id>/compare")
def compare(page_id: int):
    item = _page(page_id)
    require("section.edit", item.section)
    try:
        a, b = int(request.args.get("a", "")), int(request.args.get("b", ""))
    except ValueError:
        flash("Choose two revisions to compare.", "info")
        return redirect(url_for("edit.history", page_id=item.id))
    old, new = _revision(item, min(a, b)), _revision(item, max(a, b))
    return render_template("edit/compare.html", page=item, old=old, new=new,
                           changes=pages.compare_revisions(db.session, old, new))


@bp.post("/pages/<int:page_id>/revisions/<int:number>/restore")
def restore(page_id: int, number: int):
    item = _page(page_id)
    require("section.edit", item.section)
    revision = _revision(item, number)
    new = pages.restore(db.session, item, revision, current_user, utcnow())
    db.session.commit()
    flash(f"Revision {number} restored as a new draft (revision {new.number}).", "success")
    return redirect(url_for("edit.page", page_id=item.id))


@bp.post("/pages/<int:page_id>/attachments")
def upload(page_id: int):
    item = _page(page_id)
    require("section.edit", item.section)
    upload_file = request.files.get("file")
    try:
        added = pages.add_file(
            db.session, item, current_user, files_store.current(),
            filename=upload_file.filename if upload_file else "", data=upload_file.read() if upload_file else b"",
            title=request.form.get("title", ""), alt_text=request.form.get("alt_text", ""), now=utcnow())
    except (attachments.UploadError, pages.WorkflowError) as error:
        db.session.rollback()
        flash(f"Not uploaded: {error}.", "info")
    else:
        db.session.commit()
        flash(f"{added.title} uploaded. It is not public until a publisher publishes the page.", "success")
    return redirect(url_for("edit.page", page_id=item.id, _anchor="attachments"))


def _attachment(item: Page, attachment_id: int) -> Attachment:
    return get_or_404(Attachment, attachment_id, page_id=item.id)


@bp.post("/pages/<int:page_id>/attachments/<int:attachment_id>/delete")
def delete_attachment(page_id: int, attachment_id: int):
    item = _page(page_id)
    require("section.edit", item.section)
    found = _attachment(item, attachment_id)
    title = found.title
    done = pages.remove_file(db.session, item, found, current_user, utcnow(),
                             at_once=can(current_user, "section.publish", item.section))
    db.session.commit()
    flash({pages.REMOVED: f"{title} removed.",
           pages.TAKEN_DOWN: f"{title} removed. It is no longer on the website.",
           pages.REMOVAL_REQUESTED: f"{title} will be removed when a publisher publishes the page."}[done], "success")
    return redirect(url_for("edit.page", page_id=item.id, _anchor="attachments"))


@bp.post("/pages/<int:page_id>/attachments/<int:attachment_id>/keep")
def keep_attachment(page_id: int, attachment_id: int):
    item = _page(page_id)
    require("section.edit", item.section)
    found = _attachment(item, attachment_id)
    pages.keep_file(db.session, item, found, current_user, utcnow())
    db.session.commit()
    flash(f"{found.title} will stay on the page.", "success")
    return redirect(url_for("edit.page", page_id=item.id, _anchor="attachments"))


@bp.post("/preview")
def preview():
    """Live preview for the editor: the same renderer and sanitiser the page will use."""
    require("edit.dashboard")
    text = request.form.get("body", "")
    return jsonify({"html": markdown.render(text[:100_000])})


@bp.get("/guide")
def guide():
    require("edit.dashboard")
    return render_template("edit/guide.html")

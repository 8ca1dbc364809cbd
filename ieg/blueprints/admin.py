"""Administration (/admin): users, roles, section grants and sections."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ieg.blueprints.section_forms import SectionForm
from ieg.content import home_alert, queries as content_queries
from ieg.content.sections import SectionError, save_section
from ieg.blueprints.common import get_or_404, show_on_form
from ieg.extensions import db
from ieg.mail import outbox as mail
from ieg.models import Section, User
from ieg.people import accounts, queries as people_queries
from ieg.blueprints.user_admin_forms import (NO_ACCESS, NewUserForm, PersonalDataForm, ResetPasswordForm, SignInPolicyForm,
                                    TwoFactorResetForm, UserDetailsForm, grants_form)
from ieg.security import current_session_token, require
from ieg.dates import parse_local
from ieg.timeutil import utcnow

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _sections() -> list[Section]:
    return content_queries.sections(db.session)


def _commit_or_show(form, action):
    """Run a service call and commit; if the service refuses, roll back, show its
    message against the field it names, and return None."""
    try:
        result = action()
    except (accounts.AccountError, SectionError) as error:
        db.session.rollback()
        show_on_form(form, error)
        return None
    db.session.commit()
    return result


def _queue_choices(sections) -> list[tuple[str, str]]:
    return [("", "None")] + [(str(s.id), s.title) for s in sections]


def _me() -> User:
    return current_user._get_current_object()


def _user_page(person: User, details=None, password=None, personal=None):
    from ieg.people import two_factor
    sections = _sections()
    details = details or UserDetailsForm(formdata=None, data={
        "name": person.name, "email": person.email, "roles": sorted(person.role_names), "active": person.active,
        "casework_section": str(person.casework_section_id or "")})
    details.casework_section.choices = _queue_choices(sections)
    return render_template("admin/user.html", person=person, details=details, sections=sections,
                           grants=grants_form(sections, person)(formdata=None),
                           password=password or ResetPasswordForm(formdata=None),
                           personal=personal or PersonalDataForm(formdata=None, data={
                               "sees_personal_data": "yes" if person.sees_personal_data else "no"}),
                           two_factor_form=TwoFactorResetForm(formdata=None),
                           two_factor_required=two_factor.required_for(db.session, person))


@bp.get("/")
def dashboard():
    require("admin.dashboard")
    # Eager loads: the tables show every user's grants and every section's editors.
    users, sections = people_queries.users_with_grants(db.session), content_queries.sections_with_editors(db.session)
    return render_template("admin/dashboard.html", users=users, sections=sections,
                           failed_mail=mail.failed_recently(db.session, utcnow()), failed_days=mail.FAILED_SHOWN_FOR.days)


@bp.get("/outbox")
def outbox():
    """Mail IEG has queued and sent: what went, what is waiting and why."""
    require("admin.dashboard")
    failed_only = request.args.get("status") == "failed"
    return render_template("admin/outbox.html", messages=mail.latest(db.session, failed_only=failed_only),
                           failed_only=failed_only, to_files=not current_app.config.get("SMTP_URL"))


@bp.route("/alert", methods=["GET", "POST"])
def alert():
    """The home page alert banner."""
    require("section.manage")
    now = utcnow()
    if request.method == "POST":
        try:
            if request.form.get("action") == "remove":
                home_alert.remove(db.session, now)
                message = "Alert removed from the home page."
            else:
                ends = None
                parts = [request.form.get(f"at-{n}", "").strip() for n in ("day", "month", "year", "time")]
                if any(parts):
                    try:
                        ends = parse_local(*parts, zone=current_app.config["TIMEZONE"])
                    except (TypeError, ValueError):
                        raise home_alert.AlertError("Enter a real end date and a 24-hour time like 17:00", "ends_at")
                home_alert.set_alert(db.session, current_user, now, message=request.form.get("message", ""),
                                 link_url=request.form.get("link_url", ""),
                                 link_text=request.form.get("link_text", ""), ends_at=ends)
                message = "Alert shown on the home page."
        except home_alert.AlertError as error:
            db.session.rollback()
            return render_template("admin/alert.html", alert=home_alert.current(db.session, now), error=error,
                                   form=request.form), 200
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("admin.alert"))
    return render_template("admin/alert.html", alert=home_alert.current(db.session, now), error=None, form={})


@bp.route("/sections/new", methods=["GET", "POST"])
@bp.route("/sections/<int:section_id>", methods=["GET", "POST"])
def section(section_id: int | None = None):
    require("section.manage")
    item = get_or_404(Section, section_id) if section_id else None
    form = SectionForm(obj=item)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in
                  ("title", "summary", "lgnl_heading", "contact_email", "contact_phone", "contact_address")}
        saved = _commit_or_show(form, lambda: save_section(db.session, item, slug=form.slug.data.strip(), **values))
        if saved:
            flash(f"Section {saved.title} saved. Its public page is /{saved.slug}/.", "success")
            return redirect(url_for("admin.dashboard"))
    return render_template("admin/section.html", form=form, section=item)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    require("user.manage")
    form = NewUserForm()
    if form.validate_on_submit():
        user = _commit_or_show(form, lambda: accounts.create_user(
            db.session, email=form.email.data, name=form.name.data, password=form.password.data,
            roles=tuple(form.roles.data), active=form.active.data, actor=_me(), now=utcnow()))
        if user:
            flash(f"{user.name} added. Give them section access below if they edit pages.", "success")
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/user_new.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    require("user.manage")
    person = get_or_404(User, user_id)
    if request.method == "GET":
        return _user_page(person)
    details = UserDetailsForm()
    details.casework_section.choices = _queue_choices(_sections())
    queue = details.casework_section.data or ""
    if details.validate() and _commit_or_show(details, lambda: accounts.update_user(
            db.session, person, actor=_me(), name=details.name.data,
            email=details.email.data, roles=tuple(details.roles.data), active=details.active.data, now=utcnow(),
            casework_section_id=int(queue) if queue.isdecimal() else None, keep_session=current_session_token())):
        flash(f"Details for {person.name} saved.", "success")
        return redirect(url_for("admin.user", user_id=person.id))
    return _user_page(person, details=details)


@bp.post("/users/<int:user_id>/grants")
def user_grants(user_id: int):
    require("user.manage")
    person = get_or_404(User, user_id)
    sections = _sections()
    form = grants_form(sections, person)()
    if form.validate():
        chosen = {s: (None if form[f"section_{s.id}"].data == NO_ACCESS else form[f"section_{s.id}"].data)
                  for s in sections}
        accounts.set_grants(db.session, person, chosen, actor=_me(), now=utcnow(), keep_session=current_session_token())
        db.session.commit()
        flash(f"Section access for {person.name} saved.", "success")
    else:
        flash("Section access was not saved: choose an option for each section.", "info")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def user_password(user_id: int):
    require("user.manage")
    person = get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate() and _commit_or_show(form, lambda: accounts.reset_password(
            db.session, person, form.password.data, actor=_me(), now=utcnow(),
            keep_session=current_session_token())):
        flash(f"New password set for {person.name}; they have been signed out everywhere.", "success")
        return redirect(url_for("admin.user", user_id=person.id))
    return _user_page(person, password=form)


@bp.post("/users/<int:user_id>/two-factor/reset")
def user_two_factor_reset(user_id: int):
    """A lost phone: the person signs in with their password alone (and sets an app up again
    at once where their role requires it)."""
    from ieg.people import two_factor

    require("user.manage")
    person = get_or_404(User, user_id)
    if TwoFactorResetForm().validate():
        try:
            two_factor.disable(db.session, person, actor=_me(), now=utcnow(), keep_session=current_session_token())
        except two_factor.TwoFactorError as error:
            db.session.rollback()
            flash(str(error), "info")
        else:
            db.session.commit()
            flash(f"Two-factor sign-in is off for {person.name}; they have been signed out everywhere.", "success")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.route("/security", methods=["GET", "POST"])
def security():
    """The council's sign-in rules: which roles must use two-factor sign-in."""
    from ieg.people import two_factor

    require("user.manage")
    form = SignInPolicyForm()
    if form.validate_on_submit():
        two_factor.set_required_roles(db.session, form.two_factor_roles.data, actor=_me(), now=utcnow())
        db.session.commit()
        flash("Sign-in rules saved. They apply from each person's next sign-in.", "success")
        return redirect(url_for("admin.security"))
    if not form.errors:
        form.two_factor_roles.data = sorted(two_factor.required_roles(db.session))
    users = people_queries.active_users(db.session)
    return render_template("admin/security.html", form=form, users=users), 400 if form.errors else 200


@bp.post("/users/<int:user_id>/personal-data")
def user_personal_data(user_id: int):
    """An auditor's unmasked view of customers' personal data: granted or withdrawn, audited."""
    require("user.manage")
    person = get_or_404(User, user_id)
    form = PersonalDataForm()
    if form.validate() and _commit_or_show(form, lambda: accounts.set_personal_data(
            db.session, person, form.sees_personal_data.data == "yes", actor=_me(), now=utcnow())):
        flash(f"{person.name} now sees personal data {'in full' if person.sees_personal_data else 'masked'}.",
              "success")
        return redirect(url_for("admin.user", user_id=person.id))
    return _user_page(person, personal=form), 400

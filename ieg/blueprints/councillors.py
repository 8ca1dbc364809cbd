"""Councillors (R6): the public list, find your councillor, each councillor's page and feeds;
and a councillor's own record at /edit/councillor (their pages are edited in the CMS, /edit)."""
import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from ieg.blueprints.common import get_or_404, show_on_form
from ieg.blueprints.democracy_forms import (EndForm, InterestEndForm, InterestForm, NewCouncillorForm, ProfileForm, RoleForm,
                                            WardForm)
from ieg.democracy import councillors as service
from ieg.democracy import feeds, queries
from ieg.democracy.councillors import DemocracyError, Profile
from ieg.extensions import db
from ieg.models import CouncillorRole, Interest
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import to_local, utcnow

bp = Blueprint("councillors", __name__)


def _today():
    return to_local(utcnow(), current_app.config["TIMEZONE"]).date()


def submitted(form, run, message, target):
    """A posted form: validate it, run the service, commit, say what happened and go to
    `target`; a refusal goes on the form, with nothing written, and None is returned for the
    view to show the form again. `message` and `target` may be functions of what `run` returned."""
    if not form.validate_on_submit():
        return None
    try:
        result = run()
    except DemocracyError as refused:
        db.session.rollback()
        show_on_form(form, refused)
        return None
    db.session.commit()
    flash(message(result) if callable(message) else message, "success")
    return redirect(target(result) if callable(target) else target)


def _or_404(value):
    if value is None:
        abort(404)
    return value


@bp.get("/councillors/")
def index():
    by = request.args.get("by", "name")
    if by not in ("name", "ward", "party"):
        by = "name"
    people = queries.councillors(db.session, _today())
    if by == "ward":
        groups = [(w.name, [c for c in people if w in c.wards]) for w in queries.wards(db.session)]
    elif by == "party":
        groups = [(party or "No party", [c for c in people if c.party == party])
                  for party in sorted({c.party for c in people})]
    else:
        groups = [("", people)]
    return render_template("democracy/councillors.html", groups=[g for g in groups if g[1]], by=by,
                           count=len(people))


@bp.get("/councillors/find")
def find():
    """By ward (a list every council has) or by postcode (when the council has loaded one)."""
    ward, error, postcode = None, None, request.args.get("postcode", "").strip()
    code = request.args.get("ward", "").strip()
    postcodes_loaded = service.has_postcodes(db.session)
    if code:
        ward = queries.ward_by_code(db.session, code)
        if ward is None:
            error = ("ward", "Choose your ward from the list")
    elif postcode and postcodes_loaded:
        try:
            ward = service.ward_for_postcode(db.session, postcode)
        except DemocracyError as refused:
            error = ("postcode", refused.message)
        else:
            if ward is None:
                error = ("postcode", "We cannot find that postcode in this council's area: choose your ward instead")
    elif "ward" in request.args or "postcode" in request.args:
        error = ("ward", "Choose your ward, or enter your postcode")
    found, meetings = [], []
    if ward is not None:
        found = queries.councillors_in_ward(db.session, ward, _today())
        meetings = queries.upcoming_for_committees(
            db.session, queries.committee_ids_for_ward(db.session, ward, _today()), utcnow())
    return render_template("democracy/find.html", wards=queries.wards(db.session), ward=ward, found=found,
                           meetings=meetings, error=error, postcode=postcode, code=code,
                           postcodes_loaded=postcodes_loaded), 400 if error else 200


def _person_json_ld(councillor) -> Markup:
    data = {"@context": "https://schema.org", "@type": "Person", "name": councillor.name,
            "jobTitle": "Councillor", "url": url_for(".show", slug=councillor.slug, _external=True),
            "memberOf": {"@type": "GovernmentOrganization", "name": current_app.config["COUNCIL_NAME"]}}
    if councillor.party:
        data["affiliation"] = {"@type": "Organization", "name": councillor.party}
    if councillor.photo_url:
        data["image"] = councillor.photo_url
    if councillor.email:
        data["email"] = councillor.email
    # </ cannot end the script element early once escaped.
    return Markup(json.dumps(data).replace("</", "<\\/"))


@bp.get("/councillors/<slug>")
def show(slug: str):
    councillor = _or_404(queries.councillor_by_slug(db.session, slug))
    today = _today()
    memberships = queries.memberships(db.session, councillor, today)
    return render_template(
        "democracy/councillor.html", councillor=councillor, memberships=memberships, today=today,
        pages=queries.own_pages(db.session, councillor),
        meetings=queries.upcoming_for_committees(db.session, [m.committee_id for m in memberships], utcnow()),
        current=[i for i in councillor.interests if i.removed_on is None],
        ended=[i for i in councillor.interests if i.removed_on is not None],
        json_ld=_person_json_ld(councillor))


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _feed_args() -> dict:
    base = current_app.config["BASE_URL"].rstrip("/")
    return {"base_url": base, "domain": base.split("://", 1)[-1].split("/")[0]}


@bp.get("/councillors/<slug>/meetings.ics")
def councillor_ics(slug: str):
    councillor = _or_404(queries.councillor_by_slug(db.session, slug))
    ids = sorted(m.committee_id for m in queries.memberships(db.session, councillor, _today()))
    return _ics(feeds.meetings_ics(db.session, name=f"Meetings: Councillor {councillor.name}",
                                   scope=f"councillor:{slug}", committee_ids=ids, **_feed_args()), f"{slug}.ics")


@bp.get("/councillors/wards/<code>/meetings.ics")
def ward_ics(code: str):
    ward = _or_404(queries.ward_by_code(db.session, code))
    ids = sorted(queries.committee_ids_for_ward(db.session, ward, _today()))
    return _ics(feeds.meetings_ics(db.session, name=f"Meetings: {ward.name} ward councillors",
                                   scope=f"ward:{ward.code}", committee_ids=ids, **_feed_args()), f"{ward.code}.ics")


# A councillor's own record --------------------------------------------------------------

def _editable(slug: str):
    councillor = _or_404(queries.councillor_by_slug(db.session, slug))
    require("councillor.edit", councillor)
    return councillor


@bp.get("/edit/councillor/")
def mine():
    """Where a signed-in councillor keeps their record and pages."""
    require("account.view")
    councillor = queries.councillor_for_user(db.session, current_user.id)
    if councillor is None:
        abort(404)
    return redirect(url_for(".edit", slug=councillor.slug))


@bp.route("/edit/councillor/<slug>", methods=["GET", "POST"])
def edit(slug: str):
    councillor = _editable(slug)
    form = ProfileForm(obj=councillor)
    done = submitted(form, lambda: service.update_profile(
        db.session, current_user._get_current_object(), utcnow(), councillor,
        Profile(**{f: form[f].data or "" for f in service.PROFILE_FIELDS})),
        lambda changed: "Your changes are published." if changed else "Nothing was changed.",
        url_for(".edit", slug=slug))
    if done:
        return done
    return render_template("democracy/edit_councillor.html", councillor=councillor, form=form,
                           interest_form=InterestForm(), end_form=InterestEndForm(),
                           publishes_at_once=service.publishes_at_once(councillor, current_user),
                           ), 400 if form.errors else 200


@bp.post("/edit/councillor/<slug>/interests")
def declare(slug: str):
    councillor = _editable(slug)
    form = InterestForm()
    done = submitted(form, lambda: service.declare_interest(
        db.session, current_user._get_current_object(), utcnow(), councillor, category=form.category.data,
        description=form.description.data, declared_on=form.declared_on.data),
        "The interest is published in your register.", url_for(".edit", slug=slug))
    if done:
        return done
    return render_template("democracy/edit_councillor.html", councillor=councillor, form=ProfileForm(obj=councillor),
                           interest_form=form, end_form=InterestEndForm(),
                           publishes_at_once=service.publishes_at_once(councillor, current_user)), 400


@bp.post("/edit/councillor/<slug>/interests/<int:interest_id>/end")
def end(slug: str, interest_id: int):
    councillor = _editable(slug)
    interest = get_or_404(Interest, interest_id)
    if interest.councillor_id != councillor.id:
        abort(404)
    form = InterestEndForm()
    if form.validate_on_submit():
        try:
            service.end_interest(db.session, current_user._get_current_object(), utcnow(), interest,
                                 removed_on=form.removed_on.data)
        except DemocracyError as refused:
            db.session.rollback()
            flash(refused.message, "error")
        else:
            db.session.commit()
            flash("The interest is shown as ended; it stays in your register's history.", "success")
    else:
        flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for(".edit", slug=slug))


# Democratic services: councillors and wards ------------------------------------------------

def _democracy(publish: bool = False):
    section = service.democracy_section(db.session)
    if section is None:
        abort(404)
    require("democracy.publish" if publish else "democracy.manage", section)
    return section


def _new_councillor_form() -> NewCouncillorForm:
    form = NewCouncillorForm()
    form.ward.choices = [SelectChoice("", "Choose the ward")] + [
        SelectChoice(w.code, w.name) for w in queries.wards(db.session)]
    return form


@bp.route("/edit/democracy/councillors/", methods=["GET", "POST"])
def manage():
    """Every councillor, who keeps their pages and how their changes publish; add one."""
    section = _democracy()
    form = _new_councillor_form()
    if request.method == "POST":
        _democracy(publish=True)

        def add():
            ward = queries.ward_by_code(db.session, form.ward.data)
            if ward is None:
                raise DemocracyError("Choose the councillor's ward", "ward")
            user = queries.user_by_email(db.session, form.email.data) if form.email.data else None
            if form.email.data and user is None:
                raise DemocracyError("No account has this email address: ask an administrator to add one", "email")
            return service.create_councillor(
                db.session, current_user._get_current_object(), utcnow(),
                Profile(name=form.name.data, party=form.party.data or ""), wards=[ward],
                term_starts=form.term_starts.data, user=user, self_publish=form.self_publish.data)
        done = submitted(form, add, lambda made: f"Councillor {made.name} added, with pages of their own.",
                         url_for(".manage"))
        if done:
            return done
    people = queries.councillors(db.session)
    keepers = {u.id: u for u in queries.users_by_ids(db.session, [c.user_id for c in people if c.user_id])}
    return render_template("democracy/manage_councillors.html", people=people, keepers=keepers, form=form,
                           can_publish=can(current_user, "democracy.publish", section),
                           publishes_at_once=service.publishes_at_once), 400 if form.errors else 200


@bp.post("/edit/democracy/councillors/<slug>/publishing")
def publishing(slug: str):
    _democracy(publish=True)
    councillor = _or_404(queries.councillor_by_slug(db.session, slug))
    at_once = request.form.get("at_once") == "yes"
    try:
        service.set_publishing(db.session, current_user._get_current_object(), utcnow(), councillor, at_once)
    except DemocracyError as refused:
        db.session.rollback()
        flash(refused.message, "error")
    else:
        db.session.commit()
        flash(f"Councillor {councillor.name}'s changes now " +
              ("publish at once." if at_once else "wait for democratic services to approve them."), "success")
    return redirect(url_for(".manage"))


@bp.route("/edit/democracy/wards/new", methods=["GET", "POST"])
def new_ward():
    _democracy(publish=True)
    form = WardForm()
    done = submitted(form, lambda: service.save_ward(db.session, current_user._get_current_object(), utcnow(),
                                                     code=form.code.data, name=form.name.data),
                     lambda ward: f"{ward.name} ward added.", url_for(".manage"))
    if done:
        return done
    return render_template("democracy/staff_form.html", form=form, heading="Add a ward"), 400 if form.errors else 200


def ended(run, message: str, target: str):
    """A posted end date: run the service, commit and say so, or say why not; back to `target`."""
    form = EndForm()
    if not form.validate_on_submit():
        flash(next(iter(form.errors.values()))[0], "error")
        return redirect(target)
    try:
        run(form.ends.data)
    except DemocracyError as refused:
        db.session.rollback()
        flash(refused.message, "error")
    else:
        db.session.commit()
        flash(message, "success")
    return redirect(target)


@bp.route("/edit/democracy/councillors/<slug>/offices", methods=["GET", "POST"])
def offices(slug: str):
    """A councillor's roles and term of office, with their history; changes are publishing."""
    _democracy(publish=request.method == "POST")
    councillor = _or_404(queries.councillor_by_slug(db.session, slug))
    form = RoleForm()
    done = submitted(form, lambda: service.add_role(db.session, current_user._get_current_object(), utcnow(),
                                                    councillor, title=form.title.data, starts=form.starts.data),
                     lambda role: f"{role.title} added.", url_for(".offices", slug=slug))
    if done:
        return done
    return render_template("democracy/manage_offices.html", councillor=councillor, form=form, end_form=EndForm(),
                           memberships=queries.membership_history(db.session, councillor)), 400 if form.errors else 200


@bp.post("/edit/democracy/councillors/<slug>/roles/<int:role_id>/end")
def end_role(slug: str, role_id: int):
    _democracy(publish=True)
    role = get_or_404(CouncillorRole, role_id)
    if role.councillor.slug != slug:
        abort(404)
    return ended(lambda ends: service.end_role(db.session, current_user._get_current_object(), utcnow(), role, ends=ends),
                 f"{role.title} ended; it stays in the councillor's history.", url_for(".offices", slug=slug))


@bp.post("/edit/democracy/councillors/<slug>/term")
def end_term(slug: str):
    _democracy(publish=True)
    councillor = _or_404(queries.councillor_by_slug(db.session, slug))
    return ended(lambda ends: service.end_term(db.session, current_user._get_current_object(), utcnow(), councillor,
                                               ends=ends),
                 "The term of office is ended, with the roles still open.", url_for(".offices", slug=slug))

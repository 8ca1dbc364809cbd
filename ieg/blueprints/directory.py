"""The community directory (G2): the public list and entries, signing a group up, reporting a problem
and the Open Referral UK feed; group editors' own entries at /directory/manage/; moderators' queue at
/directory/moderate/."""
import json
import logging
import secrets
import string
from types import SimpleNamespace

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_login import current_user
from markupsafe import Markup
from werkzeug.datastructures import CombinedMultiDict

from ieg.blueprints.common import get_optional, get_or_404, saved_or_shown, send_stored, show_on_form
from ieg.blueprints.directory_forms import (DealtForm, EditorForm, GroupEntryForm, ProblemForm, RejectForm,
                                           SignUpForm)
from ieg.config import Council
from ieg.content import markdown
from ieg.directory import entries, logos, openreferral, problems, queries, rules
from ieg.directory.entries import EntryError, Mailing
from ieg import files_store
from ieg.extensions import db, limiter
from ieg.models import CommunityGroup, GroupProblemReport, GroupRevision, User
from ieg.models.directory import PUBLISHED, REVISION_WAITING
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import utcnow
from ieg.whatson import revisions as listing_revisions

bp = Blueprint("directory", __name__)
log = logging.getLogger(__name__)
HONEYPOT = "website_address"
LETTERS = string.ascii_uppercase


def _mailing() -> Mailing:
    council = Council.from_config(current_app.config)
    return Mailing(council.base_url, council.name, council.mail_domain)


def _published_or_404(slug: str) -> CommunityGroup:
    group = queries.by_slug(db.session, slug)
    if group is None or group.status != PUBLISHED:
        abort(404)
    return group


_saved = saved_or_shown


# The public directory ------------------------------------------------------------------------

@bp.get("/community-directory/")
def section_home():
    """The moderators' section's own address leads to the directory."""
    return redirect(url_for(".index"), 301)


@bp.get("/directory/")
def index():
    categories, wards = queries.categories(db.session), queries.wards(db.session)
    category = next((c for c in categories if c.slug == request.args.get("category")), None)
    ward = next((w for w in wards if w.code == request.args.get("ward")), None)
    letter = request.args.get("letter", "").upper()
    letter = letter if letter in LETTERS else ""
    groups, shown = queries.published(db.session, category=category, ward=ward, letter=letter,
                                      page=request.args.get("page"))
    args = {key: value for key, value in (("category", category and category.slug), ("ward", ward and ward.code),
                                          ("letter", letter)) if value}
    return render_template("directory/index.html", groups=groups, shown=shown, args=args, categories=categories,
                           wards=wards, category=category, ward=ward, letter=letter, letters=LETTERS,
                           with_entries=queries.first_letters(db.session))


def _organization_json_ld(group: CommunityGroup) -> Markup:
    """schema.org Organization with only what the group chose to show."""
    data = {"@context": "https://schema.org", "@type": "Organization", "name": group.name,
            "description": group.summary, "url": url_for(".show", slug=group.slug, _external=True)}
    if group.website:
        data["sameAs"] = [group.website, *group.links.splitlines()]
    if group.email_public and group.email:
        data["email"] = group.email
    if group.phone_public and group.phone:
        data["telephone"] = group.phone
    if group.venues:
        data["location"] = [{"@type": "Place", "name": v.name or v.address.splitlines()[0] if v.address else v.name,
                             "address": {"@type": "PostalAddress", "streetAddress": ", ".join(v.address.splitlines()),
                                         "postalCode": v.postcode, "addressCountry": "GB"}} for v in group.venues]
    if group.wards:
        data["areaServed"] = [w.name for w in group.wards]
    if group.logo_name:
        data["logo"] = _logo_url(group)
    if group.charity_number:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "GB-CHC", "value": group.charity_number}
    return Markup(json.dumps(data).replace("</", "<\\/"))


def _logo_url(group: CommunityGroup) -> str:
    return url_for(".logo", slug=group.slug, name=group.logo_name, _external=True) if group.logo_name else ""


@bp.get("/directory/<slug>/logo/<name>")
def logo(slug: str, name: str):
    """A published group's current logo (a replaced one is kept for a roll-back, never served)."""
    group = _published_or_404(slug)
    if not group.logo_name or name != group.logo_name:
        abort(404)
    return send_stored(logos.name(group.logo_name), mimetype=logos.content_type(group.logo_name), max_age=86400)


@bp.get("/directory/<slug>")
def show(slug: str):
    group = _published_or_404(slug)
    return render_template("directory/entry.html", group=group, json_ld=_organization_json_ld(group))


@bp.route("/directory/<slug>/report", methods=["GET", "POST"])
@limiter.limit("5 per minute; 30 per hour", methods=["POST"])
def report(slug: str):
    group = _published_or_404(slug)
    form = ProblemForm(formdata=request.form if request.method == "POST" else None)
    if request.method == "POST":
        if request.form.get(HONEYPOT):
            log.info("directory report: honeypot filled in; nothing stored")
            abort(400)
        if form.validate():
            try:
                problems.report(db.session, utcnow(), group, details=form.details.data, email=form.email.data or "")
            except EntryError as refused:
                db.session.rollback()
                show_on_form(form, refused)
            else:
                db.session.commit()
                return render_template("directory/report_done.html", group=group)
    return render_template("directory/report.html", group=group, form=form,
                           honeypot=HONEYPOT), 400 if form.errors else 200


def _entry_form(form_class, **kwargs):
    form = form_class(formdata=CombinedMultiDict((request.files, request.form)) if request.method == "POST" else None,
                      **kwargs)
    form.set_choices(queries.categories(db.session), queries.wards(db.session))
    return form


@bp.route("/directory/sign-up", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def sign_up():
    form = _entry_form(SignUpForm)
    if request.method == "GET":
        form.token.data = secrets.token_urlsafe(24)  # one group per form, however often it is sent
    else:
        if request.form.get(HONEYPOT):
            log.info("directory sign-up: honeypot filled in; nothing stored")
            abort(400)
        if form.validate():
            try:
                group = entries.sign_up(db.session, utcnow(), person_name=form.person_name.data,
                                        person_email=form.person_email.data, entry=form.entry(),
                                        token=form.token.data or "", mailing=_mailing())
            except EntryError as refused:
                db.session.rollback()
                show_on_form(form, refused)
            else:
                db.session.commit()
                return render_template("directory/sign_up_done.html", group=group,
                                       email=form.person_email.data.strip())
    return render_template("directory/sign_up.html", form=form, honeypot=HONEYPOT), 400 if form.errors else 200


# Open Referral UK ---------------------------------------------------------------------------

def _json(data, status: int = 200) -> Response:
    response = Response(json.dumps(data, ensure_ascii=False), status=status, mimetype="application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data, read from other councils' pages
    return response


def _or_context():
    base = current_app.config["BASE_URL"]
    return openreferral.Ids(base), base


def _description(group: CommunityGroup) -> str:
    more = markdown.plain_text(group.description) if group.description else ""
    return f"{group.summary}\n\n{more}".strip() if more else group.summary


def _service(group: CommunityGroup, full: bool) -> dict:
    ids, _ = _or_context()
    return openreferral.service(group, ids, url_for(".show", slug=group.slug, _external=True), _description(group),
                                region="England", full=full)


def _by_uuid(kind: str, value: str) -> CommunityGroup:
    """The published group an Open Referral identifier names (UUID5s are not reversible: each id is tried)."""
    ids, _ = _or_context()
    found = next((i for i in queries.published_ids(db.session) if ids.of(kind, i) == value), None)
    if found is None:
        abort(404)
    return get_or_404(CommunityGroup, found)


def _category_id(term: str | None) -> int | None:
    if not term:
        return None
    ids, _ = _or_context()
    found = next((c.id for c in queries.categories(db.session) if ids.of("term", c.id) == term), None)
    return found if found is not None else -1  # an unknown term matches nothing


@bp.get("/directory/openreferral/")
def openreferral_about():
    return _json(openreferral.about(current_app.config["BASE_URL"]))


@bp.get("/directory/openreferral/services")
def openreferral_services():
    page, per_page = openreferral.paging(request.args.get("page"), request.args.get("per_page"))
    groups, total = queries.published_page(db.session, page, per_page, (request.args.get("text") or
                                                                        request.args.get("search") or "").strip()[:100],
                                           _category_id(request.args.get("taxonomy_term_id")))
    return _json(openreferral.page([_service(g, full=False) for g in groups], total, page, per_page))


@bp.get("/directory/openreferral/services/<service_id>")
def openreferral_service(service_id: str):
    return _json(_service(_by_uuid("service", service_id), full=True))


@bp.get("/directory/openreferral/organizations")
def openreferral_organizations():
    ids, _ = _or_context()
    page, per_page = openreferral.paging(request.args.get("page"), request.args.get("per_page"))
    groups, total = queries.published_page(db.session, page, per_page)
    return _json(openreferral.page([openreferral.organization(
        g, ids, url_for(".show", slug=g.slug, _external=True), _description(g), logo_url=_logo_url(g))
        for g in groups], total, page, per_page))


@bp.get("/directory/openreferral/organizations/<organization_id>")
def openreferral_organization(organization_id: str):
    ids, _ = _or_context()
    group = _by_uuid("organization", organization_id)
    return _json(openreferral.organization(group, ids, url_for(".show", slug=group.slug, _external=True),
                                           _description(group), services=[_service(group, full=False)],
                                           logo_url=_logo_url(group)))


def _terms() -> list[dict]:
    ids, _ = _or_context()
    return [openreferral.taxonomy_term(c, ids) for c in queries.categories(db.session)]


@bp.get("/directory/openreferral/taxonomies")
def openreferral_taxonomies():
    ids, base = _or_context()
    return _json(openreferral.page([openreferral.taxonomy(ids, "Community directory categories", base)], 1, 1, 1))


@bp.get("/directory/openreferral/taxonomies/<taxonomy_id>")
def openreferral_taxonomy(taxonomy_id: str):
    ids, base = _or_context()
    if taxonomy_id != ids.of("taxonomy", "categories"):
        abort(404)
    return _json(openreferral.taxonomy(ids, "Community directory categories", base, terms=_terms()))


@bp.get("/directory/openreferral/taxonomy_terms")
def openreferral_terms():
    page, per_page = openreferral.paging(request.args.get("page"), request.args.get("per_page"))
    terms = _terms()
    return _json(openreferral.page(terms[(page - 1) * per_page:page * per_page], len(terms), page, per_page))


@bp.get("/directory/openreferral/taxonomy_terms/<term_id>")
def openreferral_term(term_id: str):
    found = next((t for t in _terms() if t["id"] == term_id), None)
    if found is None:
        abort(404)
    return _json(found)


# Group editors -------------------------------------------------------------------------------

@bp.get("/directory/manage/")
def mine():
    require("directory.groups")
    return render_template("directory/mine.html", groups=queries.for_editor(db.session, current_user.id))


def _editable(group_id: int) -> CommunityGroup:
    group = get_or_404(CommunityGroup, group_id)
    require("group.edit", group)
    return group


def _manage_page(group, form, editor_form, status=200):
    return render_template("directory/manage.html", group=group, form=form, editor_form=editor_form,
                           editors=queries.editors(db.session, group)), status


@bp.route("/directory/manage/<int:group_id>", methods=["GET", "POST"])
def manage(group_id: int):
    group = _editable(group_id)
    form = _entry_form(GroupEntryForm)
    if request.method == "GET":
        form.fill(group)
    elif form.validate():
        actor = current_user._get_current_object()
        try:
            revision = entries.update_entry(db.session, actor, utcnow(), group, form.entry(),
                                            files=files_store.current())
        except EntryError as refused:
            db.session.rollback()
            show_on_form(form, refused)
        else:
            db.session.commit()
            flash("Your changes are published." if revision and group.status == PUBLISHED else
                  "Your changes are saved." if revision else "Nothing was changed.", "success")
            return redirect(url_for(".manage", group_id=group.id))
    return _manage_page(group, form, EditorForm(formdata=None), 400 if form.errors else 200)


@bp.post("/directory/manage/<int:group_id>/confirm")
def confirm(group_id: int):
    group = _editable(group_id)
    try:
        restored = entries.confirm(db.session, current_user._get_current_object(), utcnow(), group)
    except EntryError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for(".manage", group_id=group.id))
    db.session.commit()
    flash("Thank you: the entry is confirmed" + (" and published again." if restored else "."), "success")
    return redirect(url_for(".manage", group_id=group.id))


@bp.post("/directory/manage/<int:group_id>/editors")
def add_editor(group_id: int):
    group = _editable(group_id)
    form = EditorForm()
    if form.validate():
        done = _saved(form, lambda: entries.add_editor(
            db.session, current_user._get_current_object(), utcnow(), group, email=form.person_email.data,
            name=form.name.data, mailing=_mailing()), f"We have invited {form.person_email.data.strip()}.",
            url_for(".manage", group_id=group.id))
        if done:
            return done
    entry_form = GroupEntryForm(formdata=None)
    entry_form.set_choices(queries.categories(db.session), queries.wards(db.session))
    entry_form.fill(group)
    return _manage_page(group, entry_form, form, 400)


# Moderators ----------------------------------------------------------------------------------

def _moderator():
    section = queries.moderation_section(db.session)
    if section is None:
        abort(404)
    require("directory.moderate", section)
    return current_user._get_current_object()


@bp.get("/directory/moderate/")
def moderate():
    _moderator()
    return render_template("directory/moderate.html", pending=queries.pending(db.session),
                           revisions=queries.waiting_revisions(db.session), problems=problems.waiting(db.session),
                           dealt_form=DealtForm())


@bp.get("/directory/moderate/groups/<int:group_id>")
def moderate_group(group_id: int):
    _moderator()
    group = get_or_404(CommunityGroup, group_id)
    return render_template("directory/moderate_group.html", group=group, reject_form=RejectForm(),
                           revisions=queries.revisions(db.session, group),
                           editors=queries.editors(db.session, group))


@bp.post("/directory/moderate/groups/<int:group_id>/<decision>")
def decide(group_id: int, decision: str):
    moderator = _moderator()
    group = get_or_404(CommunityGroup, group_id)
    now, target = utcnow(), url_for(".moderate_group", group_id=group.id)
    if decision == "reject":
        form = RejectForm()
        if form.validate():
            done = _saved(form, lambda: entries.reject(db.session, moderator, now, group, form.reason.data,
                                                       _mailing()), f"{group.name} was turned down; the group is told.",
                          url_for(".moderate"))
            if done:
                return done
        return render_template("directory/moderate_group.html", group=group, reject_form=form,
                               revisions=queries.revisions(db.session, group),
                               editors=queries.editors(db.session, group)), 400
    actions = {"approve": (lambda: entries.approve(db.session, moderator, now, group, _mailing()),
                           f"{group.name} is published; the group is told."),
               "unpublish": (lambda: entries.set_published(db.session, moderator, now, group, False),
                             f"{group.name} is taken out of the directory."),
               "publish": (lambda: entries.set_published(db.session, moderator, now, group, True),
                           f"{group.name} is published again.")}
    if decision not in actions:
        abort(404)
    run, message = actions[decision]
    try:
        run()
    except EntryError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(target)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".moderate") if decision == "approve" else target)


def _reviewable(revision: GroupRevision) -> SimpleNamespace:
    """What `can()` judges a moderator's decision on a group's change by: the group and the directory's section."""
    return SimpleNamespace(group=revision.group, section_id=queries.moderation_section(db.session).id)


@bp.get("/directory/moderate/changes/<int:revision_id>")
def revision(revision_id: int):
    _moderator()
    found = get_or_404(GroupRevision, revision_id)
    return render_template("directory/revision.html", revision=found, group=found.group,
                           changes=listing_revisions.changes(db.session, found),
                           listing=listing_revisions.listing_of(db.session, found),
                           previous_kept=entries.previous_revision(db.session, found) is not None,
                           author=get_optional(User, found.author_id), waiting=found.state == REVISION_WAITING,
                           may_decide=can(current_user, "directory.review", _reviewable(found)),
                           diff_lines=rules.lines)


@bp.post("/directory/moderate/changes/<int:revision_id>/<decision>")
def decide_change(revision_id: int, decision: str):
    moderator = _moderator()
    found = get_or_404(GroupRevision, revision_id)
    if decision not in ("review", "roll-back"):
        abort(404)
    require("directory.review", _reviewable(found))
    first = entries.previous_revision(db.session, found) is None
    try:
        if decision == "review":
            entries.review(db.session, moderator, utcnow(), found)
        else:
            listing_revisions.roll_back(db.session, moderator, utcnow(), found, _mailing())
    except EntryError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for(".revision", revision_id=found.id))
    db.session.commit()
    what = {"event": "the event", "vacancy": "the vacancy"}.get(found.kind, "the entry")
    flash("The change is marked as reviewed." if decision == "review" else
          f"The change is rolled back: {what} is taken off the site, as it was new; the group is told." if first else
          f"The change is rolled back: {what} is as it was before it; the group is told.", "success")
    return redirect(url_for(".moderate"))


@bp.post("/directory/moderate/problems/<int:report_id>")
def dealt_with(report_id: int):
    moderator = _moderator()
    found = get_or_404(GroupProblemReport, report_id)
    form = DealtForm()
    try:
        problems.deal_with(db.session, moderator, utcnow(), found, form.outcome.data or "")
    except EntryError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for(".moderate"))
    db.session.commit()
    flash("The report is marked as dealt with.", "success")
    return redirect(url_for(".moderate"))

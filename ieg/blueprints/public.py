"""The public site: home, sections, pages, feedback, contact and payment pages, accessibility
statement, branding."""
from itertools import groupby
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from flask_login import current_user

from ieg.branding import branding_css
from ieg.cache import cacheable
from ieg.casework import form_groups, standards, standards_admin
from ieg.content import home_alert, contact as contact_rules, paying, public_read, tables
from ieg.content import pages as page_rules
from ieg.content.feedback import record_feedback
from ieg.blueprints.common import get_or_404, section_or_404, send_stored
from ieg.extensions import db, limiter
from ieg.news import queries as news_queries
from ieg.people.permissions import can
from ieg.timeutil import utcnow
from ieg.models import Page

bp = Blueprint("public", __name__)
bp.add_app_template_filter(tables.scrollable, "scrollable_tables")


@bp.get("/")
@cacheable
def home():
    now = utcnow()
    groups = [(heading, list(items)) for heading, items in groupby(public_read.sections_by_heading(db.session), key=lambda s: s.lgnl_heading)]
    tasks = public_read.top_tasks(db.session)
    # "Do it online": the forms residents used most lately first, in each group.
    used = form_groups.most_used(db.session, now)
    online = {g.key: g for g in form_groups.group(form_groups.listed(db.session),
                                                  order=lambda f: -used.get(f.case_type, 0))}
    return render_template("public/home.html", groups=groups, tasks=tasks, alert=home_alert.current(db.session, now),
                           report=online.get(form_groups.REPORT), apply=online.get(form_groups.APPLY),
                           pay_pages=paying.payment_pages(db.session),
                           news=news_queries.headlines(db.session, zone=ZoneInfo(current_app.config["TIMEZONE"]), limit=3))


def _ways_to_reach_us() -> dict:
    """The council's address and, from the standards in force, its working hours (when the
    phone lines are open) and how soon it replies."""
    version = standards.current(db.session)
    return dict(address=contact_rules.address_lines(current_app.config["CONTACT_ADDRESS"]),
                hours=standards_admin.hours_summary(version.hours),
                within=standards_admin.first_response_words(version),
                region=standards_admin.HOLIDAY_REGIONS.get(version.subdivision, "the UK"))


@bp.get("/contact")
@cacheable
def contact():
    return render_template("public/contact.html", groups=form_groups.group(form_groups.listed(db.session)),
                           office_hours=current_app.config["OFFICE_HOURS"],
                           services=contact_rules.service_contacts(db.session), **_ways_to_reach_us())


@bp.get("/pay")
@cacheable
def pay():
    return render_template("public/pay.html", payments_url=paying.payments_url(current_app.config["PAYMENTS_URL"]),
                           pages=paying.payment_pages(db.session), **_ways_to_reach_us())


@bp.get("/accessibility")
@cacheable
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/branding.css")
def branding():
    response = Response(branding_css(current_app.config), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/<slug>/")
@cacheable
def section(slug: str):
    item = section_or_404(slug)
    return render_template("public/section.html", section=item, pages=public_read.top_pages(db.session, item))


@bp.get("/<slug>/<path:page_path>")
@cacheable
def page(slug: str, page_path: str):
    item = public_read.section(db.session, slug)
    if item is None:
        abort(404)
    view = public_read.page_view(db.session, db.engine, item, [s for s in page_path.split("/") if s])
    if view is None:
        target = public_read.moved_to(db.session, request.path.rstrip("/"))
        if target is not None and page_rules.is_public(target):
            return redirect(target.public_path, code=301)
        abort(404)
    if page_path.endswith("/"):
        return redirect(view.page.public_path, code=301)
    return render_template("public/page.html", section=item, page=view.page, revision=view.page,
                           ancestors=view.ancestors, related=view.related, children=view.children,
                           subjects=view.subjects, documents=view.documents)


@bp.get("/files/<stored_name>/<path:filename>")
def attachment(stored_name: str, filename: str):
    """A page's document or image: for everyone once published with its page, while the
    page is public, and for the section's editors before then (the editor's preview shows
    draft images). Documents download; images and PDFs open in the browser."""
    found = public_read.attachment(db.session, stored_name)
    if found is None:
        abort(404)
    public = found.published_at is not None and page_rules.is_public(found.page)
    if not public and not can(current_user, "section.edit", found.page.section):
        abort(404)
    inline = found.kind == "image" or found.content_type == "application/pdf"
    # Cached briefly, like pages (they revalidate cheaply): a publisher may take a file down
    # at once, and shared caches must not go on serving it for long.
    response = send_stored(found.stored_name, mimetype=found.content_type, as_attachment=not inline,
                           download_name=found.filename, max_age=60 if public else 0)
    if not public:
        response.cache_control.private = True
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    return response


@bp.post("/feedback/<int:page_id>")
@limiter.limit("10 per minute; 100 per day")
def feedback(page_id: int):
    found = get_or_404(Page, page_id)
    if not page_rules.is_public(found):
        abort(404)
    useful = request.form.get("useful")
    if useful not in ("yes", "no"):
        # No flash message: that would set a cookie, and the public site sets none.
        return render_template("public/feedback_thanks.html", page=found, error=True), 400
    record_feedback(db.session, found, useful == "yes", request.form.get("what_wrong", ""))
    db.session.commit()
    return render_template("public/feedback_thanks.html", page=found, useful=useful == "yes")

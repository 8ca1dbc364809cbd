"""Council news: the public news page, articles, Atom feeds; the communications team's news details
and categories at /edit/news (the rules are in ieg/news/; writing and publishing an article is the
CMS's, as for any page of the News section)."""
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from ieg import paging
from ieg.blueprints.common import get_or_404, get_typed, show_on_form
from ieg.blueprints.news_forms import CategoryForm, DetailsForm
from ieg.cache import cacheable
from ieg.content import public_read
from ieg.extensions import db
from ieg.models import Attachment, NewsCategory, Page
from ieg.news import articles, feeds, queries
from ieg.news.articles import NEWS_SECTION, NewsError
from ieg.news.rules import news_article_json_ld, parse_month
from ieg.people.permissions import can
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("news", __name__)
PER_PAGE = 20


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def _base_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def _section():
    found = public_read.section(db.session, NEWS_SECTION)
    if found is None:
        abort(404)
    return found


@bp.get(f"/{NEWS_SECTION}/")
@cacheable
def index():
    """Newest first, a page at a time, by category and month."""
    section = _section()
    zone = _zone()
    category = None
    if request.args.get("category"):
        category = queries.category_by_slug(db.session, request.args["category"])
        if category is None:
            abort(404)
    month = parse_month(request.args.get("month"), utcnow().astimezone(zone).date())
    if request.args.get("month") and month is None:
        abort(404)
    total = queries.count(db.session, zone=zone, category=category, month=month)
    shown = paging.window(total, request.args.get("page"), PER_PAGE)
    items = queries.headlines(db.session, zone=zone, category=category, month=month, offset=shown.offset,
                              limit=PER_PAGE)
    args = {key: value for key, value in (("category", category.slug if category else ""),
                                          ("month", month.key if month else "")) if value}
    return render_template("news/index.html", section=section, items=items, shown=shown, args=args,
                           category=category, month=month, categories=queries.used_categories(db.session),
                           months=queries.months(db.session, zone))


@bp.get(f"/{NEWS_SECTION}/<slug>")
@cacheable
def article(slug: str):
    section = _section()
    view = public_read.page_view(db.session, db.engine, section, [slug])
    if view is None:
        target = public_read.moved_to(db.session, request.path.rstrip("/"))
        if target is not None and target.live_revision_id is not None:
            return redirect(target.public_path, code=301)
        abort(404)
    page = view.page
    found = queries.article_details(db.session, page.id)
    image_url = (url_for("public.attachment", stored_name=found.image.stored_name, filename=found.image.filename,
                         _external=True) if found.image else "")
    json_ld = news_article_json_ld(
        headline=page.title, url=f"{_base_url()}{page.public_path}", published=page.first_published_at,
        modified=page.last_published_at, summary=page.summary, publisher=current_app.config["COUNCIL_NAME"],
        section=found.category.name if found.category else "", image_url=image_url)
    return render_template("news/article.html", section=section, page=page, details=found, view=view,
                           json_ld=Markup(json_ld))


def _atom(body: bytes) -> Response:
    return Response(body, mimetype="application/atom+xml")


@bp.get(f"/{NEWS_SECTION}/feed.atom")
def feed():
    return _atom(feeds.news_atom(db.session, council=current_app.config["COUNCIL_NAME"], base_url=_base_url(),
                                 zone=_zone()))


@bp.get(f"/{NEWS_SECTION}/categories/<slug>/feed.atom")
def category_feed(slug: str):
    category = queries.category_by_slug(db.session, slug)
    if category is None:
        abort(404)
    return _atom(feeds.news_atom(db.session, council=current_app.config["COUNCIL_NAME"], base_url=_base_url(),
                                 zone=_zone(), category=category))


# The communications team ------------------------------------------------------------------

def _news_section_or_404():
    section = articles.news_section(db.session)
    if section is None:
        abort(404)
    return section


@bp.get("/edit/news/")
def staff():
    section = _news_section_or_404()
    require("section.edit", section)
    return render_template("news/staff.html", section=section, pages=queries.news_pages_for_staff(db.session),
                           categories=articles.categories(db.session), form=CategoryForm(),
                           may_publish=can(current_user, "section.publish", section))


@bp.route("/edit/news/<int:page_id>", methods=["GET", "POST"])
def details(page_id: int):
    page = get_or_404(Page, page_id)
    if not articles.is_news(page):
        abort(404)
    require("section.edit", page.section)
    if not articles.may_change_details(current_user, page):
        abort(403)
    current = articles.details(db.session, page)
    form = DetailsForm(data={"category_id": str(current.category_id or ""), "press_contact": current.press_contact,
                             "image_id": str(current.image_id or "")} if request.method == "GET" else None)
    form.category_id.choices = [SelectChoice("", "No category")] + [
        SelectChoice(str(c.id), c.name) for c in articles.categories(db.session)]
    images = [a for a in page.attachments if a.kind == "image"]
    form.image_id.choices = [SelectChoice("", "No image")] + [
        SelectChoice(str(a.id), f"{a.title} ({a.alt_text})") for a in images]
    if form.validate_on_submit():
        category = get_typed(NewsCategory, form.category_id.data)
        image = get_typed(Attachment, form.image_id.data)
        try:
            articles.save_details(db.session, current_user, utcnow(), page,
                                  category_id=category.id if category else None,
                                  press_contact=form.press_contact.data or "", image_id=image.id if image else None)
        except NewsError as error:
            db.session.rollback()
            show_on_form(form, error)
        else:
            db.session.commit()
            flash("News details saved")
            return redirect(url_for("edit.page", page_id=page.id))
    return render_template("news/details.html", page=page, form=form)


def _save_category(category_id: int | None, done: str):
    """Add (None) or rename a category from the form; `done` says what happened, with {name}."""
    section = _news_section_or_404()
    require("section.publish", section)
    category = None if category_id is None else get_or_404(NewsCategory, category_id)
    form = CategoryForm()
    if form.validate_on_submit():
        try:
            saved = articles.save_category(db.session, current_user, utcnow(), category, name=form.name.data)
        except NewsError as error:
            db.session.rollback()
            show_on_form(form, error)
        else:
            db.session.commit()
            flash(done.format(name=saved.name))
            return redirect(url_for(".staff"))
    return render_template("news/staff.html", section=section, pages=queries.news_pages_for_staff(db.session),
                           categories=articles.categories(db.session), form=form, may_publish=True), 400


@bp.post("/edit/news/categories")
def add_category():
    return _save_category(None, "Category {name} added")


@bp.post("/edit/news/categories/<int:category_id>")
def rename_category(category_id: int):
    return _save_category(category_id, "Category renamed {name}")


@bp.post("/edit/news/categories/<int:category_id>/remove")
def remove_category(category_id: int):
    section = _news_section_or_404()
    require("section.publish", section)
    category = get_or_404(NewsCategory, category_id)
    articles.remove_category(db.session, current_user, utcnow(), category)
    db.session.commit()
    flash(f"Category {category.name} removed; its articles have no category now")
    return redirect(url_for(".staff"))

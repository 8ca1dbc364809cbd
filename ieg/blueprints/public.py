"""The public site: home, sections, accessibility statement, branding stylesheet."""
from itertools import groupby

from flask import Blueprint, Response, abort, current_app, render_template
from sqlalchemy import select

from ieg.branding import branding_css
from ieg.extensions import db
from ieg.models import Section

bp = Blueprint("public", __name__)


def _sections() -> list[Section]:
    return db.session.scalars(select(Section).order_by(Section.lgnl_heading, Section.sort_order,
                                                       Section.title)).all()


@bp.get("/")
def home():
    groups = [(heading, list(items)) for heading, items in groupby(_sections(), key=lambda s: s.lgnl_heading)]
    return render_template("public/home.html", groups=groups)


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/branding.css")
def branding():
    response = Response(branding_css(current_app.config), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/<slug>/")
def section(slug: str):
    item = db.session.scalar(select(Section).where(Section.slug == slug))
    if item is None:
        abort(404)
    return render_template("public/section.html", section=item)

"""Administration (/admin): users, roles, grants and sections."""
from flask import Blueprint, render_template
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Section, User
from ieg.security import require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
def dashboard():
    require("admin.dashboard")
    users = db.session.scalars(select(User).order_by(User.name)).all()
    sections = db.session.scalars(select(Section).order_by(Section.sort_order, Section.title)).all()
    return render_template("admin/dashboard.html", users=users, sections=sections)

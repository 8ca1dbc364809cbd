"""The editing area (/edit): each editor sees the sections they edit (R24)."""
from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Section
from ieg.people.permissions import PUBLISHER, can
from ieg.security import require

bp = Blueprint("edit", __name__, url_prefix="/edit")


@bp.get("/")
def dashboard():
    require("edit.dashboard")
    sections = db.session.scalars(select(Section).order_by(Section.sort_order, Section.title)).all()
    mine = [
        {"section": s, "publisher": can(current_user, "section.publish", s)}
        for s in sections if can(current_user, "section.edit", s)
    ]
    return render_template("edit/dashboard.html", sections=mine, PUBLISHER=PUBLISHER)

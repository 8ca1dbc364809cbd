"""The casework area (/staff) for customer-contact staff and service officers."""
from flask import Blueprint, render_template
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Section
from ieg.security import require

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.get("/")
def dashboard():
    require("staff.dashboard")
    sections = db.session.scalars(select(Section).order_by(Section.sort_order, Section.title)).all()
    return render_template("staff/dashboard.html", sections=sections)

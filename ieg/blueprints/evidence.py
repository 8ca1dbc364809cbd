"""The evidence area (/evidence): read-only for auditors."""
from flask import Blueprint, render_template

from ieg.evidence import outcomes
from ieg.security import require

bp = Blueprint("evidence", __name__, url_prefix="/evidence")


@bp.get("/")
def dashboard():
    require("evidence.view")
    return render_template("evidence/dashboard.html", areas=outcomes.by_area(),
                           levels=outcomes.count_by("level"), scopes=outcomes.count_by("scope"),
                           total=len(outcomes.all_outcomes()))

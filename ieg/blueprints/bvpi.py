"""BVPI 157 (/evidence/bvpi-157): the routemap table by interaction type, each type's services
with their state and why, the CSV of every pair (auditors and administrators), and setting a
pair by hand (administrators). The rules and the counting are in ieg/evidence/bvpi.py."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ieg.evidence import bvpi
from ieg.evidence.bvpi import BvpiError
from ieg.extensions import db
from ieg.models import LgslService
from ieg.security import require
from ieg.blueprints.common import get_or_404
from ieg.timeutil import utcnow

bp = Blueprint("bvpi", __name__, url_prefix="/evidence")

# The radios' values: a value set by hand, or left to the automatic rule.
CHOICES = {"yes": True, "no": False, "automatic": None}


@bp.context_processor
def _words():
    return {"percent_words": bvpi.percent_words, "zone": current_app.config["TIMEZONE"]}


def _counted(lgil_id: int) -> bvpi.InteractionType:
    kind = bvpi.interaction(lgil_id)
    if kind is None or not kind.top_level:
        abort(404)
    return kind


@bp.get("/bvpi-157")
def index():
    require("evidence.view")
    grid = bvpi.grid(db.session)
    return render_template("evidence/bvpi.html", counts=grid.counts(), overall=grid.overall(),
                           services=len(grid.services))


@bp.get("/bvpi-157.csv")
def export():
    require("evidence.view")
    return Response(bvpi.export_csv(bvpi.grid(db.session)), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="bvpi-157.csv"'})


@bp.get("/bvpi-157/<int:lgil_id>")
def interaction(lgil_id: int):
    require("evidence.view")
    kind = _counted(lgil_id)
    grid = bvpi.grid(db.session)
    count = next(c for c in grid.counts() if c.interaction == kind)
    return render_template("evidence/bvpi_type.html", kind=kind, count=count, pairs=grid.column(lgil_id))


def _choice(value: bool | None) -> str:
    return next(name for name, meaning in CHOICES.items() if meaning is value)


@bp.route("/bvpi-157/<int:lgil_id>/<int:lgsl_id>", methods=["GET", "POST"])
def pair(lgil_id: int, lgsl_id: int):
    require("evidence.manage")
    kind = _counted(lgil_id)
    get_or_404(LgslService, lgsl_id)
    current = bvpi.grid(db.session).pair(lgsl_id, lgil_id)
    setting = current.setting
    data = {"permissible": _choice(setting.permissible if setting else None),
            "e_enabled": _choice(setting.e_enabled if setting else None), "note": setting.note if setting else ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        data = {name: request.form.get(name, "") for name in ("permissible", "e_enabled", "note")}
        errors = {name: f"Select whether the pair is {label}, or leave it automatic"
                  for name, label in (("permissible", "permissible"), ("e_enabled", "e-enabled"))
                  if data[name] not in CHOICES}
        if not errors:
            try:
                bvpi.set_pair(db.session, current_user._get_current_object(), lgsl_id, lgil_id,
                              CHOICES[data["permissible"]], CHOICES[data["e_enabled"]], data["note"], utcnow())
            except BvpiError as refused:
                db.session.rollback()
                errors = refused.errors
            else:
                db.session.commit()
                flash(f"{current.service}: {kind.label} saved.", "success")
                return redirect(url_for(".interaction", lgil_id=lgil_id) + f"#service-{lgsl_id}")
    return render_template("evidence/bvpi_pair.html", kind=kind, pair=current, data=data, errors=errors), \
        400 if errors else 200

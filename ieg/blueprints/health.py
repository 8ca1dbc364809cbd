"""/healthz for load balancers and monitoring."""
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from ieg.database import schema_revision
from ieg.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    body = {"version": current_app.config["VERSION"]}
    try:
        db.session.execute(text("SELECT 1"))
        body["database"] = "ok"
        body["schema"] = schema_revision(db.session)
        status = 200
    except Exception as exc:  # any database failure makes the instance unhealthy
        db.session.rollback()
        current_app.logger.warning("healthz: database unavailable: %s", exc)
        body["database"] = "unavailable"
        status = 503
    body["status"] = "ok" if status == 200 else "unavailable"
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response

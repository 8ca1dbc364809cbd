"""/healthz for load balancers and monitoring.

200 "ok": the database answers and takes writes. "scheduler" names the leading scheduler's machine
and the age of its heartbeat, or says "none"; it does not change the status (web pages need no
scheduler), so monitoring alerts on it. 200 "degraded" with database "read-only":
pages can be read but nothing can be sent or saved (a read-only mount, a PostgreSQL standby):
monitoring should alert, but a load balancer keeps the node, which still serves readers.
503 "unavailable": the database does not answer.
"search": this node's index against the change log: "building" (a new node, or one whose
unread entries were pruned; 503 where several nodes follow the log, so the balancer sends
it no traffic until built), "behind" (with "search_lag") or "ok".
"""
import time

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from ieg.database import schema_revision, writable
from ieg.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    body = {"version": current_app.config["VERSION"]}
    try:
        db.session.execute(text("SELECT 1"))
        body["schema"] = schema_revision(db.session)
        body["database"] = "ok" if body["schema"] is None or _writable() else "read-only"
        body["scheduler"] = _scheduler() if body["schema"] is not None else "none"
        status = 200
    except Exception as exc:  # any database failure makes the instance unhealthy
        db.session.rollback()
        current_app.logger.warning("healthz: database unavailable: %s", exc)
        body["database"] = "unavailable"
        status = 503
    if status == 200:
        status = _search(body, status)
    body["status"] = "unavailable" if status != 200 else "ok" if body["database"] == "ok" else "degraded"
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _scheduler():
    """The leading scheduler's node and how long ago it last said it was alive, or "none" (no
    scheduler, or its heartbeat is stale): monitoring alerts on "none"; the node still serves."""
    from ieg import leadership
    from ieg.timeutil import utcnow

    now = utcnow()
    try:
        leader = leadership.current_leader(db.session, now,
                                           leadership.stale_after(current_app.config["SCHEDULER_HEARTBEAT_SECONDS"]))
    except Exception:  # a database not yet upgraded to the leader's table
        db.session.rollback()
        return "unknown"
    return {"leader": leader.node, "heartbeat_seconds": round(leader.age(now), 1)} if leader else "none"


WRITE_CHECK_EVERY = 10.0  # seconds: a balancer may ask every second; the write check takes the write lock


def _writable() -> bool:
    """writable(), asked at most every WRITE_CHECK_EVERY seconds per process."""
    now = time.monotonic()
    checked_at, answer = current_app.extensions.get("ieg_health_writable", (None, True))
    if checked_at is None or now - checked_at >= WRITE_CHECK_EVERY:
        answer = writable(db.session)
        current_app.extensions["ieg_health_writable"] = (now, answer)
    return answer


def _search(body: dict, status: int) -> int:
    from ieg.search import web as search_web

    state = search_web.node_state(current_app, db.session)
    body["search"] = state.condition
    if state.condition == "behind":
        body["search_lag"] = {"entries": state.lag_entries, "seconds": round(state.lag_seconds, 1)}
    if state.condition == "building" and search_web.following(current_app):
        return 503
    return status

"""Signing in and out."""
from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from ieg.extensions import db, limiter
from ieg.people import accounts, sessions
from ieg.people.forms import LoginForm
from ieg.people.permissions import landing_endpoint
from ieg.redirects import local_path
from ieg.security import begin_session, current_session_token
from ieg.timeutil import utcnow

bp = Blueprint("auth", __name__)

BAD_SIGN_IN = "Enter a correct email address and password"


def _policy() -> accounts.ThrottlePolicy:
    from datetime import timedelta
    cfg = current_app.config
    return accounts.ThrottlePolicy(cfg["LOGIN_MAX_FAILURES"], timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"]))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for(landing_endpoint(current_user)))
    form = LoginForm()
    throttled_minutes = None
    status = 200
    if form.validate_on_submit():
        policy = _policy()
        result = accounts.sign_in(db.session, form.email.data, form.password.data, request.remote_addr or "",
                                  secret=current_app.config["SECRET_KEY"], now=utcnow(), policy=policy)
        if result.ok:
            begin_session(result.user)
        db.session.commit()
        if result.ok:
            return redirect(local_path(request.args.get("next")) or url_for(landing_endpoint(result.user)))
        if result.throttled:
            throttled_minutes = int(policy.window.total_seconds() // 60)
            status = 429
        else:
            form.email.errors = [BAD_SIGN_IN]
            form.password.data = ""
    return render_template("auth/login.html", form=form, throttled_minutes=throttled_minutes), status


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        accounts.signed_out(db.session, current_user._get_current_object(), utcnow())
    sessions.end(db.session, current_session_token())  # a copy of the cookie opens nothing now
    db.session.commit()
    logout_user()
    session.clear()  # an empty session deletes the cookie
    return redirect(url_for("auth.signed_out"))


@bp.get("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html")

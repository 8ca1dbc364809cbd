"""Signing in (with a second factor where the person uses or must use one), signing out, and
resetting a forgotten password by an emailed link."""
import time
from datetime import timedelta

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user
from markupsafe import Markup

from ieg.blueprints.common import get_optional, show_on_form
from ieg.extensions import db, limiter
from ieg.models import User
from ieg.people import accounts, password_reset, sessions, two_factor
from ieg.blueprints.account_forms import CodeForm, ForgotPasswordForm, LoginForm, NewPasswordForm, SetUpCodeForm
from ieg.people.permissions import landing_endpoint
from ieg.redirects import local_path
from ieg.security import begin_session, current_session_token
from ieg.timeutil import utcnow

bp = Blueprint("auth", __name__)

BAD_SIGN_IN = "Enter a correct email address and password"
BAD_CODE = "Enter the code your authenticator app shows now, or an unused recovery code"
# Between a right password and the second factor: who, since when, and where to go after.
PENDING = "second_factor"
PENDING_FOR = 300  # seconds to enter the code


def _policy() -> accounts.ThrottlePolicy:
    cfg = current_app.config
    return accounts.ThrottlePolicy(cfg["LOGIN_MAX_FAILURES"], timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"]))


def _throttled_minutes() -> int:
    return int(_policy().window.total_seconds() // 60)


def _signed_in(user: User, next_path: str | None):
    """The second factor is done, or was not needed: a fresh session, then onwards."""
    begin_session(user)
    db.session.commit()
    return redirect(local_path(next_path) or url_for(landing_endpoint(user)))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for(landing_endpoint(current_user)))
    form = LoginForm()
    throttled_minutes = None
    status = 200
    if form.validate_on_submit():
        result = accounts.sign_in(db.session, form.email.data, form.password.data, request.remote_addr or "",
                                  secret=current_app.config["SECRET_KEY"], now=utcnow(), policy=_policy())
        if result.second_factor:
            db.session.commit()
            session.clear()
            session[PENDING] = {"user": result.user.id, "at": int(time.time()),
                                "next": local_path(request.args.get("next")) or ""}
            return redirect(url_for("auth.two_factor" if result.user.two_factor else "auth.two_factor_set_up"))
        if result.ok:
            return _signed_in(result.user, request.args.get("next"))
        db.session.commit()
        if result.throttled:
            throttled_minutes, status = _throttled_minutes(), 429
        else:
            form.email.errors = [BAD_SIGN_IN]
            form.password.data = ""
    return render_template("auth/login.html", form=form, throttled_minutes=throttled_minutes), status


def _pending() -> tuple[User, str]:
    """The person whose password was right a moment ago, or back to sign in."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_FOR:
        session.pop(PENDING, None)
        abort(redirect(url_for("auth.login")))
    user = get_optional(User, pending.get("user"))
    if user is None or not user.is_active:
        session.pop(PENDING, None)
        abort(redirect(url_for("auth.login")))
    return user, pending.get("next") or ""


@bp.route("/login/two-factor", methods=["GET", "POST"], endpoint="two_factor")
@limiter.limit("30 per minute", methods=["POST"])
def second_factor_page():
    user, next_path = _pending()
    if not user.two_factor:
        return redirect(url_for("auth.two_factor_set_up"))
    form, status, throttled_minutes = CodeForm(), 200, None
    if form.validate_on_submit():
        result = accounts.second_factor(db.session, user, form.code.data, request.remote_addr or "",
                                        secret=current_app.config["SECRET_KEY"], now=utcnow(), policy=_policy())
        if result.ok:
            return _signed_in(user, next_path)
        db.session.commit()
        if result.throttled:
            session.pop(PENDING, None)
            throttled_minutes, status = _throttled_minutes(), 429
        else:
            form.code.errors, status = [BAD_CODE], 400
    elif form.errors:
        status = 400
    return render_template("auth/two_factor.html", form=form, throttled_minutes=throttled_minutes), status


def _qr(uri: str, title: str) -> Markup:
    import segno
    return Markup(segno.make(uri, error="m").svg_inline(scale=4, title=title, svgclass="ieg-qr"))


def set_up_page(user: User, form, action: str, status: int = 200):
    """Adding the account to an authenticator app: a QR code, and the key to type instead."""
    secret = two_factor.pending_secret(db.session, user)
    db.session.commit()
    uri = two_factor.setup_uri(secret, user.email, current_app.config["COUNCIL_NAME"])
    return render_template("auth/two_factor_set_up.html", form=form, action=action, key=two_factor.grouped(secret),
                           qr=_qr(uri, f"QR code to add {user.email} to an authenticator app"),
                           required=two_factor.required_for(db.session, user)), status


def recovery_codes_page(codes: list[str], onward: str):
    """Shown once: only their hashes are kept."""
    return render_template("auth/recovery_codes.html", codes=codes, onward=onward)


@bp.route("/login/two-factor/set-up", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def two_factor_set_up():
    """Setting up the app at sign-in, for someone whose role requires it and who has none."""
    user, next_path = _pending()
    if user.two_factor:
        return redirect(url_for("auth.two_factor"))
    form = SetUpCodeForm()
    if form.validate_on_submit():
        try:
            result, codes = accounts.set_up_second_factor(
                db.session, user, form.code.data, request.remote_addr or "", secret=current_app.config["SECRET_KEY"],
                now=utcnow(), policy=_policy())
        except two_factor.TwoFactorError as error:
            db.session.commit()  # the failure counts towards the throttle
            show_on_form(form, error, "code")
            return set_up_page(user, form, url_for("auth.two_factor_set_up"), 400)
        if result.throttled:
            db.session.rollback()
            session.pop(PENDING, None)
            return render_template("auth/two_factor.html", form=CodeForm(formdata=None),
                                   throttled_minutes=_throttled_minutes()), 429
        begin_session(user)
        db.session.commit()
        return recovery_codes_page(codes, local_path(next_path) or url_for(landing_endpoint(user)))
    return set_up_page(user, form, url_for("auth.two_factor_set_up"), 400 if form.errors else 200)


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


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5 per minute; 20 per hour", methods=["POST"])
def forgot_password():
    """The same answer whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        from ieg.content.notify import Mailer
        mailer = Mailer.from_config(current_app.config)
        password_reset.request(db.session, form.email.data, now=utcnow(), base_url=mailer.base_url,
                               council=mailer.council, sender_domain=mailer.sender_domain)
        db.session.commit()
        return render_template("auth/reset_sent.html", email=form.email.data,
                               minutes=int(password_reset.LIFETIME.total_seconds() // 60))
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def reset_password(token: str):
    if password_reset.find(db.session, token, utcnow()) is None:
        return render_template("auth/reset_expired.html"), 404
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.complete(db.session, token, form.new_password.data, utcnow())
        except accounts.AccountError as error:
            db.session.rollback()
            show_on_form(form, error, "new_password")
        else:
            db.session.commit()
            return render_template("auth/reset_done.html")
    return render_template("auth/reset_password.html", form=form, token=token), 400 if form.errors else 200

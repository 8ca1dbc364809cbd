"""Request security in one place: CSRF, security headers, and `require()` for views.

CSRF. Every POST, PUT, PATCH and DELETE is checked here, before any view runs:
- the Origin (or, failing that, Referer) header, when the browser sends one, must be
  this site: modern browsers send Origin on every cross-site POST, so a forged
  request from another site stops here;
- signed-in users' forms carry Flask-WTF's token, bound to their session;
- visitors who are not signed in have no session (the public site sets no cookie,
  docs/design.md 1), so their forms carry a signed, time-limited token instead.
Forms therefore set `Meta.csrf = False`; the check is here, not in each form.
"""
from __future__ import annotations

import secrets
import time
from datetime import timedelta
from urllib.parse import urlsplit

import flask
from flask import Flask, abort, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from ieg.extensions import csrf
from ieg.people import sessions
from ieg.people.permissions import can
from ieg.text import clean, has_controls

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FIELD = "csrf_token"
# A visitors' token is not tied to anyone (there is no session), so one is shared by the
# pages a process renders for this long, as a cached page shares its own for an hour.
PUBLIC_TOKEN_REUSE = 60  # seconds


def _public_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="ieg-public-form")


def _signed_in() -> bool:
    return "_user_id" in session


def csrf_token() -> str:
    """The token for a form on this page (a Jinja global)."""
    if _signed_in():
        return generate_csrf()
    if "ieg_public_csrf" not in g:
        g.ieg_public_csrf = _public_token()
    return g.ieg_public_csrf


def _public_token() -> str:
    """A signed, time-limited token for visitors' forms, made afresh each PUBLIC_TOKEN_REUSE
    seconds: signing one cost a fiftieth of a page view."""
    now = time.monotonic()
    made, token = current_app.extensions.get("ieg_public_csrf", (None, ""))
    if made is None or now - made >= PUBLIC_TOKEN_REUSE:
        token = _public_serializer().dumps(secrets.token_urlsafe(16))
        current_app.extensions["ieg_public_csrf"] = (now, token)
    return token


def _same_origin(url: str) -> bool:
    """`url` is on this site: its scheme and host (with any port) are the request's own. The
    Host header as sent (request.host), not request.host_url, which rebuilds a URL on every
    call and turns a Punycode host into Unicode, unlike the Origin a browser sends."""
    there = urlsplit(url)
    return (there.scheme, there.netloc) == (request.scheme, request.host)


def check_csrf() -> None:
    if request.method not in UNSAFE_METHODS or request.routing_exception is not None:
        return  # no view will run: let the 404 or 405 answer
    view = current_app.view_functions.get(request.endpoint)
    if view is not None and getattr(view, "csrf_exempt", False):
        return
    origin = request.headers.get("Origin")
    if origin and origin != "null" and not _same_origin(origin):
        raise CSRFError("The form was sent from another website.")
    referrer = request.headers.get("Referer")
    if not origin and referrer and not _same_origin(referrer):
        raise CSRFError("The form was sent from another website.")
    if _signed_in():
        csrf.protect()  # Flask-WTF: token bound to this session
        return
    token = request.form.get(FIELD) or request.headers.get("X-CSRFToken")
    if not token:
        raise CSRFError("The form is missing its security token.")
    if not _public_token_valid(token, current_app.config["WTF_CSRF_TIME_LIMIT"]):
        raise CSRFError("The form's security token has expired or is not valid.")


# Tokens whose signature this process has checked, with when they were signed: a visitors'
# token is shared by many forms (PUBLIC_TOKEN_REUSE), and checking the signature again cost
# more than the rest of the check. Only good signatures are kept, so it holds about one
# token a minute per process; cleared if ever it grows past this.
_VERIFIED_MAX = 1024


def _public_token_valid(token: str, max_age: int | None) -> bool:
    """Signed with this app's key and at most `max_age` seconds old (None: any age), judged
    as itsdangerous judges it (whole seconds)."""
    verified = current_app.extensions.setdefault("ieg_public_csrf_verified", {})
    signed_at = verified.get(token)
    if signed_at is None:
        try:
            _, signed = _public_serializer().loads(token, max_age=max_age, return_timestamp=True)
        except BadData:
            return False
        if len(verified) >= _VERIFIED_MAX:
            verified.clear()
        signed_at = verified[token] = int(signed.timestamp())
    return max_age is None or 0 <= int(time.time()) - signed_at <= max_age


class CleanParameters(ImmutableMultiDict):
    """Query and form parameters as the views read them: every text value and name cleaned
    (ieg.text.clean: no NUL or other control characters, line breaks as "\n"), once, where
    the request is parsed, so that no view, form or service sees raw control characters.
    Uploaded files pass through untouched."""

    def __init__(self, mapping=None):
        if mapping:
            pairs = mapping.items(multi=True) if isinstance(mapping, MultiDict) else (
                mapping.items() if isinstance(mapping, dict) else mapping)
            mapping = [(clean(key), clean(value) if isinstance(value, str) else value) for key, value in pairs]
        super().__init__(mapping)


class Request(flask.Request):
    parameter_storage_class = CleanParameters


def refuse_control_characters_in_path() -> None:
    """No address of ours has a control character in it (PostgreSQL refuses a NUL in a query)."""
    if has_controls(request.path):
        abort(404)


def limit_body() -> None:
    """Plain forms and JSON are small; only file uploads (multipart) may use the
    full MAX_CONTENT_LENGTH. Werkzeug reads urlencoded bodies whole, so the cap
    must be set before anything touches request.form."""
    if request.mimetype != "multipart/form-data":
        request.max_content_length = current_app.config["MAX_FORM_BODY"]


def background(view):
    """Mark a view the page calls by itself (the editor's heartbeat), not the person: it is not
    use of their session, so a page left open does not stop the idle time signing them out."""
    view.background = True
    return view


def is_background() -> bool:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, "background", False)


def exempt(view):
    """Mark a view that authenticates by other means (API tokens, signed links)."""
    view.csrf_exempt = True
    return view


# No inline script anywhere (GOV.UK Frontend starts from ieg/assets/js/init.mjs), so scripts
# come from this site only and cached pages need no per-request nonce. Referrer-Policy
# same-origin: our own Referer reaches us (CSRF check), nothing leaks to other sites.
SECURITY_HEADERS = (
    ("Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def security_headers(response):
    """Each of SECURITY_HEADERS unless the view set its own (one pass over the headers, not
    one per header as setdefault makes: this runs on every response)."""
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    if _signed_in():
        # Staff pages hold personal data: never cache them anywhere. (The session, not
        # current_user: this must not need the database, even on an error page.)
        response.headers["Cache-Control"] = "no-store"
    return response


# The Flask session's key for the token naming the server-side session (ieg.people.sessions).
SESSION_TOKEN = "session_token"


def session_limits(config) -> sessions.Limits:
    return sessions.Limits(idle=timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
                           lifetime=timedelta(hours=config["SESSION_HOURS"]))


def current_session_token() -> str | None:
    return session.get(SESSION_TOKEN)


def begin_session(user) -> None:
    """Sign `user` in on a fresh session (no fixation): a server-side session row and the
    cookie naming it. The caller commits the row before the response goes."""
    from flask_login import login_user

    from ieg.extensions import db
    from ieg.timeutil import utcnow

    session.clear()
    session[SESSION_TOKEN] = sessions.start(db.session, user, utcnow(), request.user_agent.string)
    login_user(user)
    session.permanent = True


def touch_session(session_id: int, now) -> None:
    """Record that a session was used, in a transaction of its own: the request's may roll
    back, and a database that cannot be written (read-only, locked) must not stop a page."""
    from sqlalchemy.exc import OperationalError

    from ieg.extensions import db

    try:
        with db.engine.begin() as connection:
            sessions.touch(connection, session_id, now)
    except OperationalError as exc:
        current_app.logger.warning("session %s: last use not recorded: %s", session_id, exc)


def require(action: str, obj=None) -> None:
    """Let the view go on if the current user may do `action`, else stop it.

    Visitors who are not signed in are sent to sign in (401 -> login page); signed-in
    users without the permission get 403.
    """
    if can(current_user, action, obj):
        return
    if not current_user.is_authenticated:
        abort(401)
    abort(403)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, which build their signing serializer on every request
    before looking for the cookie; most requests are visitors', who have none (the public site
    sets no cookie), so look first: no cookie, a new empty session, as Flask would give."""

    def open_session(self, app, request):
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.request_class = Request
    csrf.init_app(app)
    app.before_request(refuse_control_characters_in_path)
    app.before_request(limit_body)
    app.before_request(check_csrf)
    app.after_request(security_headers)
    # Flask-WTF offers its session-bound generator both as a global and through a
    # context processor (which wins); replace both, or a public page would set a cookie.
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})

"""The Flask app: `create_app` builds it from the configuration, its extensions, blueprints and hooks."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.routing import IntegerConverter

from ieg import config as config_module

ROOT = Path(__file__).resolve().parent.parent


class IdConverter(IntegerConverter):
    """Flask's <int:...>, bounded to the 32-bit ids every database here gives rows."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app. No side effects: no tables created, no network, no scheduler.

    The one file it may write is instance/secret_key, on the very first run when no
    SECRET_KEY is configured.
    """
    app = Flask("ieg", template_folder=str(ROOT / "templates"), instance_path=str(ROOT / "instance"))
    # Before any route is added: an <int:...> in an address matches only a number a row's id can
    # be, so a larger one is a page not found in every view, never an overflow in the database.
    app.url_map.converters["int"] = IdConverter
    app.config.update(config_module.load(app.instance_path, overrides))
    app.instance_path = app.config["INSTANCE_PATH"]

    app.jinja_loader = ChoiceLoader([
        FileSystemLoader(str(ROOT / "templates")),
        PrefixLoader({
            "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
            "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
        }),
    ])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from govuk_frontend_wtf.main import WTFormsHelpers

    from ieg import cache, errors, hooks, security, templating
    from ieg.extensions import db, limiter, login_manager, migrate
    from ieg.search import web as search_web

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    limiter.init_app(app)
    _init_login(app, login_manager)
    # Cache first: Flask runs after_request hooks in reverse, so entries are stored
    # after the security headers are set, and a hit replays them without work.
    cache.init_app(app)
    security.init_app(app)
    search_web.init_app(app)
    WTFormsHelpers(app)
    templating.init_app(app)
    errors.init_app(app)
    hooks.register_all(app)  # every listener and hook the app relies on, whatever was imported before

    from ieg.blueprints import register
    register(app)

    from ieg.cli import ieg_cli
    app.cli.add_command(ieg_cli)

    if os.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/"):  # set by gunicorn's master
        _refuse_an_unsafe_start(app)
    _warm_up()

    if app.config["TRUSTED_PROXIES"]:
        # Behind nginx the browser's scheme, host and address arrive in X-Forwarded-*
        # headers: the CSRF Origin check and per-client limits need the real ones.
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    return app


def _refuse_an_unsafe_start(app: Flask) -> None:
    """Serving in production with settings that would send residents wrong links: stop with
    the reason. gunicorn prints an AppImportError's message (a RuntimeError's under --preload)
    and stops, where any other exception would be a traceback and a worker restarted forever."""
    problem = config_module.production_problem(app.config)
    if problem:
        from gunicorn.errors import AppImportError

        class StartRefused(AppImportError, RuntimeError):
            pass
        raise StartRefused(problem)


def _warm_up() -> None:
    """What each process would otherwise do on its first requests, making the first
    citizens wait a second or more: configuring the ORM's mappers and loading the bank-holiday
    rules. Both happen once per process (a gunicorn worker builds its app before serving)."""
    from sqlalchemy.orm import configure_mappers

    from ieg import workingtime
    configure_mappers()
    workingtime.load_holiday_rules()


def _init_login(app: Flask, login_manager) -> None:
    from flask import session

    from ieg.extensions import db
    from ieg.models import User
    from ieg.people import sessions
    from ieg.security import SESSION_TOKEN, is_background, session_limits, touch_session
    from ieg.timeutil import utcnow

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "info"
    # "strong": a session presented from a different browser or address is dropped.
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str):
        """The signed-in user, if the session the cookie names is still live on the server."""
        if not user_id.isdecimal():
            return None
        now = utcnow()
        found = sessions.find(db.session, int(user_id), session.get(SESSION_TOKEN), now, session_limits(app.config))
        if found is None:
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.is_active:
            return None
        if sessions.needs_touch(found, now) and not is_background():
            touch_session(found.id, now)
        return user

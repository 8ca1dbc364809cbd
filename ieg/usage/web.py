"""The count itself: an after_request hook (registered by ieg/hooks.py) that turns a public page
view into a spooled hit. It runs for pages served from the page cache too (Flask runs
after_request hooks on a response a before_request hook returned). It reads the database only
for the month's salt, once a month per process, and never writes on the request path but for
the salt's first use in a new install (see ieg/usage/salts.py)."""
from __future__ import annotations

import atexit
import threading
import time
from datetime import datetime, timezone

from flask import Flask, Response, current_app, request, session

from ieg.dates import local_midnight
from ieg.usage import counting, salts, spool

# Staff areas, sign-in and the machinery: never page impressions.
NOT_PAGES = frozenset({"edit", "staff", "admin", "evidence", "login", "logout", "account", "static", "healthz",
                       "branding.css", "robots.txt", "sitemap.xml", "favicon.ico", "reports", "audit-log",
                       "service-standards-admin", "two-factor", "password-reset"})
# Public views whose address can carry something personal (a tracking token): counted by route.
BY_ROUTE = frozenset({"track"})


class Counter:
    def __init__(self, app: Flask) -> None:
        self.spool = spool.Spool(spool.folder(app.config["INSTANCE_PATH"]))
        self.zone = app.config["TIMEZONE"]
        self._key: tuple | None = None  # (from, until, the month's keyed HMAC)
        self._lock = threading.Lock()
        atexit.register(self.spool.flush)

    def key(self, now: float):
        """The month's keyed HMAC, kept until the month ends (the local midnight it ends at is
        worked out once, so a request pays two comparisons). `now`: seconds since the epoch."""
        kept = self._key
        if kept is not None and kept[0] <= now < kept[1]:
            return kept[2]
        from ieg.extensions import db
        moment = datetime.fromtimestamp(now, timezone.utc)
        with self._lock:
            month = salts.month_of(moment, self.zone)
            value = salts.get(db.session, month)
            if value is None:  # the scheduler makes it ahead; this is a new install's first hit
                with db.engine.begin() as connection:
                    from sqlalchemy.orm import Session
                    own = Session(bind=connection)
                    value = salts.ensure(own, month, moment)
                    own.flush()
            first, following = salts.month_bounds(month)
            key = counting.keyed(value)
            self._key = (local_midnight(first, self.zone).timestamp(), local_midnight(following, self.zone).timestamp(),
                         key)
            return key

    def count(self, response: Response) -> None:
        # Read from the WSGI environ: Werkzeug's parsed headers and properties cost more than the count.
        if request.method != "GET" or response.status_code not in (200, 304) or "_user_id" in session:
            return
        if response.status_code == 200 and not (response.mimetype or "").startswith("text/html"):
            return
        path = request.path
        first = path.strip("/").split("/", 1)[0]
        if first in NOT_PAGES or request.endpoint is None:
            return
        if request.blueprint in BY_ROUTE and request.url_rule is not None:
            path = request.url_rule.rule
        environ = request.environ
        user_agent = environ.get("HTTP_USER_AGENT", "")
        robot = counting.robot(user_agent)
        now = time.time()
        if robot:
            self.spool.add_raw(now, path[:300], "", robot, "", "")
            return
        browser = ""
        if not counting.opted_out({"Sec-GPC": environ.get("HTTP_SEC_GPC", ""), "DNT": environ.get("HTTP_DNT", "")}):
            browser = counting.hash_with(self.key(now), environ.get("REMOTE_ADDR", ""), user_agent)
        referrer = environ.get("HTTP_REFERER")
        self.spool.add_raw(now, path[:300], browser, "", counting.device(user_agent),
                           counting.referrer_domain(referrer, environ.get("HTTP_HOST", "")) if referrer else "")


def register(app: Flask) -> None:
    if "ieg_usage" in app.extensions:
        return
    counter = Counter(app)
    app.extensions["ieg_usage"] = counter

    @app.after_request
    def count_page_view(response: Response) -> Response:
        if current_app.config.get("USAGE_COUNTING", True):
            try:
                counter.count(response)
            except Exception:  # counting must never cost a resident their page
                current_app.logger.exception("usage: a page view could not be counted")
        return response


def flush(app: Flask) -> int:
    """Write this process's counted hits to its spool file now (tests, shutdown)."""
    counter = app.extensions.get("ieg_usage")
    return counter.spool.flush() if counter is not None else 0

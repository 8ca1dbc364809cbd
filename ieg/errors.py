"""Error pages, in the site's own layout, each saying what happened and what to do."""
from __future__ import annotations

from flask import Flask, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

PAGES = {
    400: ("There is a problem with your request",
          "The request could not be understood. Go back and try again."),
    403: ("You do not have permission to see this page",
          "Your account does not give you access to this page. If you need it, ask your administrator "
          "for the right role or section."),
    404: ("Page not found",
          "If you typed the web address, check it is correct. If you pasted the web address, check you "
          "copied the entire address."),
    405: ("This action is not allowed",
          "The page does not accept that kind of request. Go back and use the buttons on the page."),
    413: ("What you sent is too large",
          "The form or file you sent is larger than this site accepts. Go back, make it smaller and try again."),
    429: ("Too many requests",
          "You have made too many requests in a short time. Wait a few minutes, then try again."),
    500: ("Sorry, there is a problem with the service",
          "Try again later. Nothing you sent has been half-saved: if the problem continues, contact us."),
}


def _page(status: int, title: str | None = None, message: str | None = None):
    default_title, default_message = PAGES.get(status, PAGES[400 if status < 500 else 500])
    return render_template("errors/error.html", title=title or default_title,
                           message=message or default_message, status=status), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _page(
            400, "Your form could not be sent",
            f"{error.description} This happens when a page has been open for a long time or was "
            "opened in another browser. Go back, reload the page and try again; you may need to "
            "type your answers again.")

    @app.errorhandler(401)
    def unauthorised(_error):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in PAGES:
            return _page(error.code)
        return error

    @app.errorhandler(OperationalError)
    def database_busy(error: OperationalError):
        """The database could not take the write in time (locked, restarting): say so plainly;
        the transaction is rolled back whole, so the person can simply send it again."""
        app.logger.warning("Database unavailable on %s %s: %s", request.method, request.path, error)
        from ieg.extensions import db
        db.session.rollback()
        try:
            response = _page(503, "Sorry, we could not save that just now",
                             "The service is very busy. Nothing you sent has been saved. Go back, wait a minute, "
                             "then send it again: your answers will still be on the page.")
        except Exception:  # noqa: BLE001 - the layout needs the database too
            return server_error(error)
        page, status = response
        return page, status, {"Retry-After": "60"}

    @app.errorhandler(Exception)
    def server_error(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        from ieg.extensions import db
        try:
            db.session.rollback()  # nothing half-written survives a crash
            return _page(500)
        except Exception:
            # The layout itself failed (the database is down, say): answer plainly.
            app.logger.exception("Error page failed too")
            title, message = PAGES[500]
            return (f"<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>{title}</title>"
                    f"</head><body><h1>{title}</h1><p>{message}</p></body></html>"), 500

"""Site search for residents (/search) and the hop that records which result they chose."""
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for

from ieg.search import web as search
from ieg.database import best_effort
from ieg.extensions import db, limiter
from ieg.search import searchlog
from ieg.timeutil import utcnow

bp = Blueprint("search", __name__)


def _int(name: str, default: int = 0) -> int:
    value = request.args.get(name, "")
    return int(value) if value.isdecimal() and len(value) < 9 else default


@bp.get("/search")
@limiter.limit("60 per minute")
def results():
    raw = request.args.get("q", "")
    section = request.args.get("section", "")[:80]
    page = max(1, _int("page", 1))
    found = search.site_search(current_app, db.session, raw, section=section, page=page)
    entry = None
    if found.query and page == 1 and not section:
        # Searching reads; its log entry is for editors, and must not stop a search when the
        # database cannot be written.
        def log_search(session):
            nonlocal entry
            entry = searchlog.record(session, raw, found, utcnow())
        if not best_effort(db.session, log_search, "search", current_app.logger):
            entry = None
    section_title = next((title for slug, title, _ in found.sections if slug == section), "")
    return render_template("public/search.html", q=raw[:200], results=found, log_id=entry.id if entry else None,
                           section_title=section_title, contact_form_url=_contact_form_url())


def _contact_form_url() -> str | None:
    """The general enquiry form, once casework provides one; until then the page gives the
    council's email address and phone number."""
    if "forms.show" in current_app.view_functions:
        return url_for("forms.show", form="general-enquiry")
    return None


@bp.get("/search/go")
@limiter.limit("120 per minute")
def go():
    """Follow a result: note the click against the search (for the editors' report), then
    go to the result's address as the index holds it, never an address from the URL."""
    key = request.args.get("k", "")[:80]
    fields = search.searcher(current_app).document(key=key) if key else None
    if fields is None:
        abort(404)
    log_id = _int("l")
    if log_id:
        def log_click(session):
            searchlog.click(session, log_id, key, _int("r"), fields.get("section", ""))
        best_effort(db.session, log_click, "search click", current_app.logger)
    return redirect(fields["url"], code=303)

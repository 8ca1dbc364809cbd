"""Search for the council's own staff: administrators keep the vocabulary (synonyms and
best bets, /admin/search); editors read what residents searched for (/edit/search-terms)."""
from datetime import timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ieg.blueprints.common import get_or_404
from ieg.extensions import db
from ieg.content import public_read, queries as content_queries
from ieg.models import SearchSynonym
from ieg.people.permissions import can
from ieg.search import searchlog, vocabulary
from ieg.security import require
from ieg.timeutil import utcnow

bp = Blueprint("search_admin", __name__)


def _vocabulary_page(error=None, form=None, status=200):
    return render_template("admin/search.html", synonyms=vocabulary.synonym_rows(db.session),
                           bets=vocabulary.best_bet_rows(db.session), error=error,
                           form=form or {}), status


@bp.route("/admin/search", methods=["GET", "POST"])
def vocabulary_view():
    require("search.manage")
    if request.method == "GET":
        return _vocabulary_page()
    action = request.form.get("action", "")
    try:
        if action == "add-synonym":
            vocabulary.save_synonym(db.session, None, request.form.get("terms", ""))
            message = "Synonyms added. Searches use them straight away."
        elif action == "edit-synonym":
            vocabulary.save_synonym(db.session, int(request.form.get("id", "0") or 0),
                                    request.form.get("terms", ""))
            message = "Synonyms changed."
        elif action == "delete-synonym":
            vocabulary.delete_synonym(db.session, int(request.form.get("id", "0") or 0))
            message = "Synonyms removed."
        elif action == "add-best-bet":
            address = request.form.get("page", "")
            page = public_read.page_at(db.session, address) if address.strip() else None
            vocabulary.add_best_bet(db.session, request.form.get("query", ""), page)
            message = "Best bet added."
        elif action == "delete-best-bet":
            vocabulary.delete_best_bet(db.session, int(request.form.get("id", "0") or 0))
            message = "Best bet removed."
        else:
            abort(400)
    except ValueError as error:  # VocabularyError, or an id that is not a number
        db.session.rollback()
        if not isinstance(error, vocabulary.VocabularyError):
            abort(400)
        return _vocabulary_page(error, request.form)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("search_admin.vocabulary_view"))


@bp.get("/admin/search/synonyms/<int:synonym_id>")
def synonym(synonym_id: int):
    require("search.manage")
    return render_template("admin/search_synonym.html", synonym=get_or_404(SearchSynonym, synonym_id))


@bp.get("/edit/search-terms")
def search_terms():
    """What residents searched for: the whole site, or one of the editor's sections."""
    require("edit.dashboard")
    sections = [s for s in content_queries.sections_by_title(db.session) if can(current_user, "section.edit", s)]
    slug = request.args.get("section", "")
    section = next((s for s in sections if s.slug == slug), None)
    if slug and section is None:
        abort(404)
    days = request.args.get("days", "30")
    days = int(days) if days in ("7", "30", "90", "365") else 30
    report = searchlog.report(db.session, utcnow() - timedelta(days=days), section)
    return render_template("edit/search_terms.html", report=report, sections=sections, section=section, days=days)

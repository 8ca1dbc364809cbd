"""The public A-Z of services (R3): every entry, or one letter's."""
from flask import Blueprint, abort, redirect, render_template, url_for

from ieg.cache import cacheable
from ieg.content import az
from ieg.extensions import db

bp = Blueprint("az", __name__)


@bp.get("/a-z")
@cacheable
def index():
    found = az.entries(db.session)
    return render_template("public/az.html", letter=None, letters=az.letters(found), groups=az.by_letter(found))


@bp.get("/a-z/<letter>")
@cacheable
def letter(letter: str):
    if letter not in az.LETTERS:
        if letter.upper() in az.LETTERS:
            return redirect(url_for("az.letter", letter=letter.upper()), code=301)
        abort(404)
    found = az.entries(db.session)
    return render_template("public/az.html", letter=letter, letters=az.letters(found),
                           groups=[(letter, az.for_letter(found, letter))])

"""Look-ups the views share: the object named in the URL, or 404."""
from flask import abort
from sqlalchemy import select

from ieg.extensions import db
from ieg.models import Section


def get_or_404(model, id_: int):
    item = db.session.get(model, id_)
    if item is None:
        abort(404)
    return item


def section_or_404(slug: str) -> Section:
    item = db.session.scalar(select(Section).where(Section.slug == slug))
    if item is None:
        abort(404)
    return item

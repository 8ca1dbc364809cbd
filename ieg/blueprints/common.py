"""What the views share: the object named in the URL, or 404; a refused input shown on its form."""
import io

from flask import abort, flash, redirect, send_file
from sqlalchemy import select

from ieg import files_store
from ieg.extensions import db
from ieg.input_errors import InputError
from ieg.models import Section


# Ids are 32-bit integers on every database: a larger number in a URL is no row, not an error.
_LARGEST_ID = 2**31 - 1


def get_or_404(model, id_: int, **owned_by):
    """The row the URL names, or 404. With `owned_by` (column=value), also 404 when the row
    belongs elsewhere: an attachment's id under another page's address."""
    item = db.session.get(model, id_) if 0 < id_ <= _LARGEST_ID else None
    if item is None or any(getattr(item, column) != value for column, value in owned_by.items()):
        abort(404)
    return item


def get_typed(model, value: str | None):
    """The row whose id a form sent or someone typed, or None (not a number, or no such row)."""
    value = (value or "").strip()
    return db.session.get(model, int(value)) if value.isdecimal() and 0 < int(value) <= _LARGEST_ID else None


def get_optional(model, id_: int | None):
    """The row a nullable reference points at, or None."""
    return db.session.get(model, id_) if id_ else None


def section_or_404(slug: str) -> Section:
    item = db.session.scalar(select(Section).where(Section.slug == slug))
    if item is None:
        abort(404)
    return item


def show_on_form(form, error: InputError, default: str | None = None) -> None:
    """Put each message of a refused input on the WTForms field it names. When it names no
    field of this form, on `default`, else on the form's first field: never on the form's
    top-level errors, which the GOV.UK error summary would link to no box on the page."""
    for name, message in error.errors.items():
        field = next(form[key] for key in (name, default, next(iter(form)).short_name) if key and key in form)
        field.errors = [*field.errors, message]


def errors_by_field(error: InputError, default: str) -> dict[str, str]:
    """A refused input's messages by field, for a page that shows errors from a dict; one that
    names no field goes on `default`."""
    return {name or default: message for name, message in error.errors.items()}


def saved_or_shown(form, run, message: str, target: str):
    """Run a service for a submitted form and commit, then say `message` and go to `target`; a
    refusal (an InputError) is rolled back, nothing written, and shown on the form: None."""
    try:
        run()
    except InputError as refused:
        db.session.rollback()
        show_on_form(form, refused)
        return None
    db.session.commit()
    flash(message, "success")
    return redirect(target)


def send_stored(name: str, *, mimetype: str, as_attachment: bool = False, download_name: str | None = None,
                max_age: int | None = None):
    """A stored file as a response, or 404 when it has gone: from the folder as a file, from
    the database with the file's SHA-256 as its ETag; conditional either way (304s)."""
    store = files_store.current()
    if isinstance(store, files_store.FolderStore):
        path = store.path(name)
        if not path.is_file():
            abort(404)
        return send_file(path, mimetype=mimetype, as_attachment=as_attachment, download_name=download_name,
                         max_age=max_age)
    blob = store.blob(name)
    if blob is None:
        abort(404)
    return send_file(io.BytesIO(blob.data), mimetype=mimetype, as_attachment=as_attachment,
                     download_name=download_name or name.rsplit("/", 1)[-1], max_age=max_age, etag=blob.sha256,
                     last_modified=blob.written_at)

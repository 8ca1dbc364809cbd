"""Uploaded files in the database store on one app: committed with their record or not at all,
served with the same headers and validators as from the folder, removed with their record; and
`flask ieg move-files` both ways. (Two apps on PostgreSQL: tests/web/test_nodes_sharing.py.)"""
from __future__ import annotations

import hashlib
import re

from sqlalchemy import func, select

from ieg import files_store
from tests.conftest import add_page, sign_in
from tests.web.content.test_attachments import PDF, upload

NOW_NAME = "enquiries/0123456789abcdef0123456789abcdef"


def _count(app) -> int:
    from ieg.extensions import db
    from ieg.models import StoredFile
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StoredFile))


def test_a_file_in_the_database_is_written_with_its_transaction_or_not_at_all(app_factory, council):
    from ieg.extensions import db
    app = app_factory(FILE_STORE="database")
    with app.app_context():
        store = files_store.current()
        assert isinstance(store, files_store.DatabaseStore) and store.transactional
        store.put(NOW_NAME, b"photo")
        db.session.rollback()
        assert store.size(NOW_NAME) is None
        store.put(NOW_NAME, b"photo")
        db.session.commit()
    with app.app_context():
        store = files_store.current()
        assert store.get(NOW_NAME) == b"photo" and [x.name for x in store.listing("enquiries")] == [NOW_NAME]
        store.put(NOW_NAME, b"replaced")  # the same name again replaces it
        db.session.commit()
        assert store.get(NOW_NAME) == b"replaced" and store.count() == 1
    assert not (app.instance_path and list((__import__("pathlib").Path(app.instance_path) / "uploads").rglob("*")))


def test_a_page_document_in_the_database_is_served_cached_and_removed_with_its_page(app_factory, council):
    from ieg.content import pages
    from ieg.extensions import db
    from ieg.models import Attachment, Page
    from ieg.timeutil import utcnow

    app = app_factory(FILE_STORE="database")
    author = app.test_client()
    sign_in(author, "waste.author@staff.example.gov.uk")
    page_id = add_page(app, "waste-and-recycling", "Collection calendar")
    body = upload(author, page_id, "calendar.pdf", PDF).get_data(as_text=True)
    link = re.search(r'/files/[0-9a-f]{32}\.pdf/calendar\.pdf', body).group(0)
    assert _count(app) == 1
    assert app.test_client().get(link).status_code == 404  # not public yet
    draft = author.get(link)
    assert draft.status_code == 200 and draft.data == PDF and "public" not in draft.headers["Cache-Control"]
    with app.app_context():
        pages.publish(db.session, db.session.get(Page, page_id), None, utcnow())
        db.session.commit()
    public = app.test_client().get(link)
    assert public.status_code == 200 and public.data == PDF and public.mimetype == "application/pdf"
    assert public.headers["ETag"] == f'"{hashlib.sha256(PDF).hexdigest()}"'
    assert public.headers["Cache-Control"] == "public, max-age=60" and "sandbox" in public.headers[
        "Content-Security-Policy"]
    assert "inline" in public.headers["Content-Disposition"] and "calendar.pdf" in public.headers[
        "Content-Disposition"]
    again = app.test_client().get(link, headers={"If-None-Match": public.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    with app.app_context():
        attachment = db.session.scalar(select(Attachment))
        pages.remove_file(db.session, db.session.get(Page, page_id), attachment, None, utcnow(), at_once=True)
        db.session.rollback()  # a removal rolled back keeps the file
        assert _count(app) == 1
        attachment = db.session.scalar(select(Attachment))
        pages.remove_file(db.session, db.session.get(Page, page_id), attachment, None, utcnow(), at_once=True)
        db.session.commit()
    assert _count(app) == 0 and app.test_client().get(link).status_code == 404


def test_move_files_moves_every_kind_both_ways_and_again_changes_nothing(app_factory, council):
    from ieg.extensions import db
    app = app_factory()  # SQLite: the folder by default
    files = {"page.pdf": PDF, "enquiries/abc": b"photo", "pending/k-1": b"waiting", "directory-logos/l.png": b"logo",
             "meetings/m.pdf": b"%PDF-m", "evidence/" + "0" * 64: b"evidence"}
    with app.app_context():
        folder = files_store.folder_store(app.config)
        for name, data in files.items():
            folder.put(name, data)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ieg", "move-files", "--to", "database"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["moved 6 files, 0 already there",
                                          "The app still uses the folder store: set IEG_FILE_STORE=database."]
    with app.app_context():
        database = files_store.DatabaseStore(db.session)
        assert {name: database.get(name) for name in database.names()} == files
        assert list(files_store.folder_store(app.config).names()) == []
    assert runner.invoke(args=["ieg", "move-files", "--to", "database"]).output.startswith(
        "moved 0 files, 0 already there")
    back = app_factory(FILE_STORE="folder").test_cli_runner().invoke(args=["ieg", "move-files", "--to", "folder"])
    assert back.exit_code == 0 and back.output == "moved 6 files, 0 already there\n"
    with app.app_context():
        folder = files_store.folder_store(app.config)
        assert {name: folder.get(name) for name in folder.names()} == files
        assert folder.path("evidence/" + "0" * 64) == __import__("pathlib").Path(app.instance_path) / "evidence" / (
            "0" * 64)
    assert _count(app) == 0
    refused = runner.invoke(args=["ieg", "move-files", "--to", "s3"])
    assert refused.exit_code == 2 and "Invalid value for '--to'" in refused.output

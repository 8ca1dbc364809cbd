"""The search index follows the database with no manual reindex: publish, unpublish,
rename, archive, section changes, attachments, a locked index, two processes at once,
the rebuild command and the nightly check."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import select, text

from tests.conftest import ROOT, add_page, wait_until_indexed


def found(app, q: str, **kwargs) -> list[str]:
    """Titles of what a search finds, as a resident would get them."""
    from ieg.search import web as search
    from ieg.extensions import db

    with app.app_context():
        return [hit.title for hit in search.site_search(app, db.session, q, **kwargs).hits]


def _page(app, page_id):
    from ieg.extensions import db
    from ieg.models import Page
    return db.session.get(Page, page_id)


def _admin():
    from ieg.extensions import db
    from ieg.models import User
    return db.session.scalar(select(User).where(User.email == "admin@staff.example.gov.uk"))


def _submit_and_publish(app, page_id) -> None:
    from ieg.content import pages
    from ieg.extensions import db
    from ieg.timeutil import utcnow

    with app.app_context():
        page = _page(app, page_id)
        pages.submit(db.session, page, _admin(), utcnow())
        pages.publish(db.session, page, _admin(), utcnow())
        db.session.commit()


def test_publish_unpublish_rename_and_archive_follow_without_a_reindex(app, council):
    from ieg.content import pages
    from ieg.extensions import db
    from ieg.timeutil import utcnow

    draft_id = add_page(app, "waste-and-recycling", "Quokka sightings", body="## Where\n\nQuokka reports.\n")
    wait_until_indexed(app)
    assert found(app, "quokka") == []  # drafts are never searchable

    _submit_and_publish(app, draft_id)
    wait_until_indexed(app)
    assert found(app, "quokka") == ["Quokka sightings"]

    with app.app_context():
        page = _page(app, draft_id)
        data = pages.PageInput(title="Wallaby sightings", body_markdown="## Where\n\nWallaby reports.\n",
                               owner_name="Pat Owner")
        pages.save_page(db.session, page, _admin(), data, utcnow())
        db.session.commit()
    _submit_and_publish(app, draft_id)
    wait_until_indexed(app)
    assert found(app, "wallaby") == ["Wallaby sightings"]
    assert found(app, "quokka") == []

    with app.app_context():
        pages.unpublish(db.session, _page(app, draft_id), _admin(), utcnow())
        db.session.commit()
    wait_until_indexed(app)
    assert found(app, "wallaby") == []

    _submit_and_publish(app, draft_id)
    wait_until_indexed(app)
    assert found(app, "wallaby") == ["Wallaby sightings"]
    with app.app_context():
        pages.archive(db.session, _page(app, draft_id), _admin(), utcnow())
        db.session.commit()
    wait_until_indexed(app)
    assert found(app, "wallaby") == []


def test_section_changes_reach_every_page_in_the_section(app, council):
    from ieg.search import web as search
    from ieg.extensions import db
    from ieg.models import Section

    add_page(app, "libraries", "Numbat reading club", state="published")
    wait_until_indexed(app)
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "libraries"))
        section.title = "Libraries and archives"
        db.session.commit()
    wait_until_indexed(app)
    with app.app_context():
        results = search.site_search(app, db.session, "numbat")
        assert [h.section_title for h in results.hits] == ["Libraries and archives"]
        assert results.sections == [("libraries", "Libraries and archives", 1)]


def test_a_rolled_back_change_logs_nothing(app, council):
    from ieg.extensions import db
    from ieg.models import Section
    from ieg.search import indexer
    from ieg.search import web as search_web

    with app.app_context():
        before = indexer.logged(db.session)
        section = db.session.scalar(select(Section).where(Section.slug == "libraries"))
        section.title = "Never saved"
        db.session.flush()
        assert indexer.logged(db.session) > before
        db.session.rollback()
        assert indexer.logged(db.session) == before


def test_a_locked_index_delays_the_update_but_never_loses_it_or_blocks_the_request(app, council, signed_in):
    from ieg.search import indexer
    from ieg.search import web as search_web

    client = signed_in("admin@staff.example.gov.uk")
    page_id = add_page(app, "parking", "Echidna parking bays", state="in_review")
    wait_until_indexed(app)
    held = indexer.writer(search_web.indexer_for(app).ix)  # as if the scheduler process were writing for long
    try:
        from tests.conftest import csrf_from
        page = client.get(f"/edit/pages/{page_id}")
        started = time.monotonic()
        response = client.post(f"/edit/pages/{page_id}/publish", data={"csrf_token": csrf_from(page)})
        assert response.status_code == 302
        assert time.monotonic() - started < 2.0
        time.sleep(0.5)
        assert found(app, "echidna") == []
        with app.app_context():
            from ieg.extensions import db
            assert indexer.behind(db.session, search_web.indexer_for(app).ix) > 0  # waiting, not lost
    finally:
        held.cancel()
    wait_until_indexed(app)
    assert found(app, "echidna") == ["Echidna parking bays"]
    assert search_web.indexer_for(app).errors == 0


WRITER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from tests.conftest import make_app, add_page
    app = make_app({folder!r}, {database!r})
    for n in range({count}):
        add_page(app, "planning", f"Platypus survey {{n}}", state="published")
    from ieg.extensions import db
    from ieg.search import indexer
    from ieg.search import web as search_web
    with app.app_context():
        deadline = time.monotonic() + 30
        while indexer.behind(db.session, search_web.indexer_for(app).ix) and time.monotonic() < deadline:
            db.session.rollback()
            time.sleep(0.05)
    print("errors", search_web.indexer_for(app).errors)
""")


def test_two_processes_writing_at_once_lose_nothing(app, council, tmp_path, database):
    """The web app and the scheduler (or two web workers) publish at the same time: each
    process's indexer waits for the other's lock; every page ends up searchable."""
    from ieg.search import indexer
    from ieg.search import web as search_web

    count = 12
    script = WRITER.format(root=str(ROOT), folder=str(tmp_path), database=str(database), count=count)
    other = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    for n in range(count):
        add_page(app, "planning", f"Wombat survey {n}", state="published")
    out, err = other.communicate(timeout=120)
    assert other.returncode == 0, err
    assert "errors 0" in out, out + err
    wait_until_indexed(app)
    assert search_web.indexer_for(app).errors == 0
    assert len(found(app, "wombat survey", page=1)) == 10
    from ieg.search import web as search
    from ieg.extensions import db
    with app.app_context():
        assert search.site_search(app, db.session, "wombat").total == count
        assert search.site_search(app, db.session, "platypus").total == count


def test_reindex_rebuilds_from_the_database(app, council):
    from ieg.search import indexer
    from ieg.search import web as search_web

    page_id = add_page(app, "housing", "Bilby housing guide", state="published")
    wait_until_indexed(app)
    ix = search_web.indexer_for(app).ix
    with ix.writer() as w:  # lose part of the index's contents
        w.delete_by_term("key", f"page:{page_id}")
    assert found(app, "bilby") == []
    result = app.test_cli_runner().invoke(args=["ieg", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt:" in result.output
    assert found(app, "bilby") == ["Bilby housing guide"]
    again = app.test_cli_runner().invoke(args=["ieg", "reindex", "--if-missing"])
    assert "not rebuilt" in again.output


def test_the_nightly_check_repairs_differences_and_reports_them(app, council):
    from ieg.extensions import db
    from ieg.jobs import JOBS
    from ieg.search import indexer
    from ieg.search import web as search_web
    from ieg.search.documents import Document
    from ieg.search.schema import fields_of

    kept = add_page(app, "housing", "Quoll housing guide", state="published")
    gone = add_page(app, "housing", "Dingo housing guide", state="published")
    wait_until_indexed(app)
    with app.app_context():  # this test's new index lacks what has no rows to queue (forms, /track)
        JOBS["search-check"].func(None)
    ix = search_web.indexer_for(app).ix
    with ix.writer() as w:
        w.delete_by_term("key", f"page:{gone}")  # missing from the index
        w.add_document(**fields_of(Document(key="page:999999", kind="page", title="Ghost page", url="/ghost")))
    with app.app_context():  # changed behind the indexer's back (as a restore from backup might)
        db.session.execute(text("UPDATE page_revisions SET title = 'Quoll homes' WHERE page_id = :id"), {"id": kept})
        db.session.commit()
    with app.app_context():
        report = JOBS["search-check"].func(None)
    assert "added 1 (page:%d)" % gone in report
    assert "removed 1 (page:999999)" in report
    assert "updated 1 (page:%d)" % kept in report
    assert found(app, "dingo") == ["Dingo housing guide"]
    assert found(app, "ghost") == []
    assert found(app, "quoll") == ["Quoll homes"]
    with app.app_context():
        assert "added 0; updated 0; removed 0" in JOBS["search-check"].func(None)


def test_attachments_and_deep_links_are_searchable(app, council):
    from ieg.extensions import db
    from ieg.models import Attachment, DeepLink, Section
    from ieg.timeutil import utcnow

    page_id = add_page(app, "planning", "Local plan evidence", state="published")
    with app.app_context():
        db.session.add(Attachment(page_id=page_id, title="Kangaroo habitat survey 2026", filename="survey.pdf",
                                  stored_name="abc123.pdf", content_type="application/pdf", size=1000,
                                  kind="document", published_at=utcnow()))
        db.session.add(Attachment(page_id=page_id, title="Kangaroo draft survey", filename="draft.pdf",
                                  stored_name="def456.pdf", content_type="application/pdf", size=1000,
                                  kind="document"))  # not published with the page yet: not searchable
        section = db.session.scalar(select(Section).where(Section.slug == "planning"))
        db.session.add(DeepLink(label="Minerals and kangaroo waste planning", provider="Westshire County Council",
                                url="https://county.example.gov.uk/minerals", section_id=section.id))
        db.session.add(DeepLink(label="Kangaroo script link", provider="X", url="javascript:alert(1)"))
        db.session.commit()
    wait_until_indexed(app)
    titles = found(app, "kangaroo")
    assert sorted(titles) == ["Kangaroo habitat survey 2026", "Minerals and kangaroo waste planning"]


@pytest.mark.parametrize("job", ["search-sync", "search-check"])
def test_search_jobs_are_scheduled(job):
    from ieg.jobs import JOBS
    assert job in JOBS


def test_a_stopped_indexer_ends_its_thread_and_leaves_the_queue_for_others(app, council):
    from ieg.search import indexer
    from ieg.search import web as search_web
    worker = search_web.indexer_for(app)
    worker.wake()
    thread = worker._thread
    assert thread.is_alive()
    worker.stop()
    assert not thread.is_alive()
    worker.wake()  # a change committed after the stop: queued, not indexed by a new thread
    assert worker._thread is thread and not thread.is_alive()

"""The public page cache: hits, 304s, never for signed-in people, invalidated by publishing."""
import time

from sqlalchemy import select

from ieg import cache as cache_module
from ieg.content import pages
from ieg.extensions import db
from ieg.models import Page, User
from ieg.timeutil import utcnow
from tests.conftest import add_page, sign_in


def test_second_anonymous_view_is_a_hit_and_revalidates_with_304(app, council):
    add_page(app, "waste-and-recycling", "Bin days", state="published")
    client = app.test_client()
    first = client.get("/waste-and-recycling/bin-days")
    second = client.get("/waste-and-recycling/bin-days")
    assert first.headers["X-Cache"] == "miss" and second.headers["X-Cache"] == "hit"
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert second.headers["Content-Security-Policy"].startswith("default-src 'self'")  # headers on hits too
    assert "Cookie" in second.headers["Vary"] and second.headers["Last-Modified"]
    not_modified = client.get("/waste-and-recycling/bin-days", headers={"If-None-Match": second.headers["ETag"]})
    assert not_modified.status_code == 304 and not_modified.data == b""
    since = client.get("/waste-and-recycling/bin-days", headers={"If-Modified-Since": second.headers["Last-Modified"]})
    assert since.status_code == 304


def test_signed_in_people_never_get_or_fill_the_cache(app, council):
    add_page(app, "waste-and-recycling", "Bin days", state="published")
    anonymous = app.test_client()
    anonymous.get("/waste-and-recycling/bin-days")
    staff = app.test_client()
    sign_in(staff, "admin@staff.example.gov.uk")
    response = staff.get("/waste-and-recycling/bin-days")
    assert "X-Cache" not in response.headers and "Signed in as Ada Admin" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert "Signed in as" not in anonymous.get("/waste-and-recycling/bin-days").get_data(as_text=True)


def test_publishing_changes_what_the_public_sees_at_once(app, council):
    page_id = add_page(app, "waste-and-recycling", "Bin days", state="published")
    client = app.test_client()
    assert "Bin days" in client.get("/waste-and-recycling/").get_data(as_text=True)
    with app.app_context():
        page = db.session.get(Page, page_id)
        pages.unpublish(db.session, page, None, utcnow())
        db.session.commit()
    assert "Bin days" not in client.get("/waste-and-recycling/").get_data(as_text=True)
    assert client.get("/waste-and-recycling/bin-days").status_code == 404


def test_another_process_publishing_reaches_this_ones_cache_within_a_second(app_factory, council, monkeypatch):
    web = app_factory()
    scheduler = app_factory()  # a second app on the same database: another process
    page_id = add_page(web, "waste-and-recycling", "Bin days", state="published")
    client = web.test_client()
    client.get("/waste-and-recycling/")
    assert client.get("/waste-and-recycling/").headers["X-Cache"] == "hit"
    with scheduler.app_context():
        page = db.session.get(Page, page_id)
        admin = db.session.scalar(select(User).where(User.email == "admin@staff.example.gov.uk"))
        pages.archive(db.session, page, admin, utcnow())
        db.session.commit()
    time.sleep(cache_module.CHECK_EVERY + 0.1)
    fresh = client.get("/waste-and-recycling/")
    assert fresh.headers["X-Cache"] == "miss" and "Bin days" not in fresh.get_data(as_text=True)


def test_section_changes_invalidate(app, council):
    client = app.test_client()
    client.get("/")
    with app.app_context():
        from ieg.content.sections import save_section
        from ieg.models import Section
        section = db.session.scalar(select(Section).where(Section.slug == "libraries"))
        save_section(db.session, section, slug="libraries", title="Libraries and archives")
        db.session.commit()
    assert "Libraries and archives" in client.get("/").get_data(as_text=True)


def test_not_found_and_forms_are_not_cached(app, council):
    client = app.test_client()
    client.get("/no-such-section/")
    assert "X-Cache" not in client.get("/no-such-section/").headers
    assert "X-Cache" not in client.get("/login").headers

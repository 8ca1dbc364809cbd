"""Who has a page open in the editor: two editors are told about each other while both have
it open, and not once one has submitted, published, closed it or opened another page; an
open editor stays counted by its heartbeat, a silent one is forgotten after the window."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from ieg.content import pages
from ieg.extensions import db
from ieg.models import PageEditing
from ieg.timeutil import utcnow
from tests.conftest import add_page, csrf_from
from tests.web.content.test_cms_pages import PUBLISHER, editor, page_form

WARNING = "also has this page open"


def _warned(client, page_id) -> bool:
    return WARNING in client.get(f"/edit/pages/{page_id}").get_data(as_text=True)


def test_the_warning_goes_once_the_other_editor_has_saved_and_submitted(app, council):
    page_id = add_page(app, "waste-and-recycling", "Bulky waste")
    author, publisher = editor(app), editor(app, PUBLISHER)
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))
    opened = publisher.get(f"/edit/pages/{page_id}").get_data(as_text=True)
    assert "Will Waste also has this page open" in opened
    response = author.post(f"/edit/pages/{page_id}", data={**page_form(title="Bulky waste"), "csrf_token": token,
                                                          "save_submit": "Save and submit for review"})
    assert response.status_code == 302  # submitted; the author has not come back to the page
    assert not _warned(publisher, page_id)
    # The publisher publishes and leaves: the author, back on the page, is not warned either.
    publisher.post(f"/edit/pages/{page_id}/publish", data={"csrf_token": csrf_from(publisher.get("/edit/"))})
    assert not _warned(author, page_id)


def test_closing_the_page_or_opening_another_clears_the_warning(app, council):
    first = add_page(app, "waste-and-recycling", "Bulky waste")
    second = add_page(app, "waste-and-recycling", "Garden waste")
    author, publisher = editor(app), editor(app, PUBLISHER)
    token = csrf_from(author.get(f"/edit/pages/{first}"))
    assert _warned(publisher, first)
    author.get(f"/edit/pages/{second}")  # the author moved on to another page
    assert not _warned(publisher, first) and _warned(publisher, second)

    closed = author.post(f"/edit/pages/{second}/close", data={"csrf_token": token})
    assert closed.status_code == 302 and closed.headers["Location"] == "/edit/sections/waste-and-recycling/"
    assert not _warned(publisher, second)

    author.get(f"/edit/pages/{first}")
    beacon = author.post(f"/edit/pages/{first}/close", data={"csrf_token": token, "beacon": "1"})
    assert beacon.status_code == 204 and not _warned(publisher, first)

    author.get(f"/edit/pages/{second}")
    author.get("/edit/sections/waste-and-recycling/new")  # starting a new page leaves the old one too
    assert not _warned(publisher, second)


def test_the_heartbeat_keeps_an_open_editor_and_the_window_forgets_a_silent_one(app, council):
    page_id = add_page(app, "waste-and-recycling", "Bulky waste")
    author, publisher = editor(app), editor(app, PUBLISHER)
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))
    publisher.get(f"/edit/pages/{page_id}")
    beat = author.post(f"/edit/pages/{page_id}/presence", data={"csrf_token": token})
    assert beat.status_code == 200 and beat.json == {"others": ["Pat Bins"]}

    def silent_for(seconds):  # the publisher's browser last said so `seconds` ago
        with app.app_context():
            db.session.execute(update(PageEditing).where(PageEditing.page_id == page_id)
                               .values(seen_at=utcnow() - timedelta(seconds=seconds)))
            db.session.commit()

    silent_for(pages.EDITING_WINDOW_SECONDS - 5)
    assert author.post(f"/edit/pages/{page_id}/presence", data={"csrf_token": token}).json["others"] == \
        ["Pat Bins"]  # within the window: still there
    silent_for(pages.EDITING_WINDOW_SECONDS + 1)
    assert author.post(f"/edit/pages/{page_id}/presence", data={"csrf_token": token}).json["others"] == []
    assert pages.EDITING_WINDOW_SECONDS <= 3 * pages.EDITING_HEARTBEAT_SECONDS <= 120


def test_presence_needs_the_section_and_a_token(app, council):
    page_id = add_page(app, "waste-and-recycling", "Bulky waste")
    author = editor(app)
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))
    assert author.post(f"/edit/pages/{page_id}/presence").status_code == 400
    assert author.post(f"/edit/pages/{page_id}/close").status_code == 400
    other = editor(app, "planning.author@staff.example.gov.uk")
    other_token = csrf_from(other.get("/edit/"))
    assert other.post(f"/edit/pages/{page_id}/presence", data={"csrf_token": other_token}).status_code == 403
    assert other.post(f"/edit/pages/{page_id}/close", data={"csrf_token": other_token}).status_code == 403
    assert author.post("/edit/pages/999999/presence", data={"csrf_token": token}).status_code == 404


def test_the_heartbeat_is_not_use_of_the_session(app, council):
    """An editor who leaves a page open and walks away is still signed out after the idle
    time: the page's own heartbeat does not count as them using it."""
    from ieg.models import UserSession

    page_id = add_page(app, "waste-and-recycling", "Bulky waste")
    author = editor(app)
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))

    def idle_for(minutes):
        with app.app_context():
            db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=minutes)))
            db.session.commit()

    def last_seen():
        with app.app_context():
            return db.session.scalar(select(UserSession.last_seen_at))

    idle_for(20)
    before = last_seen()
    assert author.post(f"/edit/pages/{page_id}/presence", data={"csrf_token": token}).status_code == 200
    assert last_seen() == before  # not touched by the heartbeat
    author.get("/edit/")
    assert last_seen() > before  # the person's own request is use
    idle_for(31)
    gone = author.post(f"/edit/pages/{page_id}/presence", data={"csrf_token": token})
    assert gone.status_code == 302 and gone.headers["Location"].startswith("/login")

"""Page feedback read by the section's editors: an inbox per section, newest first, with the
page it is about, marked done and back, filtered, counted per page; nobody else sees it."""
from __future__ import annotations

import re

from sqlalchemy import select

from ieg.extensions import db
from ieg.models import PageFeedback
from tests.conftest import add_page, csrf_from
from tests.web.content.test_cms_pages import editor

INBOX = "/edit/sections/waste-and-recycling/feedback"


def give_feedback(app, page_path, page_id, useful, what_wrong=""):
    client = app.test_client()
    token = csrf_from(client.get(page_path))
    response = client.post(f"/feedback/{page_id}", data={"useful": useful, "what_wrong": what_wrong,
                                                          "csrf_token": token})
    assert response.status_code == 200


def _ids(app, **where):
    with app.app_context():
        return db.session.scalars(select(PageFeedback.id).filter_by(**where).order_by(PageFeedback.id)).all()


def _cards(html):
    return re.findall(r'<h3 class="govuk-summary-card__title">([^<]+)</h3>', html)


def test_editors_read_their_feedback_and_mark_it_done(app, council):
    bulky = add_page(app, "waste-and-recycling", "Bulky waste", state="published")
    garden = add_page(app, "waste-and-recycling", "Garden waste", state="published")
    planning = add_page(app, "planning", "Planning fees", state="published")
    give_feedback(app, "/waste-and-recycling/bulky-waste", bulky, "no", "No prices shown")
    give_feedback(app, "/waste-and-recycling/garden-waste", garden, "yes")
    give_feedback(app, "/planning/planning-fees", planning, "no", "Fees out of date")
    author = editor(app)

    dashboard = author.get("/edit/").get_data(as_text=True)
    assert re.search(rf'<a class="govuk-link" href="{INBOX}">Feedback not yet read<span[^>]*> in Waste and '
                     r'recycling</span></a></dt>\s*<dd[^>]*>2</dd>', dashboard)
    inbox = author.get(INBOX).get_data(as_text=True)
    assert _cards(inbox) == ["Garden waste", "Bulky waste"]  # newest first, the section's own only
    assert "Fees out of date" not in inbox and "No prices shown" in inbox
    assert f'href="/edit/pages/{bulky}"' in inbox and 'href="/waste-and-recycling/bulky-waste"' in inbox
    assert "Not yet read (2)" in inbox
    # Counts per page: not yet read, useful, not useful, all.
    row = re.search(r"Bulky waste<span[^>]*> \(all its feedback\)</span></a></th>(.*?)</tr>", inbox, re.S).group(1)
    assert re.findall(r">(\d+)(?:<span|</td>)", row) == ["1", "0", "1", "1"]

    item = _ids(app, page_id=bulky)[0]
    done = author.post(f"{INBOX}/{item}", data={"action": "done", "show": "unread", "csrf_token": csrf_from(
        author.get(INBOX))}, follow_redirects=True).get_data(as_text=True)
    assert "Feedback on “Bulky waste” marked as done." in done
    assert _cards(done) == ["Garden waste"] and "Not yet read (1)" in done
    finished = author.get(f"{INBOX}?show=done").get_data(as_text=True)
    assert _cards(finished) == ["Bulky waste"] and "by Will Waste" in finished
    assert re.search(r"Feedback not yet read<span[^>]*> in Waste and recycling</span></a></dt>\s*<dd[^>]*>1</dd>",
                     author.get("/edit/").get_data(as_text=True))

    undone = author.post(f"{INBOX}/{item}", data={"action": "not_done", "show": "done", "csrf_token": csrf_from(
        author.get(INBOX))}, follow_redirects=True).get_data(as_text=True)
    assert "back with the feedback not yet read" in undone and _cards(undone) == []
    with app.app_context():
        back = db.session.get(PageFeedback, item)
        assert back.handled_at is None and back.handled_by_id is None
    assert _cards(author.get(INBOX).get_data(as_text=True)) == ["Garden waste", "Bulky waste"]


def test_only_the_sections_editors_read_or_mark_its_feedback(app, client, council):
    bulky = add_page(app, "waste-and-recycling", "Bulky waste", state="published")
    give_feedback(app, "/waste-and-recycling/bulky-waste", bulky, "no", "No prices shown")
    item = _ids(app)[0]
    assert client.get(INBOX).status_code in (302, 401)  # not signed in: to the sign-in page
    planner = editor(app, "planning.author@staff.example.gov.uk")
    token = csrf_from(planner.get("/edit/"))
    assert planner.get(INBOX).status_code == 403
    assert planner.post(f"{INBOX}/{item}", data={"action": "done", "csrf_token": token}).status_code == 403
    own = "/edit/sections/planning/feedback"
    assert planner.post(f"{own}/{item}", data={"action": "done", "csrf_token": token}).status_code == 404
    author = editor(app)
    assert author.post(f"{INBOX}/{item}", data={"action": "done"}).status_code == 400  # no CSRF token
    token = csrf_from(author.get(INBOX))
    assert author.post(f"{INBOX}/{item}", data={"action": "read it", "csrf_token": token}).status_code == 400
    with app.app_context():
        assert db.session.get(PageFeedback, item).handled_at is None


def test_feedback_by_page_and_a_page_at_a_time(app, council):
    bulky = add_page(app, "waste-and-recycling", "Bulky waste", state="published")
    garden = add_page(app, "waste-and-recycling", "Garden waste", state="published")
    with app.app_context():
        from ieg.content import feedback
        from ieg.models import Page
        for n in range(30):
            feedback.record_feedback(db.session, db.session.get(Page, bulky), False, f"Answer {n}")
        feedback.record_feedback(db.session, db.session.get(Page, garden), True)
        db.session.commit()
    author = editor(app)
    first = author.get(INBOX).get_data(as_text=True)
    assert len(_cards(first)) == 25 and "Not yet read (31)" in first
    assert 'aria-label="Pages of feedback"' in first and f'href="{INBOX}?show=unread&amp;page=2"' in first
    second = author.get(f"{INBOX}?page=2").get_data(as_text=True)
    assert len(_cards(second)) == 6
    assert len(_cards(author.get(f"{INBOX}?page=99").get_data(as_text=True))) == 6  # the last page
    assert len(_cards(author.get(f"{INBOX}?page=abc&show=nonsense").get_data(as_text=True))) == 25

    only = author.get(f"{INBOX}?page_id={garden}").get_data(as_text=True)
    assert _cards(only) == ["Garden waste"] and "Not yet read on Garden waste (1)" in only
    elsewhere = add_page(app, "planning", "Planning fees", state="published")
    assert len(_cards(author.get(f"{INBOX}?page_id={elsewhere}").get_data(as_text=True))) == 25  # not theirs

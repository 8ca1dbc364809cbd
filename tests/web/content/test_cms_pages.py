"""The CMS through HTTP: editors write and publish, the public sees only live pages."""
import re

from sqlalchemy import select

from ieg.extensions import db
from ieg.models import LgslService, Page, PageFeedback
from tests.conftest import add_page, csrf_from, sign_in

PUBLISHER = "waste.publisher@staff.example.gov.uk"
AUTHOR = "waste.author@staff.example.gov.uk"


def editor(app, email=AUTHOR):
    client = app.test_client()
    sign_in(client, email)
    return client


def page_form(**changes):
    data = {"title": "Report a missed bin", "summary": "Tell us if we missed your bin.",
            "body": "## When to report\n\nReport it within 2 working days.\n\n- Put your bin out by 7am\n",
            "parent_id": "", "owner_name": "Will Waste", "review_by": ["1", "6", "2027"],
            "lgsl_codes": "", "outcome_refs": "R7", "az_aliases": "Missed bin", "save": "Save draft"}
    data.update(changes)
    return data


def test_author_writes_publisher_publishes_public_sees_it(app, council):
    with app.app_context():
        db.session.add(LgslService(id=524, label="Household waste collection"))
        db.session.commit()
    author = editor(app)
    token = csrf_from(author.get("/edit/sections/waste-and-recycling/new"))
    response = author.post("/edit/sections/waste-and-recycling/new",
                           data={**page_form(lgsl_codes="524"), "csrf_token": token,
                                 "save_submit": "Save and submit for review"})
    assert response.status_code == 302
    page_url = response.headers["Location"]
    assert "Submitted for review" in author.get(page_url).get_data(as_text=True)
    assert app.test_client().get("/waste-and-recycling/report-a-missed-bin").status_code == 404  # not yet

    publisher = editor(app, PUBLISHER)
    page = publisher.get(page_url)
    assert "Approve and publish" in page.get_data(as_text=True)
    publisher.post(page_url + "/publish", data={"csrf_token": csrf_from(page)})

    public = app.test_client().get("/waste-and-recycling/report-a-missed-bin")
    body = public.get_data(as_text=True)
    assert public.status_code == 200 and "Set-Cookie" not in public.headers
    assert '<h2 class="govuk-heading-l" id="when-to-report">When to report</h2>' in body
    assert '<meta name="DC.subject" scheme="eGMS.LGSL" content="524 Household waste collection">' in body
    assert '<meta name="DC.creator" content="Waste and recycling">' in body
    assert re.search(r'<meta name="DCTERMS.modified" scheme="DCTERMS.W3CDTF" content="\d{4}-\d\d-\d\d">', body)
    assert "Last updated:" in body and 'aria-label="Breadcrumb"' in body
    section = app.test_client().get("/waste-and-recycling/").get_data(as_text=True)
    assert 'href="/waste-and-recycling/report-a-missed-bin"' in section


def test_accessibility_errors_block_submission_and_say_where(app, council):
    author = editor(app)
    token = csrf_from(author.get("/edit/sections/waste-and-recycling/new"))
    bad = "## Missed bins\n\nTo report one [click here](/waste-and-recycling/).\n\n#### Skipped\n"
    response = author.post("/edit/sections/waste-and-recycling/new",
                           data={**page_form(body=bad), "csrf_token": token, "save_submit": "x"},
                           follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Not submitted: fix the accessibility errors" in body
    assert "Line 3:" in body and "click here" in body and "Line 5:" in body
    with app.app_context():
        assert db.session.scalar(select(Page.status)) == "draft"


def test_sanitiser_through_the_whole_path(app, council):
    hostile = ('## Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n'
               '<iframe src="https://evil.example"></iframe> <a href="#" style="color:red" onclick="x()">y</a>\n')
    page_id = add_page(app, "waste-and-recycling", "Hostile", body=hostile)
    with app.app_context():
        from ieg.content import pages
        from ieg.models import User
        from ieg.timeutil import utcnow
        page = db.session.get(Page, page_id)
        admin = db.session.scalar(select(User).where(User.email == "admin@staff.example.gov.uk"))
        pages._go_live(db.session, page, admin, utcnow())  # publish regardless of the checker's warnings
        db.session.commit()
    body = app.test_client().get("/waste-and-recycling/hostile").get_data(as_text=True)
    content = body.split('<div class="ieg-content">')[1].split("</div>")[0]
    for tag in ("<script", "<iframe", "<img"):
        assert tag not in content, tag
    # Inside any real tag: no event handlers, styles or javascript: URLs (as text they are harmless).
    assert not re.search(r"<[^>]*(onerror|onclick|style=|javascript:)", content)
    assert "&lt;script&gt;" in content  # shown as text, never run


def test_drafts_and_archived_pages_are_not_public(app, council):
    add_page(app, "waste-and-recycling", "A draft")
    archived = add_page(app, "waste-and-recycling", "Gone", state="published")
    client = app.test_client()
    assert client.get("/waste-and-recycling/a-draft").status_code == 404
    assert client.get("/waste-and-recycling/gone").status_code == 200
    publisher = editor(app, PUBLISHER)
    token = csrf_from(publisher.get(f"/edit/pages/{archived}"))
    publisher.post(f"/edit/pages/{archived}/archive", data={"csrf_token": token})
    assert client.get("/waste-and-recycling/gone").status_code == 404


def test_renamed_page_redirects_from_its_old_address(app, council):
    page_id = add_page(app, "waste-and-recycling", "Garden waste", state="published")
    publisher = editor(app, PUBLISHER)
    token = csrf_from(publisher.get(f"/edit/pages/{page_id}"))
    publisher.post(f"/edit/pages/{page_id}", data={**page_form(title="Garden waste", slug="garden-waste-bins"),
                                                    "csrf_token": token})
    assert app.test_client().get("/waste-and-recycling/garden-waste").status_code == 200  # until published
    publisher.post(f"/edit/pages/{page_id}/publish", data={"csrf_token": token})
    response = app.test_client().get("/waste-and-recycling/garden-waste")
    assert response.status_code == 301 and response.headers["Location"] == "/waste-and-recycling/garden-waste-bins"


def test_feedback_goes_to_the_pages_own_section_only(app, council):
    page_id = add_page(app, "waste-and-recycling", "Bulky waste", state="published")
    client = app.test_client()
    token = csrf_from(client.get("/waste-and-recycling/bulky-waste"))
    response = client.post(f"/feedback/{page_id}", data={"useful": "no", "what_wrong": "No prices shown",
                                                         "csrf_token": token})
    assert response.status_code == 200 and "Thank you for your feedback" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    assert client.post(f"/feedback/{page_id}", data={"csrf_token": token}).status_code == 400
    with app.app_context():
        item = db.session.scalar(select(PageFeedback))
        assert (item.useful, item.what_wrong, item.section_id) == (False, "No prices shown", item.page.section_id)
    waste = editor(app).get("/edit/").get_data(as_text=True)
    unread = r"Feedback not yet read<span[^>]*> in {}</span></a></dt>\s*<dd[^>]*>{}</dd>"
    assert re.search(unread.format("Waste and recycling", 1), waste)
    planning = editor(app, "planning.author@staff.example.gov.uk").get("/edit/").get_data(as_text=True)
    assert re.search(unread.format("Planning and building control", 0), planning)


def test_live_preview_uses_the_same_sanitising_renderer(app, council):
    author = editor(app)
    token = csrf_from(author.get("/edit/"))
    response = author.post("/edit/preview", data={"body": "## Hello\n\n<script>x</script>", "csrf_token": token})
    assert response.json["html"].startswith('<h2 class="govuk-heading-l" id="hello">Hello</h2>')
    assert "<script>" not in response.json["html"]
    assert app.test_client().post("/edit/preview", data={"body": "x", "csrf_token": token}).status_code in (302, 400)


def test_history_compare_and_restore(app, council):
    page_id = add_page(app, "waste-and-recycling", "Recycling")
    author = editor(app)
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))
    author.post(f"/edit/pages/{page_id}", data={**page_form(title="Recycling centres", slug="recycling",
                                                             body="## Centres\n\nOpen daily.\n"), "csrf_token": token})
    diff = author.get(f"/edit/pages/{page_id}/compare?a=1&b=2").get_data(as_text=True)
    assert '<del class="ieg-diff__removed"><span class="govuk-visually-hidden">Removed: </span>Recycling</del>' in diff
    assert '<ins class="ieg-diff__added"><span class="govuk-visually-hidden">Added: </span>Recycling centres</ins>' in diff
    response = author.post(f"/edit/pages/{page_id}/revisions/1/restore", data={"csrf_token": token},
                           follow_redirects=True)
    assert "Revision 1 restored as a new draft (revision 3)" in response.get_data(as_text=True)
    history = author.get(f"/edit/pages/{page_id}/history").get_data(as_text=True)
    assert "Restored" in history and "Saved" in history


def test_second_editor_is_warned(app, council):
    page_id = add_page(app, "waste-and-recycling", "Shared page")
    editor(app).get(f"/edit/pages/{page_id}")
    body = editor(app, PUBLISHER).get(f"/edit/pages/{page_id}").get_data(as_text=True)
    assert "Will Waste also has this page open" in body


def test_top_tasks_on_the_home_page(app, council):
    page_id = add_page(app, "waste-and-recycling", "Report a missed bin", state="published")
    with app.app_context():
        db.session.get(Page, page_id).is_top_task = True
        db.session.commit()
    body = app.test_client().get("/").get_data(as_text=True)
    assert "Most used" in body and 'href="/waste-and-recycling/report-a-missed-bin"' in body


def test_publisher_schedules_publication_and_removal_in_uk_time(app, council):
    from datetime import datetime, timezone
    page_id = add_page(app, "waste-and-recycling", "Christmas collections", state="in_review")
    publisher = editor(app, PUBLISHER)
    token = csrf_from(publisher.get(f"/edit/pages/{page_id}"))
    bad = publisher.post(f"/edit/pages/{page_id}/publish", follow_redirects=True,
                         data={"csrf_token": token, "at-day": "31", "at-month": "2", "at-year": "2030", "at-time": "9:00"})
    assert "the date and time are not right" in bad.get_data(as_text=True)
    response = publisher.post(f"/edit/pages/{page_id}/publish", follow_redirects=True, data={
        "csrf_token": token, "at-day": "1", "at-month": "7", "at-year": "2030", "at-time": "09:00"})
    assert "Scheduled: the page will be published 1 July 2030 at 9:00am" in response.get_data(as_text=True)
    with app.app_context():
        page = db.session.get(Page, page_id)
        assert page.publish_at == datetime(2030, 7, 1, 8, 0, tzinfo=timezone.utc)  # BST
        assert page.status == "in_review" and page.live_revision_id is None
    publisher.post(f"/edit/pages/{page_id}/publish", data={"csrf_token": token})  # now, after all
    response = publisher.post(f"/edit/pages/{page_id}/schedule-removal", follow_redirects=True, data={
        "csrf_token": token, "at-day": "6", "at-month": "1", "at-year": "2031", "at-time": "17:00"})
    assert "The page will be removed 6 January 2031 at 5:00pm" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Page, page_id).unpublish_at == datetime(2031, 1, 6, 17, 0, tzinfo=timezone.utc)  # GMT
    response = publisher.post(f"/edit/pages/{page_id}/schedule-removal", follow_redirects=True,
                              data={"csrf_token": token})
    assert "Scheduled removal cancelled" in response.get_data(as_text=True)


def test_editor_sets_top_task_and_position(app, council):
    page_id = add_page(app, "waste-and-recycling", "Report a missed bin", state="published")
    publisher = editor(app, PUBLISHER)
    token = csrf_from(publisher.get(f"/edit/pages/{page_id}"))
    publisher.post(f"/edit/pages/{page_id}", data={**page_form(slug="report-a-missed-bin", top_task="y",
                                                                sort_order="2"), "csrf_token": token})
    publisher.post(f"/edit/pages/{page_id}/publish", data={"csrf_token": token})
    with app.app_context():
        page = db.session.get(Page, page_id)
        assert page.is_top_task and page.sort_order == 2
    assert 'href="/waste-and-recycling/report-a-missed-bin"' in app.test_client().get("/").get_data(as_text=True)

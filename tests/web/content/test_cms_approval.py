"""What an author without publish rights can change on a live page: nothing the public sees.

The public page (its address, parent, top-task flag, order in lists and documents) changes
only when a publisher publishes; until then the editor shows what is waiting. Whatever does
change the public page refreshes the page cache at once.
"""
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from ieg import audit
from ieg.content import pages
from ieg.extensions import db
from ieg.models import Attachment, AuditEntry, Page, PageEvent, PageRedirect, User
from ieg.timeutil import utcnow
from tests.conftest import add_page, csrf_from, sign_in, wait_until_indexed

AUTHOR = "waste.author@staff.example.gov.uk"
PUBLISHER = "waste.publisher@staff.example.gov.uk"
SECTION = "/waste-and-recycling"
PDF = b"%PDF-1.7\n" + b"0" * 2048
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100
BODY = "## What to do\n\nRead the [collection calendar](/waste-and-recycling/) for your street.\n"


def editor(app, email):
    client = app.test_client()
    sign_in(client, email)
    return client


def page_form(title, **changes):
    data = {"title": title, "summary": "", "body": BODY, "parent_id": "", "owner_name": "Will Waste",
            "review_by": ["1", "6", "2030"], "lgsl_codes": "", "outcome_refs": "", "az_aliases": "",
            "sort_order": "0", "save": "Save draft"}
    data.update(changes)
    return data


def save(client, page_id, title, **changes):
    token = csrf_from(client.get(f"/edit/pages/{page_id}"))
    return client.post(f"/edit/pages/{page_id}", data={**page_form(title, **changes), "csrf_token": token},
                       follow_redirects=True)


def action(client, page_id, name, **data):
    token = csrf_from(client.get(f"/edit/pages/{page_id}"))
    return client.post(f"/edit/pages/{page_id}/{name}", data={"csrf_token": token, **data}, follow_redirects=True)


def upload(client, page_id, filename="calendar.pdf", data=PDF, title="Bin calendar 2027", alt=""):
    token = csrf_from(client.get(f"/edit/pages/{page_id}"))
    return client.post(f"/edit/pages/{page_id}/attachments", follow_redirects=True,
                       data={"csrf_token": token, "file": (io.BytesIO(data), filename), "title": title,
                             "alt_text": alt}, content_type="multipart/form-data")


def remove_form(body: str) -> str:
    return re.search(r'action="(/edit/pages/\d+/attachments/\d+/delete)"', body).group(1)


def file_link(body: str, extension="pdf") -> str:
    return re.search(rf'/files/[0-9a-f]{{32}}\.{extension}/[\w.-]+', body).group(0)


def history_text(client, page_id) -> str:
    """The page's history as a reader sees it (tags dropped)."""
    return re.sub(r"<[^>]+>", "", client.get(f"/edit/pages/{page_id}/history").get_data(as_text=True))


def documents_found(app, q: str) -> list[str]:
    from ieg.search import web as search
    return [h.title for h in search.site_search(app, db.session, q).hits if h.key.startswith("document:")]


def published_with_document(app, title="Collection calendar"):
    """A live page whose document went public with it; returns (page id, download link)."""
    page_id = add_page(app, "waste-and-recycling", title)
    body = upload(editor(app, AUTHOR), page_id).get_data(as_text=True)
    action(editor(app, PUBLISHER), page_id, "publish")
    return page_id, file_link(body)


@pytest.fixture
def author(app, council):
    return editor(app, AUTHOR)


@pytest.fixture
def publisher(app, council):
    return editor(app, PUBLISHER)


def test_authors_new_web_address_waits_for_a_publisher(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Garden waste", state="published")
    public = app.test_client()
    assert public.get(f"{SECTION}/garden-waste").status_code == 200  # cached from here on
    body = save(author, page_id, "Garden waste", slug="garden-waste-bins").get_data(as_text=True)
    assert public.get(f"{SECTION}/garden-waste").status_code == 200
    assert public.get(f"{SECTION}/garden-waste-bins").status_code == 404
    assert "New web address, waiting for a publisher: /waste-and-recycling/garden-waste-bins" in body
    with app.app_context():
        assert db.session.scalars(select(PageRedirect)).all() == []
    assert 'value="garden-waste-bins"' in author.get(f"/edit/pages/{page_id}").get_data(as_text=True)

    action(author, page_id, "submit")
    done = action(publisher, page_id, "publish").get_data(as_text=True)
    assert "Published. The page is live at /waste-and-recycling/garden-waste-bins" in done
    moved = public.get(f"{SECTION}/garden-waste")
    assert moved.status_code == 301 and moved.headers["Location"] == f"{SECTION}/garden-waste-bins"
    assert public.get(f"{SECTION}/garden-waste-bins").status_code == 200
    assert "waiting for a publisher" not in author.get(f"/edit/pages/{page_id}").get_data(as_text=True)


def test_authors_top_task_waits_for_a_publisher(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Report a missed bin", state="published")
    public = app.test_client()
    assert f'href="{SECTION}/report-a-missed-bin"' not in public.get("/").get_data(as_text=True)
    body = save(author, page_id, "Report a missed bin", top_task="y").get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Page, page_id).is_top_task is False
    home = public.get("/")
    assert home.headers["X-Cache"] == "hit" and f'href="{SECTION}/report-a-missed-bin"' not in home.get_data(
        as_text=True)
    assert "Home page task, waiting for a publisher: shown on the home page" in body
    action(publisher, page_id, "publish")
    home = public.get("/")  # the publish refreshed the cache at once
    assert home.headers["X-Cache"] == "miss" and f'href="{SECTION}/report-a-missed-bin"' in home.get_data(
        as_text=True)


def test_authors_sort_order_waits_for_a_publisher(app, author, publisher):
    first = add_page(app, "waste-and-recycling", "Aardvark collections", state="published")
    second = add_page(app, "waste-and-recycling", "Zebra collections", state="published")
    public = app.test_client()

    def order():
        listing = public.get(f"{SECTION}/").get_data(as_text=True)
        return [m for m in re.findall(rf'href="{SECTION}/(\w+)-collections"', listing)]

    assert order() == ["aardvark", "zebra"]
    save(author, second, "Zebra collections", sort_order="-5")
    assert order() == ["aardvark", "zebra"]
    with app.app_context():
        assert db.session.get(Page, second).sort_order == 0
    action(publisher, second, "publish")
    assert order() == ["zebra", "aardvark"]
    assert first  # unchanged throughout


def test_authors_move_under_another_page_waits_for_a_publisher(app, author, publisher):
    parent = add_page(app, "waste-and-recycling", "Recycling", state="published")
    page_id = add_page(app, "waste-and-recycling", "Glass", state="published")
    public = app.test_client()
    body = save(author, page_id, "Glass", parent_id=str(parent)).get_data(as_text=True)
    assert public.get(f"{SECTION}/glass").status_code == 200
    assert public.get(f"{SECTION}/recycling/glass").status_code == 404
    assert f'href="{SECTION}/recycling/glass"' not in public.get(f"{SECTION}/recycling").get_data(as_text=True)
    assert "New place, waiting for a publisher: under recycling (Recycling)" in body
    action(publisher, page_id, "publish")
    assert public.get(f"{SECTION}/recycling/glass").status_code == 200
    moved = public.get(f"{SECTION}/glass")
    assert moved.status_code == 301 and moved.headers["Location"] == f"{SECTION}/recycling/glass"


def test_authors_upload_is_not_public_until_a_publisher_publishes(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Collection calendar", state="published")
    public = app.test_client()
    assert "Documents" not in public.get(f"{SECTION}/collection-calendar").get_data(as_text=True)
    body = upload(author, page_id).get_data(as_text=True)
    link = file_link(body)
    app.extensions["ieg_page_cache"].clear()  # not only a stale cache: the page itself leaves it out
    assert "Bin calendar 2027" not in public.get(f"{SECTION}/collection-calendar").get_data(as_text=True)
    assert public.get(link).status_code == 404
    assert "Bin calendar 2027 uploaded. It is not public until a publisher publishes the page." in body
    assert "Not yet public" in body
    assert author.get(link).status_code == 200  # the section's editors can preview it
    assert editor(app, "planning.author@staff.example.gov.uk").get(link).status_code == 404
    with app.app_context():
        page_row = db.session.get(Page, page_id)
        assert page_row.status == "draft"  # the page now has something to publish
    wait_until_indexed(app)
    with app.app_context():
        assert documents_found(app, "calendar 2027") == []

    action(author, page_id, "submit")
    action(publisher, page_id, "publish")
    shown = public.get(f"{SECTION}/collection-calendar")
    assert shown.headers["X-Cache"] == "miss" and "Bin calendar 2027" in shown.get_data(as_text=True)
    download = public.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert "Not yet public" not in author.get(f"/edit/pages/{page_id}").get_data(as_text=True)
    wait_until_indexed(app)
    with app.app_context():
        assert documents_found(app, "calendar 2027") == ["Bin calendar 2027"]


def test_images_in_a_live_body_follow_the_same_rule(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Recycling centre", state="published")
    body = upload(author, page_id, "centre.png", PNG, "Centre entrance", "The entrance").get_data(as_text=True)
    link = file_link(body, "png")
    assert app.test_client().get(link).status_code == 404
    assert author.get(link).status_code == 200
    action(publisher, page_id, "publish")
    assert app.test_client().get(link).status_code == 200


def test_authors_removal_of_a_public_document_waits_for_a_publisher(app, author, publisher):
    page_id, link = published_with_document(app)
    public = app.test_client()
    assert "Bin calendar 2027" in public.get(f"{SECTION}/collection-calendar").get_data(as_text=True)
    editing = author.get(f"/edit/pages/{page_id}").get_data(as_text=True)
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))
    done = author.post(remove_form(editing), data={"csrf_token": token}, follow_redirects=True)
    app.extensions["ieg_page_cache"].clear()
    assert "Bin calendar 2027" in public.get(f"{SECTION}/collection-calendar").get_data(as_text=True)
    assert public.get(link).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Attachment.title)) == "Bin calendar 2027"
    text = done.get_data(as_text=True)
    assert "Bin calendar 2027 will be removed when a publisher publishes the page." in text
    assert "To be removed when published" in text
    action(publisher, page_id, "publish")
    assert "Bin calendar 2027" not in public.get(f"{SECTION}/collection-calendar").get_data(as_text=True)
    assert public.get(link).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Attachment)) is None
    assert not list((app.instance_path and __import__("pathlib").Path(app.instance_path) / "uploads").glob("*.pdf"))


def test_author_can_keep_a_document_they_asked_to_remove(app, author):
    page_id, link = published_with_document(app)
    editing = author.get(f"/edit/pages/{page_id}").get_data(as_text=True)
    author.post(remove_form(editing), data={"csrf_token": csrf_from(author.get(f"/edit/pages/{page_id}"))})
    editing = author.get(f"/edit/pages/{page_id}").get_data(as_text=True)
    keep = re.search(r'action="(/edit/pages/\d+/attachments/\d+/keep)"', editing).group(1)
    done = author.post(keep, data={"csrf_token": csrf_from(author.get(f"/edit/pages/{page_id}"))},
                       follow_redirects=True).get_data(as_text=True)
    assert "Bin calendar 2027 will stay on the page." in done and "To be removed when published" not in done
    with app.app_context():
        page = db.session.get(Page, page_id)
        assert page.status == "published"  # nothing left to publish


def test_publisher_takes_a_document_down_at_once_and_the_cache_follows(app, author, publisher):
    page_id, link = published_with_document(app)
    public = app.test_client()
    public.get(f"{SECTION}/collection-calendar")
    cached = public.get(f"{SECTION}/collection-calendar")
    assert cached.headers["X-Cache"] == "hit" and "Bin calendar 2027" in cached.get_data(as_text=True)
    editing = publisher.get(f"/edit/pages/{page_id}").get_data(as_text=True)
    assert "Remove now" in editing
    done = publisher.post(remove_form(editing), data={"csrf_token": csrf_from(publisher.get(f"/edit/pages/{page_id}"))},
                          follow_redirects=True).get_data(as_text=True)
    assert "Bin calendar 2027 removed. It is no longer on the website." in done
    after = public.get(f"{SECTION}/collection-calendar")
    assert after.headers["X-Cache"] == "miss" and "Bin calendar 2027" not in after.get_data(as_text=True)
    assert public.get(link).status_code == 404
    with app.app_context():
        assert db.session.get(Page, page_id).status == "published"  # the rest of the page is as it was


def test_removing_a_document_nobody_has_seen_is_immediate_for_authors(app, author):
    page_id = add_page(app, "waste-and-recycling", "Collection calendar", state="published")
    body = upload(author, page_id).get_data(as_text=True)
    done = author.post(remove_form(body), data={"csrf_token": csrf_from(author.get(f"/edit/pages/{page_id}"))},
                       follow_redirects=True).get_data(as_text=True)
    assert "Bin calendar 2027 removed." in done
    with app.app_context():
        assert db.session.scalar(select(Attachment)) is None
        assert db.session.get(Page, page_id).status == "published"  # back to nothing to publish


def test_document_events_in_history_and_audit_log(app, author, publisher):
    page_id, _ = published_with_document(app)
    editing = author.get(f"/edit/pages/{page_id}").get_data(as_text=True)
    author.post(remove_form(editing), data={"csrf_token": csrf_from(author.get(f"/edit/pages/{page_id}"))})
    save(author, page_id, "Collection calendar", slug="bin-calendar", top_task="y")
    action(publisher, page_id, "publish")
    history = history_text(author, page_id)
    assert "Document added by Will Waste" in history and "“Bin calendar 2027 (calendar.pdf)" in history
    assert "Document published by Pat Bins" in history
    assert "Document removal requested by Will Waste" in history
    assert "Document removed by Pat Bins" in history
    assert ("Placement changed by Pat Bins" in history
            and "web address /waste-and-recycling/collection-calendar → /waste-and-recycling/bin-calendar" in history)
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.subject == f"page:{page_id}")
                                     .order_by(AuditEntry.id)).all()
        author_id = db.session.scalar(select(User.id).where(User.email == AUTHOR))
        publisher_id = db.session.scalar(select(User.id).where(User.email == PUBLISHER))
        got = [(e.action, e.actor_id) for e in entries]
        assert got == [
            ("page.document_add", author_id), ("page.document_publish", publisher_id),
            ("page.publish", publisher_id), ("page.document_remove_request", author_id),
            ("page.placement", publisher_id), ("page.document_remove", publisher_id),
            ("page.publish", publisher_id)]
        placement = entries[4].details
        assert placement["changes"]["slug"] == ["collection-calendar", "bin-calendar"]
        assert placement["changes"]["top_task"] == [False, True]
        assert all(action in audit.ACTIONS for action, _ in got)
        assert audit.verify(db.session) is None


def test_compare_shows_placement_changes(app, author):
    parent = add_page(app, "waste-and-recycling", "Recycling", state="published")
    page_id = add_page(app, "waste-and-recycling", "Glass", state="published")
    save(author, page_id, "Glass", slug="glass-recycling", parent_id=str(parent), top_task="y", sort_order="3")
    diff = author.get(f"/edit/pages/{page_id}/compare?a=1&b=2").get_data(as_text=True)
    for name, old, new in (("Web address", "glass", "glass-recycling"),
                           ("Sits under", "Top of the section", "recycling (Recycling)"),
                           ("Home page task", "No", "Yes"), ("Position in lists", "0", "3")):
        assert f'<h2 class="govuk-heading-m">{name}</h2>' in diff, name
        assert f"Removed: </span>{old}</del>" in diff and f"Added: </span>{new}</ins>" in diff, name


def test_scheduled_publication_applies_placement_too(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Christmas collections", state="published")
    save(author, page_id, "Christmas collections", slug="christmas-bins", top_task="y")
    action(author, page_id, "submit")
    with app.app_context():
        page = db.session.get(Page, page_id)
        who = db.session.scalar(select(User).where(User.email == PUBLISHER))
        pages.publish(db.session, page, who, utcnow(), at=utcnow() + timedelta(minutes=5))
        db.session.commit()
    public = app.test_client()
    assert public.get(f"{SECTION}/christmas-collections").status_code == 200
    with app.app_context():
        assert pages.run_schedule(db.session, utcnow() + timedelta(minutes=6)) == (1, 0)
        db.session.commit()
    assert public.get(f"{SECTION}/christmas-bins").status_code == 200
    assert public.get(f"{SECTION}/christmas-collections").headers["Location"] == f"{SECTION}/christmas-bins"
    assert f'href="{SECTION}/christmas-bins"' in public.get("/").get_data(as_text=True)


def test_a_slug_taken_meanwhile_is_refused_at_publish_naming_the_field(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Garden waste", state="published")
    save(author, page_id, "Garden waste", slug="green-waste")
    add_page(app, "waste-and-recycling", "Green waste")  # a new draft takes the address first
    response = action(publisher, page_id, "publish")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ("Not published. Web address: another page in this section, Green waste, now uses "
            "/waste-and-recycling/green-waste. Choose another web address and save the page.") in body
    with app.app_context():
        page = db.session.get(Page, page_id)
        assert page.slug == "garden-waste" and page.live_revision.number == 1 and page.status == "draft"
    assert app.test_client().get(f"{SECTION}/garden-waste").status_code == 200


def test_a_scheduled_publication_that_clashes_is_held_not_crashed(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Garden waste", state="published")
    other_id = add_page(app, "waste-and-recycling", "Bulky waste", state="in_review")
    save(author, page_id, "Garden waste", slug="green-waste")
    with app.app_context():
        who = db.session.scalar(select(User).where(User.email == PUBLISHER))
        later = utcnow() + timedelta(minutes=5)
        pages.publish(db.session, db.session.get(Page, page_id), who, utcnow(), at=later)
        pages.publish(db.session, db.session.get(Page, other_id), who, utcnow(), at=later)
        db.session.commit()
    add_page(app, "waste-and-recycling", "Green waste")
    with app.app_context():
        from ieg.jobs import JOBS
        from ieg.models import OutboxMessage
        report = JOBS["publish-scheduled"].func(utcnow() + timedelta(minutes=6))
        assert report == "published 1, unpublished 0, held back 1 (their publishers are told why)"
        [told] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "page.not_published"))
        assert told.to_address == PUBLISHER and told.subject == "Not published: Garden waste"
        assert "another page in this section, Green waste, now uses /waste-and-recycling/green-waste" in told.body_text
        page = db.session.get(Page, page_id)
        assert page.publish_at is None and page.slug == "garden-waste"
        event = db.session.scalar(select(PageEvent).where(PageEvent.page_id == page_id)
                                  .order_by(PageEvent.id.desc()))
        assert event.action == "schedule_failed" and "Web address" in event.comment
    assert app.test_client().get(f"{SECTION}/bulky-waste").status_code == 200


def test_an_authors_change_after_scheduling_cancels_the_scheduled_publication(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Christmas collections", state="in_review")
    with app.app_context():
        who = db.session.scalar(select(User).where(User.email == PUBLISHER))
        pages.publish(db.session, db.session.get(Page, page_id), who, utcnow(), at=utcnow() + timedelta(minutes=5))
        db.session.commit()
    body = save(author, page_id, "Christmas collections (unapproved)").get_data(as_text=True)
    action(author, page_id, "submit")  # back in review, but not approved
    with app.app_context():
        assert pages.run_schedule(db.session, utcnow() + timedelta(minutes=6)) == (0, 0)
        db.session.commit()
        assert db.session.get(Page, page_id).publish_at is None
    assert app.test_client().get(f"{SECTION}/christmas-collections").status_code == 404
    assert "The scheduled publication was cancelled: a publisher must approve the changes" in body
    assert "Schedule cancelled by Will Waste" in history_text(author, page_id)


def test_the_demo_councils_top_tasks_stay_when_their_pages_are_published_again(tmp_path, content_site):
    import shutil

    from tests.conftest import make_app
    folder = tmp_path / "site"
    shutil.copytree(content_site, folder)
    site = make_app(folder, folder / "ieg.sqlite3")

    def tasks():
        home = site.test_client().get("/").get_data(as_text=True)
        return re.findall(r'<li><a class="govuk-link govuk-!-font-weight-bold" href="([^"]+)"', home)

    before = tasks()
    assert before
    with site.app_context():
        page = db.session.scalar(select(Page).where(Page.is_top_task.is_(True)))
        pages.save_page(db.session, page, None, pages.PageInput.from_revision(page.latest_revision), utcnow())
        pages.publish(db.session, page, None, utcnow())
        db.session.commit()
    assert tasks() == before
    with site.app_context():
        db.engine.dispose()


def test_a_change_made_while_the_publisher_looks_is_not_published_unseen(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Bulky waste", state="published")
    save(author, page_id, "Bulky waste collections")
    opened = publisher.get(f"/edit/pages/{page_id}").get_data(as_text=True)
    seen = re.search(r'name="seen" value="(\d+)"', opened).group(1)
    save(author, page_id, "Bulky waste (unchecked)", body="## Prices\n\nFree for everyone, always.\n")
    refused = publisher.post(f"/edit/pages/{page_id}/publish", follow_redirects=True,
                             data={"csrf_token": csrf_from(publisher.get("/edit/")), "seen": seen})
    assert "Not published: Will Waste changed the page after you opened it." in refused.get_data(as_text=True)
    assert "Bulky waste collections" not in app.test_client().get(f"{SECTION}/bulky-waste").get_data(as_text=True)
    assert "(unchecked)" not in app.test_client().get(f"{SECTION}/bulky-waste").get_data(as_text=True)
    upload(author, page_id)  # a file counts as a change too
    seen_now = re.search(r'name="seen" value="(\d+)"', refused.get_data(as_text=True)).group(1)
    refused = publisher.post(f"/edit/pages/{page_id}/publish", follow_redirects=True,
                             data={"csrf_token": csrf_from(publisher.get("/edit/")), "seen": seen_now})
    assert "changed the page after you opened it" in refused.get_data(as_text=True)
    fresh = re.search(r'name="seen" value="(\d+)"', refused.get_data(as_text=True)).group(1)
    done = publisher.post(f"/edit/pages/{page_id}/publish", follow_redirects=True,
                          data={"csrf_token": csrf_from(publisher.get("/edit/")), "seen": fresh})
    assert "Published." in done.get_data(as_text=True)
    assert "(unchecked)" in app.test_client().get(f"{SECTION}/bulky-waste").get_data(as_text=True)


def test_restoring_a_revision_changes_content_not_the_live_address(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Garden waste", state="published")
    save(author, page_id, "Garden waste bins", slug="garden-waste-bins")
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))
    restored = author.post(f"/edit/pages/{page_id}/revisions/1/restore", data={"csrf_token": token},
                           follow_redirects=True).get_data(as_text=True)
    assert "Revision 1 restored as a new draft (revision 3)" in restored
    assert "New web address, waiting for a publisher: /waste-and-recycling/garden-waste-bins" in restored
    assert app.test_client().get(f"{SECTION}/garden-waste").status_code == 200
    action(publisher, page_id, "publish")
    public = app.test_client().get(f"{SECTION}/garden-waste-bins").get_data(as_text=True)
    assert "<h1 class=\"govuk-heading-xl\">Garden waste</h1>" in public  # revision 1's title, at the new address


def test_restoring_an_archived_page_whose_proposed_address_was_taken(app, author, publisher):
    page_id = add_page(app, "waste-and-recycling", "Garden waste", state="published")
    save(author, page_id, "Garden waste", slug="green-waste")
    action(publisher, page_id, "archive")
    add_page(app, "waste-and-recycling", "Green waste")
    token = csrf_from(author.get(f"/edit/pages/{page_id}"))
    done = author.post(f"/edit/pages/{page_id}/revisions/1/restore", data={"csrf_token": token},
                       follow_redirects=True)
    assert done.status_code == 200 and "Revision 1 restored as a new draft" in done.get_data(as_text=True)
    with app.app_context():
        page = db.session.get(Page, page_id)
        assert page.status == "draft" and pages.placement(page.latest_revision).slug == "garden-waste"
    assert 'value="garden-waste"' in author.get(f"/edit/pages/{page_id}").get_data(as_text=True)


def test_moving_a_page_moves_its_sub_pages_in_search_too(app, author, publisher):
    from ieg.search import web as search
    parent = add_page(app, "waste-and-recycling", "Recycling", state="published")
    add_page(app, "waste-and-recycling", "Numbat-safe glass", state="published", parent_id=parent)
    save(author, parent, "Recycling", slug="recycling-centres")
    action(publisher, parent, "publish")
    wait_until_indexed(app)
    with app.app_context():
        hits = search.site_search(app, db.session, "numbat").hits
    assert [h.url for h in hits] == [f"{SECTION}/recycling-centres/numbat-safe-glass"]

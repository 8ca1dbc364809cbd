"""The page workflow rules, against a real database (docs/design.md 3.3)."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from ieg.content import pages
from ieg.content.pages import PageInput
from ieg.extensions import db
from ieg.models import AzAlias, LgslService, PageEvent, PageRedirect, PageRevision, PageService, Section, User
from ieg.timeutil import utcnow

GOOD = "## Collections\n\nCheck your [bin collection day](/waste-and-recycling/).\n"
VAGUE = "## Collections\n\nFor your day, [click here](/waste-and-recycling/).\n"


@pytest.fixture
def ctx(app, council):
    with app.app_context():
        session = db.session
        session.add(LgslService(id=524, label="Household waste collection"))
        session.commit()
        waste = session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        author = session.scalar(select(User).where(User.email == "waste.author@staff.example.gov.uk"))
        publisher = session.scalar(select(User).where(User.email == "waste.publisher@staff.example.gov.uk"))
        yield session, waste, author, publisher


def new(session, section, author, title="Bin collections", body=GOOD, **kw):
    return pages.create_page(session, section, author, PageInput(title=title, body_markdown=body,
                                                                   owner_name="Wendy", **kw), utcnow())


def test_create_makes_revision_one_with_rendered_html_and_slug(ctx):
    session, waste, author, _ = ctx
    page = new(session, waste, author, title="Bin collection days & times")
    assert page.slug == "bin-collection-days-and-times" and page.status == "draft"
    assert page.latest_revision.number == 1
    assert '<h2 class="govuk-heading-l" id="collections">Collections</h2>' in page.latest_revision.body_html
    assert page.live_revision is None and not pages.is_public(page)


def test_every_save_is_a_revision(ctx):
    session, waste, author, _ = ctx
    page = new(session, waste, author)
    for n in range(2, 5):
        revision = pages.save_page(session, page, author, PageInput(title=f"Bins v{n}", body_markdown=GOOD,
                                                                    owner_name="W"), utcnow())
        assert revision.number == n
    assert page.title == "Bins v4"


def test_vague_link_blocks_submission_with_line_number(ctx):
    session, waste, author, _ = ctx
    page = new(session, waste, author, body=VAGUE)
    with pytest.raises(pages.AccessibilityErrors) as caught:
        pages.submit(session, page, author, utcnow())
    assert caught.value.findings[0].code == "link-text-vague" and caught.value.findings[0].line == 3
    assert page.status == "draft"


def test_submit_publish_makes_live_and_fills_a_z(ctx):
    session, waste, author, publisher = ctx
    page = new(session, waste, author, lgsl_ids=[524], az_aliases=["Bins", "Rubbish"])
    pages.submit(session, page, author, utcnow())
    assert page.status == "in_review"
    pages.publish(session, page, publisher, utcnow(), "Looks good")
    session.commit()
    assert page.status == "published" and page.live_revision_id == page.latest_revision_id
    assert page.public_path == "/waste-and-recycling/bin-collections"
    assert session.scalars(select(PageService.lgsl_id).where(PageService.page_id == page.id)).all() == [524]
    assert sorted(session.scalars(select(AzAlias.label))) == ["Bins", "Rubbish"]
    actions = session.scalars(select(PageEvent.action).where(PageEvent.page_id == page.id).order_by(PageEvent.id))
    assert list(actions) == ["created", "submitted", "published"]


def test_editing_a_live_page_keeps_the_live_version_until_republished(ctx):
    session, waste, author, publisher = ctx
    page = new(session, waste, author)
    pages.publish(session, page, publisher, utcnow())
    live = page.live_revision_id
    pages.save_page(session, page, author, PageInput(title="Bins (new)", body_markdown=GOOD, owner_name="W"),
                    utcnow())
    assert page.status == "draft" and page.live_revision_id == live and pages.is_public(page)
    assert page.live_revision.title == "Bin collections"


def test_return_needs_a_comment(ctx):
    session, waste, author, publisher = ctx
    page = new(session, waste, author)
    pages.submit(session, page, author, utcnow())
    with pytest.raises(pages.PageError):
        pages.return_to_draft(session, page, publisher, utcnow(), "  ")
    pages.return_to_draft(session, page, publisher, utcnow(), "Add the Christmas dates")
    assert page.status == "draft"


def test_unpublish_and_archive_take_the_page_down(ctx):
    session, waste, author, publisher = ctx
    page = new(session, waste, author, lgsl_ids=[524])
    pages.publish(session, page, publisher, utcnow())
    pages.unpublish(session, page, publisher, utcnow())
    assert not pages.is_public(page) and page.status == "draft"
    assert session.scalars(select(PageService)).all() == []
    pages.publish(session, page, publisher, utcnow())
    pages.archive(session, page, publisher, utcnow())
    assert page.status == "archived" and not pages.is_public(page)
    with pytest.raises(pages.WorkflowError):
        pages.save_page(session, page, author, PageInput(title="x", body_markdown=GOOD, owner_name="W"), utcnow())


def test_cannot_archive_a_page_with_live_children(ctx):
    session, waste, author, publisher = ctx
    parent = new(session, waste, author, title="Recycling")
    new(session, waste, author, title="Glass", parent_id=parent.id)
    with pytest.raises(pages.WorkflowError, match="sub-pages"):
        pages.archive(session, parent, publisher, utcnow())


def test_restore_copies_an_old_revision_into_a_new_draft(ctx):
    session, waste, author, publisher = ctx
    page = new(session, waste, author, title="First title")
    pages.save_page(session, page, author, PageInput(title="Second title", body_markdown=GOOD, owner_name="W"),
                    utcnow())
    first = session.scalar(select(PageRevision).filter_by(page_id=page.id, number=1))
    restored = pages.restore(session, page, first, author, utcnow())
    assert restored.number == 3 and restored.title == "First title" and page.status == "draft"


def test_rename_after_publishing_leaves_a_redirect_for_page_and_children(ctx):
    session, waste, author, publisher = ctx
    parent = new(session, waste, author, title="Recycling")
    child = new(session, waste, author, title="Glass", parent_id=parent.id)
    pages.publish(session, parent, publisher, utcnow())
    pages.publish(session, child, publisher, utcnow())
    pages.save_page(session, parent, author, PageInput(title="Recycling", slug="recycling-centres",
                                                       body_markdown=GOOD, owner_name="W"), utcnow())
    assert session.scalars(select(PageRedirect)).all() == [] and parent.slug == "recycling"  # until published
    pages.publish(session, parent, publisher, utcnow())
    session.commit()
    redirects = dict(session.execute(select(PageRedirect.old_path, PageRedirect.page_id)).all())
    assert redirects == {"/waste-and-recycling/recycling": parent.id,
                         "/waste-and-recycling/recycling/glass": child.id}
    assert child.public_path == "/waste-and-recycling/recycling-centres/glass"


def test_rename_before_publishing_leaves_no_redirect(ctx):
    session, waste, author, _ = ctx
    page = new(session, waste, author)
    pages.save_page(session, page, author, PageInput(title="x", slug="other", body_markdown=GOOD, owner_name="W"),
                    utcnow())
    assert session.scalars(select(PageRedirect)).all() == []


@pytest.mark.parametrize("change,field", [
    ({"slug": "Bad Slug"}, "slug"),
    ({"title": " "}, "title"),
    ({"lgsl_ids": [999999]}, "lgsl_ids"),
])
def test_bad_input_names_the_field(ctx, change, field):
    session, waste, author, _ = ctx
    page = new(session, waste, author)
    data = PageInput(title="Bins", body_markdown=GOOD, owner_name="W", slug=page.slug)
    for key, value in change.items():
        setattr(data, key, value)
    with pytest.raises(pages.PageError) as caught:
        pages.save_page(session, page, author, data, utcnow())
    assert caught.value.field == field


def test_slug_unique_in_section_but_not_across_sections(ctx):
    session, waste, author, _ = ctx
    new(session, waste, author, title="Contact us")
    with pytest.raises(pages.PageError, match="already uses"):
        new(session, waste, author, title="Contact us")
    planning = session.scalar(select(Section).where(Section.slug == "planning"))
    assert new(session, planning, author, title="Contact us").slug == "contact-us"


def test_a_page_cannot_move_under_its_own_child(ctx):
    session, waste, author, _ = ctx
    parent = new(session, waste, author, title="Recycling")
    child = new(session, waste, author, title="Glass", parent_id=parent.id)
    data = PageInput(title="Recycling", body_markdown=GOOD, owner_name="W", slug="recycling", parent_id=child.id)
    with pytest.raises(pages.PageError, match="under itself"):
        pages.save_page(session, parent, author, data, utcnow())


def test_parent_must_be_in_the_same_section(ctx):
    session, waste, author, _ = ctx
    planning = session.scalar(select(Section).where(Section.slug == "planning"))
    other = new(session, planning, author, title="Planning page")
    with pytest.raises(pages.PageError, match="from this section"):
        new(session, waste, author, title="Bins", parent_id=other.id)


def test_scheduled_publish_and_unpublish_run_when_due(ctx):
    session, waste, author, publisher = ctx
    now = utcnow()
    page = new(session, waste, author)
    pages.publish(session, page, publisher, now, at=now + timedelta(hours=2))
    assert page.status == "in_review" and not pages.is_public(page)
    assert pages.run_schedule(session, now + timedelta(hours=1)) == (0, 0)
    assert pages.run_schedule(session, now + timedelta(hours=2)) == (1, 0)
    assert pages.is_public(page)
    pages.schedule_unpublish(session, page, publisher, now, now + timedelta(days=1))
    assert pages.run_schedule(session, now + timedelta(days=1, minutes=1)) == (0, 1)
    assert not pages.is_public(page)


def test_two_editors_on_one_page_are_told_about_each_other(ctx):
    session, waste, author, publisher = ctx
    page = new(session, waste, author)
    now = utcnow()
    assert pages.touch_editing(session, page, author, now) == []
    assert [u.email for u in pages.touch_editing(session, page, publisher, now)] == [author.email]
    # after the window the first editor has gone
    later = now + timedelta(seconds=pages.EDITING_WINDOW_SECONDS + 1)
    assert pages.touch_editing(session, page, publisher, later) == []


def test_an_editor_who_leaves_or_opens_another_page_is_no_longer_on_this_one(ctx):
    session, waste, author, publisher = ctx
    page, other = new(session, waste, author), new(session, waste, author, title="Garden waste")
    now = utcnow()
    pages.touch_editing(session, page, author, now)
    pages.touch_editing(session, other, author, now)  # a heartbeat from a second tab keeps both
    assert [u.email for u in pages.touch_editing(session, page, publisher, now)] == [author.email]
    pages.touch_editing(session, other, author, now, opened=True)  # opened another page: left this one
    assert pages.touch_editing(session, page, publisher, now) == []
    pages.leave_editing(session, author, other)
    assert pages.touch_editing(session, other, publisher, now) == []
    pages.touch_editing(session, page, author, now)
    pages.touch_editing(session, other, author, now)
    pages.leave_editing(session, author)  # every page at once
    assert pages.touch_editing(session, page, publisher, now) == pages.touch_editing(session, other, publisher, now) == []


def test_a_heartbeat_that_arrives_after_the_editor_closed_the_page_does_not_reopen_it(ctx):
    session, waste, author, publisher = ctx
    page = new(session, waste, author)
    now = utcnow()
    pages.touch_editing(session, page, author, now, opened=True)
    pages.leave_editing(session, author, page)  # "Close without saving"
    pages.touch_editing(session, page, author, now + timedelta(seconds=1))  # its last heartbeat, late
    assert pages.touch_editing(session, page, publisher, now + timedelta(seconds=2)) == []
    pages.touch_editing(session, page, author, now + timedelta(seconds=3), opened=True)  # opened again
    assert [u.email for u in pages.touch_editing(session, page, publisher, now + timedelta(seconds=4))] == [author.email]
    pages.leave_editing(session, author)  # submitted or published: every page
    pages.touch_editing(session, page, author, now + timedelta(seconds=5))
    assert pages.touch_editing(session, page, publisher, now + timedelta(seconds=6)) == []


def test_slugify():
    assert pages.slugify("Council Tax: Bands & Charges 2026/27") == "council-tax-bands-and-charges-2026-27"
    assert pages.slugify("Café opening") == "cafe-opening"
    assert pages.slugify("!!!") == "page"

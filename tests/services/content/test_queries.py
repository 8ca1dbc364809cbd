"""The editing and public pages' named look-ups: a section's pages in their tree order, a
page's history newest first, a page found by its public address (old addresses followed)."""
from ieg.content import pages, public_read, queries
from ieg.content.pages import PageInput
from ieg.timeutil import utcnow

from tests.services.content.test_pages import GOOD, ctx, new  # noqa: F401 (a fixture)


def test_a_sections_pages_come_parents_first_in_tree_order(ctx):
    session, waste, author, _ = ctx
    zebra = new(session, waste, author, title="Zebra crossings")
    apples = new(session, waste, author, title="Apples")
    bins = new(session, waste, author, title="Bins", parent_id=zebra.id)
    listed = [p for p in queries.section_pages(session, waste) if p in (zebra, apples, bins)]
    assert listed == [apples, zebra, bins]


def test_a_pages_history_is_newest_first_and_a_revision_is_found_by_number(ctx):
    session, waste, author, publisher = ctx
    page = new(session, waste, author)
    pages.save_page(session, page, author, PageInput(title="Bins v2", body_markdown=GOOD, owner_name="W"), utcnow())
    pages.publish(session, page, publisher, utcnow())
    assert [r.number for r in queries.revisions(session, page)] == [2, 1]
    assert [e.action for e in queries.events(session, page)][0] == "published"
    assert queries.revision(session, page, 1).number == 1 and queries.revision(session, page, 9) is None


def test_a_public_address_finds_its_page_and_follows_an_old_one(ctx):
    session, waste, author, publisher = ctx
    parent = new(session, waste, author, title="Recycling")
    child = new(session, waste, author, title="Glass", parent_id=parent.id)
    for page in (parent, child):
        pages.publish(session, page, publisher, utcnow())
    assert public_read.page_at(session, "https://council.example/waste-and-recycling/recycling/glass/") is child
    pages.save_page(session, parent, author, PageInput(title="Recycling", slug="recycling-centres",
                                                       body_markdown=GOOD, owner_name="W"), utcnow())
    pages.publish(session, parent, publisher, utcnow())
    session.flush()
    assert public_read.page_at(session, "/waste-and-recycling/recycling/glass") is child  # the old address
    assert public_read.page_at(session, "/waste-and-recycling/recycling-centres/glass") is child
    assert public_read.page_at(session, "/waste-and-recycling/") is None
    assert public_read.page_at(session, "/nowhere/glass") is None

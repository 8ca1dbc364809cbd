"""An editor's day with feedback and a colleague: a resident says a page is not useful and
why; the section's author follows the dashboard's count to the feedback inbox, opens the
page from it, marks the answer done and back. Two editors on one page are told about each
other while both have it open, and not once one has left. Zero axe violations."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import casework_server
from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.conftest import add_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory, content_site):
    with casework_server(tmp_path_factory.mktemp("feedback-live"), content_site) as (app, base):
        page_id = add_page(app, "waste-and-recycling", "Bulky waste collections", state="published")
        yield app, base, page_id


def test_a_resident_says_what_is_wrong_and_the_editor_reads_it(page, site):
    app, base, page_id = site
    page.goto(f"{base}/waste-and-recycling/bulky-waste-collections")
    page.get_by_label("No").check()
    page.get_by_label("What was wrong or missing? (optional)").fill("It does not say what a collection costs.")
    page.get_by_role("button", name="Send feedback").click()
    expect(page.get_by_text("Thank you for your feedback")).to_be_visible()
    assert page.context.cookies() == []

    editor = page.context.browser.new_context().new_page()
    sign_in(editor, base, "waste.author@ashdown.example.gov.uk")
    editor.wait_for_url(f"{base}/edit/")
    count = editor.get_by_role("link", name="Feedback not yet read in Waste and recycling")
    expect(editor.locator("dt", has=count).locator("xpath=following-sibling::dd")).to_have_text("1")
    count.click()
    expect(editor.get_by_role("heading", name="Feedback on your pages")).to_be_visible()
    card = editor.locator(".govuk-summary-card", has_text="It does not say what a collection costs.")
    expect(card.get_by_role("heading", name="Bulky waste collections")).to_be_visible()
    expect(card).to_contain_text("Useful?No")
    expect(card.get_by_role("link", name="View the live page Bulky waste collections")).to_have_attribute(
        "href", "/waste-and-recycling/bulky-waste-collections")
    assert_accessible(editor)

    card.get_by_role("button", name=re.compile("^Mark as done")).click()
    expect(editor.locator(".govuk-notification-banner")).to_contain_text("marked as done")
    expect(editor.get_by_text("Nothing to read: every answer has been dealt with.")).to_be_visible()
    assert_accessible(editor)
    editor.get_by_role("link", name="Done", exact=True).click()
    done = editor.locator(".govuk-summary-card", has_text="It does not say what a collection costs.")
    expect(done).to_contain_text("by Wendy Waste")
    assert_accessible(editor)
    done.get_by_role("button", name=re.compile("^Mark as not done")).click()
    expect(editor.locator(".govuk-notification-banner")).to_contain_text("back with the feedback not yet read")
    editor.get_by_role("link", name=re.compile(r"^Bulky waste collections\s*\(all its feedback\)$")).click()
    expect(editor.get_by_role("heading", name="All on Bulky waste collections (1)")).to_be_visible()
    editor.locator(".govuk-summary-card").get_by_role("link", name="Edit Bulky waste collections").click()
    expect(editor.get_by_role("heading", name="Edit Bulky waste collections")).to_be_visible()
    editor.context.close()


def test_two_editors_see_each_other_only_while_both_have_the_page_open(page, site, monkeypatch):
    from ieg.content import pages
    app, base, page_id = site
    monkeypatch.setattr(pages, "EDITING_HEARTBEAT_SECONDS", 1)  # the open editor says so every second
    warning = "also has this page open"

    sign_in(page, base, "waste.author@ashdown.example.gov.uk")
    page.wait_for_url(f"{base}/edit/")
    page.goto(f"{base}/edit/pages/{page_id}")
    expect(page.get_by_text(warning)).to_have_count(0)

    publisher = page.context.browser.new_context().new_page()
    sign_in(publisher, base, "waste.publisher@ashdown.example.gov.uk")
    publisher.wait_for_url(f"{base}/edit/")
    publisher.goto(f"{base}/edit/pages/{page_id}")
    expect(publisher.get_by_text(f"Wendy Waste {warning}")).to_be_visible()
    assert_accessible(publisher)
    # The author's page learns of the publisher without being reloaded.
    expect(page.get_by_text(f"Peter Bins {warning}")).to_be_visible(timeout=5000)
    assert_accessible(page)

    page.get_by_role("link", name="Pages in Waste and recycling").click()  # the author leaves the page
    page.wait_for_url(f"{base}/edit/sections/waste-and-recycling/")
    publisher.reload()
    expect(publisher.get_by_text(warning)).to_have_count(0)

    page.goto(f"{base}/edit/pages/{page_id}")  # back again, then closes it
    publisher.reload()
    expect(publisher.get_by_text(f"Wendy Waste {warning}")).to_be_visible()
    page.get_by_role("button", name="Close without saving").click()
    page.wait_for_url(f"{base}/edit/sections/waste-and-recycling/")
    publisher.reload()
    expect(publisher.get_by_text(warning)).to_have_count(0)
    publisher.context.close()
    assert page.console_errors == []

"""A resident asks a question through the e-form in a real browser: errors, check your
answers, the confirmation panel with the reference, then tracks it. Zero axe violations
on every step, and no cookie."""
import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible

pytestmark = pytest.mark.browser


def test_ask_a_question_then_track_it(page, live_server):
    page.goto(f"{live_server}/forms/general-enquiry")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter your question")
    assert_accessible(page)
    # GOV.UK Frontend's error summary moves focus to the field once its script has started.
    expect(page.locator(".govuk-error-summary[data-module-init], .govuk-error-summary[data-govuk-error-summary-init]")
           ).to_have_count(1)
    page.get_by_role("link", name="Enter your question").click()
    expect(page.get_by_label("Your question")).to_be_focused()

    page.get_by_label("Your question").fill("Can I put shredded paper in the blue bin?")
    page.get_by_label("Full name").fill("Jo Bloggs")
    page.get_by_label("Email address").fill("jo.browser@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send").click()

    panel = page.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Your reference")
    reference = panel.locator("strong").inner_text()
    assert reference.startswith("ENQ-")
    assert_accessible(page)

    page.get_by_role("link", name="track your enquiry").click()
    page.get_by_label("Reference").fill(reference.lower().replace("-", " "))
    page.get_by_label("Email address").fill("JO.BROWSER@example.com")
    page.get_by_role("button", name="Track").click()
    expect(page.get_by_role("heading", name=reference)).to_be_visible()
    expect(page.get_by_text("We emailed you an acknowledgement")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []
    assert page.context.cookies() == []

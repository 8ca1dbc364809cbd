"""The auditor's journey in a real browser over the demo council's year of casework and its
outcomes register: the register, R29 with its assessment history, live figure and evidence,
the changes and the audit log, and the evidence pack downloaded and verified. The
administrator's assessment and evidence forms, errors included. Zero axe violations on
every evidence page."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.browser.conftest import casework_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def evidence_site(tmp_path_factory, content_site):
    with casework_server(tmp_path_factory.mktemp("evidence-live"), content_site) as site:
        yield site


def test_the_auditor_checks_r29_and_takes_the_pack_away(page, evidence_site, tmp_path):
    from ieg.evidence import pack

    _, base = evidence_site
    sign_in(page, base, "auditor@ashdown.example.gov.uk")
    page.goto(f"{base}/evidence/")
    expect(page.get_by_role("heading", level=1, name="Outcomes register")).to_be_visible()
    assert_accessible(page)
    page.locator("a[href='/evidence/outcomes/R29']").click()
    expect(page.get_by_role("heading", level=1, name="R29")).to_be_visible()
    history = page.locator("table", has=page.locator("caption", has_text="Assessment history"))
    expect(history).to_contain_text("Amber to Green")
    expect(history).to_contain_text("Self-assessment for the annual IEG return")
    expect(page.get_by_role("heading", name="Live evidence")).to_be_visible()
    expect(page.locator("dl").filter(has_text="Answered in time")).to_be_visible()
    expect(page.locator("table", has=page.locator("caption", has_text="Evidence for R29"))).to_contain_text(
        "Email enquiries answered within one working day")
    page.get_by_text("The query this came from").click()
    expect(page.locator("pre.ieg-query")).to_contain_text("SELECT")
    assert_accessible(page)
    for path in ("/evidence/history", "/evidence/outcomes/G21", "/evidence/outcomes/E19", "/evidence/bvpi-157",
                 "/evidence/audit"):
        page.goto(f"{base}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(f"{base}/evidence/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Evidence pack for", exact=False).click()
    path = tmp_path / "pack.zip"
    download.value.save_as(path)
    manifest, problems = pack.verify(path.read_bytes())
    assert problems == [] and "reports/r29_enquiries.csv" in manifest["files"]


def test_the_administrator_assesses_and_adds_evidence(page, evidence_site):
    _, base = evidence_site
    sign_in(page, base, "admin@ashdown.example.gov.uk")
    page.goto(f"{base}/evidence/outcomes/R10")
    page.get_by_role("link", name="Change the assessment").click()
    page.get_by_label("Green").check()
    page.get_by_role("button", name="Save the assessment").click()  # no reason: refused
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the assessment is changing")
    assert_accessible(page)
    page.get_by_label("Reason for the change").fill("Online payment for planning fees went live")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator("table", has=page.locator("caption", has_text="Assessment history"))).to_contain_text(
        "Online payment for planning fees went live")
    page.get_by_role("link", name="Add evidence").click()
    assert_accessible(page)
    page.get_by_label("A web address").check()
    page.get_by_label("Web address", exact=True).fill("https://www.planningportal.example.gov.uk/pay")
    page.get_by_label("Note").fill("Fees paid online since October")
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.get_by_text("Fees paid online since October")).to_be_visible()
    assert_accessible(page)


def _overflow(page) -> list[str]:
    """What in the page's main content reaches past the right edge of the window (a wide table
    may scroll inside its own region; the page itself must not scroll sideways)."""
    return page.evaluate("""() => [...document.querySelectorAll('main *')]
        .filter(el => !el.closest('.ieg-table-scroll') && el.getBoundingClientRect().right > window.innerWidth + 1)
        .map(el => el.tagName + ' ' + (el.textContent || '').trim().slice(0, 40))""")


def test_the_auditor_follows_the_registers_flag_to_the_outcome(page, evidence_site):
    """R29 is assessed green, but some of the year's emails were answered late: the register says
    so and the outcome's page says what green needs and why."""
    _, base = evidence_site
    sign_in(page, base, "auditor@ashdown.example.gov.uk")
    page.goto(f"{base}/evidence/")
    flags = page.locator("#live-flags")
    expect(flags).to_contain_text("not borne out by their live evidence")
    r29_row = page.locator("tr", has=page.locator("a[href='/evidence/outcomes/R29']"))
    expect(r29_row.locator(".ieg-flag")).to_have_text("Live evidence Falls short")
    item = page.locator("li", has=page.locator("a[href='/evidence/outcomes/R29#judged']"))
    expect(item).to_contain_text("live evidence falls short of the green assessment")
    expect(item).to_contain_text("answered within one working day")
    assert_accessible(page)
    item.get_by_role("link", name="R29").click()
    expect(page.get_by_role("heading", level=1, name="R29")).to_be_visible()
    expect(page.locator(".govuk-warning-text").first).to_contain_text(
        "Live evidence falls short of the green assessment")
    judged = page.locator("#judged + dl")
    expect(judged).to_contain_text("Every email enquiry decided in the period answered within one working day (100%)")
    expect(judged).to_contain_text("The outcome asks for 100% of email enquiries")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_evidence_pages_fit_the_screen(browser, evidence_site, width):
    """The audit log was 1,841 px wide on a 1,280 px screen; at 320 px no evidence page may
    scroll sideways (its wide tables scroll in their own regions, the audit log's entries stack)."""
    _, base = evidence_site
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, base, "auditor@ashdown.example.gov.uk")
    page.wait_for_url(f"{base}/evidence/")
    for path in ("/evidence/audit/", "/evidence/audit/?page=2", "/evidence/", "/evidence/outcomes/R29",
                 "/evidence/outcomes/R3", "/evidence/history", "/evidence/bvpi-157", "/evidence/reports/r29",
                 "/evidence/reports/r28", "/evidence/reports/r29/enquiries"):
        page.goto(f"{base}{path}")
        assert _overflow(page) == [], path
        if width == 1280:
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    page.goto(f"{base}/evidence/audit/")
    entry = page.locator("tbody tr").first
    entry.get_by_text("in full").click()
    expect(entry.locator("details code").first).to_have_text(re.compile(r"^[0-9a-f]{64}$"))  # the whole hash
    assert _overflow(page) == []
    # The entries as laid out at this width; the header and footer are the site's, checked elsewhere.
    assert_accessible(page, context="main")
    context.close()

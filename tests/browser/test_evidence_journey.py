"""The auditor's journey in a real browser over the demo council's year of casework and its
outcomes register: the register, R29 with its assessment history, live figure and evidence,
the changes and the audit log, and the evidence pack downloaded and verified. The
administrator's assessment and evidence forms, errors included. Zero axe violations on
every evidence page."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_roles_accessibility import assert_accessible, sign_in
from tests.browser.conftest import casework_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def evidence_site(tmp_path_factory, demo_database):
    with casework_server(tmp_path_factory.mktemp("evidence-live"), demo_database, evidence=True) as site:
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

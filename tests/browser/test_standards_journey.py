"""The standards pages in a real browser, over the demo council's year of enquiries: the
administrator's calendar and standards pages (and a change with its reason), the R29 and R28
reports with their drill-downs, the public /service-standards page, and an enquiry page
showing its deadlines. Zero axe violations on every page."""
from __future__ import annotations

import re
import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.browser.conftest import casework_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def standards_site(tmp_path_factory, content_site):
    with casework_server(tmp_path_factory.mktemp("standards-live"), content_site) as site:
        yield site


def test_an_administrator_changes_the_standards_with_a_reason(page, standards_site):
    _, base = standards_site
    sign_in(page, base, "admin@ashdown.example.gov.uk")
    page.goto(f"{base}/admin/standards/")
    assert_accessible(page)
    for part in ("hours", "closures", "rule", "times"):
        page.goto(f"{base}/admin/standards/{part}")
        assert_accessible(page)
    page.goto(f"{base}/admin/standards/rule")
    page.get_by_role("button").filter(has_text=re.compile("Save|Change")).first.click()  # no reason given
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)


def test_reports_and_their_drill_downs_are_accessible(page, standards_site):
    _, base = standards_site
    sign_in(page, base, "auditor@ashdown.example.gov.uk")
    for path in ("/evidence/reports/", "/evidence/reports/r29", "/evidence/reports/r28"):
        page.goto(f"{base}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    page.goto(f"{base}/evidence/reports/r29")
    # A month with enquiries: the first month of the default period (from the 1st, a year ago)
    # is empty when the demo year (the last 365 days) starts near its end, as on the 28th.
    page.locator("main table a[href*='/enquiries']").filter(has_text=re.compile(r"^\s*[1-9]")).first.click()
    expect(page.locator("main table")).to_be_visible()
    assert_accessible(page)


def test_the_public_standards_page_and_an_enquiry_with_its_deadlines(page, standards_site, browser):
    app, base = standards_site
    response = page.goto(f"{base}/service-standards")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    staff = browser.new_context().new_page()
    sign_in(staff, base, "officer@ashdown.example.gov.uk")
    staff.goto(f"{base}/staff/")
    assert_accessible(staff)
    staff.locator("main table a[href^='/staff/enquiries/']").first.click()
    expect(staff.get_by_text("First response")).to_be_visible()
    assert_accessible(staff)
    staff.context.close()

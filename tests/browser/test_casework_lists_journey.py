"""A contact agent browses a year of casework in the browser: filters the enquiry list to
closed email enquiries that missed a standard, pages through it, downloads it, corrects a
date typed wrong, and finds a customer by name to open their record. Zero axe violations."""
from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import casework_server
from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory, content_site):
    with casework_server(tmp_path_factory.mktemp("lists-live"), content_site) as (app, base):
        yield app, base


def test_an_agent_filters_the_enquiries_and_finds_a_customer(page, site):
    app, base = site
    sign_in(page, base, "contact.agent@ashdown.example.gov.uk")
    page.wait_for_url(f"{base}/staff/")
    page.get_by_role("link", name="All enquiries, open and closed").click()
    expect(page.get_by_role("heading", name="Enquiries", level=1)).to_be_visible()
    total = int(re.search(r"(\d+) enquiries", page.get_by_role("table").locator("caption").inner_text()).group(1))
    assert total > 300
    expect(page.get_by_role("navigation", name="Pages of enquiries")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Closed").check()
    page.get_by_label("Resolved").check()
    page.get_by_label("Channel").select_option(label="Email")
    page.get_by_role("button", name="Apply filters").click()
    # Wait for the filtered page itself: the list before it has a table and a caption too
    page.wait_for_url(re.compile(r"channel=email"))
    table = page.get_by_role("table")
    caption = table.locator("caption").inner_text()
    filtered = int(re.search(r"(\d+) enquir", caption).group(1))
    assert 0 < filtered < total
    for row in table.locator("tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        assert cells[3] == "Email" and cells[5].split("\n")[0] in ("Closed", "Resolved")
    expect(page.get_by_label("Closed")).to_be_checked()  # the form keeps what was chosen
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("as a spreadsheet \\(CSV\\)")).click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert len(rows) == filtered + 1 and {r[2] for r in rows[1:]} == {"Email"}

    page.get_by_label("Only those that missed a standard (response or resolution)").check()
    page.get_by_role("group", name="Received from").get_by_label("Day").fill("31")
    page.get_by_role("group", name="Received from").get_by_label("Month").fill("2")
    page.get_by_role("group", name="Received from").get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Apply filters").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Received from must be a real date")
    expect(summary).to_be_focused()
    assert_accessible(page)
    page.get_by_role("group", name="Received from").get_by_label("Day").fill("28")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"from-day=28"))
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.get_by_role("table").locator("tbody tr").first).to_be_visible()
    missed = page.get_by_role("table").locator("tbody tr").all()
    assert 0 < len(missed) < filtered
    for row in missed:
        expect(row).to_contain_text("Missed a standard")
    assert_accessible(page)

    page.get_by_role("link", name="search the customer records").click()
    page.get_by_label("Name, email address, phone number or postcode").fill("wright helen")
    page.get_by_role("button", name="Find customers").click()
    results = page.get_by_role("table", name=re.compile("customers? found for"))
    expect(results).to_contain_text("Helen Wright")
    assert_accessible(page)
    results.get_by_role("link", name=re.compile("^Helen Wright")).first.click()
    expect(page.get_by_role("heading", name="Helen Wright", level=1)).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Enquiries on every channel"))).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []

"""A resident on a 320 px phone, in a real browser, on the demo council with all its content:
no public page scrolls sideways (WCAG 2.2 reflow, 1.4.10); the search box and its button
share a row; they find a form from a service page and send it, and find the tracking page
from the home page and through search, with zero axe-core violations on each page. Also: printing, and a staff
reply's paragraphs on the tracking page."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from ieg.casework.search_docs import FORM_KIND
from tests.browser.conftest import watched_page
from tests.browser.accessibility import assert_accessible
from tests.web.content.test_resident_paths import enquiry_with_reply

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
# Elements wider than the screen, to name in a failure.
WIDE = """(width) => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > width + 0.5)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)"""


@pytest.fixture(scope="module")
def council(content_council):
    return content_council


@pytest.fixture
def phone(browser):
    page = watched_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    yield page
    page.context.close()


def assert_fits(page):
    """Nothing on the page makes it wider than the screen."""
    width = page.viewport_size["width"]
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url}: {scroll} px wide: {page.evaluate(WIDE, width)}"


def assert_search_row_usable(page, box: str):
    field = page.locator(f"#{box}").bounding_box()
    button = page.locator(f"#{box} + .ieg-search__button").bounding_box()
    assert field["width"] >= 150, field  # it was 12 px: the button took the row
    assert abs(field["y"] - button["y"]) < 2 and button["x"] >= field["x"] + field["width"] - 1  # one row
    assert button["x"] + button["width"] <= page.viewport_size["width"]


def test_no_public_page_scrolls_sideways_at_320_px(phone, council):
    _, base = council
    sitemap = phone.request.get(f"{base}/sitemap.xml").text()
    paths = [re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap)]
    # Editors write sections, pages and forms, and any may hold a long word or a wide table: the
    # first five of each section at each depth are checked (every page was, until the suite outgrew
    # its time). A letter of the A to Z lists some of the entries /a-z lists, in the same layout, so
    # the index stands for its 26 letters; pages made from records (a meeting, a councillor and their own
    # pages, a consultation, a group, an event, an article) share one template each, so the first
    # three of each kind at each depth stand for the rest.
    paths = [path for path in paths if not path.startswith("/a-z/")]
    assert len(paths) > 120
    paths = _a_few_of_each_kind(paths)
    for path in [*paths, "/search?q=bins", "/search?q=xylophonic+quasar", "/no-such-page/", "/track/not-a-token"]:
        phone.goto(base + path)
        assert_fits(phone)
    # Pages only a visit reaches: a form's errors, check your answers, the confirmation, the enquiry.
    phone.goto(f"{base}/forms/general-enquiry")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("alert")).to_be_visible()
    assert_fits(phone)
    phone.get_by_label("Your question").fill("When is the garden waste collection on a bank holiday week?")
    phone.get_by_label("Full name").fill("Sam Phone")
    phone.get_by_label("Email address").fill("sam.phone@example.com")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    assert_fits(phone)
    phone.get_by_role("button", name="Send").click()
    reference = phone.locator(".govuk-panel--confirmation strong").inner_text()
    assert_fits(phone)
    phone.goto(f"{base}/track")
    phone.get_by_label("Reference").fill(reference)
    phone.get_by_label("Email address").fill("sam.phone@example.com")
    phone.get_by_role("button", name="Track").click()
    expect(phone.get_by_role("heading", name=reference)).to_be_visible()
    assert_fits(phone)
    assert phone.console_errors == []


RECORD_PAGES = ("meetings", "councillors", "consultations", "directory", "whats-on", "news")


def _a_few_of_each_kind(paths: list[str]) -> list[str]:
    seen: dict[tuple, int] = {}
    kept = []
    for path in paths:
        parts = path.strip("/").split("/")
        record = parts[0] in RECORD_PAGES or parts[0].startswith("cllr-")
        kind = ("cllr" if parts[0].startswith("cllr-") else parts[0], len(parts))
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] > (3 if record else 5):
            continue
        kept.append(path)
    return kept


@pytest.mark.parametrize("path", [
    "/", "/waste-and-recycling/", "/schools/school-admissions", "/a-z", "/search?q=bins", "/forms/",
    "/forms/report-a-missed-bin", "/service-standards", "/accessibility", "/contact", "/pay", "/track",
    "/no-such-page/"])
def test_public_pages_on_a_phone_are_accessible(phone, council, path):
    _, base = council
    response = phone.goto(base + path)
    assert response.status == (404 if path == "/no-such-page/" else 200)
    assert_fits(phone)
    assert_accessible(phone)
    assert phone.context.cookies() == []


def test_a_resident_on_a_phone_reports_a_missed_bin_and_finds_tracking(phone, council):
    _, base = council
    phone.goto(base + "/")
    assert_search_row_usable(phone, "home-search")
    phone.get_by_role("link", name="Waste and recycling", exact=True).click()
    assert_search_row_usable(phone, "site-search")  # the header's box, on every other page
    phone.get_by_role("link", name="Report a missed bin", exact=True).click()
    expect(phone.get_by_role("heading", name="Report a missed bin", level=1)).to_be_visible()
    assert_fits(phone)
    assert_accessible(phone)

    phone.get_by_role("link", name="Report a missed bin collection").click()
    expect(phone.get_by_role("heading", name="Report a missed bin", level=1)).to_be_visible()
    assert "/forms/report-a-missed-bin" in phone.url
    assert_fits(phone)
    assert_accessible(phone)
    phone.get_by_label("Blue recycling bin").check()
    collection = date.today() - timedelta(days=2)  # the date may not be in the future
    phone.get_by_label("Day").fill(str(collection.day))
    phone.get_by_label("Month").fill(str(collection.month))
    phone.get_by_label("Year").fill(str(collection.year))
    phone.get_by_label("Your address").fill("4 Mill Lane\nAshdown")
    phone.get_by_label("Postcode").fill("as1 2bb")
    phone.get_by_label("Full name").fill("Rae Resident")
    phone.get_by_label("Email address").fill("rae.resident@example.com")
    phone.get_by_role("button", name="Continue").click()
    expect(phone.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    expect(phone.locator(".govuk-summary-list")).to_contain_text("Blue recycling bin")
    assert_fits(phone)
    assert_accessible(phone)
    phone.get_by_role("button", name="Send").click()
    panel = phone.locator(".govuk-panel--confirmation")
    expect(panel).to_contain_text("Your reference")
    reference = panel.locator("strong").inner_text()
    assert_fits(phone)
    assert_accessible(phone)

    # Later, from the home page: Track, in "Do it online".
    phone.get_by_role("link", name="Ashdown District Council").click()
    phone.get_by_role("link", name="Track your enquiry").click()
    expect(phone.get_by_role("heading", name="Track your enquiry")).to_be_visible()
    assert_fits(phone)
    assert_accessible(phone)
    phone.get_by_label("Reference").fill(reference)
    phone.get_by_label("Email address").fill("rae.resident@example.com")
    phone.get_by_role("button", name="Track").click()
    expect(phone.get_by_role("heading", name=reference)).to_be_visible()
    expect(phone.get_by_text("Missed bin collection: Blue recycling bin")).to_be_visible()
    assert_fits(phone)
    assert_accessible(phone)
    assert phone.console_errors == []
    assert phone.context.cookies() == []


def test_a_resident_on_a_phone_finds_a_form_and_tracking_through_search(phone, council):
    """Search in the resident's words leads to the form itself (listed as one, beside the page
    about the service) and to the tracking page, on a 320 px phone."""
    _, base = council
    results = phone.locator(".ieg-search-results > li")
    phone.goto(base + "/waste-and-recycling/")
    phone.locator("#site-search").fill("report fly tipping")
    phone.locator("#site-search").press("Enter")
    form = results.filter(has_text=FORM_KIND).get_by_role("link", name="Report fly-tipping")
    expect(form).to_be_visible()
    first_two = [results.nth(n).inner_text() for n in range(2)]
    assert any(FORM_KIND in text for text in first_two), first_two
    assert_fits(phone)
    assert_accessible(phone)
    form.click()
    expect(phone.get_by_role("heading", name="Report fly-tipping", level=1)).to_be_visible()
    assert phone.url.endswith("/forms/report-fly-tipping")
    assert_fits(phone)

    phone.locator("#site-search").fill("track my enquiry")
    phone.locator("#site-search").press("Enter")
    expect(results.first.get_by_role("link")).to_have_text("Track your enquiry")
    results.first.get_by_role("link").click()
    expect(phone.get_by_role("heading", name="Track your enquiry")).to_be_visible()
    assert phone.url.endswith("/track")
    assert_fits(phone)
    assert phone.console_errors == []
    assert phone.context.cookies() == []


def test_a_printed_page_has_its_content_and_external_addresses(page, council):
    _, base = council
    page.goto(base + "/schools/school-admissions")
    page.emulate_media(media="print")
    for chrome in (".ieg-header__search", ".ieg-feedback", ".govuk-breadcrumbs", ".ieg-footer__links"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.get_by_role("heading", name="Apply for a school place", level=1)).to_be_visible()
    after = "(a) => getComputedStyle(a, '::after').content"
    external = page.locator('.ieg-content a[href^="https://"]').first
    assert external.get_attribute("href") in external.evaluate(after)
    internal = page.locator('.ieg-content a[href^="/"]').first
    assert internal.evaluate(after) == "none"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_staff_reply_shows_its_paragraphs_on_the_tracking_page(phone, council):
    app, base = council
    token = enquiry_with_reply(app, "jo.lines@example.com", "Dear Jo,\n\nWe will come on Friday.\nLeave the bin out.")
    phone.goto(f"{base}/track/{token}")
    reply = phone.locator("li", has_text="Dear Jo")
    assert "Dear Jo,\n\nWe will come on Friday.\nLeave the bin out." in reply.inner_text()
    assert_fits(phone)

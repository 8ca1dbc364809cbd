"""An author writes a page in the browser, the checker catches vague link text, a
publisher approves it, and the public sees it with its e-GMS metadata. axe-core checks
the editor, the A-Z and the public page."""
import re
import struct
import zlib

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in

pytestmark = pytest.mark.browser


def png(path):
    """A real 2x2 PNG (the upload checks the file's content, not its name)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x1d\x70\xb8" * 2 for _ in range(2))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def test_author_to_publisher_to_public(page, live_server, tmp_path):
    sign_in(page, live_server, "waste.author@staff.example.gov.uk")
    page.wait_for_url(f"{live_server}/edit/")
    page.get_by_role("link", name="Add a page to Waste and recycling").click()
    assert_accessible(page)
    page.get_by_label("Title").fill("Garden waste collections")
    page.get_by_label("Summary").fill("Sign up for fortnightly garden waste collections.")
    vague = ("## How it works\n\nWe collect your brown bin every two weeks.\n\n- grass cuttings\n- hedge trimmings\n\n"
             "To sign up [click here](/waste-and-recycling/).\n")
    page.get_by_label("Page content").fill(vague)
    expect(page.locator("#preview h2")).to_have_text("How it works")  # live preview
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Draft saved")
    assert_accessible(page)

    # An image with its description, uploaded and placed in the page.
    page.get_by_label("File").set_input_files(str(png(tmp_path / "brown-bin.png")))
    page.locator("#upload-title").fill("Brown garden waste bin")
    page.get_by_label("Image description (alt text)").fill("A brown wheelie bin full of grass cuttings")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Brown garden waste bin uploaded")
    expect(page.locator("#attachments ~ ul .govuk-tag")).to_have_text("Not yet public")
    assert_accessible(page)
    image_markdown = re.search(r"!\[[^\]]+\]\([^)]+\)", page.locator("#attachments ~ ul code").first.inner_text()).group(0)

    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Not submitted: fix the accessibility errors")
    checks = page.locator("#checks ~ ul").first.inner_text()
    assert "Line 8: the link text \"click here\"" in checks
    assert_accessible(page)

    fixed = vague.replace("To sign up [click here](/waste-and-recycling/).",
                          "[Sign up for garden waste collections](/waste-and-recycling/).\n\n" + image_markdown)
    page.get_by_label("Page content").fill(fixed)
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Submitted for review")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server, "waste.publisher@staff.example.gov.uk")
    page.wait_for_url(f"{live_server}/edit/")
    page.get_by_role("link", name="Garden waste collections").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Published. The page is live at /waste-and-recycling/garden-waste-collections")
    page.get_by_role("button", name="Sign out").click()

    response = page.goto(f"{live_server}/waste-and-recycling/garden-waste-collections")
    assert response.status == 200 and page.context.cookies() == []
    expect(page.get_by_role("heading", name="Garden waste collections", level=1)).to_be_visible()
    expect(page.get_by_role("img", name="A brown wheelie bin full of grass cuttings")).to_be_visible()
    assert page.locator('meta[name="DC.title"]').get_attribute("content") == "Garden waste collections"
    assert page.locator('meta[name="DC.creator"]').get_attribute("content") == "Waste and recycling"
    assert page.locator('meta[name="eGMS.accessibility"]').get_attribute("content") == "AA"
    assert_accessible(page)
    assert page.console_errors == []

    page.goto(f"{live_server}/a-z")
    assert_accessible(page)

    # The author proposes a new address for the live page: it waits for a publisher.
    sign_in(page, live_server, "waste.author@staff.example.gov.uk")
    page.wait_for_url(f"{live_server}/edit/")
    page.get_by_role("link", name="Garden waste collections").first.click()
    page.get_by_label("Web address").fill("brown-bin-collections")
    page.get_by_label("Show on the home page as one of the most-used tasks").check()
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "New web address, waiting for a publisher: /waste-and-recycling/brown-bin-collections")
    expect(page.locator(".govuk-inset-text")).to_contain_text("shown on the home page")
    expect(page.get_by_label("Web address")).to_have_value("brown-bin-collections")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    assert page.goto(f"{live_server}/waste-and-recycling/garden-waste-collections").status == 200

    sign_in(page, live_server, "waste.publisher@staff.example.gov.uk")
    page.wait_for_url(f"{live_server}/edit/")
    page.get_by_role("link", name="Garden waste collections").first.click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Published. The page is live at /waste-and-recycling/brown-bin-collections")
    page.get_by_role("button", name="Sign out").click()
    moved = page.request.get(f"{live_server}/waste-and-recycling/garden-waste-collections", max_redirects=0)
    assert moved.status == 301 and moved.headers["location"] == "/waste-and-recycling/brown-bin-collections"
    page.goto(f"{live_server}/")
    expect(page.get_by_role("link", name="Garden waste collections")).to_have_attribute(
        "href", "/waste-and-recycling/brown-bin-collections")
    assert page.console_errors == []

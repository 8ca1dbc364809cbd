"""A communications officer writes a press release with an image and its category, a publisher
publishes it, and it shows on /news/, on the home page and in the Atom feeds. Every page: zero
axe-core violations; the public's news pages fit a 320 px screen."""
import shutil
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.conftest import watched_page
from tests.browser.test_cms_journey import png
from tests.browser.test_resident_phone_journey import PHONE, assert_fits
from tests.browser.accessibility import assert_accessible
from tests.browser.test_roles_accessibility import sign_in
from tests.conftest import make_app
from tests.factories import DOMAIN, make_user

pytestmark = pytest.mark.browser
OFFICER, PUBLISHER = f"press.officer@{DOMAIN}", f"press.publisher@{DOMAIN}"


@pytest.fixture(scope="module")
def news_site(tmp_path_factory, council_database):
    """A live server of its own over the test council, with the News section's author and
    publisher and two categories."""
    folder = tmp_path_factory.mktemp("news-live")
    shutil.copy(council_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    with app.app_context():
        from ieg.extensions import db
        from ieg.news import articles
        from ieg.timeutil import utcnow
        make_user(db.session, OFFICER, name="Olu Officer", grants=(("news", "author"),))
        publisher = make_user(db.session, PUBLISHER, name="Pam Publisher", grants=(("news", "publisher"),))
        for name in ("Environment", "Council tax"):
            articles.save_category(db.session, publisher, utcnow(), None, name=name)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_press_release_written_published_and_read(browser, news_site, tmp_path):
    base = news_site
    page = watched_page(browser, viewport={"width": 1280, "height": 900})
    sign_in(page, base, OFFICER)
    page.wait_for_url(f"{base}/edit/")
    page.goto(f"{base}/edit/news/")
    assert_accessible(page)
    page.get_by_role("link", name="Write a press release").click()
    page.get_by_label("Title").fill("Repair café opens at Ashdown library")
    page.get_by_label("Summary").fill("Bring broken things to be mended for free on Saturdays.")
    page.get_by_label("Page content").fill(
        "## What is happening\n\nVolunteers mend small appliances, clothes and bikes every Saturday morning. "
        "Read about [recycling and reuse](/waste-and-recycling/).\n")
    page.get_by_label("Page owner").fill("Communications team")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Draft saved")
    page.get_by_label("File").set_input_files(str(png(tmp_path / "repair-cafe.png")))
    page.locator("#upload-title").fill("Repair café volunteers")
    page.get_by_label("Image description (alt text)").fill("Two volunteers mending a toaster at a library table")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("uploaded")

    page.get_by_role("link", name="News details: category, image and press office contact").click()
    assert_accessible(page)
    page.get_by_label("Category").select_option(label="Environment")
    page.get_by_label("Press office contact").fill("Communications team, 01632 960200")
    page.get_by_label("Image").select_option(index=1)
    page.get_by_role("button", name="Save news details").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("News details saved")
    page.get_by_role("button", name="Save and submit for review").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Submitted for review")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, PUBLISHER)
    page.wait_for_url(f"{base}/edit/")
    page.goto(f"{base}/edit/news/")
    page.get_by_role("link", name="Repair café opens at Ashdown library", exact=True).click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Published. The page is live at /news/repair-cafe-opens-at-ashdown-library")
    page.get_by_role("button", name="Sign out").click()
    page.context.close()

    phone = watched_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    response = phone.goto(f"{base}/news/")
    assert response.status == 200 and phone.context.cookies() == []
    assert_accessible(phone)
    assert_fits(phone)
    phone.get_by_label("Category").select_option(label="Environment")
    phone.get_by_role("button", name="Show news").click()
    expect(phone.get_by_role("heading", name="News about Environment")).to_be_visible()
    phone.get_by_role("link", name="Repair café opens at Ashdown library").click()
    expect(phone.get_by_role("heading", name="Repair café opens at Ashdown library", level=1)).to_be_visible()
    expect(phone.get_by_role("img", name="Two volunteers mending a toaster at a library table")).to_be_visible()
    expect(phone.get_by_text("Communications team, 01632 960200")).to_be_visible()
    assert_accessible(phone)
    assert_fits(phone)
    phone.goto(f"{base}/")
    expect(phone.get_by_role("link", name="Repair café opens at Ashdown library")).to_be_visible()
    feed = phone.request.get(f"{base}/news/categories/environment/feed.atom").text()
    assert "<title>Repair café opens at Ashdown library</title>" in feed
    assert "Repair café" not in phone.request.get(f"{base}/news/categories/council-tax/feed.atom").text()
    assert phone.console_errors == []
    phone.context.close()

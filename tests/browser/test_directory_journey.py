"""The community directory in a real browser: a group signs up from the public site, its editor sets a
password by the emailed link, a moderator approves the entry, the editor changes it (live at once) and
cannot open another group's entry, a resident finds it by ward and category, and the moderator rolls
the edit back against its diff. Zero axe violations throughout; the public pages reflow at 320 px."""
from __future__ import annotations

import re
import shutil
import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.browser.conftest import watched_page
from tests.browser.test_resident_phone_journey import PHONE, assert_fits
from tests.browser.test_roles_accessibility import assert_accessible, sign_in
from tests.conftest import make_app
from tests.factories import DOMAIN, PASSWORD, _password_hash

pytestmark = pytest.mark.browser
MODERATOR = f"moderator@{DOMAIN}"
OTHER_EDITOR = f"other.editor@{DOMAIN}"
NEW_PASSWORD = "correct horse battery staple 21"


@pytest.fixture(scope="module")
def site(tmp_path_factory, council_database):
    """(app, base URL, facts) of a live server over the test council with two categories, two wards,
    a moderator and another group's published entry."""
    from ieg.extensions import db
    from tests.directory_support import make_group, make_moderator, make_places

    folder = tmp_path_factory.mktemp("directory-live")
    shutil.copy(council_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    with app.app_context():
        s = db.session
        sport, older, abbey, bridge = make_places(s)
        make_moderator(s, MODERATOR)
        other, editor = make_group(s, older, bridge, editor_email=OTHER_EDITOR, name="Bridge Lunch Club",
                                   summary="Lunch for older people")
        editor.password_hash = _password_hash(PASSWORD)
        facts = {"other": other.id, "other_slug": other.slug}
        s.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}", facts
    server.shutdown()


def _invitation(app, email: str) -> str:
    from ieg.extensions import db
    from ieg.models import OutboxMessage
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.to_address == email)
                                 .order_by(OutboxMessage.id))
    return re.search(r"https?://\S+(/reset-password/\S+)", body).group(1)


def test_sign_up_approve_edit_find_and_roll_back(browser, site):
    app, base, facts = site
    page = watched_page(browser, viewport={"width": 1280, "height": 900})
    # A group signs up.
    page.goto(f"{base}/directory/")
    assert_accessible(page)
    page.get_by_role("link", name="Add your group to the directory").click()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Robin Green")
    page.get_by_label("Your email address").fill("robin@example.org")
    page.get_by_label("Name of the group or organisation").fill("Townley Chess Club")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a line about what the group does")
    assert_accessible(page)
    page.get_by_label("What the group does, in a line").fill("Chess for all ages on Thursday evenings")
    page.get_by_label("Sport and leisure").check()
    page.get_by_label("Abbey").check()
    page.locator("#venue1_address").fill("Townley Library\nHigh Street")
    page.locator("#venue1_postcode").fill("TS1 2BB")
    page.locator("#venue1_accessibility").fill("Step-free entrance")
    page.get_by_label("Email address (optional)").fill("chess@example.org")
    page.get_by_role("button", name="Send for checking").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Townley Chess Club is waiting for a check")
    assert_accessible(page)
    # Its editor chooses a password by the emailed link and signs in to their own groups.
    page.goto(base + _invitation(app, "robin@example.org"))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    sign_in(page, base, "robin@example.org", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your groups")
    expect(page.locator("main")).to_contain_text("Waiting for a check")
    assert_accessible(page)
    # A moderator approves it.
    moderator = watched_page(browser, viewport={"width": 1280, "height": 900})
    sign_in(moderator, base, MODERATOR)
    moderator.goto(f"{base}/directory/moderate/")
    assert_accessible(moderator)
    moderator.get_by_role("link", name="Townley Chess Club", exact=True).click()
    assert_accessible(moderator)
    moderator.get_by_role("button", name="Approve and publish").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("Townley Chess Club is published")
    # The editor changes the entry: live at once.
    page.get_by_role("link", name="Townley Chess Club", exact=True).click()
    assert_accessible(page)
    page.get_by_label("What the group does, in a line").fill("Chess and draughts on Thursday evenings")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Your changes are published")
    manage_url = page.url
    # ...and cannot open another group's entry.
    response = page.goto(f"{base}/directory/manage/{facts['other']}")
    assert response.status == 403
    assert_accessible(page)
    # A resident finds it by ward and category.
    resident = watched_page(browser, viewport={"width": 1280, "height": 900})
    resident.goto(f"{base}/directory/")
    resident.get_by_label("Category").select_option(label="Sport and leisure")
    resident.get_by_label("Ward").select_option(label="Abbey")
    resident.get_by_role("button", name="Show groups").click()
    expect(resident.get_by_role("heading", name="1 group in Sport and leisure serving Abbey")).to_be_visible()
    assert_accessible(resident)
    resident.get_by_role("link", name="Townley Chess Club", exact=True).click()
    expect(resident.locator("main")).to_contain_text("Chess and draughts on Thursday evenings")
    expect(resident.locator("main")).not_to_contain_text("chess@example.org")  # kept private
    assert_accessible(resident)
    # The moderator rolls the edit back against its diff.
    moderator.goto(f"{base}/directory/moderate/")
    moderator.get_by_role("link", name=re.compile("Townley Chess Club, changed")).click()
    expect(moderator.locator(".ieg-diff__added")).to_contain_text("Chess and draughts on Thursday evenings")
    assert_accessible(moderator)
    moderator.get_by_role("button", name="Roll back this change").click()
    expect(moderator.locator(".govuk-notification-banner")).to_contain_text("rolled back")
    resident.reload()
    expect(resident.locator("main")).to_contain_text("Chess for all ages on Thursday evenings")
    page.goto(manage_url)
    expect(page.get_by_label("What the group does, in a line")).to_have_value("Chess for all ages on Thursday evenings")
    for each in (page, moderator, resident):
        assert each.console_errors == []
        each.context.close()


def test_directory_pages_reflow_at_320_px(browser, site):
    _, base, facts = site
    phone = watched_page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    for path in ("/directory/", "/directory/?ward=E05000002", f"/directory/{facts['other_slug']}",
                 f"/directory/{facts['other_slug']}/report", "/directory/sign-up"):
        phone.goto(base + path)
        assert_fits(phone)
        assert_accessible(phone)
    sign_in(phone, base, OTHER_EDITOR)
    phone.goto(f"{base}/directory/manage/{facts['other']}")
    assert_fits(phone)
    assert phone.console_errors == []
    phone.context.close()

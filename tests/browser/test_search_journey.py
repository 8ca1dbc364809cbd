"""A resident searches the demo council's site in a real browser: from the home page's box,
through the results and a section filter, to the page; and a search that finds nothing.
Every page on the way has zero axe-core violations and no cookie is set."""
from __future__ import annotations

import shutil
import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.browser.accessibility import assert_accessible
from tests.conftest import make_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content_server(tmp_path_factory, content_site):
    folder = tmp_path_factory.mktemp("search-live")
    shutil.copytree(content_site, folder, dirs_exist_ok=True)
    app = make_app(folder, folder / "ieg.sqlite3")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_a_resident_searches_in_their_own_words_and_finds_the_page(page, content_server):
    page.goto(content_server + "/")
    page.get_by_label("Search for a service").fill("rubbish collection")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Search", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Bin collection days")).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Waste and recycling (").click()
    expect(page.get_by_role("status")).to_contain_text("in Waste and recycling")
    page.get_by_role("link", name="Bin collection days").click()
    expect(page.get_by_role("heading", name="Bin collection days", level=1)).to_be_visible()
    assert page.url.endswith("/waste-and-recycling/bin-collection-days")

    # The header box on every other page searches too.
    # A misspelt word is searched as the site's own word, and says so.
    page.get_by_label("Search this website").fill("libary")
    page.get_by_label("Search this website").press("Enter")
    expect(page.get_by_text("Showing results for library")).to_be_visible()
    expect(page.get_by_role("link", name="Library opening times")).to_be_visible()
    assert_accessible(page)
    assert page.console_errors == []
    assert page.context.cookies() == []


def test_a_search_that_finds_nothing_offers_the_a_to_z(page, content_server):
    page.goto(content_server + "/search?q=xylophonic+quasar")
    expect(page.get_by_role("heading", name="There are no matching results")).to_be_visible()
    expect(page.get_by_role("link", name="A to Z of services")).to_be_visible()
    assert_accessible(page)

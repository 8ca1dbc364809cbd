"""A live IEG server on loopback and Debian's Chromium driven by Playwright.

Never `playwright install`: the Makefile installs Debian's chromium, and the tests
fail (not skip) without it, so a browser test can never pass by not running.
"""
from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from tests.conftest import make_app

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("IEG_CHROMIUM", "/usr/bin/chromium")
# Quiet, offline Chromium: the machine has no network but the package registries.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, council_database):
    """The base URL of a live server over a copy of the test council (people and sections)."""
    folder = tmp_path_factory.mktemp("live")
    database = folder / "ieg.sqlite3"
    shutil.copy(council_database, database)
    app = make_app(folder, database)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make chromium` (Debian package chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watched_page(browser, **options):
    """A page in a context of its own, collecting script errors and any stylesheet, script
    or image that failed to load in `page.console_errors`. (A 4xx page's own status is
    logged by Chromium too; that one is expected, not an error.)"""
    page = browser.new_context(**options).new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document" else None)
    page.console_errors = errors
    return page


@pytest.fixture
def page(browser):
    page = watched_page(browser, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def content_council(tmp_path_factory, content_site):
    """(app, base URL) of a live server over a copy of the demo council with all its content
    and its search index, for one test module."""
    folder = tmp_path_factory.mktemp("content-live")
    shutil.copytree(content_site, folder, dirs_exist_ok=True)
    app = make_app(folder, folder / "ieg.sqlite3")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def content_server(content_council):
    """The base URL of content_council's server."""
    return content_council[1]


@contextmanager
def casework_server(folder: Path, content_site: Path):
    """A live server over a copy of the demo council as `flask ieg demo` leaves it (content_site:
    its year of enquiries, its outcomes register, its pages and search index): yields (app, base URL)."""
    shutil.copytree(content_site, folder, dirs_exist_ok=True)
    app = make_app(folder, folder / "ieg.sqlite3")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()

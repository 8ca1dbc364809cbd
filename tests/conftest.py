"""Shared fixtures: an app on a fresh migrated database per test, the test council, the demo
council (for the tests of the demo and journeys over its content), sign-in."""
from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from ieg.factory import create_app
from ieg.demo import DEMO_PASSWORD
from tests import factories, fast_apps

fast_apps.install()
# Property tests check results, not speed: on a shared, loaded machine hypothesis's default 200 ms
# per example fails them for nothing (DeadlineExceeded).
settings.register_profile("ieg", deadline=None)
settings.load_profile("ieg")

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"  # copies of official lists, with their source and licence
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
pytest_plugins = ["tests.clock"]  # pytest --clock WHEN


def head_revision() -> str:
    """The newest migration's revision id, read from migrations/ (what `db upgrade` reaches)."""
    from ieg.database import head_revision as head
    return head(str(ROOT / "migrations"))


def make_app(instance: Path, database: Path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(instance),
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "RATELIMIT_ENABLED": False,
    }
    config.update(overrides)
    app = create_app(config)
    fast_apps.share_templates(app)
    return app


@pytest.fixture(scope="module")
def postgres_server():
    """A throwaway PostgreSQL server (tests/servers.py) for the module that asks for it."""
    from tests.servers import PostgresServer

    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.close()


def shared_folder(tmp_path_factory) -> Path:
    """A folder of this run's that all its xdist workers share (their own base folders' parent),
    or this run's base folder without xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(shared: Path, name: str, build) -> Path:
    """shared/name, made by `build(folder)` once for the whole run: the first process to ask
    builds it while the others (xdist workers, the background builder below) wait on a lock and
    then use it. A build that fails leaves nothing behind, and the next to ask tries again."""
    folder = shared / "templates" / name
    done = folder.parent / f"{name}.built"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


def build_migrated(folder: Path) -> None:
    from flask_migrate import upgrade

    database = folder / "template.sqlite3"
    app = make_app(folder, database)
    with app.app_context():
        upgrade()
        from ieg.extensions import db
        db.engine.dispose()
    _checkpoint(database)


def migrated_in(shared: Path) -> Path:
    return built_once(shared, "migrated", build_migrated) / "template.sqlite3"


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """One database built by the migrations (the only way the schema is made), copied per test;
    built once per run, whichever worker asks first."""
    return migrated_in(shared_folder(tmp_path_factory))


def _template(tmp_path_factory, migrated_database: Path, name: str, fill) -> Path:
    """A copy of the migrated database with `fill(session)` committed (once per run)."""
    def build(folder: Path) -> None:
        from ieg.extensions import db
        from ieg.search import web as search_web

        database = folder / f"{name}.sqlite3"
        shutil.copy(migrated_database, database)
        app = make_app(folder, database)
        search_web.indexer_for(app).stop()  # each test's node builds its own index from the copy
        with app.app_context():
            fill(db.session)
            db.session.commit()
            db.engine.dispose()
        _checkpoint(database)

    return built_once(shared_folder(tmp_path_factory), f"{name}-template", build) / f"{name}.sqlite3"


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory, migrated_database) -> Path:
    """The migrated database with the demo council's people and sections (passwords hashed once), for
    the tests of the demo's own data and the journeys over its year of casework (casework_server)."""
    from ieg import demo as demo_module
    return _template(tmp_path_factory, migrated_database, "demo",
                     lambda session: demo_module.load(session, content=False))


@pytest.fixture(scope="session")
def council_database(tmp_path_factory, migrated_database) -> Path:
    """The migrated database with the test council (tests/factories.py: its service areas and one
    holder of each role), built once and copied per test."""
    return _template(tmp_path_factory, migrated_database, "council", factories.build_council)


def build_content_site(folder: Path, migrated_database: Path) -> None:
    """The demo council with all its content and casework in folder/ieg.sqlite3, as `flask ieg
    demo` leaves it, and its search index in folder/search."""
    from ieg import demo as demo_module
    from ieg.config import Council
    from ieg.extensions import db
    from ieg.search import changelog, indexer
    from ieg.search import web as search_web
    from ieg.search.gaps import Mark

    shutil.copy(migrated_database, folder / "ieg.sqlite3")
    app = make_app(folder, folder / "ieg.sqlite3")
    # The fixture indexes the demo itself: a background indexer woken by the commit would hold
    # the index's lock while follow waits for it (beyond follow's wait on a loaded machine).
    search_web.indexer_for(app).stop()
    with app.app_context():
        demo_module.load(db.session, council=Council.from_config(app.config))
        db.session.commit()
        # Followed from the log's start in batches, as a node that was there from the first day:
        # the ranking tests were tuned on that index's segments (a one-commit build ranks a few
        # near-ties the other way).
        ix = search_web.indexer_for(app).ix
        changelog.write_mark(ix.storage.folder, Mark())
        indexer.follow(db.session, ix)
        db.engine.dispose()
    _checkpoint(folder / "ieg.sqlite3")


def content_site_in(shared: Path) -> Path:
    return built_once(shared, "content-site", lambda folder: build_content_site(folder, migrated_in(shared)))


@pytest.fixture(scope="session")
def content_site(tmp_path_factory) -> Path:
    """A folder with the demo council and all its content and casework (ieg.sqlite3), as `flask
    ieg demo` leaves it, and its search index, built once per run (about half a minute of CPU),
    usually in the background while the first tests run (see pytest_collection_modifyitems);
    every worker shares it, so copy it before changing anything."""
    return content_site_in(shared_folder(tmp_path_factory))


@pytest.fixture
def demo_site(app_factory, database, content_site):
    """An app on this test's own copy of the demo council with all its content, as `flask ieg
    demo` leaves it (loaded once per worker by content_site, not again per test)."""
    shutil.copy(content_site / "ieg.sqlite3", database)
    shutil.copytree(content_site / "search", database.parent / "search")
    app = app_factory(SEARCH_INDEX_PATH=str(database.parent / "search"))
    yield app
    from ieg.extensions import db
    from ieg.search.web import indexer_for
    indexer_for(app).stop()
    with app.app_context():
        db.engine.dispose()


def _checkpoint(database: Path) -> None:
    """Fold the WAL back into the file so a plain copy is complete."""
    import sqlite3
    import time
    # Another thread may hold the file a moment (the app's background checkpointer, an indexer):
    # then the checkpoint is partial, and a copy of the file alone would miss what the WAL holds.
    deadline = time.monotonic() + 30
    with sqlite3.connect(database, timeout=30) as conn:
        while True:
            busy, log, done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy and log == done:
                return
            assert time.monotonic() < deadline, f"could not fold the WAL into {database}"
            time.sleep(0.05)


@pytest.fixture
def database(request, tmp_path, migrated_database) -> Path:
    """This test's own database file: the test council's if it asks for `council` (or signs in
    with `signed_in`), the demo council's people and sections for a test of the demo itself
    (`demo`), else an empty one."""
    names = request.fixturenames
    if "demo" in names:
        source = request.getfixturevalue("demo_database")
    elif "council" in names or "signed_in" in names:
        source = request.getfixturevalue("council_database")
    else:
        source = migrated_database
    target = tmp_path / "ieg.sqlite3"
    shutil.copy(source, target)
    return target


@pytest.fixture
def file_store():
    """The file store the test's apps keep uploads in; None: the default for the database (the
    folder on SQLite). A test of files runs on both with
    `@pytest.mark.parametrize("file_store", files_store.BACKENDS)`."""
    return None


@pytest.fixture
def app_factory(tmp_path, database, file_store):
    """Build an app on this test's database with extra config."""
    def build(**overrides):
        return make_app(tmp_path, database, **({"FILE_STORE": file_store} if file_store else {}), **overrides)
    return build


@pytest.fixture
def app(app_factory):
    app = app_factory()
    yield app
    from ieg.extensions import db
    from ieg.search.web import indexer_for
    indexer_for(app).stop()  # its thread must not outlive the test's database
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def demo(app):
    """The demo council's people and sections are in this test's database: only for tests whose
    subject is the demo's own data (a feature's tests use `council`)."""
    from ieg import demo as demo_module
    return demo_module


@pytest.fixture
def council(app):
    """The test council is in this test's database (copied from council_database): sections
    and people made by tests/factories.py. Returns that module (HOLDERS, PASSWORD...)."""
    return factories


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_from(response) -> str:
    match = TOKEN.search(response.get_data(as_text=True))
    assert match, "page has no CSRF token field"
    return match.group(1)


def sign_in(client, email: str, password: str | None = None, follow_redirects=False):
    """Sign in through the form; the password is the test council's or the demo's, by the address."""
    if password is None:
        password = factories.PASSWORD if email.endswith("@" + factories.DOMAIN) else DEMO_PASSWORD
    page = client.get("/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_from(page)},
                       follow_redirects=follow_redirects)


@pytest.fixture
def signed_in(client):
    """Sign the test client in as a test council holder by email; returns the client."""
    def as_user(email: str):
        response = sign_in(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return client
    return as_user


GOOD_BODY = "## What to do\n\nRead the [collection calendar](/waste-and-recycling/) for your street.\n"


def add_page(app, section_slug: str, title: str, *, body: str = GOOD_BODY, state: str = "draft",
             actor_email: str = "admin@staff.example.gov.uk", **fields) -> int:
    """Make a page through the content services (as the editor would) and return its id.

    state: draft, in_review or published.
    """
    from sqlalchemy import select as _select

    from ieg.content import pages
    from ieg.extensions import db
    from ieg.models import Section, User
    from ieg.timeutil import utcnow

    with app.app_context():
        section = db.session.scalar(_select(Section).where(Section.slug == section_slug))
        actor = db.session.scalar(_select(User).where(User.email == actor_email))
        data = pages.PageInput(title=title, body_markdown=body, owner_name=fields.pop("owner_name", "Pat Owner"),
                               **fields)
        page = pages.create_page(db.session, section, actor, data, utcnow())
        if state in ("in_review", "published"):
            pages.submit(db.session, page, actor, utcnow())
        if state == "published":
            pages.publish(db.session, page, actor, utcnow())
        db.session.commit()
        return page.id


def wait_until_indexed(app, timeout: float = 15.0) -> None:
    """Wait for the app's search indexer thread to apply the change log (it runs after commits)."""
    import time

    from ieg.extensions import db
    from ieg.search import indexer
    from ieg.search import web as search_web

    deadline = time.monotonic() + timeout
    with app.app_context():
        worker = search_web.indexer_for(app)
        worker.wake()  # a node that has not followed the log yet builds its index first
        while indexer.behind(db.session, worker.ix) or not worker.idle():
            assert time.monotonic() < deadline, "the search indexer did not empty its queue"
            db.session.rollback()
            time.sleep(0.02)
        db.session.rollback()


# The modules that start servers (Chromium, PostgreSQL, gunicorn, Redis) or load the whole demo run
# longest. Handed out first, they leave short files to even out the workers' ends; last, one worker
# idled while the other ran a long module alone. pytest-xdist gives out files in collection order only
# with --no-loadscope-reorder (make test passes it); by default it gives out the files with most tests first.
LONG_FIRST = ("tests/web/test_multi_machine.py", "tests/browser/", "tests/web/test_nodes_sharing.py",
              "tests/web/scheduler/", "tests/web/test_postgresql.py", "tests/web/search/test_search_nodes.py",
              "tests/web/search/test_search", "tests/web/test_start_up.py", "tests/web/test_cli.py",
              "tests/services/evidence/test_reports.py", "tests/services/casework/test_mailbox.py")


def _needs_content_site(item) -> bool:
    return "content_site" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(session, config, items):
    def rank(item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return next((i for i, prefix in enumerate(LONG_FIRST) if path.startswith(prefix)), len(LONG_FIRST))
    # Within a rank, the modules that need content_site go after the others: it is built in the
    # background meanwhile (content_site_in_background), and is then ready when they start.
    on_content_site = {item.nodeid.split("::", 1)[0] for item in items if _needs_content_site(item)}
    items.sort(key=lambda item: (rank(item), item.nodeid.split("::", 1)[0] in on_content_site))  # stable


@pytest.fixture(scope="session", autouse=True)
def content_site_in_background(request, tmp_path_factory):
    """When a collected test needs content_site, the first process of the run to start (an xdist
    worker, or pytest itself) builds it in a child process at once, on the CPU the browser tests
    leave idle while they wait on Chromium; whoever needs it before it is done waits on its lock
    (built_once). With --clock it is built in the test process, under that clock."""
    shared = shared_folder(tmp_path_factory)
    marker = shared / "templates" / "content-site.started"
    if request.config.getoption("--clock") or not any(_needs_content_site(item) for item in request.session.items):
        yield
        return
    marker.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:  # another worker started it
        yield
        return
    with open(marker.parent / "content-site.log", "w") as log:
        builder = subprocess.Popen(
            [sys.executable, "-c", "import sys; from pathlib import Path; from tests.conftest import content_site_in;"
                                   " content_site_in(Path(sys.argv[1]))", str(shared)],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield
    finally:
        builder.wait()  # never left running; the whole suite needs it long before it ends

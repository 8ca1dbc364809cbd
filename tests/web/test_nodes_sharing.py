"""Two web nodes, each with its own instance folder, sharing one PostgreSQL (and one Redis for
the rate limits): what one node writes, the other serves. Uploaded files live in the database
store; an e-form photo checked on one node is sent on the other, and the room for photos not
yet sent is counted on both; a publication through one node changes the other's cached page;
the sign-in throttle and a public form's rate limit count requests on both."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from ieg import cache, files_store
from ieg.extensions import db
from tests import factories
from tests.conftest import ROOT, TOKEN, add_page, make_app, sign_in
from tests.servers import RedisServer
from tests.web.casework.test_eforms_photos import ANSWERS, FORM, carried_photo, check_with_photo, png
from tests.web.content.test_attachments import PDF, upload


@pytest.fixture(scope="module")
def postgres(postgres_server):
    return postgres_server


@pytest.fixture(scope="module")
def nodes(postgres, tmp_path_factory):
    """Node A and node B: two apps on one migrated PostgreSQL holding the test council."""
    from flask_migrate import upgrade

    url = postgres.create_database("nodes")
    built = []
    for name in ("a", "b"):
        folder = tmp_path_factory.mktemp(f"node-{name}")
        built.append(make_app(folder, folder / "unused.sqlite3", SQLALCHEMY_DATABASE_URI=url, LOGIN_MAX_FAILURES=4,
                              PENDING_UPLOADS_PER_CLIENT_MB=1))
    with built[0].app_context():
        upgrade()
        factories.build_council(db.session)
        db.session.commit()
    yield built
    from ieg.search.web import indexer_for
    for app in built:
        indexer_for(app).stop()  # before the server goes
        with app.app_context():
            db.engine.dispose()


def _uploads(app) -> list[Path]:
    return [p for p in Path(app.instance_path).rglob("*") if p.is_file() and "uploads" in p.parts]


def test_a_file_uploaded_through_one_node_is_served_by_the_other(nodes):
    from ieg.content import pages
    from ieg.models import Page
    from ieg.timeutil import utcnow

    a, b = nodes
    with a.app_context():
        assert files_store.backend(a.config) == "database"  # the default on PostgreSQL
    author = a.test_client()
    sign_in(author, "waste.author@staff.example.gov.uk")
    page_id = add_page(a, "waste-and-recycling", "Garden waste calendar")
    body = upload(author, page_id, "garden.pdf", PDF).get_data(as_text=True)
    link = re.search(r'/files/[0-9a-f]{32}\.pdf/garden\.pdf', body).group(0)
    assert b.test_client().get(link).status_code == 404  # a draft's file: not for the public on any node
    with a.app_context():
        pages.publish(db.session, db.session.get(Page, page_id), None, utcnow())
        db.session.commit()
    served = b.test_client().get(link)
    assert served.status_code == 200 and served.data == PDF and served.mimetype == "application/pdf"
    assert _uploads(a) == [] and _uploads(b) == []  # nothing on either node's own disk


def test_an_eform_photo_checked_on_one_node_is_sent_on_the_other(nodes):
    from ieg.casework import files
    from ieg.models import Enquiry, EnquiryFile

    a, b = nodes
    photo = png(4, 4)
    check, token, key = check_with_photo(a.test_client(), photo, "tip.png")
    assert check.status_code == 200 and "tip.png (" in check.get_data(as_text=True)
    done = b.test_client().post(FORM, data={**ANSWERS, "photo": carried_photo(check), "csrf_token": token,
                                            "submission": key, "action": "submit"})
    text = done.get_data(as_text=True)
    assert done.status_code == 200 and "govuk-panel--confirmation" in text, text
    reference = re.search(r"<strong>(ENQ-[^<]+)</strong>", text).group(1)
    with a.app_context():
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        (kept,) = db.session.scalars(select(EnquiryFile).where(EnquiryFile.enquiry_id == enquiry.id)).all()
        store = files_store.current()
        assert (kept.filename, store.get(files.name(kept.stored_name))) == ("tip.png", photo)
        assert store.listing("pending") == []  # moved onto the enquiry in the same commit
    assert _uploads(a) == [] and _uploads(b) == []


def test_the_room_for_photos_not_yet_sent_is_counted_on_both_nodes(nodes):
    from ieg.casework import pending_uploads
    from tests.web.casework.test_eforms_photos import _error_on_the_photo

    a, b = nodes
    photo = png() + b"\x00" * (600_000 - len(png()))
    assert check_with_photo(a.test_client(), photo)[0].status_code == 200
    refused = check_with_photo(b.test_client(), photo)[0]  # the same client, through the other node
    assert refused.status_code == 400 and _error_on_the_photo(refused) == pending_uploads.CLIENT_FULL
    with a.app_context():
        for listed in files_store.current().listing("pending"):
            files_store.current().delete(listed.name)
        db.session.commit()


def test_a_publication_through_one_node_changes_the_others_cached_page(nodes):
    a, b = nodes
    visitor = b.test_client()
    visitor.get("/waste-and-recycling/")
    before = visitor.get("/waste-and-recycling/")
    assert before.headers["X-Cache"] == "hit" and "Christmas collections" not in before.get_data(as_text=True)
    add_page(a, "waste-and-recycling", "Christmas collections", state="published")
    time.sleep(cache.CHECK_EVERY + 0.2)  # B reads the site version at most once a second
    after = visitor.get("/waste-and-recycling/")
    assert after.headers["X-Cache"] == "miss" and "Christmas collections" in after.get_data(as_text=True)
    assert visitor.get("/waste-and-recycling/").headers["X-Cache"] == "hit"


def test_the_sign_in_throttle_counts_failures_on_both_nodes(nodes):
    a, b = nodes
    email = f"throttled@{factories.DOMAIN}"
    with a.app_context():
        factories.make_user(db.session, email, name="Theo Throttled")
        db.session.commit()
    for node in (a, b, a, b):  # four failures, two on each: the limit (LOGIN_MAX_FAILURES=4)
        assert sign_in(node.test_client(), email, "wrong password").status_code == 200
    refused = sign_in(b.test_client(), email)  # the right password, on either node
    assert refused.status_code == 429 and "Too many failed attempts to sign in" in refused.get_data(as_text=True)
    assert sign_in(a.test_client(), email).status_code == 429


# Rate limits: the limiter is one object per process, so the two nodes are real processes here.

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis():
    server = RedisServer().start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def web_nodes(postgres, nodes, redis, tmp_path_factory):
    """Two gunicorn processes on the nodes' database, counting rate limits in Redis (unix://)."""
    processes, addresses = [], []
    try:
        for name in ("a", "b"):
            port = _free_port()
            env = {**os.environ, "DATABASE_URL": postgres.url("nodes"), "SECRET_KEY": "test-secret-key",
                   "IEG_INSTANCE_PATH": str(tmp_path_factory.mktemp(f"web-{name}")),
                   "IEG_BASE_URL": f"http://127.0.0.1:{port}", "IEG_RATELIMIT_STORAGE_URI": redis.url(),
                   "IEG_USAGE_COUNTING": "0"}
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--chdir", str(ROOT), "--workers", "1", "--bind",
                 f"127.0.0.1:{port}", "app:app"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            addresses.append(f"http://127.0.0.1:{port}")
        for address, process in zip(addresses, processes):
            deadline = time.monotonic() + 60
            while True:
                try:
                    requests.get(f"{address}/track", timeout=10)
                    break
                except requests.RequestException:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(f"a web node did not start: {process.stderr.read().decode()[-2000:]}")
                    time.sleep(0.2)
        yield addresses
    finally:
        for process in processes:
            process.kill()
            process.wait(timeout=10)


def _track(address: str) -> requests.Response:
    token = TOKEN.search(requests.get(f"{address}/track", timeout=10).text).group(1)
    return requests.post(f"{address}/track", data={"reference": "ENQ-0000-0000-0", "email": "x@example.com",
                                                   "csrf_token": token}, timeout=10)


def test_a_public_forms_rate_limit_counts_on_both_nodes_and_fails_open_without_redis(web_nodes, redis):
    a, b = web_nodes
    statuses = [_track(node).status_code for node in (a, b) * 5]  # "10 per minute" for tracking
    assert statuses == [400] * 10  # each refused as not found, but taken
    assert _track(a).status_code == 429 and _track(b).status_code == 429  # the eleventh, on either node
    redis.stop()  # Redis gone: each node counts for itself rather than refusing residents
    try:
        assert _track(a).status_code == 400 and _track(b).status_code == 400
    finally:
        redis.start()

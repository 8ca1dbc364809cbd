"""Several web nodes on one PostgreSQL, each with its own instance folder and search index,
following the change log: a page published through one is found on another within 2 s by
that node's own following; a stopped node catches up when it starts; a new node builds
before it takes traffic; numbers committed out of order are not skipped."""
from __future__ import annotations

import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests import factories
from tests.conftest import csrf_from, make_app, sign_in
from tests.servers import PostgresServer

ADMIN = f"admin@{factories.DOMAIN}"


@pytest.fixture(scope="module")
def postgres(tmp_path_factory):
    from flask_migrate import upgrade

    from ieg.extensions import db

    server = PostgresServer().start()
    apps = []
    try:
        url = server.url()
        folder = tmp_path_factory.mktemp("migrate")
        app = make_app(folder, folder / "unused.sqlite3", SQLALCHEMY_DATABASE_URI=url, SEARCH_FOLLOW_SECONDS=0)
        with app.app_context():
            upgrade()
            factories.build_council(db.session)
            db.session.commit()
            db.engine.dispose()

        folders = {}

        def node(name: str):
            """A node's app; the same name again is that node restarted on its own folder."""
            instance = folders.setdefault(name, tmp_path_factory.mktemp(name))
            built = make_app(instance, instance / "unused.sqlite3", SQLALCHEMY_DATABASE_URI=url, NODE_NAME=name)
            apps.append(built)
            return built
        yield node
    finally:
        from ieg.search.web import indexer_for
        for app in apps:
            indexer_for(app).stop()  # before the server goes
            with app.app_context():
                db.engine.dispose()
        server.close()


def found(app, q: str) -> list[str]:
    from ieg.extensions import db
    from ieg.search import web as search

    with app.app_context():
        return sorted(hit.title for hit in search.site_search(app, db.session, q).hits)


def eventually(check, timeout: float):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(0.05)


def publish_through(app, title: str) -> None:
    """An editor writes and publishes a page through this node's web pages."""
    from tests.conftest import add_page

    page_id = add_page(app, "planning", title, state="in_review")
    client = app.test_client()
    assert sign_in(client, ADMIN).status_code == 302
    page = client.get(f"/edit/pages/{page_id}")
    assert client.post(f"/edit/pages/{page_id}/publish", data={"csrf_token": csrf_from(page)}).status_code == 302


def health(app):
    response = app.test_client().get("/healthz")
    return response.status_code, response.json


def test_nodes_follow_each_other_catch_up_and_a_new_node_builds_first(postgres):
    from ieg.extensions import db
    from ieg.search import changelog, indexer
    from ieg.search.web import indexer_for
    from ieg.timeutil import utcnow

    a, b = postgres("node-a"), postgres("node-b")
    # Each node's first request starts its following; a new node builds before taking traffic.
    for app in (a, b):
        app.test_client().get("/healthz")
        assert eventually(lambda: health(app)[1]["search"] == "ok", 30)
        assert health(app)[0] == 200

    publish_through(a, "Okapi survey results")
    started = time.monotonic()
    assert eventually(lambda: found(b, "okapi"), 2.0) == ["Okapi survey results"]  # B's own following
    print(f"found on the other node in {time.monotonic() - started:.2f} s")

    # B stops (its processes down); A goes on publishing; B comes back on its own folder.
    indexer_for(b).stop()
    publish_through(a, "Okapi habitat map")
    time.sleep(0.6)
    assert found(b, "okapi") == ["Okapi survey results"]
    restarted = postgres("node-b")
    restarted.test_client().get("/healthz")
    assert eventually(lambda: found(restarted, "okapi") == ["Okapi habitat map", "Okapi survey results"], 5.0)

    # A third node, with an empty instance folder: 503 "building" until built, then finds everything.
    c = postgres("node-c")
    status, body = health(c)
    assert (status, body["search"]) == (503, "building")
    assert eventually(lambda: health(c)[1]["search"] == "ok", 30)
    assert health(c)[0] == 200
    assert found(c, "okapi") == ["Okapi habitat map", "Okapi survey results"]

    # Every node's index equals the database; every node registered its position.
    for app in (a, restarted, c):
        with app.app_context():
            assert indexer.check(db.session, indexer_for(app).ix).fixed == 0
            state = changelog.state(db.session, indexer_for(app).folder, utcnow())
            assert (state.condition, state.lag_entries) == ("ok", 0)
    with a.app_context():
        from ieg.models import SearchNode
        assert set(db.session.scalars(select(SearchNode.name))) >= {"node-a", "node-b", "node-c"}


def test_a_number_committed_after_a_later_one_is_not_skipped(postgres):
    """Two transactions: the one that took the earlier log number commits last."""
    from sqlalchemy import text

    from ieg.extensions import db
    from ieg.search import changelog, indexer
    from ieg.search.web import indexer_for
    from ieg.timeutil import utcnow
    from tests.conftest import add_page

    node = postgres("node-d")
    first_id = add_page(node, "planning", "Tapir crossing one", state="published")
    second_id = add_page(node, "planning", "Tapir crossing two", state="published")
    indexer_for(node).stop()  # this test follows by hand, to see each step
    with node.app_context():
        ix = indexer_for(node).ix
        indexer.follow(db.session, ix)

        def rename(session: Session, page_id: int, title: str) -> None:
            # A change made behind the ORM, logged as the flush hook would log it.
            session.execute(text("UPDATE page_revisions SET title = :title WHERE page_id = :id"),
                            {"title": title, "id": page_id})
            changelog.record(session.connection(), [f"page:{page_id}"], utcnow())

        early, late = Session(db.engine), Session(db.engine)
        try:
            rename(early, first_id, "Tapir bridge early")
            rename(late, second_id, "Tapir bridge late")
            late.commit()
            first = indexer.follow(db.session, ix)
            assert first.rows == 1 and first.mark.gaps  # the earlier number: not committed, remembered
            assert found(node, "bridge") == ["Tapir bridge late"]
            early.commit()
            second = indexer.follow(db.session, ix)
            assert second.rows == 1 and not second.mark.gaps
            assert found(node, "bridge") == ["Tapir bridge early", "Tapir bridge late"]
        finally:
            early.close()
            late.close()
        assert indexer.check(db.session, ix).fixed == 0

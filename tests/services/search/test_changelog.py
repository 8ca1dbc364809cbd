"""The change log on SQLite: a node builds its index, follows the log, registers its
position; the log is pruned behind every node; a node left behind the pruned point
rebuilds; the CLI and the jobs do the same for the node they run on."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from tests.conftest import add_page

NOW = datetime(2026, 11, 3, 10, 0, tzinfo=timezone.utc)


def titles(app, ix, q: str) -> list[str]:
    from ieg.extensions import db
    from ieg.search import query, vocabulary

    with ix.searcher() as searcher, app.app_context():
        parsed = query.parse(q)
        return [hit.title for hit in query.run(searcher, parsed, vocabulary.synonyms(db.session)).hits]


def test_nodes_build_follow_register_and_rebuild_behind_the_pruned_point(app, council, tmp_path):
    from ieg.extensions import db
    from ieg.models import SearchChange, SearchNode
    from ieg.search import changelog, indexer
    from ieg.search import web as search_web
    from ieg.search.gaps import Mark
    from ieg.search.schema import open_index

    search_web.indexer_for(app).stop()  # this test follows by hand
    one, two = search_web.indexer_for(app).ix, open_index(tmp_path / "second-node")
    with app.app_context():
        assert changelog.state(db.session, one.storage.folder, NOW).condition == "building"
        built = indexer.follow(db.session, one, node="one", now=NOW)
        assert built.built and built.built == one.doc_count()  # the forms and fixed pages at least
        assert changelog.state(db.session, one.storage.folder, NOW).condition == "ok"
        assert db.session.get(SearchNode, "one").position == changelog.head(db.session)

    add_page(app, "libraries", "Axolotl reading club", state="published")
    with app.app_context():
        from ieg.timeutil import utcnow
        state = changelog.state(db.session, one.storage.folder, utcnow() + timedelta(minutes=1))
        assert state.condition == "behind" and state.lag_entries > 0 and state.lag_seconds >= 60
        assert titles(app, one, "axolotl") == []
        done = indexer.follow(db.session, one, node="one", now=NOW)
        assert done.rows == state.lag_entries and done.built is None
        assert titles(app, one, "axolotl") == ["Axolotl reading club"]
        assert changelog.state(db.session, one.storage.folder, NOW).as_dict()["condition"] == "ok"

        # A second node comes later: it builds, then both have the same documents.
        assert indexer.follow(db.session, two, node="two", now=NOW).built == one.doc_count()
        assert titles(app, two, "axolotl") == ["Axolotl reading club"]

    add_page(app, "libraries", "Axolotl story time", state="published")
    with app.app_context():
        indexer.follow(db.session, one, node="one", now=NOW)
        # Node two has not read the newest entries: pruning stops where it is.
        two_at = db.session.get(SearchNode, "two").position
        assert changelog.prune(db.session, NOW) > 0
        db.session.commit()
        assert db.session.scalar(select(SearchChange.id).order_by(SearchChange.id)) == two_at + 1
        assert changelog.pruned_through(db.session) == two_at
        assert indexer.follow(db.session, two, node="two", now=NOW).built is None  # still in the log: follows
        assert sorted(titles(app, two, "axolotl")) == ["Axolotl reading club", "Axolotl story time"]

        # Two stops for more than a week; entries it never read are pruned; it rebuilds on return.
        changelog.write_mark(two.storage.folder, Mark(position=1))
        assert changelog.state(db.session, two.storage.folder, NOW).condition == "building"
        assert indexer.follow(db.session, two, node="two", now=NOW).built == one.doc_count()
        assert changelog.state(db.session, two.storage.folder, NOW).condition == "ok"
        assert indexer.check(db.session, one).fixed == indexer.check(db.session, two).fixed == 0

        # Nodes gone for a week stop holding pruning back; entries older than a week go anyway.
        later = NOW + timedelta(days=8)
        add_count = changelog.prune(db.session, later)
        db.session.commit()
        assert add_count >= 0 and db.session.scalars(select(SearchNode.name)).all() == []


def test_the_follow_command_and_the_jobs_work_on_this_node(app, council):
    from ieg.extensions import db
    from ieg.jobs import JOBS
    from ieg.search import web as search_web

    search_web.indexer_for(app).stop()
    first = app.test_cli_runner().invoke(args=["ieg", "search-follow", "--once"])
    assert first.exit_code == 0, first.output
    assert "built with" in first.output and "search ok" in first.output
    add_page(app, "parking", "Capybara parking permits", state="published")
    again = app.test_cli_runner().invoke(args=["ieg", "search-follow", "--once"])
    assert "built with" not in again.output and "search ok" in again.output
    assert " 0 changes applied" not in again.output
    with app.app_context():
        assert "(0 logged changes)" in JOBS["search-sync"].func(NOW)
        assert "added 0; updated 0; removed 0" in JOBS["search-check"].func(NOW)
        assert JOBS["search-prune"].func(NOW).startswith("pruned ")


def test_health_reports_the_search_of_a_single_node_without_refusing_traffic(app, council, client):
    from ieg.extensions import db
    from ieg.search import indexer
    from ieg.search import web as search_web

    worker = search_web.indexer_for(app)
    worker.stop()
    body = client.get("/healthz")
    # One machine (SQLite): nothing else writes, its index builds on its first change.
    assert body.status_code == 200 and body.json["search"] == "building"
    with app.app_context():
        indexer.follow(db.session, worker.ix)
    assert client.get("/healthz").json["search"] == "ok"
    add_page(app, "parking", "Tapir parking permits", state="published")
    behind = client.get("/healthz").json
    assert behind["search"] == "behind" and behind["search_lag"]["entries"] > 0

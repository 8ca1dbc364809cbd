"""Page views from real requests: counted, spooled, aggregated by the job; never twice after a
crash; staff, robots and opted-out browsers handled; nothing identifying stored; no cookie."""
from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ieg import jobs
from ieg.extensions import db
from ieg.models import UsageBrowserDay, UsageDay, UsageMonth, UsagePageDay
from ieg.timeutil import utcnow
from ieg.usage import aggregate, spool
from ieg.usage import web as usage_web
from tests.conftest import sign_in
from tests.factories import PASSWORD, Holder, add_holder

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
ADDRESS = "203.0.113.77"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def visit(client, path, user_agent=FIREFOX, address=ADDRESS, **headers):
    return client.get(path, headers={"User-Agent": user_agent, **headers}, environ_base={"REMOTE_ADDR": address})


def settle(app):
    """The web process writes its spool; the scheduler's job then runs (a few minutes on, as it
    would be by the time the spool file is settled)."""
    usage_web.flush(app)
    with app.app_context():
        report = jobs.usage_aggregate(utcnow() + timedelta(minutes=3))
    return report


def totals(app):
    with app.app_context():
        row = db.session.execute(select(func.coalesce(func.sum(UsageDay.impressions), 0),
                                        func.coalesce(func.sum(UsageDay.robot_impressions), 0),
                                        func.coalesce(func.sum(UsageDay.unique_browsers), 0),
                                        func.coalesce(func.sum(UsageDay.visits), 0))).one()
        return tuple(row)


def test_page_views_reach_the_aggregates_after_the_job(app, client):
    for path in ("/statistics/", "/statistics/", "/accessibility"):
        assert visit(client, path).status_code == 200
    visit(client, "/statistics/", address="198.51.100.9")
    visit(client, "/statistics/usage.csv")  # not a page
    visit(client, "/no-such-page")          # not found: not a page view
    assert totals(app) == (0, 0, 0, 0)       # nothing is written on the request path
    settle(app)
    assert totals(app) == (4, 0, 2, 2)
    with app.app_context():
        pages = dict(db.session.execute(select(UsagePageDay.path, func.sum(UsagePageDay.impressions))
                                        .group_by(UsagePageDay.path)).all())
        assert pages == {"/statistics/": 3, "/accessibility": 1}
        assert sum(db.session.scalars(select(UsageMonth.unique_browsers))) == 2


def test_a_page_from_the_page_cache_is_counted(app, client):
    first, second = visit(client, "/accessibility"), visit(client, "/accessibility")
    assert second.headers.get("X-Cache") == "hit", first.headers
    settle(app)
    assert totals(app)[0] == 2


def test_robots_are_counted_apart_and_opted_out_browsers_are_not_browsers(app, client):
    visit(client, "/statistics/", user_agent=GOOGLEBOT)
    visit(client, "/statistics/", user_agent="python-requests/2.32")
    visit(client, "/statistics/", user_agent="Mozilla/5.0 (compatible; NewSpider/0.1)")
    visit(client, "/statistics/", DNT="1")
    visit(client, "/statistics/", address="192.0.2.1", **{"Sec-GPC": "1"})
    settle(app)
    assert totals(app) == (2, 3, 0, 0)


def test_staff_views_are_not_counted(app, client):
    email = add_holder(app, Holder("usage.editor", grants=(("waste-and-recycling", "author"),)))
    sign_in(client, email, PASSWORD)
    visit(client, "/statistics/")
    visit(client, "/accessibility")
    visit(client, "/edit/usage")
    settle(app)
    assert totals(app) == (0, 0, 0, 0)


def test_a_page_view_is_never_counted_twice_after_a_crash_mid_flush(app, client):
    visit(client, "/statistics/")
    visit(client, "/accessibility")
    usage_web.flush(app)
    later = utcnow() + timedelta(minutes=3)
    folder = spool.folder(app.config["INSTANCE_PATH"])
    with app.app_context():
        aggregate.run(db.session, folder, later, app.config["TIMEZONE"])
        db.session.rollback()  # the scheduler died before its commit
        summary = aggregate.run(db.session, folder, later, app.config["TIMEZONE"])
        db.session.commit()    # ... and this time died after the commit, before deleting the file
        assert summary.hits == 2 and list(folder.iterdir())
    settle(app)
    settle(app)
    assert totals(app)[0] == 2
    assert not list(folder.iterdir())


def test_no_address_or_user_agent_is_stored_anywhere(app, client):
    visit(client, "/statistics/")
    visit(client, "/accessibility", Referer="https://www.example.org/some/path?q=my+own+name")
    usage_web.flush(app)
    folder = spool.folder(app.config["INSTANCE_PATH"])
    spooled = "".join(path.read_text() for path in folder.iterdir())
    assert spooled and ADDRESS not in spooled and "Firefox" not in spooled and "my+own+name" not in spooled
    settle(app)
    with app.app_context():
        db.engine.dispose()
    dump = "\n".join(sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")).iterdump())
    assert "example.org" in dump  # the referring domain is kept ...
    for secret in (ADDRESS, "203.0.113", FIREFOX, "Firefox", "Gecko", "my+own+name", "/some/path"):
        assert secret not in dump  # ... but nothing else about the visitor
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(UsageBrowserDay)) == 1  # a keyed hash only


@pytest.mark.parametrize("path", ["/statistics/", "/statistics/usage.csv", "/accessibility"])
def test_the_public_site_still_sets_no_cookie(client, path):
    response = visit(client, path)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_counting_can_be_turned_off(app_factory):
    app = app_factory(USAGE_COUNTING=False)
    client = app.test_client()
    visit(client, "/statistics/")
    assert usage_web.flush(app) == 0

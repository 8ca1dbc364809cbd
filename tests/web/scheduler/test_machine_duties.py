"""Page views spooled on two machines (each its own instance folder, one database) reach the figures
once each: every machine's scheduler aggregates its own spool (a machine's duty, not the leader's)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from ieg.extensions import db
from ieg.jobs import JOBS
from ieg.models import UsageDay
from ieg.usage import spool
from ieg.usage.counting import Hit
from tests.conftest import make_app

T0 = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)


def test_each_machine_aggregates_its_own_spool_once(tmp_path, database):
    assert not JOBS["usage-aggregate"].leader_only and not JOBS["clear-pending-uploads"].leader_only
    assert JOBS["send-outbox"].leader_only
    machines = [make_app(tmp_path / name, database, NODE_NAME=name) for name in ("web-1", "web-2")]
    for number, app in enumerate(machines, start=1):
        writer = spool.Spool(spool.folder(app.config["INSTANCE_PATH"]), clock=lambda: T0)
        for minute in range(3 * number):  # 3 views on web-1, 6 on web-2, by different browsers
            writer.add(Hit(T0 + timedelta(seconds=minute), "/bins", f"b{number}-{minute}", "", "desktop", ""))
        writer.flush()

    import time_machine
    with time_machine.travel(T0 + timedelta(minutes=5), tick=False):
        for app in machines * 2:  # each machine's run, then each again: nothing counted twice
            result = app.test_cli_runner().invoke(args=["ieg", "run-job", "usage-aggregate"])
            assert result.exit_code == 0, result.output
    with machines[0].app_context():
        day = db.session.get(UsageDay, date(2026, 3, 10))
        assert (day.impressions, day.unique_browsers) == (9, 9)
    for app in machines:
        assert not any(spool.folder(app.config["INSTANCE_PATH"]).iterdir())

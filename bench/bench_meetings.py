"""/meetings.ics over ten years of meetings (about 4,000) on SQLite: the whole diary served in
<= 50 ms warm.

Run: .venv/bin/python bench/bench_meetings.py [--meetings 4000] [--runs 20]

Builds a database through the migrations in a temporary folder (deleted at the end): 8
committees and `--meetings` meetings spread over ten years, a few cancelled or moved, inserted
in bulk. Then it requests /meetings.ics through the real app (Flask's test client, no network):
cold (the body built: one query, every event made by `icalendar`), warm (median and worst of
--runs: the body kept per process, keyed on the meetings' last change, checked by one query),
and again after one meeting changes (built afresh once, then warm). It checks the feed parses
and holds every meeting.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/: --database)

START = datetime(2017, 1, 9, 18, 30, tzinfo=timezone.utc)


def build(app, count: int) -> None:
    from ieg.extensions import db
    from ieg.models import Committee, Meeting

    with app.app_context():
        committees = [Committee(slug=f"committee-{n}", name=f"Committee {n}", description="", updated_at=START)
                      for n in range(8)]
        db.session.add_all(committees)
        db.session.flush()
        step = timedelta(days=3650 / count)
        rows = [{"committee_id": committees[n % 8].id, "starts_at": START + step * n,
                 "ends_at": START + step * n + timedelta(hours=2), "place": "Council Chamber, Council Offices",
                 "remote_url": "", "status": "cancelled" if n % 97 == 0 else "moved" if n % 89 == 0 else "scheduled",
                 "status_note": "", "key_decision": n % 7 == 0, "sequence": n % 3, "created_at": START,
                 "updated_at": START + step * n} for n in range(count)]
        db.session.execute(Meeting.__table__.insert(), rows)
        db.session.commit()


def timed(client, path: str) -> tuple[float, bytes]:
    began = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed, response.data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=20)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)

    import icalendar
    from flask_migrate import upgrade

    from ieg.democracy import feeds
    from ieg.factory import create_app

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-meetings-"))
    try:
        app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
        build(app, args.meetings)
        client = app.test_client()
        feeds.clear()
        cold, body = timed(client, "/meetings.ics")
        events = icalendar.Calendar.from_ical(body).walk("VEVENT")
        assert len(events) == args.meetings, len(events)
        warm = [timed(client, "/meetings.ics")[0] for _ in range(args.runs)]
        with app.app_context():
            from ieg.extensions import db
            from ieg.models import Meeting
            meeting = db.session.get(Meeting, 1)
            meeting.sequence += 1
            meeting.updated_at = datetime.now(timezone.utc)
            db.session.commit()
        changed, _ = timed(client, "/meetings.ics")
        after = [timed(client, "/meetings.ics")[0] for _ in range(args.runs)]
        print(f"/meetings.ics, {args.meetings:,} meetings over ten years, {len(body) / 1024:,.0f} KB")
        print(f"  cold (body built):           {cold:7.1f} ms")
        print(f"  warm (median of {args.runs}):        {statistics.median(warm):7.1f} ms   worst {max(warm):.1f} ms")
        print(f"  after a change (rebuilt):    {changed:7.1f} ms")
        print(f"  warm again (median):         {statistics.median(after):7.1f} ms")
        print(f"  target: warm <= 50 ms: {'met' if statistics.median(warm) <= 50 else 'NOT met'}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

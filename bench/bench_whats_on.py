"""What's on with the demo's events (about 250 over three months, a fifth of them repeating): the
time of /whats-on/ (the next 7 days), a filtered list, an event's page and a category's .ics, and
how long the demo loader takes. Figures only: no pass or fail.

Run: .venv/bin/python bench/bench_whats_on.py [--runs 20]

Builds a database through the migrations in a temporary folder (deleted at the end) with 17 wards
and the Libraries and Leisure sections, loads ieg/demo/whats_on.py (timed), then requests the pages through the real app
(Flask's test client, no network): the first request, then the median and worst of --runs.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/: --database)


def timed(client, path: str) -> tuple[float, bytes]:
    began = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed, response.data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)

    import icalendar
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from ieg.demo import whats_on as demo_whats_on
    from ieg.extensions import db
    from ieg.factory import create_app
    from ieg.models import DirectoryCategory, Event, Section, Ward
    from ieg.timeutil import utcnow

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-whats-on-"))
    try:
        app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"))
            db.session.add_all([Ward(code=f"E050091{n:02d}", name=f"Ward {n}") for n in range(17)])
            db.session.add_all([Section(slug="libraries", title="Libraries"),
                                Section(slug="leisure-and-culture", title="Leisure and culture")])
            db.session.commit()
            began = time.perf_counter()
            demo_whats_on.load(db.session, utcnow())
            db.session.commit()
            loading = (time.perf_counter() - began) * 1000
            events = db.session.scalar(select(func.count(Event.id)))
            repeating = db.session.scalar(select(func.count(Event.id)).where(Event.rrule != ""))
            category = db.session.scalar(select(DirectoryCategory.slug).where(
                DirectoryCategory.slug == "sport-and-leisure"))
            event_id = db.session.scalar(select(Event.id).where(Event.rrule != "").limit(1))
        client = app.test_client()
        paths = {"/whats-on/ (next 7 days)": "/whats-on/",
                 "/whats-on/ by category, 3 months": f"/whats-on/?when=range&category={category}"
                                                     "&from-day=1&from-month=1&from-year=2027"
                                                     "&to-day=31&to-month=3&to-year=2027",
                 "an event's page": f"/whats-on/events/{event_id}",
                 f"/whats-on/categories/{category}.ics": f"/whats-on/categories/{category}.ics",
                 "/whats-on/events.ics (all)": "/whats-on/events.ics"}
        print(f"What's on: {events} events ({repeating} repeating); demo loader {loading:,.0f} ms")
        for label, path in paths.items():
            first, body = timed(client, path)
            if path.endswith(".ics"):
                found = len(icalendar.Calendar.from_ical(body).walk("VEVENT"))
                label = f"{label} ({found} VEVENTs, {len(body) / 1024:,.0f} KB)"
            runs = [timed(client, path)[0] for _ in range(args.runs)]
            print(f"  {label}\n    first {first:7.1f} ms   median of {args.runs} {statistics.median(runs):7.1f} ms"
                  f"   worst {max(runs):7.1f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Website usage at a county's scale (R26).

1. Aggregation: the scheduler's `usage-aggregate` job over spool files as a county's web workers
   would leave them (10 million page views a month: about 230 a minute on average, three times
   that at the day's peak, from a pool of returning browsers), one run per minute of traffic as
   the scheduler runs it. It must take well under a minute per minute of traffic, or it falls
   behind; the year's figure is the measured cost per hit times 120 million hits.
2. The statistics pages, warm, over three years of aggregates at that scale (1,000 pages a day
   each with its row): /statistics/, its CSV, /edit/usage, a section's pages, channel take-up and
   R26's outcome page. Target: <= 200 ms each (median of warm requests).

Run: .venv/bin/python bench/bench_usage.py [--minutes 60] [--requests 15]
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/: --database)

MONTHLY = 10_000_000
PAGES = 1_000
SECTIONS = 40
YEARS = 3
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def make_app(folder: Path):
    from flask_migrate import upgrade

    from ieg.factory import create_app

    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
    with app.app_context():
        upgrade()
    return app


def paths() -> list[str]:
    return [f"/section-{i % SECTIONS}/page-{i}" for i in range(PAGES)]


def bench_aggregation(minutes: int) -> None:
    from ieg.extensions import db
    from ieg.usage import aggregate, spool
    from ieg.usage.counting import Hit, browser_hash

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-usage-"))
    app = make_app(folder)
    rng = random.Random(7)
    peak = int(3 * MONTHLY / (30 * 24 * 60))  # hits a minute at the day's peak
    every_path = paths()
    weights = [1 / (1 + i) ** 0.8 for i in range(PAGES)]
    browsers = [browser_hash("s" * 64, f"10.{i // 65536}.{i // 256 % 256}.{i % 256}", UA) for i in range(60_000)]
    start = datetime(2026, 3, 10, 11, 0, tzinfo=timezone.utc)
    root = spool.folder(str(folder))
    run_times, hits_total = [], 0
    with app.app_context():
        for minute in range(minutes):
            at = start + timedelta(minutes=minute)
            writer = spool.Spool(root, clock=lambda at=at: at)
            chosen = rng.choices(every_path, weights, k=peak)
            for second, path in enumerate(chosen):
                moment = at + timedelta(seconds=60 * second / peak)
                robot = "listed" if rng.random() < 0.25 else ""
                writer.add(Hit(moment, path, "" if robot else rng.choice(browsers), robot,
                               "" if robot else "mobile", "google.com" if rng.random() < 0.5 else ""))
            writer.flush()
            began = time.perf_counter()
            summary = aggregate.run(db.session, root, at + timedelta(minutes=2, seconds=1), "Europe/London")
            db.session.commit()
            for done in summary.done:
                done.unlink()
            run_times.append(time.perf_counter() - began)
            hits_total += summary.hits
        db.engine.dispose()
    per_hit = sum(run_times) / max(hits_total, 1)
    print(f"aggregation: {minutes} runs of one minute's spool at a county's peak ({peak} hits a minute, "
          f"10 million a month on average, a quarter of them robots)")
    print(f"  per run: median {1000 * statistics.median(run_times):.0f} ms, slowest {1000 * max(run_times):.0f} ms "
          f"(of the 60,000 ms before the next run): {100 * statistics.median(run_times) / 60:.2f}% of the time")
    print(f"  per hit: {1e6 * per_hit:.0f} us; a year of 120 million hits: {per_hit * 120e6 / 3600:.1f} hours of "
          f"the scheduler's time ({100 * per_hit * 120e6 / (365 * 24 * 3600):.2f}% of the year)")
    shutil.rmtree(folder, ignore_errors=True)


def load_years(app) -> str:
    """Three years of aggregates at a county's scale; returns a section's slug."""
    from ieg.extensions import db
    from ieg.models import Section, UsageDay, UsageDimensionDay, UsageMonth, UsagePageDay

    rng = random.Random(3)
    every_path = paths()
    daily = MONTHLY // 30
    today = date.today()
    first = today - timedelta(days=365 * YEARS)
    with app.app_context():
        connection = db.session.connection()
        for i in range(SECTIONS):
            db.session.add(Section(slug=f"section-{i}", title=f"Section {i}"))
        db.session.flush()
        months: dict[str, int] = {}
        for offset in range(365 * YEARS):
            day = first + timedelta(days=offset)
            rows = [{"day": day, "path": path, "section": path.split("/")[1],
                     "impressions": int(daily / PAGES * rng.uniform(0.2, 1.8))} for path in every_path]
            connection.execute(UsagePageDay.__table__.insert(), rows)
            total = sum(row["impressions"] for row in rows)
            connection.execute(UsageDay.__table__.insert(), [{
                "day": day, "impressions": total, "robot_impressions": total // 4, "unique_browsers": total // 3,
                "visits": total // 2, "long_visits": total // 5, "long_visit_seconds": total // 5 * 190}])
            connection.execute(UsageDimensionDay.__table__.insert(), [
                {"day": day, "dimension": "entry", "value": path, "count": 100} for path in every_path[:50]] + [
                {"day": day, "dimension": "referrer", "value": f"site-{i}.example", "count": 50} for i in range(30)] + [
                {"day": day, "dimension": "section", "value": f"section-{i}", "count": total // SECTIONS}
                for i in range(SECTIONS)])
            months[f"{day:%Y-%m}"] = months.get(f"{day:%Y-%m}", 0) + total // 3
        connection.execute(UsageMonth.__table__.insert(), [{"month": m, "unique_browsers": n // 2}
                                                           for m, n in months.items()])
        db.session.commit()
        count = db.session.query(UsagePageDay).count()
    print(f"  loaded {YEARS} years of aggregates: {count:,} page-day rows")
    return "section-3"


def bench_pages(requests: int) -> None:
    from ieg.extensions import db
    from ieg.models import User
    from ieg.people.accounts import create_user

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-usage-pages-"))
    app = make_app(folder)
    print(f"statistics pages over {YEARS} years of aggregates ({PAGES:,} pages, {MONTHLY:,} page views a month)")
    slug = load_years(app)
    with app.app_context():
        create_user(db.session, email="bench@example.gov.uk", name="Bench", password="bench-password-2026",
                    roles=("auditor",))
        from ieg.models import SignInPolicy
        policy = db.session.get(SignInPolicy, 1) or SignInPolicy(id=1)
        policy.two_factor_roles = []
        db.session.add(policy)
        db.session.commit()
        assert db.session.query(User).count() == 1
    public = app.test_client()
    staff = app.test_client()
    page = staff.get("/login")
    import re
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    signed = staff.post("/login", data={"email": "bench@example.gov.uk", "password": "bench-password-2026",
                                        "csrf_token": token})
    assert signed.status_code == 302, signed.status_code
    print(f"{'page':<34} {'median ms':>10} {'p95 ms':>8}")
    for client, path in ((public, "/statistics/"), (public, "/statistics/usage.csv"), (staff, "/edit/usage"),
                         (staff, f"/edit/usage/{slug}"), (staff, "/staff/channel-take-up"),
                         (staff, "/evidence/outcomes/R26")):
        assert client.get(path, headers={"User-Agent": UA}).status_code == 200, path  # warm
        times = []
        for _ in range(requests):
            began = time.perf_counter()
            response = client.get(path, headers={"User-Agent": UA})
            times.append(1000 * (time.perf_counter() - began))
            assert response.status_code == 200
        times.sort()
        print(f"{path:<34} {statistics.median(times):10.0f} {times[int(0.95 * (len(times) - 1))]:8.0f}")
    print("target: <= 200 ms warm")
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--requests", type=int, default=15)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)
    bench_aggregation(args.minutes)
    bench_pages(args.requests)


if __name__ == "__main__":
    main()

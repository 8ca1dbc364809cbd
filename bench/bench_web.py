"""Page latency and sign-in cost on the demo council, in process (no network).

Run: make bench   (or .venv/bin/python bench/bench_web.py [--requests N])
Prints p50/p95/max per page and requests per second on one core; no pass or fail.
Figures guide later work: the CMS page cache must keep anonymous views
well under the uncached figures here.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import databases  # noqa: E402  (bench/: --database)

from flask_migrate import upgrade  # noqa: E402

from ieg import demo
from ieg.factory import create_app  # noqa: E402
from ieg.extensions import db  # noqa: E402

PUBLIC = ["/", "/login", "/accessibility", "/waste-and-recycling/", "/healthz", "/no-such-page/"]
STAFF = [("admin@ashdown.example.gov.uk", ["/admin/", "/admin/users/1", "/account/"]),
         ("auditor@ashdown.example.gov.uk", ["/evidence/"]),
         ("waste.author@ashdown.example.gov.uk", ["/edit/"])]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed(call, n: int) -> list[float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return times


def row(label: str, times: list[float]) -> str:
    return (f"{label:<34} {statistics.median(times):8.2f} {percentile(times, 0.95):8.2f} {max(times):8.2f} "
            f"{1000 / statistics.mean(times):9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500, help="requests per page")
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-"))
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
    with app.app_context():
        upgrade()
        demo.load(db.session)
        db.session.commit()

    print(f"IEG web benchmark: {args.requests} requests per page, SQLite (WAL), Flask test client, one thread")
    print(f"{'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'req/s':>9}")
    client = app.test_client()
    for path in PUBLIC:
        client.get(path)  # warm templates
        print(row(f"GET {path}", timed(lambda: client.get(path), args.requests)))
    for email, paths in STAFF:
        staff = app.test_client()
        page = staff.get("/login")
        token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
        staff.post("/login", data={"email": email, "password": demo.DEMO_PASSWORD, "csrf_token": token})
        for path in paths:
            staff.get(path)
            print(row(f"GET {path} (signed in)", timed(lambda: staff.get(path), args.requests)))

    def sign_in_once():
        c = app.test_client()
        t = c.get("/login").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
        response = c.post("/login", data={"email": "officer@ashdown.example.gov.uk",
                                          "password": demo.DEMO_PASSWORD, "csrf_token": t})
        assert response.status_code == 302
    print(row("sign in (GET form + POST, scrypt)", timed(sign_in_once, 20)))


if __name__ == "__main__":
    main()

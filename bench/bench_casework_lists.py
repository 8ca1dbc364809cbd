"""The staff lists (/staff/enquiries, /staff/customers) and their CSV over 1,000,000 enquiries
and 50,000 customers on SQLite: what a page of each list costs as filters change, for a
contact agent (every enquiry) and an officer (one service's), and how fast a CSV streams.

Run: .venv/bin/python bench/bench_casework_lists.py [--enquiries 1000000] [--runs 5]

Builds the database bench_reports.py builds (ten services, 14 months, every channel) in a
temporary folder, deleted at the end; then times `ieg.casework.lists` exactly as the views
call it: a page is the count, the 50 rows with their customer, case type, service and
officer, and which of them missed a standard. Cold (a new connection: SQLite's page cache
empty) and the warm median of --runs; SQLite's plans for the cold run's statements.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/: --database)

from bench.bench_reports import NOW, ZONE, build, timed  # noqa: E402


def viewer(roles: set[str], section_id: int | None = None, user_id: int | None = None):
    return SimpleNamespace(is_authenticated=True, is_active=True, role_names=frozenset(roles), id=user_id,
                           casework_section_id=section_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enquiries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--plans", action="store_true", help="print SQLite's query plans")
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)

    from datetime import date

    from flask_migrate import upgrade

    from ieg.factory import create_app
    from ieg.casework import lists
    from ieg.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-lists-"))
    try:
        app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": databases.url(folder, "ieg.sqlite3")})
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            built = build(db.engine, args.enquiries)
            print(f"built {built['enquiries']:,} enquiries and 50,000 customers in {time.perf_counter() - began:.1f} s")
            agent, officer = viewer({"contact_agent"}), viewer({"officer"}, section_id=3, user_id=999)
            month = dict(received_from=date(2026, 10, 1), received_to=date(2026, 10, 31))
            cases = [
                ("enquiries, newest first", agent, lists.EnquiryFilter()),
                ("closed email, oldest first", agent, lists.EnquiryFilter(statuses=("closed",), channel="email",
                                                                         sort="oldest")),
                ("missed a standard", agent, lists.EnquiryFilter(breached=True)),
                ("open, resolution due soonest", agent, lists.EnquiryFilter(statuses=("open",), sort="due")),
                ("October 2026", agent, lists.EnquiryFilter(**month)),
                ("unassigned, one service", agent, lists.EnquiryFilter(officer=lists.NOBODY, section_id=3)),
                ("officer: their service, newest", officer, lists.EnquiryFilter()),
                ("officer: missed a standard", officer, lists.EnquiryFilter(breached=True)),
            ]
            print(f"{'one page of 50 (count, rows, missed)':45} {'cold':>8} {'warm':>8} {'rows':>10}")
            for name, who, flt in cases:
                def run(who=who, flt=flt):
                    return lists.enquiries(db.session, flt, who, NOW, ZONE)
                cold, warm, plans = timed(db.engine, run, args.runs)
                found = run()
                print(f"{name:45} {cold * 1000:6.0f} ms {statistics.median(warm) * 1000:6.0f} ms "
                      f"{found.window.total:>10,}")
                for line in plans if args.plans else ():
                    print(f"  plan: {line}")
            last = lists.enquiries(db.session, lists.EnquiryFilter(), agent, NOW, ZONE).window.pages

            def deep():
                return lists.enquiries(db.session, lists.EnquiryFilter(), agent, NOW, ZONE, page=last)
            cold, warm, _ = timed(db.engine, deep, args.runs)
            print(f"{f'the last page ({last:,})':45} {cold * 1000:6.0f} ms {statistics.median(warm) * 1000:6.0f} ms")

            for name, flt in (("customers by name", lists.CustomerFilter("Resident 4242")),
                              ("customers by email", lists.CustomerFilter("resident4242@example")),
                              ("customers, all by name", lists.CustomerFilter()),
                              ("customers, most recent enquiry first", lists.CustomerFilter(sort="recent"))):
                def run(flt=flt):
                    return lists.customers(db.session, flt, agent)
                cold, warm, _ = timed(db.engine, run, args.runs)
                print(f"{name:45} {cold * 1000:6.0f} ms {statistics.median(warm) * 1000:6.0f} ms "
                      f"{run().window.total:>10,}")

            for name, flt in (("CSV: October 2026", lists.EnquiryFilter(**month)),
                              ("CSV: every enquiry", lists.EnquiryFilter())):
                began = time.perf_counter()
                size = sum(len(piece) for piece in lists.csv_chunks(
                    lists.ENQUIRY_COLUMNS, lists.stream(db.engine, lists.enquiry_export(flt, agent, NOW, ZONE))))
                seconds = time.perf_counter() - began
                rows = lists.count_enquiries(db.session, flt, agent, NOW, ZONE)
                print(f"{name:45} {seconds:6.1f} s   {rows:,} rows, {rows / seconds:,.0f} rows/s, "
                      f"{size / 2**20:.0f} MiB")
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

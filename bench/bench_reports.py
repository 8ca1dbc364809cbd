"""The R29 and R28 reports over 1,000,000 enquiries on SQLite (the monthly R29
report in <= 1 s, SQL aggregation with no per-row Python).

Run: make bench   (or .venv/bin/python bench/bench_reports.py [--enquiries 1000000] [--runs 5])

Builds a database through the migrations in a temporary folder (deleted at the end): ten
services, 14 months of enquiries on every channel (about 30% email, 35% web forms), 5%
excluded, about 85% answered (some after their deadline), and an acknowledgement (an
enquiry_events row and its outbox message) for each web and email enquiry. Deadlines are
the real calendar's (`standards.deadlines`) for 20,000 sampled receipt times, which the rows
reuse: only the report queries are measured, not the build. Rows are inserted in the order
they were received, as in a real database (ids rise with time).
Rows go in with the DBAPI's executemany in batches, in the storage format SQLAlchemy uses.

Then it times, through `ieg.evidence.reports` exactly as the pages call it, the default
period (the last 12 full months and this month): the R29 report cold (a new connection:
SQLite's page cache empty; the OS's file cache is not dropped on a shared machine) and warm
(median of --runs), the R28 report likewise, and prints rows/s and SQLite's query plans.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, time as clock, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ZONE = "Europe/London"
LONDON = ZoneInfo(ZONE)
UTC = timezone.utc
TODAY = date(2026, 11, 20)
NOW = datetime.combine(TODAY, clock(12), LONDON).astimezone(UTC)
FIRST = date(2025, 10, 1)  # 14 months: October 2025 to November 2026
SERVICES = 10
SAMPLES = 20_000
BATCH = 20_000
REPLY_FRACTIONS = (0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.2, 1.5)  # of the time to the deadline
ACK_SECONDS = (20, 45, 90, 300, 600, 1200)
CHANNELS = (("email", 30), ("web", 35), ("phone", 20), ("face_to_face", 5), ("letter", 5), ("api", 5))


def build(engine, count: int, seed: int = 6) -> dict:
    """Sections, case types, a customer pool and `count` enquiries with acknowledgements."""
    from sqlalchemy.dialects.sqlite import DATETIME

    from ieg.casework import standards
    from ieg.extensions import db

    rng = random.Random(seed)
    stamp = DATETIME().bind_processor(engine.dialect)  # the text SQLAlchemy stores for a datetime

    def iso(value: datetime | None) -> str | None:
        return None if value is None else stamp(value.astimezone(UTC).replace(tzinfo=None))

    version = standards.current(db.session)
    calendar = standards.calendar_for(version, ZONE)
    start = datetime.combine(FIRST, clock(), LONDON).astimezone(UTC)
    minutes = int((NOW - start).total_seconds() // 60)
    # Each sampled receipt, with everything a row needs already as stored text: the deadlines,
    # replies at several fractions of the working day (beyond 1: breaches) and acknowledgement
    # send times, so the million rows cost tuple-building, not date arithmetic.
    samples = []
    for _ in range(SAMPLES):
        received = start + timedelta(minutes=rng.randrange(minutes), seconds=rng.randrange(60))
        due = standards.deadlines(version, calendar, received, 10)
        replies = [received + (due.response - received) * fraction for fraction in REPLY_FRACTIONS]
        samples.append((iso(received), received.astimezone(LONDON).strftime("%Y-%m"), iso(due.acknowledgement),
                        iso(due.response), iso(due.resolution),
                        [iso(reply) if reply <= NOW else None for reply in replies],
                        [iso(received + timedelta(seconds=seconds)) for seconds in ACK_SECONDS]))

    raw = engine.raw_connection()
    cursor = raw.cursor()
    # For the build only: the rows are consistent by construction, and a large page cache
    # keeps the randomly ordered indexes from thrashing.
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.execute("PRAGMA cache_size=-1000000")
    created = iso(NOW)
    cursor.executemany("INSERT INTO sections (id, slug, title, summary, lgnl_heading, contact_email, contact_phone, "
                       "contact_address, sort_order, created_at, updated_at) VALUES (?, ?, ?, '', '', '', '', '', ?, "
                       "?, ?)", [(i, f"service-{i}", f"Service {i}", i, created, created) for i in range(1, SERVICES + 1)])
    cursor.executemany("INSERT INTO case_types (id, slug, name, section_id, outcome_refs, resolution_days, active) "
                       "VALUES (?, ?, ?, ?, '[]', 10, 1)", [(i, f"type-{i}", f"Type {i}", i) for i in range(1, SERVICES + 1)])
    customers = 50_000
    cursor.executemany("INSERT INTO customers (id, name, email, address, created_at, updated_at) "
                       "VALUES (?, ?, ?, '', ?, ?)",
                       [(i, f"Resident {i}", f"resident{i}@example.com", created, created) for i in range(1, customers + 1)])

    channels = [name for name, weight in CHANNELS for _ in range(weight)]
    enquiry_sql = (
        "INSERT INTO enquiries (id, reference, channel, customer_id, case_type_id, subject, description, location, "
        "answers, status, received_at, taken_in_at, resolved_at_first_contact, standards_version_id, received_month, "
        "acknowledgement_due_at, response_due_at, first_response_at, first_response_kind, resolution_due_at, "
        "paused_minutes, excluded_reason, excluded_note, breach_reason, section_id, contact_address, "
        "acknowledged_at, acknowledged_with_reference) "
        "VALUES (?, ?, ?, ?, ?, 'Bench', '', '', '{}', ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, 0, ?, '', '', ?, '', ?, ?)")
    outbox_sql = ("INSERT INTO outbox_messages (id, to_address, subject, body_text, headers, message_id, purpose, "
                  "status, attempts, next_attempt_at, last_error, created_at, sent_at) "
                  "VALUES (?, 'resident@example.com', ?, 'Thank you', '{}', ?, 'acknowledgement', ?, 1, ?, '', ?, ?)")
    event_sql = ("INSERT INTO enquiry_events (id, enquiry_id, kind, public, body, outbox_message_id, at) "
                 "VALUES (?, ?, 'acknowledged', 1, '', ?, ?)")
    reasons = ("spam", "duplicate", "misdirected", "auto_reply")
    acknowledgements = 0
    # Enquiries arrive in time order, so ids (and their events' and messages' ids) rise with
    # received_at, as they do in a real database: rows of one month sit together.
    samples.sort(key=lambda sample: sample[0])
    picks = sorted(rng.randrange(SAMPLES) for _ in range(count))
    for first in range(1, count + 1, BATCH):
        enquiries, messages, events = [], [], []
        for number in range(first, min(first + BATCH, count + 1)):
            received, month, ack_due, response_due, resolution_due, replies, acks = samples[picks[number - 1]]
            channel = channels[rng.randrange(100)]
            reference = f"ENQ-{number // 10000:04d}-{number % 10000:04d}-B"
            reply = replies[rng.randrange(len(replies))] if rng.random() < 0.85 else None
            excluded = reasons[rng.randrange(4)] if rng.random() < 0.05 else None
            kind = rng.randrange(1, SERVICES + 1)  # its service is the case type's, as open_enquiry sets it
            sent, carried = None, 0
            if channel in ("web", "email"):
                acknowledgements += 1
                sent = acks[rng.randrange(len(acks))]
                carried = int(rng.random() < 0.97)
                subject = f"Your enquiry {reference}" if carried else "We have your enquiry"
                messages.append((acknowledgements, subject, f"<ack-{acknowledgements}@bench>", "sent", sent,
                                 received, sent))
                events.append((acknowledgements, number, acknowledgements, received))
            # What the outbox stores on the enquiry when it sends the acknowledgement (R28).
            enquiries.append((number, reference, channel, rng.randrange(1, customers + 1), kind,
                              "closed" if reply else "open", received, received, version.id, month, ack_due,
                              response_due, reply, "email" if reply else "", resolution_due, excluded, kind,
                              sent, carried))
        cursor.executemany(enquiry_sql, enquiries)
        cursor.executemany(outbox_sql, messages)
        cursor.executemany(event_sql, events)
    raw.commit()
    raw.close()
    return {"enquiries": count, "acknowledgements": acknowledgements}


def timed(engine, run, runs: int) -> tuple[float, list[float], list[str]]:
    """Cold (a new connection: SQLite's page cache empty), then `runs` warm runs; and
    SQLite's plan for each statement the cold run sent."""
    from sqlalchemy import event

    from ieg.extensions import db

    db.session.remove()
    engine.dispose()
    seen = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "FROM enquiries" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        began = time.perf_counter()
        run()
        cold = time.perf_counter() - began
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    warm = []
    for _ in range(runs):
        began = time.perf_counter()
        run()
        warm.append(time.perf_counter() - began)
    plans = []
    raw = engine.raw_connection()
    for statement, parameters in seen:
        plans.append(" ".join(statement.split())[:150] + " ...")
        plans.extend(f"  {row[-1]}" for row in raw.cursor().execute("EXPLAIN QUERY PLAN " + statement, parameters))
    raw.close()
    return cold, warm, plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enquiries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from ieg.factory import create_app
    from ieg.evidence import reports
    from ieg.extensions import db
    from ieg.models import Enquiry

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-reports-"))
    try:
        app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'ieg.sqlite3'}"})
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            built = build(db.engine, args.enquiries)
            build_seconds = time.perf_counter() - began
            size = (folder / "ieg.sqlite3").stat().st_size + sum(
                path.stat().st_size for path in folder.glob("ieg.sqlite3-*"))
            print(f"built {built['enquiries']:,} enquiries and {built['acknowledgements']:,} acknowledgements "
                  f"in {build_seconds:.1f} s ({size / 2**20:.0f} MiB)")

            period = reports.default_period(TODAY)
            start, end = period.bounds(ZONE)
            in_period = db.session.scalar(select(func.count()).select_from(Enquiry).where(
                Enquiry.received_at >= start, Enquiry.received_at < end))
            email = db.session.scalar(select(func.count()).select_from(Enquiry).where(
                Enquiry.channel == "email", Enquiry.received_at >= start, Enquiry.received_at < end))
            print(f"period {period.start} to {period.end} ({len(period.months)} months): {in_period:,} enquiries, "
                  f"{email:,} by email, {in_period - email:,} on other channels")

            def r29():
                return reports.r29(db.session, period, NOW, ZONE)

            def r28():
                return reports.r28(db.session, period, NOW, ZONE)

            # R28 joins each enquiry to its acknowledgement (three lookups a row): fewer warm runs.
            for name, run, runs in (("R29", r29, args.runs), ("R28", r28, min(args.runs, 2))):
                cold, warm, plans = timed(db.engine, run, runs)
                median = statistics.median(warm)
                report = run()
                total = report.total
                rows = email if name == "R29" else total.received
                print(f"{name} monthly report: cold {cold * 1000:.0f} ms, warm median {median * 1000:.0f} ms "
                      f"(min {min(warm) * 1000:.0f}, max {max(warm) * 1000:.0f}, {runs} runs); "
                      f"{rows / median:,.0f} enquiries/s; {len(report.rows)} month x service rows")
                if name == "R29":
                    print(f"  R29 figures: received {total.received:,}, excluded {total.excluded_total:,}, in time "
                          f"{total.in_time:,}, breached {total.breached:,}, pending {total.pending:,}: "
                          f"{total.percent_in_time}% in time")
                    print(f"  target <= 1 s (warm median): {'met' if median <= 1.0 else 'NOT met'}")
                else:
                    print(f"  R28 figures: received {total.received:,}, acknowledged {total.acknowledged:,}, with the "
                          f"reference {total.with_reference:,} ({total.percent_with_reference}%), median "
                          f"{reports.duration_text(total.median)}, 95th percentile {reports.duration_text(total.p95)}")
                for line in plans:
                    print(f"  plan: {line}")
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

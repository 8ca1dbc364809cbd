"""The R29 and R28 reports over 1,000,000 enquiries, on SQLite and PostgreSQL (targets, warm:
R29 <= 150 ms, R28 <= 300 ms on both).

Run: make bench   (or .venv/bin/python bench/bench_reports.py [--enquiries 1000000] [--runs 5]
                   [--database sqlite|postgresql|both]; bench/databases.py)

Builds a database through the migrations (in a temporary folder, or a throwaway PostgreSQL;
deleted at the end): ten services, 14 months of enquiries on every channel (about 30% email,
35% web forms), 5% excluded, about 85% answered (some after their deadline), and an
acknowledgement (an enquiry_events row and its outbox message) for each web and email enquiry,
with what the outbox stores on the enquiry when it is sent (R28's facts and latency).
Deadlines are the real calendar's (`standards.deadlines`) for 20,000 sampled receipt times,
which the rows reuse: only the report queries are measured, not the build. Rows are inserted
in the order they were received, as in a real database (ids rise with time), by each
database's fast path: executemany on SQLite, COPY on PostgreSQL (then VACUUM ANALYZE, as
autovacuum would after such a load).

Then it times, through `ieg.evidence.reports` exactly as the pages call it, the default
period (the last 12 full months and this month): each report cold (a new connection: SQLite's
page cache empty; PostgreSQL's shared buffers and the OS's file cache are not dropped on a
shared machine) and warm (median of --runs), and prints rows/s and the query plans.
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

import databases  # noqa: E402  (bench/)

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


class _Writer:
    """Rows into the benchmark's database by its fast path: SQLite's executemany in the text
    SQLAlchemy stores for a datetime; PostgreSQL's COPY (foreign-key triggers off for the load:
    the rows are consistent by construction)."""

    def __init__(self, engine):
        from sqlalchemy.dialects.sqlite import DATETIME

        self.postgresql = engine.dialect.name == "postgresql"
        self.raw = engine.raw_connection()
        self.cursor = self.raw.cursor()
        if self.postgresql:
            self.cursor.execute("SET session_replication_role = replica")
        else:
            stamp = DATETIME().bind_processor(engine.dialect)
            self.stamp = lambda value: stamp(value)
            # A large page cache keeps the randomly ordered indexes from thrashing.
            self.cursor.execute("PRAGMA foreign_keys=OFF")
            self.cursor.execute("PRAGMA cache_size=-1000000")

    def time(self, value: datetime | None):
        if value is None:
            return None
        value = value.astimezone(UTC).replace(tzinfo=None)
        return value if self.postgresql else self.stamp(value)

    def flag(self, value: bool):
        return bool(value) if self.postgresql else int(value)

    def scalar(self, sql: str):
        self.cursor.execute(sql)
        return self.cursor.fetchone()[0]

    def write(self, table: str, columns: str, rows: list[tuple]) -> None:
        if self.postgresql:
            with self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns.split(","))
            self.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)

    def finish(self) -> None:
        self.raw.commit()
        if self.postgresql:  # what autovacuum does after a load: statistics, and the visibility map
            self.raw.driver_connection.autocommit = True  # that index-only scans need
            self.cursor.execute("VACUUM ANALYZE")
        self.raw.close()


def build(engine, count: int, seed: int = 6) -> dict:
    """Sections, case types, a customer pool and `count` enquiries with acknowledgements."""
    from ieg.casework import standards
    from ieg.casework.enquiries import acknowledgement_latency
    from ieg.extensions import db

    rng = random.Random(seed)
    out = _Writer(engine)
    version = standards.current(db.session)
    calendar = standards.calendar_for(version, ZONE)
    db.session.rollback()
    start = datetime.combine(FIRST, clock(), LONDON).astimezone(UTC)
    minutes = int((NOW - start).total_seconds() // 60)
    # Each sampled receipt, with everything a row needs already as stored values: the deadlines,
    # replies at several fractions of the working day (beyond 1: breaches) and acknowledgement
    # send times with their latencies, so the million rows cost tuple-building, not date arithmetic.
    samples = []
    for _ in range(SAMPLES):
        received = start + timedelta(minutes=rng.randrange(minutes), seconds=rng.randrange(60))
        due = standards.deadlines(version, calendar, received, 10)
        replies = [received + (due.response - received) * fraction for fraction in REPLY_FRACTIONS]
        acks = [received + timedelta(seconds=seconds) for seconds in ACK_SECONDS]
        samples.append((out.time(received), received.astimezone(LONDON).strftime("%Y-%m"),
                        out.time(due.acknowledgement), out.time(due.response), out.time(due.resolution),
                        [out.time(reply) if reply <= NOW else None for reply in replies],
                        [(out.time(ack), *acknowledgement_latency(received, ack)) for ack in acks]))

    created = out.time(NOW)
    # The migrations make sections of their own (the directory's, News): the services follow them.
    base = out.scalar("SELECT coalesce(max(id), 0) FROM sections")
    out.write("sections", "id, slug, title, summary, lgnl_heading, contact_email, contact_phone, contact_address, "
              "sort_order, created_at, updated_at",
              [(base + i, f"service-{i}", f"Service {i}", "", "", "", "", "", i, created, created)
               for i in range(1, SERVICES + 1)])
    out.write("case_types", "id, slug, name, section_id, outcome_refs, resolution_days, active",
              [(i, f"type-{i}", f"Type {i}", base + i, "[]", 10, out.flag(True)) for i in range(1, SERVICES + 1)])
    customers = 50_000
    out.write("customers", "id, name, email, address, created_at, updated_at",
              [(i, f"Resident {i}", f"resident{i}@example.com", "", created, created)
               for i in range(1, customers + 1)])

    channels = [name for name, weight in CHANNELS for _ in range(weight)]
    enquiry_columns = (
        "id, reference, channel, customer_id, case_type_id, subject, description, location, answers, status, "
        "received_at, taken_in_at, resolved_at_first_contact, standards_version_id, received_month, "
        "acknowledgement_due_at, response_due_at, first_response_at, first_response_kind, resolution_due_at, "
        "paused_minutes, excluded_reason, excluded_note, breach_reason, section_id, contact_address, "
        "acknowledged_at, acknowledged_with_reference, acknowledgement_microseconds, acknowledgement_seconds")
    outbox_columns = ("id, to_address, subject, body_text, headers, message_id, purpose, status, attempts, "
                      "next_attempt_at, last_error, created_at, sent_at")
    event_columns = "id, enquiry_id, kind, public, body, outbox_message_id, at"
    reasons = ("spam", "duplicate", "misdirected", "auto_reply")
    yes, no = out.flag(True), out.flag(False)
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
            sent, micro, seconds, carried = None, None, None, False
            if channel in ("web", "email"):
                acknowledgements += 1
                sent, micro, seconds = acks[rng.randrange(len(acks))]
                carried = rng.random() < 0.97
                subject = f"Your enquiry {reference}" if carried else "We have your enquiry"
                messages.append((acknowledgements, "resident@example.com", subject, "Thank you", "{}",
                                 f"<ack-{acknowledgements}@bench>", "acknowledgement", "sent", 1, sent, "",
                                 received, sent))
                events.append((acknowledgements, number, "acknowledged", yes, "", acknowledgements, received))
            # What the outbox stores on the enquiry when it sends the acknowledgement (R28).
            enquiries.append((number, reference, channel, rng.randrange(1, customers + 1), kind, "Bench", "", "",
                              "{}", "closed" if reply else "open", received, received, no, version.id, month,
                              ack_due, response_due, reply, "email" if reply else "", resolution_due, 0, excluded,
                              "", "", base + kind, "", sent, out.flag(carried), micro, seconds))
        out.write("enquiries", enquiry_columns, enquiries)
        out.write("outbox_messages", outbox_columns, messages)
        out.write("enquiry_events", event_columns, events)
    out.finish()
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
    explain = "EXPLAIN " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    for statement, parameters in seen:
        plans.append(" ".join(statement.split())[:150] + " ...")
        cursor = raw.cursor()
        cursor.execute(explain + statement, parameters)
        plans.extend(f"  {row[-1]}" for row in cursor.fetchall())
    raw.close()
    return cold, warm, plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enquiries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)

    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from ieg.factory import create_app
    from ieg.evidence import reports, tallies
    from ieg.extensions import db
    from ieg.models import Enquiry

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-reports-"))
    try:
        app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": databases.url(folder, "ieg.sqlite3")})
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            built = build(db.engine, args.enquiries)
            build_seconds = time.perf_counter() - began
            # The load bypasses the triggers on PostgreSQL (COPY with replication role) and leaves a
            # million unfolded changes on SQLite: make the tallies as `flask ieg report-tallies
            # --rebuild` does after such a load.
            began = time.perf_counter()
            tallies.rebuild(db.session)
            db.session.commit()
            rebuild_seconds = time.perf_counter() - began
            if databases.is_postgresql():
                size = db.session.scalar(text("SELECT pg_database_size(current_database())"))
            else:
                size = (folder / "ieg.sqlite3").stat().st_size + sum(
                    path.stat().st_size for path in folder.glob("ieg.sqlite3-*"))
            print(f"{databases.label()}: built {built['enquiries']:,} enquiries and {built['acknowledgements']:,} acknowledgements "
                  f"in {build_seconds:.1f} s ({size / 2**20:.0f} MiB); report tallies rebuilt in {rebuild_seconds:.1f} s")

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

            for name, run, runs, target in (("R29", r29, args.runs, 0.150), ("R28", r28, args.runs, 0.300)):
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
                else:
                    print(f"  R28 figures: received {total.received:,}, acknowledged {total.acknowledged:,}, with the "
                          f"reference {total.with_reference:,} ({total.percent_with_reference}%), median "
                          f"{reports.duration_text(total.median)}, 95th percentile {reports.duration_text(total.p95)}")
                print(f"  {name} target <= {target * 1000:.0f} ms (warm median): {'met' if median <= target else 'NOT met'}")
                # The definition the evidence register quotes: a count of every enquiry (the old path).
                began = time.perf_counter()
                if name == "R29":
                    raw = [0, 0, 0, 0]
                    for _, _, reason, count, in_time, breached in db.session.execute(
                            reports.r29_statement(period, NOW, ZONE)):
                        raw = [raw[0] + count, raw[1] + (count if reason else 0), raw[2] + in_time, raw[3] + breached]
                    mine = [total.received, total.excluded_total, total.in_time, total.breached]
                else:
                    raw = [0, 0, 0, 0]
                    for _, _, _, count, acknowledged, with_reference, within, _, _ in db.session.execute(
                            reports.r28_statement(period, ZONE)):
                        raw = [a + int(b) for a, b in zip(raw, (count, acknowledged, with_reference, within))]
                    mine = [total.received, total.acknowledged, total.with_reference, total.within_standard]
                counted = time.perf_counter() - began
                print(f"  {name} counted from every enquiry instead (the query auditors rerun): {counted * 1000:.0f} ms; "
                      f"the same figures: {'yes' if raw == mine else f'NO: {raw} against {mine}'}")
                for line in plans:
                    print(f"  plan: {line}")
            db.session.remove()
            db.engine.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

"""R29 and R28 read from running tallies (ieg/evidence/tallies.py, migration 0036's triggers):
after any sequence of what happens to enquiries (taken in, answered, deadlines moved, excluded,
moved to another service, acknowledged, deleted) with folds in between, both reports equal a
count made in Python from the rows themselves, and the tallies equal a recount. On SQLite and
on PostgreSQL (each database has its own triggers)."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import delete, func, select, text

from ieg.casework import deadlines
from ieg.casework.enquiries import store_latencies
from ieg.evidence import reports, tallies
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry, R28Tally, R28TallyChange, R29Tally, R29TallyChange, Section
from tests.conftest import make_app

ZONE = "Europe/London"
NOW = datetime(2026, 3, 20, 12, tzinfo=timezone.utc)
MONTHS = ("2026-01", "2026-02", "2026-03")
WHOLE = reports.Period(date(2026, 1, 1), date(2026, 3, 31))
CUT = reports.Period(date(2026, 1, 10), date(2026, 3, 20))   # starts and ends inside a month
REASONS = (None, None, "spam", "duplicate")

ADD = st.tuples(st.just("add"), st.integers(0, 2), st.integers(1, 28), st.integers(0, 999_999),
                st.sampled_from(["email", "email", "web", "phone"]), st.integers(0, 2), st.sampled_from(REASONS),
                st.integers(0, 30))
OPERATION = st.one_of(
    ADD, ADD,
    st.tuples(st.just("answer"), st.integers(0, 99), st.one_of(st.none(), st.integers(-10, 200))),  # hours
    st.tuples(st.just("due"), st.integers(0, 99), st.one_of(st.none(), st.integers(-5, 400))),      # hours
    st.tuples(st.just("exclude"), st.integers(0, 99), st.sampled_from(REASONS)),
    st.tuples(st.just("move"), st.integers(0, 99), st.integers(0, 2)),
    st.tuples(st.just("acknowledge"), st.integers(0, 99),
              st.one_of(st.none(), st.integers(-1_500_000, 5_000_000), st.sampled_from([2_000_000, 2_500_000])),
              st.booleans()),
    st.tuples(st.just("delete"), st.integers(0, 99)),
    st.tuples(st.just("fold"), st.integers(1, 4)))


def _setting_up(session):
    """Three case types (two services, and none) and a customer; once per database (on
    PostgreSQL the module's tests share one)."""
    kinds = session.scalars(select(CaseType).where(CaseType.slug.like("tally-%")).order_by(CaseType.slug)).all()
    if kinds:
        return session.scalars(select(Customer).where(Customer.email == "resident@example.com")).first(), kinds
    named = session.scalars(select(Section).order_by(Section.id).limit(2)).all()
    kinds = [CaseType(slug=f"tally-{i}", name=f"Tally {i}", section=section, resolution_days=10)
             for i, section in enumerate([*named, None])]
    customer = Customer(name="Pat Resident", email="resident@example.com")
    session.add_all([customer, *kinds])
    session.commit()
    return customer, kinds


def _apply(session, operations, customer, kinds) -> None:
    made: list[Enquiry] = []
    for operation in operations:
        name = operation[0]
        if name == "add":
            _, month, day, micro, channel, service, reason, due_hours = operation
            received = datetime(2026, month + 1, day, 9, 30, 0, micro, tzinfo=timezone.utc)
            enquiry = Enquiry(reference=f"ENQ-T{len(made):04d}-X", channel=channel, customer=customer,
                              case_type=kinds[service], section_id=kinds[service].section_id, subject="Test",
                              received_at=received, taken_in_at=received, received_month=MONTHS[month],
                              excluded_reason=reason, response_due_at=received + timedelta(hours=due_hours),
                              acknowledgement_due_at=received + timedelta(hours=1))
            session.add(enquiry)
            made.append(enquiry)
        elif name == "fold":
            session.flush()
            tallies.fold(session, batch=operation[1])
        elif made:
            enquiry = made[operation[1] % len(made)]
            if enquiry not in session:  # deleted
                continue
            if name == "answer":
                hours = operation[2]
                enquiry.first_response_at = None if hours is None else enquiry.received_at + timedelta(hours=hours)
            elif name == "due":
                hours = operation[2]
                enquiry.response_due_at = None if hours is None else enquiry.received_at + timedelta(hours=hours)
            elif name == "exclude":
                enquiry.excluded_reason = operation[2]
            elif name == "move":
                enquiry.section_id = kinds[operation[2]].section_id
            elif name == "acknowledge":
                latency, with_reference = operation[2], operation[3]
                enquiry.acknowledged_at = (None if latency is None
                                           else enquiry.received_at + timedelta(microseconds=latency))
                enquiry.acknowledged_with_reference = with_reference and latency is not None
                session.flush()
                store_latencies(session, Enquiry.id == enquiry.id)
                session.expire(enquiry, ["acknowledgement_seconds", "acknowledgement_microseconds"])
            elif name == "delete":
                session.delete(enquiry)
        session.flush()


def _in_period(enquiry, period) -> bool:
    start, end = period.bounds(ZONE)
    return start <= enquiry.received_at < end


def _expected(session, period):
    """R29 and R28 per (month, service) and in total, counted in Python from every row."""
    session.expire_all()
    rows = [e for e in session.scalars(select(Enquiry).where(Enquiry.reference.like("ENQ-T%"))) if _in_period(e, period)]
    r29, r28, latencies = {}, {}, {}
    for e in rows:
        key = (e.received_month, e.section_id)
        if e.channel == "email":
            outcome = deadlines.response_outcome(e, NOW)
            held = r29.setdefault(key, [0, 0, 0, 0])
            held[0] += 1
            held[1] += outcome == deadlines.EXCLUDED
            held[2] += outcome == deadlines.IN_TIME
            held[3] += outcome == deadlines.BREACHED
        if e.channel in ("web", "email") and e.excluded_reason is None:
            held = r28.setdefault(key, [0, 0, 0, 0])
            held[0] += 1
            held[1] += e.acknowledged_at is not None
            held[2] += bool(e.acknowledged_with_reference)
            held[3] += e.acknowledged_at is not None and e.acknowledged_at <= e.acknowledgement_due_at
            if e.acknowledged_at is not None:
                latencies.setdefault(key, []).append((e.acknowledged_at - e.received_at).total_seconds())
    everything = sorted(value for values in latencies.values() for value in values)
    whole = (reports.percentile(everything, 50), reports.percentile(everything, 95))
    cells = {key: (reports.percentile(sorted(v), 50), reports.percentile(sorted(v), 95)) for key, v in latencies.items()}
    return r29, r28, cells, whole


def _check_reports(session, period) -> None:
    r29, r28, percentiles, whole = _expected(session, period)
    report = reports.r29(session, period, NOW, ZONE)
    got = {(line.month, line.section_id): [line.figures.received, line.figures.excluded_total, line.figures.in_time,
                                           line.figures.breached] for line in report.rows}
    assert got == {key: value for key, value in r29.items()}
    report = reports.r28(session, period, NOW, ZONE)
    got = {(line.month, line.section_id): [line.figures.received, line.figures.acknowledged,
                                           line.figures.with_reference, line.figures.within_standard]
           for line in report.rows}
    assert got == r28
    assert {(line.month, line.section_id): (line.figures.median, line.figures.p95)
            for line in report.rows if line.figures.acknowledged} == percentiles
    if any(r28.values()):
        assert (report.total.median, report.total.p95) == whole


def _property(session, examples: int = 40) -> None:
    from flask import current_app

    from ieg.search import web as search_web

    # Nothing here is searched: the indexer thread, woken by the commits, would only draw on the
    # random module while hypothesis draws examples (it warns of that).
    search_web.indexer_for(current_app).stop()
    customer, kinds = _setting_up(session)

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(st.lists(OPERATION, max_size=30), st.booleans())
    def run(operations, fold_at_end):
        try:
            _apply(session, operations, customer, kinds)
            if fold_at_end:
                tallies.fold(session)
                assert tallies.pending(session) == 0
            assert tallies.check(session) == []
            for period in (WHOLE, CUT):
                _check_reports(session, period)
        finally:
            session.rollback()

    run()


def test_the_reports_equal_a_count_of_the_rows_after_anything_happens_to_them(app, council):
    with app.app_context():
        _property(db.session)


@pytest.fixture(scope="module")
def pg_app(postgres_server, tmp_path_factory):
    from flask_migrate import upgrade

    from tests import factories

    folder = tmp_path_factory.mktemp("tallies-pg")
    app = make_app(folder, folder / "unused.sqlite3", SQLALCHEMY_DATABASE_URI=postgres_server.url())
    from ieg.search.web import indexer_for
    indexer_for(app).stop()
    with app.app_context():
        upgrade()
        factories.build_council(db.session)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_the_same_on_postgresql(pg_app):
    with pg_app.app_context():
        _property(db.session, examples=15)  # the triggers are PostgreSQL's own; SQLite's run explores more


def _two(session, customer, kind):
    received = datetime(2026, 2, 3, 10, tzinfo=timezone.utc)
    made = [Enquiry(reference=f"ENQ-T{n:04d}-X", channel="email", customer=customer, case_type=kind,
                    section_id=kind.section_id, subject="Test", received_at=received, taken_in_at=received,
                    received_month="2026-02", response_due_at=received + timedelta(days=1),
                    acknowledgement_due_at=received + timedelta(hours=1),
                    acknowledged_at=received + timedelta(seconds=n + 1.5)) for n in range(2)]
    session.add_all(made)
    session.flush()
    store_latencies(session, Enquiry.id.in_([e.id for e in made]))
    return made


def test_folding_moves_every_change_once_and_keeps_the_latency_bounds_exact(app, council):
    with app.app_context():
        customer, kinds = _setting_up(db.session)
        first, second = _two(db.session, customer, kinds[0])
        db.session.commit()
        assert tallies.pending(db.session) == 8  # each: R29 +1; R28 +1, then -1 +1 as its latency was stored
        assert tallies.fold(db.session, batch=2) == 4  # two of each report's oldest
        assert tallies.fold(db.session) == 4
        db.session.commit()
        assert tallies.pending(db.session) == 0
        row = db.session.scalars(select(R28Tally).where(R28Tally.acknowledged.is_(True)).order_by(R28Tally.least)).all()
        assert [(r.enquiries, r.least, r.greatest) for r in row] == [(1, 1_500_000, 1_500_000),
                                                                    (1, 2_500_000, 2_500_000)]
        # A change that takes one out leaves the bounds unknown until folded, then read again.
        second.acknowledged_at = first.acknowledged_at + timedelta(microseconds=200_000)   # 1.7 s: first's bucket
        db.session.flush()
        store_latencies(db.session, Enquiry.id == second.id)
        period = reports.Period(date(2026, 2, 1), date(2026, 2, 28))
        assert reports.r28(db.session, period, NOW, ZONE).total.median == pytest.approx(1.6)
        tallies.fold(db.session)
        db.session.commit()
        [row] = db.session.scalars(select(R28Tally).where(R28Tally.acknowledged.is_(True))).all()
        assert (row.acknowledgement_seconds, row.enquiries, row.least, row.greatest) == (1, 2, 1_500_000, 1_700_000)
        assert reports.r28(db.session, period, NOW, ZONE).total.median == pytest.approx(1.6)
        assert db.session.scalar(select(func.count()).select_from(R29Tally)) == 1  # emptied rows go
        db.session.delete(first)
        db.session.delete(second)
        db.session.commit()
        tallies.fold(db.session)
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(R29Tally)) == 0
        assert db.session.scalar(select(func.count()).select_from(R28Tally)) == 0


def test_a_write_around_the_triggers_is_found_logged_and_repaired(app, council, caplog):
    from ieg.jobs import JOBS

    with app.app_context():
        customer, kinds = _setting_up(db.session)
        _two(db.session, customer, kinds[0])
        db.session.commit()
        assert JOBS["fold-report-tallies"].func(NOW) == "folded 8 changes into the report tallies"
        assert JOBS["check-report-tallies"].func(NOW) == "report tallies agree with the enquiries: 0 differences"
        db.session.execute(delete(R29Tally))   # as a bulk load with the triggers off would leave them
        db.session.execute(delete(R28TallyChange))
        db.session.execute(text("UPDATE r28_tallies SET enquiries = enquiries + 1"))
        db.session.commit()
        problems = tallies.check(db.session)
        assert len(problems) == 3 and problems[0].startswith("R29 {'received_month': '2026-02'")
        assert "tallies 0, enquiries 2" in problems[0]
        runner = app.test_cli_runner()
        result = runner.invoke(args=["ieg", "report-tallies"])
        assert result.exit_code == 1 and "3 differences" in result.output
        with caplog.at_level(logging.ERROR, logger="ieg.jobs"):
            assert JOBS["check-report-tallies"].func(NOW) == \
                "report tallies differed from the enquiries in 3 places: rebuilt"
        assert sum("report tallies: R29" in r.getMessage() for r in caplog.records) == 1
        assert tallies.check(db.session) == [] and tallies.pending(db.session) == 0
        db.session.execute(delete(R29Tally))
        db.session.commit()
        assert runner.invoke(args=["ieg", "report-tallies", "--rebuild"]).exit_code == 0
        result = runner.invoke(args=["ieg", "report-tallies"])
        assert result.exit_code == 0 and "0 differences" in result.output


def test_the_triggers_are_there_after_the_migrations(app):
    with app.app_context():
        names = set(db.session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        assert {"tally_enquiry_insert", "tally_enquiry_update", "tally_enquiry_delete"} <= names


def test_a_report_reads_the_tallies_not_every_enquiry(app, council):
    """The statement for a period of whole months reads the tallies; only the unanswered email
    enquiries are read from the table (for whether each has breached by now), by their own index."""
    with app.app_context():
        plan = " ".join(str(row[-1]) for row in db.session.execute(
            text("EXPLAIN QUERY PLAN " + str(reports.r29_cells_statement(WHOLE, NOW, ZONE).compile(
                db.engine, compile_kwargs={"literal_binds": True})))))
        assert "r29_tallies" in plan and "ix_enquiries_r29_unanswered" in plan
        assert "ix_enquiries_channel_month_section" not in plan


def test_folding_while_enquiries_arrive_and_are_answered_on_postgresql(pg_app):
    """Folds run while other transactions take enquiries in and answer them (on PostgreSQL a
    change's id can be handed out before an earlier-numbered one commits): nothing is lost or
    counted twice."""
    import threading

    from sqlalchemy.orm import Session as PlainSession

    with pg_app.app_context():
        customer, kinds = _setting_up(db.session)
        ids = (customer.id, kinds[0].id, kinds[0].section_id)
        engine = db.engine
        done = threading.Event()
        failures = []

        def write(start):
            try:
                for n in range(start, start + 60):
                    with PlainSession(engine) as session, session.begin():
                        received = datetime(2026, 2, 3, 10, tzinfo=timezone.utc) + timedelta(minutes=n)
                        enquiry = Enquiry(reference=f"ENQ-C{n:04d}-X", channel="email", customer_id=ids[0],
                                          case_type_id=ids[1], section_id=ids[2], subject="Test",
                                          received_at=received, taken_in_at=received, received_month="2026-02",
                                          response_due_at=received + timedelta(days=1))
                        session.add(enquiry)
                        session.flush()
                        if n % 2:
                            enquiry.first_response_at = received + timedelta(hours=n % 30)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(error)

        def fold():
            while not done.is_set():
                with PlainSession(engine) as session, session.begin():
                    tallies.fold(session, batch=7)

        writers = [threading.Thread(target=write, args=(start,)) for start in (0, 1000)]
        folder = threading.Thread(target=fold)
        for thread in (*writers, folder):
            thread.start()
        for thread in writers:
            thread.join()
        done.set()
        folder.join()
        assert failures == []
        tallies.fold(db.session)
        db.session.commit()
        assert tallies.pending(db.session) == 0 and tallies.check(db.session) == []
        assert db.session.scalar(select(func.sum(R29Tally.enquiries))) == 120
        figures = reports.r29(db.session, reports.Period(date(2026, 2, 1), date(2026, 2, 28)), NOW, ZONE).total
        assert (figures.received, figures.in_time + figures.breached) == (120, 120)

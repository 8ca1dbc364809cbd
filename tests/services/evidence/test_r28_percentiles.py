"""R28's percentiles, worked out by the database's histogram and refinement, against the plain
Python over every latency (`reports.percentile` on the sorted list, as R28 computed them
before): equal exactly, per month and service, per month and for the whole period, on random
latencies with sub-second parts, ties, whole seconds, negatives (a clock ahead) and none."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from ieg.casework.enquiries import store_latencies
from ieg.evidence import reports
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry, Section

ZONE = "Europe/London"
NOW = datetime(2026, 4, 1, 12, tzinfo=timezone.utc)
PERIOD = reports.Period(date(2026, 1, 1), date(2026, 3, 31))
MONTHS = ("2026-01", "2026-02", "2026-03")

LATENCY = st.one_of(
    st.none(),                                               # not acknowledged yet
    st.integers(0, 90).map(lambda s: s * 1_000_000),         # whole seconds: ties across buckets
    st.integers(-1_500_000, 4_000_000),                      # within a few seconds, to the microsecond
    st.sampled_from([1_250_000, 1_750_000, 1_750_001]),      # several in one bucket
    st.integers(0, 3 * 86_400_000_000))                      # up to three days
ROW = st.tuples(st.integers(0, 2), st.integers(0, 2), st.sampled_from(["web", "email", "phone"]),
                st.booleans(), st.integers(0, 999_999), LATENCY)


def expected(rows, sections):
    """The plain way: every latency, sorted, per cell, month and period."""
    cells, months, everything = {}, {}, []
    for month, service, channel, excluded, micro, latency in rows:
        if channel == "phone" or excluded or latency is None:
            continue
        received = datetime(2026, month + 1, 15, 10, 0, 0, micro, tzinfo=timezone.utc)
        seconds = ((received + timedelta(microseconds=latency)) - received).total_seconds()
        cells.setdefault((MONTHS[month], sections[service]), []).append(seconds)
        months.setdefault(MONTHS[month], []).append(seconds)
        everything.append(seconds)

    def both(values):
        values = sorted(values)
        return reports.percentile(values, 50), reports.percentile(values, 95)
    return ({key: both(v) for key, v in cells.items()}, {key: both(v) for key, v in months.items()},
            both(everything))


def test_r28_percentiles_equal_python_over_every_latency(app, council):
    with app.app_context():
        named = db.session.scalars(select(Section).order_by(Section.id).limit(2)).all()
        kinds = [CaseType(slug=f"r28-{i}", name=f"R28 {i}", section=section, resolution_days=10)
                 for i, section in enumerate([*named, None])]
        customer = Customer(name="Pat Resident", email="resident@example.com")
        db.session.add_all([customer, *kinds])
        db.session.commit()
        sections = [kind.section_id for kind in kinds]

        @settings(max_examples=30, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
        @given(st.lists(ROW, max_size=40))
        def check(rows):
            try:
                for number, (month, service, channel, excluded, micro, latency) in enumerate(rows):
                    received = datetime(2026, month + 1, 15, 10, 0, 0, micro, tzinfo=timezone.utc)
                    db.session.add(Enquiry(
                        reference=f"ENQ-P{number:04d}-X", channel=channel, customer=customer,
                        case_type=kinds[service], section_id=sections[service], subject="Test",
                        received_at=received, taken_in_at=received, received_month=MONTHS[month],
                        excluded_reason="spam" if excluded else None,
                        acknowledged_at=None if latency is None else received + timedelta(microseconds=latency)))
                db.session.flush()
                store_latencies(db.session, Enquiry.acknowledged_at.is_not(None))
                report = reports.r28(db.session, PERIOD, NOW, ZONE)
                cells, months, total = expected(rows, sections)
                for line in report.rows:
                    assert (line.figures.median, line.figures.p95) == cells.get((line.month, line.section_id),
                                                                               (None, None))
                for month, figures in report.by_month.items():
                    assert (figures.median, figures.p95) == months.get(month, (None, None))
                assert (report.total.median, report.total.p95) == total
            finally:
                db.session.rollback()

        check()

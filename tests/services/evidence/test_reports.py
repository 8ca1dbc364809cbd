"""The R29 and R28 reports against a brute-force recomputation from the raw events.

Thousands of enquiries over 14 months, on every channel and several services, with
exclusions, replies before, at and after the deadline or none, replies logged late but
made earlier, replies before the acknowledgement went, notes and acknowledgements that
must never count, receipts on weekends, bank holidays, Christmas and both clock changes.
The stored deadlines and first responses are written as the application writes them
(`standards.apply`, `standards.record_response`); the brute force uses none of that: it
walks working time minute by minute over the `holidays` package and Europe/London, takes
the first reply from the enquiry_events rows, and counts in Python.
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import holidays
import numpy
import pytest
from sqlalchemy import select

from ieg.casework import standards
from ieg.casework.enquiries import store_acknowledgements
from ieg.evidence import reports
from ieg.extensions import db
from ieg.models import CaseType, Customer, Enquiry, EnquiryEvent, OutboxMessage, Section
from ieg.models.casework import CHANNELS, EXCLUSION_REASONS

ZONE = "Europe/London"
LONDON = ZoneInfo(ZONE)
UTC = timezone.utc
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # a Friday; the last days' deadlines are still ahead
PERIOD = reports.Period(date(2025, 10, 1), date(2026, 11, 20))  # 14 months
ENGLAND = frozenset(holidays.country_holidays("GB", subdiv="ENG", years=range(2025, 2028)))
REPLIES = ("reply_out", "reply_logged")  # what counts as the response; nothing else does
# Instants the calendar gets wrong when it is wrong: clock changes, bank holidays, Christmas,
# Easter, weekends, the edges of the day and of the month in local time.
AWKWARD_LOCAL = [
    datetime(2025, 10, 24, 16, 30), datetime(2025, 10, 25, 10, 0), datetime(2025, 10, 26, 1, 30),
    datetime(2025, 10, 26, 12, 0), datetime(2025, 10, 27, 8, 59), datetime(2025, 10, 31, 23, 30),
    datetime(2025, 11, 1, 0, 30), datetime(2025, 12, 24, 14, 0), datetime(2025, 12, 25, 11, 0),
    datetime(2025, 12, 26, 9, 0), datetime(2025, 12, 31, 16, 59), datetime(2026, 1, 1, 10, 0),
    datetime(2026, 3, 27, 16, 0), datetime(2026, 3, 29, 1, 30), datetime(2026, 3, 29, 3, 0),
    datetime(2026, 3, 31, 23, 45), datetime(2026, 4, 1, 0, 15), datetime(2026, 4, 2, 15, 0),
    datetime(2026, 4, 3, 10, 0), datetime(2026, 4, 6, 9, 0), datetime(2026, 5, 4, 12, 0),
    datetime(2026, 5, 22, 17, 0), datetime(2026, 5, 25, 13, 0), datetime(2026, 6, 30, 23, 59),
    datetime(2026, 8, 28, 16, 1), datetime(2026, 8, 31, 10, 0), datetime(2026, 10, 23, 16, 0),
    datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 14, 0), datetime(2026, 10, 26, 9, 0),
    datetime(2026, 11, 19, 14, 0), datetime(2026, 11, 20, 8, 0),
]


# The brute force ---------------------------------------------------------------------------

def _working_minute(instant: datetime) -> bool:
    local = instant.astimezone(LONDON)
    return local.weekday() < 5 and local.date() not in ENGLAND and time(9) <= local.time() < time(17)


def _next_opening(instant: datetime) -> datetime:
    local = instant.astimezone(LONDON)
    day = local.date() + timedelta(days=1 if local.time() >= time(9) else 0)
    while day.weekday() >= 5 or day in ENGLAND:
        day += timedelta(days=1)
    return datetime.combine(day, time(9), LONDON).astimezone(UTC)


def brute_deadline(received: datetime) -> datetime:
    """One working day (8 working hours) from receipt, walked a minute at a time through
    working time and jumping over nights, weekends and bank holidays."""
    assert received.second == 0 and received.microsecond == 0  # whole minutes keep the walk exact
    instant, left = received, 8 * 60
    while left:
        if _working_minute(instant):
            instant += timedelta(minutes=1)
            left -= 1
        else:
            instant = _next_opening(instant)
    return instant


def brute_r29(session) -> tuple[dict, dict]:
    """(per month x service counts, per reference outcome) from the raw rows."""
    first_reply: dict[int, datetime] = {}
    for enquiry_id, kind, at in session.execute(select(EnquiryEvent.enquiry_id, EnquiryEvent.kind, EnquiryEvent.at)):
        if kind in REPLIES and (enquiry_id not in first_reply or at < first_reply[enquiry_id]):
            first_reply[enquiry_id] = at
    start = datetime.combine(PERIOD.start, time(), LONDON)
    end = datetime.combine(PERIOD.end + timedelta(days=1), time(), LONDON)
    cells: dict = defaultdict(Counter)
    outcomes = {}
    for row in session.execute(select(Enquiry.id, Enquiry.reference, Enquiry.channel, Enquiry.received_at,
                                      Enquiry.section_id, Enquiry.excluded_reason)):
        if row.channel != "email" or not start <= row.received_at < end:
            continue
        cell = cells[(row.received_at.astimezone(LONDON).strftime("%Y-%m"), row.section_id)]
        cell["received"] += 1
        if row.excluded_reason:
            cell[row.excluded_reason] += 1
            outcomes[row.reference] = "excluded"
            continue
        due, reply = brute_deadline(row.received_at), first_reply.get(row.id)
        if reply is not None:
            outcome = "in_time" if reply <= due else "breached"
        else:
            outcome = "breached" if due < NOW else "pending"
        cell[outcome] += 1
        outcomes[row.reference] = outcome
    return cells, outcomes


# The data ----------------------------------------------------------------------------------

def _receipts(rng: random.Random, count: int) -> list[datetime]:
    """Whole-minute UTC instants across the period: the awkward ones, a cluster of recent
    ones still pending at NOW, and the rest at random, nights and weekends included."""
    out = [local.replace(tzinfo=LONDON).astimezone(UTC) for local in AWKWARD_LOCAL]
    out += [NOW - timedelta(minutes=rng.randrange(10, 3 * 24 * 60)) for _ in range(60)]
    start = datetime.combine(PERIOD.start, time(), LONDON).astimezone(UTC)
    minutes = int((NOW - start).total_seconds() // 60)
    while len(out) < count:
        out.append(start + timedelta(minutes=rng.randrange(minutes)))
    return [instant.replace(second=0, microsecond=0) for instant in out]


def _message(subject: str, sent_at: datetime | None, number: int) -> OutboxMessage:
    return OutboxMessage(to_address="resident@example.com", subject=subject, body_text="Thank you",
                         message_id=f"<ack-{number}@test>", purpose="acknowledgement",
                         status="sent" if sent_at else "pending", sent_at=sent_at)


def generate(session, count: int, seed: int) -> None:
    rng = random.Random(seed)
    version = standards.current(session)
    # The brute force knows only the defaults: make sure those are what is in force.
    assert (version.rule, version.day_minutes, version.response_days, version.closures,
            version.acknowledgement_minutes) == ("one_working_day", 480, 1, [], 15)
    sections = session.scalars(select(Section).order_by(Section.id).limit(5)).all()
    kinds = [CaseType(slug=f"report-test-{i}", name=f"Report test {i}", section=section, resolution_days=10)
             for i, section in enumerate([*sections, None])]  # one case type in no service's queue
    customer = Customer(name="Pat Resident", email="resident@example.com")
    session.add_all([customer, *kinds])
    session.flush()
    with session.no_autoflush:
        session.add_all(_enquiries(rng, version, customer, kinds, count))
    session.flush()
    store_acknowledgements(session)  # the messages were written as sent, not sent by the outbox


def _enquiries(rng, version, customer, kinds, count):
    messages = 0
    for number, received in enumerate(_receipts(rng, count)):
        channel = rng.choices(CHANNELS, weights=(30, 45, 10, 5, 5, 5))[0]
        kind = rng.choice(kinds)
        enquiry = Enquiry(reference=f"ENQ-T{number:05d}-X", channel=channel, customer=customer, case_type=kind,
                          section_id=kind.section_id, subject="Test", received_at=received, taken_in_at=received)
        standards.apply(enquiry, version, ZONE)
        if rng.random() < 0.07:
            enquiry.excluded_reason = rng.choice(EXCLUSION_REASONS)
            enquiry.excluded_note = "Test exclusion"
        due = enquiry.response_due_at
        events = [EnquiryEvent(kind="received", at=received), EnquiryEvent(kind="note", at=received + timedelta(
            minutes=rng.randrange(1, 600)), body="Internal note")]
        # The acknowledgement: usually sent within minutes, sometimes late, unsent, without the
        # reference, or sent twice; replies may beat it.
        if channel in ("web", "email") and rng.random() < 0.93:
            for _ in range(2 if rng.random() < 0.1 else 1):
                messages += 1
                sent = received + timedelta(seconds=rng.randrange(5, 40 * 60)) if rng.random() < 0.9 else None
                subject = (f"Your enquiry {enquiry.reference}: Test" if rng.random() < 0.9
                           else "We have received your enquiry")
                events.append(EnquiryEvent(kind="acknowledged", at=received + timedelta(seconds=2), public=True,
                                           outbox_message=_message(subject, sent and min(sent, NOW), messages)))
        replies = []
        shape = rng.random()
        if shape < 0.15:
            pass  # never answered
        elif shape < 0.2:
            replies.append(due)  # exactly on the deadline: in time
        elif shape < 0.25:
            replies.append(due + timedelta(seconds=1))  # a second late
        elif shape < 0.3:
            replies.append(received + timedelta(minutes=rng.randrange(1, 5)))  # before the acknowledgement
        else:
            replies.append(received + timedelta(minutes=rng.randrange(5, 6 * 24 * 60), seconds=rng.randrange(60)))
        if replies and rng.random() < 0.3:
            replies.append(replies[0] + timedelta(hours=rng.randrange(1, 72)))
        if replies and rng.random() < 0.2:
            replies.insert(0, replies[0] + timedelta(hours=5))  # logged first, but made after the first reply
        for at in replies:
            if at > NOW:
                continue
            kind = rng.choice(REPLIES)
            events.append(EnquiryEvent(kind=kind, at=at, public=True, body="Reply"))
            standards.record_response(enquiry, at, "email" if kind == "reply_out" else
                                      rng.choice(("phone", "letter", "face_to_face")))
        if rng.random() < 0.2:
            events.append(EnquiryEvent(kind="reply_in", at=received + timedelta(minutes=30), body="Customer wrote"))
        enquiry.events = events
        yield enquiry


# The tests ---------------------------------------------------------------------------------

def _r29_cells(report: reports.Report) -> dict:
    out = {}
    for line in report.rows:
        f = line.figures
        out[(line.month, line.section_id)] = Counter({"received": f.received, **f.excluded_by_reason,
                                                      "in_time": f.in_time, "breached": f.breached,
                                                      "pending": f.pending})
    return {key: +counter for key, counter in out.items()}  # drop the zeros, as the brute force has none


def test_r29_equals_a_brute_force_recomputation_from_the_raw_events(app, council):
    with app.app_context():
        generate(db.session, 2400, seed=29)
        db.session.commit()
        report = reports.r29(db.session, PERIOD, NOW, ZONE)
        cells, outcomes = brute_r29(db.session)

        assert len(report.by_month) == 14 and len({month for month, _ in cells}) == 14
        assert len({section for _, section in cells}) == 6  # five services and "no service"
        assert _r29_cells(report) == {key: +counter for key, counter in cells.items()}
        totals = sum(cells.values(), Counter())
        assert report.total.received == totals["received"] > 900
        assert report.total.in_time == totals["in_time"] and report.total.breached == totals["breached"]
        assert all(totals[name] > 5 for name in ("pending", *EXCLUSION_REASONS))  # every kind was exercised
        decided = totals["in_time"] + totals["breached"]
        assert report.total.percent_in_time == float(Decimal(100 * totals["in_time"] / decided)
                                                     .quantize(Decimal("0.1"), ROUND_HALF_UP))

        # Every enquiry's outcome, and every stored deadline, as the brute force has them.
        listed = reports.r29_enquiries(db.session, PERIOD, NOW, ZONE)
        assert {item.reference: item.outcome for item in listed} == outcomes
        wrong = [(item.reference, item.received_at, item.response_due_at) for item in listed
                 if item.response_due_at != brute_deadline(item.received_at)]
        assert wrong == []


def test_every_number_has_exactly_its_enquiries_behind_it(app, council):
    with app.app_context():
        generate(db.session, 600, seed=7)
        db.session.commit()
        report = reports.r29(db.session, PERIOD, NOW, ZONE)
        for line in report.rows[::5]:
            section = reports.NO_SERVICE if line.section_id is None else line.section_id
            for selection, expected in [("received", line.figures.received), ("counted", line.figures.counted),
                                        ("in_time", line.figures.in_time), ("breached", line.figures.breached),
                                        ("pending", line.figures.pending),
                                        ("excluded", line.figures.excluded_total),
                                        *line.figures.excluded_by_reason.items()]:
                items = reports.r29_enquiries(db.session, PERIOD, NOW, ZONE, month=line.month, section_id=section,
                                              selection=selection)
                assert len(items) == expected, (line, selection)
        everything = reports.r29_enquiries(db.session, PERIOD, NOW, ZONE)
        first = reports.r29_enquiries(db.session, PERIOD, NOW, ZONE, limit=25)  # what a page lists
        assert [e.reference for e in first] == [e.reference for e in everything[:25]]
        assert first.total == everything.total == len(everything) == report.total.received
        r28_first = reports.r28_enquiries(db.session, PERIOD, NOW, ZONE, selection="acknowledged", limit=25)
        assert len(r28_first) == 25 and r28_first.total == reports.r28(db.session, PERIOD, NOW, ZONE).total.acknowledged
        one = report.rows[0].section_id
        by_service = reports.r29(db.session, PERIOD, NOW, ZONE, section_id=one)
        assert {(line.month, line.section_id) for line in by_service.rows} == {
            (line.month, line.section_id) for line in report.rows if line.section_id == one}


def test_the_period_runs_from_local_midnight_to_local_midnight(app, council):
    """1 July 00:30 BST is 30 June 23:30 UTC: it belongs to July, and the day before's
    23:59 BST does not."""
    with app.app_context():
        version = standards.current(db.session)
        kind = CaseType(slug="period-test", name="Period test", resolution_days=5)
        customer = Customer(name="Sam", email="sam@example.com")
        for number, local in enumerate([datetime(2026, 6, 30, 23, 59), datetime(2026, 7, 1, 0, 30),
                                        datetime(2026, 7, 31, 23, 59), datetime(2026, 8, 1, 0, 0)]):
            received = local.replace(tzinfo=LONDON).astimezone(UTC)
            enquiry = Enquiry(reference=f"ENQ-P{number}", channel="email", customer=customer, case_type=kind,
                              subject="Test", received_at=received, taken_in_at=received)
            standards.apply(enquiry, version, ZONE)
            db.session.add(enquiry)
        db.session.flush()
        july = reports.r29(db.session, reports.Period(date(2026, 7, 1), date(2026, 7, 31)), NOW, ZONE)
        assert list(july.by_month) == ["2026-07"] and july.total.received == 2
        assert sorted(e.reference for e in reports.r29_enquiries(
            db.session, reports.Period(date(2026, 7, 1), date(2026, 7, 31)), NOW, ZONE)) == ["ENQ-P1", "ENQ-P2"]
        for start, end, expected in [((6, 30), (6, 30), ["ENQ-P0"]), ((7, 1), (7, 1), ["ENQ-P1"]),
                                     ((6, 30), (7, 1), ["ENQ-P0", "ENQ-P1"]), ((7, 2), (8, 1), ["ENQ-P2", "ENQ-P3"])]:
            period = reports.Period(date(2026, *start), date(2026, *end))
            assert reports.r29(db.session, period, NOW, ZONE).total.received == len(expected)
            assert sorted(e.reference for e in reports.r29_enquiries(db.session, period, NOW, ZONE)) == expected


def brute_r28(session) -> dict:
    acknowledgements = defaultdict(list)
    for enquiry_id, subject, sent_at in session.execute(
            select(EnquiryEvent.enquiry_id, OutboxMessage.subject, OutboxMessage.sent_at)
            .join(OutboxMessage, OutboxMessage.id == EnquiryEvent.outbox_message_id)
            .where(EnquiryEvent.kind == "acknowledged")):
        acknowledgements[enquiry_id].append((subject, sent_at))
    cells: dict = defaultdict(lambda: {"received": 0, "acknowledged": 0, "with_reference": 0, "within": 0,
                                       "latencies": []})
    start = datetime.combine(PERIOD.start, time(), LONDON)
    end = datetime.combine(PERIOD.end + timedelta(days=1), time(), LONDON)
    for row in session.execute(select(Enquiry.id, Enquiry.reference, Enquiry.channel, Enquiry.received_at,
                                      Enquiry.section_id, Enquiry.excluded_reason)):
        if row.channel not in ("web", "email") or row.excluded_reason or not start <= row.received_at < end:
            continue
        cell = cells[(row.received_at.astimezone(LONDON).strftime("%Y-%m"), row.section_id)]
        cell["received"] += 1
        sent = [(subject, at) for subject, at in acknowledgements[row.id] if at is not None]
        if not sent:
            continue
        first = min(at for _, at in sent)
        cell["acknowledged"] += 1
        cell["with_reference"] += any(row.reference in subject for subject, _ in sent)
        cell["within"] += first <= row.received_at + timedelta(minutes=15)
        cell["latencies"].append((first - row.received_at).total_seconds())
    return cells


def test_r28_equals_a_brute_force_recomputation(app, council):
    with app.app_context():
        generate(db.session, 2000, seed=28)
        db.session.commit()
        report = reports.r28(db.session, PERIOD, NOW, ZONE)
        cells = brute_r28(db.session)
        assert {(line.month, line.section_id) for line in report.rows} == set(cells)
        for line in report.rows:
            expected, f = cells[(line.month, line.section_id)], line.figures
            assert (f.received, f.acknowledged, f.with_reference, f.within_standard) == (
                expected["received"], expected["acknowledged"], expected["with_reference"], expected["within"])
            if expected["latencies"]:
                median, p95 = numpy.percentile(expected["latencies"], [50, 95])  # linear: PERCENTILE.INC
                assert f.median == pytest.approx(median) and f.p95 == pytest.approx(p95)
            else:
                assert f.median is None
        total = report.total
        assert 0 < total.with_reference < total.acknowledged < total.received
        assert 0 < total.within_standard < total.acknowledged
        everything = [s for cell in cells.values() for s in cell["latencies"]]
        assert total.median == pytest.approx(numpy.percentile(everything, 50))
        listed = reports.r28_enquiries(db.session, PERIOD, NOW, ZONE, selection="with_reference")
        assert len(listed) == total.with_reference and all(item.with_reference for item in listed)
        assert len(reports.r28_enquiries(db.session, PERIOD, NOW, ZONE, selection="without_reference")) == (
            total.received - total.with_reference)


@pytest.mark.parametrize("values, expected", [([], None), ([4.0], 4.0), ([1.0, 2.0], 1.5),
                                               ([1.0, 2.0, 3.0, 4.0, 10.0], 3.0)])
def test_percentile_interpolates_like_a_spreadsheet(values, expected):
    assert reports.percentile(values, 50) == expected
    if values:
        assert reports.percentile(values, 95) == pytest.approx(numpy.percentile(values, 95))


def test_percentages_are_rounded_but_never_up_to_the_standard():
    assert reports.percent(9999, 10000) == 99.9
    assert reports.percent(1, 3) == 33.3 and reports.percent(2, 3) == 66.7 and reports.percent(12, 18) == 66.7
    assert reports.percent(5, 5) == 100.0 and reports.percent(0, 0) is None


@pytest.mark.parametrize("raw_from, raw_to, message", [
    ("2026-02-30", None, "Enter the start date as a real date"),
    ("1/3/2026", None, "Enter the start date as a real date"),
    ("20260301", None, "Enter the start date as a real date"),
    (None, "9999-12-31", "The end date must be between 2000 and 2099"),
    ("2026-05-01", "2026-04-30", "The start date must be the same as or before the end date"),
])
def test_bad_periods_say_what_is_wrong(raw_from, raw_to, message):
    with pytest.raises(reports.ReportError, match=message):
        reports.parse_period(raw_from, raw_to, date(2026, 11, 20))


def test_the_default_period_is_the_last_twelve_full_months_and_this_one():
    assert reports.default_period(date(2026, 11, 20)) == reports.Period(date(2025, 11, 1), date(2026, 11, 20))
    assert reports.default_period(date(2026, 1, 1)) == reports.Period(date(2025, 1, 1), date(2026, 1, 1))
    assert len(reports.default_period(date(2026, 1, 1)).months) == 13

"""The deadline rules (ieg.casework.deadlines) on plain values: no database, no app."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from ieg.casework import deadlines
from ieg.models.casework import CLOSED, RESOLVED, STATUSES
from ieg.workingtime import Calendar

DUE = datetime(2026, 11, 3, 10, 30, tzinfo=timezone.utc)
MINUTE = timedelta(minutes=1)
CAL = Calendar()


def enquiry(**facts):
    values = dict(status="open", received_at=DUE - timedelta(days=1), response_due_at=DUE, first_response_at=None,
                  resolution_due_at=None, resolved_at=None, paused_since=None, excluded_reason=None,
                  case_type=SimpleNamespace(resolution_days=10))
    return SimpleNamespace(**{**values, **facts})


def test_the_finished_statuses_are_the_models_resolved_and_closed():
    assert set(deadlines.FINISHED) == {RESOLVED, CLOSED} and set(deadlines.FINISHED) <= set(STATUSES)
    assert [s for s in STATUSES if deadlines.finished(s)] == [RESOLVED, CLOSED]


def test_the_response_outcome_on_either_side_of_the_deadline():
    assert deadlines.response_outcome(enquiry(), DUE) == "pending"  # on its very minute: not yet late
    assert deadlines.response_outcome(enquiry(), DUE + MINUTE) == "breached"
    assert deadlines.response_outcome(enquiry(first_response_at=DUE), DUE + MINUTE) == "in_time"
    assert deadlines.response_outcome(enquiry(first_response_at=DUE + MINUTE), DUE) == "breached"
    assert deadlines.response_outcome(enquiry(response_due_at=None), DUE + MINUTE) == "pending"
    assert deadlines.response_outcome(enquiry(excluded_reason="spam"), DUE + MINUTE) == "excluded"


def test_the_resolution_clock_stops_at_resolution_and_while_paused():
    late = DUE + timedelta(days=1)
    assert deadlines.resolution_breached(enquiry(resolution_due_at=DUE, first_response_at=DUE), late)
    assert not deadlines.resolution_breached(enquiry(resolution_due_at=DUE, status=RESOLVED, resolved_at=DUE), late)
    assert deadlines.resolution_breached(enquiry(resolution_due_at=DUE, status=CLOSED, resolved_at=DUE + MINUTE), DUE)
    assert not deadlines.resolution_breached(enquiry(resolution_due_at=DUE, paused_since=DUE - MINUTE), late)
    assert not deadlines.breached(enquiry(resolution_due_at=DUE, excluded_reason="spam"), late)


def test_the_next_deadline_and_what_near_means():
    assert deadlines.next_deadline(enquiry(), CAL) == ("Response", DUE)
    later = DUE + timedelta(days=9)
    assert deadlines.next_deadline(enquiry(first_response_at=DUE, resolution_due_at=later), CAL) == ("Resolution", later)
    assert deadlines.near_within("Response", CAL) == deadlines.NEAR == timedelta(hours=2)
    assert deadlines.near_within("Resolution", CAL) == CAL.working_day_length


def test_only_the_running_deadlines_of_an_unfinished_counted_enquiry_are_watched():
    assert deadlines.watched(enquiry(resolution_due_at=DUE)) == [("response", DUE), ("resolution", DUE)]
    assert deadlines.watched(enquiry(resolution_due_at=DUE, first_response_at=DUE, paused_since=DUE)) == []
    assert deadlines.watched(enquiry(status=RESOLVED)) == deadlines.watched(enquiry(excluded_reason="spam")) == []

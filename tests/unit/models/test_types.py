"""UTCDateTime binds on SQLite in one step: the very text SQLAlchemy's own chain (process_bind_param,
then SQLite's DATETIME format) would store, for any aware datetime; naive ones are refused."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.types import TypeDecorator

from ieg.models.types import UTCDateTime

SQLITE = sqlite.dialect()


def _ours():
    """As statements get it: the type adapted to the dialect (its impl is SQLite's DATETIME)."""
    return UTCDateTime().dialect_impl(SQLITE).bind_processor(SQLITE)


def _sqlalchemys_own(value):
    return TypeDecorator.bind_processor(UTCDateTime().dialect_impl(SQLITE), SQLITE)(value)


@settings(max_examples=500)
@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                    timezones=st.sampled_from([timezone.utc, ZoneInfo("Europe/London"),
                                               timezone(timedelta(hours=-5, minutes=-30))])))
def test_the_same_text_as_sqlalchemys_own_chain(value):
    assert _ours()(value) == _sqlalchemys_own(value)


def test_examples_and_refusals():
    process = _ours()
    assert process(datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))) == "2026-07-01 08:00:00.000000"
    assert process(datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=timezone.utc)) == "0999-01-02 03:04:05.000006"
    assert process(None) is None
    with pytest.raises(ValueError, match="naive datetime"):
        process(datetime(2026, 7, 1, 9, 0))


def test_other_databases_keep_the_usual_chain():
    value = datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    processor = UTCDateTime().bind_processor(postgresql.dialect())
    assert (processor(value) if processor else UTCDateTime().process_bind_param(value, None)) == datetime(2026, 7, 1, 8, 0)

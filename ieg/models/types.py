"""Column types shared by the models."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy.types import DateTime, TypeDecorator

from ieg.timeutil import as_utc


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend.

    SQLite has no time zones and PostgreSQL's timestamptz converts to the session
    zone, so values are stored as naive UTC and handed back aware.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column; use ieg.timeutil.utcnow()")
        return as_utc(value).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else as_utc(value)

    def bind_processor(self, dialect):
        """On SQLite, one step to the text SQLAlchemy's DATETIME stores ("2026-11-23
        02:50:00.000000"), not process_bind_param and then DATETIME's own formatting: every
        enquiry binds a handful of these. Elsewhere, as TypeDecorator does it."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)
        utc = timezone.utc

        def process(value):
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTCDateTime column; use ieg.timeutil.utcnow()")
            return value.astimezone(utc).replace(tzinfo=None).isoformat(" ", "microseconds")
        return process

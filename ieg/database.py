"""Database engine behaviour and health."""
from __future__ import annotations

import sqlite3

from sqlalchemy import event, text
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """SQLite only: WAL (readers never block the writer, the scheduler and web can
    share the file), foreign keys enforced, and wait rather than fail when locked."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def schema_revision(session) -> str | None:
    """The Alembic revision the database is at (None before the first migration)."""
    try:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        session.rollback()
        return None

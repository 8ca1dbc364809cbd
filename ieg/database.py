"""Database engine behaviour and health."""
from __future__ import annotations

import sqlite3

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.sql import Select


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


class DirectSelect:
    """A SELECT compiled once per dialect and run on a pooled DBAPI connection.

    Only for the hottest reads (a public page view): Connection.execute spent more on its
    own work (cache key, execution context, result metadata, row objects) than SQLite
    spent on the query. Rows come back as tuples in the statement's column order, each
    value passed through its column type's result processor as SQLAlchemy would pass it
    (UTCDateTime's aware datetimes, JSON), except that NULL stays None; parameters go
    through their bind processors. Not for statements that expand parameters at execution
    (`in_` lists).
    """

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        self._prepared: dict = {}  # dialect -> (SQL, parameter names or None, values, binders, processors)

    def _prepare(self, dialect):
        found = self._prepared.get(dialect)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            # Every parameter's value apart from those given on each run (None for now).
            values = compiled.construct_params({name: None for name, bind in compiled.binds.items()
                                                if bind.required})
            # By the names the SQL uses (an anonymous parameter's key is not its name there).
            names = {bind: compiled.escaped_bind_names.get(name, name)
                     for bind, name in compiled.bind_names.items()}
            binders = {names[bind]: processor for bind in compiled.binds.values()
                       if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect))}
            processors = [(index, processor) for index, column in enumerate(self.statement.selected_columns)
                          if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))]
            found = (compiled.string, compiled.positiontup if compiled.positional else None, values,
                     binders, processors)
            self._prepared[dialect] = found
        return found

    def rows(self, connection, dialect, **params) -> list:
        """Run on `connection`, a DBAPI connection from `engine.raw_connection()`."""
        sql, positions, values, binders, processors = self._prepare(dialect)
        values = {**values, **params}
        for name, processor in binders.items():
            values[name] = processor(values[name])
        cursor = connection.cursor()
        try:
            cursor.execute(sql, values if positions is None else [values[name] for name in positions])
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if not processors:
            return rows
        processed = []
        for row in rows:
            row = list(row)
            for index, processor in processors:
                if row[index] is not None:
                    row[index] = processor(row[index])
            processed.append(tuple(row))
        return processed

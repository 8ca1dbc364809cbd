"""Database engine behaviour and health."""
from __future__ import annotations

import sqlite3
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Select

from ieg import sqlite_writers


def _sqlite_writers_queue(dialect, _record, _cargs, cparams):
    """SQLite (pysqlite) only: writers queue on a file lock (ieg.sqlite_writers)."""
    if dialect.name == "sqlite" and dialect.driver == "pysqlite":
        cparams.setdefault("factory", sqlite_writers.Connection)


def _sqlite_pragmas(dbapi_connection, _record):
    """SQLite only: WAL (readers never block the writer, the scheduler and web can
    share the file), foreign keys enforced, and wait rather than fail when locked."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(sqlite_writers.BUSY_TIMEOUT * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


# Registered on every Engine by ieg.hooks.register_all, before the app's first connection.
ENGINE_LISTENERS = (("do_connect", _sqlite_writers_queue), ("connect", _sqlite_pragmas))


def writable(session) -> bool:
    """Whether the database takes writes now: False on a read-only file or mount, or a
    PostgreSQL standby or read-only transaction default. A write that changes nothing,
    rolled back: the same check for every cause, with no row touched."""
    try:
        session.execute(text("UPDATE site_version SET version = version WHERE 1 = 0"))
        return True
    except DBAPIError:
        return False
    finally:
        session.rollback()


def best_effort(session, write, what: str, log) -> bool:
    """Run `write(session)` and commit, where failing to write must not stop the page (a
    search's log entry): a database that is read-only, locked or gone rolls it back and
    logs why. Whether it was written."""
    try:
        write(session)
        session.commit()
        return True
    except DBAPIError as exc:
        session.rollback()
        log.warning("%s not recorded: %s", what, exc.orig if exc.orig is not None else exc)
        return False


def schema_revision(session) -> str | None:
    """The Alembic revision the database is at (None before the first migration)."""
    try:
        return session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:
        session.rollback()
        return None


def head_revision(directory: str) -> str:
    """The newest migration's revision id in `directory` (what `db upgrade` reaches)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(directory))
    return ScriptDirectory.from_config(config).get_current_head()


def schema_problem(session, directory: str) -> str | None:
    """Why the database cannot be used by this code yet, in words for the operator: it has
    no tables, or its schema is not the migrations' newest (None when it is)."""
    at, head = schema_revision(session), head_revision(directory)
    if at == head:
        return None
    if at is None:
        return ("The database has no tables yet. Set it up first with `make db` "
                "(or `flask --app app db upgrade`).")
    return (f"The database's schema is at revision {at}, and this version of IEG needs {head}. "
            "Bring it up to date first with `make db` (or `flask --app app db upgrade`).")


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
        self._prepared: dict = {}  # dialect -> _Prepared

    def _prepare(self, dialect) -> _Prepared:
        found = self._prepared.get(dialect)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            # By the names the SQL uses (an anonymous parameter's key is not its name there).
            names = {bind: compiled.escaped_bind_names.get(name, name)
                     for bind, name in compiled.bind_names.items()}
            given = {bind.key: names[bind] for bind in compiled.binds.values() if bind.required}
            binders = {names[bind]: processor for bind in compiled.binds.values()
                       if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect))}
            # The values fixed in the statement, bound once; those given on each run, None for now.
            values = compiled.construct_params(dict.fromkeys(given))
            for name, processor in binders.items():
                if name not in given.values():
                    values[name] = processor(values[name])
            processors = [(index, processor) for index, column in enumerate(self.statement.selected_columns)
                          if (processor := column.type.dialect_impl(dialect).result_processor(dialect, None))]
            found = self._prepared[dialect] = _Prepared(
                compiled.string, compiled.positiontup if compiled.positional else None, values,
                {key: (name, binders.get(name)) for key, name in given.items()}, processors)
        return found

    def rows(self, connection, dialect, **params) -> list:
        """Run on `connection`, a DBAPI connection from `engine.raw_connection()`."""
        prepared = self._prepare(dialect)
        values = dict(prepared.values)
        for key, value in params.items():
            name, processor = prepared.given[key]
            values[name] = value if processor is None else processor(value)
        positions = prepared.positions
        cursor = connection.cursor()
        try:
            cursor.execute(prepared.sql, values if positions is None else [values[name] for name in positions])
            rows = cursor.fetchall()
        finally:
            cursor.close()
        if not prepared.processors:
            return rows
        processed = []
        for row in rows:
            row = list(row)
            for index, processor in prepared.processors:
                if row[index] is not None:
                    row[index] = processor(row[index])
            processed.append(tuple(row))
        return processed


class _Prepared(NamedTuple):
    sql: str
    positions: tuple | None  # parameter names in order, for a positional DBAPI (SQLite's)
    values: dict  # every parameter by name, fixed ones bound
    given: dict  # a run's parameter key -> (its name, its bind processor or None)
    processors: list  # (column index, result processor)

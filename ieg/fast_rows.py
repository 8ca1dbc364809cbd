"""The fast path's rows: read and written through prepared SQLAlchemy Core statements,
handed back as persistent ORM objects, or as plain dicts where no ORM object is wanted.

For the hottest path only (a web-form submission: find the customer and the case type,
write the customer, the enquiry, its events and the outbox message). There the ORM spent
far more on its own bookkeeping than SQLite spent on the SQL: about a millisecond a flush
for a handful of objects and a few tenths for a one-row query, against a tenth or less for
a prepared statement. Building a statement anew each time (the column comparisons, the
cache key) also cost several times what running it did, so these are built once.

`insert_row` runs one INSERT on the DBAPI connection of the session's transaction (so it
commits or rolls back with everything else); `find` runs one SELECT there. Like
ieg.database.DirectSelect (which `find` uses), they skip Connection.execute, whose own work
(cache key, execution context, result objects) cost more than SQLite's; SQL is compiled once
per dialect, values go through their columns' bind processors, and errors come out as
SQLAlchemy's (IntegrityError and so on), as from Connection.execute. Both hand back an
instance the session holds as persistent with every column loaded, as a query would: from
the identity map when the session already has that row, else made from the values. Reading
it costs no SQL, changing it is an UPDATE at the next flush, and the relationships given to
`insert_row` are set as loaded (any other loads when read).

`insert_dict` and `find_dict` hand back the row as a dict of its columns by attribute (the
key included) and make no ORM object at all: the web form's fast path
(ieg.casework.fast_intake) works that way from end to end, since making, tracking and
expiring even a handful of objects cost about a third of a submission. `adopt` turns such a
dict into the persistent instance later, without SQL. `update_row` is the UPDATE to go with them.

What a caller of `insert_row` accepts, compared with session.add() and a flush:
- the row is written at once, not at the next flush: flush first whatever it refers to;
- no ORM insert event sees it (mapper events, `session.new` in an after_flush hook), and no
  engine event either (before_cursor_execute), so it is only for models that no such hook
  watches (the search indexer watches content models);
- after a rollback the instance is expired, not made transient: like any object a query
  loaded (and like ORM bulk INSERT ... RETURNING), reading it again then fails.
"""
from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from time import monotonic
from typing import NamedTuple
from weakref import WeakKeyDictionary

from sqlalchemy import Column, bindparam, insert, inspect, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Mapper, Session, make_transient_to_detached, scoped_session
from sqlalchemy.orm.attributes import instance_dict, set_committed_value

from ieg.database import DirectSelect


@dataclass(frozen=True)
class _Plan:
    mapper: Mapper
    columns: tuple[tuple[str, Column], ...]  # (attribute, column) for each column but the key
    key_attribute: str
    key_column: Column
    scalar_defaults: dict  # attribute -> the value a column not given takes (its scalar default or None)
    callable_defaults: tuple  # (attribute, the callable giving its default) for the others


@cache
def _plan(model) -> _Plan:
    mapper = inspect(model)
    (key_column,) = mapper.primary_key
    columns, key_attribute = [], None
    for prop in mapper.column_attrs:
        (column,) = prop.columns
        if column.table is not mapper.local_table or prop.deferred:
            raise TypeError(f"{model.__name__}.{prop.key} is not a plain column of {mapper.local_table.name}")
        if column is key_column:
            key_attribute = prop.key
        else:
            columns.append((prop.key, column))
    defaults = {attribute: column.default for attribute, column in columns}
    return _Plan(mapper, tuple(columns), key_attribute, key_column,
                 {a: d.arg if d is not None and d.is_scalar else None for a, d in defaults.items()},
                 tuple((a, d.arg) for a, d in defaults.items() if d is not None and not d.is_scalar))


def _session(session: Session | scoped_session) -> Session:
    # db.session is a scoped_session: find this context's Session once, not on every call.
    return session() if isinstance(session, scoped_session) else session


def _persistent(session: Session, plan: _Plan, key, values: dict):
    """An instance of the stored row with this key and `values` (every other column, by
    attribute), held by the session as persistent: made as a query's loader makes one."""
    instance = plan.mapper.class_manager.new_instance()
    state = instance_dict(instance)
    state.update(values)  # loaded values: no change events, nothing to flush
    state[plan.key_attribute] = key
    make_transient_to_detached(instance)  # the identity key; every column committed as loaded
    session.add(instance)  # persistent: in the identity map
    return instance


class _Statement(NamedTuple):
    sql: str
    positional: bool  # the DBAPI takes a list (SQLite's), in the order of `binders`, not a dict
    binders: tuple  # (parameter name, attribute, bind processor or None) for each parameter


@cache
def _insert(model, dialect, skip_duplicate: bool) -> _Statement:
    """INSERT of every column but the key, RETURNING the key, compiled for `dialect`."""
    plan = _plan(model)
    for attribute, column in plan.columns:
        if column.server_default is not None or (column.default is not None and not (
                column.default.is_scalar or column.default.is_callable)):
            raise TypeError(f"{model.__name__}.{attribute}: insert_row cannot know a default the database computes")
    table = plan.mapper.local_table
    if not skip_duplicate:
        statement = insert(table)
    elif dialect.name in ("postgresql", "sqlite"):
        # ON CONFLICT DO NOTHING: a clash on a unique column writes nothing and returns no
        # row, and the transaction goes on (PostgreSQL would abort it on a failed INSERT
        # without a SAVEPOINT, and pysqlite's SAVEPOINTs do not nest in its implicit
        # transactions).
        dialect_insert = import_module(f"sqlalchemy.dialects.{dialect.name}").insert
        statement = dialect_insert(table).on_conflict_do_nothing()
    else:
        raise NotImplementedError(f"insert_row(skip_duplicate=True) on {dialect.name}")
    attribute_of = {column.key: attribute for attribute, column in plan.columns}
    compiled = statement.returning(plan.key_column).compile(dialect=dialect, column_keys=list(attribute_of))
    return _statement(compiled, dialect, attribute_of)


def _statement(compiled, dialect, attribute_of: dict) -> _Statement:
    """A compiled INSERT or UPDATE with how to bind each parameter from values by attribute."""
    binders = {compiled.escaped_bind_names.get(name, name): (attribute_of[bind.key],
                                                            bind.type.dialect_impl(dialect).bind_processor(dialect))
               for bind, name in compiled.bind_names.items()}
    order = compiled.positiontup if compiled.positional else binders
    return _Statement(compiled.string, compiled.positional, tuple((name, *binders[name]) for name in order))


class Transaction:
    """A transaction on one pooled connection without the ORM Session's machinery, for work
    done in dicts only (`insert_dict`, `find_dict`): the functions here, and those built
    on them, take it where they take a session. The Session's own begin, commit and close
    cost about 0.15 ms, a twentieth of a web-form submission. A context manager: `commit()`
    commits; leaving without one rolls back; either way the connection goes back to the pool."""

    autoflush = False  # as a session's: nothing is pending, ever
    identity_map: dict = {}  # no ORM objects are held (shared, never written)

    def __init__(self, engine) -> None:
        self.engine = engine
        self.info: dict = {}
        self._connection = engine.connect()
        self._transaction = self._connection.begin()
        self.direct = (self._connection.connection, self._connection.dialect)

    def get_bind(self, mapper=None):
        return self.engine

    def in_nested_transaction(self) -> bool:
        return False

    def scalar(self, statement):
        return self._connection.scalar(statement)

    def execute(self, statement):
        return self._connection.execute(statement)

    def commit(self) -> None:
        self._transaction.commit()
        _keep_read(self)

    def rollback(self) -> None:
        if self._transaction.is_active:
            self._transaction.rollback()
        _forget_read(self)

    def close(self) -> None:
        try:
            self.rollback()
        finally:
            self._connection.close()

    def __enter__(self) -> "Transaction":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _direct(session: Session, plan: _Plan):
    """(the DBAPI connection of the session's transaction, its dialect), asked of the
    session once per transaction: Session.connection() cost more than a prepared INSERT."""
    if isinstance(session, Transaction):
        return session.direct
    transaction = session.get_transaction()
    held = session.info.get(_CONNECTIONS)
    if transaction is None or held is None or held[0] is not transaction:
        held = None
    found = held and held[1].get(plan.mapper)
    if not found:
        # Models on the same database share the connection: Session.get_bind is cheaper than
        # Session.connection, which a submission would otherwise pay for each of its models.
        bind = session.get_bind(plan.mapper)
        found = held and held[1].get(bind)
        if not found:
            connection = session.connection(bind_arguments={"mapper": plan.mapper})
            if held is None:
                held = session.info[_CONNECTIONS] = (session.get_transaction(), {})
            found = held[1][bind] = (connection.connection, connection.dialect)
        held[1][plan.mapper] = found
    return found


def _database_error(dialect, sql: str, params, exc: Exception) -> Exception:
    return DBAPIError.instance(sql, params, exc, dialect.loaded_dbapi.Error, dialect=dialect)


def _run(connection, dialect, prepared: _Statement, values: dict):
    """Run a prepared statement with `values` (by attribute); its first row (RETURNING), or
    None (none returned, or a statement that returns nothing: psycopg refuses fetchone then)."""
    if prepared.positional:
        params = [values[attribute] if processor is None else processor(values[attribute])
                  for _, attribute, processor in prepared.binders]
    else:
        params = {name: values[attribute] if processor is None else processor(values[attribute])
                  for name, attribute, processor in prepared.binders}
    cursor = connection.cursor()
    try:
        cursor.execute(prepared.sql, params)
        return cursor.fetchone() if cursor.description is not None else None
    except dialect.loaded_dbapi.Error as exc:
        raise _database_error(dialect, prepared.sql, params, exc) from exc
    finally:
        cursor.close()


def insert_row(session: Session, model, values: dict, related: dict | None = None, *,
               skip_duplicate: bool = False):
    """INSERT one `model` row now and return it as a persistent instance.

    `values` by attribute name; a column not given takes its Python default (as the ORM
    would give it) or NULL. `related` sets relationships as already loaded (the objects,
    or a list for a collection). With `skip_duplicate`, a row that would repeat a value
    that a unique constraint guards is not written, and None is returned instead.
    """
    session = _session(session)
    row = insert_dict(session, model, values, skip_duplicate=skip_duplicate)
    if row is None:
        return None
    plan = _plan(model)
    return _adopt(session, plan, row.pop(plan.key_attribute), row, related)


def insert_dict(session: Session, model, values: dict, *, skip_duplicate: bool = False) -> dict | None:
    """insert_row's INSERT, the row coming back as a dict of every column by attribute (the
    key included) and no instance made; None for a duplicate skipped."""
    session, plan = _session(session), _plan(model)
    unknown = values.keys() - plan.scalar_defaults.keys()  # every column's attribute is a key there
    if unknown:
        raise TypeError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    row = dict(plan.scalar_defaults)
    row.update(values)
    for attribute, make in plan.callable_defaults:
        if attribute not in values:
            row[attribute] = make(None)  # a Python callable, as SQLAlchemy wraps it (no context)
    connection, dialect = _direct(session, plan)
    returned = _run(connection, dialect, _insert(model, dialect, skip_duplicate), row)
    if returned is None:  # skip_duplicate: a unique column's value was taken
        return None
    key = returned[0]
    stale = session.identity_map.get(plan.mapper.identity_key_from_primary_key((key,)))
    if stale is not None:  # a row with this key was written and rolled back (SQLite reuses keys)
        session.expunge(stale)
    row[plan.key_attribute] = key
    return row


def adopt(session: Session, model, row: dict, related: dict | None = None):
    """The persistent instance of a stored row given as a dict (insert_dict's or find_dict's; keys that are not columns are ignored), made without SQL: the one the
    session holds, else one made from the values with `related` set as loaded."""
    session, plan = _session(session), _plan(model)
    key = row[plan.key_attribute]
    if session.identity_map.get(plan.mapper.identity_key_from_primary_key((key,))) is None:
        row = {attribute: row[attribute] for attribute, _ in plan.columns}  # only when it makes one
    return _adopt(session, plan, key, row, related)


@cache
def _update(model, dialect, attributes: tuple[str, ...]) -> _Statement:
    """UPDATE of these columns (and those with an `onupdate`) by key, compiled for `dialect`."""
    plan = _plan(model)
    columns = dict(plan.columns)
    keys = [columns[attribute].key for attribute in attributes]
    statement = update(plan.mapper.local_table).where(plan.key_column == bindparam("ieg_key"))
    compiled = statement.compile(dialect=dialect, column_keys=keys)
    attribute_of = {columns[attribute].key: attribute for attribute in attributes} | {"ieg_key": plan.key_attribute}
    return _statement(compiled, dialect, attribute_of)


def update_row(session: Session, model, key, values: dict) -> dict:
    """UPDATE the `model` row with this key now, setting `values` (by attribute), and the
    columns with a Python `onupdate` (as a flush would set them). Returns what was set, by
    attribute. An instance the session holds for the row takes the new values as loaded,
    so it never shows the old ones; like insert_row, no ORM or engine event sees it."""
    session, plan = _session(session), _plan(model)
    values = dict(values)
    for attribute, column in plan.columns:
        if attribute not in values and column.onupdate is not None and column.onupdate.is_callable:
            values[attribute] = column.onupdate.arg(None)
    connection, dialect = _direct(session, plan)
    _run(connection, dialect, _update(model, dialect, tuple(sorted(values))), {**values, plan.key_attribute: key})
    held = session.identity_map.get(plan.mapper.identity_key_from_primary_key((key,)))
    if held is not None:
        for attribute, value in values.items():
            set_committed_value(held, attribute, value)
    return values


@cache
def _select(model, attribute: str) -> DirectSelect:
    plan = _plan(model)
    column = plan.key_column if attribute == plan.key_attribute else dict(plan.columns)[attribute]
    return DirectSelect(select(plan.key_column, *(column for _, column in plan.columns))
                        .where(column == bindparam("value")).order_by(plan.key_column).limit(1))


@cache
def _latest(model) -> DirectSelect:
    plan = _plan(model)
    return DirectSelect(select(plan.key_column, *(column for _, column in plan.columns))
                        .order_by(plan.key_column.desc()).limit(1))


def latest(session: Session, model):
    """The `model` row with the highest key, as `find` returns a row, or None."""
    session, plan = _session(session), _plan(model)
    if session.autoflush:
        session.flush()
    found = _first_row(session, plan, _latest(model))
    return None if found is None else _adopt(session, plan, *found)


def find(session: Session, model, attribute: str, value, *, max_age: float = 0.0):
    """The first `model` row (lowest key) whose `attribute` is `value`, as a persistent
    instance, or None. Pending changes are flushed first, as an ORM query's autoflush would.
    `max_age` as for find_dict."""
    session, plan = _session(session), _plan(model)
    found = _find(session, plan, model, attribute, value, max_age)
    return None if found is None else _adopt(session, plan, *found)


def find_dict(session: Session, model, attribute: str, value, *, max_age: float = 0.0) -> dict | None:
    """As `find`, but a dict of the row's columns by attribute (the key included): no ORM
    instance is made, and one the session holds is not consulted.

    With `max_age` (seconds), a row this process read from the same database less than that
    long ago is not read again: for small data that changes rarely (case types), where a
    change may take that long to be seen. Only rows read in a transaction that committed
    are kept, so a row written and rolled back is never served."""
    session, plan = _session(session), _plan(model)
    found = _find(session, plan, model, attribute, value, max_age)
    return None if found is None else {plan.key_attribute: found[0], **found[1]}


def _find(session: Session, plan: _Plan, model, attribute: str, value, max_age: float):
    """(key, the other columns' values by attribute) of the first row found, or None."""
    if max_age:
        bind = session.get_bind(plan.mapper)
        recent = _recent.get(bind, {}).get((model, attribute, value))
        if recent is not None and monotonic() - recent[0] < max_age:
            return recent[1], _copied(recent[2])
    if session.autoflush:
        session.flush()
    read_at = monotonic()
    found = _first_row(session, plan, _select(model, attribute), value=value)
    if found is None:
        return None
    key, values = found
    if max_age:
        session.info.setdefault(_READ, []).append((bind, (model, attribute, value), (read_at, key, _copied(values))))
    return key, values


def first(session: Session, model, statement: DirectSelect, **params) -> tuple | None:
    """The first row of a DirectSelect over `model`'s table, run in the session's transaction
    (pending changes flushed first), as a tuple in the statement's column order; or None."""
    session, plan = _session(session), _plan(model)
    if session.autoflush:
        session.flush()
    found = _selected(session, plan, statement, params)
    return tuple(found[0]) if found else None


def _first_row(session: Session, plan: _Plan, statement: DirectSelect, **params):
    """(key, the other columns' values by attribute) of the statement's first row, or None."""
    rows = _selected(session, plan, statement, params)
    if not rows:
        return None
    key, *found = rows[0]
    return key, {name: column_value for (name, _), column_value in zip(plan.columns, found)}


def _selected(session: Session, plan: _Plan, statement: DirectSelect, params: dict) -> list:
    """The statement's rows, run on the session's connection; a DBAPI error as SQLAlchemy's."""
    connection, dialect = _direct(session, plan)
    try:
        return statement.rows(connection, dialect, **params)
    except dialect.loaded_dbapi.Error as exc:
        raise _database_error(dialect, str(statement.statement), params, exc) from exc


def _adopt(session: Session, plan: _Plan, key, values: dict, related: dict | None = None):
    """The session's instance of this row: the one it holds, or one made from `values` (every
    column but the key) with `related` set as loaded."""
    held = session.identity_map.get(plan.mapper.identity_key_from_primary_key((key,)))
    if held is not None:
        return held
    instance = _persistent(session, plan, key, values)
    for name, value in (related or {}).items():
        set_committed_value(instance, name, value)
    return instance


def _copied(values: dict) -> dict:
    """Values an instance may change in place (JSON lists and dicts) are its own."""
    return {name: deepcopy(value) if isinstance(value, (list, dict)) else value for name, value in values.items()}


# Rows find(max_age=...) read, by engine: (model, attribute, value) -> (read at, key, values).
_recent: WeakKeyDictionary = WeakKeyDictionary()
_READ = "ieg_rows_read"  # session.info: what this transaction read, kept if it commits


_CONNECTIONS = "ieg_rows_connections"  # session.info: (root transaction, {mapper or bind: (DBAPI connection, dialect)})


def _forget_connections(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CONNECTIONS, None)


def _keep_read(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a SAVEPOINT released: the transaction may still roll back
    for bind, lookup, row in session.info.pop(_READ, ()):
        _recent.setdefault(bind, {})[lookup] = row


def _forget_read(session: Session) -> None:
    session.info.pop(_READ, None)  # a SAVEPOINT's rollback too: what was read in it may be gone


# Registered on every Session by ieg.hooks.register_all.
SESSION_LISTENERS = (("after_transaction_end", _forget_connections), ("after_commit", _keep_read),
                     ("after_rollback", _forget_read))

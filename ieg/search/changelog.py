"""The ordered change log the nodes' search indexes follow (table search_changes).

Every flush that changes something a search Source watches appends entries (tokens such as
"page:12") in the writer's own transaction: if the change commits, so does the entry. Each
node (a web machine: its own whoosh index in its own instance folder) keeps its position
in the log in a file beside its index, written just after the index commits, so the index
is never behind its mark (a crash between the two only makes a node apply some entries
twice, which rewrites the same documents). Numbers that commit out of order are handled by
ieg.search.gaps. Nodes register in search_nodes (position, last seen) so lag can be
reported and the log pruned; a node whose unread entries were pruned rebuilds.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import bindparam, delete, func, insert, or_, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ieg.models.search import SearchChange, SearchLogPruned, SearchNode
from ieg.search.gaps import Mark, condition, prune_point
from ieg.search.schema import INDEX_NAME

KEEP = timedelta(days=7)        # entries older than this are pruned even if a node has not read them
NODE_GONE = timedelta(days=7)   # a node not seen for this long no longer holds pruning back


# -- writing --------------------------------------------------------------------------------

def record(connection, tokens, now: datetime) -> None:
    """Append entries in the connection's transaction. On PostgreSQL the transaction takes
    its id first (a no-op if its changes already gave it one), so its id is older than the
    numbers it takes: the rule ieg.search.gaps relies on."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_current_xact_id()"))
    connection.execute(insert(SearchChange), [{"token": t, "changed_at": now} for t in tokens])


# -- a node's mark, beside its index -------------------------------------------------------

def mark_file(folder) -> Path:
    # Named after the index: a new schema version (a new, empty index) has no mark yet.
    return Path(folder) / f"{INDEX_NAME}.position.json"


def read_mark(folder) -> Mark | None:
    """The node's position, or None if its index has never been built."""
    try:
        return Mark.from_json(mark_file(folder).read_text())
    except FileNotFoundError:
        return None


def write_mark(folder, mark: Mark) -> None:
    """Replace the mark atomically (a reader sees the old one or the new one, never half)."""
    target = mark_file(folder)
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    temporary.write_text(mark.to_json())
    os.replace(temporary, target)


# -- reading --------------------------------------------------------------------------------

@dataclass
class Batch:
    rows: list  # (id, token)
    xmin: int | None
    xmax: int | None


def _snapshot_sql(dialect: str) -> str:
    if dialect == "postgresql":
        return ("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin, "
                "pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax")
    return "SELECT NULL AS xmin, NULL AS xmax"


def read(session: Session, mark: Mark, limit: int) -> Batch:
    """The next entries after the mark and any of its gaps now visible, with the snapshot
    they were read in: one statement, so the snapshot is the one the rows come from."""
    where = "c.id > :position" + (" OR c.id IN :gaps" if mark.gaps else "")
    sql = text(f"WITH snap AS ({_snapshot_sql(session.get_bind().dialect.name)}) "
               "SELECT snap.xmin, snap.xmax, c.id, c.token FROM snap LEFT JOIN "
               f"(SELECT id, token FROM search_changes c WHERE {where} ORDER BY id LIMIT :limit) c ON 1 = 1 "
               "ORDER BY c.id")
    params = {"position": mark.position, "limit": limit}
    if mark.gaps:
        sql = sql.bindparams(bindparam("gaps", expanding=True))
        params["gaps"] = sorted(mark.gaps)
    result = session.execute(sql, params).all()
    xmin, xmax = (result[0].xmin, result[0].xmax) if result else (None, None)
    return Batch([(row.id, row.token) for row in result if row.id is not None],
                 None if xmin is None else int(xmin), None if xmax is None else int(xmax))


def head(session: Session) -> int:
    return session.scalar(select(func.max(SearchChange.id))) or 0


def pruned_through(session: Session) -> int:
    return session.scalar(select(SearchLogPruned.through).where(SearchLogPruned.id == 1)) or 0


def waiting(session: Session, mark: Mark) -> tuple[int, datetime | None]:
    """How many committed entries the mark has not applied, and when the oldest was made."""
    unread = SearchChange.id > mark.position
    if mark.gaps:
        unread = or_(unread, SearchChange.id.in_(sorted(mark.gaps)))
    count, oldest = session.execute(select(func.count(), func.min(SearchChange.changed_at)).where(unread)).one()
    return count or 0, oldest


def ids_after(session: Session, start: int) -> Batch:
    """The numbers in the log above `start`, with the snapshot (a rebuild's mark)."""
    sql = text(f"WITH snap AS ({_snapshot_sql(session.get_bind().dialect.name)}) "
               "SELECT snap.xmin, snap.xmax, c.id FROM snap LEFT JOIN "
               "(SELECT id FROM search_changes WHERE id > :start) c ON 1 = 1 ORDER BY c.id")
    result = session.execute(sql, {"start": start}).all()
    xmin, xmax = (result[0].xmin, result[0].xmax) if result else (None, None)
    return Batch([(row.id, None) for row in result if row.id is not None],
                 None if xmin is None else int(xmin), None if xmax is None else int(xmax))


# -- nodes ----------------------------------------------------------------------------------

def register(session: Session, name: str, mark: Mark, now: datetime, *, built: bool = False) -> None:
    """Note the node's position and that it is alive (commits: its own small transaction)."""
    session.rollback()
    node = session.get(SearchNode, name)
    if node is None:
        node = SearchNode(name=name, position=mark.safe, seen_at=now, built_at=now if built else None)
        session.add(node)
    else:
        node.position, node.seen_at = mark.safe, now
        if built:
            node.built_at = now
    try:
        session.commit()
    except SQLAlchemyError:  # another process of the node registered it first, or a read-only standby
        session.rollback()


@dataclass
class State:
    """One node's search, for /healthz and monitoring."""

    condition: str       # building, behind or ok
    position: int        # every entry up to here is in this node's index
    head: int            # the newest entry in the log
    lag_entries: int     # entries committed but not yet in this node's index
    lag_seconds: float   # how long the oldest of them has waited

    def as_dict(self) -> dict:
        return {"condition": self.condition, "position": self.position, "head": self.head,
                "lag_entries": self.lag_entries, "lag_seconds": round(self.lag_seconds, 3)}


def state(session: Session, folder, now: datetime) -> State:
    """A node's search state: the mark beside its index (`folder`) against the log."""
    mark = read_mark(folder)
    top = head(session)
    if mark is None:
        count, oldest = waiting(session, Mark())
    else:
        count, oldest = waiting(session, mark)
    lag = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    safe = mark.safe if mark is not None else 0
    return State(condition(mark is not None, safe, pruned_through(session), count), safe, top, count, lag)


# -- pruning ---------------------------------------------------------------------------------

def prune(session: Session, now: datetime) -> int:
    """Delete entries every node still followed has passed, and any older than KEEP; note
    how far (a node that had not read them rebuilds). Flushes; returns entries deleted."""
    live = session.scalars(select(SearchNode.position).where(SearchNode.seen_at >= now - NODE_GONE)).all()
    point = prune_point(list(live), head(session))
    doomed = or_(SearchChange.id <= point, SearchChange.changed_at < now - KEEP)
    through = session.scalar(select(func.max(SearchChange.id)).where(doomed))
    if through is None:
        return 0
    deleted = session.execute(delete(SearchChange).where(doomed)).rowcount
    record_row = session.get(SearchLogPruned, 1)
    if record_row is None:
        session.add(SearchLogPruned(id=1, through=through, pruned_at=now))
    elif through > record_row.through:
        record_row.through, record_row.pruned_at = through, now
    session.execute(delete(SearchNode).where(SearchNode.seen_at < now - NODE_GONE))
    session.flush()
    return deleted

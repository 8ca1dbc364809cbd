"""Keeping the index in step with the database.

1. On flush, every changed object a registered Source watches turns into queue tokens,
   written to `search_queue` in the same transaction: if the change commits, so does the
   note that the index needs it; a crash anywhere after that loses nothing.
2. After the commit, this process's indexer thread (ieg.search.web.Indexer) is woken. It takes the index's write
   lock (waiting and retrying while another process, say the scheduler, holds it), then
   reads the queue and the current rows in a fresh transaction, rewrites or removes those
   documents, commits the index and deletes the queue rows it handled. Reading after
   taking the lock means two processes can never write an older state over a newer one.
   The web request that made the change never waits for any of this.
3. The scheduler's `search-sync` job drains anything left (a process that died before its
   thread ran), and the nightly `search-check` job compares index and database.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.orm import Session
from whoosh.index import LockError
from whoosh.writing import CLEAR

from ieg.models.search import SearchQueueItem
from ieg.search import documents
from ieg.search.schema import fields_of
from ieg.timeutil import utcnow

log = logging.getLogger(__name__)

BATCH = 500            # queue rows per index commit
LOCK_WAIT = 30.0       # seconds a writer waits for another process's lock before giving up for now
_FLAG = "ieg_search_changed"


def _collect(session: Session, flush_context) -> None:
    tokens: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        for source in documents.watched(obj):
            tokens.update(source.affected(obj))
    if tokens:
        now = utcnow()
        session.connection().execute(insert(SearchQueueItem), [{"token": t, "queued_at": now} for t in sorted(tokens)])
        session.info[_FLAG] = True


def committed_changes(session: Session) -> bool:
    """Whether the transaction just committed queued index work (asked once per commit)."""
    return session.info.pop(_FLAG, False)


def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)


def listen(after_commit) -> None:
    """Follow every session's changes into the queue, and call `after_commit(session)` once
    a transaction commits (it asks `committed_changes`). Registered by the app's hooks, not
    on import, so a process that never builds an app queues nothing; safe to call again."""
    for name, handler in (("after_flush", _collect), ("after_commit", after_commit), ("after_rollback", _after_rollback)):
        if not event.contains(Session, name, handler):
            event.listen(Session, name, handler)


class Busy(Exception):
    """Another process held the index's write lock for longer than we would wait."""


def writer(ix, wait: float = LOCK_WAIT):
    """The index writer, waiting (with growing pauses) while another process holds the lock."""
    deadline, pause = time.monotonic() + wait, 0.02
    while True:
        try:
            return ix.writer(limitmb=128)
        except LockError:
            if time.monotonic() >= deadline:
                raise Busy(f"the search index stayed locked for {wait:.0f} s") from None
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def _apply(w, docs: dict[str, documents.Document | None]) -> tuple[int, int]:
    written = removed = 0
    for key, doc in docs.items():
        if doc is None:
            w.delete_by_term("key", key)
            removed += 1
        else:
            w.update_document(**fields_of(doc))
            written += 1
    return written, removed


def load(session: Session, tokens: list[str]) -> dict[str, documents.Document | None]:
    """The current documents for queue tokens, grouped by the source that owns each."""
    by_source: dict[str, list[str]] = {}
    for token in dict.fromkeys(tokens):
        source = documents.source_for(token)
        if source is None:
            log.warning("search queue token %r has no registered source; dropped", token)
            continue
        by_source.setdefault(source.kind, []).append(token)
    docs: dict[str, documents.Document | None] = {}
    for kind, kind_tokens in by_source.items():
        docs.update(documents.source_for(kind + ":").load(session, kind_tokens))
    return docs


@dataclass
class DrainResult:
    rows: int = 0
    written: int = 0
    removed: int = 0


def drain(session: Session, ix, wait: float = LOCK_WAIT) -> DrainResult:
    """Index everything queued, in batches; returns what it did. Raises Busy if the lock
    stays taken (the queue rows stay, so the next attempt does the work)."""
    result = DrainResult()
    while session.scalar(select(func.count()).select_from(SearchQueueItem)):
        session.rollback()
        w = writer(ix, wait)
        try:
            session.rollback()  # a fresh snapshot, taken while holding the lock (see module doc)
            rows = session.execute(select(SearchQueueItem.id, SearchQueueItem.token)
                                   .order_by(SearchQueueItem.id).limit(BATCH)).all()
            if not rows:  # another process did it while we waited for the lock
                w.cancel()
                break
            written, removed = _apply(w, load(session, [row.token for row in rows]))
            w.commit()
        except BaseException:
            w.cancel()
            raise
        session.execute(delete(SearchQueueItem).where(SearchQueueItem.id.in_([row.id for row in rows])))
        session.commit()
        result.rows += len(rows)
        result.written += written
        result.removed += removed
    session.rollback()
    return result


def rebuild(session: Session, ix, wait: float = LOCK_WAIT) -> int:
    """Replace the whole index with what the database holds now; readers see the old
    index until the new one is committed."""
    w = writer(ix, wait)
    try:
        session.rollback()
        top_id = session.scalar(select(func.max(SearchQueueItem.id)))
        count = 0
        for source in documents.sources():
            for doc in source.everything(session):
                w.add_document(**fields_of(doc))
                count += 1
        w.commit(mergetype=CLEAR)
    except BaseException:
        w.cancel()
        raise
    if top_id is not None:  # everything queued before the rebuild read the database is in it
        session.execute(delete(SearchQueueItem).where(SearchQueueItem.id <= top_id))
    session.commit()
    return count


@dataclass
class CheckResult:
    documents: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return len(self.added) + len(self.updated) + len(self.removed)

    def summary(self) -> str:
        def some(keys):
            return ", ".join(keys[:10]) + (" ..." if len(keys) > 10 else "")
        parts = [f"{self.documents} documents checked"]
        for name, keys in (("added", self.added), ("updated", self.updated), ("removed", self.removed)):
            parts.append(f"{name} {len(keys)}" + (f" ({some(keys)})" if keys else ""))
        return "; ".join(parts)


def check(session: Session, ix, wait: float = LOCK_WAIT) -> CheckResult:
    """Compare the index with the database and repair every difference: missing documents
    added, stale ones rewritten, ones that should not be there removed."""
    result = CheckResult()
    w = writer(ix, wait)
    try:
        session.rollback()
        expected = {doc.key: doc for source in documents.sources() for doc in source.everything(session)}
        with ix.searcher() as searcher:
            indexed = {fields["key"]: fields.get("stamp") for fields in searcher.all_stored_fields()}
        result.documents = len(expected)
        for key, doc in expected.items():
            if key not in indexed:
                result.added.append(key)
                w.update_document(**fields_of(doc))
            elif indexed[key] != doc.stamp():
                result.updated.append(key)
                w.update_document(**fields_of(doc))
        for key in indexed.keys() - expected.keys():
            result.removed.append(key)
            w.delete_by_term("key", key)
        if result.fixed:
            w.commit()
        else:
            w.cancel()
    except BaseException:
        w.cancel()
        raise
    session.rollback()
    return result


def queued(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchQueueItem)) or 0

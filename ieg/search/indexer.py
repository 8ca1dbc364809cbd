"""Keeping the index in step with the database.

1. On flush, every changed object a registered Source watches turns into queue tokens,
   written to `search_queue` in the same transaction: if the change commits, so does the
   note that the index needs it; a crash anywhere after that loses nothing.
2. After the commit, this process's indexer thread is woken. It takes the index's write
   lock (waiting and retrying while another process, say the scheduler, holds it), then
   reads the queue and the current rows in a fresh transaction, rewrites or removes those
   documents, commits the index and deletes the queue rows it handled. Reading after
   taking the lock means two processes can never write an older state over a newer one.
   The web request that made the change never waits for any of this.
3. The scheduler's `search-sync` job drains anything left (a process that died before its
   thread ran), and the nightly `search-check` job compares index and database.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
from dataclasses import dataclass, field
from itertools import chain

from flask import Flask, current_app, has_app_context
from sqlalchemy import delete, event, func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from whoosh.index import LockError
from whoosh.writing import CLEAR

from ieg.models.search import SearchQueueItem
from ieg.search import documents
from ieg.search.schema import fields_of, index_path, open_index
from ieg.timeutil import utcnow

log = logging.getLogger(__name__)

BATCH = 500            # queue rows per index commit
LOCK_WAIT = 30.0       # seconds a writer waits for another process's lock before giving up for now
_FLAG = "ieg_search_changed"


@event.listens_for(Session, "after_flush")
def _collect(session: Session, flush_context) -> None:
    tokens: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        for source in documents.watched(obj):
            tokens.update(source.affected(obj))
    if tokens:
        now = utcnow()
        session.connection().execute(insert(SearchQueueItem), [{"token": t, "queued_at": now} for t in sorted(tokens)])
        session.info[_FLAG] = True


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_FLAG, False) and has_app_context():
        indexer = current_app.extensions.get("ieg_search_indexer")
        if indexer is not None:
            indexer.wake()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)


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


class Indexer:
    """One per process: the index handle and the thread that drains the queue."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._ix = None
        self._ix_lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._exit_hook = False
        self._busy = False
        self._stop = threading.Event()
        self.errors = 0

    @property
    def ix(self):
        if self._ix is None:
            with self._ix_lock:
                if self._ix is None:
                    self._ix = open_index(index_path(self.app.config))
        return self._ix

    def wake(self) -> None:
        if self._stop.is_set():
            return  # stopped: the queue keeps the work for another process
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="ieg-search-indexer", daemon=True)
                self._thread.start()
            if not self._exit_hook:
                atexit.register(self._at_exit)
                self._exit_hook = True
        self._wake.set()

    def _run(self) -> None:
        pause = 0.5
        while not self._stop.is_set():
            self._busy = False
            self._wake.wait(timeout=60)
            if self._stop.is_set():
                break
            self._busy = True
            self._wake.clear()
            try:
                with self.app.app_context():
                    from ieg.extensions import db
                    try:
                        drain(db.session, self.ix)
                    finally:
                        db.session.remove()
                pause = 0.5
            except Exception as exc:  # noqa: BLE001 - the thread must survive; the queue keeps the work
                self.errors += 1
                if isinstance(exc, OperationalError):  # the database is away (restarting, shut down): expected
                    log.warning("search indexing waits for the database (%s); retry in %.1f s",
                                str(exc.orig or exc).splitlines()[0][:200], pause)
                else:
                    log.exception("search indexing failed; will retry in %.1f s", pause)
                if self._stop.wait(pause):
                    break
                pause = min(pause * 2, 30.0)
                self._wake.set()
        self._busy = False

    def stop(self, timeout: float = 5.0) -> None:
        """End the thread (an app being thrown away, as in tests): what is still queued stays
        in the queue for another process or the scheduler's search-sync job."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def idle(self) -> bool:
        """Nothing being indexed and nothing waiting to be (for tests and benchmarks)."""
        return not self._busy and not self._wake.is_set()

    def _at_exit(self) -> None:
        """A command that changed content is ending: index what it queued, briefly."""
        try:
            with self.app.app_context():
                from ieg.extensions import db
                drain(db.session, self.ix, wait=5.0)
                db.session.remove()
        except Exception:  # noqa: BLE001 - the scheduler's search-sync job will do it
            log.info("search queue left for the scheduler", exc_info=True)


def init_app(app: Flask) -> None:
    app.extensions["ieg_search_indexer"] = Indexer(app)


def indexer_for(app: Flask) -> Indexer:
    return app.extensions["ieg_search_indexer"]


def queued(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(SearchQueueItem)) or 0

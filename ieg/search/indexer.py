"""Keeping each node's index in step with the database.

1. On flush, every changed object a registered Source watches turns into tokens, appended
   to the change log (ieg.search.changelog) in the same transaction: if the change
   commits, so does the note that the indexes need it; a crash anywhere after that loses
   nothing. Entries stay in the log for every node to read; they are pruned once every
   node has passed them.
2. After the commit, this process's indexer thread (ieg.search.web.Indexer) is woken; on
   several nodes one process per node also polls the log for other nodes' entries. To
   follow, a process takes its node's follow lock and the index's write lock (waiting
   while another process of the node holds them), reads the node's mark and the entries
   after it, then the current rows, in a fresh transaction, rewrites or removes those
   documents, commits the index and moves the mark. Reading after taking the locks means
   two processes can never write an older state over a newer one. The web request that
   made the change never waits for any of this.
3. A node with no mark (new, or a new schema version) or whose unread entries were pruned
   builds its whole index from the database first. The nightly `search-check` compares
   an index with the database and repairs it.
"""
from __future__ import annotations

import fcntl
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session
from whoosh.index import LockError
from whoosh.writing import CLEAR

from ieg.models.search import SearchChange
from ieg.search import changelog, documents
from ieg.search.gaps import Mark, advance
from ieg.search.schema import fields_of
from ieg.timeutil import utcnow

log = logging.getLogger(__name__)

BATCH = 500            # log entries per index commit
LOCK_WAIT = 30.0       # seconds a writer waits for another process's lock before giving up for now
_FLAG = "ieg_search_changed"


def _collect(session: Session, flush_context) -> None:
    tokens: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        for source in documents.watched(obj):
            tokens.update(source.affected(obj))
    if tokens:
        changelog.record(session.connection(), sorted(tokens), utcnow())
        session.info[_FLAG] = True


def committed_changes(session: Session) -> bool:
    """Whether the transaction just committed logged index work (asked once per commit)."""
    return session.info.pop(_FLAG, False)


def _after_rollback(session: Session) -> None:
    session.info.pop(_FLAG, None)


def listen(after_commit) -> None:
    """Follow every session's changes into the log, and call `after_commit(session)` once
    a transaction commits (it asks `committed_changes`). Registered by the app's hooks, not
    on import, so a process that never builds an app logs nothing; safe to call again."""
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


@contextmanager
def node_lock(folder, wait: float = LOCK_WAIT):
    """The node's follow lock (a file beside its index): one process of a node at a time
    reads the log, writes the index and moves the mark, so a mark never goes backwards."""
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    deadline, pause = time.monotonic() + wait, 0.02
    with open(path / "follow.lock", "w") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(f"the search index's follow lock stayed taken for {wait:.0f} s") from None
                time.sleep(pause)
                pause = min(pause * 2, 1.0)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class FollowResult:
    rows: int = 0          # log entries applied
    written: int = 0
    removed: int = 0
    built: int | None = None  # documents, when the index was (re)built from the database
    mark: Mark | None = None


def follow(session: Session, ix, wait: float = LOCK_WAIT, *, node: str | None = None,
           now: datetime | None = None) -> FollowResult:
    """Bring this node's index up to the change log, in batches; build it first if it has
    no mark or entries it never read were pruned. With `node`, note the node's position
    in search_nodes (committed). Raises Busy if the locks stay taken (the log keeps the
    work, so the next attempt does it)."""
    folder = ix.storage.folder
    result = FollowResult()
    with node_lock(folder, wait):
        while True:
            session.rollback()
            w = writer(ix, wait)
            try:
                session.rollback()  # a fresh snapshot, taken while holding the locks (see module doc)
                mark = changelog.read_mark(folder)
                if mark is None or mark.safe < changelog.pruned_through(session):
                    result.built, mark = _build(session, ix, w)
                    continue
                batch = changelog.read(session, mark, BATCH)
                moved = advance(mark, [number for number, _ in batch.rows], batch.xmin, batch.xmax)
                if not batch.rows:
                    w.cancel()
                    if moved != mark:  # gaps forgotten: their writers rolled back
                        changelog.write_mark(folder, moved)
                    break
                written, removed = _apply(w, load(session, [token for _, token in batch.rows]))
                w.commit()
            except BaseException:
                w.cancel()
                raise
            changelog.write_mark(folder, moved)  # after the index commit: a mark is never ahead of its index
            result.rows += len(batch.rows)
            result.written += written
            result.removed += removed
            if len(batch.rows) < BATCH:
                break
        session.rollback()
        result.mark = changelog.read_mark(folder)
    if node is not None:
        changelog.register(session, node, result.mark, now or utcnow(), built=result.built is not None)
    return result


def _build(session: Session, ix, w) -> tuple[int, Mark]:
    """Replace the whole index with what the database holds now (readers see the old index
    until the new one is committed) and mark it: the log as it stood before the documents
    were read, with the numbers still uncommitted then as gaps to look for later."""
    folder = ix.storage.folder
    start = changelog.pruned_through(session)
    batch = changelog.ids_after(session, start)
    mark = advance(Mark(position=start), [number for number, _ in batch.rows], batch.xmin, batch.xmax)
    count = 0
    for source in documents.sources():
        for doc in source.everything(session):
            w.add_document(**fields_of(doc))
            count += 1
    w.commit(mergetype=CLEAR)
    changelog.write_mark(folder, mark)
    return count, mark


def rebuild(session: Session, ix, wait: float = LOCK_WAIT) -> int:
    """Rebuild the index from the database (`flask ieg reindex`); returns its documents."""
    with node_lock(ix.storage.folder, wait):
        w = writer(ix, wait)
        try:
            session.rollback()
            count, _ = _build(session, ix, w)
        except BaseException:
            w.cancel()
            raise
    session.rollback()
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


def logged(session: Session) -> int:
    """Entries in the change log (every node's, read or not)."""
    return session.scalar(select(func.count()).select_from(SearchChange)) or 0


def behind(session: Session, ix) -> int:
    """Entries committed to the log that this node's index does not have yet."""
    mark = changelog.read_mark(ix.storage.folder)
    return changelog.waiting(session, mark or Mark())[0]

"""The search engine bound to the Flask app: each app's indexer thread (woken after a commit
that logged index work, and on several nodes polling the log for other nodes' changes), this
thread's searcher, the node's search state, and the search /search runs. The engine's own
modules (ieg.search.*) import no Flask; the factory, jobs, CLI and blueprints use this."""
from __future__ import annotations

import atexit
import fcntl
import logging
import threading
import time

from flask import Flask, current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ieg.extensions import db
from ieg.models import Section
from ieg.search import changelog, evaluate, indexer, query, vocabulary
from ieg.search.indexer import follow
from ieg.search.schema import index_path, open_index
from ieg.timeutil import utcnow

log = logging.getLogger("ieg.search.indexer")  # the indexer thread's messages keep their logger's name
EXTENSION = "ieg_search_indexer"
POLLER_RETRY = 5.0   # seconds between a process's tries to become its node's poller
SEEN_EVERY = 30.0    # seconds between a polling node's notes that it is alive


def node_name(config) -> str:
    """This node's name in the change log (IEG_NODE_NAME; config.load defaults it to the host and
    instance folder)."""
    return config["NODE_NAME"]


def follow_seconds(config) -> float:
    """How often the node polls the log: only where other machines can write (not SQLite)."""
    value = config.get("SEARCH_FOLLOW_SECONDS")
    if value is None or value == "":
        return 0.0 if config.get("SQLALCHEMY_DATABASE_URI", "").startswith("sqlite") else 0.5
    return max(float(value), 0.0)


class Indexer:
    """One per process: the index handle and the thread that follows the change log into it.

    It runs after this process's own commits (woken at once). Where other machines write
    too (SEARCH_FOLLOW_SECONDS > 0), one process per node also polls the log (a cheap
    max(id)) while holding the node's poller lock, a file lock the system drops if that
    process dies; the others try again every few seconds, so one takes over."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.node = node_name(app.config)
        self.poll = follow_seconds(app.config)
        self._ix = None
        self._ix_lock = threading.Lock()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._exit_hook = False
        self._busy = False
        self._stop = threading.Event()
        self._poller = None  # the open poller lock file, while this process is the node's poller
        self._registered_at = 0.0
        self.errors = 0

    @property
    def ix(self):
        if self._ix is None:
            with self._ix_lock:
                if self._ix is None:
                    self._ix = open_index(index_path(self.app.config))
        return self._ix

    @property
    def folder(self):
        return index_path(self.app.config)

    def start(self) -> None:
        """Make sure the thread runs (a following node's first request starts it: threads
        do not survive a pre-forking server's fork, so not at import)."""
        if self._stop.is_set():
            return  # stopped: the log keeps the work for the next start
        thread = self._thread
        if thread is not None and thread.is_alive():
            return
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="ieg-search-indexer", daemon=True)
                self._thread.start()
            if not self._exit_hook:
                atexit.register(self._at_exit)
                self._exit_hook = True

    def wake(self) -> None:
        self.start()
        if not self._stop.is_set():
            self._wake.set()

    def _run(self) -> None:
        pause = 0.5
        due = self.poll > 0  # a following node reads the log as soon as it starts: a new one builds
        while not self._stop.is_set():
            self._busy = False
            if not due:
                due = self._wake.wait(timeout=self._interval()) or self._log_moved()
            if self._stop.is_set():
                break
            if not due:
                continue
            self._busy = True
            self._wake.clear()
            due = False
            try:
                with self.app.app_context():
                    try:
                        follow(db.session, self.ix, node=self.node, now=utcnow())
                        self._registered_at = time.monotonic()
                    finally:
                        db.session.remove()
                pause = 0.5
            except Exception as exc:  # noqa: BLE001 - the thread must survive; the log keeps the work
                self.errors += 1
                if isinstance(exc, OperationalError):  # the database is away (restarting, shut down): expected
                    log.warning("search indexing waits for the database (%s); retry in %.1f s",
                                str(exc.orig or exc).splitlines()[0][:200], pause)
                else:
                    log.exception("search indexing failed; will retry in %.1f s", pause)
                if self._stop.wait(pause):
                    break
                pause = min(pause * 2, 30.0)
                due = True
        self._busy = False

    def _interval(self) -> float:
        if self.poll <= 0:
            return 60.0
        return self.poll if self._is_poller() else POLLER_RETRY

    def _is_poller(self) -> bool:
        """Hold the node's poller lock, taking it if no other process of the node has it."""
        if self._poller is None:
            folder = self.folder
            folder.mkdir(parents=True, exist_ok=True)
            handle = open(folder / "poller.lock", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                return False
            self._poller = handle
        return True

    def _log_moved(self) -> bool:
        """As the node's poller: whether the log has entries this node has not read (or its
        gaps need another look, or it is time to say it is alive)."""
        if self.poll <= 0 or not self._is_poller():
            return False
        mark = changelog.read_mark(self.folder)
        if mark is None or mark.gaps or time.monotonic() - self._registered_at >= SEEN_EVERY:
            return True
        try:
            with self.app.app_context():
                try:
                    return changelog.head(db.session) > mark.position
                finally:
                    db.session.remove()
        except Exception:  # noqa: BLE001 - following reports and backs off
            return True

    def stop(self, timeout: float = 5.0) -> None:
        """End the thread (an app being thrown away, as in tests, or a node taken down): the
        log keeps what it has not read for when it starts again."""
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        if self._poller is not None:
            self._poller.close()  # another process of the node becomes the poller
            self._poller = None

    def idle(self) -> bool:
        """Nothing being indexed and nothing waiting to be (for tests and benchmarks)."""
        return not self._busy and not self._wake.is_set()

    def _at_exit(self) -> None:
        """A command that changed content is ending: index what it logged, briefly."""
        if self._stop.is_set():
            return
        try:
            with self.app.app_context():
                follow(db.session, self.ix, wait=5.0, node=self.node, now=utcnow())
                db.session.remove()
        except Exception:  # noqa: BLE001 - the node's next start or poll will do it
            log.info("search log left for the node's next follow", exc_info=True)


def init_app(app: Flask) -> None:
    worker = app.extensions[EXTENSION] = Indexer(app)
    if worker.poll > 0:
        app.before_request(worker.start)


def following(app: Flask) -> bool:
    """Whether this node follows other machines' changes (several nodes on one database)."""
    return indexer_for(app).poll > 0


def node_state(app: Flask, session) -> changelog.State:
    """This node's search: building, behind (with the lag) or ok (for /healthz, /metrics)."""
    return changelog.state(session, indexer_for(app).folder, utcnow())


def lag_entries(session, now, cfg) -> int:
    """For /metrics (read in the app): change-log entries not yet in this node's index."""
    return node_state(current_app, session).lag_entries


def lag_seconds(session, now, cfg) -> float:
    """For /metrics: how long the oldest entry not yet in this node's index has waited."""
    return node_state(current_app, session).lag_seconds


def building(session, now, cfg) -> int:
    """For /metrics: 1 while this node builds its index (it takes no traffic), else 0."""
    return int(node_state(current_app, session).condition == "building")


def indexer_for(app: Flask) -> Indexer:
    return app.extensions[EXTENSION]


def wake_after_commit(session: Session) -> None:
    """After a commit that logged index work, wake the current app's indexer thread."""
    if indexer.committed_changes(session) and has_app_context():
        found = current_app.extensions.get(EXTENSION)
        if found is not None:
            found.wake()


_local = threading.local()


def searcher(app: Flask):
    """This thread's searcher, brought up to date with the latest committed index (cheap
    when nothing changed). whoosh searchers are not shared between threads."""
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
    ix = indexer_for(app).ix
    key = ix.storage.folder  # one index directory per app
    current = cache.get(key)
    if current is None or not current.up_to_date():
        # A new searcher rather than refresh(): refresh() fails when the old one was
        # opened on an empty index (whoosh 2.7's EmptyReader has no segments). The old
        # one is not closed here: results still being read may hold it; it closes when
        # the last reference goes.
        current = cache[key] = ix.searcher()
        _warm_in_background(ix, current)
    return current


_warming = threading.Lock()
BACKGROUND_WARM = True  # benchmarks turn it off to measure a cold process


def _warm_in_background(ix, current) -> None:
    """A large segment this process has not read yet: decode its common words in a
    thread, so the first residents after a start or a merge do not wait for them."""
    if not BACKGROUND_WARM or _warming.locked() or not evaluate.needs_warming(current):
        return

    def run():
        with _warming:
            try:
                with ix.searcher() as own:  # a reader of its own: whoosh readers are not shared
                    evaluate.warm(own)
            except Exception:  # noqa: BLE001 - warming is an optimisation; queries decode on demand
                pass
    threading.Thread(target=run, name="ieg-search-warm", daemon=True).start()


def site_search(app: Flask, session, raw: str, *, section: str = "", page: int = 1):
    """The search /search runs: the council's synonyms, the query's best bets, and the
    section titles for the filter."""
    parsed = query.parse(raw)
    results = query.run(searcher(app), parsed, vocabulary.synonyms(session),
                        best_bets=vocabulary.best_bet_keys(session, parsed.text), section=section, page=page)
    if results.sections:
        titles = dict(session.execute(select(Section.slug, Section.title)).all())
        results.sections = [(slug, titles.get(slug, slug), count) for slug, _, count in results.sections]
    return results

"""The search engine bound to the Flask app: each app's indexer thread (woken after a commit
that queued index work), this thread's searcher, and the search /search runs. The engine's
own modules (ieg.search.*) import no Flask; the factory, jobs, CLI and blueprints use this."""
from __future__ import annotations

import atexit
import logging
import threading

from flask import Flask, current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ieg.extensions import db
from ieg.models import Section
from ieg.search import evaluate, indexer, query, vocabulary
from ieg.search.indexer import drain
from ieg.search.schema import index_path, open_index

log = logging.getLogger("ieg.search.indexer")  # the indexer thread's messages keep their logger's name
EXTENSION = "ieg_search_indexer"


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
                drain(db.session, self.ix, wait=5.0)
                db.session.remove()
        except Exception:  # noqa: BLE001 - the scheduler's search-sync job will do it
            log.info("search queue left for the scheduler", exc_info=True)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Indexer(app)


def indexer_for(app: Flask) -> Indexer:
    return app.extensions[EXTENSION]


def wake_after_commit(session: Session) -> None:
    """After a commit that queued index work, wake the current app's indexer thread."""
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

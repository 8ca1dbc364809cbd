"""Site search on whoosh: schema, the index writer that follows the database, queries,
the council's vocabulary (synonyms, best bets) and the search log."""
from __future__ import annotations

import threading

from flask import Flask

from ieg.search import indexer

_local = threading.local()


def init_app(app: Flask) -> None:
    indexer.init_app(app)


def searcher(app: Flask):
    """This thread's searcher, brought up to date with the latest committed index (cheap
    when nothing changed). whoosh searchers are not shared between threads."""
    cache = getattr(_local, "searchers", None)
    if cache is None:
        cache = _local.searchers = {}
    ix = indexer.indexer_for(app).ix
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
    from ieg.search import evaluate

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
    from sqlalchemy import select

    from ieg.models import Section
    from ieg.search import query, vocabulary

    parsed = query.parse(raw)
    results = query.run(searcher(app), parsed, vocabulary.synonyms(session),
                        best_bets=vocabulary.best_bet_keys(session, parsed.text), section=section, page=page)
    if results.sections:
        titles = dict(session.execute(select(Section.slug, Section.title)).all())
        results.sections = [(slug, titles.get(slug, slug), count) for slug, _, count in results.sections]
    return results

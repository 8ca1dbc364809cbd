"""What the app needs registered to behave, in one place, called by `create_app`: what an
area records when its mail has gone (R28's acknowledgement, a reply as the response R29
measures), the session hooks that queue search-index work and delete a removed attachment's
file, the page cache's and the fast path's session listeners, the SQLite connection settings,
and the kinds of document the index holds. Registering here rather than on import means a fact
is recorded because the app was built, not because some module happened to be imported. Safe
to call again: nothing is registered twice."""
from __future__ import annotations

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ieg import cache, database, fast_rows, files_store, metrics
from ieg.casework import enquiries, handling
from ieg.casework import search_docs as casework_documents
from ieg.content import attachments
from ieg.content import search_docs as content_documents
from ieg.mail import outbox
from ieg.search import documents, indexer
from ieg.search import web as search_web
from ieg.democracy import alerts as democracy_alerts
from ieg.democracy import evidence as democracy_evidence
from ieg.democracy import search_docs as democracy_documents
from ieg.directory import evidence as directory_evidence
from ieg.directory import search_docs as directory_documents
from ieg.evidence import live as live_evidence
from ieg.news import alerts as news_alerts
from ieg.participation import measures as participation_measures
from ieg.participation import search_docs as participation_documents
from ieg.participation import topic_kinds as participation_topic_kinds
from ieg.participation import topics as alert_topics
from ieg.usage import web as usage_web
from ieg.whatson import alerts as whatson_alerts
from ieg.whatson import search_docs as whatson_documents


def register_all(app: Flask) -> None:
    for name, handler in database.ENGINE_LISTENERS:
        _listen(Engine, name, handler)
    for name, handler in (*cache.SESSION_LISTENERS, *fast_rows.SESSION_LISTENERS):
        _listen(Session, name, handler)
    outbox.SENT_HOOKS["acknowledgement"] = enquiries.record_acknowledgement_sent
    outbox.SENT_HOOKS["reply"] = handling.record_reply_sent
    for source in (*casework_documents.SOURCES, *content_documents.SOURCES, *democracy_documents.SOURCES,
                   *participation_documents.SOURCES, *whatson_documents.SOURCES, *directory_documents.SOURCES):
        documents.register(source)
    indexer.listen(search_web.wake_after_commit)
    _listen(Session, "before_commit", _delete_discarded_blobs)
    _listen(Session, "after_commit", _delete_discarded_files)
    _listen(Session, "after_rollback", attachments.keep_discarded)
    # The alerts engine's topic kinds (other areas add theirs here).
    for kind in (*participation_topic_kinds.KINDS, *democracy_alerts.KINDS, *whatson_alerts.KINDS,
                 *news_alerts.KINDS):
        alert_topics.register(kind)
    # Live evidence of the areas evidence may not import (they sit beside it in the layers).
    live_evidence.LIVE.update(R5=democracy_evidence.r5, R6=democracy_evidence.r6, R15=participation_measures.r15,
                              G3=participation_measures.g3, E3=participation_measures.e3)
    live_evidence.LIVE.update(G2=directory_evidence.g2_directory)
    # Search is an area metrics may not import: its readings are added here, once.
    if not any(reading.name == "ieg_search_lag_entries" for reading in metrics.READINGS):
        metrics.READINGS.extend((
            metrics.Reading("ieg_search_lag_entries", "Search changes not yet in this machine's index",
                            search_web.lag_entries),
            metrics.Reading("ieg_search_lag_seconds", "How long the oldest change not yet in this machine's index "
                            "has waited", search_web.lag_seconds),
            metrics.Reading("ieg_search_building", "1 while this machine builds its search index", search_web.building)))
    metrics.register(app)  # requests by route (/metrics); before the count, whose hook must run first
    usage_web.register(app)  # the page-view count (R26), after every other after_request hook so it runs first


def _listen(target, name: str, handler) -> None:
    if not event.contains(target, name, handler):
        event.listen(target, name, handler)


def _delete_discarded_files(session: Session) -> None:
    """A committed removal of attachments: their files go from the app's upload folder."""
    names = attachments.committed_discards(session)
    if names and has_app_context():
        store = files_store.folder_store(current_app.config)
        for name in names:
            store.delete(name)


def _delete_discarded_blobs(session: Session) -> None:
    """In the database store, removed attachments' files go in the transaction that removes them."""
    if (session.info.get("ieg_discarded_files") and has_app_context()
            and files_store.backend(current_app.config) == "database"):
        store = files_store.DatabaseStore(session)
        for name in attachments.committed_discards(session):
            store.delete(name)

"""What the app needs registered to behave, in one place, called by `create_app`: what an
area records when its mail has gone (R28's acknowledgement, a reply as the response R29
measures), the session hooks that queue search-index work and delete a removed attachment's
file, and the kinds of document the index holds. Registering here rather than on import means
a fact is recorded because the app was built, not because some blueprint happened to import
the module that holds it. Safe to call again: nothing is registered twice. (The page cache
and the fast path still register their own session listeners when imported; both are
imported by every app.)"""
from __future__ import annotations

from flask import Flask, current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from ieg import database  # noqa: F401  (the SQLite pragmas, on every engine)
from ieg.casework import enquiries, handling
from ieg.casework import search_docs as casework_documents
from ieg.content import attachments
from ieg.content import search_docs as content_documents
from ieg.mail import outbox
from ieg.search import documents, indexer
from ieg.search import web as search_web


def register_all(app: Flask) -> None:
    outbox.SENT_HOOKS["acknowledgement"] = enquiries.record_acknowledgement_sent
    outbox.SENT_HOOKS["reply"] = handling.record_reply_sent
    for source in (*casework_documents.SOURCES, *content_documents.SOURCES):
        documents.register(source)
    indexer.listen(search_web.wake_after_commit)
    _listen(Session, "after_commit", _delete_discarded_files)
    _listen(Session, "after_rollback", attachments.keep_discarded)
    _register_democracy()


def _register_democracy() -> None:
    """Meetings' papers in site search; R5's and R6's live evidence in the register."""
    from ieg.democracy import evidence as democracy_evidence
    from ieg.democracy import search_docs as democracy_documents
    from ieg.evidence import live

    for source in democracy_documents.SOURCES:
        documents.register(source)
    live.LIVE.setdefault("R5", democracy_evidence.r5)
    live.LIVE.setdefault("R6", democracy_evidence.r6)


def _listen(target, name: str, handler) -> None:
    if not event.contains(target, name, handler):
        event.listen(target, name, handler)


def _delete_discarded_files(session: Session) -> None:
    """A committed removal of attachments: their files go from the app's upload folder."""
    names = attachments.committed_discards(session)
    if names and has_app_context():
        for name in names:
            (attachments.folder(current_app.config) / name).unlink(missing_ok=True)

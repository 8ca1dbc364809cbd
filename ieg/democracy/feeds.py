"""The diary as iCalendar feeds, and newly published documents as Atom.

A feed's body is kept per process, keyed on its scope and on the data's last change
(`meetings.feed_version`: the latest change to a meeting or committee, and their counts), so a
warm request costs one small query; any change to a meeting raises its `updated_at`."""
from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import datetime, timezone

from feedgen.feed import FeedGenerator
from sqlalchemy.orm import Session

from ieg.democracy import ical, queries
from ieg.democracy.meetings import feed_version
from ieg.models.democracy import CANCELLED, MOVED

_CACHE: OrderedDict = OrderedDict()
_LOCK = threading.Lock()
_MAX = 256
_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _cached(key, version, build):
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None and found[0] == version:
            _CACHE.move_to_end(key)
            return found[1]
    body = build()
    with _LOCK:
        _CACHE[key] = (version, body)
        _CACHE.move_to_end(key)
        while len(_CACHE) > _MAX:
            _CACHE.popitem(last=False)
    return body


def clear() -> None:
    with _LOCK:
        _CACHE.clear()


def meetings_ics(session: Session, *, name: str, scope: str, base_url: str, domain: str,
                 committee_ids: list[int] | None = None) -> bytes:
    """The iCalendar body for the whole diary (committee_ids None) or some committees' meetings."""
    def build() -> bytes:
        events = [ical.Event(
            uid=f"meeting-{row.id}@{domain}", sequence=row.sequence, summary=row.name,
            starts=row.starts_at,
            ends=row.ends_at, location=" ".join(filter(None, (row.place, row.remote_url))),
            url=f"{base_url}/meetings/{row.id}", cancelled=row.status == CANCELLED, moved=row.status == MOVED,
            updated=row.updated_at, note=row.status_note)
            for row in queries.feed_rows(session, committee_ids=committee_ids)]
        return ical.calendar(name, events)
    key = (scope, base_url, tuple(committee_ids) if committee_ids is not None else None)
    return _cached(key, feed_version(session), build)


def documents_atom(session: Session, *, title: str, base_url: str) -> bytes:
    def build() -> bytes:
        feed = FeedGenerator()
        feed.id(f"{base_url}/meetings/documents.atom")
        feed.title(title)
        feed.link(href=f"{base_url}/meetings/documents.atom", rel="self")
        feed.link(href=f"{base_url}/meetings/", rel="alternate")
        feed.language("en-GB")
        documents = queries.recent_documents(session)
        feed.updated(documents[0].published_at if documents else _EPOCH)
        for document in reversed(documents):  # feedgen puts the last added first
            entry = feed.add_entry()
            url = f"{base_url}/meetings/documents/{document.id}"
            entry.id(url)
            entry.link(href=url)
            entry.title(f"{document.meeting.committee.name}: {document.title}")
            entry.published(document.published_at)
            entry.updated(document.updated_at if document.updated_at > document.published_at else document.published_at)
            entry.summary(f"{document.title}, for the meeting of {document.meeting.committee.name}")
        return feed.atom_str(pretty=True)
    return _cached(("atom", base_url), feed_version(session), build)

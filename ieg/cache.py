"""The public page cache: anonymous GETs of public pages, served from memory.

Each process keeps its own entries. They are valid while the site version in the
database (ieg.models.content.SiteVersion) is the one they were made at; a process reads
that version at most once a second, so a publish shows everywhere within a second, in
the web workers and whatever the scheduler published. Responses carry an ETag and
Last-Modified, so browsers and proxies revalidate with a 304.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app, has_app_context, request, session
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ieg.models.content import SiteVersion
from ieg.timeutil import utcnow

CHECK_EVERY = 1.0  # seconds between reads of the site version
MAX_ENTRIES = 2000
MAX_AGE = 3600  # entries are remade hourly (their form tokens last eight hours)


def bump(session: Session, now: datetime | None = None) -> None:
    """Mark public content as changed, in the caller's transaction. Other processes see
    it within CHECK_EVERY; this one at once, after the commit (see _after_commit)."""
    now = now or utcnow()
    session.info["ieg_site_changed"] = True
    updated = session.execute(update(SiteVersion).where(SiteVersion.id == 1).values(
        version=SiteVersion.version + 1, changed_at=now))
    if not updated.rowcount:
        session.add(SiteVersion(id=1, version=2, changed_at=now))


@dataclass
class Entry:
    body: bytes
    headers: list[tuple[str, str]]
    etag: str
    version: int
    made: float


class PageCache:
    def __init__(self) -> None:
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._version = 0
        self._changed_at: datetime | None = None
        self._checked = 0.0
        self._data: dict[str, tuple[int, object]] = {}
        self.hits = self.misses = 0

    def _current(self) -> tuple[int, datetime | None]:
        now = time.monotonic()
        if now - self._checked >= CHECK_EVERY:
            from ieg.extensions import db
            row = db.session.execute(select(SiteVersion.version, SiteVersion.changed_at)
                                     .where(SiteVersion.id == 1)).first()
            self._version, self._changed_at = (row[0], row[1]) if row else (1, None)
            self._checked = now
        return self._version, self._changed_at

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._data.clear()
            self._checked = 0.0

    def data(self, name: str, load):
        """Small public look-up data (the sections, say), loaded by `load()` and kept
        while the site version stays the same: whatever changes it calls bump(), so
        this process drops it after its own commit and others within CHECK_EVERY."""
        version, _ = self._current()  # read before loading: the data is never older
        found = self._data.get(name)
        if found is not None and found[0] == version:
            return found[1]
        value = load()
        self._data[name] = (version, value)
        return value

    def lookup(self, key: str) -> Entry | None:
        version, _ = self._current()
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.version != version or time.monotonic() - entry.made > MAX_AGE:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def store(self, key: str, response: Response) -> Entry:
        version, _ = self._current()
        entry = Entry(body=response.get_data(), headers=[(k, v) for k, v in response.headers.items()
                                                         if k.lower() not in ("content-length", "set-cookie")],
                      etag=response.get_etag()[0] or "", version=version, made=time.monotonic())
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > MAX_ENTRIES:
                self._entries.popitem(last=False)
        return entry

    def last_modified(self) -> datetime | None:
        return self._current()[1]


def versioned(name: str, load):
    """`load()`'s result, kept in this process until the site version changes (see
    PageCache.data). For small data every visitor sees, whether or not pages are cached."""
    return current_app.extensions["ieg_page_cache"].data(name, load)


def cacheable(view):
    """Mark a public view whose anonymous GET responses may be cached."""
    view.page_cache = True
    return view


def _eligible() -> bool:
    if request.method not in ("GET", "HEAD") or request.endpoint is None or session.get("_user_id"):
        return False
    if not current_app.config.get("PAGE_CACHE", True):
        return False
    view = current_app.view_functions.get(request.endpoint)
    return bool(getattr(view, "page_cache", False))


def _respond(entry: Entry) -> Response:
    """A hit: the stored body and headers (validators and security headers included)."""
    response = Response(entry.body, headers=entry.headers)
    response.headers["X-Cache"] = "hit"
    if "If-None-Match" in request.headers or "If-Modified-Since" in request.headers:
        response = response.make_conditional(request)
    return response


def _validators(response: Response, etag: str, cache: PageCache) -> None:
    response.set_etag(etag)
    changed = cache.last_modified()
    if changed is not None:
        response.last_modified = changed
    response.headers["X-Cache"] = response.headers.get("X-Cache", "miss")
    # Anyone may cache a public page briefly; they must revalidate (cheaply, with 304s).
    response.cache_control.public = True
    response.cache_control.max_age = 60
    response.vary.add("Cookie")  # signed-in people see a different page


def _after_commit(session: Session) -> None:
    if session.info.pop("ieg_site_changed", False) and has_app_context():
        cache = current_app.extensions.get("ieg_page_cache")
        if cache is not None:
            cache.clear()


def _after_rollback(session: Session) -> None:
    session.info.pop("ieg_site_changed", None)


# Registered on every Session by ieg.hooks.register_all: a committed change clears this process's cache.
SESSION_LISTENERS = (("after_commit", _after_commit), ("after_rollback", _after_rollback))


def init_app(app: Flask) -> None:
    cache = PageCache()
    app.extensions["ieg_page_cache"] = cache

    @app.before_request
    def serve_from_cache():
        if not _eligible():
            return None
        entry = cache.lookup(request.full_path)
        return None if entry is None else _respond(entry)

    @app.after_request
    def fill_cache(response: Response):
        if response.headers.get("X-Cache") == "hit":
            return response
        if (response.status_code == 200 and not response.direct_passthrough and _eligible()
                and "Set-Cookie" not in response.headers):
            body = response.get_data()
            _validators(response, hashlib.sha256(body).hexdigest()[:32], cache)
            cache.store(request.full_path, response)
            response = response.make_conditional(request)
        return response

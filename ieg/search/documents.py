"""What search indexes, and the small interface an area uses to put its things in it.

An area (content here; meetings or consultations later) registers a `Source`:
- `models`: the model classes whose changes may change its documents;
- `affected(obj)`: for one changed object, the tokens naming what to re-read, e.g.
  "page:12" or "page:section=3" (tokens are strings so they can wait in the
  database queue, see ieg/search/indexer.py);
- `load(session, tokens)`: the current documents for those tokens, by key, with None
  for a key that must leave the index (unpublished, archived, deleted);
- `everything(session)`: every document, for a rebuild and the nightly check.
The search code never imports an area: areas import this module and register.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Callable, Iterable

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Document:
    key: str          # unique across the index: "<kind>:<id>"
    kind: str         # what a resident is shown it is: "page", "document", "service elsewhere"
    title: str
    url: str
    summary: str = ""
    body: str = ""
    section: str = ""        # section slug, for the filter and counts ("" = not in a section)
    section_title: str = ""
    labels: tuple[str, ...] = field(default_factory=tuple)  # A-Z labels, LGSL service names, aliases
    published: datetime | None = None

    def stamp(self) -> str:
        """A fingerprint of the content, so the nightly check can see a stale document."""
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else ""
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Source:
    kind: str
    models: tuple[type, ...]
    affected: Callable[[object], Iterable[str]]
    load: Callable[[Session, list[str]], dict[str, Document | None]]
    everything: Callable[[Session], Iterable[Document]]


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    _SOURCES[source.kind] = source
    return source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def source_for(token: str) -> Source | None:
    return _SOURCES.get(token.partition(":")[0])


def watched(obj: object) -> list[Source]:
    return [s for s in _SOURCES.values() if isinstance(obj, s.models)]

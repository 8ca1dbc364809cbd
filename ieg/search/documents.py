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
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Callable, Iterable

from sqlalchemy import or_, select
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
    # Its documents are things to do (forms), not information: ranked below the pages about
    # the same service unless the search asks to do something (ieg.search.query.TASK_WORDS).
    tasks: bool = False


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    _SOURCES[source.kind] = source
    return source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def source_for(token: str) -> Source | None:
    return _SOURCES.get(token.partition(":")[0])


def is_task(key: str) -> bool:
    source = source_for(key)
    return source is not None and source.tasks


def watched(obj: object) -> list[Source]:
    return [s for s in _SOURCES.values() if isinstance(obj, s.models)]


# Helpers for a Source whose documents are rows with integer ids: tokens "<kind>:<id>" name
# one, "<kind>:<group>=<id>" every one in a group (a section, a service...).

def parse_tokens(tokens: list[str]) -> tuple[set[int], dict[str, set[int]]]:
    """"page:12" -> ids {12}; "page:section=3" -> {"section": {3}}."""
    ids: set[int] = set()
    groups: dict[str, set[int]] = defaultdict(set)
    for token in tokens:
        arg = token.partition(":")[2]
        name, _, value = arg.rpartition("=")
        if value.isdecimal():
            (groups[name] if name else ids).add(int(value))
    return ids, groups


def affected_by(kind: str, rules: dict[type, Callable[[object], object]]) -> Callable[[object], list[str]]:
    """obj -> ["<kind>:<what>"] by the object's model: which of this kind's documents it touches."""
    def affected(obj) -> list[str]:
        rule = next((r for model, r in rules.items() if isinstance(obj, model)), None)
        return [f"{kind}:{rule(obj)}"] if rule else []
    return affected


def loader(kind: str, id_column, groups: dict[str, Callable[[set[int]], object]],
           live: Callable[[Session, object], dict[int, Document]]):
    """tokens -> documents: the named ones and every one in a named group, None for those that
    exist but are not public (and for named ones that no longer exist), so they leave the index.
    `live(session, where)` returns the public documents among the rows `where` selects, by id."""
    def load(session: Session, tokens: list[str]) -> dict[str, Document | None]:
        ids, named_groups = parse_tokens(tokens)
        conditions = [id_column.in_(ids)] if ids else []
        conditions += [groups[name](values) for name, values in named_groups.items() if name in groups and values]
        if not conditions:
            return {}
        found = live(session, or_(*conditions))
        affected = set(ids) | set(session.scalars(select(id_column).where(or_(*conditions))))
        return {f"{kind}:{i}": found.get(i) for i in affected}
    return load


def row_source(kind: str, id_column, rules: dict[type, Callable[[object], object]],
               groups: dict[str, Callable[[set[int]], object]],
               live: Callable[[Session, object], dict[int, Document]],
               everything: Callable[[Session], Iterable[Document]] | None = None, tasks: bool = False) -> Source:
    """A Source of documents that are rows with integer ids: `rules` name, for each watched
    model, the token a changed object queues ("12" or "section=3"); `groups` the SQL
    condition for each group; `live(session, where)` the public documents among the rows
    `where` selects, by id. A rebuild reads every row through `live` unless `everything` is given."""
    return Source(kind, tuple(rules), affected_by(kind, rules), loader(kind, id_column, groups, live),
                  everything or (lambda session: live(session, id_column.is_not(None)).values()), tasks)

"""The alerts engine's registry of topic kinds: what a resident may follow.

An area registers a TopicKind (from ieg.hooks.register_all, never on import): its `kind` (a short
word stored on each subscription), a label, and `choices(session)` listing the topics of that kind
as (key, label) pairs. To tell followers something happened, the area calls
`ieg.participation.alerts.raise_alert(session, now, kind, key, title=..., summary=..., path=...)`.
The engine stores subscriptions as (kind, key) and never needs to know the area.
This module is pure: the choices function is the area's.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class TopicKind:
    kind: str
    label: str  # "Consultations", "A section's updates", "Meetings of a committee"
    choices: Callable  # (session) -> list[(key, label)]
    order: int = 100


REGISTRY: dict[str, TopicKind] = {}


def register(topic_kind: TopicKind) -> None:
    """Register (or re-register, when an app is built again) a kind of topic."""
    REGISTRY[topic_kind.kind] = topic_kind


def kinds() -> list[TopicKind]:
    return sorted(REGISTRY.values(), key=lambda k: (k.order, k.label))


def field_name(kind: str, key: str) -> str:
    """The checkbox value a topic has on the subscription form."""
    return f"{kind}:{key}"


def parse_field(value: str) -> tuple[str, str] | None:
    kind, sep, key = (value or "").partition(":")
    if not sep or kind not in REGISTRY or not key:
        return None
    return kind, key

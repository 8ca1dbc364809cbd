"""A weekly digest's content: pure, no Flask, no database. One email per subscriber with every
alert on the topics they follow since their last digest, grouped by topic, each alert once even
when it concerns several topics they follow."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Item:
    id: int
    topics: tuple[tuple[str, str], ...]
    title: str
    summary: str
    path: str
    created_at: datetime


def group(items: list[Item], followed: set[tuple[str, str]], topic_label) -> list[tuple[str, list[Item]]]:
    """[(topic label, [items, oldest first])], topics in the order their first item came; an item
    appears under the first followed topic it belongs to. `topic_label(kind, key)` names a topic."""
    groups: dict[tuple[str, str], list[Item]] = {}
    seen: set[int] = set()
    for item in sorted(items, key=lambda i: (i.created_at, i.id)):
        topic = next((t for t in item.topics if t in followed), None)
        if topic is None or item.id in seen:
            continue
        seen.add(item.id)
        groups.setdefault(topic, []).append(item)
    return [(topic_label(*topic), found) for topic, found in groups.items()]


def body(groups: list[tuple[str, list[Item]]], base_url: str, manage_url: str, council: str) -> str:
    lines = [f"What is new this week on the topics you follow at {council}.", ""]
    for label, items in groups:
        lines += [label, "-" * len(label)]
        for item in items:
            lines.append(f"* {item.title}")
            if item.summary:
                lines.append(f"  {item.summary}")
            lines.append(f"  {base_url}{item.path}")
        lines.append("")
    lines += ["Change what you follow, or stop these emails:", manage_url]
    return "\n".join(lines)

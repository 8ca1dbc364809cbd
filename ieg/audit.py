"""Appending to and checking the hash-chained audit log (DESIGN.md 3.5).

hash = SHA-256(prev_hash + canonical JSON of the entry's own fields). The canonical form is
fixed here (sorted keys, no spaces, UTC times as ISO strings) and never changes, so anyone
can recompute the chain from an export. The caller commits, so the entry lands in the same
transaction as the change it records: no change without its entry, no entry without it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.models import AuditEntry

GENESIS = "0" * 64


def canonical(entry: AuditEntry) -> str:
    at = entry.at.astimezone(timezone.utc).replace(tzinfo=None) if entry.at.tzinfo else entry.at
    return json.dumps({"at": at.isoformat(timespec="microseconds"), "actor_id": entry.actor_id,
                       "actor": entry.actor, "action": entry.action, "subject": entry.subject,
                       "details": entry.details}, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    return hashlib.sha256((prev_hash + canonical(entry)).encode()).hexdigest()


def _who(actor) -> str:
    if actor is None:
        return "system"
    return f"{getattr(actor, 'name', '')} <{getattr(actor, 'email', '')}>".strip()


def record(session: Session, actor, action: str, subject: str, details: dict, now: datetime) -> AuditEntry:
    """Append one entry after the current head of the chain."""
    head = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    entry = AuditEntry(at=now, actor_id=getattr(actor, "id", None), actor=_who(actor)[:254], action=action,
                       subject=subject[:120], details=json.loads(json.dumps(details, default=str)), prev_hash=head)
    entry.hash = entry_hash(head, entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    problem: str


def verify(session: Session) -> Break | None:
    """The first place the chain is broken (an entry changed, removed or moved), or None."""
    expected_prev = GENESIS
    # populate_existing: judge what the database holds, not objects this session remembers.
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id).execution_options(populate_existing=True))
    for entry in rows.yield_per(1000):
        if entry.prev_hash != expected_prev:
            return Break(entry.id, "does not follow the entry before it: one was removed, added or reordered")
        if entry_hash(entry.prev_hash, entry) != entry.hash:
            return Break(entry.id, "its content does not match its hash: it was changed")
        expected_prev = entry.hash
    return None

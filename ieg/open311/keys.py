"""API keys for Open311 clients: issued by administrators, shown once, kept as their SHA-256
(a key is 32 random bytes, so a fast hash is enough: there is nothing to guess), revocable,
and every issue and revocation audited. Services taking a session; the caller commits."""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ieg import audit
from ieg.input_errors import InputError
from ieg.models import ApiKey
from ieg.text import single_line

PREFIX_LENGTH = 8
# Recording each use would write on every request; once a minute says as much.
LAST_USED_EVERY = timedelta(minutes=1)


class ApiKeyError(InputError):
    pass


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(session: Session, actor, now: datetime, client: str) -> tuple[ApiKey, str]:
    """(the new key's record, the key itself, to show once)."""
    client = single_line(client).strip()
    if not client:
        raise ApiKeyError("Enter the name of the client that will use the key", "client")
    key = secrets.token_urlsafe(32)
    record = ApiKey(client=client[:200], prefix=key[:PREFIX_LENGTH], key_hash=digest(key), created_at=now,
                    created_by_id=getattr(actor, "id", None))
    session.add(record)
    session.flush()
    audit.record(session, actor, "open311.key_issue", f"api_key:{record.id}", {"client": record.client,
                                                                                "prefix": record.prefix}, now)
    return record, key


def revoke(session: Session, actor, now: datetime, record: ApiKey) -> None:
    if record.revoked_at is not None:
        return
    record.revoked_at = now
    session.flush()
    _checked.clear()  # this process at once; others within CHECK_MAX_AGE
    audit.record(session, actor, "open311.key_revoke", f"api_key:{record.id}", {"client": record.client,
                                                                                 "prefix": record.prefix}, now)


@dataclass(frozen=True)
class Live:
    id: int
    client: str


# Every request checks its key: a process reuses what it read for this long, so a revocation
# takes effect everywhere within it.
CHECK_MAX_AGE = 2.0  # seconds
_checked: dict[tuple[str, str], tuple[float, Live | None]] = {}
_noted: dict[tuple[str, int], datetime] = {}


def authenticate(session: Session, key: str, now: datetime, clock=time.monotonic) -> Live | None:
    """The live key's id and client, else None (revoked, or no such key); notes when it was
    last used, at most every LAST_USED_EVERY."""
    found, due = check(session, key, now, clock)
    if due:
        note_used(session, found, now)
    return found


def check(session: Session, key: str, now: datetime, clock=time.monotonic) -> tuple[Live | None, bool]:
    """authenticate without its write: (the live key or None, whether its use is due to be
    noted now, by note_used, in the caller's transaction)."""
    if not key or len(key) > 200:
        return None, False
    hashed, moment = digest(key), clock()
    database = str(session.get_bind().url)
    cache_key = (database, hashed)
    held = _checked.get(cache_key)
    if held is None or moment - held[0] >= CHECK_MAX_AGE:
        row = session.execute(select(ApiKey.id, ApiKey.client, ApiKey.revoked_at, ApiKey.last_used_at)
                              .where(ApiKey.key_hash == hashed)).first()
        found = Live(row.id, row.client) if row is not None and row.revoked_at is None else None
        if len(_checked) > 1000:
            _checked.clear()
        held = _checked[cache_key] = (moment, found)
        if row is not None and row.last_used_at is not None:
            _noted[database, row.id] = max(_noted.get((database, row.id), row.last_used_at), row.last_used_at)
    found = held[1]
    noted = _noted.get((database, found.id)) if found is not None else None
    if found is not None and (noted is None or now - noted >= LAST_USED_EVERY or now < noted):
        _noted[database, found.id] = now
        return found, True
    return found, False


def note_used(session: Session, found: Live, now: datetime) -> None:
    """Store when the key was last used (a Session, or a fast_rows.Transaction)."""
    session.execute(update(ApiKey).where(ApiKey.id == found.id).values(last_used_at=now)
                    .execution_options(synchronize_session=False))


def listed(session: Session) -> list[ApiKey]:
    return session.scalars(select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id.desc())).all()

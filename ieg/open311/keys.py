"""API keys for Open311 clients: issued by administrators, shown once, kept as their SHA-256
(a key is 32 random bytes, so a fast hash is enough: there is nothing to guess), revocable,
and every issue and revocation audited. Services taking a session; the caller commits."""
from __future__ import annotations

import hashlib
import secrets
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
    audit.record(session, actor, "open311.key_revoke", f"api_key:{record.id}", {"client": record.client,
                                                                                 "prefix": record.prefix}, now)


def authenticate(session: Session, key: str, now: datetime) -> ApiKey | None:
    """The live key record for this key, else None; notes when it was last used."""
    if not key or len(key) > 200:
        return None
    record = session.scalar(select(ApiKey).where(ApiKey.key_hash == digest(key)))
    if record is None or record.revoked_at is not None:
        return None
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_EVERY:
        session.execute(update(ApiKey).where(ApiKey.id == record.id).values(last_used_at=now)
                        .execution_options(synchronize_session=False))
    return record


def listed(session: Session) -> list[ApiKey]:
    return session.scalars(select(ApiKey).order_by(ApiKey.revoked_at.is_not(None), ApiKey.id.desc())).all()

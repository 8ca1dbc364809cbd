"""Signed messages between IEG and back-office systems, both ways: HMAC-SHA256 over the
timestamp and the body, sent in headers. A message is believed only within REPLAY_WINDOW
of its timestamp, and (inbound) only once: see ieg.open311.outbound. Pure."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

TIMESTAMP_HEADER = "X-IEG-Timestamp"
SIGNATURE_HEADER = "X-IEG-Signature"
REPLAY_WINDOW = timedelta(minutes=5)


class SignatureError(Exception):
    """Why a message's signature is not believed."""


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """"sha256=" and the hex HMAC-SHA256, keyed by the secret, of "<timestamp>." and the body."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def headers(secret: str, now: datetime, body: bytes) -> dict[str, str]:
    timestamp = int(now.timestamp())
    return {TIMESTAMP_HEADER: str(timestamp), SIGNATURE_HEADER: signature(secret, timestamp, body)}


def verify(secret: str, timestamp_text: str | None, signature_text: str | None, body: bytes, now: datetime) -> str:
    """The signature's hex digest when the message is signed with `secret` and its timestamp is
    within REPLAY_WINDOW of `now`; else SignatureError."""
    if not timestamp_text or not signature_text:
        raise SignatureError("The message is not signed")
    if not timestamp_text.isdecimal() or len(timestamp_text) > 12:
        raise SignatureError("The timestamp is not a number of seconds")
    timestamp = int(timestamp_text)
    if abs(now.timestamp() - timestamp) > REPLAY_WINDOW.total_seconds():
        raise SignatureError("The timestamp is too old or in the future")
    if not hmac.compare_digest(signature(secret, timestamp, body), signature_text.strip()):
        raise SignatureError("The signature does not match")
    return signature_text.strip().removeprefix("sha256=")

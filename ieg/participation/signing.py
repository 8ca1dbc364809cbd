"""Signed links residents use without an account: to confirm, manage or leave their alerts, and to
change a consultation response. Each carries an HMAC keyed by the app's secret key and salted by
its purpose, so a link for one purpose never opens another. Pure: no Flask."""
from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

CONFIRM, MANAGE, UNSUBSCRIBE, RESPONSE = "alerts-confirm", "alerts-manage", "alerts-unsubscribe", "consultation-response"
_SIGNATURE_LENGTH = 32  # characters of URL-safe base64: 192 bits of HMAC-SHA256


def _signature(secret_key: str, purpose: str, value: str) -> str:
    digest = hmac.digest(secret_key.encode(), f"ieg-{purpose}:{value}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest).decode()[:_SIGNATURE_LENGTH]


def token(secret_key: str, purpose: str, value: str) -> str:
    """`value` (URL-safe text with no ".") and its HMAC for `purpose`. HMAC-SHA256 directly rather
    than itsdangerous's serializer: an alert to 20,000 subscribers signs two links for each, and
    the serializer's JSON and compression attempt made that seconds."""
    return f"{value}.{_signature(secret_key, purpose, value)}"


def read(secret_key: str, purpose: str, text: str) -> str | None:
    """The value signed in `text` for `purpose`, or None if it is not one of ours."""
    value, dot, signature = (text or "").rpartition(".")
    if not dot or not value or not hmac.compare_digest(signature, _signature(secret_key, purpose, value)):
        return None
    return value


@dataclass(frozen=True)
class Links:
    """The full addresses of a subscriber's links, as mail carries them."""
    base_url: str
    secret_key: str

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def confirm(self, key: str) -> str:
        return self.url(f"/alerts/confirm/{token(self.secret_key, CONFIRM, key)}")

    def manage(self, key: str) -> str:
        return self.url(f"/alerts/manage/{token(self.secret_key, MANAGE, key)}")

    def unsubscribe(self, key: str) -> str:
        return self.url(f"/alerts/unsubscribe/{token(self.secret_key, UNSUBSCRIBE, key)}")

    def response(self, slug: str, response_id: int, edit_key: str) -> str:
        signed = token(self.secret_key, RESPONSE, f"{response_id}-{edit_key}")
        return self.url(f"/consultations/{slug}/response/{signed}")

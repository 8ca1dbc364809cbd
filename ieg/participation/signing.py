"""Signed links residents use without an account: to confirm, manage or leave their alerts, and to
change a consultation response. itsdangerous (no Flask), keyed by the app's secret key with a salt
per purpose, so a link for one purpose never opens another."""
from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

CONFIRM, MANAGE, UNSUBSCRIBE, RESPONSE = "alerts-confirm", "alerts-manage", "alerts-unsubscribe", "consultation-response"


def token(secret_key: str, purpose: str, value) -> str:
    return URLSafeSerializer(secret_key, salt=f"ieg-{purpose}").dumps(value)


def read(secret_key: str, purpose: str, text: str):
    """The value signed in `text` for `purpose`, or None if it is not one of ours."""
    try:
        return URLSafeSerializer(secret_key, salt=f"ieg-{purpose}").loads(text)
    except BadSignature:
        return None


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
        return self.url(f"/consultations/{slug}/response/{token(self.secret_key, RESPONSE, [response_id, edit_key])}")

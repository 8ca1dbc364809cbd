"""The home page alert: at most one at a time, ending by hand or at its end time."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg import cache
from ieg.input_errors import InputError
from ieg.models.content import SiteAlert


class AlertError(InputError):
    pass


def current(session: Session, now: datetime) -> SiteAlert | None:
    alert = session.scalar(select(SiteAlert).where(SiteAlert.removed_at.is_(None)).order_by(SiteAlert.id.desc()))
    if alert is None or (alert.ends_at is not None and alert.ends_at <= now):
        return None
    return alert


def set_alert(session: Session, actor, now: datetime, *, message: str, link_url: str = "", link_text: str = "",
              ends_at: datetime | None = None) -> SiteAlert:
    message, link_url, link_text = message.strip(), link_url.strip(), link_text.strip()
    if not message:
        raise AlertError("Enter the alert message", "message")
    if link_url and not (link_url.startswith("/") or link_url.startswith("https://")):
        raise AlertError("The link must be a page on this site (starting /) or an https:// address", "link_url")
    if link_url and not link_text:
        raise AlertError("Enter the link text, saying where it goes", "link_text")
    if ends_at is not None and ends_at <= now:
        raise AlertError("The end time must be in the future", "ends_at")
    remove(session, now)
    alert = SiteAlert(message=message, link_url=link_url, link_text=link_text, ends_at=ends_at,
                      created_by_id=actor.id if actor else None, created_at=now)
    session.add(alert)
    cache.bump(session, now)
    return alert


def remove(session: Session, now: datetime) -> None:
    for alert in session.scalars(select(SiteAlert).where(SiteAlert.removed_at.is_(None))):
        alert.removed_at = now
        cache.bump(session, now)

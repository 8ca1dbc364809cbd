"""The alerts engine: an area raises an alert on its topics; confirmed subscribers following any
of them get it at once (one email each, however many of their topics it touches) or in their
weekly digest. Every email goes through the outbox as BULK mail, so acknowledgements and replies
never wait behind an alert, and carries one-click unsubscribe (RFC 2369 List-Unsubscribe, RFC 8058
List-Unsubscribe-Post).

To raise one from another area: `raise_alert(session, now, topics=[(kind, key), ...], source=...,
title=..., summary=..., path=..., links=..., council=..., sender_domain=...)`, its kinds registered in
ieg.participation.topics. `source` names what raised it; raising the same source again does nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ieg.mail import outbox
from ieg.models import Alert, Subscriber, Subscription
from ieg.participation import digest
from ieg.participation import topics as topic_registry
from ieg.participation.signing import Links
from ieg.participation.subscriptions import IMMEDIATE, WEEKLY

DIGEST_EVERY = timedelta(days=7)
PURPOSE, DIGEST_PURPOSE = "alert", "alert-digest"


def unsubscribe_headers(unsubscribe_url: str) -> dict:
    return {"List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk"}


def _following(topics: list[tuple[str, str]]):
    """SQL: the subscription is to one of `topics`."""
    return or_(*(and_(Subscription.kind == kind, Subscription.key == key) for kind, key in topics))


def raise_alert(session: Session, now: datetime, *, topics: list[tuple[str, str]], source: str, title: str,
                summary: str, path: str, links: Links, council: str, sender_domain: str) -> Alert | None:
    """The alert, with one email queued per immediate subscriber; None if `source` was raised before."""
    if session.scalar(select(Alert.id).where(Alert.source == source)) is not None:
        return None
    alert = Alert(topics=[list(t) for t in topics], source=source[:120], title=title[:300], summary=summary,
                  path=path, created_at=now)
    session.add(alert)
    session.flush()
    recipients = session.execute(
        select(Subscriber.email, Subscriber.key).where(
            Subscriber.confirmed_at.is_not(None), Subscriber.frequency == IMMEDIATE,
            Subscriber.id.in_(select(Subscription.subscriber_id).where(_following(topics))))
        .order_by(Subscriber.id)).all()
    top = f"{title}\n\n{summary}\n\nRead more: {links.url(path)}\n\nYou get this because you follow it at {council}.\n"
    messages = []
    for email, key in recipients:
        leave = links.unsubscribe(key)
        messages.append({"to": email, "subject": title, "headers": unsubscribe_headers(leave),
                         "body": f"{top}Change what you follow: {links.manage(key)}\nStop all these emails: {leave}\n"})
    alert.recipients = outbox.enqueue_bulk(session, messages, now=now, sender_domain=sender_domain, purpose=PURPOSE)
    return alert


def topic_label(session: Session):
    cache: dict[str, dict] = {}

    def label(kind: str, key: str) -> str:
        if kind not in cache:
            registered = topic_registry.REGISTRY.get(kind)
            cache[kind] = dict(registered.choices(session)) if registered else {}
        return cache[kind].get(key, key)
    return label


def send_digests(session: Session, now: datetime, *, links: Links, council: str, sender_domain: str) -> dict:
    """Each weekly subscriber whose week is up gets one email with what happened on their topics
    since their last digest (none if nothing did); idempotent within the week."""
    due = session.scalars(select(Subscriber).where(
        Subscriber.confirmed_at.is_not(None), Subscriber.frequency == WEEKLY,
        or_(Subscriber.last_digest_at.is_(None), Subscriber.last_digest_at <= now - DIGEST_EVERY))).all()
    if not due:
        return {"digests": 0, "subscribers": 0}
    since = min(s.last_digest_at or s.confirmed_at for s in due)
    items = [digest.Item(a.id, tuple(tuple(t) for t in a.topics), a.title, a.summary, a.path, a.created_at)
             for a in session.scalars(select(Alert).where(Alert.created_at > since, Alert.created_at <= now))]
    label = topic_label(session)
    messages = []
    for subscriber in due:
        start = subscriber.last_digest_at or subscriber.confirmed_at
        mine = [item for item in items if item.created_at > start]
        groups = digest.group(mine, {(s.kind, s.key) for s in subscriber.subscriptions}, label)
        subscriber.last_digest_at = now
        if groups:
            messages.append({"to": subscriber.email, "subject": f"Your weekly update from {council}",
                             "headers": unsubscribe_headers(links.unsubscribe(subscriber.key)),
                             "body": digest.body(groups, links.base_url.rstrip("/"), links.manage(subscriber.key),
                                                 council)})
    sent = outbox.enqueue_bulk(session, messages, now=now, sender_domain=sender_domain, purpose=DIGEST_PURPOSE)
    session.flush()
    return {"digests": sent, "subscribers": len(due)}

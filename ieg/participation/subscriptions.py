"""Subscribing to alerts with double opt-in, confirming, managing and leaving. Services: they
take a session and `now`, flush and never commit. No account: the signed links in ieg.participation
.signing carry the subscriber's random key.

Anyone can type anyone's address, so a request never changes what a confirmed subscriber follows:
they are sent their manage link instead. Every request gets the same answer on the page, whether
the address was known or not.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ieg.contact_details import normalise_email
from ieg.input_errors import InputError
from ieg.mail import outbox
from ieg.models import Subscriber, Subscription
from ieg.participation import topics as topic_registry
from ieg.participation.signing import Links

IMMEDIATE, WEEKLY = "immediate", "weekly"
FREQUENCIES = {IMMEDIATE: "Straight away, one email for each update", WEEKLY: "Once a week, in one email"}
MAX_TOPICS = 100


class SubscriptionError(InputError):
    pass


def valid_email(value: str) -> str | None:
    """The address as kept (lower case), or None when it is not one."""
    try:
        return normalise_email(validate_email((value or "").strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


def _check(email: str, topics: list[tuple[str, str]], frequency: str) -> str:
    address = valid_email(email)
    if not address:
        raise SubscriptionError("Enter an email address in the correct format, like name@example.com", "email")
    if not topics:
        raise SubscriptionError("Select at least one topic to follow", "topics")
    if len(topics) > MAX_TOPICS:
        raise SubscriptionError(f"Select at most {MAX_TOPICS} topics", "topics")
    if frequency not in FREQUENCIES:
        raise SubscriptionError("Choose how often you want emails", "frequency")
    return address


def _set_topics(session: Session, subscriber: Subscriber, topics: list[tuple[str, str]]) -> None:
    session.execute(delete(Subscription).where(Subscription.subscriber_id == subscriber.id))
    for kind, key in dict.fromkeys(topics):
        session.add(Subscription(subscriber_id=subscriber.id, kind=kind, key=key))
    session.flush()
    session.expire(subscriber, ["subscriptions"])


def subscribe(session: Session, now: datetime, *, email: str, topics: list[tuple[str, str]], frequency: str,
              links: Links, council: str, sender_domain: str) -> None:
    address = _check(email, topics, frequency)
    subscriber = session.scalar(select(Subscriber).where(Subscriber.email == address))
    if subscriber is not None and subscriber.confirmed_at is not None:
        outbox.enqueue(session, to=address, subject=f"Your email alerts from {council}", now=now,
                       sender_domain=sender_domain, purpose="alerts-manage", body=(
                           "Someone, probably you, asked to change the email alerts this address gets.\n\n"
                           "You already follow some topics. To change what you follow, or how often we write, "
                           f"use this link:\n{links.manage(subscriber.key)}\n\n"
                           "If you did not ask, you can ignore this email: nothing has changed."))
        return
    if subscriber is None:
        subscriber = Subscriber(email=address, key=secrets.token_urlsafe(24), created_at=now)
        session.add(subscriber)
        session.flush()
    subscriber.frequency = frequency
    _set_topics(session, subscriber, topics)
    outbox.enqueue(session, to=address, subject=f"Confirm your email alerts from {council}", now=now,
                   sender_domain=sender_domain, purpose="alerts-confirm", body=(
                       "Someone, probably you, asked for email alerts from "
                       f"{council} about:\n\n" + "\n".join(f"* {label}" for label in labels(session, topics))
                       + f"\n\nTo start them, confirm your email address:\n{links.confirm(subscriber.key)}\n\n"
                       "If you did not ask, ignore this email: you will get nothing more from us."))


def by_key(session: Session, key: str | None) -> Subscriber | None:
    if not key:
        return None
    return session.scalar(select(Subscriber).where(Subscriber.key == key))


def confirm(session: Session, now: datetime, subscriber: Subscriber) -> None:
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
        # A weekly digest starts from confirmation: nothing from before it is news to them.
        subscriber.last_digest_at = now
        session.flush()


def update(session: Session, subscriber: Subscriber, *, topics: list[tuple[str, str]], frequency: str) -> None:
    _check(subscriber.email, topics, frequency)
    subscriber.frequency = frequency
    _set_topics(session, subscriber, topics)


def unsubscribe(session: Session, subscriber: Subscriber) -> None:
    """Leaving removes the address and everything it followed: nothing about them is kept."""
    session.delete(subscriber)
    session.flush()


def followed(subscriber: Subscriber) -> list[tuple[str, str]]:
    return [(s.kind, s.key) for s in subscriber.subscriptions]


def choices(session: Session) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(kind's label, [(field value, topic label)])] for every registered kind of topic."""
    return [(kind.label, [(topic_registry.field_name(kind.kind, key), label) for key, label in kind.choices(session)])
            for kind in topic_registry.kinds()]


def labels(session: Session, topics: list[tuple[str, str]]) -> list[str]:
    known = {}
    for kind in topic_registry.kinds():
        if any(k == kind.kind for k, _ in topics):
            known.update({(kind.kind, key): label for key, label in kind.choices(session)})
    return [known.get(topic, topic[1]) for topic in topics]


def parse_topics(session: Session, values: list[str]) -> list[tuple[str, str]]:
    """Checkbox values to topics, keeping only those offered now."""
    offered = {value for _, options in choices(session) for value, _ in options}
    return [topic_registry.parse_field(value) for value in dict.fromkeys(values) if value in offered]

"""Subscribing with double opt-in, managing, leaving; weekly digests; a section's page updates."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ieg.content import pages
from ieg.models import Alert, OutboxMessage, Subscriber, Subscription
from ieg.participation import alerts, section_updates, signing, subscriptions
from ieg.participation.subscriptions import SubscriptionError
from tests.services.participation.conftest import MAILING, NOW, make_consultation

ROADS = ("section", "roads-and-transport")


def _subscribe(session, email, topics, frequency="immediate", when=NOW):
    subscriptions.subscribe(session, when, email=email, topics=topics, frequency=frequency, links=MAILING.links,
                            council=MAILING.council, sender_domain=MAILING.sender_domain)


def _mail_to(session, email):
    return session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == email)
                           .order_by(OutboxMessage.id)).all()


def _key_from(link: str, purpose: str) -> str:
    return signing.read("test-secret", purpose, link.rsplit("/", 1)[1])


def test_double_opt_in_nothing_before_confirmation(ctx):
    session, *_ = ctx
    _subscribe(session, " Resident@Example.org ", [ROADS, ("consultations", "all")])
    subscriber = session.scalar(select(Subscriber))
    assert subscriber.email == "resident@example.org" and subscriber.confirmed_at is None
    (confirmation,) = _mail_to(session, "resident@example.org")
    assert "Roads and transport" in confirmation.body_text and "Every new consultation" in confirmation.body_text
    link = next(line for line in confirmation.body_text.splitlines() if "/alerts/confirm/" in line)
    assert _key_from(link, signing.CONFIRM) == subscriber.key
    assert _key_from(link, signing.MANAGE) is None  # a confirm link opens nothing else
    alerts.raise_alert(session, NOW, topics=[ROADS], source="t:1", title="News", summary="", path="/x",
                       links=MAILING.links, council="C", sender_domain="council.example")
    assert len(_mail_to(session, "resident@example.org")) == 1
    subscriptions.confirm(session, NOW, subscriber)
    alerts.raise_alert(session, NOW, topics=[ROADS, ("consultations", "all")], source="t:2", title="More", summary="",
                       path="/y", links=MAILING.links, council="C", sender_domain="council.example")
    assert [m.subject for m in _mail_to(session, "resident@example.org")][1:] == ["More"]  # once, for two topics


def test_a_stranger_cannot_change_a_confirmed_subscription(ctx):
    session, *_ = ctx
    _subscribe(session, "resident@example.org", [ROADS])
    subscriber = session.scalar(select(Subscriber))
    subscriptions.confirm(session, NOW, subscriber)
    _subscribe(session, "resident@example.org", [("consultations", "all")], frequency="weekly")
    assert subscriptions.followed(subscriber) == [ROADS] and subscriber.frequency == "immediate"
    assert "/alerts/manage/" in _mail_to(session, "resident@example.org")[-1].body_text


def test_bad_requests_name_their_field(ctx):
    session, *_ = ctx
    for email, topics, frequency, field in (("nope", [ROADS], "weekly", "email"), ("a@example.org", [], "weekly", "topics"),
                                            ("a@example.org", [ROADS], "hourly", "frequency")):
        with pytest.raises(SubscriptionError) as caught:
            _subscribe(session, email, topics, frequency)
        assert caught.value.field == field
    assert session.scalar(select(func.count()).select_from(Subscriber)) == 0


def test_topics_offered_are_the_registered_kinds(ctx):
    session, *_ = ctx
    assert subscriptions.parse_topics(session, ["section:roads-and-transport", "section:nowhere", "bogus:x",
                                                "consultations:all"]) == [ROADS, ("consultations", "all")]


def test_update_and_unsubscribe_leave_nothing_behind(ctx):
    session, *_ = ctx
    _subscribe(session, "resident@example.org", [ROADS])
    subscriber = session.scalar(select(Subscriber))
    subscriptions.update(session, subscriber, topics=[("consultations", "all")], frequency="weekly")
    assert subscriptions.followed(subscriber) == [("consultations", "all")] and subscriber.frequency == "weekly"
    subscriptions.unsubscribe(session, subscriber)
    assert session.scalar(select(func.count()).select_from(Subscriber)) == 0
    assert session.scalar(select(func.count()).select_from(Subscription)) == 0


def test_weekly_digest_is_one_email_of_the_week_then_waits_a_week(ctx):
    session, *_ = ctx
    _subscribe(session, "weekly@example.org", [ROADS, ("consultations", "all")], frequency="weekly")
    subscriptions.confirm(session, NOW, session.scalar(select(Subscriber)))
    for n, topics in enumerate(([ROADS], [("consultations", "all"), ROADS], [("section", "parks")])):
        alerts.raise_alert(session, NOW + timedelta(days=1, hours=n), topics=topics, source=f"t:{n}",
                           title=f"Item {n}", summary="", path=f"/i/{n}", links=MAILING.links, council="C",
                           sender_domain="council.example")
    assert alerts.send_digests(session, NOW + timedelta(days=6), links=MAILING.links, council="C",
                               sender_domain="council.example")["digests"] == 0  # the week is not up
    done = alerts.send_digests(session, NOW + timedelta(days=7), links=MAILING.links, council="C",
                               sender_domain="council.example")
    assert done == {"digests": 1, "subscribers": 1}
    digest = _mail_to(session, "weekly@example.org")[-1]
    assert "Item 0" in digest.body_text and digest.body_text.count("Item 1") == 1 and "Item 2" not in digest.body_text
    assert digest.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alerts.send_digests(session, NOW + timedelta(days=8), links=MAILING.links, council="C",
                               sender_domain="council.example")["subscribers"] == 0


def test_a_sections_published_pages_alert_its_followers_once(ctx):
    session, roads, author, publisher = ctx
    make_consultation(session, roads, author, publisher)  # its own page raises no page alert
    page = pages.create_page(session, roads, author, pages.PageInput(
        title="Road closures", summary="This week's closures", owner_name="Pat",
        body_markdown="## Closures\n\nSee the [closures list](/roads/).\n"), NOW)
    pages.submit(session, page, author, NOW)
    pages.publish(session, page, publisher, NOW)
    _subscribe(session, "roads@example.org", [ROADS])
    subscriptions.confirm(session, NOW, session.scalar(select(Subscriber)))
    assert section_updates.alert_publications(session, NOW + timedelta(minutes=5), MAILING) == 1
    assert section_updates.alert_publications(session, NOW + timedelta(minutes=10), MAILING) == 0
    alert = session.scalar(select(Alert))
    assert alert.title == "Roads and transport: Road closures" and alert.path == "/roads-and-transport/road-closures"
    assert _mail_to(session, "roads@example.org")[-1].subject == "Roads and transport: Road closures"

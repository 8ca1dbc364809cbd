"""Alerts over HTTP: subscribe, confirm from the email, manage by the signed link, one-click
unsubscribe (RFC 8058) with no token and no cookie."""
import re

from sqlalchemy import select

from ieg.extensions import db
from ieg.models import OutboxMessage, Subscriber
from ieg.participation import consultations
from ieg.timeutil import utcnow
from tests.conftest import csrf_from


def _mail(app, to):
    with app.app_context():
        return [(m.subject, m.body_text, m.headers) for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.to_address == to).order_by(OutboxMessage.id))]


def _link(text, kind):
    return "/" + re.search(rf"https?://[^/\s]+/(alerts/{kind}/\S+)", text).group(1)


def subscribe(client, email="resident@example.org", topics=("section:roads-and-transport",), frequency="immediate"):
    page = client.get("/alerts/")
    return client.post("/alerts/", data={"csrf_token": csrf_from(page), "email": email, "topics": list(topics),
                                         "frequency": frequency})


def test_subscribe_confirm_alert_then_one_click_unsubscribe(app, client, roads):
    page = client.get("/alerts/")
    assert "Roads and transport" in page.get_data(as_text=True) and "Set-Cookie" not in page.headers
    sent = subscribe(client)
    assert sent.status_code == 200 and "Check your email" in sent.get_data(as_text=True)
    ((subject, body, _),) = _mail(app, "resident@example.org")
    confirm = _link(body, "confirm")
    shown = client.get(confirm)
    assert shown.status_code == 200 and "Roads and transport" in shown.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Subscriber)).confirmed_at is None  # opening the link is not enough
    done = client.post(confirm, data={"csrf_token": csrf_from(shown)})
    assert "confirmed" in done.get_data(as_text=True) and "Set-Cookie" not in done.headers
    with app.app_context():
        from ieg.models import Consultation
        from ieg.participation import alerts
        from ieg.participation.signing import Links
        c = db.session.get(Consultation, roads)
        alerts.raise_alert(db.session, utcnow(), topics=consultations.topics_of(c), source="test", title="Outcome",
                           summary="We did it", path=f"/consultations/{c.slug}", council="Ashdown",
                           links=Links(app.config["BASE_URL"], app.config["SECRET_KEY"]),
                           sender_domain="ashdown.example.gov.uk")
        db.session.commit()
    subject, body, headers = _mail(app, "resident@example.org")[-1]
    assert subject == "Outcome" and headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = "/" + headers["List-Unsubscribe"].strip("<>").split("/", 3)[3]
    # A mail client's one-click POST: no CSRF token, no cookie, the RFC 8058 body.
    gone = client.post(one_click, data="List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded")
    assert gone.status_code == 200 and "You have unsubscribed" in gone.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Subscriber)) is None
    assert client.get(one_click).status_code == 404


def test_manage_changes_topics_and_frequency(app, client, roads):
    subscribe(client)
    with app.app_context():
        key = db.session.scalar(select(Subscriber.key))
    from ieg.participation.signing import Links
    manage = Links("", app.config["SECRET_KEY"]).manage(key)
    page = client.get(manage)
    assert page.status_code == 200 and 'value="section:roads-and-transport" checked' in page.get_data(as_text=True)
    none = client.post(manage, data={"csrf_token": csrf_from(page), "frequency": "weekly"})
    assert none.status_code == 400 and "Select at least one topic" in none.get_data(as_text=True)
    saved = client.post(manage, data={"csrf_token": csrf_from(page), "frequency": "weekly",
                                      "topics": ["consultations:all", "ward:Station"]})
    assert saved.status_code == 200 and "Your alerts have been changed" in saved.get_data(as_text=True)
    with app.app_context():
        subscriber = db.session.scalar(select(Subscriber))
        assert subscriber.frequency == "weekly" and subscriber.confirmed_at is not None
        assert sorted((s.kind, s.key) for s in subscriber.subscriptions) == [("consultations", "all"),
                                                                             ("ward", "Station")]
    assert client.get(manage[:-4] + "abcd").status_code == 404


def test_refusals_are_clear_and_store_nothing(app, client, roads):
    bad = subscribe(client, email="not an address")
    assert bad.status_code == 400 and "correct format" in bad.get_data(as_text=True)
    none = subscribe(client, topics=())
    assert none.status_code == 400 and "at least one topic" in none.get_data(as_text=True)
    forged = subscribe(client, topics=("section:no-such-section",))
    assert forged.status_code == 400
    page = client.get("/alerts/")
    bot = client.post("/alerts/", data={"csrf_token": csrf_from(page), "email": "bot@example.org",
                                        "topics": ["consultations:all"], "frequency": "immediate", "website": "x"})
    assert bot.status_code == 400
    no_token = client.post("/alerts/", data={"email": "a@example.org", "topics": ["consultations:all"],
                                             "frequency": "immediate"})
    assert no_token.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(Subscriber)) is None and db.session.scalar(select(OutboxMessage)) is None


def test_a_known_address_gets_its_manage_link_not_a_change(app, client, roads):
    subscribe(client)
    with app.app_context():
        db.session.scalar(select(Subscriber)).confirmed_at = utcnow()
        db.session.commit()
    again = subscribe(client, topics=("consultations:all",))
    assert "Check your email" in again.get_data(as_text=True)  # the same answer as for a new address
    subject, body, _ = _mail(app, "resident@example.org")[-1]
    assert "/alerts/manage/" in body
    with app.app_context():
        assert [(s.kind, s.key) for s in db.session.scalar(select(Subscriber)).subscriptions] == [
            ("section", "roads-and-transport")]


def test_the_jobs_run_from_the_command_line(app, roads):
    runner = app.test_cli_runner()
    for name, said in (("consultation-status", "opened 0, closed 0"), ("alert-digests", "queued 0 digests"),
                       ("section-updates", "raised 0 alerts")):
        result = runner.invoke(args=["ieg", "run-job", name])
        assert result.exit_code == 0 and said in result.output, (name, result.output)

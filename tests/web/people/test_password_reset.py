"""Forgotten passwords: an emailed link that works once, for 30 minutes, and tells nobody
whether an address has an account."""
import re
from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from ieg.extensions import db
from ieg.models import AuditEntry, OutboxMessage, User
from tests.conftest import csrf_from, sign_in

AGENT = "contact.agent@staff.example.gov.uk"
NEW = "a new long passphrase"


def ask(client, email):
    page = client.get("/forgot-password")
    return client.post("/forgot-password", data={"csrf_token": csrf_from(page), "email": email})


def links(app):
    with app.app_context():
        bodies = db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.purpose == "password_reset")
                                    .order_by(OutboxMessage.id)).all()
    return [re.search(r"http://[^/]+(/reset-password/\S+)", body).group(1) for body in bodies]


def choose(client, link, password=NEW, confirm=None):
    page = client.get(link)
    return client.post(link, data={"csrf_token": csrf_from(page), "new_password": password,
                                   "confirm_password": confirm or password})


def test_the_sign_in_page_offers_a_reset(client, council):
    assert 'href="/forgot-password"' in client.get("/login").get_data(as_text=True)


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_gets_mail(app, client, council):
    known, unknown = ask(client, AGENT), ask(client, "nobody@ashdown.example.gov.uk")
    def page(response, email):
        return re.sub(r'value="[^"]{20,}"', "", response.get_data(as_text=True).replace(email, "X"))
    assert known.status_code == unknown.status_code == 200
    assert page(known, AGENT) == page(unknown, "nobody@ashdown.example.gov.uk")
    assert "Check your email" in known.get_data(as_text=True)
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.purpose == "password_reset")).all()
        assert [m.to_address for m in mail] == [AGENT]
        assert "30 minutes" in mail[0].body_text
        requests = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "auth.password_reset_request")
                                      .order_by(AuditEntry.id)).all()
        assert [(e.subject.startswith("user:"), e.details["sent"]) for e in requests] == [(True, True), (True, False)]


def test_a_stopped_account_gets_no_link(app, client, council):
    with app.app_context():
        db.session.scalar(select(User).where(User.email == AGENT)).active = False
        db.session.commit()
    ask(client, AGENT)
    assert links(app) == []


def test_the_link_sets_the_password_once_and_ends_every_session(app, client, council):
    other = app.test_client()
    sign_in(other, AGENT)
    assert other.get("/staff/").status_code == 200
    ask(client, AGENT)
    link, = links(app)
    mismatch = choose(client, link, NEW, "something else entirely")
    assert mismatch.status_code == 400 and "The passwords do not match" in mismatch.get_data(as_text=True)
    done = choose(client, link)
    assert done.status_code == 200 and "Your password has been changed" in done.get_data(as_text=True)
    assert "Set-Cookie" not in done.headers
    assert other.get("/staff/").status_code == 302  # signed out everywhere
    assert "Enter a correct email" in sign_in(app.test_client(), AGENT).get_data(as_text=True)  # old password
    assert sign_in(app.test_client(), AGENT, NEW).status_code == 302
    again = client.get(link)
    assert again.status_code == 404 and "This link has expired" in again.get_data(as_text=True)
    assert client.post(link, data={"csrf_token": csrf_from(client.get("/forgot-password")), "new_password": "x" * 20,
                                   "confirm_password": "x" * 20}).status_code == 404


def test_a_link_expires_after_30_minutes_and_a_forged_one_never_works(app, client, council):
    with time_machine.travel("2027-02-01 10:00 +0000", tick=False) as clock:
        ask(client, AGENT)
        link, = links(app)
        clock.shift(timedelta(minutes=29))
        assert client.get(link).status_code == 200
        clock.shift(timedelta(minutes=2))
        assert client.get(link).status_code == 404
    assert client.get("/reset-password/not-a-real-token").status_code == 404


def test_at_most_three_links_wait_at_once(app, client, council):
    for _ in range(5):
        assert ask(client, AGENT).status_code == 200
    assert len(links(app)) == 3
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "auth.password_reset_request")) == 5


def test_the_form_explains_a_missing_address(client, council):
    response = ask(client, "")
    assert response.status_code == 400 and "Enter your email address" in response.get_data(as_text=True)

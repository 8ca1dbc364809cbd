"""Bulk mail (alerts to subscribers) waits behind mail to one person, and is queued in one go."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from ieg.extensions import db
from ieg.mail.outbox import enqueue, enqueue_bulk, send_due
from ieg.models import OutboxMessage
from ieg.models.mail import BULK, PERSONAL

NOW = datetime(2026, 6, 1, 10, tzinfo=timezone.utc)


class Recorder:
    def __init__(self):
        self.sent = []

    def connect(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send(self, email):
        self.sent.append(email["To"])


def test_personal_mail_queued_after_bulk_mail_goes_first(app):
    with app.app_context():
        queued = enqueue_bulk(db.session, [{"to": f"s{i}@example.org", "subject": "Alert", "body": "News",
                                            "headers": {"List-Unsubscribe": f"<https://x.example/u/{i}>"}}
                                           for i in range(30)], now=NOW, sender_domain="x.example", purpose="alert")
        enqueue(db.session, to="resident@example.org", subject="Your enquiry ENQ-1", body="Thanks", now=NOW,
                sender_domain="x.example", purpose="acknowledgement")
        db.session.commit()
        assert queued == 30
        priorities = dict(db.session.execute(select(OutboxMessage.purpose, func.max(OutboxMessage.priority))
                                             .group_by(OutboxMessage.purpose)).all())
        assert priorities == {"alert": BULK, "acknowledgement": PERSONAL}
        transport = Recorder()
        send_due(db.session, transport, sender="Council <no-reply@x.example>", now=NOW, limit=5)
        assert transport.sent[0] == "resident@example.org"
        assert transport.sent[1:] == [f"s{i}@example.org" for i in range(4)]
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "s0@example.org"))
        assert message.headers["List-Unsubscribe"] == "<https://x.example/u/0>"
        assert message.headers["Auto-Submitted"] == "auto-generated"


def test_bulk_of_nothing_writes_nothing(app):
    with app.app_context():
        assert enqueue_bulk(db.session, [], now=NOW, sender_domain="x.example", purpose="alert") == 0
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_long_unsubscribe_address_stays_one_readable_url():
    from email import message_from_bytes

    from ieg.mail.outbox import as_email

    url = "https://council.example.gov.uk/alerts/unsubscribe/" + "a" * 60 + "." + "b" * 27
    message = OutboxMessage(to_address="s@example.org", subject="Alert", body_text="News", message_id="<1@x>",
                            headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                            created_at=NOW)
    sent = message_from_bytes(bytes(as_email(message, "Council <no-reply@council.example.gov.uk>")))
    assert sent["List-Unsubscribe"] == f"<{url}>"

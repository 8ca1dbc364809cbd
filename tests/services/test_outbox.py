"""The outbox against a real SMTP server on loopback (aiosmtpd), and when it is down."""
import socket
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from ieg.extensions import db
from ieg.mail.outbox import enqueue, retry_delay, send_due
from ieg.mail.transport import FileTransport, SMTPTransport
from ieg.models import OutboxMessage
from ieg.timeutil import utcnow


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()  # aiosmtpd checks readiness by connecting, so it needs a real port
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, f"smtp://127.0.0.1:{port}"
    controller.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def queue(app, n=1):
    with app.app_context():
        for i in range(n):
            enqueue(db.session, to=f"person{i}@example.org", subject=f"Test {i}", body="Hello",
                    now=utcnow(), sender_domain="ashdown.example.gov.uk", purpose="test")
        db.session.commit()


def test_sends_through_a_real_smtp_server(app, smtp_server):
    inbox, url = smtp_server
    queue(app, 2)
    with app.app_context():
        counts = send_due(db.session, SMTPTransport(url), sender="Council <no-reply@ashdown.example.gov.uk>",
                          now=utcnow())
        assert counts == {"sent": 2, "retry": 0, "failed": 0}
        assert {m.status for m in db.session.scalars(select(OutboxMessage))} == {"sent"}
    recipients, message = inbox.messages[0]
    assert recipients == ["person0@example.org"]
    assert message["Subject"] == "Test 0" and message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@ashdown.example.gov.uk>")


def test_smtp_down_keeps_the_message_and_retries_with_back_off(app, smtp_server):
    inbox, url = smtp_server
    queue(app)
    dead = SMTPTransport(f"smtp://127.0.0.1:{free_port()}", timeout=2)
    now = utcnow()
    with app.app_context():
        assert send_due(db.session, dead, sender="x@example.org", now=now)["retry"] == 1
        message = db.session.scalar(select(OutboxMessage))
        assert message.status == "pending" and message.attempts == 1 and "Connection" in message.last_error
        # not due again yet
        assert send_due(db.session, SMTPTransport(url), sender="x@example.org", now=now)["sent"] == 0
        # the server is back: the message goes, once
        later = now + timedelta(minutes=1)
        assert send_due(db.session, SMTPTransport(url), sender="x@example.org", now=later)["sent"] == 1
        assert send_due(db.session, SMTPTransport(url), sender="x@example.org", now=later)["sent"] == 0
    assert len(inbox.messages) == 1


def test_back_off_grows_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(50) == timedelta(hours=6)


def test_a_rolled_back_change_sends_nothing(app):
    with app.app_context():
        enqueue(db.session, to="a@example.org", subject="x", body="y", now=utcnow(), sender_domain="d")
        db.session.rollback()
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_file_transport_writes_whole_eml_files(app, tmp_path):
    queue(app)
    with app.app_context():
        send_due(db.session, FileTransport(tmp_path / "mail"), sender="x@example.org", now=utcnow())
    files = list((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 1 and b"Subject: Test 0" in files[0].read_bytes()
    assert not list((tmp_path / "mail").glob("*.tmp"))

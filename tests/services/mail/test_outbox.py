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


def test_message_ids_stay_unique_whatever_seeds_the_random_module(app):
    """Hypothesis (and any library) may seed `random`; two messages queued in the same second
    must still get different Message-IDs (the column is unique)."""
    import random

    import time_machine

    with app.app_context(), time_machine.travel(utcnow(), tick=False):  # one instant: the same second
        ids = []
        for _ in range(2):
            random.seed(1)
            ids.append(enqueue(db.session, to="a@example.com", subject="S", body="B", purpose="test",
                               now=utcnow(), sender_domain="example.org").message_id)
        db.session.flush()
        assert ids[0] != ids[1]


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


# -- faults: values that would break headers, messages that cannot be built, servers that fail --

SENDER = "Council <no-reply@ashdown.example.gov.uk>"


def test_values_bound_for_headers_are_one_line_when_queued(app, smtp_server):
    """Whoever queues a message, a CR or LF in its subject, address or extra headers can
    neither add headers nor make it impossible to build."""
    inbox, url = smtp_server
    with app.app_context():
        enqueue(db.session, to="jo@example.org\r\n", subject="Missed bin\r\nBcc: everyone@example.net",
                body="Hello\r\nthere\x00", now=utcnow(), sender_domain="ashdown.example.gov.uk",
                headers={"X-IEG-Reference": "ENQ-1\nBcc: more@example.net"})
        db.session.commit()
        message = db.session.scalar(select(OutboxMessage))
        assert (message.to_address, message.subject) == ("jo@example.org", "Missed bin Bcc: everyone@example.net")
        assert message.headers["X-IEG-Reference"] == "ENQ-1 Bcc: more@example.net" and message.body_text == "Hello\nthere"
        assert send_due(db.session, SMTPTransport(url), sender=SENDER, now=utcnow())["sent"] == 1
    (recipients, sent), = inbox.messages
    assert recipients == ["jo@example.org"] and sent["Bcc"] is None
    assert sent["Subject"] == "Missed bin Bcc: everyone@example.net"


def test_a_message_that_cannot_be_built_fails_at_once_with_the_reason(app, smtp_server):
    """Queued before values were cleaned (or by code that writes the row itself): no retry
    can build it, so it fails at the first try instead of waiting for ever, and the next
    message still goes."""
    inbox, url = smtp_server
    queue(app, 2)
    with app.app_context():
        first = db.session.scalar(select(OutboxMessage).order_by(OutboxMessage.id))
        first.subject = "Missed bin\r\nBcc: everyone@example.net"
        db.session.commit()
        counts = send_due(db.session, SMTPTransport(url), sender=SENDER, now=utcnow())
        assert counts == {"sent": 1, "retry": 0, "failed": 1}
        db.session.refresh(first)
        assert first.status == "failed" and first.attempts == 0
        assert first.last_error.startswith("The message could not be built: ValueError")
    assert [m["Subject"] for _, m in inbox.messages] == ["Test 1"]


def test_retries_end_after_48_hours_and_the_message_fails(app):
    dead = SMTPTransport(f"smtp://127.0.0.1:{free_port()}", timeout=2)
    queue(app)
    start = utcnow()
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        attempts = 0
        for hours in range(0, 48, 6):  # the back-off reaches six hours: a try every six hours or less
            now = start + timedelta(hours=hours, minutes=1)
            assert send_due(db.session, dead, sender=SENDER, now=now)["retry"] == 1
            attempts += 1
            assert message.status == "pending" and message.first_failed_at == start + timedelta(minutes=1)
        counts = send_due(db.session, dead, sender=SENDER, now=start + timedelta(hours=48, minutes=1))
        assert counts["failed"] == 1 and counts["retry"] == 0
        db.session.refresh(message)
        assert message.status == "failed" and message.attempts == attempts + 1
        assert message.last_error.startswith(f"Not sent after {attempts + 1} attempts over 48 hours: ")
        assert "Connection" in message.last_error
        # Failed for good: never tried again.
        assert send_due(db.session, dead, sender=SENDER, now=start + timedelta(days=30)) == \
            {"sent": 0, "retry": 0, "failed": 0}


class Silent:
    """A mail server that accepts connections and never says a word."""

    def __init__(self):
        import threading
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.accepted = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


def test_a_server_that_never_answers_holds_a_run_one_timeout_not_one_per_message(app):
    import time

    queue(app, 5)
    server = Silent()
    try:
        with app.app_context():
            started = time.monotonic()
            counts = send_due(db.session, SMTPTransport(server.url, timeout=1), sender=SENDER, now=utcnow())
            took = time.monotonic() - started
            assert took < 4.5, f"the run took {took:.1f} s"  # one timeout, not five (5 s and more)
            assert counts["retry"] == 1 and counts["left"] == 4 and "timed out" in counts["stopped"]
            messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
            # The one that met the silence counts an attempt; the rest wait untouched for the next run.
            assert [m.attempts for m in messages] == [1, 0, 0, 0, 0]
            assert {m.status for m in messages} == {"pending"} and messages[1].last_error == ""
    finally:
        server.close()


def test_the_default_timeout_is_bounded():
    from ieg.mail.transport import MESSAGE_TIMEOUTS, SMTP_TIMEOUT, transport_for

    assert SMTP_TIMEOUT * MESSAGE_TIMEOUTS <= 60
    configured = transport_for({"SMTP_URL": "smtp://mail.example.com:587", "SMTP_TIMEOUT": 7})
    assert configured.timeout == 7


def test_one_connection_carries_the_whole_run(app):
    inbox, sessions = Inbox(), []

    async def handle_EHLO(server, session, envelope, hostname, responses):
        session.host_name = hostname  # what aiosmtpd does itself when there is no hook
        sessions.append(hostname)
        return responses

    inbox.handle_EHLO = handle_EHLO
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        queue(app, 3)
        with app.app_context():
            assert send_due(db.session, SMTPTransport(f"smtp://127.0.0.1:{port}"), sender=SENDER,
                            now=utcnow())["sent"] == 3
    finally:
        controller.stop()
    assert len(inbox.messages) == 3 and len(sessions) == 1


class Refusing(Inbox):
    """A mail server that refuses one address for good (550), as for a closed mailbox."""

    def __init__(self, refused: str):
        super().__init__()
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.refused:
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_recipient_refused_for_good_fails_and_the_rest_still_go(app):
    inbox, port = Refusing("person0@example.org"), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        queue(app, 2)
        with app.app_context():
            counts = send_due(db.session, SMTPTransport(f"smtp://127.0.0.1:{port}"), sender=SENDER, now=utcnow())
            assert counts == {"sent": 1, "retry": 0, "failed": 1}
            refused = db.session.scalar(select(OutboxMessage).where(OutboxMessage.to_address == "person0@example.org"))
            assert refused.status == "failed" and "No such user" in refused.last_error
    finally:
        controller.stop()
    assert [r for r, _ in inbox.messages] == [["person1@example.org"]]


def test_a_message_the_server_took_is_not_sent_again_when_the_database_goes_before_it_is_recorded(app, smtp_server):
    """The run's commit after the server took the first message is refused (the job lock went
    with the database): the run ends, but records that message first; the next run sends the
    other two and not it again."""
    from ieg import leadership

    inbox, url = smtp_server
    queue(app, 3)
    leadership.guard_commits()
    leadership._run.still_held = lambda: not inbox.messages  # the database goes once the first message has gone
    try:
        with app.app_context(), pytest.raises(leadership.LostJobLock):
            send_due(db.session, SMTPTransport(url), sender=SENDER, now=utcnow())
    finally:
        leadership._run.still_held = None
    with app.app_context():
        db.session.rollback()
        send_due(db.session, SMTPTransport(url), sender=SENDER, now=utcnow())  # the next run, on whichever leads
    message_ids = [message["Message-ID"] for _, message in inbox.messages]
    assert len(message_ids) == 3 and len(set(message_ids)) == 3

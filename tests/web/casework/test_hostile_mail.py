"""Mail built to break intake, or that only looks odd: `flask ieg ingest-mail` ends every one
in a documented exit code (0 stored or ignored, 65 refused and logged, 75 try again) with no
traceback; header values that would break the acknowledgement are made one line; a Received
date is believed only near the intake time; what was not sent shows where people look."""
from __future__ import annotations

import logging
from datetime import timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import select

from ieg.timeutil import utcnow
from tests.conftest import csrf_from
from tests.services.mail.test_outbox import Refusing, free_port
from tests.unit.casework.test_inbound import message
from tests.web.casework.test_ingest_mail import ingest, rows

AGENT = "contact.agent@staff.example.gov.uk"
ADMIN = "admin@staff.example.gov.uk"
HEAD = (b"From: Jo Bloggs <jo@example.com>\r\nTo: enquiries@ashdown.example.gov.uk\r\n"
        b"Message-ID: <hostile@example.com>\r\n")


def nested(depth: int) -> bytes:
    raw = HEAD + b"Subject: Nested\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n"
    for level in range(depth):
        raw += b"--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n" % (level, level + 1)
    return raw + b"--b%d\r\nContent-Type: text/plain\r\n\r\nhello\r\n" % depth


def only(app, model):
    from ieg.extensions import db
    with app.app_context():
        found = db.session.scalars(select(model)).all()
        assert len(found) == 1, found
        db.session.expunge_all()
        return found[0]


def no_traceback(result):
    assert "Traceback" not in result.output and "a bug in IEG" not in result.output  # nothing from inside
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


def send_outbox(app, transport=None):
    from ieg.extensions import db
    from ieg.mail.outbox import send_due
    from ieg.mail.transport import FileTransport
    with app.app_context():
        return send_due(db.session, transport or FileTransport(app.config["INSTANCE_PATH"] + "/mail"),
                        sender=app.config["MAIL_FROM"], now=utcnow())


# -- messages that crashed ingest-mail ---------------------------------------------------------

def test_an_encoded_crlf_in_the_senders_name_is_one_line_and_acknowledged(app, council):
    from ieg.models import Customer, OutboxMessage

    raw = HEAD.replace(b"Jo Bloggs", b"=?utf-8?q?Jo=0D=0ABcc=3A_all=40example=2Enet?=") + \
        b"Subject: Missed bin\r\n\r\nMy bin was missed.\r\n"
    result = ingest(app, raw)
    assert result.exit_code == 0, result.output
    no_traceback(result)
    assert only(app, Customer).name == "Jo Bcc: all@example.net"
    assert send_outbox(app)["sent"] == 1
    ack = only(app, OutboxMessage)
    assert ack.status == "sent" and ack.to_address == "jo@example.com"


def test_a_received_date_beyond_the_calendar_is_not_used(app, council):
    from ieg.models import Enquiry, InboundMail

    raw = HEAD + b"Received: from x by mx.ashdown.example.gov.uk; Fri, 31 Dec 9999 23:59:59 -1200\r\n" \
                 b"Subject: Missed bin\r\n\r\nHello\r\n"
    result = ingest(app, raw)
    assert result.exit_code == 0, result.output
    no_traceback(result)
    enquiry, logged = only(app, Enquiry), only(app, InboundMail)
    assert enquiry.received_at == enquiry.taken_in_at
    assert logged.server_received_at is None and "cannot be read" in logged.received_note


def test_thousands_of_nested_parts_are_refused_and_logged(app, council):
    from ieg.models import Enquiry, InboundMail

    result = ingest(app, nested(3000))
    assert result.exit_code == 65, result.output
    no_traceback(result)
    assert "refused: its MIME parts are nested more than 50 deep" in result.output
    assert rows(app, Enquiry) == 0
    logged = only(app, InboundMail)
    assert (logged.outcome, logged.message_id, logged.subject) == ("refused", "<hostile@example.com>", "Nested")
    assert logged.reason == "its MIME parts are nested more than 50 deep"


def test_a_real_depth_of_nesting_is_read():
    from ieg.casework import inbound
    assert inbound.parse(nested(20)).text == "hello"


def test_a_nul_in_the_charset_name_still_reads_the_text(app, council):
    from ieg.models import Enquiry

    raw = HEAD + b"Subject: Missed bin\r\nContent-Type: text/plain; charset=\"utf\x008\"\r\n\r\nCaf\xc3\xa9 bins\r\n"
    result = ingest(app, raw)
    assert result.exit_code == 0, result.output
    no_traceback(result)
    assert only(app, Enquiry).description == "Café bins"


@pytest.fixture
def mail_log(caplog, monkeypatch):
    """ieg.mail's records (the migrations' logging set-up disables loggers made before it)."""
    monkeypatch.setattr(logging.getLogger("ieg.mail"), "disabled", False)
    caplog.set_level("DEBUG", logger="ieg.mail")
    return caplog


def test_a_fault_in_intake_is_retried_then_refused_never_a_traceback(app, council, monkeypatch, mail_log):
    from ieg.casework import intake
    from ieg.models import Enquiry, InboundMail

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in IEG")

    monkeypatch.setattr(intake, "take_in", broken)
    raw = bytes(message("Hello"))
    outcomes = [ingest(app, raw) for _ in range(intake.MAX_ATTEMPTS)]
    assert [r.exit_code for r in outcomes] == [75] * (intake.MAX_ATTEMPTS - 1) + [65]
    assert outcomes[-1].output.strip() == f"refused: it failed to be taken in {intake.MAX_ATTEMPTS} times"
    for result in outcomes:
        no_traceback(result)
    logged = only(app, InboundMail)
    assert (logged.outcome, logged.attempts) == ("refused", intake.MAX_ATTEMPTS)
    assert logged.reason == f"failed to be taken in {intake.MAX_ATTEMPTS} times (RuntimeError: a bug in IEG)"
    assert rows(app, Enquiry) == 0
    errors = [r for r in mail_log.records if r.levelname == "ERROR"]
    assert len(errors) == intake.MAX_ATTEMPTS and errors[0].exc_info is None  # one line each
    assert any(r.exc_info for r in mail_log.records if r.levelname == "DEBUG")  # the traceback, for debugging

    monkeypatch.undo()  # fixed and delivered again (by hand): taken in on the same log row
    result = ingest(app, raw)
    assert result.exit_code == 0 and rows(app, Enquiry) == 1
    assert only(app, InboundMail).outcome == "new"


def test_a_fault_in_reading_is_refused_at_once(app, council, monkeypatch):
    from ieg.casework import inbound
    from ieg.models import InboundMail

    monkeypatch.setattr(inbound, "parse", lambda raw, prefix="": {}["a bug"])
    result = ingest(app, bytes(message("Hello")))
    assert result.exit_code == 65
    no_traceback(result)
    logged = only(app, InboundMail)
    assert (logged.outcome, logged.reason) == ("refused", "it could not be read (KeyError)")
    assert result.output.strip() == "refused: it could not be read"


# -- Received dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("offset, believed", [
    (timedelta(minutes=-3), True), (timedelta(days=-3), True), (timedelta(minutes=2), True),
    (timedelta(days=1), False), (timedelta(minutes=10), False), (timedelta(days=-8), False),
    (timedelta(days=-365 * 57), False),
])
def test_a_received_date_is_believed_only_near_the_intake_time(app, council, offset, believed):
    from ieg.models import Enquiry, InboundMail

    stamped = (utcnow() + offset).replace(microsecond=0)
    msg = message("Hello")
    msg["Received"] = f"from mx by mail.ashdown.example.gov.uk; {format_datetime(stamped)}"
    assert ingest(app, bytes(msg)).exit_code == 0
    enquiry, logged = only(app, Enquiry), only(app, InboundMail)
    assert logged.server_received_at == stamped  # what the header said is kept
    if believed:
        assert enquiry.received_at == stamped and logged.received_note == ""
    else:
        assert enquiry.received_at == enquiry.taken_in_at
        assert "so it is not believed: the time IEG took it in is used" in logged.received_note


def test_staff_see_why_the_received_time_is_not_the_servers(app, council, signed_in):
    msg = message("Hello")
    msg["Received"] = "from mx by mail.ashdown.example.gov.uk; Thu, 01 Jan 1970 00:00:00 +0000"
    reference = ingest(app, bytes(msg)).output.strip()
    page = signed_in(AGENT).get(f"/staff/enquiries/{reference}").get_data(as_text=True)
    assert "The mail server&#39;s Received date (01 Jan 1970 00:00 UTC) is more than 7 days before" in page


# -- R29 and what was not sent ------------------------------------------------------------------

def test_a_crlf_subject_neither_jams_the_outbox_nor_counts_an_unsent_reply(app, council, signed_in):
    """The subject is one line, so the acknowledgement and the staff reply that reuses it go;
    the reply counts as the response only when it has gone, from when it was written."""
    from ieg.extensions import db
    from ieg.models import Enquiry, OutboxMessage

    raw = HEAD + b"Subject: =?utf-8?q?Missed_bin=0D=0ABcc=3A_all=40example=2Enet?=\r\n\r\nHello\r\n"
    reference = ingest(app, raw).output.strip()
    assert only(app, Enquiry).subject == "Missed bin Bcc: all@example.net"
    agent = signed_in(AGENT)
    token = csrf_from(agent.get(f"/staff/enquiries/{reference}"))
    agent.post(f"/staff/enquiries/{reference}", data={"action": "reply", "reply": "On its way.", "csrf_token": token})
    queued = only(app, Enquiry)
    assert queued.first_response_at is None  # queued, not sent
    page = agent.get(f"/staff/enquiries/{reference}").get_data(as_text=True)
    assert "A reply is waiting to be sent" in page and "Waiting to be sent" in page
    assert send_outbox(app) == {"sent": 2, "retry": 0, "failed": 0}
    with app.app_context():
        assert {m.status for m in db.session.scalars(select(OutboxMessage))} == {"sent"}
        reply_event = db.session.scalar(select(OutboxMessage).where(OutboxMessage.purpose == "reply"))
        assert "\n" not in reply_event.subject
    answered = only(app, Enquiry)
    assert answered.first_response_at is not None and answered.first_response_kind == "email"
    assert answered.first_response_at <= answered.response_due_at


@pytest.fixture
def refusing_server():
    """A mail server that refuses jo@example.com for good (550), as for a closed mailbox."""
    from aiosmtpd.controller import Controller

    port = free_port()
    controller = Controller(Refusing("jo@example.com"), hostname="127.0.0.1", port=port)
    controller.start()
    yield f"smtp://127.0.0.1:{port}"
    controller.stop()


def test_mail_that_was_not_sent_shows_on_the_enquiry_and_to_administrators(app, council, signed_in, refusing_server):
    from ieg.mail.transport import SMTPTransport
    from ieg.models import Enquiry

    reference = ingest(app, bytes(message("Hello", From="Jo <jo@example.com>"))).output.strip()
    agent = signed_in(AGENT)
    token = csrf_from(agent.get(f"/staff/enquiries/{reference}"))
    agent.post(f"/staff/enquiries/{reference}", data={"action": "reply", "reply": "On its way.", "csrf_token": token})
    assert send_outbox(app, SMTPTransport(refusing_server)) == {"sent": 0, "retry": 0, "failed": 2}
    assert only(app, Enquiry).first_response_at is None  # a reply that failed is no response
    page = agent.get(f"/staff/enquiries/{reference}").get_data(as_text=True)
    assert "2 emails to the customer were not sent" in page
    assert page.count("Not sent: Recipient refused") == 2 and "No such user" in page
    assert "Overdue" in page or "working time left" in page  # still waiting for a response

    agent.post("/logout", data={"csrf_token": token})
    admin = signed_in(ADMIN)
    dashboard = admin.get("/admin/").get_data(as_text=True)
    assert "2 emails queued in the last 30 days could not be sent" in dashboard
    failed = admin.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert failed.count("govuk-tag--red") == 2 and reference in failed and "Recipient refused" in failed


def test_a_message_taken_in_meanwhile_by_another_delivery_is_a_duplicate(app, council, monkeypatch):
    """Two deliveries of one message at once: the second clashes on the unique Message-ID;
    its failure must not overwrite the first one's record."""
    from sqlalchemy.exc import IntegrityError

    from ieg.casework import intake
    from ieg.extensions import db
    from ieg.models import Enquiry, InboundMail

    real = intake.take_in

    def clash(session, message, *args, **kwargs):
        with app.app_context():  # the other delivery, on a session and connection of its own
            real(db.session, message, *args, **kwargs)
            db.session.commit()
        raise IntegrityError("INSERT INTO inbound_mail", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(intake, "take_in", clash)
    result = ingest(app, bytes(message("Hello")))
    assert result.exit_code == 0, result.output
    logged = only(app, InboundMail)
    assert (logged.outcome, logged.attempts) == ("new", 0) and rows(app, Enquiry) == 1
    assert result.output.strip() == only(app, Enquiry).reference

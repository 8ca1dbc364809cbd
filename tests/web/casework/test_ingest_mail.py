"""`flask ieg ingest-mail < message.eml` with real messages: new enquiries, threaded
replies, strangers quoting a reference, automatic mail, duplicates, a 30 MB message and a
database that is down."""
from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import func, select

from ieg.casework import references
from ieg.timeutil import utcnow
from tests.unit.casework.test_inbound import message


def ingest(app, raw: bytes):
    return app.test_cli_runner().invoke(args=["ieg", "ingest-mail"], input=raw)


def rows(app, model):
    from ieg.extensions import db
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def enquiry_by(app, reference):
    from ieg.extensions import db
    from ieg.models import Enquiry
    with app.app_context():
        found = db.session.scalar(select(Enquiry).where(Enquiry.reference == reference))
        db.session.expunge_all()
        return found


def test_a_plain_email_opens_an_enquiry_and_is_acknowledged(app, council):
    from ieg.extensions import db
    from ieg.models import Enquiry, OutboxMessage

    msg = message("My bin was missed on Tuesday.")
    stamped = (utcnow() - timedelta(minutes=3)).replace(microsecond=0)  # queued a while on the council's server
    msg["Received"] = f"from mx by mail.ashdown.example.gov.uk; {format_datetime(stamped)}"
    result = ingest(app, bytes(msg))
    assert result.exit_code == 0, result.output
    reference = result.output.strip()
    assert references.is_valid(reference)
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry))
        assert enquiry.reference == reference and enquiry.channel == "email"
        assert enquiry.subject == "Missed bin" and "Tuesday" in enquiry.description
        assert enquiry.received_at == stamped  # the server's time
        assert enquiry.taken_in_at != enquiry.received_at
        ack = db.session.scalar(select(OutboxMessage))
        assert reference in ack.subject and ack.to_address == "jo.bloggs@example.com"


def test_html_only_multipart_and_other_charsets_are_read(app, council):
    html = ingest(app, bytes(message("<p>Street light <b>out</b></p>", subtype="html", Message_ID="<h@x>")))
    latin = ingest(app, bytes(message("Caf\u00e9 bins, \u00a35", charset="iso-8859-1", Message_ID="<l@x>")))
    multi = message("See the photo.", Message_ID="<m@x>")
    multi.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename="tip.png")
    multi = ingest(app, bytes(multi))
    assert enquiry_by(app, html.output.strip()).description == "Street light out"
    assert "Café bins, £5" in enquiry_by(app, latin.output.strip()).description
    assert "Attachments: tip.png" in enquiry_by(app, multi.output.strip()).description


def test_attachments_are_kept_as_sent_on_the_enquiry_and_on_a_reply(app, council):
    import hashlib
    from pathlib import Path

    from ieg.extensions import db
    from ieg.models import EnquiryFile, OutboxMessage

    photo, letter = b"\x89PNG\r\n\x1a\n" + b"x" * 100, b"%PDF-1.4 the letter"
    first = message("See the photo.", Message_ID="<att-1@x>")
    first.add_attachment(photo, maintype="image", subtype="png", filename="../../tip.png")
    reference = ingest(app, bytes(first)).output.strip()
    with app.app_context():
        ack_id = db.session.scalar(select(OutboxMessage.message_id))
    reply = message("And the letter.", Subject=f"Re: Your enquiry {reference}", Message_ID="<att-2@x>",
                    In_Reply_To=ack_id)
    reply.add_attachment(letter, maintype="application", subtype="pdf", filename="letter.pdf")
    assert ingest(app, bytes(reply)).output.strip() == reference
    with app.app_context():
        kept = db.session.scalars(select(EnquiryFile).order_by(EnquiryFile.id)).all()
        assert [(f.filename, f.content_type, f.source, f.event.kind) for f in kept] == [
            ("tip.png", "image/png", "email", "received"), ("letter.pdf", "application/pdf", "email", "reply_in")]
        folder = Path(app.config["INSTANCE_PATH"]) / "uploads" / "enquiries"
        assert [(folder / f.stored_name).read_bytes() for f in kept] == [photo, letter]
        assert kept[1].sha256 == hashlib.sha256(letter).hexdigest()


def test_a_reply_to_our_acknowledgement_threads_onto_the_enquiry(app, council):
    from ieg.extensions import db
    from ieg.models import Enquiry, EnquiryEvent, OutboxMessage

    reference = ingest(app, bytes(message("First message"))).output.strip()
    with app.app_context():
        ack_id = db.session.scalar(select(OutboxMessage.message_id))
    reply = message("More details: it was the grey bin.", Subject=f"Re: Your enquiry {reference}",
                    Message_ID="<reply-1@mail.example.com>", In_Reply_To=ack_id, References=ack_id)
    result = ingest(app, bytes(reply))
    assert result.output.strip() == reference
    assert rows(app, Enquiry) == 1
    with app.app_context():
        kinds = db.session.scalars(select(EnquiryEvent.kind).order_by(EnquiryEvent.id)).all()
        assert kinds == ["received", "acknowledged", "reply_in"]
        assert rows(app, OutboxMessage) == 1  # a reply is not acknowledged again


def test_someone_else_quoting_a_reference_opens_a_new_enquiry(app, council):
    reference = ingest(app, bytes(message("Mine"))).output.strip()
    stranger = message(f"About {reference}", From="Mallory <mallory@example.net>", Subject=f"Re: {reference}",
                       Message_ID="<s@example.net>")
    other = ingest(app, bytes(stranger)).output.strip()
    assert references.is_valid(other) and other != reference


@pytest.mark.parametrize("headers, reason", [
    ({"Auto_Submitted": "auto-replied", "Subject": "Out of office"}, "auto-reply"),
    ({"From": "MAILER-DAEMON@mx.example.com", "Subject": "Undelivered Mail"}, "bounce"),
    ({"List_Id": "<news.lists.example.com>"}, "list"),
])
def test_automatic_mail_opens_nothing_but_is_logged(app, council, headers, reason):
    from ieg.extensions import db
    from ieg.models import Enquiry, InboundMail, OutboxMessage

    result = ingest(app, bytes(message("I am away", **headers)))
    assert result.exit_code == 0 and result.output.strip() == f"ignored: {reason}"
    assert rows(app, Enquiry) == 0 and rows(app, OutboxMessage) == 0
    with app.app_context():
        logged = db.session.scalar(select(InboundMail))
        assert (logged.outcome, logged.reason) == ("ignored", reason)


def test_the_same_message_twice_is_stored_once(app, council):
    from ieg.models import Enquiry, OutboxMessage

    raw = bytes(message("Once only"))
    first, second = ingest(app, raw), ingest(app, raw)
    assert first.output.strip() == second.output.strip()
    assert rows(app, Enquiry) == 1 and rows(app, OutboxMessage) == 1


def test_a_30_mb_message_is_refused_with_a_reason(app, council):
    from ieg.models import Enquiry, InboundMail

    huge = bytes(message("big")) + b"x" * (30 * 1024 * 1024)
    result = ingest(app, huge)
    assert result.exit_code == 65
    assert "limit is 25 MB" in result.output
    assert rows(app, Enquiry) == 0
    from ieg.extensions import db
    with app.app_context():  # logged, with the reason, for whoever looks at the intake log
        logged = db.session.scalar(select(InboundMail))
        assert (logged.outcome, logged.message_id, logged.from_address) == (
            "refused", "<abc123@mail.example.com>", "jo.bloggs@example.com")
        assert "limit is 25 MB" in logged.reason


def test_a_database_that_is_down_asks_the_mta_to_try_again(tmp_path):
    from tests.conftest import make_app
    down = make_app(tmp_path, tmp_path / "no-such-folder" / "ieg.sqlite3")
    result = ingest(down, bytes(message("Hello")))
    assert result.exit_code == 75

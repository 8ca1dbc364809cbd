"""Opening enquiries on every channel against one customer record, with unique references,
one enquiry per submission or email message, and acknowledgements through the outbox that
reach a real SMTP server with the reference in the subject and RFC 3834 headers."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from ieg.casework import enquiries, references
from ieg.casework.enquiries import ContactDetails
from ieg.config import Council
from ieg.extensions import db
from ieg.mail.outbox import send_due
from ieg.mail.transport import SMTPTransport
from ieg.models import CaseType, Customer, Enquiry, OutboxMessage, Section
from tests.services.mail.test_outbox import smtp_server  # noqa: F401  (fixture)

RECEIVED = datetime(2026, 10, 27, 13, 5, tzinfo=timezone.utc)  # 1:05pm GMT, after the clocks went back
COUNCIL = Council(name="Ashdown District Council", base_url="https://www.ashdown.example.gov.uk",
                  mail_domain="ashdown.example.gov.uk", secret_key="test-secret-key")


@pytest.fixture
def case_type(app, council):
    with app.app_context():
        section = db.session.scalar(select(Section).where(Section.slug == "waste-and-recycling"))
        kind = CaseType(slug="missed-bin", name="Missed bin collection", section=section, outcome_refs=["R7"])
        db.session.add(kind)
        db.session.commit()
        return kind.id


def _open(channel="web", details=None, **kwargs):
    customer = enquiries.find_or_create_customer(db.session, details or ContactDetails(
        name="Jo Bloggs", email="Jo.Bloggs@Example.com", phone="01632 960123", postcode="as11aa"))
    kind = db.session.scalar(select(CaseType))
    return enquiries.open_enquiry(db.session, channel=channel, customer=customer, case_type=kind,
                                  subject=kwargs.pop("subject", "Bin not emptied"),
                                  description="Grey bin missed on Tuesday.", received_at=RECEIVED,
                                  now=RECEIVED, **kwargs)


def test_every_channel_shares_one_customer_record(app, case_type):
    with app.app_context():
        web, _ = _open("web")
        phone, _ = _open("phone", ContactDetails(name="J Bloggs", phone="+44 1632 960123"))
        email, _ = _open("email", ContactDetails(email="jo.bloggs@example.com"))
        db.session.commit()
        assert web.customer_id == phone.customer_id == email.customer_id
        customer = db.session.get(Customer, web.customer_id)
        assert (customer.email, customer.phone, customer.postcode) == ("jo.bloggs@example.com", "01632960123",
                                                                       "AS1 1AA")
        assert customer.name == "Jo Bloggs"  # filled once, never overwritten by another channel
        assert len({web.reference, phone.reference, email.reference}) == 3
        assert all(references.is_valid(e.reference) for e in (web, phone, email))


def test_a_double_submission_makes_one_enquiry(app, case_type):
    with app.app_context():
        first, created = _open(submission_key="form-123")
        again, created_again = _open(submission_key="form-123")
        db.session.commit()
        assert created and not created_again and first.id == again.id
        same_mail, _ = _open("email", email_message_id="<m1@example.com>")
        twice, created_twice = _open("email", email_message_id="<m1@example.com>")
        db.session.commit()
        assert same_mail.id == twice.id and not created_twice
        assert db.session.scalar(select(func.count()).select_from(Enquiry)) == 2


def test_resolved_at_first_contact(app, case_type):
    with app.app_context():
        enquiry, _ = _open("phone", resolved_at_first_contact=True)
        db.session.commit()
        assert enquiry.status == "resolved" and enquiry.resolved_at == RECEIVED
        assert [e.kind for e in enquiry.events] == ["received", "resolved"]


def test_bad_input_is_refused_with_a_field(app, case_type):
    with app.app_context():
        with pytest.raises(enquiries.EnquiryError) as error:
            _open("pigeon")
        assert error.value.field == "channel"
        with pytest.raises(enquiries.EnquiryError) as error:
            _open(subject="  ")
        assert error.value.field == "subject"


def test_acknowledgement_reaches_a_real_smtp_server(app, case_type, smtp_server):  # noqa: F811
    inbox, url = smtp_server
    with app.app_context():
        enquiry, _ = _open("web")
        event = enquiries.acknowledge(db.session, enquiry, COUNCIL, RECEIVED)
        db.session.commit()
        assert event.kind == "acknowledged" and event.public
        counts = send_due(db.session, SMTPTransport(url), sender="Ashdown <no-reply@ashdown.example.gov.uk>",
                          now=RECEIVED)
        assert counts["sent"] == 1
        (recipients, message), = inbox.messages
        assert recipients == ["jo.bloggs@example.com"]
        assert enquiry.reference in message["Subject"]
        assert message["Auto-Submitted"] == "auto-replied" and message["X-IEG-Reference"] == enquiry.reference
        assert message["Message-ID"] == db.session.get(OutboxMessage, event.outbox_message_id).message_id
        body = message.get_payload(decode=True).decode()
        assert f"Your reference: {enquiry.reference}" in body
        assert "Missed bin collection: Bin not emptied" in body
        assert "27 October 2026 at 1:05pm" in body  # Europe/London, GMT after the change
        assert "Dealt with by: Waste and recycling" in body
        assert "within one working day" in body
        token = body.split("/track/")[1].split()[0]
        assert enquiries.reference_from_token("test-secret-key", token) == enquiry.reference
        assert enquiries.reference_from_token("another-key", token) is None


def test_tracking_links_are_the_ones_itsdangerous_makes_and_old_ones_still_open():
    """The tracking serializer skips the compression attempt (a reference never gets
    shorter): links already sent, and any compressed token, still read the same."""
    from itsdangerous import URLSafeSerializer

    from ieg.casework import references
    plain = URLSafeSerializer("test-secret-key", salt="ieg-track")
    for _ in range(200):
        reference = references.generate()
        token = enquiries.tracking_token("test-secret-key", type("Enquiry", (), {"reference": reference}))
        assert token == plain.dumps(reference)
        assert enquiries.reference_from_token("test-secret-key", token) == reference
    compressed = plain.dumps("ENQ-" * 30)
    assert compressed.startswith(".") and enquiries.reference_from_token("test-secret-key", compressed) == "ENQ-" * 30


@pytest.mark.parametrize("channel", ["phone", "face_to_face", "letter"])
def test_no_acknowledgement_email_for_offline_channels(app, case_type, channel):
    with app.app_context():
        enquiry, _ = _open(channel)
        assert enquiries.acknowledge(db.session, enquiry, COUNCIL, RECEIVED) is None


def test_no_acknowledgement_without_an_email_address(app, case_type):
    with app.app_context():
        enquiry, _ = _open("web", ContactDetails(name="No Email", phone="01632 960999"))
        assert enquiries.acknowledge(db.session, enquiry, COUNCIL, RECEIVED) is None


def test_a_shared_phone_with_a_different_email_is_a_different_person(app, case_type):
    with app.app_context():
        one = enquiries.find_or_create_customer(db.session, ContactDetails(email="a@example.com", phone="01632 960555"))
        two = enquiries.find_or_create_customer(db.session, ContactDetails(email="b@example.com", phone="01632 960555"))
        by_phone = enquiries.find_or_create_customer(db.session, ContactDetails(phone="+44 1632 960555"))
        assert one.id != two.id and by_phone.id == one.id


CREATOR = """
import sys
sys.path.insert(0, {root!r})
from datetime import datetime, timezone
from sqlalchemy import select
from tests.conftest import make_app
from ieg.casework import enquiries
from ieg.casework.enquiries import ContactDetails
from ieg.extensions import db
from ieg.models import CaseType
app = make_app({folder!r}, {database!r})
when = datetime(2026, 10, 27, 13, 5, tzinfo=timezone.utc)
with app.app_context():
    kind = db.session.scalar(select(CaseType))
    for n in range({count}):
        customer = enquiries.find_or_create_customer(db.session, ContactDetails(email=f"{tag}{{n}}@example.com"))
        enquiries.open_enquiry(db.session, channel="web", customer=customer, case_type=kind, subject="x",
                               description="", received_at=when, now=when)
        db.session.commit()
print("done")
"""


def test_references_stay_unique_when_two_processes_create_enquiries_at_once(app, case_type, tmp_path, database):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    count = 150
    procs = [subprocess.Popen([sys.executable, "-c", CREATOR.format(root=str(ROOT), folder=str(tmp_path / tag),
                                                                    database=str(database), count=count, tag=tag)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
             for tag in ("a", "b")]
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0 and "done" in out, err
    with app.app_context():
        total = db.session.scalar(select(func.count()).select_from(Enquiry))
        distinct = db.session.scalar(select(func.count(func.distinct(Enquiry.reference))))
        assert total == distinct == 2 * count


def test_an_acknowledgement_survives_smtp_being_down_and_arrives_once(app, case_type):
    """The form is answered while the mail server is down: the acknowledgement waits in the
    outbox, is retried, and arrives exactly once when the server is back."""
    from datetime import timedelta

    from aiosmtpd.controller import Controller

    from tests.services.mail.test_outbox import Inbox, free_port

    port = free_port()
    transport = SMTPTransport(f"smtp://127.0.0.1:{port}", timeout=2)
    with app.app_context():
        enquiry, _ = _open("web")
        enquiries.acknowledge(db.session, enquiry, COUNCIL, RECEIVED)
        db.session.commit()
        assert send_due(db.session, transport, sender="a@b.example", now=RECEIVED)["retry"] == 1
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            later = RECEIVED + timedelta(minutes=5)
            assert send_due(db.session, transport, sender="a@b.example", now=later)["sent"] == 1
            assert send_due(db.session, transport, sender="a@b.example", now=later + timedelta(hours=1)) == \
                {"sent": 0, "retry": 0, "failed": 0}
        finally:
            controller.stop()
        assert len(inbox.messages) == 1 and enquiry.reference in inbox.messages[0][1]["Subject"]


def test_sending_an_acknowledgement_stores_r28_on_the_enquiry(app, case_type, smtp_server):  # noqa: F811
    """R28 reads the enquiry alone: when the outbox sends, the first sending and whether one
    sent carried the reference are stored on it; a message still queued counts for nothing,
    a later one never moves the first, and the figures agree with the events and messages."""
    from datetime import timedelta

    _, url = smtp_server
    with app.app_context():
        enquiry, _ = _open("web")
        enquiries.acknowledge(db.session, enquiry, COUNCIL, RECEIVED)
        db.session.commit()
        assert (enquiry.acknowledged_at, enquiry.acknowledged_with_reference) == (None, False)  # queued: nothing yet
        transport = SMTPTransport(url)
        send_due(db.session, transport, sender="x@ashdown.example.gov.uk", now=RECEIVED + timedelta(minutes=2))
        db.session.refresh(enquiry)
        assert enquiry.acknowledged_at == RECEIVED + timedelta(minutes=2) and enquiry.acknowledged_with_reference
        # A second acknowledgement, without the reference in its subject, goes later.
        event = enquiries.acknowledge(db.session, enquiry, COUNCIL, RECEIVED + timedelta(hours=1))
        db.session.get(OutboxMessage, event.outbox_message_id).subject = "We have your message"
        db.session.commit()
        send_due(db.session, transport, sender="x@ashdown.example.gov.uk", now=RECEIVED + timedelta(hours=1))
        db.session.refresh(enquiry)
        assert enquiry.acknowledged_at == RECEIVED + timedelta(minutes=2) and enquiry.acknowledged_with_reference
        # Worked out again from the events and messages, the same.
        enquiry.acknowledged_at, enquiry.acknowledged_with_reference = None, False
        db.session.commit()
        assert enquiries.store_acknowledgements(db.session) == 1
        db.session.commit()
        db.session.refresh(enquiry)
        assert enquiry.acknowledged_at == RECEIVED + timedelta(minutes=2) and enquiry.acknowledged_with_reference


def test_an_acknowledgement_without_the_reference_is_stored_as_such(app, case_type, smtp_server):  # noqa: F811
    _, url = smtp_server
    with app.app_context():
        enquiry, _ = _open("email")
        event = enquiries.acknowledge(db.session, enquiry, COUNCIL, RECEIVED)
        db.session.get(OutboxMessage, event.outbox_message_id).subject = "Thanks for your email"
        db.session.commit()
        send_due(db.session, SMTPTransport(url), sender="x@ashdown.example.gov.uk", now=RECEIVED)
        db.session.refresh(enquiry)
        assert enquiry.acknowledged_at == RECEIVED and not enquiry.acknowledged_with_reference

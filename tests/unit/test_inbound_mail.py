"""Reading inbound email as real messages arrive: plain, HTML-only, multipart with
attachments, other charsets, replies, out-of-office, bounces, lists, huge messages."""
from datetime import datetime, timezone
from email.message import EmailMessage

import pytest

from ieg.casework import inbound, references

REF = references.format_reference("ENQ", "7K2M9QX4" + references.check_symbol("7K2M9QX4"))


def message(body="Hello, my bin was missed.", subtype="plain", charset="utf-8", **headers) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = headers.pop("From", "Jo Bloggs <Jo.Bloggs@Example.com>")
    msg["To"] = "enquiries@ashdown.example.gov.uk"
    msg["Subject"] = headers.pop("Subject", "Missed bin")
    msg["Message-ID"] = headers.pop("Message_ID", "<abc123@mail.example.com>")
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body, subtype=subtype, charset=charset)
    return msg


def test_plain_message():
    found = inbound.parse(bytes(message()))
    assert found.from_address == "jo.bloggs@example.com" and found.from_name == "Jo Bloggs"
    assert found.subject == "Missed bin" and found.text == "Hello, my bin was missed."
    assert found.message_id == "<abc123@mail.example.com>" and found.automatic == ""


def test_html_only_message_becomes_text():
    html = "<html><head><style>p{}</style></head><body><p>My bin</p><p>was <b>missed</b> &amp; left.</p>" \
           "<script>x()</script></body></html>"
    found = inbound.parse(bytes(message(html, subtype="html")))
    assert found.text == "My bin\n\nwas missed & left."


def test_multipart_with_attachments_prefers_the_plain_part():
    msg = message("Photo attached.")
    msg.add_alternative("<p>Photo <i>attached</i>.</p>", subtype="html")
    msg.add_attachment(b"\x89PNG\r\n\x1a\nimage", maintype="image", subtype="png", filename="bin.png")
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="letter.pdf")
    found = inbound.parse(bytes(msg))
    assert found.text == "Photo attached."
    assert [(a.filename, a.content_type) for a in found.attachments] == [("bin.png", "image/png"),
                                                                         ("letter.pdf", "application/pdf")]
    assert found.attachments[0].data.startswith(b"\x89PNG")


@pytest.mark.parametrize("charset, text", [
    ("iso-8859-1", "Café on Königstraße, £5"),
    ("windows-1252", "Café — £5 “quoted”"),
    ("utf-8", "Café — £5 ✓ مرحبا"),
])
def test_other_charsets(charset, text):
    assert inbound.parse(bytes(message(text, charset=charset))).text == text


def test_a_wrongly_labelled_charset_still_reads():
    raw = bytes(message("x")).replace(b"x\n", "Caf\xe9".encode("latin-1") + b"\n")
    raw = raw.replace(b'charset="utf-8"', b'charset="utf-8"').replace(b"Content-Transfer-Encoding: 7bit",
                                                                       b"Content-Transfer-Encoding: 8bit")
    assert inbound.parse(raw).text == "Café"


def test_reply_carries_our_message_ids_and_the_reference():
    found = inbound.parse(bytes(message(f"Thanks. Re {REF.lower()}", Subject=f"Re: Your enquiry {REF}",
                                        In_Reply_To="<ack-1@ieg.example>",
                                        References="<first@ieg.example> <ack-1@ieg.example>")))
    assert found.in_reply_to == ("<ack-1@ieg.example>",)
    assert found.references == ("<ack-1@ieg.example>", "<first@ieg.example>")
    assert found.mentioned_references == (REF,)


def test_a_mistyped_reference_is_not_taken_as_one():
    bad = REF[:-1] + ("A" if REF[-1] != "A" else "B")
    assert inbound.parse(bytes(message(Subject=f"About {bad}"))).mentioned_references == ()


@pytest.mark.parametrize("headers, reason", [
    ({"Auto_Submitted": "auto-replied"}, "auto-reply"),
    ({"Auto_Submitted": "auto-generated"}, "auto-reply"),
    ({"X_Auto_Response_Suppress": "All"}, "auto-reply"),
    ({"Precedence": "auto_reply"}, "auto-reply"),
    ({"From": "MAILER-DAEMON@mx.example.com"}, "bounce"),
    ({"Return_Path": "<>"}, "bounce"),
    ({"List_Id": "<residents.lists.example.com>"}, "list"),
    ({"List_Unsubscribe": "<mailto:leave@lists.example.com>"}, "list"),
    ({"Precedence": "bulk"}, "bulk"),
    ({"Precedence": "junk"}, "bulk"),
    ({"Auto_Submitted": "no"}, ""),
])
def test_automatic_messages_are_recognised(headers, reason):
    assert inbound.parse(bytes(message(**headers))).automatic == reason


def test_a_delivery_status_report_is_a_bounce():
    raw = (b"From: Mail Delivery System <mailer@mx.example.com>\r\nTo: enquiries@ashdown.example.gov.uk\r\n"
           b"Subject: Undelivered\r\nMessage-ID: <b1@mx>\r\n"
           b'Content-Type: multipart/report; report-type=delivery-status; boundary="XX"\r\n\r\n'
           b"--XX\r\nContent-Type: text/plain\r\n\r\nCould not deliver.\r\n"
           b"--XX\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--XX--\r\n")
    found = inbound.parse(raw)
    assert found.automatic == "bounce" and found.attachments == ()


def test_the_council_servers_received_time_is_read():
    msg = message()
    msg["Received"] = "from mx.ashdown.example.gov.uk by mail; Tue, 27 Oct 2026 08:59:30 +0000"
    msg["Received"] = "from sender.example.com by mx; Tue, 27 Oct 2026 08:59:01 +0000"
    found = inbound.parse(bytes(msg))
    assert found.server_received_at == datetime(2026, 10, 27, 8, 59, 30, tzinfo=timezone.utc)
    assert inbound.parse(bytes(message())).server_received_at is None


def test_too_large_is_refused_with_a_reason():
    with pytest.raises(inbound.MessageTooLarge, match="limit is 25 MB"):
        inbound.parse(b"x" * (inbound.MAX_BYTES + 1))

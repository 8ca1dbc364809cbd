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


# -- mail as it really arrives: shapes met in other mail projects' corpora of real messages ------

def raw_message(headers: bytes, body: bytes = b"Hello\r\n") -> bytes:
    return b"To: enquiries@ashdown.example.gov.uk\r\nMessage-ID: <shape@example.com>\r\n" + headers + b"\r\n" + body


@pytest.mark.parametrize("sender, name, address", [
    (b"purchasing@example.com <do-not-reply@example.org>", "purchasing@example.com", "do-not-reply@example.org"),
    (b"\"Bloggs, Jo\" <Jo@Example.com>", "Bloggs, Jo", "jo@example.com"),
    (b"jo@example.com (Jo Bloggs)", "Jo Bloggs", "jo@example.com"),
    (b"=?utf-8?q?Jo=0D=0ABcc=3A_x=40example=2Enet?= <jo@example.com>", "Jo Bcc: x@example.net", "jo@example.com"),
    (b"=?utf-8?q?=3Cevil=40example=2Enet=3E?= <jo@example.com>", "<evil@example.net>", "jo@example.com"),
    (b"J\xc3\xb6rg <jorg@example.com>", "Jörg", "jorg@example.com"),  # raw UTF-8 in a header
    (b"J\xf6rg <jorg@example.com>", "Jörg", "jorg@example.com"),  # raw Windows-1252
    (b"undisclosed-recipients:;", "", ""),
    (b"\"jo\x01\"@example.com", "", ""),
])
def test_senders_as_they_come(sender, name, address):
    found = inbound.parse(raw_message(b"From: " + sender + b"\r\nSubject: x\r\n"))
    assert (found.from_name, found.from_address) == (name, address)


def test_headers_are_single_clean_lines_whatever_they_hold():
    found = inbound.parse(raw_message(
        b"From: jo@example.com\r\nSubject: =?utf-8?b?QmluDQpCY2M6IHg=?= \xe2\x9c\x93 =?x-unknown?q?caf=E9?=\r\n"
        b"Subject: the second subject is ignored\r\nIn-Reply-To: <a\x01b@example.com> <ok@example.com>\r\n"))
    assert found.subject.startswith("Bin Bcc: x ✓") and "\r" not in found.subject and "\n" not in found.subject
    assert found.in_reply_to == ("<ab@example.com>", "<ok@example.com>")  # the control character dropped


def test_missing_from_message_id_and_date_and_very_long_headers():
    long_id = b"<" + b"x" * 2000 + b"@example.com>"
    found = inbound.parse(b"Subject: " + b"word " * 3000 + b"\r\nMessage-ID: " + long_id + b"\r\n\r\nHello\r\n")
    assert found.from_address == "" and found.text == "Hello" and len(found.subject) > 10000
    assert found.message_id.startswith("<long-") and len(found.message_id) < inbound.MAX_ID  # fits its column
    assert inbound.parse(b"\r\nHello\r\n").message_id == ""


def test_an_unquoted_boundary_with_an_equals_sign_is_still_split():
    raw = raw_message(b"From: jo@example.com\r\nMIME-Version: 1.0\r\n"
                      b"Content-Type: multipart/alternative; boundary=----=_NextPart_000_0093\r\n",
                      b"------=_NextPart_000_0093\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
                      b"Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 bins\r\n"
                      b"------=_NextPart_000_0093\r\nContent-Type: text/html\r\n\r\n<p>Caf&eacute;</p>\r\n"
                      b"------=_NextPart_000_0093--\r\n")
    assert inbound.parse(raw).text == "Café bins"


def test_a_body_using_another_boundary_than_declared_is_split_and_one_with_none_is_text():
    declared = raw_message(b"From: jo@example.com\r\nContent-Type: multipart/mixed; boundary=\"declared\"\r\n",
                           b"--actual\r\nContent-Type: text/plain\r\n\r\nThe words\r\n--actual--\r\n")
    assert inbound.parse(declared).text == "The words"
    none = raw_message(b"From: jo@example.com\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n",
                       b"Just words\r\n")
    found = inbound.parse(none)
    assert (found.text, found.attachments) == ("Just words", ())


@pytest.mark.parametrize("charset, data, text", [
    ("gb2312", "欢迎镕".encode("gbk"), "欢迎镕"),  # sent as GB2312, holding a GBK character
    ("koi8-r", "Привет".encode("koi8-r"), "Привет"),
    ("iso-2022-jp", "こんにちは".encode("iso2022_jp"), "こんにちは"),
    ("x-unknown", "Café".encode("utf-8"), "Café"),
    ("utf\x008", b"plain", "plain"),
])
def test_charsets_real_senders_use(charset, data, text):
    raw = raw_message(b"From: jo@example.com\r\nContent-Type: text/plain; charset=\"" + charset.encode() + b"\"\r\n"
                      b"Content-Transfer-Encoding: 8bit\r\n", data + b"\r\n")
    assert inbound.parse(raw).text == text


def test_broken_transfer_encodings_and_nul_bytes_read_without_failing():
    raw = raw_message(b"From: jo@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n",
                      b"--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8gd29y!!bGQ=x\r\n"
                      b"--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: quoted-printable\r\n"
                      b"Content-Disposition: attachment; filename=\"..\\\\..\\\\evil\r\n.png\"\r\n\r\n=ZZ=0\x00\r\n--b--\r\n")
    found = inbound.parse(raw)
    assert "\x00" not in found.text
    (image,) = found.attachments
    assert image.filename == "evil"  # the line break ended the header: the rest was not the name


def test_attachment_names_have_no_path_no_controls_and_never_nothing():
    msg = message("See attached.")
    for name in ("../../etc/passwd", "C:\\Users\\jo\\bill.pdf", "bad\x00na\x1bme\u202e.txt", "..", " "):
        msg.add_attachment(b"data", maintype="application", subtype="octet-stream", filename=name)
    names = [a.filename for a in inbound.parse(bytes(msg)).attachments]
    assert names[:3] == ["passwd", "bill.pdf", "badname.txt"]
    assert all(n and "/" not in n and "\\" not in n and n.isprintable() for n in names)


def test_a_forwarded_message_is_kept_whole_and_read_when_ours_says_nothing():
    inner = message("The original complaint about the bins.", Subject="Bins", Message_ID="<inner@example.com>")
    outer = EmailMessage()
    outer["From"], outer["Subject"], outer["Message-ID"] = "jo@example.com", "Fwd: Bins", "<outer@example.com>"
    outer.add_attachment(inner)  # message/rfc822, Outlook's "forward as attachment"
    found = inbound.parse(bytes(outer))
    assert found.text == "The original complaint about the bins."
    (kept,) = found.attachments
    assert (kept.filename, kept.content_type) == ("message.eml", "message/rfc822") and b"Subject: Bins" in kept.data


def test_calendar_invites_signatures_and_encrypted_mail():
    msg = message("Meeting about the bins?")
    msg.add_attachment("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", subtype="calendar")
    msg.add_attachment(b"sig", maintype="application", subtype="pkcs7-signature")
    msg.add_attachment(b"secret", maintype="application", subtype="pkcs7-mime")
    found = inbound.parse(bytes(msg))
    assert found.text == "Meeting about the bins?"
    assert [(a.filename, a.content_type) for a in found.attachments] == [
        ("invite.ics", "text/calendar"), ("smime.p7m", "application/pkcs7-mime")]  # the signature is no use to staff


def test_a_delivery_report_and_an_outlook_auto_reply_are_automatic():
    dsn = (b"From: postmaster@example.org\r\nSubject: Delivery Status Notification (Failure)\r\n"
           b"Content-Type: multipart/report; report-type=\"delivery-status\"; boundary=r\r\n\r\n"
           b"--r\r\nContent-Type: text/plain\r\n\r\nFailed.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\n"
           b"Status: 5.0.0\r\n--r\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: x\r\n--r--\r\n")
    found = inbound.parse(dsn)
    assert found.automatic == "bounce" and found.attachments == ()
    oof = raw_message(b"From: jo@example.com\r\nX-Auto-Response-Suppress: All\r\nThread-Topic: Automatic reply\r\n")
    assert inbound.parse(oof).automatic == "auto-reply"


def test_a_received_date_that_cannot_be_read_says_so():
    found = inbound.parse(raw_message(b"From: jo@example.com\r\nReceived: from x by y; Fri, 31 Dec 9999 23:59:59 -1200\r\n"))
    assert found.server_received_at is None and "cannot be read" in found.received_problem
    assert inbound.parse(raw_message(b"Received: from x by y; Tue, 27 Oct 2026 08:59:30 +0100\r\n")) \
        .server_received_at == datetime(2026, 10, 27, 7, 59, 30, tzinfo=timezone.utc)  # in UTC


def test_nesting_and_part_count_are_bounded():
    from tests.web.casework.test_hostile_mail import nested
    with pytest.raises(inbound.MessageRefused, match="nested more than 50 deep"):
        inbound.parse(nested(inbound.MAX_DEPTH + 1))
    many = raw_message(b"From: jo@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n",
                       b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\nx\r\n" for _ in range(inbound.MAX_PARTS + 1))
                       + b"--b--\r\n")
    with pytest.raises(inbound.MessageRefused, match="more than 1000 MIME parts"):
        inbound.parse(many)


# -- winmail.dat (TNEF), built here by the format's rules ----------------------------------------

def tnef_attribute(level: int, ident: int, kind: int, data: bytes) -> bytes:
    import struct
    return struct.pack("<BII", level, (kind << 16) | ident, len(data)) + data + struct.pack("<H", sum(data) % 65536)


def mapi_properties(*props: tuple[int, int, bytes]) -> bytes:
    import struct
    out = struct.pack("<I", len(props))
    for kind, ident, value in props:
        out += struct.pack("<HHII", kind, ident, 1, len(value)) + value + b"\x00" * (-len(value) % 4)
    return out


def winmail(*attributes: bytes) -> bytes:
    import struct
    return struct.pack("<IH", 0x223E9F78, 0x0001) + b"".join(attributes)


def test_winmail_dat_is_opened_into_the_files_and_text_it_holds():
    from ieg.casework import tnef
    data = winmail(
        tnef_attribute(1, tnef.ATT_BODY, 2, "Photo of the fly-tipping attached. Café.".encode("cp1252") + b"\x00"),
        tnef_attribute(2, tnef.ATT_ATTACH_REND_DATA, 6, b"\x00" * 14),
        tnef_attribute(2, tnef.ATT_ATTACH_TITLE, 1, b"PHOTO~1.JPG\x00"),
        tnef_attribute(2, tnef.ATT_ATTACH_DATA, 6, b"\xff\xd8\xff photo"),
        tnef_attribute(2, tnef.ATT_ATTACHMENT, 6, mapi_properties(
            (tnef.PT_UNICODE, tnef.PR_ATTACH_LONG_FILENAME, "../fly tipping.jpg\x00".encode("utf-16-le")),
            (tnef.PT_STRING8, tnef.PR_ATTACH_MIME_TAG, b"image/jpeg\x00"))),
        tnef_attribute(2, tnef.ATT_ATTACH_REND_DATA, 6, b"\x00" * 14),
        tnef_attribute(2, tnef.ATT_ATTACHMENT, 6, mapi_properties(
            (tnef.PT_STRING8, tnef.PR_ATTACH_FILENAME, b"letter.pdf\x00"),
            (tnef.PT_BINARY, tnef.PR_ATTACH_DATA, b"%PDF-1.4"))))
    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["Message-ID"] = "jo@example.com", "Fly-tipping", "<tnef@example.com>"
    msg.add_attachment(data, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    found = inbound.parse(bytes(msg))
    assert found.text == "Photo of the fly-tipping attached. Café."
    assert [(a.filename, a.content_type, a.data) for a in found.attachments] == [
        ("fly tipping.jpg", "image/jpeg", b"\xff\xd8\xff photo"),
        ("letter.pdf", "application/octet-stream", b"%PDF-1.4")]


def test_outlooks_compressed_rich_text_becomes_a_file_word_opens():
    import struct

    from ieg.casework import tnef
    # Compressed RTF: a reference into the format's starting dictionary ("{\rtf1"), literals, the end.
    literals = b" Hi}"
    body = bytes([0b00000001]) + struct.pack(">H", (0 << 4) | (6 - 2)) + literals
    end = len(tnef._RTF_PREBUF) + len(literals) + 6
    body += bytes([0b00000001]) + struct.pack(">H", end << 4)
    compressed = struct.pack("<IIII", len(body) + 12, 10, 0x75465A4C, 0) + body
    assert tnef.decompress_rtf(compressed) == b"{\\rtf1 Hi}"
    data = winmail(tnef_attribute(1, tnef.ATT_MSG_PROPS, 6, mapi_properties(
        (tnef.PT_BINARY, tnef.PR_RTF_COMPRESSED, compressed))))
    msg = EmailMessage()
    msg["From"], msg["Message-ID"] = "jo@example.com", "<rtf@example.com>"
    msg.add_attachment(data, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    found = inbound.parse(bytes(msg))
    assert [(a.filename, a.data) for a in found.attachments] == [("message.rtf", b"{\\rtf1 Hi}")]


def test_a_winmail_dat_that_is_not_tnef_is_kept_as_it_came():
    msg = message("See attached.")
    msg.add_attachment(b"\x89PNG not tnef", maintype="application", subtype="ms-tnef", filename="winmail.dat")
    assert [(a.filename, a.data) for a in inbound.parse(bytes(msg)).attachments] == [("winmail.dat", b"\x89PNG not tnef")]

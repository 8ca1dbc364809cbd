"""Property-based fuzzing of email intake: generated messages (random and duplicate headers,
RFC 2047 words holding any bytes in any charset, real and made-up charsets, nesting, bad
dates, NULs, CR/LF, 8-bit header bytes, broken transfer encodings) never make a traceback,
always end in a documented outcome (exit 0, 65 or 75 through the CLI), leave nothing
half-written, store only text that encodes as UTF-8 with no control characters where they
do not belong, and never queue a message that cannot be built."""
from __future__ import annotations

import base64
import quopri

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from ieg.files_store import FolderStore
from ieg.timeutil import utcnow
from tests.web.casework.test_ingest_mail import ingest

CHARSETS = ["utf-8", "iso-8859-1", "windows-1252", "iso-2022-jp", "gb2312", "koi8-r", "shift_jis", "utf-16",
            "x-unknown", "utf\x008", "", "rot13", "us-ascii", "big5"]
HEADER_NAMES = ["From", "To", "Cc", "Subject", "Message-ID", "In-Reply-To", "References", "Received", "Date",
                "Auto-Submitted", "Precedence", "List-Id", "Return-Path", "Reply-To", "X-Mailer", "Content-Type",
                "MIME-Version", "Thread-Topic", "X-Auto-Response-Suppress"]
TRICKY = ["\r\n", "\n", "\r", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\ud800", "<", ">", ";", ",", "\"", "=?",
          "?=", "\\", "@", ":", " ", "\t", "..", "/", "\u202e"]

text = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(TRICKY)), max_size=30).map("".join)
raw_bytes = st.binary(max_size=40)


@st.composite
def encoded_word(draw) -> bytes:
    """An RFC 2047 word: any bytes, in a charset it may or may not be."""
    charset = draw(st.sampled_from(CHARSETS))
    payload = draw(st.one_of(raw_bytes, text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
    if draw(st.booleans()):
        body = base64.b64encode(payload).decode()
        if draw(st.integers(0, 5)) == 0:
            body = body[:-1]  # broken padding
        return f"=?{charset}?B?{body}?=".encode("ascii", "surrogateescape")
    body = quopri.encodestring(payload, header=True).decode("ascii").replace("\n", "=0A")
    return f"=?{charset}?Q?{body}?=".encode("ascii", "surrogateescape")


@st.composite
def date(draw) -> bytes:
    return draw(st.sampled_from([
        b"Fri, 31 Dec 9999 23:59:59 -1200", b"Thu, 01 Jan 1970 00:00:00 +0000", b"Mon, 7 Dec 2026 08:00:00 +0000",
        b"32 Foo 2026 25:61:61 +9999", b"", b"not a date", b"Sat, 01 Jan 0001 00:00:00 +0000",
        b"Tue, 8 Dec 2026 10:00:00 +1400", b"7 Dec 26 10:00 GMT"]))


@st.composite
def header_value(draw, name: str) -> bytes:
    parts = draw(st.lists(st.one_of(
        encoded_word(), raw_bytes, text.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.sampled_from([b"Jo Bloggs <jo@example.com>", b"<id-1@example.com>", b"undisclosed-recipients:;",
                         b"\"Quoted, Name\" <q@example.org>", b"<>", b"bulk", b"auto-replied",
                         b"MAILER-DAEMON@example.com", b"multipart/mixed; boundary=\"b\""])), max_size=4))
    if name == "Received":
        parts.append(b"; " + draw(date()))
    return b" ".join(parts)


@st.composite
def headers(draw) -> bytes:
    out = []
    if draw(st.booleans()):
        out.append(b"From: " + draw(st.sampled_from([b"Jo <jo@example.com>", b"sam@example.org",
                                                     b"=?utf-8?q?J=0D=0Ao?= <jo@example.com>"])))
    for _ in range(draw(st.integers(0, 8))):
        name = draw(st.sampled_from(HEADER_NAMES))
        out.append(name.encode() + b": " + draw(header_value(name)))
    if draw(st.booleans()):
        out.append(b"Subject: " + draw(header_value("Subject")))
    return b"\r\n".join(out) + b"\r\n"


@st.composite
def part(draw, depth: int) -> bytes:
    """A MIME entity: headers, a blank line, a body (which may hold parts of its own)."""
    if depth < 4 and draw(st.integers(0, 3)) == 0:
        boundary = draw(st.sampled_from([b"b1", b"b2", b"=_x", b""]))
        kind = draw(st.sampled_from([b"mixed", b"alternative", b"related", b"signed", b"report"]))
        children = draw(st.lists(part(depth + 1), max_size=3))
        body = b"".join(b"--" + boundary + b"\r\n" + child + b"\r\n" for child in children)
        if draw(st.booleans()):
            body += b"--" + boundary + b"--\r\n"
        return (b"Content-Type: multipart/" + kind + b"; boundary=\"" + boundary + b"\"\r\n\r\n" + body)
    if depth and draw(st.integers(0, 6)) == 0:  # an attached message
        return b"Content-Type: message/rfc822\r\n\r\n" + draw(headers()) + b"\r\n" + draw(raw_bytes) + b"\r\n"
    content_type = draw(st.sampled_from([b"text/plain", b"text/html", b"text/calendar", b"application/ms-tnef",
                                         b"image/png", b"application/pkcs7-signature", b"message/delivery-status"]))
    charset = draw(st.sampled_from(CHARSETS)).encode("ascii", "surrogateescape")
    encoding = draw(st.sampled_from([b"7bit", b"8bit", b"base64", b"quoted-printable", b"x-uuencode", b"binary"]))
    payload = draw(st.one_of(raw_bytes, text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
    if encoding == b"base64" and draw(st.booleans()):
        payload = base64.b64encode(payload)
    elif encoding == b"quoted-printable" and draw(st.booleans()):
        payload = quopri.encodestring(payload)
    head = b"Content-Type: " + content_type + b"; charset=\"" + charset + b"\"\r\nContent-Transfer-Encoding: " + encoding
    if draw(st.booleans()):
        name = draw(st.one_of(text, st.sampled_from(["../../etc/passwd", "C:\\a\\b.doc", "..", "a\r\nb.txt"])))
        head += b"\r\nContent-Disposition: attachment; filename=\"" + name.encode("utf-8", "surrogatepass") + b"\""
    return head + b"\r\n\r\n" + payload + b"\r\n"


@st.composite
def messages(draw) -> bytes:
    return draw(headers()) + b"Message-ID: <fuzz-" + str(draw(st.integers(0, 10 ** 9))).encode() + \
        b"@example.com>\r\nMIME-Version: 1.0\r\n" + draw(part(0))


# -- what must hold after any message ----------------------------------------------------------

SINGLE_LINE = {"Enquiry": ("subject", "reference", "email_message_id"), "Customer": ("name", "email"),
               "InboundMail": ("message_id", "from_address", "subject", "reason", "received_note"),
               "OutboxMessage": ("to_address", "subject", "message_id"), "EnquiryFile": ("filename", "content_type")}
MULTI_LINE = {"Enquiry": ("description",), "EnquiryEvent": ("body",), "OutboxMessage": ("body_text",)}


def _clean(value: str | None, lines: bool) -> bool:
    from ieg import text as rules
    if not value:
        return True
    value.encode("utf-8")  # raises on a lone surrogate
    return value == (rules.clean(value) if lines else rules.single_line(value))


def check_consistent(session, sender: str) -> None:
    import ieg.models as models
    from ieg.mail import outbox

    for fields, lines in ((SINGLE_LINE, False), (MULTI_LINE, True)):
        for model, columns in fields.items():
            for row in session.scalars(select(getattr(models, model))):
                for column in columns:
                    assert _clean(getattr(row, column), lines), (model, column, getattr(row, column))
    taken = {m.enquiry_id: m for m in session.scalars(select(models.InboundMail))}
    for logged in taken.values():
        assert logged.outcome in ("new", "reply", "ignored", "refused"), (logged.outcome, logged.reason)
        assert (logged.enquiry_id is not None) == (logged.outcome in ("new", "reply"))
    for enquiry in session.scalars(select(models.Enquiry)):
        assert enquiry.id in taken  # no enquiry without its intake log
        kinds = [e.kind for e in enquiry.events]
        assert kinds[0] == "received"
        assert ("acknowledged" in kinds) == bool(enquiry.customer.email)
        assert enquiry.received_at <= enquiry.taken_in_at
    for message in session.scalars(select(models.OutboxMessage)):
        outbox.as_email(message, sender)  # every queued message can be built
        for name, value in message.headers.items():
            assert _clean(name, False) and _clean(value, False)


@pytest.fixture
def mail_council(app, council):
    from ieg.config import Council
    return Council.from_config(app.config)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(raw=messages())
def test_any_message_is_taken_in_ignored_or_refused_and_nothing_is_half_written(app, mail_council, tmp_path, raw):
    from ieg.casework import intake
    from ieg.extensions import db

    with app.app_context():
        result = intake.deliver(db.session, raw, mail_council, utcnow(), FolderStore(tmp_path / "files"))
        assert result.outcome in ("new", "reply", "duplicate", "ignored", "refused"), result
        check_consistent(db.session, app.config["MAIL_FROM"])
        db.session.rollback()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(raw=messages())
def test_ingest_mail_ends_in_0_65_or_75_without_a_traceback(app, mail_council, raw):
    from ieg.extensions import db

    result = ingest(app, raw)
    assert result.exit_code in (0, 65, 75), (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    with app.app_context():
        check_consistent(db.session, app.config["MAIL_FROM"])

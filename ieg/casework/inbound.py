"""Reading an email that arrives for the council (DESIGN.md 3.3, email intake): who sent it,
what it says as plain text whatever its shape or charset, its attachments, which of our
messages it answers, when the council's mail server received it, and whether it is an
automatic message (out-of-office, bounce, mailing list) that must open no enquiry.

Pure: bytes in, an InboundMessage out; no Flask, no database.
"""
from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from ieg.casework import references

MAX_BYTES = 25 * 1024 * 1024  # larger messages are refused, with a logged reason


class MessageTooLarge(ValueError):
    pass


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class InboundMessage:
    message_id: str
    from_address: str
    from_name: str
    subject: str
    text: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]          # Message-IDs named in In-Reply-To and References
    mentioned_references: tuple[str, ...]  # enquiry references found in the subject (then the body)
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    server_received_at: datetime | None = None  # from the council's own (topmost) Received header
    automatic: str = ""  # why no acknowledgement may be sent: auto-reply, bounce, list, bulk ("" = a person)


_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _decoded(part) -> str:
    """A text part's content, whatever charset it claims (or wrongly claims)."""
    payload = part.get_payload(decode=True) or b""
    for charset in (part.get_content_charset(), "utf-8", "windows-1252"):
        if not charset:
            continue
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def _message_ids(value: str | None) -> tuple[str, ...]:
    return tuple(re.findall(r"<[^<>\s]+>", value or ""))


def automatic_reason(msg) -> str:
    """Why this message is from a machine, by RFC 3834 and the usual list and bounce signs."""
    auto = (msg.get("Auto-Submitted") or "").strip().lower()
    if auto and auto != "no":
        return "auto-reply"
    sender = (msg.get("Return-Path") or "").strip()
    from_address = (getaddresses([msg.get("From", "")])[0][1] or "").lower()
    content_type = msg.get_content_type()
    if (sender == "<>" or from_address.startswith(("mailer-daemon@", "postmaster@"))
            or (content_type == "multipart/report"
                and "delivery-status" in (msg.get_param("report-type") or "").lower())):
        return "bounce"
    if any(msg.get(h) for h in ("List-Id", "List-Unsubscribe", "List-Post")):
        return "list"
    precedence = (msg.get("Precedence") or "").strip().lower()
    if precedence in ("bulk", "junk", "list"):
        return "list" if precedence == "list" else "bulk"
    if precedence == "auto_reply" or msg.get("X-Autoreply") or msg.get("X-Autorespond"):
        return "auto-reply"
    if (msg.get("X-Auto-Response-Suppress") or "").strip().lower() in ("all", "oof", "autoreply"):
        return "auto-reply"
    return ""


def _received_at(msg) -> datetime | None:
    """The date our own mail server stamped: the topmost Received header's, after the ';'."""
    received = msg.get_all("Received") or []
    if not received:
        return None
    _, _, stamp = str(received[0]).rpartition(";")
    try:
        when = parsedate_to_datetime(stamp.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _mentioned(subject: str, text: str, prefix: str) -> tuple[str, ...]:
    found: list[str] = []
    pattern = re.compile(rf"\b{prefix}[\s-]*[0-9A-Za-z]{{4}}[\s-]*[0-9A-Za-z]{{4}}[\s-]*[0-9A-Za-z]\b", re.I)
    for source in (subject, text):
        for match in pattern.finditer(source):
            try:
                ref = references.normalise(match.group(0), prefix)
            except references.InvalidReference:
                continue
            if ref not in found:
                found.append(ref)
    return tuple(found)


def parse(raw: bytes, prefix: str = references.DEFAULT_PREFIX) -> InboundMessage:
    if len(raw) > MAX_BYTES:
        raise MessageTooLarge(f"message is {len(raw) / 1024 / 1024:.1f} MB; the limit is "
                              f"{MAX_BYTES // 1024 // 1024} MB")
    msg: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)
    name, address = getaddresses([str(msg.get("From", ""))])[0]
    plain = html = None
    attachments = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        content_type = part.get_content_type()
        if disposition == "attachment" or (disposition == "inline" and part.get_filename()) or \
                not content_type.startswith("text/"):
            if content_type.startswith("message/delivery-status"):
                continue
            attachments.append(Attachment(filename=part.get_filename() or "attachment",
                                          content_type=content_type, data=part.get_payload(decode=True) or b""))
        elif content_type == "text/plain" and plain is None:
            plain = _decoded(part)
        elif content_type == "text/html" and html is None:
            html = _decoded(part)
    text = (plain if plain is not None and plain.strip() else html_to_text(html or "")).strip()
    subject = str(msg.get("Subject", "") or "").strip()
    in_reply_to = _message_ids(msg.get("In-Reply-To"))
    refs = tuple(dict.fromkeys(in_reply_to + _message_ids(msg.get("References"))))
    return InboundMessage(
        message_id=(_message_ids(msg.get("Message-ID")) or ("",))[0],
        from_address=address.lower(), from_name=name, subject=subject, text=text,
        in_reply_to=in_reply_to, references=refs, mentioned_references=_mentioned(subject, text, prefix),
        attachments=tuple(attachments), server_received_at=_received_at(msg), automatic=automatic_reason(msg))

"""Reading an email that arrives for the council (docs/design.md 3.4, email intake): who sent it,
what it says as plain text whatever its shape or charset, its attachments, which of our
messages it answers, when the council's mail server received it, and whether it is an
automatic message (out-of-office, bounce, mailing list) that must open no enquiry.

Pure: bytes in, an InboundMessage out; no Flask, no database.

Anyone can send anything, so nothing here trusts the message: every header is read through
`_header`, which never raises (Python's structured headers raise on, for example, an encoded
CR/LF in an address's display name) and gives back one clean line (`ieg.text.single_line`);
the text and attachment names are cleaned too. A message that cannot be read at all
(too large, MIME nested or split beyond any real mail) raises `MessageRefused` with the
reason; `parse` raises nothing else for any input.
"""
from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import quopri
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from ieg.casework import references, tnef
from ieg.text import clean, safe_filename, single_line

MAX_BYTES = 25 * 1024 * 1024  # larger messages are refused, with a logged reason
# Real mail nests a few levels (a forwarded message inside a signed one inside an
# alternative); thousands of levels or parts only come from a message built to break parsers.
MAX_DEPTH = 50
MAX_PARTS = 1000
MAX_REFERENCES = 100          # Message-IDs a reply may name that are looked up
MAX_ID = 250                  # longer Message-IDs are replaced by a digest (the columns hold 300)
NAME_LENGTH = 200             # a customer's name (customers.name)


class MessageRefused(ValueError):
    """The message cannot be taken in, for good; the text says why."""


class MessageTooLarge(MessageRefused):
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
    server_received_at: datetime | None = None  # from the council's own (topmost) Received header, UTC
    automatic: str = ""  # why no acknowledgement may be sent: auto-reply, bounce, list, bulk ("" = a person)
    received_problem: str = ""  # why the topmost Received header gave no usable time ("" = none, or fine)


@dataclass(frozen=True)
class Headline:
    """What a message says about itself in its headers alone: enough to log one that is
    refused (too large, unreadable) without reading its body."""
    message_id: str
    from_address: str
    subject: str


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


# -- headers, read without trusting them ------------------------------------------------------

def _raw_values(msg, name: str) -> list[str]:
    """A header's values as the message has them (unfolded, RFC 2047 words still encoded)."""
    name = name.lower()
    try:
        return [str(value) for key, value in msg.raw_items() if str(key).lower() == name]
    except Exception:  # noqa: BLE001 - a header the library cannot even list is no header
        return []


def _eight_bit(value: str) -> str:
    """Raw 8-bit bytes in a header (not allowed, but common: UTF-8, or a Windows code page)
    reach us as surrogate escapes; read them as UTF-8, else as Windows-1252."""
    if not re.search("[\udc80-\udcff]", value):
        return value
    data = value.encode("ascii", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", "replace")


_WORD = re.compile(r"=\?([^?\s]*)\?([bBqQ])\?([^?\s]*)\?=")


def _word_bytes(encoding: str, text: str) -> bytes:
    data = text.encode("ascii", "replace")
    if encoding in "bB":
        return base64.b64decode(data + b"=" * (-len(data) % 4))
    return quopri.decodestring(data, header=True)


def _decode_words(value: str) -> str:
    """A header value with its RFC 2047 encoded words decoded, whatever they hold: words in
    unknown charsets or broken encodings are read as best they can be, never refused, and
    the bytes of neighbouring words in one charset are joined first (senders split a
    character across two words)."""
    value = _eight_bit(value)
    out, run, charset, last = [], b"", "", 0
    for found in _WORD.finditer(value):
        between = value[last:found.start()]
        word_charset = found.group(1).split("*")[0].lower()  # RFC 2231 adds *language
        if run and (between.strip() or word_charset != charset):
            out.append(_text_of(run, charset))
            run = b""
        if between.strip() or not out and not run:
            out.append(between)
        try:
            run += _word_bytes(found.group(2), found.group(3))
        except Exception:  # noqa: BLE001 - not a word after all: keep it as written
            out.append(_text_of(run, charset) + found.group(0))
            run = b""
        charset, last = word_charset, found.end()
    if run:
        out.append(_text_of(run, charset))
    out.append(value[last:])
    return "".join(out)


def _header(msg, name: str) -> str:
    """The first `name` header as one clean line of text ("" when absent or unreadable)."""
    values = _raw_values(msg, name)
    return single_line(_decode_words(values[0])) if values else ""


def _sender(msg) -> tuple[str, str]:
    """(display name, address) from From. The address is parsed from the raw value, before
    any encoded word is decoded, so a display name can never pose as an address."""
    values = _raw_values(msg, "From")
    if not values:
        return "", ""
    try:
        pairs = getaddresses([_eight_bit(values[0])])
    except Exception:  # noqa: BLE001
        pairs = []
    name, address = pairs[0] if pairs else ("", "")
    if not address:  # "jo@example.com <jo.bloggs@example.com>": an unquoted name with an @ in it
        angle = _ANGLE.search(_eight_bit(values[0]))
        if angle:
            name, address = angle.group(1).strip().strip('"'), angle.group(2)
    return single_line(_decode_words(name))[:NAME_LENGTH], _usable_address(address)


_ANGLE = re.compile(r"^([^<>]*)<([^<>\s]+@[^<>\s]+)>\s*$")


_ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"\\]+@[^@\s<>()\[\],;:\"\\]+\.[^@\s<>()\[\],;:\"\\]+")


def _usable_address(address: str) -> str:
    """An address we could write back to, lower case; "" for anything else."""
    address = single_line(address).lower()
    return address if len(address) <= 254 and _ADDRESS.fullmatch(address) else ""


_ID = re.compile(r"<[!-;=?-~]+>")  # printable ASCII but the angle brackets


def _message_ids(value: str) -> list[str]:
    return _ID.findall(value or "")


def _own_id(msg) -> str:
    found = _message_ids(_header(msg, "Message-ID"))
    if not found:
        return ""
    if len(found[0]) > MAX_ID:  # kept recognisable (the same message twice), within the column
        return f"<long-{hashlib.sha256(found[0].encode()).hexdigest()[:40]}@ieg.invalid>"
    return found[0]


def headline(raw: bytes) -> Headline:
    """Message-ID, sender and subject from the header block of `raw` alone. Never raises."""
    head = raw[:256 * 1024].split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    try:
        msg = email.message_from_bytes(head, policy=email.policy.default)
    except Exception:  # noqa: BLE001
        return Headline("", "", "")
    return Headline(_own_id(msg), _sender(msg)[1], _header(msg, "Subject"))


def automatic_reason(msg) -> str:
    """Why this message is from a machine, by RFC 3834 and the usual list and bounce signs."""
    auto = _header(msg, "Auto-Submitted").lower()
    if auto and auto != "no":
        return "auto-reply"
    from_address = _sender(msg)[1]
    if (_header(msg, "Return-Path") == "<>" or from_address.startswith(("mailer-daemon@", "postmaster@"))
            or (_content_type(msg) == "multipart/report" and "delivery-status" in _param(msg, "report-type"))):
        return "bounce"
    if any(_raw_values(msg, h) for h in ("List-Id", "List-Unsubscribe", "List-Post")):
        return "list"
    precedence = _header(msg, "Precedence").lower()
    if precedence in ("bulk", "junk", "list"):
        return "list" if precedence == "list" else "bulk"
    if precedence == "auto_reply" or _raw_values(msg, "X-Autoreply") or _raw_values(msg, "X-Autorespond"):
        return "auto-reply"
    if _header(msg, "X-Auto-Response-Suppress").lower() in ("all", "oof", "autoreply"):
        return "auto-reply"
    return ""


def _received_at(msg) -> tuple[datetime | None, str]:
    """The date our own mail server stamped (the topmost Received header's, after the ';'),
    in UTC; or None and why not, when there is such a header but its date is unusable."""
    received = _raw_values(msg, "Received")
    if not received:
        return None, ""
    _, _, stamp = _eight_bit(received[0]).rpartition(";")
    stamp = single_line(stamp)
    try:
        when = parsedate_to_datetime(stamp)
        when = (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    except Exception:  # noqa: BLE001 - no date, nonsense, or out of range (year 9999 at -1200)
        return None, f"the date in the mail server's Received header cannot be read ({stamp[:60]!r})"
    return when, ""


# -- the body -----------------------------------------------------------------------------------

# Charsets mail says it uses, as Python knows them: the superset that real senders really use.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "ks_c_5601-1987": "cp949",
                    "iso-8859-8-i": "iso-8859-8", "iso-2022-jp": "iso2022_jp_ext", "x-sjis": "shift_jis",
                    "windows-874": "cp874", "unicode-1-1-utf-7": "utf-7", "x-user-defined": "windows-1252"}


def _content_type(part) -> str:
    try:
        return part.get_content_type()
    except Exception:  # noqa: BLE001
        return "application/octet-stream"


def _param(part, name: str) -> str:
    try:
        return single_line(str(part.get_param(name) or "")).lower()
    except Exception:  # noqa: BLE001
        return ""


def _payload(part) -> bytes:
    try:
        return part.get_payload(decode=True) or b""
    except Exception:  # noqa: BLE001 - broken transfer encoding: nothing readable
        return b""


def _text_of(data: bytes, claimed: str) -> str:
    """Bytes as text, whatever charset they claim (or wrongly claim)."""
    claimed = claimed.strip().lower()
    for charset in (_CHARSET_ALIASES.get(claimed, claimed), "utf-8", "windows-1252"):
        if not charset:
            continue
        try:
            return data.decode(charset)
        except Exception:  # noqa: BLE001 - unknown, misspelt or poisoned (a NUL) charset names
            continue
    return data.decode("latin-1")


def _decoded(part) -> str:
    """A text part's content, whatever charset it claims (or wrongly claims)."""
    return _text_of(_payload(part), _param(part, "charset"))


def _filename(part) -> str:
    try:
        return part.get_filename() or ""
    except Exception:  # noqa: BLE001
        return ""


def _disposition(part) -> str:
    try:
        return part.get_content_disposition() or ""
    except Exception:  # noqa: BLE001
        return ""


# What a part without a name is saved as, by its type.
_DEFAULT_NAMES = {"message/rfc822": "message.eml", "text/calendar": "invite.ics", "application/ms-tnef": "winmail.dat",
                  "application/pkcs7-mime": "smime.p7m", "application/x-pkcs7-mime": "smime.p7m"}
# Parts that are no use to a person: signatures, and a bounce's machine-readable report.
_SKIPPED = {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
            "message/delivery-status", "message/disposition-notification", "text/rfc822-headers"}


def _message_bytes(inner) -> bytes:
    """A message attached to a message, as an .eml file."""
    for policy in (email.policy.default, email.policy.compat32):
        try:
            return inner.as_bytes(policy=policy)
        except Exception:  # noqa: BLE001
            continue
    return b""


_DELIMITER = re.compile(r"(?m)^--([^\s-][^\r\n]{0,69}?|-[^\r\n]{1,69}?)[ \t]*\r?$")


def _resplit(part) -> list | None:
    """The parts of a multipart the parser could not split (a boundary that is not quoted
    though it must be, or not the one the body uses): split again at the body's first
    delimiter line."""
    try:
        body = part.get_payload()
    except Exception:  # noqa: BLE001
        return None
    found = _DELIMITER.search(body) if isinstance(body, str) else None
    if not found:
        return None
    boundary = found.group(1).removesuffix("--").replace("\\", "\\\\").replace('"', '\\"')
    raw = f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n{body}'.encode("utf-8", "surrogateescape")
    try:
        again = email.message_from_bytes(raw, policy=email.policy.default)
        children = again.get_payload()
    except Exception:  # noqa: BLE001
        return None
    return children if isinstance(children, list) and children else None


def _walk(msg):
    """(part, inside an attached message) for every leaf part, without recursion, refusing
    structures no real mail has."""
    stack, seen = [(msg, 0, False)], 0
    while stack:
        part, depth, inner = stack.pop()
        seen += 1
        if depth > MAX_DEPTH:
            raise MessageRefused(f"its MIME parts are nested more than {MAX_DEPTH} deep")
        if seen > MAX_PARTS:
            raise MessageRefused(f"it has more than {MAX_PARTS} MIME parts")
        if _content_type(part) == "message/rfc822" and depth:
            yield part, inner  # attached whole, and read only for its text when ours has none
            inner = True
        try:
            children = part.get_payload() if part.is_multipart() else None
        except Exception:  # noqa: BLE001
            children = None
        if children is None and _content_type(part).startswith("multipart/"):
            children = _resplit(part)
        if isinstance(children, list):
            stack.extend((child, depth + 1, inner) for child in reversed(children) if hasattr(child, "get_payload"))
        elif _content_type(part) != "message/rfc822" or not depth:
            yield part, inner


def _winmail(part) -> tuple[list[Attachment], str] | None:
    """The files and text inside an Outlook winmail.dat, or None to keep it as it came."""
    try:
        found = tnef.read(_payload(part))
    except Exception:  # noqa: BLE001 - not TNEF after all, or broken: staff get the file itself
        return None
    files = [Attachment(safe_filename(a.filename or "attachment"), single_line(a.content_type)[:120]
                        or "application/octet-stream", a.data) for a in found.attachments if a.data]
    text = found.text or (_as_text(None, found.html) if found.html else "")
    if not text and found.rtf:  # Outlook's rich text, as a file Word opens
        files.append(Attachment("message.rtf", "application/rtf", found.rtf))
    return (files, text) if files or text else None


def _body(msg) -> tuple[str, tuple[Attachment, ...]]:
    plain = html = inner_plain = inner_html = None
    attachments, winmail_text = [], ""
    for part, inner in _walk(msg):
        content_type = _content_type(part)
        if content_type in _SKIPPED:
            continue
        disposition = _disposition(part)
        name = _filename(part)
        if content_type.startswith("multipart/"):  # one the parser could not split: its body is text
            content_type = "text/plain"
        if not inner and (content_type == "application/ms-tnef" or name.lower() == "winmail.dat"):
            unpacked = _winmail(part)
            if unpacked is not None:
                attachments.extend(unpacked[0])
                winmail_text = winmail_text or unpacked[1]
                continue
        if content_type == "message/rfc822":
            if not inner:
                try:
                    payload = part.get_payload()
                except Exception:  # noqa: BLE001
                    payload = None
                data = _message_bytes(payload[0]) if isinstance(payload, list) and payload else _payload(part)
                attachments.append(Attachment(safe_filename(name or _DEFAULT_NAMES[content_type], "eml"),
                                              content_type, data))
            continue
        if content_type not in ("text/plain", "text/html") or disposition == "attachment" \
                or (disposition == "inline" and name):
            if not inner:
                default = _DEFAULT_NAMES.get(content_type, "attachment")
                attachments.append(Attachment(safe_filename(name or default, default.rpartition(".")[2] or "bin"),
                                              single_line(content_type)[:120], _payload(part)))
        elif content_type == "text/plain":
            if inner:
                inner_plain = _decoded(part) if inner_plain is None else inner_plain
            elif plain is None:
                plain = _decoded(part)
        elif content_type == "text/html":
            if inner:
                inner_html = _decoded(part) if inner_html is None else inner_html
            elif html is None:
                html = _decoded(part)
    text = _as_text(plain, html) or clean(winmail_text).strip() or _as_text(inner_plain, inner_html)
    return text, tuple(attachments)


def _as_text(plain: str | None, html: str | None) -> str:
    if plain is not None and plain.strip():
        return clean(plain).strip()
    try:
        return clean(html_to_text(html or "")).strip()
    except Exception:  # noqa: BLE001 - html.parser gives up on some broken markup
        return clean(re.sub(r"<[^>]*>", " ", html or "")).strip()


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
    """The message in `raw`; MessageRefused (with the reason) when it cannot be taken in."""
    if len(raw) > MAX_BYTES:
        raise MessageTooLarge(f"message is {len(raw) / 1024 / 1024:.1f} MB; the limit is "
                              f"{MAX_BYTES // 1024 // 1024} MB")
    try:
        msg: EmailMessage = email.message_from_bytes(raw, policy=email.policy.default)
    except RecursionError:
        raise MessageRefused(f"its MIME parts are nested more than {MAX_DEPTH} deep") from None
    name, address = _sender(msg)
    text, attachments = _body(msg)
    subject = _header(msg, "Subject")
    in_reply_to = tuple(i for i in _message_ids(_header(msg, "In-Reply-To")) if len(i) <= MAX_ID)
    named = [i for i in _message_ids(_header(msg, "References")) if len(i) <= MAX_ID]
    refs = tuple(dict.fromkeys(in_reply_to + tuple(reversed(named))))[:MAX_REFERENCES]  # the latest first
    received, problem = _received_at(msg)
    return InboundMessage(
        message_id=_own_id(msg), from_address=address, from_name=name, subject=subject, text=text,
        in_reply_to=in_reply_to, references=refs, mentioned_references=_mentioned(subject, text, prefix),
        attachments=attachments, server_received_at=received, automatic=automatic_reason(msg),
        received_problem=problem)

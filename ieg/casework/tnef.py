"""Reading winmail.dat (TNEF, Microsoft's [MS-OXTNEF]): what Outlook and Exchange send in
place of ordinary attachments when a message is in rich text. Without this, staff would see
one file nobody can open instead of the customer's photos and documents.

Pure: bytes in, the message's text and attachments out; no Flask, no database. Only what a
person needs is read: each attachment's name and content, the plain or HTML text, and the
rich text body (decompressed, [MS-OXRTFCP]) as a .rtf file when there is no other text.
Anything malformed raises TnefError, and the caller keeps winmail.dat as it came.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass, field

SIGNATURE = 0x223E9F78
MAX_ATTACHMENTS = 500

# Attributes (the low 16 bits of an attribute's id) and MAPI properties read.
ATT_BODY, ATT_ATTACH_DATA, ATT_ATTACH_TITLE = 0x800C, 0x800F, 0x8010
ATT_ATTACH_REND_DATA, ATT_MSG_PROPS, ATT_ATTACHMENT = 0x9002, 0x9003, 0x9005
PR_BODY, PR_RTF_COMPRESSED, PR_BODY_HTML = 0x1000, 0x1009, 0x1013
PR_ATTACH_DATA, PR_ATTACH_FILENAME, PR_ATTACH_LONG_FILENAME = 0x3701, 0x3704, 0x3707
PR_DISPLAY_NAME, PR_ATTACH_MIME_TAG = 0x3001, 0x370E

PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x001E, 0x001F, 0x0102, 0x000D
_VARIABLE = {PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT}
_FIXED = {0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000A: 4, 0x000B: 4,
          0x0014: 8, 0x0040: 8, 0x0048: 16}
MULTIPLE = 0x1000


class TnefError(ValueError):
    pass


@dataclass
class TnefAttachment:
    filename: str = ""
    content_type: str = ""
    data: bytes = b""


@dataclass
class TnefMessage:
    text: str = ""
    html: str = ""
    rtf: bytes = b""
    attachments: list[TnefAttachment] = field(default_factory=list)


class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, size: int) -> bytes:
        if size < 0 or self.at + size > len(self.data):
            raise TnefError("truncated")
        chunk = self.data[self.at:self.at + size]
        self.at += size
        return chunk

    def u16(self) -> int:
        return struct.unpack("<H", self.take(2))[0]

    def u32(self) -> int:
        return struct.unpack("<I", self.take(4))[0]

    def padded(self, size: int) -> bytes:
        value = self.take(size)
        self.take(-size % 4)
        return value

    @property
    def done(self) -> bool:
        return self.at >= len(self.data)


def _string(value: bytes, kind: int) -> str:
    if kind == PT_UNICODE:
        return value.decode("utf-16-le", "replace").split("\x00", 1)[0]
    return value.split(b"\x00", 1)[0].decode("windows-1252", "replace")


def _properties(data: bytes) -> dict[int, tuple[int, object]]:
    """MAPI properties: id -> (type, first value); named properties are skipped over."""
    reader, found = _Reader(data), {}
    for _ in range(reader.u32()):
        kind, ident = reader.u16(), reader.u16()
        if ident >= 0x8000:  # a named property: its GUID and name or number come first
            reader.take(16)
            if reader.u32() == 1:
                reader.padded(reader.u32())
            else:
                reader.take(4)
        base = kind & ~MULTIPLE
        if base in _VARIABLE or kind & MULTIPLE:
            values = []
            for _ in range(reader.u32()):
                values.append(reader.padded(reader.u32()) if base in _VARIABLE else reader.take(_FIXED[base]))
        elif base in _FIXED:
            values = [reader.take(_FIXED[base])]
        else:
            break  # a type this reader does not know: what came before stands
        if values:
            found.setdefault(ident, (base, values[0]))
    return found


def read(data: bytes) -> TnefMessage:
    reader = _Reader(data)
    if reader.u32() != SIGNATURE:
        raise TnefError("not TNEF")
    reader.u16()  # legacy key
    message, current = TnefMessage(), None
    while not reader.done:
        try:
            level, ident, length = struct.unpack("<BII", reader.take(9))
            value = reader.take(length)
            reader.take(2)  # checksum
        except TnefError:
            if message.attachments or message.text or message.html or message.rtf:
                break  # cut short, or garbage after the end: keep what was read
            raise
        ident &= 0xFFFF
        if ident == ATT_ATTACH_REND_DATA:
            if len(message.attachments) >= MAX_ATTACHMENTS:
                raise TnefError("too many attachments")
            current = TnefAttachment()
            message.attachments.append(current)
        elif ident == ATT_BODY and level == 1:
            message.text = value.split(b"\x00", 1)[0].decode("windows-1252", "replace")
        elif ident == ATT_MSG_PROPS:
            _message_properties(message, _properties(value))
        elif current is not None and ident == ATT_ATTACH_TITLE:
            current.filename = current.filename or _string(value, PT_STRING8)
        elif current is not None and ident == ATT_ATTACH_DATA:
            current.data = value
        elif current is not None and ident == ATT_ATTACHMENT:
            _attachment_properties(current, _properties(value))
    return message


def _message_properties(message: TnefMessage, props: dict) -> None:
    if PR_BODY in props and not message.text:
        kind, value = props[PR_BODY]
        message.text = _string(value, kind)
    if PR_BODY_HTML in props:
        kind, value = props[PR_BODY_HTML]
        message.html = _string(value, kind) if kind != PT_BINARY else value.decode("utf-8", "replace")
    if PR_RTF_COMPRESSED in props:
        message.rtf = decompress_rtf(props[PR_RTF_COMPRESSED][1])


def _attachment_properties(attachment: TnefAttachment, props: dict) -> None:
    for ident in (PR_ATTACH_LONG_FILENAME, PR_DISPLAY_NAME, PR_ATTACH_FILENAME):
        if ident in props and props[ident][0] in (PT_STRING8, PT_UNICODE):
            name = _string(props[ident][1], props[ident][0])
            if name:
                attachment.filename = name
                break
    if PR_ATTACH_MIME_TAG in props and props[PR_ATTACH_MIME_TAG][0] in (PT_STRING8, PT_UNICODE):
        attachment.content_type = _string(props[PR_ATTACH_MIME_TAG][1], props[PR_ATTACH_MIME_TAG][0])
    if not attachment.data and PR_ATTACH_DATA in props:
        kind, value = props[PR_ATTACH_DATA]
        attachment.data = value[16:] if kind == PT_OBJECT else value  # an object starts with its interface id


# The dictionary every compressed RTF stream starts from ([MS-OXRTFCP] 2.1.2.1).
_RTF_PREBUF = (b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
               b"\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
               b"\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx")
_COMPRESSED, _UNCOMPRESSED = 0x75465A4C, 0x414C454D  # "LZFu", "MELA"


def decompress_rtf(data: bytes) -> bytes:
    """PR_RTF_COMPRESSED's content as RTF."""
    reader = _Reader(data)
    size, raw_size, kind, _ = reader.u32(), reader.u32(), reader.u32(), reader.u32()
    body = data[16:12 + size] if size >= 12 else b""
    if kind == _UNCOMPRESSED:
        return body[:raw_size]
    if kind != _COMPRESSED:
        raise TnefError("unknown RTF compression")
    window = bytearray(4096)
    window[:len(_RTF_PREBUF)] = _RTF_PREBUF
    write, out, at = len(_RTF_PREBUF), bytearray(), 0
    while at < len(body) and len(out) < raw_size:
        control = body[at]
        at += 1
        for bit in range(8):
            if at >= len(body) or len(out) >= raw_size:
                break
            if not control & (1 << bit):
                byte = body[at]
                at += 1
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
                continue
            if at + 2 > len(body):
                raise TnefError("truncated RTF")
            word = (body[at] << 8) | body[at + 1]
            at += 2
            offset, length = word >> 4, (word & 0xF) + 2
            if offset == write:
                return bytes(out)
            for i in range(length):
                byte = window[(offset + i) % 4096]
                out.append(byte)
                window[write] = byte
                write = (write + 1) % 4096
    return bytes(out[:raw_size])

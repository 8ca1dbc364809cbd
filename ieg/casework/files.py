"""Files that come with an enquiry: a photo on a problem report, attachments to an email.

They are kept in the file store (ieg.files_store) as "enquiries/<name we choose>" and shown
only to staff. A photo from the public is checked by its content (a renamed file is refused); an
email attachment is kept whatever it is (it is evidence of what the customer sent) but is
only ever downloaded, never shown inline. The caller commits; in the database store the file
is committed with its row or not at all; in a folder it is written first, so a rolled-back
enquiry can leave an orphan file but never a row without its file.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ieg.files_store import FileStore
from ieg.models import Enquiry, EnquiryEvent, EnquiryFile
from ieg.text import safe_filename

MB = 1024 * 1024
PHOTO_MAX_BYTES = 10 * MB
# What a resident's phone produces, checked by how the file starts.
PHOTO_KINDS = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
    "image/heic": (),  # checked by its ftyp brand below
}
_HEIC_BRANDS = (b"heic", b"heix", b"mif1", b"msf1", b"hevc")
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp",
               "image/heic": "heic"}
# Types a browser may show inline for staff; everything else downloads.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


class FileRefused(ValueError):
    """Why a file was not accepted, in words for the person who sent it."""


@dataclass(frozen=True)
class Photo:
    filename: str
    content_type: str
    data: bytes


def photo_type(data: bytes) -> str | None:
    """The image type these bytes really are, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIC_BRANDS:
        return "image/heic"
    return None


def check_photo(filename: str, data: bytes) -> Photo:
    """A resident's photo, or FileRefused saying why not. Pure."""
    if not data:
        raise FileRefused("The selected file is empty")
    if len(data) > PHOTO_MAX_BYTES:
        raise FileRefused(f"The photo must be smaller than {PHOTO_MAX_BYTES // MB} MB")
    kind = photo_type(data)
    if kind is None:
        raise FileRefused("The photo must be a JPG, PNG, GIF, WEBP or HEIC image")
    return Photo(safe_filename(filename, _EXTENSIONS[kind]), kind, data)


def name(stored_name: str) -> str:
    """An enquiry file's name in the file store."""
    return f"enquiries/{stored_name}"


def store(session: Session, file_store: FileStore, enquiry: Enquiry, *, filename: str, data: bytes,
          content_type: str, source: str, event: EnquiryEvent | None = None) -> EnquiryFile:
    """Write the file (whole, under a random name) and add its row to the session."""
    stored = secrets.token_hex(16)
    file_store.put(name(stored), data)
    record = EnquiryFile(enquiry=enquiry, filename=safe_filename(filename), stored_name=stored,
                         content_type=(content_type or "application/octet-stream")[:120], size=len(data),
                         sha256=hashlib.sha256(data).hexdigest(), source=source)
    record.event = event
    session.add(record)
    return record


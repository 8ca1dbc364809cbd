"""A group's logo: a PNG, JPEG or GIF image checked by content as page images are
(ieg.content.attachments), kept in the file store (ieg.files_store) under a name of its own. A replaced logo's
file is kept: a moderator may roll the change back, and the entry before it names that file."""
from __future__ import annotations

import secrets

from ieg.content import attachments
from ieg.content.attachments import UploadError
from ieg.files_store import FileStore

MAX_BYTES = 2 * attachments.MB
FOLDER = "directory-logos"


def problem(filename: str, data: bytes, alt: str) -> tuple[str, str] | None:
    """(field, message) for a logo that cannot be accepted, or None."""
    try:
        kind = attachments.check_upload(filename, data, "logo", alt or "-")
    except UploadError as refused:
        return "logo", refused.message
    if kind.kind != "image":
        return "logo", "The logo must be a PNG, JPEG or GIF image"
    if len(data) > MAX_BYTES:
        return "logo", f"The logo must be smaller than {MAX_BYTES // attachments.MB} MB"
    return None


def name(stored_name: str) -> str:
    """A logo's name in the file store."""
    return f"{FOLDER}/{stored_name}"


def store(files: FileStore, filename: str, data: bytes) -> str:
    """Write a checked logo (whole or not at all); its stored name."""
    extension = filename.rsplit(".", 1)[-1].lower()
    stored = f"{secrets.token_hex(16)}.{'jpg' if extension == 'jpeg' else extension}"
    files.put(name(stored), data)
    return stored


def content_type(name: str) -> str:
    kind = attachments.KINDS.get(name.rsplit(".", 1)[-1])
    return kind.content_type if kind else "application/octet-stream"

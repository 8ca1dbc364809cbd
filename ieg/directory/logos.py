"""A group's logo: a PNG, JPEG or GIF image checked by content as page images are
(ieg.content.attachments), stored under the uploads folder with a name of its own. A replaced logo's
file is kept: a moderator may roll the change back, and the entry before it names that file."""
from __future__ import annotations

import secrets
from pathlib import Path

from ieg.content import attachments
from ieg.content.attachments import UploadError

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


def folder(uploads: Path) -> Path:
    return uploads / FOLDER


def store(uploads: Path, filename: str, data: bytes) -> str:
    """Write a checked logo; its stored name (written whole or not at all)."""
    extension = filename.rsplit(".", 1)[-1].lower()
    name = f"{secrets.token_hex(16)}.{'jpg' if extension == 'jpeg' else extension}"
    target = folder(uploads)
    target.mkdir(parents=True, exist_ok=True)
    temporary = target / (name + ".part")
    temporary.write_bytes(data)
    temporary.replace(target / name)
    return name


def content_type(name: str) -> str:
    kind = attachments.KINDS.get(name.rsplit(".", 1)[-1])
    return kind.content_type if kind else "application/octet-stream"

"""Documents and images attached to pages: what is allowed, checked by content, kept in the
file store (ieg.files_store) under names we choose. SVG is refused: it can carry script.

When a file becomes public or leaves the page is the page's workflow (ieg.content.pages)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from ieg.files_store import FileStore
from ieg.input_errors import InputError
from ieg.models import Attachment, Page


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str
    label: str  # shown to residents: "PDF", "Word document"
    kind: str  # document or image
    max_bytes: int
    signature: tuple[bytes, ...] = ()  # how the file must start


MB = 1024 * 1024
ZIP = (b"PK\x03\x04",)  # Office Open XML and OpenDocument files are zip archives
KINDS = {k.extension: k for k in (
    Kind("pdf", "application/pdf", "PDF", "document", 20 * MB, (b"%PDF-",)),
    Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document",
         "document", 20 * MB, ZIP),
    Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel spreadsheet",
         "document", 20 * MB, ZIP),
    Kind("odt", "application/vnd.oasis.opendocument.text", "OpenDocument text", "document", 20 * MB, ZIP),
    Kind("ods", "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument spreadsheet", "document", 20 * MB,
         ZIP),
    Kind("csv", "text/csv", "CSV", "document", 20 * MB),
    Kind("png", "image/png", "PNG image", "image", 5 * MB, (b"\x89PNG\r\n\x1a\n",)),
    Kind("jpg", "image/jpeg", "JPEG image", "image", 5 * MB, (b"\xff\xd8\xff",)),
    Kind("jpeg", "image/jpeg", "JPEG image", "image", 5 * MB, (b"\xff\xd8\xff",)),
    Kind("gif", "image/gif", "GIF image", "image", 5 * MB, (b"GIF87a", b"GIF89a")),
)}


class UploadError(InputError):
    def __init__(self, message: str, field: str | None = "file") -> None:
        super().__init__(message, field)


def human_size(size: int) -> str:
    """'245 KB', '1.4 MB', the way GOV.UK shows file sizes."""
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{round(size / 1024)} KB"
    return f"{size / MB:.1f} MB"


def check_upload(filename: str, data: bytes, title: str, alt_text: str) -> Kind:
    """Why an upload is refused (UploadError), or its Kind. Pure."""
    if not filename or not data:
        raise UploadError("Choose a file to upload")
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    kind = KINDS.get(extension)
    if kind is None:
        allowed = ", ".join(sorted({k.extension.upper() for k in KINDS.values()}))
        raise UploadError(f"The file must be one of: {allowed}")
    if len(data) > kind.max_bytes:
        raise UploadError(f"The file must be smaller than {kind.max_bytes // MB} MB")
    if kind.signature and not data.startswith(kind.signature):
        raise UploadError(f"The file is not a real {kind.label}: it may be damaged or renamed")
    if extension == "csv":
        try:
            data[:65536].decode("utf-8")
        except UnicodeDecodeError:
            raise UploadError("A CSV file must be saved as UTF-8 text") from None
    if not title.strip():
        raise UploadError("Enter a title for the file, saying what it is", "title")
    if kind.kind == "image" and not alt_text.strip():
        raise UploadError("Describe the image for people who cannot see it (alt text)", "alt_text")
    return kind


def store(session: Session, page: Page, actor, files: FileStore, *, filename: str, data: bytes, title: str,
          alt_text: str, now: datetime) -> Attachment:
    kind = check_upload(filename, data, title, alt_text)
    stored = f"{secrets.token_hex(16)}.{kind.extension}"
    files.put(stored, data, now)
    safe_name = Path(filename).name.replace("/", "_").replace("\\", "_")[:200]
    attachment = Attachment(page_id=page.id, title=title.strip(), filename=safe_name, stored_name=stored,
                            content_type=kind.content_type, size=len(data), kind=kind.kind,
                            alt_text=alt_text.strip(), uploaded_by_id=actor.id if actor else None, created_at=now)
    session.add(attachment)
    return attachment


def discard(session: Session, attachment: Attachment) -> None:
    """Delete the attachment's row now and its file as the transaction commits: a
    rolled-back removal must leave the file that its row still names (the app deletes a
    database-stored file in the committing transaction, a folder's file after it)."""
    if attachment in attachment.page.attachments:
        attachment.page.attachments.remove(attachment)
    session.delete(attachment)
    session.info.setdefault("ieg_discarded_files", []).append(attachment.stored_name)


def committed_discards(session: Session) -> list[str]:
    """The stored names of files whose rows a transaction that just committed removed
    (asked once per commit; the app deletes them from its file store)."""
    return session.info.pop("ieg_discarded_files", [])


def keep_discarded(session: Session) -> None:
    """A rolled-back transaction removed nothing: its files stay."""
    session.info.pop("ieg_discarded_files", None)


def label(attachment: Attachment) -> str:
    kind = KINDS.get(attachment.stored_name.rsplit(".", 1)[-1])
    return kind.label if kind else "File"

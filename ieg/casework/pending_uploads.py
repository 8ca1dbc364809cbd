"""Photos chosen on a form page but not yet sent.

A resident's answers travel in the page between the form and check your answers (the
public site sets no cookie), but a photo is too big for that. So the first step keeps it
under instance/uploads/pending with a random name, and the page carries a token naming it,
signed with the app's secret key: nobody can make a token for someone else's file. The
submission moves it onto the enquiry (ieg.casework.files.store) and deletes it here;
whatever is never sent is removed by the `clear-pending-uploads` job after KEEP.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from ieg.casework import files
from ieg.casework.files import Photo
from ieg.models import Enquiry

KEEP = timedelta(hours=24)
GONE = "The photo you chose is no longer available: choose it again"
_SALT = "ieg-pending-upload"
_NAME = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Pending:
    filename: str
    content_type: str
    path: Path

    @property
    def size(self) -> int | None:
        """Bytes on disk; None once the file has gone (sent, or cleared as too old)."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return None

    def read(self) -> bytes:
        """The photo's bytes. FileNotFoundError if it has gone."""
        return self.path.read_bytes()

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def folder(instance_path: str) -> Path:
    return Path(instance_path) / "uploads" / "pending"


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def keep(root: Path, secret_key: str, photo: Photo) -> str:
    """Write a checked photo under a random name (atomically); the signed token naming it."""
    name = secrets.token_hex(16)
    root.mkdir(parents=True, exist_ok=True)
    temporary = root / (name + ".part")
    temporary.write_bytes(photo.data)
    temporary.replace(root / name)
    return _serializer(secret_key).dumps([name, photo.filename, photo.content_type])


def find(root: Path, secret_key: str, token: str) -> Pending | None:
    """The upload a token names, or None if it was not signed by us or is older than KEEP.
    The file itself may have gone since (see Pending.size)."""
    try:
        name, filename, content_type = _serializer(secret_key).loads(token, max_age=int(KEEP.total_seconds()))
    except (BadData, TypeError, ValueError):
        return None
    if not isinstance(name, str) or not _NAME.match(name):
        return None
    return Pending(str(filename), str(content_type), root / name)


@dataclass(frozen=True)
class Choice:
    token: str                # what the page carries as the answer ("" for no photo)
    pending: Pending | None
    refused: str = ""         # why a photo was not accepted, for the photo question


def choose(root: Path, secret_key: str, *, carried: str, upload: tuple[str, bytes] | None, remove: bool,
           need_file: bool) -> Choice:
    """What a photo question holds after a step: a newly sent file (checked by its content,
    then kept), else the one the page carried unless the resident removed it. A carried
    token must be ours and unexpired; with `need_file` its file must still be here too (not
    when sending: a page sent twice finds its photo already moved onto the enquiry)."""
    token, refused = carried, ""
    if upload is not None:
        try:
            photo = files.check_photo(*upload)
        except files.FileRefused as refusal:
            refused = str(refusal)  # whatever was chosen before stays
        else:
            replaced = find(root, secret_key, carried) if carried else None
            if replaced is not None:
                replaced.discard()
            token = keep(root, secret_key, photo)
    elif remove:
        token = ""
    pending = find(root, secret_key, token) if token else None
    if token and (pending is None or (need_file and pending.size is None)):
        return Choice("", None, refused or GONE)
    return Choice(token, pending, refused)


def attach(session: Session, root: Path, enquiry: Enquiry, chosen: dict[str, Pending]) -> str | None:
    """Store each chosen photo on a new enquiry (files written now, rows for the caller to
    commit; the pending files stay until then, so a rollback loses nothing). The name of a
    photo whose file has gone, in which case the caller rolls back."""
    for name, pending in chosen.items():
        try:
            data = pending.read()
        except FileNotFoundError:
            return name
        files.store(session, root, enquiry, filename=pending.filename, data=data,
                    content_type=pending.content_type, source="form")
    return None


def remove_older_than(root: Path, cutoff: datetime) -> int:
    """Delete pending files last written before `cutoff`; how many went."""
    removed = 0
    if not root.is_dir():
        return 0
    for path in root.iterdir():
        try:
            written = datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
        except FileNotFoundError:  # sent or removed meanwhile by another process
            continue
        if path.is_file() and written < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed

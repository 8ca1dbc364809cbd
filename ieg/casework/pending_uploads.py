"""Photos chosen on a form page but not yet sent.

A resident's answers travel in the page between the form and check your answers (the
public site sets no cookie), but a photo is too big for that. So the first step keeps it
in the file store (ieg.files_store: the database or a shared folder, so that the send may
reach another web node than the check did) as "pending/<random name>", and the page carries a token naming it,
signed with the app's secret key: nobody can make a token for someone else's file. The
submission moves it onto the enquiry (ieg.casework.files.store) and deletes it here;
whatever is never sent is removed by the `clear-pending-uploads` job after KEEP.

Nobody has to send what they upload, so the room these files take is bounded: per client
and in total (`Limits`). The public site sets no cookie, so a client is its address (an
IPv6 /64 is one client: one household or device is given a whole /64). A file's name starts
with a keyed hash of it, never the address itself, so a client's files can be added up.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from ieg.casework import files
from ieg.casework.files import Photo
from ieg.files_store import FileStore
from ieg.models import Enquiry

KEEP = timedelta(hours=24)
GONE = "The photo you chose is no longer available: choose it again"
CLIENT_FULL = ("There is no room for more photos from you until the ones you chose earlier are sent: "
               "send your report without a photo, or try again tomorrow")
ALL_FULL = "We cannot take photos at the moment: send your report without a photo, or try again later"
# A file counts as at least this much, so that the number of files, and the time it takes
# to add them up, is bounded as well as the bytes.
SMALLEST_CHARGE = 256 * 1024
_SALT = "ieg-pending-upload"
_NAME = re.compile(r"^(?:[0-9a-f]{32}-)?[0-9a-f]{32}$")  # client key, then random (older names: random only)


@dataclass(frozen=True)
class Limits:
    client: str      # client_key() of whoever is uploading
    per_client: int  # bytes
    total: int       # bytes


def client_key(secret_key: str, address: str | None) -> str:
    """Who is uploading, as a keyed hash (the address is never stored): an IPv4 address, or
    the /64 an IPv6 address is in."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        client = "unknown"
    else:
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        client = str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)
    return hmac.new(secret_key.encode(), f"pending-upload-client:{client}".encode(), hashlib.sha256).hexdigest()[:32]


class Full(Exception):
    """No room for this photo: the message says what to do."""


FOLDER = "pending"


@dataclass(frozen=True)
class Pending:
    filename: str
    content_type: str
    name: str  # in the file store, without FOLDER
    store: FileStore

    @property
    def size(self) -> int | None:
        """Bytes stored; None once the file has gone (sent, or cleared as too old)."""
        return self.store.size(f"{FOLDER}/{self.name}")

    def read(self) -> bytes:
        """The photo's bytes. FileNotFoundError if it has gone."""
        return self.store.get(f"{FOLDER}/{self.name}")

    def discard(self) -> None:
        self.store.delete(f"{FOLDER}/{self.name}")


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def _charge(size: int) -> int:
    return max(size, SMALLEST_CHARGE)


def _in_use(store: FileStore, client: str) -> tuple[int, int]:
    """(bytes charged for every file waiting, bytes charged for `client`'s), counted in the
    store every node shares."""
    total = mine = 0
    for listed in store.listing(FOLDER):
        charge = _charge(listed.size)
        total += charge
        if listed.name.startswith(f"{FOLDER}/{client}-"):
            mine += charge
    return total, mine


def keep(store: FileStore, secret_key: str, photo: Photo, limits: Limits, replacing: Pending | None = None) -> str:
    """Write a checked photo under a name starting with its client's key (whole or not at
    all; in the database store, for the caller to commit); the signed token naming it. Full,
    and nothing written, when it would take the client or everyone over their limit
    (counting the file it replaces as gone). One writer at a time, across nodes, adds up."""
    with store.exclusive("pending"):
        total, mine = _in_use(store, limits.client)
        freed = _charge(replacing.size) if replacing is not None and replacing.size is not None else 0
        ours = freed if replacing is not None and replacing.name.startswith(f"{limits.client}-") else 0
        if total - freed + _charge(len(photo.data)) > limits.total:
            raise Full(ALL_FULL)
        if mine - ours + _charge(len(photo.data)) > limits.per_client:
            raise Full(CLIENT_FULL)
        name = f"{limits.client}-{secrets.token_hex(16)}"
        store.put(f"{FOLDER}/{name}", photo.data)
    return _serializer(secret_key).dumps([name, photo.filename, photo.content_type])


def find(store: FileStore, secret_key: str, token: str) -> Pending | None:
    """The upload a token names, or None if it was not signed by us or is older than KEEP.
    The file itself may have gone since (see Pending.size)."""
    try:
        name, filename, content_type = _serializer(secret_key).loads(token, max_age=int(KEEP.total_seconds()))
    except (BadData, TypeError, ValueError):
        return None
    if not isinstance(name, str) or not _NAME.match(name):
        return None
    return Pending(str(filename), str(content_type), name, store)


@dataclass(frozen=True)
class Choice:
    token: str                # what the page carries as the answer ("" for no photo)
    pending: Pending | None
    refused: str = ""         # why a photo was not accepted, for the photo question


def choose(store: FileStore, secret_key: str, *, carried: str, upload: tuple[str, bytes] | None, remove: bool,
           need_file: bool, limits: Limits) -> Choice:
    """What a photo question holds after a step: a newly sent file (checked by its content,
    then kept if there is room within `limits`), else the one the page carried unless the
    resident removed it. A carried token must be ours and unexpired; with `need_file` its
    file must still be here too (not when sending: a page sent twice finds its photo already
    moved onto the enquiry)."""
    token, refused = carried, ""
    if upload is not None:
        try:
            photo = files.check_photo(*upload)
            replaced = find(store, secret_key, carried) if carried else None
            token = keep(store, secret_key, photo, limits, replaced)
        except (files.FileRefused, Full) as refusal:
            refused = str(refusal)  # whatever was chosen before stays
        else:
            if replaced is not None:
                replaced.discard()
    elif remove:
        token = ""
    pending = find(store, secret_key, token) if token else None
    if token and (pending is None or (need_file and pending.size is None)):
        return Choice("", None, refused or GONE)
    return Choice(token, pending, refused)


def attach(session: Session, store: FileStore, enquiry: Enquiry, chosen: dict[str, Pending]) -> str | None:
    """Store each chosen photo on a new enquiry (files written now, rows for the caller to
    commit; the pending files stay until then, so a rollback loses nothing). The name of a
    photo whose file has gone, in which case the caller rolls back."""
    for name, pending in chosen.items():
        try:
            data = pending.read()
        except FileNotFoundError:
            return name
        files.store(session, store, enquiry, filename=pending.filename, data=data,
                    content_type=pending.content_type, source="form")
    return None


def remove_older_than(store: FileStore, cutoff: datetime) -> int:
    """Delete pending files last written before `cutoff` (the caller commits); how many went."""
    removed = 0
    for listed in store.listing(FOLDER):
        if listed.written_at < cutoff:
            store.delete(listed.name)
            removed += 1
    return removed

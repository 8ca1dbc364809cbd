"""Polling the council's enquiries mailbox over IMAP (docs/design.md 3.4, email intake): each new
message goes through the same intake as `flask ieg ingest-mail`. Used by `flask ieg poll-mail`
and the `poll-mail` job.

IMAP_URL: imaps://user:pass@host:993/INBOX, or imap://user:pass@host:143/INBOX with STARTTLS
(a server that does not offer STARTTLS is refused unless it is on loopback, so a password never
crosses a network in clear). The folder is the path (default INBOX); user and password are
percent-decoded.

Processed means: moved to IMAP_DONE_FOLDER when that is set (MOVE, or COPY + \\Deleted +
EXPUNGE), otherwise flagged \\Seen, and then only unseen messages are fetched. A message is
marked processed only after its intake is committed, so a crash in between leaves it to be
fetched again, which the Message-ID dedupe makes harmless. UIDs throughout.

A message that cannot be read (too large, broken beyond reading) is refused: logged in
inbound_mail and marked processed, so it stays on the server for a person to look at and is
not fetched again. One whose intake fails is left for the next run, and refused (so marked
processed) when it has failed intake.MAX_ATTEMPTS times.
"""
from __future__ import annotations

import imaplib
import ipaddress
import logging
import re
import ssl
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import unquote, urlsplit

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ieg import files_store
from ieg.files_store import FileStore
from ieg.casework import inbound, intake
from ieg.config import Council

log = logging.getLogger("ieg.mail")

TIMEOUT = 60.0  # seconds for any one network operation
_SIZE = re.compile(rb"UID (\d+).*?RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+).*?UID (\d+)")


class MailboxError(Exception):
    """The mailbox cannot be used now: a bad IMAP_URL, an unreachable server, a refused login,
    a missing folder. The message says which, for an operator; nothing was taken in."""


@dataclass(frozen=True)
class MailboxAddress:
    secure: bool          # imaps:// (TLS from the start)
    host: str
    port: int
    username: str
    password: str
    folder: str

    @property
    def loopback(self) -> bool:
        if self.host == "localhost":
            return True
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False

    def __str__(self) -> str:  # never the password
        return f"{self.username}@{self.host}:{self.port}/{self.folder}"


def parse_url(url: str) -> MailboxAddress:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("imap", "imaps"):
        raise MailboxError(f"IMAP_URL must start imaps:// or imap://, not {parts.scheme or '(nothing)'}://")
    if not parts.hostname:
        raise MailboxError("IMAP_URL has no host name")
    if not parts.username:
        raise MailboxError("IMAP_URL has no user name (imaps://user:password@host/INBOX)")
    secure = parts.scheme == "imaps"
    try:
        port = parts.port or (993 if secure else 143)
    except ValueError:
        raise MailboxError("IMAP_URL has a port that is not a number") from None
    return MailboxAddress(secure=secure, host=parts.hostname, port=port, username=unquote(parts.username),
                          password=unquote(parts.password or ""), folder=unquote(parts.path.lstrip("/")) or "INBOX")


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(data) -> str:
    """A server's answer, readable: b'[AUTHENTICATIONFAILED] Authentication failed.' -> the words."""
    if isinstance(data, (list, tuple)):
        data = b" ".join(d if isinstance(d, bytes) else str(d).encode() for d in data if d)
    if isinstance(data, bytes):
        data = data.decode("utf-8", "replace")
    return str(data).strip()


class Mailbox:
    """One IMAP session on one folder (a thin layer over imaplib; UIDs throughout)."""

    def __init__(self, address: MailboxAddress, done_folder: str = "", timeout: float = TIMEOUT):
        self.address = address
        self.done_folder = done_folder
        self.timeout = timeout
        self.imap: imaplib.IMAP4 | None = None
        self.capabilities: set[str] = set()

    # -- session ---------------------------------------------------------------------------
    def open(self) -> Mailbox:
        a = self.address
        try:
            if a.secure:
                imap = imaplib.IMAP4_SSL(a.host, a.port, ssl_context=ssl.create_default_context(),
                                         timeout=self.timeout)
            else:
                imap = imaplib.IMAP4(a.host, a.port, timeout=self.timeout)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise MailboxError(f"cannot reach the IMAP server {a.host}:{a.port}: {exc}") from None
        self.imap = imap
        try:
            if not a.secure:
                if "STARTTLS" in imap.capabilities:
                    imap.starttls(ssl_context=ssl.create_default_context())
                elif not a.loopback:
                    raise MailboxError(f"the IMAP server {a.host}:{a.port} does not offer STARTTLS; "
                                       "use imaps:// (the password is never sent in clear)")
            try:
                imap.login(a.username, a.password)
            except imaplib.IMAP4.error as exc:
                raise MailboxError(f"IMAP login refused for {a.username} at {a.host}:{a.port}: {_text(exc.args)}") \
                    from None
            self.capabilities = self._capabilities()
            if self.done_folder:
                self._ensure_folder(self.done_folder)
            typ, data = imap.select(_quoted(a.folder))
            if typ != "OK":
                raise MailboxError(f"IMAP folder {a.folder!r} cannot be opened: {_text(data)}")
        except MailboxError:
            self.close()
            raise
        except (OSError, imaplib.IMAP4.error) as exc:
            self.close()
            raise MailboxError(f"IMAP server {a.host}:{a.port} failed: {exc}") from None
        return self

    def close(self) -> None:
        imap, self.imap = self.imap, None
        if imap is None:
            return
        try:
            imap.logout()
        except (OSError, imaplib.IMAP4.error):
            pass

    def __enter__(self) -> Mailbox:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def _capabilities(self) -> set[str]:
        """Capabilities as they are after login (servers often add MOVE, UIDPLUS then)."""
        typ, data = self.imap.capability()
        if typ != "OK":
            return {c.upper() for c in self.imap.capabilities}
        return {c.upper() for c in _text(data).split()}

    def _ensure_folder(self, folder: str) -> None:
        typ, data = self.imap.list('""', _quoted(folder))
        if typ == "OK" and any(d for d in data):
            return
        typ, data = self.imap.create(_quoted(folder))
        if typ != "OK":
            raise MailboxError(f"IMAP folder {folder!r} for processed mail cannot be created: {_text(data)}")
        log.info("created IMAP folder %r for processed mail", folder)

    def _uid(self, command: str, *args) -> list:
        typ, data = self.imap.uid(command, *args)
        if typ != "OK":
            raise imaplib.IMAP4.error(f"UID {command} failed: {_text(data)}")
        return data

    # -- messages --------------------------------------------------------------------------
    def waiting(self) -> list[bytes]:
        """UIDs of the messages still to take in, oldest first."""
        criteria = "UNDELETED" if self.done_folder else "UNSEEN UNDELETED"
        data = self._uid("SEARCH", None, criteria)
        return sorted((uid for uid in b" ".join(d for d in data if d).split()), key=int)

    def sizes(self, uids: list[bytes]) -> dict[bytes, int]:
        """RFC822.SIZE of each message: asked before fetching, so a huge one is never downloaded."""
        found: dict[bytes, int] = {}
        for start in range(0, len(uids), 200):
            for item in self._uid("FETCH", b",".join(uids[start:start + 200]), "(RFC822.SIZE)"):
                line = item[0] if isinstance(item, tuple) else item
                match = _SIZE.search(line or b"")
                if match:
                    uid, size = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
                    found[uid] = int(size)
        return found

    def _literal(self, uid: bytes, item: str) -> bytes | None:
        for part in self._uid("FETCH", uid, f"({item})"):
            if isinstance(part, tuple) and len(part) == 2:
                return part[1]
        return None  # gone meanwhile (another client expunged it)

    def fetch(self, uid: bytes) -> bytes | None:
        """The whole message, leaving its \\Seen flag alone (BODY.PEEK)."""
        return self._literal(uid, "BODY.PEEK[]")

    def headers(self, uid: bytes) -> bytes:
        """The headers that say who sent a message and what it is about (for the log)."""
        return self._literal(uid, "BODY.PEEK[HEADER.FIELDS (FROM SUBJECT MESSAGE-ID)]") or b""

    def mark_processed(self, uid: bytes) -> None:
        if not self.done_folder:
            self._uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen)")
        elif "MOVE" in self.capabilities:
            self._uid("MOVE", uid, _quoted(self.done_folder))
        else:
            self._uid("COPY", uid, _quoted(self.done_folder))
            self._uid("STORE", uid, "+FLAGS.SILENT", r"(\Seen \Deleted)")
            if "UIDPLUS" in self.capabilities:
                self._uid("EXPUNGE", uid)  # only this message, not others someone flagged \Deleted
            else:
                typ, data = self.imap.expunge()
                if typ != "OK":
                    raise imaplib.IMAP4.error(f"EXPUNGE failed: {_text(data)}")


@dataclass
class Summary:
    new: int = 0
    reply: int = 0
    duplicate: int = 0
    ignored: int = 0
    refused: int = 0
    failed: int = 0                                   # left for the next run after a failed intake
    lines: list[str] = field(default_factory=list)    # one per message: its reference, or what became of it
    stopped: str = ""                                 # why the run ended early (the rest waits for the next)

    def __str__(self) -> str:
        text = (f"new {self.new}, reply {self.reply}, duplicate {self.duplicate}, ignored {self.ignored}, "
                f"refused {self.refused}")
        if self.failed:
            text += f", failed {self.failed}"
        if self.stopped:
            text += f"; stopped: {self.stopped}"
        return text


def poll(session: Session, url: str, council: Council, now: datetime, done_folder: str = "",
         file_store: FileStore | None = None, timeout: float = TIMEOUT) -> Summary:
    """Take in every waiting message (attachments kept in `file_store`, as intake.take_in).
    Raises MailboxError when the mailbox cannot be opened; a failure after that ends the run
    early with Summary.stopped set."""
    summary = Summary()
    with Mailbox(parse_url(url), done_folder=done_folder, timeout=timeout) as mailbox:
        try:
            _take_all(session, mailbox, council, now, file_store, summary)
        except (OSError, imaplib.IMAP4.error) as exc:
            session.rollback()
            log.warning("IMAP polling stopped, the server failed: %s", exc)
            summary.stopped = f"the IMAP server failed: {exc}"
    return summary


def poll_configured(session: Session, config, now: datetime) -> Summary:
    """poll() with the app's settings (IMAP_URL, which must be set, and IMAP_DONE_FOLDER):
    what the `poll-mail` command and job run."""
    return poll(session, config["IMAP_URL"], Council.from_config(config), now,
                done_folder=config.get("IMAP_DONE_FOLDER") or "", file_store=files_store.for_config(config, session))


def _take_all(session: Session, mailbox: Mailbox, council: Council, now: datetime, file_store: FileStore | None,
              summary: Summary) -> None:
    uids = mailbox.waiting()
    sizes = mailbox.sizes(uids) if uids else {}
    for uid in uids:
        label = uid.decode()
        size, limit = sizes.get(uid), inbound.MAX_BYTES
        try:
            if size is not None and size > limit:
                # Refused for good, as ingest-mail refuses it (exit 65), without downloading it.
                head = mailbox.headers(uid)
                result = intake.refuse(session, inbound.headline(head), f"message is {size / 1024 / 1024:.1f} MB; "
                                       f"the limit is {limit // 1024 // 1024} MB", now, raw=head)
            else:
                raw = mailbox.fetch(uid)
                if raw is None:
                    continue  # expunged by another client since the search
                result = intake.deliver(session, raw, council, now, file_store)  # parse checks the size again
        except OperationalError as exc:
            session.rollback()
            log.warning("IMAP polling stopped, database unavailable (UID %s left for the next run): %s", label,
                        str(exc).splitlines()[0])
            summary.stopped = "database unavailable; the rest waits for the next run"
            return
        except (OSError, imaplib.IMAP4.error):
            raise  # the server: poll() ends the run
        except Exception as exc:  # a fault even in recording a failure: leave it for the next run
            session.rollback()
            intake.fault(f"inbound mail IMAP UID {label} could not be recorded", exc)
            summary.failed += 1
            summary.lines.append(f"failed: IMAP UID {label}, left for the next run")
            continue
        setattr(summary, result.outcome, getattr(summary, result.outcome) + 1)
        if result.outcome == "failed":
            # Left unprocessed to be tried again; refused (and so processed) at the last attempt.
            summary.lines.append(f"failed: IMAP UID {label}, attempt {result.attempts} of {intake.MAX_ATTEMPTS}, "
                                 "left for the next run")
            continue
        if result.outcome == "duplicate":
            summary.lines.append(f"duplicate: {result.reference or result.reason}")
        elif result.outcome == "refused":
            # Kept on the server, marked processed, for a person to look at there.
            summary.lines.append(f"refused: {result.reason}")
        else:
            summary.lines.append(result.reference or f"{result.outcome}: {result.reason}")
        mailbox.mark_processed(uid)  # only now: a crash before this leaves it to be fetched again

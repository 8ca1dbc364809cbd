"""Where mail goes: an SMTP server (SMTP_URL), or .eml files for the demo.

A transport's `connect()` gives a connection for one outbox run (`with transport.connect()
as c: c.send(email)`): one SMTP session for every message of the run, not one each. Every
wait on the server is bounded: each network operation by `timeout`, and all of one message's
(connecting, greeting, TLS, login, envelope, data) by MESSAGE_TIMEOUTS times it, so a server
that accepts connections and never answers costs a run one timeout, not one per message.
"""
from __future__ import annotations

import smtplib
import ssl
import time
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ieg.mail.outbox import PermanentFailure, TransportUnavailable

SMTP_TIMEOUT = 20.0  # seconds for one network operation
MESSAGE_TIMEOUTS = 3  # one message's whole exchange may take this many operations' timeouts


class _Bounded:
    """smtplib's client with a deadline for the whole exchange: every read and write waits at
    most what is left of it (a server that answers a byte at a time cannot hold a run)."""

    deadline: float | None = None

    def _bound(self) -> None:
        if self.deadline is None or self.sock is None:
            return
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the mail server took too long")
        self.sock.settimeout(min(self.timeout, left))

    def send(self, s):
        self._bound()
        return super().send(s)

    def getreply(self):
        self._bound()
        return super().getreply()


class _SMTP(_Bounded, smtplib.SMTP):
    def __init__(self, host: str, port: int, deadline: float, **kwargs):
        self.deadline = deadline  # before connecting: the greeting is waited for too
        super().__init__(host, port, **kwargs)


class _SMTPSSL(_Bounded, smtplib.SMTP_SSL):
    def __init__(self, host: str, port: int, deadline: float, **kwargs):
        self.deadline = deadline
        super().__init__(host, port, **kwargs)


class SMTPTransport:
    """smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465."""

    def __init__(self, url: str, timeout: float = SMTP_TIMEOUT):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"SMTP_URL must start smtp:// or smtps://, not {parts.scheme}://")
        self.secure = parts.scheme == "smtps"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.secure else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout

    def connect(self) -> SMTPConnection:
        return SMTPConnection(self)

    def send(self, email: EmailMessage) -> None:
        """One message on a connection of its own."""
        with self.connect() as connection:
            connection.send(email)


class SMTPConnection:
    """One SMTP session, opened at the first message and kept for the next ones."""

    def __init__(self, transport: SMTPTransport):
        self.transport = transport
        self.server: _SMTP | _SMTPSSL | None = None

    def __enter__(self) -> SMTPConnection:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _open(self, deadline: float):
        t = self.transport
        server = (_SMTPSSL(t.host, t.port, deadline, timeout=t.timeout, context=ssl.create_default_context())
                  if t.secure else _SMTP(t.host, t.port, deadline, timeout=t.timeout))
        try:
            if not t.secure:
                server.ehlo_or_helo_if_needed()
                if server.has_extn("starttls"):
                    server.starttls(context=ssl.create_default_context())
            if t.username:
                server.login(t.username, t.password or "")
        except BaseException:
            server.close()
            raise
        return server

    def send(self, email: EmailMessage) -> None:
        """PermanentFailure when the server refuses this message for good; TransportUnavailable
        when the server cannot be used now (the connection is then closed); other SMTP errors
        (a temporary refusal of this message) as they come."""
        deadline = time.monotonic() + self.transport.timeout * MESSAGE_TIMEOUTS
        try:
            if self.server is None:
                self.server = self._open(deadline)
            self.server.deadline = deadline
            refused = self.server.send_message(email)
        except smtplib.SMTPRecipientsRefused as exc:
            if all(code >= 500 for code, _ in exc.recipients.values()):
                raise PermanentFailure(f"Recipient refused: {exc.recipients}") from None
            raise
        except smtplib.SMTPDataError as exc:
            if exc.smtp_code >= 500:
                raise PermanentFailure(f"Message refused: {exc.smtp_code} {_text(exc.smtp_error)}") from None
            raise
        except smtplib.SMTPNotSupportedError as exc:  # e.g. a non-ASCII address, and no SMTPUTF8
            raise PermanentFailure(f"The mail server cannot take this message: {exc}") from None
        except (OSError, smtplib.SMTPException) as exc:  # down, silent, refusing our login or sender
            self.close()
            raise TransportUnavailable(f"{type(exc).__name__}: {exc}".strip()) from None
        if refused:
            raise PermanentFailure(f"Recipient refused: {refused}")

    def close(self) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        try:
            server.deadline = time.monotonic() + self.transport.timeout
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()


def _text(value) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


class FileTransport:
    """Writes each message as an .eml file (the demo, and any install without SMTP_URL)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def connect(self) -> FileTransport:
        return self

    def __enter__(self) -> FileTransport:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def send(self, email: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = email["Message-ID"].strip("<>").replace("@", "_at_").replace("/", "_")
        path = self.folder / f"{name}.eml"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(bytes(email))
        temporary.replace(path)  # whole files only


def transport_for(config) -> SMTPTransport | FileTransport:
    if config.get("SMTP_URL"):
        return SMTPTransport(config["SMTP_URL"], timeout=float(config.get("SMTP_TIMEOUT") or SMTP_TIMEOUT))
    return FileTransport(Path(config["INSTANCE_PATH"]) / "mail")

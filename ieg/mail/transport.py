"""Where mail goes: an SMTP server (SMTP_URL), or .eml files for the demo."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ieg.mail.outbox import PermanentFailure


class SMTPTransport:
    """smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465."""

    def __init__(self, url: str, timeout: float = 30.0):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps"):
            raise ValueError(f"SMTP_URL must start smtp:// or smtps://, not {parts.scheme}://")
        self.secure = parts.scheme == "smtps"
        self.host = parts.hostname or "localhost"
        self.port = parts.port or (465 if self.secure else 25)
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.timeout = timeout

    def send(self, email: EmailMessage) -> None:
        if self.secure:
            server = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with server:
            if not self.secure and server.has_extn("starttls"):
                server.starttls(context=ssl.create_default_context())
            if self.username:
                server.login(self.username, self.password or "")
            try:
                refused = server.send_message(email)
            except smtplib.SMTPRecipientsRefused as exc:
                raise PermanentFailure(f"Recipient refused: {exc.recipients}") from None
            if refused:
                raise PermanentFailure(f"Recipient refused: {refused}")


class FileTransport:
    """Writes each message as an .eml file (the demo, and any install without SMTP_URL)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def send(self, email: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = email["Message-ID"].strip("<>").replace("@", "_at_").replace("/", "_")
        path = self.folder / f"{name}.eml"
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(bytes(email))
        temporary.replace(path)  # whole files only


def transport_for(config) -> SMTPTransport | FileTransport:
    if config.get("SMTP_URL"):
        return SMTPTransport(config["SMTP_URL"])
    return FileTransport(Path(config["INSTANCE_PATH"]) / "mail")

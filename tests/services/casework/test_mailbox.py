"""`flask ieg poll-mail` and the `poll-mail` job against a real IMAP server: a private Dovecot
started on loopback for each test, with messages delivered by IMAP APPEND. New enquiries,
threaded replies, automatic mail, duplicates, a 30 MB message that is never downloaded, the
processed-folder mode, a database that fails, a crash between commit and marking, and a refused
login."""
from __future__ import annotations

import grp
import imaplib
import logging
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from ieg.casework import intake, mailbox, references
from ieg.config import Council
from ieg.timeutil import utcnow
from tests.services.mail.test_outbox import free_port
from tests.unit.casework.test_inbound import message

DOVECOT = shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.path.exists("/usr/sbin/dovecot") else None)
USER, PASSWORD = "enquiries", "s3cret p@ss/w%rd"  # percent-encoded in the URL, decoded for LOGIN (no ":": passwd-file)

CONFIG = """\
instance_name = ieg-test-{port}
protocols = imap
listen = 127.0.0.1
base_dir = {work}/run
state_dir = {work}/state
log_path = {work}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {user}
default_internal_group = {group}
default_login_user = {user}
first_valid_uid = {uid}
last_valid_uid = 0
mail_location = maildir:{work}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {work}/passwd
}}
userdb {{
  driver = static
  args = uid={user} gid={group} home={work}/home/%u
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@dataclass
class ImapServer:
    port: int
    work: Path

    def url(self, password: str = PASSWORD, folder: str = "INBOX") -> str:
        return f"imap://{quote(USER, safe='')}:{quote(password, safe='')}@127.0.0.1:{self.port}/{folder}"

    def session(self) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(USER, PASSWORD)
        return imap

    def deliver(self, raw: bytes, folder: str = "INBOX") -> int:
        imap = self.session()
        try:
            typ, data = imap.append(folder, None, None, raw)
            assert typ == "OK", data
            return int(re.search(rb"APPENDUID \d+ (\d+)", data[0]).group(1))
        finally:
            imap.logout()

    def flags(self, folder: str = "INBOX") -> dict[int, set[str]]:
        """Each message's UID and flags, looked at read-only (EXAMINE)."""
        imap = self.session()
        try:
            typ, data = imap.select(f'"{folder}"', readonly=True)
            assert typ == "OK", data
            if not int(data[0]):
                return {}
            typ, data = imap.uid("FETCH", "1:*", "(FLAGS)")
            found = {}
            for line in data:
                uid = re.search(rb"UID (\d+)", line).group(1)
                flags = re.search(rb"FLAGS \(([^)]*)\)", line).group(1).decode().split()
                found[int(uid)] = set(flags) - {"\\Recent"}
            return found
        finally:
            imap.logout()

    def mark_seen(self, uid: int) -> None:
        """As a person reading the mailbox in a mail program would."""
        imap = self.session()
        try:
            imap.select("INBOX")
            assert imap.uid("STORE", str(uid), "+FLAGS", r"(\Seen)")[0] == "OK"
        finally:
            imap.logout()

    def log(self) -> str:
        path = self.work / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _run_as() -> tuple[str, str, bool]:
    """The user Dovecot runs as. Dovecot refuses to serve logins as root, so under root (CI
    here) the whole instance runs as the unprivileged `dovecot` user the package creates."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name, False
    for name in ("dovecot", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return name, grp.getgrgid(entry.pw_gid).gr_name, True
    pytest.skip("running as root and no unprivileged user to run Dovecot as")


def _start(work: Path, user: str, group: str, switch: bool) -> tuple[subprocess.Popen, int]:
    """Start Dovecot in the foreground on a free port; wait until it greets over IMAP."""
    for attempt in range(3):
        port = free_port()
        conf = work / "dovecot.conf"
        conf.write_text(CONFIG.format(work=work, user=user, group=group, uid=pwd.getpwnam(user).pw_uid, port=port))
        if switch:
            shutil.chown(conf, user, group)
        process = subprocess.Popen([DOVECOT, "-c", str(conf), "-F"], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   **({"user": user, "group": group, "extra_groups": []} if switch else {}))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return process, port
            except OSError:
                time.sleep(0.05)
        _stop(process)
        failure = process.stderr.read().decode(errors="replace")
        log = (work / "dovecot.log").read_text(errors="replace") if (work / "dovecot.log").exists() else ""
        if attempt < 2 and "Address already in use" in failure + log:
            continue  # another process took the free port first: try another
        pytest.fail(f"Dovecot did not start on 127.0.0.1:{port}:\n{failure}\n{log}")
    raise AssertionError("unreachable")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def imap(tmp_path):
    if DOVECOT is None:
        pytest.skip("Dovecot is not installed (`make dovecot` installs Debian's dovecot-imapd)")
    user, group, switch = _run_as()
    # Dovecot must reach its own files as `user`; root's pytest folders are private (0700).
    work = Path(tempfile.mkdtemp(prefix="ieg-dovecot-")) if switch else tmp_path / "dovecot"
    work.mkdir(exist_ok=True)
    (work / "passwd").write_text(f"{USER}:{PASSWORD}::::::\n")
    if switch:
        for path in (work, work / "passwd"):
            shutil.chown(path, user, group)
        os.chmod(work / "passwd", 0o600)
    process, port = _start(work, user, group, switch)
    try:
        yield ImapServer(port=port, work=work)
    finally:
        _stop(process)
        if process.stderr:
            process.stderr.close()
        if switch:
            shutil.rmtree(work, ignore_errors=True)


# -- helpers ---------------------------------------------------------------------------------

def poll(app, imap, **kwargs) -> mailbox.Summary:
    from ieg.extensions import db
    with app.app_context():
        return mailbox.poll(db.session, kwargs.pop("url", imap.url()), Council.from_config(app.config), utcnow(),
                            **kwargs)


def rows(app, model) -> int:
    from ieg.extensions import db
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def counts(summary: mailbox.Summary) -> tuple[int, ...]:
    return summary.new, summary.reply, summary.duplicate, summary.ignored, summary.refused, summary.failed


SEEN = {"\\Seen"}


@pytest.fixture
def mail_log(caplog, monkeypatch):
    """Warnings logged to ieg.mail. (The migrations' logging.config.fileConfig disables every
    logger that existed before it ran, this one included when the module was imported first.)"""
    monkeypatch.setattr(logging.getLogger("ieg.mail"), "disabled", False)
    caplog.set_level("WARNING", logger="ieg.mail")
    return caplog


# -- tests -----------------------------------------------------------------------------------

def test_a_new_message_opens_an_enquiry_is_acknowledged_and_then_seen(app, council, imap):
    from ieg.extensions import db
    from ieg.models import Enquiry, OutboxMessage

    uid = imap.deliver(bytes(message("My bin was missed on Tuesday.")))
    assert imap.flags() == {uid: set()}
    summary = poll(app, imap)
    assert counts(summary) == (1, 0, 0, 0, 0, 0) and not summary.stopped
    reference = summary.lines[0]
    assert references.is_valid(reference)
    assert str(summary) == "new 1, reply 0, duplicate 0, ignored 0, refused 0"
    with app.app_context():
        enquiry = db.session.scalar(select(Enquiry))
        assert enquiry.reference == reference and enquiry.channel == "email"
        assert enquiry.subject == "Missed bin" and "Tuesday" in enquiry.description
        ack = db.session.scalar(select(OutboxMessage))
        assert reference in ack.subject and ack.to_address == "jo.bloggs@example.com"
    assert imap.flags() == {uid: SEEN}
    # Seen messages are not fetched again.
    assert counts(poll(app, imap)) == (0, 0, 0, 0, 0, 0)


def test_a_reply_to_the_acknowledgement_threads_onto_the_enquiry(app, council, imap):
    from ieg.extensions import db
    from ieg.models import Enquiry, EnquiryEvent, OutboxMessage

    imap.deliver(bytes(message("First message")))
    reference = poll(app, imap).lines[0]
    with app.app_context():
        ack_id = db.session.scalar(select(OutboxMessage.message_id))
    imap.deliver(bytes(message("It was the grey bin.", Subject=f"Re: Your enquiry {reference}",
                               Message_ID="<reply-1@mail.example.com>", In_Reply_To=ack_id, References=ack_id)))
    summary = poll(app, imap)
    assert counts(summary) == (0, 1, 0, 0, 0, 0) and summary.lines == [reference]
    assert rows(app, Enquiry) == 1 and rows(app, OutboxMessage) == 1
    with app.app_context():
        kinds = db.session.scalars(select(EnquiryEvent.kind).order_by(EnquiryEvent.id)).all()
        assert kinds == ["received", "acknowledged", "reply_in"]
    assert all(flags == SEEN for flags in imap.flags().values())


def test_an_out_of_office_reply_opens_nothing_but_is_logged_and_seen(app, council, imap):
    from ieg.extensions import db
    from ieg.models import Enquiry, InboundMail, OutboxMessage

    uid = imap.deliver(bytes(message("I am away until Monday", Auto_Submitted="auto-replied",
                                     Subject="Out of office")))
    summary = poll(app, imap)
    assert counts(summary) == (0, 0, 0, 1, 0, 0) and summary.lines == ["ignored: auto-reply"]
    assert rows(app, Enquiry) == 0 and rows(app, OutboxMessage) == 0
    with app.app_context():
        logged = db.session.scalar(select(InboundMail))
        assert (logged.outcome, logged.reason) == ("ignored", "auto-reply")
    assert imap.flags() == {uid: SEEN}


def test_the_same_message_id_in_two_messages_is_stored_once(app, council, imap):
    from ieg.models import Enquiry, InboundMail, OutboxMessage

    raw = bytes(message("Once only"))
    first, second = imap.deliver(raw), imap.deliver(raw)
    summary = poll(app, imap)
    assert counts(summary) == (1, 0, 1, 0, 0, 0)
    assert summary.lines[1] == f"duplicate: {summary.lines[0]}"
    assert rows(app, Enquiry) == 1 and rows(app, OutboxMessage) == 1 and rows(app, InboundMail) == 1
    assert imap.flags() == {first: SEEN, second: SEEN}


def test_a_30_mb_message_is_refused_without_being_downloaded(app, council, imap, monkeypatch, mail_log):
    from ieg.models import Enquiry, InboundMail

    huge = bytes(message("big", Subject="Scans", Message_ID="<huge@example.com>")) + b"x" * (30 * 1024 * 1024)
    big = imap.deliver(huge)
    small = imap.deliver(bytes(message("Small one", Message_ID="<small@example.com>")))
    asked = []
    real = mailbox.Mailbox._literal
    monkeypatch.setattr(mailbox.Mailbox, "_literal",
                        lambda self, uid, item: asked.append((int(uid), item)) or real(self, uid, item))
    summary = poll(app, imap)
    assert counts(summary) == (1, 0, 0, 0, 1, 0)
    assert summary.lines[0] == "refused: message is 30.0 MB; the limit is 25 MB"
    # Only the headers of the big one were read (to log who sent it); its body never crossed.
    assert (big, "BODY.PEEK[]") not in asked and (small, "BODY.PEEK[]") in asked
    assert "<huge@example.com>" in mail_log.text and "limit is 25 MB" in mail_log.text
    # Not stored but logged with the reason (as ingest-mail does), and marked processed: never tried again.
    assert rows(app, Enquiry) == 1 and rows(app, InboundMail) == 2
    from ieg.extensions import db
    with app.app_context():
        refused = db.session.scalar(select(InboundMail).where(InboundMail.message_id == "<huge@example.com>"))
        assert (refused.outcome, refused.reason) == ("refused", "message is 30.0 MB; the limit is 25 MB")
    assert imap.flags() == {big: SEEN, small: SEEN}
    assert counts(poll(app, imap)) == (0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("move", [True, False], ids=["MOVE", "COPY-and-expunge"])
def test_the_done_folder_mode_moves_processed_messages(app, council, imap, monkeypatch, move):
    if not move:  # a server without MOVE: COPY, \Deleted, UID EXPUNGE
        real = mailbox.Mailbox._capabilities
        monkeypatch.setattr(mailbox.Mailbox, "_capabilities", lambda self: real(self) - {"MOVE"})
    read_by_a_person = imap.deliver(bytes(message("Read in Outlook first", Message_ID="<a@example.com>")))
    imap.mark_seen(read_by_a_person)  # taken in all the same: the folder, not the flag, says what is done
    imap.deliver(bytes(message("Second", Message_ID="<b@example.com>")))
    summary = poll(app, imap, done_folder="IEG processed")
    assert counts(summary) == (2, 0, 0, 0, 0, 0)
    assert imap.flags("INBOX") == {}
    assert len(imap.flags("IEG processed")) == 2
    assert counts(poll(app, imap, done_folder="IEG processed")) == (0, 0, 0, 0, 0, 0)


def test_a_database_failure_leaves_messages_for_the_next_run(app_factory, council, imap, monkeypatch):
    from ieg.models import Enquiry

    app = app_factory(IMAP_URL=imap.url())
    first = imap.deliver(bytes(message("One", Message_ID="<one@example.com>")))
    second = imap.deliver(bytes(message("Two", Message_ID="<two@example.com>")))
    real = intake.take_in

    def locked(*args, **kwargs):
        raise OperationalError("INSERT INTO inbound_mail", {}, Exception("database is locked"))

    monkeypatch.setattr(intake, "take_in", locked)
    result = app.test_cli_runner().invoke(args=["ieg", "poll-mail"])
    assert result.exit_code == 75, result.output
    assert "stopped: database unavailable" in result.output
    assert imap.flags() == {first: set(), second: set()}  # both wait, unseen
    assert rows(app, Enquiry) == 0

    monkeypatch.setattr(intake, "take_in", real)
    result = app.test_cli_runner().invoke(args=["ieg", "poll-mail"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "new 2, reply 0, duplicate 0, ignored 0, refused 0"
    assert imap.flags() == {first: SEEN, second: SEEN} and rows(app, Enquiry) == 2


def test_a_crash_between_commit_and_marking_is_harmless(app, council, imap, monkeypatch):
    """Committed but not yet marked \\Seen: fetched again next run, found a duplicate, stored once."""
    from ieg.models import Enquiry, OutboxMessage

    uid = imap.deliver(bytes(message("Hello")))

    def lost(self, uid):
        raise imaplib.IMAP4.abort("socket error: EOF")

    with monkeypatch.context() as patch:
        patch.setattr(mailbox.Mailbox, "mark_processed", lost)
        summary = poll(app, imap)
    assert summary.new == 1 and summary.stopped.startswith("the IMAP server failed")
    assert imap.flags() == {uid: set()}
    again = poll(app, imap)
    assert counts(again) == (0, 0, 1, 0, 0, 0) and again.lines == [f"duplicate: {summary.lines[0]}"]
    assert rows(app, Enquiry) == 1 and rows(app, OutboxMessage) == 1
    assert imap.flags() == {uid: SEEN}


def test_the_command_and_the_job_end_to_end(app_factory, council, imap):
    from ieg.extensions import db
    from ieg.jobs import JOBS

    from ieg.models import EnquiryFile

    app = app_factory(IMAP_URL=imap.url())
    photo = message("Fly-tipping behind the shops", Message_ID="<c1@example.com>")
    photo.add_attachment(b"\x89PNG\r\n\x1a\n" + b"x" * 100, maintype="image", subtype="png", filename="tip.png")
    imap.deliver(bytes(photo))
    result = app.test_cli_runner().invoke(args=["ieg", "poll-mail"])
    assert result.exit_code == 0, result.output
    reference, summary = result.output.splitlines()
    assert references.is_valid(reference)
    assert summary == "new 1, reply 0, duplicate 0, ignored 0, refused 0"
    with app.app_context():
        kept = db.session.scalar(select(EnquiryFile))
        assert (kept.filename, kept.source, kept.enquiry.reference) == ("tip.png", "email", reference)

    imap.deliver(bytes(message("Away", Auto_Submitted="auto-replied", Message_ID="<c2@example.com>")))
    with app.app_context():
        assert JOBS["poll-mail"].trigger == {"trigger": "interval", "minutes": 2}
        assert JOBS["poll-mail"].func(utcnow()) == "new 0, reply 0, duplicate 0, ignored 1, refused 0"
        db.session.remove()
    ran = app.test_cli_runner().invoke(args=["ieg", "run-job", "poll-mail"])
    assert ran.output.strip() == "poll-mail: new 0, reply 0, duplicate 0, ignored 0, refused 0"


def test_without_imap_url_the_command_fails_and_the_job_does_nothing(app):
    from ieg.jobs import JOBS

    result = app.test_cli_runner().invoke(args=["ieg", "poll-mail"])
    assert result.exit_code != 0 and "IMAP_URL is not set" in result.output
    with app.app_context():
        assert JOBS["poll-mail"].func(utcnow()) == "IMAP_URL not set"


def test_a_wrong_password_is_a_clear_error_not_a_traceback(app_factory, council, imap):
    from ieg.models import InboundMail

    app = app_factory(IMAP_URL=imap.url(password="wrong"))
    imap.deliver(bytes(message("Hello")))
    result = app.test_cli_runner().invoke(args=["ieg", "poll-mail"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: IMAP login refused for {USER} at 127.0.0.1:{imap.port}: "
                                     "[AUTHENTICATIONFAILED] Authentication failed.")
    assert "Traceback" not in result.output and "wrong" not in result.output
    assert rows(app, InboundMail) == 0


def test_the_job_logs_a_refused_login_in_one_line(app_factory, council, imap, mail_log):
    # (A server of its own: Dovecot makes a second failed login from one address wait seconds.)
    from ieg.jobs import JOBS

    app = app_factory(IMAP_URL=imap.url(password="wrong"))
    with app.app_context():
        report = JOBS["poll-mail"].func(utcnow())
    assert report.startswith("mailbox unavailable: IMAP login refused")
    assert len(mail_log.records) == 1 and mail_log.records[0].exc_info is None  # no traceback


def test_a_plain_server_off_loopback_is_refused_before_the_password_is_sent(app, imap, monkeypatch):
    """Dovecot here offers no STARTTLS; were it on another machine, the login must not happen."""
    monkeypatch.setattr(mailbox.MailboxAddress, "loopback", property(lambda self: False))
    with pytest.raises(mailbox.MailboxError, match="does not offer STARTTLS; use imaps://"):
        poll(app, imap)
    assert "Login:" not in imap.log() and "auth failed" not in imap.log()


def test_a_server_that_is_not_there_is_a_clear_error(app_factory):
    port = free_port()
    app = app_factory(IMAP_URL=f"imap://u:p@127.0.0.1:{port}/INBOX")
    result = app.test_cli_runner().invoke(args=["ieg", "poll-mail"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot reach the IMAP server 127.0.0.1:{port}:")
    assert "Traceback" not in result.output


def test_imap_urls():
    url = mailbox.parse_url("imaps://enquiries%40ashdown.gov.uk:p%40ss%3Aword@mail.example.com")
    assert (url.secure, url.host, url.port, url.username, url.password, url.folder) == \
        (True, "mail.example.com", 993, "enquiries@ashdown.gov.uk", "p@ss:word", "INBOX")
    url = mailbox.parse_url("imap://u:p@mail.example.com/Shared%20Inbox")
    assert (url.secure, url.port, url.folder, url.loopback) == (False, 143, "Shared Inbox", False)
    assert mailbox.parse_url("imap://u:p@127.0.0.1:1143/").loopback
    assert mailbox.parse_url("imap://u:p@localhost/").loopback
    assert str(url) == "u@mail.example.com:143/Shared Inbox"  # never the password
    for bad, words in [("pop3://u:p@h/", "must start imaps://"), ("imaps:///INBOX", "no host"),
                       ("imaps://mail.example.com/", "no user name"), ("imaps://u:p@h:x/", "port")]:
        with pytest.raises(mailbox.MailboxError, match=words):
            mailbox.parse_url(bad)


def test_a_message_that_cannot_be_read_is_refused_logged_and_marked_processed(app, council, imap):
    """Today's poison: thousands of nested parts. Refused once, kept on the server (seen) for a
    person to look at there, never fetched again; the messages around it are taken in."""
    from ieg.extensions import db
    from ieg.models import Enquiry, InboundMail
    from tests.web.casework.test_hostile_mail import nested

    before = imap.deliver(bytes(message("Before", Message_ID="<before@example.com>")))
    poison = imap.deliver(nested(3000))
    crlf = imap.deliver(b"From: =?utf-8?q?Jo=0D=0ABcc=3A_x=40example=2Enet?= <jo@example.com>\r\n"
                        b"Subject: =?utf-8?q?Bins=0D=0AX-Evil=3A_1?=\r\nMessage-ID: <crlf@example.com>\r\n\r\nHello\r\n")
    summary = poll(app, imap)
    assert counts(summary) == (2, 0, 0, 0, 1, 0) and not summary.stopped
    assert summary.lines[1] == "refused: its MIME parts are nested more than 50 deep"
    assert imap.flags() == {before: SEEN, poison: SEEN, crlf: SEEN}
    with app.app_context():
        refused = db.session.scalar(select(InboundMail).where(InboundMail.outcome == "refused"))
        assert (refused.message_id, refused.reason) == ("<hostile@example.com>",
                                                        "its MIME parts are nested more than 50 deep")
        enquiry = db.session.scalar(select(Enquiry).where(Enquiry.email_message_id == "<crlf@example.com>"))
        assert (enquiry.subject, enquiry.customer.name) == ("Bins X-Evil: 1", "Jo Bcc: x@example.net")
    assert counts(poll(app, imap)) == (0, 0, 0, 0, 0, 0)


def test_a_message_whose_intake_keeps_failing_is_refused_after_a_few_runs(app, council, imap, monkeypatch, mail_log):
    from ieg.extensions import db
    from ieg.models import Enquiry, InboundMail

    uid = imap.deliver(bytes(message("Hello", Message_ID="<stuck@example.com>")))
    fine = imap.deliver(bytes(message("Fine", Message_ID="<fine@example.com>")))
    real = intake.take_in

    def broken(session, message, *args, **kwargs):
        if message.message_id == "<stuck@example.com>":
            raise RuntimeError("a bug in IEG")
        return real(session, message, *args, **kwargs)

    monkeypatch.setattr(intake, "take_in", broken)
    for run in range(1, intake.MAX_ATTEMPTS):
        summary = poll(app, imap)
        assert summary.failed == 1 and summary.lines[0] == (f"failed: IMAP UID {uid}, attempt {run} of "
                                                            f"{intake.MAX_ATTEMPTS}, left for the next run")
        assert imap.flags()[uid] == set()  # left unseen, for the next run
    last = poll(app, imap)
    assert counts(last) == (0, 0, 0, 0, 1, 0)
    assert last.lines == [f"refused: it failed to be taken in {intake.MAX_ATTEMPTS} times"]
    assert imap.flags() == {uid: SEEN, fine: SEEN}
    assert counts(poll(app, imap)) == (0, 0, 0, 0, 0, 0)  # never again
    with app.app_context():
        stuck = db.session.scalar(select(InboundMail).where(InboundMail.message_id == "<stuck@example.com>"))
        assert (stuck.outcome, stuck.attempts) == ("refused", intake.MAX_ATTEMPTS)
        assert "RuntimeError: a bug in IEG" in stuck.reason
    assert rows(app, Enquiry) == 1
    assert "Traceback" not in mail_log.text and all(r.exc_info is None for r in mail_log.records)


def test_the_job_takes_in_hostile_mail_without_failing(app_factory, council, imap):
    from ieg.jobs import JOBS
    from tests.web.casework.test_hostile_mail import HEAD

    app = app_factory(IMAP_URL=imap.url())
    imap.deliver(HEAD + b"Received: from x by mx; Fri, 31 Dec 9999 23:59:59 -1200\r\nSubject: x\r\n"
                        b"Content-Type: text/plain; charset=\"utf\x008\"\r\n\r\nHello\r\n")
    with app.app_context():
        assert JOBS["poll-mail"].func(utcnow()) == "new 1, reply 0, duplicate 0, ignored 0, refused 0"

"""Several IEG "machines" on one host, for the multi-machine tests: each web node is a gunicorn
with its own instance folder, each scheduler a `flask ieg scheduler`, all sharing one PostgreSQL
(tests/servers.py) and mail going to a real SMTP server that counts what arrives.

The processes are started with the commands in deploy/systemd's units (`unit_command`: their
ExecStart with the unit's environment and the env file's variables), so what the tests run is what
an install runs. `Load` drives mixed traffic through the nodes as a load balancer would: a node
that refuses or drops a request has it sent to the other, and what each kind of request got is
counted.
"""
from __future__ import annotations

import configparser
import os
import random
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
INSTALLED_AT = "/srv/ieg"  # where the units expect the checkout (WorkingDirectory, the venv)
VENV_BIN = Path(sys.executable).parent
REFERENCE = re.compile(r"ENQ-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')
UNREPEATABLE_WAIT = 65  # seconds: longer than ieg-web.service lets a request run (gunicorn --timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The units ---------------------------------------------------------------------------------

def read_unit(name: str) -> configparser.ConfigParser:
    unit = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    unit.optionxform = str  # systemd's keys are case-sensitive
    unit.read(DEPLOY / "systemd" / name)
    return unit


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd's EnvironmentFile= reads them (comments and blanks skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip('"')
    return values


def unit_environment(unit: configparser.ConfigParser) -> dict[str, str]:
    """The unit's own Environment= assignments."""
    values = {}
    for assignment in shlex.split(unit["Service"].get("Environment", "")):
        key, _, value = assignment.partition("=")
        values[key] = value
    return values


def unit_command(name: str, env: dict[str, str]) -> list[str]:
    """The unit's ExecStart as argv, with ${VAR} expanded from `env` as systemd does, and the
    install's folder (/srv/ieg) read as this checkout."""
    line = read_unit(name)["Service"]["ExecStart"]
    argv = []
    for word in shlex.split(line):
        word = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], word)
        argv.append(word.replace(f"{INSTALLED_AT}/.venv/bin", str(VENV_BIN)).replace(INSTALLED_AT, str(ROOT)))
    return argv


# Mail --------------------------------------------------------------------------------------

class Mailbox:
    """An SMTP server on loopback (aiosmtpd) that keeps each message's Message-ID and subject."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.port = free_port()  # aiosmtpd checks it is up by connecting: a real port
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.received.append((message["Message-ID"], message["Subject"] or ""))
        return "250 OK"

    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def message_ids(self) -> Counter:
        with self.lock:
            return Counter(message_id for message_id, _ in self.received)

    def start(self) -> "Mailbox":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


# Processes ---------------------------------------------------------------------------------

class Process:
    """One of the cluster's processes, in a process group of its own so that kill -9 takes its
    workers with it, as a machine that dies does."""

    def __init__(self, name: str, unit: str, env: dict[str, str], log: Path) -> None:
        self.name, self.unit, self.env, self.log = name, unit, env, log
        self.popen: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> "Process":
        command = unit_command(self.unit, self.env)
        with open(self.log, "a") as out:
            self.popen = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                                          start_new_session=True)
        self.starts += 1
        return self

    def running(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.running():
            try:
                os.killpg(self.popen.pid, sig)
            except ProcessLookupError:
                pass
            self.popen.wait(30)

    def stop(self) -> None:
        """SIGTERM as systemd stops a unit, then SIGKILL if it lingers."""
        if self.running():
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


class WebNode(Process):
    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        super().__init__(name, "ieg-web.service", env, log)
        self.base = "http://" + env["IEG_WEB_BIND"]

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                raise AssertionError(f"{self.name} exited: {self.log.read_text()[-2000:]}")
            try:
                if requests.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError(f"{self.name} was not healthy within {timeout:.0f} s")


class Cluster:
    """The shared stores and the machines. `env(...)` is one machine's environment: the example
    env file's settings with this run's database, mail, address and its own instance folder."""

    def __init__(self, root: Path, database_url: str, mail_url: str, ratelimit_url: str = "") -> None:
        self.root, self.database_url, self.mail_url, self.ratelimit_url = root, database_url, mail_url, ratelimit_url
        self.processes: list[Process] = []

    def env(self, machine: str, **extra: str) -> dict[str, str]:
        instance = self.root / machine
        instance.mkdir(parents=True, exist_ok=True)
        # The example's placeholders (<...>) are what an install fills in: here, this run's values.
        settings = {k: v for k, v in read_env_file(DEPLOY / "ieg.env.example").items() if "<" not in v}
        settings.update(DATABASE_URL=self.database_url, SMTP_URL=self.mail_url, IEG_INSTANCE_PATH=str(instance),
                        IEG_NODE_NAME=machine, IEG_SCHEDULER_HEARTBEAT_SECONDS="2",
                        SECRET_KEY="cluster-test-secret-shared-by-every-machine", IEG_SECURE_COOKIES="0",
                        IEG_BASE_URL="http://127.0.0.1", IEG_WEB_WORKERS="1")
        settings["IEG_RATELIMIT_STORAGE_URI"] = self.ratelimit_url or "memory://"
        settings.update(extra)
        keep = {k: os.environ[k] for k in ("PATH", "LANG", "HOME", "TMPDIR") if k in os.environ}
        return {**keep, **unit_environment(read_unit("ieg-web.service")), **settings}

    def web(self, machine: str) -> WebNode:
        node = WebNode(machine, self.env(machine, IEG_WEB_BIND=f"127.0.0.1:{free_port()}"), self.root / f"{machine}.log")
        self.processes.append(node)
        return node

    def scheduler(self, machine: str) -> Process:
        # Every run logged (its start and end inside its job lock): job_runs reads them.
        process = Process(f"{machine}-scheduler", "ieg-scheduler.service", self.env(machine, IEG_LOG_EVERY_JOB_RUN="1"),
                          self.root / f"{machine}-scheduler.log")
        self.processes.append(process)
        return process

    def flask(self, machine: str, *args: str) -> subprocess.CompletedProcess:
        """A one-off command on a machine, as an operator runs it (`flask --app app ieg ...`)."""
        return subprocess.run([str(VENV_BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=self.env(machine),
                              capture_output=True, text=True, timeout=300)

    def close(self) -> None:
        for process in self.processes:
            process.kill()

    def log_tails(self, lines: int = 40) -> str:
        """The end of each process's log, for a failed test's report."""
        return "\n".join(f"--- {p.name} ---\n" + "\n".join(p.log.read_text().splitlines()[-lines:])
                         for p in self.processes if p.log.exists())


def _shown(response: requests.Response) -> str:
    """A failed answer's status and the start of its text, for the run's report."""
    return f"{response.status_code}: {' '.join(re.sub('<[^>]+>', ' ', response.text).split())[:200]}"


def _refused(error: requests.ConnectionError) -> bool:
    """The connection was never made (nothing listening), so the request never left."""
    seen, cause = set(), error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ConnectionRefusedError) or "Connection refused" in str(cause):
            return True
        cause = cause.__cause__ or cause.__context__ or (cause.args[0] if cause.args and
                                                         isinstance(cause.args[0], BaseException) else None)
    return False


# Load --------------------------------------------------------------------------------------

class Unavailable(Exception):
    pass


class Uncertain(Exception):
    """The request may have reached the app and done its work: the connection broke after it was
    sent, or the answer was an error."""


@dataclass
class Tally:
    ok: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    limited: Counter = field(default_factory=Counter)  # answered 429: the shared rate limits at work
    retried: int = 0
    references: dict[str, str] = field(default_factory=dict)  # submission key -> reference given
    abandoned: list[str] = field(default_factory=list)  # submission keys never answered
    replied: list[str] = field(default_factory=list)  # references a staff reply was queued for
    emails: dict[str, str] = field(default_factory=dict)  # reference -> the address given with it
    found_after: float | None = None  # seconds from the editor's publish to the page in the other node's search
    lock: threading.Lock = field(default_factory=threading.Lock)


class Load:
    """Mixed traffic for `seconds` through `nodes`, in threads: page views, searches, web-form
    submissions and tracking look-ups by residents (each from an address of their own, passed
    on by the balancer in X-Forwarded-For), and replies by a signed-in officer. A request that
    finds its node down, or gets a 5xx (the database restarting), is sent again to the next node
    for up to `patience` seconds, as a balancer with health checks and a resident pressing again
    would; a form is sent again with its submission key, so it is stored once."""

    def __init__(self, nodes: list[WebNode], *, pages: list[str], searches: list[str], form: str,
                 officer: tuple[str, str], to_reply: list[str], patience: float = 20.0,
                 publish: tuple["Draft", WebNode, WebNode] | None = None) -> None:
        self.nodes, self.pages, self.searches, self.form = nodes, pages, searches, form
        self.officer, self.to_reply, self.patience = officer, list(to_reply), patience
        self.publish = publish  # a page to publish through one node, then look for in another's search
        self.tally = Tally()
        self.turn = 0
        self.stop_at = 0.0

    # one request, through whichever node answers
    def send(self, http: requests.Session, method: str, path: str, *, client: str, repeatable: bool = True,
             via: WebNode | None = None, **kwargs) -> requests.Response:
        """`repeatable`: sending it twice does no harm (a page, a search, a web form with its
        submission key). Otherwise it is sent again only when it cannot have reached the app (the
        connection was refused); else Uncertain. Not even on a 503: a staff action's commit can
        succeed and the page after it fail (the database went away in between), and the error
        page still says nothing was saved. `via`: that node only, sent again to it."""
        deadline = time.monotonic() + self.patience
        first = True
        while True:
            self.turn += 1
            node = via or self.nodes[self.turn % len(self.nodes)]
            try:
                # Not repeatable: wait longer than gunicorn lets a request run (the unit's --timeout
                # 60), so that when we look, the request has finished or died with its worker; one
                # still running would leave the reply off the page and it would be sent twice.
                response = http.request(method, node.base + path, timeout=10 if repeatable else UNREPEATABLE_WAIT,
                                        allow_redirects=False, headers={"X-Forwarded-For": client}, **kwargs)
                if response.status_code < 500:
                    return response
                if not repeatable:
                    raise Uncertain(f"{method} {path}: {response.status_code}")
            except requests.ConnectionError as error:
                if not repeatable and not _refused(error):
                    raise Uncertain(f"{method} {path}: {error}") from None
            except requests.Timeout:
                if not repeatable:
                    raise Uncertain(f"{method} {path}: no answer") from None
            if time.monotonic() > deadline:
                raise Unavailable(f"{method} {path}")
            if not first:
                time.sleep(0.1)
            first = False
            with self.tally.lock:
                self.tally.retried += 1

    def _count(self, kind: str, ok: bool, detail: str = "") -> None:
        """Count an answer; a failure under its kind and `detail` (the status, say), for the report."""
        with self.tally.lock:
            if ok:
                self.tally.ok[kind] += 1
            elif detail.startswith("429"):
                self.tally.limited[kind] += 1
            else:
                self.tally.failed[f"{kind} {detail}".strip()] += 1

    def resident(self, number: int) -> None:
        rng = random.Random(number)
        http = requests.Session()
        kinds = ("page", "search", "form", "track", "page")
        turn = number
        while time.monotonic() < self.stop_at:
            client = f"198.51.100.{rng.randint(1, 254)}"
            kind = kinds[turn % len(kinds)]  # in turn, so that even a slow run does each kind
            turn += 1
            if kind == "track" and not self.tally.emails:
                kind = "form"  # nothing to track yet
            try:
                if kind == "page":
                    self._count(kind, self.send(http, "GET", rng.choice(self.pages), client=client).status_code == 200)
                elif kind == "search":
                    got = self.send(http, "GET", "/search", client=client, params={"q": rng.choice(self.searches)})
                    self._count(kind, got.status_code == 200)
                elif kind == "form":
                    self._submit(http, rng, client)
                else:
                    self._track(http, rng, client)
            except Unavailable as gone:
                self._count(kind, False, f"unavailable: {gone}")
            assert not http.cookies, "a public page set a cookie"

    def _submit(self, http: requests.Session, rng: random.Random, client: str) -> None:
        page = self.send(http, "GET", f"/forms/{self.form}", client=client)
        token, key = TOKEN.search(page.text).group(1), SUBMISSION.search(page.text).group(1)
        number = rng.randint(1000, 9999)
        data = {"csrf_token": token, "submission": key, "action": "submit", "name": f"Resident {number}",
                "email": f"resident.{number}@example.com", "question": f"When is my bin collected? ({key[:6]})"}
        try:
            done = self.send(http, "POST", f"/forms/{self.form}", client=client, data=data)
        except Unavailable:
            with self.tally.lock:
                self.tally.abandoned.append(key)
            raise
        found = REFERENCE.search(done.text) if done.status_code == 200 else None
        self._count("form", found is not None, _shown(done))
        if found:
            with self.tally.lock:
                self.tally.references[key] = found.group(0)
                self.tally.emails[found.group(0)] = data["email"]

    def _track(self, http: requests.Session, rng: random.Random, client: str) -> None:
        with self.tally.lock:
            known = list(self.tally.emails.items())
        if not known:
            return
        reference, email = rng.choice(known)
        page = self.send(http, "GET", "/track", client=client)
        got = self.send(http, "POST", "/track", client=client,
                        data={"csrf_token": TOKEN.search(page.text).group(1), "reference": reference, "email": email})
        self._count("track", got.status_code == 200 and reference in got.text, _shown(got))

    def _sign_in(self, http: requests.Session, client: str, user: tuple[str, str]) -> None:
        email, password = user
        page = self.send(http, "GET", "/login", client=client)
        signed_in = self.send(http, "POST", "/login", client=client, data={
            "email": email, "password": password, "csrf_token": TOKEN.search(page.text).group(1)})
        assert signed_in.status_code == 302, signed_in.text[:500]

    def staff(self) -> None:
        http = requests.Session()
        client = "192.0.2.10"
        self._sign_in(http, client, self.officer)
        while time.monotonic() < self.stop_at and self.to_reply:
            reference = self.to_reply.pop()
            text = f"Thank you: the crew will be there on Tuesday ({len(self.to_reply)})."
            try:
                ok = self._reply(http, client, reference, text)
            except Unavailable:
                ok = False
            self._count("reply", ok)
            if ok:
                with self.tally.lock:
                    self.tally.replied.append(reference)
            time.sleep(0.3)

    def _reply(self, http: requests.Session, client: str, reference: str, text: str) -> bool:
        """As an officer does: send the reply; when it is unclear whether it went (the machine died
        with it), look at the enquiry before sending it again."""
        for _ in range(5):
            page = self.send(http, "GET", f"/staff/enquiries/{reference}", client=client)
            if text in page.text:
                return True  # it went before the connection broke
            try:
                return self.send(http, "POST", f"/staff/enquiries/{reference}", client=client, repeatable=False, data={
                    "csrf_token": TOKEN.search(page.text).group(1), "action": "reply", "reply": text}).status_code == 302
            except Uncertain:
                with self.tally.lock:
                    self.tally.retried += 1
        return False

    def editor(self) -> None:
        """A publisher publishes the draft through one node, as the editing pages do (publishing
        it again would only be refused: repeatable); a resident then searches another node for it
        until it is found there."""
        draft, through, elsewhere = self.publish
        http, client = requests.Session(), "192.0.2.20"
        self._sign_in(http, client, draft.publisher)
        page = self.send(http, "GET", f"/edit/pages/{draft.page_id}", client=client, via=through)
        done = self.send(http, "POST", f"/edit/pages/{draft.page_id}/publish", client=client, via=through,
                         data={"csrf_token": TOKEN.search(page.text).group(1)})
        published = time.monotonic()
        self._count("publish", done.status_code == 302, _shown(done))
        resident = requests.Session()
        while time.monotonic() < self.stop_at:
            try:
                got = self.send(resident, "GET", "/search", client="198.51.100.200", via=elsewhere,
                                params={"q": draft.words})
            except Unavailable:
                continue
            if got.status_code == 200 and f">{draft.title}</a>" in got.text:
                with self.tally.lock:
                    self.tally.found_after = time.monotonic() - published
                return
            time.sleep(0.2)

    def finish(self, at_least_until: float, more: float = 2.0) -> None:
        """End the load `more` seconds from now, but not before `at_least_until` (monotonic)."""
        self.stop_at = max(at_least_until, time.monotonic() + more)

    def run(self, seconds: float = float("inf"), residents: int = 3) -> threading.Thread:
        """Start the load in the background, for `seconds` or until `finish`; join the returned
        thread to wait for its end."""
        self.stop_at = time.monotonic() + seconds
        threads = [threading.Thread(target=self.resident, args=(n,), daemon=True) for n in range(residents)]
        threads.append(threading.Thread(target=self.staff, daemon=True))
        if self.publish:
            threads.append(threading.Thread(target=self.editor, daemon=True))
        for thread in threads:
            thread.start()

        def wait() -> None:
            for thread in threads:
                thread.join()
        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        return waiter


# The council the cluster serves ---------------------------------------------------------------

PAGES = (  # (section, slug, title, body): what residents read and search for during the load
    ("waste-and-recycling", "bin-collection-days", "Bin collection days",
     "Your **bin collection** day depends on your street. Green bins are emptied every other week."),
    ("waste-and-recycling", "bulky-waste", "Bulky waste collections",
     "We collect furniture and large appliances for a charge. Book a bulky waste collection online."),
    ("planning", "planning-applications", "Planning applications",
     "Comment on a planning application within 21 days of the notice going up."),
)
DRAFT = ("waste-and-recycling", "garden-waste-subscriptions", "Garden waste subscriptions",
         "A brown bin for garden waste is emptied every other Friday, from March to November.")
OFFICER = "cluster.officer@staff.example.gov.uk"
PUBLISHER = "cluster.publisher@staff.example.gov.uk"
FORM = "general-enquiry"


@dataclass
class Draft:
    """A page submitted for review, waiting for its section's publisher."""
    page_id: int
    title: str  # a result's link text in search
    words: str  # what finds it in search
    publisher: tuple[str, str]


@dataclass
class Council:
    pages: list[str]
    officer: tuple[str, str]
    to_reply: list[str]  # email enquiries assigned to the officer, still without an answer
    draft: Draft


def prepare_council(database_url: str, instance: Path, year_size: int = 40) -> Council:
    """Migrate the database and load a small demo council into it, in this process: the demo's
    sections and people, its e-forms and casework (a smaller year: `year_size` enquiries), three
    published pages and one waiting for its publisher (DRAFT), an officer (of the tests' own,
    tests/factories.py) with the demo's unanswered email enquiries assigned to them, and the
    section's publisher."""
    from datetime import timedelta

    from flask_migrate import upgrade
    from sqlalchemy import select

    from ieg import demo
    from ieg.casework import handling
    from ieg.config import Council as CouncilConfig
    from ieg.content import pages
    from ieg.demo import casework as demo_casework, eforms as demo_forms
    from ieg.extensions import db
    from ieg.factory import create_app
    from ieg.models import Enquiry, Section, User
    from ieg.search import web as search_web
    from ieg.timeutil import utcnow
    from tests import factories

    app = create_app({"TESTING": True, "SECRET_KEY": "cluster-test-secret-shared-by-every-machine",
                      "INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": database_url,
                      "RATELIMIT_ENABLED": False})
    search_web.indexer_for(app).stop()  # each machine builds its own index (`flask ieg reindex`)
    now = utcnow()
    with app.app_context():
        upgrade()
        session = db.session
        demo.load(session, content=False)
        admin = session.scalar(select(User).where(User.email == "admin@ashdown.example.gov.uk"))
        demo_forms.load(session, admin, now - timedelta(days=400))
        size, demo_casework.YEAR_SIZE = demo_casework.YEAR_SIZE, year_size
        try:
            demo_casework.load(session, CouncilConfig.from_config(app.config), now, "ashdown.example.gov.uk")
        finally:
            demo_casework.YEAR_SIZE = size
        paths = []
        for slug, page_slug, title, body in PAGES:
            section = session.scalar(select(Section).where(Section.slug == slug))
            page = pages.create_page(session, section, admin, pages.PageInput(
                title=title, summary=f"{title}: how it works.", body_markdown=body, slug=page_slug), now)
            pages.submit(session, page, admin, now)
            pages.publish(session, page, admin, now)
            paths.append(f"/{slug}/{page_slug}")
        slug, page_slug, title, body = DRAFT
        draft = pages.create_page(session, session.scalar(select(Section).where(Section.slug == slug)), admin,
                                  pages.PageInput(title=title, summary=f"{title}: how it works.", body_markdown=body,
                                                  slug=page_slug), now)
        pages.submit(session, draft, admin, now)
        waiting_page = Draft(draft.id, title, "garden waste subscriptions",
                             (PUBLISHER, factories.PASSWORD))
        factories.make_user(session, PUBLISHER, name="Cluster Publisher", grants=((slug, "publisher"),))
        officer = factories.make_user(session, OFFICER, name="Cluster Officer", roles=("officer",),
                                      casework_section="waste-and-recycling")
        waiting = session.scalars(select(Enquiry).where(
            Enquiry.channel == "email", Enquiry.first_response_at.is_(None),
            Enquiry.status.in_(("open", "in_progress")), Enquiry.excluded_reason.is_(None))
            .order_by(Enquiry.id)).all()
        to_reply = []
        for enquiry in waiting:
            if enquiry.customer.email:
                handling.assign(session, enquiry, admin, officer, now)
                to_reply.append(enquiry.reference)
        session.commit()
        db.session.remove()
        db.engine.dispose()
    return Council(["/", "/waste-and-recycling/", *paths, "/forms/", "/track"], (OFFICER, factories.PASSWORD),
                   to_reply, waiting_page)


# What the tests check afterwards ----------------------------------------------------------------

def app_on(database_url: str, instance: Path):
    """An app in this process on a machine's database and instance folder, for reading what
    the machines left (its own search indexing stopped: it writes nothing)."""
    from ieg.factory import create_app
    from ieg.search import web as search_web

    app = create_app({"TESTING": True, "SECRET_KEY": "cluster-test-secret-shared-by-every-machine",
                      "INSTANCE_PATH": str(instance), "SQLALCHEMY_DATABASE_URI": database_url,
                      "RATELIMIT_ENABLED": False})
    search_web.indexer_for(app).stop()
    return app


def index_differences(database_url: str, instance: Path) -> dict[str, list[str]]:
    """How a machine's search index differs from what the database says it should hold:
    documents missing, stale (another stamp) or extra. Empty lists: it equals the database."""
    from ieg.extensions import db
    from ieg.search import documents
    from ieg.search import web as search_web

    app = app_on(database_url, instance)
    with app.app_context():
        expected = {doc.key: doc.stamp() for source in documents.sources() for doc in source.everything(db.session)}
        with search_web.indexer_for(app).ix.searcher() as searcher:
            indexed = {fields["key"]: fields.get("stamp") for fields in searcher.all_stored_fields()}
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
    return {"missing": sorted(expected.keys() - indexed.keys()), "extra": sorted(indexed.keys() - expected.keys()),
            "stale": sorted(k for k in expected.keys() & indexed.keys() if expected[k] != indexed[k])}


def r29_recount(session, start, end, now) -> tuple[int, int, int, int]:
    """R29's total (received, excluded, in time, breached) for email enquiries received in
    [start, end), counted again from the raw rows: each enquiry's first response is the earliest
    of its replies logged by staff and its emailed replies the outbox has sent, as the standard
    says, not the first_response_at the services keep."""
    from sqlalchemy import select

    from ieg.models import Enquiry, EnquiryEvent, OutboxMessage

    first: dict[int, object] = {}
    rows = session.execute(
        select(EnquiryEvent.enquiry_id, EnquiryEvent.at, EnquiryEvent.kind, OutboxMessage.status)
        .outerjoin(OutboxMessage, OutboxMessage.id == EnquiryEvent.outbox_message_id)
        .where(EnquiryEvent.kind.in_(("reply_out", "reply_logged"))))
    for enquiry_id, at, kind, status in rows:
        if kind == "reply_logged" or status == "sent":
            first[enquiry_id] = min(at, first.get(enquiry_id, at))
    received = excluded = in_time = breached = 0
    for enquiry_id, due, reason in session.execute(
            select(Enquiry.id, Enquiry.response_due_at, Enquiry.excluded_reason)
            .where(Enquiry.channel == "email", Enquiry.received_at >= start, Enquiry.received_at < end)):
        received += 1
        if reason:
            excluded += 1
        elif enquiry_id in first and due is not None:
            in_time += first[enquiry_id] <= due
            breached += first[enquiry_id] > due
        elif due is not None and due < now:
            breached += 1
    return received, excluded, in_time, breached


# A run's start and end inside its job lock (ieg.leadership.runs_log). Not APScheduler's "Running
# job" lines: every scheduler logs one for every tick, among them the election's each heartbeat
# (every scheduler takes part, in step when they started together), a non-leader's tick that does
# nothing and a tick still waiting for the job lock: none of them a run.
RUN_LINE = re.compile(r'^(\S+ \S+) scheduler INFO (\S+): run \d+ (started|ended)')


@dataclass
class JobRun:
    scheduler: str
    job: str
    started: str  # the log's "YYYY-MM-DD HH:MM:SS,mmm"
    finished: str | None  # None: the scheduler died during it


def job_runs(scheduler: Process) -> list[JobRun]:
    """Each job run a scheduler logged, from its start to its end."""
    runs, running = [], {}
    for line in scheduler.log.read_text().splitlines():
        found = RUN_LINE.match(line)
        if not found:
            continue
        at, job, what = found.groups()
        if what == "started":
            running[job] = JobRun(scheduler.name, job, at, None)
            runs.append(running[job])
        elif job in running:
            running.pop(job).finished = at
    return runs


def runs_at_once(schedulers: list[Process]) -> list[tuple[JobRun, JobRun]]:
    """Pairs of runs of one job on different schedulers that overlapped in time (a run cut short
    by its scheduler's death counts until that scheduler's last line)."""
    runs = []
    for scheduler in schedulers:
        lines = scheduler.log.read_text().splitlines()
        last = lines[-1][:23] if lines else ""
        runs += [JobRun(r.scheduler, r.job, r.started, r.finished or last) for r in job_runs(scheduler)]
    return [(one, other) for i, one in enumerate(runs) for other in runs[i + 1:]
            if one.job == other.job and one.scheduler != other.scheduler
            and one.started <= other.finished and other.started <= one.finished]

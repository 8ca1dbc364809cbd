"""Configuration: defaults, then the environment, then overrides passed to create_app.

Every setting a deployment may change is listed in SETTINGS with its environment
variable, so the README's configuration table and the code cannot drift apart
(tests/unit/test_config.py checks the README against this list).
"""
from __future__ import annotations

import os
import re
import secrets
import socket
from dataclasses import dataclass
from email.utils import parseaddr
from functools import lru_cache
from pathlib import Path

VERSION = "0.1.0"


@dataclass(frozen=True)
class Setting:
    env: str
    key: str
    default: object
    help: str
    kind: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", "SQLALCHEMY_DATABASE_URI", None,
            "PostgreSQL URL (postgresql://user:pass@host/db). Unset: SQLite in WAL mode at instance/ieg.sqlite3."),
    Setting("SECRET_KEY", "SECRET_KEY", None,
            "Signs sessions and tokens. Unset: generated once into instance/secret_key (mode 0600)."),
    Setting("IEG_INSTANCE_PATH", "INSTANCE_PATH", None,
            "Folder for the SQLite database, the generated secret key, the search index, uploads and demo mail. Default: ./instance."),
    Setting("IEG_SEARCH_INDEX_PATH", "SEARCH_INDEX_PATH", None,
            "Folder for the whoosh search index, shared by the web workers and the scheduler. Unset: instance/search."),
    Setting("IEG_COUNCIL_NAME", "COUNCIL_NAME", "Ashdown District Council",
            "The council's name, shown in the header, titles and metadata."),
    Setting("IEG_LOGO_TEXT", "LOGO_TEXT", None,
            "Text of the header logo link. Default: the council name."),
    Setting("IEG_COUNCIL_AREA", "COUNCIL_AREA", "Ashdown",
            "The council's area, used in e-GMS DCTERMS.spatial."),
    Setting("IEG_BRAND_COLOUR", "BRAND_COLOUR", "#1d4f76",
            "Header background colour (hex). Must give 4.5:1 contrast with IEG_BRAND_TEXT_COLOUR."),
    Setting("IEG_BRAND_TEXT_COLOUR", "BRAND_TEXT_COLOUR", "#ffffff",
            "Header text colour (hex)."),
    Setting("IEG_LINK_COLOUR", "LINK_COLOUR", "#1d70b8",
            "Link colour (hex). Must give 4.5:1 contrast with white."),
    Setting("IEG_CONTACT_EMAIL", "CONTACT_EMAIL", "customer.services@ashdown.example.gov.uk",
            "Public contact address, shown in the footer and the accessibility statement."),
    Setting("IEG_CONTACT_PHONE", "CONTACT_PHONE", "01632 960000",
            "Public contact telephone number."),
    Setting("IEG_CONTACT_ADDRESS", "CONTACT_ADDRESS", "Council Offices, High Street, Ashdown AS1 1AA",
            "The council's address for letters and visits, its lines separated by commas, on the contact page."),
    Setting("IEG_OFFICE_HOURS", "OFFICE_HOURS", "Monday to Friday, 9am to 4pm",
            "When residents can visit the council at that address, in words, on the contact page. "
            "Empty: the contact page offers no visits."),
    Setting("IEG_PAYMENTS_URL", "PAYMENTS_URL", None,
            "The council's online payments site (https://...), linked from /pay and the home page; IEG takes "
            "no payments itself. Unset: /pay tells residents how to pay by phone and by post."),
    Setting("SMTP_URL", "SMTP_URL", None,
            "Outgoing mail server: smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465. "
            "Unset: mail is written as .eml files under instance/mail/ and listed at /admin/outbox."),
    Setting("IEG_SMTP_TIMEOUT", "SMTP_TIMEOUT", 20,
            "Seconds to wait on the mail server for any one step of sending; a server that does not answer "
            "in time ends the outbox run, and the rest waits for the next (every 30 seconds).", int),
    Setting("IMAP_URL", "IMAP_URL", None,
            "The enquiries mailbox that `poll-mail` reads: imaps://user:pass@host:993/INBOX, or "
            "imap://user:pass@host:143/INBOX with STARTTLS (plain only to loopback). User and password "
            "percent-encoded. Unset: no polling."),
    Setting("IEG_IMAP_DONE_FOLDER", "IMAP_DONE_FOLDER", "",
            "IMAP folder that processed messages are moved to (created if missing). Unset: they are flagged as read "
            "and stay in the folder, and only unread messages are fetched."),
    Setting("IEG_MAIL_FROM", "MAIL_FROM", "Ashdown District Council <no-reply@ashdown.example.gov.uk>",
            "The From address of mail IEG sends."),
    Setting("IEG_BASE_URL", "BASE_URL", None,
            "The site's public address, for links in emails and exports (https://www.council.gov.uk). Required to "
            "serve under gunicorn or run the scheduler; `make run` sets it from HOST and PORT. Unset elsewhere: "
            "http://127.0.0.1:5000."),
    Setting("IEG_TIMEZONE", "TIMEZONE", "Europe/London",
            "The council's time zone. Times are stored in UTC and shown in this zone."),
    Setting("IEG_RATELIMIT_STORAGE_URI", "RATELIMIT_STORAGE_URI", "memory://",
            "Rate-limit counters (Flask-Limiter). memory:// is per process: with several web workers or machines use Redis: redis://host:6379/0, rediss://... or unix:///run/redis/redis.sock?db=0. While Redis is unreachable each process counts for itself."),
    Setting("IEG_LOGIN_MAX_FAILURES", "LOGIN_MAX_FAILURES", 5,
            "Failed sign-ins allowed per email address (and 4x that per IP address) in the window.", int),
    Setting("IEG_LOGIN_WINDOW_MINUTES", "LOGIN_WINDOW_MINUTES", 15,
            "Window for counting failed sign-ins; also how long a throttled address waits.", int),
    Setting("IEG_SESSION_HOURS", "SESSION_HOURS", 8,
            "Signed-in sessions end this many hours after sign-in, however busy.", int),
    Setting("IEG_SESSION_IDLE_MINUTES", "SESSION_IDLE_MINUTES", 30,
            "Signed-in sessions end after this many minutes without a request.", int),
    Setting("IEG_TRUSTED_PROXIES", "TRUSTED_PROXIES", 0,
            "How many reverse proxies in front of IEG set X-Forwarded-For/-Proto/-Host (1 behind nginx). "
            "Needed for HTTPS form checks and per-client limits; 0 trusts no such header.", int),
    Setting("IEG_PENDING_UPLOADS_MB", "PENDING_UPLOADS_MB", 500,
            "Room, in MB, for photos chosen on forms but not yet sent (kept up to 24 hours), all visitors together. "
            "A photo that would go over it is refused with a message; the rest of the form is kept.", int),
    Setting("IEG_PENDING_UPLOADS_PER_CLIENT_MB", "PENDING_UPLOADS_PER_CLIENT_MB", 30,
            "The same room for one client address (an IPv6 /64 counts as one). Raise it if many residents share "
            "one address, such as a library's public computers.", int),
    Setting("IEG_LOG_EVERY_JOB_RUN", "LOG_EVERY_JOB_RUN", False,
            "Set to 1 for the scheduler to log every job run at INFO. Unset: a run that did nothing (every figure in "
            "its report 0) is logged at DEBUG, so the log shows work done and problems.", bool),
    Setting("IEG_SECURE_COOKIES", "SESSION_COOKIE_SECURE", False,
            "Set to 1 behind HTTPS so the session cookie is only sent over HTTPS.", bool),
    Setting("IEG_OPEN311_JURISDICTION", "OPEN311_JURISDICTION", "",
            "Open311's jurisdiction_id. Set: a request naming another is refused (404). Unset: any is accepted."),
    Setting("IEG_OPEN311_KEY_RATE_LIMIT", "OPEN311_KEY_RATE_LIMIT", "120 per minute; 3000 per hour",
            "Open311 requests and updates one API key may post (Flask-Limiter's notation)."),
    Setting("IEG_OPEN311_READ_RATE_LIMIT", "OPEN311_READ_RATE_LIMIT", "120 per minute",
            "Open311 reads (services, requests, updates) one client address may make."),
    Setting("IEG_MAP_URL", "MAP_URL", "",
            "A map service's address for a place, with {lat} and {long} where the latitude and longitude go, like "
            "https://www.openstreetmap.org/?mlat={lat}&mlon={long}#map=18/{lat}/{long}. Set: the enquiry page links "
            "a problem's position to it. Unset: no link."),
    Setting("IEG_OPEN311_PUBLISH_WEB_REPORTS", "OPEN311_PUBLISH_WEB_REPORTS", False,
            "Set to 1 for Open311's GET requests to list problems reported on the council's own web forms too (their "
            "subject, place and position, never who reported them). Unset: only what came in through the API.", bool),
    Setting("IEG_USAGE_COUNTING", "USAGE_COUNTING", True,
            "Count public page views for the website statistics (R26), without cookies. Set to 0 to stop.", bool),
    Setting("IEG_FILE_STORE", "FILE_STORE", None,
            "Where uploaded files are kept: database (the default on PostgreSQL: every web node reads them) or folder (the default on SQLite). `flask ieg move-files --to ...` moves them."),
    Setting("IEG_UPLOADS_FOLDER", "UPLOADS_FOLDER", None,
            "With IEG_FILE_STORE=folder, a folder every web node mounts for uploaded files. Unset: instance/uploads (and instance/evidence)."),
    Setting("IEG_NODE_NAME", "NODE_NAME", None,
            "This machine's name among several web nodes: its search index's position in the change log is kept under "
            "it, and /healthz, /metrics and the scheduler's records name it. Unset: the host name and the instance folder."),
    Setting("IEG_SEARCH_FOLLOW_SECONDS", "SEARCH_FOLLOW_SECONDS", None,
            "How often a node looks for other nodes' changes to its search index, in seconds (0: never; a single "
            "machine needs not). Unset: 0.5 on PostgreSQL, 0 on SQLite.", float),
    Setting("IEG_SCHEDULER_HEARTBEAT_SECONDS", "SCHEDULER_HEARTBEAT_SECONDS", 5,
            "How often each scheduler checks or competes for the leadership, and the leader records that it is "
            "alive; a leader silent for 3 heartbeats and 5 seconds more is shown as gone.", int),
    Setting("IEG_SCHEDULER_JOBS", "SCHEDULER_JOBS", "all",
            "Which jobs the scheduler runs: all, or drill (only a do-nothing job every second, to try a failover)."),
    Setting("IEG_SCHEDULER_DRILL_MS", "SCHEDULER_DRILL_MS", 500,
            "How long, in milliseconds, each run of the drill job lasts.", int),
    Setting("IEG_METRICS_TOKEN", "METRICS_TOKEN", None,
            "Bearer token Prometheus sends to read /metrics (Authorization: Bearer ...). Unset: /metrics answers 404."),
)


DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"  # flask run's own address, for development only


def production_problem(cfg: dict) -> str | None:
    """Why a production process must not start, or None. Production is any process serving
    the site under gunicorn or running the scheduler, unless TESTING or debug (FLASK_DEBUG) is
    on: their links in email and exports reach residents and staff, so the site's address
    must be set, not guessed."""
    if (cfg.get("FILE_STORE") or "database").strip().lower() not in ("database", "folder"):
        return f"IEG_FILE_STORE is {cfg['FILE_STORE']!r}: set it to database or folder, or leave it unset."
    if cfg.get("TESTING") or cfg.get("DEBUG"):
        return None
    if not cfg.get("BASE_URL_SET"):
        return ("IEG_BASE_URL is not set: links in emails and exports would point at "
                f"{DEVELOPMENT_BASE_URL}. Set IEG_BASE_URL to the site's public address (for example "
                "https://www.council.gov.uk) and start again.")
    if not re.fullmatch(r"https?://[^/\s]+(/\S*)?", cfg["BASE_URL"]):
        return (f"IEG_BASE_URL is {cfg['BASE_URL']!r}: set it to the site's full public address, starting "
                "https:// (for example https://www.council.gov.uk).")
    return None


def _parse(setting: Setting, raw: str):
    if setting.kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if setting.kind is int:
        return int(raw)
    return raw


def database_url(raw: str) -> str:
    """Point PostgreSQL URLs at the psycopg 3 driver (hosting platforms hand out postgres://)."""
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def _instance_secret(instance_path: Path) -> str:
    """Read the secret key generated on first run, or generate it now.

    O_EXCL makes two processes starting together (web and scheduler) agree on one key.
    """
    path = instance_path / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key


def load(default_instance_path: str, overrides: dict | None = None, environ=None) -> dict:
    """Build the config mapping for one app. Pure except for the first-run secret key."""
    environ = os.environ if environ is None else environ
    overrides = dict(overrides or {})
    cfg: dict = {}
    for s in SETTINGS:
        cfg[s.key] = _parse(s, environ[s.env]) if environ.get(s.env) else s.default
    cfg.update(overrides)

    instance = Path(cfg["INSTANCE_PATH"] or default_instance_path)
    cfg["INSTANCE_PATH"] = str(instance)
    cfg["LOGO_TEXT"] = cfg["LOGO_TEXT"] or cfg["COUNCIL_NAME"]
    cfg["BASE_URL_SET"] = bool(cfg["BASE_URL"])
    cfg["BASE_URL"] = cfg["BASE_URL"] or DEVELOPMENT_BASE_URL
    # Two machines' processes may share a host (the tests', a staging box): the folder tells them apart.
    cfg["NODE_NAME"] = cfg["NODE_NAME"] or f"{socket.gethostname()}:{instance}"
    if cfg["SQLALCHEMY_DATABASE_URI"]:
        cfg["SQLALCHEMY_DATABASE_URI"] = database_url(cfg["SQLALCHEMY_DATABASE_URI"])
    else:
        cfg["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'ieg.sqlite3'}"
    if not cfg["SECRET_KEY"]:
        cfg["SECRET_KEY"] = _instance_secret(instance)

    cfg.setdefault("VERSION", VERSION)
    # A server can drop idle connections, so they are checked before use; a SQLite file
    # cannot, and the check would cost a query on every page view. The pool hands out the
    # connection given back last (LIFO): a SQLite connection's page cache survives only the
    # commits it made itself, and with the pool's default (FIFO) a web-form submission took
    # turns with the request's ORM connection, so each found the other's commit, dropped
    # its cache and read its ~50 pages again (a fifth of its SQL time).
    cfg.setdefault("SQLALCHEMY_ENGINE_OPTIONS",
                   {"pool_pre_ping": not cfg["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"), "pool_use_lifo": True})
    # Sessions: a cookie exists only once someone signs in (see ieg/security.py).
    cfg.setdefault("SESSION_COOKIE_NAME", "ieg_session")
    cfg.setdefault("SESSION_COOKIE_HTTPONLY", True)
    cfg.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    cfg.setdefault("REMEMBER_COOKIE_DURATION", 0)
    from datetime import timedelta
    cfg.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(hours=cfg["SESSION_HOURS"]))
    # Send the session cookie only when the session changed. Sent on every response, a request
    # that overlaps another (the editor's live preview or presence beat while a form is posted)
    # answers with the cookie as it stood before the other's flash message, losing it, or after
    # it was shown, showing it again. Idle and overall limits are kept on the server's session row.
    cfg.setdefault("SESSION_REFRESH_EACH_REQUEST", False)
    # Request size: uploads (multipart) may be large; plain form fields stay small,
    # so a 10 MB POST to /login is refused (413) before anything reads it.
    cfg.setdefault("MAX_CONTENT_LENGTH", 25 * 1024 * 1024)
    cfg.setdefault("MAX_FORM_MEMORY_SIZE", 500 * 1024)
    cfg.setdefault("MAX_FORM_BODY", 1024 * 1024)  # non-multipart requests (ieg/security.py)
    # CSRF: Flask-WTF checks every unsafe request centrally (ieg/security.py).
    cfg.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    cfg.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)
    cfg.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    cfg["RATELIMIT_STORAGE_URI"] = ratelimit_storage(cfg.get("RATELIMIT_STORAGE_URI") or "memory://")
    # Redis unreachable: each process counts for itself (and says so in the log) until it is
    # back, rather than refusing every rate-limited form: residents can still report problems,
    # one process still limits a flood, and sign-in throttling is counted in the database.
    cfg.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    cfg.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    return cfg


_REDIS_SCHEMES = {"unix": "redis+unix", "redis+unix": "redis+unix", "redis": "redis", "rediss": "rediss"}


def ratelimit_storage(raw: str) -> str:
    """Flask-Limiter's storage URI: memory:// or a Redis URL, redis://host:6379/0, rediss://
    (TLS) or unix:///run/redis/redis.sock?db=0 (what Redis's own clients write; the limits
    library spells it redis+unix://). ValueError for anything else."""
    scheme, sep, rest = raw.strip().partition("://")
    if raw.strip() == "memory://":
        return "memory://"
    if not sep or scheme.lower() not in _REDIS_SCHEMES or not rest:
        raise ValueError(f"IEG_RATELIMIT_STORAGE_URI must be memory:// or a Redis URL (redis://host:6379/0, "
                         f"rediss://..., unix:///path/to/redis.sock), not {raw!r}")
    return f"{_REDIS_SCHEMES[scheme.lower()]}://{rest}"


@dataclass(frozen=True)
class Council:
    """Who the council is, for what casework sends and shows: its name, address, mail
    domain, signing key and time zone, read from the configuration (`from_config`)."""
    name: str
    base_url: str
    mail_domain: str
    secret_key: str
    timezone: str = "Europe/London"
    standard: str = "We will reply within one working day of receiving your enquiry."

    @classmethod
    def from_config(cls, cfg) -> "Council":
        return cls(name=cfg["COUNCIL_NAME"], base_url=cfg["BASE_URL"], secret_key=cfg["SECRET_KEY"],
                   mail_domain=_mail_domain(cfg["MAIL_FROM"]), timezone=cfg["TIMEZONE"])


@lru_cache(maxsize=8)
def _mail_domain(mail_from: str) -> str:
    """"Council <no-reply@council.example>" -> "council.example", parsed once per process,
    not on every submission (email.utils.parseaddr takes some 30 microseconds)."""
    return parseaddr(mail_from)[1].partition("@")[2] or "localhost"

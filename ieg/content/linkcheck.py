"""Check external links and A-Z deep links: is the page still there, and is it still the service's page?

Standard library only. The scheduled job calls `check_urls` and stores the `LinkResult`s; `reason` is
shown to web editors, so it is plain English. A deep link that now lands on a home page counts as
broken: that is how council websites fail after a redesign (old addresses redirect to "/").
"""
from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

USER_AGENT = "IEG link checker (+council website)"
BODY_LIMIT = 64 * 1024  # enough to prove a GET works; never download whole pages or files
REDIRECTS = frozenset({301, 302, 303, 307, 308})
HEAD_REFUSED = frozenset({403, 405, 501})  # servers that reject or block HEAD but serve GET
HOME_PATHS = frozenset(
    {"", "/index.html", "/index.htm", "/index.php", "/default.aspx", "/home", "/home.aspx", "/en"}
)
_URL_SAFE = "!$%&'()*+,/:;=?@[]~"  # keep reserved characters and existing %-escapes; quote spaces, non-ASCII
_TLS = ssl.create_default_context()

Gate = Callable[[str], AbstractContextManager]


@dataclass(frozen=True)
class LinkResult:
    url: str  # exactly as given
    ok: bool
    status: int | None  # last HTTP status received, None if no answer
    final_url: str | None  # last address requested (after redirects), None if not checkable
    reason: str
    elapsed_ms: int  # time spent on the network, not waiting for a turn at a busy host


def is_home_page(url: str) -> bool:
    """True if the address is a site's front page ("/", "/index.html", "/en/", ...), query ignored."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return False
    return path.lower().rstrip("/") in HOME_PATHS


def check_url(
    url: str,
    *,
    deep_link: bool = False,
    timeout: float = 10.0,
    max_redirects: int = 5,
    user_agent: str = USER_AGENT,
) -> LinkResult:
    """Check one address, following up to `max_redirects` redirects. Never raises."""
    return _check(url, deep_link, timeout, max_redirects, user_agent, lambda host: nullcontext())


def check_urls(
    urls: Iterable[str],
    *,
    deep_links: Collection[str] = (),
    max_workers: int = 8,
    timeout: float = 10.0,
    per_host: int = 2,
) -> dict[str, LinkResult]:
    """Check many addresses in parallel, at most `per_host` requests in flight to any one host.

    Duplicates are checked once; every address given appears in the result, in first-seen order.
    """
    if max_workers < 1 or per_host < 1:
        raise ValueError("max_workers and per_host must be at least 1")
    unique = list(dict.fromkeys(urls))
    deep = set(deep_links)
    limits: dict[str, threading.BoundedSemaphore] = {}
    limits_lock = threading.Lock()

    def gate(host: str) -> threading.BoundedSemaphore:
        with limits_lock:
            return limits.setdefault(host, threading.BoundedSemaphore(per_host))

    def run(url: str) -> LinkResult:
        # _check already converts failures; this guard keeps one bad URL from losing the whole batch
        try:
            return _check(url, url in deep, timeout, 5, USER_AGENT, gate)
        except Exception as error:  # noqa: BLE001
            return LinkResult(url, False, None, None, _describe(error, timeout), 0)

    if not unique:
        return {}
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        futures = [pool.submit(run, url) for url in unique]
        return {url: future.result() for url, future in zip(unique, futures)}


def _check(
    url: str, deep_link: bool, timeout: float, max_redirects: int, user_agent: str, gate: Gate
) -> LinkResult:
    spent = 0.0

    def result(ok: bool, status: int | None, final_url: str | None, reason: str) -> LinkResult:
        return LinkResult(url, ok, status, final_url, reason, int(spent * 1000))

    original = current = url.strip() if isinstance(url, str) else ""
    if not _is_web_address(current):
        return result(False, None, None, "Not a web address")
    status: int | None = None
    try:
        for hop in range(max(max_redirects, 0) + 1):
            # the gate is per request, not per check, so a redirect to another host never holds two slots
            with gate(_host(current)):
                began = time.monotonic()
                try:
                    status, location = _fetch(current, timeout, user_agent)
                finally:
                    spent += time.monotonic() - began
            if status not in REDIRECTS or not location:
                break
            if hop == max_redirects:
                return result(False, status, current, "Too many redirects")
            target = urljoin(current, _redecode(location.strip()))
            if not _is_web_address(target):
                return result(False, status, current, f"Redirects to something that is not a web address ({target})")
            current = target
    except Exception as error:  # noqa: BLE001 - every failure becomes a result an editor can read
        return result(False, None, current, _describe(error, timeout))
    assert status is not None
    if not 200 <= status < 300:
        return result(False, status, current, _status_reason(status))
    if deep_link and is_home_page(current) and not is_home_page(original):
        return result(False, status, current, f"Redirects to the site's home page ({current})")
    return result(True, status, current, "OK")


def _fetch(url: str, timeout: float, user_agent: str) -> tuple[int, str | None]:
    """One hop: HEAD, falling back to GET when the server refuses or garbles HEAD."""
    try:
        status, location = _request(url, "HEAD", timeout, user_agent)
    except http.client.HTTPException:
        status, location = None, None
    if status is None or status in HEAD_REFUSED:
        return _request(url, "GET", timeout, user_agent)
    return status, location


def _request(url: str, method: str, timeout: float, user_agent: str) -> tuple[int, str | None]:
    parts = urlsplit(url)
    secure = parts.scheme == "https"
    # explicit port always: http.client would misparse a bare IPv6 host such as "::1"
    port = parts.port or (443 if secure else 80)
    # the timeout is the socket timeout, so it bounds the connect and every read
    connection: http.client.HTTPConnection = (
        http.client.HTTPSConnection(parts.hostname, port, timeout=timeout, context=_TLS)
        if secure
        else http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
    )
    target = quote(parts.path or "/", safe=_URL_SAFE)
    if parts.query:
        target += "?" + quote(parts.query, safe=_URL_SAFE)
    headers = {"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.8", "Connection": "close"}
    try:
        connection.request(method, target, headers=headers)
        response = connection.getresponse()
        if method == "GET":
            response.read(BODY_LIMIT)
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # raises ValueError for a port that is not a number or out of range
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _host(url: str) -> str:
    # by host name, not host:port: http and https on one council's server are the same server
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _redecode(location: str) -> str:
    # http.client decodes headers as Latin-1; servers that send raw UTF-8 addresses mean UTF-8
    try:
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def _status_reason(status: int) -> str:
    if status == 404:
        return "Page not found (404)"
    if status == 410:
        return "Page has been removed (410)"
    if status in (401, 403):
        return f"Access denied ({status})"
    if status == 429:
        return "Rate limited (429)"
    if status in REDIRECTS:
        return f"Redirect with no destination ({status})"
    if 500 <= status < 600:
        return f"Server error ({status})"
    if 400 <= status < 500:
        return f"Page not available ({status})"
    return f"Unexpected response ({status})"


def _describe(error: BaseException, timeout: float) -> str:
    if isinstance(error, TimeoutError):  # socket.timeout is TimeoutError
        unit = "second" if timeout == 1 else "seconds"
        return f"Timed out after {timeout:g} {unit}"
    if isinstance(error, socket.gaierror):
        return "Address not found"
    if isinstance(error, ConnectionRefusedError):
        return "Could not connect: connection refused"
    if isinstance(error, http.client.RemoteDisconnected):
        return "The server closed the connection without answering"
    if isinstance(error, ConnectionResetError):
        return "The server reset the connection"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"Security certificate problem: {error.verify_message or 'not trusted'}"
    if isinstance(error, ssl.SSLError):
        return "Secure connection failed"
    if isinstance(error, http.client.InvalidURL):  # e.g. a host name with control characters
        return "Not a web address"
    if isinstance(error, http.client.HTTPException):
        return "The server sent an invalid response"
    if isinstance(error, OSError):
        detail = str(error.strerror or error)
        return f"Could not connect: {detail[:1].lower()}{detail[1:]}"
    if isinstance(error, ValueError):  # bad port, host name that cannot be encoded, ...
        return "Not a web address"
    return f"Could not check this link ({type(error).__name__})"

"""Link checker against a local HTTP server started per test (the machine has no internet)."""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ieg.content import linkcheck
from ieg.content.linkcheck import LinkResult, check_url, check_urls, is_home_page

T = 2.0  # short timeout for routes that answer promptly


@dataclass
class State:
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)
    hits: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    methods: list[str] = field(default_factory=list)


class Handler(BaseHTTPRequestHandler):
    state: State  # set on a per-server subclass

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def do_HEAD(self) -> None:
        self.route()

    def do_GET(self) -> None:
        self.route()

    def reply(self, status: int, body: bytes = b"", location: str | None = None) -> None:
        self.send_response(status)
        if location is not None:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def route(self) -> None:
        path = self.path.split("?", 1)[0]
        state = self.state
        with state.lock:
            state.hits[path] = state.hits.get(path, 0) + 1
            state.methods.append(f"{self.command} {path}")
        host = f"http://127.0.0.1:{self.server.server_address[1]}"
        if path in ("/", "/page", "/dir/landing"):
            self.reply(200, b"<p>A page</p>")
        elif path == "/down":
            self.reply(503)
        elif path == "/busy":
            self.reply(429)
        elif path == "/moved":
            self.reply(301, location=f"{host}/page")
        elif path == "/service/old":
            self.reply(302, location="/")
        elif path == "/loop":
            self.reply(302, location="/loop")
        elif path == "/dir/start":
            self.reply(302, location="landing")  # relative to /dir/
        elif path == "/get-only":
            # HEAD refused; GET body far larger than the checker should read
            self.reply(405) if self.command == "HEAD" else self.reply(200, b"x" * 2_000_000)
        elif path == "/slow":
            state.stop.wait(3)
            self.reply(200)
        elif path == "/counted":
            with state.lock:
                state.in_flight += 1
                state.max_in_flight = max(state.max_in_flight, state.in_flight)
            time.sleep(0.05)
            with state.lock:
                state.in_flight -= 1
            self.reply(200)
        else:
            self.reply(404)


@pytest.fixture
def server() -> Iterator[tuple[str, State]]:
    state = State()
    handler = type("BoundHandler", (Handler,), {"state": state})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.handle_error = lambda request, address: None  # the checker closes big bodies early on purpose
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    finally:
        state.stop.set()  # release any /slow handler
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_page_that_exists_is_ok(server):
    base, _ = server
    result = check_url(f"{base}/page", timeout=T)
    assert result == LinkResult(f"{base}/page", True, 200, f"{base}/page", "OK", result.elapsed_ms)
    assert result.elapsed_ms >= 0


@pytest.mark.parametrize(
    ("path", "status", "reason"),
    [("/missing", 404, "Page not found (404)"), ("/down", 503, "Server error (503)"), ("/busy", 429, "Rate limited (429)")],
)
def test_error_statuses_are_broken_with_plain_reasons(server, path, status, reason):
    base, _ = server
    result = check_url(base + path, timeout=T)
    assert (result.ok, result.status, result.reason) == (False, status, reason)


def test_permanent_redirect_to_a_page_is_ok(server):
    base, _ = server
    result = check_url(f"{base}/moved", timeout=T)
    assert result.ok and result.status == 200
    assert result.final_url == f"{base}/page"


def test_deep_link_redirected_to_home_page_is_broken(server):
    base, _ = server
    result = check_url(f"{base}/service/old", deep_link=True, timeout=T)
    assert not result.ok
    assert result.status == 200
    assert result.final_url == f"{base}/"
    assert result.reason == f"Redirects to the site's home page ({base}/)"


def test_ordinary_link_redirected_to_home_page_is_ok(server):
    base, _ = server
    result = check_url(f"{base}/service/old", timeout=T)
    assert result.ok and result.final_url == f"{base}/"


def test_deep_link_that_is_the_home_page_is_ok(server):
    base, _ = server
    result = check_url(f"{base}/", deep_link=True, timeout=T)
    assert result.ok and result.reason == "OK"


def test_redirect_loop_is_bounded(server):
    base, state = server
    result = check_url(f"{base}/loop", timeout=T, max_redirects=3)
    assert (result.ok, result.status, result.reason) == (False, 302, "Too many redirects")
    assert state.hits["/loop"] == 4  # the first request and three redirects, then stop


def test_relative_location_is_resolved_against_the_current_address(server):
    base, _ = server
    result = check_url(f"{base}/dir/start", timeout=T)
    assert result.ok
    assert result.final_url == f"{base}/dir/landing"


def test_head_refused_falls_back_to_get(server):
    base, state = server
    started = time.monotonic()
    result = check_url(f"{base}/get-only", timeout=T)
    assert result.ok and result.status == 200
    assert state.methods == ["HEAD /get-only", "GET /get-only"]
    assert time.monotonic() - started < 1.5


def test_server_that_never_answers_times_out(server):
    base, _ = server
    started = time.monotonic()
    result = check_url(f"{base}/slow", timeout=0.5)
    took = time.monotonic() - started
    assert (result.ok, result.status, result.reason) == (False, None, "Timed out after 0.5 seconds")
    assert 0.4 < took < 1.5
    assert result.elapsed_ms < 1500


def test_connection_refused():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check_url(f"http://127.0.0.1:{port}/page", timeout=T)
    assert (result.ok, result.status, result.reason) == (False, None, "Could not connect: connection refused")


def test_unknown_host_is_address_not_found(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no DNS here; fail the lookup locally
    assert check_url("https://no-such-council.invalid/bins", timeout=T).reason == "Address not found"


@pytest.mark.parametrize(
    "url", ["mailto:clerk@parish.example", "tel:01234567890", "ftp://x.example/f", "/relative", "", "http://", "http://x:99999/"]
)
def test_only_web_addresses_are_checked(url):
    result = check_url(url, timeout=T)
    assert (result.ok, result.status, result.final_url, result.reason) == (False, None, None, "Not a web address")


@pytest.mark.parametrize(
    ("url", "home"),
    [
        ("https://x.example", True),
        ("https://x.example/", True),
        ("https://x.example/?utm_source=az", True),
        ("https://x.example/Default.aspx", True),
        ("https://x.example/index.php", True),
        ("https://x.example/en/", True),
        ("https://x.example/home", True),
        ("https://x.example/schools/admissions", False),
        ("https://x.example/english", False),
        ("https://x.example/homes-for-rent", False),
    ],
)
def test_is_home_page(url, home):
    assert is_home_page(url) is home


def test_check_urls_limits_requests_per_host_and_returns_every_result(server):
    base, state = server
    urls = [f"{base}/counted?n={n}" for n in range(20)]
    results = check_urls(urls, max_workers=8, per_host=2, timeout=T)
    assert list(results) == urls
    assert all(result.ok for result in results.values())
    assert state.hits["/counted"] == 20
    assert state.max_in_flight == 2  # parallel, but never more than per_host


def test_check_urls_without_a_tight_limit_goes_wider(server):
    # proves the in-flight measurement can see more than two, so the limit test above can fail
    base, state = server
    check_urls([f"{base}/counted?n={n}" for n in range(20)], max_workers=8, per_host=8, timeout=T)
    assert state.max_in_flight > 2


def test_check_urls_collapses_duplicates_and_applies_deep_links(server):
    base, state = server
    old, page = f"{base}/service/old", f"{base}/page"
    results = check_urls([page, old, page, "mailto:x@y.example", old], deep_links={old}, timeout=T)
    assert list(results) == [page, old, "mailto:x@y.example"]
    assert state.hits["/page"] == 1
    assert results[page].ok
    assert not results[old].ok and "home page" in results[old].reason
    assert results["mailto:x@y.example"].reason == "Not a web address"


def test_check_urls_never_raises(server, monkeypatch):
    base, _ = server
    real = linkcheck._check

    def explode_on_one(url, *args):
        if url.endswith("/boom"):
            raise RuntimeError("bug")
        return real(url, *args)

    monkeypatch.setattr(linkcheck, "_check", explode_on_one)
    results = check_urls([f"{base}/page", f"{base}/boom"], timeout=T)
    assert results[f"{base}/page"].ok
    assert results[f"{base}/boom"] == LinkResult(f"{base}/boom", False, None, None, "Could not check this link (RuntimeError)", 0)

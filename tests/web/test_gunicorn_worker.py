"""ieg.gunicorn_worker.SyncWorker, under a real gunicorn: a worker whose client has sent all
of its request goes on to the next connection at once, where gunicorn's own sync worker
waits (up to 2 s) for the client to close; a request whose body was left unread still gets
gunicorn's drain, and its client the whole response."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gunicorn.http.body import ChunkedReader, EOFReader, LengthReader

from ieg.gunicorn_worker import finished

ROOT = Path(__file__).resolve().parents[2]

APP = '''
def app(environ, start_response):
    if environ["PATH_INFO"] == "/refuse":  # as a too-large upload is refused: the body is never read
        status, body = "413 Request Entity Too Large", b"too large " * 2000
    else:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        status, body = "200 OK", b"read %d bytes" % len(environ["wsgi.input"].read(length) if length else b"")
    start_response(status, [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
'''


class _Request:
    def __init__(self, reader):
        self.body = type("Body", (), {"reader": reader})()


@pytest.fixture
def pair():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    with client, server:
        yield client, server


def test_finished_only_when_the_body_is_read_and_nothing_waits(pair):
    client, server = pair
    assert finished(_Request(LengthReader(None, 0)), server)  # read to its end (or Content-Length: 0)
    assert finished(_Request(EOFReader(None)), server)  # no Content-Length, not chunked: no body
    assert not finished(_Request(LengthReader(None, 10)), server)  # ten bytes of it unread
    assert not finished(_Request(ChunkedReader(None, None)), server)
    assert not finished(None, server)  # no request parsed
    client.sendall(b"GET / HTTP/1.1\r\n")  # a pipelined request already waiting
    time.sleep(0.05)
    assert not finished(_Request(LengthReader(None, 0)), server)
    assert server.recv(100)  # the peek left it there


def test_a_client_that_has_closed_is_finished(pair):
    client, server = pair
    client.close()
    time.sleep(0.05)
    assert finished(_Request(LengthReader(None, 0)), server)


@pytest.fixture
def serve(tmp_path):
    started = []

    def start(worker_class: str) -> tuple[str, int]:
        (tmp_path / "tiny_app.py").write_text(APP)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--chdir", str(tmp_path), "--pythonpath", str(ROOT),
             "--workers", "1", "--worker-class", worker_class, "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning", "tiny_app:app"])
        started.append(process)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return "127.0.0.1", port
            except OSError:
                time.sleep(0.05)
        raise AssertionError("gunicorn did not start")

    yield start
    for process in started:
        process.terminate()
        process.wait(10)


def _post(address, body: bytes, path: str = "/") -> socket.socket:
    connection = socket.create_connection(address, timeout=10)
    connection.sendall(b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s"
                       % (path.encode(), len(body), body))
    return connection


def _response(connection: socket.socket) -> bytes:
    """Everything the server sends before its end of the connection (FIN)."""
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize("worker_class, waits", [("ieg.gunicorn_worker.SyncWorker", False), ("sync", True)])
def test_the_next_client_is_served_without_waiting_for_the_last_to_close(serve, worker_class, waits):
    address = serve(worker_class)
    first = _post(address, b"x" * 5000)
    assert _response(first).endswith(b"read 5000 bytes")
    # The first client keeps its end open; the one worker has the second request to serve.
    started = time.monotonic()
    second = _post(address, b"y" * 10)
    assert _response(second).endswith(b"read 10 bytes")
    took = time.monotonic() - started
    first.close()
    second.close()
    if waits:
        assert took >= 1.5  # gunicorn's sync worker lingered on the first client (2 s at most)
    else:
        assert took < 1.0


def test_a_body_left_unread_still_gets_the_whole_response(serve):
    address = serve("ieg.gunicorn_worker.SyncWorker")
    connection = socket.create_connection(address, timeout=10)
    # Announces 200,000 bytes and sends 50,000 of them: the app answers without reading any.
    connection.sendall(b"POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 200000\r\n\r\n" + b"z" * 50000)
    response = _response(connection)
    connection.close()
    assert response.startswith(b"HTTP/1.1 413 ")
    assert response.endswith(b"too large " * 2000)


def test_a_body_still_arriving_is_drained_not_reset(serve):
    """The rest of a refused body arrives after the answer: the worker is still reading (and
    discarding) it, so the client's connection ends cleanly. Had it closed on answering, the
    late bytes would meet a reset, which on the way can cut off a response not yet read."""
    address = serve("ieg.gunicorn_worker.SyncWorker")
    connection = socket.create_connection(address, timeout=10)
    connection.sendall(b"POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 50000\r\n\r\n" + b"z" * 10000)
    assert _response(connection).startswith(b"HTTP/1.1 413 ")
    connection.sendall(b"z" * 40000)
    time.sleep(0.2)
    connection.sendall(b"z")  # after a reset: BrokenPipeError or ConnectionResetError
    connection.close()

"""/metrics (Prometheus, behind a bearer token) and /healthz's scheduler key over HTTP; and /metrics
under gunicorn, adding up its workers' counts (multiprocess mode)."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest

from ieg import leadership
from ieg.extensions import db
from ieg.mail import outbox
from ieg.timeutil import utcnow

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "scrape-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _value(text: str, name: str, labels: str = "") -> float:
    found = re.search(rf"^{re.escape(name)}{re.escape(labels)} (\S+)$", text, re.M)
    assert found, f"{name}{labels} not in the scrape"
    return float(found.group(1))


def test_metrics_need_the_token_and_count_requests_by_route(app_factory):
    closed = app_factory()
    assert closed.test_client().get("/metrics").status_code == 404  # no token configured: not there at all
    app = app_factory(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    refused = client.get("/metrics", headers={"Authorization": "Bearer nearly"})
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")

    with app.app_context():
        outbox.enqueue(db.session, to="jo@example.com", subject="Ack", body="Hi", now=utcnow() - timedelta(minutes=2),
                       sender_domain="ashdown.example.gov.uk", purpose="acknowledgement")
        db.session.commit()
    for path in ("/track/tok-ADC-00000042-X", "/track/tok-ADC-00000043-Y", "/no/such/page/jo@example.com"):
        client.get(path)
    scrape = client.get("/metrics", headers=AUTH)
    assert scrape.status_code == 200 and scrape.headers["Content-Type"].startswith("text/plain")
    assert "no-store" in scrape.headers["Cache-Control"] and "Set-Cookie" not in scrape.headers
    text = scrape.get_data(as_text=True)
    tracked = [line for line in text.splitlines() if line.startswith("ieg_http_requests_total") and "/track" in line]
    assert tracked and all('route="/track/<token>"' in line for line in tracked)  # the rule, never the path
    assert sum(float(line.rsplit(" ", 1)[1]) for line in tracked) == 2
    assert "ADC-00000042" not in text and "tok-" not in text and "jo@example.com" not in text
    assert re.search(r'^ieg_http_requests_total\{method="GET",route="/<slug>/<path:page_path>",status="404"\} 1.0$', text, re.M)
    assert 'ieg_http_request_duration_seconds_count{route="/track/<token>"} 2.0' in text
    assert _value(text, "ieg_outbox_pending") == 1
    assert 115 <= _value(text, "ieg_outbox_oldest_acknowledgement_seconds") <= 600
    assert _value(text, "ieg_enquiries_first_response", '{state="near"}') == 0
    assert _value(text, "ieg_scheduler_leader_known") == 0 and _value(text, "ieg_database_up") == 1
    assert "ieg_scheduler_leader{" not in text


def test_health_and_metrics_name_the_leading_scheduler(app_factory):
    app = app_factory(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    body = client.get("/healthz").json
    assert body["scheduler"] == "none" and body["status"] == "ok" and body["database"] == "ok"
    with app.app_context():
        leadership.record_leader(db.engine, "web-2", 4321, utcnow() - timedelta(seconds=3), became=True)
    body = client.get("/healthz").json
    assert body["scheduler"]["leader"] == "web-2" and 2.5 <= body["scheduler"]["heartbeat_seconds"] < 60
    assert "4321" not in str(body)
    text = client.get("/metrics", headers=AUTH).get_data(as_text=True)
    assert _value(text, "ieg_scheduler_leader", '{node="web-2"}') == 1
    assert _value(text, "ieg_scheduler_leader_known") == 1
    with app.app_context():  # its heartbeat stopped 3 heartbeats and 5 s ago (5 s heartbeats): gone
        leadership.record_leader(db.engine, "web-2", 4321, utcnow() - timedelta(seconds=21), became=True)
    assert client.get("/healthz").json["scheduler"] == "none"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_metrics_under_gunicorn_add_up_every_workers_counts(tmp_path, database):
    import urllib.request

    port = _free_port()
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "test", "IEG_INSTANCE_PATH": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{database}", "IEG_BASE_URL": f"http://127.0.0.1:{port}",
           "IEG_METRICS_TOKEN": TOKEN, "IEG_USAGE_COUNTING": "0"}
    (tmp_path / "prometheus").mkdir()
    (tmp_path / "prometheus" / "counter_99999.db").write_bytes(b"left by a run before")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:ieg.gunicorn_conf", "--workers", "2",
                                "--bind", f"127.0.0.1:{port}", "app:app"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        def get(path, headers=None):
            with urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                                               headers=headers or {}), timeout=10) as response:
                return response.read().decode()
        deadline = time.monotonic() + 90
        while True:
            try:
                get("/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise AssertionError("gunicorn did not start")
                time.sleep(0.2)
        def workers_counting():
            return {path.name.split("_")[-1] for path in (tmp_path / "prometheus").glob("*.db")}

        # New connections until both workers have taken some (on a loaded machine the second may
        # still be starting after the first has answered dozens).
        sent, deadline = 1, time.monotonic() + 60
        while sent < 41 or (len(workers_counting()) < 2 and time.monotonic() < deadline):
            get("/healthz")
            sent += 1
        assert not (tmp_path / "prometheus" / "counter_99999.db").exists()  # emptied as gunicorn started
        assert len(workers_counting()) == 2  # two workers
        text = get("/metrics", AUTH)
        assert _value(text, "ieg_http_requests_total", '{method="GET",route="/healthz",status="200"}') >= sent
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_on_sqlite_a_second_scheduler_is_refused_and_run_job_waits_for_no_running_job(app_factory):
    from ieg.leadership import FileLocks

    result = app_factory(SCHEDULER_JOBS="some").test_cli_runner().invoke(args=["ieg", "scheduler"])
    assert result.exit_code == 1 and "IEG_SCHEDULER_JOBS is 'some'" in result.output
    app = app_factory()
    held = FileLocks(app.config["INSTANCE_PATH"])
    assert held.try_lead()  # a scheduler already runs on this instance folder
    try:
        result = app.test_cli_runner().invoke(args=["ieg", "scheduler"])
        assert result.exit_code == 1 and "Another scheduler runs on this database" in result.output
        assert "Traceback" not in result.output
    finally:
        held.resign()
    with held.job("prune-sessions", wait=False):  # the scheduler is running it now
        result = app.test_cli_runner().invoke(args=["ieg", "run-job", "prune-sessions"])
        assert result.exit_code == 1 and "prune-sessions is running elsewhere now" in result.output
    result = app.test_cli_runner().invoke(args=["ieg", "run-job", "prune-sessions"])
    assert result.exit_code == 0 and "prune-sessions: removed 0 expired sessions" in result.output


def test_metrics_give_this_machines_search_lag(app_factory, council, monkeypatch):
    """Search changes not yet in this machine's index, and how long they have waited, until it follows."""
    from ieg import metrics
    from ieg.search import indexer
    from ieg.search.web import indexer_for
    from tests.conftest import add_page

    monkeypatch.setattr(metrics, "READ_EVERY", 0.0)  # read the database at each scrape
    app = app_factory(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    indexer_for(app).stop()  # this machine follows only when told to: a change waits in the log
    with app.app_context():
        indexer.follow(db.session, indexer_for(app).ix)
    assert _value(client.get("/metrics", headers=AUTH).get_data(as_text=True), "ieg_search_lag_entries") == 0
    add_page(app, "waste-and-recycling", "Bulky waste collections", state="published")
    time.sleep(0.2)
    lagging = client.get("/metrics", headers=AUTH).get_data(as_text=True)
    assert _value(lagging, "ieg_search_lag_entries") >= 1 and _value(lagging, "ieg_search_lag_seconds") > 0
    assert _value(lagging, "ieg_search_building") == 0
    with app.app_context():
        indexer.follow(db.session, indexer_for(app).ix)
    assert _value(client.get("/metrics", headers=AUTH).get_data(as_text=True), "ieg_search_lag_entries") == 0


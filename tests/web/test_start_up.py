"""Starting the processes that send links: gunicorn serving the site and the scheduler refuse
to start in production without IEG_BASE_URL (links would point at http://127.0.0.1:5000);
`make run` sets it from HOST and PORT; the scheduler's log keeps to runs that did something."""
from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from ieg.jobs import JOBS, idle
from tests.conftest import ROOT, make_app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(tmp_path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IEG_", "FLASK_")) and k != "SERVER_SOFTWARE"}
    return {**env, "IEG_INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "test-secret-key", **extra}


@pytest.mark.parametrize("preload, exit_code", [(False, 4), (True, 1)])
def test_gunicorn_refuses_to_serve_without_the_sites_address(tmp_path, preload, exit_code):
    command = [sys.executable, "-m", "gunicorn", "--chdir", str(ROOT), "--bind", f"127.0.0.1:{_free_port()}",
               "--workers", "1", *(["--preload"] if preload else []), "app:app"]
    ran = subprocess.run(command, env=_environment(tmp_path), capture_output=True, text=True, timeout=60)
    assert ran.returncode == exit_code
    assert "IEG_BASE_URL is not set: links in emails and exports would point at http://127.0.0.1:5000" in ran.stderr
    assert "Traceback" not in ran.stderr


def test_gunicorn_serves_once_the_address_is_set(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--chdir", str(ROOT), "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--log-level", "warning", "app:app"],
        env=_environment(tmp_path, IEG_BASE_URL="https://www.ashdown.example.gov.uk"))
    try:
        deadline = time.monotonic() + 90  # a loaded machine can take long to import the app
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/dist/ieg.css", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert process.poll() is None, "gunicorn stopped"
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(10)


def _production_app(tmp_path, database, **overrides):
    return make_app(tmp_path, database, TESTING=False, **overrides)


def test_the_scheduler_refuses_to_start_without_the_sites_address(tmp_path, database, one_round):
    app = _production_app(tmp_path, database)
    result = app.test_cli_runner().invoke(args=["ieg", "scheduler"])
    assert result.exit_code == 1
    assert "Error: IEG_BASE_URL is not set" in result.output and "Traceback" not in result.output
    app = _production_app(tmp_path, database, BASE_URL="www.ashdown.example.gov.uk")
    result = app.test_cli_runner().invoke(args=["ieg", "scheduler"])
    assert result.exit_code == 1 and "starting https://" in result.output


@pytest.fixture
def one_round(monkeypatch):
    """The scheduler runs each of its jobs once instead of forever."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    def start(scheduler):
        for job in scheduler.get_jobs():
            job.func()
    monkeypatch.setattr(BlockingScheduler, "start", start)


@pytest.mark.parametrize("every_run", [False, True])
def test_the_scheduler_logs_only_runs_that_did_something(tmp_path, database, one_round, caplog, every_run):
    from ieg.extensions import db
    from ieg.mail import outbox
    from ieg.timeutil import utcnow

    app = _production_app(tmp_path, database, BASE_URL="http://127.0.0.1:5123", LOG_EVERY_JOB_RUN=every_run)
    with app.app_context():  # one message to send; nothing else to do in an empty database
        outbox.enqueue(db.session, to="jo@example.com", subject="Hello", body="Hi", now=utcnow(),
                       sender_domain="ashdown.example.gov.uk")
        db.session.commit()
    caplog.set_level(logging.DEBUG)
    assert app.test_cli_runner().invoke(args=["ieg", "scheduler"]).exit_code == 0
    runs = {r.getMessage().split(":", 1)[0]: (r.levelno, r.getMessage()) for r in caplog.records
            if r.name == "ieg.scheduler" and r.getMessage().split(":", 1)[0] in JOBS}
    assert set(runs) == set(JOBS)
    assert runs["send-outbox"] == (logging.INFO, "send-outbox: sent 1, will retry 0, failed for good 0")
    # Even an empty database has the built-in forms and fixed pages for search to index and check.
    # ...and the search log entries the setup made, passed by the node, are pruned.
    busy = {"send-outbox", "search-sync", "search-check", "search-prune"}
    assert all(runs[name][0] == logging.INFO for name in busy)
    assert {name: level for name, (level, _) in runs.items() if name not in busy} == {
        name: logging.INFO if every_run else logging.DEBUG for name in JOBS if name not in busy}
    apscheduler_info = [r for r in caplog.records if r.name.startswith("apscheduler") and r.levelno == logging.INFO
                        and logging.getLogger(r.name).isEnabledFor(logging.INFO)]
    assert bool(apscheduler_info) == every_run


@pytest.mark.parametrize("report, quiet", [
    ("sent 0, will retry 0, failed for good 0", True), ("IMAP_URL not set", True),
    ("indexed 0, removed 0 (0 logged changes)", True), ("sent 1, will retry 0, failed for good 0", False),
    ("88 documents checked; added 0; updated 0; removed 0", False),
    ("outside working hours: alerts wait for the next opening", True)])
def test_idle_reports(report, quiet):
    assert idle(report) is quiet


@pytest.mark.parametrize("environment, address", [({}, "http://127.0.0.1:5123"),
                                                  ({"IEG_BASE_URL": "https://www.ashdown.example.gov.uk"},
                                                   "https://www.ashdown.example.gov.uk")])
def test_make_run_gives_its_processes_the_address_they_serve_at(environment, address):
    env = {k: v for k, v in os.environ.items() if k != "IEG_BASE_URL"} | environment
    planned = subprocess.run(["make", "-n", "run", "PORT=5123"], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True).stdout
    assert f"IEG_BASE_URL='{address}' .venv/bin/flask --app app ieg demo" in planned
    assert f"export IEG_BASE_URL='{address}'; .venv/bin/flask --app app ieg scheduler &" in planned
    assert f"IEG demo: {address}/" in planned

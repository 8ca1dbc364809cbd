"""gunicorn settings for IEG's web machines: `gunicorn -c python:ieg.gunicorn_conf app:app`.

Prometheus' multiprocess mode (ieg/metrics.py): each worker writes its counts to files in
PROMETHEUS_MULTIPROC_DIR, by default `<instance folder>/prometheus`, emptied as gunicorn starts (a
previous run's dead workers would count again); a worker that exits has its files marked so its
gauges go (its counters still add up). The variable is set in the master before any worker imports
prometheus-client, which reads it then.
"""
from __future__ import annotations

import gc
import os
from pathlib import Path

worker_class = "ieg.gunicorn_worker.SyncWorker"


def metrics_folder(environ=os.environ) -> Path:
    if environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return Path(environ["PROMETHEUS_MULTIPROC_DIR"])
    instance = environ.get("IEG_INSTANCE_PATH") or Path(__file__).resolve().parent.parent / "instance"
    return Path(instance) / "prometheus"


def on_starting(server) -> None:
    folder = metrics_folder()
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker) -> None:
    """Move everything the worker loaded at start (modules, the app, compiled templates and URL
    rules: about 300,000 objects) out of the collector's sight. A full collection otherwise walks
    them all: on the Open311 benchmark one took 265 ms, in the middle of a page of requests.json
    (median 75 ms). What requests make is still collected."""
    gc.freeze()

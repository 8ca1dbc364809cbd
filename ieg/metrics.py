"""Prometheus metrics for /metrics: requests and their latency by route, and the state of the site read
from the database when scraped (the outbox, the R29 clock, the scheduler's leader).

Under gunicorn each worker is a process of its own: with PROMETHEUS_MULTIPROC_DIR set (by
`ieg/gunicorn_conf.py`, in the instance folder, emptied when gunicorn starts) prometheus-client keeps
each process's counts in files there, and a scrape answered by any worker adds them all up; gunicorn's
`child_exit` hook marks a dead worker's files. Without it (flask run, the tests) the counts are the
process's own.

Labels are the route's rule (`/track/<reference>`), never the path a client asked for: nothing
personal, and a bounded number of series. The database readings are cached for READ_EVERY seconds per
process, as the balancer's and Prometheus' scrapes may come every few seconds.

Other code adds a reading by appending a `Reading` to READINGS (from `ieg/hooks.py`).
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from flask import Flask, Response, current_app, request

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
READ_EVERY = 10.0  # seconds
NO_ROUTE = "(no route)"  # a 404 for an address no rule matched: one series for them all


@dataclass(frozen=True)
class Reading:
    """A gauge read from the database at scrape time: `read(session, now, config)` gives its value,
    or with `labels`, a mapping from label values to values."""
    name: str
    help: str
    read: Callable
    labels: tuple[str, ...] = ()


def _outbox_depth(session, now, cfg):
    from ieg.mail import outbox
    return outbox.pending_count(session)


def _oldest_acknowledgement(session, now, cfg):
    from ieg.mail import outbox
    return outbox.oldest_pending_age(session, now, "acknowledgement")


def _responses(session, now, cfg):
    from ieg.casework import deadline_alerts
    near, overdue = deadline_alerts.near_and_overdue_responses(session, now, cfg["TIMEZONE"])
    return {("near",): near, ("overdue",): overdue}


def _leader(session, now, cfg):
    from ieg import leadership
    leader = leadership.current_leader(session, now, leadership.stale_after(cfg["SCHEDULER_HEARTBEAT_SECONDS"]))
    return {(leader.node,): 1} if leader else {}


def _leader_known(session, now, cfg):
    return 1 if _leader(session, now, cfg) else 0


def _heartbeat_age(session, now, cfg):
    from ieg import leadership
    leader = leadership.current_leader(session, now, float("inf"))
    return leader.age(now) if leader else float("nan")


READINGS: list[Reading] = [
    Reading("ieg_outbox_pending", "Email messages waiting in the outbox", _outbox_depth),
    Reading("ieg_outbox_oldest_acknowledgement_seconds",
            "How long the oldest acknowledgement still waiting to be sent has waited (0: none waits)",
            _oldest_acknowledgement),
    Reading("ieg_enquiries_first_response",
            "Enquiries waiting for their first response (R29): near (under 2 working hours left) or overdue",
            _responses, ("state",)),
    Reading("ieg_scheduler_leader_known", "1 when a scheduler leads and its heartbeat is fresh, else 0",
            _leader_known),
    Reading("ieg_scheduler_leader", "The scheduler leading, by node (1)", _leader, ("node",)),
    Reading("ieg_scheduler_heartbeat_age_seconds", "Seconds since the last leader's last heartbeat",
            _heartbeat_age),
]


class _Readings:
    """The READINGS as a prometheus-client collector, read within the app at most every READ_EVERY s."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._kept: tuple[float, list] | None = None
        self._lock = threading.Lock()

    def _read(self) -> list:
        from ieg.extensions import db
        from ieg.timeutil import utcnow

        values = []
        with self.app.app_context():
            now, cfg = utcnow(), self.app.config
            try:
                for reading in READINGS:
                    values.append((reading, reading.read(db.session, now, cfg)))
                db.session.rollback()
                values.append((Reading("ieg_database_up", "1 when the database answered the last reading", None), 1))
            except Exception as exc:  # the database is down: say so, and the rest is unknown
                db.session.rollback()
                self.app.logger.warning("metrics: database unavailable: %s", str(exc).splitlines()[0])
                values = [(Reading("ieg_database_up", "1 when the database answered the last reading", None), 0)]
        return values

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        with self._lock:
            kept = self._kept
            if kept is None or time.monotonic() - kept[0] >= READ_EVERY:
                kept = self._kept = (time.monotonic(), self._read())
        for reading, value in kept[1]:
            family = GaugeMetricFamily(reading.name, reading.help, labels=list(reading.labels) or None)
            if reading.labels:
                for labels, number in value.items():
                    family.add_metric(list(labels), float(number))
            else:
                family.add_metric([], float(value))
            yield family


def register(app: Flask) -> None:
    """Count every request by route and time it (from the moment the WSGI app is called, so a page
    the page cache answers is timed too), when METRICS_TOKEN is set."""
    if "ieg_metrics" in app.extensions or not app.config.get("METRICS_TOKEN"):
        return  # without a token nobody may read them: nothing counted, prometheus-client not even loaded
    from prometheus_client import CollectorRegistry, Counter, Histogram

    multiprocess = bool(os.environ.get(MULTIPROC_ENV))
    own = None if multiprocess else CollectorRegistry()  # in multiprocess mode the files are the registry
    requests = Counter("ieg_http_requests", "HTTP requests answered, by route, method and status",
                       ["route", "method", "status"], registry=own)
    latency = Histogram("ieg_http_request_duration_seconds", "Time to answer a request, by route", ["route"],
                        registry=own, buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10))
    app.extensions["ieg_metrics"] = (own, _Readings(app))

    inner = app.wsgi_app

    def timed(environ, start_response):
        environ["ieg.metrics.started"] = time.perf_counter()
        return inner(environ, start_response)
    app.wsgi_app = timed

    @app.after_request
    def count_request(response: Response) -> Response:
        route = request.url_rule.rule if request.url_rule is not None else NO_ROUTE
        requests.labels(route, request.method, str(response.status_code)).inc()
        started = request.environ.get("ieg.metrics.started")
        if started is not None:
            latency.labels(route).observe(time.perf_counter() - started)
        return response


def exposition() -> tuple[bytes, str]:
    """The metrics as Prometheus' text format, and its content type."""
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    own, readings = current_app.extensions["ieg_metrics"]
    if own is None:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        registry.register(_Own(own))
    registry.register(readings)
    return generate_latest(registry), CONTENT_TYPE_LATEST


class _Own:
    """A process's own registry, as one collector of a scrape's registry."""

    def __init__(self, registry) -> None:
        self.registry = registry

    def collect(self):
        return self.registry.collect()

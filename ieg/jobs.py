"""Scheduled jobs: plain functions taking `now`, idempotent, run by `flask ieg scheduler`.

Each job is registered with its trigger; `flask ieg run-job NAME` runs one once.
The scheduler is its own process (never inside web workers), DESIGN.md section 4.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from ieg.extensions import db


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[datetime], str]
    trigger: dict  # APScheduler trigger arguments
    description: str


def prune_login_attempts(now: datetime) -> str:
    """Forget sign-in attempts older than the throttle window."""
    from flask import current_app
    from datetime import timedelta
    from ieg.people.accounts import ThrottlePolicy, prune_login_attempts as prune

    cfg = current_app.config
    policy = ThrottlePolicy(cfg["LOGIN_MAX_FAILURES"], timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"]))
    removed = prune(db.session, now, policy)
    db.session.commit()
    return f"removed {removed} expired sign-in attempts"


JOBS: dict[str, Job] = {job.name: job for job in (
    Job("prune-login-attempts", prune_login_attempts, {"trigger": "interval", "minutes": 15},
        "Delete sign-in attempts older than the throttle window"),
)}

"""The scheduler's leader and its job runs, for /healthz, /metrics and proof that no job ran twice at once.

Only the scheduler holding the leadership lock writes `scheduler_leader` (one row, id 1); every run of a
job, by whichever scheduler ran it, is a row of `job_runs`.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ieg.extensions import db
from ieg.models.types import UTCDateTime


class SchedulerLeader(db.Model):
    __tablename__ = "scheduler_leader"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1: there is one leader
    node: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JobRun(db.Model):
    __tablename__ = "job_runs"
    __table_args__ = (Index("ix_job_runs_job_started", "job", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(80))
    node: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "ok", "failed" or "" while running (or if the process died mid-run); the job's report beside it.
    result: Mapped[str] = mapped_column(String(16), default="")
    report: Mapped[str] = mapped_column(Text, default="")

"""Scheduled jobs: plain functions taking `now`, idempotent, run by `flask ieg scheduler`.

Each job is registered with its trigger; `flask ieg run-job NAME` runs one once.
The scheduler is its own process, never inside web workers: a job must run once however many
web workers there are. Several schedulers (one per machine) elect one leader that runs the jobs
(ieg/leadership.py); a job with `leader_only` False is a machine's own duty (files in its
instance folder), run by every scheduler.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from flask import current_app

from ieg.extensions import db
from ieg.timeutil import to_local


def idle(report: str) -> bool:
    """A run that did nothing: every figure in its report is 0 ("sent 0, will retry 0, failed
    for good 0"), or it has none ("IMAP_URL not set"). The scheduler logs those at DEBUG."""
    return all(int(figure) == 0 for figure in re.findall(r"\d+", str(report)))


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[datetime], str]
    trigger: dict  # APScheduler trigger arguments
    description: str
    leader_only: bool = True


def prune_login_attempts(now: datetime) -> str:
    """Forget sign-in attempts older than the throttle window."""
    from ieg.people.accounts import ThrottlePolicy, prune_login_attempts as prune

    cfg = current_app.config
    policy = ThrottlePolicy(cfg["LOGIN_MAX_FAILURES"], timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"]))
    removed = prune(db.session, now, policy)
    db.session.commit()
    return f"removed {removed} expired sign-in attempts"


def prune_sessions(now: datetime) -> str:
    """Forget signed-in sessions that have ended by themselves (idle, or too old)."""
    from ieg.people import sessions
    from ieg.security import session_limits

    removed = sessions.prune(db.session, now, session_limits(current_app.config))
    db.session.commit()
    return f"removed {removed} expired sessions"


def send_outbox(now: datetime) -> str:
    from ieg.mail.outbox import send_due
    from ieg.mail.transport import transport_for

    counts = send_due(db.session, transport_for(current_app.config), sender=current_app.config["MAIL_FROM"], now=now)
    report = f"sent {counts['sent']}, will retry {counts['retry']}, failed for good {counts['failed']}"
    if "stopped" in counts:
        report += f"; stopped ({counts['stopped']}), {counts['left']} left for the next run"
    return report


def publish_scheduled(now: datetime) -> str:
    from ieg.content import notify, pages
    from ieg.models import Page

    due_ids = [p.id for p in db.session.query(Page).filter(Page.publish_at.is_not(None), Page.publish_at <= now)]
    held: list = []
    published, unpublished = pages.run_schedule(db.session, now, held)
    mailer = notify.Mailer.from_config(current_app.config)
    for page_id in due_ids:
        page = db.session.get(Page, page_id)
        if page.status == "published":
            notify.published(db.session, mailer, page, None, now)
    for page, reason in held:
        notify.not_published(db.session, mailer, page, reason, now)
    db.session.commit()
    return f"published {published}, unpublished {unpublished}" + (
        f", held back {len(held)} (their publishers are told why)" if held else "")


def review_reminders(now: datetime) -> str:
    from ieg.content import notify

    today = to_local(now, current_app.config["TIMEZONE"]).date()
    sent = notify.review_reminders(db.session, notify.Mailer.from_config(current_app.config), today, now)
    db.session.commit()
    return f"sent reminders for {sent} pages"


def check_links(now: datetime) -> str:
    from ieg.content import links

    counts = links.check_all(db.session, now)
    db.session.commit()
    return f"checked {counts['links']} links, {counts['broken']} broken"


def search_sync(now: datetime) -> str:
    """Bring the scheduler's own node's index up to the change log (each web node follows
    the log itself: the scheduler cannot reach other machines' indexes)."""
    from ieg.search import indexer
    from ieg.search import web as search_web

    worker = search_web.indexer_for(current_app)
    done = indexer.follow(db.session, worker.ix, node=worker.node, now=now)
    built = f"built with {done.built} documents; " if done.built is not None else ""
    return f"{built}indexed {done.written}, removed {done.removed} ({done.rows} logged changes)"


def search_check(now: datetime) -> str:
    """Compare this node's search index with the database and repair any difference."""
    from ieg.search import indexer
    from ieg.search import web as search_web

    return indexer.check(db.session, search_web.indexer_for(current_app).ix).summary()


def search_prune(now: datetime) -> str:
    """Delete change-log entries every node has passed (and any older than a week)."""
    from ieg.search import changelog

    deleted = changelog.prune(db.session, now)
    db.session.commit()
    return f"pruned {deleted} search log entries"


def fill_deadlines(now: datetime) -> str:
    """Give enquiries from before the standards existed (an upgraded database) their deadlines."""
    from ieg.casework import standards

    filled = standards.fill_missing(db.session, current_app.config["TIMEZONE"])
    db.session.commit()
    return f"deadlines computed for {filled} enquiries"


def standards_alerts(now: datetime) -> str:
    """Email service queues and officers about enquiries near or past their deadlines, in
    working hours only (ieg/casework/deadline_alerts.py)."""
    from ieg.casework import deadline_alerts
    from ieg.config import Council

    cfg = current_app.config
    sent = deadline_alerts.send(db.session, now, Council.from_config(cfg), fallback=cfg["CONTACT_EMAIL"])
    db.session.commit()
    return str(sent)


def poll_mail(now: datetime) -> str:
    """Take in new messages from the enquiries mailbox (IMAP_URL), when there is one."""
    import logging

    from ieg.casework import mailbox

    if not current_app.config.get("IMAP_URL"):
        return "IMAP_URL not set"
    try:
        summary = mailbox.poll_configured(db.session, current_app.config, now)
    except mailbox.MailboxError as exc:
        logging.getLogger("ieg.mail").warning("poll-mail: %s", exc)  # one line, no traceback; next run retries
        return f"mailbox unavailable: {exc}"
    return str(summary)


def clear_pending_uploads(now: datetime) -> str:
    """Delete photos chosen on a form but never sent (kept for pending_uploads.KEEP)."""
    from ieg import files_store
    from ieg.casework import pending_uploads

    removed = pending_uploads.remove_older_than(files_store.current(), now - pending_uploads.KEEP)
    db.session.commit()
    return f"removed {removed} photos chosen on forms but not sent"


def _participation_mailing():
    from ieg.config import Council
    from ieg.participation.consultations import Mailing
    from ieg.participation.signing import Links

    council = Council.from_config(current_app.config)
    return Mailing(Links(council.base_url, council.secret_key), council.name, council.mail_domain, council.timezone)


def _raise_alerts(raise_them, now: datetime) -> str:
    """An area's alerts to its followers (`raise_them(session, now, mailing)`), committed."""
    raised = raise_them(db.session, now, _participation_mailing())
    db.session.commit()
    return f"raised {raised} alerts"


def consultation_status(now: datetime) -> str:
    """Open and close consultations on their dates, alerting followers when one opens."""
    from ieg.participation import consultations

    moved = consultations.refresh(db.session, now, _participation_mailing())
    db.session.commit()
    return f"opened {moved['open']}, closed {moved['closed']}"


def alert_digests(now: datetime) -> str:
    """Send weekly subscribers whose week is up one email with what happened on their topics."""
    from ieg.participation import alerts

    mailing = _participation_mailing()
    done = alerts.send_digests(db.session, now, links=mailing.links, council=mailing.council,
                               sender_domain=mailing.sender_domain)
    db.session.commit()
    return f"queued {done['digests']} digests for {done['subscribers']} subscribers due"


def section_updates(now: datetime) -> str:
    """Alert a section's followers to pages it has published."""
    from ieg.participation import section_updates as updates

    return _raise_alerts(updates.alert_publications, now)


def send_webhooks(now: datetime) -> str:
    """Queue what happened to enquiries for their case types' back offices, then post what is due."""
    from ieg.config import Council
    from ieg.open311 import outbound

    queued = outbound.queue_events(db.session, now, Council.from_config(current_app.config))
    db.session.commit()
    counts = outbound.deliver_due(db.session, now)
    return (f"queued {queued}, delivered {counts['delivered']}, will retry {counts['retry']}, "
            f"failed for good {counts['failed']}")


def usage_aggregate(now: datetime) -> str:
    """Add the web processes' spooled page views to the usage aggregates (R26)."""
    from ieg.usage import aggregate, spool

    summary = aggregate.run(db.session, spool.folder(current_app.config["INSTANCE_PATH"]), now,
                            current_app.config["TIMEZONE"])
    db.session.commit()
    for path in summary.done:  # only after the commit: see ieg/usage/spool.py
        path.unlink(missing_ok=True)
    return str(summary)


def meetings_diary(now: datetime) -> str:
    """The diary's roll forward: documents whose time has come are published; agendas now
    overdue are counted for the log (democratic services see them flagged)."""
    from ieg.democracy import meetings

    published = meetings.publish_due(db.session, now)
    overdue = meetings.overdue_agendas(db.session, now, to_local(now, current_app.config["TIMEZONE"]).date())
    db.session.commit()
    return f"published {published} meeting documents; {overdue} agendas overdue"


def meetings_alerts(now: datetime) -> str:
    """Alert followers of a committee or ward to agendas, minutes and decisions published."""
    from ieg.democracy import alerts

    return _raise_alerts(alerts.alert_meetings, now)


def vacancies_close(now: datetime) -> str:
    """Close vacancies past their closing date (the public lists already leave them out by date)."""
    from ieg.whatson import vacancies

    closed = vacancies.close_past(db.session, now)
    db.session.commit()
    return f"closed {closed} vacancies"


def events_alerts(now: datetime) -> str:
    """Alert followers of a category to new events in it."""
    from ieg.whatson import alerts

    return _raise_alerts(alerts.alert_new_events, now)


def news_alerts(now: datetime) -> str:
    """Alert followers of news to articles first published since the last run."""
    from ieg.news import alerts

    return _raise_alerts(alerts.alert_new_articles, now)


def directory_staleness(now: datetime) -> str:
    """Remind groups to confirm entries at 12 and 13 months; unpublish at 14, with notice (each once)."""
    from ieg.config import Council
    from ieg.directory import entries

    council = Council.from_config(current_app.config)
    run = entries.run_staleness(db.session, now, entries.Mailing(council.base_url, council.name, council.mail_domain))
    db.session.commit()
    return str(run)


def prune_job_runs(now: datetime) -> str:
    from ieg.leadership import prune_runs

    removed = prune_runs(db.session, now)
    db.session.commit()
    return f"forgot {removed} job runs"


def fold_report_tallies(now: datetime) -> str:
    """Move the changes the enquiries' triggers wrote into the R29 and R28 tallies."""
    from ieg.evidence import tallies

    moved = 0
    while True:  # in batches, each its own short transaction
        batch = tallies.fold(db.session)
        db.session.commit()
        moved += batch
        if batch < tallies.FOLD_BATCH:
            return f"folded {moved} changes into the report tallies"


def check_report_tallies(now: datetime) -> str:
    """Recount R29 and R28 from the enquiries; if the tallies differ (only a write with the
    triggers off could do that), log each difference and rebuild them."""
    import logging

    from ieg.evidence import tallies

    problems = tallies.check(db.session)
    if not problems:
        db.session.rollback()
        return "report tallies agree with the enquiries: 0 differences"
    for problem in problems:
        logging.getLogger(__name__).error("report tallies: %s", problem)
    tallies.rebuild(db.session)
    db.session.commit()
    return f"report tallies differed from the enquiries in {len(problems)} places: rebuilt"


JOBS: dict[str, Job] = {job.name: job for job in (
    Job("prune-login-attempts", prune_login_attempts, {"trigger": "interval", "minutes": 15},
        "Delete sign-in attempts older than the throttle window"),
    Job("prune-sessions", prune_sessions, {"trigger": "interval", "minutes": 15},
        "Delete signed-in sessions that have expired (idle or too old)"),
    Job("send-outbox", send_outbox, {"trigger": "interval", "seconds": 30},
        "Send queued email, retrying failures with back-off"),
    Job("publish-scheduled", publish_scheduled, {"trigger": "interval", "minutes": 1},
        "Publish and unpublish pages at their scheduled times"),
    Job("review-reminders", review_reminders, {"trigger": "cron", "hour": 7, "minute": 30},
        "Remind section editors of pages due for review (14 days ahead, on the day, overdue)"),
    Job("check-links", check_links, {"trigger": "cron", "hour": 2, "minute": 15},
        "Check every external link in live pages and every A-Z deep link"),
    Job("fill-deadlines", fill_deadlines, {"trigger": "interval", "minutes": 10},
        "Compute the standards' deadlines for enquiries that have none (from before the standards existed)"),
    Job("standards-alerts", standards_alerts, {"trigger": "interval", "minutes": 15},
        "Email service queues and officers about enquiries near or past their deadlines (working hours only)"),
    Job("poll-mail", poll_mail, {"trigger": "interval", "minutes": 2},
        "Take in new email from the enquiries mailbox over IMAP (IMAP_URL)"),
    Job("search-sync", search_sync, {"trigger": "interval", "seconds": 30},
        "Bring this machine's search index up to the change log (each web node follows it too)", leader_only=False),
    Job("search-check", search_check, {"trigger": "cron", "hour": 3, "minute": 0},
        "Check this machine's search index against the database and repair differences", leader_only=False),
    Job("clear-pending-uploads", clear_pending_uploads, {"trigger": "interval", "hours": 1},
        "Delete photos chosen on forms but not sent within 24 hours (this machine's)", leader_only=False),
    Job("consultation-status", consultation_status, {"trigger": "interval", "minutes": 1},
        "Open and close consultations on their dates; alert followers when one opens"),
    Job("alert-digests", alert_digests, {"trigger": "interval", "hours": 1},
        "Queue weekly alert digests for subscribers whose week is up"),
    Job("section-updates", section_updates, {"trigger": "interval", "minutes": 5},
        "Alert followers of a section to pages it has published"),
    Job("send-webhooks", send_webhooks, {"trigger": "interval", "seconds": 30},
        "Tell back-office systems what happened to their case types' enquiries (signed, retried with back-off)"),
    # Every machine's scheduler adds its own web processes' spool; the job lock keeps two
    # machines' runs from adding to the same rows at once.
    Job("usage-aggregate", usage_aggregate, {"trigger": "interval", "minutes": 1},
        "Add this machine's spooled page views to the website usage figures; close ended months' unique browsers",
        leader_only=False),
    Job("meetings-diary", meetings_diary, {"trigger": "interval", "minutes": 15},
        "Publish meeting documents whose time has come; count agendas past their five-clear-days deadline"),
    Job("meetings-alerts", meetings_alerts, {"trigger": "interval", "minutes": 5},
        "Alert followers of a committee or ward to agendas, minutes and decisions published"),
    # Hourly rather than once at midnight: idempotent, and a missed run is made up within the hour.
    Job("vacancies-close", vacancies_close, {"trigger": "cron", "minute": 5},
        "Close vacancies whose closing date has passed, taking them out of site search"),
    Job("events-alerts", events_alerts, {"trigger": "interval", "minutes": 5},
        "Alert followers of a category to new events in it"),
    Job("news-alerts", news_alerts, {"trigger": "interval", "minutes": 5},
        "Alert followers of news to articles first published (once each)"),
    Job("directory-staleness", directory_staleness, {"trigger": "cron", "hour": 8, "minute": 0},
        "Remind community groups to confirm their directory entries (12 and 13 months); unpublish at 14"),
    Job("search-prune", search_prune, {"trigger": "cron", "hour": 3, "minute": 30},
        "Delete search change-log entries every web node has passed"),
    Job("prune-job-runs", prune_job_runs, {"trigger": "cron", "hour": 4, "minute": 20},
        "Forget the scheduler's record of job runs older than 14 days"),
    Job("fold-report-tallies", fold_report_tallies, {"trigger": "interval", "minutes": 1},
        "Add the latest changes to enquiries into the R29 and R28 report tallies"),
    Job("check-report-tallies", check_report_tallies, {"trigger": "cron", "hour": 4, "minute": 40},
        "Recount R29 and R28 from the enquiries and repair the tallies if they differ"),
)}


def drill(now: datetime) -> str:
    """A job that does nothing for SCHEDULER_DRILL_MS milliseconds: run every second instead of the real
    jobs (IEG_SCHEDULER_JOBS=drill) to try a failover, and by the tests that prove one."""
    import time

    time.sleep(current_app.config["SCHEDULER_DRILL_MS"] / 1000)
    return "drill done"


DRILL_JOBS: dict[str, Job] = {"drill": Job("drill", drill, {"trigger": "interval", "seconds": 1},
                                           "Do nothing for a moment, every second (a failover drill)")}


def scheduled(config) -> dict[str, Job]:
    """The jobs this scheduler runs: every job, or the drill's alone."""
    choice = config["SCHEDULER_JOBS"]
    if choice not in ("all", "drill"):
        raise ValueError(f"IEG_SCHEDULER_JOBS is {choice!r}: set it to all (or drill, to try a failover)")
    return DRILL_JOBS if choice == "drill" else JOBS

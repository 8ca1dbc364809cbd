"""Participation at scale, on SQLite:

1. The immediate alert for one consultation to 20,000 confirmed subscribers: one call of
   `consultations.conclude` (the outcome alert), timed to its commit. Target: queued in <= 5 s.
2. Acknowledgements still leave within their 15-minute standard: an acknowledgement queued after
   the 20,000 alerts is sent by the very next `send-outbox` run (100 messages a run, every 30 s),
   because mail to one person goes first; the run prints which run sent it and when.
3. Responses accepted per second under gunicorn (2 sync workers, as production), with wrk posting
   complete responses (answers, about you, consent) to an open consultation. Target: >= 200/s.
   Afterwards the stored responses are counted against the confirmation pages wrk saw.

Run: .venv/bin/python bench/bench_participation.py [--subscribers 20000] [--seconds 10] [--rounds 3]
Needs wrk (Debian package). The rate limit on responses is off for the load test, as in bench_intake.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402  (bench/: --database)

SCRIPT = """
sent, confirmed, other = 0, 0, 0
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function request()
  sent = sent + 1
  local body = "action=submit&csrf_token=%(token)s&mill_lane_needs_traffic_calming=Agree" ..
    "&which_measure_do_you_prefer=Both&anything_else=Keep+the+bus+route+clear&respondent_type=resident" ..
    "&postcode=AS1+4MB&publish=anonymous&satisfaction=4&name=&email=&organisation="
  return wrk.format("POST", "/consultations/%(slug)s/respond",
    {["Content-Type"] = "application/x-www-form-urlencoded", ["Origin"] = "%(origin)s"}, body)
end
function response(status, headers, body)
  if status == 200 and body:find("CON-", 1, true) then confirmed = confirmed + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local s, c, o = 0, 0, 0
  for _, t in ipairs(threads) do s, c, o = s + t:get("sent"), c + t:get("confirmed"), o + t:get("other") end
  io.write(string.format("ieg-responses sent %%d confirmed %%d other %%d\\n", s, c, o))
end
"""


class Recorder:
    """A transport that takes every message at once (the bench is about the queue, not SMTP)."""
    def __init__(self):
        self.sent = []

    def connect(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send(self, email):
        self.sent.append(email["Subject"])


def build(folder: Path, subscribers: int):
    from flask_migrate import upgrade
    from sqlalchemy import insert, select

    from ieg import demo
    from ieg.content import pages
    from ieg.extensions import db
    from ieg.factory import create_app
    from ieg.models import Section, Subscriber, Subscription, User
    from ieg.participation import consultations, surveys
    from ieg.participation.consultations import ConsultationInput
    from ieg.timeutil import utcnow

    database = folder / "bench.sqlite3"
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
    now = utcnow()
    with app.app_context():
        upgrade()
        demo.load(db.session, content=False)
        session = db.session
        roads = session.scalar(select(Section).where(Section.slug == "roads-and-transport"))
        admin = session.scalar(select(User).where(User.email.like("admin@%")))
        made = []
        for title, hours in (("Mill Lane traffic calming", 1), ("Station parking zone", 2)):
            c = consultations.create(session, admin, now - timedelta(days=3), roads, ConsultationInput(
                title=title, summary=title, background="## Why\n\nSee the [roads pages](/roads-and-transport/).\n",
                opens_at=now - timedelta(days=2), closes_at=now + timedelta(hours=hours)))
            for data in (surveys.QuestionInput("scale", "Mill Lane needs traffic calming"),
                         surveys.QuestionInput("one_choice", "Which measure do you prefer?",
                                               options="Speed tables\nA 20 mph limit\nBoth\nNeither"),
                         surveys.QuestionInput("long_text", "Anything else?", required=False)):
                consultations.save_question(session, c, None, data)
            pages.submit(session, c.page, admin, now)
            pages.publish(session, c.page, admin, now)
            made.append(c)
        consultations.refresh(session, now)
        session.execute(insert(Subscriber), [{"email": f"s{i}@example.org", "key": f"bench-key-{i:06d}",
                                               "frequency": "immediate", "confirmed_at": now, "created_at": now}
                                              for i in range(subscribers)])
        ids = session.scalars(select(Subscriber.id)).all()
        session.execute(insert(Subscription), [{"subscriber_id": i, "kind": "section", "key": "roads-and-transport"}
                                               for i in ids])
        session.commit()
        return app, database, made[0].slug, made[1].id


def alert_and_acknowledgement(app, consultation_id: int) -> None:
    from ieg.config import Council
    from ieg.extensions import db
    from ieg.mail import outbox
    from ieg.models import Consultation, User
    from ieg.participation import consultations
    from ieg.participation.consultations import Mailing
    from ieg.participation.signing import Links
    from ieg.timeutil import utcnow
    from sqlalchemy import func, select

    from ieg.models import OutboxMessage

    council = Council.from_config(app.config)
    mailing = Mailing(Links(council.base_url, council.secret_key), council.name, council.mail_domain)
    with app.app_context():
        session = db.session
        c = session.get(Consultation, consultation_id)
        admin = session.scalar(select(User).where(User.email.like("admin@%")))
        now = utcnow()
        consultations.close_now(session, admin, now, c)
        consultations.save_outcome(session, admin, now, c, "Most agreed.", "## What we did\n\nWe agreed.\n")
        from ieg.content import pages
        pages.submit(session, c.outcome_page, admin, now)
        pages.publish(session, c.outcome_page, admin, now)
        session.commit()
        started = time.perf_counter()
        consultations.conclude(session, admin, utcnow(), c, mailing)
        session.commit()
        queued_in = time.perf_counter() - started
        alerts = session.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.purpose == "alert"))
        print(f"immediate alert: {alerts:,} messages queued in {queued_in:.2f} s, committed (target: <= 5 s)")

        at = utcnow()
        outbox.enqueue(session, to="resident@example.org", subject="Your enquiry ENQ-BENCH", body="Thanks", now=at,
                       sender_domain=council.mail_domain, purpose="acknowledgement")
        session.commit()
        transport, run = Recorder(), 0
        while "Your enquiry ENQ-BENCH" not in transport.sent:
            run += 1
            outbox.send_due(session, transport, sender="Bench <no-reply@bench.example>", now=at)
        print(f"acknowledgement queued behind {alerts:,} alerts: sent by send-outbox run {run} "
              f"(position {transport.sent.index('Your enquiry ENQ-BENCH') + 1} in it); runs are 30 s apart, "
              f"so it left within {30 * run} s of being queued (standard: 15 minutes)")


def responses_under_gunicorn(folder: Path, database: Path, slug: str, args) -> None:
    from bench_cms import serve
    from bench_intake import workers_of

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    os.environ["PYTHONPATH"] = str(ROOT)  # gunicorn runs from bench/: this checkout's ieg, whichever checkout it is
    os.environ.setdefault("IEG_BASE_URL", f"http://127.0.0.1:{port}")
    server = serve(folder, port, args.workers, False)
    origin = f"http://127.0.0.1:{port}"
    try:
        page = urllib.request.urlopen(f"{origin}/consultations/{slug}/respond").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        script = folder / "respond.lua"
        script.write_text(SCRIPT % {"token": token, "origin": origin, "slug": slug})
        rates = []
        for number in range(args.rounds):
            before = _count(database, "SELECT count(*) FROM consultation_responses")
            output = subprocess.run(["wrk", "-t1", "-c8", f"-d{args.seconds}s", "--latency", "-s", str(script),
                                     f"{origin}/consultations/{slug}/respond"],
                                    capture_output=True, text=True, check=True).stdout
            made = _count(database, "SELECT count(*) FROM consultation_responses") - before
            rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
            p99 = re.search(r"^\s*99%\s+(\S+)", output, re.MULTILINE).group(1)
            sent, confirmed, other = map(int, re.search(r"ieg-responses sent (\d+) confirmed (\d+) other (\d+)",
                                                        output).groups())
            print(f"round {number + 1}: {rate:.0f} responses/s, p99 {p99}; {confirmed} confirmation pages, "
                  f"{other} other; {made} responses stored")
            if other or not confirmed <= made <= sent:
                raise SystemExit(f"responses do not match: sent {sent}, confirmed {confirmed}, stored {made}")
            rates.append(rate)
        rates.sort()
        print(f"median {rates[len(rates) // 2]:.0f} responses/s (target: >= 200), gunicorn {len(workers_of(server.pid))} "
              f"sync workers, wrk 1 thread 8 connections, {os.cpu_count()} cores shared with the machine")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def _count(path: Path, sql: str) -> int:
    return databases.scalar(databases.url(path.parent, path.name), sql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=20000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian package wrk)")
    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-participation-"))
    try:
        app, database, open_slug, closing_id = build(folder, args.subscribers)
        alert_and_acknowledgement(app, closing_id)
        with app.app_context():
            from ieg.extensions import db
            db.engine.dispose()
        responses_under_gunicorn(folder, database, open_slug, args)
    finally:
        from ieg.search.web import indexer_for
        if "app" in locals():
            indexer_for(app).stop()  # its thread must not outlive the folder
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

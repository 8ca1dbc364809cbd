"""Open311 under load, on SQLite:

1. POST requests.json under gunicorn (2 sync workers, ieg.gunicorn_worker), driven by wrk:
   requests taken in per second (target 200/s), each an enquiry on the api channel.
2. The same POSTs in process through the Flask test client, one at a time: milliseconds and CPU
   milliseconds per request, the app's own cost, which other load on the machine disturbs less.
3. GET requests.json for 90 days of a busy council (50,000 Open311 requests), paged by 1,000
   (`page`), timed in process with the test client: milliseconds per page (target 100 ms).

Run: .venv/bin/python bench/bench_open311.py [--seconds 10] [--rounds 2] [--posts 500] [--requests 50000]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402  (bench/: --database)

SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
sent, made, other = 0, 0, 0
function request()
  sent = sent + 1
  local body = "api_key=%(key)s&jurisdiction_id=ashdown&service_code=graffiti&lat=51.06&long=0.158" ..
    "&description=Tags+on+the+bus+shelter+" .. id .. "-" .. sent .. "&attribute%%5Boffensive%%5D=no" ..
    "&email=resident-%(run)s-" .. id .. "-" .. sent .. "%%40example.com&first_name=Bench&last_name=Resident"
  return wrk.format("POST", "/open311/v2/requests.json",
    {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
function response(status, headers, body)
  if status == 200 and body:find("service_request_id", 1, true) then made = made + 1 else
    other = other + 1
    if not first_other then first_other = status .. " " .. body:sub(1, 200) end
  end
end
function done(summary, latency, requests)
  local m, o = 0, 0
  for _, thread in ipairs(threads) do m, o = m + thread:get("made"), o + thread:get("other") end
  io.write(string.format("open311 made %%d other %%d\\n", m, o))
  for _, thread in ipairs(threads) do
    local first = thread:get("first_other")
    if first then io.write("open311 first other: " .. first .. "\\n") end
  end
end
"""


def _count(path: Path, sql: str) -> int:
    return databases.scalar(databases.url(path.parent, path.name), sql)


def prepare(folder: Path) -> str:
    """The migrated database with the demo's people and standards, graffiti offered, a key."""
    from flask_migrate import upgrade

    from ieg import demo
    from ieg.extensions import db
    from ieg.factory import create_app
    from tests.open311_support import api_key, offer

    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
                      "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
    with app.app_context():
        upgrade()
        demo.load(db.session, content=False)
        offer(db.session)
        key = api_key(db.session, "Bench client")
        db.session.commit()
        db.engine.dispose()
    return key


def post_rate(args, folder: Path, key: str) -> None:
    from bench_cms import serve

    database = folder / "bench.sqlite3"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = serve(folder, port, 2, False)
    before = _count(database, "SELECT count(*) FROM open311_requests")
    rates = []
    try:
        for number in range(args.rounds):
            script = folder / f"post-{number}.lua"
            script.write_text(SCRIPT % {"key": key, "run": f"{os.getpid()}-{number}"})
            output = subprocess.run(["wrk", "-t1", "-c8", f"-d{args.seconds}s", "--latency", "-s", str(script),
                                     f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
            made = int(re.search(r"open311 made (\d+)", output).group(1))
            other = int(re.search(r"other (\d+)", output).group(1))
            p99 = re.search(r"^\s*99%\s+(\S+)", output, re.MULTILINE).group(1)
            rates.append(made / args.seconds)
            print(f"POST requests.json round {number + 1}: {made / args.seconds:.0f} requests/s, p99 {p99}, "
                  f"{other} other responses")
            for line in re.findall(r"open311 first other: .*", output):
                print("  " + line)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    stored = _count(database, "SELECT count(*) FROM open311_requests") - before
    print(f"POST requests.json: best {max(rates):.0f}/s (target 200/s); {stored} requests stored, "
          f"{_count(database, 'SELECT count(*) FROM enquiries WHERE channel = ' + chr(39) + 'api' + chr(39))} "
          f"api enquiries")


def in_process(folder: Path, key: str, posts: int) -> None:
    """Part 1's requests (distinct, with an attribute, a position and contact details) through
    the test client: what taking one in costs the app, without gunicorn and wrk."""
    from ieg.factory import create_app

    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}"})
    client = app.test_client()

    def post(number: str) -> None:
        body = (f"api_key={key}&jurisdiction_id=ashdown&service_code=graffiti&lat=51.06&long=0.158"
                f"&description=Tags+on+the+bus+shelter+{number}&attribute%5Boffensive%5D=no"
                f"&email=resident-{os.getpid()}-{number}%40example.com&first_name=Bench&last_name=Resident")
        response = client.post("/open311/v2/requests.json", data=body,
                               content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200, response.data[:300]

    for number in range(50):
        post(f"warm-{number}")
    started, cpu = time.perf_counter(), time.process_time()
    for number in range(posts):
        post(f"in-process-{number}")
    wall, used = (time.perf_counter() - started) * 1000 / posts, (time.process_time() - cpu) * 1000 / posts
    print(f"POST requests.json in process (test client, {posts} requests one at a time): {wall:.2f} ms a request, "
          f"{used:.2f} ms of CPU")


def fill(database: Path, total: int, now: datetime) -> None:
    """`total` Open311 requests spread over the 90 days before `now`: copies of one made through
    the API, each with its own reference, token, time and received event (rows written
    directly: taking 50,000 in through HTTP would take minutes and is what part 1 measures)."""
    from sqlalchemy import create_engine, func, select

    from ieg.casework import references
    from ieg.models import Enquiry, EnquiryEvent
    from ieg.models.open311 import Open311Request

    engine = create_engine(databases.url(database.parent, database.name))
    tables = (Enquiry.__table__, Open311Request.__table__, EnquiryEvent.__table__)
    with engine.begin() as conn:
        enquiry = dict(conn.execute(select(tables[0]).where(tables[0].c.channel == "api")
                                    .order_by(tables[0].c.id).limit(1)).mappings().one())
        request = dict(conn.execute(select(tables[1]).where(tables[1].c.enquiry_id == enquiry["id"])).mappings().one())
        event = dict(conn.execute(select(tables[2]).where(tables[2].c.enquiry_id == enquiry["id"])
                                  .order_by(tables[2].c.id).limit(1)).mappings().first())
        next_enquiry = conn.execute(select(func.max(tables[0].c.id))).scalar() + 1
        step = timedelta(days=90) / total
        enquiries, requests, events = [], [], []
        for n in range(total):
            at = now - timedelta(days=90) + step * n
            enquiry_id = next_enquiry + n
            enquiries.append({**enquiry, "id": enquiry_id, "reference": references.generate(), "received_at": at,
                              "taken_in_at": at, "submission_key": None})
            requests.append({**{k: v for k, v in request.items() if k != "id"}, "enquiry_id": enquiry_id,
                             "token": f"bench-{n}", "requested_at": at})
            events.append({**{k: v for k, v in event.items() if k != "id"}, "enquiry_id": enquiry_id, "at": at})
        for table, rows in zip(tables, (enquiries, requests, events)):
            conn.execute(table.insert(), rows)
    engine.dispose()


def get_pages(folder: Path, total: int) -> None:
    import time_machine

    from ieg import gunicorn_conf
    from ieg.factory import create_app

    database = folder / "bench.sqlite3"
    now = datetime.now(timezone.utc).replace(microsecond=0)
    fill(database, total, now)
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
    client = app.test_client()
    in_window = _count(database, "SELECT count(*) FROM open311_requests WHERE requested_at >= "
                       f"'{(now - timedelta(days=90)).replace(tzinfo=None).isoformat(' ')}'")
    timings, seen = [], 0
    with time_machine.travel(now + timedelta(seconds=1), tick=True):
        client.get("/open311/v2/requests.json")  # warm
        gunicorn_conf.post_worker_init(None)  # as a worker does once it has loaded the app
        page = 1
        while True:
            started = time.perf_counter()
            response = client.get(f"/open311/v2/requests.json?page={page}")
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.data[:300]
            rows = len(response.json)
            seen += rows
            if rows < 1000:
                break
            page += 1
    print(f"GET requests.json, the last 90 days ({in_window} requests in the window, {seen} read), "
          f"{len(timings)} pages of up to 1,000: median {statistics.median(timings):.0f} ms, "
          f"slowest {max(timings):.0f} ms (target 100 ms per page)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--requests", type=int, default=50_000)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian package wrk)")
    os.environ.setdefault("IEG_BASE_URL", "https://bench.example")  # acknowledgements carry links
    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-open311-"))
    try:
        key = prepare(folder)
        post_rate(args, folder, key)
        in_process(folder, key, args.posts)
        get_pages(folder, args.requests)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

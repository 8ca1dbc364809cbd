"""Web-form intake throughput end to end under gunicorn, on SQLite with one web node, or on
PostgreSQL with two (each its own gunicorn and instance folder, one database, a wrk on each;
--database both measures the two in one run and prints them side by side). Each request validates
the general enquiry form, finds or makes the customer, draws a reference, writes the
enquiry, its events and the acknowledgement's outbox row, and commits, then renders the
confirmation panel.

Run: make bench   (or .venv/bin/python bench/bench_intake.py [--seconds 10] [--workers 2] [--rounds 3]
                   [--database sqlite|postgresql|both] [--nodes N])
Needs wrk (Debian package). The per-address rate limit on forms is off for the run (it
would stop a load test after 20 posts a minute); everything else is as in production.
Each POST carries a valid CSRF token, its own submission key and its own email address,
so each one makes a new enquiry, customer and outbox message; afterwards the rows are
counted against the confirmation pages wrk received (the run fails if they disagree).

The machine is shared, so besides enquiries/s the run prints what the workers' time went
on (Linux schedstat): on a CPU, waiting for one (other load on the machine), or blocked
(SQLite's write lock, I/O); and the CPU each enquiry cost. Single runs still vary by a tenth
or more as the machine's other load comes and goes (it slows the workers' own code too), so
it runs several rounds on the same server and prints each and the median.
Targets: >= 300 enquiries/s; PostgreSQL with two nodes at least SQLite's figure with one.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import databases  # noqa: E402  (bench/)

# wrk's Lua: each thread numbers its requests; `setup` gives each thread its own number, so
# keys and addresses never repeat. `response` checks the page is the confirmation panel with
# a reference; `done` adds up what every thread sent and saw.
SCRIPT = """
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end
sent, confirmed, other = 0, 0, 0
function request()
  sent = sent + 1
  local key = string.format("%(run)s-%%d-%%d", id, sent)
  local body = "action=submit&submission=" .. key .. "&csrf_token=%(token)s" ..
    "&question=When+is+my+bin+day%%3F&name=Bench+Resident&email=resident-" .. key .. "%%40example.com" ..
    "&phone=01632+960000"
  return wrk.format("POST", "/forms/general-enquiry",
    {["Content-Type"] = "application/x-www-form-urlencoded", ["Origin"] = "%(origin)s"}, body)
end
function response(status, headers, body)
  if status == 200 and body:find("govuk-panel--confirmation", 1, true) and body:find("ENQ-", 1, true) then
    confirmed = confirmed + 1
  else
    other = other + 1
    if not first_other then  -- kept for the report: what the response was
      local title = body:match("<title>(.-)</title>") or body:sub(1, 200)
      first_other = status .. " " .. title:gsub("%%s+", " ")
    end
  end
end
function done(summary, latency, requests)
  local s, c, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    s, c, o = s + thread:get("sent"), c + thread:get("confirmed"), o + thread:get("other")
  end
  io.write(string.format("ieg-intake sent %%d confirmed %%d other %%d\\n", s, c, o))
  for _, thread in ipairs(threads) do
    local first = thread:get("first_other")
    if first then io.write("ieg-intake first other response: " .. first .. "\\n") end
  end
end
"""


def workers_of(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                found.append(int(entry.name))
    return found


def times(pid: int) -> tuple[float, float, float]:
    """(CPU seconds, seconds on a CPU, seconds runnable but waiting for one) so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    try:
        running, waiting, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
        return cpu, int(running) / 1e9, int(waiting) / 1e9
    except (OSError, ValueError):
        return cpu, float("nan"), float("nan")


def _cpu(pid: int) -> float:
    """A server process's CPU seconds so far; 0 for one that has just exited (a backend)."""
    try:
        return times(pid)[0]
    except OSError:
        return 0.0


def _count(database: str, sql: str) -> int:
    return databases.scalar(database, sql)


def _round(args, scripts: list[tuple[Path, str]], workers: list[int], database: str) -> dict:
    """One load run, a wrk on each node at once (the connections shared out between them): the
    figures added up, and the workers' time and CPU over it."""
    made_before = _count(database, "SELECT count(*) FROM enquiries")
    before = {pid: times(pid) for pid in workers}
    server = databases.server().postmaster_pid() if databases.is_postgresql() else None
    server_before = {pid: _cpu(pid) for pid in workers_of(server)} if server else {}
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    connections = max(1, args.connections // len(scripts))
    runs = [subprocess.Popen(["wrk", "-t1", f"-c{connections}", f"-d{args.seconds}s", "--latency",
                              "-s", str(script), f"{origin}/forms/general-enquiry"], stdout=subprocess.PIPE, text=True)
            for script, origin in scripts]
    outputs = [run.communicate()[0] for run in runs]
    if any(run.returncode for run in runs):
        raise SystemExit("wrk failed")
    wall = time.monotonic() - started
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    after = {pid: times(pid) for pid in workers}
    # The PostgreSQL server's processes (a backend per pooled connection, the WAL writer...): the
    # other half of what an enquiry costs there, which SQLite spends inside the workers.
    server_cpu = sum(_cpu(pid) - server_before.get(pid, 0.0) for pid in workers_of(server)) if server else 0.0
    made = _count(database, "SELECT count(*) FROM enquiries") - made_before
    sent = confirmed = other = 0
    for output in outputs:
        counts = map(int, re.search(r"ieg-intake sent (\d+) confirmed (\d+) other (\d+)", output).groups())
        sent, confirmed, other = (a + b for a, b in zip((sent, confirmed, other), counts))
    share = len(workers) * wall
    on_cpu = sum(after[pid][1] - before[pid][1] for pid in workers)
    queued = sum(after[pid][2] - before[pid][2] for pid in workers)
    return {
        "rate": sum(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)) for output in outputs),
        # The latency distribution's line, not a "+/- Stdev" column that happens to end in 99%
        # (each node's, when there are several).
        "p99": "/".join(re.search(r"^\s*99%\s+(\S+)", output, re.MULTILINE).group(1) for output in outputs),
        "sent": sent, "confirmed": confirmed, "other": other,
        "made": made, "on_cpu": on_cpu / share, "queued": queued / share,
        "blocked": (share - on_cpu - queued) / share,
        "cpu_ms": sum(after[pid][0] - before[pid][0] for pid in workers) / max(made, 1) * 1000,
        "server_ms": server_cpu / max(made, 1) * 1000,
        "wrk": ((wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)) / wall,
        "firsts": [line for output in outputs for line in re.findall(r"ieg-intake first other response: .*", output)]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per node")
    parser.add_argument("--nodes", type=int, help="web nodes, each its own gunicorn and instance folder "
                                                   "(default: 1 on SQLite, 2 on PostgreSQL)")
    parser.add_argument("--connections", type=int, default=8, help="in all, shared out between the nodes")
    parser.add_argument("--rounds", type=int, default=3)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian package wrk; make bench installs it)")
    nodes = args.nodes or (2 if databases.is_postgresql() else 1)
    if nodes > 1 and not databases.is_postgresql():
        raise SystemExit("several nodes share one database: run them with --database postgresql")
    from bench_cms import serve

    from flask_migrate import upgrade

    from ieg import demo
    from ieg.factory import create_app
    from ieg.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-intake-"))
    database = databases.url(folder)
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder), "SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        upgrade()
        demo.load(db.session, content=False)
        db.session.commit()
        db.engine.dispose()
    from ieg.search.web import indexer_for
    indexer_for(app).stop()  # this process only builds: its indexer must not outlive the database
    before = {table: _count(database, f"SELECT count(*) FROM {table}")
              for table in ("enquiries", "customers", "outbox_messages")}
    last_before = _count(database, "SELECT coalesce(max(id), 0) FROM enquiries")
    servers, origins = [], []
    rounds = []
    try:
        for node in range(nodes):  # each node its own instance folder, as on its own machine
            instance = folder if nodes == 1 else folder / f"node-{node + 1}"
            instance.mkdir(exist_ok=True)
            with socket.socket() as probe:  # a free port: others may be running benchmarks on this machine
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            servers.append(serve(instance, port, args.workers, False, database_url=database))
            origins.append(f"http://127.0.0.1:{port}")
        tokens = []
        for origin in origins:
            page = urllib.request.urlopen(f"{origin}/forms/general-enquiry").read().decode()
            tokens.append(re.search(r'name="csrf_token" value="([^"]+)"', page).group(1))
        workers = [pid for server in servers for pid in workers_of(server.pid)]
        for number in range(args.rounds):
            scripts = []
            for node, (origin, token) in enumerate(zip(origins, tokens)):
                script = folder / f"intake-{number}-{node}.lua"  # each round and node its own keys and addresses
                script.write_text(SCRIPT % {"run": f"{os.getpid()}-{number}-{node}", "token": token, "origin": origin})
                scripts.append((script, origin))
            rounds.append(_round(args, scripts, workers, database))
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)  # workers finish the request in hand first
            server.wait(timeout=20)
    made = _count(database, "SELECT count(*) FROM enquiries") - before["enquiries"]
    acks = _count(database, "SELECT count(*) FROM outbox_messages WHERE purpose = 'acknowledgement'") - \
        before["outbox_messages"]
    customers = _count(database, "SELECT count(*) FROM customers") - before["customers"]
    unique = _count(database, "SELECT count(DISTINCT reference) FROM enquiries") - before["enquiries"]
    events = _count(database, f"SELECT count(*) FROM enquiry_events WHERE enquiry_id > {last_before}")
    shutil.rmtree(folder, ignore_errors=True)

    print(f"web-form intake: {databases.label()}, {nodes} node(s) of gunicorn {args.workers} sync workers "
          f"(ieg.gunicorn_worker), wrk 1 thread per node, {args.connections} connections in all, {args.rounds} "
          f"rounds of {args.seconds}s, {os.cpu_count()} cores shared with wrk and the machine (single runs vary by "
          f"a tenth or more with the machine's other load)")
    # The interpreter's build moves CPU per enquiry by about a tenth (README.md: Debian's against pyenv's).
    print(f"Python {platform.python_version()}: {os.path.realpath(sys.executable)}")
    for number, r in enumerate(rounds, 1):
        print(f"round {number}: {r['rate']:.0f} enquiries/s, p99 {r['p99']}; {r['confirmed']} confirmation pages, "
              f"{r['other']} other responses; workers on a CPU {r['on_cpu']:.0%}, waiting for one {r['queued']:.0%}, "
              f"blocked (lock, I/O) {r['blocked']:.0%}; {r['cpu_ms']:.1f} ms CPU per enquiry"
              + (f" and {r['server_ms']:.1f} ms in PostgreSQL" if databases.is_postgresql() else "")
              + f"; wrk {r['wrk']:.0%} of a core")
        for line in r["firsts"]:
            print("  " + line)
    rates = sorted(r["rate"] for r in rounds)
    print(f"median {rates[len(rates) // 2]:.0f} enquiries/s (target: >= 300); {made} enquiries "
          f"({unique} distinct references), {acks} acknowledgements queued, {customers} customers, {events} events")
    # Every confirmation page wrk saw is an enquiry with its outbox message and customer; a
    # request still in flight when wrk stopped may have been stored without wrk seeing it.
    sent, confirmed = sum(r["sent"] for r in rounds), sum(r["confirmed"] for r in rounds)
    other = sum(r["other"] for r in rounds)
    if other or not (confirmed <= made <= sent) or not (made == acks == customers == unique and events == 2 * made):
        raise SystemExit(f"rows do not match the requests: sent {sent}, confirmed {confirmed}, other {other}, "
                         f"enquiries {made}, acknowledgements {acks}, customers {customers}, events {events}")


if __name__ == "__main__":
    main()

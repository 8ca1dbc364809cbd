"""Web-form intake throughput end to end under gunicorn on SQLite: each request validates
the general enquiry form, finds or makes the customer, draws a reference, writes the
enquiry, its events and the acknowledgement's outbox row, and commits, then renders the
confirmation panel.

Run: make bench   (or .venv/bin/python bench/bench_intake.py [--seconds 10] [--workers 2])
Needs wrk (Debian package). The per-address rate limit on forms is off for the run (it
would stop a load test after 20 posts a minute); everything else is as in production.
Target (issue 5): >= 300 enquiries/s.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SCRIPT = """
local counter = 0
math.randomseed(%(seed)d)
request = function()
  counter = counter + 1
  local key = string.format("%%d-%%d-%%d", math.random(1000000000), counter, math.random(1000000000))
  local email = "resident" .. tostring(math.random(200000)) .. "%%40example.com"
  local body = "action=submit&submission=" .. key .. "&csrf_token=%(token)s" ..
    "&question=When+is+my+bin+day%%3F&name=Bench+Resident&email=" .. email .. "&phone=01632+960000"
  return wrk.format("POST", "/forms/general-enquiry",
    {["Content-Type"] = "application/x-www-form-urlencoded", ["Origin"] = "%(origin)s"}, body)
end
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian package wrk; make bench installs it)")
    from bench_cms import serve

    from flask_migrate import upgrade

    from ieg import create_app, demo
    from ieg.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-intake-"))
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}"})
    with app.app_context():
        upgrade()
        demo.load(db.session, content=False)
        db.session.commit()
        db.engine.dispose()
    port = 8775
    server = serve(folder, port, args.workers, False)
    try:
        origin = f"http://127.0.0.1:{port}"
        page = urllib.request.urlopen(f"{origin}/forms/general-enquiry").read().decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        script = folder / "intake.lua"
        script.write_text(SCRIPT % {"seed": os.getpid(), "token": token, "origin": origin})
        output = subprocess.run(["wrk", "-t1", "-c8", f"-d{args.seconds}s", "--latency", "-s", str(script),
                                 f"{origin}/forms/general-enquiry"], capture_output=True, text=True,
                                check=True).stdout
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+(\S+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    with sqlite3.connect(folder / "bench.sqlite3") as conn:
        made = conn.execute("SELECT count(*) FROM enquiries").fetchone()[0]
        acks = conn.execute("SELECT count(*) FROM outbox_messages WHERE purpose = 'acknowledgement'").fetchone()[0]
        customers = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
        unique = conn.execute("SELECT count(DISTINCT reference) FROM enquiries").fetchone()[0]
    print(f"web-form intake: gunicorn {args.workers} sync workers, SQLite (WAL), wrk 1 thread 8 connections "
          f"{args.seconds}s, {os.cpu_count()} cores shared with wrk")
    print(f"{rate:.0f} enquiries/s, p99 {p99}; {made} enquiries ({unique} distinct references), {acks} "
          f"acknowledgements queued, {customers} customers; error responses: {errors.group(1) if errors else 0}")
    print("target: >= 300 enquiries/s")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

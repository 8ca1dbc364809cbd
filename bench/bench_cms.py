"""Public page throughput under gunicorn: a content page from the page cache and
rendered afresh, against a hello-world route in the same app and run.

Run: make bench   (or .venv/bin/python bench/bench_cms.py [--seconds 10] [--workers 2] [--rounds 3])
Needs wrk (Debian package; `make bench` installs it). Load stays on 127.0.0.1.
Targets: warm cached page >= 0.85x hello world; uncached render >= 0.35x; the cached page with
the page-view count on within 5% of it with the count off (R26: no database write on the request
path). wrk sends a browser's User-Agent, so each request is counted as a browser's, keyed hash
and all.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/: --database)


def build_database(folder: Path) -> str:
    from flask_migrate import upgrade

    from ieg import demo
    from ieg.demo import pages as demo_content
    from ieg.factory import create_app
    from ieg.extensions import db

    app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(folder),
                      "SQLALCHEMY_DATABASE_URI": databases.url(folder)})
    with app.app_context():
        upgrade()
        demo.load(db.session)
        db.session.commit()
        db.engine.dispose()
    # A long, realistic page: the demo's longest published body.
    page = max(demo_content.published_pages(), key=lambda p: len(p.body))
    return demo_content.page_path(page)


BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"


def serve(folder: Path, port: int, workers: int, cache: bool, counting: bool = True,
          database_url: str | None = None) -> subprocess.Popen:
    """gunicorn on `folder` (its instance folder) and `database_url` (else SQLite in the folder)."""
    env = {**os.environ, "BENCH_INSTANCE": str(folder), "BENCH_PAGE_CACHE": "1" if cache else "0",
           "BENCH_USAGE_COUNTING": "1" if counting else "0", "BENCH_DATABASE_URL": database_url or (databases.url(folder) if databases.is_postgresql() else ""),
           "IEG_BASE_URL": os.environ.get("IEG_BASE_URL") or f"http://127.0.0.1:{port}"}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--chdir", str(ROOT / "bench"), "--workers", str(workers),
         "--worker-class", "ieg.gunicorn_worker.SyncWorker",  # as README.md serves IEG in production
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "bench_app:app"],
        env=env, start_new_session=True)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def load(url: str, seconds: int) -> tuple[float, str]:
    urllib.request.urlopen(url).read()  # warm (fills the page cache where it is on)
    output = subprocess.run(["wrk", "-t1", "-c8", f"-d{seconds}s", "--latency", "-H", f"User-Agent: {BROWSER}", url],
                            capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"^\s*99%\s+(\S+)", output, re.MULTILINE).group(1)  # not a "+/- Stdev" ending in 99%
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses")
    return rate, p99


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian package wrk; make bench installs it)")

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-cms-"))
    path = build_database(folder)
    print(f"IEG page throughput: gunicorn {args.workers} sync workers per server, wrk 1 thread 8 connections "
          f"{args.seconds}s per run, {args.rounds} rounds alternating the routes (medians; the machine is "
          f"shared, so single runs vary), {os.cpu_count()} cores shared with wrk. Page: {path}")
    # Both servers up at once (an idle sync worker costs nothing), so the routes can alternate.
    cached, uncached = serve(folder, 8765, args.workers, True), serve(folder, 8766, args.workers, False)
    not_counting = serve(folder, 8767, args.workers, True, counting=False)
    routes = [("hello world (same app)", "http://127.0.0.1:8765/bench-hello"),
              ("content page, cached (warm)", f"http://127.0.0.1:8765{path}"),
              ("content page, uncached render", f"http://127.0.0.1:8766{path}"),
              ("cached, page-view count off", f"http://127.0.0.1:8767{path}")]
    runs: dict[str, list[tuple[float, str]]] = {name: [] for name, _ in routes}
    try:
        for _ in range(args.rounds):
            for name, url in routes:
                runs[name].append(load(url, args.seconds))
    finally:
        for server in (cached, uncached, not_counting):
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
    medians = {name: sorted(r)[len(r) // 2] for name, r in runs.items()}
    hello = medians[routes[0][0]][0]
    print(f"{'route':<32} {'req/s':>9} {'p99':>9} {'x hello':>8}  runs")
    for name, (rate, p99) in medians.items():
        print(f"{name:<32} {rate:9.0f} {p99:>9} {rate / hello:8.2f}  {', '.join(f'{r:.0f}' for r, _ in runs[name])}")
    counted, uncounted = medians[routes[1][0]][0], medians[routes[3][0]][0]
    print(f"page-view count on / off, cached page: {counted / uncounted:.3f} "
          f"({100 * (counted / uncounted - 1):+.1f}%)")
    print("targets: cached >= 0.85x hello, uncached >= 0.35x hello, count on within 5% of count off")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

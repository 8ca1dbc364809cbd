"""Council news on SQLite with the demo's two years of press releases: how long the demo's news
takes to load, and the news page, a filtered page, an article and the Atom feed through the real
app.

Run: .venv/bin/python bench/bench_news.py [--runs 20]

Builds a database through the migrations in a temporary folder (deleted at the end), loads the
demo's news (ieg/demo/news.py, in bulk) and requests each page through Flask's test client (no
network): the first request, then the median and worst of --runs. Anonymous pages marked
cacheable are then answered from the page cache, so the "uncached" line turns it off
(PAGE_CACHE=False) to time the queries and the render themselves. The Atom feed is built
on every request.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import databases  # noqa: E402  (bench/: --database)

PATHS = ("/news/", "/news/?category=environment&month=", "/news/?page=3", "/news/council-tax-bills-on-their-way",
         "/news/feed.atom", "/")


def timed(client, path: str) -> float:
    began = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    databases.add_argument(parser)
    args = parser.parse_args()
    databases.choose(args)

    from flask_migrate import upgrade

    from ieg.demo import news as demo_news
    from ieg.factory import create_app

    folder = Path(tempfile.mkdtemp(prefix="ieg-bench-news-"))
    try:
        for cached in (True, False):
            here = folder / ("cached" if cached else "uncached")  # each pass its own database and index
            here.mkdir()
            app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": str(here), "RATELIMIT_ENABLED": False,
                              "PAGE_CACHE": cached,
                              "SQLALCHEMY_DATABASE_URI": databases.url(here)})
            with app.app_context():
                upgrade(directory=str(ROOT / "migrations"))
                from ieg.extensions import db
                began = time.perf_counter()
                made = demo_news.load(db.session, datetime.now(timezone.utc), "ashdown.example.gov.uk")
                db.session.commit()
                loaded = time.perf_counter() - began
            if cached:
                print(f"demo news: {made} articles loaded and committed in {loaded:.2f} s")
            client = app.test_client()
            print("page cache on" if cached else "page cache off (queries and render every time)")
            for path in PATHS:
                first = timed(client, path)
                runs = [timed(client, path) for _ in range(args.runs)]
                print(f"  {path:45} first {first:6.1f} ms   median {statistics.median(runs):6.1f} ms"
                      f"   worst {max(runs):6.1f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()

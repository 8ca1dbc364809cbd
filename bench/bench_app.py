"""The app gunicorn serves in bench/bench_cms.py: the real IEG app on the benchmark's
database (BENCH_DATABASE_URL, else SQLite in the instance folder), plus a hello-world route
in the same app to compare against."""
import os

from ieg.factory import create_app

app = create_app({
    "SECRET_KEY": "bench",
    "INSTANCE_PATH": os.environ["BENCH_INSTANCE"],
    "SQLALCHEMY_DATABASE_URI": os.environ.get("BENCH_DATABASE_URL")
    or f"sqlite:///{os.environ['BENCH_INSTANCE']}/bench.sqlite3",
    "RATELIMIT_ENABLED": False,
    "PAGE_CACHE": os.environ.get("BENCH_PAGE_CACHE", "1") == "1",
    "USAGE_COUNTING": os.environ.get("BENCH_USAGE_COUNTING", "1") == "1",
})


@app.get("/bench-hello")
def hello():
    return "Hello, world"

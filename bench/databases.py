"""Which database a benchmark runs on, and running it on both side by side.

Every benchmark takes `--database`:
- `sqlite` (the default): a file in the benchmark's temporary folder, as before;
- `postgresql`: a throwaway cluster of Debian's PostgreSQL (tests/servers.py: Unix socket only,
  deleted at exit), one database per folder the benchmark asks for;
- `both`: the benchmark runs once on each in turn (its own output as it goes), then prints
  every figure of the two runs side by side with the ratio PostgreSQL / SQLite, line by line
  (lines whose words match; a number in brackets is a figure of the SQLite run).
The workload is the same on both: only the store changes.
"""
from __future__ import annotations

import atexit
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHOICES = ("sqlite", "postgresql", "both")
_chosen = "sqlite"
_server = None
_urls: dict[str, str] = {}
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def add_argument(parser) -> None:
    parser.add_argument("--database", choices=CHOICES, default="sqlite",
                        help="sqlite (default), postgresql (a throwaway Debian PostgreSQL), or both side by side")


def choose(args) -> None:
    """Call once the arguments are parsed: with `both` this runs the benchmark twice, prints
    the comparison and exits."""
    global _chosen
    if args.database == "both":
        sys.exit(run_both())
    _chosen = args.database


def name() -> str:
    return _chosen


def is_postgresql() -> bool:
    return _chosen == "postgresql"


def label() -> str:
    return "PostgreSQL" if is_postgresql() else "SQLite (WAL)"


def server():
    """The throwaway PostgreSQL server, started on first use and removed at exit."""
    global _server
    if _server is None:
        from tests.servers import PostgresServer

        _server = PostgresServer().start()
        atexit.register(_server.close)
    return _server


def url(folder: Path | str, filename: str = "bench.sqlite3") -> str:
    """The database for a benchmark's folder: the same URL every time it is asked for."""
    folder = Path(folder)
    if not is_postgresql():
        return f"sqlite:///{folder / filename}"
    key = f"{folder}/{filename}"
    if key not in _urls:
        database = re.sub(r"[^a-z0-9_]", "_", f"{folder.name}_{Path(filename).stem}".lower())[:60]
        _urls[key] = server().create_database(database)
    return _urls[key]


def scalar(database_url: str, sql: str):
    """One value from the benchmark's database, outside the app (counts after a load run)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def _run(database: str) -> list[str]:
    argv, skip = [], False
    for arg in sys.argv[1:]:  # the same arguments less "--database both"
        if not skip and arg != "--database" and not arg.startswith("--database="):
            argv.append(arg)
        skip = arg == "--database"
    print(f"== {Path(sys.argv[0]).name} on {database} ==", flush=True)
    process = subprocess.Popen([sys.executable, sys.argv[0], *argv, "--database", database],
                               stdout=subprocess.PIPE, text=True)
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line.rstrip("\n"))
    if process.wait():
        raise SystemExit(f"the run on {database} failed (exit status {process.returncode})")
    return lines


def compare(sqlite_lines: list[str], postgresql_lines: list[str]) -> list[str]:
    """Each line of the SQLite run that has a partner of the same words in the PostgreSQL run,
    with every figure that differs as "SQLite | PostgreSQL (ratio)"."""
    partners: dict[str, list[str]] = {}
    for line in postgresql_lines:
        partners.setdefault(_NUMBER.sub("#", line), []).append(line)
    out = []
    for line in sqlite_lines:
        queue = partners.get(_NUMBER.sub("#", line))
        if not queue or not _NUMBER.search(line):
            continue
        other = queue.pop(0)
        theirs = iter(_NUMBER.findall(other))

        def pair(match):
            mine, their = match.group(0), next(theirs)
            if mine == their:
                return mine
            a, b = float(mine.replace(",", "")), float(their.replace(",", ""))
            ratio = f" x{b / a:.2f}" if a else ""
            return f"[{mine} | {their}{ratio}]"

        out.append(_NUMBER.sub(pair, line))
    return out


def run_both() -> int:
    sqlite_lines = _run("sqlite")
    postgresql_lines = _run("postgresql")
    print(f"== {Path(sys.argv[0]).name}: [SQLite | PostgreSQL xPostgreSQL/SQLite] ==")
    for line in compare(sqlite_lines, postgresql_lines):
        print(line)
    return 0

"""Counted hits on their way to the database, with no database write on the request path.

Each web process keeps the hits it counts in memory and appends them, at most every second
or every 100 hits, to a spool file of its own in the instance folder, named by the minute of
writing and the process (`<YYYYMMDDHHMM>-<pid>-<token>.tsv`): a file is opened, appended and
closed each time, so nothing holds a file open that the scheduler may take. The scheduler's job
takes files at least two minutes old, renaming each to `.claimed` first (so two runs never read
one file); the aggregation records the file's name in the same transaction as its counts, and
the file is deleted after the commit. A crash before the commit leaves the `.claimed` file to be
read again; one after leaves a file whose name is recorded, deleted unread: every hit counted
once. A process that dies loses at most the hits of its last second, still in memory.
"""
from __future__ import annotations

import os
import secrets
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ieg.usage.counting import Hit

FLUSH_EVERY = 1.0  # seconds
FLUSH_AT = 100     # hits
SETTLE = timedelta(minutes=2)  # a minute's file is complete once the next minute has passed, with a margin
CLAIMED = ".claimed"


def folder(instance_path: str) -> Path:
    return Path(instance_path) / "usage-spool"


def _line(at: float, path: str, browser: str, robot: str, device: str, referrer: str) -> str:
    # Tab-separated: a path the site answered with a page has no tab or line break (addresses
    # with control characters are refused), and nor do the other fields; replaced all the same.
    return f"{at:.3f}\t{path.replace(chr(9), ' ').replace(chr(10), ' ')}\t{browser}\t{robot}\t{device}\t{referrer}\n"


def parse_line(line: str) -> Hit | None:
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 6 or not line.endswith("\n"):
        return None  # a line cut short by a crash mid-write
    try:
        at = datetime.fromtimestamp(float(parts[0]), timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return Hit(at, parts[1][:300], parts[2][:64], parts[3][:16], parts[4][:16], parts[5][:200])


class Spool:
    """One process's buffer. `add` is what a request pays: a list append, and a file append
    at most every FLUSH_EVERY seconds or FLUSH_AT hits."""

    def __init__(self, root: Path, clock=None) -> None:
        self.root = root
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._hits: list[tuple] = []
        self._lock = threading.Lock()
        self._last = time.monotonic()
        self._pid = None
        self._token = ""

    def add(self, hit: Hit) -> None:
        self.add_raw(hit.at.timestamp(), hit.path, hit.browser, hit.robot, hit.device, hit.referrer)

    def add_raw(self, at: float, path: str, browser: str, robot: str, device: str, referrer: str) -> None:
        """A hit as the request has it (`at` in seconds since the epoch): nothing is made of it
        until the buffer is written."""
        with self._lock:
            self._hits.append((at, path, browser, robot, device, referrer))
            due = len(self._hits) >= FLUSH_AT or time.monotonic() - self._last >= FLUSH_EVERY
        if due:
            self.flush()

    def flush(self) -> int:
        with self._lock:
            hits, self._hits = self._hits, []
            self._last = time.monotonic()
            if not hits:
                return 0
            if self._pid != os.getpid():  # a forked worker names its own files
                self._pid, self._token = os.getpid(), secrets.token_hex(4)
            self.root.mkdir(parents=True, exist_ok=True)
            name = f"{self._clock():%Y%m%d%H%M}-{self._pid}-{self._token}.tsv"
            with open(self.root / name, "a", encoding="utf-8") as out:
                out.write("".join(_line(*hit) for hit in hits))
            return len(hits)


def _minute(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[:12], "%Y%m%d%H%M").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def claim_ready(root: Path, now: datetime, limit: int = 2000) -> list[Path]:
    """Claim the files no process writes to any more, and any claimed before but left by a
    crash; oldest first, at most `limit` (after the scheduler was down, the backlog is taken a
    bounded part per run)."""
    if not root.is_dir():
        return []
    claimed: list[Path] = []
    for path in sorted(root.iterdir()):
        if len(claimed) >= limit:
            break
        if path.name.endswith(CLAIMED):
            claimed.append(path)
            continue
        minute = _minute(path)
        if path.suffix != ".tsv" or minute is None or now - minute < SETTLE:
            continue
        target = path.with_name(path.name + CLAIMED)
        try:
            path.rename(target)
        except FileNotFoundError:  # another run claimed it first
            continue
        claimed.append(target)
    return claimed


def spool_name(path: Path) -> str:
    return path.name.removesuffix(CLAIMED)


def read(path: Path) -> list[Hit]:
    with open(path, encoding="utf-8", errors="replace") as lines:
        return [hit for hit in map(parse_line, lines) if hit is not None]

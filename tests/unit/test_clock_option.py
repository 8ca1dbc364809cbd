"""`pytest --clock` (tests/clock.py) moves the wall clock the code under test reads."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = '''
import time
from datetime import datetime, timedelta, timezone
from ieg.timeutil import utcnow

def test_the_wall_clock_is_moved_and_ticks():
    start = datetime(2027, 3, 28, 8, 30, tzinfo=timezone.utc)
    assert timedelta(0) <= utcnow() - start < timedelta(minutes=1)
    assert datetime.now(timezone.utc) - start < timedelta(minutes=1)
    before = utcnow()
    time.sleep(0.01)
    assert utcnow() > before
'''


def _run(tmp_path, *options):
    test = tmp_path / "test_moved.py"
    test.write_text(CHECK)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--noconftest", "-p", "tests.clock",
                           *options, str(test)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_clock_option_moves_the_wall_clock(tmp_path):
    moved = _run(tmp_path, "--clock", "2027-03-28T08:30:00+00:00")
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert _run(tmp_path).returncode == 1  # without it, the real clock
    naive = _run(tmp_path, "--clock", "2027-03-28T08:30")
    assert naive.returncode != 0 and "needs an offset" in naive.stdout + naive.stderr

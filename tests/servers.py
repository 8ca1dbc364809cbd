"""Throwaway servers from Debian's packages, for tests that need the real thing.

`PostgresServer` runs a cluster of its own on a Unix socket in a temporary folder (the Makefile installs
the `postgresql` package when missing); `RedisServer` a redis-server on a Unix socket (package
`redis-server`). Each can be stopped, killed and started again on the same data, for tests of what a
node does when its store goes away. Nothing listens on TCP, so two test workers never collide.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time


def _as_server_user(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; run it as the postgres system user instead.
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _wait_for(path: str, what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start within {timeout:.0f} s")
        time.sleep(0.05)


class PostgresServer:
    PORT = 5499  # only names the socket file: no TCP listener

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL server not found: run `make postgresql` (Debian package postgresql)")
        self.bindir = os.path.dirname(found[-1])
        self.root = tempfile.mkdtemp(prefix="ieg-pg-")
        self.data, self.sock = os.path.join(self.root, "data"), os.path.join(self.root, "sock")
        os.makedirs(self.sock)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sock, "postgres")
        subprocess.run(_as_server_user([f"{self.bindir}/initdb", "-D", self.data, "-A", "trust", "-U", "ieg",
                                        "-E", "UTF8"]), check=True, capture_output=True)
        self.process: subprocess.Popen | None = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://ieg@/{database}?host={self.sock}&port={self.PORT}"

    @property
    def socket_file(self) -> str:
        return os.path.join(self.sock, f".s.PGSQL.{self.PORT}")

    def start(self) -> "PostgresServer":
        self.process = subprocess.Popen(_as_server_user([
            f"{self.bindir}/postgres", "-D", self.data, "-k", self.sock, "-c", "listen_addresses=",
            "-p", str(self.PORT)]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(self.socket_file, "PostgreSQL")
        for _ in range(100):  # the socket exists a moment before connections are accepted
            if self.psql("SELECT 1", check=False).returncode == 0:
                break
            time.sleep(0.05)
        return self

    def postmaster_pid(self) -> int | None:
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                return int(f.readline())
        except (OSError, ValueError):
            return None

    def stop(self, *, mode: str = "fast") -> None:
        """Shut down: "fast" rolls back open transactions and closes connections, as a restart does;
        "immediate" is a crash (recovery runs at the next start). The postmaster is signalled
        itself: `runuser` in between does not pass every signal on."""
        pid = self.postmaster_pid()
        if self.process and self.process.poll() is None and pid:
            os.kill(pid, signal.SIGINT if mode == "fast" else signal.SIGQUIT)
            self.process.wait(timeout=30)
        elif self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def psql(self, sql: str, database: str = "postgres", check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([f"{self.bindir}/psql", "-X", "-q", "-h", self.sock, "-p", str(self.PORT), "-U", "ieg",
                               "-d", database, "-v", "ON_ERROR_STOP=1", "-tA", "-c", sql],
                              capture_output=True, text=True, check=check)

    def create_database(self, name: str) -> str:
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


class RedisServer:
    def __init__(self) -> None:
        self.binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        if not os.path.exists(self.binary):
            raise RuntimeError("redis-server not found: run `make redis` (Debian package redis-server)")
        self.root = tempfile.mkdtemp(prefix="ieg-redis-")
        self.sock = os.path.join(self.root, "redis.sock")
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"unix://{self.sock}?db={db}"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen([self.binary, "--port", "0", "--unixsocket", self.sock,
                                         "--unixsocketperm", "700", "--dir", self.root, "--save", "",
                                         "--appendonly", "no"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(self.sock, "Redis")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

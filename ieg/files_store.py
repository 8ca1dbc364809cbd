"""The one store for uploaded files (page documents, enquiry photos and attachments, photos
waiting on a form, logos, meeting papers, evidence documents), so that every web node reads
what any of them wrote.

Files have path-like names the areas choose ("enquiries/<random>", "pending/<client>-<random>",
"evidence/<sha256>"; page documents have no folder). Two backends, chosen by IEG_FILE_STORE:

- `database`: rows of the stored_files table, written in the caller's transaction, so a file
  is committed with the record naming it or not at all. The default on PostgreSQL.
- `folder`: files under IEG_UPLOADS_FOLDER (a folder every node mounts), else under the
  instance folder as before (uploads/, and evidence/ for evidence documents), so an existing
  single-machine install keeps its files where they are. The default on SQLite.

`flask ieg move-files --to database|folder` moves files from one to the other (ieg.cli).
"""
from __future__ import annotations

import fcntl
import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Protocol

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from ieg.models import StoredFile
from ieg.timeutil import utcnow

BACKENDS = ("database", "folder")


@dataclass(frozen=True)
class Listed:
    name: str
    size: int
    written_at: datetime


class FileStore(Protocol):
    kind: str
    # True when writes and deletes belong to the caller's transaction (a rollback undoes them).
    transactional: bool

    def put(self, name: str, data: bytes, now: datetime | None = None) -> None: ...
    def get(self, name: str) -> bytes: ...  # FileNotFoundError when absent
    def size(self, name: str) -> int | None: ...
    def delete(self, name: str) -> None: ...
    def listing(self, folder: str) -> list[Listed]: ...
    def names(self) -> Iterator[str]: ...
    def exclusive(self, what: str): ...


def check_name(name: str) -> str:
    parts = name.split("/")
    if not name or name.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in name:
        raise ValueError(f"not a stored file name: {name!r}")
    return name


class FolderStore:
    kind = "folder"
    transactional = False

    def __init__(self, root: Path, places: dict[str, Path] | None = None) -> None:
        self.root = Path(root)
        self.places = {k: Path(v) for k, v in (places or {}).items()}  # a first folder kept elsewhere

    def path(self, name: str) -> Path:
        top, _, rest = check_name(name).partition("/")
        if rest and top in self.places:
            return self.places[top] / rest
        return self.root / name

    def put(self, name: str, data: bytes, now: datetime | None = None) -> None:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".part")
        temporary.write_bytes(data)
        temporary.replace(path)  # whole or not at all

    def get(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def size(self, name: str) -> int | None:
        try:
            return self.path(name).stat().st_size
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def listing(self, folder: str) -> list[Listed]:
        found = []
        try:
            entries = os.scandir(self.path(folder))
        except FileNotFoundError:
            return []
        with entries:
            for entry in entries:
                if entry.name.endswith(".part"):
                    continue
                try:
                    stat = entry.stat(follow_symlinks=False)
                except FileNotFoundError:  # removed meanwhile by another process
                    continue
                if entry.is_file(follow_symlinks=False):
                    found.append(Listed(f"{folder}/{entry.name}", stat.st_size,
                                        datetime.fromtimestamp(stat.st_mtime, timezone.utc)))
        return found

    def names(self) -> Iterator[str]:
        roots = [(self.root, ""), *((path, f"{top}/") for top, path in self.places.items())]
        for base, prefix in roots:
            if not base.is_dir():
                continue
            for path in sorted(base.rglob("*")):
                relative = path.relative_to(base).as_posix()
                if (path.is_file() and not path.name.endswith((".part", ".lock"))
                        and not (prefix == "" and relative.split("/")[0] in self.places)):
                    yield prefix + relative

    @contextmanager
    def exclusive(self, what: str):
        """One process at a time (web workers are processes on one machine sharing this folder)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / f"{what}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


class DatabaseStore:
    kind = "database"
    transactional = True

    def __init__(self, session: Session) -> None:
        self.session = session

    def put(self, name: str, data: bytes, now: datetime | None = None) -> None:
        found = self.session.get(StoredFile, check_name(name))
        values = dict(data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(), written_at=now or utcnow())
        if found is None:
            self.session.add(StoredFile(name=name, **values))
        else:
            for key, value in values.items():
                setattr(found, key, value)
        self.session.flush()

    def get(self, name: str) -> bytes:
        data = self.session.execute(select(StoredFile.data).where(StoredFile.name == name)).scalar()
        if data is None:
            raise FileNotFoundError(name)
        return data

    def blob(self, name: str) -> StoredFile | None:
        return self.session.get(StoredFile, name)

    def size(self, name: str) -> int | None:
        return self.session.execute(select(StoredFile.size).where(StoredFile.name == name)).scalar()

    def delete(self, name: str) -> None:
        self.session.execute(delete(StoredFile).where(StoredFile.name == name))

    def listing(self, folder: str) -> list[Listed]:
        prefix = folder.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%"
        rows = self.session.execute(select(StoredFile.name, StoredFile.size, StoredFile.written_at)
                                    .where(StoredFile.name.like(prefix, escape="\\")))
        return [Listed(*row) for row in rows if "/" not in row[0][len(folder) + 1:]]

    def names(self) -> Iterator[str]:
        yield from self.session.execute(select(StoredFile.name).order_by(StoredFile.name)).scalars().all()

    def count(self) -> int:
        return self.session.execute(select(func.count()).select_from(StoredFile)).scalar_one()

    @contextmanager
    def exclusive(self, what: str):
        """Every node, one at a time, until the caller's transaction ends: PostgreSQL's
        transaction-level advisory lock. SQLite has one writer at a time already."""
        if self.session.get_bind().dialect.name == "postgresql":
            key = int.from_bytes(hashlib.sha256(f"ieg-files:{what}".encode()).digest()[:8], "big", signed=True)
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
        yield


def backend(config) -> str:
    """The configured backend, or the default for the database in use."""
    chosen = (config.get("FILE_STORE") or "").strip().lower()
    if chosen:
        return chosen
    url = config.get("SQLALCHEMY_DATABASE_URI") or ""
    return "database" if url.startswith("postgresql") else "folder"


def folder_store(config) -> FolderStore:
    shared = config.get("UPLOADS_FOLDER")
    if shared:
        return FolderStore(Path(shared))
    instance = Path(config["INSTANCE_PATH"])
    return FolderStore(instance / "uploads", {"evidence": instance / "evidence"})


def for_config(config, session: Session, kind: str | None = None) -> FileStore:
    kind = kind or backend(config)
    if kind == "database":
        return DatabaseStore(session)
    if kind == "folder":
        return folder_store(config)
    raise ValueError(f"IEG_FILE_STORE must be one of {', '.join(BACKENDS)}, not {kind!r}")


def current() -> FileStore:
    """The running app's store, on its database session."""
    from flask import current_app

    from ieg.extensions import db

    return for_config(current_app.config, db.session)


@dataclass
class Moved:
    moved: int = 0
    already: int = 0   # found in the target already, the same bytes (an earlier run stopped part way)
    failed: list[str] | None = None  # names whose copy did not read back with the same SHA-256

    def __str__(self) -> str:
        failed = self.failed or []
        return (f"moved {self.moved} files, {self.already} already there"
                + (f"; {len(failed)} failed the SHA-256 check and were left where they were: {', '.join(failed[:10])}"
                   if failed else ""))


def move(source: FileStore, target: FileStore, commit, batch: int = 100) -> Moved:
    """Move every file from `source` to `target`, `batch` at a time: copy, commit, read the
    copy back and check its SHA-256, and only then delete the original and commit. Run again
    after an interruption, it finishes the job (a file found in both with the same bytes only
    loses its original); a copy that does not match stays in the source, reported."""
    summary = Moved(failed=[])
    names = list(source.names())
    for start in range(0, len(names), batch):
        digests = {}
        for name in names[start:start + batch]:
            try:
                data = source.get(name)
            except FileNotFoundError:  # removed meanwhile
                continue
            digests[name] = hashlib.sha256(data).hexdigest()
            try:
                same = hashlib.sha256(target.get(name)).hexdigest() == digests[name]
            except FileNotFoundError:
                same = False
            if same:
                summary.already += 1
            else:
                target.put(name, data)
                summary.moved += 1
        commit()
        for name, digest in digests.items():
            try:
                copied = hashlib.sha256(target.get(name)).hexdigest()
            except FileNotFoundError:
                copied = ""
            if copied == digest:
                source.delete(name)
            else:
                summary.failed.append(name)
                summary.moved -= 1
        commit()
    return summary

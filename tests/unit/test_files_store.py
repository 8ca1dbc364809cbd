"""The file store's folder backend and the move between stores (the database backend is tested
through the app: tests/web/test_file_stores.py)."""
from __future__ import annotations

import os

import pytest

from ieg import files_store
from ieg.files_store import FolderStore


def test_a_folder_store_keeps_files_whole_under_their_names(tmp_path):
    store = FolderStore(tmp_path / "uploads", {"evidence": tmp_path / "evidence"})
    store.put("enquiries/abc", b"photo")
    store.put("evidence/0123", b"minutes")
    store.put("page.pdf", b"%PDF-")
    assert (tmp_path / "uploads/enquiries/abc").read_bytes() == b"photo"
    assert (tmp_path / "evidence/0123").read_bytes() == b"minutes"  # where an existing install keeps them
    assert store.get("enquiries/abc") == b"photo" and store.size("page.pdf") == 5
    assert sorted(store.names()) == ["enquiries/abc", "evidence/0123", "page.pdf"]
    assert not list(tmp_path.rglob("*.part"))
    assert [listed.name for listed in store.listing("enquiries")] == ["enquiries/abc"]
    assert store.listing("pending") == []
    store.delete("enquiries/abc")
    store.delete("enquiries/abc")  # already gone: nothing to do
    assert store.size("enquiries/abc") is None
    with pytest.raises(FileNotFoundError):
        store.get("enquiries/abc")


@pytest.mark.parametrize("name", ["../secret_key", "/etc/passwd", "a//b", "", "pending/..", "a\\b"])
def test_a_name_cannot_leave_the_store(tmp_path, name):
    with pytest.raises(ValueError):
        FolderStore(tmp_path).put(name, b"x")


def test_the_backend_defaults_to_the_database_on_postgresql_and_the_folder_on_sqlite(tmp_path):
    assert files_store.backend({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x/y"}) == "database"
    assert files_store.backend({"SQLALCHEMY_DATABASE_URI": "sqlite:///x"}) == "folder"
    assert files_store.backend({"SQLALCHEMY_DATABASE_URI": "sqlite:///x", "FILE_STORE": "Database "}) == "database"
    shared = files_store.folder_store({"UPLOADS_FOLDER": str(tmp_path / "shared"), "INSTANCE_PATH": "/nowhere"})
    assert shared.path("evidence/x") == tmp_path / "shared/evidence/x"
    with pytest.raises(ValueError, match="IEG_FILE_STORE must be one of database, folder"):
        files_store.for_config({"FILE_STORE": "s3", "INSTANCE_PATH": str(tmp_path)}, None)


def test_a_move_is_verified_resumable_and_idempotent(tmp_path):
    source, target = FolderStore(tmp_path / "a"), FolderStore(tmp_path / "b")
    for n in range(5):
        source.put(f"enquiries/{n}", bytes([n]) * 10)
    target.put("enquiries/0", bytes([0]) * 10)  # an earlier run copied it, then stopped
    commits = []
    summary = files_store.move(source, target, lambda: commits.append(1), batch=2)
    assert (summary.moved, summary.already, summary.failed) == (4, 1, [])
    assert str(summary) == "moved 4 files, 1 already there"
    assert list(source.names()) == [] and sorted(target.names()) == [f"enquiries/{n}" for n in range(5)]
    assert target.get("enquiries/3") == bytes([3]) * 10 and len(commits) == 6  # copy, then delete, per batch
    again = files_store.move(source, target, lambda: None)
    assert (again.moved, again.already) == (0, 0)


def test_a_copy_that_does_not_read_back_the_same_leaves_the_original(tmp_path):
    class Corrupting(FolderStore):
        def put(self, name, data, now=None):
            super().put(name, data[:-1])

    source = FolderStore(tmp_path / "a")
    source.put("meetings/agenda.pdf", b"%PDF-agenda")
    summary = files_store.move(source, Corrupting(tmp_path / "b"), lambda: None)
    assert summary.failed == ["meetings/agenda.pdf"] and summary.moved == 0
    assert "failed the SHA-256 check" in str(summary)
    assert source.get("meetings/agenda.pdf") == b"%PDF-agenda"


def test_listing_gives_sizes_and_times_for_the_quota_and_the_clearing_job(tmp_path):
    store = FolderStore(tmp_path)
    store.put("pending/k-1", b"12345")
    os.utime(tmp_path / "pending/k-1", (1_700_000_000, 1_700_000_000))
    (listed,) = store.listing("pending")
    assert (listed.size, listed.written_at.timestamp()) == (5, 1_700_000_000)

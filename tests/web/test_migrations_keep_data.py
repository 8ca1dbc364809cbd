"""Upgrading a database that holds data keeps every row: SQLite batch migrations copy a table
and drop the old one, which with foreign keys enforced would cascade and delete the rows that
point at it (every role when `users` is copied, every event when `enquiries` is)."""
import sqlite3

import pytest
from flask_migrate import upgrade

from ieg.factory import create_app

FILLERS = {"INTEGER": 1, "BOOLEAN": 1, "VARCHAR": "x", "TEXT": "", "JSON": "{}", "DATETIME": "2026-01-05 10:00:00",
           "DATE": "2026-01-05"}


def insert(conn, table: str, **values) -> None:
    """A row with the given values and a harmless one in every other NOT NULL column."""
    for _, name, kind, notnull, default, primary in conn.execute(f"PRAGMA table_info({table})"):
        if name not in values and notnull and default is None and not primary:
            values[name] = FILLERS[kind.split("(")[0].upper()]
    conn.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                 list(values.values()))


def counts(conn) -> dict[str, int]:
    return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("users", "user_roles", "section_grants", "sections", "customers", "case_types", "enquiries",
                          "enquiry_events", "outbox_messages")}


def test_upgrading_from_0009_keeps_every_row(tmp_path):
    app = create_app({"SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        upgrade(revision="0009")
    with sqlite3.connect(tmp_path / "old.sqlite3") as conn:
        insert(conn, "sections", id=1, slug="waste", title="Waste")
        insert(conn, "users", id=1, email="a@example.org", name="A")
        insert(conn, "user_roles", user_id=1, role="admin")
        insert(conn, "section_grants", user_id=1, section_id=1, role="publisher")
        insert(conn, "customers", id=1, name="Jo")
        insert(conn, "case_types", id=1, slug="general", name="General", section_id=1)
        insert(conn, "enquiries", id=1, reference="ENQ-0001-0001-A", channel="email", customer_id=1, case_type_id=1,
               status="open", section_id=1, email_message_id="<m1@example.org>")
        insert(conn, "enquiries", id=2, reference="ENQ-0001-0002-B", channel="web", customer_id=1, case_type_id=1,
               status="open", section_id=1, submission_key="general-enquiry:k1")
        insert(conn, "outbox_messages", id=1, subject="Your enquiry ENQ-0001-0001-A", message_id="<1@x>",
               status="sent", sent_at="2026-01-05 10:02:00")
        insert(conn, "enquiry_events", id=1, enquiry_id=1, kind="received")
        insert(conn, "enquiry_events", id=2, enquiry_id=1, kind="acknowledged", outbox_message_id=1)
        before = counts(conn)
    with app.app_context():
        upgrade()
    with sqlite3.connect(tmp_path / "old.sqlite3") as conn:
        # Every row kept; 0021 adds the section democratic services work in, 0027 the community
        # directory's, 0029 the News section.
        assert counts(conn) == {**before, "sections": before["sections"] + 3}
        assert conn.execute("SELECT slug FROM sections WHERE id != 1 ORDER BY id").fetchall() == [
            ("councillors-and-democracy",), ("community-directory",), ("news",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        # 0012 stored R28 on the enquiry from its acknowledgement's message.
        assert conn.execute("SELECT acknowledged_at, acknowledged_with_reference FROM enquiries WHERE id = 1"
                            ).fetchone() == ("2026-01-05 10:02:00", 1)
        # 0014: the keys are unique where set (partial indexes), and any number of rows have none.
        for column, taken in (("email_message_id", "<m1@example.org>"), ("submission_key", "general-enquiry:k1")):
            with pytest.raises(sqlite3.IntegrityError, match=f"enquiries.{column}"):
                insert(conn, "enquiries", id=3, reference="ENQ-0001-0003-C", channel="web", customer_id=1,
                       case_type_id=1, status="open", **{column: taken})
        for number in (3, 4):
            insert(conn, "enquiries", id=number, reference=f"ENQ-0001-000{number}-C", channel="phone", customer_id=1,
                   case_type_id=1, status="open")


def test_0017_keeps_public_what_the_public_could_see(tmp_path):
    """Files of live pages stay public, and those published with a page now down come back
    with it; files uploaded to a page nobody could see are not public."""
    app = create_app({"SECRET_KEY": "x", "INSTANCE_PATH": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}"})
    with app.app_context():
        upgrade(revision="0014")
    published = "2026-01-05 10:00:00"
    pages = {1: ("published", True, published), 2: ("draft", False, None), 3: ("draft", False, published),
             4: ("archived", True, published)}
    files = {"a": (1, "09:00"), "b": (1, "11:00"), "c": (2, "09:00"), "d": (3, "09:00"), "e": (3, "11:00"),
             "f": (4, "11:00")}
    with sqlite3.connect(tmp_path / "old.sqlite3") as conn:
        insert(conn, "sections", id=1, slug="waste", title="Waste")
        for page_id, (status, live, last) in pages.items():
            insert(conn, "pages", id=page_id, section_id=1, slug=f"p{page_id}", status=status,
                   last_published_at=last, first_published_at=last)
            insert(conn, "page_revisions", id=page_id, page_id=page_id, number=1, title="T")
            conn.execute("UPDATE pages SET latest_revision_id = ?, live_revision_id = ? WHERE id = ?",
                         (page_id, page_id if live else None, page_id))
        for name, (page_id, time) in files.items():
            insert(conn, "attachments", page_id=page_id, title=name, stored_name=f"{name}.pdf",
                   created_at=f"2026-01-05 {time}:00")
    with app.app_context():
        upgrade()
    with sqlite3.connect(tmp_path / "old.sqlite3") as conn:
        got = dict(conn.execute("SELECT title, published_at FROM attachments"))
    assert got == {"a": published, "b": "2026-01-05 11:00:00", "c": None, "d": published, "e": None, "f": None}

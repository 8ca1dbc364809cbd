"""ieg.hooks: building the app registers what the areas rely on, whatever was imported first."""
from __future__ import annotations

from datetime import timedelta

import pytest

from ieg.extensions import db
from ieg.mail import outbox
from ieg.mail.transport import SMTPTransport
from tests.services.casework.test_enquiries import COUNCIL, RECEIVED, _open, case_type  # noqa: F401  (fixture)
from tests.services.mail.test_outbox import smtp_server  # noqa: F401  (fixture)


@pytest.fixture
def nothing_registered(monkeypatch):
    """A process where no module has registered an outbox hook (none imported yet): the
    hooks must come from building the app."""
    monkeypatch.setattr(outbox, "SENT_HOOKS", {})


def test_a_fresh_app_records_r28_when_an_acknowledgement_is_sent(nothing_registered, app, case_type, smtp_server):  # noqa: F811
    from ieg.casework import enquiries

    _, url = smtp_server
    with app.app_context():
        enquiry, _ = _open("web")
        enquiries.acknowledge(db.session, enquiry, COUNCIL, RECEIVED)
        db.session.commit()
        outbox.send_due(db.session, SMTPTransport(url), sender="x@ashdown.example.gov.uk",
                        now=RECEIVED + timedelta(minutes=2))
        db.session.refresh(enquiry)
        assert enquiry.acknowledged_at == RECEIVED + timedelta(minutes=2) and enquiry.acknowledged_with_reference


def test_building_apps_again_registers_each_hook_once(app_factory):
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from ieg.search import indexer, web

    app_factory()
    hooks = dict(outbox.SENT_HOOKS)
    app_factory()
    assert outbox.SENT_HOOKS == hooks and set(hooks) == {"acknowledgement", "reply"}
    assert event.contains(Session, "after_commit", web.wake_after_commit)
    assert event.contains(Session, "after_flush", indexer._collect)


def test_importing_the_cache_the_fast_path_or_the_database_module_registers_no_listener(tmp_path):
    """In a fresh interpreter: the listeners come from building the app, not from an import."""
    import subprocess
    import sys

    script = """
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from ieg import cache, database, fast_rows
listeners = [*((Session, n, h) for n, h in (*cache.SESSION_LISTENERS, *fast_rows.SESSION_LISTENERS)),
             *((Engine, n, h) for n, h in database.ENGINE_LISTENERS)]
print(sum(event.contains(*listener) for listener in listeners), end=" ")
from ieg.factory import create_app
create_app({"TESTING": True, "SECRET_KEY": "x", "INSTANCE_PATH": INSTANCE,
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + INSTANCE + "/ieg.sqlite3"})
print(sum(event.contains(*listener) for listener in listeners), len(listeners))
"""
    script = f"INSTANCE = {str(tmp_path)!r}\n" + script
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "7", "7"]

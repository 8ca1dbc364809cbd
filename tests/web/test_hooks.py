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

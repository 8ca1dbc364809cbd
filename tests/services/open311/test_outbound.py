"""Back-office webhooks (ieg.open311.outbound) against a real HTTP server on loopback: down,
slow, then up. Each event is delivered once, in order per enquiry, with a valid signature."""
from __future__ import annotations

import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from ieg.casework import handling
from ieg.config import Council
from ieg.extensions import db
from ieg.models import WebhookDelivery
from ieg.open311 import outbound, requests, signing
from tests.factories import make_user
from tests.open311_support import NOW, offer

COUNCIL = Council(name="Ashdown District Council", base_url="https://ashdown.example.gov.uk",
                  mail_domain="ashdown.example.gov.uk", secret_key="k")


class BackOffice:
    """A back office on loopback that records what it is sent; `delay` makes it slow."""

    def __init__(self, port: int, delay: float = 0.0):
        received, self.received, self.delay = [], [], delay
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(outer.delay)
                outer.received.append((self.headers, body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        del received
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def setup(app):
    with app.app_context():
        service = offer(db.session)
        admin = make_user(db.session, "admin@staff.example.gov.uk", roles=("admin",))
        officer = make_user(db.session, "officer@staff.example.gov.uk", roles=("contact_agent",))
        port = free_port()
        hook, secret = outbound.configure(db.session, admin, NOW - timedelta(hours=1), None,
                                          case_type=service.case_type, name="Street works",
                                          url=f"http://127.0.0.1:{port}/hook")
        db.session.commit()
        yield hook, secret, port, officer
        db.session.rollback()


def _report(data: dict):
    class Multi(dict):
        def getlist(self, name):
            value = self.get(name)
            return [] if value is None else (value if isinstance(value, list) else [value])
    return requests.submit(db.session, NOW, COUNCIL, None, Multi(data))


def test_down_slow_then_up_delivers_each_once_in_order_signed(setup):
    hook, secret, port, officer = setup
    record = _report({"service_code": "graffiti", "address_string": "High Street", "attribute[offensive]": "yes"})
    enquiry = record.enquiry
    db.session.commit()
    assert outbound.queue_events(db.session, NOW, COUNCIL) == 1
    db.session.commit()
    assert outbound.queue_events(db.session, NOW, COUNCIL) == 0  # idempotent

    # Down: nothing listens on the port.
    counts = outbound.deliver_due(db.session, NOW, timeout=2)
    assert counts["retry"] == 1 and counts["delivered"] == 0
    first = db.session.scalar(select(WebhookDelivery))
    assert first.attempts == 1 and first.next_attempt_at == NOW + timedelta(minutes=1) and first.last_error

    # Meanwhile the enquiry moves on: assigned, then resolved.
    later = NOW + timedelta(minutes=5)
    handling.assign(db.session, enquiry, officer, officer, later)
    handling.set_status(db.session, enquiry, officer, "resolved", later)
    db.session.commit()
    assert outbound.queue_events(db.session, later, COUNCIL) == 2
    db.session.commit()

    # Slow (but within the timeout): everything goes, once each, in order.
    with BackOffice(port, delay=0.3) as office:
        counts = outbound.deliver_due(db.session, later, timeout=5, clock=lambda: later)
        assert counts["delivered"] == 3
        # Up: nothing is left to send again.
        assert outbound.deliver_due(db.session, later + timedelta(hours=1), timeout=5)["delivered"] == 0
    events = [json.loads(body)["event"] for _, body in office.received]
    assert events == ["created", "assigned", "resolved"]
    for headers, body in office.received:
        signing.verify(secret, headers[signing.TIMESTAMP_HEADER], headers[signing.SIGNATURE_HEADER], body,
                       later)
        assert json.loads(body)["reference"] == enquiry.reference
    assert [d.status for d in outbound.deliveries_for(db.session, enquiry)] == ["delivered"] * 3


def test_a_later_event_waits_for_an_earlier_one_of_the_same_enquiry(setup):
    hook, secret, port, officer = setup
    record = _report({"service_code": "graffiti", "lat": "51.06", "long": "0.15", "attribute[offensive]": "no"})
    db.session.commit()
    outbound.queue_events(db.session, NOW, COUNCIL)
    db.session.commit()
    outbound.deliver_due(db.session, NOW, timeout=1)  # down: the first waits a minute
    handling.set_status(db.session, record.enquiry, officer, "in_progress", NOW)
    db.session.commit()
    outbound.queue_events(db.session, NOW, COUNCIL)
    db.session.commit()
    with BackOffice(port) as office:
        counts = outbound.deliver_due(db.session, NOW, timeout=5)  # the second is due; the first is not
        assert counts == {"delivered": 0, "retry": 0, "failed": 0, "waiting": 1}
        assert office.received == []
        outbound.deliver_due(db.session, NOW + timedelta(minutes=1), timeout=5)
    assert [json.loads(body)["event"] for _, body in office.received] == ["created", "updated"]


def test_a_delivery_fails_for_good_after_48_hours_of_failures(setup):
    hook, secret, port, officer = setup
    _report({"service_code": "graffiti", "address_string": "Park", "attribute[offensive]": "no"})
    db.session.commit()
    outbound.queue_events(db.session, NOW, COUNCIL)
    db.session.commit()
    outbound.deliver_due(db.session, NOW, timeout=1)
    delivery = db.session.scalar(select(WebhookDelivery))
    delivery.next_attempt_at = NOW + timedelta(hours=48)
    db.session.commit()
    assert outbound.deliver_due(db.session, NOW + timedelta(hours=48), timeout=1)["failed"] == 1
    assert db.session.scalar(select(WebhookDelivery.status)) == "failed"


def test_a_webhook_hears_only_of_what_happened_after_it_was_set_up(app):
    with app.app_context():
        service = offer(db.session)
        _report({"service_code": "graffiti", "address_string": "Old", "attribute[offensive]": "no"})
        admin = make_user(db.session, "admin@staff.example.gov.uk", roles=("admin",))
        outbound.configure(db.session, admin, NOW + timedelta(minutes=1), None, case_type=service.case_type,
                           name="Late", url="https://backoffice.example/hook")
        db.session.commit()
        assert outbound.queue_events(db.session, NOW + timedelta(minutes=2), COUNCIL) == 0


def test_webhook_settings_are_checked(app):
    with app.app_context():
        admin = make_user(db.session, "admin@staff.example.gov.uk", roles=("admin",))
        with pytest.raises(outbound.WebhookError) as refused:
            outbound.configure(db.session, admin, NOW, None, case_type=None, name=" ", url="ftp://x")
        assert set(refused.value.errors) == {"case_type", "name", "url"}


def test_live_evidence_for_r7_and_g24(setup):
    from datetime import date

    from ieg.evidence import live, shortfall
    from ieg.evidence.reports import Period
    hook, secret, port, officer = setup
    _report({"service_code": "graffiti", "address_string": "Park", "attribute[offensive]": "no"})
    db.session.commit()
    outbound.queue_events(db.session, NOW, COUNCIL)
    db.session.commit()
    period = Period(date(2026, 11, 1), date(2026, 11, 30))
    r7 = live.r7(db.session, period, NOW, "Europe/London")
    assert r7.measures == {"reports": 1, "services": 1} and r7.rows == [["Graffiti report", "Api", 1]]
    assert shortfall.judge("R7", r7.measures, "green").state == shortfall.SUPPORTS
    g24 = live.g24(db.session, period, NOW, "Europe/London")
    assert (g24.measures["connected"], g24.measures["pending"]) == (1, 1)
    assert shortfall.judge("G24", g24.measures, "green").state == shortfall.UNPROVEN
    with BackOffice(port):
        outbound.deliver_due(db.session, NOW, timeout=5)
    g24 = live.g24(db.session, period, NOW, "Europe/London")
    assert shortfall.judge("G24", g24.measures, "green").state == shortfall.SUPPORTS

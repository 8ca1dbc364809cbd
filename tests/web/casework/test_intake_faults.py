"""A crash part-way through taking in a web form leaves nothing half-written: the
customer, the enquiry, its events and its acknowledgement are one transaction."""
from __future__ import annotations

from ieg.models import Customer, Enquiry, EnquiryEvent, OutboxMessage
from tests.web.casework.test_eforms import GENERAL, count, step


def test_a_crash_between_the_enquiry_and_its_acknowledgement_writes_nothing(app, client, council, monkeypatch):
    from ieg.mail import outbox

    def broken(*args, **kwargs):
        raise RuntimeError("the process died here")

    _, key = step(client, "general-enquiry", GENERAL, "check")
    monkeypatch.setattr(outbox, "message_values", broken)  # what every way of queuing a message builds it with
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the visitor gets the error page
    response, _ = step(client, "general-enquiry", {**GENERAL, "submission": key}, "submit")
    assert response.status_code == 500
    assert [count(app, model) for model in (Customer, Enquiry, EnquiryEvent, OutboxMessage)] == [0, 0, 0, 0]

    monkeypatch.undo()  # the resident presses the button again: one enquiry, acknowledged once
    response, _ = step(client, "general-enquiry", {**GENERAL, "submission": key}, "submit")
    assert response.status_code == 200 and "govuk-panel--confirmation" in response.get_data(as_text=True)
    assert [count(app, model) for model in (Customer, Enquiry, OutboxMessage)] == [1, 1, 1]

"""A report through Open311 and the same report on the council's web form are taken in by one
rule (casework.fast_intake.take_in), so they write the same rows: a customer record, the
enquiry with its received and acknowledged events, one acknowledgement in the outbox, the
same webhook deliveries, and nothing in the search queue or the audit log. What differs is
only what each way keeps of its own: the form's submission key and report location, the
API's request row."""
from __future__ import annotations

import time_machine
from sqlalchemy import select

from ieg.config import Council
from ieg.extensions import db
from ieg.models import ApiKey, WebhookDelivery
from ieg.open311 import outbound
from tests.factories import make_user
from tests.open311_support import NOW, api_key, offer
from tests.web.casework.test_eform_location import send

COUNCIL = Council(name="Ashdown District Council", base_url="https://ashdown.example.gov.uk",
                  mail_domain="ashdown.example.gov.uk", secret_key="k")
# Columns whose values are each row's own (keys, references, random ids, who and what was said).
OWN = {"id", "reference", "token", "message_id", "enquiry_id", "customer_id", "source_event_id",
       "outbox_message_id", "email", "to_address", "subject", "body", "body_text", "description", "answers",
       "given_details", "payload", "location", "name", "phone", "headers"}


def _rows() -> dict[str, dict[tuple, dict]]:
    """Every row of every table, by table and primary key."""
    found = {}
    for table in db.metadata.sorted_tables:
        keys = [column.name for column in table.primary_key.columns]
        found[table.name] = {tuple(row[k] for k in keys): dict(row)
                             for row in db.session.execute(select(table)).mappings()}
    return found


def _written(before: dict, after: dict) -> dict[str, list[dict]]:
    """The rows added between two snapshots, by table."""
    return {name: [row for key, row in rows.items() if key not in before[name]]
            for name, rows in after.items() if rows.keys() - before[name].keys()}


def _shape(rows: list[dict]) -> list[dict]:
    """Rows without their own values: which columns are set, and the values they share."""
    return [{name: value for name, value in row.items() if name not in OWN and value is not None}
            | {name: "set" for name, value in row.items() if name in OWN and value not in (None, "", {}, [])}
            for row in rows]


def test_the_api_and_the_web_form_write_the_same_rows(app, client, council):
    with time_machine.travel(NOW, tick=False):
        with app.app_context():
            service = offer(db.session)
            key = api_key(db.session)
            admin = make_user(db.session, "webhooks@staff.example.gov.uk", roles=("admin",))
            outbound.configure(db.session, admin, NOW, None, case_type=service.case_type, name="Street care",
                               url="http://127.0.0.1:9/hook")
            db.session.commit()
            start = _rows()
        web = send(client, {"location": "Bus shelter, High Street", "location-lat": "51.0632",
                            "location-long": "0.1581", "offensive": "yes", "name": "Jo Bloggs",
                            "email": "jo@example.com", "phone": "01632 960001"}, form="report-graffiti")
        assert web.status_code == 200, web.get_data(as_text=True)
        with app.app_context():
            after_web = _rows()
        api = client.post("/open311/v2/requests.json", data={
            "api_key": key, "service_code": "graffiti", "lat": "51.0632", "long": "0.1581",
            "address_string": "Bus shelter, High Street", "attribute[offensive]": "yes", "first_name": "Sam",
            "last_name": "Jones", "email": "sam@example.com", "phone": "01632 960002"})
        assert api.status_code == 200, api.get_data(as_text=True)
        with app.app_context():
            after_api = _rows()
            # The key's use is noted in the request's own transaction.
            assert db.session.scalar(select(ApiKey.last_used_at)) == NOW
            assert outbound.queue_events(db.session, NOW, COUNCIL) == 2  # each one's arrival
            db.session.commit()
            deliveries = db.session.execute(select(WebhookDelivery.enquiry_id, WebhookDelivery.event)
                                            .order_by(WebhookDelivery.id)).all()

    by_web, by_api = _written(start, after_web), _written(after_web, after_api)
    # A web-form enquiry is one R28 counts (the trigger notes it for the report tallies); R28 and
    # R29 count no api enquiry.
    assert set(by_web) == {"customers", "enquiries", "enquiry_events", "outbox_messages", "report_locations",
                           "r28_tally_changes"}
    # The API's own row is the request's (the key's use is an update, not a row).
    assert set(by_api) == {"customers", "enquiries", "enquiry_events", "outbox_messages", "open311_requests"}
    for table in ("customers", "enquiry_events", "outbox_messages"):
        assert _shape(by_web[table]) == _shape(by_api[table]), table
    assert [sorted(m["headers"]) for m in by_web["outbox_messages"]] == [
        sorted(m["headers"]) for m in by_api["outbox_messages"]]
    web_enquiry, api_enquiry = (_shape(written["enquiries"])[0] for written in (by_web, by_api))
    assert web_enquiry.pop("channel") == "web" and api_enquiry.pop("channel") == "api"
    assert web_enquiry.pop("submission_key") and "submission_key" not in api_enquiry
    # The form keeps the address it was given as the enquiry's contact address; the API has none.
    assert web_enquiry.pop("contact_address", "") == api_enquiry.pop("contact_address", "")
    assert web_enquiry == api_enquiry
    events = [[(e["kind"], e["public"], e["body"]) for e in written["enquiry_events"]] for written in (by_web, by_api)]
    assert events[0] == [("received", True, "Received by web"),
                         ("acknowledged", True, "We emailed you an acknowledgement with this reference")]
    assert [kind for kind, *_ in events[1]] == ["received", "acknowledged"]
    web_id, api_id = by_web["enquiries"][0]["id"], by_api["enquiries"][0]["id"]
    assert deliveries == [(web_id, "created"), (api_id, "created")]
    for written in (by_web, by_api):
        assert "search_queue" not in written and "audit_log" not in written

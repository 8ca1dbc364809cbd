"""The partial indexes of migrations 0013 and 0014 hold only rows where the column is set; the lookups
that need them must still use them (SQLite proves `column = ?` and `column IN (...)` imply
`column IS NOT NULL`; a query phrased otherwise would scan the table)."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from ieg.casework import queues
from ieg.extensions import db
from ieg.models import Customer, Enquiry, EnquiryEvent


def _plan(statement) -> str:
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    return " | ".join(row[-1] for row in db.session.execute(db.text("EXPLAIN QUERY PLAN " + sql)))


@pytest.mark.parametrize("statement, index", [
    (select(Customer.id).where(Customer.email == "jo@example.com"), "ix_customers_email"),
    (select(Customer.id).where(Customer.phone == "01632960000"), "ix_customers_phone"),
    (select(Customer.id).where(Customer.postcode.in_(["AS1 1AA", "AS1 1AB"])), "ix_customers_postcode"),
    (select(Customer.id).where(Customer.merged_into_id.in_([1, 2])), "ix_customers_merged_into_id"),
    (queues.open_enquiries().where(Enquiry.assigned_to_id == 1), "ix_enquiries_assigned_to_id"),
    (select(EnquiryEvent.enquiry_id).where(EnquiryEvent.outbox_message_id == 1, EnquiryEvent.kind == "acknowledged"),
     "ix_enquiry_events_outbox_message_id"),
    # What open_enquiry looks for when ON CONFLICT skipped a repeated submission or message.
    (select(Enquiry.id).where(Enquiry.submission_key == "general-enquiry:abc"), "uq_enquiries_submission_key"),
    (select(Enquiry.id).where(Enquiry.email_message_id == "<a@example.com>"), "uq_enquiries_email_message_id"),
])
def test_lookups_by_value_use_the_partial_indexes(app, statement, index):
    with app.app_context():
        assert f"USING INDEX {index} " in _plan(statement) or f"USING COVERING INDEX {index} " in _plan(statement)


@pytest.mark.parametrize("attribute", ["submission_key", "email_message_id"])
def test_a_repeat_is_found_through_its_partial_unique_index(app, attribute):
    """rows.find's own statement, with its value bound as a parameter (not a literal), as
    open_enquiry runs it after ON CONFLICT skipped a repeat."""
    from ieg.fast_rows import _select

    compiled = _select(Enquiry, attribute).statement.compile(dialect=sqlite.dialect())
    params = [{**compiled.params, "value": "x"}[name] for name in compiled.positiontup]
    with app.app_context():
        raw = db.session.connection().connection.driver_connection
        plan = " | ".join(row[-1] for row in raw.execute("EXPLAIN QUERY PLAN " + compiled.string, params))
    assert f"USING INDEX uq_enquiries_{attribute} " in plan

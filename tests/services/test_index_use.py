"""The partial indexes of migration 0013 hold only rows where the column is set; the lookups
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
])
def test_lookups_by_value_use_the_partial_indexes(app, statement, index):
    with app.app_context():
        assert f"USING INDEX {index} " in _plan(statement) or f"USING COVERING INDEX {index} " in _plan(statement)

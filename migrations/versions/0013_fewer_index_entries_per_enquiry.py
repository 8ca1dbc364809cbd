"""Fewer index entries per enquiry

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-23 05:30:00

Indexes on columns most rows leave empty (an enquiry's officer, a customer's postcode, phone,
email or merge) hold only the rows where the column is set: they are only ever looked up by
value. enquiry_events.at was never searched (an enquiry's events are read by enquiry_id);
its outbox message is, when an acknowledgement goes and when a reply threads, and had no index.
enquiries (status, case_type_id) served no query: every one asks for the statuses an enquiry
is not in (NOT IN, which no index can seek), and case_type_id has an index of its own.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

PARTIAL = [("customers", "email"), ("customers", "phone"), ("customers", "postcode"),
           ("customers", "merged_into_id"), ("enquiries", "assigned_to_id")]


def _set(column: str):
    where = sa.text(f"{column} IS NOT NULL")
    return {"sqlite_where": where, "postgresql_where": where}


def upgrade():
    for table, column in PARTIAL:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.create_index(f"ix_{table}_{column}", table, [column], **_set(column))
    op.drop_index("ix_enquiry_events_at", table_name="enquiry_events")
    op.create_index("ix_enquiry_events_outbox_message_id", "enquiry_events", ["outbox_message_id"],
                    **_set("outbox_message_id"))
    op.drop_index("ix_enquiries_status_case_type", table_name="enquiries")


def downgrade():
    op.create_index("ix_enquiries_status_case_type", "enquiries", ["status", "case_type_id"])
    op.drop_index("ix_enquiry_events_outbox_message_id", table_name="enquiry_events")
    op.create_index("ix_enquiry_events_at", "enquiry_events", ["at"])
    for table, column in PARTIAL:
        op.drop_index(f"ix_{table}_{column}", table_name=table)
        op.create_index(f"ix_{table}_{column}", table, [column])

"""Enquiries' submission key and Message-ID unique only where set

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 07:20:00

A web-form enquiry has a submission key and no Message-ID, an email enquiry the reverse, and a
phone, letter or face-to-face one neither; yet each UNIQUE constraint indexed every row, the
empty ones too. Partial unique indexes (WHERE ... IS NOT NULL) refuse the same repeats and
hold only the rows that have a value: an enquiry writes one or two index entries fewer.
ON CONFLICT DO NOTHING (ieg.rows.insert_row) sees a partial unique index as it saw the
constraint, on SQLite and PostgreSQL. SQLite cannot drop a constraint: the table is rebuilt.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

KEYS = ("submission_key", "email_message_id")
# Partial indexes already on enquiries (migration 0013): kept out of the rebuild and made
# again after it, so their WHERE clause never depends on how the rebuild reflects them.
PARTIAL = ("assigned_to_id",)


def _set(column: str):
    where = sa.text(f"{column} IS NOT NULL")
    return {"sqlite_where": where, "postgresql_where": where}


def upgrade():
    for column in PARTIAL:
        op.drop_index(f"ix_enquiries_{column}", table_name="enquiries")
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        for column in KEYS:
            batch_op.drop_constraint(f"uq_enquiries_{column}", type_="unique")
    for column in KEYS:
        op.create_index(f"uq_enquiries_{column}", "enquiries", [column], unique=True, **_set(column))
    for column in PARTIAL:
        op.create_index(f"ix_enquiries_{column}", "enquiries", [column], **_set(column))


def downgrade():
    for column in KEYS:
        op.drop_index(f"uq_enquiries_{column}", table_name="enquiries")
    for column in PARTIAL:
        op.drop_index(f"ix_enquiries_{column}", table_name="enquiries")
    with op.batch_alter_table("enquiries", schema=None) as batch_op:
        for column in KEYS:
            batch_op.create_unique_constraint(f"uq_enquiries_{column}", [column])
    for column in PARTIAL:
        op.create_index(f"ix_enquiries_{column}", "enquiries", [column], **_set(column))

"""Contact details given with an enquiry, kept on it; enquiries by author

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 05:00:00

A web form or an email names a customer by an email address that anyone can type, so what
it brings (a phone number, an address) must no longer be written into that customer's
record: it is kept on the enquiry, in `given_details`, and staff copy what they trust.
Enquiries from before have none (NULL): nothing to compare.

An officer's lists now include the enquiries they logged themselves, looked up by
`created_by_id`: a partial index, as for `assigned_to_id` (migration 0013), so web-form and
email enquiries, which have no author, cost no index entry.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given_details', sa.JSON(), nullable=True))
    where = sa.text("created_by_id IS NOT NULL")
    op.create_index('ix_enquiries_created_by_id', 'enquiries', ['created_by_id'], sqlite_where=where,
                    postgresql_where=where)


def downgrade():
    op.drop_index('ix_enquiries_created_by_id', table_name='enquiries')
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.drop_column('given_details')

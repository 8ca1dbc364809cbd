"""R28's latency stored on each enquiry, and an index R28 reads in one pass

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07 20:20:00

"""
from datetime import timedelta

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

R28_ROWS = "channel IN ('web', 'email') AND excluded_reason IS NULL"
BATCH = 10_000


def upgrade():
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledgement_microseconds', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('acknowledgement_seconds', sa.Integer(), nullable=True))

    # Each acknowledged enquiry's latency, worked out here as the application does it
    # (ieg.casework.enquiries.acknowledgement_latency): SQL cannot portably subtract timestamps.
    enquiries = sa.table('enquiries', sa.column('id', sa.Integer()), sa.column('received_at', sa.DateTime()),
                         sa.column('acknowledged_at', sa.DateTime()),
                         sa.column('acknowledgement_microseconds', sa.BigInteger()),
                         sa.column('acknowledgement_seconds', sa.Integer()))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(enquiries.c.id, enquiries.c.received_at, enquiries.c.acknowledged_at)
                            .where(enquiries.c.acknowledged_at.is_not(None), enquiries.c.id > last)
                            .order_by(enquiries.c.id).limit(BATCH)).all()
        if not rows:
            break
        values = []
        for row in rows:
            micro = (row.acknowledged_at - row.received_at) // timedelta(microseconds=1)
            values.append({"key": row.id, "micro": micro, "seconds": micro // 1_000_000})
        bind.execute(enquiries.update().where(enquiries.c.id == sa.bindparam("key")).values(
            acknowledgement_microseconds=sa.bindparam("micro"), acknowledgement_seconds=sa.bindparam("seconds")),
            values)
        last = rows[-1].id

    op.create_index('ix_enquiries_r28', 'enquiries',
                    ['excluded_reason', 'received_month', 'section_id', 'acknowledgement_seconds', 'acknowledgement_microseconds',
                     'received_at', 'acknowledged_at', 'acknowledgement_due_at', 'acknowledged_with_reference',
                     'channel'],
                    unique=False, sqlite_where=sa.text(R28_ROWS), postgresql_where=sa.text(R28_ROWS))


def downgrade():
    op.drop_index('ix_enquiries_r28', table_name='enquiries')
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.drop_column('acknowledgement_seconds')
        batch_op.drop_column('acknowledgement_microseconds')

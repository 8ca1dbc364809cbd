"""R28 stored on enquiries

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-22 23:54:57.273160

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_with_reference', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.drop_index(batch_op.f('ix_enquiries_channel_month_section'))

    # What R28 read through the acknowledgement events and their outbox messages, stored on
    # each enquiry: the first acknowledgement sent, and whether one sent carried the reference.
    op.execute("""
        UPDATE enquiries SET
          acknowledged_at = (
            SELECT min(o.sent_at) FROM enquiry_events e JOIN outbox_messages o ON o.id = e.outbox_message_id
            WHERE e.enquiry_id = enquiries.id AND e.kind = 'acknowledged' AND o.sent_at IS NOT NULL),
          acknowledged_with_reference = EXISTS (
            SELECT 1 FROM enquiry_events e JOIN outbox_messages o ON o.id = e.outbox_message_id
            WHERE e.enquiry_id = enquiries.id AND e.kind = 'acknowledged' AND o.sent_at IS NOT NULL
              AND o.subject LIKE '%' || enquiries.reference || '%')
        WHERE EXISTS (SELECT 1 FROM enquiry_events e WHERE e.enquiry_id = enquiries.id AND e.kind = 'acknowledged')
    """)
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.create_index('ix_enquiries_channel_month_section', ['channel', 'received_month', 'section_id', 'excluded_reason', 'received_at', 'response_due_at', 'first_response_at', 'acknowledgement_due_at', 'acknowledged_at', 'acknowledged_with_reference'], unique=False)


def downgrade():
    with op.batch_alter_table('enquiries', schema=None) as batch_op:
        batch_op.drop_index('ix_enquiries_channel_month_section')
        batch_op.create_index(batch_op.f('ix_enquiries_channel_month_section'), ['channel', 'received_month', 'section_id', 'excluded_reason', 'received_at', 'response_due_at', 'first_response_at'], unique=False)
        batch_op.drop_column('acknowledged_with_reference')
        batch_op.drop_column('acknowledged_at')


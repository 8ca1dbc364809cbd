"""Mail that fails: inbound intake attempts and untrusted Received dates; outgoing retries bounded

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 05:30:00

inbound_mail.attempts counts intakes of one message that failed (a fault in IEG or the disk,
not the database being away): after a few the message is refused and logged, instead of the
MTA or the IMAP poll offering it again for ever. inbound_mail.received_note says why an
enquiry's received time is the intake time and not the mail server's Received date (a date in
the future, or long before intake). outbox_messages.first_failed_at is when sending a message
first failed: retries end, and the message is marked failed, a bounded time after it.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inbound_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('received_note', sa.String(length=300), nullable=False, server_default=''))
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_failed_at', sa.DateTime(), nullable=True))
    # A message already failing keeps failing from now, not from when it was queued, so an
    # upgrade does not fail at once everything an outage left waiting.
    now = datetime.now(timezone.utc).replace(tzinfo=None)  # stored as naive UTC on every database
    op.get_bind().execute(sa.text("UPDATE outbox_messages SET first_failed_at = :now "
                                  "WHERE status = 'pending' AND attempts > 0"), {"now": now})


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('first_failed_at')
    with op.batch_alter_table('inbound_mail', schema=None) as batch_op:
        batch_op.drop_column('received_note')
        batch_op.drop_column('attempts')

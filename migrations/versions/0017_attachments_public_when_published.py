"""Attachments public only once published

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-24 09:00:00

A document or image uploaded to a live page was listed and downloadable at once, and one an
author removed went at once: an author without publish rights changed the public page. Now
a file is public from the publication that takes it (`published_at`), and an author's
removal of a public file waits for the next publication (`removal_requested_at`, `_by_id`).

Files the public could see before this migration stay public: those of pages live now, and
those uploaded before their page's last publication (they were public with it, and come
back if it is published again). Downgrading forgets both columns: every file of a live page
is public again, as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('removal_requested_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('removal_requested_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_attachments_removal_requested_by_id_users'), 'users',
                                    ['removal_requested_by_id'], ['id'], ondelete='SET NULL')

    op.execute("""
        UPDATE attachments SET published_at = (
          SELECT CASE WHEN attachments.created_at > p.last_published_at THEN attachments.created_at
                      ELSE p.last_published_at END
          FROM pages p WHERE p.id = attachments.page_id)
        WHERE EXISTS (
          SELECT 1 FROM pages p WHERE p.id = attachments.page_id AND p.last_published_at IS NOT NULL
            AND ((p.live_revision_id IS NOT NULL AND p.status <> 'archived')
                 OR attachments.created_at <= p.last_published_at))
    """)


def downgrade():
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_attachments_removal_requested_by_id_users'), type_='foreignkey')
        batch_op.drop_column('removal_requested_by_id')
        batch_op.drop_column('removal_requested_at')
        batch_op.drop_column('published_at')

"""Page feedback: who marked it done

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08 09:00:00

Section editors read their pages' feedback in an inbox and mark each answer done (or not
done again). `handled_at` already said when; `handled_by_id` says which editor, so the
inbox can show it. Feedback from before has none.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('page_feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handled_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_page_feedback_handled_by_id_users'), 'users', ['handled_by_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('page_feedback', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_page_feedback_handled_by_id_users'), type_='foreignkey')
        batch_op.drop_column('handled_by_id')

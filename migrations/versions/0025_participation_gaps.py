"""Participation gaps: one question per page; staff's review of flagged duplicate responses

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 15:30:00

Editors choose per consultation whether its survey shows one question per page. Staff mark a
response flagged as a possible duplicate 'genuine' or 'excluded' (kept, left out of counts and
publication), with who decided and when.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('one_per_page', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    with op.batch_alter_table('consultation_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review', sa.String(length=10), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_consultation_responses_reviewed_by_id_users'), 'users',
                                    ['reviewed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_consultation_responses_known_review'),
                                         "review IN ('', 'genuine', 'excluded')")


def downgrade():
    with op.batch_alter_table('consultation_responses', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_consultation_responses_known_review'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_consultation_responses_reviewed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('review')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('one_per_page')

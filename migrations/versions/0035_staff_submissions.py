"""Staff actions on an enquiry carry a one-off key, so a double click or a retry does one thing

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-07 21:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0035'
down_revision = '0034'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_submissions',
        sa.Column('key', sa.String(length=80), nullable=False),
        sa.Column('enquiry_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_staff_submissions_actor_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['enquiry_id'], ['enquiries.id'], name=op.f('fk_staff_submissions_enquiry_id_enquiries'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_staff_submissions')),
    )
    with op.batch_alter_table('staff_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_submissions_enquiry_id'), ['enquiry_id'], unique=False)


def downgrade():
    with op.batch_alter_table('staff_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_submissions_enquiry_id'))
    op.drop_table('staff_submissions')

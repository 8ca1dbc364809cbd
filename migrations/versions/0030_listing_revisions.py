"""Group editors' changes to their events and vacancies are revisions moderators review, beside the
entry's: group_revisions says what each is of (kind, object_id)

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-07 20:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0030'
down_revision = '0029'
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite adds a check constraint only by copying the table; PostgreSQL alters it.
    with op.batch_alter_table('group_revisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='entry', nullable=False))
        batch_op.add_column(sa.Column('object_id', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('known_kind', "kind IN ('entry', 'event', 'vacancy')")
        batch_op.create_check_constraint('object_of_kind', "(kind = 'entry') = (object_id IS NULL)")
        batch_op.create_index('ix_group_revisions_kind_object_id', ['kind', 'object_id'], unique=False)


def downgrade():
    # The events' and vacancies' revisions mean nothing without their kind.
    op.execute("DELETE FROM group_revisions WHERE kind <> 'entry'")
    with op.batch_alter_table('group_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_group_revisions_kind_object_id')
        batch_op.drop_constraint(op.f('ck_group_revisions_object_of_kind'), type_='check')
        batch_op.drop_constraint(op.f('ck_group_revisions_known_kind'), type_='check')
        batch_op.drop_column('object_id')
        batch_op.drop_column('kind')

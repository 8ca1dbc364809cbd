"""Search across several nodes: the ordered change log (replacing the work queue), the nodes
following it and how far it has been pruned

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 20:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=120), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_changes')),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('search_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_changes_changed_at'), ['changed_at'], unique=False)

    op.create_table('search_nodes',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.Column('built_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_search_nodes'))
    )
    op.create_table('search_changes_pruned',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('through', sa.Integer(), nullable=False),
    sa.Column('pruned_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_changes_pruned'))
    )
    # Work still queued becomes the log's first entries (an index without a position in the
    # log is rebuilt anyway, so this only keeps the order of what was waiting).
    op.execute("INSERT INTO search_changes (token, changed_at) SELECT token, queued_at FROM search_queue ORDER BY id")
    with op.batch_alter_table('search_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_queue_queued_at'))
    op.drop_table('search_queue')


def downgrade():
    op.create_table('search_queue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=120), nullable=False),
    sa.Column('queued_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_queue'))
    )
    with op.batch_alter_table('search_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_queue_queued_at'), ['queued_at'], unique=False)
    op.drop_table('search_changes_pruned')
    op.drop_table('search_nodes')
    with op.batch_alter_table('search_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_changes_changed_at'))
    op.drop_table('search_changes')

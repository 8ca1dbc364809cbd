"""Participation: consultations, responses, alert subscribers and alerts, E3 targets; outbox priority

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 13:51:56

Consultations (R15) with their survey as data and their responses; the alerts engine (G3):
subscribers, what they follow, and alerts raised; administrators' e-participation baselines and
targets (E3). Outbox messages gain a priority, so bulk alerts wait behind mail to one person.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('alert_subscribers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('last_digest_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("frequency IN ('immediate', 'weekly')", name=op.f('ck_alert_subscribers_known_frequency')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_subscribers')),
    sa.UniqueConstraint('email', name=op.f('uq_alert_subscribers_email')),
    sa.UniqueConstraint('key', name=op.f('uq_alert_subscribers_key'))
    )
    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('recipients', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts')),
    sa.UniqueConstraint('source', name=op.f('uq_alerts_source'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index('ix_alerts_created', ['created_at'], unique=False)

    op.create_table('alert_subscriptions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subscriber_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['subscriber_id'], ['alert_subscribers.id'], name=op.f('fk_alert_subscriptions_subscriber_id_alert_subscribers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_subscriptions')),
    sa.UniqueConstraint('subscriber_id', 'kind', 'key', name='uq_alert_subscriptions_topic')
    )
    with op.batch_alter_table('alert_subscriptions', schema=None) as batch_op:
        batch_op.create_index('ix_alert_subscriptions_topic', ['kind', 'key'], unique=False)

    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('page_id', sa.Integer(), nullable=False),
    sa.Column('outcome_page_id', sa.Integer(), nullable=True),
    sa.Column('wards', sa.JSON(), nullable=False),
    sa.Column('areas', sa.Text(), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('concluded_at', sa.DateTime(), nullable=True),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('offline_responses', sa.Integer(), nullable=False),
    sa.Column('results_summary', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('upcoming', 'open', 'closed', 'concluded')", name=op.f('ck_consultations_known_status')),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_consultations_closes_after_opening')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_consultations_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['outcome_page_id'], ['pages.id'], name=op.f('fk_consultations_outcome_page_id_pages'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['page_id'], ['pages.id'], name=op.f('fk_consultations_page_id_pages'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['section_id'], ['sections.id'], name=op.f('fk_consultations_section_id_sections'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations')),
    sa.UniqueConstraint('slug', name=op.f('uq_consultations_slug'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_section_id'), ['section_id'], unique=False)

    op.create_table('participation_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('measure', sa.String(length=40), nullable=False),
    sa.Column('baseline', sa.Float(), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_participation_targets_set_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation_targets')),
    sa.UniqueConstraint('measure', name=op.f('uq_participation_targets_measure'))
    )
    op.create_table('consultation_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('edit_key', sa.String(length=64), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('respondent_type', sa.String(length=16), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('publish', sa.String(length=10), nullable=False),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("publish IN ('named', 'anonymous', 'no')", name=op.f('ck_consultation_responses_known_consent')),
    sa.CheckConstraint("respondent_type IN ('', 'resident', 'business', 'organisation')", name=op.f('ck_consultation_responses_known_type')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_responses_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['consultation_responses.id'], name=op.f('fk_consultation_responses_duplicate_of_id_consultation_responses'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_responses')),
    sa.UniqueConstraint('reference', name=op.f('uq_consultation_responses_reference'))
    )
    with op.batch_alter_table('consultation_responses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_responses_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index('ix_consultation_responses_fingerprint', ['consultation_id', 'fingerprint'], unique=False)

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('priority')

    with op.batch_alter_table('consultation_responses', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_responses_fingerprint')
        batch_op.drop_index(batch_op.f('ix_consultation_responses_consultation_id'))

    op.drop_table('consultation_responses')
    op.drop_table('participation_targets')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultations_section_id'))

    op.drop_table('consultations')
    with op.batch_alter_table('alert_subscriptions', schema=None) as batch_op:
        batch_op.drop_index('ix_alert_subscriptions_topic')

    op.drop_table('alert_subscriptions')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_created')

    op.drop_table('alerts')
    op.drop_table('alert_subscribers')

"""Search: forms and tracking in the index; more of the words residents use

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-14 09:00:00

Site search now holds the public forms and the tracking page. They have no rows to change, so
this queues them once ("form:*", "service:*"); the indexer writes them after the upgrade, and
the nightly check keeps them. It also adds starter synonym groups for words residents use that
council pages do not (administrators change them at /admin/search; groups a council already has
are not added twice). No schema change.
"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0018'
branch_labels = None
depends_on = None

QUEUED = ["form:*", "service:*"]

# Kept here, not imported, so this migration never changes.
# "a, b => c" is one way: a search for a or b also finds c, not the other way round.
STARTER_SYNONYMS = [
    "binmen, bin men, bin man, dustmen, dustman, refuse collectors => bin collection",
    "not collected, not emptied, wasnt emptied, wasnt collected, didnt come, not picked up => missed bin",
    "dump, skip => recycling centre, tip",
    "ticket, parking ticket => parking fine, penalty charge notice",
    "how much, cost, price, charge, fee",
    "broken, damaged, faulty",
    "evicted, eviction, kicked out, thrown out, sofa surfing, sleeping rough, rough sleeping => homeless",
    "council flat, council house, council home => housing register, council housing",
    "on my own, by myself, live alone => alone, single person",
    "overpaid, overpayment, paid too much",
    "new job, lost my job, pay rise, earning more => change of circumstances",
    "without permission, without planning permission, illegal extension => planning enforcement, breach",
    "school bus => school transport",
    "died, death, passed away, bereavement",
    "youths, yobs, gangs, rowdy, causing trouble => anti-social behaviour",
]


def _tables():
    queue = sa.table("search_queue", sa.column("token", sa.String), sa.column("queued_at", sa.DateTime))
    synonyms = sa.table("search_synonyms", sa.column("terms", sa.Text), sa.column("updated_at", sa.DateTime))
    return queue, synonyms


def upgrade():
    queue, synonyms = _tables()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(queue, [{"token": token, "queued_at": now} for token in QUEUED])
    existing = {row[0] for row in op.get_bind().execute(sa.select(synonyms.c.terms))}
    op.bulk_insert(synonyms, [{"terms": terms, "updated_at": now} for terms in STARTER_SYNONYMS
                              if terms not in existing])


def downgrade():
    queue, synonyms = _tables()
    op.execute(synonyms.delete().where(synonyms.c.terms.in_(STARTER_SYNONYMS)))
    op.execute(queue.delete().where(queue.c.token.in_(QUEUED)))

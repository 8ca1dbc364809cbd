"""Search: forms and tracking in the index; more of the words residents use

Revision ID: 0020
Revises: 0019
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
down_revision = '0019'
branch_labels = None
depends_on = None

QUEUED = ["form:*", "service:*"]

# Kept here, not imported, so this migration never changes.
# "a, b => c" is one way: a search for a or b also finds c, not the other way round.
STARTER_SYNONYMS = [
    # Waste and recycling
    "binmen, bin men, bin man, dustmen, dustman, refuse collectors => bin collection",
    "not collected, not emptied, wasnt emptied, wasnt collected, didnt come, not picked up => missed bin",
    "food bin, food caddy, food waste",
    "garden bin => garden waste",
    "dump, skip, hwrc, household waste site => recycling centre, tip",
    # Council tax and benefits
    "empty property, empty home, second home, vacant property",
    "bailiffs, enforcement agent, summons, arrears, behind with payments => struggling to pay",
    "on my own, by myself, live alone => alone, single person",
    "hb => housing benefit",
    "ctr => council tax reduction",
    "uc => universal credit",
    "debt, debts, cost of living, money problems => money advice, debt advice",
    "change of circumstances, change in circumstances, report a change",
    "new job, lost my job, pay rise, earning more => change of circumstances",
    "overpaid, overpayment, paid too much",
    "reconsider, reconsideration => challenge",
    # Housing
    "evicted, eviction, kicked out, thrown out, sofa surfing, sleeping rough, rough sleeping => homeless",
    "council flat, council house, council home => housing register, council housing",
    "condensation, black mould => damp and mould",
    "bedsit, shared house => hmo",
    "stairlift, ramp, wet room, walk in shower, grab rails => adaptations, disabled facilities grant",
    # Planning
    "building regs => building regulations",
    "objection, object, objections => comment",
    "without permission, without planning permission, illegal extension => planning enforcement, breach",
    "tpo => tree preservation order",
    # Parking, roads and transport
    "ticket, parking ticket => parking fine, penalty charge notice",
    "blue badge, disabled badge, disabled parking badge",
    "ev charging, electric car charging, charge point, charging point => electric vehicle charging",
    "pavement, footway, footpath",
    "hole in the road, holes in the road => pothole",
    "where can i park, park my car, somewhere to park => car park, parking",
    "gritting, grit bin, salt bin, icy roads",
    "roadworks, road works, road closure",
    "pensioner, oap, senior, elderly => older people, state pension age",
    "bus times, bus timetable, timetables, next bus",
    "school bus => school transport",
    "litter, street cleaning, street sweeping",
    "broken, damaged, faulty",
    # Environment, libraries, leisure
    "loud music, barking, shouting, parties => noise",
    "stray dog, dog warden, lost dog",
    "scores on the doors, food hygiene rating, food safety",
    "food poisoning => food hygiene, food safety",
    "ebooks, e books, audiobooks, e audiobooks",
    "family history, genealogy, family tree, ancestry",
    "leisure centre, sports centre, swimming baths",
    "play area, playground, play park",
    "grow my own, grow vegetables, grow your own, vegetable plot => allotment",
    # Democracy, community, business
    "polling station, polling place",
    "where do i vote, where to vote => polling station",
    "vote for me, vote on my behalf => proxy vote",
    "antisocial, anti social behaviour, asb",
    "youths, yobs, gangs, rowdy, causing trouble => anti-social behaviour",
    "domestic abuse, domestic violence",
    "grant, grants, funding",
    "taxi, cab, minicab, private hire",
    "tens => temporary event notice",
    "street trading, market stall",
    # The council, schools, care, registration
    "phone number, telephone number, contact number, opening hours => contact us",
    "speak to someone, talk to someone, speak to somebody, talk to somebody, get in touch => contact us",
    "council opening times, council opening hours, office hours => contact us",
    "not happy, unhappy, dissatisfied, poor service => complaint",
    "work for the council, work for us => jobs, careers",
    "how much, cost, price, charge, fee",
    "sar => subject access request",
    "free school meals, fsm, school dinners, school lunches",
    "term dates, school holidays",
    "ehcp, sen => special educational needs",
    "care home, nursing home, residential care",
    "carer, carers, looking after someone, caring for someone",
    "community alarm, personal alarm, lifeline, telecare, careline",
    "died, death, passed away, bereavement",
    "new baby, birth certificate => register a birth",
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

"""R29 and R28 kept as running tallies: triggers on enquiries write each change to what the
reports count; a job folds the changes into the tallies; the reports read those

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-07 23:40:00

A migration that rebuilds `enquiries` on SQLite (batch_alter_table copies the table) drops its
triggers: such a migration must create them again (`create_triggers` here, as it stood then).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0036'
down_revision = '0035'
branch_labels = None
depends_on = None

R29_UNANSWERED = "channel = 'email' AND excluded_reason IS NULL AND first_response_at IS NULL"
R29_COLUMNS = "received_month, section_id, excluded_reason, outcome"
R28_COLUMNS = "received_month, section_id, acknowledged, acknowledgement_seconds, with_reference, within_standard"
WATCHED = ("channel, received_month, section_id, excluded_reason, first_response_at, response_due_at, "
           "acknowledged_at, acknowledgement_due_at, acknowledgement_seconds, acknowledgement_microseconds, "
           "acknowledged_with_reference")


# What R29 and R28 count an enquiry row under (`p`: "NEW.", "OLD." or "" for the table's own
# rows). ieg/evidence/tallies.py holds the same rules as SQLAlchemy expressions (its rebuild and
# check); tests/services/evidence/test_tallies.py checks the two agree.
def r29_applies(p):
    return f"{p}channel = 'email'"


def r29_key(p):
    outcome = (f"CASE WHEN {p}excluded_reason IS NOT NULL THEN 'excluded' "
               f"WHEN {p}first_response_at IS NULL OR {p}response_due_at IS NULL THEN 'open' "
               f"WHEN {p}first_response_at <= {p}response_due_at THEN 'in_time' ELSE 'breached' END")
    return [f"{p}received_month", f"{p}section_id", f"{p}excluded_reason", outcome]


def r28_applies(p):
    return f"{p}channel IN ('web', 'email') AND {p}excluded_reason IS NULL"


def r28_key(p):
    return [f"{p}received_month", f"{p}section_id", f"{p}acknowledged_at IS NOT NULL",
            f"{p}acknowledgement_seconds", f"COALESCE({p}acknowledged_with_reference, FALSE)",
            f"COALESCE({p}acknowledged_at <= {p}acknowledgement_due_at, FALSE)"]


def _insert(table, columns, values, change, when):
    return f"INSERT INTO {table} ({columns}, change) SELECT {', '.join(values)}, {change} WHERE {when};"


def _changes(p, change, when_r29="TRUE", when_r28="TRUE"):
    """The two INSERTs of a row's change: `change` (1 or -1) under the key of row `p`."""
    return [_insert("r29_tally_changes", R29_COLUMNS, r29_key(p), change, f"{r29_applies(p)} AND {when_r29}"),
            _insert("r28_tally_changes", R28_COLUMNS + ", microseconds",
                    r28_key(p) + [f"{p}acknowledgement_microseconds"], change, f"({r28_applies(p)}) AND {when_r28}")]


def _moved(key, applies, distinct):
    """SQL true when an update moved the row from one key to another (or in or out of the report)."""
    old = ", ".join([f"({applies('OLD.')})"] + key("OLD."))
    new = ", ".join([f"({applies('NEW.')})"] + key("NEW."))
    return f"({old}) {distinct} ({new})"


def create_triggers(bind):
    if bind.dialect.name == "postgresql":
        r29_moved = _moved(r29_key, r29_applies, "IS DISTINCT FROM")
        r28_moved = _moved(r28_key, r28_applies, "IS DISTINCT FROM")
        # plpgsql: INSERT ... SELECT ... WHERE works as it does in SQLite's trigger bodies.
        body = "\n".join([
            "BEGIN",
            "IF TG_OP = 'INSERT' THEN", *_changes("NEW.", 1),
            "ELSIF TG_OP = 'DELETE' THEN", *_changes("OLD.", -1),
            "ELSE",
            *_changes("OLD.", -1, r29_moved, r28_moved), *_changes("NEW.", 1, r29_moved, r28_moved),
            "END IF;",
            "RETURN NULL;",
            "END;"])
        op.execute(f"CREATE FUNCTION ieg_tally_enquiry() RETURNS trigger LANGUAGE plpgsql AS $tally$\n{body}\n$tally$")
        op.execute("CREATE TRIGGER tally_enquiry AFTER INSERT OR DELETE OR UPDATE OF "
                   f"{WATCHED} ON enquiries FOR EACH ROW EXECUTE FUNCTION ieg_tally_enquiry()")
        return
    r29_moved = _moved(r29_key, r29_applies, "IS NOT")
    r28_moved = _moved(r28_key, r28_applies, "IS NOT")
    op.execute("CREATE TRIGGER tally_enquiry_insert AFTER INSERT ON enquiries BEGIN\n"
               + "\n".join(_changes("NEW.", 1)) + "\nEND")
    op.execute("CREATE TRIGGER tally_enquiry_delete AFTER DELETE ON enquiries BEGIN\n"
               + "\n".join(_changes("OLD.", -1)) + "\nEND")
    op.execute(f"CREATE TRIGGER tally_enquiry_update AFTER UPDATE OF {WATCHED} ON enquiries BEGIN\n"
               + "\n".join(_changes("OLD.", -1, r29_moved, r28_moved) + _changes("NEW.", 1, r29_moved, r28_moved))
               + "\nEND")


def drop_triggers(bind):
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS tally_enquiry ON enquiries")
        op.execute("DROP FUNCTION IF EXISTS ieg_tally_enquiry()")
    else:
        for name in ("tally_enquiry_insert", "tally_enquiry_delete", "tally_enquiry_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def upgrade():
    op.create_table('r29_tallies',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('received_month', sa.String(length=7), nullable=False),
                    sa.Column('section_id', sa.Integer(), nullable=True),
                    sa.Column('excluded_reason', sa.String(length=20), nullable=True),
                    sa.Column('outcome', sa.String(length=10), nullable=False),
                    sa.Column('enquiries', sa.Integer(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_r29_tallies')))
    op.create_index('ix_r29_tallies_month', 'r29_tallies', ['received_month', 'section_id'], unique=False)
    op.create_table('r29_tally_changes',
                    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
                    sa.Column('received_month', sa.String(length=7), nullable=False),
                    sa.Column('section_id', sa.Integer(), nullable=True),
                    sa.Column('excluded_reason', sa.String(length=20), nullable=True),
                    sa.Column('outcome', sa.String(length=10), nullable=False),
                    sa.Column('change', sa.SmallInteger(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_r29_tally_changes')))
    op.create_table('r28_tallies',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('received_month', sa.String(length=7), nullable=False),
                    sa.Column('section_id', sa.Integer(), nullable=True),
                    sa.Column('acknowledged', sa.Boolean(), nullable=False),
                    sa.Column('acknowledgement_seconds', sa.Integer(), nullable=True),
                    sa.Column('with_reference', sa.Boolean(), nullable=False),
                    sa.Column('within_standard', sa.Boolean(), nullable=False),
                    sa.Column('enquiries', sa.Integer(), nullable=False),
                    sa.Column('least', sa.BigInteger(), nullable=True),
                    sa.Column('greatest', sa.BigInteger(), nullable=True),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_r28_tallies')))
    op.create_index('ix_r28_tallies_month', 'r28_tallies', ['received_month', 'section_id'], unique=False)
    op.create_table('r28_tally_changes',
                    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
                    sa.Column('received_month', sa.String(length=7), nullable=False),
                    sa.Column('section_id', sa.Integer(), nullable=True),
                    sa.Column('acknowledged', sa.Boolean(), nullable=False),
                    sa.Column('acknowledgement_seconds', sa.Integer(), nullable=True),
                    sa.Column('with_reference', sa.Boolean(), nullable=False),
                    sa.Column('within_standard', sa.Boolean(), nullable=False),
                    sa.Column('microseconds', sa.BigInteger(), nullable=True),
                    sa.Column('change', sa.SmallInteger(), nullable=False),
                    sa.PrimaryKeyConstraint('id', name=op.f('pk_r28_tally_changes')))
    op.create_index('ix_enquiries_r29_unanswered', 'enquiries',
                    ['first_response_at', 'excluded_reason', 'channel', 'received_month', 'section_id', 'response_due_at'],
                    unique=False, sqlite_where=sa.text(R29_UNANSWERED), postgresql_where=sa.text(R29_UNANSWERED))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":  # nothing written to enquiries between the count and the triggers
        op.execute("LOCK TABLE enquiries IN SHARE MODE")
    r29 = r29_key("")
    op.execute(f"INSERT INTO r29_tallies ({R29_COLUMNS}, enquiries) SELECT k1, k2, k3, k4, count(*) FROM "
               f"(SELECT {', '.join(f'{v} AS k{n}' for n, v in enumerate(r29, 1))} FROM enquiries "
               f"WHERE {r29_applies('')}) keys GROUP BY k1, k2, k3, k4")
    r28 = r28_key("")
    op.execute(f"INSERT INTO r28_tallies ({R28_COLUMNS}, enquiries, least, greatest) "
               "SELECT k1, k2, k3, k4, k5, k6, count(*), min(micro), max(micro) FROM "
               f"(SELECT {', '.join(f'{v} AS k{n}' for n, v in enumerate(r28, 1))}, "
               f"acknowledgement_microseconds AS micro FROM enquiries WHERE {r28_applies('')}) keys "
               "GROUP BY k1, k2, k3, k4, k5, k6")
    create_triggers(bind)


def downgrade():
    drop_triggers(op.get_bind())
    op.drop_index('ix_enquiries_r29_unanswered', table_name='enquiries')
    op.drop_table('r28_tally_changes')
    op.drop_index('ix_r28_tallies_month', table_name='r28_tallies')
    op.drop_table('r28_tallies')
    op.drop_table('r29_tally_changes')
    op.drop_index('ix_r29_tallies_month', table_name='r29_tallies')
    op.drop_table('r29_tallies')

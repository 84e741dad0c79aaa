"""The figures counted as things happen (a tally of counts, and what each row added), the day a child became
looked after (for review timescales), and indexes for the figures read from the rows themselves

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'figure_count',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.Integer(), nullable=False),
        sa.Column('iro_id', sa.Integer(), nullable=False),
        sa.Column('age_band', sa.String(length=5), nullable=False),
        sa.Column('measure', sa.String(length=30), nullable=False),
        sa.Column('category', sa.String(length=80), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('year', 'quarter', 'iro_id', 'age_band', 'measure', 'category', name='uq_figure_count_key'),
    )
    # Until `flask figures rebuild` has counted what is already there, the figures are counted live (the app
    # knows: the tally is marked built by the rebuild, or by the first read of an empty database).
    op.create_table(
        'figure_source',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('source_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('keys', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('kind', 'source_id'),
    )
    # A new database has nothing to count: its tally is complete from the start.
    op.execute(
        "INSERT INTO figure_source (kind, source_id, keys) SELECT 'tally', 0, '[]' WHERE NOT EXISTS "
        "(SELECT 1 FROM review) AND NOT EXISTS (SELECT 1 FROM statement) AND NOT EXISTS (SELECT 1 FROM consultation) "
        "AND NOT EXISTS (SELECT 1 FROM feedback_response)"
    )
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('looked_after_since', sa.Date(), nullable=True))
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index('ix_review_held_on', ['held_on'], unique=False)
        batch_op.create_index('ix_review_recorded_by_held_on', ['outcome_recorded_by_id', 'held_on'], unique=False)


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index('ix_review_recorded_by_held_on')
        batch_op.drop_index('ix_review_held_on')
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_column('looked_after_since')
    op.drop_table('figure_source')
    op.drop_table('figure_count')

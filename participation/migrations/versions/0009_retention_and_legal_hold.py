"""Retention: the day a child left care, and a legal hold that stops deletion

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('child') as batch_op:
        batch_op.add_column(sa.Column('left_care_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('legal_hold_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('legal_hold_set_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('legal_hold_set_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_child_legal_hold_set_by', 'staff_user', ['legal_hold_set_by_id'], ['id'])
        batch_op.add_column(sa.Column('anonymised_at', sa.DateTime(), nullable=True))
    # What the retention job removed: a statement's or a consultation's words, kept as marked rows.
    with op.batch_alter_table('statement') as batch_op:
        batch_op.add_column(sa.Column('words_removed_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('consultation') as batch_op:
        batch_op.add_column(sa.Column('words_removed_at', sa.DateTime(), nullable=True))
    # Each run of the retention job, for the admin page.
    op.create_table(
        'retention_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('started_by', sa.String(length=20), nullable=False),
        sa.Column('done', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_run')),
    )
    op.create_index(op.f('ix_retention_run_started_at'), 'retention_run', ['started_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_retention_run_started_at'), table_name='retention_run')
    op.drop_table('retention_run')
    with op.batch_alter_table('consultation') as batch_op:
        batch_op.drop_column('words_removed_at')
    with op.batch_alter_table('statement') as batch_op:
        batch_op.drop_column('words_removed_at')
    with op.batch_alter_table('child') as batch_op:
        batch_op.drop_column('anonymised_at')
        batch_op.drop_constraint('fk_child_legal_hold_set_by', type_='foreignkey')
        batch_op.drop_column('legal_hold_set_by_id')
        batch_op.drop_column('legal_hold_set_at')
        batch_op.drop_column('legal_hold_reason')
        batch_op.drop_column('left_care_on')

"""Safety and privacy: what a child adds is kept in order, where an alert came from, urgent alerts due in
hours and re-sent hourly, forms held after a time-out until the PIN, and outbox claims for several senders

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('statement_addition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('words_language', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('form_token', sa.String(length=64), nullable=False),
    sa.Column('without_pin', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_statement_addition_statement_id_statement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_addition')),
    sa.UniqueConstraint('statement_id', 'form_token', name=op.f('uq_statement_addition_statement_id'))
    )
    with op.batch_alter_table('statement_addition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_addition_statement_id'), ['statement_id'], unique=False)

    op.create_table('held_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('target', sa.String(length=60), nullable=True),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_held_submission_child_id_child')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_held_submission'))
    )
    with op.batch_alter_table('held_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_held_submission_child_id'), ['child_id'], unique=False)

    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_question', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('source_answer', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('source_words', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('acknowledge_due_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('urgent_resent_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(), nullable=True))

    # Until now "tell us more" replaced what a child had said about not feeling safe; what each alert holds
    # is kept as it is (its words stay on the alert), and from now on each addition is a row of its own.


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')

    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_column('urgent_resent_at')
        batch_op.drop_column('acknowledge_due_at')
        batch_op.drop_column('source_words')
        batch_op.drop_column('source_answer')
        batch_op.drop_column('source_question')

    with op.batch_alter_table('held_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_held_submission_child_id'))
    op.drop_table('held_submission')

    with op.batch_alter_table('statement_addition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_addition_statement_id'))
    op.drop_table('statement_addition')

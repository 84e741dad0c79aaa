"""What children raise any time (statements), who they went to, and what happened to them

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('statement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('urgent', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('words', sa.Text(), nullable=True),
    sa.Column('more_words', sa.Text(), nullable=True),
    sa.Column('words_language', sa.String(length=10), nullable=True),
    sa.Column('topic', sa.String(length=20), nullable=True),
    sa.Column('rating', sa.String(length=2), nullable=True),
    sa.Column('time_alone', sa.String(length=10), nullable=True),
    sa.Column('mood', sa.String(length=10), nullable=True),
    sa.Column('resolution', sa.String(length=10), nullable=True),
    sa.Column('wants_advocate', sa.String(length=10), nullable=True),
    sa.Column('form_token', sa.String(length=64), nullable=True),
    sa.Column('tracked', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('acknowledge_by', sa.Date(), nullable=True),
    sa.Column('outcome_by', sa.Date(), nullable=True),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('acknowledged_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome_for_child', sa.Text(), nullable=True),
    sa.Column('outcome_note', sa.Text(), nullable=True),
    sa.Column('outcome_recorded_at', sa.DateTime(), nullable=True),
    sa.Column('outcome_recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledge_reminded_at', sa.DateTime(), nullable=True),
    sa.Column('outcome_reminded_at', sa.DateTime(), nullable=True),
    sa.Column('escalated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['acknowledged_by_id'], ['staff_user.id'], name=op.f('fk_statement_acknowledged_by_id_staff_user')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_statement_child_id_child')),
    sa.ForeignKeyConstraint(['outcome_recorded_by_id'], ['staff_user.id'], name=op.f('fk_statement_outcome_recorded_by_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement')),
    sa.UniqueConstraint('child_id', 'form_token', name=op.f('uq_statement_child_id'))
    )
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_statement_kind'), ['kind'], unique=False)
        batch_op.create_index('ix_statement_tracked_status', ['tracked', 'status'], unique=False)

    op.create_table('statement_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_user.id'], name=op.f('fk_statement_event_actor_id_staff_user')),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_statement_event_statement_id_statement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_event'))
    )
    with op.batch_alter_table('statement_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_event_statement_id'), ['statement_id'], unique=False)

    op.create_table('statement_recipient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('via_participation', sa.Boolean(), nullable=False),
    sa.Column('passed_on_at', sa.DateTime(), nullable=True),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name=op.f('fk_statement_recipient_staff_id_staff_user')),
    sa.ForeignKeyConstraint(['statement_id'], ['statement.id'], name=op.f('fk_statement_recipient_statement_id_statement')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statement_recipient')),
    sa.UniqueConstraint('statement_id', 'role', name=op.f('uq_statement_recipient_statement_id'))
    )
    with op.batch_alter_table('statement_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statement_recipient_staff_id'), ['staff_id'], unique=False)



def downgrade():
    with op.batch_alter_table('statement_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_recipient_staff_id'))

    op.drop_table('statement_recipient')
    with op.batch_alter_table('statement_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statement_event_statement_id'))

    op.drop_table('statement_event')
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.drop_index('ix_statement_tracked_status')
        batch_op.drop_index(batch_op.f('ix_statement_kind'))
        batch_op.drop_index(batch_op.f('ix_statement_created_at'))
        batch_op.drop_index(batch_op.f('ix_statement_child_id'))

    op.drop_table('statement')

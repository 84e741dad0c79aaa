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


def downgrade():
    with op.batch_alter_table('child') as batch_op:
        batch_op.drop_constraint('fk_child_legal_hold_set_by', type_='foreignkey')
        batch_op.drop_column('legal_hold_set_by_id')
        batch_op.drop_column('legal_hold_set_at')
        batch_op.drop_column('legal_hold_reason')
        batch_op.drop_column('left_care_on')

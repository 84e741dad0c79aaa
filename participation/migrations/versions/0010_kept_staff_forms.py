"""Forms staff sent after their session timed out, kept until they sign in again

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'kept_staff_form',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('page', sa.String(length=500), nullable=False),
        sa.Column('form_name', sa.String(length=60), nullable=False),
        sa.Column('fields', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name=op.f('fk_kept_staff_form_staff_id_staff_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_staff_form')),
    )
    op.create_index(op.f('ix_kept_staff_form_staff_id'), 'kept_staff_form', ['staff_id'], unique=False)
    op.create_index(op.f('ix_kept_staff_form_created_at'), 'kept_staff_form', ['created_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_kept_staff_form_created_at'), table_name='kept_staff_form')
    op.drop_index(op.f('ix_kept_staff_form_staff_id'), table_name='kept_staff_form')
    op.drop_table('kept_staff_form')

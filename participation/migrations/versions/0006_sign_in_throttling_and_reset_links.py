"""Wrong staff passwords counted per account by the database, and password links that stop working when a
newer one is made or one is used

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('sign_in_paused_until', sa.DateTime(), nullable=True))
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.alter_column('failed_sign_ins', server_default=None)

    with op.batch_alter_table('password_reset_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))
    # Of the links not used yet, only each person's newest keeps working.
    op.execute(
        "UPDATE password_reset_token SET revoked_at = CURRENT_TIMESTAMP WHERE used_at IS NULL AND id NOT IN "
        "(SELECT MAX(id) FROM password_reset_token WHERE used_at IS NULL GROUP BY staff_id)"
    )


def downgrade():
    with op.batch_alter_table('password_reset_token', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('sign_in_paused_until')
        batch_op.drop_column('failed_sign_ins')

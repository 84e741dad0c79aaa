"""Staff second factor: authenticator-app codes, passkeys and one-time recovery codes

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_passkey',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('credential_id', sa.LargeBinary(), nullable=False),
        sa.Column('public_key', sa.LargeBinary(), nullable=False),
        sa.Column('sign_count', sa.BigInteger(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('last_used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name='fk_staff_passkey_staff_id_staff_user'),
        sa.PrimaryKeyConstraint('id', name='pk_staff_passkey'),
        sa.UniqueConstraint('credential_id', name='uq_staff_passkey_credential_id'),
    )
    op.create_index('ix_staff_passkey_staff_id', 'staff_passkey', ['staff_id'], unique=False)
    op.create_table(
        'staff_recovery_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_user.id'], name='fk_staff_recovery_code_staff_id_staff_user'),
        sa.PrimaryKeyConstraint('id', name='pk_staff_recovery_code'),
        sa.UniqueConstraint('code_hash', name='uq_staff_recovery_code_code_hash'),
    )
    op.create_index('ix_staff_recovery_code_staff_id', 'staff_recovery_code', ['staff_id'], unique=False)
    # Every existing account has no second factor yet: each person sets one up at their next sign-in.
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret_encrypted', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('totp_confirmed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('staff_user', schema=None) as batch_op:
        batch_op.drop_column('totp_confirmed_at')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_secret_encrypted')
    op.drop_index('ix_staff_recovery_code_staff_id', table_name='staff_recovery_code')
    op.drop_table('staff_recovery_code')
    op.drop_index('ix_staff_passkey_staff_id', table_name='staff_passkey')
    op.drop_table('staff_passkey')

"""Consultations (answers, agenda, additions), the IRO's choice of version, and review outcomes

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('question_set', sa.String(length=20), nullable=False),
    sa.Column('current_step', sa.String(length=40), nullable=True),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('last_sent_at', sa.DateTime(), nullable=True),
    sa.Column('iro_read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_consultation_child_id_child')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_consultation_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation')),
    sa.UniqueConstraint('review_id', name=op.f('uq_consultation_review_id'))
    )
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_child_id'), ['child_id'], unique=False)

    op.create_table('agenda_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('suggestion', sa.String(length=30), nullable=True),
    sa.Column('text', sa.String(length=300), nullable=True),
    sa.Column('text_language', sa.String(length=10), nullable=True),
    sa.Column('lead', sa.String(length=10), nullable=False),
    sa.Column('form_token', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_agenda_item_consultation_id_consultation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_item')),
    sa.UniqueConstraint('consultation_id', 'form_token', name=op.f('uq_agenda_item_consultation_id'))
    )
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_item_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_addition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_language', sa.String(length=10), nullable=True),
    sa.Column('share', sa.String(length=10), nullable=False),
    sa.Column('form_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_addition_consultation_id_consultation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_addition')),
    sa.UniqueConstraint('consultation_id', 'form_token', name=op.f('uq_consultation_addition_consultation_id'))
    )
    with op.batch_alter_table('consultation_addition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_addition_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.String(length=40), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('text_language', sa.String(length=10), nullable=True),
    sa.Column('share', sa.String(length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_answer_consultation_id_consultation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_answer')),
    sa.UniqueConstraint('consultation_id', 'key', name=op.f('uq_consultation_answer_consultation_id'))
    )
    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consultation_version', sa.String(length=10), nullable=True))

    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('held_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('held_venue', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('child_attendance', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('participation_code', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('chairing', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('consultation_used', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('seen_before', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('outcome_recorded_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('outcome_recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_review_participation_code'), ['participation_code'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_review_outcome_recorded_by_id_staff_user'), 'staff_user', ['outcome_recorded_by_id'], ['id'])



def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_review_outcome_recorded_by_id_staff_user'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_review_participation_code'))
        batch_op.drop_column('outcome_recorded_by_id')
        batch_op.drop_column('outcome_recorded_at')
        batch_op.drop_column('seen_before')
        batch_op.drop_column('consultation_used')
        batch_op.drop_column('chairing')
        batch_op.drop_column('participation_code')
        batch_op.drop_column('child_attendance')
        batch_op.drop_column('held_venue')
        batch_op.drop_column('held_on')

    with op.batch_alter_table('child', schema=None) as batch_op:
        batch_op.drop_column('consultation_version')

    op.drop_table('consultation_answer')
    with op.batch_alter_table('consultation_addition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_addition_consultation_id'))

    op.drop_table('consultation_addition')
    with op.batch_alter_table('agenda_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_item_consultation_id'))

    op.drop_table('agenda_item')
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_child_id'))

    op.drop_table('consultation')

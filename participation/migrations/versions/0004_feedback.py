"""Feedback after reviews (single-use links, responses kept apart from who gave them), and each held
review's age band for the figures

Revision ID: 0004
Revises: 0003
"""
from datetime import date

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=20), nullable=False),
    sa.Column('review_date', sa.Date(), nullable=False),
    sa.Column('iro_id', sa.Integer(), nullable=True),
    sa.Column('age_band', sa.String(length=5), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('agency', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['iro_id'], ['staff_user.id'], name=op.f('fk_feedback_response_iro_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_response'))
    )
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_response_iro_id'), ['iro_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_response_respondent'), ['respondent'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_response_review_date'), ['review_date'], unique=False)

    op.create_table('feedback_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question', sa.String(length=30), nullable=False),
    sa.Column('value', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('text_language', sa.String(length=10), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['feedback_response.id'], name=op.f('fk_feedback_answer_response_id_feedback_response')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_answer'))
    )
    with op.batch_alter_table('feedback_answer', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_answer_question_value', ['question', 'value'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_answer_response_id'), ['response_id'], unique=False)

    op.create_table('feedback_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('respondent', sa.String(length=20), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name=op.f('fk_feedback_link_created_by_id_staff_user')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_feedback_link_review_id_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_feedback_link_token_hash'))
    )
    with op.batch_alter_table('feedback_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_link_review_id'), ['review_id'], unique=False)

    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.add_column(sa.Column('age_band', sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column('child_feedback_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_review_age_band'), ['age_band'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_outcome_recorded_by_id'), ['outcome_recorded_by_id'], unique=False)
    _backfill_age_bands()


def _backfill_age_bands():
    """Reviews whose outcome was recorded before this revision get the child's age band on the day held."""
    connection = op.get_bind()
    rows = connection.execute(sa.text(
        "SELECT review.id, review.held_on, child.date_of_birth FROM review JOIN child ON child.id = review.child_id "
        "WHERE review.held_on IS NOT NULL")).all()
    for review_id, held_on, born in rows:
        held_on, born = _as_date(held_on), _as_date(born)
        age = held_on.year - born.year - ((held_on.month, held_on.day) < (born.month, born.day))
        band = "0-3" if age < 4 else ("4-11" if age <= 11 else "12-17")
        connection.execute(sa.text("UPDATE review SET age_band = :band WHERE id = :id"),
                            {"band": band, "id": review_id})


def _as_date(value):
    # SQLite hands dates back as text.
    return date.fromisoformat(value) if isinstance(value, str) else value


def downgrade():
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_outcome_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_review_age_band'))
        batch_op.drop_column('child_feedback_at')
        batch_op.drop_column('age_band')

    with op.batch_alter_table('feedback_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_link_review_id'))

    op.drop_table('feedback_link')
    with op.batch_alter_table('feedback_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_answer_response_id'))
        batch_op.drop_index('ix_feedback_answer_question_value')

    op.drop_table('feedback_answer')
    with op.batch_alter_table('feedback_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_response_review_date'))
        batch_op.drop_index(batch_op.f('ix_feedback_response_respondent'))
        batch_op.drop_index(batch_op.f('ix_feedback_response_iro_id'))

    op.drop_table('feedback_response')

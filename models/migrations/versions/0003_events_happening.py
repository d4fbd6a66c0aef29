"""events: what the reports say of a happening

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 19:30:00

An event remembers what its reports said of the happening, so that a later report is compared with
it (models.event_rules.same_happening): the meeting's ordinal (第13回, 13th), the city it took place
in, and whether its date was read from a text (else it is a release date).
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ordinal', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('place', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('date_stated', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('date_stated')
        batch_op.drop_column('place')
        batch_op.drop_column('ordinal')

"""analysts' status overrides (issue 16)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 20:05:00

An analyst can set a commitment's status with a reason, shown beside the rule's status on the pages
and in the exports; rows are appended, the latest per commitment holds.
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('statusoverride',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('user', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('statusoverride', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statusoverride_commitment_id'), ['commitment_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('statusoverride', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statusoverride_commitment_id'))
    op.drop_table('statusoverride')

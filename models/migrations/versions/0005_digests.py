"""digests in the app database

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 19:55:00

Digests and the status snapshot the next digest compares with were files under ``ROADMAP_HOME`` on
whichever worker ran the flow; they now live here, so workers keep no state.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('digest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('markdown', sa.Text(), nullable=False),
    sa.Column('statuses', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('digest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_digest_period'), ['period'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('digest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_period'))
        batch_op.drop_index(batch_op.f('ix_digest_created_at'))
    op.drop_table('digest')

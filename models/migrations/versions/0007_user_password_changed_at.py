"""when an account's password last changed (issue 16: roadmap users passwd)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 22:10:00

`roadmap users passwd` sets it; UI sessions signed in before it end, so a new password shuts out whoever
knew the old one. NULL (every existing account) means never changed since it was created.
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('password_changed_at')

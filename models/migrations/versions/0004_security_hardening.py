"""security hardening (issue 14)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 19:10:00

Documents keep how many processing runs failed on their revision and why (a poison document is
retried a few times, then left aside with its reason); sign-in throttling and signed-out sessions
live in the database, so they hold across processes and restarts; user names are unique whatever
their case (two accounts differing only in case are refused here: rename one first).
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('process_failures', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('process_error', sa.Text(), nullable=True))
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.alter_column('process_failures', server_default=None)
    op.create_table('signinthrottle',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('revokedsession',
    sa.Column('sid', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('sid')
    )
    with op.batch_alter_table('revokedsession', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revokedsession_expires_at'), ['expires_at'], unique=False)
    clashes = op.get_bind().execute(sa.text(
        'SELECT lower(username) FROM "user" GROUP BY lower(username) HAVING count(*) > 1')).scalars().all()
    if clashes:
        raise RuntimeError(f"user names that differ only in case: {', '.join(clashes)}; rename or remove "
                           "all but one of each, then migrate again")
    op.create_index('ux_user_username_lower', 'user', [sa.text('lower(username)')], unique=True)


def downgrade() -> None:
    op.drop_index('ux_user_username_lower', table_name='user')
    with op.batch_alter_table('revokedsession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revokedsession_expires_at'))
    op.drop_table('revokedsession')
    op.drop_table('signinthrottle')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('process_error')
        batch_op.drop_column('process_failures')

"""review queue indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 11:40:00

The review queue with tens of thousands of suggestions: ``ix_evidence_queue`` lets the queue find an
event's better copy and count one item per event from the index alone; ``ix_evidence_status_score``
finds the suggestions whose scores lie nearest the link threshold (the first pages) without a full sort.
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_queue', ['status', 'event_id', 'commitment_id', 'score', 'id'],
                              unique=False)
        batch_op.create_index('ix_evidence_status_score', ['status', 'score'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_status_score')
        batch_op.drop_index('ix_evidence_queue')
